"""`nkkg query`."""

from __future__ import annotations

import os
from dataclasses import asdict, replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kg.cli.app import app
from kg.cli.hints import endpoint_hint, hinted
from kg.cli.options import DEFAULT_BASE, TABLE, Attempts, Engine, ResultFormat
from kg.cli.output import delimited, print_table, waiting, write_bytes, write_out, write_records
from kg.errors import UsageError
from kg.store.policy import QUERY_POLICY

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph

    from kg.sparql.saved import Parameter, SavedQuery


def _source(
    graph: Path | None, store: Path | None, endpoint: str | None, engine: object
) -> tuple[Graph | Path | None, ox.Store | Path | None]:
    """The graph or store to run on: the user's, else the packaged data's validated graph."""
    if graph is not None or store is not None or endpoint is not None:
        return graph, store
    from kg.pipeline import default_project

    project = default_project()
    if engine == "rdflib":
        return project.validated_graph("not queried"), None
    return None, project.store()


def _print_list(queries: list[SavedQuery], fmt: str) -> None:
    """--list in the --format asked: a table, CSV/TSV rows, or JSON with every field."""
    from kg.sparql.results import list_table

    if fmt == "table":
        print_table(list_table(queries))
    elif fmt in ("json", "jsonl"):
        records = [
            {
                "name": q.name,
                "title": q.title,
                "form": q.form,
                "answers": q.answers,
                "parameters": [asdict(p) | {"rule": p.rule} for p in q.parameters],
            }
            for q in queries
        ]
        write_records(records, fmt)
    elif fmt in ("csv", "tsv"):
        rows = [(q.name, q.title, "; ".join(map(_listed, q.parameters))) for q in queries]
        write_out(delimited(("name", "title", "parameters"), rows, fmt))
    else:
        raise UsageError(f"--list prints as table, csv, tsv, json or jsonl, not {fmt}")


def _listed(param: Parameter) -> str:
    """A parameter in a --list row: its signature, and the rule a year follows."""
    return param.signature() + ("" if param.rule is None else f" ({param.rule})")


def _complete_name(incomplete: str) -> list[tuple[str, str]]:
    """Shell completion: the saved queries' names, each with its title."""
    from kg.sparql.saved import saved_queries

    return [(q.name, q.title) for q in saved_queries() if q.name.startswith(incomplete)]


def _complete_param(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion: `NAME=` for each parameter of the saved query named on the line."""
    from kg.sparql.saved import saved_names, saved_query

    # click stops parsing at the `-p` still missing its value, so ctx.params has no
    # query yet: read the words the shell sent (bash: COMP_WORDS, zsh and fish: the other)
    line = os.environ.get("_TYPER_COMPLETE_ARGS") or os.environ.get("COMP_WORDS", "")
    names = saved_names()
    name = ctx.params.get("query") or next((w for w in line.split() if w in names), None)
    if name is None:
        return []
    return [
        (f"{p.name}=", p.description or p.type)
        for p in saved_query(name).parameters
        if f"{p.name}=".startswith(incomplete)
    ]


@app.command("query")
def query_command(
    query: Annotated[
        str | None,
        typer.Argument(
            metavar="NAME|FILE.rq",
            help="A saved query's name (see --list) or a .rq file.",
            autocompletion=_complete_name,
        ),
    ] = None,
    list_queries: Annotated[
        bool, typer.Option("--list", help="List the saved queries with their parameters.")
    ] = False,
    print_text: Annotated[
        bool,
        typer.Option(
            "--print",
            help="Print the query text with its parameters bound and prefixes declared "
            "(to run it elsewhere), instead of running it.",
        ),
    ] = False,
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            "-p",
            metavar="NAME=VALUE",
            help="A parameter value; repeat for several.",
            autocompletion=_complete_param,
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
    store: Annotated[
        Path | None,
        typer.Option(
            "--store-dir",
            metavar="DIR",
            help="Run in-process on this store (written by nkkg build --store-dir DIR).",
        ),
    ] = None,
    engine: Annotated[
        Engine | None,
        typer.Option(
            "--engine",
            help="In-process engine (default: oxigraph; the tests keep rdflib's answers equal).",
        ),
    ] = None,
    fmt: Annotated[
        ResultFormat,
        typer.Option(
            "--format",
            "-f",
            help="SELECT: table, csv, tsv, json, jsonl (a row a line); "
            "ASK: table (true/false), json, jsonl; "
            "CONSTRUCT and DESCRIBE: an RDF format (table: turtle).",
        ),
    ] = TABLE,
    base: Annotated[
        str, typer.Option("--base", help="Base IRI of entity IRIs (city slugs, table names).")
    ] = DEFAULT_BASE,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout",
            min=0.1,
            help="Seconds the query may take, in-process or on the endpoint; never retried.",
        ),
    ] = QUERY_POLICY.timeout,
    attempts: Attempts = QUERY_POLICY.attempts,
) -> None:
    """Run a saved SPARQL query or a .rq file, in-process or on an endpoint.

    Every query form: SELECT prints rows; ASK prints true or false and exits 0 or 1;
    CONSTRUCT and DESCRIBE print a graph. The graph's prefixes (nkkg:, id:, rdfs:,
    skos:, xsd:, ...) are declared for the query unless it declares its own.
    Updates (INSERT, DELETE, ...) are refused.
    """
    from kg.sparql.engines import QueryResult, execute
    from kg.sparql.params import parse_params, prepare
    from kg.sparql.remote import AskResult
    from kg.sparql.results import format_answer, result_table
    from kg.sparql.saved import resolve, saved_queries

    if list_queries:
        if query is not None:
            raise UsageError("give a query or --list, not both")
        _print_list(saved_queries(), str(fmt))
        return
    if query is None:
        raise UsageError("missing NAME|FILE.rq (nkkg query --list shows the saved queries)")
    if endpoint is not None and (graph is not None or engine is not None or store is not None):
        raise UsageError(
            "--graph, --store-dir and --engine are for in-process runs, not with --endpoint"
        )
    saved = resolve(query)
    params = parse_params(param or [])
    if print_text:
        write_out(prepare(saved, params, base, readable=True))
        return
    where = f"{endpoint}" if endpoint is not None else f"{engine or 'in-process'}"
    hint = endpoint_hint(endpoint) if endpoint is not None else None
    offline = "offline? the endpoint, and any SERVICE a query calls, must be reachable from here"
    on_graph, on_store = _source(graph, store, endpoint, engine)
    with hinted(hint, offline=offline), waiting(f"query '{saved.name}' ({where})", timeout):
        answer = execute(
            saved,
            params,
            graph=on_graph,
            endpoint=endpoint,
            store=on_store,
            engine=None if engine is None else str(engine),
            base=base,
            policy=replace(QUERY_POLICY, timeout=timeout, attempts=attempts),
        )
    if fmt == "table" and isinstance(answer, QueryResult):
        values = {**saved.defaults, **params}
        title = saved.title + "".join(f"; {k}={v}" for k, v in values.items())
        print_table(result_table(answer, title, base))
    else:
        write_bytes(format_answer(answer, str(fmt), base))
    if isinstance(answer, AskResult) and not answer.boolean:
        raise typer.Exit(1)  # like grep -q: a false answer is a "no"
