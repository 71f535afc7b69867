"""Change events: the curated ones of events.yaml and those two consecutive periods imply.

A change that involves several divisions (a split, a separation) needs a
source that says so, so it is curated. A change of one division's status
(Chongjin: directly governed city, then inside North Hamgyong from 1967)
already follows from its status periods, so the builder derives it and gives
it the periods' sources instead of repeating it by hand.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from rdflib.namespace import RDF, RDFS, XSD

from kg.graph.times import time_literal, time_value
from kg.input.model import Dataset, Event, EventKind, Period, Rank, Record
from kg.rdf.namespace import NKKG
from kg.rdf.nt import Row, iri, literal


@dataclass(frozen=True)
class DerivedEvent:
    """An event read off periods `number` and `number + 1` (1-based) of one record."""

    record: str
    number: int
    kind: EventKind
    year: int
    before: tuple[str, ...]
    after: tuple[str, ...]
    sources: tuple[str, ...]


def _kind_of_change(first: Period, second: Period) -> EventKind | None:
    if first.province is not None and second.province is not None:
        return None  # a unit's change of parent or kind: curated (events.yaml), with its sources
    if first.province is not None and second.kind is not None:
        return EventKind.SEPARATION  # leaves its province
    if first.kind is not None and second.province is not None:
        return EventKind.ABSORPTION  # goes into a province
    if first.kind is not None and second.kind is not None and first.kind != second.kind:
        return EventKind.CHANGE_OF_KIND
    return None


def derive_events(record: Record) -> list[DerivedEvent]:
    """One event per pair of consecutive periods that differ, in the year the second begins.

    Under the transition-year convention the second period starts in the year
    the first ends; where it has no start year, the first's end year is used.
    """
    events = []
    pairs = itertools.pairwise(record.periods)
    for number, (first, second) in enumerate(pairs, start=1):
        kind = _kind_of_change(first, second)
        when = second.start if second.start is not None else first.end
        if kind is None or when is None:
            continue
        before: tuple[str, ...] = (record.id,)
        after: tuple[str, ...] = (record.id,)
        if kind is EventKind.SEPARATION:
            before = (first.province,) if first.province else ()
        elif kind is EventKind.ABSORPTION:
            after = (second.province,) if second.province else ()
        sources = tuple(dict.fromkeys((*first.source, *second.source)))
        events.append(DerivedEvent(record.id, number, kind, when, before, after, sources))
    return events


def event_rows(dataset: Dataset, base: str) -> Iterator[Row]:
    """The curated events, then the derived ones, each a typed node with year and sources."""
    source_p, comment = str(NKKG.source), str(RDFS.comment)
    for event in dataset.events:
        node = f"{base}event-{event.id}"
        yield from _event(node, event.kind, event.year, event.before, event.after, base)
        for unit in event.units:
            yield node, str(NKKG.unit), f"<{base}{unit}>"
        if event.date is not None:
            yield node, str(NKKG.date), iri(f"{node}-date")
            yield from time_value(f"{node}-date", event.date)
        yield from _date_claims(node, event, base)
        for source in event.source:
            yield node, source_p, f"<{base}source-{source}>"
        if event.note is not None:
            yield node, comment, literal(event.note, lang="en")
    from_p, to_p = str(NKKG.fromPeriod), str(NKKG.toPeriod)
    for record in dataset.records:
        for derived in derive_events(record):
            node = f"{base}{record.id}-change-{derived.number}"
            yield from _event(node, derived.kind, derived.year, derived.before, derived.after, base)
            yield node, from_p, f"<{base}{record.id}-period-{derived.number}>"
            yield node, to_p, f"<{base}{record.id}-period-{derived.number + 1}>"
            for source in derived.sources:
                yield node, source_p, f"<{base}source-{source}>"


def _date_claims(node: str, event: Event, base: str) -> Iterator[Row]:
    """Each source's date, as a claim of property nkkg:date (the claim pattern of records).

    An exact date is the claim's value as a literal at its precision; bounds
    are a nkkg:TimeValue node. The event's own nkkg:date and nkkg:year are its
    plain values, so none is repeated here.
    """
    ranks = {Rank.PREFERRED: str(NKKG.PreferredRank), Rank.NORMAL: str(NKKG.NormalRank)}
    for number, claim in enumerate(event.dates, start=1):
        claim_node = f"{node}-date-{number}"
        yield node, str(NKKG.claim), iri(claim_node)
        yield claim_node, str(RDF.type), iri(str(NKKG.Claim))
        yield claim_node, str(NKKG.claimProperty), iri(str(NKKG.date))
        if claim.value.exact and claim.value.earliest is not None:
            yield claim_node, str(NKKG.claimValue), time_literal(claim.value.earliest)
        else:
            yield claim_node, str(NKKG.claimValue), iri(f"{claim_node}-value")
            yield from time_value(f"{claim_node}-value", claim.value)
        yield claim_node, str(NKKG.rank), iri(ranks[claim.rank])
        for source in claim.source:
            yield claim_node, str(NKKG.source), f"<{base}source-{source}>"
        if claim.note is not None:
            yield claim_node, str(RDFS.comment), literal(claim.note, lang="en")


def _event(
    node: str,
    kind: EventKind,
    year: int,
    before: tuple[str, ...],
    after: tuple[str, ...],
    base: str,
) -> Iterator[Row]:
    yield node, str(RDF.type), iri(str(NKKG[kind.value]))
    yield node, str(NKKG.year), literal(f"{year:04d}", datatype=str(XSD.gYear))
    for division in before:
        yield node, str(NKKG.before), f"<{base}{division}>"
    for division in after:
        yield node, str(NKKG.after), f"<{base}{division}>"
