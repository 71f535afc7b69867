"""nkkg: a sourced, validated linked-data graph of North Korea's first-level divisions.

>>> from kg import Project
>>> project = Project()                 # the packaged data
>>> graph = project.validated_graph()   # built once, validated once
>>> turtle = project.serialize("turtle")
>>> project.report().conforms
True
"""

from kg.errors import DataError, NkkgError, UsageError
from kg.graph.ontology import load_ontology, version
from kg.graph.reader import read_graph
from kg.graph.serialize import write_atomic
from kg.input.loader import load_dataset
from kg.input.model import Dataset
from kg.pipeline import BuildResult, Project, build
from kg.rdf.formats import FORMATS, serialize
from kg.rdf.namespace import DEFAULT_BASE, NKKG
from kg.validation.ontology_checks import check_ontology
from kg.validation.shacl import (
    ValidationFailed,
    ValidationReport,
    ValidationResult,
    load_shapes,
    validate_graph,
)

__version__ = version()

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
    "write_atomic",
]
