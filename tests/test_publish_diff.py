"""nkkg diff: claims added, removed and changed between two graphs or releases; CHANGES."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import XSD, Graph, Literal, Namespace, URIRef

from kg.publish import publish
from kg.publish.diff import Change, changes_text, diff
from kg.rdf.namespace import NKKG
from tests.conftest import RunNkkg

ID = Namespace("https://w3id.org/nkkg/id/")


@pytest.fixture(scope="module")
def edited(graph: Graph) -> Graph:
    """The graph with Rason's 2008 census population changed and Nampo's seat claim removed."""
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    census = ID["rason-population-2"]
    copy.remove((census, NKKG.claimValue, Literal(196954)))
    copy.add((census, NKKG.claimValue, Literal(196955)))
    seat = ID["nampo-seat-1"]
    copy.remove((ID.nampo, NKKG.claim, seat))
    copy.remove((seat, None, None))
    copy.remove((ID.nampo, NKKG.seat, None))
    return copy


EXPECTED = [
    Change(
        "removed",
        "id:nampo",
        "nkkg:seat",
        old_value="id:waudo-guyok",
        old_rank="normal",
        old_sources="source-article",
    ),
    Change(
        "changed",
        "id:rason",
        "nkkg:population",
        "196954",
        "196955",
        "normal",
        "normal",
        "source-wp-rason",
        "source-wp-rason",
        "value",
    ),
]


def test_diff_reports_exactly_the_two_changes(graph: Graph, edited: Graph) -> None:
    assert diff(graph, edited) == EXPECTED


def test_no_changes_between_a_graph_and_itself(graph: Graph) -> None:
    assert diff(graph, graph) == []


def test_rank_and_source_changes_are_changes(graph: Graph) -> None:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    claim = ID["pyongyang-population-2"]
    copy.set((claim, NKKG.rank, NKKG.PreferredRank))
    copy.add((claim, NKKG.source, ID["source-wp-pyongyang"]))
    (change,) = diff(graph, copy)
    assert (change.change, change.old_value, change.new_value) == ("changed", "3255388", "3255388")
    assert (change.old_rank, change.new_rank) == ("normal", "preferred")
    assert change.new_sources == "source-article source-wp-pyongyang"
    assert change.detail == "rank, sources"


def test_a_changed_end_date_of_a_code_is_a_change(graph: Graph) -> None:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    claim = ID["pyongyang-iso-code-2"]  # KP-PYO, until 2010-02-03
    copy.set((claim, NKKG.endTime, Literal("2010-02-04", datatype=XSD.date)))
    (change,) = diff(graph, copy)
    assert (change.change, change.property, change.old_value) == (
        "changed",
        "nkkg:isoCode",
        "KP-PYO",
    )
    assert change.detail.startswith("qualifiers")


def test_a_removed_status_period_is_reported(graph: Graph) -> None:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    period = ID["hamhung-period-2"]
    copy.remove((URIRef(ID.hamhung), NKKG.statusPeriod, period))
    (change,) = diff(graph, copy)
    assert (change.change, change.subject, change.old_value) == (
        "removed",
        "id:hamhung",
        "nkkg:DirectlyGovernedCity 1960–1967",
    )


def test_changes_file_and_cli_formats(
    release: Path, edited: Graph, tmp_path: Path, run_nkkg: RunNkkg
) -> None:
    old = release  # the packaged graph's release, published once per session
    new = publish(tmp_path / "new", edited, previous=old).path
    assert (new / "CHANGES").read_text(encoding="utf-8") == changes_text(EXPECTED)
    assert (new / "CHANGES").read_text(encoding="utf-8").splitlines() == [
        "0 added, 1 removed, 1 changed",
        "removed  id:nampo nkkg:seat id:waudo-guyok [normal; source-article]",
        "changed  id:rason nkkg:population 196954 [normal; source-wp-rason] -> "
        "196955 [normal; source-wp-rason] (value)",
    ]
    done = run_nkkg("diff", str(old), str(new), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert [c["change"] for c in json.loads(done.stdout)] == ["removed", "changed"]
    streamed = run_nkkg("diff", str(old), str(new), "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in streamed] == json.loads(done.stdout)
    done = run_nkkg("diff", str(old), str(new / "nkkg.ttl"), "--format", "csv")
    assert done.stdout.splitlines()[0].startswith("change,subject,property,old_value")
    assert len(done.stdout.splitlines()) == 3
    done = run_nkkg("diff", str(old), str(new))
    assert done.stdout.rstrip().endswith("0 added, 1 removed, 1 changed")
    assert "196955" in done.stdout
    missing = run_nkkg("diff", str(old), str(tmp_path / "nope"))
    assert missing.returncode == 2  # unusable input
    assert (
        missing.stderr == f"nkkg: error: {tmp_path / 'nope'}: no such release folder or RDF file\n"
    )
