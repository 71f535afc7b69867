"""Where each IRI the graph mints under the base resolves: a page of the site, or a fragment.

An entity (a subject with claims of its own) has its page, site/id/SLUG.html.
The nodes that hang off it have no page of their own but an anchor on its page:
its claims, status periods and geometry, and a change event on the page of the
first division it names. A claim about an ontology term (a kind's other names)
resolves to that term's row on ontology.html, a source to its row on
sources.html. The .htaccess for w3id.org is written from this one table, so
every IRI the graph mints has a rule (tests/test_publish_iris.py walks them all).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from kg.errors import NkkgError
from kg.publish.site.terms import anchor
from kg.rdf.namespace import DEFAULT_BASE, GEO, NKKG
from kg.views import Views, slug

_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")  # what a rewrite rule can list as it is


@dataclass(frozen=True)
class Home:
    """A page under site/, the fragment on it (None: the page itself), and its RDF files."""

    page: str
    fragment: str | None = None
    rdf: bool = False  # site/id/OWNER.ttl and .jsonld hold the IRI's triples


# The properties whose objects are parts of their subject: they resolve to its page.
PART_OF: tuple[URIRef, ...] = (NKKG.claim, NKKG.statusPeriod, GEO.hasGeometry)


def is_entity(graph: Graph, subject: URIRef, base: str) -> bool:
    """A subject under the base with names and claims of its own: a division, not a
    claim, period, source or change event (an event's dated claims make it no entity)."""
    return (
        str(subject).startswith(base)
        and "/" not in slug(subject, base)
        and ((subject, NKKG.claim, None) in graph)
        and ((subject, RDFS.label, None) in graph)
    )


def is_part(graph: Graph, predicate: object, node: object) -> bool:
    """A node described only as part of the subject pointing at it: a claim, status
    period or geometry, or a time value (a date known as a range, nkkg:TimeValue)."""
    return isinstance(node, URIRef) and (
        predicate in PART_OF or (node, RDF.type, NKKG.TimeValue) in graph
    )


def minted(graph: Graph, base: str = DEFAULT_BASE) -> list[URIRef]:
    """Every IRI under the base that the graph uses, as subject or object, sorted."""
    nodes = {n for t in graph for n in (t[0], t[2]) if isinstance(n, URIRef)}
    return sorted((n for n in nodes if str(n).startswith(base)), key=str)


def iri_homes(
    graph: Graph, base: str = DEFAULT_BASE, *, views: Views | None = None
) -> dict[URIRef, Home]:
    """IRI -> its Home, for every IRI the graph mints under the base that has one.

    `views` is `Views.of(graph, base)` when the caller has made it already.
    """
    homes: dict[URIRef, Home] = {}

    def owned(owner: URIRef, node: URIRef) -> None:
        if is_entity(graph, owner, base):
            name = slug(owner, base)
            homes.setdefault(node, Home(f"id/{name}.html", slug(node, base), rdf=True))

    for iri in minted(graph, base):
        if is_entity(graph, iri, base):
            homes[iri] = Home(f"id/{slug(iri, base)}.html", None, rdf=True)
    for prop in PART_OF:
        for owner, node in sorted(graph.subject_objects(prop), key=str):
            if isinstance(owner, URIRef) and isinstance(node, URIRef):
                owned(owner, node)
                local = anchor(owner)
                if local is not None:  # a claim about an ontology term
                    homes.setdefault(node, Home("ontology.html", local))
    for event in (views or Views.of(graph, base)).events():
        named = [d for d in (*event.before, *event.after) if is_entity(graph, d, base)]
        if named:
            owned(sorted(named, key=str)[0], event.iri)
    # what hangs off a node with a home resolves with it: an event's dated claims, the
    # time values of periods, claims and events, on the same page and fragment
    pending = True
    while pending:
        pending = False
        for holder, home in sorted(homes.items(), key=lambda kv: str(kv[0])):
            if not home.rdf:
                continue
            for p, node in sorted(graph.predicate_objects(holder), key=str):
                if is_part(graph, p, node) and node not in homes:
                    assert isinstance(node, URIRef)
                    homes[node] = Home(home.page, home.fragment, rdf=True)
                    pending = True
    for source in sorted(graph.subjects(RDF.type, NKKG.Source), key=str):
        if isinstance(source, URIRef) and str(source).startswith(base):
            homes.setdefault(source, Home("sources.html", slug(source, base)))
    return homes


def htaccess(graph: Graph, base: str = DEFAULT_BASE, *, views: Views | None = None) -> str:
    """Apache rules for the w3id.org redirect, one group per page, from iri_homes."""
    by_page: dict[tuple[str, bool], list[tuple[str, str | None]]] = {}
    homes = iri_homes(graph, base, views=views)
    for iri, home in sorted(homes.items(), key=lambda kv: str(kv[0])):
        name = slug(iri, base)
        if not _SLUG.match(name):
            raise NkkgError(f"IRI {iri}: its slug '{name}' cannot be written as a rewrite rule")
        by_page.setdefault((home.page, home.rdf), []).append((name, home.fragment))
    lines = [
        "# nkkg: content negotiation for https://w3id.org/nkkg/id/SLUG, the ontology and the",
        "# release files. Place in the w3id.org repository as nkkg/.htaccess, with HOST set to",
        "# where the release folder is served (see docs/publish.md). Written from the graph:",
        "# every IRI it mints under id/ has a rule; a claim, status period, point or change",
        "# event goes to the fragment of its entity's page.",
        "Options +FollowSymLinks",
        "RewriteEngine on",
        "Header set Vary Accept",
        "RewriteCond %{HTTP_ACCEPT} text/turtle",
        "RewriteRule ^ontology$ https://HOST/ontology.ttl [R=303,L]",
        "RewriteRule ^ontology$ https://HOST/site/ontology.html [R=303,L]",
        "RewriteRule ^$ https://HOST/site/index.html [R=303,L]",
        "# the DCAT catalog, dataset and distributions (metadata.ttl), the release files",
        "RewriteRule ^(catalog|dataset)$ https://HOST/metadata.ttl [R=303,L]",
        "RewriteRule ^dataset/([A-Za-z0-9][A-Za-z0-9.-]*)$ https://HOST/$1 [R=303,L]",
        "RewriteRule ^([A-Za-z0-9-]+\\.[A-Za-z0-9.]+|SHA256SUMS|CHANGES)$ https://HOST/$1"
        " [R=302,L]",
    ]
    for (page, rdf), names in sorted(by_page.items()):
        if rdf:
            stem = page[: -len(".html")]
            every = _alternatives(n for n, _ in names)
            lines += [
                "RewriteCond %{HTTP_ACCEPT} text/turtle",
                f"RewriteRule ^id/({every})$ https://HOST/site/{stem}.ttl [R=303,L]",
                "RewriteCond %{HTTP_ACCEPT} application/ld\\+json",
                f"RewriteRule ^id/({every})$ https://HOST/site/{stem}.jsonld [R=303,L]",
            ]
        whole = [n for n, f in names if f is None]
        if whole:
            lines.append(
                f"RewriteRule ^id/({_alternatives(whole)})$ https://HOST/site/{page} [R=303,L]"
            )
        own = [n for n, f in names if f == n]  # the anchor is the node's own slug
        if own:
            target = f"https://HOST/site/{page}#$1"
            lines.append(f"RewriteRule ^id/({_alternatives(own)})$ {target} [R=303,NE,L]")
        for fragment in sorted({f for n, f in names if f is not None and f != n}):
            same = _alternatives(n for n, f in names if f == fragment)
            target = f"https://HOST/site/{page}#{fragment}"
            lines.append(f"RewriteRule ^id/({same})$ {target} [R=303,NE,L]")
    return "\n".join(lines) + "\n"


def _alternatives(names: Iterable[str]) -> str:
    """A regular expression's alternatives: the slugs as they are, dots escaped."""
    return "|".join(n.replace(".", "\\.") for n in names)
