"""Progress of long work as one callback: the library reports it, the CLI draws it.

Reading, checking and building 50 MB of input takes minutes with nothing else
to show, so the pipeline calls `progress(description, done, total)` as it goes
(`total` None where the amount of work is not known in advance). The command
line draws a bar on stderr when it is a terminal (kg.cli.output.build_progress);
the default reports to nobody.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, "int | None"], None]

# how many records are checked between two reports: often enough for a bar that
# moves, rare enough that the calls cost nothing beside pydantic's checks
EVERY = 512


def silent(description: str, done: int, total: int | None) -> None:
    """The default: nobody is told."""
