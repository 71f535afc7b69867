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


@app.command("query")
def query_command(
    query: Annotated[
        str | None,
        typer.Argument(
            metavar="NAME|FILE.rq", help="A saved query's name (see --list) or a .rq file."
        ),
    ] = None,
    list_queries: Annotated[
        bool, typer.Option("--list", help="List the saved queries with their parameters.")
    ] = False,
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param", "-p", metavar="NAME=VALUE", help="A parameter value; repeat for several."
        ),
    ] = None,
    endpoint: Annotated[
        str | None,
        typer.Option("--endpoint", "-e", metavar="URL", help="Run on this SPARQL 1.1 endpoint."),
    ] = None,
    graph: Annotated[
        Path | None,
        typer.Option(
            "--graph",
            "-g",
            metavar="FILE",
            help="Run in-process on this built file [default: built from the packaged data].",
        ),
    ] = None,
    engine: Annotated[
        str | None,
        typer.Option("--engine", help="In-process engine: rdflib|oxigraph [default: rdflib]."),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="Output: table|csv|tsv|json.")
    ] = "table",
    base: Annotated[
        str, typer.Option("--base", help="Base IRI of entity IRIs (city slugs, table names).")
    ] = DEFAULT_BASE,
) -> None:
    """Run a saved SPARQL query or a .rq file, in-process or on an endpoint."""
    from rich.console import Console

    from kg import query as q

    try:
        if list_queries:
            if query is not None:
                raise NkkgError("give a query or --list, not both")
            _print_table(Console, q.list_table(q.saved_queries()))
            return
        if query is None:
            raise fail("missing NAME|FILE.rq (nkkg query --list shows the saved queries)", 2)
        if fmt not in q.FORMATS:
            raise NkkgError(f"unknown format '{fmt}' (known: {', '.join(q.FORMATS)})")
        if endpoint is not None and (graph is not None or engine is not None):
            raise NkkgError("--graph and --engine are for in-process runs, not with --endpoint")
        saved = q.resolve(query)
        params = q.parse_params(param or [])
        result = q.run_query(
            saved,
            params,
            graph=graph,
            endpoint=endpoint,
            engine=engine or "rdflib",
            base=base,
        )
    except NkkgError as err:
        raise fail(str(err)) from None
    if fmt == "table":
        values = {**saved.defaults, **params}
        title = saved.title + "".join(f"; {k}={v}" for k, v in values.items())
        _print_table(Console, q.result_table(result, title, base))
    else:
        sys.stdout.write(q.format_result(result, fmt))


def _print_table(console_type: type, table: object) -> None:
    """Print a rich table: styled in a terminal; plain, unwrapped and right-trimmed when piped."""
    if sys.stdout.isatty():
        console_type(highlight=False).print(table)
        return
    console = console_type(width=10_000, highlight=False, no_color=True)
    with console.capture() as captured:
        console.print(table)
    sys.stdout.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


# load and serve: issue 5


# link: issue 6


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("nkkg: interrupted", err=True)
        sys.exit(130)
