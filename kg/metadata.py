"""The package's version and default base IRI, without rdflib: nkkg --version starts at once."""

from __future__ import annotations

from functools import cache

DEFAULT_BASE = "https://w3id.org/nkkg/id/"
"""The base IRI of entity IRIs (kg.rdf.namespace re-exports it with the other namespaces)."""


@cache
def version() -> str:
    """The installed package's version (pyproject.toml's), or 0.0.0 in an uninstalled tree."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("nkkg")
    except PackageNotFoundError:
        return "0.0.0"
