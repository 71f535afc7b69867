"""The `nkkg` console script and `python -m kg`: Ctrl-C is one line from the first instant.

kg.cli imports typer, rich and the command table, a window of a few hundred
milliseconds; a Ctrl-C there gave Python's traceback. This module imports
nothing but `sys` before its one handler, which covers the import and the run.
"""

from __future__ import annotations

import sys

INTERRUPTED = "nkkg: interrupted"
"""The line a Ctrl-C prints on stderr (exit status 130, as shells report SIGINT)."""


def main() -> None:
    """Run the command; a Ctrl-C, while it imports or while it runs, is one line."""
    try:
        from kg.cli.app import app

        app()
    except KeyboardInterrupt:
        print(INTERRUPTED, file=sys.stderr)
        sys.exit(130)
