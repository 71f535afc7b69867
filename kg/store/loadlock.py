"""One load at a time into a graph, and the staging graphs killed loads left behind.

Two replaces of one graph at once mixed their data (each swap's DROP ran
before both ADDs), so a load holds an exclusive lock on its target (the
endpoint and graph) for its whole run: a second load on this machine is
refused in one line naming the first one's pid. The lock is an flock on a
file under the user's runtime folder, so the kernel releases it when the
holder dies, kill -9 included. Loads on other machines are not seen.

Each staging graph is registered in the same folder with its writer's pid
and update URL while it exists. A load that was killed cannot drop its
staging graph; the next load to the same store finds the registration of a
pid that no longer runs, drops that graph and says so.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from kg.errors import NkkgError

ENV = "NKKG_LOAD_LOCKS"
"""The folder of locks and staging registrations (default: a per-user folder in /tmp)."""


class LoadBusy(NkkgError):
    """Another load into the same graph is running."""


def lock_folder() -> Path:
    folder = Path(os.environ.get(ENV) or Path(tempfile.gettempdir()) / f"nkkg-loads-{os.getuid()}")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _key(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


@contextlib.contextmanager
def target_lock(endpoint: str, graph_iri: str | None, target: str) -> Iterator[None]:
    """Hold the lock of one graph at one endpoint, or raise LoadBusy naming its holder."""
    path = lock_folder() / f"{_key(endpoint, graph_iri or '')}.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            raise LoadBusy(
                f"another nkkg load (pid {holder}) is loading into {target} at {endpoint}; "
                "wait for it to end (two loads of one graph at once would mix their data)"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def register(staging: str, update_url: str) -> Path:
    """Record that this process owns `staging` at `update_url` until it is dropped."""
    path = lock_folder() / f"staging-{_key(staging)}.json"
    record = {"pid": os.getpid(), "graph": staging, "update": update_url}
    path.write_text(json.dumps(record), encoding="utf-8")
    return path


def _alive(pid: object) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def remove_stale(update_url: str, drop: Callable[[str], None]) -> list[str]:
    """Drop the staging graphs at `update_url` whose registered writer no longer runs."""
    removed = []
    for path in sorted(lock_folder().glob("staging-*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            graph, update, pid = record["graph"], record["update"], record["pid"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if update != update_url or _alive(pid):
            continue
        drop(graph)  # a failure raises: the registration stays for the next load
        path.unlink(missing_ok=True)
        removed.append(graph)
    return removed


@contextlib.contextmanager
def terminated_as_exit() -> Iterator[None]:
    """SIGTERM raises SystemExit during a load, so its staging graph is dropped as on Ctrl-C."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(_signum: int, _frame: object) -> None:
        raise SystemExit(128 + signal.SIGTERM)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
