"""The site's pictures as SVG text: the status timeline and the map of points.

Written by hand, not by a plotting library, so the bytes depend on the graph
only. Kinds are told apart by fill patterns as well as shades, so the
timeline reads in black-and-white print; province spans are plain grey.
"""

from __future__ import annotations

from html import escape

from rdflib import Graph, URIRef

from kg.graph.namespace import NKKG
from kg.profile import PROFILE
from kg.publish.graphdata import Place, kind_labels

START_YEAR = PROFILE.first_year
ROW, LEFT, TOP, YEAR_W = 26, 150, 30, 9
# kind -> (pattern id, pattern body): a colour for the screen, a pattern for black-and-white
PATTERNS: dict[URIRef, tuple[str, str]] = {
    NKKG.DirectlyGovernedCity: (
        "p-dgc",
        '<rect width="6" height="6" fill="#2b5c9e"/>'
        '<path d="M0 6L6 0" stroke="#fff" stroke-width="1.5"/>',
    ),
    NKKG.SpecialCity: ("p-sc", '<rect width="6" height="6" fill="#7a1f1f"/>'),
    NKKG.SpecialLevelCity: (
        "p-slc",
        '<rect width="6" height="6" fill="#4b2c84"/><path d="M0 3H6M3 0V6" stroke="#fff"/>',
    ),
    NKKG.AdministrativeRegion: (
        "p-ar",
        '<rect width="6" height="6" fill="#a0701a"/><circle cx="3" cy="3" r="1.4" fill="#fff"/>',
    ),
}
PROVINCE_FILL = "#d0d0d0"
FONT = 'font-family="sans-serif" font-size="12"'


def _defs() -> str:
    patterns = "".join(
        f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse">{body}</pattern>'
        for pid, body in PATTERNS.values()
    )
    return f"<defs>{patterns}</defs>"


def last_year(places: list[Place]) -> int:
    """The axis end: one year after the latest year the data states."""
    years = [y for p in places for q in p.periods for y in (q.start, q.end) if y is not None]
    return max([START_YEAR, *years]) + 1


def timeline(
    graph: Graph, places: list[Place], end_year: int, *, legend: bool = True, link: bool = True
) -> str:
    """One row per place; one bar (class "period") per status period, START_YEAR to `end_year`."""
    rows = [p for p in places if p.periods]
    width = LEFT + (end_year - START_YEAR) * YEAR_W + 20
    kinds = sorted({q.kind for p in rows for q in p.periods if q.kind is not None}, key=str)
    legend_h = (len(kinds) + 1) * 20 + 10 if legend else 0
    if not rows:
        return ""

    height = TOP + len(rows) * ROW + 30 + legend_h
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" {FONT}>',
        f"<title>Status periods since {START_YEAR}</title>",
        _defs(),
    ]

    def x(year: int) -> int:
        return LEFT + (year - START_YEAR) * YEAR_W

    axis_y = TOP + len(rows) * ROW
    for year in range(START_YEAR + 5 - START_YEAR % 5, end_year + 1, 10):
        out.append(
            f'<line x1="{x(year)}" y1="{TOP - 5}" x2="{x(year)}" y2="{axis_y}" stroke="#eee"/>'
        )
        out.append(f'<text x="{x(year)}" y="{axis_y + 16}" text-anchor="middle">{year}</text>')
    out.append(f'<line x1="{LEFT}" y1="{axis_y}" x2="{x(end_year)}" y2="{axis_y}" stroke="#000"/>')
    for i, place in enumerate(rows):
        y = TOP + i * ROW
        name = escape(place.title)
        label = f'<a href="id/{escape(place.slug)}.html">{name}</a>' if link else name
        out.append(f'<text x="{LEFT - 8}" y="{y + 15}" text-anchor="end">{label}</text>')
        for q in place.periods:
            start = max(q.start if q.start is not None else START_YEAR, START_YEAR)
            stop = (q.end + 1) if q.end is not None else end_year
            if q.kind is not None and q.kind in PATTERNS:
                fill = f"url(#{PATTERNS[q.kind][0]})"
            else:
                fill = PROVINCE_FILL
            what = str(q.kind).rsplit("#", 1)[-1] if q.kind else "province"
            years = f"{q.start or '…'}–{q.end or ''}"
            out.append(
                f'<rect class="period" data-kind="{escape(what)}" x="{x(start)}" y="{y + 3}" '
                f'width="{max(x(stop) - x(start), 2)}" height="{ROW - 8}" fill="{fill}" '
                f'stroke="#000" stroke-width="0.5">'
                f"<title>{name}: {escape(what)} {years}</title></rect>"
            )
    if legend:
        ly = axis_y + 34
        has_province = any(q.kind is None for p in rows for q in p.periods)
        for j, kind in enumerate([*kinds, None] if has_province else kinds):
            fill = f"url(#{PATTERNS[kind][0]})" if kind in PATTERNS else PROVINCE_FILL
            if kind is None:
                text = "within a province (not first-level)"
            else:
                labels = kind_labels(graph, kind)
                text = " · ".join(labels[k] for k in sorted(labels, key=_script_order))
            out.append(
                f'<rect x="{LEFT}" y="{ly + j * 20}" width="24" height="14" fill="{fill}" '
                f'stroke="#000" stroke-width="0.5"/>'
                f'<text x="{LEFT + 32}" y="{ly + j * 20 + 12}">{escape(text)}</text>'
            )
    out.append("</svg>")
    return "\n".join(out)


def _script_order(tag: str) -> tuple[int, str]:
    order = {"en": 0, "ko-hang": 1, "ko-hani": 2}
    return (order.get(tag, 3), tag)


def point_map(places: list[Place], width: int = 520, height: int = 560) -> str:
    """The places with a point, on an equirectangular projection; no outline, no tiles."""
    located = [p for p in places if p.point is not None]
    if not located:
        height = 50
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" {FONT}>',
        "<title>Places with coordinates</title>",
        f'<rect width="{width}" height="{height}" fill="#fff" stroke="#000"/>',
    ]
    if not located:
        out.append('<text x="20" y="30">No place in this release has coordinates yet.</text>')
    else:
        lons = [p.point.lon for p in located if p.point]
        lats = [p.point.lat for p in located if p.point]
        span = max(max(lons) - min(lons), max(lats) - min(lats), 0.5)
        scale = (min(width, height) - 120) / span
        cx, cy = (max(lons) + min(lons)) / 2, (max(lats) + min(lats)) / 2
        # a whole-degree graticule, labelled, for orientation
        for lon in range(int(cx - width / 2 / scale) + 1, int(cx + width / 2 / scale) + 1):
            gx = round(width / 2 + (lon - cx) * scale, 1)
            out.append(f'<line x1="{gx}" y1="0" x2="{gx}" y2="{height}" stroke="#ddd"/>')
            out.append(f'<text x="{gx + 2}" y="12" font-size="9" fill="#666">{lon}°E</text>')
        for lat in range(int(cy - height / 2 / scale) + 1, int(cy + height / 2 / scale) + 1):
            gy = round(height / 2 - (lat - cy) * scale, 1)
            out.append(f'<line x1="0" y1="{gy}" x2="{width}" y2="{gy}" stroke="#ddd"/>')
            out.append(f'<text x="2" y="{gy - 2}" font-size="9" fill="#666">{lat}°N</text>')
        for place in located:
            assert place.point is not None
            px = round(width / 2 + (place.point.lon - cx) * scale, 1)
            py = round(height / 2 - (place.point.lat - cy) * scale, 1)
            out.append(
                f'<a href="id/{escape(place.slug)}.html"><circle class="place" cx="{px}" cy="{py}" '
                f'r="4" fill="#000"/>'
                f'<text x="{px + 7}" y="{py + 4}">{escape(place.title)}</text></a>'
            )
        out.append(
            f'<text x="10" y="{height - 10}" font-size="10">Points from the data '
            f"(WGS 84, equirectangular); no outline is drawn.</text>"
        )
    out.append("</svg>")
    return "\n".join(out)
