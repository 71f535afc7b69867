"""The crosswalk files of a release: the pairs of dates users' tables most often need.

From each census year (a year in which every first-level unit has a dated
population in the graph: 2008) and each ISO 3166-2 change date (a day on
which a code claim begins or is replaced) to the latest state (the last date
on which anything in the graph changes), one CSV per level that has units at
both dates, and one XKOS Turtle file holding every correspondence. All of it
is derived from the graph, nothing from the clock, so the same graph gives
the same bytes.
"""

from __future__ import annotations

from kg.rdf.nt import Row
from kg.timetravel.crosswalk import LEVELS, Crosswalk, crosswalk, to_csv, units_at
from kg.timetravel.dates import parse_date
from kg.timetravel.facts import Timeline
from kg.timetravel.milestones import census_years, iso_change_days, latest_day
from kg.timetravel.xkos import correspondence_rows, rows_turtle

FOLDER = "crosswalks"


def release_walks(timeline: Timeline) -> list[Crosswalk]:
    """Every (date, latest) crosswalk of the release, at each level with units at both dates."""
    latest = latest_day(timeline)
    firsts = [str(y) for y in census_years(timeline)]
    firsts += [d.isoformat() for d in iso_change_days(timeline)]
    walks = []
    for first in sorted(set(firsts) - {latest}):
        for level in LEVELS:
            a, b = parse_date(first), parse_date(latest)
            if units_at(timeline, a, level) and units_at(timeline, b, level):
                walks.append(crosswalk(timeline, a, b, level))
    return walks


def crosswalk_files(timeline: Timeline) -> dict[str, bytes]:
    """`crosswalks/level-L-A-to-B.csv` for each walk, and `crosswalks/crosswalks.ttl` (XKOS)."""
    base = timeline.base
    walks = release_walks(timeline)
    files: dict[str, bytes] = {}
    rows: list[Row] = []
    for walk in walks:
        name = f"{FOLDER}/level-{walk.level}-{walk.first.text}-to-{walk.last.text}.csv"
        files[name] = to_csv(walk).encode("utf-8")
        rows += correspondence_rows(walk)
    if walks:
        files[f"{FOLDER}/crosswalks.ttl"] = rows_turtle(rows, base)
    return files
