"""GeoJSON and Linked Places Format: the required LPF fields, dated types and relations, points."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

from kg.publish import publish
from kg.publish.geo import geojson, lpf
from kg.publish.graphdata import GEO

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
def with_point(graph: Graph) -> Graph:
    """A copy of the graph with a point and a GeoNames link for Pyongyang, in the form the
    data issue adds them. The coordinates and the id are test values, not facts."""
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    geometry = ID["pyongyang-geometry"]
    copy.add((ID.pyongyang, GEO.hasGeometry, geometry))
    copy.add((geometry, GEO.asWKT, Literal("POINT(125.5 39.5)", datatype=GEO.wktLiteral)))
    copy.add((geometry, URIRef("https://w3id.org/nkkg/ontology#source"), ID["source-article"]))
    copy.add((ID.pyongyang, SKOS.exactMatch, URIRef("https://sws.geonames.org/1/")))
    return copy


def _feature(collection: dict[str, Any], slug: str) -> dict[str, Any]:
    return next(f for f in collection["features"] if f["@id"] == str(ID[slug]))


def test_lpf_passes_the_schema_of_required_fields(graph: Graph, with_point: Graph) -> None:
    jsonschema.validate(lpf(graph), LPF_SCHEMA)
    jsonschema.validate(lpf(with_point), LPF_SCHEMA)


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
        ("division within North Hamgyong", ("≤1959", "1959")),
        ("directly governed city", ("1960", "1967")),
        ("division within North Hamgyong", ("1968", "1976")),
        ("directly governed city", ("1977", "1985")),
        ("division within North Hamgyong", ("1986", None)),
    ]
    kaesong = _feature(lpf(graph), "kaesong")
    assert [(t["label"], _span(t)) for t in kaesong["types"]] == [
        ("administrative region", ("1951", "1955")),
        ("directly governed city", ("1955", "2003")),
        ("division within North Hwanghae", ("2003", "2019")),
        ("special city", ("2019", None)),
    ]
    assert kaesong["types"][-1]["when"]["label"] == "since 2019"
    counts = {f["@id"].rsplit("/", 1)[1]: len(f["types"]) for f in lpf(graph)["features"]}
    assert {k: counts[k] for k in ("pyongyang", "rason", "nampo", "hamhung")} == {
        "pyongyang": 1,
        "rason": 4,
        "nampo": 3,
        "hamhung": 3,
    }


def test_types_carry_the_kind_names_in_every_script(graph: Graph) -> None:
    pyongyang = _feature(lpf(graph), "pyongyang")
    assert (
        pyongyang["types"][0]["identifier"] == "https://w3id.org/nkkg/ontology#DirectlyGovernedCity"
    )
    assert {"label": "直轄市", "lang": "ko-hani"} in pyongyang["types"][0]["sourceLabels"]


def test_relations_are_dated_part_of_links(graph: Graph) -> None:
    rason = _feature(lpf(graph), "rason")
    assert [
        (r["relationType"], r["relationTo"].rsplit("/", 1)[1], _span(r)) for r in rason["relations"]
    ] == [
        ("gvp:broaderPartitive", "north-hamgyong", ("≤1993", "1993")),
        ("gvp:broaderPartitive", "north-korea", ("1993", "2004")),
        ("gvp:broaderPartitive", "north-hamgyong", ("2004", "2009")),
        ("gvp:broaderPartitive", "north-korea", ("2010", None)),
    ]
    assert rason["relations"][0]["citations"] == [
        {"label": "Rason (English Wikipedia)", "@id": "https://en.wikipedia.org/wiki/Rason"}
    ]


def test_names_links_and_no_geometry_without_a_point(graph: Graph) -> None:
    pyongyang = _feature(lpf(graph), "pyongyang")
    assert pyongyang["properties"] == {"title": "Pyongyang", "ccodes": ["KP"]}
    assert {(n["toponym"], n["lang"]) for n in pyongyang["names"]} == {
        ("Pyongyang", "en"),
        ("평양직할시", "ko-hang"),
        ("平壤直轄市", "ko-hani"),
    }
    assert pyongyang["names"][0]["citations"][0]["@id"] == (
        "https://en.wikipedia.org/wiki/Special_cities_of_North_Korea"
    )
    assert pyongyang["links"] == [
        {"type": "exactMatch", "identifier": "http://www.wikidata.org/entity/Q18808"}
    ]
    assert pyongyang["geometry"] is None
    assert geojson(graph) == {"type": "FeatureCollection", "features": []}


def test_a_point_becomes_lpf_geometry_and_a_geojson_feature(with_point: Graph) -> None:
    pyongyang = _feature(lpf(with_point), "pyongyang")
    assert pyongyang["geometry"] == {
        "type": "GeometryCollection",
        "geometries": [
            {
                "type": "Point",
                "coordinates": [125.5, 39.5],
                "geo_wkt": "POINT(125.5 39.5)",
                "citations": [
                    {
                        "label": "Special cities of North Korea (English Wikipedia)",
                        "@id": "https://en.wikipedia.org/wiki/Special_cities_of_North_Korea",
                    }
                ],
            }
        ],
    }
    assert {"type": "exactMatch", "identifier": "https://sws.geonames.org/1/"} in pyongyang["links"]
    (feature,) = geojson(with_point)["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [125.5, 39.5]}
    props = feature["properties"]
    assert (props["name_ko_hang"], props["iso_code"], props["wikidata"]) == (
        "평양직할시",
        "KP-01",
        "Q18808",
    )
    assert props["status_periods"] == [
        {"kind": "nkkg:DirectlyGovernedCity", "within_province": None, "start": 1946, "end": None}
    ]
    json.dumps(feature)  # plain JSON types only


def test_a_release_with_points_round_trips_and_lists_them(
    with_point: Graph, tmp_path: Path
) -> None:
    release = publish(tmp_path / "r", with_point).path
    for name, fmt in [("nkkg.ttl", "turtle"), ("nkkg.rdf", "xml"), ("nkkg.jsonld", "json-ld")]:
        assert set(Graph().parse(release / name, format=fmt)) == set(with_point), name
    rows = {
        r["id"]: r for r in csv.DictReader(io.StringIO((release / "divisions.csv").read_text()))
    }
    assert (rows["pyongyang"]["longitude"], rows["pyongyang"]["latitude"]) == ("125.5", "39.5")
    assert rows["pyongyang"]["geonames"] == "https://sws.geonames.org/1/"
    features = json.loads((release / "nkkg.geojson").read_text(encoding="utf-8"))["features"]
    assert [f["id"] for f in features] == ["pyongyang"]
    index = (release / "site/index.html").read_text(encoding="utf-8")
    assert index.count('<circle class="place"') == 1
    page = (release / "site/id/pyongyang.html").read_text(encoding="utf-8")
    assert '<a href="https://sws.geonames.org/1/">' in page
