"""The ontology's own lint, in the spirit of ROBOT's report.

Every declared nkkg: term has exactly one English rdfs:label and one English
skos:definition; no two terms share an English label; the header has a
title, description, licence and version; and every nkkg: term that the
ontology, the data or the shapes (their SPARQL included) use is declared.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS
from rdflib.term import Node

from kg.graph.ontology import load_ontology, ontology_for
from kg.graph.terms import compact, from_oxigraph
from kg.rdf.namespace import NKKG, ONTOLOGY_IRI

# rdf:type values that declare a term of the ontology.
DECLARATIONS = frozenset(
    {
        OWL.Class,
        RDFS.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        RDF.Property,
        OWL.NamedIndividual,
        SKOS.ConceptScheme,
    }
)
HEADER = (
    (DCTERMS.title, "dct:title"),
    (DCTERMS.description, "dct:description"),
    (DCTERMS.license, "dct:license"),
    (OWL.versionIRI, "owl:versionIRI"),
    (OWL.versionInfo, "owl:versionInfo"),
)


def declared_terms(ontology: Graph) -> set[URIRef]:
    """The nkkg: terms the ontology declares (typed as a class, property, individual or scheme)."""
    return {
        s
        for s, o in ontology.subject_objects(RDF.type)
        if isinstance(s, URIRef) and str(s).startswith(str(NKKG)) and o in DECLARATIONS
    }


def check_ontology(
    ontology: Graph | None = None,
    *,
    data: Graph | None = None,
    shapes: Graph | None = None,
) -> list[str]:
    """ROBOT-report-style findings, one line each; an empty list means the ontology passes.

    Every declared nkkg: term has exactly one English rdfs:label and one English
    skos:definition; no two terms share an English label (ignoring case); the
    header has a title, description, licence and version; and every nkkg: term
    that the ontology itself, the data or the shapes use is declared.
    """
    onto = ontology if ontology is not None else load_ontology()
    uses = [
        (where, _nkkg_terms(graph))
        for where, graph in (("ontology", onto), ("data", data), ("shapes", shapes))
        if graph is not None
    ]
    return _findings(onto, uses)


def _findings(onto: Graph, uses: list[tuple[str, set[URIRef]]]) -> list[str]:
    findings: list[str] = []
    declared = declared_terms(onto)
    findings.extend(_header_findings(onto))
    by_label: dict[str, list[URIRef]] = defaultdict(list)
    for term in sorted(declared):
        name = compact(term)
        labels = _english(onto.objects(term, RDFS.label))
        definitions = _english(onto.objects(term, SKOS.definition))
        if len(labels) != 1:
            findings.append(
                f"{name}: {len(labels)} English rdfs:label values (expected exactly one)"
            )
        if len(definitions) != 1:
            findings.append(
                f"{name}: {len(definitions)} English skos:definition values (expected exactly one)"
            )
        for label in labels:
            by_label[" ".join(label.lower().split())].append(term)
    for label, sharing in sorted(by_label.items()):
        if len(sharing) > 1:
            shared = ", ".join(compact(t) for t in sharing)
            findings.append(f"{shared} share the English label '{label}'")
    for where, terms in uses:
        for term in sorted(terms - declared):
            findings.append(f"{compact(term)} is used by the {where} but not declared")
    return findings


def _header_findings(onto: Graph) -> list[str]:
    headers = [s for s in onto.subjects(RDF.type, OWL.Ontology) if str(s) == ONTOLOGY_IRI]
    if not headers:
        return [f"no owl:Ontology header for <{ONTOLOGY_IRI}>"]
    header = headers[0]
    return [
        f"ontology header: no {name}"
        for predicate, name in HEADER
        if onto.value(header, predicate) is None
    ]


def _english(values: Iterable[Node]) -> list[str]:
    return sorted(
        str(v)
        for v in values
        if isinstance(v, Literal) and (v.language or "").lower().split("-")[0] == "en"
    )


_PREFIXED_TERM = re.compile(r"\bnkkg:([A-Za-z_][A-Za-z0-9_]*)")


def _nkkg_terms(graph: Graph) -> set[URIRef]:
    """nkkg: IRIs in the graph, and nkkg: names in its SPARQL texts (sh:select, sh:ask)."""
    namespace = str(NKKG)
    terms = {
        node
        for triple in graph
        for node in triple
        if isinstance(node, URIRef) and str(node).startswith(namespace)
    }
    for predicate in (SH.select, SH.ask):
        for text in graph.objects(None, predicate):
            terms.update(URIRef(namespace + name) for name in _PREFIXED_TERM.findall(str(text)))
    return terms


def check_graph_ontology(graph: Graph, shapes: Graph | None = None) -> list[str]:
    """The ontology checks for a graph: against its own ontology if it carries one
    (as `nkkg build` output does), else against the packaged one merged with it."""
    own = ontology_for(graph)
    onto = graph if own is None else own + graph
    return check_ontology(onto, data=graph, shapes=shapes)


def check_store_ontology(store: ox.Store, shapes: Graph | None = None) -> list[str]:
    """check_graph_ontology for a graph in a pyoxigraph store, without an rdflib copy of it.

    Only the triples about the ontology's terms (and its header) come out of the
    store; the nkkg: terms the data uses are found by queries.
    """
    about = ox.NamedNode(ONTOLOGY_IRI)
    carries_own = any(store.quads_for_pattern(about, ox.NamedNode(str(RDF.type)), None))
    described = store.query(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER (isIRI(?s) && "
        f'STRSTARTS(STR(?s), "{ONTOLOGY_IRI}")) }}'
    )
    assert isinstance(described, ox.QueryTriples)
    onto = Graph() if carries_own else load_ontology()
    for triple in described:
        onto.add(
            (
                from_oxigraph(triple.subject),
                from_oxigraph(triple.predicate),
                from_oxigraph(triple.object),
            )
        )
    used = _store_terms(store)
    terms = used if carries_own else used | _nkkg_terms(onto)
    uses = [("ontology", terms), ("data", used)]
    if shapes is not None:
        uses.append(("shapes", _nkkg_terms(shapes)))
    return _findings(onto, uses)


def _store_terms(store: ox.Store) -> set[URIRef]:
    """nkkg: IRIs anywhere in the store, and nkkg: names in its SPARQL texts."""
    namespace = str(NKKG)
    test = f'FILTER (isIRI(?t) && STRSTARTS(STR(?t), "{namespace}"))'
    query = (
        f"SELECT DISTINCT ?t WHERE {{ {{ ?t ?p ?o {test} }} UNION {{ ?s ?t ?o {test} }} "
        f"UNION {{ ?s ?p ?t {test} }} }}"
    )
    found = store.query(query)
    assert isinstance(found, ox.QuerySolutions)
    terms = {URIRef(row["t"].value) for row in found}
    for predicate in (SH.select, SH.ask):
        for quad in store.quads_for_pattern(None, ox.NamedNode(str(predicate)), None):
            names = _PREFIXED_TERM.findall(str(from_oxigraph(quad.object)))
            terms.update(URIRef(namespace + name) for name in names)
    return terms
