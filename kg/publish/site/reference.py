"""Reference pages written from the graph: the ontology, the SHACL constraints, the saved queries.

Also the .htaccess that w3id.org's redirect needs: content negotiation from
https://w3id.org/nkkg/id/SLUG to the entity's HTML, Turtle or JSON-LD file.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.graph.namespace import DEFAULT_BASE, NKKG
from kg.publish.graphdata import kind_labels
from kg.publish.rdf import compact_iri
from kg.publish.site.html import esc, page, table

_PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)


def _en(graph: Graph, subject: URIRef, prop: URIRef) -> str:
    for value in sorted(graph.objects(subject, prop), key=str):
        if isinstance(value, Literal) and value.language in (None, "en"):
            return str(value)
    return ""


def _terms(graph: Graph, types: tuple[URIRef, ...]) -> list[URIRef]:
    ns = str(NKKG)
    found = {s for t in types for s in graph.subjects(RDF.type, t)}
    return sorted(s for s in found if isinstance(s, URIRef) and str(s).startswith(ns))


def ontology_page(graph: Graph, shapes: Graph, base: str = DEFAULT_BASE) -> str:
    """Every nkkg class and property, the kind scheme in all scripts, the constraints in words."""
    short = lambda iri: compact_iri(str(iri), base)  # noqa: E731
    parts = [f"<p>{esc(_en(graph, URIRef(str(NKKG)[:-1]), RDFS.comment))}</p>"]
    parts.append("<h2>Classes</h2>")
    rows = [
        [
            short(c),
            _en(graph, c, RDFS.label),
            _en(graph, c, SKOS.definition),
            ", ".join(short(p) for p in sorted(graph.objects(c, RDFS.subClassOf), key=str)),
        ]
        for c in _terms(graph, (OWL.Class,))
    ]
    parts.append(table(["class", "label", "definition", "subclass of"], rows))
    parts.append("<h2>Properties</h2>")
    rows = [
        [
            short(p),
            _en(graph, p, RDFS.label),
            _en(graph, p, SKOS.definition),
            ", ".join(short(d) for d in sorted(graph.objects(p, RDFS.domain), key=str)),
            ", ".join(short(r) for r in sorted(graph.objects(p, RDFS.range), key=str)),
        ]
        for p in _terms(graph, _PROPERTY_TYPES)
    ]
    parts.append(table(["property", "label", "definition", "domain", "range"], rows))
    parts.append("<h2>Kinds of division (SKOS scheme nkkg:DivisionKinds)</h2>")
    rows = []
    for concept in sorted(graph.subjects(SKOS.inScheme, NKKG.DivisionKinds), key=str):
        labels = kind_labels(graph, concept)
        names = "<br>".join(
            f'<span lang="{esc(k)}">{esc(v)}</span> ({esc(k)})' for k, v in labels.items()
        )
        broader = ", ".join(short(b) for b in sorted(graph.objects(concept, SKOS.broader), key=str))
        rows.append([esc(short(concept)), names, esc(broader)])
    parts.append(table(["concept", "names in all scripts", "broader"], rows, raw=True))
    parts.append("<h2>Constraints (SHACL shapes, in words)</h2>")
    rows = []
    for shape in sorted(
        {s for s in shapes.subjects(RDFS.comment) if isinstance(s, URIRef)}, key=str
    ):
        rows.append(
            [compact_iri(str(shape), base).rsplit("#", 1)[-1], _en(shapes, shape, RDFS.comment)]
        )
    parts.append(table(["shape", "what it requires"], rows))
    return page("nkkg ontology", "\n".join(parts))


def queries_page(graph: Graph, base: str = DEFAULT_BASE) -> str:
    """Each saved query with its text, its parameters and its answer on this release."""
    from kg.sparql import run_query, saved_queries, table_rows
    from kg.sparql.worker import oxigraph_store

    store = oxigraph_store(graph)  # pyoxigraph answers in milliseconds where rdflib takes 0.4 s
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


def htaccess(base: str = DEFAULT_BASE) -> str:
    """Apache rules for the w3id.org redirect: /id/SLUG to SLUG.html, .ttl or .jsonld."""
    return (
        "# nkkg: content negotiation for https://w3id.org/nkkg/id/SLUG\n"
        "# Place in the w3id.org repository as nkkg/.htaccess, with HOST set to where\n"
        "# the release's site/ folder is served (see docs/publish.md).\n"
        "Options +FollowSymLinks\n"
        "RewriteEngine on\n"
        "Header set Vary Accept\n"
        "RewriteCond %{HTTP_ACCEPT} text/turtle\n"
        "RewriteRule ^id/([a-z0-9-]+)$ https://HOST/site/id/$1.ttl [R=303,L]\n"
        "RewriteCond %{HTTP_ACCEPT} application/ld\\+json\n"
        "RewriteRule ^id/([a-z0-9-]+)$ https://HOST/site/id/$1.jsonld [R=303,L]\n"
        "RewriteRule ^id/([a-z0-9-]+)$ https://HOST/site/id/$1.html [R=303,L]\n"
        "RewriteRule ^ontology$ https://HOST/site/ontology.html [R=303,L]\n"
        "RewriteRule ^$ https://HOST/site/index.html [R=303,L]\n"
    )
