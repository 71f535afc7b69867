"""`nkkg query` as a user runs it: tables, SPARQL results formats, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from province_facts import WITH_HISTORY

from kg.store.oxigraph import free_port


def test_list(run_nkkg) -> None:
    result = run_nkkg("query", "--list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["name", "title", "parameters"]
    assert set(lines[1]) == {"─"}
    assert [" ".join(line.split()) for line in lines[2:]] == [
        "changes-between Changes between two years from: year = 1953",
        "(years are inclusive: a year of change counts on both sides of it)",
        "to: year = 1955",
        "(years are inclusive: a year of change counts on both sides of it)",
        "changes-in-year Changes in a given year year: year = 1954",
        "(years are inclusive: a year of change counts on both sides of it)",
        "cities-by-region Cities by region and related province",
        "conflicting-claims Conflicting claims",
        "defunct-special-cities Defunct special cities",
        "density-ranking Density ranking",
        "first-level-cities Current first-level cities (the source's list table)",
        "first-level-divisions-in-year First-level divisions in a given year year: year = 1953",
        "(years are inclusive: a year of change counts on both sides of it)",
        "first-level-in-year First-level cities in a given year year: year = 1985",
        "(years are inclusive: a year of change counts on both sides of it)",
        "hierarchy Kinds of first-level city today (the source's hierarchy table)",
        "iso-codes-in-year ISO 3166-2 codes in a given year year: year = 2024",
        "(years are inclusive: a year of change counts on both sides of it)",
        "name-in-year What a name meant in a given year name: string = Hwanghae",
        "year: year = 1960",
        "(years are inclusive: a year of change counts on both sides of it)",
        "parent-in-year Parent of a unit in a given year unit: city = kangnam-county",
        "year: year = 2011",
        "(years are inclusive: a year of change counts on both sides of it)",
        "status-history One city's status history city: city = rason",
        "subdivisions Second-level units of a division in a given year division: city = pyongyang",
        "year: year = 2013",
        "(years are inclusive: a year of change counts on both sides of it)",
        "successors Successors of a division division: city = hwanghae",
        "unit-history One unit's history: parents, kinds and names over time "
        "unit: city = kangnam-county",
        "wikidata-iso-codes ISO codes in the graph and in Wikidata (federated) "
        "wikidata: endpoint = https://query.wikidata.org/sparql",
        "wikidata-links Wikidata links",
    ]


def test_table_when_piped(run_nkkg) -> None:
    result = run_nkkg("query", "first-level-in-year", "--param", "year=1985")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "First-level cities in a given year; year=1985\n"
        " city           name        kind                        start   end\n" + "─" * 69 + "\n"
        " id:pyongyang   Pyongyang   nkkg:DirectlyGovernedCity   1946\n"
        " id:kaesong     Kaesong     nkkg:DirectlyGovernedCity   1955    2003\n"
        " id:chongjin    Chongjin    nkkg:DirectlyGovernedCity   1977    1985\n"
        " id:nampo       Nampo       nkkg:DirectlyGovernedCity   1980    2004\n"
        "4 rows\n"
    )
    assert result.stderr == ""


def test_csv() -> None:
    # bytes, not text: the CRLF line ends are part of the format
    command = [sys.executable, "-m", "kg", "query", "status-history", "-p", "city=hamhung"]
    result = subprocess.run([*command, "-f", "csv"], capture_output=True, check=False)
    assert result.returncode == 0, result.stderr
    stdout = result.stdout.decode("utf-8")
    assert "XMLSchema#gYear" not in stdout  # CSV carries lexical forms only
    assert stdout == (
        "start,end,kind,province,provinceName,note\r\n"
        ",1960,,https://w3id.org/nkkg/id/south-hamgyong,South Hamgyong,\r\n"
        "1960,1967,https://w3id.org/nkkg/ontology#DirectlyGovernedCity,,,\r\n"
        "1967,,,https://w3id.org/nkkg/id/south-hamgyong,South Hamgyong,\r\n"
    )


def test_csv_quotes_commas(run_nkkg) -> None:
    result = run_nkkg("query", "status-history", "-p", "city=rason", "-f", "csv")
    assert result.stdout.splitlines()[-1] == (
        "2010,,https://w3id.org/nkkg/ontology#SpecialCity,,,"
        '"the decree of 2010-01-04 (Onbao; a Monday, North Korean Economy Watch); '
        '2010-01-05 in the list of cities"'
    )
    result = run_nkkg("query", "hierarchy", "-f", "csv")
    assert result.stdout.splitlines()[2] == (
        "https://w3id.org/nkkg/ontology#SpecialCity,special city,특별시,特別市,t'ŭkpyŏlsi,3,"
        "https://w3id.org/nkkg/id/rason,Rason"
    )


def test_tsv(run_nkkg) -> None:
    result = run_nkkg("query", "status-history", "-p", "city=hamhung", "-f", "tsv")
    assert result.returncode == 0, result.stderr
    y = "^^<http://www.w3.org/2001/XMLSchema#gYear>"
    sh = '<https://w3id.org/nkkg/id/south-hamgyong>\t"South Hamgyong"@en'
    assert result.stdout == (
        "?start\t?end\t?kind\t?province\t?provinceName\t?note\n"
        f'\t"1960"{y}\t\t{sh}\t\n'
        f'"1960"{y}\t"1967"{y}\t<https://w3id.org/nkkg/ontology#DirectlyGovernedCity>\t\t\t\n'
        f'"1967"{y}\t\t\t{sh}\t\n'
    )


def test_json(run_nkkg) -> None:
    result = run_nkkg("query", "density-ranking", "-f", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["head"] == {
        "vars": [
            "rank",
            "city",
            "name",
            "population",
            "areaKm2",
            "computed",
            "stated",
            "difference",
        ]
    }
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert len(data["results"]["bindings"]) == 13  # the four cities and the nine provinces
    assert data["results"]["bindings"][6] == {
        "rank": {"type": "literal", "value": "7", "datatype": f"{xsd}integer"},
        "city": {"type": "uri", "value": "https://w3id.org/nkkg/id/kaesong"},
        "name": {"type": "literal", "value": "Kaesong", "xml:lang": "en"},
        "population": {"type": "literal", "value": "308440", "datatype": f"{xsd}integer"},
        "areaKm2": {"type": "literal", "value": "1309", "datatype": f"{xsd}decimal"},
        "computed": {"type": "literal", "value": "235.6", "datatype": f"{xsd}decimal"},
        "stated": {"type": "literal", "value": "235", "datatype": f"{xsd}decimal"},
        "difference": {"type": "literal", "value": "-0.6", "datatype": f"{xsd}decimal"},
    }


def test_json_leaves_unbound_out(run_nkkg) -> None:
    result = run_nkkg("query", "hierarchy", "-f", "json")
    last = json.loads(result.stdout)["results"]["bindings"][-1]
    assert sorted(last) == ["count", "hancha", "hangul", "kind", "mr", "name"]


def test_graph_file_and_oxigraph_engine(run_nkkg, tmp_path: Path) -> None:
    built = tmp_path / "g.ttl"
    assert run_nkkg("build", "-o", str(built)).returncode == 0
    expected = run_nkkg("query", "conflicting-claims", "-f", "tsv").stdout
    # the header, 41 conflicting claims and 16 of the provinces' second level, a row each
    assert len(expected.splitlines()) == 58
    for engine in ("rdflib", "oxigraph"):
        result = run_nkkg(
            "query", "conflicting-claims", "--graph", str(built), "--engine", engine, "-f", "tsv"
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout == expected


def test_query_file(run_nkkg, tmp_path: Path) -> None:
    path = tmp_path / "provinces.rq"
    path.write_text(
        "# Title: Provinces with ISO code\n"
        "PREFIX nkkg: <https://w3id.org/nkkg/ontology#>\n"
        "SELECT ?p ?code WHERE { ?p a nkkg:Province ; nkkg:isoCode ?code } ORDER BY ?code\n",
        encoding="utf-8",
    )
    result = run_nkkg("query", str(path), "-f", "csv")
    assert result.returncode == 0, result.stderr
    assert [line.split(",")[1] for line in result.stdout.splitlines()] == [
        "code",
        *(f"KP-{n:02d}" for n in range(2, 11)),
    ]


def one_line_error(result) -> str:
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    return result.stderr.rstrip("\n")


def test_unknown_name(run_nkkg) -> None:
    result = run_nkkg("query", "density")
    assert result.returncode == 2
    assert one_line_error(result) == (
        "nkkg: error: unknown query 'density' (did you mean density-ranking? "
        "nkkg query --list shows all 19)"
    )
    result = run_nkkg("query", "towns")
    assert result.returncode == 2
    assert one_line_error(result) == (
        "nkkg: error: unknown query 'towns' (known: changes-between, changes-in-year, "
        "cities-by-region, "
        "conflicting-claims, defunct-special-cities, density-ranking, first-level-cities, "
        "first-level-divisions-in-year, first-level-in-year, hierarchy, iso-codes-in-year, "
        "name-in-year, "
        "parent-in-year, status-history, subdivisions, successors, unit-history, "
        "wikidata-iso-codes, wikidata-links)"
    )


def test_syntax_error_in_file(run_nkkg, tmp_path: Path) -> None:
    path = tmp_path / "bad.rq"
    path.write_text(
        "# Title: bad\nPREFIX x: <http://x/>\nSELECT ?a\nWHERE {\n  ?a x:p ?b .\n"
        "  FILTER(?b = )\n}\n",
        encoding="utf-8",
    )
    result = run_nkkg("query", str(path))
    assert result.returncode == 1
    assert one_line_error(result) == (
        f"nkkg: error: {path}, line 6, column 3: SPARQL syntax error near 'FILTER(?b = )'"
    )


def test_injection_through_the_command_line(run_nkkg) -> None:
    result = run_nkkg("query", "status-history", "--param", "city=rason> } ?s ?p ?o . { <x")
    assert result.returncode == 1
    assert one_line_error(result) == (
        "nkkg: error: invalid value for parameter 'city': expected a city slug (lowercase "
        "letters, digits and hyphens, e.g. rason) or an absolute http(s) IRI, "
        "got 'rason> } ?s ?p ?o . { <x'"
    )


def test_an_unknown_city_slug_lists_the_graphs_own(run_nkkg, tmp_path) -> None:
    result = run_nkkg("query", "status-history", "--param", "city=rasn")
    assert result.returncode == 1
    assert one_line_error(result) == (
        f"nkkg: error: invalid value for parameter 'city': expected one of {WITH_HISTORY} "
        "or an absolute http(s) IRI, got 'rasn'"
    )


def test_unreachable_endpoint(run_nkkg, monkeypatch) -> None:
    import dataclasses

    import kg.cli.query

    # the default attempts, with short pauses (test_load checks the back-off's pauses)
    quick = dataclasses.replace(kg.cli.query.QUERY_POLICY, backoff=0.01)
    monkeypatch.setattr(kg.cli.query, "QUERY_POLICY", quick)
    url = f"http://127.0.0.1:{free_port()}/query"
    result = run_nkkg("query", "hierarchy", "--endpoint", url)
    assert result.returncode == 1
    assert one_line_error(result) == (
        f"nkkg: error: {url}: cannot connect (Connection refused) (gave up after 4 attempts)"
    )


def test_usage_errors(run_nkkg) -> None:
    result = run_nkkg("query")
    assert result.returncode == 2
    assert one_line_error(result) == (
        "nkkg: error: missing NAME|FILE.rq (nkkg query --list shows the saved queries)"
    )
    result = run_nkkg("query", "hierarchy", "--format", "xml")
    assert result.returncode == 2
    assert one_line_error(result) == (
        "nkkg: error: Invalid value for '--format' / '-f': 'xml' is not one of "
        "'table', 'csv', 'tsv', 'json', 'jsonl', 'turtle', 'nt', 'nq', 'jsonld', 'trig', 'rdfxml'; "
        "did you mean 'rdfxml'? (see 'nkkg query --help')"
    )
    result = run_nkkg("query", "hierarchy", "--endpoint", "http://127.0.0.1:1/q", "--graph", "x")
    assert one_line_error(result) == (
        "nkkg: error: --graph, --store-dir and --engine are for in-process runs, "
        "not with --endpoint"
    )
    result = run_nkkg("query", "hierarchy", "--endpoint", "ftp://example.org/sparql")
    assert one_line_error(result) == (
        "nkkg: error: invalid endpoint URL 'ftp://example.org/sparql': "
        "expected http://host[:port]/path"
    )
    result = run_nkkg("query", "hierarchy", "--graph", "/nonexistent/g.ttl")
    assert one_line_error(result) == "nkkg: error: /nonexistent/g.ttl: no such file"


def test_unreadable_graph_file(run_nkkg, tmp_path: Path) -> None:
    path = tmp_path / "g.ttl"
    path.write_text("id:pyongyang a nkkg:SpecialCity\n", encoding="utf-8")
    result = run_nkkg("query", "hierarchy", "--graph", str(path))
    assert result.returncode == 2
    assert one_line_error(result).startswith(f"nkkg: error: {path}: ")
    assert "line 1" in one_line_error(result)
