"""Every SPARQL query form: SELECT, ASK, CONSTRUCT, DESCRIBE; updates refused; prefixes known."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph

from kg.errors import UsageError
from kg.sparql.engines import execute, run_query
from kg.sparql.params import prepare
from kg.sparql.remote import AskResult, GraphResult
from kg.sparql.saved import query_form
from tests.support.queries import packaged_execute, packaged_query

QUERIES = {
    "yes.rq": "# a prefix the graph knows, undeclared\nASK { id:rason a nkkg:SpecialCity }\n",
    "no.rq": "ASK { id:rason a nkkg:Province }\n",
    "labels.rq": (
        "CONSTRUCT { ?c rdfs:label ?l } WHERE {\n"
        '  ?c a nkkg:SpecialCity ; rdfs:label ?l . FILTER(lang(?l) = "en")\n}\n'
    ),
    "rason.rq": "DESCRIBE id:rason\n",
    "own.rq": "PREFIX id: <http://example.org/>\nASK { id:rason ?p ?o }\n",
    "insert.rq": "INSERT DATA { id:x a nkkg:SpecialCity }\n",
    "delete.rq": "PREFIX x: <http://x/>\nDELETE WHERE { ?s ?p ?o }\n",
}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("forms")
    for name, text in QUERIES.items():
        (folder / name).write_text(text)
    return folder


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_every_form_on_both_engines(files: Path, engine: str, graph: Graph) -> None:
    data = graph  # an rdflib Graph: engine="oxigraph" queries a pyoxigraph copy of it
    assert execute(files / "yes.rq", graph=data, engine=engine) == AskResult(True)
    assert execute(files / "no.rq", graph=data, engine=engine) == AskResult(False)
    # the query's own id: wins over the graph's
    assert execute(files / "own.rq", graph=data, engine=engine) == AskResult(False)
    labels = execute(files / "labels.rq", graph=data, engine=engine)
    assert isinstance(labels, GraphResult)
    assert sorted(str(o) for _, _, o in labels.triples) == ["Kaesong", "Nampo", "Rason"]
    described = execute(files / "rason.rq", graph=data, engine=engine)
    assert isinstance(described, GraphResult)
    assert len(described.triples) == 38


def test_updates_are_refused_with_their_own_message(files: Path) -> None:
    for name, keyword in (("insert.rq", "INSERT"), ("delete.rq", "DELETE")):
        with pytest.raises(UsageError) as err:
            packaged_execute(files / name)
        assert str(err.value) == (
            f"{files / name}: a SPARQL update ({keyword}); updates are not supported: nkkg "
            "query runs SELECT, ASK, CONSTRUCT and DESCRIBE queries and never changes the graph"
        )


def test_the_form_is_read_past_comments_strings_and_iris() -> None:
    text = '# SELECT\nPREFIX a: <http://x/#ASK>\nBASE <http://x/>\nconstruct { ?s ?p "DESCRIBE" }\n'
    assert query_form(text + "WHERE { ?s ?p ?o }") == "CONSTRUCT"


def test_run_query_is_for_select_rows(files: Path) -> None:
    with pytest.raises(UsageError, match="is an ASK query; run_query gives SELECT rows"):
        packaged_query(files / "yes.rq")


def test_prefixes_are_declared_on_the_first_line_unless_the_query_declares_them(
    files: Path,
) -> None:
    bound = prepare(files / "own.rq")
    first, rest = bound.split("\n", 1)
    assert first.startswith("PREFIX ")
    assert "PREFIX geo: <http://www.opengis.net/ont/geosparql#> " in first
    assert "PREFIX nkkg: <https://w3id.org/nkkg/ontology#>" in first
    assert bound.count("PREFIX id:") == 1 and first.endswith(" PREFIX id: <http://example.org/>")
    assert rest == "ASK { id:rason ?p ?o }\n"  # line numbers stay the file's


def test_cli_ask_exit_status_and_graph_formats(run_nkkg, files: Path) -> None:
    result = run_nkkg("query", str(files / "yes.rq"))
    assert (result.returncode, result.stdout) == (0, "true\n")
    result = run_nkkg("query", str(files / "no.rq"))
    assert (result.returncode, result.stdout) == (1, "false\n")
    result = run_nkkg("query", str(files / "no.rq"), "--format", "json")
    assert json.loads(result.stdout) == {"head": {}, "boolean": False}
    result = run_nkkg("query", str(files / "no.rq"), "--format", "jsonl")
    assert (result.returncode, result.stdout) == (1, '{"head":{},"boolean":false}\n')
    result = run_nkkg("query", str(files / "labels.rq"), "--format", "nt")
    assert result.returncode == 0
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    assert result.stdout.splitlines() == [
        f'<https://w3id.org/nkkg/id/{slug}> {label} "{name}"@en .'
        for slug, name in (("kaesong", "Kaesong"), ("nampo", "Nampo"), ("rason", "Rason"))
    ]
    result = run_nkkg("query", str(files / "labels.rq"))
    assert 'id:rason rdfs:label "Rason"@en .' in result.stdout  # turtle, the graph's prefixes
    result = run_nkkg("query", str(files / "labels.rq"), "--format", "csv")
    assert (result.returncode, result.stderr) == (
        2,
        "nkkg: error: a CONSTRUCT or DESCRIBE query answers with a graph: "
        "--format turtle, nt, nq, jsonld, trig, rdfxml\n",
    )
    result = run_nkkg("query", "hierarchy", "--format", "turtle")
    assert (result.returncode, result.stderr) == (
        2,
        "nkkg: error: a SELECT query answers with rows: --format table, csv, tsv, json, jsonl\n",
    )
    result = run_nkkg("query", str(files / "insert.rq"))
    assert result.returncode == 2 and "updates are not supported" in result.stderr


def test_print_shows_the_bound_text_that_runs_elsewhere(run_nkkg) -> None:
    result = run_nkkg("query", "first-level-in-year", "-p", "year=1990", "--print")
    assert result.returncode == 0
    assert result.stdout.startswith("PREFIX id: <https://w3id.org/nkkg/id/>\n")
    assert (
        'VALUES (?year) { ("1990"^^<http://www.w3.org/2001/XMLSchema#integer>) }' in result.stdout
    )
    # the printed text is a query any engine runs as it stands
    graph = Graph()
    graph.parse(data="<http://x/a> <http://x/b> <http://x/c> .", format="nt")
    graph.query(result.stdout)


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_language_tags_are_stored_lower_case_and_matched_with_langmatches(
    tmp_path: Path, engine: str, graph: Graph
) -> None:
    data = graph  # an rdflib Graph: engine="oxigraph" queries a pyoxigraph copy of it
    select = "SELECT ?name WHERE {{ id:pyongyang rdfs:label ?name FILTER({}) }}"
    found = {}
    for name, test in (
        ("equal", 'lang(?name) = "ko-Hang"'),
        ("lower", 'lang(?name) = "ko-hang"'),
        ("matches", 'langMatches(lang(?name), "ko-Hang")'),
    ):
        (tmp_path / f"{name}.rq").write_text(select.format(test))
        result = run_query(tmp_path / f"{name}.rq", graph=data, engine=engine)
        found[name] = [(str(row[0]), row[0].language) for row in result.rows]
    assert found["equal"] == []  # the trap: a string comparison with the BCP 47 case
    assert found["lower"] == found["matches"] == [("평양직할시", "ko-hang")]


def test_no_doc_compares_a_language_tag_as_a_mixed_case_string() -> None:
    root = Path(__file__).parent.parent
    texts = [root / "README.md", *sorted((root / "docs").glob("*.md"))]
    texts += sorted((root / "queries").glob("*.rq"))
    trap = re.compile(r'lang\(\?\w+\)\s*=\s*"[^"]*[A-Z][^"]*"')
    for path in texts:
        for line in path.read_text(encoding="utf-8").splitlines():
            if trap.search(line):
                assert "matches nothing" in line or "never" in line, (path.name, line)


def test_project_query_takes_a_name_a_file_or_text(files: Path) -> None:
    from kg import Project

    project = Project()
    rows = project.query("first-level-in-year", year=1985).rows
    assert [str(r[0]).rsplit("/", 1)[1] for r in rows] == [
        "pyongyang",
        "kaesong",
        "chongjin",
        "nampo",
    ]
    assert project.query(files / "yes.rq") == AskResult(True)
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?s a nkkg:Province }"
    assert [int(r[0]) for r in project.query(text).rows] == [10]
    assert [int(r[0]) for r in project.query(text, engine="rdflib").rows] == [10]


def test_project_query_on_invalid_data_says_not_queried(data_copy: Path) -> None:
    from kg import Project, ValidationFailed

    cities = data_copy / "cities.yaml"
    cities.write_text(
        cities.read_text(encoding="utf-8").replace(
            "{kind: DirectlyGovernedCity, start: 1980, end: 2004, source: wp-nampo}",
            "{kind: DirectlyGovernedCity, start: 1980, end: 2006, source: wp-nampo}",
        ),
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed, match=r"^the graph has 1 SHACL violation, not queried: "):
        Project(data_copy).query("hierarchy")
    with pytest.raises(ValidationFailed, match=r"^the graph has 1 SHACL violation, not used: "):
        Project(data_copy).validated_graph()


def test_jsonl_is_one_json_row_a_line_for_select_and_for_the_list(run_nkkg) -> None:
    """JSON Lines: each row's SPARQL JSON binding object, compact, one a line."""
    args = ("query", "first-level-in-year", "--param", "year=1960")
    whole = json.loads(run_nkkg(*args, "--format", "json").stdout)
    result = run_nkkg(*args, "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(whole["results"]["bindings"]) >= 3
    assert [json.loads(line) for line in lines] == whole["results"]["bindings"]
    assert all(": " not in line and line.startswith('{"city":') for line in lines)
    listed = json.loads(run_nkkg("query", "--list", "--format", "json").stdout)
    streamed = run_nkkg("query", "--list", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in streamed] == listed
