"""metadata.ttl against the DCAT-AP 3.0.1 SHACL shapes, the profile data portals harvest.

The shapes are SEMICeu/DCAT-AP's own file (releases/3.0.1/shacl/dcat-ap-SHACL.ttl),
vendored under tests/vendor/dcat-ap (README there); one pyshacl run each on the
release's metadata and on a copy with the faults the release used to have.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, SH, XSD

from kg.errors import NkkgError
from kg.publish import publish
from kg.publish.metadata import metadata_turtle

SHAPES = Path(__file__).parent / "vendor" / "dcat-ap" / "dcat-ap-SHACL.ttl"
SPDX_ALGORITHM = URIRef("http://spdx.org/rdf/terms#algorithm")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES)


def violations(data: Graph, shapes: Graph) -> Counter[tuple[str, str]]:
    """(path, message) of every sh:Violation, counted."""
    _, report, _ = validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    assert isinstance(report, Graph)
    return Counter(
        (str(report.value(r, SH.resultPath)), str(report.value(r, SH.resultMessage)))
        for r in report.subjects(SH.resultSeverity, SH.Violation)
    )


def test_metadata_has_no_dcat_ap_violation(release: Path, shapes: Graph) -> None:
    meta = Graph().parse(release / "metadata.ttl")
    catalog = URIRef("https://w3id.org/nkkg/catalog")
    assert (catalog, RDF.type, DCAT.Catalog) in meta
    assert meta.value(catalog, DCAT.dataset) == URIRef("https://w3id.org/nkkg/dataset")
    assert violations(meta, shapes) == Counter()


def test_the_shapes_refuse_what_the_release_used_to_write(release: Path, shapes: Graph) -> None:
    meta = Graph().parse(release / "metadata.ttl")
    dist = URIRef("https://w3id.org/nkkg/dataset/nkkg.ttl")
    size = meta.value(dist, DCAT.byteSize)
    assert isinstance(size, Literal)
    meta.remove((dist, DCAT.accessURL, None))
    meta.remove((dist, DCAT.byteSize, None))
    meta.add((dist, DCAT.byteSize, Literal(size.toPython(), datatype=XSD.integer)))
    meta.remove((None, RDF.type, DCTERMS.MediaType))
    meta.remove((None, RDF.type, DCTERMS.Location))
    meta.remove((URIRef("http://spdx.org/rdf/terms#checksumAlgorithm_sha256"), RDF.type, None))
    meta.remove((URIRef("https://w3id.org/nkkg/catalog"), DCTERMS.publisher, None))
    files = len(set(meta.subjects(RDF.type, DCAT.Distribution)))
    assert files == 26  # every file of the release but metadata.ttl and SHA256SUMS
    found = violations(meta, shapes)
    by_path: Counter[str] = Counter()
    for (path, _), n in found.items():
        by_path[path] += n
    assert by_path == {
        str(DCAT.accessURL): 1,
        str(DCAT.byteSize): 1,
        str(DCAT.mediaType): files,  # every distribution
        str(SPDX_ALGORITHM): files,
        str(DCTERMS.spatial): 1,
        str(DCTERMS.publisher): 1,
    }


def test_download_urls_follow_base_url(release: Path, graph: Graph, tmp_path: Path) -> None:
    files = {n: (release / n).read_bytes() for n in ("nkkg.ttl", "divisions.csv")}
    turtle = metadata_turtle(
        files,
        version="0.1.0",
        issued=None,
        temporal_start=None,
        country_qid=None,
        examples=[],
        release_url="https://example.org/nkkg/0.1.0/",
    )
    meta = Graph().parse(data=turtle, format="turtle")
    dist = URIRef("https://w3id.org/nkkg/dataset/divisions.csv")
    assert meta.value(dist, DCAT.downloadURL) == URIRef(
        "https://example.org/nkkg/0.1.0/divisions.csv"
    )
    assert meta.value(dist, DCAT.accessURL) == meta.value(dist, DCAT.downloadURL)
    with pytest.raises(NkkgError, match=r"^--base-url 'ftp://x/': expected an http\(s\) URL$"):
        publish(tmp_path / "s", graph, release_url="ftp://x/")
