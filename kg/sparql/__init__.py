"""Saved SPARQL queries, their typed parameters, and running them anywhere.

>>> from kg.sparql import run_query
>>> run_query("first-level-in-year", {"year": 1985}).rows[0][0]
rdflib.term.URIRef('https://w3id.org/nkkg/id/pyongyang')
"""

from kg.sparql.engines import (
    ENGINES,
    QueryResult,
    QueryTimeout,
    default_graph,
    oxigraph_store,
    run_query,
)
from kg.sparql.params import bind, bind_value, city_slugs, parse_params, prepare
from kg.sparql.results import FORMATS, format_result, list_table, result_table, table_rows
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
    "check_syntax",
    "city_slugs",
    "default_cases",
    "default_graph",
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
