"""The streaming build path (rows of strings, pyoxigraph's writers) against the old rdflib path.

tests/legacy_build.py is the pre-issue-11 builder and serializer, frozen: the
new path must write exactly its bytes, in every format, on the packaged data
and on 350 synthetic records (every combination of the generator's cycles of
50, 10, 7 and 5 records) whose notes hold the characters where N-Triples and
rdflib's n3() order differently (tab, newline, quote, backslash).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from legacy_build import old_build_graph, old_serialize

from kg.graph import formats
from kg.graph.rows import _n3, lang_literal
from kg.pipeline import Project

NOTES = ["tab\there", "two\nlines", 'say "so"', "back\\slash", "A representative point\tfirst"]


def _claim(value: Any, **extra: Any) -> dict[str, Any]:
    return {"value": value, "source": "synth-a", **extra}


def _record(i: int) -> dict[str, Any]:
    if i % 50 == 0:
        return {
            "id": f"province-{i}",
            "claims": {"kind": [_claim("Province")], "label": [_claim(f"P{i}", lang="en")]},
            "periods": [{"kind": "Province", "start": 1954, "source": "synth-a"}],
        }
    province = f"province-{max(50, i // 50 * 50)}"
    population = [_claim(1000 + i * 7 % 9000)]
    if i % 10 == 0:  # a conflict: the first claim is preferred, the second stays a claim
        population = [
            _claim(1000 + i, rank="preferred", as_of=2008, note=NOTES[i % 5]),
            {"value": 2000 + i, "source": "synth-b"},
        ]
    record: dict[str, Any] = {
        "id": f"city-{i}",
        "claims": {
            "kind": [_claim("City")],
            "label": [_claim(f"City {i}", lang="en"), _claim(f"도시{i}", lang="ko-Hang")],
            "population": population,
            "area_km2": [_claim(float(f"{i % 97 + 1}.{i % 10}"))],
            "located_in": [_claim(province)],
        },
        "periods": [
            {"province": province, "end": 1959, "source": "synth-a"},
            {"kind": "DirectlyGovernedCity", "start": 1960, "end": 1967, "source": "synth-b"},
            {"province": province, "start": 1968, "source": "synth-a", "note": NOTES[i % 5]},
        ],
    }
    if i % 7 == 0:  # two comments on one node: the point's fixed note and this one
        record["point"] = {"lat": 39.5, "lon": 125.25, "source": "synth-a", "note": NOTES[i % 5]}
    return record


def _write_synthetic(folder: Path, n: int) -> Path:
    folder.mkdir()
    sources = [
        {"id": f"synth-{x}", "url": f"https://example.org/{x}", "title": f"Synthetic {x}"}
        for x in "ab"
    ]
    kinds = [{"id": k} for k in ("Province", "City", "DirectlyGovernedCity")]
    for name, items in {
        "sources.yaml": sources,
        "kinds.yaml": kinds,
        "synthetic.yaml": [_record(i) for i in range(n)],
    }.items():
        (folder / name).write_text(yaml.safe_dump(items, allow_unicode=True), encoding="utf-8")
    return folder


def test_packaged_data_same_bytes_as_the_rdflib_path_in_every_format() -> None:
    project = Project(validate=False)
    old = old_build_graph(project.dataset)
    for fmt in formats.FORMATS:
        assert project.serialize(fmt) == old_serialize(old, fmt), fmt.name


SYNTHETIC = 350  # the least common multiple of the cycles in _record


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Project:
    data = _write_synthetic(tmp_path_factory.mktemp("synth") / "data", SYNTHETIC)
    return Project(data, validate=False)


def test_synthetic_records_same_bytes_as_the_rdflib_path(synthetic: Project) -> None:
    old = old_build_graph(synthetic.dataset)
    assert len(synthetic.rows) == len(old) > 20_000
    for fmt in ("turtle", "nt", "nquads"):
        assert synthetic.serialize(fmt) == old_serialize(old, fmt), fmt


def test_the_notes_reach_the_graph_and_order_as_rdflib_orders_them(synthetic: Project) -> None:
    assert b"tab\\there" in synthetic.nt and b"two\\nlines" in synthetic.nt
    # in n3() a tab stays a tab, which sorts before a space; escaped it would sort after
    first, fixed = NOTES[4], "A representative point of the place"
    assert _n3(lang_literal(first, "en")) < _n3(lang_literal(fixed, "en"))
    assert lang_literal(first, "en") > lang_literal(fixed, "en")
    assert _n3(lang_literal("two\nlines", "en")) == '"""two\nlines"""@en'


def test_the_rdflib_graph_is_made_only_when_asked() -> None:
    project = Project(validate=False)
    project.serialize("turtle")
    assert "graph" not in vars(project)
    assert len(project.graph) == len(project.rows)
