"""Where the ontology, shapes, queries and default data live.

In a wheel they are package data under kg/; in a source checkout (including
an editable install) they are the top-level folders beside kg/.
"""

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def resource_dir(name: str) -> Path:
    """The folder `name` (ontology, shapes or queries), packaged or in the checkout."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"nkkg is installed without its {name}/ folder")


def data_dir() -> Path:
    """The sourced input data that `nkkg build` reads by default."""
    return _PACKAGE / "data"


def ontology_path() -> Path:
    return resource_dir("ontology") / "nkkg.ttl"
