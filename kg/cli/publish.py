"""`nkkg publish` and `nkkg diff`: a release folder, and what changed between two."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import app
from kg.cli.options import DEFAULT_BASE, Base, Data, RowsFormat
from kg.cli.output import print_table, rows_table, write_out, write_records
from kg.rdf.namespace import RELEASE_URL


@app.command("publish")
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
    base_url: Annotated[
        str,
        typer.Option(
            "--base-url", help="URL the release folder is served from (DCAT download URLs)."
        ),
    ] = RELEASE_URL,
    base: Base = DEFAULT_BASE,
    data: Data = None,
) -> None:
    """Write a validated release: RDF, CSV, GeoJSON, LPF, metadata and a static site."""
    from kg.publish.release import publish, release_project

    project = release_project(data, base)
    result = publish(
        out,
        project,
        base=base,
        issued=issued,
        previous=previous,
        endpoint=endpoint,
        release_url=base_url,
    )
    typer.echo(result.summary())


@app.command("diff")
def diff_command(
    old: Annotated[Path, typer.Argument(help="The older release folder or RDF file.")],
    new: Annotated[Path, typer.Argument(help="The newer release folder or RDF file.")],
    fmt: Annotated[
        RowsFormat, typer.Option("--format", "-f", help="Output format.")
    ] = RowsFormat.table,
    base: Base = DEFAULT_BASE,
) -> None:
    """Claims and status periods added, removed and changed between two releases or graphs."""
    from kg.publish.diff import FIELDS, changes_text, diff, read_release, to_csv, to_json

    changes = diff(read_release(old), read_release(new), base)
    if fmt is RowsFormat.csv:
        write_out(to_csv(changes))
    elif fmt is RowsFormat.json:
        write_out(to_json(changes))
    elif fmt is RowsFormat.jsonl:
        write_records([asdict(c) for c in changes], "jsonl")
    else:
        if changes:
            print_table(rows_table(FIELDS, [[getattr(c, f) for f in FIELDS] for c in changes]))
        typer.echo(changes_text(changes, base).splitlines()[0])
