"""A query's answer written out: SPARQL 1.1 results CSV, TSV and JSON, and tables for people."""

from __future__ import annotations

import csv
import io
import json

from rdflib import BNode
from rdflib.term import Identifier
from rich import box
from rich.table import Column, Table
from rich.text import Text

from kg.errors import UsageError
from kg.graph.terms import nt, short, to_json
from kg.rdf.namespace import DEFAULT_BASE
from kg.sparql.engines import Answer, QueryResult
from kg.sparql.forms import FORMATS
from kg.sparql.remote import AskResult, GraphResult
from kg.sparql.saved import SavedQuery
from kg.text import json_line, visible


def format_result(result: QueryResult, fmt: str) -> str:
    """The answer as SPARQL 1.1 Query Results CSV, TSV or JSON, or as JSON Lines.

    JSON Lines (jsonl) is one row a line: the row's binding object as SPARQL
    JSON results write it (`{"city": {"type": "uri", "value": ...}}`), compact.
    """
    if fmt in ("json", "jsonl"):
        bindings = [
            {v: to_json(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
            for row in result.rows
        ]
        if fmt == "jsonl":
            return "".join(json_line(b) for b in bindings)
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
    raise UsageError(f"unknown format '{fmt}' (known: {', '.join(FORMATS)})")


def format_answer(answer: Answer, fmt: str, base: str = DEFAULT_BASE) -> bytes:
    """Any query form's answer in `fmt`: a SELECT's rows as format_result() writes them,
    an ASK's boolean as `true`/`false` (or SPARQL JSON results), a CONSTRUCT's or
    DESCRIBE's triples in an RDF format of the registry (turtle for `table`).
    """
    from kg.graph.serialize import serialize
    from kg.rdf import formats

    rdf_names = ", ".join(f.name for f in formats.FORMATS)
    if isinstance(answer, GraphResult):
        if fmt in FORMATS and fmt != "table":
            raise UsageError(
                f"a CONSTRUCT or DESCRIBE query answers with a graph: --format {rdf_names}"
            )
        return serialize(answer.triples, "turtle" if fmt == "table" else fmt, base)
    if fmt not in FORMATS:
        what = (
            "an ASK query answers true or false"
            if isinstance(answer, AskResult)
            else "a SELECT query answers with rows"
        )
        raise UsageError(f"{what}: --format {', '.join(FORMATS)}")
    if isinstance(answer, AskResult):
        if fmt in ("json", "jsonl"):
            data = {"head": {}, "boolean": answer.boolean}
            if fmt == "jsonl":
                return json_line(data).encode("utf-8")
            return (json.dumps(data, indent=2) + "\n").encode("utf-8")
        return b"true\n" if answer.boolean else b"false\n"
    return format_result(answer, fmt).encode("utf-8")


def _csv_term(term: Identifier) -> str:
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def table_rows(result: QueryResult, base: str = DEFAULT_BASE) -> list[list[str]]:
    """The answer's cells as the table shows them."""
    return [[short(t, base) for t in row] for row in result.rows]


def result_table(result: QueryResult, title: str | None = None, base: str = DEFAULT_BASE) -> Table:
    """The answer as a rich Table: prefixed names, literal text, a row count below."""
    count = len(result.rows)
    table = Table(
        *(Column(v, overflow="fold") for v in result.variables),  # print_table never folds
        title=None if title is None else Text(visible(title)),  # never read as rich markup
        caption=f"{count} row{'' if count == 1 else 's'}",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        title_justify="left",
        caption_justify="left",
    )
    for row in table_rows(result, base):
        table.add_row(*(Text(visible(value)) for value in row))
    return table


def list_table(queries: list[SavedQuery]) -> Table:
    """The saved queries as a rich Table: name, title, parameters (a year's with YEAR_RULE)."""
    columns = (Column(name, overflow="fold") for name in ("name", "title", "parameters"))
    table = Table(*columns, box=box.SIMPLE_HEAD, show_edge=False)
    for query in queries:
        params = "\n".join(
            visible(p.signature()) + ("" if p.rule is None else f"\n  ({p.rule})")
            for p in query.parameters
        )
        table.add_row(*(Text(visible(v)) for v in (query.name, query.title)), Text(params))
    return table
