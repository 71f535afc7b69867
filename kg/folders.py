"""Folders written whole: staged beside their target, then swapped in.

A release (publish), a store (build --store-dir) and a data export are each
written into a hidden staging folder `.NAME.XXXX.tmp` beside the target, marked
with the writer's pid while it is written, and put in place by swap_in(): one
atomic exchange where the system has one (Linux renameat2 RENAME_EXCHANGE),
so the target holds the old folder or the new one at every moment; elsewhere
two renames, the old folder waiting as `.NAME.XXXX.old` in between (publish
repairs a kill there on its next run). A killed writer's staging folder is
found by its mark and removed by the next writer to the same target.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from pathlib import Path

STAGING_MARK = ".nkkg-staging"  # in a staging folder while it is written: the writer's pid

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def parent_of(target: Path) -> Path:
    return target.parent if str(target.parent) else Path(".")


def staging_beside(target: Path) -> Path:
    """A new staging folder beside `target`, marked with this process's pid (OSError if not)."""
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent_of(target)))
    try:
        (tmp / STAGING_MARK).write_text(f"{os.getpid()}\n", encoding="ascii")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return tmp


def finished(tmp: Path) -> None:
    """Unmark a staging folder: it is whole now (a kill from here leaves a whole folder)."""
    (tmp / STAGING_MARK).unlink(missing_ok=True)


def swap_in(tmp: Path, target: Path) -> None:
    """Put the folder `tmp` at `target` and remove what was there before (OSError if not)."""
    if not target.exists():
        tmp.rename(target)
    elif exchange(tmp, target):
        shutil.rmtree(tmp, ignore_errors=True)  # now the previous folder
    else:  # no atomic exchange here: two renames
        backup = Path(
            tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=parent_of(target))
        )
        backup.rmdir()
        target.rename(backup)
        tmp.rename(target)
        shutil.rmtree(backup, ignore_errors=True)


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system has no such call."""
    libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    call = getattr(libc, "renameat2", None)
    if call is None:
        return False
    result = call(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: the file system cannot
        return False
    raise OSError(errno, os.strerror(errno))


def writer_alive(pid: str) -> bool:
    """Whether the process that marked a staging folder with `pid` still runs (not us)."""
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return int(pid) != os.getpid()


def marked_by_the_dead(path: Path) -> bool:
    """Whether `path` is a staging folder whose writer no longer runs."""
    mark = path / STAGING_MARK
    if path.is_symlink() or not path.is_dir() or not mark.is_file():
        return False
    return not writer_alive(mark.read_text(encoding="ascii", errors="replace").strip())


def remove_dead_staging(target: Path) -> list[Path]:
    """Remove the staging folders killed writers to `target` left; a running writer's stay."""
    removed = []
    for path in sorted(parent_of(target).glob(f".{target.name}.*.tmp")):
        if marked_by_the_dead(path):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed
