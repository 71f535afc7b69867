"""The `nkkg` command: a thin layer over the Python API.

Each command maps its options to one API call and prints the result. Errors
the user can fix (NkkgError) print as one line on stderr, exit status 1, or 2
for usage errors and unusable input; no traceback reaches the terminal.
"""

from __future__ import annotations

import sys

import typer

# importing the command modules registers their commands on the app
from kg.cli import build, data, link, publish, query, store, timetravel  # noqa: F401
from kg.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("nkkg: interrupted", err=True)
        sys.exit(130)
