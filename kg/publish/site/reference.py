"""Reference pages written from the graph: the ontology, the SHACL constraints, the saved queries.

Also the list of sources, where the sources' IRIs resolve (the .htaccess that
w3id.org's redirect needs is kg.publish.site.iris).
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS
from rdflib.term import Node

from kg.publish.rdf import compact_iri
from kg.publish.site.html import esc, esc_text, page, table
from kg.publish.site.terms import anchor, term_link
from kg.rdf.namespace import DEFAULT_BASE, NKKG
from kg.views import Views, english, slug, tagged

_PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)


def _en(graph: Graph, subject: URIRef, prop: URIRef) -> str:
    """The English (or untagged) text of a term's label, definition or comment, else ""."""
    return english(tagged(graph.objects(subject, prop)), untagged=True) or ""


def _terms(graph: Graph, types: tuple[URIRef, ...]) -> list[URIRef]:
    ns = str(NKKG)
    found = {s for t in types for s in graph.subjects(RDF.type, t)}
    return sorted(s for s in found if isinstance(s, URIRef) and str(s).startswith(ns))


def ontology_page(
    graph: Graph, shapes: Graph, base: str = DEFAULT_BASE, *, views: Views | None = None
) -> str:
    """Every nkkg class and property, the kind scheme in all scripts, the constraints in words.

    The ontology's own statements (classes, properties, definitions, domains) are read
    from `graph`; the kinds' names and the terms' labels through the views.
    """
    views = views or Views.of(graph, base)
    short = lambda iri: compact_iri(str(iri), base)  # noqa: E731
    ontology = URIRef(str(NKKG)[:-1])
    version = graph.value(ontology, OWL.versionIRI)
    parts = [
        f"<p>Ontology IRI: <code>{esc(ontology)}</code>"
        + (f" · version IRI: <code>{esc(version)}</code>" if version is not None else "")
        + ' · the ontology alone: <a href="../ontology.ttl">ontology.ttl</a>. Terms are '
        f"<code>{esc(NKKG)}NAME</code>; each has its row below, <code>#NAME</code>.</p>",
        f"<p>{esc_text(_en(graph, ontology, RDFS.comment))}</p>",
    ]
    anchored: set[str] = set()

    def term(iri: URIRef) -> str:
        """The term's prefixed name, with the term's anchor on its first row."""
        local = anchor(iri)
        if local is None or local in anchored:
            return f"<code>{esc(short(iri))}</code>"
        anchored.add(local)
        return f'<code id="{esc(local)}">{esc(short(iri))}</code>'

    def links(iris: Iterable[Node]) -> str:
        return ", ".join(term_link(views, i, "", base) for i in sorted(iris, key=str))

    parts.append("<h2>Classes</h2>")
    rows = [
        [
            term(c),
            esc_text(_en(graph, c, RDFS.label)),
            esc_text(_en(graph, c, SKOS.definition)),
            links(graph.objects(c, RDFS.subClassOf)),
        ]
        for c in _terms(graph, (OWL.Class,))
    ]
    parts.append(table(["class", "label", "definition", "subclass of"], rows, raw=True))
    parts.append("<h2>Properties</h2>")
    rows = [
        [
            term(p),
            esc_text(_en(graph, p, RDFS.label)),
            esc_text(_en(graph, p, SKOS.definition)),
            links(graph.objects(p, RDFS.domain)),
            links(graph.objects(p, RDFS.range)),
        ]
        for p in _terms(graph, _PROPERTY_TYPES)
    ]
    parts.append(table(["property", "label", "definition", "domain", "range"], rows, raw=True))
    parts.append("<h2>Kinds of division (SKOS scheme nkkg:DivisionKinds)</h2>")
    rows = []
    for concept in [NKKG.DivisionKinds, *_terms(graph, (SKOS.Concept,))]:
        labels = views.kind_labels(concept) or {"en": _en(graph, concept, RDFS.label)}
        names = "<br>".join(
            f'<span lang="{esc(k)}">{esc(v)}</span> ({esc(k)})' for k, v in labels.items()
        )
        rows.append([term(concept), names, links(graph.objects(concept, SKOS.broader))])
    parts.append(table(["concept", "names in all scripts", "broader"], rows, raw=True))
    parts.append("<h2>Named individuals</h2>")
    rows = [
        [
            term(i),
            esc_text(_en(graph, i, RDFS.label)),
            esc_text(_en(graph, i, SKOS.definition)),
            links(t for t in graph.objects(i, RDF.type) if t != OWL.NamedIndividual),
        ]
        for i in _terms(graph, (OWL.NamedIndividual,))
    ]
    parts.append(table(["individual", "label", "definition", "type"], rows, raw=True))
    parts.append("<h2>Constraints (SHACL shapes, in words)</h2>")
    rows = []
    # the shapes, what a reader of the data needs; not the comments on their SPARQL
    # constraints, which are notes for developers (engine behaviour, timings)
    kinds = (SH.NodeShape, SH.PropertyShape)
    for shape in sorted(
        {
            s
            for s in shapes.subjects(RDFS.comment)
            if isinstance(s, URIRef) and any((s, RDF.type, k) in shapes for k in kinds)
        },
        key=str,
    ):
        rows.append(
            [compact_iri(str(shape), base).rsplit("#", 1)[-1], _en(shapes, shape, RDFS.comment)]
        )
    parts.append(table(["shape", "what it requires"], rows))
    return page("nkkg ontology", "\n".join(parts))


def queries_page(graph: Graph, base: str = DEFAULT_BASE, *, store: ox.Store | None = None) -> str:
    """Each saved query with its text, its parameters and its answer on this release.

    `store` holds the graph in pyoxigraph (made from `graph` when not given).
    """
    from kg.graph.terms import oxigraph_store
    from kg.sparql import run_query, saved_queries, table_rows

    if store is None:  # pyoxigraph answers in milliseconds where rdflib takes 0.4 s
        store = oxigraph_store(graph)
    parts = []
    for q in saved_queries():
        parts.append(f'<h2 id="{esc(q.name)}">{esc(q.name)}: {esc(q.title)}</h2>')
        parts.append(f"<p>{esc(q.answers)}</p>")
        if q.parameters:
            parts.append(
                table(
                    ["parameter", "type", "default", "meaning"],
                    [
                        [p.name, p.type, p.default or "(required)", p.description]
                        for p in q.parameters
                    ],
                )
            )
        parts.append(f"<pre><code>{esc(q.text)}</code></pre>")
        if q.federated:
            parts.append(
                '<p class="note">Asks Wikidata through SERVICE, so it has no '
                "answer stored in this release; run it with <code>nkkg query</code>.</p>"
            )
            continue
        result = run_query(q, q.defaults, store=store, base=base)
        shown = ", ".join(f"{k} = {v}" for k, v in sorted(q.defaults.items()))
        parts.append(
            f"<p>Answer on this release{esc(' (' + shown + ')' if shown else '')}: "
            f"{len(result.rows)} rows.</p>"
        )
        parts.append(table(list(result.variables), table_rows(result, base)))
    return page("Saved queries", "\n".join(parts))


def sources_page(graph: Graph, base: str = DEFAULT_BASE, *, views: Views | None = None) -> str:
    """Every source the claims cite, each row the anchor of the source's IRI."""
    urls = (views or Views.of(graph, base)).source_urls()
    found = sorted(urls.items(), key=lambda kv: str(kv[0]))
    found = [(iri, title_url) for iri, title_url in found if str(iri).startswith(base)]
    rows = [
        [
            f"<code>{esc(slug(iri, base))}</code>",
            esc_text(title),
            f'<a href="{esc(url)}">{esc(url)}</a>',
        ]
        for iri, (title, url) in found
    ]
    body = table(
        ["source", "title", "where to read it"],
        rows,
        raw=True,
        ids=[slug(i, base) for i, _ in found],
    )
    return page("Sources", "<p>The sources that the claims cite.</p>\n" + body)
