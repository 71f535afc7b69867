"""Dates as precise as the graph states them, and what "at a date" means for them.

A status period's years are inclusive and shared with the next period, and no
day is known inside a boundary year: a period that starts in 1954 certainly
holds from 1955-01-01 and possibly from 1954-01-01. A code replaced on
2010-02-03 holds until 2010-02-02. A Span keeps both readings (possible and
certain bounds); a question asked of a year or a day is "certain" when the
certain bounds cover all of it and "possible" when only the possible ones
reach it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from kg.errors import UsageError

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

CERTAIN = "certain"
POSSIBLE = "possible"


@dataclass(frozen=True)
class Span:
    """Possible and certain first and last days; None: open (no bound known or none)."""

    possible_start: date | None = None
    certain_start: date | None = None
    certain_end: date | None = None
    possible_end: date | None = None

    def overlaps(self, asked: Asked) -> bool:
        return (self.possible_start is None or self.possible_start <= asked.last) and (
            self.possible_end is None or asked.first <= self.possible_end
        )

    def covers(self, asked: Asked) -> bool:
        return (self.certain_start is None or self.certain_start <= asked.first) and (
            self.certain_end is None or asked.last <= self.certain_end
        )

    def certainty(self, asked: Asked) -> str | None:
        """ "certain", "possible", or None where the span does not reach the date."""
        if not self.overlaps(asked):
            return None
        return CERTAIN if self.covers(asked) else POSSIBLE

    def before(self, asked: Asked) -> bool:
        """The span ended before the date asked."""
        return self.possible_end is not None and self.possible_end < asked.first

    def after(self, asked: Asked) -> bool:
        """The span begins after the date asked."""
        return self.possible_start is not None and asked.last < self.possible_start

    def sort_key(self) -> tuple[date, date]:
        return (self.possible_start or date.min, self.possible_end or date.max)

    @staticmethod
    def union(spans: Iterable[Span]) -> Span:
        """The span from the earliest start to the latest end (periods follow each other)."""
        items = list(spans)
        open_start = any(s.possible_start is None for s in items)
        open_end = any(s.possible_end is None for s in items)
        return Span(
            None if open_start else min(s.possible_start for s in items if s.possible_start),
            None if open_start else min(s.certain_start for s in items if s.certain_start),
            None if open_end else max(s.certain_end for s in items if s.certain_end),
            None if open_end else max(s.possible_end for s in items if s.possible_end),
        )


@dataclass(frozen=True)
class Asked:
    """The date a user asks about: a year, a month or a day, as the days it covers."""

    text: str
    first: date
    last: date

    @property
    def year(self) -> int:
        return self.first.year


def parse_date(text: str, what: str = "--at") -> Asked:
    """YYYY, YYYY-MM or YYYY-MM-DD; anything else is a one-line UsageError naming `what`."""
    match = _DATE.match(text.strip())
    try:
        if match is None:
            raise ValueError
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if month is None:
            return Asked(text, date(year, 1, 1), date(year, 12, 31))
        if day is None:
            first = date(year, month, 1)
            following = date(year + month // 12, month % 12 + 1, 1)
            return Asked(text, first, following - timedelta(days=1))
        return Asked(text, date(year, month, day), date(year, month, day))
    except ValueError:
        raise UsageError(
            f"{what} '{text}' is not a date: give a year (1954), a month (1954-03) "
            "or a day (1954-03-01)"
        ) from None


def period_span(start: int | None, end: int | None) -> Span:
    """A period's span: years inclusive, no day known within a boundary year."""
    return Span(
        None if start is None else date(start, 1, 1),
        None if start is None else date(start + 1, 1, 1),
        None if end is None else date(end - 1, 12, 31),
        None if end is None else date(end, 12, 31),
    )


def validity_span(since: str | None, until: str | None, *, end_exclusive: bool = False) -> Span:
    """A claim's validity from nkkg:startTime and nkkg:endTime (a year or a day).

    With `end_exclusive`, a day's end is the day something else took over
    (an ISO code replaced on 2010-02-03 is valid until 2010-02-02).
    """
    possible_start = certain_start = possible_end = certain_end = None
    if since is not None:
        first, last = _bounds(since)
        possible_start, certain_start = (
            first,
            (last + timedelta(days=1) if first != last else first),
        )
    if until is not None:
        first, last = _bounds(until)
        if first == last and end_exclusive:
            possible_end = certain_end = first - timedelta(days=1)
        else:
            possible_end, certain_end = last, (first - timedelta(days=1) if first != last else last)
    return Span(possible_start, certain_start, certain_end, possible_end)


def _bounds(value: str) -> tuple[date, date]:
    asked = parse_date(value[:10], "date")
    return asked.first, asked.last


def describe_span(span: Span) -> str:
    """'1949 to 1954', 'since 2010-02-03', 'until 2010-02-02': a year where no day is known."""

    def show(possible: date, certain: date | None) -> str:
        return possible.isoformat() if possible == certain else str(possible.year)

    start = "" if span.possible_start is None else show(span.possible_start, span.certain_start)
    end = "" if span.possible_end is None else show(span.possible_end, span.certain_end)
    if start and end:
        return f"{start} to {end}"
    if start:
        return f"since {start}"
    return f"until {end}" if end else "at every date"
