"""The released ontology as vocabulary tools read it: ROBOT's report, LOV's metadata.

ROBOT's `report` runs one SPARQL query per check and gives each a level in its
default profile; both are ontodev/robot's own files, vendored under
tests/vendor/robot (README there). Here they run on the release's ontology.ttl
with Oxigraph (ROBOT itself uses Jena): no ERROR-level row may remain.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, XSD

from kg.rdf.namespace import NKKG, ONTOLOGY_IRI

ROBOT = Path(__file__).parent / "vendor" / "robot"
ONTOLOGY = URIRef(ONTOLOGY_IRI)
WD_CAPITAL = URIRef("http://www.wikidata.org/entity/P36")
GEO_HAS_GEOMETRY = URIRef("http://www.opengis.net/ont/geosparql#hasGeometry")


def report(graph: Graph, level: str, only: set[str] | None = None) -> dict[str, list[str]]:
    """ROBOT's report at one level of its default profile: check -> entities found."""
    found = {}
    store = ox.Store()  # ROBOT runs the queries on Jena; Oxigraph reads them as they are
    store.load(graph.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    for line in (ROBOT / "report_profile.txt").read_text(encoding="utf-8").splitlines():
        check_level, name = line.split("\t")
        if check_level != level or (only is not None and name not in only):
            continue
        query = (ROBOT / "report_queries" / f"{name}.rq").read_text(encoding="utf-8")
        result = store.query(query)
        assert isinstance(result, ox.QuerySolutions)
        rows = sorted(str(row[0].value) for row in result)
        if rows:
            found[name] = rows
    return found


@pytest.fixture(scope="module")
def ontology(release: Path) -> Graph:
    return Graph().parse(release / "ontology.ttl")


def test_robots_report_has_no_error(ontology: Graph) -> None:
    assert report(ontology, "ERROR") == {}


def test_robots_report_finds_a_missing_label_and_a_missing_title(ontology: Graph) -> None:
    broken = Graph()
    broken += ontology
    broken.remove((GEO_HAS_GEOMETRY, RDFS.label, None))  # the release used to miss it
    broken.remove((NKKG.seat, RDFS.label, None))
    broken.remove((ONTOLOGY, DCTERMS.title, None))
    assert report(broken, "ERROR", {"missing_label", "missing_ontology_title"}) == {
        "missing_label": [str(GEO_HAS_GEOMETRY), str(NKKG.seat)],
        "missing_ontology_title": [ONTOLOGY_IRI],
    }


def test_every_term_is_defined_by_the_ontology(ontology: Graph) -> None:
    terms = {s for s in ontology.subjects(RDF.type, None) if str(s).startswith(str(NKKG))}
    assert len(terms) >= 64
    assert {t for t in terms if (t, RDFS.isDefinedBy, ONTOLOGY) not in ontology} == set()


def test_lov_metadata_agents_and_dates(ontology: Graph) -> None:
    agent = URIRef("https://w3id.org/nkkg/")
    assert ontology.value(ONTOLOGY, DCTERMS.creator) == agent
    assert ontology.value(ONTOLOGY, DCTERMS.publisher) == agent
    assert (agent, RDF.type, FOAF.Agent) in ontology
    assert ontology.value(agent, FOAF.name) == Literal("nkkg contributors")
    assert ontology.value(ONTOLOGY, DCTERMS.issued) == Literal("2026-11-24", datatype=XSD.date)
    assert ontology.value(ONTOLOGY, OWL.versionInfo) is not None


def test_capital_and_seat_are_mapped_honestly(ontology: Graph) -> None:
    # the capital is a city, as Wikidata's capital (P36); the seat is a district
    assert (NKKG.capital, SKOS.exactMatch, WD_CAPITAL) in ontology
    assert (NKKG.seat, SKOS.exactMatch, WD_CAPITAL) not in ontology
    assert (NKKG.seat, SKOS.closeMatch, WD_CAPITAL) in ontology
