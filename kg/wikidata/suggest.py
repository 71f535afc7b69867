"""`nkkg link suggest`: candidate Wikidata items for entities without a link, and the rule
that decides which candidate `--accept` may take."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import Graph, Literal

from kg.errors import NkkgError, UsageError
from kg.graph.terms import nt
from kg.profile import PROFILE
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
    values_block,
)

# The weight of each kind of evidence in a candidate's score.
WEIGHTS = {"iso": 4, "label": 2, "alias": 1}


@dataclass(frozen=True)
class Evidence:
    """What matched: `how` is iso, label or alias; `lang` the label's language."""

    how: str
    lang: str
    value: str

    def __str__(self) -> str:
        if self.how == "iso":
            return f"ISO 3166-2 code {self.value}"
        return f"{self.how} ({self.lang}) {nt(Literal(self.value))}"


@dataclass(frozen=True)
class Candidate:
    entity: str
    qid: str
    name: str
    score: int
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Suggestion:
    """An entity without a link and its candidate items, best first."""

    entity: str
    candidates: tuple[Candidate, ...]


def suggest_query(wanted: Sequence[Entity]) -> str:
    """Items with one of the entities' ISO codes; items in North Korea with one of their labels.

    Labels are compared lower-cased; every value is a bound literal in a VALUES block.
    """
    codes = sorted((Literal(e.id), Literal(c)) for e in wanted for c in e.iso_codes)
    labels = sorted(
        {
            (Literal(e.id), Literal(label.lower()))
            for e in wanted
            for v in e.labels.values()
            for label in v
        }
    )
    branches = []
    if codes:
        branches.append(
            f"""{{
    {values_block("?key ?code", codes)}
    ?item wdt:P300 ?code .
    BIND(?code AS ?value) BIND("iso" AS ?how)
  }}"""
        )
    if labels:
        for how, predicate in (("label", "rdfs:label"), ("alias", "skos:altLabel")):
            branches.append(
                f"""{{
    ?item wdt:P17 wd:{PROFILE.wikidata_qid} ; {predicate} ?value .
    FILTER(LANG(?value) IN ("en", "ko"))
    BIND(LCASE(STR(?value)) AS ?wanted)
    {values_block("?key ?wanted", labels)}
    BIND("{how}" AS ?how)
  }}"""
            )
    if not branches:
        raise ValueError("no ISO code or label to look for")
    union = "\n  UNION ".join(branches)
    return (
        PREFIXES
        + f"""SELECT DISTINCT ?key ?item ?how ?value ?name WHERE {{
  {union}
  OPTIONAL {{ ?item rdfs:label ?name FILTER(LANG(?name) = "en") }}
}}
"""
    )


def suggest(
    graph: Graph | Views,
    endpoint: str | Service = WIKIDATA_ENDPOINT,
    *,
    only: Sequence[str] = (),
    progress: Progress | None = None,
    chunk_size: int = 10,
) -> list[Suggestion]:
    """Candidate items for entities without a link (or for `only` these ids), ranked by score.

    The score adds WEIGHTS for each kind of evidence: the ISO 3166-2 code, then
    a label, then an alias, in English or Korean; ties go to the lower QID.
    """
    service = checked_service(endpoint)
    known = {e.id: e for e in entities(graph)}
    unknown = [i for i in only if i not in known]
    if unknown:
        from difflib import get_close_matches

        close = get_close_matches(unknown[0], sorted(known), n=3)
        shown = ", ".join(close or sorted(known))
        hint = f"did you mean {shown}?" if close else f"known: {shown}"
        raise UsageError(f"unknown entity '{unknown[0]}' ({hint})")
    wanted = [known[i] for i in sorted(set(only))] if only else list(known.values())
    linked = [e for e in wanted if e.qids]
    if only and linked:
        e = linked[0]
        raise NkkgError(f"entity '{e.id}' is already linked to {', '.join(e.qids)}")
    wanted = [e for e in wanted if not e.qids]

    evidence: dict[tuple[str, str], set[Evidence]] = defaultdict(set)
    names: dict[str, str] = {}
    askable = [e for e in wanted if e.iso_codes or e.labels]
    for row in ask_in_chunks(service, askable, suggest_query, progress, chunk_size):
        qid = item_qid(row["item"])
        value = row["value"]
        lang = str(getattr(value, "language", None) or "")
        evidence[(str(row["key"]), qid)].add(Evidence(str(row["how"]), lang, str(value)))
        if "name" in row:
            names[qid] = str(row["name"])
    results = []
    for entity in wanted:
        candidates = [
            Candidate(
                entity.id,
                qid,
                names.get(qid, ""),
                sum(WEIGHTS[how] for how, _lang in {(e.how, e.lang) for e in found}),
                tuple(sorted(found, key=lambda e: (-WEIGHTS[e.how], e.lang, e.value))),
            )
            for (key, qid), found in evidence.items()
            if key == entity.id
        ]
        candidates.sort(key=lambda c: (-c.score, int(c.qid[1:])))
        results.append(Suggestion(entity.id, tuple(candidates)))
    return results


def suggest_summary(found: Sequence[Suggestion]) -> str:
    with_candidates = [s for s in found if s.candidates]
    count = sum(len(s.candidates) for s in found)
    text = (
        f"{len(found)} entit{'y' if len(found) == 1 else 'ies'} without a link: "
        f"{count} candidate{'' if count == 1 else 's'} for {len(with_candidates)}"
    )
    none = [s.entity for s in found if not s.candidates]
    return text + (f"; none for {', '.join(none)}" if none else "")
