"""What Wikidata holds for the linked items: the values the export compares, by rank."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib.term import Identifier

from kg.rdf.namespace import WD
from kg.wikidata.client import PREFIXES, item_qid, values_block, year


def export_query(qids: Sequence[str]) -> str:
    """Every non-deprecated value of the exported properties, flagged when best-ranked."""
    values = values_block("?item", ((WD[q],) for q in qids))
    return (
        PREFIXES
        + f"""SELECT ?item ?what ?value ?date ?start ?end ?best WHERE {{
  {values}
  {{ ?item p:P1082 ?st . ?st ps:P1082 ?value ; wikibase:rank ?rank .
     OPTIONAL {{ ?st pq:P585 ?date }} BIND("population" AS ?what) }}
  UNION {{ ?item p:P2046 ?st . ?st psn:P2046 ?norm ; wikibase:rank ?rank .
     ?norm wikibase:quantityAmount ?value . BIND("area" AS ?what) }}
  UNION {{ ?item wdt:P300 ?value BIND("iso" AS ?what) }}
  UNION {{ ?item p:P300 ?st . ?st ps:P300 ?value ; wikibase:rank ?rank . BIND("iso" AS ?what) }}
  UNION {{ ?item wdt:P1566 ?value BIND("geonames" AS ?what) }}
  UNION {{ ?item p:P1566 ?st . ?st ps:P1566 ?value ; wikibase:rank ?rank .
     BIND("geonames" AS ?what) }}
  UNION {{ ?item p:P31 ?st . ?st ps:P31 ?value ; wikibase:rank ?rank .
     OPTIONAL {{ ?st pq:P580 ?start }} OPTIONAL {{ ?st pq:P582 ?end }} BIND("kind" AS ?what) }}
  UNION {{ ?item rdfs:label ?value FILTER(LANG(?value) IN ("en", "ko")) BIND("label" AS ?what) }}
  UNION {{ ?item skos:altLabel ?value FILTER(LANG(?value) IN ("en", "ko"))
     BIND("alias" AS ?what) }}
  FILTER(!BOUND(?rank) || ?rank != wikibase:DeprecatedRank)
  BIND(IF(BOUND(?st), EXISTS {{ ?st a wikibase:BestRank }}, true) AS ?best)
}}
"""
    )


@dataclass
class Item:
    population: dict[Decimal, tuple[str | None, bool]] = field(default_factory=dict)
    area: dict[Decimal, bool] = field(default_factory=dict)
    iso: set[str] = field(default_factory=set)
    geonames: set[str] = field(default_factory=set)
    kinds: set[tuple[str, int | None, int | None]] = field(default_factory=set)
    labels: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    aliases: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def read_rows(rows: Iterable[dict[str, Identifier]]) -> dict[str, Item]:
    items: dict[str, Item] = defaultdict(Item)
    for row in rows:
        item, what, value = items[item_qid(row["item"])], str(row["what"]), row["value"]
        best = str(row.get("best")) in ("true", "1")
        if what == "population":
            date = row.get("date")
            item.population[Decimal(str(value))] = (str(date) if date else None, best)
        elif what == "area":
            item.area[Decimal(str(value)) / Decimal(1_000_000)] = best
        elif what in ("iso", "geonames"):
            getattr(item, what).add(str(value))
        elif what == "kind":
            item.kinds.add((item_qid(value), year(row.get("start")), year(row.get("end"))))
        elif what in ("label", "alias"):
            target = item.labels if what == "label" else item.aliases
            target[str(getattr(value, "language", "")).lower()].add(str(value))
    return items
