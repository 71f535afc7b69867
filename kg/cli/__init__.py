"""The `nkkg` command: a thin layer over the Python API.

Each command maps its options to one API call and prints the result. Errors
the user can fix (NkkgError) print as one line on stderr, exit status 1, or 2
for usage errors and unusable input; no traceback reaches the terminal.
Commands are imported when they run (kg.cli.app), so start-up stays short;
the console script (kg.console) runs the app and turns Ctrl-C into one line.
"""

from __future__ import annotations

from kg.cli.app import app

__all__ = ["app"]
