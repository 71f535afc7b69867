"""The `nkkg build` job as one call: load, build, serialize, write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from kg.builder import build_graph, load_ontology
from kg.loader import load_dataset
from kg.namespace import DEFAULT_BASE
from kg.serialize import EXTENSIONS, serialize, write_atomic
from kg.validate import (
    ValidationFailed,
    check_ontology,
    first_results_line,
    load_shapes,
    validate_graph,
)

DEFAULT_OUTPUT_STEM = "nkkg"


@dataclass(frozen=True)
class BuildResult:
    entities: int
    periods: int
    triples: int
    path: Path

    def summary(self) -> str:
        return (
            f"built {self.entities} entities, {self.periods} status periods, "
            f"{self.triples} triples -> {self.path}"
        )


def default_output(fmt: str = "turtle") -> Path:
    """`nkkg.ttl` (or .nt, .jsonld, .trig) in the current directory."""
    return Path(f"{DEFAULT_OUTPUT_STEM}.{EXTENSIONS.get(fmt, fmt)}")


def build(
    out: str | Path | None = None,
    fmt: str = "turtle",
    base: str = DEFAULT_BASE,
    data: str | Path | None = None,
    validate: bool = True,
) -> BuildResult:
    """Build the graph from the input data and write it atomically to `out`.

    Unless `validate` is False, the graph must pass the SHACL shapes and the
    ontology checks first; otherwise ValidationFailed is raised and nothing
    is written.
    """
    dataset = load_dataset(data)
    graph = build_graph(dataset, base)
    if validate:
        command = "nkkg validate" + (f" --data {data}" if data is not None else "")
        check_built_graph(graph, base, command)
    payload = serialize(graph, fmt, base)
    path = write_atomic(out if out is not None else default_output(fmt), payload)
    periods = sum(len(r.periods) for r in dataset.records)
    return BuildResult(len(dataset.records), periods, len(graph), path)


def check_built_graph(
    graph: Graph, base: str = DEFAULT_BASE, command: str = "nkkg validate"
) -> None:
    """Raise ValidationFailed, naming the first problems, if the graph must not be published."""
    ontology = load_ontology()
    shapes = load_shapes()
    findings = check_ontology(ontology, data=graph, shapes=shapes)
    if findings:
        more = f"; and {len(findings) - 2} more" if len(findings) > 2 else ""
        raise ValidationFailed(
            f"the ontology fails {len(findings)} check(s), graph not written: "
            + "; ".join(findings[:2])
            + more
            + f" (`{command} --ontology` lists them all)"
        )
    report = validate_graph(graph, shapes=shapes, base=base)
    if not report.conforms:
        count = report.count("Violation")
        noun = "violation" if count == 1 else "violations"
        raise ValidationFailed(
            f"the graph has {count} SHACL {noun}, not written: "
            + first_results_line(report, base=base)
            + f" (`{command}` lists them all; `--no-validate` skips the check)",
            report,
        )
