"""The one pipeline: input data -> checked model -> graph -> validated graph -> outputs.

Every command that needs nkkg's graph (build, validate, query, load, serve,
link) takes it from a Project, so each gets the same checks: the input is
loaded and checked once, the graph is built once, and it is validated (SHACL
shapes and ontology checks) once, before anything ships it.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node

from kg.errors import UsageError
from kg.graph.builder import check_base, ontology_rows, rows
from kg.graph.ontology import load_ontology
from kg.graph.serialize import output_path, write_atomic
from kg.graph.shards import write_shards
from kg.graph.terms import from_oxigraph
from kg.input.loader import load_dataset
from kg.input.model import Dataset
from kg.progress import Progress, silent
from kg.rdf import formats
from kg.rdf.namespace import DEFAULT_BASE
from kg.rdf.nt import Row, sort_rows
from kg.rdf.nt import text as nt_text
from kg.resources import data_dir, ontology_path, resource_dir
from kg.store.local import check_store_target, staged_store, write_store
from kg.validation.api import validate_store
from kg.validation.model import ValidationFailed, ValidationReport
from kg.validation.ontology_checks import check_store_ontology
from kg.validation.report import first_results_line
from kg.validation.shapes import packaged_shapes

DEFAULT_OUTPUT_STEM = "nkkg"

if TYPE_CHECKING:
    from kg.sparql.engines import Answer


@dataclass(frozen=True)
class BuildResult:
    entities: int
    periods: int
    triples: int
    path: Path
    shards: int = 0  # with --shard-size: how many files the manifest at `path` lists

    def summary(self) -> str:
        where = f"{self.shards} shards listed in {self.path}" if self.shards else str(self.path)
        return (
            f"built {self.entities} entities, {self.periods} status periods, "
            f"{self.triples} triples -> {where}"
        )


@dataclass(frozen=True)
class Verdict:
    """What validating one graph found: the SHACL report and the ontology findings."""

    report: ValidationReport
    ontology_findings: tuple[str, ...]


# Verdicts by the digest of (graph, shapes, ontology): a graph with the same
# triples is validated once per process, however many Projects build it.
T = TypeVar("T")
_VERDICTS: dict[str, Verdict] = {}


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while the input, rows or rdflib graph are made.

    These steps allocate millions of small objects that live on, and each
    allocation burst makes the collector walk the whole heap again for cycles
    that are not there: at 10,000 synthetic entities loading took 1.9 s of CPU
    with it and 0.8 s without, making rows 3.6 s and 2.7 s. Reference counting
    still frees everything as usual; the collector resumes at the end.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def default_output(fmt: str | formats.RdfFormat = "turtle") -> Path:
    """`nkkg.ttl` (or .nt, .jsonld, ...) in the current directory."""
    rdf_format = fmt if isinstance(fmt, formats.RdfFormat) else formats.get(fmt)
    return Path(f"{DEFAULT_OUTPUT_STEM}.{rdf_format.extension}")


class Project:
    """A data folder and a base IRI, and everything built from them, computed once.

    >>> project = Project()            # the packaged data
    >>> graph = project.validated_graph()  # raises ValidationFailed on violations
    """

    def __init__(
        self,
        data: str | Path | None = None,
        *,
        base: str = DEFAULT_BASE,
        validate: bool = True,
        progress: Progress = silent,
    ) -> None:
        self.data_dir = Path(data) if data is not None else data_dir()
        self.base = check_base(base)
        self.validate = validate
        self.progress = progress  # told of each step of long work (kg.progress)
        self._given_data = data is not None
        self._derived: dict[str, Any] = {}

    def derived(self, key: str, make: Callable[[], T]) -> T:
        """What a feature derives from this Project's graph, made once and kept with it.

        The graph never changes, so the features above the pipeline (the time
        travel's Timeline, ...) keep their read-backs here, not in caches of
        their own that outlive the Project.
        """
        if key not in self._derived:
            self._derived[key] = make()
        return self._derived[key]

    @property
    def name(self) -> str:
        """How reports name this graph."""
        where = str(self.data_dir) if self._given_data else "kg/data"
        return f"the graph built from {where}"

    @cached_property
    def dataset(self) -> Dataset:
        """The input data, loaded and checked (DataError on the first bad record)."""
        with _no_cycle_collection():
            return load_dataset(self.data_dir, progress=self.progress)

    @cached_property
    def rows(self) -> list[Row]:
        """The graph's triples (data and ontology) as rows, in output order."""
        dataset = self.dataset
        self.progress("building triples", 0, None)
        with _no_cycle_collection():
            return sort_rows([*ontology_rows(), *rows(dataset, self.base)])

    @cached_property
    def nt(self) -> bytes:
        """The graph as canonical N-Triples: sorted, one triple a line, pyoxigraph's escapes."""
        return formats.get("nt").write(nt_text(self.rows), self.base)

    @cached_property
    def graph(self) -> Graph:
        """The built graph as an rdflib Graph, made from the same triples only when asked.

        For the commands that need rdflib (pyshacl's run, link, publish); building,
        serializing and querying do not make it. Do not modify.
        """
        graph = load_ontology()  # its namespace bindings, then every triple
        iris: dict[str, URIRef] = {}  # one URIRef per IRI: most terms repeat

        def term(node: Any) -> Node:
            if isinstance(node, ox.NamedNode):
                found = iris.get(node.value)
                if found is None:
                    found = iris[node.value] = URIRef(node.value)
                return found
            return from_oxigraph(node)

        triples = ox.parse(self.nt, format=ox.RdfFormat.N_TRIPLES)
        with _no_cycle_collection():
            graph.addN((term(t.subject), term(t.predicate), term(t.object), graph) for t in triples)
        return graph

    def verdict(self) -> Verdict:
        """The SHACL report and ontology findings for this graph (computed once)."""
        key = self._digest
        if key not in _VERDICTS:
            self.progress("validating", 0, None)
            report = validate_store(
                self._store, len(self.rows), fallback=lambda: self.graph, base=self.base
            )
            findings = check_store_ontology(self._store, shapes=packaged_shapes())
            _VERDICTS[key] = Verdict(report, tuple(findings))
        return _VERDICTS[key]

    def report(self) -> ValidationReport:
        return self.verdict().report

    def check(self, refused: str = "not written", *, skippable: bool = True) -> None:
        """Raise ValidationFailed, naming the first problems, if the graph must not ship.

        `refused` says what is not done with it, in the caller's words ("not
        written", "release not written"); `skippable` False for a caller with
        no `--no-validate` to point to (publish). Does nothing for a Project
        made with validate=False (`--no-validate`).
        """
        if not self.validate:
            return
        verdict = self.verdict()
        command = "nkkg validate" + (f" --data {self.data_dir}" if self._given_data else "")
        findings = verdict.ontology_findings
        if findings:
            more = f"; and {len(findings) - 2} more" if len(findings) > 2 else ""
            raise ValidationFailed(
                f"the ontology fails {len(findings)} check(s), {refused}: "
                + "; ".join(findings[:2])
                + more
                + f" (`{command} --ontology` lists them all)"
            )
        report = verdict.report
        if not report.conforms:
            count = report.count("Violation")
            noun = "violation" if count == 1 else "violations"
            raise ValidationFailed(
                f"the graph has {count} SHACL {noun}, {refused}: "
                + first_results_line(report, base=self.base)
                + f" (`{command}` lists them all"
                + ("; `--no-validate` skips the check)" if skippable else ")"),
                report,
            )

    def validated_graph(self, refused: str = "not used", *, skippable: bool = True) -> Graph:
        """The graph, once it has passed validation (unless validate=False); see check()."""
        self.check(refused, skippable=skippable)
        return self.graph

    def query(
        self, name_or_text: str | Path, /, *, engine: str | None = None, **params: str | int
    ) -> Answer:
        """Run a saved query (by name), a .rq file or SPARQL text on the validated graph.

        >>> Project().query("first-level-in-year", year=1985).rows[0][0]
        rdflib.term.URIRef('https://w3id.org/nkkg/id/pyongyang')

        SELECT gives rows (`.variables`, `.rows`), ASK an AskResult (`.boolean`),
        CONSTRUCT and DESCRIBE a GraphResult (`.triples`); kg.sparql.execute does
        the same on a file, a store or an endpoint.
        """
        from kg.sparql.engines import execute

        if engine == "rdflib":
            return execute(name_or_text, params, graph=self.validated_graph("not queried"),
                           engine=engine, base=self.base)  # fmt: skip
        return execute(name_or_text, params, store=self.store(), base=self.base)

    @cached_property
    def _store(self) -> ox.Store:
        store = ox.Store()
        store.bulk_load(self.nt, format=ox.RdfFormat.N_TRIPLES)
        return store

    def store(self) -> ox.Store:
        """The validated graph in an in-memory pyoxigraph Store, for queries (built once)."""
        self.check("not queried")
        return self._store

    def serialize(self, fmt: str | formats.RdfFormat = "turtle") -> bytes:
        """The validated graph in one of the registry's formats, byte-stable."""
        self.check()
        rdf_format = fmt if isinstance(fmt, formats.RdfFormat) else formats.get(fmt)
        if rdf_format.name == "nt":
            return self.nt  # already the nt writer's output: not written twice
        return rdf_format.write(self.nt, self.base)

    def write(
        self,
        out: str | Path | None = None,
        *,
        fmt: str | formats.RdfFormat | None = None,
        store_dir: str | Path | None = None,
    ) -> BuildResult:
        """Validate, serialize and write the graph atomically; `nkkg build` in one call.

        Without `fmt` the format follows `out`'s extension (Turtle otherwise);
        formats.for_output() refuses a contradiction, serialize.output_path() a
        path that is not a file. With `store_dir`, a pyoxigraph store too: both
        are written or neither (kg.store.local.staged_store).
        """
        rdf_format = formats.for_output(out, fmt)
        if out is not None:
            output_path(out)  # refuse a bad path before the (slow) validation
        if store_dir is not None:
            check_store_target(store_dir)
        payload = self.serialize(rdf_format)
        with self._staged(store_dir):
            self.progress(f"writing {rdf_format.name}", 0, None)
            path = write_atomic(out if out is not None else default_output(rdf_format), payload)
        periods = sum(len(r.periods) for r in self.dataset.records)
        return BuildResult(len(self.dataset.records), periods, len(self.rows), path)

    def write_shards(
        self,
        out: str | Path | None,
        *,
        size: int,
        fmt: str | formats.RdfFormat | None = "nt",
        store_dir: str | Path | None = None,
    ) -> BuildResult:
        """Validate, then write sorted N-Triples shards of at most `size` triples (see shards).

        The format follows `out`'s extension where `fmt` is None, and `store_dir`
        is written with them or not at all, as for write().
        """
        rdf_format = formats.for_output(out, fmt)
        if rdf_format.name != "nt":
            raise UsageError(
                f"--shard-size writes N-Triples only (--format nt, not {rdf_format.name})"
            )
        if store_dir is not None:
            check_store_target(store_dir)
        self.check()
        target = Path(out) if out is not None else default_output(rdf_format)
        with self._staged(store_dir):
            manifest, count = write_shards(self.nt, target, size)
        periods = sum(len(r.periods) for r in self.dataset.records)
        return BuildResult(len(self.dataset.records), periods, len(self.rows), manifest, count)

    def write_store(self, folder: str | Path) -> Path:
        """Validate, then write the graph to an on-disk pyoxigraph store (kg.store.local)."""
        self.check()
        return write_store(self.nt, folder)

    def _staged(self, store_dir: str | Path | None) -> AbstractContextManager[object]:
        """The store, loaded and held back until the block has written the graph file."""
        if store_dir is None:
            return nullcontext()
        self.check()
        self.progress("writing store", 0, None)
        return staged_store(self.nt, store_dir)

    @cached_property
    def _digest(self) -> str:
        """What the verdict depends on: the graph, the ontology and the shapes."""
        digest = hashlib.sha256()
        digest.update(self.nt)
        digest.update(_resources_digest())
        return digest.hexdigest()


@cache
def _resources_digest() -> bytes:
    # the packaged ontology and shapes do not change while a process runs
    digest = hashlib.sha256()
    for path in (ontology_path(), *sorted(resource_dir("shapes").glob("*.ttl"))):
        digest.update(path.read_bytes())
    return digest.digest()


@cache
def default_project() -> Project:
    """The Project of the packaged data, shared within a process (the data does not change)."""
    return Project()


def build(
    out: str | Path | None = None,
    *,
    fmt: str | None = None,
    base: str = DEFAULT_BASE,
    data: str | Path | None = None,
    validate: bool = True,
) -> BuildResult:
    """Build the graph from the input data, validate it, and write it atomically to `out`."""
    return Project(data, base=base, validate=validate).write(out, fmt=fmt)
