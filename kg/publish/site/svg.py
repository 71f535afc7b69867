"""The site's pictures as SVG text: the status timeline and the map of points.

Written by hand, not by a plotting library, so the bytes depend on the graph
only. Kinds are told apart by fill patterns as well as shades, so the
timeline reads in black-and-white print: a province's own periods are plain
grey, a city's years inside a province are white with a dashed outline. The
map marks provinces with open squares and other places with black dots.
"""

from __future__ import annotations

import json
import math
from html import escape
from pathlib import Path

from rdflib import URIRef

from kg.profile import PROFILE
from kg.publish.site.html import korean_lang as _korean_lang
from kg.rdf.namespace import NKKG
from kg.views import Place, Views, lexical

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
PROVINCE_FILL = "#b0b0b0"  # a province's own status periods
OTHER_FILL = "#707070"  # a kind without a pattern of its own (a zone that counts)
WITHIN = 'fill="#fff" stroke-dasharray="3 2"'  # years inside a province: not first-level
FONT = 'font-family="sans-serif" font-size="12"'


def _defs() -> str:
    patterns = "".join(
        f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse">{body}</pattern>'
        for pid, body in PATTERNS.values()
    )
    return f"<defs>{patterns}</defs>"


def last_year(places: list[Place], views: Views | None = None) -> int:
    """The axis end: one year after the latest year the data states (in a status period, or in
    a claim's point in time, start or end), so a period that lasts is drawn up to the data's
    present, not to the clock's."""
    years = [y for p in places for q in p.periods for y in (q.start, q.end) if y is not None]
    if views is not None:
        for c in views.claims():
            dates = map(lexical, (c.point_in_time, c.start_time, c.end_time))
            years += [int(d[:4]) for d in dates if d[:4].isdigit()]
    return max([START_YEAR, *years]) + 1


def timeline(
    views: Views, places: list[Place], end_year: int, *, legend: bool = True, link: bool = True
) -> str:
    """One row per place; one bar (class "period") per status period, START_YEAR to `end_year`.

    Zones whose plain nkkg:firstLevel is false get no row (Place.on_timeline)."""
    rows = sorted(
        (p for p in places if p.on_timeline), key=lambda p: (p.kind != NKKG.Province, p.slug)
    )
    width = LEFT + (end_year - START_YEAR) * YEAR_W + 20
    kinds = sorted({q.kind for p in rows for q in p.periods if q.kind is not None}, key=str)
    legend_h = (len(kinds) + 1) * 20 + 10 if legend else 0
    if not rows:
        return ""

    height = TOP + len(rows) * ROW + 30 + legend_h
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="group" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" {FONT}>',
        f"<title>Status periods since {START_YEAR}</title>",  # names the group for readers
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
        # a unit known only by its Korean name: the name, and the tooltip it heads, in Korean
        lang = _korean_lang(place.title)
        lang_attr = f' lang="{lang}"' if lang else ""
        shown = f"<tspan{lang_attr}>{name}</tspan>" if lang else name
        label = f'<a href="id/{escape(place.slug)}.html">{shown}</a>' if link else shown
        out.append(f'<text x="{LEFT - 8}" y="{y + 15}" text-anchor="end">{label}</text>')
        for q in place.periods:
            start = max(q.start if q.start is not None else START_YEAR, START_YEAR)
            stop = (q.end + 1) if q.end is not None else end_year
            fill = _fill(q.kind)
            what = str(q.kind).rsplit("#", 1)[-1] if q.kind else "withinProvince"
            years = f"{q.start or '…'}–{q.end or ''}"
            out.append(
                f'<rect class="period" data-kind="{escape(what)}" x="{x(start)}" y="{y + 3}" '
                f'width="{max(x(stop) - x(start), 2)}" height="{ROW - 8}" {fill} '
                f'stroke="#000" stroke-width="0.5">'
                f"<title{lang_attr}>"
                f"{name}: {escape(what)} {years}</title></rect>"
            )
    if legend:
        ly = axis_y + 34
        has_province = any(q.kind is None for p in rows for q in p.periods)
        for j, kind in enumerate([*kinds, None] if has_province else kinds):
            fill = _fill(kind)
            if kind is None:
                text = "within a province (not first-level)"
            else:  # each name in its language, so a reader's voice and fonts follow it
                labels = views.kind_labels(kind)
                text = " · ".join(
                    f'<tspan lang="{escape(k)}">{escape(labels[k])}</tspan>'
                    if k and k != "en"
                    else escape(labels[k])
                    for k in sorted(labels, key=_script_order)
                )
            out.append(
                f'<rect x="{LEFT}" y="{ly + j * 20}" width="24" height="14" {fill} '
                f'stroke="#000" stroke-width="0.5"/>'
                f'<text x="{LEFT + 32}" y="{ly + j * 20 + 12}">{text}</text>'
            )
    out.append("</svg>")
    return "\n".join(out)


def _fill(kind: URIRef | None) -> str:
    if kind is None:
        return WITHIN
    if kind in PATTERNS:
        return f'fill="url(#{PATTERNS[kind][0]})"'
    return f'fill="{PROVINCE_FILL if kind == NKKG.Province else OTHER_FILL}"'


def _script_order(tag: str) -> tuple[int, str]:
    order = {"en": 0, "ko-hang": 1, "ko-hani": 2}
    return (order.get(tag, 3), tag)


OUTLINE = Path(__file__).with_name("north-korea-outline.geojson")


def country_outline() -> tuple[list[list[tuple[float, float]]], str]:
    """North Korea's outline (Natural Earth 1:110m, public domain) as rings of (lon, lat),
    and its attribution. Vendored beside this module: the site draws it with no download."""
    feature = json.loads(OUTLINE.read_text(encoding="utf-8"))
    rings = [
        [(float(lon), float(lat)) for lon, lat in polygon[0]]
        for polygon in feature["geometry"]["coordinates"]
    ]
    return [r for r in rings if len(r) > 4], str(feature["properties"]["attribution"])


def point_map(places: list[Place], width: int = 720, margin: int = 150) -> str:
    """The places with a point over the country's outline, equirectangular (longitudes scaled
    by the cosine of the middle latitude); no tiles. Provinces are labelled to the left of their
    square, other places to the right of their dot, so a capital and its province do not
    collide. The outline is Natural Earth's (1:110m): a picture of the coast and the land
    border, not the data's; the province boundaries are not drawn, as no source gives them."""
    located = [p for p in places if p.point is not None]
    if not located:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="map" role="img" width="{width}" '
            f'height="50" viewBox="0 0 {width} 50" {FONT}><title>Places with coordinates</title>'
            '<text x="20" y="30">No place in this release has coordinates yet.</text></svg>'
        )
    rings, attribution = country_outline()
    lons = [p.point.lon for p in located if p.point] + [x for r in rings for x, _ in r]
    lats = [p.point.lat for p in located if p.point] + [y for r in rings for _, y in r]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    squeeze = math.cos(math.radians((north + south) / 2))
    scale = (width - 2 * margin) / max((east - west) * squeeze, 0.5)
    height = round((north - south) * scale) + 115

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (
            round(margin + (lon - west) * squeeze * scale, 1),
            round(40 + (north - lat) * scale, 1),
        )

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map" role="group" '
        f'aria-labelledby="map-title" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" {FONT}>',
        '<title id="map-title">Places with coordinates, on the outline of North Korea</title>',
        f'<rect width="{width}" height="{height}" fill="#fff" stroke="#000"/>',
    ]
    for ring in rings:
        path = " ".join(f"{x},{y}" for x, y in (xy(lon, lat) for lon, lat in ring))
        out.append(
            f'<polygon class="outline" points="{path}" fill="#f3f1e8" stroke="#777" '
            'stroke-width="1"/>'
        )
    for lon in range(math.ceil(west - margin / scale / squeeze), math.floor(east) + 2):
        gx = xy(lon, north)[0]
        if 0 < gx < width:
            out.append(f'<line x1="{gx}" y1="0" x2="{gx}" y2="{height}" stroke="#ddd"/>')
            out.append(f'<text x="{gx + 2}" y="12" font-size="9" fill="#555">{lon}°E</text>')
    for lat in range(math.floor(south), math.ceil(north) + 1):
        gy = xy(west, lat)[1]
        if 0 < gy < height - 20:
            out.append(f'<line x1="0" y1="{gy}" x2="{width}" y2="{gy}" stroke="#ddd"/>')
            out.append(f'<text x="2" y="{gy - 2}" font-size="9" fill="#555">{lat}°N</text>')
    for place in located:
        assert place.point is not None
        px, py = xy(place.point.lon, place.point.lat)
        name = escape(place.title)
        if place.kind == NKKG.Province:
            mark = (
                f'<rect class="place" x="{px - 4}" y="{py - 4}" width="8" height="8" '
                f'fill="#fff" stroke="#000" stroke-width="1.5"/>'
                f'<text x="{px - 8}" y="{py + 4}" text-anchor="end">{name}</text>'
            )
        else:
            mark = (
                f'<circle class="place" cx="{px}" cy="{py}" r="4" fill="#000"/>'
                f'<text x="{px + 8}" y="{py + 4}" font-weight="bold">{name}</text>'
            )
        out.append(f'<a href="id/{escape(place.slug)}.html">{mark}</a>')
    out.append(
        f'<text x="10" y="{height - 38}" font-size="10">□ province (its point often lies near '
        "its capital) · ● city: representative points from the data (WGS 84).</text>"
    )
    out.append(
        f'<text x="10" y="{height - 24}" font-size="10">Outline (coast and land border): '
        "Natural Earth, 1:110m. Province boundaries are not drawn: no source gives them.</text>"
    )
    out.append(f'<text x="10" y="{height - 10}" font-size="9">{escape(attribution)}</text>')
    out.append("</svg>")
    return "\n".join(out)
