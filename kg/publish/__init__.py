"""`nkkg publish` and `nkkg diff`: a citable, browsable, mappable release of the graph."""

from kg.publish.diff import Change, diff, read_release
from kg.publish.release import PublishResult, publish, release_files, release_graph

__all__ = [
    "Change",
    "PublishResult",
    "diff",
    "publish",
    "read_release",
    "release_files",
    "release_graph",
]
