"""The examples in kg's docstrings run, and give what they show (doctest)."""

from __future__ import annotations

import doctest
import importlib

import pytest

from tests.support.imports import modules

WITH_EXAMPLES = sorted(
    name for name, path in modules().items() if ">>>" in path.read_text(encoding="utf-8")
)


def test_the_modules_with_examples_are_found() -> None:
    assert {"kg", "kg.pipeline", "kg.rdf.namespace", "kg.sparql"} <= set(WITH_EXAMPLES)


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    failed, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS, report=True)
    assert tried > 0 and failed == 0, f"{failed} of {tried} examples in {name} failed"
