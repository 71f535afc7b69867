"""The choices and options the commands share, declared once.

Choices are enums taken from the library's registries, so a bad `--format`
fails while the command line is parsed (exit status 2), before any data is read.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kg.metadata import DEFAULT_BASE
from kg.rdf.format_names import NAMES as RDF_FORMAT_NAMES
from kg.rdf.format_names import FormatName
from kg.sparql.forms import ENGINES
from kg.sparql.forms import FORMATS as RESULT_FORMATS

RdfFormatChoice = FormatName
# rows (SELECT, ASK) or a graph (CONSTRUCT, DESCRIBE): the RDF formats' names, not their aliases
ResultFormat = StrEnum(  # type: ignore[misc]
    "ResultFormat", {name: name for name in (*RESULT_FORMATS, *RDF_FORMAT_NAMES)}
)
Engine = StrEnum("Engine", {name: name for name in ENGINES})  # type: ignore[misc]
TURTLE = RdfFormatChoice("turtle")
TABLE = ResultFormat("table")


class ReportFormat(StrEnum):
    text = "text"
    turtle = "turtle"
    json = "json"


class RowsFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    """JSON Lines: the records the json format lists, one a line."""


Data = Annotated[
    Path | None, typer.Option("--data", help="Input data folder (default: the packaged data).")
]
Base = Annotated[str, typer.Option("--base", help="Base IRI for entity IRIs.")]
NoValidate = Annotated[
    bool,
    typer.Option("--no-validate", help="Skip validation (SHACL shapes and ontology checks)."),
]
Attempts = Annotated[
    int, typer.Option("--attempts", min=1, help="Tries per request (transient failures).")
]

__all__ = [
    "DEFAULT_BASE",
    "TABLE",
    "TURTLE",
    "Attempts",
    "Base",
    "Data",
    "Engine",
    "NoValidate",
    "RdfFormatChoice",
    "ReportFormat",
    "ResultFormat",
    "RowsFormat",
]
