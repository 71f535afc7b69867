"""The dates a release's crosswalks and year pages run between, read from a Timeline.

Census years (every first-level unit of the year has a dated population), the
days an ISO 3166-2 code begins or is replaced, and the latest date anything
changes: all derived from the graph, nothing from the clock.
"""

from __future__ import annotations

from datetime import date, timedelta

from kg.timetravel.crosswalk import units_at
from kg.timetravel.dates import parse_date
from kg.timetravel.facts import Timeline


def census_years(timeline: Timeline) -> list[int]:
    """Years in which every first-level unit of the year has a dated population."""
    years = sorted({y for found in timeline.population_years.values() for y in found})
    complete = []
    for year in years:
        units = units_at(timeline, parse_date(str(year)), 1)
        if units and all(year in timeline.population_years.get(u, ()) for u in units):
            complete.append(year)
    return complete


def iso_change_days(timeline: Timeline) -> list[date]:
    """Days on which an ISO 3166-2 code begins or is replaced (where a day is known)."""
    days: set[date] = set()
    for code in timeline.codes:
        span = code.span
        if span.possible_start is not None and span.possible_start == span.certain_start:
            days.add(span.possible_start)
        if span.possible_end is not None and span.possible_end == span.certain_end:
            days.add(span.possible_end + timedelta(days=1))
    return sorted(days)


def latest_day(timeline: Timeline) -> str:
    """The last date anything changes: an ISO day, or the last year an event or period begins."""
    years = [e.year for e in timeline.events]
    years += [
        p.span.possible_start.year
        for u in timeline.units.values()
        for p in u.periods
        if p.span.possible_start is not None
    ]
    days = iso_change_days(timeline)
    last_year = max(years)
    if days and days[-1].year >= last_year:
        return days[-1].isoformat()
    return str(last_year)
