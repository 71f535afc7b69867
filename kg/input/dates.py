"""Dates as precise as their sources: a year, a month or a day, or bounds around them.

The input writes a date as a year (`1946`), a month (`"1952-12"`), a day
(`1952-12-22`), or, where the sources only narrow it down, as bounds
(`{earliest: 2011, latest: 2012}`), each bound itself a year, month or day.
This follows Wikidata's time-and-precision model (precision 9 year, 10 month,
11 day) with its earliest/latest qualifiers (P1319, P1326) for the bounds.
The simple year triples of the graph (`nkkg:startYear`, `nkkg:year`) keep
the earliest year; the time node keeps the rest (docs/data-model.md, "Dates").
"""

from __future__ import annotations

import datetime
import re
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from kg.profile import PROFILE

_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")
_DAY = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_YEAR = re.compile(r"^[0-9]{4}$")
SYNTAX = (
    "a year (1946), a month ('1952-12'), a day (1952-12-22) "
    "or bounds {earliest: ..., latest: ...} (either may be left out)"
)


class Precision(StrEnum):
    """Wikidata's precisions 9, 10 and 11: the ontology's nkkg:YearPrecision etc."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"


class Moment(BaseModel):
    """One date at its precision: a year, a month of a year, or a day."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    year: int
    month: int | None = None
    day: int | None = None

    @model_validator(mode="before")
    @classmethod
    def _parse(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return value
        return _parse_moment(value)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        return Precision.MONTH if self.month is not None else Precision.YEAR

    def iso(self) -> str:
        """The lexical form of its xsd:gYear, xsd:gYearMonth or xsd:date literal."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> datetime.date:
        if self.day is not None:
            return self.first_day()
        if self.month is None:
            return datetime.date(self.year, 12, 31)
        following = datetime.date(self.year + (self.month == 12), self.month % 12 + 1, 1)
        return following - datetime.timedelta(days=1)


def _parse_moment(value: Any) -> dict[str, int]:
    if isinstance(value, bool):
        raise ValueError(f"not a date: expected {SYNTAX}")
    if isinstance(value, datetime.date):
        return _checked(value.year, value.month, value.day)
    if isinstance(value, int):
        return _checked(value, None, None)
    if isinstance(value, str):
        if _YEAR.match(value):
            return _checked(int(value), None, None)
        if m := _MONTH.match(value):
            return _checked(int(m[1]), int(m[2]), None)
        if m := _DAY.match(value):
            return _checked(int(m[1]), int(m[2]), int(m[3]))
    raise ValueError(f"not a date: expected {SYNTAX}")


def _checked(year: int, month: int | None, day: int | None) -> dict[str, int]:
    last = datetime.date.today().year
    if not PROFILE.first_year <= year <= last:
        raise ValueError(f"year {year} is outside {PROFILE.first_year}..{last}")
    try:
        datetime.date(year, month or 1, day or 1)
    except ValueError:
        raise ValueError(
            f"no such date {year}-{month:02d}" + (f"-{day:02d}" if day else "")
        ) from None
    moment = {"year": year}
    if month is not None:
        moment["month"] = month
    if day is not None:
        moment["day"] = day
    return moment


class When(BaseModel):
    """A date, exact at its precision (earliest == latest) or known only within bounds."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    earliest: Moment | None = None
    latest: Moment | None = None

    @model_validator(mode="before")
    @classmethod
    def _scalar_or_bounds(cls, value: Any) -> Any:
        if isinstance(value, dict):
            if not value or set(value) - {"earliest", "latest"}:
                raise ValueError(f"bounds are 'earliest' and/or 'latest': expected {SYNTAX}")
            return value
        moment = _parse_moment(value)
        return {"earliest": moment, "latest": moment}

    @model_validator(mode="after")
    def _ordered(self) -> When:
        first, last = self.earliest, self.latest
        if first is not None and last is not None and last.last_day() < first.first_day():
            raise ValueError(f"latest {last.iso()} is before earliest {first.iso()}")
        return self

    @property
    def exact(self) -> bool:
        return self.earliest is not None and self.earliest == self.latest

    @property
    def precision(self) -> Precision:
        """The date's precision; for bounds, the coarser of the two."""
        order = list(Precision)
        bounds = [m.precision for m in (self.earliest, self.latest) if m is not None]
        return min(bounds, key=order.index)

    @property
    def year(self) -> int | None:
        """The simple year: the earliest possible one (None: open towards the past)."""
        return self.earliest.year if self.earliest is not None else None

    def label(self) -> str:
        if self.exact and self.earliest is not None:
            return self.earliest.iso()
        first = self.earliest.iso() if self.earliest is not None else ""
        return f"{first}/{self.latest.iso() if self.latest is not None else ''}"


def year_of(value: Any) -> int | None:
    """The earliest year of an input date, or None when it has none or is not one."""
    try:
        return When.model_validate(value).year
    except ValueError:
        return None


def latest_year_of(value: Any) -> int | None:
    """The latest year of an input date, or None (open towards the future, or not a date)."""
    try:
        latest = When.model_validate(value).latest
    except ValueError:
        return None
    return latest.year if latest is not None else None
