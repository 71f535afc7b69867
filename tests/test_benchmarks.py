"""The benchmark's synthetic data: deterministic, valid, and with the conflicts it promises.

The timings themselves are never asserted (benchmarks/run.py prints them);
morph-kgc's output is compared with nkkg's by run.py, in morph-kgc's own venv.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kg import load_dataset
from kg.pipeline import Project
from kg.rdf.namespace import DEFAULT_BASE, NKKG
from kg.sparql import run_query
from kg.validation.api import validate_graph
from tests.support.graphs import graph_of

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import synth

XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.*"))}


def test_same_size_same_bytes(tmp_path: Path) -> None:
    synth.write(tmp_path / "a", 120)
    synth.write(tmp_path / "b", 120)
    assert files(tmp_path / "a") == files(tmp_path / "b")
    assert "yaml/synthetic.yaml" in files(tmp_path / "a")
    assert "jsonl/synthetic.jsonl" in files(tmp_path / "a")
    assert "csv/values_ko_hani.csv" in files(tmp_path / "a")


def test_json_lines_build_the_bytes_of_the_yaml(tmp_path: Path) -> None:
    synth.write(tmp_path, 60)
    yaml_nt = Project(tmp_path / "yaml").serialize("nt")
    assert Project(tmp_path / "jsonl").serialize("nt") == yaml_nt
    assert yaml_nt.count(b"\n") > 60 * 50


def test_synthetic_data_conforms_and_has_the_promised_shape(tmp_path: Path) -> None:
    synth.write_yaml(tmp_path, 60)
    dataset = load_dataset(tmp_path)
    assert len(dataset.records) == 60
    city = next(r for r in dataset.records if r.id == "city-7")
    assert [(c.lang, c.value) for c in city.claims.label] == [
        ("en", "City 7"),
        ("ko-Hang", "도시칠"),
        ("ko-Hani", "都市七"),
    ]
    assert [(p.start, p.end, p.kind, p.province) for p in city.periods] == [
        (None, 1959, None, "province-50"),
        (1960, 1967, "DirectlyGovernedCity", None),
        (1968, None, None, "province-50"),
    ]
    report = validate_graph(graph_of(dataset))
    assert report.results == ()


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_conflicting_claims_on_synthetic_data(tmp_path: Path, engine: str) -> None:
    synth.write_yaml(tmp_path, 60)
    graph = graph_of(tmp_path)
    result = run_query("conflicting-claims", graph=graph, engine=engine)
    population = NKKG.population
    rows = [(str(r[0]).removeprefix(DEFAULT_BASE), r[1], r[2], r[3]) for r in result.rows]
    expected = []
    for i in (10, 20, 30, 40):  # every tenth city; 50 is a province
        value = 10_000 + (i * 7919) % 990_000
        expected += [
            (
                f"city-{i}",
                population,
                Literal(str(value), datatype=XSD_INTEGER),
                NKKG.PreferredRank,
            ),
            (
                f"city-{i}",
                population,
                Literal(str(value + 100), datatype=XSD_INTEGER),
                NKKG.NormalRank,
            ),
        ]
    assert rows == expected
