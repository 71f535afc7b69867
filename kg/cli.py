"""The `nkkg` command: a thin layer over the Python API.

Each command parses options, calls one API function and prints its result.
Errors the user can fix (NkkgError) print as one line on stderr with exit 1;
no traceback reaches the terminal.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace as replace_policy
from pathlib import Path
from typing import Annotated

import typer
from rdflib import Graph
from rich import box
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.table import Table
from rich.text import Text

from kg import link
from kg.build import build
from kg.builder import build_graph, load_ontology
from kg.endpoint import DEFAULT_POLICY
from kg.errors import NkkgError
from kg.load import LoadResult, load_graph
from kg.loader import load_dataset
from kg.namespace import DEFAULT_BASE
from kg.publish.cli import register as register_publish
from kg.rdfio import read_graph
from kg.serialize import FORMATS
from kg.serve import DEFAULT_PORT, sample_query_command, serve
from kg.server import OxigraphServer
from kg.validate import (
    ValidationReport,
    check_ontology,
    has_ontology_header,
    load_shapes,
    report_json,
    report_lines,
    report_turtle,
    validate_graph,
)

app = typer.Typer(
    name="nkkg",
    help="Build, validate, query, load and link the North Korea special cities graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        from kg import __version__

        typer.echo(f"nkkg {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", is_eager=True, callback=_print_version
        ),
    ] = False,
) -> None:
    """Build, validate, query, load and link the North Korea special cities graph."""


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print a one-line error and return the Exit to raise."""
    typer.echo(f"nkkg: error: {message}", err=True)
    return typer.Exit(code)


@app.command("build")
def build_command(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Output file (default: nkkg.ttl, or nkkg.<ext> for the format)."
        ),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=f"Output format: {'|'.join(FORMATS)}.")
    ] = "turtle",
    base: Annotated[str, typer.Option("--base", help="Base IRI for entity IRIs.")] = DEFAULT_BASE,
    data: Annotated[
        Path | None, typer.Option("--data", help="Input data folder (default: the packaged data).")
    ] = None,
    no_validate: Annotated[
        bool, typer.Option("--no-validate", help="Write the graph without validating it first.")
    ] = False,
) -> None:
    """Build the graph from the sourced input data, validate it, and write it atomically."""
    try:
        result = build(out=out, fmt=fmt, base=base, data=data, validate=not no_validate)
    except NkkgError as err:
        raise fail(str(err)) from None
    typer.echo(result.summary())


# validate: issue 3

REPORT_FORMATS = ("text", "turtle", "json")


@app.command("validate")
def validate_command(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="RDF file to validate (.ttl, .nt, .nq, .jsonld, .trig, .rdf, .xml, .owl) "
            "(default: the graph built from the input data).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=f"Report form: {'|'.join(REPORT_FORMATS)}.")
    ] = "text",
    ontology: Annotated[
        bool, typer.Option("--ontology", help="Run the ontology checks instead of the shapes.")
    ] = False,
    data: Annotated[
        Path | None,
        typer.Option("--data", help="Input data folder to build from when no FILE is given."),
    ] = None,
) -> None:
    """Validate the graph against the SHACL shapes (shapes/), with the ontology merged in.

    Exit status: 0 conforms (warnings allowed), 1 violations or ontology
    findings, 2 unusable input.
    """
    if fmt not in REPORT_FORMATS:
        raise fail(f"unknown report format '{fmt}' (known: {', '.join(REPORT_FORMATS)})", 2)
    if ontology and fmt == "turtle":
        raise fail("--ontology reports as text or json, not turtle", 2)
    try:
        if file is not None:
            graph, source = read_graph(file), str(file)
        else:
            graph = build_graph(load_dataset(data))
            source = f"the graph built from {data}" if data else "the graph built from kg/data"
    except NkkgError as err:
        raise fail(str(err), 2) from None
    if ontology:
        onto = graph if has_ontology_header(graph) else load_ontology() + graph
        findings = check_ontology(onto, data=graph, shapes=load_shapes())
        _print_ontology_findings(findings, fmt)
        raise typer.Exit(1 if findings else 0)
    report = validate_graph(graph)
    _print_report(report, source, fmt)
    raise typer.Exit(0 if report.conforms else 1)


def _print_report(report: ValidationReport, source: str, fmt: str) -> None:
    if fmt == "turtle":
        sys.stdout.buffer.write(report_turtle(report))
        sys.stdout.flush()
    elif fmt == "json":
        typer.echo(report_json(report))
    else:
        console = Console(highlight=False, soft_wrap=True)
        for style, line in report_lines(report, source):
            console.print(Text(line, style=style))


def _print_ontology_findings(findings: list[str], fmt: str) -> None:
    if fmt == "json":
        typer.echo(json.dumps(findings, ensure_ascii=False, indent=2))
        return
    if not findings:
        typer.echo("ontology: passes all checks")
        return
    noun = "finding" if len(findings) == 1 else "findings"
    typer.echo(f"ontology: {len(findings)} {noun}")
    for finding in findings:
        typer.echo(f"  {finding}")


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
            help="Run in-process on this built file (default: built from the packaged data).",
        ),
    ] = None,
    engine: Annotated[
        str | None,
        typer.Option("--engine", help="In-process engine: rdflib|oxigraph (default: rdflib)."),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="Output: table|csv|tsv|json.")
    ] = "table",
    base: Annotated[
        str, typer.Option("--base", help="Base IRI of entity IRIs (city slugs, table names).")
    ] = DEFAULT_BASE,
) -> None:
    """Run a saved SPARQL query or a .rq file, in-process or on an endpoint."""
    from kg import query as q

    try:
        if list_queries:
            if query is not None:
                raise NkkgError("give a query or --list, not both")
            _print_table(q.list_table(q.saved_queries()))
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
        _print_table(q.result_table(result, title, base))
    else:
        sys.stdout.write(q.format_result(result, fmt))


def _print_table(table: Table) -> None:
    """Print a rich table: styled in a terminal; plain, unwrapped and right-trimmed when piped."""
    if sys.stdout.isatty():
        Console(highlight=False).print(table)
        return
    console = Console(width=10_000, highlight=False, no_color=True)
    with console.capture() as captured:
        console.print(table)
    sys.stdout.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


# load and serve: issue 5


def _progress() -> Progress:
    """Upload progress on stderr, drawn only on a terminal (kg.load shows it for large files)."""
    console = Console(stderr=True)
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )


@app.command("load")
def load_command(
    endpoint: Annotated[
        str,
        typer.Option(
            "--endpoint",
            help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store (Oxigraph).",
            show_default=False,
        ),
    ],
    file: Annotated[
        Path | None,
        typer.Argument(
            help="RDF file to send (.ttl, .nt, .rdf, .jsonld) (default: the built graph).",
            show_default=False,
        ),
    ] = None,
    graph: Annotated[
        str | None, typer.Option("--graph", help="Target named graph (an absolute IRI).")
    ] = None,
    default: Annotated[
        bool, typer.Option("--default", help="Target the default graph (the default).")
    ] = False,
    replace: Annotated[
        bool,
        typer.Option("--replace/--append", help="PUT: replace the graph, or POST: add to it."),
    ] = True,
    query_endpoint: Annotated[
        str | None,
        typer.Option(
            "--query-endpoint",
            help="SPARQL query URL for the count check (default: Oxigraph's /query beside /store).",
        ),
    ] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Seconds to wait for each answer.", min=0.1)
    ] = 60.0,
    attempts: Annotated[
        int, typer.Option("--attempts", help="Tries per request (transient failures).", min=1)
    ] = DEFAULT_POLICY.attempts,
    base: Annotated[
        str, typer.Option("--base", help="Base IRI for entity IRIs (built graph only).")
    ] = DEFAULT_BASE,
    data: Annotated[
        Path | None, typer.Option("--data", help="Input data folder (built graph only).")
    ] = None,
) -> None:
    """Load the built graph (or FILE) into a triplestore and check the triple count."""
    if graph is not None and default:
        raise fail("--graph and --default exclude each other", 2)
    if file is not None and (data is not None or base != DEFAULT_BASE):
        raise fail("--data and --base apply to the built graph, not to FILE", 2)
    policy = replace_policy(DEFAULT_POLICY, timeout=timeout, attempts=attempts)
    try:
        with _progress() as progress:
            result = load_graph(
                endpoint,
                file,
                graph_iri=graph,
                replace=replace,
                query_endpoint=query_endpoint,
                policy=policy,
                base=base,
                data=data,
                progress=progress,
            )
    except NkkgError as err:
        raise fail(str(err)) from None
    typer.echo(result.summary())


@app.command("serve")
def serve_command(
    port: Annotated[
        int, typer.Option("--port", help="Port on 127.0.0.1.", min=1, max=65535)
    ] = DEFAULT_PORT,
    location: Annotated[
        Path | None,
        typer.Option(
            "--location", help="Store folder kept between runs (default: a temporary one)."
        ),
    ] = None,
    base: Annotated[str, typer.Option("--base", help="Base IRI for entity IRIs.")] = DEFAULT_BASE,
    data: Annotated[
        Path | None, typer.Option("--data", help="Input data folder (default: the packaged data).")
    ] = None,
) -> None:
    """Serve the built graph from a local Oxigraph SPARQL server until Ctrl-C or SIGTERM."""

    def ready(server: OxigraphServer, result: LoadResult) -> None:
        typer.echo(result.summary())
        typer.echo(f"SPARQL query endpoint: {server.query_url}")
        typer.echo(f"Graph Store endpoint:  {server.store_url}")
        if location is not None:
            typer.echo(f"store kept in {server.location}")
        typer.echo(f"try: {sample_query_command(server.query_url)}")
        typer.echo("serving until Ctrl-C or SIGTERM")

    try:
        how = serve(port=port, location=location, base=base, data=data, on_ready=ready)
    except NkkgError as err:
        raise fail(str(err)) from None
    typer.echo(f"nkkg: stopped the Oxigraph server ({how})", err=True)


# link: issue 6

link_app = typer.Typer(
    help="Check, suggest and compare the graph's links to Wikidata.", no_args_is_help=True
)
app.add_typer(link_app, name="link")


@dataclasses.dataclass(frozen=True)
class _Link:
    service: link.Service
    data: Path | None

    def graph(self) -> Graph:
        """The graph built in memory from the input data, as `nkkg build` would write it."""
        return build_graph(load_dataset(self.data))


@link_app.callback()
def _link(
    ctx: typer.Context,
    endpoint: Annotated[
        str,
        typer.Option("--endpoint", help="A SPARQL 1.1 endpoint with Wikidata's RDF model."),
    ] = link.WIKIDATA_ENDPOINT,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data", help="Input data folder (default: the packaged data); --accept edits it."
        ),
    ] = None,
    attempts: Annotated[
        int, typer.Option("--attempts", min=1, help="Tries per request (transient errors).")
    ] = DEFAULT_POLICY.attempts,
    timeout: Annotated[
        float, typer.Option("--timeout", min=1, help="Seconds to wait for each answer.")
    ] = DEFAULT_POLICY.timeout,
) -> None:
    """Check, suggest and compare the graph's links to Wikidata."""
    policy = replace_policy(DEFAULT_POLICY, attempts=attempts, timeout=timeout)
    try:
        service = link.checked_service(link.Service(endpoint, policy))
    except NkkgError as err:
        raise fail(str(err)) from None
    ctx.obj = _Link(service, data)


@contextmanager
def _link_progress(description: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr while requests run; nothing when stderr is not a terminal."""
    console = Console(stderr=True)
    with Progress(console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task(description, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def _link_table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> Table:
    table = Table(*columns, box=box.SIMPLE_HEAD, show_edge=False)
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))  # Text: no rich markup in values
    return table


@link_app.command("check")
def link_check(ctx: typer.Context) -> None:
    """Every linked item exists; its ISO 3166-2 code and en/ko labels agree with the graph.

    Exits 1 when any link disagrees, after a table of the disagreements.
    """
    opts: _Link = ctx.obj
    try:
        graph = opts.graph()
        with _link_progress("checking links") as progress:
            result = link.check(graph, opts.service, progress=progress)
    except NkkgError as err:
        raise fail(str(err)) from None
    if result.problems:
        _print_table(
            _link_table(
                ("entity", "QID", "check", "graph", "Wikidata"),
                [(f.entity, f.qid, f.check, f.graph, f.wikidata) for f in result.problems],
            )
        )
    typer.echo(result.summary(opts.service.url))
    if result.problems:
        raise typer.Exit(1)


@link_app.command("suggest")
def link_suggest(
    ctx: typer.Context,
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
) -> None:
    """Candidate Wikidata items for entities without a link, ranked, with their evidence."""
    opts: _Link = ctx.obj
    entities = entities or []
    if accept_qid is not None and len(entities) != 1:
        raise fail("--accept needs exactly one ENTITY", 2)
    try:
        graph = opts.graph()
        with _link_progress("looking for candidates") as progress:
            found = link.suggest(graph, opts.service, only=entities, progress=progress)
    except NkkgError as err:
        raise fail(str(err)) from None
    rows = [
        (c.entity, str(rank), c.qid, c.name, str(c.score), "; ".join(map(str, c.evidence)))
        for s in found
        for rank, c in enumerate(s.candidates, start=1)
    ]
    if rows:
        _print_table(_link_table(("entity", "rank", "QID", "name", "score", "evidence"), rows))
    typer.echo(link.suggest_summary(found))
    if accept_qid is None:
        return
    candidate = next((c for c in found[0].candidates if c.qid == accept_qid), None)
    if candidate is None:
        raise fail(f"{accept_qid} is not a candidate for '{entities[0]}' at {opts.service.url}")
    note = "accepted from nkkg link suggest: " + "; ".join(map(str, candidate.evidence))
    try:
        accepted = link.accept(opts.data, candidate.entity, candidate.qid, opts.service.url, note)
    except NkkgError as err:
        raise fail(str(err)) from None
    typer.echo(accepted.summary())


@link_app.command("diff")
def link_diff(
    ctx: typer.Context,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="Output format: table|csv|json.")
    ] = "table",
) -> None:
    """Where Wikidata and the graph disagree: population, area, ISO code, kind, status dates."""
    opts: _Link = ctx.obj
    if fmt not in ("table", "csv", "json"):
        raise fail(f"unknown format '{fmt}' (known: table, csv, json)", 2)
    try:
        graph = opts.graph()
        with _link_progress("comparing values") as progress:
            rows = link.diff(graph, opts.service, progress=progress)
    except NkkgError as err:
        raise fail(str(err)) from None
    if fmt != "table":
        typer.echo(link.format_rows(rows, fmt), nl=False)
        return
    if rows:
        _print_table(
            _link_table(
                ("entity", "QID", "field", "graph", "Wikidata", "status"),
                [tuple(r.as_dict().values()) for r in rows],
            )
        )
    typer.echo(link.diff_summary(rows, opts.service.url))


# publish and diff: issue 12
register_publish(app)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("nkkg: interrupted", err=True)
        sys.exit(130)
