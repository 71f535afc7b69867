"""The `nkkg build` job as one call: load, build, serialize, write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.builder import build_graph
from kg.loader import load_dataset
from kg.namespace import DEFAULT_BASE
from kg.serialize import EXTENSIONS, serialize, write_atomic

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
) -> BuildResult:
    """Build the graph from the input data and write it atomically to `out`."""
    dataset = load_dataset(data)
    graph = build_graph(dataset, base)
    payload = serialize(graph, fmt, base)
    path = write_atomic(out if out is not None else default_output(fmt), payload)
    periods = sum(len(r.periods) for r in dataset.records)
    return BuildResult(len(dataset.records), periods, len(graph), path)
