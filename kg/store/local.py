"""A built graph in an on-disk pyoxigraph store: build once (`nkkg build --store-dir`), query many.

Parsing a 700,000-triple file takes seconds and a gigabyte; opening a store
takes milliseconds, and pyoxigraph's indexes answer the saved queries from
disk. A store folder holds a marker file with the graph's checksum, so nkkg
only ever replaces or opens folders it wrote. The new store is loaded into a
staging folder beside the target and swapped into place (kg.folders): a
reader never sees a half-loaded store.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputFileError, NkkgError
from kg.folders import finished, remove_dead_staging, staging_beside, swap_in

MARKER = "nkkg-store.txt"


def check_store_target(folder: str | Path) -> Path:
    """Refuse a store folder that write_store would refuse, before anything else is written."""
    target = Path(folder)
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise NkkgError(f"cannot write store {target}: folder {parent} does not exist")
    ours_or_empty = (target / MARKER).is_file() or (target.is_dir() and not any(target.iterdir()))
    if target.exists() and not ours_or_empty:
        raise NkkgError(f"cannot write store {target}: it exists and is not an nkkg store")
    return target


def write_store(nt: bytes, folder: str | Path) -> Path:
    """Load canonical N-Triples into a new store at `folder`, replacing one nkkg wrote there."""
    with staged_store(nt, folder) as target:
        return target


@contextlib.contextmanager
def staged_store(nt: bytes, folder: str | Path) -> Iterator[Path]:
    """Load a new store beside `folder`; it replaces `folder` only when the block succeeds.

    So `nkkg build --out F --store-dir D` writes F inside the block and leaves
    D as it was if F cannot be written, and F as it was if the store cannot be
    loaded (a full disk, a read-only folder): both or neither.
    """
    target = check_store_target(folder)
    tmp: Path | None = None
    try:
        remove_dead_staging(target)  # what killed builds left
        tmp = staging_beside(target)
        store = ox.Store(str(tmp / "oxigraph"))
        store.bulk_load(nt, format=ox.RdfFormat.N_TRIPLES)
        store.flush()
        del store  # closes the database before its folder is renamed
        lines = nt.count(b"\n")
        checksum = hashlib.sha256(nt).hexdigest()
        (tmp / MARKER).write_text(
            f"nkkg store\ntriples\t{lines}\nsha256\t{checksum}\n", encoding="utf-8"
        )
    except BaseException as err:
        _remove(tmp)
        if isinstance(err, OSError):
            raise NkkgError(f"cannot write store {target}: {err.strerror or err}") from None
        raise
    try:
        yield target
    except BaseException:
        _remove(tmp)
        raise
    try:
        finished(tmp)
        swap_in(tmp, target)
    except OSError as err:
        _remove(tmp)
        raise NkkgError(f"cannot write store {target}: {err.strerror or err}") from None


def _remove(tmp: Path | None) -> None:
    if tmp is not None:
        shutil.rmtree(tmp, ignore_errors=True)


def open_store(folder: str | Path) -> ox.Store:
    """A store `nkkg build --store-dir` wrote, opened read-only."""
    path = Path(folder)
    if not (path / MARKER).is_file():
        what = "no such folder" if not path.exists() else "not a store written by nkkg build"
        raise InputFileError(f"{path}: {what} (make one with `nkkg build --store-dir {path}`)")
    try:
        return ox.Store.read_only(str(path / "oxigraph"))
    except OSError as err:
        raise InputFileError(f"{path}: cannot open the store: {err}") from None
