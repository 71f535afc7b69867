"""An rdflib graph of a data folder's build, for the tests that hand one to an API."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.graph.builder import rows
from kg.graph.ontology import load_ontology
from kg.input.loader import load_dataset
from kg.input.model import Dataset
from kg.rdf.nt import text


def graph_of(data: Dataset | str | Path | None = None, *, include_ontology: bool = True) -> Graph:
    """The graph `nkkg build` writes for `data` (the packaged data by default), unvalidated.

    A new Graph each call, which the test may change; without the ontology on request.
    """
    dataset = data if isinstance(data, Dataset) else load_dataset(data)
    graph = load_ontology() if include_ontology else Graph()
    graph.parse(data=text(rows(dataset)).decode(), format="nt")
    return graph
