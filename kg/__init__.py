"""nkkg: a sourced, validated linked-data graph of North Korea's special cities.

>>> from kg import load_dataset, build_graph, serialize, validate_graph
>>> graph = build_graph(load_dataset())
>>> turtle = serialize(graph, "turtle")
>>> validate_graph(graph).conforms
True
"""

from importlib.metadata import PackageNotFoundError, version

from kg.build import BuildResult, build
from kg.builder import build_graph, load_ontology, triples
from kg.errors import DataError, NkkgError
from kg.loader import load_dataset
from kg.model import Dataset
from kg.namespace import DEFAULT_BASE, NKKG
from kg.rdfio import read_graph
from kg.serialize import FORMATS, serialize, write_atomic
from kg.validate import (
    ValidationFailed,
    ValidationReport,
    ValidationResult,
    check_ontology,
    load_shapes,
    validate_graph,
)

try:
    __version__ = version("nkkg")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

__all__ = [
    "DEFAULT_BASE",
    "FORMATS",
    "NKKG",
    "BuildResult",
    "DataError",
    "Dataset",
    "NkkgError",
    "ValidationFailed",
    "ValidationReport",
    "ValidationResult",
    "__version__",
    "build",
    "build_graph",
    "check_ontology",
    "load_dataset",
    "load_ontology",
    "load_shapes",
    "read_graph",
    "serialize",
    "triples",
    "validate_graph",
    "write_atomic",
]
