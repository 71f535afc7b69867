"""Saved SPARQL queries: their headers, typed parameters, and running them anywhere.

A saved query is a `.rq` file in queries/ that opens with a comment header:

    # Title: First-level cities in a given year
    # Answers: Which cities held first-level status in the year ?year ...
    #   (indented lines continue a field)
    # Param: ?year year = 1985  The year asked about.

Parameters are never pasted into the text. Each value is checked against its
type and turned into an RDF term; the terms are bound by a VALUES block put
first in the WHERE clause, written in N-Triples syntax, so the same query text
runs on rdflib, on pyoxigraph and on any SPARQL 1.1 endpoint, and a value with
quotes, braces or newlines can only ever be one term. An `endpoint` parameter
names the target of `SERVICE ?name`, which SPARQL engines do not accept as a
variable: that one occurrence becomes the checked IRI.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from pyparsing import ParseException
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.term import Identifier
from rich import box
from rich.table import Column, Table

from kg.endpoint import SelectResult, check_url, select
from kg.errors import NkkgError
from kg.model import FIRST_YEAR
from kg.namespace import DEFAULT_BASE
from kg.rdfio import from_oxigraph, read_graph, to_json
from kg.resources import resource_dir

QueryResult = SelectResult  # the same shape in-process and remote: rows of rdflib terms

ENGINES = ("rdflib", "oxigraph")
FORMATS = ("table", "csv", "tsv", "json")
PARAM_TYPES: dict[str, str] = {
    "year": f"an integer year from {FIRST_YEAR} to the current year",
    "integer": "an integer",
    "string": "any text (bound as a plain string literal)",
    "iri": "an absolute IRI",
    "city": "a city slug of the packaged data (e.g. rason) or an absolute http(s) IRI",
    "endpoint": "an http(s) SPARQL endpoint URL, the target of SERVICE ?name",
}

# ---------------------------------------------------------------- reading queries

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
    def federated(self) -> bool:
        """True where the query calls out to another endpoint through SERVICE."""
        return any(p.type == "endpoint" for p in self.parameters) or any(
            kind == "service" for kind, _, _ in _code_tokens(self.text)
        )

    def parameter(self, name: str) -> Parameter:
        for param in self.parameters:
            if param.name == name:
                return param
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise NkkgError(f"query '{self.name}' has no parameter '{name}' (its parameters: {known})")


def read_query(path: str | Path, name: str | None = None) -> SavedQuery:
    """Read a .rq file, parse its header, and check that it is valid SPARQL."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NkkgError(f"no such query file: {path}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise NkkgError(f"cannot read query file {path}: {err}") from None
    query = _parse_header(path, name or path.stem, text)
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


def check_syntax(text: str, where: str) -> None:
    """Parse with rdflib's SPARQL parser; a syntax error becomes one line with its line number."""
    try:
        parsed = parseQuery(text)
    except ParseException as err:
        found = err.line[err.col - 1 :].strip() if err.line else ""
        near = f" near '{found[:40]}'" if found else ""
        raise NkkgError(
            f"{where}, line {err.lineno}, column {err.col}: SPARQL syntax error{near}"
        ) from None
    if parsed[1].name != "SelectQuery":
        kind = parsed[1].name.removesuffix("Query").upper()
        raise NkkgError(f"{where}: a {kind} query; nkkg query runs SELECT queries only")
    try:
        translateQuery(parsed)
    except Exception as err:  # rdflib raises bare Exceptions, e.g. for an unknown prefix
        raise NkkgError(f"{where}: SPARQL error: {err}") from None


def _check_parameters_used(query: SavedQuery) -> None:
    tokens = list(_code_tokens(query.text))
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
    # one file at a time: parsing SPARQL with rdflib costs ~30 ms a query
    return read_query(resource_dir("queries") / f"{name}.rq")


def saved_queries() -> list[SavedQuery]:
    """Every saved query, in name order."""
    return [_read_saved(name) for name in saved_names()]


def saved_query(name: str) -> SavedQuery:
    """The saved query called `name`; an unknown name lists the known ones."""
    names = saved_names()
    if name not in names:
        raise NkkgError(f"unknown query '{name}' (known: {', '.join(names)})")
    return _read_saved(name)


def resolve(name_or_path: str | Path | SavedQuery) -> SavedQuery:
    """A saved query by name, or a query file (a path, or a name ending in .rq)."""
    if isinstance(name_or_path, SavedQuery):
        return name_or_path
    text = str(name_or_path)
    if isinstance(name_or_path, Path) or text.endswith(".rq") or "/" in text or "\\" in text:
        return read_query(text)
    return saved_query(text)


def default_cases(*, federated: bool = False) -> list[tuple[SavedQuery, dict[str, str]]]:
    """Every saved query with its default parameters (federated ones only on request).

    For comparing a triplestore with the in-process answer:
    `run_query(q, p, endpoint=url).rows == run_query(q, p).rows` for each pair.
    """
    return [(q, q.defaults) for q in saved_queries() if federated or not q.federated]


# ---------------------------------------------------------------- parameters

# IRIs as SPARQL's IRIREF allows them, less quotes: nothing that could end the <...>
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"'{}|\\^`]+$")
_IRIREF = re.compile(r"^[^\x00-\x20<>\"{}|\\^`]*$")  # what may stand between < and >
_HTTP_IRI = re.compile(r"^https?://[^\x00-\x20<>\"'{}|\\^`/]+[^\x00-\x20<>\"'{}|\\^`]*$")


@cache
def city_slugs() -> tuple[str, ...]:
    """The slugs a `city` parameter accepts: records of the packaged data with a status history."""
    from kg.loader import load_dataset

    return tuple(sorted(r.id for r in load_dataset().records if r.periods))


def _bad(param: Parameter, expected: str, value: object) -> NkkgError:
    shown = repr(value) if isinstance(value, str) else repr(str(value))
    return NkkgError(
        f"invalid value for parameter '{param.name}': expected {expected}, got {shown}"
    )


def bind_value(
    param: Parameter, value: str | int | Identifier, base: str = DEFAULT_BASE
) -> Identifier:
    """Check one value against its parameter's type and return it as an rdflib term."""
    if isinstance(value, Identifier) and not isinstance(value, Literal | URIRef):
        raise _bad(param, PARAM_TYPES[param.type], value)
    raw = str(value)
    kind = param.type
    if kind == "year":
        last = datetime.date.today().year
        if not re.fullmatch(r"[0-9]{4}", raw) or not FIRST_YEAR <= int(raw) <= last:
            raise _bad(param, f"a year from {FIRST_YEAR} to {last}", value)
        return Literal(int(raw), datatype=XSD.integer)
    if kind == "integer":
        if not re.fullmatch(r"[+-]?[0-9]{1,30}", raw):
            raise _bad(param, "an integer", value)
        return Literal(int(raw), datatype=XSD.integer)
    if kind == "string":
        if "\x00" in raw:
            raise _bad(param, "text without NUL characters", value)
        return Literal(raw)
    if kind == "iri":
        if not _IRI.fullmatch(raw):
            raise _bad(param, "an absolute IRI without spaces, quotes, braces or <>", value)
        return URIRef(raw)
    if kind == "city":
        if raw in city_slugs():
            return URIRef(base + raw)
        if _HTTP_IRI.fullmatch(raw):
            return URIRef(raw)
        raise _bad(param, f"one of {', '.join(city_slugs())} or an absolute http(s) IRI", value)
    if kind == "endpoint":
        if not _HTTP_IRI.fullmatch(raw):
            raise _bad(param, "an http(s) endpoint URL without spaces, quotes or braces", value)
        check_url(raw)
        return URIRef(raw)
    raise AssertionError(f"unhandled parameter type {kind}")


def bind(
    query: SavedQuery,
    params: Mapping[str, str | int | Identifier] | None = None,
    base: str = DEFAULT_BASE,
) -> dict[str, Identifier]:
    """Every parameter of `query` as a checked term: the given value, else the default."""
    given = dict(params or {})
    for name in given:
        query.parameter(name)  # unknown names fail here
    bound: dict[str, Identifier] = {}
    for param in query.parameters:
        value = given.get(param.name, param.default)
        if value is None:
            raise NkkgError(
                f"query '{query.name}' needs --param {param.name}=VALUE ({PARAM_TYPES[param.type]})"
            )
        bound[param.name] = bind_value(param, value, base)
    return bound


def parse_params(pairs: list[str]) -> dict[str, str]:
    """`name=value` strings (the CLI's --param) as a dict; the value may hold any text."""
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not re.fullmatch(r"\w+", name):
            raise NkkgError(f"invalid --param {pair!r}: expected name=value")
        if name in params:
            raise NkkgError(f"--param {name} is given twice")
        params[name] = value
    return params


def nt(term: Identifier) -> str:
    """A term in N-Triples syntax (tabs escaped too), as SPARQL text and SPARQL TSV need it."""
    if isinstance(term, URIRef):
        if not _IRIREF.fullmatch(str(term)):
            raise NkkgError(f"not an IRI that N-Triples can write: {str(term)!r}")
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = str(term)
        for char, escaped in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r")):
            text = text.replace(char, escaped)
        text = text.replace("\t", "\\t")
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype is not None and term.datatype != XSD.string:
            return f'"{text}"^^<{term.datatype}>'
        return f'"{text}"'
    raise TypeError(f"not an RDF term: {term!r}")


# Tokens of SPARQL text outside which `{`, SERVICE and variables are code.
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


def _code_tokens(text: str) -> Iterator[tuple[str, str, re.Match[str]]]:
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


def prepare(
    query: str | Path | SavedQuery,
    params: Mapping[str, str | int | Identifier] | None = None,
    base: str = DEFAULT_BASE,
) -> str:
    """The query text with its parameters bound: what every engine and endpoint runs.

    Endpoint parameters replace `SERVICE ?name`; the others go into one VALUES
    block right after the WHERE clause's opening brace, on the same line, so
    line numbers stay those of the file.
    """
    saved = resolve(query)
    bound = bind(saved, params, base)
    text = saved.text
    services = {n: t for n, t in bound.items() if saved.parameter(n).type == "endpoint"}
    values = {n: t for n, t in bound.items() if n not in services}
    for kind, name, match in reversed(list(_code_tokens(text))):
        if kind == "service" and name in services:
            start, end = match.span("service_var")
            text = text[: start - 1] + nt(services[name]) + text[end:]
    if values:
        brace = next(m for kind, _, m in _code_tokens(text) if kind == "brace")
        names = " ".join(f"?{n}" for n in values)
        row = " ".join(nt(t) for t in values.values())
        block = f" VALUES ({names}) {{ ({row}) }} "
        text = text[: brace.end()] + block + text[brace.end() :]
        _check_values_first(text, saved, list(values))
    return text


def _check_values_first(text: str, saved: SavedQuery, names: list[str]) -> None:
    try:
        where = parseQuery(text)[1]["where"]
        first = where["part"][0]
        ok = first.name == "InlineData" and [str(v) for v in first["var"]] == names
    except (ParseException, KeyError, IndexError, TypeError):
        ok = False
    if not ok:
        raise NkkgError(
            f"{saved.path}: cannot bind parameters: nkkg puts a VALUES block first in the "
            "WHERE clause, which this query's shape does not allow (e.g. a WHERE that is only "
            "a sub-SELECT)"
        )


# ---------------------------------------------------------------- running


@cache
def default_graph() -> Graph:
    """The graph built in-process from the packaged data (what `nkkg build` writes)."""
    from kg.builder import build_graph
    from kg.loader import load_dataset

    return build_graph(load_dataset())


def oxigraph_store(graph: Graph) -> ox.Store:
    """An in-memory pyoxigraph Store holding the same triples as `graph`."""
    from kg.serialize import serialize

    store = ox.Store()
    store.load(serialize(graph, "nt"), format=ox.RdfFormat.N_TRIPLES)
    return store


@cache
def _default_store() -> ox.Store:
    return oxigraph_store(default_graph())


def _normalize(term: Identifier | None) -> Identifier | None:
    """xsd:string literals as plain ones, as rdflib's graph and SPARQL JSON results have them."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def run_query(
    query: str | Path | SavedQuery,
    params: Mapping[str, str | int | Identifier] | None = None,
    *,
    graph: Graph | str | Path | None = None,
    endpoint: str | None = None,
    engine: str = "rdflib",
    base: str = DEFAULT_BASE,
) -> QueryResult:
    """Run a saved query (by name) or a .rq file with checked parameters.

    With `endpoint`, on that SPARQL 1.1 endpoint; otherwise in-process on
    `graph` (a Graph or a built file; default: the graph built from the
    packaged data) with rdflib's engine or pyoxigraph's. The answer has the
    same shape either way: variable names and rows of rdflib terms.
    """
    saved = resolve(query)
    text = prepare(saved, params, base)
    if endpoint is not None:
        if graph is not None:
            raise NkkgError("give a graph or an endpoint, not both")
        return select(endpoint, text)
    if engine not in ENGINES:
        raise NkkgError(f"unknown engine '{engine}' (known: {', '.join(ENGINES)})")
    if isinstance(graph, str | Path):
        graph = read_graph(graph)
    try:
        if engine == "oxigraph":
            store = _default_store() if graph is None else oxigraph_store(graph)
            solutions = store.query(text)
            assert isinstance(solutions, ox.QuerySolutions)
            variables = [v.value for v in solutions.variables]
            # solutions are lazy: SERVICE and evaluation errors surface while iterating
            rows = [
                tuple(None if s[v] is None else from_oxigraph(s[v]) for v in variables)
                for s in solutions
            ]
            return QueryResult(variables, rows)
        result = (default_graph() if graph is None else graph).query(text)
        rows = [tuple(_normalize(term) for term in row) for row in result]
        return QueryResult([str(v) for v in result.vars or []], rows)
    except NkkgError:
        raise
    except Exception as err:  # the engines raise many types (SERVICE: URLError, OSError...)
        raise NkkgError(_failure(saved, params, base, engine, err)) from None


def _failure(
    saved: SavedQuery,
    params: Mapping[str, str | int | Identifier] | None,
    base: str,
    engine: str,
    err: Exception,
) -> str:
    """One line: which query, which engine, the SERVICE endpoints it called, what went wrong."""
    where = saved.name if saved.path.parent == resource_dir("queries") else str(saved.path)
    services = [
        str(term)
        for name, term in bind(saved, params, base).items()
        if saved.parameter(name).type == "endpoint"
    ]
    called = f" (SERVICE {', '.join(services)})" if services else ""
    detail = " ".join(str(err).split()) or type(err).__name__
    return f"query '{where}' failed in {engine}{called}: {detail}"


# ---------------------------------------------------------------- output


def format_result(result: QueryResult, fmt: str) -> str:
    """The answer as SPARQL 1.1 Query Results CSV, TSV or JSON."""
    if fmt == "json":
        bindings = [
            {v: to_json(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
            for row in result.rows
        ]
        data = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":  # lexical forms, CRLF line ends (SPARQL 1.1 Query Results CSV)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow(["" if t is None else _csv_term(t) for t in row])
        return buffer.getvalue()
    if fmt == "tsv":  # RDF terms in N-Triples syntax (SPARQL 1.1 Query Results TSV)
        lines = ["\t".join(f"?{v}" for v in result.variables)]
        lines += ["\t".join("" if t is None else nt(t) for t in row) for row in result.rows]
        return "\n".join(lines) + "\n"
    raise NkkgError(f"unknown format '{fmt}' (known: {', '.join(FORMATS)})")


def _csv_term(term: Identifier) -> str:
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def short(term: Identifier | None, base: str = DEFAULT_BASE) -> str:
    """A term as a person reads it in a table: a prefixed name, or a literal's text."""
    from kg.serialize import prefixes

    if term is None:
        return ""
    if isinstance(term, URIRef):
        for prefix, namespace in sorted(prefixes(base).items(), key=lambda kv: -len(kv[1])):
            local = str(term)[len(namespace) :]
            if str(term).startswith(namespace) and re.fullmatch(r"[\w.-]*\w", local or "-"):
                return f"{prefix}:{local}"
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def table_rows(result: QueryResult, base: str = DEFAULT_BASE) -> list[list[str]]:
    """The answer's cells as the table shows them."""
    return [[short(t, base) for t in row] for row in result.rows]


def result_table(result: QueryResult, title: str | None = None, base: str = DEFAULT_BASE) -> Table:
    """The answer as a rich Table: prefixed names, literal text, a row count below."""
    count = len(result.rows)
    table = Table(
        *(Column(v, overflow="fold") for v in result.variables),
        title=title,
        caption=f"{count} row{'' if count == 1 else 's'}",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        title_justify="left",
        caption_justify="left",
    )
    for row in table_rows(result, base):
        table.add_row(*row)
    return table


def list_table(queries: list[SavedQuery]) -> Table:
    """The saved queries as a rich Table: name, title, parameters."""
    columns = (Column(name, overflow="fold") for name in ("name", "title", "parameters"))
    table = Table(*columns, box=box.SIMPLE_HEAD, show_edge=False)
    for query in queries:
        params = "\n".join(p.signature() for p in query.parameters)
        table.add_row(query.name, query.title, params)
    return table


# Python API names for `from kg.query import ...`
__all__ = [
    "ENGINES",
    "FORMATS",
    "PARAM_TYPES",
    "Parameter",
    "QueryResult",
    "SavedQuery",
    "bind",
    "bind_value",
    "check_syntax",
    "default_cases",
    "default_graph",
    "format_result",
    "list_table",
    "nt",
    "oxigraph_store",
    "parse_params",
    "prepare",
    "read_query",
    "resolve",
    "result_table",
    "run_query",
    "saved_names",
    "saved_queries",
    "saved_query",
    "short",
    "table_rows",
]
