"""How commands print: tables styled in a terminal and plain when piped, progress on stderr."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from kg.text import json_line, visible

# rich is imported where a table or a bar is drawn: shell completion and --help
# import this module to build the commands and must not pay for it (~25 ms)
if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table
    from rich.text import Text

    from kg.progress import Progress as ProgressReport


def write_out(text: str) -> None:
    """Write to stdout as UTF-8 bytes, whatever the locale (PYTHONIOENCODING=ascii too).

    CSV, TSV, JSON and piped tables are data: their bytes must not depend on
    the terminal's encoding, and an ASCII locale must not end in a traceback.
    """
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()


def write_json(data: object) -> None:
    """Machine-readable output of every command: one JSON style (2-space indent, UTF-8 text)."""
    write_out(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def write_records(records: Sequence[object], fmt: str) -> None:
    """Records as one JSON array (json) or one record a line (jsonl, JSON Lines)."""
    if fmt == "jsonl":
        write_out("".join(json_line(r) for r in records))
    else:
        write_json(list(records))


def delimited(header: Sequence[str], rows: Sequence[Sequence[str]], fmt: str) -> str:
    """Rows as CSV (RFC 4180, CRLF) or TSV (tabs and newlines in values become spaces)."""
    if fmt == "tsv":
        clean = [[" ".join(str(v).split("\t")).replace("\n", " ") for v in r] for r in rows]
        return "".join("\t".join(r) + "\n" for r in [list(header), *clean])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def write_bytes(data: bytes) -> None:
    """Write bytes as they are (an RDF serialization, UTF-8 already) to stdout."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


def write_terminal(text: str) -> None:
    """Text for people: in the terminal's encoding (what it cannot show as \\u escapes), else UTF-8.

    An ASCII terminal gets `\\ud3c9` for a Korean letter rather than a traceback.
    """
    if not sys.stdout.isatty():
        write_out(text)
        return
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode(encoding, "backslashreplace"))
    sys.stdout.flush()


def print_styled(lines: Sequence[tuple[str, str]]) -> None:
    """(style, text) lines, styled in a terminal (NO_COLOR honoured); text escaped (kg.text)."""
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=True, no_color=bool(os.environ.get("NO_COLOR")))
    with console.capture() as captured:
        for style, line in lines:
            console.print(Text(visible(line), style=style))
    write_terminal(captured.get())


def print_table(table: Table) -> None:
    """Print a rich table: styled in a terminal; plain, unwrapped and right-trimmed otherwise.

    A table wider than the terminal is not wrapped either: folding cells would
    split numbers across lines, so the plain layout is printed and the terminal
    wraps whole lines. NO_COLOR (any non-empty value) turns styles off.
    """
    from rich.console import Console

    if sys.stdout.isatty():
        console = Console(highlight=False, no_color=bool(os.environ.get("NO_COLOR")))
        natural = console.measure(table, options=console.options.update(max_width=10_000))
        if natural.maximum <= console.width:
            with console.capture() as captured:
                console.print(table)
            write_terminal(captured.get())
            return
    console = Console(width=10_000, highlight=False, color_system=None)
    with console.capture() as captured:
        console.print(table)
    write_out("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


def cell(value: str) -> Text:
    """A table cell from data: escapes shown visibly (kg.text), no rich markup read."""
    from rich.text import Text

    return Text(visible(value))


def rows_table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> Table:
    """A table of plain text cells (Text: no rich markup is read from values)."""
    from rich import box
    from rich.table import Table

    table = Table(*columns, box=box.SIMPLE_HEAD, show_edge=False)
    for row in rows:
        table.add_row(*(cell(value) for value in row))
    return table


def upload_progress() -> Progress:
    """Upload progress on stderr, drawn only on a terminal (kg.store shows it for large files)."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

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


# Input this large takes seconds to read and check (about 10 s for 50 MB of
# JSON Lines): below it the build is done before a bar would help
PROGRESS_FROM_BYTES = 4 * 1024 * 1024


def input_size(folder: Path) -> int:
    """The bytes of the data files `folder` holds (0 for a folder that is not there)."""
    from kg.input.files import data_files

    try:
        return sum(p.stat().st_size for p in data_files(folder) if p.is_file())
    except OSError:
        return 0


@contextmanager
def build_progress(
    folder: Path, console: Console | None = None, threshold: int = PROGRESS_FROM_BYTES
) -> Iterator[ProgressReport]:
    """A bar on stderr while large input is read, checked, built and validated.

    Drawn only on a terminal and for input of at least `threshold` bytes; piped,
    or for small input, nothing is printed. The bar is removed when done.
    """
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
    )

    out = console if console is not None else Console(stderr=True)
    shown = out.is_terminal and input_size(folder) >= threshold
    # a file name is shown as it is, never read as rich markup
    columns = (TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn())
    with Progress(
        *columns, TimeElapsedColumn(), console=out, transient=True, disable=not shown
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def report(description: str, done: int, total: int | None) -> None:
            if description not in tasks:  # a new step: a bar of its own, with its own clock
                for previous in tasks.values():
                    bar.remove_task(previous)
                tasks.clear()
                tasks[description] = bar.add_task(visible(description), total=total)
            bar.update(tasks[description], completed=done)

        yield report


@contextmanager
def request_progress(description: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr while requests run; nothing when stderr is not a terminal."""
    from rich.console import Console
    from rich.progress import Progress

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
