"""An rdflib graph of a data folder's build, for the tests that hand one to an API."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from rdflib import Graph

from kg.graph.builder import rows
from kg.graph.ontology import load_ontology
from kg.input.loader import load_dataset
from kg.input.model import Dataset
from kg.rdf.nt import text
from kg.resources import data_dir


def graph_of(data: Dataset | str | Path | None = None, *, include_ontology: bool = True) -> Graph:
    """The graph `nkkg build` writes for `data` (the packaged data by default), unvalidated.

    A new Graph each call, which the test may change; without the ontology on request.
    """
    dataset = data if isinstance(data, Dataset) else load_dataset(data)
    graph = load_ontology() if include_ontology else Graph()
    graph.parse(data=text(rows(dataset)).decode(), format="nt")
    return graph


SPECIAL_CITIES = ("pyongyang", "nampo", "rason", "kaesong")
"""The first-level cities whose rosters (kg/data/units-<city>.yaml) the smaller dataset keeps."""


def special_cities_dataset() -> Dataset:
    """The packaged data without the provinces' rosters of second-level units.

    What the graph held before the provinces' rosters came (about half the
    triples): every first-level division, the special cities' districts and
    counties, and the province units another record names (the capitals);
    events that name a dropped unit go too. For the tests that run pyshacl,
    whose time grows with the focus nodes, on planted faults.
    """
    dataset = load_dataset()
    folder = data_dir()
    rosters = [
        p
        for p in folder.glob("units-*.yaml")
        if p.stem.removeprefix("units-") not in SPECIAL_CITIES
    ]
    kept_text = "\n".join(  # the other records' files; sources and events name units too
        p.read_text(encoding="utf-8")
        for p in sorted(folder.glob("*.yaml"))
        if p not in rosters and p.name not in ("sources.yaml", "events.yaml", "kinds.yaml")
    )
    named = set(re.findall(r"\bvalue: ([a-z0-9-]+)", kept_text))
    dropped = {
        record["id"]
        for path in rosters
        for record in yaml.safe_load(path.read_text(encoding="utf-8"))
        if record["id"] not in named
    }
    return dataset.model_copy(
        update={
            "records": tuple(r for r in dataset.records if r.id not in dropped),
            "events": tuple(
                e for e in dataset.events if not {*e.units, *e.before, *e.after} & dropped
            ),
        }
    )
