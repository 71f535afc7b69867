"""Which unit a name, a code, a slug or an IRI meant at a date.

Names match in every script and romanization the graph holds, ignoring case,
diacritics, spaces, hyphens and apostrophes ("Pyongan-namdo" finds
"P'yŏngan-namdo"), and also without a kind's own name at the end (남포 finds
남포특별시, whose suffix 특별시 is the special city's Chosŏn'gŭl name). Every
match is kept, ranked: how exactly it matched, then whether the unit existed
at the date (certainly, possibly, not). A unit that did not exist then names
its successors (or predecessors) at that date with the events between.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from kg.errors import UsageError
from kg.timetravel.crosswalk import Association, crosswalk
from kg.timetravel.dates import CERTAIN, POSSIBLE, Asked, describe_span, parse_date
from kg.timetravel.facts import Code, Period, Timeline, Unit

_CODE = re.compile(r"^[A-Za-z]{2}-[A-Za-z0-9]{1,3}$")
EXISTS, GONE, NOT_YET, UNDATED = "exists", "no longer exists", "not yet formed", "undated"


def fold(text: str) -> str:
    """Case, diacritics, spaces, hyphens and apostrophes folded away."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = (c for c in decomposed if not unicodedata.combining(c))
    return "".join(c for c in kept if c.isalnum())


@dataclass(frozen=True)
class State:
    """What one status period says the unit was at the date."""

    period: Period
    level: int | None
    certainty: str


@dataclass(frozen=True)
class CodeAt:
    """A matched ISO 3166-2 code at the date: valid, not yet valid, or withdrawn."""

    code: Code
    status: str  # "valid", "not yet valid", "withdrawn"
    certainty: str | None
    current: tuple[str, ...]  # the unit's codes valid at the date


@dataclass(frozen=True)
class Match:
    unit: Unit
    how: str  # "IRI", "slug", "ISO 3166-2 code", "name 'X' (lang)", ...
    quality: int  # 0 exact identifier or code, 1 name, 2 name without the kind's name
    status: str  # EXISTS, GONE, NOT_YET, UNDATED
    certainty: str | None
    states: tuple[State, ...]
    code: CodeAt | None
    links: tuple[Association, ...]  # successors (GONE) or predecessors (NOT_YET) at the date

    def sort_key(self) -> tuple[int, int, int, str]:
        order = {CERTAIN: 0, POSSIBLE: 1}.get(self.certainty or "", 2)
        code = 0 if self.code is None or self.code.status == "valid" else 1
        return (self.quality, order, code, self.unit.iri)


def resolve(timeline: Timeline, text: str, at: str | Asked) -> list[Match]:
    """Every unit `text` may mean at `at`, best first; UsageError where none."""
    asked = at if isinstance(at, Asked) else parse_date(at)
    query = text.strip()
    if not query:
        raise UsageError("give a name, an ISO 3166-2 code, a slug or an IRI to resolve")
    found: dict[str, tuple[int, str, Code | None]] = {}

    def offer(iri: str, quality: int, how: str, code: Code | None = None) -> None:
        if iri in timeline.units and (iri not in found or quality < found[iri][0]):
            found[iri] = (quality, how, code)

    if query in timeline.units:
        offer(query, 0, "IRI")
    offer(timeline.base + query, 0, "slug")
    if _CODE.match(query):
        for code in timeline.codes:
            if code.code.upper() == query.upper():
                offer(code.unit, 0, "ISO 3166-2 code", code)
    wanted = fold(query)
    suffixes = sorted({fold(n.text) for names in timeline.kind_labels.values() for n in names})
    for iri, unit in timeline.units.items():
        for name in unit.names:
            folded = fold(name.text)
            quality = 1 if name.span.overlaps(asked) else 3
            if folded == wanted:
                offer(iri, quality, f"name '{name.text}' ({name.lang})")
            elif any(s and folded.endswith(s) and folded[: -len(s)] == wanted for s in suffixes):
                offer(iri, quality + 1, f"name '{name.text}' ({name.lang}) without its kind")
    if not found:
        raise UsageError(
            f"no unit named or coded '{query}' in the graph (names in any script, "
            "ISO 3166-2 codes, slugs and IRIs are looked up)"
        )
    matches = [_match(timeline, iri, *found[iri], asked) for iri in found]
    return sorted(matches, key=Match.sort_key)


def _match(
    timeline: Timeline, iri: str, quality: int, how: str, code: Code | None, asked: Asked
) -> Match:
    unit = timeline.units[iri]
    states = []
    for period in unit.periods:
        held = period.span.certainty(asked)
        if held is not None:
            states.append(State(period, timeline.level_of(unit, period), held))
    span = unit.span
    links: tuple[Association, ...] = ()
    certainty: str | None = None
    if span is None:
        status = UNDATED
    elif states:
        status = EXISTS
        certainty = span.certainty(asked)
    elif span.before(asked):
        status = GONE
        links = _links(timeline, unit, asked, forward=True)
    else:
        status = NOT_YET
        links = _links(timeline, unit, asked, forward=False)
    return Match(
        unit, how, quality, status, certainty, tuple(states), _code_at(timeline, code, asked), links
    )


def _links(
    timeline: Timeline, unit: Unit, asked: Asked, *, forward: bool
) -> tuple[Association, ...]:
    """The units holding its territory at the date, by a crosswalk from its last (first) year."""
    edge = unit.periods[-1] if forward else unit.periods[0]
    level = timeline.level_of(unit, edge) or 1
    day = edge.span.possible_end if forward else edge.span.possible_start
    assert day is not None
    walk = crosswalk(timeline, parse_date(str(day.year)), asked, level)
    return tuple(
        a
        for a in walk.associations
        if a.source is not None and a.source.iri == unit.iri and a.target
    )


def _code_at(timeline: Timeline, code: Code | None, asked: Asked) -> CodeAt | None:
    if code is None:
        return None
    certainty = code.span.certainty(asked)
    status = "valid" if certainty else ("withdrawn" if code.span.before(asked) else "not yet valid")
    current = tuple(
        c.code for c in timeline.codes if c.unit == code.unit and c.span.overlaps(asked)
    )
    return CodeAt(code, status, certainty, current)


def _link(tl: Timeline, a: Association) -> str:
    """'split into id:north-hwanghae (id:event-hwanghae-split-1954 1954)'."""
    events = ", ".join(f"{tl.short(e.iri)} {e.year}" for e in a.events) or "no event"
    target = tl.short(a.target.iri) if a.target is not None else ""
    return f"{a.relation} {target} ({events})"


def describe_code(found: CodeAt, asked: Asked) -> str:
    """'<code> withdrawn on 2010-02-03 (valid 1998 to 2010-02-02); at 2015: <its successor>'."""
    code, span = found.code, found.code.span
    text = f"{code.code} {found.status}"
    if found.status == "withdrawn" and span.possible_end is not None:
        replaced = span.possible_end + timedelta(days=1)
        day = (
            replaced.isoformat()
            if span.possible_end == span.certain_end
            else str(span.possible_end.year)
        )
        text += f" on {day}"
    text += f" (valid {describe_span(span)})"
    others = [c for c in found.current if c != code.code]
    if found.status != "valid" and others:
        text += f"; at {asked.text}: {', '.join(others)}"
    return text


COLUMNS = (
    "rank",
    "unit",
    "name",
    "matched",
    "status",
    "certainty",
    "kind",
    "parent",
    "code",
    "links",
    "sources",
)


def table_rows(timeline: Timeline, matches: list[Match], asked: Asked) -> list[list[str]]:
    """One row per match and state (kind or parent at the date), in COLUMNS' order."""
    tl = timeline
    rows = []
    for rank, match in enumerate(matches, start=1):
        code = "" if match.code is None else describe_code(match.code, asked)
        links = "; ".join(_link(tl, a) for a in match.links)
        states = match.states or (None,)
        for state in states:
            sources: list[str] = []
            kind = parent = ""
            certainty = match.certainty or ""
            if state is not None:
                kind = tl.short(state.period.kind) if state.period.kind else ""
                parent = tl.short(state.period.parent) if state.period.parent else ""
                sources = list(state.period.sources)
                certainty = state.certainty
            else:
                sources = sorted({s for a in match.links for e in a.events for s in e.sources})
                if match.status == UNDATED and match.unit.kind:
                    kind = tl.short(match.unit.kind)
            if match.code is not None:
                sources = sorted({*sources, *match.code.code.sources})
            rows.append(
                [
                    str(rank),
                    tl.short(match.unit.iri),
                    tl.name(match.unit.iri),
                    match.how,
                    match.status,
                    certainty,
                    kind,
                    parent,
                    code,
                    links,
                    " ".join(tl.short(s) for s in sources),
                ]
            )
    return rows
