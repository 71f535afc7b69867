"""`nkkg link diff`: where the graph's and Wikidata's best values disagree."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from rdflib import Graph

from kg.errors import UsageError
from kg.rdf.namespace import WD
from kg.views import Entity, Views, local, span
from kg.wikidata.client import (
    KIND_CLASSES,
    PREFIXES,
    WIKIDATA_ENDPOINT,
    Progress,
    Service,
    ask_in_chunks,
    checked_service,
    dated,
    entities,
    item_qid,
    join,
    number,
    rounded,
    values_block,
    year,
)


class Status(StrEnum):
    DIFFERS = "differs"
    NOT_COMPARED = "not compared"


@dataclass(frozen=True)
class DiffRow:
    entity: str
    qid: str
    field: str
    graph: str
    wikidata: str
    status: Status

    def as_dict(self) -> dict[str, str]:
        return {**dataclasses.asdict(self), "status": str(self.status)}


DIFF_COLUMNS = tuple(f.name for f in dataclasses.fields(DiffRow))
_FIELDS = ("population", "area (km²)", "ISO 3166-2 code", "kind", "status dates")


def diff_query(qids: Sequence[str]) -> str:
    """Best-ranked population and area (normalised to m²), ISO codes, and P31 with dates."""
    values = values_block("?item", ((WD[q],) for q in qids))
    return (
        PREFIXES
        + f"""SELECT ?item ?what ?value ?date ?start ?end ?best ?name WHERE {{
  {values}
  {{ ?item p:P1082 ?st . ?st a wikibase:BestRank ; ps:P1082 ?value .
     OPTIONAL {{ ?st pq:P585 ?date }} BIND("population" AS ?what) }}
  UNION {{ ?item p:P2046 ?st . ?st a wikibase:BestRank ; psn:P2046 ?norm .
     ?norm wikibase:quantityAmount ?value . BIND("area" AS ?what) }}
  UNION {{ ?item wdt:P300 ?value BIND("iso" AS ?what) }}
  UNION {{ ?item p:P31 ?st . ?st ps:P31 ?value ; wikibase:rank ?rank .
     FILTER(?rank != wikibase:DeprecatedRank)
     BIND(EXISTS {{ ?st a wikibase:BestRank }} AS ?best)
     OPTIONAL {{ ?st pq:P580 ?start }} OPTIONAL {{ ?st pq:P582 ?end }}
     OPTIONAL {{ ?value rdfs:label ?name FILTER(LANG(?name) = "en") }}
     BIND("kind" AS ?what) }}
}}
"""
    )


@dataclass(frozen=True)
class _Kind:
    qid: str
    name: str
    start: int | None
    end: int | None
    best: bool

    def __str__(self) -> str:
        name = f"{self.name} ({self.qid})" if self.name else self.qid
        return name + span(self.start, self.end)


@dataclass
class _Values:
    population: dict[Decimal, str | None] = field(default_factory=dict)
    area: set[Decimal] = field(default_factory=set)
    iso: set[str] = field(default_factory=set)
    kinds: list[_Kind] = field(default_factory=list)


def diff(
    graph: Graph | Views,
    endpoint: str | Service = WIKIDATA_ENDPOINT,
    *,
    kind_classes: Mapping[str, str] = KIND_CLASSES,
    progress: Progress | None = None,
    chunk_size: int = 50,
) -> list[DiffRow]:
    """Where the graph's and Wikidata's best values disagree; kinds without a mapping are shown.

    Values are compared where both sides have them: population and ISO code
    exactly, area after rounding Wikidata's to the graph's precision. A kind is
    compared only through `kind_classes` (nkkg class name -> Wikidata class);
    otherwise its row says "not compared" and lists Wikidata's P31 values.
    """
    service = checked_service(endpoint)
    linked = [e for e in entities(graph) if e.qids]
    qids = sorted({q for e in linked for q in e.qids}, key=lambda q: int(q[1:]))
    found: dict[str, _Values] = defaultdict(_Values)
    for row in ask_in_chunks(service, qids, diff_query, progress, chunk_size):
        values, what, value = found[item_qid(row["item"])], str(row["what"]), row["value"]
        if what == "population":
            date = row.get("date")
            values.population[Decimal(str(value))] = str(date) if date is not None else None
        elif what == "area":
            values.area.add(Decimal(str(value)) / Decimal(1_000_000))
        elif what == "iso":
            values.iso.add(str(value))
        elif what == "kind":
            values.kinds.append(
                _Kind(
                    item_qid(value),
                    str(row.get("name", "")),
                    year(row.get("start")),
                    year(row.get("end")),
                    str(row.get("best")) in ("true", "1"),
                )
            )
    rows = [
        row
        for entity in linked
        for qid in entity.qids
        for row in _diff_item(entity, qid, found[qid], kind_classes)
    ]
    return sorted(
        rows,
        key=lambda r: (r.status != Status.DIFFERS, r.entity, _FIELDS.index(r.field), r.qid),
    )


def _diff_item(
    entity: Entity, qid: str, values: _Values, kind_classes: Mapping[str, str]
) -> list[DiffRow]:
    rows: list[DiffRow] = []

    def differs(name: str, ours: str, theirs: str) -> None:
        rows.append(DiffRow(entity.id, qid, name, ours, theirs, Status.DIFFERS))

    if (
        entity.population
        and values.population
        and not set(map(Decimal, entity.population)) & set(values.population)
    ):
        differs(
            "population",
            join(dated(v, d) for v, d in entity.population.items()),
            join(dated(v, d) for v, d in values.population.items()),
        )
    if (
        entity.area
        and values.area
        and not any(rounded(theirs, ours) == ours for ours in entity.area for theirs in values.area)
    ):
        differs("area (km²)", join(map(number, entity.area)), join(map(number, values.area)))
    if entity.iso_codes and values.iso and not entity.iso_codes & values.iso:
        differs("ISO 3166-2 code", join(entity.iso_codes), join(values.iso))
    rows.extend(_diff_kind(entity, qid, values.kinds, kind_classes))
    return rows


def _diff_kind(
    entity: Entity, qid: str, kinds: list[_Kind], kind_classes: Mapping[str, str]
) -> list[DiffRow]:
    rows = []
    mapped = kind_classes.get(local(entity.kind)) if entity.kind is not None else None
    best = sorted(str(k) for k in kinds if k.best)
    if mapped is None:
        periods = ", ".join(map(entity.period_text, entity.periods))
        ours = entity.kind_label + (f"; periods: {periods}" if periods else "")
        theirs = "; ".join(sorted(str(k) for k in kinds)) or "(none)"
        rows.append(DiffRow(entity.id, qid, "kind", ours, theirs, Status.NOT_COMPARED))
    elif kinds and mapped not in {k.qid for k in kinds if k.best}:
        ours = f"{entity.kind_label} ({mapped})"
        rows.append(DiffRow(entity.id, qid, "kind", ours, join(best), Status.DIFFERS))
    classes = set(kind_classes.values())
    our_periods = [p for p in entity.periods if local(p.kind) in kind_classes]
    their_kinds = [k for k in kinds if k.qid in classes]
    spans = Counter((kind_classes[local(p.kind)], p.start, p.end) for p in our_periods)
    if (
        our_periods
        and their_kinds
        and spans != Counter((k.qid, k.start, k.end) for k in their_kinds)
    ):
        shown = (
            f"{entity.kind_name(p)} ({kind_classes[local(p.kind)]}){span(p.start, p.end)}"
            for p in our_periods
        )
        rows.append(
            DiffRow(
                entity.id,
                qid,
                "status dates",
                join(shown),
                join(map(str, their_kinds)),
                Status.DIFFERS,
            )
        )
    return rows


def diff_summary(rows: Sequence[DiffRow], endpoint: str) -> str:
    differs = sum(r.status == Status.DIFFERS for r in rows)
    unmapped = sum(r.status == Status.NOT_COMPARED for r in rows)
    text = f"{differs} difference{'' if differs == 1 else 's'} between the graph and {endpoint}"
    if unmapped:
        text += (
            f"; {unmapped} kind{'' if unmapped == 1 else 's'} not compared "
            "(no sourced mapping from nkkg kinds to Wikidata classes)"
        )
    return text


def format_rows(rows: Sequence[DiffRow], fmt: str) -> str:
    """Diff rows as CSV (with a header) or as a JSON array, for machines."""
    if fmt == "json":
        return json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, DIFF_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(r.as_dict() for r in rows)
        return out.getvalue()
    raise UsageError(f"unknown format '{fmt}' (known: table, csv, json)")
