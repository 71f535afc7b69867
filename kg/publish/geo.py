"""GeoJSON for map tools (the LPF for the World Historical Gazetteer is kg.publish.lpf)."""

from __future__ import annotations

from typing import Any

from rdflib import Graph

from kg.publish.lpf import lpf
from kg.publish.rdf import compact_iri
from kg.rdf.namespace import DEFAULT_BASE
from kg.views import Views, slug

__all__ = ["geojson", "lpf"]


def geojson(
    graph: Graph, base: str = DEFAULT_BASE, *, views: Views | None = None
) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the places that have a point (RFC 7946: lon, lat).

    `views` is `Views.of(graph, base)` when the caller has made it already.
    """
    features = []
    for place in (views or Views.of(graph, base)).places():
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
