"""The one pipeline: every command takes the validated graph from kg.Project, validated once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import kg
from kg import pipeline
from kg.profile import PROFILE
from kg.validation import pyshacl_engine
from kg.validation.compiled import engine

KG = Path(kg.__file__).parent


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts SHACL runs on either engine (the triples each saw), with the caches emptied."""
    runs: list[int] = []
    fast_run, pyshacl_run = engine.report_graph, pyshacl_engine.run

    def counting_fast(store, shapes, used=None):  # type: ignore[no-untyped-def]
        runs.append(len(store))
        return fast_run(store, shapes, used)

    def counting_pyshacl(work, shapes, used):  # type: ignore[no-untyped-def]
        runs.append(len(work))
        return pyshacl_run(work, shapes, used)

    monkeypatch.setattr(engine, "report_graph", counting_fast)
    monkeypatch.setattr(pyshacl_engine, "run", counting_pyshacl)
    monkeypatch.setattr(pipeline, "_VERDICTS", {})
    pipeline.default_project.cache_clear()
    yield runs
    pipeline.default_project.cache_clear()


@pytest.mark.parametrize(
    "args",
    [
        ("build", "--out", "{tmp}/g.ttl"),
        ("validate",),
        ("validate", "--ontology"),
        ("query", "first-level-in-year"),
        ("query", "hierarchy", "--engine", "oxigraph"),
    ],
    ids=lambda args: " ".join(args[:3]),
)
def test_each_command_validates_the_graph_once(
    run_nkkg, validations: list[int], tmp_path: Path, args: tuple[str, ...]
) -> None:
    result = run_nkkg(*(a.format(tmp=tmp_path) for a in args))
    assert result.returncode == 0, result.stderr
    assert validations == [len(pipeline.Project().graph)]


def test_a_project_builds_and_validates_once(validations: list[int], tmp_path: Path) -> None:
    project = pipeline.Project()
    first = project.validated_graph()
    assert project.validated_graph() is first
    project.write(tmp_path / "a.ttl")
    project.write(tmp_path / "b.nt", fmt="nt")
    assert project.report().conforms
    assert len(validations) == 1
    # another Project of the same data reuses the verdict: the digest is the same
    pipeline.Project().check()
    assert len(validations) == 1


def test_no_validate_skips_validation(validations: list[int], tmp_path: Path) -> None:
    result = pipeline.Project(validate=False).write(tmp_path / "g.ttl")
    assert result.triples == len(pipeline.Project().graph)
    assert validations == []


COUNTRY_FACTS = {
    "the country's Wikidata item": re.escape(PROFILE.wikidata_qid) + r"\b",
    "the ISO 3166-2 prefix": re.escape(PROFILE.iso_prefix),
    "the first year": rf"\b{PROFILE.first_year}\b",
}


@pytest.mark.parametrize("fact", COUNTRY_FACTS)
def test_only_the_profile_names_the_country(fact: str) -> None:
    pattern = re.compile(COUNTRY_FACTS[fact])
    offenders = [
        str(path.relative_to(KG))
        for path in sorted(KG.rglob("*.py"))
        if path.name != "profile.py" and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], f"{fact} is named outside kg/profile.py"
    assert pattern.search((KG / "profile.py").read_text(encoding="utf-8"))


def test_no_module_is_over_400_lines() -> None:
    long = {
        str(path.relative_to(KG)): n
        for path in KG.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}


def test_the_ontology_declares_every_property_of_the_table_with_a_fitting_range() -> None:
    from rdflib.namespace import OWL, RDF, RDFS, XSD

    from kg.graph.ontology import load_ontology
    from kg.input.properties import DATATYPES, PROPERTIES, Value
    from kg.rdf.namespace import NKKG

    ontology = load_ontology()
    # years are xsd:gYear literals, but OWL 2's datatype map has no xsd:gYear: range rdfs:Literal
    literal = {Value.TEXT: RDF.langString, Value.STRING: XSD.string, **DATATYPES}
    literal[Value.YEAR] = RDFS.Literal
    for prop in PROPERTIES:
        if not str(prop.predicate).startswith(str(NKKG)):
            continue  # rdf:type, rdfs:label, SKOS: the standard vocabularies declare them
        kind = ontology.value(prop.predicate, RDF.type)
        ranges = set(ontology.objects(prop.predicate, RDFS.range))
        if prop.value in literal:
            assert (kind, ranges) == (OWL.DatatypeProperty, {literal[prop.value]}), prop.key
        else:
            assert kind == OWL.ObjectProperty, prop.key


def test_ontology_findings_refuse_the_graph_in_the_callers_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project = pipeline.Project()
    real = project.verdict()
    findings = ("nkkg:a is used but not declared", "nkkg:b has no label", "nkkg:c has no comment")
    monkeypatch.setattr(project, "verdict", lambda: pipeline.Verdict(real.report, findings))
    with pytest.raises(kg.ValidationFailed) as caught:
        project.validated_graph("release not written", skippable=False)
    assert str(caught.value) == (
        "the ontology fails 3 check(s), release not written: nkkg:a is used but not declared; "
        "nkkg:b has no label; and 1 more (`nkkg validate --ontology` lists them all)"
    )
