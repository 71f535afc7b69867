"""Re-key a user's table from the units valid at one date to those valid at another.

A row whose unit maps whole to one unit is carried over; rows of several
units that merged into one are summed, but only in the columns the user
marks additive (the others are kept where the rows agree); a row whose unit
was split or lost a part is flagged and left out, never split by guesswork.
Every row's decision goes to the report. Nothing is written unless every
row could be read: each problem is one line naming the file, row and column.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from kg.errors import NkkgError
from kg.timetravel.crosswalk import WHOLE, Association, Crosswalk, UnitAt, crosswalk, units_at
from kg.timetravel.dates import Asked
from kg.timetravel.facts import Timeline
from kg.timetravel.resolve import resolve

REPORT_COLUMNS = ("row", "value", "from_unit", "decision", "to_unit", "relation", "certainty")


class ConvertErrors(NkkgError):
    """Problems with the table, one line each (`problems`); str() sums them up."""

    exit_code = 2

    def __init__(self, path: str, problems: list[str]) -> None:
        self.problems = problems
        count = len(problems)
        super().__init__(f"{path}: {count} problem{'' if count == 1 else 's'}; nothing written")


@dataclass(frozen=True)
class Converted:
    columns: list[str]
    rows: list[list[str]]
    report: list[list[str]]
    walk: Crosswalk


def read_table(path: str | Path) -> tuple[list[str], list[list[str]]]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            lines = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise NkkgError(f"cannot read {path}: {getattr(err, 'strerror', None) or err}") from None
    if not lines:
        raise ConvertErrors(str(path), [f"{path}: the table is empty (no header row)"])
    return lines[0], lines[1:]


def convert(
    timeline: Timeline,
    path: str | Path,
    column: str,
    first: Asked,
    last: Asked,
    *,
    level: int = 1,
    additive: tuple[str, ...] = (),
) -> Converted:
    """The table re-keyed to `last`'s units, and one report row per input row."""
    header, rows = read_table(path)
    problems = [
        f"{path}: no column '{name}' (columns: {', '.join(header)})"
        for name in (column, *additive)
        if name not in header
    ]
    if problems:
        raise ConvertErrors(str(path), problems)
    key, sums = header.index(column), [header.index(a) for a in additive]
    valid = units_at(timeline, first, level)
    units: list[str] = []
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        where = f"{path}, row {number}"
        value = row[key] if key < len(row) else ""
        found = _unit(timeline, value, first, valid)
        if isinstance(found, str):
            problems.append(f"{where}, column '{column}': {found}")
        units.append("" if isinstance(found, str) else found[0])
        for index in sums:
            cell = row[index] if index < len(row) else ""
            if _number(cell) is None:
                problems.append(f"{where}, column '{header[index]}': '{cell}' is not a number")
    if problems:
        raise ConvertErrors(str(path), problems)
    walk = crosswalk(timeline, first, last, level)
    return _rekey(timeline, walk, header, rows, units, key, sums)


def _unit(
    timeline: Timeline, value: str, first: Asked, valid: dict[str, UnitAt]
) -> str | list[str]:
    """[iri] of the one unit valid at `first` the value names, else the problem."""
    if not value.strip():
        return "empty"
    try:
        matches = resolve(timeline, value, first)
    except NkkgError:
        return f"no unit named or coded '{value}'"
    best = min(m.quality for m in matches)
    here = [m.unit.iri for m in matches if m.unit.iri in valid and m.quality == best]
    if not here:
        return f"'{value}' names no unit of this level valid at {first.text}"
    if len(here) > 1:
        names = ", ".join(timeline.short(i) for i in here)
        return f"'{value}' is ambiguous at {first.text}: {names}"
    return here


def _number(cell: str) -> Decimal | None:
    try:
        return Decimal(cell.replace(",", "").strip()) if cell.strip() else Decimal(0)
    except InvalidOperation:
        return None


def _rekey(
    timeline: Timeline,
    walk: Crosswalk,
    header: list[str],
    rows: list[list[str]],
    units: list[str],
    key: int,
    sums: list[int],
) -> Converted:
    targets: dict[str, list[Association]] = {}
    for a in walk.associations:
        if a.source is not None and a.target is not None:
            targets.setdefault(a.source.iri, []).append(a)
    report: list[list[str]] = []
    groups: dict[str, list[list[str]]] = {}
    for number, (row, unit) in enumerate(zip(rows, units, strict=True), start=2):
        iri = unit
        found = targets.get(iri, [])
        if len(found) == 1:  # one unit at this level (a part may have left the level)
            a = found[0]
            assert a.target is not None
            groups.setdefault(a.target.iri, []).append(row)
            to = timeline.short(a.target.iri)
            decision = "carried" if a.share == WHOLE else "carried; a part left this level"
            report.append(
                [str(number), row[key], timeline.short(iri), decision, to, a.relation, a.certainty]
            )
        else:
            to = " ".join(timeline.short(a.target.iri) for a in found if a.target is not None)
            relation = "; ".join(sorted({a.relation for a in found})) or "no counterpart"
            decision = (
                "flagged: one-to-many, not split"
                if len(found) > 1
                else "flagged: part only, not carried"
            )
            if not found:
                decision = "flagged: no unit at the later date"
            report.append([str(number), row[key], timeline.short(iri), decision, to, relation, ""])
    out: list[list[str]] = []
    for target, group in sorted(groups.items()):
        merged = [_merge(header, group, i, sums) for i in range(len(header))]
        merged[key] = timeline.name(target)
        out.append(merged)
    for line in report:
        if line[3].startswith("carried") and len(groups[_iri(timeline, line[4])]) > 1:
            line[3] = line[3].replace("carried", "summed (many-to-one)")
    return Converted(header, out, report, walk)


def _iri(timeline: Timeline, short: str) -> str:
    return timeline.base + short.removeprefix("id:")


def _merge(header: list[str], group: list[list[str]], index: int, sums: list[int]) -> str:
    cells = [row[index] if index < len(row) else "" for row in group]
    if index in sums:
        total = sum((_number(c) or Decimal(0) for c in cells), Decimal(0))
        return str(total)
    return cells[0] if len(set(cells)) == 1 else ""
