"""Parameters are typed, checked and bound as terms: injection attempts change nothing."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from province_facts import WITH_HISTORY
from rdflib import Literal, URIRef
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery

from kg.errors import NkkgError
from kg.pipeline import default_project
from kg.sparql import parse_params, prepare, read_query, run_query, saved_query
from kg.sparql.saved import with_prefixes
from tests.support.queries import packaged_query

THIS_YEAR = datetime.date.today().year
CITIES = WITH_HISTORY  # every division with a status history
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


def error_of(call, *args, **kwargs) -> str:
    with pytest.raises(NkkgError) as caught:
        call(*args, **kwargs)
    message = str(caught.value)
    assert "\n" not in message
    return message


# ---------------------------------------------------------------- refused values

YEAR_ATTACKS = [
    "1985 }",
    "1985) } SELECT * WHERE { ?s ?p ?o",
    '1985"',
    "1985\n",
    "1985 . ?x ?y ?z",
    "1985.0",
    "01985",
    "-1985",
    "1944",
    str(THIS_YEAR + 1),
    "",
    "MCMLXXXV",
]


@pytest.mark.parametrize("value", YEAR_ATTACKS)
def test_year_refuses(value: str) -> None:
    assert error_of(packaged_query, "first-level-in-year", {"year": value}) == (
        f"invalid value for parameter 'year': expected a year from 1945 to {THIS_YEAR}, "
        f"got {value!r}"
    )


CITY_ATTACKS = [
    "rason }",
    "rason\n",
    '"rason"',
    "Rason",
    "<https://w3id.org/nkkg/id/rason>",
    "https://w3id.org/nkkg/id/rason> . ?s ?p ?o . <x",
    "https://w3id.org/nkkg/id/{rason}",
    "https://w3id.org/nkkg/id/ras on",
    "https://w3id.org/nkkg/id/rason'",
    'https://w3id.org/nkkg/id/rason"',
    "https://w3id.org/nkkg/id/rason\n",
    "javascript:alert(1)",
    "ftp://example.org/rason",
    "",
]


@pytest.mark.parametrize("value", CITY_ATTACKS)
def test_city_refuses(value: str) -> None:
    assert error_of(prepare, "status-history", {"city": value}) == (
        "invalid value for parameter 'city': expected a city slug (lowercase letters, digits "
        f"and hyphens, e.g. rason) or an absolute http(s) IRI, got {value!r}"
    )


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_city_slug_must_be_a_city_of_the_graph_queried(engine: str) -> None:
    assert error_of(packaged_query, "status-history", {"city": "rasn"}, engine=engine) == (
        f"invalid value for parameter 'city': expected one of {CITIES} or an absolute "
        "http(s) IRI, got 'rasn'"
    )


def _own_graph(tmp_path: Path) -> Path:
    """A user's own graph: one city, unknown to the packaged data, with a status period."""
    path = tmp_path / "own.ttl"
    path.write_text(
        "@prefix nkkg: <https://w3id.org/nkkg/ontology#> .\n"
        "@prefix id: <https://w3id.org/nkkg/id/> .\n"
        "id:sinuiju-new nkkg:statusPeriod id:sinuiju-new-p1 .\n"
        'id:sinuiju-new-p1 nkkg:startYear "2002"^^<http://www.w3.org/2001/XMLSchema#gYear> ;\n'
        "    nkkg:kind nkkg:SpecialAdministrativeRegion .\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_city_slug_of_the_users_own_graph_is_accepted(tmp_path: Path, engine: str) -> None:
    own = _own_graph(tmp_path)
    result = run_query("status-history", {"city": "sinuiju-new"}, graph=own, engine=engine)
    assert [(str(r[0]), str(r[2])) for r in result.rows] == [
        ("2002", "https://w3id.org/nkkg/ontology#SpecialAdministrativeRegion")
    ]
    # and the packaged data's slugs are not this graph's
    assert error_of(run_query, "status-history", {"city": "rason"}, graph=own) == (
        "invalid value for parameter 'city': expected one of sinuiju-new or an absolute "
        "http(s) IRI, got 'rason'"
    )


ENDPOINT_ATTACKS = [
    "https://query.wikidata.org/sparql> { ?s ?p ?o } #",
    "http://127.0.0.1:1/sparql {",
    'http://127.0.0.1:1/"sparql',
    "http://127.0.0.1:1/spa rql",
    "http://127.0.0.1:1/sparql\n",
    "file:///etc/passwd",
    "ftp://127.0.0.1/sparql",
    "query.wikidata.org/sparql",
]


@pytest.mark.parametrize("value", ENDPOINT_ATTACKS)
def test_endpoint_refuses(value: str) -> None:
    assert error_of(prepare, "wikidata-iso-codes", {"wikidata": value}) == (
        "invalid value for parameter 'wikidata': expected an http(s) endpoint URL without "
        f"spaces, quotes or braces, got {value!r}"
    )


# ---------------------------------------------------------------- accepted values: one term


@pytest.mark.parametrize("when", ["1945", "1985", str(THIS_YEAR)])
def test_year_is_one_values_term(when: str) -> None:
    query = saved_query("first-level-in-year")
    block = f' VALUES (?year) {{ ("{when}"^^<{XSD_INTEGER}>) }} '
    prepared = prepare(query, {"year": when})
    assert prepared.count(block) == 1
    assert prepared.replace(block, "") == with_prefixes(query.text)
    # on the WHERE clause's line: line numbers stay the file's
    assert prepared.splitlines()[15].startswith("WHERE {" + block)


@pytest.mark.parametrize(
    ("value", "iri"),
    [
        ("kaesong", "https://w3id.org/nkkg/id/kaesong"),
        ("https://example.org/a?b=c&d#e", "https://example.org/a?b=c&d#e"),
    ],
)
def test_city_is_one_values_term(value: str, iri: str) -> None:
    query = saved_query("status-history")
    prepared = prepare(query, {"city": value})
    block = f" VALUES (?city) {{ (<{iri}>) }} "
    assert prepared.replace(block, "") == with_prefixes(query.text)


def test_city_slug_follows_the_base() -> None:
    prepared = prepare("status-history", {"city": "nampo"}, base="http://example.org/kp/")
    assert " VALUES (?city) { (<http://example.org/kp/nampo>) } " in prepared


def test_endpoint_replaces_only_the_service_variable() -> None:
    query = saved_query("wikidata-iso-codes")
    prepared = prepare(query, {"wikidata": "http://127.0.0.1:1/sparql"})
    assert "VALUES" not in prepared
    assert prepared == with_prefixes(query.text).replace(
        "SERVICE ?wikidata {", "SERVICE <http://127.0.0.1:1/sparql> {"
    )
    # the header's mentions of ?wikidata are comments and stay as they are
    assert prepared.count("?wikidata") == query.text.count("?wikidata") - 1


def test_unknown_and_missing_parameters() -> None:
    assert error_of(packaged_query, "first-level-in-year", {"yaer": "1985"}) == (
        "query 'first-level-in-year' has no parameter 'yaer' (its parameters: year)"
    )
    assert error_of(packaged_query, "hierarchy", {"year": "1985"}) == (
        "query 'hierarchy' has no parameter 'year' (its parameters: none)"
    )
    assert error_of(parse_params, ["year"]) == "invalid --param 'year': expected name=value"
    assert error_of(parse_params, ["year=1", "year=2"]) == "--param year is given twice"
    assert error_of(parse_params, ["ye ar=1"]) == "invalid --param 'ye ar=1': expected name=value"
    assert parse_params(["text=a=b }"]) == {"text": "a=b }"}


# ---------------------------------------------------------------- query files with other types

ECHO = """\
# Title: Echo
# Answers: The text given, and its length.
# Param: ?text string = "plain text"  Any text.
# Param: ?n integer = 2  Any integer.
# Param: ?thing iri = urn:x-nkkg:thing  Any IRI.
PREFIX x: <urn:x-nkkg:>
SELECT ?text (STRLEN(?text) AS ?length) ?n ?thing WHERE { }
"""

STRING_ATTACKS = [
    'x" } ; SELECT * WHERE { ?s ?p ?o } #',
    'a"\n} UNION { ?s ?p ?o }',
    '\'\'\'""" \\ \\" \t {}',
    "# comment } \r\n?x",
    "한국어 \u2028 text",
]


@pytest.fixture
def echo(tmp_path: Path) -> Path:
    path = tmp_path / "echo.rq"
    path.write_text(ECHO, encoding="utf-8")
    return path


def test_query_file_header(echo: Path) -> None:
    query = read_query(echo)
    assert (query.name, query.title, query.answers) == (
        "echo",
        "Echo",
        "The text given, and its length.",
    )
    assert [p.signature() for p in query.parameters] == [
        "text: string = plain text",
        "n: integer = 2",
        "thing: iri = urn:x-nkkg:thing",
    ]
    assert query.defaults == {"text": "plain text", "n": "2", "thing": "urn:x-nkkg:thing"}


@pytest.mark.parametrize("value", STRING_ATTACKS)
@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_string_stays_one_literal(echo: Path, value: str, engine: str) -> None:
    result = packaged_query(echo, {"text": value}, engine=engine)
    assert result.variables == ["text", "length", "n", "thing"]
    assert len(result.rows) == 1
    assert result.rows[0][:2] == (Literal(value), Literal(len(value)))


@pytest.mark.parametrize("value", STRING_ATTACKS)
def test_string_leaves_the_algebra_unchanged(echo: Path, value: str) -> None:
    def algebra(text: str) -> str:
        return str(translateQuery(parseQuery(prepare(echo, {"text": text}))).algebra)

    hostile, benign = algebra(value), algebra("benign")
    assert hostile.replace(repr(Literal(value)), repr(Literal("benign"))) == benign


def test_integer_and_iri_types(echo: Path) -> None:
    result = packaged_query(echo, {"n": "-12", "thing": "https://example.org/x#y"})
    assert result.rows[0][2:] == (Literal(-12), URIRef("https://example.org/x#y"))
    assert error_of(packaged_query, echo, {"n": "12 }"}) == (
        "invalid value for parameter 'n': expected an integer, got '12 }'"
    )
    assert error_of(packaged_query, echo, {"thing": "urn:x> } #"}) == (
        "invalid value for parameter 'thing': expected an absolute IRI without spaces, quotes, "
        "braces or <>, got 'urn:x> } #'"
    )


def test_braces_in_comments_strings_and_iris_before_where(tmp_path: Path) -> None:
    path = tmp_path / "tricky.rq"
    path.write_text(
        "# Title: Tricky { }\n"
        "# Param: ?n integer = 7  A number; SERVICE ?n in a comment is not code.\n"
        "PREFIX x: <urn:x#>\n"
        'SELECT ("{" AS ?brace) (\'}\' AS ?close) ?n ?s WHERE { BIND("SERVICE ?n" AS ?s) }\n',
        encoding="utf-8",
    )
    prepared = prepare(path)
    assert prepared.splitlines()[3] == (
        "SELECT (\"{\" AS ?brace) ('}' AS ?close) ?n ?s WHERE {"
        f' VALUES (?n) {{ ("7"^^<{XSD_INTEGER}>) }}  BIND("SERVICE ?n" AS ?s) }}'
    )
    for engine in ("rdflib", "oxigraph"):
        result = packaged_query(path, engine=engine)
        assert result.rows == [(Literal("{"), Literal("}"), Literal(7), Literal("SERVICE ?n"))]


# ---------------------------------------------------------------- bad query files


def write(tmp_path: Path, text: str, name: str = "q.rq") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "PREFIX x: <http://x/>\nSELECT ?a WHERE {\n  ?a x:p ?b\n  ?b x:q }\n")
    assert error_of(packaged_query, path) == (
        f"{path}, line 4, column 3: SPARQL syntax error near '?b x:q }}'"
    )


def test_syntax_error_line_with_parameters(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "# Title: t\n# Param: ?year year = 1990  y\n\nSELECT ?year WHERE {\n"
        "  FILTER(?year > )\n}\n",
    )
    assert error_of(packaged_query, path) == (
        f"{path}, line 5, column 3: SPARQL syntax error near 'FILTER(?year > )'"
    )


def test_other_file_errors(tmp_path: Path) -> None:
    assert (
        error_of(packaged_query, tmp_path / "none.rq") == f"no such query file: {tmp_path}/none.rq"
    )
    path = write(tmp_path, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }\n")
    assert error_of(packaged_query, path) == (
        "query 'q' is a CONSTRUCT query; run_query gives SELECT rows, "
        "execute() (or Project.query) answers every form"
    )
    path = write(tmp_path, "SELECT ?s WHERE { ?s foo:bar ?o }\n")
    assert error_of(packaged_query, path) == f"{path}: SPARQL error: Unknown namespace prefix : foo"
    path = write(tmp_path, "# Param: ?year year = 1990  y\nSELECT ?s WHERE { ?s ?p ?o }\n")
    assert error_of(packaged_query, path) == (
        f"{path}: parameter ?year is declared but the query never uses ?year"
    )
    path = write(tmp_path, "# Param: ?y date = 1990  y\nSELECT ?y WHERE { }\n")
    assert error_of(packaged_query, path) == (
        f"{path}, line 1: unknown parameter type 'date' (known: year, integer, string, iri, "
        "city, endpoint)"
    )
    path = write(tmp_path, "# Param: year  y\nSELECT ?y WHERE { }\n")
    assert error_of(packaged_query, path) == (
        f"{path}, line 1: cannot read the parameter declaration 'year  y' "
        "(expected '?name type [= default] description')"
    )
    path = write(tmp_path, "# Param: ?y year\nSELECT ?y WHERE { ?s ?p ?y }\n")
    assert error_of(packaged_query, path) == "query 'q' needs --param y=VALUE " + (
        "(an integer year from 1945 to the current year)"
    )
    path = write(tmp_path, "# Param: ?y year = 1990\nSELECT ?y WHERE { SELECT ?y WHERE { } }\n")
    assert error_of(packaged_query, path) == (
        f"{path}: cannot bind parameters: nkkg puts a VALUES block first in the WHERE clause, "
        "which this query's shape does not allow (e.g. a WHERE that is only a sub-SELECT)"
    )


def test_unknown_name_lists_the_known_ones() -> None:
    assert error_of(packaged_query, "first-level-in-yaer") == (
        "unknown query 'first-level-in-yaer' (did you mean first-level-in-year, "
        "first-level-cities, first-level-divisions-in-year? nkkg query --list shows all 19)"
    )
    assert error_of(packaged_query, "towns") == (
        "unknown query 'towns' (known: changes-between, changes-in-year, "
        "cities-by-region, "
        "conflicting-claims, defunct-special-cities, density-ranking, first-level-cities, "
        "first-level-divisions-in-year, first-level-in-year, hierarchy, iso-codes-in-year, "
        "name-in-year, "
        "parent-in-year, status-history, subdivisions, successors, unit-history, "
        "wikidata-iso-codes, wikidata-links)"
    )


def test_unknown_engine() -> None:
    assert error_of(packaged_query, "hierarchy", engine="jena") == (
        "unknown engine 'jena' (known: rdflib, oxigraph)"
    )


def test_a_query_needs_one_graph_store_or_endpoint() -> None:
    graph = default_project().graph
    assert error_of(run_query, "hierarchy") == (
        "give a graph, a store or an endpoint (Project().query runs on the packaged data)"
    )
    store = default_project().store()
    assert error_of(run_query, "hierarchy", graph=graph, store=store) == (
        "give a graph, a store or an endpoint, not more than one"
    )
