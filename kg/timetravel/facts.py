"""The facts time travel needs, read from the built graph by the queries beside this module.

Every answer of `nkkg resolve`, `crosswalk` and `convert` comes from one
Timeline: the divisions' status periods, names, ISO 3166-2 codes, change
events and sources, as the queries in `kg/timetravel/queries/` find them in
the validated graph (never from the YAML input). The same queries run on a
triplestore holding the graph; the tests run them on both in-process engines.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import Graph, Literal

from kg.rdf.namespace import DEFAULT_BASE, prefixed
from kg.timetravel.dates import Span, period_span, validity_span
from kg.views.labels import english

if TYPE_CHECKING:
    from kg.pipeline import Project

QUERIES = Path(__file__).parent / "queries"
QUERY_NAMES = ("units", "periods", "kinds", "names", "codes", "events", "sources", "populations")


@dataclass(frozen=True)
class Period:
    """One status period: a kind, or a parent the unit lies within, over a span of years."""

    iri: str
    kind: str | None
    parent: str | None
    span: Span
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Name:
    text: str
    lang: str
    span: Span  # open at both ends unless the name claim is dated


@dataclass(frozen=True)
class Code:
    code: str
    unit: str
    span: Span
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Event:
    iri: str
    type: str
    year: int
    before: tuple[str, ...]
    after: tuple[str, ...]
    sources: tuple[str, ...]
    note: str | None
    units: tuple[str, ...] = ()
    """The units the event names as moved (nkkg:unit): only their territory changes hands."""

    @property
    def moves_away(self) -> bool:
        """A unit before it that is not after it has ended (split, merger, absorption)."""
        return bool(set(self.before) - set(self.after))


@dataclass
class Unit:
    iri: str
    kind: str | None = None  # the current kind (rdf:type)
    located_in: str | None = None
    first_level_flag: bool | None = None  # the zones' ranked nkkg:firstLevel
    periods: list[Period] = field(default_factory=list)
    names: list[Name] = field(default_factory=list)

    @property
    def span(self) -> Span | None:
        """From its first period's start to its last period's end (None: no periods)."""
        if not self.periods:
            return None
        return Span.union([p.span for p in self.periods])


@dataclass
class Timeline:
    """The divisions through time, as the built graph states them."""

    base: str
    units: dict[str, Unit]
    events: list[Event]
    codes: list[Code]
    kind_labels: dict[str, list[Name]]
    first_level_kinds: frozenset[str]
    sources: dict[str, tuple[str, str]]  # source IRI -> (title, url)
    population_years: dict[str, frozenset[int]] = field(default_factory=dict)  # unit -> years
    kind_names: dict[tuple[str, str], str] = field(
        default_factory=dict
    )  # (kind, lang) -> prefLabel

    def name(self, iri: str | None, lang: str = "en") -> str:
        """A unit's (or a kind's) name in `lang`, else its slug."""
        if iri is None:
            return ""
        if (iri, lang) in self.kind_names:
            return self.kind_names[(iri, lang)]
        names = self.units[iri].names if iri in self.units else self.kind_labels.get(iri, [])
        found = english(((n.text, n.lang) for n in names), lang=lang)
        return found if found is not None else self.short(iri)

    def short(self, iri: str) -> str:
        """`id:slug` for the graph's entities, `nkkg:Kind` for kinds (prefixed()), else the IRI."""
        return prefixed(iri, self.base) or iri

    def slug(self, iri: str) -> str:
        return iri[len(self.base) :] if iri.startswith(self.base) else iri

    def is_first_level(self, unit: Unit, period: Period) -> bool:
        """A period makes its unit first-level by its kind (zones: where the flag says so)."""
        if period.kind is None:
            return False
        if unit.first_level_flag is not None:
            return unit.first_level_flag
        return period.kind in self.first_level_kinds

    def level_of(self, unit: Unit, period: Period) -> int | None:
        """1 for a first-level period; 2 for a period inside a first-level parent's span."""
        if self.is_first_level(unit, period):
            return 1
        if period.parent is not None:
            return 2
        return None


def _name_order(name: Name) -> tuple[str, str, date, date, date, date]:
    span = name.span
    return (
        name.lang,
        name.text,
        span.possible_start or date.min,
        span.certain_start or date.min,
        span.certain_end or date.max,
        span.possible_end or date.max,
    )


def load_timeline(project: Project, *, engine: str | None = None) -> Timeline:
    """Read the Timeline from a Project's validated graph (once per Project and engine).

    `engine="rdflib"` runs the same queries on rdflib's engine (the tests
    compare the two).
    """

    def read() -> Timeline:
        if engine == "rdflib":
            return timeline_of(project.validated_graph(), project.base)
        return timeline_of(project.store(), project.base)

    return project.derived(f"timeline {engine or 'oxigraph'}", read)


def timeline_of(data: Graph | ox.Store, base: str = DEFAULT_BASE) -> Timeline:
    """The Timeline of a graph in hand: an rdflib Graph (rdflib's engine) or a pyoxigraph Store."""
    answers = {name: _select(data, name) for name in QUERY_NAMES}
    return _timeline(base, answers)


def _select(data: Graph | ox.Store, name: str) -> list[dict[str, Any]]:
    from kg.sparql.engines import run_query

    path = QUERIES / f"{name}.rq"
    if isinstance(data, Graph):
        result = run_query(path, graph=data, engine="rdflib")
    else:
        result = run_query(path, store=data)
    return [dict(zip(result.variables, row, strict=True)) for row in result.rows]


def _text(term: Any) -> str | None:
    return None if term is None else str(term)


def _timeline(base: str, answers: dict[str, list[dict[str, Any]]]) -> Timeline:
    units: dict[str, Unit] = {}
    for row in answers["units"]:
        unit = units.setdefault(str(row["unit"]), Unit(str(row["unit"])))
        unit.kind = unit.kind or str(row["kind"])
        unit.located_in = unit.located_in or _text(row["locatedIn"])
        if isinstance(row["firstLevel"], Literal):
            unit.first_level_flag = bool(row["firstLevel"].toPython())
    _add_periods(units, answers["periods"])
    for row in answers["names"]:
        if str(row["unit"]) in units and isinstance(row["name"], Literal):
            span = validity_span(_text(row["since"]), _text(row["until"]))
            name = Name(str(row["name"]), (row["name"].language or "").lower(), span)
            units[str(row["unit"])].names.append(name)
    for unit in units.values():  # the engines order language-tagged literals differently
        unit.names.sort(key=_name_order)  # a total order: both engines give one list
    kind_labels: dict[str, list[Name]] = defaultdict(list)
    first_level: set[str] = set()
    kind_names: dict[tuple[str, str], list[str]] = {}
    for row in answers["kinds"]:
        kind = str(row["kind"])
        if isinstance(row["label"], Literal):
            label, preferred = row["label"], str(row["property"]).endswith("#prefLabel")
            name = Name(str(label), (label.language or "").lower(), Span())
            kind_labels[kind].append(name)
            if preferred:
                kind_names.setdefault((kind, name.lang), []).append(name.text)
        if row["firstLevel"] is not None:
            first_level.add(kind)
    return Timeline(
        base=base,
        units=units,
        events=_events(answers["events"]),
        codes=_codes(answers["codes"]),
        kind_labels={k: sorted(v, key=lambda n: (n.lang, n.text)) for k, v in kind_labels.items()},
        first_level_kinds=frozenset(first_level),
        sources={
            str(r["source"]): (_text(r["title"]) or "", _text(r["url"]) or "")
            for r in answers["sources"]
        },
        population_years=_population_years(answers["populations"]),
        kind_names={key: min(names) for key, names in sorted(kind_names.items())},
    )


def _population_years(rows: Sequence[dict[str, Any]]) -> dict[str, frozenset[int]]:
    years: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        years[str(row["unit"])].add(int(str(row["when"])[:4]))
    return {unit: frozenset(found) for unit, found in sorted(years.items())}


def _add_periods(units: dict[str, Unit], rows: Sequence[dict[str, Any]]) -> None:
    sources: dict[str, list[str]] = defaultdict(list)
    first: dict[str, dict[str, Any]] = {}
    for row in rows:
        first.setdefault(str(row["period"]), row)
        if row["source"] is not None:
            sources[str(row["period"])].append(str(row["source"]))
    for iri, row in first.items():
        unit = units.setdefault(str(row["unit"]), Unit(str(row["unit"])))
        span = period_span(_year(row["start"]), _year(row["end"]))
        unit.periods.append(
            Period(iri, _text(row["kind"]), _text(row["parent"]), span, tuple(sources[iri]))
        )
    for unit in units.values():
        unit.periods.sort(key=lambda p: (p.span.sort_key(), p.iri))


def _year(term: Any) -> int | None:
    return None if term is None else int(str(term)[:4])


def _codes(rows: Sequence[dict[str, Any]]) -> list[Code]:
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[(str(row["code"]), str(row["unit"]))].append(row)
    codes = []
    for (code, unit), group in grouped.items():
        span = validity_span(_text(group[0]["since"]), _text(group[0]["until"]), end_exclusive=True)
        found = tuple(dict.fromkeys(str(r["source"]) for r in group if r["source"] is not None))
        codes.append(Code(code, unit, span, found))
    return sorted(codes, key=lambda c: (c.code, c.unit))


def _events(rows: Sequence[dict[str, Any]]) -> list[Event]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[str(row["event"])].append(row)
    events = []
    for iri, group in grouped.items():
        roles: dict[str, list[str]] = defaultdict(list)
        for row in group:
            roles[str(row["role"])].append(str(row["item"]))
        types = sorted({str(r["type"]) for r in group})
        events.append(
            Event(
                iri=iri,
                type=types[0],
                year=int(str(group[0]["year"])[:4]),
                before=tuple(sorted(set(roles["before"]))),
                after=tuple(sorted(set(roles["after"]))),
                sources=tuple(sorted(set(roles["source"]))),
                note=_text(group[0]["note"]),
                units=tuple(sorted(set(roles["unit"]))),
            )
        )
    return sorted(events, key=lambda e: (e.year, e.iri))


__all__ = ["Code", "Event", "Name", "Period", "Timeline", "Unit", "load_timeline"]
