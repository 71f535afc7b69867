"""`nkkg build` and `nkkg validate`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kg.cli.app import app, note
from kg.cli.options import (
    DEFAULT_BASE,
    Base,
    Data,
    NoValidate,
    RdfFormatChoice,
    ReportFormat,
)
from kg.cli.output import build_progress, print_styled, write_json
from kg.errors import UsageError
from kg.text import visible

if TYPE_CHECKING:
    from kg.validation.model import ValidationReport

# rdflib, pydantic and pyshacl are imported inside the commands (kg.cli.app: start-up)


@app.command("build")
def build_command(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Output file: a new path or a regular file, replaced atomically; a symlink's "
            "target is replaced (default: nkkg.ttl, or nkkg.<ext> for the format).",
        ),
    ] = None,
    fmt: Annotated[
        RdfFormatChoice | None,
        typer.Option(
            "--format", "-f", help="Output format (default: from --out's extension, else turtle)."
        ),
    ] = None,
    base: Base = DEFAULT_BASE,
    data: Data = None,
    no_validate: NoValidate = False,
    store_dir: Annotated[
        Path | None,
        typer.Option(
            "--store-dir",
            metavar="DIR",
            help="Also write a pyoxigraph store there, for nkkg query --store-dir DIR.",
        ),
    ] = None,
    shard_size: Annotated[
        int | None,
        typer.Option(
            "--shard-size",
            min=1,
            metavar="N",
            help="With --format nt: write sorted shards of at most N triples "
            "(nkkg-00001.nt, ...) and a manifest, instead of one file.",
        ),
    ] = None,
) -> None:
    """Build the graph from the sourced input data, validate it, and write it atomically."""
    from kg.pipeline import Project
    from kg.store.local import check_store_target
    from kg.validation.model import ValidationFailed

    if store_dir is not None:  # refused before the data is even read
        check_store_target(store_dir)
    project = Project(data, base=base, validate=not no_validate)
    name = None if fmt is None else str(fmt)
    try:
        with build_progress(project.data_dir) as project.progress:
            if shard_size is not None:
                result = project.write_shards(out, size=shard_size, fmt=name, store_dir=store_dir)
            else:
                result = project.write(out, fmt=name, store_dir=store_dir)
    except ValidationFailed as err:
        if err.report is not None:
            note_fallback(err.report)
        raise
    if project.validate:
        note_fallback(project.report())
    typer.echo(result.summary())
    if store_dir is not None:
        typer.echo(f"store -> {store_dir}")


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
        ReportFormat, typer.Option("--format", "-f", help="Report form.")
    ] = ReportFormat.text,
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
    from kg.graph.reader import read_graph
    from kg.pipeline import Project
    from kg.validation.api import validate_file
    from kg.validation.ontology_checks import check_graph_ontology
    from kg.validation.shapes import packaged_shapes

    if ontology and fmt is ReportFormat.turtle:
        raise UsageError("--ontology reports as text or json, not turtle")
    if file is not None and data is not None:
        raise UsageError("give FILE or --data, not both")
    if file is not None:
        source = str(file)
        if ontology:
            findings = check_graph_ontology(read_graph(file), shapes=packaged_shapes())
        else:
            report = validate_file(file)
    else:
        project = Project(data)
        with build_progress(project.data_dir) as project.progress:
            source = project.name
            if ontology:
                findings = list(project.verdict().ontology_findings)
            else:
                report = project.report()
    if ontology:
        _print_ontology_findings(findings, fmt)
        raise typer.Exit(1 if findings else 0)
    note_fallback(report)
    _print_report(report, source, fmt)
    raise typer.Exit(0 if report.conforms else 1)


def note_fallback(report: ValidationReport) -> None:
    """One note on stderr when pyshacl validated because the compiled engine could not."""
    if report.fallback is not None:
        note(
            f"the compiled SHACL engine does not support {report.fallback}; "
            "pyshacl validates instead (slower)"
        )


def _print_report(report: ValidationReport, source: str, fmt: ReportFormat) -> None:
    from kg.validation.model import SEVERITY_ORDER
    from kg.validation.report import report_json, report_lines, report_turtle

    if fmt is ReportFormat.turtle:
        sys.stdout.buffer.write(report_turtle(report))
        sys.stdout.flush()
    elif fmt is ReportFormat.json:
        counts = {s.lower() + "s": report.count(s) for s in SEVERITY_ORDER}
        results = json.loads(report_json(report))
        engine = {"engine": report.engine, "fallback": report.fallback}
        write_json(
            {"source": source, "conforms": report.conforms, **counts, **engine, "results": results}
        )
    else:
        print_styled(report_lines(report, source))


def _print_ontology_findings(findings: list[str], fmt: ReportFormat) -> None:
    if fmt is ReportFormat.json:
        write_json({"conforms": not findings, "findings": findings})
        return
    if not findings:
        typer.echo("ontology: passes all checks")
        return
    noun = "finding" if len(findings) == 1 else "findings"
    typer.echo(f"ontology: {len(findings)} {noun}")
    for finding in findings:
        typer.echo(f"  {visible(finding)}")
