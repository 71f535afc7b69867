"""Ontology terms on the site: shown by their English label, linked to their anchor.

Every nkkg term has an anchor on ontology.html (its local name as the id), so a
link to a term always lands on the row that defines it; terms of other
vocabularies are shown as prefixed names and linked to their own IRI.
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.publish.rdf import compact_iri
from kg.publish.site.html import esc
from kg.rdf.namespace import DEFAULT_BASE, NKKG
from kg.views import Views


def anchor(term: object) -> str | None:
    """The id of the term's row on ontology.html, or None for a term not of nkkg's."""
    text = str(term)
    return text[len(str(NKKG)) :] if text.startswith(str(NKKG)) else None


# The labels the W3C vocabularies give their own terms, for the ones the data uses
OTHER_LABELS = {
    str(RDF.type): "type",
    str(RDFS.label): "label",
    str(SKOS.altLabel): "alternative label",
    str(SKOS.exactMatch): "has exact match",
}


def term_label(views: Views, term: object, base: str = DEFAULT_BASE) -> str:
    """The term's English label (rdfs:label, else skos:prefLabel), else its prefixed name."""
    if str(term) in OTHER_LABELS:
        return OTHER_LABELS[str(term)]
    found = views.english_label(URIRef(str(term)), RDFS.label, SKOS.prefLabel)
    return found if found is not None else compact_iri(str(term), base)


def term_link(views: Views, term: object, root: str, base: str = DEFAULT_BASE) -> str:
    """An HTML link to the term's definition, showing its label (`root`: path to site/)."""
    name = esc(term_label(views, term, base))
    local = anchor(term)
    if local is not None:
        return f'<a href="{root}ontology.html#{esc(local)}">{name}</a>'
    if str(term).startswith("http"):
        return f'<a href="{esc(term)}">{name}</a>'
    return name
