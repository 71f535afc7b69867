"""Where a unit's territory went: pieces of territory carried through the change events.

Each unit valid at the first date starts as one piece (the part no finer unit
accounts for) and one piece per unit lying within it then. The events of the
years between are applied in order: a split, a merger or an absorption moves
the pieces of the unit that ends; a separation or a territory change copies
the unit's own piece to the unit that takes a part, unless the event names
the units it moved (their pieces follow their own dated parents, so territory
that joined the unit after the first date does not count as the unit's) or
the unit leaving was itself within it just before (Nampo leaving South Pyongan takes Nampo's
territory, not a share of the rest). No share is ever guessed: a copied
piece is "share unknown". The same code serves both levels: a level is only
which units count at the two dates.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

from kg.rdf.namespace import NKKG
from kg.timetravel.dates import Asked
from kg.timetravel.facts import Event, Period, Timeline

MOVES = {
    str(NKKG.Split): "split into",
    str(NKKG.Merger): "merged into",
    str(NKKG.Absorption): "absorbed into",
}
PART = "part transferred to"
KEPT = "same, part transferred"
GAINED = "gained"


@dataclass(frozen=True)
class Step:
    event: Event
    relation: str  # what the event did to this piece: MOVES' values, PART, KEPT, GAINED, "changed"


@dataclass(frozen=True)
class Piece:
    origin: str  # the unit at the first date whose territory this is
    holder: str  # the unit holding it now
    inner: str | None  # the unit within the holder that this piece is, if any
    steps: tuple[Step, ...] = ()

    @property
    def partial(self) -> bool:
        """A part of the origin only: it was copied (a split, a part transferred)."""
        return any(s.relation in (PART, KEPT) or _split(s) for s in self.steps)


def _split(step: Step) -> bool:
    return step.relation == "split into" and len(step.event.after) > 1


def inner_units(timeline: Timeline, parent: str, asked: Asked) -> list[str]:
    """The units lying within `parent` at some time of the date asked."""
    found = []
    for iri, unit in timeline.units.items():
        if iri != parent and any(
            p.parent == parent and p.span.overlaps(asked) for p in unit.periods
        ):
            found.append(iri)
    return sorted(found)


def carry(
    timeline: Timeline, origins: list[str], first: Asked, last: Asked
) -> dict[str, list[Piece]]:
    """Every origin's pieces after the events of the years first..last (inclusive).

    After each year's events, a piece that is a unit within its holder follows
    that unit's own dated parent (a county moved to another province moves its
    territory, whether or not an event of several units records it).
    """
    pieces: dict[str, list[Piece]] = {}
    for origin in origins:
        own = [Piece(origin, origin, None)]
        own += [Piece(origin, origin, w) for w in inner_units(timeline, origin, first)]
        pieces[origin] = own
    for year in range(first.year, last.year + 1):
        events = [e for e in timeline.events if e.year == year]
        for origin in origins:
            held = pieces[origin]
            for event in events:
                held = [out for p in held for out in _apply(timeline, event, p)]
            pieces[origin] = [_rehome(timeline, p, year, events) for p in held]
    return pieces


def _rehome(timeline: Timeline, piece: Piece, year: int, events: list[Event]) -> Piece:
    """The piece of a unit whose parent period changes in `year` goes to its new parent."""
    if piece.inner is None or piece.inner not in timeline.units:
        return piece
    for period in timeline.units[piece.inner].periods:
        start = period.span.possible_start
        if period.parent is None or period.parent == piece.holder or start is None:
            continue
        if start.year != year:
            continue
        recorded = [e for e in events if piece.holder in e.before and period.parent in e.after]
        event = recorded[0] if recorded else _period_event(period, year, piece.holder)
        return replace(piece, holder=period.parent, steps=(*piece.steps, Step(event, PART)))
    return piece


def parent_changes(timeline: Timeline, unit: str, first: Asked, last: Asked) -> list[Event]:
    """The unit's moves to a new parent in the years after `first` up to `last`, as events."""
    found, periods = [], timeline.units[unit].periods if unit in timeline.units else []
    for before, after in itertools.pairwise(periods):
        start = after.span.possible_start
        if before.parent is None or after.parent in (None, before.parent) or start is None:
            continue
        if first.year < start.year <= last.year:
            found.append(_period_event(after, start.year, before.parent))
    return found


def _period_event(period: Period, year: int, holder: str) -> Event:
    """A change no event records, read off the unit's new parent period (with its sources)."""
    assert period.parent is not None
    kind = str(NKKG.StatusPeriod)
    return Event(period.iri, kind, year, (holder,), (period.parent,), period.sources, None)


def _leaves(timeline: Timeline, unit: str, parent: str, year: int) -> bool:
    """`unit` was within `parent` until `year` (or the year before): it leaves with its own."""
    periods = timeline.units[unit].periods if unit in timeline.units else []
    return any(
        p.parent == parent
        and p.span.possible_end is not None
        and p.span.possible_end.year in (year, year - 1)
        for p in periods
    )


ENDING = frozenset({str(NKKG.Split), str(NKKG.Merger), str(NKKG.Absorption), str(NKKG.Abolition)})
GOING_ON = frozenset({str(NKKG.Separation), str(NKKG.TerritoryChange), str(NKKG.ChangeOfKind)})


def _ends(timeline: Timeline, event: Event, unit: str) -> bool:
    """The unit ends with the event: by the event's type, else by its periods."""
    if event.type in ENDING:
        return True
    if event.type in GOING_ON or unit in event.after:
        return False
    periods = timeline.units[unit].periods if unit in timeline.units else []
    return not any(
        p.span.possible_end is None or p.span.possible_end.year > event.year for p in periods
    )


def _apply(timeline: Timeline, event: Event, piece: Piece) -> list[Piece]:
    holder = piece.holder
    if holder not in event.before:
        if holder in event.after and piece.inner is None:  # it gains: part of its history
            return [replace(piece, steps=(*piece.steps, Step(event, GAINED)))]
        return [piece]
    if _ends(timeline, event, holder):  # the holder ends: its pieces move on
        relation = MOVES.get(event.type, "succeeded by")
        inner = piece.inner
        if event.type == str(NKKG.Absorption) and inner is None:
            inner = holder  # its territory lives on inside the absorbing unit
        step = Step(event, relation)
        return [
            replace(piece, holder=after, inner=inner, steps=(*piece.steps, step))
            for after in event.after
        ]
    others = [a for a in event.after if a != holder]
    if not others:  # a change of kind: nothing moves
        return [replace(piece, steps=(*piece.steps, Step(event, "changed")))]
    out: list[Piece] = []
    kept = piece
    for other in others:
        if _leaves(timeline, other, holder, event.year):
            if piece.inner == other:  # the unit leaving takes its own territory
                return [
                    replace(
                        piece, holder=other, inner=None, steps=(*piece.steps, Step(event, PART))
                    )
                ]
            continue
        # a part of the holder's own territory goes, unless the event names the units that
        # moved: then only theirs does, and each unit's piece follows its own parent
        if piece.inner is None and not event.units:
            out.append(replace(piece, holder=other, steps=(*piece.steps, Step(event, PART))))
            kept = replace(kept, steps=(*kept.steps, Step(event, KEPT)))
    return [kept, *out]
