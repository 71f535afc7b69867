"""kg.views, the one read-back of the graph: the same objects from a Graph and from N-Triples,
the data's own lexical forms, odd claims, and the one rule for choosing a name."""

from __future__ import annotations

import dataclasses

import pyoxigraph as ox
from rdflib import XSD, Graph, Literal, Namespace, URIRef

from kg.rdf.formats import serialize
from kg.rdf.namespace import NKKG
from kg.views import Views, display, english, tagged

ID = Namespace("https://w3id.org/nkkg/id/")


def _everything(views: Views) -> tuple[object, ...]:
    return (
        [dataclasses.astuple(p) for p in views.places()],
        views.claims(),
        views.events(),
        views.entities(),
        views.sources,
    )


def test_a_graph_and_its_n_triples_give_the_same_views(graph: Graph) -> None:
    from_graph, from_nt = Views.of(graph), Views.of(serialize(graph, "nt"))
    assert _everything(from_graph) == _everything(from_nt)
    assert len(from_graph.places()) == 221 and len(from_graph.claims()) == 1222
    assert Views.of(from_graph) is from_graph


def test_the_views_keep_the_datas_lexical_forms(graph: Graph) -> None:
    """pyoxigraph writes 829.0 back as 829; the tables and comparisons show the data's 829.0."""
    copy = Graph()
    copy += graph
    area = next(iter(copy.objects(ID.nampo, NKKG.areaKm2)))
    copy.remove((ID.nampo, NKKG.areaKm2, area))
    copy.add((ID.nampo, NKKG.areaKm2, Literal("829.0", datatype=XSD.decimal)))
    views = Views.of(copy)
    [nampo] = [p for p in views.places() if p.iri == ID.nampo]
    assert nampo.values["area_km2"] == "829.0"
    # the claim states 829, the plain triple 829.0: different terms, as rdflib compares them
    assert views.best_claims(ID.nampo, NKKG.areaKm2) == []
    # a Store given as it is answers as pyoxigraph writes its literals
    store = ox.Store()
    store.load(serialize(copy, "nt"), format=ox.RdfFormat.N_TRIPLES)
    [as_stored] = [p for p in Views(store).places() if p.iri == ID.nampo]
    assert as_stored.values["area_km2"] == "829"


def test_odd_claims_show_nothing_but_their_subject_has_claims() -> None:
    graph = Graph()
    division = URIRef(str(ID) + "somewhere")
    claim = URIRef(str(ID) + "somewhere-claim-1")
    marker = URIRef(str(ID) + "somewhere-claim-2")
    graph.add((division, NKKG.claim, claim))  # no property, no value
    graph.add((division, NKKG.claim, marker))
    graph.add((marker, NKKG.claimProperty, NKKG.isoCode))
    graph.add((marker, NKKG.claimValue, NKKG.NoValue))
    graph.add((division, NKKG.isoCode, NKKG.NoValue))
    views = Views.of(graph)
    assert views.subjects() == [division]
    [only] = views.claims(division)
    assert (only.iri, only.best, only.rank) == (marker, True, None)
    assert views.best_claims(division, NKKG.isoCode) == []  # "no value" is never a value
    [entity] = views.entities()  # no labels, no kind: linking still knows it
    assert (entity.id, entity.kind_label, entity.labels) == ("somewhere", "(none)", {})
    assert views.places() == []  # no kind of division: no place of the tables


def test_one_rule_for_a_name() -> None:
    names = tagged([Literal("b", lang="en"), Literal("a", lang="EN"), Literal("z"), URIRef("x:y")])
    assert names == [("b", "en"), ("a", "en"), ("z", "")]
    assert english(names) == "a"  # the least English text, whatever the order
    assert english([("z", ""), ("b", "ko")]) is None
    assert english([("z", ""), ("b", "en")], untagged=True) == "b"
    assert english([("평양", "ko-hang")], lang="ko-Hang") == "평양"
    assert display([("平壤", "ko-hani"), ("평양", "ko-hang")]) == "평양"  # the least tag
    assert display([]) is None
