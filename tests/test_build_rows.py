"""The build's rows path against an rdflib graph of the same triples, which publish writes.

Both end in kg.rdf.nt's one term writer and one order, so they must write the
same bytes in every format: on the packaged data and on 350 synthetic records
(every combination of the generator's cycles of 50, 10, 7 and 5 records) whose
notes hold the characters N-Triples escapes (tab, newline, quote, backslash).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from rdflib import Graph

from kg.graph.builder import POINT_NOTE
from kg.pipeline import Project
from kg.rdf import formats
from kg.rdf.formats import serialize
from kg.rdf.nt import literal

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


def test_packaged_data_same_bytes_from_an_rdflib_graph_in_every_format() -> None:
    project = Project(validate=False)
    graph = Graph()
    for triple in project.graph:
        graph.add(triple)  # a graph of its own: a set, in whatever order rdflib keeps
    for fmt in formats.FORMATS:
        assert project.serialize(fmt) == serialize(graph, fmt, project.base), fmt.name


SYNTHETIC = 350  # the least common multiple of the cycles in _record


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Project:
    data = _write_synthetic(tmp_path_factory.mktemp("synth") / "data", SYNTHETIC)
    return Project(data, validate=False)


def test_synthetic_records_same_bytes_from_an_rdflib_graph(synthetic: Project) -> None:
    assert len(synthetic.rows) == len(synthetic.graph) > 20_000
    for fmt in ("turtle", "nt", "nquads"):
        assert synthetic.serialize(fmt) == serialize(synthetic.graph, fmt), fmt


def test_the_notes_reach_the_graph_sorted_by_their_n_triples_text(synthetic: Project) -> None:
    assert b"tab\\there" in synthetic.nt and b"two\\nlines" in synthetic.nt
    # escaped, a tab is a backslash, which sorts after the space of the fixed note
    first, fixed = NOTES[4], POINT_NOTE  # "A representative point\tfirst", "... of the place"
    assert literal(first, lang="en") > literal(fixed, lang="en")
    text = synthetic.nt.decode()
    point = f"<{synthetic.base}city-14-point> <http://www.w3.org/2000/01/rdf-schema#comment> "
    fixed_line, first_line = (point + literal(n, lang="en") for n in (fixed, first))
    assert text.index(fixed_line) < text.index(first_line)


def test_the_rdflib_graph_is_made_only_when_asked() -> None:
    project = Project(validate=False)
    project.serialize("turtle")
    assert "graph" not in vars(project)
    assert len(project.graph) == len(project.rows)
