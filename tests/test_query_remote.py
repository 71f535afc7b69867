"""Saved queries on a real SPARQL endpoint (an Oxigraph server on 127.0.0.1), and SERVICE.

The federated query's SERVICE target is a second local Oxigraph server
holding a Wikidata stand-in. Its P300 values are fixtures: "KP-01" for
Pyongyang's item, the obviously fictitious "KP-XX" for Kaesong's item (to
show a disagreement), and an item Q0, which does not exist, to show that
only linked items join.
"""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from collections.abc import Iterator

import pytest
from rdflib import Graph
from rdflib.namespace import NamespaceManager

from kg.errors import NkkgError
from kg.graph.serialize import serialize
from kg.pipeline import default_project
from kg.sparql import QueryResult, default_cases, format_result, run_query
from kg.store.oxigraph import OxigraphServer, free_port
from tests.support.queries import packaged_execute, packaged_query

P300 = "http://www.wikidata.org/prop/direct/P300"
WIKIDATA_FIXTURE = f"""\
<http://www.wikidata.org/entity/Q18808> <{P300}> "KP-01" .
<http://www.wikidata.org/entity/Q109079> <{P300}> "KP-XX" .
<http://www.wikidata.org/entity/Q0> <{P300}> "XX-00" .
""".encode()


_NM = NamespaceManager(Graph(bind_namespaces="none"), bind_namespaces="none")
_NM.bind("id", "https://w3id.org/nkkg/id/")
_NM.bind("nkkg", "https://w3id.org/nkkg/ontology#")
_NM.bind("wd", "http://www.wikidata.org/entity/")
_NM.bind("xsd", "http://www.w3.org/2001/XMLSchema#")


def rows(result: QueryResult) -> list[tuple[str | None, ...]]:
    """Rows as Turtle terms, as in test_query.py."""
    return [tuple(None if t is None else t.n3(_NM) for t in row) for row in result.rows]


def post(server: OxigraphServer, data: bytes, content_type: str) -> None:
    request = urllib.request.Request(
        f"{server.store_url}?default",
        data=data,
        headers={"Content-Type": content_type},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status in (200, 201, 204)


@pytest.fixture(scope="module")
def store() -> Iterator[OxigraphServer]:
    """A triplestore loaded with the built graph, as Turtle over the Graph Store Protocol."""
    with OxigraphServer() as server:
        post(server, serialize(default_project().validated_graph(), "turtle"), "text/turtle")
        yield server


@pytest.fixture(scope="module")
def wikidata() -> Iterator[OxigraphServer]:
    with OxigraphServer() as server:
        post(server, WIKIDATA_FIXTURE, "application/n-triples")
        yield server


REMOTE_CASES = [(q.name, p) for q, p in default_cases()] + [
    ("first-level-in-year", {"year": "1960"}),
    ("first-level-in-year", {"year": "2004"}),
    ("status-history", {"city": "chongjin"}),
]


@pytest.mark.parametrize(("name", "params"), REMOTE_CASES, ids=lambda v: str(v) if v else "")
def test_remote_answers_equal_in_process(
    store: OxigraphServer, name: str, params: dict[str, str]
) -> None:
    remote = run_query(name, params, endpoint=store.query_url)
    assert remote.rows, f"{name}: no rows to compare"
    assert remote == packaged_query(name, params)


def test_remote_year_answer(store: OxigraphServer) -> None:
    result = run_query("first-level-in-year", {"year": "1967"}, endpoint=store.query_url)
    assert [r[0] for r in rows(result)] == [
        "id:pyongyang",
        "id:kaesong",
        "id:chongjin",
        "id:hamhung",
    ]


def test_cli_endpoint_matches_in_process(store: OxigraphServer) -> None:
    command = [sys.executable, "-m", "kg", "query", "density-ranking", "-f", "csv"]
    remote = subprocess.run(
        [*command, "--endpoint", store.query_url], capture_output=True, check=False
    )
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout.decode() == format_result(packaged_query("density-ranking"), "csv")
    assert remote.stdout.decode().splitlines()[1] == (
        "1,https://w3id.org/nkkg/id/pyongyang,Pyongyang,3255288,3194,1019.2,1019,-0.2"
    )


FEDERATED = [
    ("id:chagang", '"Chagang"@en', "wd:Q272406", '"KP-04"', None, None),
    ("id:chongjin", '"Chongjin"@en', "wd:Q109336", None, None, None),
    ("id:hamhung", '"Hamhung"@en', "wd:Q109356", None, None, None),
    ("id:kaesong", '"Kaesong"@en', "wd:Q109079", '"KP-15"', '"KP-XX"', '"false"^^xsd:boolean'),
    ("id:kangwon", '"Kangwon"@en', "wd:Q41416", '"KP-07"', None, None),
    ("id:nampo", '"Nampo"@en', "wd:Q109386", '"KP-14"', None, None),
    ("id:north-hamgyong", '"North Hamgyong"@en', "wd:Q109361", '"KP-09"', None, None),
    ("id:north-hwanghae", '"North Hwanghae"@en', "wd:Q109342", '"KP-06"', None, None),
    ("id:north-korea", '"North Korea"@en', "wd:Q423", None, None, None),
    ("id:north-pyongan", '"North Pyongan"@en', "wd:Q109348", '"KP-03"', None, None),
    ("id:pyongyang", '"Pyongyang"@en', "wd:Q18808", '"KP-01"', '"KP-01"', '"true"^^xsd:boolean'),
    ("id:rason", '"Rason"@en', "wd:Q221734", '"KP-13"', None, None),
    ("id:ryanggang", '"Ryanggang"@en', "wd:Q110171", '"KP-10"', None, None),
    ("id:south-hamgyong", '"South Hamgyong"@en', "wd:Q109368", '"KP-08"', None, None),
    ("id:south-hwanghae", '"South Hwanghae"@en', "wd:Q626052", '"KP-05"', None, None),
    ("id:south-pyongan", '"South Pyongan"@en', "wd:Q109380", '"KP-02"', None, None),
    ("nkkg:AdministrativeDivision", '"administrative division"@en', "wd:Q56061", None, None, None),
]


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_federated_query_in_process(wikidata: OxigraphServer, engine: str) -> None:
    result = packaged_query("wikidata-iso-codes", {"wikidata": wikidata.query_url}, engine=engine)
    assert result.variables == ["entity", "name", "item", "isoCode", "wikidataIsoCode", "agrees"]
    assert rows(result) == FEDERATED


def test_federated_query_on_an_endpoint(store: OxigraphServer, wikidata: OxigraphServer) -> None:
    """The store runs SERVICE itself: the answer is the same as in-process."""
    params = {"wikidata": wikidata.query_url}
    result = run_query("wikidata-iso-codes", params, endpoint=store.query_url)
    assert rows(result) == FEDERATED


@pytest.mark.parametrize(
    ("engine", "reason"),
    [
        ("rdflib", "<urlopen error [Errno 111] Connection refused>"),
        ("oxigraph", "Connection refused (os error 111)"),
    ],
)
def test_unreachable_service_is_one_line_naming_it(engine: str, reason: str) -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    with pytest.raises(NkkgError) as caught:
        packaged_query("wikidata-iso-codes", {"wikidata": url}, engine=engine)
    assert str(caught.value) == (
        f"query 'wikidata-iso-codes' failed in {engine} (SERVICE {url}): {reason}"
    )


def test_ask_construct_and_describe_on_an_endpoint(store: OxigraphServer, tmp_path) -> None:
    from kg.sparql.engines import execute
    from kg.sparql.remote import AskResult, GraphResult

    files = {
        "yes.rq": "ASK { id:rason a nkkg:SpecialCity }",
        "no.rq": "ASK { id:rason a nkkg:Province }",
        "labels.rq": (
            "CONSTRUCT { id:rason rdfs:label ?l } WHERE { "
            'id:rason rdfs:label ?l FILTER(lang(?l) = "en") }'
        ),
        "rason.rq": "DESCRIBE id:rason",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    assert execute(tmp_path / "yes.rq", endpoint=store.query_url) == AskResult(True)
    assert execute(tmp_path / "no.rq", endpoint=store.query_url) == AskResult(False)
    labels = execute(tmp_path / "labels.rq", endpoint=store.query_url)
    assert isinstance(labels, GraphResult)
    assert [tuple(t.n3() for t in triple) for triple in labels.triples] == [
        (
            "<https://w3id.org/nkkg/id/rason>",
            "<http://www.w3.org/2000/01/rdf-schema#label>",
            '"Rason"@en',
        )
    ]
    described = execute(tmp_path / "rason.rq", endpoint=store.query_url)
    local = packaged_execute(tmp_path / "rason.rq")
    assert isinstance(described, GraphResult) and isinstance(local, GraphResult)
    assert sorted(described.triples) == sorted(local.triples)


def test_hints_for_the_query_and_graph_store_urls_each_way(store: OxigraphServer, run_nkkg) -> None:
    result = run_nkkg("query", "hierarchy", "--endpoint", store.store_url)
    assert result.returncode == 1
    assert result.stderr.endswith(
        f"({store.store_url} looks like a Graph Store or update URL; --endpoint wants the "
        f"SPARQL query endpoint, e.g. {store.query_url})\n"
    )
    result = run_nkkg("load", "--store", store.query_url)
    assert result.returncode == 2
    assert result.stderr.endswith(
        "(--store wants the Graph Store Protocol URL, not a query endpoint: for Oxigraph "
        f"(nkkg serve), {store.store_url})\n"
    )
    assert len(result.stderr.splitlines()) == 1
