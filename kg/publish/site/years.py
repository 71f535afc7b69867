"""The release's year pages, `site/at/YYYY.html`: the units of a year and the changes in it.

One page per year from the first year in the graph to the latest change:
the units valid at some time in the year at both levels (kind or parent, and
"possible" in a boundary year), the change events of the year with their
divisions and sources, and the map of the units that have a point. Written
with the site's own page, table and map helpers, so the pages look like the
rest of the site; an index lists the years.
"""

from __future__ import annotations

from rdflib import Graph

from kg.publish.site.html import esc, esc_text, page, table
from kg.publish.site.svg import point_map
from kg.rdf.namespace import DEFAULT_BASE
from kg.timetravel.crosswalk import LEVELS, UnitAt, units_at
from kg.timetravel.dates import parse_date
from kg.timetravel.facts import Timeline
from kg.timetravel.milestones import latest_day
from kg.views import Place, Views


def first_year(timeline: Timeline) -> int:
    starts = [
        p.span.possible_start.year
        for u in timeline.units.values()
        for p in u.periods
        if p.span.possible_start is not None
    ]
    return min(starts)


def _link(timeline: Timeline, iri: str) -> str:
    name = esc_text(timeline.name(iri))
    if iri.startswith(timeline.base):
        return f'<a href="../id/{esc(timeline.slug(iri))}.html">{name}</a>'
    return name


def _unit_rows(timeline: Timeline, units: dict[str, UnitAt]) -> list[list[str]]:
    rows = []
    for unit in sorted(units.values(), key=lambda u: timeline.name(u.iri)):
        kinds = " or ".join(esc(timeline.name(k)) for k in unit.kinds)
        parents = " or ".join(_link(timeline, p) for p in unit.parents)
        rows.append([_link(timeline, unit.iri), kinds, parents, esc(unit.certainty)])
    return rows


def year_page(timeline: Timeline, year: int, all_places: list[Place]) -> str:
    asked = parse_date(str(year))
    body = [
        f'<p><a href="index.html">All years</a> · <a href="{year - 1}.html">{year - 1}</a> · '
        f'<a href="{year + 1}.html">{year + 1}</a></p>',
        "<p>Units valid at some time in the year; <em>possible</em> where the year is the first "
        "or last of the unit's period and no day is known (consecutive periods share it).</p>",
    ]
    shown: set[str] = set()
    for level in LEVELS:
        units = units_at(timeline, asked, level)
        shown |= set(units)
        body.append(f"<h2>Level {level} ({len(units)})</h2>")
        rows = _unit_rows(timeline, units)
        body.append(table(["unit", "kind", "within", "certainty"], rows, raw=True) if rows else "")
    events = [e for e in timeline.events if e.year == year]
    body.append(f"<h2>Changes in {year} ({len(events)})</h2>")
    rows = [
        [
            esc(timeline.short(e.iri)),
            esc(timeline.name(e.type)),
            ", ".join(_link(timeline, u) for u in e.before),
            ", ".join(_link(timeline, u) for u in e.after),
            ", ".join(
                f'<a href="{esc(timeline.sources.get(s, ("", ""))[1])}">'
                f"{esc_text(timeline.sources.get(s, (timeline.short(s), ''))[0])}</a>"
                for s in e.sources
            ),
        ]
        for e in events
    ]
    if rows:
        body.append(table(["event", "type", "before", "after", "sources"], rows, raw=True))
    located = [p for p in all_places if str(p.iri) in shown]
    body += ["<h2>Map</h2>", point_map(located)]
    return page(f"North Korea's divisions in {year}", "\n".join(body), root="../")


def year_pages(
    timeline: Timeline,
    graph: Graph,
    base: str = DEFAULT_BASE,
    *,
    views: Views | None = None,
) -> dict[str, bytes]:
    """`site/at/YYYY.html` for every year, and `site/at/index.html`.

    `views` is `Views.of(graph, base)` when the caller has made it already.
    """
    last = int(latest_day(timeline)[:4])
    years = range(first_year(timeline), last + 1)
    all_places = (views or Views.of(graph, base)).places()
    files = {
        f"site/at/{year}.html": year_page(timeline, year, all_places).encode("utf-8")
        for year in years
    }
    links = "".join(f'<li><a href="{y}.html">{y}</a></li>' for y in years)
    index = page("North Korea's divisions year by year", f"<ul>{links}</ul>", root="../")
    files["site/at/index.html"] = index.encode("utf-8")
    return files
