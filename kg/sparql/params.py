"""Typed query parameters, bound as RDF terms, never pasted into the text.

Each value is checked against its type and turned into an RDF term; the terms
are bound by a VALUES block put first in the WHERE clause, written in
N-Triples syntax, so the same query text runs on rdflib, on pyoxigraph and on
any SPARQL 1.1 endpoint, and a value with quotes, braces or newlines can only
ever be one term. An `endpoint` parameter names the target of `SERVICE ?name`,
which SPARQL engines do not accept as a variable: that one occurrence becomes
the checked IRI.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from pyparsing import ParseException
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.term import Identifier

from kg.errors import NkkgError
from kg.graph.terms import nt
from kg.profile import PROFILE
from kg.rdf.namespace import DEFAULT_BASE, HTTP_IRI
from kg.sparql.saved import (
    PARAM_TYPES,
    Parameter,
    SavedQuery,
    code_tokens,
    resolve,
    with_prefixes,
)
from kg.store.http import check_url

FIRST_YEAR = PROFILE.first_year

# IRIs as SPARQL's IRIREF allows them, less quotes: nothing that could end the <...>
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"'{}|\\^`]+\Z")
# a record's id as the data gives it (kg.input.types): what follows the base in its IRI
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")


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
    if kind == "city":  # a slug is checked against the graph queried (kg.sparql.entities)
        if _SLUG.fullmatch(raw):
            return URIRef(base + raw)
        if HTTP_IRI.fullmatch(raw):
            return URIRef(raw)
        raise _bad(param, "a city slug (lowercase letters, digits and hyphens, e.g. rason) or "
                   "an absolute http(s) IRI", value)  # fmt: skip
    if kind == "endpoint":
        if not HTTP_IRI.fullmatch(raw):
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


def prepare(
    query: str | Path | SavedQuery,
    params: Mapping[str, str | int | Identifier] | None = None,
    base: str = DEFAULT_BASE,
    *,
    readable: bool = False,
) -> str:
    """The query text with its parameters bound: what every engine and endpoint runs.

    The graph's prefixes (nkkg:, id: for `base`, ...) that the query does not
    declare itself are declared on its first line (one a line when `readable`,
    for people: `nkkg query --print`).

    Endpoint parameters replace `SERVICE ?name`; the others go into one VALUES
    block right after the WHERE clause's opening brace, on the same line, so
    line numbers stay those of the file.
    """
    saved = resolve(query)
    bound = bind(saved, params, base)
    text = saved.text
    services = {n: t for n, t in bound.items() if saved.parameter(n).type == "endpoint"}
    values = {n: t for n, t in bound.items() if n not in services}
    for kind, name, match in reversed(list(code_tokens(text))):
        if kind == "service" and name in services:
            start, end = match.span("service_var")
            text = text[: start - 1] + nt(services[name]) + text[end:]
    if values:
        brace = next(m for kind, _, m in code_tokens(text) if kind == "brace")
        head, tail = text[: brace.end()], text[brace.end() :]
        names = " ".join(f"?{n}" for n in values)

        def block(row: str) -> str:
            return f" VALUES ({names}) {{ ({row}) }} "

        # the shape does not depend on the values (single checked terms): check it once
        undefined = block(" ".join("UNDEF" for _ in values))
        _check_values_first(
            with_prefixes(head + undefined + tail, base), str(saved.path), tuple(values)
        )
        text = head + block(" ".join(nt(t) for t in values.values())) + tail
    return with_prefixes(text, base, lines=readable)


@lru_cache(maxsize=256)
def _check_values_first(text: str, path: str, names: tuple[str, ...]) -> None:
    # rdflib's SPARQL parser takes 0.1 s here: once per query and parameter names, not per call
    try:
        where = parseQuery(text)[1]["where"]
        first = where["part"][0]
        ok = first.name == "InlineData" and tuple(str(v) for v in first["var"]) == names
    except (ParseException, KeyError, IndexError, TypeError):
        ok = False
    if not ok:
        raise NkkgError(
            f"{path}: cannot bind parameters: nkkg puts a VALUES block first in the "
            "WHERE clause, which this query's shape does not allow (e.g. a WHERE that is only "
            "a sub-SELECT)"
        )
