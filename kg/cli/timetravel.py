"""`nkkg resolve`, `nkkg crosswalk` and `nkkg convert`: time travel for users' own data.

Thin: the rules live in kg.timetravel. The library is imported inside each
command, so `nkkg --help` and the other commands do not pay for it.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import app
from kg.text import plural


class TimeFormat(StrEnum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"


class WalkFormat(StrEnum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    xkos = "xkos"


Level = Annotated[
    int,
    typer.Option("--level", help="1: provinces and first-level cities; 2: the units within them."),
]


def _show(
    columns: tuple[str, ...],
    rows: list[list[str]],
    fmt: str,
    out: Path | None,
    title: str,
    shown: tuple[str, ...] = (),
) -> None:
    from kg.cli.output import print_table, rows_table, write_out
    from kg.graph.serialize import write_atomic
    from kg.timetravel.output import format_rows

    if fmt == "table" and out is None:
        keep = [columns.index(c) for c in shown or columns]  # a table for people: the main columns
        table = rows_table([columns[i] for i in keep], [[row[i] for i in keep] for row in rows])
        table.title, table.title_justify = title, "left"
        table.caption, table.caption_justify = (
            f"{len(rows)} row{'' if len(rows) == 1 else 's'}",
            "left",
        )
        print_table(table)
        return
    text = format_rows(columns, rows, "csv" if fmt == "table" else fmt)
    if out is None:
        write_out(text)
    else:
        write_atomic(out, text.encode("utf-8"))
        typer.echo(f"wrote {plural(len(rows), 'row')} -> {out}", err=True)


@app.command("resolve")
def resolve_command(
    text: Annotated[
        str,
        typer.Argument(
            metavar="TEXT", help="A name (any script), an ISO 3166-2 code, a slug or an IRI."
        ),
    ],
    at: Annotated[
        str, typer.Option("--at", metavar="DATE", help="The date: a year, YYYY-MM or YYYY-MM-DD.")
    ],
    fmt: Annotated[
        TimeFormat, typer.Option("--format", "-f", help="Output format.")
    ] = TimeFormat.table,
) -> None:
    """Which unit TEXT meant at a date: kind, parent, certainty, sources, successors."""
    from kg.pipeline import default_project
    from kg.timetravel import load_timeline, parse_date
    from kg.timetravel.resolve import COLUMNS, resolve, table_rows

    asked = parse_date(at)
    timeline = load_timeline(default_project())
    matches = resolve(timeline, text, asked)
    _show(COLUMNS, table_rows(timeline, matches, asked), str(fmt), None, f"'{text}' at {at}")


@app.command("crosswalk")
def crosswalk_command(
    first: Annotated[
        str, typer.Option("--from", metavar="DATE", help="The date of the units you have.")
    ],
    last: Annotated[
        str, typer.Option("--to", metavar="DATE", help="The date of the units you want.")
    ],
    level: Level = 1,
    fmt: Annotated[
        WalkFormat, typer.Option("--format", "-f", help="Output format; xkos: Turtle.")
    ] = WalkFormat.table,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", metavar="FILE", help="Write to FILE (atomically).")
    ] = None,
) -> None:
    """Map every unit valid at one date to the units valid at another, with events and sources."""
    from kg.pipeline import default_project
    from kg.timetravel import load_timeline, parse_date
    from kg.timetravel.crosswalk import COLUMNS, crosswalk, table_rows

    timeline = load_timeline(default_project())
    walk = crosswalk(timeline, parse_date(first, "--from"), parse_date(last, "--to"), level)
    if fmt == WalkFormat.xkos:
        from kg.cli.output import write_out
        from kg.graph.serialize import write_atomic
        from kg.timetravel.xkos import to_turtle

        data = to_turtle(walk)
        if out is None:
            write_out(data.decode("utf-8"))
        else:
            write_atomic(out, data)
            typer.echo(f"wrote {plural(len(walk.associations), 'association')} -> {out}", err=True)
        return
    title = f"Level-{level} units at {first} to those at {last}"
    shown = ("from_name", "to_name", "to_parent", "relation", "certainty", "share", "events")
    _show(COLUMNS, table_rows(walk), str(fmt), out, title, shown)


@app.command("convert")
def convert_command(
    table: Annotated[Path, typer.Argument(metavar="TABLE.csv", help="Your table (CSV, UTF-8).")],
    column: Annotated[
        str, typer.Option("--column", "-c", help="The column of names or codes valid at --from.")
    ],
    first: Annotated[str, typer.Option("--from", metavar="DATE", help="The date of your units.")],
    last: Annotated[str, typer.Option("--to", metavar="DATE", help="The date to re-key to.")],
    out: Annotated[Path, typer.Option("--out", "-o", metavar="FILE", help="The re-keyed CSV.")],
    additive: Annotated[
        list[str] | None,
        typer.Option("--additive", "-a", metavar="COLUMN", help="A column to sum; repeat."),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report", metavar="FILE", help="Each row's decision (default: OUT.report.csv)."
        ),
    ] = None,
    level: Level = 1,
) -> None:
    """Re-key TABLE.csv from the units valid at --from to those valid at --to."""
    from kg.graph.serialize import write_atomic
    from kg.pipeline import default_project
    from kg.text import visible
    from kg.timetravel import load_timeline, parse_date
    from kg.timetravel.convert import REPORT_COLUMNS, ConvertErrors, convert
    from kg.timetravel.output import format_rows

    first_at, last_at = parse_date(first, "--from"), parse_date(last, "--to")
    try:
        done = convert(
            load_timeline(default_project()),
            table,
            column,
            first_at,
            last_at,
            level=level,
            additive=tuple(additive or ()),
        )
    except ConvertErrors as err:
        for problem in err.problems:
            typer.echo(f"nkkg: error: {visible(problem)}", err=True)
        raise
    report = report or out.with_name(out.stem + ".report.csv")
    data = format_rows(done.columns, done.rows, "csv").encode("utf-8")
    notes = format_rows(REPORT_COLUMNS, done.report, "csv").encode("utf-8")
    write_atomic(out, data)
    write_atomic(report, notes)
    flagged = sum(1 for line in done.report if line[3].startswith("flagged"))
    typer.echo(
        f"wrote {plural(len(done.rows), 'row')} -> {out}; {flagged} of {len(done.report)} "
        f"input rows flagged; decisions -> {report}",
        err=True,
    )
