"""Linked Places Format (LPF) for the World Historical Gazetteer (WHG).

LPF (https://github.com/LinkedPasts/linked-places-format, v1.3) carries what
plain GeoJSON cannot: dated types and part-of relations, names with
citations. A status period becomes one `types` entry and one
`gvp:broaderPartitive` relation (to the province it lay within, or to the
country while it was first-level), each with a `when` timespan of its
inclusive years. WHG's upload schema (lpf_v2.0.jsonld) also wants
`fclasses`, a `when` somewhere in every feature and language tags it can
parse; WHG maps only Getty AAT identifiers to its place types, so each kind
is given as the AAT term of WHG's published list that it is an instance of.
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from kg.rdf.namespace import DEFAULT_BASE, NKKG
from kg.views import Period, Place, Views, lexical, slug

LPF_CONTEXT = (
    "https://raw.githubusercontent.com/LinkedPasts/linked-places/master/"
    "linkedplaces-context-v1.1.jsonld"
)
COUNTRY_CODE = "KP"

# Getty AAT place types, with the ids and terms of WHG's list of the AAT types it
# ingests (github.com/WorldHistoricalGazetteer/whg3, datasets/static/hashes/aat.py; the
# same ids in github.com/LinkedPasts/linked-places-format, feature-types-AAT_20230609.tsv).
# A kind not listed takes its nearest listed superclass's (rdfs:subClassOf), so a new
# kind of division is an "administrative division" until it is given its own.
AAT_TYPES: dict[URIRef, tuple[str, str]] = {
    NKKG.AdministrativeDivision: ("300232418", "administrative division"),
    NKKG.Country: ("300387506", "country"),
    NKKG.Province: ("300000774", "province"),
    NKKG.FirstLevelCity: ("300008389", "city"),
    NKKG.City: ("300008389", "city"),
    NKKG.County: ("300000771", "county"),
    NKKG.District: ("300000705", "district"),
    NKKG.KuDistrict: ("300000705", "district"),
    NKKG.Region: ("300387178", "historical region"),
}
# The GeoNames feature classes LPF v1.3 requires as `fclasses`: A administrative entities,
# L regions, P populated places (a city is both a division and a populated place).
FCLASSES = {"300008389": ("A", "P"), "300387178": ("L",)}
# BCP 47 private-use subtags (x-mr, McCune–Reischauer) are valid but WHG's schema refuses
# them: LPF gets the tag without them and the romanization named beside it.
ROMANIZATIONS = {"x-mr": "McCune–Reischauer"}


def aat_type(views: Views, kind: URIRef | None) -> tuple[str, str]:
    """The AAT id and term of a kind: its own, or its nearest mapped superclass's."""
    seen: set[URIRef] = set()
    todo = [kind] if kind is not None else []
    while todo:
        current = todo.pop(0)
        if current in AAT_TYPES:
            return AAT_TYPES[current]
        seen.add(current)
        parents = views.superclasses(current)
        todo.extend(p for p in parents if isinstance(p, URIRef) and p not in seen)
    return AAT_TYPES[NKKG.AdministrativeDivision]


def lpf_language(tag: str) -> tuple[str, str | None]:
    """A tag in BCP 47's canonical case (ko-Hang), and the romanization its private use names."""
    parts = tag.split("-")
    romanization = None
    if "x" in (p.lower() for p in parts):
        at = [p.lower() for p in parts].index("x")
        romanization = ROMANIZATIONS.get("-".join(parts[at:]).lower(), "-".join(parts[at:]))
        parts = parts[:at]
    canonical = [parts[0].lower()] + [
        p.title() if len(p) == 4 else p.upper() if len(p) == 2 else p.lower() for p in parts[1:]
    ]
    return "-".join(canonical), romanization


def _citations(sources: tuple[URIRef, ...], urls: dict[URIRef, tuple[str, str]]) -> list[Any]:
    return [{"label": urls[s][0], "@id": urls[s][1]} for s in sources if s in urls]


def timespan(period: Period) -> dict[str, Any]:
    """An LPF `when`: inclusive years; an unknown start is 'at the latest' the end year."""
    span: dict[str, Any] = {}
    if period.start is not None:
        span["start"] = {"in": f"{period.start:04d}"}
    elif period.start_by is not None:  # known only by its latest bound (listed by 2007)
        span["start"] = {"latest": f"{period.start_by:04d}"}
    elif period.end is not None:
        span["start"] = {"latest": f"{period.end:04d}"}
    if period.end is not None:
        span["end"] = {"in": f"{period.end:04d}"}
    when: dict[str, Any] = {"timespans": [span]}
    if period.end is None and period.start is not None:
        when["label"] = f"since {period.start}"
    return when


def _claim_years(views: Views, subject: URIRef | None) -> list[int]:
    return sorted(
        int(date[:4])
        for c in views.claims(subject)
        for date in map(lexical, (c.point_in_time, c.start_time, c.end_time))
        if date[:4].isdigit()
    )


def latest_year(views: Views) -> int | None:
    """The latest year the data records (a status period's bound or a claim's date)."""
    years = _claim_years(views, None) + [
        y for p in views.places() for period in p.periods for y in (period.start, period.end) if y
    ]
    return max(years) if years else None


def record_when(views: Views, place: Place, latest: int | None) -> dict[str, Any] | None:
    """The record-level `when`: from the first to the last status period (open if the last
    lasts); a place with no period is attested over its claims' dates; a place with no date
    at all exists in the sources' present, so it began at the latest in the latest year the
    data records (WHG refuses a feature with no `when`)."""
    if place.periods:
        starts = [p.start for p in place.periods]
        ends = [p.end for p in place.periods]
        known = [y for y in starts + ends if y is not None]
        span: dict[str, Any] = {}
        if None not in starts:  # else the first began at the latest in the earliest year known
            span["start"] = {"in": f"{min(y for y in starts if y is not None):04d}"}
        elif known:
            span["start"] = {"latest": f"{min(known):04d}"}
        if None not in ends:
            span["end"] = {"in": f"{max(e for e in ends if e is not None):04d}"}
        return {"timespans": [span]} if span else None
    years = _claim_years(views, place.iri)
    if not years:
        if latest is None:
            return None
        label = f"current in the sources (at the latest {latest}, the data's latest year)"
        return {"timespans": [{"start": {"latest": f"{latest:04d}"}}], "label": label}
    return {
        "timespans": [{"start": {"in": f"{years[0]:04d}"}, "end": {"in": f"{years[-1]:04d}"}}],
        "label": f"attested {years[0]}–{years[-1]}" if years[0] != years[-1] else f"{years[0]}",
    }


def _type(views: Views, kind: URIRef | None, label: str, period: Period | None) -> dict[str, Any]:
    aat, term = aat_type(views, kind)
    entry: dict[str, Any] = {"identifier": f"aat:{aat}", "label": label, "aat_term": term}
    if kind is not None:
        labels = views.kind_labels(kind)
        if labels:
            entry["sourceLabels"] = [
                {"label": t, "lang": lpf_language(lang)[0]} for lang, t in labels.items()
            ]
        entry["nkkg_kind"] = str(kind)
    if period is not None:
        entry["when"] = timespan(period)
    return entry


def _kind_name(views: Views, kind: URIRef) -> str:
    """A kind's English skos:prefLabel, else its slug."""
    return views.english_label(kind, SKOS.prefLabel) or slug(kind, views.base)


def lpf_feature(
    views: Views,
    place: Place,
    urls: dict[URIRef, tuple[str, str]],
    latest: int | None = None,
    titles: dict[URIRef, str] | None = None,
) -> dict[str, Any]:
    """One LPF Feature for a place (`titles`: every place's title, by IRI, if known)."""
    base, all_places = views.base, views.places()
    label_sources = _label_sources(views, place)
    names = []
    for lang, text in place.labels.items():
        tag, romanization = lpf_language(lang)
        name: dict[str, Any] = {"toponym": text, "lang": tag}
        if romanization is not None:
            name["romanization"] = romanization
        name["citations"] = _citations(label_sources.get(lang, ()), urls)
        names.append(name)
    if titles is None:
        titles = {p.iri: p.title for p in all_places}
    country = next((p for p in all_places if p.kind == NKKG.Country), None)
    types: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    for period in place.periods:
        if period.kind is not None:
            label = _kind_name(views, period.kind)
            types.append(_type(views, period.kind, label, period))
            parent = country.iri if country is not None else None
        else:
            within = period.province
            province = titles[within] if within in titles else slug(within or "", base)
            types.append(_type(views, place.kind, f"division within {province}", period))
            parent = period.province
        if parent is not None:
            relations.append(
                {
                    "relationType": "gvp:broaderPartitive",
                    "relationTo": str(parent),
                    "label": f"part of {titles.get(parent, slug(parent, base))}",
                    "when": timespan(period),
                    "citations": _citations(period.sources, urls),
                }
            )
    if not place.periods and place.kind is not None:
        types.append(_type(views, place.kind, _kind_name(views, place.kind), None))
    classes = sorted({c for t in types for c in FCLASSES.get(t["identifier"][4:], ("A",))})
    links = [
        {"type": "exactMatch", "identifier": str(iri)}
        for iri in (place.wikidata, place.geonames)
        if iri is not None
    ]
    geometry: dict[str, Any] | None = None
    if place.point is not None:
        point: dict[str, Any] = {
            "type": "Point",
            "coordinates": [place.point.lon, place.point.lat],
            "geo_wkt": place.point.wkt,
        }
        if place.point.sources:
            point["citations"] = _citations(place.point.sources, urls)
        geometry = {"type": "GeometryCollection", "geometries": [point]}
    properties = {"title": place.title, "ccodes": [COUNTRY_CODE], "fclasses": classes}
    feature: dict[str, Any] = {"@id": str(place.iri), "type": "Feature", "properties": properties}
    when = record_when(views, place, latest)
    if when is not None:
        feature["when"] = when
    feature.update(
        {"names": names, "types": types, "relations": relations, "links": links}
        | {"geometry": geometry}
    )
    return feature


def _label_sources(views: Views, place: Place) -> dict[str, tuple[URIRef, ...]]:
    found: dict[str, tuple[URIRef, ...]] = {}
    for c in views.claims(place.iri):
        language = getattr(c.value, "language", None)
        if str(c.prop).endswith("#label") and language is not None:
            found.setdefault(language, c.sources)
    return found


def lpf(graph: Graph, base: str = DEFAULT_BASE, *, views: Views | None = None) -> dict[str, Any]:
    """The LPF FeatureCollection: one Feature per division and the country.

    `views` is `Views.of(graph, base)` when the caller has made it already.
    """
    views = views or Views.of(graph, base)
    urls = views.source_urls()
    latest = latest_year(views)
    titles = {p.iri: p.title for p in views.places()}
    return {
        "type": "FeatureCollection",
        "@context": LPF_CONTEXT,
        "features": [lpf_feature(views, p, urls, latest, titles) for p in views.places()],
    }
