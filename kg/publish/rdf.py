"""The release's RDF files: one a format of the registry, and the JSON-LD context.

Every file is written by its format's writer in kg.rdf.formats, from the same
sorted N-Triples, so the release's `nkkg.F` and `nkkg build --format F` are the
same bytes (a test checks every format).
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph

from kg.rdf import jsonld
from kg.rdf.formats import FORMATS
from kg.rdf.jsonld import compact_iri, dumps
from kg.rdf.namespace import DEFAULT_BASE
from kg.rdf.nt import sorted_text

__all__ = ["compact_iri", "dumps", "jsonld_document", "rdf_files"]


def jsonld_document(graph: Graph, base: str = DEFAULT_BASE) -> dict[str, Any]:
    """The graph compacted against its context: one node object per subject, sorted."""
    return jsonld.document(jsonld.parse(sorted_text(graph)), base)


def rdf_files(graph: Graph, base: str = DEFAULT_BASE) -> dict[str, bytes]:
    """File name -> bytes for the graph in every format of the registry, and the context."""
    nt = sorted_text(graph)
    files = {f"nkkg.{f.extension}": f.write(nt, base) for f in FORMATS}
    files["context.jsonld"] = dumps({"@context": jsonld.context(jsonld.parse(nt), base)})
    return files
