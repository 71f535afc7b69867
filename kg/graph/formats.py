"""Moved to kg.rdf.formats; this name stays while other branches still import it."""

from kg.rdf.format_names import FormatName
from kg.rdf.formats import (
    FORMATS,
    RdfFormat,
    for_output,
    for_path,
    get,
    graph_formats,
)

__all__ = ["FORMATS", "FormatName", "RdfFormat", "for_output", "for_path", "get", "graph_formats"]
