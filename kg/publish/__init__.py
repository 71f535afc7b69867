"""`nkkg publish` and `nkkg diff`: a citable, browsable, mappable release of the graph.

The diff function is kg.publish.diff.diff (the submodule's name would shadow it here).
Names are imported on first use, so that registering the commands on the
`nkkg` CLI costs no start-up time for the other commands.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "Change": "kg.publish.diff",
    "read_release": "kg.publish.diff",
    "PublishResult": "kg.publish.release",
    "publish": "kg.publish.release",
    "release_graph": "kg.publish.release",
    "release_project": "kg.publish.release",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'kg.publish' has no attribute {name!r}")
