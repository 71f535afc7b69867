"""QuickStatements (V1 commands) for what the graph can add to Wikidata, and a review table.

For linked entities only, the graph's best-ranked, sourced values are compared
with the item's: a value Wikidata lacks becomes a statement with its references;
a value that differs becomes a second statement, never a replacement, and a row
of the review table for an editor to rank. Labels and aliases are added where the
item has no such name. Nothing is removed or overwritten.

The V1 syntax: parts separated by tabs, one command a line, statements as entity,
property, value (https://www.wikidata.org/wiki/Help:QuickStatements); strings in
double quotes with no escape, times as +2008-10-01T00:00:00Z/11, quantities with a
unit as 829U<item number>, reference properties as S…, and `!S` to start a further
reference, as QuickStatements' own V1 parser reads them (quickstatements3,
quickstatements/apps/core/parsers/base.py and v1.py); precision 9 is a year and 11
a day (https://www.wikidata.org/wiki/Help:Dates).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from kg.errors import NkkgError
from kg.graph.terms import gyear
from kg.profile import PROFILE
from kg.rdf.namespace import NKKG, WD
from kg.views import Claim, Entity, Views
from kg.wikidata.client import (
    Progress,
    Service,
    ask_in_chunks,
    checked_service,
    dated,
    number,
    rounded,
)
from kg.wikidata.references import DocumentedItems, Snak, Source, Term, reference
from kg.wikidata.v1 import Unencodable, qs_string, qs_time
from kg.wikidata.wikidata_items import Item, export_query, read_rows

FIELDS = ("population", "iso", "area", "geonames", "labels")
REVIEW_COLUMNS = ("entity", "qid", "property", "wikidata", "graph", "source", "reason")
GEONAMES = re.compile(r"^https?://sws\.geonames\.org/([1-9][0-9]*)/?$")
SECOND = "differs from Wikidata: added as a second statement for an editor to rank"
NOT_BEST = "Wikidata has this value, but not best-ranked: for an editor to rank"
NO_DATES = (None, None, None, None)  # a claim's point in time, start, end and note


@dataclass(frozen=True)
class ReviewRow:
    entity: str
    qid: str
    property: str
    wikidata: str
    graph: str
    source: str
    reason: str


@dataclass(frozen=True)
class Export:
    """The V1 commands, one per line, and the rows kept for an editor."""

    commands: tuple[str, ...]
    review: tuple[ReviewRow, ...]

    def batch(self) -> str:
        return "".join(command + "\n" for command in self.commands)

    def review_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(REVIEW_COLUMNS)
        writer.writerows(dataclasses.astuple(row) for row in self.review)
        return out.getvalue()

    def summary(self) -> str:
        held = sum(row.reason.startswith("not exported") for row in self.review)
        ranked = len(self.review) - held
        return (
            f"{len(self.commands)} QuickStatements command{'' if len(self.commands) == 1 else 's'}"
            f"; {ranked} value{'' if ranked == 1 else 's'} for an editor to rank"
            f"; {held} value{'' if held == 1 else 's'} held back (see the review table)"
        )


# ---------------------------------------------------------------- the graph's side


def _references(views: Views, claim: Claim | None) -> tuple[Source, ...]:
    """The URLs and titles of a claim's sources (one with no URL is no reference), by URL."""
    found = set()
    for iri in claim.sources if claim is not None else ():
        source = views.sources.get(iri)
        if source is not None and source.url:
            found.add(Source(source.url, source.title or ""))
    return tuple(sorted(found, key=lambda s: (s.url, s.title)))


# ---------------------------------------------------------------- commands


@dataclass
class _Builder:
    views: Views
    entity: Entity
    qid: str
    items: DocumentedItems
    commands: list[str] = field(default_factory=list)
    review: list[ReviewRow] = field(default_factory=list)

    def hold(self, prop: str, theirs: str, ours: str, claim: Claim | None, why: str) -> None:
        sources = "; ".join(s.url for s in _references(self.views, claim))
        self.review.append(ReviewRow(self.entity.id, self.qid, prop, theirs, ours, sources, why))

    def statement(
        self,
        prop: str,
        value: str,
        qualifiers: Sequence[tuple[str, str]],
        claim: Claim,
        shown: str,
        theirs: str,
    ) -> None:
        """One statement with its references; a second statement also gets a review row.

        A claim with an end time held only for a time: it is not written as a
        statement (it would read as current) but listed for an editor.
        """
        if claim.end_time is not None:
            why = f"not exported: the graph's value holds only until {claim.end_time}"
            self.hold(prop, theirs, shown, claim, why)
            return
        blocks: list[tuple[Snak, ...]] = []
        problems = []
        for source in _references(self.views, claim):
            made = reference(source, self.items)
            if isinstance(made, str):
                if made not in problems:
                    problems.append(made)
            elif made not in blocks:
                blocks.append(made)
        if not blocks:
            why = "; ".join(problems) or "the value has no source"
            self.hold(prop, theirs, shown, claim, f"not exported: {why}")
            return
        parts = [self.qid, prop, value]
        for key, qualifier in qualifiers:
            parts += [key, qualifier]
        for position, block in enumerate(blocks):
            for index, (key, snak) in enumerate(block):
                parts += ["!" + key if position and not index else key, snak]
        self.commands.append("\t".join(parts))
        if theirs:
            self.hold(prop, theirs, shown, claim, SECOND)


def _join(values: Iterable[str]) -> str:
    return "; ".join(sorted(values))


def _population(b: _Builder, item: Item) -> None:
    best = {v: d for v, (d, is_best) in item.population.items() if is_best}
    for claim in b.views.best_claims(b.entity.iri, NKKG.population):
        value = Decimal(str(claim.value))
        if value in item.population:
            if value not in best:
                theirs = dated(value, item.population[value][0])
                b.hold("P1082", theirs, str(value), claim, NOT_BEST)
            continue
        quals = [("P585", qs_time(claim.point_in_time))] if claim.point_in_time else []
        shown = dated(value, str(claim.point_in_time) if claim.point_in_time else None)
        theirs = _join(dated(v, d) for v, d in best.items())
        b.statement("P1082", number(value), quals, claim, shown, theirs)


def _area(b: _Builder, item: Item) -> None:
    best = [v for v, is_best in item.area.items() if is_best]
    unit = b.items.unit("km2")
    for claim in b.views.best_claims(b.entity.iri, NKKG.areaKm2):
        ours = Decimal(str(claim.value))
        if any(rounded(theirs, ours) == ours for theirs in item.area):
            continue
        theirs = _join(f"{number(v)} km²" for v in best)
        shown = f"{number(ours)} km²"
        b.statement("P2046", f"{number(ours)}U{unit.id[1:]}", [], claim, shown, theirs)


def _strings(b: _Builder, prop: str, claims: list[Claim], theirs: set[str], what: str) -> None:
    for claim in claims:
        ours = str(claim.value)
        if ours in theirs:
            continue
        try:
            value = qs_string(ours)
        except Unencodable as err:
            b.hold(prop, _join(theirs), ours, claim, f"not exported: the {what} {err}")
            continue
        quals = [("P580", qs_time(claim.start_time))] if claim.start_time else []
        b.statement(prop, value, quals, claim, ours, _join(theirs))


def _geonames(b: _Builder, item: Item) -> None:
    claims = []
    for claim in b.views.best_claims(b.entity.iri, SKOS.exactMatch):
        match = GEONAMES.match(str(claim.value))
        if match:
            claims.append(dataclasses.replace(claim, value=Literal(match.group(1))))
    _strings(b, "P1566", claims, item.geonames, "GeoNames ID")


def _graph_aliases(views: Views, subject: URIRef, lang: str) -> list[str]:
    tags = {tag for tag, code in PROFILE.wikidata_languages.items() if code == lang}
    return sorted(text for text, tag in views.names(subject, SKOS.altLabel) if tag.lower() in tags)


def _labels(b: _Builder, item: Item) -> None:
    """An English and a Korean (Chosŏn'gŭl) label where the item has none; else aliases.

    The graph's labels come first (the first one is the label), then its aliases;
    a name the item already has as a label or alias, ignoring case and spacing, is
    left out. Hancha and McCune–Reischauer names are not Wikidata's "ko" labels.
    """
    for lang in ("en", "ko"):
        known = {" ".join(s.split()).casefold() for s in item.labels[lang] | item.aliases[lang]}
        has_label = bool(item.labels[lang])
        names = sorted(b.entity.labels.get(lang, ())) + _graph_aliases(b.views, b.entity.iri, lang)
        for name in names:
            if " ".join(name.split()).casefold() in known:
                continue
            kind = "A" if has_label else "L"
            try:
                value = qs_string(name)
            except Unencodable as err:
                why = f"not exported: the name {err}"
                b.hold(f"{kind}{lang}", _join(item.labels[lang]), name, None, why)
                continue
            b.commands.append("\t".join((b.qid, f"{kind}{lang}", value)))
            known.add(" ".join(name.split()).casefold())
            has_label = True


def _span(qid: str, start: int | None, end: int | None) -> str:
    return f"{qid} {start or ''}–{end or ''}"


def _periods(b: _Builder, item: Item) -> None:
    """P31 with P580/P582 for each status period whose kind has a documented class."""
    for period in sorted(b.views.periods(b.entity.iri), key=lambda p: str(p.iri)):
        kind = period.kind
        term = b.items.kinds.get(str(kind).split("#")[-1]) if kind is not None else None
        if term is None:
            continue
        span = (term.id, period.start, period.end)
        if span in item.kinds:
            continue
        years = (("P580", period.start), ("P582", period.end))
        quals = [(key, qs_time(gyear(y))) for key, y in years if y is not None]
        # the period as the claim of its P31 statement: its sources are the references
        claim = Claim(
            period.iri, b.entity.iri, RDF.type, WD[term.id], None, period.sources, *NO_DATES
        )
        theirs = _join(_span(*k) for k in item.kinds if k[0] == term.id)
        shown = _span(*span)
        b.statement("P31", term.id, quals, claim, shown, theirs)


def split_fields(text: str) -> list[str]:
    """`--only population,iso` as a list; unknown names fail in export()."""
    return [f.strip() for f in text.split(",") if f.strip()]


def export(
    graph: Graph | Views,
    endpoint: str | Service,
    *,
    only: Sequence[str] = FIELDS,
    items: DocumentedItems | None = None,
    kind_map: Mapping[str, Term] | None = None,
    progress: Progress | None = None,
    chunk_size: int = 50,
) -> Export:
    """The batch and review table for the linked entities of `graph` against `endpoint`.

    Status periods (P31 with dates) are exported only for kinds that `kind_map` (or
    `items.kinds`) maps to a documented class, as `diff` compares kinds only through
    a mapping.
    """
    unknown = [f for f in only if f not in FIELDS]
    if unknown:
        raise NkkgError(f"unknown field '{unknown[0]}' (known: {', '.join(FIELDS)})")
    items = items or DocumentedItems()
    if kind_map:
        items = dataclasses.replace(items, kinds={**items.kinds, **kind_map})
    service = checked_service(endpoint)
    views = Views.of(graph)
    linked = [e for e in views.entities() if e.qids]
    qids = sorted({q for e in linked for q in e.qids}, key=lambda q: int(q[1:]))
    found = read_rows(ask_in_chunks(service, qids, export_query, progress, chunk_size))
    commands: list[str] = []
    review: list[ReviewRow] = []
    for entity in linked:
        for qid in entity.qids:
            b = _build(views, entity, qid, found[qid], items, only)
            commands += b.commands
            review += b.review
    return Export(tuple(commands), tuple(review))


def _build(
    views: Views,
    entity: Entity,
    qid: str,
    item: Item,
    items: DocumentedItems,
    only: Sequence[str],
) -> _Builder:
    b = _Builder(views, entity, qid, items)
    if "population" in only:
        _population(b, item)
    if "iso" in only:
        _strings(b, "P300", views.best_claims(entity.iri, NKKG.isoCode), item.iso, "ISO code")
    if "area" in only:
        _area(b, item)
    if "geonames" in only:
        _geonames(b, item)
    if items.kinds:
        _periods(b, item)
    if "labels" in only:
        _labels(b, item)
    return b
