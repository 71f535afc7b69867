"""A correspondence table between the units valid at one date and those valid at another.

Every unit of the level asked that is valid at A is mapped to the units valid
at B that hold its territory (kg.timetravel.lineage), with the relation, the
chain of events and their sources, and a certainty: "possible" where a unit
is only possibly valid at its date or an event falls in a boundary year whose
day is unknown. A unit of B with no unit of A behind it gets a row of its own.
Backwards (A later than B) the table is the forward one read the other way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kg.errors import UsageError
from kg.timetravel.dates import CERTAIN, POSSIBLE, Asked
from kg.timetravel.facts import Event, Timeline
from kg.timetravel.lineage import GAINED, KEPT, Piece, carry, parent_changes
from kg.timetravel.output import format_rows

LEVELS = (1, 2)
INVERSE = {
    "same": "same",
    "same, parent changed": "same, parent changed",
    KEPT: KEPT,
    "split into": "split from",
    "merged into": "merged from",
    "absorbed into": "absorbed",
    "part transferred to": "part transferred from",
    "succeeded by": "succeeded",
}
NO_COUNTERPART = "no counterpart"
SHARE_UNKNOWN = "share unknown"
WHOLE = "whole"


@dataclass(frozen=True)
class UnitAt:
    """A unit as it was at a date: its kind and parent (either of two in a boundary year)."""

    iri: str
    kinds: tuple[str, ...]
    parents: tuple[str, ...]
    certainty: str


@dataclass(frozen=True)
class Association:
    source: UnitAt | None
    target: UnitAt | None
    relation: str
    events: tuple[Event, ...]
    certainty: str
    share: str


@dataclass(frozen=True)
class Crosswalk:
    timeline: Timeline
    first: Asked
    last: Asked
    level: int
    associations: tuple[Association, ...]


def units_at(timeline: Timeline, asked: Asked, level: int) -> dict[str, UnitAt]:
    """The units of `level` valid at the date, certain before possible periods."""
    if level not in LEVELS:
        raise UsageError(f"--level {level} is not a level (give 1 or 2)")
    found: dict[str, UnitAt] = {}
    for iri, unit in sorted(timeline.units.items()):
        held = [
            (period, certainty)
            for period in unit.periods
            if (certainty := period.span.certainty(asked)) is not None
            and timeline.level_of(unit, period) == level
        ]
        if not held:
            continue
        certain = [period for period, certainty in held if certainty == CERTAIN]
        chosen = certain or [period for period, _ in held]
        kinds = tuple(dict.fromkeys(p.kind for p in chosen if p.kind is not None))
        parents = tuple(dict.fromkeys(p.parent for p in chosen if p.parent is not None))
        found[iri] = UnitAt(iri, kinds, parents, CERTAIN if certain else POSSIBLE)
    return found


def crosswalk(timeline: Timeline, first: Asked, last: Asked, level: int = 1) -> Crosswalk:
    """Map every unit of `level` valid at `first` to those valid at `last`."""
    if first.first > last.first:
        forward = crosswalk(timeline, last, first, level)
        return Crosswalk(timeline, first, last, level, _inverted(forward.associations))
    sources, targets = units_at(timeline, first, level), units_at(timeline, last, level)
    elsewhere = units_at(timeline, last, 3 - level)  # a unit gone to the other level
    pieces = carry(timeline, sorted(sources), first, last)
    associations: list[Association] = []
    reached: set[str] = set()
    for origin in sorted(sources):
        found = _associations(timeline, sources[origin], pieces[origin], targets, first, last)
        if not found and origin in elsewhere:
            moved = _associations(timeline, sources[origin], pieces[origin], elsewhere, first, last)
            found = [
                replace(a, relation=f"{a.relation}, level {3 - level} at {last.text}")
                for a in moved
            ]
        associations += found
        reached |= {a.target.iri for a in found if a.target is not None}
        if not found:
            associations.append(Association(sources[origin], None, NO_COUNTERPART, (), CERTAIN, ""))
    for iri in sorted(set(targets) - reached):
        associations.append(Association(None, targets[iri], NO_COUNTERPART, (), CERTAIN, ""))
    return Crosswalk(timeline, first, last, level, tuple(associations))


def _associations(
    timeline: Timeline,
    source: UnitAt,
    pieces: list[Piece],
    targets: dict[str, UnitAt],
    first: Asked,
    last: Asked,
) -> list[Association]:
    by_target: dict[str, list[Piece]] = {}
    for piece in pieces:
        if piece.holder in targets:
            by_target.setdefault(piece.holder, []).append(piece)
    partial = len(by_target) > 1 or any(p.partial for p in pieces)
    out = []
    for target, group in sorted(by_target.items()):
        events = tuple(dict.fromkeys(s.event for p in group for s in p.steps))
        events = tuple(sorted(events, key=lambda e: (e.year, e.iri)))
        relation = _relation(source.iri, target, group)
        if relation == "same" and target == source.iri and len(by_target) > 1:
            relation = KEPT  # the rest went elsewhere: the events that took it
            away = {s.event for p in pieces if p.holder != target for s in p.steps}
            events = tuple(sorted({*events, *away}, key=lambda e: (e.year, e.iri)))
        parents = targets[target].parents
        moved = source.parents and parents and parents != source.parents
        if relation == "same" and target == source.iri and moved:
            relation = "same, parent changed"
            events += tuple(parent_changes(timeline, target, first, last))
        boundary = any(e.year in (first.year, last.year) for e in events)
        possible = boundary or POSSIBLE in (source.certainty, targets[target].certainty)
        share = SHARE_UNKNOWN if partial else WHOLE
        certainty = POSSIBLE if possible else CERTAIN
        out.append(Association(source, targets[target], relation, events, certainty, share))
    return out


def _relation(origin: str, target: str, group: list[Piece]) -> str:
    """'same' (or KEPT) when the origin holds it; else the first move away from it."""
    if target == origin:
        return KEPT if any(s.relation == KEPT for p in group for s in p.steps) else "same"
    for piece in group:
        for step in piece.steps:
            if step.relation not in ("changed", KEPT, GAINED):
                return step.relation
    return "same"


def _inverted(associations: tuple[Association, ...]) -> tuple[Association, ...]:
    flipped = [
        Association(
            a.target, a.source, INVERSE.get(a.relation, a.relation), a.events, a.certainty, ""
        )
        for a in associations
    ]
    counts: dict[str, int] = {}
    for a in flipped:
        if a.source is not None and a.target is not None:
            counts[a.source.iri] = counts.get(a.source.iri, 0) + 1
    out = []
    for a in flipped:
        share = ""
        if a.source is not None and a.target is not None:
            share = WHOLE if counts[a.source.iri] == 1 else SHARE_UNKNOWN
        out.append(Association(a.source, a.target, a.relation, a.events, a.certainty, share))
    return tuple(sorted(out, key=_order))


def _order(a: Association) -> tuple[bool, str, str]:
    return (a.source is None, a.source.iri if a.source else "", a.target.iri if a.target else "")


COLUMNS = (
    "from_unit",
    "from_name",
    "from_kind",
    "from_parent",
    "from_certainty",
    "to_unit",
    "to_name",
    "to_kind",
    "to_parent",
    "to_certainty",
    "relation",
    "certainty",
    "share",
    "events",
    "sources",
)


def table_rows(walk: Crosswalk) -> list[list[str]]:
    """One row per association, in COLUMNS' order: slugs, English names, prefixed kinds."""
    tl = walk.timeline

    def unit_cells(unit: UnitAt | None) -> list[str]:
        if unit is None:
            return ["", "", "", "", ""]
        parent = " or ".join(tl.short(p) for p in unit.parents)
        kind = " or ".join(tl.short(k) for k in unit.kinds)
        return [tl.short(unit.iri), tl.name(unit.iri), kind, parent, unit.certainty]

    rows = []
    for a in walk.associations:
        events = " ".join(f"{tl.short(e.iri)} ({tl.short(e.type)}, {e.year})" for e in a.events)
        sources = sorted({s for e in a.events for s in e.sources})
        rows.append(
            [
                *unit_cells(a.source),
                *unit_cells(a.target),
                a.relation,
                a.certainty,
                a.share,
                events,
                " ".join(tl.short(s) for s in sources),
            ]
        )
    return rows


def to_csv(walk: Crosswalk) -> str:
    """The table as CSV (RFC 4180: CRLF line ends), for spreadsheets."""
    return format_rows(COLUMNS, table_rows(walk), "csv")
