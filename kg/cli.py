"""The `nkkg` command: a thin layer over the Python API.

Each command parses options, calls one API function and prints its result.
Errors the user can fix (NkkgError) print as one line on stderr with exit 1;
no traceback reaches the terminal.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.build import build
from kg.errors import NkkgError
from kg.namespace import DEFAULT_BASE
from kg.serialize import FORMATS

app = typer.Typer(
    name="nkkg",
    help="Build, validate, query, load and link the North Korea special cities graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", help="Print the version and exit.", is_eager=True)
    ] = False,
) -> None:
    """Build, validate, query, load and link the North Korea special cities graph."""
    if version:
        from kg import __version__

        typer.echo(f"nkkg {__version__}")
        raise typer.Exit()


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print a one-line error and return the Exit to raise."""
    typer.echo(f"nkkg: error: {message}", err=True)
    return typer.Exit(code)


@app.command("build")
def build_command(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Output file [default: nkkg.ttl, or nkkg.<ext> for the format]."
        ),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=f"Output format: {'|'.join(FORMATS)}.")
    ] = "turtle",
    base: Annotated[str, typer.Option("--base", help="Base IRI for entity IRIs.")] = DEFAULT_BASE,
    data: Annotated[
        Path | None, typer.Option("--data", help="Input data folder [default: the packaged data].")
    ] = None,
) -> None:
    """Build the graph from the sourced input data and write it atomically."""
    try:
        result = build(out=out, fmt=fmt, base=base, data=data)
    except NkkgError as err:
        raise fail(str(err)) from None
    typer.echo(result.summary())


# validate: issue 3


# query: issue 4


# load and serve: issue 5


# link: issue 6


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("nkkg: interrupted", err=True)
        sys.exit(130)
