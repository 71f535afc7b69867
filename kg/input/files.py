"""Reading a user's input file: regular files only, up to a size limit, and said in one line.

A FIFO blocks a read for ever, a device (or a symlink to /dev/zero) never
ends, and a dangling symlink silently reads as "no file". Every data and RDF
file nkkg reads is opened without blocking, checked on the open descriptor
(so a swap after the check cannot slip through), and read only if it is a
regular file within NKKG_MAX_FILE_MB (default 1024 MiB).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_FILE_ENV = "NKKG_MAX_FILE_MB"
DEFAULT_MAX_FILE_MB = 1024


class UnreadableFile(Exception):
    """Why a file cannot be read, as the end of a one-line message (after the file's name)."""


def max_file_bytes() -> int:
    raw = os.environ.get(MAX_FILE_ENV, "").strip()
    try:
        value = float(raw) if raw else DEFAULT_MAX_FILE_MB
        if not 0 < value < 1 << 40:
            raise ValueError
    except ValueError:
        raise UnreadableFile(f"{MAX_FILE_ENV}='{raw}' is not a positive number of MiB") from None
    return int(value * (1 << 20))


def read_bytes(path: str | Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file, or UnreadableFile saying why not (never blocks)."""
    file = Path(path)
    limit = max_file_bytes() if limit is None else limit
    if file.is_symlink() and not file.exists():
        raise UnreadableFile(f"a symlink to {os.readlink(file)}, which does not exist")
    try:
        fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise UnreadableFile("no such file") from None
    except OSError as err:
        raise UnreadableFile(f"cannot read: {err.strerror}") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableFile("is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile("not a regular file (device, FIFO or socket)")
        if info.st_size > limit:
            raise UnreadableFile(
                f"{info.st_size} bytes, more than the limit of {limit} ({MAX_FILE_ENV} raises it)"
            )
        try:
            data = handle.read(limit + 1)
        except OSError as err:
            raise UnreadableFile(f"cannot read: {err.strerror}") from None
    if len(data) > limit:  # it grew while read
        raise UnreadableFile(f"more than the limit of {limit} bytes ({MAX_FILE_ENV} raises it)")
    return data


def check_regular(path: str | Path) -> None:
    """Refuse (UnreadableFile) anything but an existing regular file within the size limit."""
    file = Path(path)
    if file.is_symlink() and not file.exists():
        raise UnreadableFile(f"a symlink to {os.readlink(file)}, which does not exist")
    try:
        info = file.stat()
    except FileNotFoundError:
        raise UnreadableFile("no such file") from None
    except OSError as err:
        raise UnreadableFile(f"cannot read: {err.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableFile("is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFile("not a regular file (device, FIFO or socket)")
    limit = max_file_bytes()
    if info.st_size > limit:
        raise UnreadableFile(
            f"{info.st_size} bytes, more than the limit of {limit} ({MAX_FILE_ENV} raises it)"
        )


def data_files(folder: Path) -> list[Path]:
    """The files of a data folder that are read: YAML and JSON Lines, by name."""
    return sorted([*folder.glob("*.yaml"), *folder.glob("*.jsonl")])
