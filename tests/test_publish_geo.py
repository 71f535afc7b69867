"""GeoJSON and Linked Places Format: the required LPF fields, dated types and relations, points."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from rdflib import Graph, Namespace

from kg.publish.geo import geojson, lpf
from kg.rdf.namespace import GEO

ID = Namespace("https://w3id.org/nkkg/id/")

# The fields the LPF specification (github.com/LinkedPasts/linked-places-format, v1.2)
# calls required, and the forms it gives for `when`, names, types, relations and links.
WHEN = {
    "type": "object",
    "anyOf": [{"required": ["timespans"]}, {"required": ["periods"]}],
    "properties": {
        "timespans": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["start"],
                "properties": {
                    "start": {"$ref": "#/$defs/instant"},
                    "end": {"$ref": "#/$defs/instant"},
                },
            },
        }
    },
}
LPF_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$defs": {
        "instant": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": False,
            "properties": {
                k: {"type": "string", "pattern": r"^-?\d{4}"} for k in ("in", "earliest", "latest")
            },
        },
        "citation": {
            "type": "object",
            "required": ["label", "@id"],
            "properties": {"label": {"type": "string"}, "@id": {"type": "string"}},
        },
    },
    "type": "object",
    "required": ["type", "@context", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "@context": {"type": "string"},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["@id", "type", "properties", "names", "geometry"],
                "properties": {
                    "@id": {"type": "string", "format": "uri", "pattern": "^https?://"},
                    "type": {"const": "Feature"},
                    "properties": {
                        "type": "object",
                        "required": ["title"],
                        "properties": {
                            "title": {"type": "string", "minLength": 1},
                            "ccodes": {"type": "array", "items": {"pattern": "^[A-Z]{2}$"}},
                        },
                    },
                    "names": {
                        "type": "array",
                        "minItems": 1,
                        # the first name must be cited
                        "prefixItems": [{"required": ["citations"]}],
                        "items": {
                            "type": "object",
                            "required": ["toponym"],
                            "properties": {
                                "toponym": {"type": "string", "minLength": 1},
                                "lang": {"type": "string"},
                                "citations": {
                                    "type": "array",
                                    "minItems": 1,
                                    "items": {"$ref": "#/$defs/citation"},
                                },
                                "when": WHEN,
                            },
                        },
                    },
                    "types": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["identifier", "label"],
                            "properties": {"when": WHEN},
                        },
                    },
                    "relations": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["relationType", "relationTo"],
                            "properties": {"when": WHEN},
                        },
                    },
                    "links": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["type", "identifier"],
                            "properties": {
                                "type": {
                                    "enum": [
                                        "exactMatch",
                                        "closeMatch",
                                        "primaryTopicOf",
                                        "subjectOf",
                                        "seeAlso",
                                    ]
                                }
                            },
                        },
                    },
                    "geometry": {
                        "oneOf": [
                            {"type": "null"},
                            {
                                "type": "object",
                                "required": ["type", "geometries"],
                                "properties": {
                                    "type": {"const": "GeometryCollection"},
                                    "geometries": {"type": "array", "minItems": 1},
                                },
                            },
                        ]
                    },
                },
            },
        },
    },
}


@pytest.fixture(scope="module")
def without_points(graph: Graph) -> Graph:
    """A copy of the graph with no geometry at all: places without a point."""
    copy = Graph()
    for triple in graph:
        if triple[1] not in (GEO.hasGeometry, GEO.asWKT):
            copy.add(triple)
    return copy


def _feature(collection: dict[str, Any], slug: str) -> dict[str, Any]:
    return next(f for f in collection["features"] if f["@id"] == str(ID[slug]))


def test_lpf_passes_the_schema_of_required_fields(graph: Graph, without_points: Graph) -> None:
    jsonschema.validate(lpf(graph), LPF_SCHEMA)
    jsonschema.validate(lpf(without_points), LPF_SCHEMA)


def test_the_schema_rejects_a_feature_without_title(graph: Graph) -> None:
    collection = lpf(graph)
    del collection["features"][0]["properties"]["title"]
    with pytest.raises(jsonschema.ValidationError, match="'title' is a required property"):
        jsonschema.validate(collection, LPF_SCHEMA)


def _span(entry: dict[str, Any]) -> tuple[str | None, str | None]:
    span = entry["when"]["timespans"][0]
    start = span["start"].get("in") or "≤" + span["start"]["latest"]
    return start, span.get("end", {}).get("in")


def test_each_city_has_one_type_per_status_period_with_its_years(graph: Graph) -> None:
    chongjin = _feature(lpf(graph), "chongjin")
    assert [(t["label"], _span(t)) for t in chongjin["types"]] == [
        ("division within North Hamgyong", ("≤1960", "1960")),
        ("directly governed city", ("1960", "1967")),
        ("division within North Hamgyong", ("1967", "1977")),
        ("directly governed city", ("1977", "1985")),
        ("division within North Hamgyong", ("1985", None)),
    ]
    kaesong = _feature(lpf(graph), "kaesong")
    assert [(t["label"], _span(t)) for t in kaesong["types"]] == [
        ("administrative region", ("1951", "1957")),  # ends 1955-01 or 1957
        ("directly governed city", ("1955", "2003")),
        ("division within North Hwanghae", ("2003", "2019")),
        ("special city", ("2019", None)),
    ]
    assert kaesong["types"][-1]["when"]["label"] == "since 2019"
    counts = {f["@id"].rsplit("/", 1)[1]: len(f["types"]) for f in lpf(graph)["features"]}
    assert {k: counts[k] for k in ("pyongyang", "rason", "nampo", "hamhung")} == {
        "pyongyang": 1,
        "rason": 4,
        "nampo": 4,
        "hamhung": 3,
    }
    hwanghae = _feature(lpf(graph), "hwanghae")
    assert [(t["label"], _span(t)) for t in hwanghae["types"]] == [("province", ("1945", "1954"))]
    assert [(r["relationTo"].rsplit("/", 1)[1], _span(r)) for r in hwanghae["relations"]] == [
        ("north-korea", ("1945", "1954"))
    ]


def test_types_carry_the_kind_names_in_every_script(graph: Graph) -> None:
    pyongyang = _feature(lpf(graph), "pyongyang")
    assert pyongyang["types"][0]["identifier"] == "aat:300008389"  # AAT "cities"
    assert pyongyang["types"][0]["nkkg_kind"] == (
        "https://w3id.org/nkkg/ontology#DirectlyGovernedCity"
    )
    assert {"label": "直轄市", "lang": "ko-Hani"} in pyongyang["types"][0]["sourceLabels"]


def test_relations_are_dated_part_of_links(graph: Graph) -> None:
    rason = _feature(lpf(graph), "rason")
    assert [
        (r["relationType"], r["relationTo"].rsplit("/", 1)[1], _span(r)) for r in rason["relations"]
    ] == [
        ("gvp:broaderPartitive", "north-hamgyong", ("≤1994", "1994")),  # 1993 or 1994
        ("gvp:broaderPartitive", "north-korea", ("1993", "2004")),
        ("gvp:broaderPartitive", "north-hamgyong", ("2004", "2010")),
        ("gvp:broaderPartitive", "north-korea", ("2010", None)),
    ]
    assert rason["relations"][0]["citations"] == [
        {
            "label": "NK Chosun (Yonhap): Rason back in North Hamgyong as one of its cities; "
            "directly governed since 1994",
            "@id": "http://nk.chosun.com/news/articleView.html?idxno=5467",
        },
        {"label": "Rason (English Wikipedia)", "@id": "https://en.wikipedia.org/wiki/Rason"},
    ]


def test_names_and_links_to_wikidata_and_geonames(graph: Graph) -> None:
    pyongyang = _feature(lpf(graph), "pyongyang")
    assert pyongyang["properties"] == {
        "title": "Pyongyang",
        "ccodes": ["KP"],
        "fclasses": ["A", "P"],
    }
    assert {(n["toponym"], n["lang"]) for n in pyongyang["names"]} == {
        ("Pyongyang", "en"),
        ("평양직할시", "ko-Hang"),
        ("平壤直轄市", "ko-Hani"),
    }
    assert pyongyang["names"][0]["citations"][0]["@id"] == (
        "https://en.wikipedia.org/wiki/Special_cities_of_North_Korea"
    )
    assert pyongyang["links"] == [
        {"type": "exactMatch", "identifier": "http://www.wikidata.org/entity/Q18808"},
        {"type": "exactMatch", "identifier": "https://sws.geonames.org/1871856/"},
    ]
    links = {
        f["@id"].rsplit("/", 1)[1]: len(f["links"]) for f in lpf(graph)["features"] if f["links"]
    }
    matches = graph.query(
        "SELECT ?s (COUNT(?o) AS ?n) { ?s <http://www.w3.org/2004/02/skos/core#exactMatch> ?o "
        'FILTER(STRSTARTS(STR(?s), "https://w3id.org/nkkg/id/")) } GROUP BY ?s'
    )
    assert links == {str(s).rsplit("/", 1)[1]: int(n) for s, n in matches}  # type: ignore[misc]


def test_the_data_points_become_lpf_geometry_and_geojson_features(graph: Graph) -> None:
    pyongyang = _feature(lpf(graph), "pyongyang")
    assert pyongyang["geometry"] == {
        "type": "GeometryCollection",
        "geometries": [
            {
                "type": "Point",
                "coordinates": [125.75432, 39.03385],
                "geo_wkt": "POINT(125.75432 39.03385)",
                "citations": [  # the point's nkkg:source
                    {
                        "label": "GeoNames cities15000.txt, a public 2012 copy "
                        "(CliveEvans/lucene-spike)",
                        "@id": "https://github.com/CliveEvans/lucene-spike/blob/master/"
                        "cities15000.txt",
                    }
                ],
            }
        ],
    }
    with_geometry = [f for f in lpf(graph)["features"] if f["geometry"]]
    assert len(with_geometry) == 15
    assert all(f["geometry"]["geometries"][0]["citations"] for f in with_geometry)
    assert _feature(lpf(graph), "hwanghae")["geometry"] is None  # no source gives a point
    features = {f["id"]: f for f in geojson(graph)["features"]}
    assert len(features) == 15
    feature = features["pyongyang"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [125.75432, 39.03385]}
    props = feature["properties"]
    assert (props["name_ko_hang"], props["iso_code"], props["wikidata"], props["geonames"]) == (
        "평양직할시",
        "KP-01",
        "Q18808",
        "https://sws.geonames.org/1871856/",
    )
    assert props["status_periods"] == [
        {"kind": "nkkg:DirectlyGovernedCity", "within_province": None, "start": 1946, "end": None}
    ]
    assert features["north-hamgyong"]["properties"]["capital"] == "chongjin"
    json.dumps(feature)  # plain JSON types only


def test_without_points_there_is_no_geometry(without_points: Graph) -> None:
    assert _feature(lpf(without_points), "pyongyang")["geometry"] is None
    assert geojson(without_points) == {"type": "FeatureCollection", "features": []}


def test_a_release_lists_the_points(release: Path) -> None:
    features = json.loads((release / "nkkg.geojson").read_text(encoding="utf-8"))["features"]
    rows = {
        r["id"]: r for r in csv.DictReader(io.StringIO((release / "divisions.csv").read_text()))
    }
    assert sorted(f["id"] for f in features) == sorted(r for r in rows if rows[r]["longitude"])
    assert len(features) == 15
    page = (release / "site/id/pyongyang.html").read_text(encoding="utf-8")
    assert '<a href="https://sws.geonames.org/1871856/">' in page
    assert '<p id="pyongyang-point">Point: POINT(125.75432 39.03385)</p>' in page
