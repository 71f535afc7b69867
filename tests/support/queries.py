"""Saved queries run on the packaged data's validated graph, as `nkkg query` runs them.

kg.sparql.execute needs a graph, a store or an endpoint; these hand it the
packaged Project's store (oxigraph) or its rdflib Graph (engine="rdflib").
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rdflib.term import Identifier

from kg.pipeline import default_project
from kg.sparql.engines import Answer, QueryResult, execute, run_query
from kg.sparql.saved import SavedQuery

Params = Mapping[str, str | int | Identifier] | None


def _source(engine: str | None) -> dict[str, Any]:
    project = default_project()
    if engine == "rdflib":
        return {"graph": project.validated_graph(), "engine": "rdflib"}
    return {"store": project.store(), "engine": engine}


def packaged_query(
    query: str | Path | SavedQuery, params: Params = None, *, engine: str | None = None, **kw: Any
) -> QueryResult:
    """run_query on the packaged graph."""
    return run_query(query, params, **_source(engine), **kw)


def packaged_execute(
    query: str | Path | SavedQuery, params: Params = None, *, engine: str | None = None, **kw: Any
) -> Answer:
    """execute() on the packaged graph."""
    return execute(query, params, **_source(engine), **kw)
