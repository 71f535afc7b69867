"""`nkkg link` against a real Oxigraph server holding a hand-written Wikidata fixture.

The fixture (tests/fixtures/wikidata.ttl) is in Wikidata's RDF model; its QIDs from
Q900000001 up are fictitious. No test reaches the network.
"""

from __future__ import annotations

import dataclasses
import difflib
import http.server
import json
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from conftest import load_turtle, serving
from province_facts import SPECIAL_CITY_UNITS
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, SKOS
from rdflib.plugins.sparql import prepareQuery

from kg.errors import NkkgError
from kg.graph.serialize import serialize
from kg.pipeline import default_project
from kg.rdf.namespace import NKKG
from kg.sparql import QueryResult, run_query
from kg.store.http import RemoteError, RetryPolicy
from kg.store.oxigraph import OxigraphServer, free_port
from kg.wikidata import (
    WIKIDATA_ENDPOINT,
    Candidate,
    DiffRow,
    Evidence,
    Finding,
    Service,
    Status,
    accept,
    check,
    diff,
    entities,
    suggest,
)
from kg.wikidata.suggest import suggest_query
from tests.second_level import PROVINCE_UNITS
from tests.support.graphs import graph_of
from tests.support.queries import packaged_query

WD = "http://www.wikidata.org/entity/"
ID = "https://w3id.org/nkkg/id/"
QUICK = RetryPolicy(attempts=3, backoff=0.5, timeout=10)


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact line fragment in a data file of a test's data copy."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


# ---------------------------------------------------------------- links


def test_links_are_exact_matches_and_the_unlinked_entities_are_known(graph: Graph) -> None:
    # the QIDs themselves: test_graph_facts.py; the districts and regions have no known item
    assert not [o for o in graph.objects(None, OWL.sameAs) if str(o).startswith(WD)]
    assert len([e for e in entities(graph) if e.qids]) == 16
    unlinked = sorted(e.id for e in entities(graph) if not e.qids)
    # no source gives a QID for Hwanghae, the three zones or the provinces' capitals
    assert unlinked == [
        *sorted([
        "chorwon", "haeju", "haeso", "hwanghae", "hyesan", "kaesong-industrial-region",
        "kanggye", "kwanbuk", "kwanso", "mount-kumgang-tourist-region", "pyongsong",
        "sariwon", "sinuiju", "sinuiju-special-administrative-region", "wonsan",
        *SPECIAL_CITY_UNITS,  # no source gives a QID for a second-level unit
        *(r.id for r in PROVINCE_UNITS if r.id not in ("hyesan", "kanggye")),
    ])]  # fmt: skip


# ---------------------------------------------------------------- check


def test_check_finds_the_planted_iso_code_and_passes_the_rest(graph: Graph, wikidata: str) -> None:
    result = check(graph, wikidata)
    assert result.links == 16
    assert result.problems == [
        Finding("rason", "Q221734", "ISO 3166-2 code", "KP-13", "KP-99", False)
    ]
    # 16 items exist, 13 ISO codes and 16 English and 6 Korean labels are compared
    assert len(result.findings) == 51
    assert Finding("kangwon", "Q41416", "label (en)", "Kangwon", "Kangwon Province", True) in (
        result.findings
    )
    assert Finding("nampo", "Q109386", "label (ko)", "남포특별시", "남포특별시", True) in (
        result.findings
    )


def test_check_command_exits_non_zero_with_the_evidence(run_nkkg, wikidata: str) -> None:
    result = run_nkkg("link", "check", "--endpoint", wikidata)
    assert result.returncode == 1, result.stderr
    table = [line.split() for line in result.stdout.splitlines()]
    assert table[0] == ["entity", "QID", "check", "graph", "Wikidata"]
    assert table[2:-1] == [["rason", "Q221734", "ISO", "3166-2", "code", "KP-13", "KP-99"]]
    assert result.stdout.splitlines()[-1] == (
        f"checked 16 links against {wikidata}: 1 disagreement (50 of 51 checks passed)"
    )
    assert result.stderr == ""


def test_check_and_suggest_print_json(run_nkkg, wikidata: str) -> None:
    result = run_nkkg("link", "check", "--endpoint", wikidata, "--format", "json")
    assert result.returncode == 1, result.stderr  # the same verdict as the table's
    assert json.loads(result.stdout) == {
        "endpoint": wikidata,
        "links": 16,
        "checks": 51,
        "agree": False,
        "problems": [
            {
                "entity": "rason",
                "qid": "Q221734",
                "check": "ISO 3166-2 code",
                "graph": "KP-13",
                "wikidata": "KP-99",
            }
        ],
    }
    lines = run_nkkg("link", "check", "--endpoint", wikidata, "-f", "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == json.loads(result.stdout)["problems"]
    result = run_nkkg("link", "suggest", "chung-guyok", "--endpoint", wikidata, "-f", "json")
    assert result.returncode == 0, result.stderr
    lines = run_nkkg(
        "link", "suggest", "chung-guyok", "--endpoint", wikidata, "-f", "jsonl"
    ).stdout.splitlines()
    assert [json.loads(line) for line in lines] == json.loads(result.stdout)
    assert json.loads(result.stdout) == [
        {
            "entity": "chung-guyok",
            "candidates": [
                {
                    "rank": 1,
                    "qid": "Q900000001",
                    "name": "Chung-guyok",
                    "score": 2,
                    "evidence": [{"how": "label", "lang": "en", "value": "Chung-guyok"}],
                },
                {
                    "rank": 2,
                    "qid": "Q900000002",
                    "name": "Chung-guyok Station",
                    "score": 1,
                    "evidence": [{"how": "alias", "lang": "en", "value": "chung-guyok"}],
                },
            ],
        }
    ]


def test_a_mistyped_entity_gets_did_you_mean(run_nkkg, wikidata: str) -> None:
    result = run_nkkg("link", "suggest", "chung-guyk", "--endpoint", wikidata)
    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        "",
        "nkkg: error: unknown entity 'chung-guyk' "
        "(did you mean chung-guyok, unjong-guyok, hanggu-guyok?)\n",
    )


def test_an_unresolvable_host_is_not_retried_and_says_offline(run_nkkg) -> None:
    # .invalid never resolves (RFC 2606), with or without a network
    url = "http://nkkg-test.invalid/sparql"
    result = run_nkkg("link", "check", "--endpoint", url, "--attempts", "4")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.startswith(f"nkkg: error: {url}: cannot resolve host nkkg-test.invalid (")
    assert result.stderr.endswith(
        "; not retried) (offline? nkkg link asks Wikidata's query service: it needs the "
        "network, or --endpoint URL of an endpoint with Wikidata's data that you can reach)\n"
    )
    assert "gave up after" not in result.stderr


def test_check_reports_a_missing_item_and_a_redirect(data_copy: Path, wikidata: str) -> None:
    cities = data_copy / "cities.yaml"
    edit(cities, "{value: Q109356,", "{value: Q900000006,")  # Hamhung: no such item
    edit(cities, "{value: Q109336,", "{value: Q900000007,")  # Chongjin: a redirect
    result = check(graph_of(data_copy), wikidata)
    assert result.problems == [
        Finding(
            "chongjin", "Q900000007", "item exists", "Q900000007", "redirects to Q109336", False
        ),
        Finding("hamhung", "Q900000006", "item exists", "Q900000006", "no such item", False),
        Finding("rason", "Q221734", "ISO 3166-2 code", "KP-13", "KP-99", False),
    ]


def test_check_reports_progress_per_chunk(graph: Graph, wikidata: str) -> None:
    calls: list[tuple[int, int]] = []
    chunked = check(graph, wikidata, chunk_size=5, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(5, 16), (10, 16), (15, 16), (16, 16)]
    assert chunked == check(graph, wikidata)


# ---------------------------------------------------------------- suggest and accept


def test_suggest_ranks_the_planted_item_first_with_its_evidence(
    graph: Graph, wikidata: str
) -> None:
    found = {s.entity: s.candidates for s in suggest(graph, wikidata)}
    assert sorted(found) == [  # every entity without a QID
        *sorted([
        "chorwon", "haeju", "haeso", "hwanghae", "hyesan", "kaesong-industrial-region",
        "kanggye", "kwanbuk", "kwanso", "mount-kumgang-tourist-region", "pyongsong",
        "sariwon", "sinuiju", "sinuiju-special-administrative-region", "wonsan",
        *SPECIAL_CITY_UNITS,  # no source gives a QID for a second-level unit
        *(r.id for r in PROVINCE_UNITS if r.id not in ("hyesan", "kanggye")),
    ])]  # fmt: skip
    # Q900000003 has the same label but is not in North Korea: not a candidate
    assert found["chung-guyok"] == (
        Candidate(
            "chung-guyok", "Q900000001", "Chung-guyok", 2, (Evidence("label", "en", "Chung-guyok"),)
        ),
        Candidate(
            "chung-guyok",
            "Q900000002",
            "Chung-guyok Station",
            1,
            (Evidence("alias", "en", "chung-guyok"),),
        ),
    )
    assert all(found[e] == () for e in found if e != "chung-guyok")


def test_suggest_matches_the_iso_code_and_the_korean_label(data_copy: Path, wikidata: str) -> None:
    edit(
        data_copy / "cities.yaml",
        "    wikidata:\n      - {value: Q109386, source: [wikidata-q423-export, "
        "countries-states-cities, whosonfirst-kp]}\n",
        "",
    )
    [nampo] = suggest(graph_of(data_copy), wikidata, only=["nampo"])
    assert nampo.candidates == (
        Candidate(
            "nampo",
            "Q109386",
            "Nampo",
            8,
            (
                Evidence("iso", "", "KP-14"),
                Evidence("label", "en", "Nampo"),
                Evidence("label", "ko", "남포특별시"),
            ),
        ),
    )


def test_accept_adds_exactly_that_link_and_the_next_build_carries_it(
    run_nkkg, data_copy: Path, wikidata: str, tmp_path: Path
) -> None:
    before = {p.name: p.read_text(encoding="utf-8") for p in data_copy.glob("*.yaml")}
    result = run_nkkg(
        "link", "suggest", "chung-guyok", "--accept", "Q900000001",
        "--endpoint", wikidata, "--data", str(data_copy),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    port = wikidata.split(":")[2].split("/")[0]
    source = f"sparql-127-0-0-1-{port}-query"
    assert result.stdout.splitlines()[-1] == (
        f"linked 'chung-guyok' to Q900000001 in {data_copy / 'units-pyongyang.yaml'}, "
        f"source '{source}' (new entry in sources.yaml)"
    )
    after = {p.name: p.read_text(encoding="utf-8") for p in data_copy.glob("*.yaml")}
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"units-pyongyang.yaml", "sources.yaml"}
    assert _added_lines(before["units-pyongyang.yaml"], after["units-pyongyang.yaml"]) == [
        "    wikidata:",
        f"      - {{value: Q900000001, source: {source}, note: 'accepted from nkkg link "
        'suggest: label (en) "Chung-guyok"\'}',
    ]
    # inserted right after chung-guyok's last claim, comments and layout untouched
    assert (
        "the seat of Pyongyang}\n    wikidata:\n      - {value: Q900000001"
        in (after["units-pyongyang.yaml"])
    )
    assert _added_lines(before["sources.yaml"], after["sources.yaml"]) == [
        f"- id: {source}",
        f"  url: {wikidata}",
        f"  title: SPARQL endpoint with Wikidata's data model at {wikidata}",
    ]

    out = tmp_path / "linked.ttl"
    built = run_nkkg("build", "--data", str(data_copy), "--out", str(out))
    assert built.returncode == 0, built.stderr
    graph = Graph().parse(out)
    district = URIRef(ID + "chung-guyok")
    assert list(graph.objects(district, SKOS.exactMatch)) == [URIRef(WD + "Q900000001")]
    claim = URIRef(ID + "chung-guyok-wikidata-1")
    assert (district, NKKG.claim, claim) in graph
    assert list(graph.objects(claim, NKKG.source)) == [URIRef(ID + "source-" + source)]
    assert graph.value(URIRef(ID + "source-" + source), NKKG.url) == URIRef(wikidata)

    again = run_nkkg(
        "link", "suggest", "chung-guyok", "--accept", "Q900000001",
        "--endpoint", wikidata, "--data", str(data_copy),
    )  # fmt: skip
    assert again.returncode == 1
    assert again.stderr == "nkkg: error: entity 'chung-guyok' is already linked to Q900000001\n"


def test_accept_refuses_an_item_that_is_not_a_candidate(
    run_nkkg, data_copy: Path, wikidata: str
) -> None:
    before = (data_copy / "units-pyongyang.yaml").read_text(encoding="utf-8")
    result = run_nkkg(
        "link", "suggest", "chung-guyok", "--accept", "Q900000003",
        "--endpoint", wikidata, "--data", str(data_copy),
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == (
        f"nkkg: error: Q900000003 is not a candidate for 'chung-guyok' at {wikidata}\n"
    )
    assert (data_copy / "units-pyongyang.yaml").read_text(encoding="utf-8") == before


def test_accept_writes_claims_into_a_record_without_any(data_copy: Path) -> None:
    # accept() edits data only; it asks no endpoint. The default endpoint gets its own source.
    places = data_copy / "places.yaml"
    places.write_text(
        places.read_text(encoding="utf-8") + "\n- id: test-region  # no claims yet\n"
        "  periods:\n    - {kind: Region, source: article}\n",
        encoding="utf-8",
    )
    accepted = accept(data_copy, "test-region", "Q900000001", WIKIDATA_ENDPOINT)
    assert (accepted.source, accepted.new_source) == ("wikidata-query-service", True)
    assert places.read_text(encoding="utf-8").endswith(
        "\n- id: test-region  # no claims yet\n"
        "  periods:\n    - {kind: Region, source: article}\n"
        "  claims:\n    wikidata:\n"
        "      - {value: Q900000001, source: wikidata-query-service}\n"
    )
    assert (
        (data_copy / "sources.yaml")
        .read_text(encoding="utf-8")
        .endswith(
            "- id: wikidata-query-service\n"
            "  url: https://query.wikidata.org/sparql\n"
            "  title: Wikidata Query Service (query.wikidata.org)\n"
        )
    )
    second = accept(data_copy, "kwanso", "Q900000002", WIKIDATA_ENDPOINT)
    assert (second.source, second.new_source) == ("wikidata-query-service", False)
    graph = graph_of(data_copy)
    assert graph.value(URIRef(ID + "kwanso"), SKOS.exactMatch) == URIRef(WD + "Q900000002")


def test_accept_refuses_claims_it_cannot_edit_as_text(data_copy: Path) -> None:
    places = data_copy / "places.yaml"
    places.write_text(
        places.read_text(encoding="utf-8")
        + "\n- id: test-region\n  claims: {kind: [{value: Region, source: article}]}\n",
        encoding="utf-8",
    )
    before = places.read_text(encoding="utf-8")
    with pytest.raises(NkkgError) as raised:
        accept(data_copy, "test-region", "Q900000001", WIKIDATA_ENDPOINT)
    assert str(raised.value) == (
        f"{places}, record 'test-region': its claims are not in block style; "
        "add the wikidata claim by hand"
    )
    assert places.read_text(encoding="utf-8") == before


def _added_lines(before: str, after: str) -> list[str]:
    lines = difflib.ndiff(before.splitlines(), after.splitlines())
    assert not [line for line in lines if line.startswith("- ")]
    return [
        line[2:]
        for line in difflib.ndiff(before.splitlines(), after.splitlines())
        if line.startswith("+ ")
    ]


# ---------------------------------------------------------------- quotes in labels

EVIL = "Haeso\" } UNION { ?item rdfs:label ?value } # 'West'"


def test_a_label_with_quotes_is_a_bound_literal_and_changes_no_query(graph: Graph) -> None:
    [plain] = [e for e in entities(graph) if e.id == "haeso"]
    evil = dataclasses.replace(plain, labels={"en": frozenset({EVIL})})
    plain_algebra = str(prepareQuery(suggest_query([plain])).algebra)
    evil_algebra = str(prepareQuery(suggest_query([evil])).algebra)
    # the same algebra, but for the one literal the label became
    assert repr(Literal(EVIL.lower())) in evil_algebra
    assert evil_algebra.replace(repr(Literal(EVIL.lower())), repr(Literal("haeso"))) == (
        plain_algebra
    )


def test_a_label_with_quotes_matches_exactly_its_item(data_copy: Path, wikidata: str) -> None:
    edit(
        data_copy / "places.yaml",
        "{value: Haeso, lang: en, source: article}",
        "{value: " + json.dumps(EVIL) + ", lang: en, source: article}",
    )
    [haeso] = suggest(graph_of(data_copy), wikidata, only=["haeso"])
    assert haeso.candidates == (
        Candidate("haeso", "Q900000005", EVIL, 2, (Evidence("label", "en", EVIL),)),
    )


# ---------------------------------------------------------------- diff


def test_diff_reports_the_planted_population_and_nothing_that_agrees(
    graph: Graph, wikidata: str
) -> None:
    rows = diff(graph, wikidata)
    assert [r for r in rows if r.status is Status.DIFFERS] == [
        DiffRow(
            "nampo", "Q109386", "population", "366815 (2008)", "366341 (2008-10-01)", Status.DIFFERS
        ),
        DiffRow("rason", "Q221734", "ISO 3166-2 code", "KP-13", "KP-99", Status.DIFFERS),
    ]
    # no sourced mapping of kinds: each linked item's kind is shown, not compared
    unmapped = [r for r in rows if r.status is Status.NOT_COMPARED]
    assert [r.field for r in unmapped] == ["kind"] * 16
    assert (
        DiffRow(
            "pyongyang",
            "Q18808",
            "kind",
            "directly governed city; periods: directly governed city 1946–",
            "administrative territorial entity (Q56061); "
            "directly governed city of North Korea (fictitious QID) (Q900000011) 1946–",
            Status.NOT_COMPARED,
        )
        in unmapped
    )


def test_diff_rounds_wikidata_area_to_the_graph_precision(data_copy: Path, wikidata: str) -> None:
    # Wikidata's Kaesong area is 505.41 sq mi, normalised to 1309.0058908449 km²: it agrees
    # with the graph's 1309, and differs from 1309.4 at one decimal
    edit(
        data_copy / "cities.yaml",
        "{value: 1309, source: article}",
        "{value: 1309.4, source: article}",
    )
    rows = diff(graph_of(data_copy), wikidata)
    assert [r for r in rows if r.field == "area (km²)"] == [
        DiffRow("kaesong", "Q109079", "area (km²)", "1309.4", "1309.0058908449", Status.DIFFERS)
    ]


def test_diff_compares_kinds_and_status_dates_through_a_mapping(
    graph: Graph, wikidata: str
) -> None:
    # the fixture's fictitious classes; the default mapping is empty (no sourced QIDs)
    mapping = {"SpecialCity": "Q900000010", "DirectlyGovernedCity": "Q900000011"}
    rows = diff(graph, wikidata, kind_classes=mapping)
    assert [r for r in rows if r.status is Status.DIFFERS and r.field != "population"] == [
        DiffRow(
            "kaesong",
            "Q109079",
            "kind",
            "special city (Q900000010)",
            "special-level city of North Korea (fictitious QID) (Q900000012)",
            Status.DIFFERS,
        ),
        DiffRow(
            "nampo",
            "Q109386",
            "status dates",
            "directly governed city (Q900000011) 1980–2004; special city (Q900000010) 2010–",
            "directly governed city of North Korea (fictitious QID) (Q900000011) 1980–2004; "
            "special city of North Korea (fictitious QID) (Q900000010) 2012–",
            Status.DIFFERS,
        ),
        DiffRow("rason", "Q221734", "ISO 3166-2 code", "KP-13", "KP-99", Status.DIFFERS),
    ]


def test_diff_formats_for_machines(run_nkkg, wikidata: str) -> None:
    as_csv = run_nkkg("link", "diff", "--endpoint", wikidata, "--format", "csv")
    assert as_csv.returncode == 0, as_csv.stderr
    assert as_csv.stdout.splitlines()[:3] == [
        "entity,qid,field,graph,wikidata,status",
        "nampo,Q109386,population,366815 (2008),366341 (2008-10-01),differs",
        "rason,Q221734,ISO 3166-2 code,KP-13,KP-99,differs",
    ]
    as_json = run_nkkg("link", "diff", "--endpoint", wikidata, "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    rows = json.loads(as_json.stdout)
    assert len(rows) == 18
    as_jsonl = run_nkkg("link", "diff", "--endpoint", wikidata, "--format", "jsonl")
    assert [json.loads(line) for line in as_jsonl.stdout.splitlines()] == rows
    assert rows[0] == {
        "entity": "nampo",
        "qid": "Q109386",
        "field": "population",
        "graph": "366815 (2008)",
        "wikidata": "366341 (2008-10-01)",
        "status": "differs",
    }
    table = run_nkkg("link", "diff", "--endpoint", wikidata)
    assert table.returncode == 0, table.stderr
    assert table.stdout.splitlines()[-1] == (
        f"2 differences between the graph and {wikidata}; "
        "16 kinds not compared (no sourced mapping from nkkg kinds to Wikidata classes)"
    )
    bad = run_nkkg("link", "diff", "--endpoint", wikidata, "--format", "xml")
    assert (bad.returncode, bad.stderr) == (
        2,
        "nkkg: error: Invalid value for '--format' / '-f': 'xml' is not one of "
        "'table', 'csv', 'json', 'jsonl'. (see 'nkkg link diff --help')\n",
    )


# ---------------------------------------------------------------- the remote side


class _Upstream(http.server.ThreadingHTTPServer):
    """A local endpoint that answers each request with `answer(n)` or forwards it."""

    def __init__(self, target: str, answer: Callable[[int], tuple[int, dict, bytes] | None]):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.target, self.answer = target, answer
        self.requests: list[dict[str, str]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/sparql"


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Upstream

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.requests.append(dict(self.headers))
        canned = self.server.answer(len(self.server.requests))
        if canned is None:
            forward = urllib.request.Request(
                self.server.target,
                data=body,
                headers={k: v for k, v in self.headers.items() if k.lower() != "host"},
            )
            with urllib.request.urlopen(forward, timeout=30) as response:
                status, headers, payload = response.status, dict(response.headers), response.read()
        else:
            status, headers, payload = canned
        self.send_response(status)
        for name, value in headers.items():
            if name.lower() not in ("content-length", "transfer-encoding", "connection"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


@pytest.fixture
def upstream(wikidata: str) -> Iterator[Callable[..., _Upstream]]:
    with ExitStack() as stack:

        def start(answer: Callable[[int], tuple[int, dict, bytes] | None]) -> _Upstream:
            return stack.enter_context(serving(_Upstream(wikidata, answer)))

        yield start


def test_429_with_retry_after_then_success(graph: Graph, wikidata: str, upstream) -> None:
    busy = (429, {"Retry-After": "1", "Content-Type": "text/plain"}, b"Too many requests")
    server = upstream(lambda n: busy if n == 1 else None)
    waits: list[float] = []
    result = check(graph, Service(server.url, QUICK, waits.append))
    assert waits == [1.0]  # the server's Retry-After, not the back-off
    assert len(server.requests) == 2
    assert result == check(graph, wikidata)
    agent = server.requests[0]["User-Agent"]
    assert agent.startswith("nkkg/") and "https://w3id.org/nkkg" in agent


def test_429_then_success_from_the_command_line(run_nkkg, wikidata: str, upstream) -> None:
    busy = (429, {"Retry-After": "1"}, b"slow down")
    server = upstream(lambda n: busy if n == 1 else None)
    result = run_nkkg("link", "diff", "--endpoint", server.url, "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == (
        "nampo,Q109386,population,366815 (2008),366341 (2008-10-01),differs"
    )
    assert len(server.requests) == 2


def test_transient_errors_are_retried_a_bounded_number_of_times(graph: Graph, upstream) -> None:
    server = upstream(lambda n: (503, {"Content-Type": "text/plain"}, b"down for maintenance"))
    waits: list[float] = []
    with pytest.raises(RemoteError) as raised:
        check(graph, Service(server.url, QUICK, waits.append))
    assert str(raised.value) == (
        f"{server.url}: HTTP 503 Service Unavailable: down for maintenance "
        "(gave up after 3 attempts)"
    )
    assert len(server.requests) == 3
    assert waits == [0.5, 1.0]


def test_an_endpoint_that_is_down_is_one_line_after_bounded_retries(run_nkkg) -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    result = run_nkkg("link", "check", "--endpoint", url, "--attempts", "2")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"nkkg: error: {url}: cannot connect (Connection refused) (gave up after 2 attempts)\n"
    )


def test_bad_endpoint_url_and_usage(run_nkkg) -> None:
    bad = run_nkkg("link", "check", "--endpoint", "ftp://example.org/sparql")
    assert (bad.returncode, bad.stderr) == (
        2,
        "nkkg: error: invalid endpoint URL 'ftp://example.org/sparql': "
        "expected http://host[:port]/path\n",
    )
    lone = run_nkkg("link", "suggest", "--accept", "Q900000001")
    assert (lone.returncode, lone.stderr) == (2, "nkkg: error: --accept needs exactly one ENTITY\n")


# ---------------------------------------------------------------- the federated saved query

# The graph's ISO code beside the fixture's P300, as the saved query answers them
FEDERATED_ISO = {
    "pyongyang": ("KP-01", "KP-01", True),
    "rason": ("KP-13", "KP-99", False),
    "nampo": ("KP-14", "KP-14", True),
    "kaesong": ("KP-15", "KP-15", True),
    "south-pyongan": ("KP-02", "KP-02", True),
    "north-pyongan": ("KP-03", "KP-03", True),
    "chagang": ("KP-04", "KP-04", True),
    "south-hwanghae": ("KP-05", "KP-05", True),
    "north-hwanghae": ("KP-06", "KP-06", True),
    "kangwon": ("KP-07", "KP-07", True),
    "south-hamgyong": ("KP-08", "KP-08", True),
    "north-hamgyong": ("KP-09", "KP-09", True),
    "ryanggang": ("KP-10", "KP-10", True),
}


def _iso_rows(result: QueryResult) -> dict[str, tuple[object, ...]]:
    assert result.variables == ["entity", "name", "item", "isoCode", "wikidataIsoCode", "agrees"]
    coded = {
        str(entity).removeprefix(ID): (str(code), str(theirs), agrees.toPython())
        for entity, _name, _item, code, theirs, agrees in result.rows
        if theirs is not None
    }
    uncoded = sorted(str(row[0]).rsplit("/", 1)[-1] for row in result.rows if row[4] is None)
    # no P300 in the fixture for these items (Q56061 is the ontology's AdministrativeDivision)
    assert uncoded == ["chongjin", "hamhung", "north-korea", "ontology#AdministrativeDivision"]
    return coded


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_the_federated_saved_query_runs_through_service_against_the_fixture(
    graph: Graph, wikidata: str, engine: str
) -> None:
    result = packaged_query("wikidata-iso-codes", {"wikidata": wikidata}, engine=engine)
    assert _iso_rows(result) == FEDERATED_ISO
    # the query and `nkkg link check` find the same disagreement
    assert [f.entity for f in check(graph, wikidata).problems] == ["rason"]


def test_the_federated_saved_query_on_an_endpoint_that_runs_service(wikidata: str) -> None:
    with OxigraphServer() as store:
        load_turtle(store, serialize(default_project().validated_graph(), "turtle"))
        result = run_query("wikidata-iso-codes", {"wikidata": wikidata}, endpoint=store.query_url)
    assert _iso_rows(result) == FEDERATED_ISO
