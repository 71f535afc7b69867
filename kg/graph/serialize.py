"""Write files atomically; serialize() is the format registry's (kg.rdf.formats).

A write goes to a temporary file beside the target and is renamed over it, so
no command leaves a half-written output (docs/design.md, "Known pitfalls").
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from kg.errors import NkkgError
from kg.rdf.formats import serialize

__all__ = ["output_path", "serialize", "write_atomic"]


def output_path(path: str | Path) -> Path:
    """The file a write to `path` replaces: a symlink's target; refuses anything not a file.

    A new path or an existing regular file is fine. A symlink is followed, so the
    file it points to is replaced and the link kept. Directories, devices, FIFOs
    and sockets are refused: writing there would destroy or hang, never build.
    """
    given = Path(path)
    target = Path(os.path.realpath(given)) if given.is_symlink() else given
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as err:
        raise NkkgError(f"cannot write {given}: {err.strerror}") from None
    if mode is not None and not stat.S_ISREG(mode):
        kind = (
            "a directory" if stat.S_ISDIR(mode) else "not a regular file (device, FIFO or socket)"
        )
        raise NkkgError(f"cannot write {given}: it is {kind}")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise NkkgError(f"cannot write {given}: folder {folder} does not exist")
    return target


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write to a temporary file beside `path`, then rename: no half-written output.

    See output_path() for what may be replaced. Every failure is one NkkgError line.
    """
    target = output_path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mode = 0o644
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise NkkgError(
            f"cannot write {path}: {err.strerror} (temporary file in {folder})"
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise NkkgError(f"cannot write {path}: {err.strerror}") from None
        raise
    return Path(path)
