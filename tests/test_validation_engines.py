"""The compiled SHACL engine and its pyshacl fallback, made visible (no cycle: test_structure)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, Namespace
from rdflib.namespace import RDF

from kg import pipeline
from kg.graph.ontology import load_ontology
from kg.graph.reader import read_graph
from kg.pipeline import default_project
from kg.rdf.namespace import DEFAULT_BASE, NKKG
from kg.validation import api
from kg.validation.api import validate_graph, validate_store
from kg.validation.compiled import engine
from kg.validation.report import report_json
from kg.validation.shapes import packaged_shapes

ID = Namespace(DEFAULT_BASE)


# ---------------------------------------------------------------- the fallback, made visible

PREFIXES = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix nkkg: <https://w3id.org/nkkg/ontology#> .
@prefix nkkgsh: <https://w3id.org/nkkg/shapes#> .
@prefix id: <https://w3id.org/nkkg/id/> .
"""
# sh:equals is SHACL Core, and pyshacl checks it; the compiled engine does not compile it
EQUALS = (
    PREFIXES
    + """
nkkgsh:PeriodParentIsProvinceShape a sh:NodeShape ;
    sh:targetClass nkkg:StatusPeriod ;
    sh:property [
        sh:path nkkg:withinDivision ;
        sh:equals nkkg:withinProvince ;
        sh:message "the containing division is not stated as the province" ;
    ] .
"""
)
EQUALS_FALLBACK = (
    "sh:EqualsConstraintComponent in nkkgsh:PeriodParentIsProvinceShape's property "
    "nkkg:withinDivision (sh:equals is not compiled)"
)
NOTE = (
    f"nkkg: note: the compiled SHACL engine does not support {EQUALS_FALLBACK}; "
    "pyshacl validates instead (slower)\n"
)
# two made-up status periods: one inside a division it also states as its province, one not
PERIODS = (
    PREFIXES
    + """
id:test-period-1 a nkkg:StatusPeriod ;
    nkkg:withinDivision id:test-province ; nkkg:withinProvince id:test-province .
id:test-period-2 a nkkg:StatusPeriod ; nkkg:withinDivision id:test-city .
id:test-city rdfs:label "Test City"@en ; nkkg:statusPeriod id:test-period-2 .
"""
)


def turtle(text: str) -> Graph:
    return Graph().parse(data=text, format="turtle")


def test_a_constraint_the_compiled_engine_does_not_compile_is_left_to_pyshacl_visibly(
    graph: Graph,
) -> None:
    shapes = turtle(EQUALS)
    report = validate_graph(graph, shapes=shapes)
    reference = validate_graph(graph, shapes=shapes, engine="pyshacl")
    assert (report.engine, report.fallback) == ("pyshacl", EQUALS_FALLBACK)
    assert (reference.engine, reference.fallback) == ("pyshacl", None)  # asked for: no fallback
    assert report.results == reference.results
    # the periods whose containing divisions and provinces differ, read from the graph itself
    periods = set(graph.subjects(RDF.type, NKKG.StatusPeriod))
    differ = {
        p
        for p in periods
        if set(graph.objects(p, NKKG.withinDivision)) != set(graph.objects(p, NKKG.withinProvince))
    }
    assert differ and {r.focus for r in report.results} == differ


def test_validate_store_reports_the_fallback_and_the_triples_it_was_given() -> None:
    data, shapes = turtle(PERIODS), turtle(EQUALS)
    store = engine.store_of(data, load_ontology())
    report = validate_store(store, len(data), fallback=lambda: data, shapes=shapes)
    reference = validate_graph(data, shapes=shapes, engine="pyshacl")
    assert (report.engine, report.fallback, report.triples) == ("pyshacl", EQUALS_FALLBACK, 7)
    assert report.results == reference.results
    assert [(r.focus, r.focus_label) for r in report.results] == [
        (ID["test-period-2"], "Test City, status period")
    ]


def test_the_packaged_shapes_need_no_fallback(graph: Graph) -> None:
    engine.compiled(packaged_shapes())  # raises Unsupported for anything it does not compile
    report = validate_graph(graph)
    assert (report.engine, report.fallback) == ("fast", None)
    built = default_project().report()  # validate_store, the path of nkkg build
    assert (built.engine, built.fallback) == ("fast", None)


@pytest.fixture
def shapes_in_place_of_the_packaged(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Graph]:
    """The entry points read these shapes where they would read the packaged ones.

    nkkg validate and nkkg build take no shapes file, so the tests put one in
    place; the verdicts the pipeline keeps are emptied before and after.
    """
    monkeypatch.setattr(pipeline, "_VERDICTS", {})

    def use(text: str) -> Graph:
        shapes = turtle(text)
        monkeypatch.setattr(api, "packaged_shapes", lambda: shapes)
        return shapes

    return use


def test_nkkg_validate_notes_the_fallback_in_one_line_and_in_its_report(
    run_nkkg, tmp_path: Path, shapes_in_place_of_the_packaged: Callable[[str], Graph]
) -> None:
    path = tmp_path / "periods.ttl"
    path.write_text(PERIODS, encoding="utf-8")
    shapes = shapes_in_place_of_the_packaged(EQUALS)
    text = run_nkkg("validate", str(path))
    assert (text.returncode, text.stderr) == (1, NOTE)
    assert text.stdout.splitlines()[:2] == [
        f"{path}: 7 triples, does not conform: 1 violation, 0 warnings, 0 infos",
        f"validated by pyshacl: the compiled engine does not support {EQUALS_FALLBACK}",
    ]
    as_json = run_nkkg("validate", str(path), "--format", "json")
    assert (as_json.returncode, as_json.stderr) == (1, NOTE)
    found = json.loads(as_json.stdout)
    assert (found["engine"], found["fallback"]) == ("pyshacl", EQUALS_FALLBACK)
    reference = validate_graph(read_graph(path), shapes=shapes, engine="pyshacl")
    assert found["results"] == json.loads(report_json(reference))
    assert [r["focus"] for r in found["results"]] == [str(ID["test-period-2"])]


def test_nkkg_build_notes_the_fallback_before_its_refusal(
    run_nkkg, tmp_path: Path, shapes_in_place_of_the_packaged: Callable[[str], Graph]
) -> None:
    shapes_in_place_of_the_packaged(EQUALS)
    result = run_nkkg("build", "--out", str(tmp_path / "g.ttl"))
    assert result.returncode == 1
    note, error = result.stderr.splitlines()
    assert note + "\n" == NOTE
    assert error.startswith("nkkg: error: the graph has ")
    assert not (tmp_path / "g.ttl").exists()


def test_nkkg_validate_of_the_packaged_data_prints_no_note(run_nkkg) -> None:
    result = run_nkkg("validate", "--format", "json")
    assert (result.returncode, result.stderr) == (0, "")
    found = json.loads(result.stdout)
    assert (found["engine"], found["fallback"]) == ("fast", None)


# Shapes the compiled engine leaves to pyshacl (kg/validation/compiled/README.md), each a
# test shape's body, and the fallback its report gives.
UNSUPPORTED = {
    "a path other than a predicate or inverse": (
        """sh:property [ sh:path [ sh:zeroOrMorePath nkkg:withinDivision ] ; sh:minCount 1 ;
            sh:message "m" ]""",
        "sh:zeroOrMorePath in nkkgsh:TestShape's property"
        " (only predicate and inverse paths are compiled)",
    ),
    "a logical constraint other than sh:or": (
        """sh:not [ sh:class nkkg:Claim ] ; sh:message "m" """,
        "sh:NotConstraintComponent in nkkgsh:TestShape (sh:not is not compiled)",
    ),
    "a constraint without sh:message": (
        "sh:property [ sh:path nkkg:withinProvince ; sh:minCount 1 ]",
        "sh:MinCountConstraintComponent in nkkgsh:TestShape's property nkkg:withinProvince"
        " (no sh:message: pyshacl writes its own, this engine does not)",
    ),
    "a parameter it does not compile inside sh:or": (
        """sh:property [ sh:path nkkg:withinDivision ; sh:message "m" ;
            sh:or ( [ sh:class nkkg:Province ] [ sh:minLength 1 ] ) ]""",
        "sh:MinLengthConstraintComponent in nkkgsh:TestShape's property nkkg:withinDivision's"
        " sh:or shape (sh:minLength is not compiled)",
    ),
    "a deactivated property shape": (
        """sh:property [ sh:path nkkg:withinProvince ; sh:minCount 1 ; sh:message "m" ;
            sh:deactivated true ]""",
        "sh:deactivated in nkkgsh:TestShape's property nkkg:withinProvince"
        " (sh:deactivated is not compiled in a property shape)",
    ),
    "a count constraint on a node shape": (
        """sh:hasValue id:test-city ; sh:message "m" """,
        "sh:HasValueConstraintComponent in nkkgsh:TestShape"
        " (sh:hasValue without a path is not compiled)",
    ),
    "a predicate that is no SHACL Core parameter": (
        "rdfs:seeAlso <https://example.org/> ; "
        """sh:property [ sh:path nkkg:withinDivision ; sh:minCount 1 ; sh:message "m" ]""",
        "rdfs:seeAlso in nkkgsh:TestShape (rdfs:seeAlso is not compiled)",
    ),
    "an implicit class target": (
        """a rdfs:Class ; sh:property [ sh:path nkkg:withinProvince ; sh:minCount 1 ;
            sh:message "m" ]""",
        "an implicit class target in nkkgsh:TestShape (a shape that is also a class is not"
        " compiled)",
    ),
    "a property shape inside a property shape of a shape that another one uses": (
        """sh:node [ sh:property [ sh:path nkkg:withinDivision ; sh:message "m" ;
            sh:property [ sh:path rdfs:label ; sh:minCount 1 ; sh:message "m" ] ] ] ;
            sh:message "m" """,
        "sh:PropertyConstraintComponent in nkkgsh:TestShape's sh:node shape's property"
        " nkkg:withinDivision (sh:property is not compiled in a property shape)",
    ),
    "a SPARQL constraint that uses $currentShape": (
        """sh:sparql [ sh:message "m" ; sh:select
            "SELECT $this WHERE { $this ?p ?o . FILTER (?p = $currentShape) }" ]""",
        "sh:SPARQLConstraintComponent in nkkgsh:TestShape"
        " (an sh:select that uses $currentShape is not compiled)",
    ),
}


@pytest.mark.parametrize("case", sorted(UNSUPPORTED))
def test_what_the_compiled_engine_does_not_compile_is_named_and_pyshacl_validates_it(
    case: str,
) -> None:
    body, fallback = UNSUPPORTED[case]
    data = turtle(PERIODS)
    shape = f"nkkgsh:TestShape a sh:NodeShape ; sh:targetClass nkkg:StatusPeriod ; {body} ."
    shapes = turtle(PREFIXES + shape)
    report = validate_graph(data, shapes=shapes)
    assert (report.engine, report.fallback) == ("pyshacl", fallback)
    assert report.results == validate_graph(data, shapes=shapes, engine="pyshacl").results
