"""One landing page per entity (site/id/SLUG.html), its triples as Turtle and JSON-LD beside it.

The page shows what a reader checks first: the names in every script, every
claim with its rank, sources and notes, the status timeline, the parent and
children, and the links out. The entity's own triples (its claims and status
periods included) are embedded as JSON-LD for machines.
"""

from __future__ import annotations

import json

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.graph.serialize import serialize
from kg.publish.rdf import compact_iri, dumps, jsonld_document
from kg.publish.site.html import esc, esc_text, page, table
from kg.publish.site.iris import is_part
from kg.publish.site.svg import timeline
from kg.publish.site.terms import term_link
from kg.rdf.namespace import DEFAULT_BASE, NKKG
from kg.views import Event, Place, Views, lexical, slug


def entity_graph(graph: Graph, subject: URIRef, changes: list[Event] | None = None) -> Graph:
    """The subject's triples, those of its parts (claims, status periods, geometry, time
    values) and of the change events that name it, with their parts: every node whose
    IRI resolves to its page."""
    sub = Graph()
    if changes is None:
        changes = Views.of(graph).events(subject)
    nodes: list[Node] = [subject, *(event.iri for event in changes)]
    seen: set[Node] = set(nodes)
    while nodes:
        node = nodes.pop()
        for s, p, o in graph.triples((node, None, None)):
            sub.add((s, p, o))
            if o not in seen and is_part(graph, p, o):
                seen.add(o)
                nodes.append(o)
    return sub


def _value(term: object, base: str, views: Views | None = None) -> str:
    if isinstance(term, URIRef):
        iri = str(term)
        if views is not None and iri.startswith(str(NKKG)):
            return term_link(views, term, "../", base)
        if iri.startswith(base):
            return f'<a href="{esc(slug(term, base))}.html">{esc(slug(term, base))}</a>'
        if iri.startswith("http"):
            return f'<a href="{esc(iri)}">{esc(compact_iri(iri, base))}</a>'
        return esc(iri)
    if isinstance(term, Literal) and term.language:
        return f'<span lang="{esc(term.language)}">{esc(term)}</span>'
    return esc(term)


def entity_page(
    graph: Graph,
    subject: URIRef,
    place: Place | None,
    all_places: list[Place],
    end_year: int,
    base: str = DEFAULT_BASE,
    *,
    changes: list[Event] | None = None,
    urls: dict[URIRef, tuple[str, str]] | None = None,
    views: Views | None = None,
) -> dict[str, bytes]:
    """SLUG.html, SLUG.ttl and SLUG.jsonld for one entity, keyed by path under site/.

    `changes` (the events naming the subject), `urls` (the sources) and `views` are read
    from the graph when not given; site_files reads them once for every page.
    """
    name = slug(subject, base)
    views = views or Views.of(graph, base)
    if changes is None:
        changes = views.events(subject)
    if urls is None:
        urls = views.source_urls()
    sub = entity_graph(graph, subject, changes)
    document = jsonld_document(sub, base)
    title = views.display_label(subject) or name
    parts = [
        f'<p>IRI: <code>{esc(subject)}</code> · <a href="{esc(name)}.ttl">Turtle</a> · '
        f'<a href="{esc(name)}.jsonld">JSON-LD</a></p>'
    ]
    names = views.literals(subject)
    parts.append("<h2>Names</h2>")
    parts.append(
        table(
            ["language tag", "name"],
            [[esc(n.language or ""), _value(n, base)] for n in names],
            raw=True,
        )
    )
    if place is not None and place.periods:
        parts.append("<h2>Status history</h2>")
        parts.append(timeline(views, [place], end_year, link=False))
        rows = []
        for q in place.periods:
            what = (
                term_link(views, q.kind, "../", base)
                if q.kind
                else f"within {_value(q.province or '', base)}"
            )
            sources = ", ".join(_source(s, urls) for s in q.sources)
            rows.append(
                [esc(q.start or ""), esc(q.end or ""), what, sources, esc_text(q.note or "")]
            )
        parts.append(
            table(
                ["start", "end", "status", "sources", "note"],
                rows,
                raw=True,
                ids=[slug(q.iri, base) for q in place.periods],
            )
        )
    parts.append("<h2>Claims</h2>")
    rows = []
    found = views.claims(subject)
    for c in found:
        rank = "preferred" if c.rank == NKKG.PreferredRank else "normal"
        point_in_time, start_time, end_time = map(
            lexical, (c.point_in_time, c.start_time, c.end_time)
        )
        when = "; ".join(
            x
            for x in (
                point_in_time and f"as of {point_in_time}",
                start_time and f"since {start_time}",
                end_time and f"until {end_time}",
            )
            if x
        )
        rows.append(
            [
                term_link(views, c.prop, "../", base),
                _value(c.value, base, views),
                esc(rank),
                esc(when),
                ", ".join(_source(s, urls) for s in c.sources),
                esc_text(c.note or ""),
            ]
        )
    parts.append(
        table(
            ["property", "value", "rank", "when", "sources", "note"],
            rows,
            raw=True,
            ids=[slug(c.iri, base) for c in found],
        )
    )
    if changes:
        parts.append("<h2>Change events</h2>")
        event_rows = [
            [
                esc(e.year or ""),
                term_link(views, e.kind, "../", base),
                ", ".join(_value(b, base) for b in e.before),
                ", ".join(_value(a, base) for a in e.after),
                ", ".join(_source(s, urls) for s in e.sources),
                esc_text(e.note or ""),
            ]
            for e in changes
        ]
        parts.append(
            table(
                ["year", "event", "before", "after", "sources", "note"],
                event_rows,
                raw=True,
                ids=[slug(e.iri, base) for e in changes],
            )
        )
    parent = next(iter(views.values(subject, NKKG.locatedIn)), None)
    children = views.children(subject)
    parts.append("<h2>Parent and children</h2><ul>")
    if parent is not None:
        parts.append(f"<li>located in {_value(parent, base)}</li>")
    parts += [f"<li>contains {_value(child, base)}</li>" for child in children]
    parts.append("</ul>")
    if place is not None and (place.wikidata or place.geonames):
        parts.append("<h2>Links</h2><ul>")
        parts += [
            f"<li>{_value(iri, base)}</li>" for iri in (place.wikidata, place.geonames) if iri
        ]
        parts.append("</ul>")
    if place is not None and place.point is not None:
        geometry = place.point.geometry
        mark = f' id="{esc(slug(geometry, base))}"' if geometry is not None else ""
        parts.append(f"<p{mark}>Point: {esc(place.point.wkt)}</p>")
    # no "<" may reach the script element: "<!--" and "<script" change how it is parsed
    data = json.dumps(document, ensure_ascii=False, indent=1)
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    head = f'<script type="application/ld+json">\n{data}\n</script>\n'
    html = page(title, "\n".join(parts), root="../", head=head)
    return {
        f"id/{name}.html": html.encode("utf-8"),
        f"id/{name}.ttl": serialize(sub, "turtle", base),
        f"id/{name}.jsonld": dumps(document),
    }


def _source(source: URIRef, urls: dict[URIRef, tuple[str, str]]) -> str:
    label, url = urls.get(source, (str(source), str(source)))
    return f'<a href="{esc(url)}">{esc_text(label)}</a>'
