"""A crosswalk as an XKOS correspondence: the vocabulary statistical offices use for them.

One xkos:Correspondence compares two concept schemes (the units of a level
valid at A and at B) and is made of one xkos:ConceptAssociation per row of
the table, with its source and target unit, the relation (dct:type, as the
table words it), its certainty and share (skos:note), the change events it
rests on (prov:wasDerivedFrom) and their sources (dct:source). Written
sorted by pyoxigraph, so the same graph gives the same bytes.
"""

from __future__ import annotations

from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from kg.graph.rows import Row, iri, lang_literal, plain_literal, serialize_rows, sort_rows
from kg.timetravel.crosswalk import Crosswalk

XKOS = "http://rdf-vocabulary.ddialliance.org/xkos#"


def scheme(walk: Crosswalk, text: str) -> str:
    return f"{walk.timeline.base}units-level-{walk.level}-at-{text}"


def correspondence_rows(walk: Crosswalk) -> list[Row]:
    """The correspondence as rows of N-Triples terms."""
    tl = walk.timeline
    node = f"{tl.base}crosswalk-level-{walk.level}-{walk.first.text}-to-{walk.last.text}"
    title = f"Level-{walk.level} units at {walk.first.text} to those at {walk.last.text}"
    rows: list[Row] = [
        (node, str(RDF.type), iri(XKOS + "Correspondence")),
        (node, str(SKOS.prefLabel), lang_literal(title, "en")),
    ]
    for text in (walk.first.text, walk.last.text):
        concepts = scheme(walk, text)
        rows.append((node, XKOS + "compares", iri(concepts)))
        rows.append((concepts, str(RDF.type), iri(str(SKOS.ConceptScheme))))
        rows.append(
            (
                concepts,
                str(SKOS.prefLabel),
                lang_literal(f"level-{walk.level} units at {text}", "en"),
            )
        )
    for number, a in enumerate(walk.associations, start=1):
        item = f"{node}-{number:03d}"
        rows.append((node, XKOS + "madeOf", iri(item)))
        rows.append((item, str(RDF.type), iri(XKOS + "ConceptAssociation")))
        names = []
        for prop, unit in ((XKOS + "sourceConcept", a.source), (XKOS + "targetConcept", a.target)):
            if unit is not None:
                rows.append((item, prop, iri(unit.iri)))
            names.append(tl.name(unit.iri) if unit is not None else "(none)")
        label = f"{names[0]} ({walk.first.text}) to {names[1]} ({walk.last.text}): {a.relation}"
        rows.append((item, str(RDFS.label), lang_literal(label, "en")))
        rows.append((item, str(DCTERMS.type), plain_literal(a.relation)))
        rows.append((item, str(SKOS.note), lang_literal(f"certainty: {a.certainty}", "en")))
        if a.share:
            rows.append((item, str(SKOS.note), lang_literal(a.share, "en")))
        for event in a.events:
            rows.append((item, str(PROV.wasDerivedFrom), iri(event.iri)))
            rows += [(item, str(DCTERMS.source), iri(s)) for s in event.sources]
    return sort_rows(set(rows))


def to_turtle(walk: Crosswalk) -> bytes:
    return serialize_rows(correspondence_rows(walk), "turtle", walk.timeline.base)
