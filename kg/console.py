"""The `nkkg` console script and `python -m kg`: Ctrl-C is one line from the first instant.

kg.cli imports typer, rich and the command table, a window of a few hundred
milliseconds before kg.cli.main's own handler is armed; a Ctrl-C there gave
Python's traceback. This module imports nothing but `sys` before the handler.
"""

from __future__ import annotations

import sys

INTERRUPTED = "nkkg: interrupted"
"""The line a Ctrl-C prints on stderr (exit status 130, as shells report SIGINT)."""


def main() -> None:
    try:
        from kg.cli import main as run
    except KeyboardInterrupt:
        print(INTERRUPTED, file=sys.stderr)
        sys.exit(130)
    run()
