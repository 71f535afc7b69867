"""GeoJSON for map tools, and Linked Places Format (LPF) for the World Historical Gazetteer.

LPF (https://github.com/LinkedPasts/linked-places-format) carries what plain
GeoJSON cannot: dated types and part-of relations, names with citations. A
status period becomes one `types` entry and one `gvp:broaderPartitive`
relation (to the province it lay within, or to the country while it was
first-level), each with a `when` timespan of its inclusive years.
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph, URIRef

from kg.graph.namespace import DEFAULT_BASE
from kg.publish.graphdata import Period, Place, kind_labels, places, slug, source_urls
from kg.publish.rdf import compact_iri

LPF_CONTEXT = (
    "https://raw.githubusercontent.com/LinkedPasts/linked-places/master/"
    "linkedplaces-context-v1.1.jsonld"
)
COUNTRY_CODE = "KP"


def _citations(sources: tuple[URIRef, ...], urls: dict[URIRef, tuple[str, str]]) -> list[Any]:
    return [{"label": urls[s][0], "@id": urls[s][1]} for s in sources if s in urls]


def timespan(period: Period) -> dict[str, Any]:
    """An LPF `when`: inclusive years; an unknown start is 'at the latest' the end year."""
    span: dict[str, Any] = {}
    if period.start is not None:
        span["start"] = {"in": f"{period.start:04d}"}
    elif period.end is not None:
        span["start"] = {"latest": f"{period.end:04d}"}
    if period.end is not None:
        span["end"] = {"in": f"{period.end:04d}"}
    when: dict[str, Any] = {"timespans": [span]}
    if period.end is None and period.start is not None:
        when["label"] = f"since {period.start}"
    return when


def _country(all_places: list[Place]) -> Place | None:
    return next((p for p in all_places if str(p.kind).endswith("#Country")), None)


def lpf_feature(
    graph: Graph,
    place: Place,
    all_places: list[Place],
    urls: dict[URIRef, tuple[str, str]],
    base: str,
) -> dict[str, Any]:
    """One LPF Feature for a place."""
    label_sources = _label_sources(graph, place)
    names = [
        {"toponym": text, "lang": lang, "citations": _citations(label_sources.get(lang, ()), urls)}
        for lang, text in place.labels.items()
    ]
    titles = {p.iri: p.title for p in all_places}
    country = _country(all_places)
    types: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    for period in place.periods:
        if period.kind is not None:
            labels = kind_labels(graph, period.kind)
            types.append(
                {
                    "identifier": str(period.kind),
                    "label": labels.get("en", compact_iri(str(period.kind), base)),
                    "sourceLabels": [{"label": t, "lang": lang} for lang, t in labels.items()],
                    "when": timespan(period),
                }
            )
            parent = country.iri if country is not None else None
        else:
            within = period.province
            province = titles[within] if within in titles else slug(within or "", base)
            types.append(
                {
                    "identifier": "https://w3id.org/nkkg/ontology#AdministrativeDivision",
                    "label": f"division within {province}",
                    "when": timespan(period),
                }
            )
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
        labels = kind_labels(graph, place.kind)
        types.append(
            {"identifier": str(place.kind), "label": labels.get("en", slug(place.kind, base))}
        )
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
    properties: dict[str, Any] = {"title": place.title, "ccodes": [COUNTRY_CODE]}
    return {
        "@id": str(place.iri),
        "type": "Feature",
        "properties": properties,
        "names": names,
        "types": types,
        "relations": relations,
        "links": links,
        "geometry": geometry,
    }


def _label_sources(graph: Graph, place: Place) -> dict[str, tuple[URIRef, ...]]:
    from kg.publish.graphdata import claims

    found: dict[str, tuple[URIRef, ...]] = {}
    for c in claims(graph, place.iri):
        language = getattr(c.value, "language", None)
        if str(c.prop).endswith("#label") and language is not None:
            found.setdefault(language, c.sources)
    return found


def lpf(graph: Graph, base: str = DEFAULT_BASE) -> dict[str, Any]:
    """The LPF FeatureCollection: one Feature per division and the country."""
    all_places = places(graph, base)
    urls = source_urls(graph)
    return {
        "type": "FeatureCollection",
        "@context": LPF_CONTEXT,
        "features": [lpf_feature(graph, p, all_places, urls, base) for p in all_places],
    }


def geojson(graph: Graph, base: str = DEFAULT_BASE) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the places that have a point (RFC 7946: lon, lat)."""
    features = []
    for place in places(graph, base):
        if place.point is None:
            continue
        properties: dict[str, Any] = {"id": str(place.iri), "title": place.title}
        for lang, text in place.labels.items():
            properties[f"name_{lang.replace('-', '_')}"] = text
        properties["kind"] = compact_iri(str(place.kind), base)
        properties["iso_code"] = place.iso_code
        properties["wikidata"] = place.qid
        properties["geonames"] = str(place.geonames) if place.geonames else None
        properties["capital"] = place.values.get("capital")
        properties["status_periods"] = [
            {
                "kind": compact_iri(str(p.kind), base) if p.kind else None,
                "within_province": slug(p.province, base) if p.province else None,
                "start": p.start,
                "end": p.end,
            }
            for p in place.periods
        ]
        features.append(
            {
                "type": "Feature",
                "id": place.slug,
                "geometry": {"type": "Point", "coordinates": [place.point.lon, place.point.lat]},
                "properties": properties,
            }
        )
    return {"type": "FeatureCollection", "features": features}
