"""Dates as precise as the sources: years, months, days and bounds, in the input and the graph."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kg.errors import DataError
from kg.graph.builder import rows
from kg.input.dates import Precision, When
from kg.input.loader import load_dataset
from kg.input.model import Event, Period

BASE = "https://w3id.org/nkkg/id/"
N = "https://w3id.org/nkkg/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"


def test_year_ints_still_load_as_years_and_need_no_time_node() -> None:
    period = Period.model_validate(
        {"province": "north-hamgyong", "start": 2004, "end": 2009, "source": "wp-rason"}
    )
    assert (period.start, period.end, period.start_date, period.end_date) == (
        2004,
        2009,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("raw", "precision", "label", "year", "latest"),
    [
        ("1952-12", Precision.MONTH, "1952-12", 1952, 1952),
        ("1952-12-22", Precision.DAY, "1952-12-22", 1952, 1952),
        ({"earliest": 2011, "latest": 2012}, Precision.YEAR, "2011/2012", 2011, 2012),
        ({"earliest": 2010, "latest": "2011-10-25"}, Precision.YEAR, "2010/2011-10-25", 2010, 2011),
        ({"latest": "2007-04"}, Precision.MONTH, "/2007-04", None, 2007),
    ],
)
def test_dates_keep_their_precision_and_bounds(raw, precision, label, year, latest) -> None:
    when = When.model_validate(raw)
    assert when.latest is not None
    assert (when.precision, when.label(), when.year, when.latest.year) == (
        precision,
        label,
        year,
        latest,
    )


def test_a_period_takes_parent_and_a_bounded_end() -> None:
    period = Period.model_validate(
        {
            "parent": "pyongyang",
            "kind": "District",
            "start": "1959-09",
            "end": {"earliest": 2011, "latest": 2012},
            "source": "x",
        }
    )
    assert period.province == "pyongyang"
    assert (period.start, period.end) == (1959, 2012)  # earliest start, latest end
    assert period.start_date is not None and period.start_date.label() == "1959-09"
    assert period.end_date is not None and period.end_date.label() == "2011/2012"


def test_an_event_takes_its_year_from_its_date() -> None:
    event = Event.model_validate(
        {"id": "e", "kind": "Transfer", "date": "1963-05", "units": "chunghwa", "source": "x"}
    )
    assert event.year == 1963 and event.date is not None and event.date.label() == "1963-05"


@pytest.mark.parametrize(
    ("period", "field", "message"),
    [
        ({"start": "1959-13"}, "periods[0].start", "no such date 1959-13"),
        ({"start": "2010-02-30"}, "periods[0].start", "no such date 2010-02-30"),
        (
            {"end": {"earliest": 2012, "latest": 2011}},
            "periods[0].end",
            "latest 2011 is before earliest 2012",
        ),
        (
            {"end": {"earliest": 2011, "by": 2012}},
            "periods[0].end",
            "bounds are 'earliest' and/or 'latest'",
        ),
        ({"start": "spring 1959"}, "periods[0].start", "not a date: expected a year (1946)"),
        ({"start": 1939}, "periods[0].start", "year 1939 is outside 1945.."),
        ({"start": "1939-05"}, "periods[0].start", "year 1939 is outside 1945.."),
        ({"parent": "pyongyang"}, "periods[0]", "give 'parent' or its older name 'province'"),
        (
            {"start_date": 1959},
            "periods[0]",
            "unknown field 'start_date': give the date in 'start'",
        ),
    ],
)
def test_bad_dates_are_one_line_errors(data_copy: Path, period, field, message) -> None:
    path = data_copy / "cities.yaml"
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    chongjin = next(r for r in records if r["id"] == "chongjin")
    chongjin["periods"][0] = {**chongjin["periods"][0], **period}
    path.write_text(yaml.safe_dump(records, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_dataset(data_copy)
    assert err.value.record == "'chongjin'"
    assert err.value.field == field
    assert message in str(err.value) and "\n" not in str(err.value)


def test_precise_and_bounded_dates_become_time_values(dataset) -> None:
    period = Period.model_validate(
        {
            "parent": "pyongyang",
            "kind": "District",
            "start": "1959-09",
            "end": {"earliest": 2011, "latest": "2012-02"},
            "source": "x",
        }
    )
    record = dataset.records[0].model_copy(update={"periods": [period]})
    out = set(rows(dataset.model_copy(update={"records": (record,)}), BASE))
    node = f"{BASE}{record.id}-period-1"
    assert (node, N + "startYear", f'"1959"^^<{XSD}gYear>') in out
    assert (node, N + "endYear", f'"2012"^^<{XSD}gYear>') in out
    start, end = f"{node}-start", f"{node}-end"
    assert (node, N + "startDate", f"<{start}>") in out
    assert (start, N + "precision", f"<{N}MonthPrecision>") in out
    assert (start, N + "earliest", f'"1959-09"^^<{XSD}gYearMonth>') in out
    assert (start, N + "latest", f'"1959-09"^^<{XSD}gYearMonth>') in out
    assert (end, N + "precision", f"<{N}YearPrecision>") in out  # the coarser bound
    assert (end, N + "earliest", f'"2011"^^<{XSD}gYear>') in out
    assert (end, N + "latest", f'"2012-02"^^<{XSD}gYearMonth>') in out
    assert (end, N + "earliestYear", f'"2011"^^<{XSD}gYear>') in out
    assert (end, N + "latestYear", f'"2012"^^<{XSD}gYear>') in out
    assert (node, N + "withinDivision", f"<{BASE}pyongyang>") in out
    # Pyongyang is no province: the first-level predicate stays for provinces
    assert not any(s == node and p == N + "withinProvince" for s, p, _ in out)
