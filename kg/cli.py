"""The `nkkg` command: a thin layer over the Python API.

Each command parses options, calls one API function and prints its result.
Errors the user can fix (NkkgError) print as one line on stderr with exit 1;
no traceback reaches the terminal.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.build import build
from kg.errors import NkkgError
from kg.namespace import DEFAULT_BASE
from kg.serialize import FORMATS
from kg.validate import ValidationReport

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
    from kg.builder import build_graph, load_ontology
    from kg.loader import load_dataset
    from kg.validate import (
        check_ontology,
        has_ontology_header,
        load_rdf,
        load_shapes,
        validate_graph,
    )

    if fmt not in REPORT_FORMATS:
        raise fail(f"unknown report format '{fmt}' (known: {', '.join(REPORT_FORMATS)})", 2)
    if ontology and fmt == "turtle":
        raise fail("--ontology reports as text or json, not turtle", 2)
    try:
        if file is not None:
            graph, source = load_rdf(file), str(file)
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
    from rich.console import Console
    from rich.text import Text

    from kg.validate import report_json, report_lines, report_turtle

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


# load and serve: issue 5


# link: issue 6


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("nkkg: interrupted", err=True)
        sys.exit(130)
