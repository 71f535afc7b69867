"""The shape of kg/: imports run one way, and only the command line picks the packaged data."""

from __future__ import annotations

from tests.support.imports import cycles, floors, graph, mentions, rooms


def test_the_import_graph_sees_function_level_imports() -> None:
    # Project.query imports the query engine inside the method, kg.console the app
    assert "kg.sparql.engines" in graph()["kg.pipeline"]
    assert "kg.cli.app" in graph()["kg.console"]
    assert cycles({"a": ["b"], "b": ["a"], "c": ["a"]}) == [["a", "b"]]


def test_kg_has_no_import_cycle() -> None:
    assert cycles() == []
    assert cycles(rooms()) == []  # nor between subpackages: each has a floor


def test_the_layers_run_one_way() -> None:
    floor = floors()
    assert floor["kg.rdf"] < floor["kg.graph"] < floor["kg.pipeline"] < floor["kg.publish"]
    assert floor["kg.views"] < min(floor["kg.publish"], floor["kg.wikidata"])
    assert floor["kg.sparql"] < floor["kg.serve"] and floor["kg.store"] < floor["kg.serve"]
    assert max(floor.values()) == floor["kg.__main__"]


def test_only_the_command_line_reaches_for_the_packaged_project() -> None:
    # below kg.cli every feature takes the Project, graph, store, file or URL it works on
    assert mentions("default_project", outside=("kg.cli", "kg.pipeline")) == []
