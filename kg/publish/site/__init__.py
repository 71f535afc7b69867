"""The release's static website (DIR/site/): index, entity pages, ontology, queries.

No server, no network: every asset is inline or relative, the pictures are
SVG written from the graph, and the bytes depend on the graph only.
"""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kg.profile import PROFILE
from kg.publish.site.about import about_section, dataset_jsonld, grouped
from kg.publish.site.entity import entity_page
from kg.publish.site.html import esc, esc_text, page, table
from kg.publish.site.iris import htaccess, is_entity
from kg.publish.site.reference import ontology_page, queries_page, sources_page
from kg.publish.site.search import search_section
from kg.publish.site.svg import last_year, point_map, timeline
from kg.publish.site.terms import term_link
from kg.rdf.namespace import DEFAULT_BASE, RELEASE_URL
from kg.views import Event, Place, Views, is_first_level_now, slug

__all__ = ["site_files"]


def index_page(
    graph: Graph,
    base: str,
    files: Mapping[str, bytes],
    release_url: str = RELEASE_URL,
    *,
    views: Views | None = None,
) -> str:
    views = views or Views.of(graph, base)
    all_places = views.places()
    current = [p for p in all_places if is_first_level_now(p)]
    rows = [
        [
            f'<a href="id/{esc(p.slug)}.html">{esc_text(p.title)}</a>',
            " / ".join(
                f'<span lang="{esc(k)}">{esc(v)}</span>' for k, v in p.labels.items() if k != "en"
            ),
            term_link(views, p.kind, "", base),
            esc(p.iso_code or ""),
            esc(grouped(p.values.get("population", ""))),
            f'<a href="{esc(p.wikidata)}">{esc(p.qid)}</a>' if p.wikidata else "",
            f'<a href="{esc(p.geonames)}">{esc(str(p.geonames).rstrip("/").rsplit("/", 1)[-1])}</a>'
            if p.geonames
            else "",
        ]
        for p in sorted(current, key=lambda p: (p.iso_code or "", p.slug))
    ]
    downloads = "".join(
        f'<li><a href="../{esc(name)}">{esc(name)}</a> ({len(data):,} bytes)</li>'
        for name, data in sorted(files.items())
        if "/" not in name
    )
    others = "".join(
        f'<li><a href="id/{esc(p.slug)}.html">{esc_text(p.title)}</a></li>'
        for p in all_places
        if p not in current
    )
    body = [
        "<p>nkkg is a sourced, validated knowledge graph of North Korea's special cities and "
        "first-level divisions: their names in every script, codes, populations and the periods "
        "in which each city held first-level status. Every value is a claim with its sources "
        "and rank.</p>",
        search_section(graph, base, views=views),
        "<h2>Current first-level cities and provinces</h2>",
        table(
            ["name", "Korean", "kind", "ISO code", "population", "Wikidata", "GeoNames"],
            rows,
            raw=True,
        ),
        f"<h2>Timeline of first-level status since {PROFILE.first_year}</h2>",
        timeline(views, all_places, last_year(all_places, views)),
        periods_table(views, all_places, base),
        "<h2>Map</h2>",
        point_map(all_places),
        "<h2>Other entities</h2>",
        f"<ul>{others}</ul>",
        "<h2>Downloads</h2>",
        f"<ul>{downloads}</ul>",
        about_section(graph),
    ]
    head = dataset_jsonld(graph, files, release_url)
    return page("nkkg: North Korea's first-level divisions", "\n".join(body), head=head)


def periods_table(views: Views, all_places: list[Place], base: str) -> str:
    """The timeline's periods with their exact years, for readers who do not hover."""
    rows: list[list[str]] = []
    for p in all_places:
        for q in p.periods:
            status = (
                term_link(views, q.kind, "", base)
                if q.kind
                else f"within {esc(slug(q.province or '', base))}"
            )
            start = esc(q.start) if q.start is not None else "(not given)"
            end = esc(q.end) if q.end is not None else "(lasts)"
            rows.append(
                [f'<a href="id/{esc(p.slug)}.html">{esc_text(p.title)}</a>', status, start, end]
            )
    return (
        "<details open><summary>Every status period with its years "
        "(inclusive; consecutive periods share the year of the change)</summary>\n"
        + table(["place", "status", "from", "to"], rows, raw=True)
        + "\n</details>"
    )


def site_files(
    graph: Graph,
    base: str,
    files: Mapping[str, bytes],
    release_url: str = RELEASE_URL,
    *,
    views: Views | None = None,
    store: ox.Store | None = None,
) -> dict[str, bytes]:
    """Paths under the release folder (site/...) -> bytes.

    `views` (the graph read back) and `store` (the graph in pyoxigraph, for the saved
    queries' answers) are made from `graph` when the caller has not.
    """
    from kg.validation.shapes import load_shapes

    views = views or Views.of(graph, base)
    all_places = views.places()
    by_iri = {p.iri: p for p in all_places}
    end_year = last_year(all_places, views)
    out: dict[str, bytes] = {
        "site/index.html": index_page(
            graph, base or DEFAULT_BASE, files, release_url, views=views
        ).encode("utf-8"),
        "site/ontology.html": ontology_page(graph, load_shapes(), base, views=views).encode(
            "utf-8"
        ),
        "site/queries.html": queries_page(graph, base, store=store).encode("utf-8"),
        "site/sources.html": sources_page(graph, base, views=views).encode("utf-8"),
        "site/.htaccess": htaccess(graph, base, views=views).encode("utf-8"),
    }
    subjects = [s for s in views.subjects() if isinstance(s, URIRef) and is_entity(graph, s, base)]
    urls = views.source_urls()
    naming: dict[URIRef, list[Event]] = {}
    for event in views.events():  # in events' order, so each list is too
        for node in dict.fromkeys(event.before + event.after):
            naming.setdefault(node, []).append(event)
    for subject in subjects:
        page_files = entity_page(
            graph,
            subject,
            by_iri.get(subject),
            all_places,
            end_year,
            base,
            changes=naming.get(subject, []),
            urls=urls,
            views=views,
        )
        out.update({f"site/{k}": v for k, v in page_files.items()})
    return out
