"""Status periods and change events: the dated history of a division, as the input gives it.

Dates follow kg.input.dates (a year, a month, a day, or bounds); the year
integers stay on every period and event for the simple year queries.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, StrictStr, ValidationInfo, field_validator, model_validator

from kg.input.dates import Precision, When, latest_year_of, year_of
from kg.input.types import Rank, Slug, SourceIds, Strict, Year, as_tuple


class Period(Strict):
    """A span (inclusive) with a kind, or spent inside a parent division, or both.

    `start` and `end` take a year (as they always did), a month ("1952-12"),
    a day (1952-12-22) or bounds ({earliest: 2011, latest: 2012}); see
    kg.input.dates. `start`/`end` then hold the simple years (the earliest
    start, the latest end) and `start_date`/`end_date` the precise or bounded
    date. `parent` is the newer name of `province` (a first-level city or a
    province); both keys load, into `province`.
    """

    kind: StrictStr | None = None
    province: Slug | None = None
    start: Year | None = None
    end: Year | None = None
    start_date: When | None = None
    end_date: When | None = None
    source: SourceIds
    note: StrictStr | None = None

    @model_validator(mode="before")
    @classmethod
    def _dates_and_parent(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        for key in ("start_date", "end_date"):
            if key in data:
                raise ValueError(f"unknown field '{key}': give the date in '{key[:-5]}'")
        if "parent" in data:
            if "province" in data:
                raise ValueError("give 'parent' or its older name 'province', not both")
            data["province"] = data.pop("parent")
        for key, year in (("start", year_of), ("end", latest_year_of)):
            raw = data.get(key)
            if raw is None or (isinstance(raw, int) and not isinstance(raw, bool)):
                continue
            data[f"{key}_date"] = raw
            data[key] = year(raw)
        return data

    @field_validator("start_date", "end_date")
    @classmethod
    def _only_if_precise(cls, when: When | None) -> When | None:
        # a plain year is the year triple alone: no time node for it
        if when is not None and when.exact and when.precision is Precision.YEAR:
            return None
        return when

    @field_validator("end")
    @classmethod
    def _end_not_before_start(cls, end: int | None, info: ValidationInfo) -> int | None:
        start = info.data.get("start")
        if end is not None and start is not None and end < start:
            raise ValueError(f"end year {end} is before start year {start}")
        return end

    @model_validator(mode="after")
    def _kind_or_province(self) -> Period:
        if self.kind is None and self.province is None:
            raise ValueError("a period needs a 'kind' or a 'parent' (or 'province')")
        return self


class EventKind(StrEnum):
    """The kinds of change event, after INSEE's typed changes; each is an ontology class."""

    ESTABLISHMENT = "Establishment"
    ABOLITION = "Abolition"
    SPLIT = "Split"
    MERGER = "Merger"
    ABSORPTION = "Absorption"
    SEPARATION = "Separation"
    CHANGE_OF_KIND = "ChangeOfKind"
    TERRITORY_CHANGE = "TerritoryChange"
    TRANSFER = "Transfer"
    RENAME = "Rename"


class DateClaim(Strict):
    """One source's date of an event, ranked where the sources disagree."""

    value: When
    source: SourceIds
    rank: Rank = Rank.NORMAL
    note: StrictStr | None = None

    @property
    def explicit_rank(self) -> bool:
        return "rank" in self.model_fields_set


class Event(Strict):
    """A curated change event: divisions before and after, with a date and sources.

    `year` is the simple year; `date` (optional) the date as precise as the
    sources give it, or its bounds (kg.input.dates), and `year` defaults to
    its earliest year. `dates` keeps each source's date where they disagree,
    with ranks. `units` are the second-level units the change is about (the
    units a transfer moves, the unit renamed), `before`/`after` the divisions
    they leave and join.
    """

    id: Slug
    kind: EventKind
    year: Year
    date: When | None = None
    dates: tuple[DateClaim, ...] = ()
    before: Annotated[tuple[Slug, ...], BeforeValidator(as_tuple)] = ()
    after: Annotated[tuple[Slug, ...], BeforeValidator(as_tuple)] = ()
    units: Annotated[tuple[Slug, ...], BeforeValidator(as_tuple)] = ()
    source: SourceIds
    note: StrictStr | None = None

    @model_validator(mode="before")
    @classmethod
    def _year_from_date(cls, data: Any) -> Any:
        if isinstance(data, dict) and "year" not in data and data.get("date") is not None:
            year = year_of(data["date"])
            if year is not None:
                data = {**data, "year": year}
        return data

    @field_validator("date")
    @classmethod
    def _only_if_precise(cls, when: When | None) -> When | None:
        if when is not None and when.exact and when.precision is Precision.YEAR:
            return None  # the year triple alone
        return when

    @model_validator(mode="after")
    def _has_divisions(self) -> Event:
        if not self.before and not self.after and not self.units:
            raise ValueError("an event needs divisions 'before' or 'after', or 'units'")
        if self.date is not None and self.date.year not in (None, self.year):
            raise ValueError(
                f"year {self.year} is not the earliest year of date {self.date.label()}"
            )
        return self
