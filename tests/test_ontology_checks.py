"""The ontology checks (`nkkg validate --ontology`), in the spirit of ROBOT's report."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS

from kg.graph.ontology import load_ontology
from kg.rdf.namespace import NKKG, NKKGSH, ONTOLOGY_IRI
from kg.validation.ontology_checks import check_ontology, declared_terms
from kg.validation.shapes import load_shapes

HEADER = URIRef(ONTOLOGY_IRI)
UNDECLARED = URIRef(str(NKKG) + "mayor")  # NKKG.mayor would raise: it is not declared


def test_the_ontology_passes_with_the_data_and_the_shapes(graph: Graph) -> None:
    assert check_ontology(load_ontology(), data=graph, shapes=load_shapes()) == []


def test_the_python_namespace_lists_exactly_the_declared_terms() -> None:
    declared = {str(term).removeprefix(str(NKKG)) for term in declared_terms(load_ontology())}
    assert declared == set(NKKG.__annotations__)
    assert len(declared) == 82  # 17 terms for dates, parents and second-level events; KuDistrict


def test_a_term_without_an_english_label() -> None:
    ontology = load_ontology()
    ontology.remove((NKKG.seat, RDFS.label, None))
    assert check_ontology(ontology) == [
        "nkkg:seat: 0 English rdfs:label values (expected exactly one)"
    ]


def test_a_term_with_two_english_labels() -> None:
    ontology = load_ontology()
    ontology.add((NKKG.seat, RDFS.label, Literal("capital", lang="en")))
    assert check_ontology(ontology) == [
        "nkkg:seat: 2 English rdfs:label values (expected exactly one)"
    ]


def test_a_label_in_another_language_is_fine() -> None:
    ontology = load_ontology()
    ontology.add((NKKG.seat, RDFS.label, Literal("소재지", lang="ko-hang")))
    assert check_ontology(ontology) == []


def test_a_term_without_a_definition() -> None:
    ontology = load_ontology()
    ontology.remove((NKKG.StatusPeriod, SKOS.definition, None))
    assert check_ontology(ontology) == [
        "nkkg:StatusPeriod: 0 English skos:definition values (expected exactly one)"
    ]


def test_an_individual_with_two_definitions() -> None:
    ontology = load_ontology()
    ontology.add((NKKG.UnknownValue, SKOS.definition, Literal("Unknown.", lang="en")))
    assert check_ontology(ontology) == [
        "nkkg:UnknownValue: 2 English skos:definition values (expected exactly one)"
    ]


def test_two_terms_with_one_label() -> None:
    ontology = load_ontology()
    ontology.set((NKKG.City, RDFS.label, Literal("Province", lang="en")))
    assert check_ontology(ontology) == [
        "nkkg:City, nkkg:Province share the English label 'province'"
    ]


def test_the_header() -> None:
    ontology = load_ontology()
    for predicate in (DCTERMS.title, DCTERMS.license, OWL.versionInfo):
        ontology.remove((HEADER, predicate, None))
    assert check_ontology(ontology) == [
        "ontology header: no dct:title",
        "ontology header: no dct:license",
        "ontology header: no owl:versionInfo",
    ]
    ontology.remove((HEADER, RDF.type, OWL.Ontology))
    assert check_ontology(ontology) == [f"no owl:Ontology header for <{ONTOLOGY_IRI}>"]


def test_an_undeclared_term_in_the_data(graph: Graph) -> None:
    data = Graph()
    data += graph
    data.add((URIRef("https://w3id.org/nkkg/id/kaesong"), UNDECLARED, Literal("unknown")))
    assert check_ontology(load_ontology(), data=data) == [
        "nkkg:mayor is used by the data but not declared"
    ]


def test_an_undeclared_term_in_the_ontology() -> None:
    ontology = load_ontology()
    ontology.add((NKKG.seat, RDFS.range, URIRef(str(NKKG) + "Seat")))
    assert check_ontology(ontology) == ["nkkg:Seat is used by the ontology but not declared"]


def test_an_undeclared_term_in_the_shapes_sparql() -> None:
    shapes = load_shapes()
    constraint = URIRef(NKKGSH + "CityNamesConstraint")
    query = str(shapes.value(constraint, SH.select))
    shapes.set((constraint, SH.select, Literal(query.replace("nkkg:kind", "nkkg:mayor"))))
    assert check_ontology(load_ontology(), shapes=shapes) == [
        "nkkg:mayor is used by the shapes but not declared"
    ]


def test_an_undeclared_term_in_the_shapes_graph() -> None:
    shapes = load_shapes()
    shapes.set((URIRef(NKKGSH + "ClaimShape"), SH.targetClass, URIRef(str(NKKG) + "Statement")))
    assert check_ontology(load_ontology(), shapes=shapes) == [
        "nkkg:Statement is used by the shapes but not declared"
    ]
