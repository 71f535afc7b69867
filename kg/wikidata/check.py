"""`nkkg link check`: every linked item exists, and its ISO code and labels agree with the graph."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from rdflib import Graph

from kg.rdf.namespace import WD
from kg.views import Entity, Views
from kg.wikidata.client import (
    PREFIXES,
    WIKIDATA_ENDPOINT,
    Progress,
    Service,
    ask_in_chunks,
    checked_service,
    entities,
    item_qid,
    join,
    same_text,
    values_block,
)


@dataclass(frozen=True)
class Finding:
    """One comparison of a link: `ok` says whether the two sides agree."""

    entity: str
    qid: str
    check: str
    graph: str
    wikidata: str
    ok: bool


@dataclass(frozen=True)
class CheckResult:
    links: int
    findings: tuple[Finding, ...]

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if not f.ok]

    def summary(self, endpoint: str) -> str:
        problems = len(self.problems)
        agreed = len(self.findings) - problems
        verdict = (
            f"{problems} disagreement{'s' if problems != 1 else ''}" if problems else "all agree"
        )
        return (
            f"checked {self.links} links against {endpoint}: {verdict} "
            f"({agreed} of {len(self.findings)} checks passed)"
        )


def check_query(qids: Sequence[str]) -> str:
    """Existence, ISO 3166-2 code and en/ko labels and aliases of the given items."""
    values = values_block("?item", ((WD[q],) for q in qids))
    return (
        PREFIXES
        + f"""SELECT ?item ?exists ?redirect ?what ?value WHERE {{
  {values}
  BIND(EXISTS {{ ?item ?p ?o FILTER(?p != owl:sameAs) }} AS ?exists)
  OPTIONAL {{ ?item owl:sameAs ?redirect }}
  OPTIONAL {{
    {{ ?item wdt:P300 ?value BIND("iso" AS ?what) }}
    UNION {{ ?item rdfs:label ?value BIND("label" AS ?what) }}
    UNION {{ ?item skos:altLabel ?value BIND("alias" AS ?what) }}
    FILTER(?what = "iso" || LANG(?value) IN ("en", "ko"))
  }}
}}
"""
    )


@dataclass
class _Item:
    exists: bool = False
    redirect: str | None = None
    iso: set[str] = field(default_factory=set)
    labels: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    aliases: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def check(
    graph: Graph | Views,
    endpoint: str | Service = WIKIDATA_ENDPOINT,
    *,
    progress: Progress | None = None,
    chunk_size: int = 50,
) -> CheckResult:
    """Every linked item exists, and its ISO code and en/ko labels agree where both have them.

    A label agrees when one of the graph's labels equals the item's label or one
    of its aliases in the same language, ignoring case and spacing.
    """
    service = checked_service(endpoint)
    linked = [e for e in entities(graph) if e.qids]
    qids = sorted({q for e in linked for q in e.qids}, key=lambda q: int(q[1:]))
    items: dict[str, _Item] = defaultdict(_Item)
    for row in ask_in_chunks(service, qids, check_query, progress, chunk_size):
        item = items[item_qid(row["item"])]
        item.exists = item.exists or str(row.get("exists")) in ("true", "1")
        if "redirect" in row:
            item.redirect = item_qid(row["redirect"])
        what, value = str(row.get("what", "")), row.get("value")
        if value is None:
            continue
        if what == "iso":
            item.iso.add(str(value))
        elif what in ("label", "alias"):
            target = item.labels if what == "label" else item.aliases
            target[str(getattr(value, "language", "")).lower()].add(str(value))
    findings: list[Finding] = []
    for entity in linked:
        for qid in entity.qids:
            findings.extend(_check_item(entity, qid, items[qid]))
    return CheckResult(len(qids), tuple(findings))


def _check_item(entity: Entity, qid: str, item: _Item) -> list[Finding]:
    if not item.exists:
        found = f"redirects to {item.redirect}" if item.redirect else "no such item"
        return [Finding(entity.id, qid, "item exists", qid, found, False)]
    findings = [Finding(entity.id, qid, "item exists", qid, "exists", True)]
    if entity.iso_codes and item.iso:
        findings.append(
            Finding(
                entity.id,
                qid,
                "ISO 3166-2 code",
                join(entity.iso_codes),
                join(item.iso),
                bool(entity.iso_codes & item.iso),
            )
        )
    for lang in ("en", "ko"):
        ours = entity.labels.get(lang, frozenset())
        theirs = item.labels[lang] | item.aliases[lang]
        if ours and theirs:
            shown = join(item.labels[lang] or item.aliases[lang])
            findings.append(
                Finding(
                    entity.id,
                    qid,
                    f"label ({lang})",
                    join(ours),
                    shown,
                    same_text(ours, theirs),
                )
            )
    return findings
