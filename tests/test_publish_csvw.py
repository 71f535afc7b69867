"""The CSV tables through a CSVW processor: typed, linked, and converting to the graph's triples.

The processor is pip's csvw (the library behind `csvwvalidate`), whose CSVW-to-JSON
(standard mode, https://www.w3.org/TR/csv2json/) gives each row's triples: the
aboutUrl as "@id", each propertyUrl as a key (a prefixed name of CSVW's own
context, vendored under tests/vendor/csvw), each valueUrl or value as a value.
Every triple it gives must be a triple of the graph, entity IRIs and nkkg terms
included. JSON does not keep which value is an IRI, nor a literal's datatype and
language, so values are compared as the IRI or lexical form they print as, and
numbers by value.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from csvw import CSVW  # type: ignore[import-untyped]
from rdflib import Graph, Literal

from kg.rdf.namespace import NKKG

CONTEXT = Path(__file__).parent / "vendor" / "csvw" / "csvw.jsonld"
ID = "https://w3id.org/nkkg/id/"


@pytest.fixture(scope="module")
def converted(release: Path) -> dict[str, list[tuple[str, str, Any]]]:
    """Table -> the (subject, property, value) triples csvw's conversion gives."""
    context = json.loads(CONTEXT.read_text(encoding="utf-8"))["@context"]
    prefixes = {k: v for k, v in context.items() if isinstance(v, str) and "://" in v}
    processor = CSVW(str(release / "csv-metadata.json"), validate=True)
    assert processor.is_valid, processor.warnings

    def iri(name: str) -> str:
        prefix, _, local = name.partition(":")
        return prefixes[prefix] + local if prefix in prefixes and "://" not in name else name

    def walk(node: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
        for key, values in node.items():
            if key == "@id":
                continue
            for value in values if isinstance(values, list) else [values]:
                prop = iri("rdf:type" if key == "@type" else key)
                if isinstance(value, dict):
                    yield node["@id"], prop, value["@id"]
                    yield from walk(value)
                else:
                    yield node["@id"], prop, value

    return {
        Path(table["url"]).name: [
            t for row in table["row"] for d in row["describes"] for t in walk(d)
        ]
        for table in processor.to_json()["tables"]
    }


def printed(graph: Graph) -> set[tuple[str, str, str]]:
    return {(str(s), str(p), _lexical(o)) for s, p, o in graph}


def _lexical(value: object) -> str:
    number = value.toPython() if isinstance(value, Literal) else None
    if isinstance(number, (int, float, Decimal)) and not isinstance(number, bool):
        return str(Decimal(str(value)).normalize())
    return str(value)


def test_every_converted_triple_is_a_triple_of_the_graph(
    converted: dict[str, list[tuple[str, str, Any]]], graph: Graph
) -> None:
    ours = printed(graph)
    for table, triples in converted.items():
        found = {
            (s, p, _lexical(Literal(v) if isinstance(v, (int, float)) else v))
            for s, p, v in triples
        }
        assert found - ours == set(), table
    sizes = {table: len(set(triples)) for table, triples in converted.items()}
    assert min(sizes.values()) > 50, sizes


def test_the_conversion_gives_nkkg_terms_and_entity_iris(
    converted: dict[str, list[tuple[str, str, Any]]],
) -> None:
    chongjin = ID + "chongjin"
    divisions = set(converted["divisions.csv"])
    assert (chongjin, str(NKKG.population), 627000) in divisions  # the tied pair, as numbers
    assert (chongjin, str(NKKG.population), 667929) in divisions
    assert (chongjin, str(NKKG.locatedIn), ID + "north-hamgyong") in divisions
    assert (
        chongjin,
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        str(NKKG.City),
    ) in divisions
    assert (
        ID + "pyongyang",
        "http://www.w3.org/2004/02/skos/core#exactMatch",
        "https://sws.geonames.org/1871856/",  # the division (admin1), preferred
    ) in divisions
    periods = set(converted["status-periods.csv"])
    assert (chongjin, str(NKKG.statusPeriod), ID + "chongjin-period-2") in periods
    assert (ID + "chongjin-period-2", str(NKKG.kind), str(NKKG.DirectlyGovernedCity)) in periods
    # the old metadata gave table-local column IRIs and string values instead
    everything = {t for triples in converted.values() for t in triples}
    assert not any("divisions.csv#" in p for _, p, _ in everything)


def test_numeric_columns_hold_numbers_only(release: Path) -> None:
    meta = json.loads((release / "csv-metadata.json").read_text(encoding="utf-8"))
    for table in meta["tables"]:
        rows = list(csv.DictReader(io.StringIO((release / table["url"]).read_text("utf-8"))))
        for column in table["tableSchema"]["columns"]:
            if column.get("datatype") in ("integer", "decimal") and "separator" not in column:
                cells = [r[column["name"]] for r in rows if r[column["name"]]]
                assert all(re.fullmatch(r"[0-9]+(\.[0-9]+)?", c) for c in cells), column["name"]
    divisions = {
        r["id"]: r
        for r in csv.DictReader(io.StringIO((release / "divisions.csv").read_text("utf-8")))
    }
    assert (divisions["chongjin"]["population"], divisions["chongjin"]["population_tied"]) == (
        "",
        "627000;667929",
    )
    assert divisions["pyongyang"]["population"] == "3255288"


def test_metadata_declares_languages_separators_and_foreign_keys(release: Path) -> None:
    meta = json.loads((release / "csv-metadata.json").read_text(encoding="utf-8"))
    tables = {t["url"]: t["tableSchema"] for t in meta["tables"]}
    columns = {c["name"]: c for c in tables["divisions.csv"]["columns"]}
    assert (columns["label_ko_hang"]["lang"], columns["label_ko_hani"]["lang"]) == (
        "ko-Hang",
        "ko-Hani",
    )
    assert columns["population_tied"]["separator"] == ";"
    periods = {c["name"]: c for c in tables["status-periods.csv"]["columns"]}
    assert periods["sources"]["separator"] == " "
    assert tables["events.csv"]["foreignKeys"] == [
        {"columnReference": c, "reference": {"resource": "divisions.csv", "columnReference": "id"}}
        for c in ("before", "after")
    ]


def test_the_divisions_links_resolve_to_rows(release: Path) -> None:
    """The nullable links csvw's strict validator will not take as foreign keys."""
    rows = {
        r["id"]: r
        for r in csv.DictReader(io.StringIO((release / "divisions.csv").read_text("utf-8")))
    }
    for column in ("located_in", "related_province", "absorbed_into", "seat", "capital"):
        assert {r[column] for r in rows.values() if r[column]} <= set(rows), column
