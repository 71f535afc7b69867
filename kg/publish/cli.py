"""The `nkkg publish` and `nkkg diff` commands, registered on the main Typer app."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from kg.errors import NkkgError
from kg.namespace import DEFAULT_BASE

DIFF_FORMATS = ("table", "csv", "json")


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"nkkg: error: {message}", err=True)
    return typer.Exit(code)


def publish_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="Release folder to write.")],
    previous: Annotated[
        Path | None,
        typer.Option("--previous", help="An earlier release folder (or RDF file): write CHANGES."),
    ] = None,
    issued: Annotated[
        str | None, typer.Option("--issued", help="Issue date YYYY-MM-DD for the metadata.")
    ] = None,
    endpoint: Annotated[
        str | None,
        typer.Option("--endpoint", help="URL of the SPARQL endpoint serving this release (VoID)."),
    ] = None,
    base: Annotated[str, typer.Option("--base", help="Base IRI for entity IRIs.")] = DEFAULT_BASE,
    data: Annotated[
        Path | None, typer.Option("--data", help="Input data folder (default: the packaged data).")
    ] = None,
) -> None:
    """Write a validated release: RDF, CSV, GeoJSON, LPF, metadata and a static site."""
    from kg.publish.release import publish, release_graph

    try:
        graph = release_graph(data, base)
        result = publish(out, graph, base=base, issued=issued, previous=previous, endpoint=endpoint)
    except NkkgError as err:
        raise _fail(str(err)) from None
    typer.echo(result.summary())


def diff_command(
    old: Annotated[Path, typer.Argument(help="The older release folder or RDF file.")],
    new: Annotated[Path, typer.Argument(help="The newer release folder or RDF file.")],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="Output format: table|csv|json.")
    ] = "table",
    base: Annotated[str, typer.Option("--base", help="Base IRI for entity IRIs.")] = DEFAULT_BASE,
) -> None:
    """Claims and status periods added, removed and changed between two releases or graphs."""
    from kg.publish.diff import FIELDS, changes_text, diff, read_release, to_csv, to_json

    if fmt not in DIFF_FORMATS:
        raise _fail(f"unknown format '{fmt}' (known: {', '.join(DIFF_FORMATS)})", 2)
    try:
        changes = diff(read_release(old), read_release(new), base)
    except NkkgError as err:
        raise _fail(str(err)) from None
    if fmt == "csv":
        typer.echo(to_csv(changes), nl=False)
    elif fmt == "json":
        typer.echo(to_json(changes), nl=False)
    else:
        table = Table(*FIELDS)
        for change in changes:
            table.add_row(*(getattr(change, f) for f in FIELDS))
        if changes and sys.stdout.isatty():
            Console(highlight=False).print(table)
        elif changes:  # piped: plain, unwrapped, right-trimmed
            console = Console(width=10_000, highlight=False, no_color=True)
            with console.capture() as captured:
                console.print(table)
            sys.stdout.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))
        typer.echo(changes_text(changes, base).splitlines()[0])


def register(app: typer.Typer) -> None:
    """Add `publish` and `diff` to the `nkkg` command."""
    app.command("publish")(publish_command)
    app.command("diff")(diff_command)
