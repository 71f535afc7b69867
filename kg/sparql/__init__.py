"""Saved SPARQL queries, their typed parameters, and running them anywhere.

>>> from kg import Project
>>> from kg.sparql import run_query
>>> store = Project().store()  # or graph="nkkg.ttl", store="nkkg-store/", endpoint=URL
>>> run_query("first-level-in-year", {"year": 1985}, store=store).rows[0][0]
rdflib.term.URIRef('https://w3id.org/nkkg/id/pyongyang')
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

# imported on first use (PEP 562): the CLI reads the choice names (kg.sparql.forms)
# without loading rdflib's SPARQL engine
_EXPORTS = {
    "ENGINES": "kg.sparql.forms",
    "FORMATS": "kg.sparql.forms",
    "QueryResult": "kg.sparql.engines",
    "QueryTimeout": "kg.sparql.engines",
    "oxigraph_store": "kg.graph.terms",
    "run_query": "kg.sparql.engines",
    "bind": "kg.sparql.params",
    "bind_value": "kg.sparql.params",
    "check_entities": "kg.sparql.entities",
    "city_slugs": "kg.sparql.entities",
    "parse_params": "kg.sparql.params",
    "prepare": "kg.sparql.params",
    "format_result": "kg.sparql.results",
    "list_table": "kg.sparql.results",
    "result_table": "kg.sparql.results",
    "table_rows": "kg.sparql.results",
    "PARAM_TYPES": "kg.sparql.saved",
    "Parameter": "kg.sparql.saved",
    "SavedQuery": "kg.sparql.saved",
    "check_syntax": "kg.sparql.saved",
    "default_cases": "kg.sparql.saved",
    "read_query": "kg.sparql.saved",
    "resolve": "kg.sparql.saved",
    "saved_names": "kg.sparql.saved",
    "saved_queries": "kg.sparql.saved",
    "saved_query": "kg.sparql.saved",
}

if TYPE_CHECKING:
    from kg.graph.terms import oxigraph_store
    from kg.sparql.engines import (
        QueryResult,
        QueryTimeout,
        run_query,
    )
    from kg.sparql.entities import check_entities, city_slugs
    from kg.sparql.forms import ENGINES, FORMATS
    from kg.sparql.params import bind, bind_value, parse_params, prepare
    from kg.sparql.results import format_result, list_table, result_table, table_rows
    from kg.sparql.saved import (
        PARAM_TYPES,
        Parameter,
        SavedQuery,
        check_syntax,
        default_cases,
        read_query,
        resolve,
        saved_names,
        saved_queries,
        saved_query,
    )


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kg.sparql' has no attribute {name!r}")


__all__ = [
    "ENGINES",
    "FORMATS",
    "PARAM_TYPES",
    "Parameter",
    "QueryResult",
    "QueryTimeout",
    "SavedQuery",
    "bind",
    "bind_value",
    "check_entities",
    "check_syntax",
    "city_slugs",
    "default_cases",
    "format_result",
    "list_table",
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
    "table_rows",
]
