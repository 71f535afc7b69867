"""`nkkg link suggest --accept`: add a wikidata claim to the input data as text.

The claim is inserted as text, so comments and layout stay as they are; the
edited folder is loaded again and must equal the old data plus this one claim
(and the endpoint's source entry) before any file is replaced, atomically.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from kg.errors import NkkgError
from kg.graph.serialize import write_atomic
from kg.input.loader import KINDS_FILE, SOURCES_FILE, load_dataset
from kg.input.model import Dataset, QidClaim, Record, Source
from kg.resources import editable_data_dir
from kg.store.http import check_url
from kg.views import QID
from kg.wikidata.client import WIKIDATA_ENDPOINT
from kg.wikidata.suggest import Suggestion

WIKIDATA_SOURCE_ID = "wikidata-query-service"


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
    if not QID.match(qid):
        raise NkkgError(f"'{qid}' is not a Wikidata item id (Q followed by digits)")
    folder = editable_data_dir(data)
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


def accept_candidate(
    data: str | Path | None,
    suggestions: Sequence[Suggestion],
    entity: str,
    qid: str,
    endpoint: str = WIKIDATA_ENDPOINT,
) -> Accepted:
    """Accept `qid` for `entity` only if suggest found it; its evidence becomes the note."""
    candidate = next(
        (c for s in suggestions if s.entity == entity for c in s.candidates if c.qid == qid), None
    )
    if candidate is None:
        raise NkkgError(f"{qid} is not a candidate for '{entity}' at {endpoint}")
    note = "accepted from nkkg link suggest: " + "; ".join(map(str, candidate.evidence))
    return accept(data, entity, qid, endpoint, note)
