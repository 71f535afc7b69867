"""The LPF file against the World Historical Gazetteer's own upload schema and AAT list.

WHG (github.com/WorldHistoricalGazetteer/whg3, validation/tasks.py) validates one
feature at a time, wrapped in a FeatureCollection, with a Draft 7 validator, and saves
a dataset only when no feature has an error. The schema and WHG's list of AAT place
types are vendored under tests/vendor/whg (README there).
"""

from __future__ import annotations

import ast
import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator
from rdflib import Graph
from referencing import Registry, Resource

from kg.publish.lpf import AAT_TYPES, lpf, lpf_language

VENDOR = Path(__file__).parent / "vendor" / "whg"


@pytest.fixture(scope="module")
def validator() -> Draft7Validator:
    schema = json.loads((VENDOR / "lpf_v2.0.jsonld").read_text(encoding="utf-8"))
    csl = json.loads((VENDOR / "csl-citation.json").read_text(encoding="utf-8"))
    registry: Registry = Registry().with_resource(csl["$id"], Resource.from_contents(csl))
    return Draft7Validator(schema, registry=registry)


def whg_errors(validator: Draft7Validator, collection: dict[str, Any]) -> list[str]:
    """Every error of every feature, validated one by one as WHG's upload does."""
    return [
        f"{feature['@id']}: {error.message[:80]}"
        for feature in collection["features"]
        for error in validator.iter_errors({"type": "FeatureCollection", "features": [feature]})
    ]


def test_every_feature_passes_whgs_schema(validator: Draft7Validator, graph: Graph) -> None:
    collection = lpf(graph)
    assert len(collection["features"]) >= 30
    assert whg_errors(validator, collection) == []


def test_whgs_schema_refuses_what_the_release_used_to_write(
    validator: Draft7Validator, graph: Graph
) -> None:
    collection = lpf(graph)
    chagang = next(f for f in collection["features"] if f["@id"].endswith("/chagang"))
    bad = copy.deepcopy(chagang)
    bad["names"][-1]["lang"] = "ko-latn-x-mr"  # valid BCP 47, refused by the pattern
    del bad["when"]  # and no `when` anywhere else (the country, the capitals, the districts)
    for entry in bad["types"] + bad["relations"]:
        del entry["when"]
    errors = whg_errors(validator, {"features": [bad]})
    assert len(errors) == 2, errors
    assert any("'ko-latn-x-mr' does not match" in e for e in errors)


def test_mr_names_keep_their_romanization_beside_a_tag_whg_accepts(graph: Graph) -> None:
    assert lpf_language("ko-latn-x-mr") == ("ko-Latn", "McCune–Reischauer")
    assert lpf_language("ko-hang") == ("ko-Hang", None)
    chagang = next(f for f in lpf(graph)["features"] if f["@id"].endswith("/chagang"))
    assert {k: v for k, v in chagang["names"][-1].items() if k != "citations"} == {
        "toponym": "Chagang-do",
        "lang": "ko-Latn",
        "romanization": "McCune–Reischauer",
    }
    assert chagang["names"][-1]["citations"][0]["@id"] == (
        "https://en.wikipedia.org/wiki/ISO_3166-2:KP"
    )


def test_types_are_aat_terms_of_whgs_list(graph: Graph) -> None:
    listed = ast.literal_eval((VENDOR / "aat.py").read_text(encoding="utf-8").split("=", 1)[1])
    for aat, term in AAT_TYPES.values():
        assert listed[int(aat)]["term"] == term
    features = {f["@id"].rsplit("/", 1)[1]: f for f in lpf(graph)["features"]}
    used = {t["identifier"] for f in features.values() for t in f["types"]}
    assert used <= {f"aat:{aat}" for aat, _ in AAT_TYPES.values()}
    assert [t["identifier"] for t in features["kaesong"]["types"]] == [
        "aat:300232418",  # administrative region: an administrative division
        "aat:300008389",  # directly governed city
        "aat:300008389",  # a city within North Hwanghae
        "aat:300008389",  # special city
    ]
    assert features["north-korea"]["types"][0]["identifier"] == "aat:300387506"
    # a ku (South Hamgyong's Sudong) is an AAT district, as an urban kuyŏk is
    assert [t["identifier"] for t in features["sudong-district"]["types"]] == ["aat:300000705"]
    assert features["chagang"]["properties"]["fclasses"] == ["A"]
    assert features["pyongyang"]["properties"]["fclasses"] == ["A", "P"]


def test_every_feature_has_a_record_level_when(graph: Graph) -> None:
    features = {f["@id"].rsplit("/", 1)[1]: f for f in lpf(graph)["features"]}
    assert features["hwanghae"]["when"] == {
        "timespans": [{"start": {"in": "1945"}, "end": {"in": "1954"}}]
    }
    # Chongjin's first period has no start year: it began at the latest in 1960
    assert features["chongjin"]["when"] == {"timespans": [{"start": {"latest": "1960"}}]}
    # no dated fact at all: in the sources' present, so begun by the data's latest year
    # (2024: Changp'ung's return to Kaesong, known by a navbox of 2024-10)
    assert features["north-korea"]["when"]["timespans"] == [{"start": {"latest": "2024"}}]
