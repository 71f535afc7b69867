"""`nkkg diff OLD NEW`: which claims and status periods were added, removed or changed.

Claims are compared by subject, property and value, not by claim IRI: the
IRIs number a subject's claims in input order, so removing one renumbers the
rest. Same subject, property and value: the same claim (its rank, sources and
qualifiers may have changed). Left over on both sides with the same subject
and property: a changed value. Anything else: added or removed.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from kg.errors import UsageError
from kg.publish.rdf import compact_iri
from kg.rdf.namespace import DEFAULT_BASE, NKKG
from kg.views import Claim, Views, lexical, slug

FIELDS = (
    "change",
    "subject",
    "property",
    "old_value",
    "new_value",
    "old_rank",
    "new_rank",
    "old_sources",
    "new_sources",
    "detail",
)


@dataclass(frozen=True)
class Change:
    change: str  # added, removed or changed
    subject: str
    property: str
    old_value: str = ""
    new_value: str = ""
    old_rank: str = ""
    new_rank: str = ""
    old_sources: str = ""
    new_sources: str = ""
    detail: str = ""


@dataclass(frozen=True)
class _Item:
    subject: str
    prop: str
    value: str
    rank: str
    sources: str
    qualifiers: str


def _short(term: object, base: str) -> str:
    if isinstance(term, URIRef):
        return compact_iri(str(term), base)
    if isinstance(term, Literal) and term.language:
        return f"{term}@{term.language}"
    return str(term)


def _claim_item(c: Claim, base: str) -> _Item:
    qualifiers = "; ".join(
        f"{k} {v}"
        for k, v in (
            ("as of", lexical(c.point_in_time)),
            ("since", lexical(c.start_time)),
            ("until", lexical(c.end_time)),
            ("note", c.note),
        )
        if v
    )
    return _Item(
        _short(c.subject, base),
        _short(c.prop, base),
        _short(c.value, base),
        "preferred" if c.rank == NKKG.PreferredRank else "normal",
        " ".join(slug(s, base) for s in c.sources),
        qualifiers,
    )


def _items(graph: Graph | Views, base: str) -> list[_Item]:
    views = Views.of(graph, base)
    items = [_claim_item(c, base) for c in views.claims()]
    places = [s for s in views.period_subjects() if isinstance(s, URIRef)]
    for place in places:
        for p in views.periods(place):
            what = (
                compact_iri(str(p.kind), base)
                if p.kind
                else f"within {slug(p.province or '', base)}"
            )
            years = f"{p.start or ''}–{p.end or ''}"
            items.append(
                _Item(
                    _short(place, base),
                    "nkkg:statusPeriod",
                    f"{what} {years}",
                    "",
                    " ".join(slug(s, base) for s in p.sources),
                    p.note or "",
                )
            )
    return items


def diff(old: Graph | Views, new: Graph | Views, base: str = DEFAULT_BASE) -> list[Change]:
    """The changes from `old` to `new` (graphs, or their views), sorted by subject, property
    and values."""
    old_items, new_items = _items(old, base), _items(new, base)
    changes: list[Change] = []
    new_by_key: dict[tuple[str, str, str], list[_Item]] = {}
    for item in new_items:
        new_by_key.setdefault((item.subject, item.prop, item.value), []).append(item)
    left_old: list[_Item] = []
    for item in old_items:
        matches = new_by_key.get((item.subject, item.prop, item.value))
        if not matches:
            left_old.append(item)
            continue
        other = matches.pop(0)
        if (item.rank, item.sources, item.qualifiers) != (
            other.rank,
            other.sources,
            other.qualifiers,
        ):
            changes.append(_change("changed", item, other))
    left_new = [i for group in new_by_key.values() for i in group]
    for item in left_old:
        partner = next(
            (n for n in left_new if (n.subject, n.prop) == (item.subject, item.prop)), None
        )
        if partner is not None:
            left_new.remove(partner)
            changes.append(_change("changed", item, partner))
        else:
            changes.append(_change("removed", item, None))
    changes += [_change("added", None, item) for item in left_new]
    return sorted(
        changes, key=lambda c: (c.subject, c.property, c.old_value, c.new_value, c.change)
    )


def _change(kind: str, old: _Item | None, new: _Item | None) -> Change:
    some = old or new
    assert some is not None
    detail = []
    if old and new:
        for label, a, b in (
            ("value", old.value, new.value),
            ("rank", old.rank, new.rank),
            ("sources", old.sources, new.sources),
            ("qualifiers", old.qualifiers, new.qualifiers),
        ):
            if a != b:
                detail.append(label)
    return Change(
        kind,
        some.subject,
        some.prop,
        old.value if old else "",
        new.value if new else "",
        old.rank if old else "",
        new.rank if new else "",
        old.sources if old else "",
        new.sources if new else "",
        ", ".join(detail),
    )


def to_csv(changes: list[Change]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(FIELDS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(asdict(c) for c in changes)
    return out.getvalue()


def to_json(changes: list[Change]) -> str:
    return json.dumps([asdict(c) for c in changes], ensure_ascii=False, indent=2) + "\n"


def changes_text(changes: list[Change], base: str = DEFAULT_BASE) -> str:
    """The CHANGES file: a count, then one line per change."""
    counts = {k: sum(c.change == k for c in changes) for k in ("added", "removed", "changed")}
    lines = [", ".join(f"{n} {k}" for k, n in counts.items())]
    for c in changes:
        if c.change == "added":
            what = f"{c.new_value} [{c.new_rank or '-'}; {c.new_sources}]"
        elif c.change == "removed":
            what = f"{c.old_value} [{c.old_rank or '-'}; {c.old_sources}]"
        else:
            what = (
                f"{c.old_value} [{c.old_rank or '-'}; {c.old_sources}] -> "
                f"{c.new_value} [{c.new_rank or '-'}; {c.new_sources}] ({c.detail})"
            )
        lines.append(f"{c.change:<8} {c.subject} {c.property} {what}")
    return "\n".join(lines) + "\n"


def read_release(path: str | Path) -> Graph:
    """The graph of a release folder (its nkkg.ttl) or of any RDF file."""
    from kg.graph.reader import read_graph

    target = Path(path)
    if not target.exists():
        raise UsageError(f"{target}: no such release folder or RDF file")
    if target.is_dir():
        target = target / "nkkg.ttl"
    return read_graph(target)
