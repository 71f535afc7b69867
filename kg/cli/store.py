"""`nkkg load` and `nkkg serve`: the validated graph into a triplestore."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kg.cli.app import app
from kg.cli.hints import hinted, store_hint
from kg.cli.options import DEFAULT_BASE, Attempts, Base, Data, NoValidate
from kg.cli.output import upload_progress, waiting
from kg.errors import UsageError
from kg.serve.server import DEFAULT_PORT
from kg.store.policy import LOAD_POLICY

if TYPE_CHECKING:
    from kg.serve.guard import Guard
    from kg.store.graphstore import LoadResult


@app.command("load")
def load_command(
    store: Annotated[
        str,
        typer.Option(
            "--store",
            metavar="URL",
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
    graph_iri: Annotated[
        str | None,
        typer.Option("--graph-iri", metavar="IRI", help="Target named graph (an absolute IRI)."),
    ] = None,
    default: Annotated[
        bool, typer.Option("--default", help="Target the default graph (the default).")
    ] = False,
    replace_graph: Annotated[
        bool,
        typer.Option("--replace/--append", help="PUT: replace the graph, or POST: add to it."),
    ] = True,
    query_endpoint: Annotated[
        str | None,
        typer.Option(
            "--query-endpoint",
            metavar="URL",
            help="SPARQL query URL for the count check (default: Oxigraph's /query beside /store).",
        ),
    ] = None,
    update_endpoint: Annotated[
        str | None,
        typer.Option(
            "--update-endpoint",
            metavar="URL",
            help="SPARQL update URL for the atomic replace (default: Oxigraph's /update).",
        ),
    ] = None,
    no_staging: Annotated[
        bool,
        typer.Option(
            "--no-staging",
            help="Replace with one direct PUT, without a staging graph: not atomic.",
        ),
    ] = False,
    allow_empty: Annotated[
        bool, typer.Option("--allow-empty", help="Load a file that holds no triples.")
    ] = False,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout",
            min=0.1,
            help="Seconds each request may take in all (connecting, retries and the answer), "
            "per 250,000 triples of the graph.",
        ),
    ] = LOAD_POLICY.timeout,
    attempts: Attempts = LOAD_POLICY.attempts,
    base: Base = DEFAULT_BASE,
    data: Data = None,
    no_validate: NoValidate = False,
) -> None:
    """Load the validated graph (or FILE) into a triplestore and check the triple count."""
    from kg.pipeline import Project
    from kg.store.graphstore import load_graph

    if graph_iri is not None and default:
        raise UsageError("--graph-iri and --default exclude each other")
    if file is not None and (data is not None or base != DEFAULT_BASE or no_validate):
        raise UsageError("--data, --base and --no-validate apply to the built graph, not to FILE")
    source = file if file is not None else Project(data, base=base, validate=not no_validate)
    with hinted(store_hint(store)), upload_progress() as progress, waiting(store, timeout):
        result = load_graph(
            store,
            source,
            graph_iri=graph_iri,
            replace=replace_graph,
            query_endpoint=query_endpoint,
            policy=replace(LOAD_POLICY, timeout=timeout, attempts=attempts),
            progress=progress,
            update_endpoint=update_endpoint,
            staging=not no_staging,
            allow_empty=allow_empty,
        )
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
    writable: Annotated[
        bool,
        typer.Option(
            "--writable", help="Run the read-write server: /update and /store accept changes."
        ),
    ] = False,
    allow_service: Annotated[
        bool,
        typer.Option(
            "--allow-service",
            help="Let queries call other endpoints through SERVICE (refused by default).",
        ),
    ] = False,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout", min=0.1, help="Seconds for loading the graph, and the limit per query."
        ),
    ] = LOAD_POLICY.timeout,
    base: Base = DEFAULT_BASE,
    data: Data = None,
    no_validate: NoValidate = False,
) -> None:
    """Serve the validated graph from a local Oxigraph SPARQL server until Ctrl-C or SIGTERM."""
    from kg.pipeline import Project
    from kg.serve.server import sample_query_command, serve

    def ready(server: Guard, result: LoadResult) -> None:
        typer.echo(result.summary())
        typer.echo(f"SPARQL query endpoint: {server.query_url}")
        typer.echo(f"Graph Store endpoint:  {server.store_url}")
        if writable:
            typer.echo(
                f"writable: anyone who reaches port {server.port} can change or drop the graph "
                "through /update and /store"
            )
        else:
            typer.echo(
                "read-only: /update and writes to /store are refused (--writable allows them)"
            )
        if allow_service:
            typer.echo("SERVICE allowed: queries may make this server fetch other URLs")
        else:
            typer.echo("SERVICE refused (--allow-service allows it); so are cross-origin writes")
        if location is not None:
            typer.echo(f"store kept in {server.location}")
        typer.echo(f"try: {sample_query_command(server.query_url)}")
        typer.echo("serving until Ctrl-C or SIGTERM")

    project = Project(data, base=base, validate=not no_validate)
    how = serve(
        project,
        port=port,
        location=location,
        on_ready=ready,
        writable=writable,
        timeout=timeout,
        allow_service=allow_service,
    )
    typer.echo(f"nkkg: stopped the Oxigraph server ({how})", err=True)
