"""Link the graph to Wikidata: check the links, suggest missing ones, compare values.

The graph links an entity to its Wikidata item with skos:exactMatch. The
functions here ask a SPARQL 1.1 endpoint that has Wikidata's RDF model
(Wikidata's query service by default) through `kg.endpoint`, so every request
carries the descriptive User-Agent, honours 429 Retry-After and is retried a
bounded number of times. Values from the graph enter queries only as RDF terms
in VALUES blocks, written by rdflib (`Node.n3()`), never pasted as text.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import shutil
import tempfile
import time
import urllib.parse
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

import yaml
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Identifier

from kg.endpoint import DEFAULT_POLICY, RetryPolicy, check_url, select
from kg.errors import NkkgError
from kg.loader import KINDS_FILE, SOURCES_FILE, load_dataset
from kg.model import Dataset, QidClaim, Record, Source
from kg.namespace import NKKG, WD
from kg.resources import data_dir
from kg.serialize import write_atomic

WIKIDATA_ENDPOINT = "https://query.wikidata.org/sparql"
WIKIDATA_SOURCE_ID = "wikidata-query-service"
NORTH_KOREA = "Q423"

WDT = Namespace("http://www.wikidata.org/prop/direct/")
P = Namespace("http://www.wikidata.org/prop/")
PS = Namespace("http://www.wikidata.org/prop/statement/")
PSN = Namespace("http://www.wikidata.org/prop/statement/value-normalized/")
PQ = Namespace("http://www.wikidata.org/prop/qualifier/")
WIKIBASE = Namespace("http://wikiba.se/ontology#")

PREFIXES = "".join(
    f"PREFIX {name}: <{iri}>\n"
    for name, iri in (
        ("wd", WD),
        ("wdt", WDT),
        ("p", P),
        ("ps", PS),
        ("psn", PSN),
        ("pq", PQ),
        ("wikibase", WIKIBASE),
        ("rdfs", RDFS),
        ("skos", SKOS),
        ("owl", "http://www.w3.org/2002/07/owl#"),
    )
)

# nkkg kind (ontology class name) -> Wikidata class QID. Empty on purpose: no
# sourced QID is known for Wikidata's classes of North Korean divisions
# (facts.md section 1), and no QID is guessed; kinds are shown, not compared.
KIND_CLASSES: Mapping[str, str] = {}

# Graph language tags -> Wikidata label languages: Chosŏn'gŭl names are Wikidata's "ko".
_LANGUAGES = {"en": "en", "ko": "ko", "ko-hang": "ko"}
# Suggest: the weight of each kind of evidence in a candidate's score.
WEIGHTS = {"iso": 4, "label": 2, "alias": 1}
_QID = re.compile(r"^Q[1-9][0-9]*$")
_YEAR = re.compile(r"^[+-]?([0-9]+)")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Service:
    """A SPARQL endpoint with Wikidata's model, and how hard to try it."""

    url: str = WIKIDATA_ENDPOINT
    policy: RetryPolicy = DEFAULT_POLICY
    sleep: Callable[[float], None] = time.sleep

    def rows(self, query: str) -> list[dict[str, Identifier]]:
        result = select(self.url, query, self.policy, self.sleep)
        return [
            {
                name: term
                for name, term in zip(result.variables, row, strict=True)
                if term is not None
            }
            for row in result.rows
        ]


def checked_service(endpoint: str | Service) -> Service:
    """A Service for a URL (or the one given), its URL checked before any request."""
    service = endpoint if isinstance(endpoint, Service) else Service(endpoint)
    check_url(service.url)
    return service


# ---------------------------------------------------------------- the graph's side


@dataclass(frozen=True)
class Period:
    kind: URIRef
    kind_label: str
    start: int | None
    end: int | None

    def __str__(self) -> str:
        return self.kind_label + _span(self.start, self.end)


@dataclass(frozen=True)
class Entity:
    """What linking needs to know about one entity of the graph (truthy values)."""

    iri: URIRef
    id: str
    qids: tuple[str, ...]
    kind: URIRef | None
    kind_label: str
    iso_codes: frozenset[str]
    labels: Mapping[str, frozenset[str]]
    population: Mapping[int, str | None]  # value -> its point in time, where known
    area: frozenset[Decimal]
    periods: tuple[Period, ...]


def entities(graph: Graph) -> list[Entity]:
    """The places of the graph (subjects with claims, the ontology's kinds aside), by id."""
    ontology = str(NKKG)
    subjects = {
        s
        for s in graph.subjects(NKKG.claim, None)
        if isinstance(s, URIRef) and not str(s).startswith(ontology)
    }
    return sorted((_entity(graph, s) for s in subjects), key=lambda e: e.id)


def _entity(graph: Graph, subject: URIRef) -> Entity:
    qids = sorted(
        str(o).removeprefix(str(WD))
        for o in graph.objects(subject, SKOS.exactMatch)
        if str(o).startswith(str(WD)) and _QID.match(str(o).removeprefix(str(WD)))
    )
    kinds = sorted(o for o in graph.objects(subject, RDF.type) if str(o).startswith(str(NKKG)))
    kind = kinds[0] if kinds else None
    labels: dict[str, set[str]] = defaultdict(set)
    for label in graph.objects(subject, RDFS.label):
        lang = _LANGUAGES.get((getattr(label, "language", None) or "").lower())
        if lang is not None:
            labels[lang].add(str(label))
    dates: dict[int, str | None] = {}
    for claim in graph.objects(subject, NKKG.claim):
        if graph.value(claim, NKKG.claimProperty) == NKKG.population:
            value, when = graph.value(claim, NKKG.claimValue), graph.value(claim, NKKG.pointInTime)
            if isinstance(value, Literal):
                dates[int(value)] = str(when) if when is not None else None
    population = {int(v): dates.get(int(v)) for v in graph.objects(subject, NKKG.population)}
    periods = []
    for node in graph.objects(subject, NKKG.statusPeriod):
        period_kind = graph.value(node, NKKG.kind)
        if isinstance(period_kind, URIRef):
            periods.append(
                Period(
                    period_kind,
                    _kind_label(graph, period_kind),
                    _year(graph.value(node, NKKG.startYear)),
                    _year(graph.value(node, NKKG.endYear)),
                )
            )
    return Entity(
        iri=subject,
        id=_local(subject),
        qids=tuple(qids),
        kind=kind,
        kind_label=_kind_label(graph, kind),
        iso_codes=frozenset(str(o) for o in graph.objects(subject, NKKG.isoCode)),
        labels={lang: frozenset(values) for lang, values in labels.items()},
        population=population,
        area=frozenset(Decimal(str(o)) for o in graph.objects(subject, NKKG.areaKm2)),
        periods=tuple(sorted(periods, key=lambda p: (p.start or 0, p.end or 9999, str(p.kind)))),
    )


def _kind_label(graph: Graph, kind: URIRef | None) -> str:
    if kind is None:
        return "(none)"
    for label in graph.objects(kind, RDFS.label):
        if getattr(label, "language", None) == "en":
            return str(label)
    return _local(kind)


def _local(iri: URIRef) -> str:
    return re.split(r"[/#]", str(iri))[-1]


def _year(term: Identifier | None) -> int | None:
    if term is None:
        return None
    match = _YEAR.match(str(term))
    return int(match.group(1)) if match else None


def _ask_in_chunks(
    service: Service,
    items: Sequence,
    query: Callable[[Sequence], str],
    progress: Progress | None,
    size: int,
) -> list[dict[str, Identifier]]:
    """One request per chunk of items, reporting progress after each."""
    rows: list[dict[str, Identifier]] = []
    for start in range(0, len(items), size):
        chunk = items[start : start + size]
        rows.extend(service.rows(query(chunk)))
        if progress is not None:
            progress(start + len(chunk), len(items))
    return rows


def _values(variables: str, rows: Iterable[tuple[Identifier, ...]]) -> str:
    """A VALUES block: every term written by rdflib, so quotes stay inside literals."""
    body = " ".join("(" + " ".join(term.n3() for term in row) + ")" for row in rows)
    return f"VALUES ({variables}) {{ {body} }}"


def _qid(term: Identifier | None) -> str:
    return str(term).removeprefix(str(WD)) if term is not None else ""


def _same_text(ours: Iterable[str], theirs: Iterable[str]) -> bool:
    wanted = {" ".join(s.split()).casefold() for s in ours}
    return any(" ".join(s.split()).casefold() in wanted for s in theirs)


def _join(values: Iterable[str]) -> str:
    return "; ".join(sorted(values)) or "(none)"


# ---------------------------------------------------------------- check


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
    values = _values("?item", ((WD[q],) for q in qids))
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
    graph: Graph,
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
    for row in _ask_in_chunks(service, qids, check_query, progress, chunk_size):
        item = items[_qid(row["item"])]
        item.exists = item.exists or str(row.get("exists")) in ("true", "1")
        if "redirect" in row:
            item.redirect = _qid(row["redirect"])
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
                _join(entity.iso_codes),
                _join(item.iso),
                bool(entity.iso_codes & item.iso),
            )
        )
    for lang in ("en", "ko"):
        ours = entity.labels.get(lang, frozenset())
        theirs = item.labels[lang] | item.aliases[lang]
        if ours and theirs:
            shown = _join(item.labels[lang] or item.aliases[lang])
            findings.append(
                Finding(
                    entity.id,
                    qid,
                    f"label ({lang})",
                    _join(ours),
                    shown,
                    _same_text(ours, theirs),
                )
            )
    return findings


# ---------------------------------------------------------------- suggest


@dataclass(frozen=True)
class Evidence:
    """What matched: `how` is iso, label or alias; `lang` the label's language."""

    how: str
    lang: str
    value: str

    def __str__(self) -> str:
        if self.how == "iso":
            return f"ISO 3166-2 code {self.value}"
        return f"{self.how} ({self.lang}) {Literal(self.value).n3()}"


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
    {_values("?key ?code", codes)}
    ?item wdt:P300 ?code .
    BIND(?code AS ?value) BIND("iso" AS ?how)
  }}"""
        )
    if labels:
        for how, predicate in (("label", "rdfs:label"), ("alias", "skos:altLabel")):
            branches.append(
                f"""{{
    ?item wdt:P17 wd:{NORTH_KOREA} ; {predicate} ?value .
    FILTER(LANG(?value) IN ("en", "ko"))
    BIND(LCASE(STR(?value)) AS ?wanted)
    {_values("?key ?wanted", labels)}
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
    graph: Graph,
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
        raise NkkgError(f"unknown entity '{unknown[0]}' (known: {', '.join(sorted(known))})")
    wanted = [known[i] for i in sorted(set(only))] if only else list(known.values())
    linked = [e for e in wanted if e.qids]
    if only and linked:
        e = linked[0]
        raise NkkgError(f"entity '{e.id}' is already linked to {', '.join(e.qids)}")
    wanted = [e for e in wanted if not e.qids]

    evidence: dict[tuple[str, str], set[Evidence]] = defaultdict(set)
    names: dict[str, str] = {}
    askable = [e for e in wanted if e.iso_codes or e.labels]
    for row in _ask_in_chunks(service, askable, suggest_query, progress, chunk_size):
        qid = _qid(row["item"])
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


# ---------------------------------------------------------------- accept


@dataclass(frozen=True)
class Accepted:
    entity: str
    qid: str
    file: Path
    source: str
    new_source: bool

    def summary(self) -> str:
        added = " (new entry in sources.yaml)" if self.new_source else ""
        return f"linked '{self.entity}' to {self.qid} in {self.file}, source '{self.source}'{added}"


def endpoint_source(sources: Iterable[Source], endpoint: str) -> Source:
    """The source entry for an endpoint: the existing one with its URL, else a new one."""
    sources = list(sources)
    for source in sources:
        if source.url == endpoint:
            return source
    if endpoint == WIKIDATA_ENDPOINT:
        base, title = WIKIDATA_SOURCE_ID, "Wikidata Query Service (query.wikidata.org)"
    else:
        parts = urllib.parse.urlsplit(endpoint)
        where = f"{parts.hostname}-{parts.port or ''}-{parts.path}"
        base = "sparql-" + "-".join(re.findall(r"[a-z0-9]+", where.lower()))
        title = f"SPARQL endpoint with Wikidata's data model at {endpoint}"
    taken = {s.id for s in sources}
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return Source(id=slug, url=endpoint, title=title)


def accept(
    data: str | Path | None,
    entity: str,
    qid: str,
    endpoint: str = WIKIDATA_ENDPOINT,
    note: str | None = None,
) -> Accepted:
    """Add `wikidata: qid` to the entity's record, sourced to the endpoint; keep the rest.

    The claim is inserted as text, so comments and layout stay as they are; the
    edited folder is loaded again and must equal the old data plus this one claim
    (and the endpoint's source entry) before any file is replaced, atomically.
    """
    check_url(endpoint)
    if not _QID.match(qid):
        raise NkkgError(f"'{qid}' is not a Wikidata item id (Q followed by digits)")
    folder = Path(data) if data is not None else data_dir()
    before = load_dataset(folder)
    record = next((r for r in before.records if r.id == entity), None)
    if record is None:
        raise NkkgError(f"{folder}: no record '{entity}'")
    if record.claims.wikidata:
        linked = ", ".join(str(c.value) for c in record.claims.wikidata)
        raise NkkgError(f"record '{entity}' already has a wikidata claim ({linked})")
    source = endpoint_source(before.sources, endpoint)
    new_source = source not in before.sources
    claim = QidClaim(value=qid, source=(source.id,), note=note)
    path = _record_file(folder, entity)
    edits = {
        path: _insert_claim(path, entity, _flow({"value": qid, "source": source.id, "note": note}))
    }
    if new_source:
        sources_path = folder / SOURCES_FILE
        text = sources_path.read_text(encoding="utf-8")
        entry = yaml.safe_dump(
            [source.model_dump(exclude_none=True)],
            sort_keys=False,
            allow_unicode=True,
            width=1_000_000,
        )
        edits[sources_path] = text + ("" if text.endswith("\n") or not text else "\n") + entry
    expected = _with_claim(before, record, claim, source if new_source else None)
    _verify(folder, edits, expected)
    for target in sorted(edits, key=lambda p: p.name != SOURCES_FILE):  # the source first
        write_atomic(target, edits[target].encode("utf-8"))
    return Accepted(entity, qid, path, source.id, new_source)


def _flow(mapping: dict[str, str | None]) -> str:
    items = {k: v for k, v in mapping.items() if v is not None}
    return yaml.safe_dump(
        items, default_flow_style=True, sort_keys=False, allow_unicode=True, width=1_000_000
    ).strip()


def _record_file(folder: Path, entity: str) -> Path:
    pattern = _id_line(entity)
    for path in sorted(folder.glob("*.yaml")):
        if path.name in (SOURCES_FILE, KINDS_FILE):
            continue
        if any(pattern.match(line) for line in path.read_text(encoding="utf-8").splitlines()):
            return path
    raise NkkgError(f"{folder}: record '{entity}' is not written as '- id: {entity}'")


def _id_line(entity: str) -> re.Pattern[str]:
    name = re.escape(entity)
    return re.compile(rf"^(?P<dash> *)- +(?P<key>id): *(?P<q>['\"]?){name}(?P=q) *(#.*)?$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _insert_claim(path: Path, entity: str, claim: str) -> str:
    """The file's text with `wikidata: [claim]` added at the end of the record's claims."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    pattern = _id_line(entity)
    start = next(i for i, line in enumerate(lines) if pattern.match(line))
    match = pattern.match(lines[start])
    assert match is not None
    dash, key = len(match.group("dash")), match.start("key")
    end = next(
        (
            i
            for i in range(start + 1, len(lines))
            if _content(lines[i]) and _indent(lines[i]) <= dash
        ),
        len(lines),
    )
    body = [i for i in range(start, end) if _content(lines[i])]
    claims = next(
        (
            i
            for i in body
            if _indent(lines[i]) == key and lines[i].strip().split("#")[0].strip() == "claims:"
        ),
        None,
    )
    if claims is None:
        if any(_indent(lines[i]) == key and lines[i].strip().startswith("claims:") for i in body):
            raise NkkgError(
                f"{path}, record '{entity}': its claims are not in block style; "
                "add the wikidata claim by hand"
            )
        at, prop, item = body[-1] + 1, key + 2, key + 4
        new = [" " * key + "claims:\n"]
    else:
        block = [i for i in body if i > claims]
        block = block[
            : next((n for n, i in enumerate(block) if _indent(lines[i]) <= key), len(block))
        ]
        if not block:
            raise NkkgError(f"{path}, record '{entity}': its claims are empty; add one by hand")
        prop = _indent(lines[block[0]])
        items = [i for i in block if lines[i].lstrip().startswith("- ")]
        item = _indent(lines[items[0]]) if items else prop + 2
        at, new = block[-1] + 1, []
    new += [" " * prop + "wikidata:\n", " " * item + "- " + claim + "\n"]
    if at > 0 and not lines[at - 1].endswith("\n"):
        lines[at - 1] += "\n"
    return "".join(lines[:at] + new + lines[at:])


def _with_claim(before: Dataset, record: Record, claim: QidClaim, source: Source | None) -> Dataset:
    claims = record.claims.model_copy(update={"wikidata": [*record.claims.wikidata, claim]})
    changed = record.model_copy(update={"claims": claims})
    return before.model_copy(
        update={
            "records": tuple(changed if r is record else r for r in before.records),
            "sources": before.sources + ((source,) if source is not None else ()),
        }
    )


def _verify(folder: Path, edits: Mapping[Path, str], expected: Dataset) -> None:
    """Load a copy of the folder with the edits: it must hold exactly the expected data."""
    with tempfile.TemporaryDirectory(prefix="nkkg-accept-") as tmp:
        copy = Path(tmp) / "data"
        shutil.copytree(folder, copy)
        for path, text in edits.items():
            (copy / path.name).write_text(text, encoding="utf-8")
        after = load_dataset(copy)
    if after != expected:
        raise NkkgError(
            f"{folder}: adding the claim as text did not give the expected data; add it by hand"
        )


# ---------------------------------------------------------------- diff


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
    values = _values("?item", ((WD[q],) for q in qids))
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
        return name + _span(self.start, self.end)


@dataclass
class _Values:
    population: dict[Decimal, str | None] = field(default_factory=dict)
    area: set[Decimal] = field(default_factory=set)
    iso: set[str] = field(default_factory=set)
    kinds: list[_Kind] = field(default_factory=list)


def _span(start: int | None, end: int | None) -> str:
    if start is None and end is None:
        return ""
    return f" {start or ''}–{end or ''}"


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _dated(value: Decimal | int, date: str | None) -> str:
    shown = _number(Decimal(value))
    return f"{shown} ({date[:10]})" if date else shown


def diff(
    graph: Graph,
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
    for row in _ask_in_chunks(service, qids, diff_query, progress, chunk_size):
        values, what, value = found[_qid(row["item"])], str(row["what"]), row["value"]
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
                    _qid(value),
                    str(row.get("name", "")),
                    _year(row.get("start")),
                    _year(row.get("end")),
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
            _join(_dated(v, d) for v, d in entity.population.items()),
            _join(_dated(v, d) for v, d in values.population.items()),
        )
    if (
        entity.area
        and values.area
        and not any(
            _rounded(theirs, ours) == ours for ours in entity.area for theirs in values.area
        )
    ):
        differs("area (km²)", _join(map(_number, entity.area)), _join(map(_number, values.area)))
    if entity.iso_codes and values.iso and not entity.iso_codes & values.iso:
        differs("ISO 3166-2 code", _join(entity.iso_codes), _join(values.iso))
    rows.extend(_diff_kind(entity, qid, values.kinds, kind_classes))
    return rows


def _rounded(value: Decimal, like: Decimal) -> Decimal:
    exponent = like.as_tuple().exponent
    return value.quantize(Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0))


def _diff_kind(
    entity: Entity, qid: str, kinds: list[_Kind], kind_classes: Mapping[str, str]
) -> list[DiffRow]:
    rows = []
    mapped = kind_classes.get(_local(entity.kind)) if entity.kind is not None else None
    best = sorted(str(k) for k in kinds if k.best)
    if mapped is None:
        periods = ", ".join(map(str, entity.periods))
        ours = entity.kind_label + (f"; periods: {periods}" if periods else "")
        theirs = "; ".join(sorted(str(k) for k in kinds)) or "(none)"
        rows.append(DiffRow(entity.id, qid, "kind", ours, theirs, Status.NOT_COMPARED))
    elif kinds and mapped not in {k.qid for k in kinds if k.best}:
        ours = f"{entity.kind_label} ({mapped})"
        rows.append(DiffRow(entity.id, qid, "kind", ours, _join(best), Status.DIFFERS))
    classes = set(kind_classes.values())
    ours = [p for p in entity.periods if _local(p.kind) in kind_classes]
    theirs = [k for k in kinds if k.qid in classes]
    spans = Counter((kind_classes[_local(p.kind)], p.start, p.end) for p in ours)
    if ours and theirs and spans != Counter((k.qid, k.start, k.end) for k in theirs):
        shown = (
            f"{p.kind_label} ({kind_classes[_local(p.kind)]}){_span(p.start, p.end)}" for p in ours
        )
        rows.append(
            DiffRow(
                entity.id,
                qid,
                "status dates",
                _join(shown),
                _join(map(str, theirs)),
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
    raise NkkgError(f"unknown format '{fmt}' (known: table, csv, json)")
