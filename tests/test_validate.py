"""`nkkg validate`, `nkkg build`'s validation, and the Python API, on the whole graph."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SH

from kg import build
from kg.graph.reader import read_graph
from kg.graph.serialize import serialize
from kg.pipeline import default_project
from kg.rdf.namespace import DEFAULT_BASE, NKKG, NKKGSH, ONTOLOGY_IRI
from kg.validation.api import validate_graph
from kg.validation.model import ValidationFailed
from kg.validation.report import report_json, report_turtle

TRIPLES = len(default_project().graph)  # what nkkg build writes for the packaged data

ID = Namespace(DEFAULT_BASE)
POP1 = ID["kaesong-population-1"]


def without_a_source(graph: Graph) -> Graph:
    """The built graph with one claim's source dropped: exactly one violation."""
    changed = Graph()
    changed += graph
    changed.remove((POP1, NKKG.source, None))
    return changed


def write(path: Path, graph: Graph, fmt: str = "turtle") -> Path:
    path.write_bytes(serialize(graph, fmt))
    return path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


# ---------------------------------------------------------------- the built graph


def test_built_graph_conforms_without_warnings(graph: Graph) -> None:
    # No warning either: Kaesong's stated 235/km² is within 1 of 308,440/1,309 = 235.6,
    # and the other stated densities are rounded population/area.
    report = validate_graph(graph)
    assert report.conforms
    assert report.counts() == {"Violation": 0, "Warning": 0, "Info": 0}
    assert report.results == ()


def test_validate_command_on_the_packaged_data(run_nkkg, graph: Graph) -> None:
    result = run_nkkg("validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"the graph built from kg/data: {TRIPLES} triples, "
        "conforms: 0 violations, 0 warnings, 0 infos\n"
    )
    assert result.stderr == ""


def test_validation_leaves_the_callers_graph_alone(graph: Graph) -> None:
    changed = without_a_source(graph)
    before = len(changed)
    validate_graph(changed)
    assert len(changed) == before == len(graph) - 1


# ---------------------------------------------------------------- report forms


def test_text_report_groups_results_by_shape(graph: Graph, run_nkkg, tmp_path: Path) -> None:
    path = write(tmp_path / "g.ttl", without_a_source(graph))
    result = run_nkkg("validate", str(path))
    assert result.returncode == 1
    assert result.stdout == (
        f"{path}: {len(graph) - 1} triples, does not conform: 1 violation, 0 warnings, 0 infos\n"
        "\n"
        "nkkgsh:ClaimSourceShape: 1 violation\n"
        "  Kaesong, claim (id:kaesong-population-1)\n"
        "    path:       nkkg:source\n"
        "    constraint: MinCount\n"
        "    message:    a claim has at least one nkkg:source, an nkkg:Source\n"
    )
    assert result.stderr == ""


def test_json_report_lists_the_results(graph: Graph, run_nkkg, tmp_path: Path) -> None:
    path = write(tmp_path / "g.ttl", without_a_source(graph))
    result = run_nkkg("validate", str(path), "--format", "json")
    assert result.returncode == 1
    assert json.loads(result.stdout) == {
        "source": str(path),
        "conforms": False,
        "violations": 1,
        "warnings": 0,
        "infos": 0,
        "engine": "fast",
        "fallback": None,
        "results": [
            {
                "severity": "Violation",
                "shape": NKKGSH + "ClaimSourceShape",
                "constraint": "MinCount",
                "focus": str(POP1),
                "focus_label": "Kaesong, claim",
                "path": str(NKKG.source),
                "value": None,
                "message": "a claim has at least one nkkg:source, an nkkg:Source",
            }
        ],
    }
    assert result.stdout.startswith('{\n  "source": ')  # the one JSON style: 2-space indent


def test_turtle_report_is_pyshacls_report_and_byte_stable(graph: Graph, run_nkkg, tmp_path):
    path = write(tmp_path / "g.ttl", without_a_source(graph))
    first = run_nkkg("validate", str(path), "--format", "turtle")
    assert first.returncode == 1
    report = Graph().parse(data=first.stdout, format="turtle")
    (result,) = report.subjects(RDF.type, SH.ValidationResult)
    assert report.value(result, SH.focusNode) == POP1
    assert str(report.value(result, SH.sourceShape)) == NKKGSH + "ClaimSourceShape"
    assert report.value(result, SH.sourceConstraintComponent) == SH.MinCountConstraintComponent
    assert (None, SH.conforms, Literal(False)) in report
    # the same results give the same bytes, in-process and in another process
    again = validate_graph(Graph().parse(path))
    assert report_turtle(again).decode() == first.stdout
    second = run_nkkg("validate", str(path), "--format", "turtle")
    assert second.stdout == first.stdout


def test_report_json_and_turtle_of_a_conforming_graph(graph: Graph) -> None:
    report = validate_graph(graph)
    assert report_json(report) == "[]"
    turtle = Graph().parse(data=report_turtle(report), format="turtle")
    assert (None, SH.conforms, Literal(True)) in turtle
    assert len(turtle) == 2


# ---------------------------------------------------------------- warnings and violations


def test_density_warning_alone_exits_0(run_nkkg, data_copy: Path, graph: Graph) -> None:
    # Kaesong's stated density 235 -> 240, while 308,440/1,309 = 235.6
    edit(
        data_copy / "cities.yaml",
        "- {value: 235, source: article}",
        "- {value: 240, source: article}",
    )
    result = run_nkkg("validate", "--data", str(data_copy))
    assert result.returncode == 0, result.stdout
    assert result.stdout == (
        f"the graph built from {data_copy}: {TRIPLES} triples, "
        "conforms: 0 violations, 1 warning, 0 infos\n"
        "\n"
        "nkkgsh:DensityShape: 1 warning\n"
        "  Kaesong (id:kaesong)\n"
        "    path:       nkkg:densityPerKm2\n"
        "    value:      240\n"
        "    constraint: SPARQL\n"
        "    message:    stated density 240/km² is more than 1 away from population/area "
        "= 235.6/km²\n"
    )


def test_build_refuses_a_graph_with_violations(
    run_nkkg, data_copy: Path, tmp_path: Path, counts
) -> None:
    # Nampo directly governed until 2006 overlaps its 2004-2010 years inside South Pyongan
    edit(
        data_copy / "cities.yaml",
        "{kind: DirectlyGovernedCity, start: 1980, end: 2004, source: wp-nampo}",
        "{kind: DirectlyGovernedCity, start: 1980, end: 2006, source: wp-nampo}",
    )
    out = tmp_path / "out.ttl"
    result = run_nkkg("build", "--data", str(data_copy), "--out", str(out))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "nkkg: error: the graph has 1 SHACL violation, not written: Nampo (id:nampo) "
        "nkkg:statusPeriod: status period period-2 (1980-2006) overlaps this one (2004-2011) "
        f"[nkkgsh:PeriodOverlapShape] (`nkkg validate --data {data_copy}` lists them all; "
        "`--no-validate` skips the check)\n"
    )
    assert not out.exists()
    assert list(tmp_path.glob(".out.ttl.*")) == []

    skipped = run_nkkg("build", "--data", str(data_copy), "--out", str(out), "--no-validate")
    assert skipped.returncode == 0, skipped.stderr
    assert skipped.stdout == counts.summary(out) + "\n"
    assert out.exists()

    validated = run_nkkg("validate", str(out))
    assert validated.returncode == 1
    assert "nkkgsh:PeriodOverlapShape: 1 violation" in validated.stdout


def test_build_api_raises_with_the_report(data_copy: Path, tmp_path: Path) -> None:
    edit(data_copy / "cities.yaml", "- {value: rajin-guyok, source: article}",
         "- {value: waudo-guyok, source: article}")  # fmt: skip
    out = tmp_path / "g.ttl"
    with pytest.raises(ValidationFailed) as caught:
        build(out=out, data=data_copy)
    report = caught.value.report
    assert report is not None
    assert [(r.shape, r.focus, r.value) for r in report.results] == [
        (URIRef(NKKGSH + "SeatLocationShape"), ID.rason, ID["waudo-guyok"])
    ]
    assert not out.exists()
    assert build(out=out, data=data_copy, validate=False).path == out


# ---------------------------------------------------------------- files


@pytest.mark.parametrize("fmt,suffix", [("nt", ".nt"), ("jsonld", ".jsonld"), ("trig", ".trig")])
def test_read_graph_reads_every_format(graph: Graph, tmp_path: Path, fmt: str, suffix: str) -> None:
    path = write(tmp_path / f"g{suffix}", graph, fmt)
    assert isomorphic(read_graph(path), graph)


def test_read_graph_reads_rdf_xml(graph: Graph, tmp_path: Path) -> None:
    path = tmp_path / "g.rdf"
    graph.serialize(path, format="xml")
    assert isomorphic(read_graph(path), graph)


def test_validate_reads_n_triples_without_the_ontology(data_graph: Graph, run_nkkg, tmp_path):
    # the data alone: the packaged ontology is merged in before validation
    path = write(tmp_path / "data.nt", data_graph, "nt")
    result = run_nkkg("validate", str(path))
    assert result.returncode == 0, result.stdout
    assert result.stdout == (
        f"{path}: {len(data_graph)} triples, conforms: 0 violations, 0 warnings, 0 infos\n"
    )


UNUSABLE = [
    ("empty.ttl", "", "{path}: no triples (empty file)"),
    ("missing.ttl", None, "{path}: no such file"),
    (
        "broken.ttl",
        "@prefix id: <https://w3id.org/nkkg/id/> .\nid:a id:b id:c ;\n",
        "{path}: Parser error at line 3 column 1: Unexpected end (broken.ttl, line 3)",
    ),
    (
        "graph.csv",
        "a,b,c\n",
        "{path}: unknown RDF format '.csv' (known extensions: .ttl, .nt, .nq, .jsonld, .trig, "
        ".rdf, .xml, .owl)",
    ),
    (
        "remote.jsonld",
        '{"@context": "https://schema.org/", "name": "Kaesong"}',
        "{path}: remote JSON-LD @context documents are not loaded; inline the context",
    ),
]


@pytest.mark.parametrize("name,content,message", UNUSABLE, ids=[u[0] for u in UNUSABLE])
def test_unusable_input_exits_2(run_nkkg, tmp_path: Path, name, content, message) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = run_nkkg("validate", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"nkkg: error: {message.format(path=path)}\n"


def test_unknown_report_format_exits_2(run_nkkg) -> None:
    result = run_nkkg("validate", "--format", "yaml")
    assert result.returncode == 2
    assert result.stderr == (
        "nkkg: error: Invalid value for '--format' / '-f': 'yaml' is not one of "
        "'text', 'turtle', 'json'. (see 'nkkg validate --help')\n"
    )


def test_a_folder_is_not_a_file(run_nkkg, tmp_path: Path) -> None:
    folder = tmp_path / "g.ttl"
    folder.mkdir()
    result = run_nkkg("validate", str(folder))
    assert result.returncode == 2
    assert result.stderr == f"nkkg: error: {folder}: is a folder, not a file\n"


# ---------------------------------------------------------------- --ontology


def test_validate_ontology_passes(run_nkkg) -> None:
    result = run_nkkg("validate", "--ontology")
    assert result.returncode == 0, result.stdout
    assert result.stdout == "ontology: passes all checks\n"


def test_validate_ontology_lists_findings(run_nkkg, tmp_path: Path) -> None:
    from kg.graph.ontology import load_ontology

    ontology = load_ontology()
    ontology.remove((NKKG.seat, None, Literal("seat", lang="en")))
    path = write(tmp_path / "nkkg.ttl", ontology)
    result = run_nkkg("validate", "--ontology", str(path))
    assert result.returncode == 1
    assert result.stdout == (
        "ontology: 1 finding\n  nkkg:seat: 0 English rdfs:label values (expected exactly one)\n"
    )
    as_json = run_nkkg("validate", "--ontology", str(path), "--format", "json")
    assert as_json.returncode == 1
    assert json.loads(as_json.stdout) == {
        "conforms": False,
        "findings": ["nkkg:seat: 0 English rdfs:label values (expected exactly one)"],
    }


def test_a_malformed_language_tag_in_a_file_is_a_violation(graph: Graph, run_nkkg, tmp_path):
    # pyoxigraph parses leniently, so the shapes report the tag (exit 1) instead of the parser
    # refusing the file (exit 2); the Turtle report falls back to sorted N-Triples lines
    path = tmp_path / "g.nt"
    text = serialize(graph, "nt").decode()
    assert text.count('"평양직할시"@ko-hang ') == 2  # the plain label and its claim
    path.write_text(text.replace('"평양직할시"@ko-hang ', '"평양직할시"@ko-hang-x '))
    result = run_nkkg("validate", str(path), "--format", "json")
    assert result.returncode == 1
    results = json.loads(result.stdout)["results"]
    tags = [r for r in results if r["shape"] == NKKGSH + "LanguageTagShape"]
    assert [(r["focus"], r["message"]) for r in tags] == [
        (str(ID["pyongyang"]), "'ko-hang-x' is not a well-formed BCP 47 language tag"),
        (str(ID["pyongyang-label-2"]), "'ko-hang-x' is not a well-formed BCP 47 language tag"),
    ]
    turtle = run_nkkg("validate", str(path), "--format", "turtle")
    assert turtle.returncode == 1
    assert turtle.stdout.startswith("_:r1 ")
    assert turtle.stdout == run_nkkg("validate", str(path), "--format", "turtle").stdout
    report = Graph().parse(data=turtle.stdout, format="turtle")
    assert (None, SH.value, Literal("평양직할시", lang="ko-hang-x")) in report


@pytest.mark.parametrize("own_ontology", [True, False])
def test_pyshacl_leaves_the_callers_graph_as_it_was(graph: Graph, own_ontology: bool) -> None:
    # a graph with its ontology is read through a second view of its store, not copied;
    # one without gets a copy with the ontology added: neither is changed
    article = ID["source-article"]
    given = Graph()
    given += graph
    given.remove((article, NKKG.url, None))
    if not own_ontology:
        given.remove((URIRef(ONTOLOGY_IRI), None, None))  # the header: the packaged one is used
    before = set(given)
    only = [URIRef(NKKGSH + "SourceShape")]
    report = validate_graph(given, engine="pyshacl", only=only)
    assert [(r.focus, r.path) for r in report.results] == [(article, NKKG.url)]
    assert set(given) == before
