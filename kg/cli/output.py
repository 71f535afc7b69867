"""How commands print: tables styled in a terminal and plain when piped, progress on stderr."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TextIO

from rich import box
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.table import Table
from rich.text import Text


def print_table(table: Table) -> None:
    """Print a rich table: styled in a terminal; plain, unwrapped and right-trimmed when piped."""
    if sys.stdout.isatty():
        Console(highlight=False).print(table)
        return
    console = Console(width=10_000, highlight=False, no_color=True)
    with console.capture() as captured:
        console.print(table)
    sys.stdout.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


def rows_table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> Table:
    """A table of plain text cells (Text: no rich markup is read from values)."""
    table = Table(*columns, box=box.SIMPLE_HEAD, show_edge=False)
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    return table


def upload_progress() -> Progress:
    """Upload progress on stderr, drawn only on a terminal (kg.store shows it for large files)."""
    console = Console(stderr=True)
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )


@contextmanager
def request_progress(description: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr while requests run; nothing when stderr is not a terminal."""
    console = Console(stderr=True)
    with Progress(console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task(description, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


@contextmanager
def waiting(
    what: str, limit: float, after: float = 2.0, stream: TextIO | None = None
) -> Iterator[None]:
    """One "waiting for ..." line on stderr once `after` seconds pass; only on a terminal."""
    out = stream if stream is not None else sys.stderr
    if not out.isatty():
        yield
        return

    def say() -> None:
        print(
            f"nkkg: waiting for {what} (limit {limit:g} s, --timeout SECONDS)", file=out, flush=True
        )

    timer = threading.Timer(after, say)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
