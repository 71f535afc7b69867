"""Run the views' queries (kg/views/queries/*.rq) on a pyoxigraph Store; answers in rdflib terms.

The queries are the views' definition, as kg/timetravel/queries/ are the time
travel's: they run unchanged on any SPARQL 1.1 engine holding the graph. Here
they run in-process on the Store the views were given, with no worker process
and no deadline (they are the views' own queries, on a graph in hand), and
each term is converted once: the answers repeat the same properties, sources
and kinds thousands of times.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from kg.graph.terms import from_oxigraph

QUERIES = Path(__file__).parent / "queries"
# pyoxigraph stores a literal of a datatype it knows by its value and writes it back in the
# canonical form (829.0 -> 829, 0.50 -> 0.5, "1"^^xsd:boolean -> true); the release shows the
# data's own lexical forms, as rdflib keeps them. So the views' Store holds every typed literal
# under this prefix before its datatype IRI, a datatype pyoxigraph does not know, and the
# answers take the prefix off: the same terms as the rdflib graph's, compared as rdflib does.
LEXICAL = "urn:nkkg:lexical:"
_TYPED = re.compile(rb'("(?:[^"\\\n]|\\.)*")\^\^<')

Row = dict[str, Identifier | None]


def lexical_store(nt: bytes) -> ox.Store:
    """A Store of N-Triples that keeps every literal's lexical form (see LEXICAL)."""
    store = ox.Store()
    wrapped = _TYPED.sub(rb"\1^^<" + LEXICAL.encode(), nt)
    store.bulk_load(wrapped, format=ox.RdfFormat.N_TRIPLES)
    return store


def _term(term: object) -> Identifier:
    if isinstance(term, ox.Literal) and term.datatype.value.startswith(LEXICAL):
        datatype = term.datatype.value[len(LEXICAL) :]
        if datatype == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    return from_oxigraph(term)


@cache
def query_text(name: str) -> str:
    """The text of kg/views/queries/NAME.rq."""
    return (QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def select(store: ox.Store, name: str, terms: dict[object, Identifier]) -> list[Row]:
    """The rows of query NAME on `store`: variable -> rdflib term (None: unbound).

    `terms` keeps the conversions (pyoxigraph term -> rdflib term) for the next query.
    """
    solutions = store.query(query_text(name))
    assert isinstance(solutions, ox.QuerySolutions), name
    variables = [v.value for v in solutions.variables]
    rows = []
    for solution in solutions:
        row: Row = {}
        for index, variable in enumerate(variables):
            term = solution[index]
            if term is None:
                row[variable] = None
                continue
            found = terms.get(term)
            if found is None:
                found = terms[term] = _term(term)
            row[variable] = found
        rows.append(row)
    return rows
