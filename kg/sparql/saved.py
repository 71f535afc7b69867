"""Saved SPARQL queries: the .rq files in queries/ and their comment headers.

A saved query opens with a comment header that `nkkg query --list`, the
parameter binding and the tests read:

    # Title: First-level cities in a given year
    # Answers: Which cities held first-level status in the year ?year ...
    #   (indented lines continue a field)
    # Param: ?year year = 1985  The year asked about.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import get_close_matches
from functools import cache
from pathlib import Path

from kg.errors import NkkgError, UsageError
from kg.profile import PROFILE
from kg.resources import resource_dir

PARAM_TYPES: dict[str, str] = {
    "year": f"an integer year from {PROFILE.first_year} to the current year",
    "integer": "an integer",
    "string": "any text (bound as a plain string literal)",
    "iri": "an absolute IRI",
    "city": "a city slug of the graph queried (e.g. rason) or an absolute http(s) IRI",
    "endpoint": "an http(s) SPARQL endpoint URL, the target of SERVICE ?name",
}

YEAR_RULE = "years are inclusive: a year of change counts on both sides of it"
"""How a year parameter meets the status periods, said wherever a year query is listed.

Periods include their start and end years and consecutive periods share the
year of the change, so asking about that year finds the state before and after
it (first-level-divisions-in-year 1954: Hwanghae and both its successors).
"""

_FIELD = re.compile(r"^#\s*(Title|Answers|Param):\s*(.*)$")
_PARAM = re.compile(
    r'^[?$](?P<name>\w+)\s+(?P<type>\w+)(?:\s*=\s*(?:"(?P<quoted>(?:[^"\\]|\\.)*)"|(?P<plain>\S+)))?'
    r"(?:\s+(?P<doc>.*))?$"
)


@dataclass(frozen=True)
class Parameter:
    """A declared parameter: ?name, its type, its default (None: required) and what it means."""

    name: str
    type: str
    default: str | None
    description: str

    def signature(self) -> str:
        default = "required" if self.default is None else f"= {self.default}"
        return f"{self.name}: {self.type} {default}"

    @property
    def rule(self) -> str | None:
        """How the value is read where that surprises (a year: YEAR_RULE); None otherwise."""
        return YEAR_RULE if self.type == "year" else None


@dataclass(frozen=True)
class SavedQuery:
    """A query file with its parsed header."""

    name: str
    path: Path
    text: str = field(repr=False)
    title: str
    answers: str
    parameters: tuple[Parameter, ...] = field(default=())

    @property
    def defaults(self) -> dict[str, str]:
        """The default value of every parameter that has one."""
        return {p.name: p.default for p in self.parameters if p.default is not None}

    @property
    def form(self) -> str:
        """SELECT, ASK, CONSTRUCT or DESCRIBE (query_form() of the text)."""
        return query_form(self.text)

    @property
    def federated(self) -> bool:
        """True where the query calls out to another endpoint through SERVICE."""
        return any(p.type == "endpoint" for p in self.parameters) or uses_service(self.text)

    def parameter(self, name: str) -> Parameter:
        for param in self.parameters:
            if param.name == name:
                return param
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise NkkgError(f"query '{self.name}' has no parameter '{name}' (its parameters: {known})")


def read_query(path: str | Path, name: str | None = None, *, check: bool = True) -> SavedQuery:
    """Read a .rq file, parse its header, and check that it is valid SPARQL.

    `check=False` skips the SPARQL parse (about 70 ms a query with rdflib's
    parser), for the packaged queries, which the tests parse.
    """
    path = Path(path)
    if path.exists() and not path.is_file() and not path.is_dir():  # a FIFO blocks for ever
        raise NkkgError(
            f"cannot read query file {path}: not a regular file (device, FIFO or socket)"
        )
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NkkgError(f"no such query file: {path}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise NkkgError(f"cannot read query file {path}: {err}") from None
    query = _parse_header(path, name or path.stem, text)
    if check:
        check_syntax(text, str(path))
    _check_parameters_used(query)
    return query


def _parse_header(path: Path, name: str, text: str) -> SavedQuery:
    fields: dict[str, list[str]] = {"Title": [], "Answers": []}
    params: list[tuple[int, list[str]]] = []
    current: list[str] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        match = _FIELD.match(line)
        if match:
            key, value = match.groups()
            if key == "Param":
                params.append((number, [value]))
                current = params[-1][1]
            else:
                current = fields[key]
                current.append(value)
        elif current is not None and re.match(r"^#\s{2,}\S", line):
            current.append(line[1:].strip())
        else:
            current = None  # a blank '#' line or free comment ends the field
    parameters = tuple(_parse_param(path, number, " ".join(parts)) for number, parts in params)
    seen: set[str] = set()
    for param in parameters:
        if param.name in seen:
            raise NkkgError(f"{path}: parameter ?{param.name} is declared twice")
        seen.add(param.name)
    title = " ".join(fields["Title"]).strip() or name
    return SavedQuery(name, path, text, title, " ".join(fields["Answers"]).strip(), parameters)


def _parse_param(path: Path, line: int, spec: str) -> Parameter:
    match = _PARAM.match(spec.strip())
    if not match:
        raise NkkgError(
            f"{path}, line {line}: cannot read the parameter declaration '{spec}' "
            "(expected '?name type [= default] description')"
        )
    kind = match["type"]
    if kind not in PARAM_TYPES:
        known = ", ".join(PARAM_TYPES)
        raise NkkgError(f"{path}, line {line}: unknown parameter type '{kind}' (known: {known})")
    default = match["plain"]
    if match["quoted"] is not None:
        default = re.sub(r"\\(.)", r"\1", match["quoted"])
    return Parameter(match["name"], kind, default, (match["doc"] or "").strip())


FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
"""The SPARQL 1.1 query forms nkkg runs; updates (INSERT, DELETE, LOAD...) it refuses."""

_UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
_KEYWORD = re.compile(r"[A-Za-z]+")
_PROLOGUE = re.compile(r"(?i)\bPREFIX\s+[\w.-]*:|\bBASE\b")


def query_form(text: str) -> str:
    """The form of a query: its first keyword after the prologue, comments, strings and IRIs aside.

    Read without a SPARQL parser (the packaged queries are not parsed on use).
    An update is refused here, with its own message, before any engine sees it.
    """
    code = _TOKEN.sub(lambda m: " " if m.lastgroup in ("string", "iri", "comment") else m[0], text)
    code = _PROLOGUE.sub(" ", code)
    first = _KEYWORD.search(code)
    keyword = first[0].upper() if first else ""
    if keyword in FORMS:
        return keyword
    if keyword in _UPDATES:
        raise UsageError(
            f"a SPARQL update ({keyword}); updates are not supported: nkkg query runs "
            "SELECT, ASK, CONSTRUCT and DESCRIBE queries and never changes the graph"
        )
    raise UsageError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")


def check_syntax(text: str, where: str) -> None:
    """Parse with rdflib's SPARQL parser; a syntax error becomes one line with its line number.

    The graph's prefixes (nkkg:, id:, ...) are known unless the query declares its own.
    """
    # imported here: listing and completing the saved queries need no parser
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        query_form(text)
    except UsageError as err:
        raise UsageError(f"{where}: {err}") from None
    try:
        parsed = parseQuery(with_prefixes(text))
    except ParseException as err:
        found = err.line[err.col - 1 :].strip() if err.line else ""
        near = f" near '{found[:40]}'" if found else ""
        column = err.col - _prefix_width(text) if err.lineno == 1 else err.col
        raise NkkgError(
            f"{where}, line {err.lineno}, column {max(column, 1)}: SPARQL syntax error{near}"
        ) from None
    try:
        translateQuery(parsed)
    except Exception as err:  # rdflib raises bare Exceptions, e.g. for an unknown prefix
        raise NkkgError(f"{where}: SPARQL error: {err}") from None


_DECLARED = re.compile(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?:")


def _missing_prefixes(text: str, base: str) -> dict[str, str]:
    from kg.rdf.namespace import prefixes

    code = _TOKEN.sub(lambda m: " " if m.lastgroup in ("string", "comment") else m[0], text)
    declared = {name or "" for name in _DECLARED.findall(code)}
    return {name: iri for name, iri in prefixes(base).items() if name not in declared}


def with_prefixes(text: str, base: str | None = None, *, lines: bool = False) -> str:
    """The query with the graph's prefixes (nkkg:, id:, ...) declared, but for those it declares.

    On the first line (so line numbers stay the file's), or one a line (`lines`)
    where a person reads the text (`nkkg query --print`).
    """
    from kg.metadata import DEFAULT_BASE

    missing = _missing_prefixes(text, base or DEFAULT_BASE)
    if not missing:
        return text
    decls = [f"PREFIX {name}: <{iri}>" for name, iri in missing.items()]
    return "\n".join(decls) + "\n" + text if lines else " ".join(decls) + " " + text


def _prefix_width(text: str) -> int:
    return len(with_prefixes(text)) - len(text)


def _check_parameters_used(query: SavedQuery) -> None:
    tokens = list(code_tokens(query.text))
    variables = {value for kind, value, _ in tokens if kind == "var"}
    services = {value for kind, value, _ in tokens if kind == "service"}
    for param in query.parameters:
        used = services if param.type == "endpoint" else variables
        if param.name not in used:
            how = f"SERVICE ?{param.name}" if param.type == "endpoint" else f"?{param.name}"
            raise NkkgError(
                f"{query.path}: parameter ?{param.name} is declared but the query never uses {how}"
            )


def saved_names() -> list[str]:
    """The names of the saved queries (their file names without .rq), sorted."""
    return sorted(path.stem for path in resource_dir("queries").glob("*.rq"))


@cache
def _read_saved(name: str) -> SavedQuery:
    # one file at a time, and not parsed: tests/test_query.py parses every saved query
    return read_query(resource_dir("queries") / f"{name}.rq", check=False)


def saved_queries() -> list[SavedQuery]:
    """Every saved query, in name order."""
    return [_read_saved(name) for name in saved_names()]


def saved_query(name: str) -> SavedQuery:
    """The saved query called `name`; an unknown name lists the known ones."""
    names = saved_names()
    if name not in names:
        close = get_close_matches(name, names, n=3, cutoff=0.6)
        if close:
            hint = f"did you mean {', '.join(close)}? nkkg query --list shows all {len(names)}"
        else:
            hint = f"known: {', '.join(names)}"
        raise UsageError(f"unknown query '{name}' ({hint})")
    return _read_saved(name)


def query_text(text: str, name: str = "query") -> SavedQuery:
    """SPARQL text given in hand (kg.Project.query), checked like a file; its header is optional."""
    query = _parse_header(Path(f"<{name}>"), name, text)
    check_syntax(text, f"<{name}>")
    _check_parameters_used(query)
    return query


def resolve(name_or_path: str | Path | SavedQuery) -> SavedQuery:
    """A saved query by name, a query file (a path, or a name ending in .rq), or SPARQL text."""
    if isinstance(name_or_path, SavedQuery):
        return name_or_path
    text = str(name_or_path)
    if isinstance(name_or_path, str) and ("{" in text or "\n" in text):
        return query_text(text)
    if isinstance(name_or_path, Path) or text.endswith(".rq") or "/" in text or "\\" in text:
        return read_query(text)
    return saved_query(text)


def default_cases(*, federated: bool = False) -> list[tuple[SavedQuery, dict[str, str]]]:
    """Every saved query with its default parameters (federated ones only on request).

    For comparing a triplestore with the in-process answer:
    `run_query(q, p, endpoint=url).rows == run_query(q, p).rows` for each pair.
    """
    return [(q, q.defaults) for q in saved_queries() if federated or not q.federated]


_TOKEN = re.compile(
    "|".join(
        [
            r'(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""'
            r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
            r'|"(?:[^"\\\n\r]|\\.)*"'
            r"|'(?:[^'\\\n\r]|\\.)*')",
            r"(?P<iri><[^\x00-\x20<>\"{}|^`\\]*>)",
            r"(?P<comment>#[^\n\r]*)",
            r"(?P<service>(?i:\bSERVICE)(?:\s+(?i:SILENT))?\s+[?$](?P<service_var>\w+))",
            r"(?P<service_iri>(?i:\bSERVICE\b))",
            r"(?P<var>[?$](?P<var_name>\w+))",
            r"(?P<brace>\{)",
        ]
    )
)


def uses_service(text: str) -> bool:
    """Whether a query or update has a SERVICE clause (strings, IRIs and comments aside)."""
    return any(kind == "service" for kind, _, _ in code_tokens(text))


def code_tokens(text: str) -> Iterator[tuple[str, str, re.Match[str]]]:
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "service":
            yield "service", match["service_var"], match
        elif kind == "var":
            yield "var", match["var_name"], match
        elif kind == "service_iri":
            yield "service", "", match
        elif kind == "brace":
            yield "brace", "{", match
