"""Replacing a release folder: only one nkkg wrote, whole or not at all, across a kill.

A folder is taken for an earlier release only if its SHA256SUMS lists exactly
the files in it, with the checksums they still have: a file the user added or
changed there is named and the publish refused, so nothing of theirs is
deleted. The new release is written into a staging folder beside the target
(marked with `.nkkg-staging` and the writer's pid), and swapped with the target
in one atomic rename (renameat2 RENAME_EXCHANGE on Linux): at every moment the
target holds either the previous release or the new one, whole. Where the
file system has no such call, two renames are used and a kill between them is
repaired by the next run, which renames the whole release left beside the
target back onto it. Staging and backup folders that a killed run left behind
are removed by the next run.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from collections.abc import Mapping
from pathlib import Path

from kg.errors import NkkgError
from kg.folders import (
    STAGING_MARK,
    finished,
    marked_by_the_dead,
    parent_of,
    staging_beside,
    swap_in,
)

MANIFEST = "SHA256SUMS"


def release_target(out: str | Path) -> Path:
    """The folder a publish to `out` writes: a symlink's target (the link is kept), as build."""
    given = Path(out)
    return Path(os.path.realpath(given)) if given.is_symlink() else given


def check_replaceable(given: Path, target: Path) -> None:
    """Refuse a target that is not empty and not exactly a release nkkg wrote (one line)."""
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise NkkgError(f"cannot write release {given}: folder {parent} does not exist")
    if not target.exists():
        return
    if not target.is_dir():
        raise NkkgError(f"cannot write release {given}: it is a file, not a folder")
    found = _files(given, target)
    if not found:
        return
    if MANIFEST not in found:
        raise NkkgError(
            f"cannot write release {given}: the folder is not empty and holds no "
            f"{MANIFEST}, so it is not an earlier release; choose another folder"
        )
    listed = _manifest(given, target / MANIFEST)
    for name in sorted(found - {MANIFEST}):
        if name not in listed:
            raise NkkgError(
                f"cannot write release {given}: {name} is not listed in its {MANIFEST}, "
                "so it is not nkkg's; move it away or choose another folder"
            )
        if _sha256(target / name) != listed[name]:
            raise NkkgError(
                f"cannot write release {given}: {name} was changed since nkkg wrote it "
                f"(its checksum differs from {MANIFEST}); move it away or choose another folder"
            )
    missing = sorted(set(listed) - found)
    if missing:
        raise NkkgError(
            f"cannot write release {given}: {missing[0]} is listed in {MANIFEST} but "
            "missing, so the folder is not a release nkkg wrote; choose another folder"
        )


def write_folder(given: Path, target: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write `files` as the folder `target`, swapped in atomically; returns leftovers removed."""
    removed = remove_leftovers(target)
    try:
        tmp = staging_beside(target)
    except OSError as err:
        raise NkkgError(
            f"cannot write release {given}: {err.strerror} (staging folder in {parent_of(target)})"
        ) from None
    try:
        for name, data in sorted(files.items()):
            path = tmp / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            path.chmod(0o644)
        for folder in [tmp, *(p for p in tmp.rglob("*") if p.is_dir())]:
            folder.chmod(0o755)
        finished(tmp)  # from here the staging folder is a whole release: its manifest proves it
        swap_in(tmp, target)  # two renames where there is no exchange: recovered next run
    except OSError as err:
        shutil.rmtree(tmp, ignore_errors=True)
        raise NkkgError(f"cannot write release {given}: {err.strerror or err}") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return removed


def remove_leftovers(target: Path) -> list[Path]:
    """Remove staging/backup folders of killed publishes to `target`; others' are kept.

    A leftover is `.NAME.*.tmp` or `.NAME.*.old` beside the target that is either
    still marked as staging by a process that no longer runs, or a whole release
    by its manifest (the previous release after a swap, or a finished staging).
    A kill between the two renames of a system without an atomic exchange leaves
    no target: the whole release it left is renamed back onto the target first
    (the finished staging, the newer one, before the backup), so nothing is lost.
    """
    leftovers = []
    for path in sorted(parent_of(target).glob(f".{target.name}.*")):
        if path.suffix not in (".tmp", ".old") or path.is_symlink() or not path.is_dir():
            continue
        if (path / STAGING_MARK).is_file():
            if not marked_by_the_dead(path):
                continue  # another publish is writing it now
        elif not _is_release(path):
            continue
        leftovers.append(path)
    whole = [p for p in leftovers if not (p / STAGING_MARK).exists()]
    if whole and not target.exists() and not target.is_symlink():
        newest = min(whole, key=lambda p: (p.suffix != ".tmp", -(p / MANIFEST).stat().st_mtime_ns))
        newest.rename(target)
        leftovers.remove(newest)
    for path in leftovers:
        shutil.rmtree(path, ignore_errors=True)
    return leftovers


def _is_release(path: Path) -> bool:
    try:
        check_replaceable(path, path)
    except NkkgError:
        return False
    return (path / MANIFEST).is_file()


def _files(given: Path, folder: Path) -> set[str]:
    """Every entry below `folder` as a relative path; anything not a file or folder is refused."""
    found = set()
    for path in folder.rglob("*"):
        mode = path.lstat().st_mode
        if stat.S_ISDIR(mode):
            continue
        name = path.relative_to(folder).as_posix()
        if not stat.S_ISREG(mode):
            raise NkkgError(
                f"cannot write release {given}: {name} is not a regular file, so the folder "
                "is not a release nkkg wrote; choose another folder"
            )
        found.add(name)
    return found


def _manifest(given: Path, path: Path) -> dict[str, str]:
    listed = {}
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = None
    for line in (text or "").splitlines():
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64:
            text = None
            break
        listed[name] = digest
    if text is None:
        raise NkkgError(
            f"cannot write release {given}: its {MANIFEST} is not a checksum list nkkg "
            "wrote; choose another folder"
        )
    return listed


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
