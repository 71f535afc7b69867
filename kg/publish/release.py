"""`nkkg publish`: write every file of a release into a folder, all or nothing.

The files are made in memory, written into a temporary folder beside the
target, and the folder is renamed into place at the end: a reader never sees
a half-written release, and a failed publish leaves the previous one intact.
Nothing depends on the clock: the version comes from the data, and the issue
date only from `issued`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import OWL

from kg.errors import NkkgError, UsageError
from kg.graph.ontology import load_ontology
from kg.publish.folder import MANIFEST, check_replaceable, release_target, write_folder
from kg.publish.geo import geojson, lpf
from kg.publish.metadata import metadata_turtle, sha256sums
from kg.publish.rdf import dumps, rdf_files
from kg.publish.site.years import year_pages
from kg.publish.tables import table_files
from kg.rdf.formats import serialize
from kg.rdf.namespace import DEFAULT_BASE, ONTOLOGY_IRI, RELEASE_URL, is_http_iri
from kg.timetravel.facts import timeline_of
from kg.timetravel.release import crosswalk_files
from kg.views import Views

if TYPE_CHECKING:
    from kg.pipeline import Project

RELEASE_MARKER = MANIFEST


@dataclass(frozen=True)
class PublishResult:
    path: Path
    files: dict[str, int]  # relative path -> byte size

    def summary(self) -> str:
        total = sum(self.files.values())
        return f"published {len(self.files)} files ({total} bytes) -> {self.path}"


def release_project(data: str | Path | None = None, base: str = DEFAULT_BASE) -> Project:
    """The one pipeline (kg.Project) of the input data, its graph validated."""
    from kg.pipeline import Project

    project = Project(data, base=base)
    # a release is always validated: publish has no --no-validate to point to
    project.validated_graph("release not written", skippable=False)
    return project


def release_graph(data: str | Path | None = None, base: str = DEFAULT_BASE) -> Graph:
    """The validated graph of the input data, from the one pipeline (kg.Project)."""
    return release_project(data, base).validated_graph("not written")


def data_version(graph: Graph) -> str:
    """The ontology's owl:versionInfo, which versions the data built with it."""
    from rdflib import URIRef

    value = graph.value(URIRef(ONTOLOGY_IRI), OWL.versionInfo)
    return str(value) if value is not None else "unversioned"


def check_issued(issued: str | None) -> str | None:
    if issued is None:
        return None
    try:
        return datetime.date.fromisoformat(issued).isoformat()
    except ValueError:
        raise UsageError(f"--issued '{issued}': expected a date as YYYY-MM-DD") from None


def release_files(
    graph: Graph,
    *,
    base: str = DEFAULT_BASE,
    issued: str | None = None,
    previous: Graph | None = None,
    endpoint: str | None = None,
    release_url: str = RELEASE_URL,
    views: Views | None = None,
    store: ox.Store | None = None,
) -> dict[str, bytes]:
    """Every file of the release, relative path -> bytes.

    `views` (kg.views: the graph read back) and `store` (the graph in a pyoxigraph Store,
    for the time-travel queries and the site's saved queries) are made from `graph` when
    not given; publish makes them from the Project's own N-Triples and Store.
    """
    from kg.graph.terms import oxigraph_store
    from kg.publish.diff import changes_text, diff
    from kg.publish.site import site_files

    issued = check_issued(issued)
    if endpoint is not None and not is_http_iri(endpoint):
        raise NkkgError(f"--endpoint '{endpoint}': expected an http(s) URL")
    if not is_http_iri(release_url) or any(c in release_url for c in "#?"):
        raise NkkgError(f"--base-url '{release_url}': expected an http(s) URL")
    release_url = release_url if release_url.endswith("/") else release_url + "/"
    # the graph read back once, handed to every writer that lists places, claims, periods
    # or events; one Store for the queries of the time travel and of the site
    views = views or Views.of(graph, base)
    store = store if store is not None else oxigraph_store(graph)
    all_places = views.places()
    files: dict[str, bytes] = {}
    files.update(rdf_files(graph, base))
    # the ontology alone, for vocabulary tools (LOV, ROBOT, pyLODE) and the
    # Accept: text/turtle redirect of the ontology IRI
    files["ontology.ttl"] = serialize(load_ontology(), "turtle", base)
    files.update(table_files(graph, base, views=views))
    timeline = timeline_of(store, base)  # the time travel's queries, on the one Store
    files.update(crosswalk_files(timeline))
    files["nkkg.geojson"] = dumps(geojson(graph, base, views=views))
    files["nkkg.lpf.json"] = dumps(lpf(graph, base, views=views))
    if previous is not None:
        files["CHANGES"] = changes_text(diff(previous, views, base), base).encode("utf-8")
    years = [y for p in all_places for period in p.periods for y in (period.start, period.end)]
    known = [y for y in years if y is not None]
    country = next((p for p in all_places if str(p.kind).endswith("#Country")), None)
    data_files = dict(files)
    files["metadata.ttl"] = metadata_turtle(
        data_files,
        version=data_version(graph),
        issued=issued,
        temporal_start=min(known) if known else None,
        country_qid=country.qid if country is not None else None,
        examples=[p.slug for p in all_places if p.wikidata is not None][:3],
        base=base,
        endpoint=endpoint,
        release_url=release_url,
    )
    files.update(site_files(graph, base, files, release_url, views=views, store=store))
    files.update(year_pages(timeline, graph, base, views=views))  # site/at/
    files[RELEASE_MARKER] = sha256sums(files)
    return files


def publish(
    out: str | Path,
    graph: Graph | Project | None = None,
    *,
    base: str = DEFAULT_BASE,
    issued: str | None = None,
    previous: str | Path | None = None,
    endpoint: str | None = None,
    release_url: str = RELEASE_URL,
) -> PublishResult:
    """Write a complete release into `out`, replacing it atomically only if nkkg wrote it.

    See kg.publish.folder: the folder must be empty or exactly a release by its
    SHA256SUMS; a symlinked `out` is followed and the link kept. `graph` is the validated
    graph, or the Project that validated it (default: the packaged data's), whose
    pyoxigraph Store the views then read.
    """
    given = Path(out)
    target = release_target(given)
    check_replaceable(given, target)
    old = _previous_graph(Path(previous)) if previous is not None else None
    if graph is None:
        graph = release_project(base=base)
    views, store = None, None
    if not isinstance(graph, Graph):  # a Project: its N-Triples and Store are made already
        base = graph.base  # the IRIs it minted
        views, store = Views.of(graph.nt, base), graph.store()
        graph = graph.validated_graph("not written")
    files = release_files(
        graph,
        base=base,
        issued=issued,
        previous=old,
        endpoint=endpoint,
        release_url=release_url,
        views=views,
        store=store,
    )
    check_replaceable(given, target)  # again: the user may have added a file meanwhile
    write_folder(given, target, files)
    return PublishResult(given, {n: len(d) for n, d in sorted(files.items())})


def _previous_graph(path: Path) -> Graph:
    """The graph of an earlier release folder (its nkkg.ttl) or of an RDF file."""
    from kg.graph.reader import read_graph

    if path.is_dir():
        path = path / "nkkg.ttl"
    return read_graph(path)
