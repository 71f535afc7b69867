"""`nkkg publish`: write every file of a release into a folder, all or nothing.

The files are made in memory, written into a temporary folder beside the
target, and the folder is renamed into place at the end: a reader never sees
a half-written release, and a failed publish leaves the previous one intact.
Nothing depends on the clock: the version comes from the data, and the issue
date only from `issued`.
"""

from __future__ import annotations

import datetime
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import OWL

from kg.errors import NkkgError
from kg.graph.namespace import DEFAULT_BASE, ONTOLOGY_IRI
from kg.publish.geo import geojson, lpf
from kg.publish.graphdata import places
from kg.publish.metadata import metadata_turtle, sha256sums
from kg.publish.rdf import dumps, rdf_files
from kg.publish.tables import table_files
from kg.timetravel.release import release_files as timetravel_files

RELEASE_MARKER = "SHA256SUMS"


@dataclass(frozen=True)
class PublishResult:
    path: Path
    files: dict[str, int]  # relative path -> byte size

    def summary(self) -> str:
        total = sum(self.files.values())
        return f"published {len(self.files)} files ({total} bytes) -> {self.path}"


def release_graph(data: str | Path | None = None, base: str = DEFAULT_BASE) -> Graph:
    """The validated graph of the input data, from the one pipeline (kg.Project)."""
    from kg.pipeline import Project
    from kg.validation.shacl import ValidationFailed

    try:
        return Project(data, base).validated_graph()
    except ValidationFailed as err:
        # a release is always validated: publish has no --no-validate to point to
        message = str(err).replace("; `--no-validate` skips the check", "")
        raise NkkgError(message.replace(", not written:", ", release not written:")) from None


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
        raise NkkgError(f"--issued '{issued}': expected a date as YYYY-MM-DD") from None


def release_files(
    graph: Graph,
    *,
    base: str = DEFAULT_BASE,
    issued: str | None = None,
    previous: Graph | None = None,
    endpoint: str | None = None,
) -> dict[str, bytes]:
    """Every file of the release, relative path -> bytes."""
    from kg.publish.diff import changes_text, diff
    from kg.publish.site import site_files

    issued = check_issued(issued)
    if endpoint is not None and not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", endpoint):
        raise NkkgError(f"--endpoint '{endpoint}': expected an http(s) URL")
    files: dict[str, bytes] = {}
    files.update(rdf_files(graph, base))
    files.update(table_files(graph, base))
    time_travel = timetravel_files(graph, base)  # issue 22: crosswalks/*, site/at/*
    files.update({k: v for k, v in time_travel.items() if not k.startswith("site/")})
    files["nkkg.geojson"] = dumps(geojson(graph, base))
    files["nkkg.lpf.json"] = dumps(lpf(graph, base))
    if previous is not None:
        files["CHANGES"] = changes_text(diff(previous, graph, base), base).encode("utf-8")
    all_places = places(graph, base)
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
    )
    files.update(site_files(graph, base, files))
    files.update({k: v for k, v in time_travel.items() if k.startswith("site/")})
    files[RELEASE_MARKER] = sha256sums(files)
    return files


def publish(
    out: str | Path,
    graph: Graph | None = None,
    *,
    base: str = DEFAULT_BASE,
    issued: str | None = None,
    previous: str | Path | None = None,
    endpoint: str | None = None,
) -> PublishResult:
    """Write a complete release into `out` (replaced atomically if it holds an earlier one)."""
    target = Path(out)
    _check_target(target)
    old = _previous_graph(Path(previous)) if previous is not None else None
    files = release_files(
        graph if graph is not None else release_graph(base=base),
        base=base,
        issued=issued,
        previous=old,
        endpoint=endpoint,
    )
    parent = target.parent if str(target.parent) else Path(".")
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))
    try:
        for name, data in sorted(files.items()):
            path = tmp / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            path.chmod(0o644)
        for folder in [tmp, *(p for p in tmp.rglob("*") if p.is_dir())]:
            folder.chmod(0o755)
        if target.exists():
            backup = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=parent))
            backup.rmdir()
            target.rename(backup)
            tmp.rename(target)
            shutil.rmtree(backup)
        else:
            tmp.rename(target)
    except OSError as err:
        shutil.rmtree(tmp, ignore_errors=True)
        raise NkkgError(f"cannot write release {target}: {err.strerror}") from None
    return PublishResult(target, {n: len(d) for n, d in sorted(files.items())})


def _check_target(target: Path) -> None:
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise NkkgError(f"cannot write release {target}: folder {parent} does not exist")
    if target.exists():
        if not target.is_dir():
            raise NkkgError(f"cannot write release {target}: it is a file, not a folder")
        if any(target.iterdir()) and not (target / RELEASE_MARKER).is_file():
            raise NkkgError(
                f"cannot write release {target}: the folder is not empty and holds no "
                f"{RELEASE_MARKER}, so it is not an earlier release; choose another folder"
            )


def _previous_graph(path: Path) -> Graph:
    """The graph of an earlier release folder (its nkkg.ttl) or of an RDF file."""
    from kg.graph.reader import read_graph

    if path.is_dir():
        path = path / "nkkg.ttl"
    return read_graph(path)
