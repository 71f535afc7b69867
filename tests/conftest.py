"""Shared fixtures: the packaged dataset, the built graph, and a way to run `nkkg`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph

from kg import build_graph, load_dataset
from kg.model import Dataset
from kg.resources import data_dir

RunNkkg = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    return load_dataset()


@pytest.fixture(scope="session")
def graph(dataset: Dataset) -> Graph:
    """The graph `nkkg build` writes (data and ontology). Do not modify: copy it."""
    return build_graph(dataset)


@pytest.fixture(scope="session")
def data_graph(dataset: Dataset) -> Graph:
    """The data triples alone, without the merged ontology."""
    return build_graph(dataset, include_ontology=False)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the packaged input data folder."""
    target = tmp_path / "data"
    shutil.copytree(data_dir(), target)
    return target


def _run(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 120
):
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def run_nkkg() -> RunNkkg:
    """Run the `nkkg` command in a subprocess; returns the CompletedProcess."""
    return _run
