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

from kg.rdf import formats, nt
from kg.rdf.nt import Row, iri, literal, sort_rows
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
        (node, str(SKOS.prefLabel), literal(title, lang="en")),
    ]
    for text in (walk.first.text, walk.last.text):
        concepts = scheme(walk, text)
        rows.append((node, XKOS + "compares", iri(concepts)))
        rows.append((concepts, str(RDF.type), iri(str(SKOS.ConceptScheme))))
        rows.append(
            (
                concepts,
                str(SKOS.prefLabel),
                literal(f"level-{walk.level} units at {text}", lang="en"),
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
        rows.append((item, str(RDFS.label), literal(label, lang="en")))
        rows.append((item, str(DCTERMS.type), literal(a.relation)))
        rows.append((item, str(SKOS.note), literal(f"certainty: {a.certainty}", lang="en")))
        if a.share:
            rows.append((item, str(SKOS.note), literal(a.share, lang="en")))
        for event in a.events:
            rows.append((item, str(PROV.wasDerivedFrom), iri(event.iri)))
            rows += [(item, str(DCTERMS.source), iri(s)) for s in event.sources]
    return sort_rows(set(rows))


def rows_turtle(rows: list[Row], base: str) -> bytes:
    """Rows as Turtle in nkkg's order, by the format registry's writer."""
    return formats.get("turtle").write(nt.text(sort_rows(rows)), base, None)


def to_turtle(walk: Crosswalk) -> bytes:
    return rows_turtle(correspondence_rows(walk), walk.timeline.base)
