"""nkkg: a sourced, validated linked-data graph of North Korea's first-level divisions.

>>> from kg import Project
>>> project = Project()                 # the packaged data
>>> graph = project.validated_graph()   # built once, validated once
>>> turtle = project.serialize("turtle")
>>> project.report().conforms
True
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

# Each public name and the module that defines it. They are imported on first
# use (PEP 562), so `import kg.cli` (and `nkkg --version`) does not pay for
# rdflib, pydantic and pyshacl before a command needs them.
_EXPORTS = {
    "DataError": "kg.errors",
    "NkkgError": "kg.errors",
    "UsageError": "kg.errors",
    "load_ontology": "kg.graph.ontology",
    "version": "kg.metadata",
    "read_graph": "kg.graph.reader",
    "write_atomic": "kg.graph.serialize",
    "load_dataset": "kg.input.loader",
    "Dataset": "kg.input.model",
    "BuildResult": "kg.pipeline",
    "Project": "kg.pipeline",
    "build": "kg.pipeline",
    "FORMATS": "kg.rdf.formats",
    "serialize": "kg.rdf.formats",
    "DEFAULT_BASE": "kg.rdf.namespace",
    "NKKG": "kg.rdf.namespace",
    "check_ontology": "kg.validation.ontology_checks",
    "ValidationFailed": "kg.validation.model",
    "ValidationReport": "kg.validation.model",
    "ValidationResult": "kg.validation.model",
    "load_shapes": "kg.validation.shapes",
    "validate_graph": "kg.validation.api",
}

if TYPE_CHECKING:
    from kg.errors import DataError, NkkgError, UsageError
    from kg.graph.ontology import load_ontology
    from kg.graph.reader import read_graph
    from kg.graph.serialize import write_atomic
    from kg.input.loader import load_dataset
    from kg.input.model import Dataset
    from kg.metadata import version
    from kg.pipeline import BuildResult, Project, build
    from kg.rdf.formats import FORMATS, serialize
    from kg.rdf.namespace import DEFAULT_BASE, NKKG
    from kg.validation.api import validate_graph
    from kg.validation.model import ValidationFailed, ValidationReport, ValidationResult
    from kg.validation.ontology_checks import check_ontology
    from kg.validation.shapes import load_shapes

    __version__: str


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from kg.metadata import version

        return version()
    if name in _EXPORTS:
        value = getattr(import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS, "__version__"])


__all__ = [
    "DEFAULT_BASE",
    "FORMATS",
    "NKKG",
    "BuildResult",
    "DataError",
    "Dataset",
    "NkkgError",
    "Project",
    "UsageError",
    "ValidationFailed",
    "ValidationReport",
    "ValidationResult",
    "__version__",
    "build",
    "check_ontology",
    "load_dataset",
    "load_ontology",
    "load_shapes",
    "read_graph",
    "serialize",
    "validate_graph",
    "version",
    "write_atomic",
]
