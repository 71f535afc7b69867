"""Load and check the YAML input data: every problem is one DataError line.

The data folder holds `sources.yaml`, `kinds.yaml`, `events.yaml` (curated
change events, optional), and any number of other `*.yaml` files of place
records, read in file-name order. Each file is a YAML list of records.

For bulk input, the same records may come as JSON Lines (`*.jsonl`, one
record a line, dates as ISO strings), read in the same file-name order and
checked exactly as YAML records are: JSON parses some fifty times faster than
YAML, which is most of a large build's time (docs/data.md, "Bulk input").
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from kg.errors import DataError, UsageError
from kg.input.files import UnreadableFile, data_files, read_bytes
from kg.input.model import Claim, Claims, Dataset, Event, KindRecord, Rank, Record, Source
from kg.input.properties import BY_KEY, Value
from kg.input.yaml_text import YamlSyntaxError, parse
from kg.progress import EVERY, Progress, silent
from kg.rdf.namespace import NKKG
from kg.resources import data_dir

SOURCES_FILE = "sources.yaml"
KINDS_FILE = "kinds.yaml"
EVENTS_FILE = "events.yaml"

M = TypeVar("M", bound=BaseModel)


def load_dataset(directory: str | Path | None = None, *, progress: Progress = silent) -> Dataset:
    """Read and check the input data folder (the packaged data by default).

    `progress` hears of each file read and of the records checked (kg.progress).
    """
    folder = Path(directory) if directory is not None else data_dir()
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such data folder")  # unusable input: exit status 2
    sources = _load_file(folder / SOURCES_FILE, Source, progress)
    kinds = _load_file(folder / KINDS_FILE, KindRecord, progress)
    events_file = folder / EVENTS_FILE  # a dangling symlink is an error, not "no events"
    events = _load_file(events_file, Event, progress) if _present(events_file) else []
    stray = sorted(p.name for p in folder.glob("*.yml"))
    if stray:
        raise DataError(
            str(folder / stray[0]), None, None, "data files end in .yaml (or .jsonl); rename it"
        )
    records: list[tuple[Path, Record]] = []
    for path in data_files(folder):
        if path.name not in (SOURCES_FILE, KINDS_FILE, EVENTS_FILE):
            records.extend(_load_file(path, Record, progress))
    _check(sources, kinds, records)
    _check_events(events, {s.id: s for _, s in sources}, {r.id for _, r in records})
    return Dataset(
        sources=tuple(s for _, s in sources),
        kinds=tuple(k for _, k in kinds),
        records=tuple(r for _, r in records),
        events=tuple(e for _, e in events),
    )


def _present(path: Path) -> bool:
    return path.is_symlink() or path.exists()


def _load_file(path: Path, model: type[M], progress: Progress = silent) -> list[tuple[Path, M]]:
    name = str(path)
    progress(f"reading {path.name}", 0, None)
    try:  # regular files only, within the size limit: a FIFO or /dev/zero never ends
        text = read_bytes(path).decode("utf-8")
    except UnreadableFile as err:
        problem = "file not found" if str(err) == "no such file" else str(err)
        raise DataError(name, None, None, problem) from None
    except UnicodeDecodeError as err:
        raise DataError(name, None, None, f"cannot read: {err}") from None
    if path.suffix == ".jsonl":
        items: Any = _json_lines(name, text)
    else:
        items = _yaml(name, text)
    if items is None:
        return []
    if len(text) > _MAX_TEXT:  # only a file that large can hold a value that large
        _check_lengths(name, items)
    if not isinstance(items, list):
        raise DataError(name, None, None, "expected a list of records")
    loaded = []
    checking, total = f"checking {path.name}", len(items)
    for index, item in enumerate(items, start=1):
        if index % EVERY == 1:
            progress(checking, index - 1, total)
        record = _record_name(item, index)
        if not isinstance(item, dict):
            raise DataError(name, record, None, "expected a mapping of fields")
        try:
            loaded.append((path, model.model_validate(item)))
        except ValidationError as err:
            first = err.errors(include_url=False)[0]
            field = _field_path(first["loc"])
            raise DataError(name, record, field or None, _message(first)) from None
    progress(checking, total, total)
    return loaded


def _json_lines(name: str, text: str) -> list[Any]:
    """One JSON value per non-blank line."""
    items = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                items.append(json.loads(line))
            except json.JSONDecodeError as err:
                problem = f"line {number}: JSON syntax error: {err.msg} (column {err.colno})"
                raise DataError(name, None, None, problem) from None
            except RecursionError:
                problem = f"line {number}: JSON nested too deeply to read"
                raise DataError(name, None, None, problem) from None
            if _SURROGATE.search(line) and _has_surrogate(items[-1]):
                problem = f"line {number}: a lone surrogate escape (\\ud800-\\udfff) is not text"
                raise DataError(name, None, None, problem)
    return items


# the RDF parsers and writers hold one literal in a buffer of at most 16 MiB
_MAX_TEXT = 16 << 20


def _check_lengths(name: str, items: Any) -> None:
    """Refuse a text value no RDF tool can write, naming its record."""

    def longest(value: Any) -> int:
        if isinstance(value, str):
            return len(value.encode("utf-8", "surrogatepass"))
        if isinstance(value, dict):
            return max((longest(v) for v in value.values()), default=0)
        if isinstance(value, list):
            return max((longest(v) for v in value), default=0)
        return 0

    for index, item in enumerate(items if isinstance(items, list) else [], start=1):
        if longest(item) > _MAX_TEXT:
            problem = "a text value longer than 16 MiB cannot become a literal"
            raise DataError(name, _record_name(item, index), None, problem)


_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]", re.ASCII)


def _has_surrogate(value: Any) -> bool:
    """Whether a decoded JSON value holds a lone surrogate, which no UTF-8 output can write."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_surrogate(v) for v in value)
    return False


def _yaml(name: str, text: str) -> Any:
    try:
        return parse(text)
    except YamlSyntaxError as err:
        raise DataError(name, None, None, str(err)) from None


def _record_name(item: Any, index: int) -> str:
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        return f"'{item['id']}'"
    return f"#{index}"


def _field_path(loc: tuple[int | str, ...]) -> str:
    # pydantic puts union and tagged-type names into loc; keep field names and indexes only
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif "[" in part or part.startswith("function-"):
            continue
        else:
            part = _INPUT_KEYS.get(part, part)
            path += f".{part}" if path else part
    return path


# model fields that hold what the input writes under another key
_INPUT_KEYS = {"start_date": "start", "end_date": "end"}


def _message(error: Any) -> str:
    if error["type"] == "missing":
        return "required field is missing"
    if error["type"] == "extra_forbidden":
        return "unknown field"
    message = str(error["msg"]).removeprefix("Value error, ")
    if (
        "input" in error
        and error["type"] not in ("missing",)
        and not isinstance(error["input"], dict | list)
    ):
        message += f" (got {error['input']!r})"
    return message


def _check(
    sources: list[tuple[Path, Source]],
    kinds: list[tuple[Path, KindRecord]],
    records: list[tuple[Path, Record]],
) -> None:
    """The checks that need more than one record."""
    _unique_ids(sources)
    source_ids = {s.id: s for _, s in sources}
    kind_ids = _unique_ids(kinds)
    record_ids = _unique_ids(records)
    for path, kind in kinds:
        if kind.id not in NKKG.__annotations__:
            raise DataError(str(path), f"'{kind.id}'", "id", "not a class of the nkkg ontology")
        _check_claims(path, f"'{kind.id}'", kind.claims, source_ids, kind_ids, record_ids)
    for path, record in records:
        name = f"'{record.id}'"
        _check_claims(path, name, record.claims, source_ids, kind_ids, record_ids)
        if record.point is not None:
            _check_sources(path, name, "point", record.point.source, source_ids, "point", record.id)
        for index, period in enumerate(record.periods):
            field = f"periods[{index}]"
            _check_sources(path, name, field, period.source, source_ids, "periods", record.id)
            if period.kind is not None and period.kind not in kind_ids:
                raise DataError(
                    str(path), name, f"{field}.kind", _unknown_kind(period.kind, kind_ids)
                )
            if period.province is not None and period.province not in record_ids:
                raise DataError(
                    str(path), name, f"{field}.province", f"unknown record id '{period.province}'"
                )


def _unique_ids(items: list[tuple[Path, Any]]) -> set[str]:
    seen: dict[str, Path] = {}
    for path, item in items:
        if item.id in seen:
            raise DataError(
                str(path), f"'{item.id}'", "id", f"duplicate id, first used in {seen[item.id]}"
            )
        seen[item.id] = path
    return set(seen)


def _check_claims(
    path: Path,
    record: str,
    claims: Claims,
    source_ids: dict[str, Source],
    kind_ids: set[str],
    record_ids: set[str],
) -> None:
    for prop, items in claims.items():
        for index, claim in enumerate(items):
            field = f"claims.{prop}[{index}]"
            _check_sources(path, record, field, claim.source, source_ids, prop, record.strip("'"))
            if claim.unknown or claim.novalue:
                continue
            if prop == "kind" and claim.value not in kind_ids:
                raise DataError(
                    str(path), record, f"{field}.value", _unknown_kind(claim.value, kind_ids)
                )
            if BY_KEY[prop].value is Value.REF and claim.value not in record_ids:
                raise DataError(
                    str(path), record, f"{field}.value", f"unknown record id '{claim.value}'"
                )
        if not BY_KEY[prop].multi:
            _check_ranks(path, record, prop, items)


def _check_sources(
    path: Path,
    record: str,
    field: str,
    ids: tuple[str, ...],
    source_ids: dict[str, Source],
    prop: str,
    record_id: str,
) -> None:
    """Each source is declared and covers `prop` for `record_id` (its `covers`)."""
    for source in ids:
        if source not in source_ids:
            raise DataError(
                str(path),
                record,
                f"{field}.source",
                f"unknown source id '{source}' (see {SOURCES_FILE})",
            )
        if not source_ids[source].allows(prop, record_id):
            raise DataError(
                str(path),
                record,
                f"{field}.source",
                f"source '{source}' does not cover {prop} of '{record_id}' "
                f"(see its 'covers' in {SOURCES_FILE})",
            )


def _check_events(
    events: list[tuple[Path, Event]], sources: dict[str, Source], record_ids: set[str]
) -> None:
    _unique_ids(events)
    for path, event in events:
        name = f"'{event.id}'"
        for role in ("before", "after", "units"):
            for index, division in enumerate(getattr(event, role)):
                if division not in record_ids:
                    raise DataError(
                        str(path), name, f"{role}[{index}]", f"unknown record id '{division}'"
                    )
        _check_event_dates(path, name, event, sources)
        for source in event.source:
            if source not in sources:
                raise DataError(
                    str(path), name, "source", f"unknown source id '{source}' (see {SOURCES_FILE})"
                )
            divisions = (*event.before, *event.after, *event.units)
            if not any(sources[source].allows("events", d) for d in divisions):
                raise DataError(
                    str(path),
                    name,
                    "source",
                    f"source '{source}' does not cover events of {', '.join(divisions)} "
                    f"(see its 'covers' in {SOURCES_FILE})",
                )


def _check_event_dates(path: Path, name: str, event: Event, sources: dict[str, Source]) -> None:
    """A date claim's sources are declared; differing dates need one preferred (or all normal)."""
    for index, claim in enumerate(event.dates):
        for source in claim.source:
            if source not in sources:
                raise DataError(
                    str(path),
                    name,
                    f"dates[{index}].source",
                    f"unknown source id '{source}' (see {SOURCES_FILE})",
                )
    preferred = [c for c in event.dates if c.rank is Rank.PREFERRED]
    if len(preferred) > 1:
        raise DataError(str(path), name, "dates", "more than one date is preferred")
    differ = len({c.value for c in event.dates}) > 1
    if differ and not preferred and not all(c.explicit_rank for c in event.dates):
        raise DataError(
            str(path),
            name,
            "dates",
            "differing dates need exactly one 'rank: preferred', "
            "or 'rank: normal' stated on every one when no source is better",
        )


def _unknown_kind(kind: str, kind_ids: set[str]) -> str:
    return f"unknown kind '{kind}' (known: {', '.join(sorted(kind_ids))})"


def _check_ranks(path: Path, record: str, prop: str, claims: list[Claim]) -> None:
    """Per property (and language), conflicting values need one preferred claim.

    The exception, Wikidata's rule, is a group where every claim states
    `rank: normal` explicitly: no source is better, so all values are best-ranked.
    """
    groups: dict[str | None, list[Claim]] = defaultdict(list)
    for claim in claims:
        groups[claim.lang].append(claim)
    for lang, group in groups.items():
        field = f"claims.{prop}" + (f" ({lang})" if lang else "")
        preferred = [c for c in group if c.rank is Rank.PREFERRED]
        values = {str(c.value) for c in group}
        if len(preferred) > 1:
            raise DataError(str(path), record, field, "more than one claim is preferred")
        if len(values) > 1 and not preferred:
            if all(c.explicit_rank for c in group):
                continue  # no source is better: every normal value is best-ranked (Wikidata)
            raise DataError(
                str(path),
                record,
                field,
                "conflicting values need exactly one 'rank: preferred', "
                "or 'rank: normal' stated on every claim when no source is better",
            )
