"""`nkkg link check|suggest|diff`: the graph's links to Wikidata."""

from __future__ import annotations

from dataclasses import asdict, replace
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import app
from kg.cli.hints import hinted
from kg.cli.options import Attempts, Data, RowsFormat
from kg.cli.output import (
    delimited,
    print_table,
    request_progress,
    rows_table,
    write_json,
    write_out,
    write_records,
)
from kg.errors import UsageError
from kg.graph.serialize import output_path, write_atomic
from kg.pipeline import Project
from kg.resources import editable_data_dir
from kg.store.policy import WIKIDATA_POLICY
from kg.wikidata.accept import accept_candidate
from kg.wikidata.check import check
from kg.wikidata.client import WIKIDATA_ENDPOINT, Service, checked_service
from kg.wikidata.diff import diff, diff_summary, format_rows
from kg.wikidata.quickstatements import export, split_fields
from kg.wikidata.references import documented_items
from kg.wikidata.suggest import suggest, suggest_summary

link_app = typer.Typer(
    help="Check, suggest and compare the graph's links to Wikidata.", no_args_is_help=True
)
app.add_typer(link_app, name="link")

Endpoint = Annotated[
    str,
    typer.Option("--endpoint", metavar="URL", help="A SPARQL 1.1 endpoint with Wikidata's model."),
]
Timeout = Annotated[
    float,
    typer.Option(
        "--timeout",
        min=0.1,
        help="Seconds each request may take in all (connecting, retries and the answer).",
    ),
]


OFFLINE = (
    "offline? nkkg link asks Wikidata's query service: it needs the network, "
    "or --endpoint URL of an endpoint with Wikidata's data that you can reach"
)


def _service(endpoint: str, attempts: int, timeout: float) -> Service:
    policy = replace(WIKIDATA_POLICY, attempts=attempts, timeout=timeout)
    return checked_service(Service(endpoint, policy))


@link_app.callback()
def _offline_hint(ctx: typer.Context) -> None:
    """Check, suggest and compare the graph's links to Wikidata."""
    ctx.with_resource(hinted(None, offline=OFFLINE))


Format = Annotated[RowsFormat, typer.Option("--format", "-f", help="Output format.")]


@link_app.command("check")
def link_check(
    fmt: Format = RowsFormat.table,
    endpoint: Endpoint = WIKIDATA_ENDPOINT,
    data: Data = None,
    attempts: Attempts = WIKIDATA_POLICY.attempts,
    timeout: Timeout = WIKIDATA_POLICY.timeout,
) -> None:
    """Every linked item exists; its ISO 3166-2 code and en/ko labels agree with the graph.

    Exits 1 when any link disagrees, after a table of the disagreements.
    """
    service = _service(endpoint, attempts, timeout)
    graph = Project(data).validated_graph()
    with request_progress("checking links") as progress:
        result = check(graph, service, progress=progress)
    header = ("entity", "QID", "check", "graph", "Wikidata")
    rows = [(f.entity, f.qid, f.check, f.graph, f.wikidata) for f in result.problems]
    keys = ("entity", "qid", "check", "graph", "wikidata")
    problems = [dict(zip(keys, r, strict=True)) for r in rows]
    if fmt is RowsFormat.jsonl:  # the disagreements, one a line; the exit status says agree
        write_records(problems, "jsonl")
    elif fmt is RowsFormat.json:
        write_json(
            {
                "endpoint": service.url,
                "links": result.links,
                "checks": len(result.findings),
                "agree": not problems,
                "problems": problems,
            }
        )
    elif fmt is RowsFormat.csv:
        write_out(delimited(header, rows, "csv"))
    else:
        if rows:
            print_table(rows_table(header, rows))
        typer.echo(result.summary(service.url))
    if result.problems:
        raise typer.Exit(1)


@link_app.command("suggest")
def link_suggest(
    entities: Annotated[
        list[str] | None,
        typer.Argument(help="Entity ids (default: every entity without a link)."),
    ] = None,
    accept_qid: Annotated[
        str | None,
        typer.Option(
            "--accept",
            metavar="QID",
            help="Add this candidate as the link of the one ENTITY named, sourced to the endpoint.",
        ),
    ] = None,
    fmt: Format = RowsFormat.table,
    endpoint: Endpoint = WIKIDATA_ENDPOINT,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data", help="Input data folder (default: the packaged data); --accept edits it."
        ),
    ] = None,
    attempts: Attempts = WIKIDATA_POLICY.attempts,
    timeout: Timeout = WIKIDATA_POLICY.timeout,
) -> None:
    """Candidate Wikidata items for entities without a link, ranked, with their evidence."""
    entities = entities or []
    if accept_qid is not None and len(entities) != 1:
        raise UsageError("--accept needs exactly one ENTITY")
    if accept_qid is not None:
        editable_data_dir(data)  # refuse before asking the endpoint
    service = _service(endpoint, attempts, timeout)
    graph = Project(data).validated_graph()
    with request_progress("looking for candidates") as progress:
        found = suggest(graph, service, only=entities, progress=progress)
    header = ("entity", "rank", "QID", "name", "score", "evidence")
    rows = [
        (c.entity, str(rank), c.qid, c.name, str(c.score), "; ".join(map(str, c.evidence)))
        for s in found
        for rank, c in enumerate(s.candidates, start=1)
    ]
    if fmt in (RowsFormat.json, RowsFormat.jsonl):
        write_records(
            [
                {
                    "entity": s.entity,
                    "candidates": [
                        {
                            "rank": rank,
                            "qid": c.qid,
                            "name": c.name,
                            "score": c.score,
                            "evidence": [asdict(e) for e in c.evidence],
                        }
                        for rank, c in enumerate(s.candidates, start=1)
                    ],
                }
                for s in found
            ],
            str(fmt),
        )
    elif fmt is RowsFormat.csv:
        write_out(delimited(header, rows, "csv"))
    else:
        if rows:
            print_table(rows_table(header, rows))
        typer.echo(suggest_summary(found))
    if accept_qid is not None:
        accepted = accept_candidate(data, found, entities[0], accept_qid, service.url)
        typer.echo(accepted.summary())


@link_app.command("diff")
def link_diff(
    fmt: Format = RowsFormat.table,
    endpoint: Endpoint = WIKIDATA_ENDPOINT,
    data: Data = None,
    attempts: Attempts = WIKIDATA_POLICY.attempts,
    timeout: Timeout = WIKIDATA_POLICY.timeout,
) -> None:
    """Where Wikidata and the graph disagree: population, area, ISO code, kind, status dates."""
    service = _service(endpoint, attempts, timeout)
    graph = Project(data).validated_graph()
    with request_progress("comparing values") as progress:
        rows = diff(graph, service, progress=progress)
    if fmt in (RowsFormat.json, RowsFormat.jsonl):
        write_records([r.as_dict() for r in rows], str(fmt))
        return
    if fmt is not RowsFormat.table:
        write_out(format_rows(rows, str(fmt)))
        return
    if rows:
        print_table(
            rows_table(
                ("entity", "QID", "field", "graph", "Wikidata", "status"),
                [tuple(r.as_dict().values()) for r in rows],
            )
        )
    typer.echo(diff_summary(rows, service.url))


@link_app.command("export")
def link_export(
    only: Annotated[
        str,
        typer.Option("--only", help="Comma-separated: population,iso,area,geonames,labels."),
    ] = "population,iso,area,geonames,labels",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="QuickStatements file (default: stdout).")
    ] = None,
    review: Annotated[
        Path | None, typer.Option("--review", help="Review table (CSV) for an editor.")
    ] = None,
    items_file: Annotated[
        Path | None,
        typer.Option("--items", help="Documented items: Wikipedia editions, the km² unit."),
    ] = None,
    kind_map: Annotated[
        Path | None,
        typer.Option("--kind-map", help="Documented classes of nkkg kinds: status periods."),
    ] = None,
    endpoint: Endpoint = WIKIDATA_ENDPOINT,
    data: Data = None,
    attempts: Attempts = WIKIDATA_POLICY.attempts,
    timeout: Timeout = WIKIDATA_POLICY.timeout,
) -> None:
    """QuickStatements (V1) for what the graph can add to Wikidata, and a review table.

    Nothing is removed or overwritten: a differing value becomes a second statement
    with its references, listed in the review table for an editor to rank.
    """
    for path in (out, review):  # refuse a directory or device before asking Wikidata
        if path is not None:
            output_path(path)
    service = _service(endpoint, attempts, timeout)
    items = documented_items(items_file, kind_map)
    graph = Project(data).validated_graph()
    with request_progress("comparing values") as progress:
        result = export(graph, service, only=split_fields(only), items=items, progress=progress)
    if out is not None:
        write_atomic(out, result.batch().encode("utf-8"))
    if review is not None:
        write_atomic(review, result.review_csv().encode("utf-8"))
    if out is None:
        write_out(result.batch())
    typer.echo(result.summary(), err=True)
