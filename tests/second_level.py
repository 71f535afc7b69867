"""The second-level units of kg/data/units-*.yaml, for the tests that count every record.

Those tests state the first-level figures literally; the units' share is read
here from the unit files, so that a roster can grow without every count being
retyped (tests/test_second_level.py checks the rosters themselves).
"""

from __future__ import annotations

import yaml
from rdflib import URIRef

from kg.input.model import Event, Record
from kg.rdf.namespace import DEFAULT_BASE, NKKG
from kg.resources import data_dir

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
UNIT_FILES = sorted(data_dir().glob("units-*.yaml"))
UNITS_BY_FILE: dict[str, tuple[Record, ...]] = {
    path.stem.removeprefix("units-"): tuple(
        Record.model_validate(item)
        for item in yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or []
    )
    for path in UNIT_FILES
}
UNITS: tuple[Record, ...] = tuple(r for units in UNITS_BY_FILE.values() for r in units)
PROVINCES = (
    "north-pyongan", "south-pyongan", "chagang", "north-hwanghae", "south-hwanghae",
    "kangwon", "south-hamgyong", "north-hamgyong", "ryanggang",
)  # fmt: skip
# the units of the nine provinces' files (the special cities' are listed in the tests literally)
PROVINCE_UNITS: tuple[Record, ...] = tuple(
    r for division in PROVINCES for r in UNITS_BY_FILE.get(division, ())
)
UNIT_IDS = sorted(r.id for r in UNITS)
UNIT_PERIODS = sum(len(r.periods) for r in UNITS)
# periods inside a province (nkkg:withinProvince), not inside a first-level city
PROVINCE_IDS = (
    "north-pyongan", "south-pyongan", "chagang", "north-hwanghae", "south-hwanghae",
    "kangwon", "south-hamgyong", "north-hamgyong", "ryanggang", "hwanghae",
)  # fmt: skip
UNIT_PERIODS_IN_PROVINCES = sum(1 for r in UNITS for p in r.periods if p.province in PROVINCE_IDS)
UNITS_WITH_PERIODS = sorted(r.id for r in UNITS if r.periods)


def en_label(record: Record) -> str:
    """The best-ranked English name (the graph's plain rdfs:label)."""
    names = [c for c in record.claims.label if c.lang == "en"]
    return str(next((c for c in names if c.rank == "preferred"), names[0]).value)


def best_kind(record: Record) -> str:
    """The best-ranked kind (the graph's plain rdf:type)."""
    kinds = record.claims.kind
    return str(next((c for c in kinds if c.rank == "preferred"), kinds[0]).value)


def _events() -> tuple[Event, ...]:
    items = yaml.load((data_dir() / "events.yaml").read_text(encoding="utf-8"), Loader=_LOADER)
    return tuple(Event.model_validate(item) for item in items or [])


# the curated events that involve a second-level unit (kg/data/events.yaml)
UNIT_EVENTS: tuple[Event, ...] = tuple(
    event for event in _events() if set(UNIT_IDS) & {*event.before, *event.after, *event.units}
)


def _iri(slug: str) -> URIRef:
    return URIRef(DEFAULT_BASE + slug)


def unit_events_of(year: int) -> set[tuple[URIRef, URIRef, frozenset, frozenset]]:
    """The units' events of `year` as tests/test_events.py's events_of shows them."""
    return {
        (
            _iri(f"event-{ev.id}"),
            NKKG[ev.kind.value],
            frozenset(map(_iri, ev.before)),
            frozenset(map(_iri, ev.after)),
        )
        for ev in UNIT_EVENTS
        if ev.year == year
    }


def unit_event_rows(year: int) -> set[tuple[URIRef, URIRef, str, URIRef]]:
    """The changes-in-year rows (event, type, role, item) of the units' events of `year`."""
    found = set()
    for ev in UNIT_EVENTS:
        if ev.year != year:
            continue
        event, kind = _iri(f"event-{ev.id}"), NKKG[ev.kind.value]
        found |= {(event, kind, "before", _iri(x)) for x in ev.before}
        found |= {(event, kind, "after", _iri(x)) for x in ev.after}
        found |= {(event, kind, "source", _iri(f"source-{x}")) for x in ev.source}
        found |= {(event, kind, "unit", _iri(x)) for x in ev.units}
    return found


PROVINCE_UNIT_PERIODS = sum(len(r.periods) for r in PROVINCE_UNITS)
# the events of events.yaml's section on the provinces' second level
_MARKER = (
    "# ---------------------------------------------------------------- the provinces' second level"
)
PROVINCE_UNIT_EVENTS: tuple[Event, ...] = tuple(
    Event.model_validate(item)
    for item in yaml.load(
        (data_dir() / "events.yaml").read_text(encoding="utf-8").split(_MARKER, 1)[1],
        Loader=_LOADER,
    )
    or []
)
