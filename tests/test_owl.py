"""OWL tools read the ontology and the data one way.

A DL reasoner (HermiT, bundled with owlready2, on the JVM) finds the ontology
consistent on its own, and the ontology with the built data consistent with no
unsatisfiable class; a planted fault shows it would say otherwise.
pyowl2-profiles, a pure-Python OWL 2 profile checker, finds both in OWL 2 DL;
it checks less than a full checker (not the claim value's mix of IRIs and
literals, nor datatypes), so the declarations test checks what the profile
needs of nkkg: every predicate and class declared with one OWL kind, object
properties with IRIs, datatype properties with literals.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kg.graph.ontology import load_ontology
from kg.graph.serialize import serialize
from kg.rdf.namespace import GEO, NKKG

JAVA = shutil.which("java")
needs_java = pytest.mark.skipif(
    JAVA is None, reason="no java on PATH: HermiT, the OWL reasoner owlready2 bundles, runs on Java"
)

# OWL 2's datatype map (its structural specification, section 4): what a DL reasoner supports.
OWL2_DATATYPES = frozenset(
    {RDF.PlainLiteral, RDF.XMLLiteral, RDFS.Literal, OWL.real, OWL.rational}
    | {RDF.langString}  # RDF 1.1's type of language-tagged strings, read as rdf:PlainLiteral
    | {
        XSD[name]
        for name in (
            "decimal",
            "integer",
            "nonNegativeInteger",
            "nonPositiveInteger",
            "positiveInteger",
            "negativeInteger",
            "long",
            "int",
            "short",
            "byte",
            "unsignedLong",
            "unsignedInt",
            "unsignedShort",
            "unsignedByte",
            "double",
            "float",
            "string",
            "normalizedString",
            "token",
            "language",
            "Name",
            "NCName",
            "NMTOKEN",
            "boolean",
            "hexBinary",
            "base64Binary",
            "anyURI",
            "dateTime",
            "dateTimeStamp",
        )
    }
)

# Built-in vocabulary that OWL 2 itself gives a meaning; never declared.
BUILT_IN_PREDICATES = frozenset(
    {RDF.type, RDFS.label, RDFS.comment, RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain}
    | {RDFS.range, OWL.versionIRI, OWL.versionInfo}
)
BUILT_IN_TYPES = frozenset(
    {OWL.Class, OWL.Ontology, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
    | {OWL.NamedIndividual, RDFS.Datatype}
)
PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def owl_findings(graph: Graph) -> list[str]:
    """What OWL 2 DL needs and the graph lacks: one line per undeclared, doubly declared or
    wrongly used term."""
    findings = []
    kinds: dict[Node, set[URIRef]] = {}
    for term, kind in graph.subject_objects(RDF.type):
        if kind in (*PROPERTY_KINDS, OWL.Class, RDFS.Datatype) and isinstance(kind, URIRef):
            kinds.setdefault(term, set()).add(kind)
    for term, found in sorted(kinds.items()):
        if len(found & {*PROPERTY_KINDS, RDFS.Datatype}) > 1 or found >= {OWL.Class, RDFS.Datatype}:
            findings.append(f"{term} is declared as {sorted(found)}")
    for predicate in sorted(set(graph.predicates()) - BUILT_IN_PREDICATES):
        found = kinds.get(predicate, set()) & set(PROPERTY_KINDS)
        if not found:
            findings.append(f"predicate {predicate} is not declared with an OWL property kind")
        objects = list(graph.objects(None, predicate))
        if OWL.ObjectProperty in found and any(isinstance(o, Literal) for o in objects):
            findings.append(f"object property {predicate} has a literal value")
        if OWL.DatatypeProperty in found and not all(isinstance(o, Literal) for o in objects):
            findings.append(f"datatype property {predicate} has a non-literal value")
    classes = set(graph.objects(None, RDF.type)) - BUILT_IN_TYPES
    classes |= {c for pair in graph.subject_objects(RDFS.subClassOf) for c in pair}
    classes |= set(graph.objects(None, RDFS.domain))
    for prop, target in graph.subject_objects(RDFS.range):
        if OWL.ObjectProperty in kinds.get(prop, set()):
            classes.add(target)
        elif target not in OWL2_DATATYPES and RDFS.Datatype not in kinds.get(target, set()):
            findings.append(f"range {target} of {prop} is not an OWL 2 datatype")
    for cls in sorted(classes):
        if OWL.Class not in kinds.get(cls, set()):
            findings.append(f"class {cls} is not declared as owl:Class")
    return findings


def test_every_predicate_and_class_of_the_ontology_and_data_has_one_owl_kind(graph: Graph) -> None:
    assert owl_findings(graph) == []


def test_the_declarations_check_finds_the_old_claim_value_and_an_undeclared_class() -> None:
    ontology = load_ontology()
    ontology.remove((NKKG.claimValue, RDF.type, None))
    ontology.add((NKKG.claimValue, RDF.type, OWL.ObjectProperty))
    ontology.remove((URIRef("https://schema.org/Place"), RDF.type, OWL.Class))
    claim = URIRef("https://w3id.org/nkkg/id/pyongyang-population-1")
    ontology.add((claim, NKKG.claimValue, Literal(3255288)))
    assert owl_findings(ontology) == [
        "object property https://w3id.org/nkkg/ontology#claimValue has a literal value",
        "class https://schema.org/Place is not declared as owl:Class",
    ]


def test_the_only_literals_outside_owl2s_datatype_map_are_years_dates_and_points(
    graph: Graph,
) -> None:
    # Why HermiT needs --ignoreUnsupportedDatatypes for the data (docs/data-model.md, "OWL").
    outside = {
        o.datatype
        for o in graph.objects()
        if isinstance(o, Literal) and o.datatype is not None and o.datatype not in OWL2_DATATYPES
    }
    assert outside == {XSD.gYear, XSD.gYearMonth, XSD.date, GEO.wktLiteral}


def dl_violations(graph: Graph) -> list[tuple[str, str]]:
    """pyowl2-profiles' OWL 2 DL violations: (kind, IRI) pairs."""
    import pyoxigraph
    from pyowl2_profiles import detect_profiles

    store = pyoxigraph.Store()
    store.load(serialize(graph, "nt"), pyoxigraph.RdfFormat.N_TRIPLES)
    report = detect_profiles(store, graph_iri=None)["dl"]
    found = [(v["axiom_type"], v["subject_iri"]) for v in report["sample_violations"]]
    assert report["in_profile"] == (report["total_violations"] == 0 == len(found))
    return found


def test_the_ontology_and_data_are_in_the_owl2_dl_profile(graph: Graph) -> None:
    assert dl_violations(graph) == []


def test_the_profile_check_finds_an_undeclared_annotation_property() -> None:
    ontology = load_ontology()
    ontology.remove((SKOS.definition, RDF.type, OWL.AnnotationProperty))
    assert dl_violations(ontology) == [("undeclared-property", str(SKOS.definition))]


def hermit(path: Path, *, ignore_unsupported_datatypes: bool = False) -> list[object]:
    """Run HermiT on an N-Triples file; the unsatisfiable classes (raises if inconsistent)."""
    import owlready2

    world = owlready2.World()
    world.get_ontology(path.as_uri()).load(format="ntriples")
    owlready2.sync_reasoner_hermit(
        world, debug=0, ignore_unsupported_datatypes=ignore_unsupported_datatypes
    )
    return list(world.inconsistent_classes())


@pytest.mark.slow
@needs_java
def test_hermit_finds_the_ontology_consistent_without_any_switch(tmp_path: Path) -> None:
    path = tmp_path / "ontology.nt"
    path.write_bytes(serialize(load_ontology(), "nt"))
    assert hermit(path) == []


@pytest.mark.slow
@needs_java
def test_hermit_finds_the_ontology_and_data_consistent(graph: Graph, tmp_path: Path) -> None:
    path = tmp_path / "nkkg.nt"
    path.write_bytes(serialize(graph, "nt"))
    assert hermit(path, ignore_unsupported_datatypes=True) == []


@pytest.mark.slow
@needs_java
def test_hermit_finds_a_population_that_is_no_number_inconsistent(
    graph: Graph, tmp_path: Path
) -> None:
    import owlready2

    faulty = Graph()
    faulty += graph
    faulty.add((URIRef("https://w3id.org/nkkg/id/pyongyang"), NKKG.population, Literal("many")))
    path = tmp_path / "faulty.nt"
    path.write_bytes(serialize(faulty, "nt"))
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        hermit(path, ignore_unsupported_datatypes=True)
