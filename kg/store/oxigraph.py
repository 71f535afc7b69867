"""Run an Oxigraph SPARQL server (the `oxigraph` package from PyPI) on 127.0.0.1.

Used by `nkkg serve` and by the tests, which start their own servers on free
loopback ports. The server's endpoints: /query (SPARQL query), /update
(SPARQL update) and /store (SPARQL 1.1 Graph Store HTTP Protocol). A
read-only server (`oxigraph serve-read-only`) answers queries and refuses
every write, so its store is filled beforehand with `load_location`.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Self

from kg.errors import InputFileError, NkkgError

HOST = "127.0.0.1"
_PR_SET_PDEATHSIG = 1


def _dies_with_parent() -> Callable[[], None] | None:
    """A preexec_fn that makes the child get SIGTERM when we die, kill -9 included (Linux).

    The kernel sends it when the thread that started the child ends, so only a
    child started from the main thread gets it (the main thread ends with us).
    """
    if not sys.platform.startswith("linux"):
        return None
    if threading.current_thread() is not threading.main_thread():
        return None
    parent = os.getpid()
    libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)

    def arm() -> None:
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        if os.getppid() != parent:  # we died before the signal was armed
            os._exit(1)

    return arm


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def port_in_use(port: int) -> bool:
    """Whether something listens on 127.0.0.1:`port` (TIME_WAIT leftovers do not count)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as oxigraph binds
        try:
            sock.bind((HOST, port))
        except OSError:
            return True
        return False


def oxigraph_binary() -> str:
    """The `oxigraph` executable: beside this Python first, then on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise NkkgError("the Oxigraph server is not installed: pip install 'nkkg[server]'")
    return found


def stderr_reason(stderr: bytes | str) -> str:
    """Oxigraph's own reason from its stderr: the `Error: ...` line, not the Rust backtrace."""
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else stderr
    lines = [line.strip() for line in text.split("Stack backtrace:")[0].splitlines()]
    errors = [line.removeprefix("Error:").strip() for line in lines if line.startswith("Error:")]
    found = errors or [line for line in lines if line]
    return " ".join(" ".join(found).split()) or "no message"


def check_location(location: str | Path) -> Path:
    """A store location must be a folder (or not exist yet): a file is one line, not a crash."""
    path = Path(location)
    if path.exists() and not path.is_dir():
        raise InputFileError(f"{path}: the store location must be a folder, and this is not one")
    return path


def run_oxigraph(args: list[str], timeout: float) -> None:
    """One `oxigraph` command (load, update...) on a store folder; its reason if it fails."""
    try:
        done = subprocess.run(
            [oxigraph_binary(), *args], capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise NkkgError(f"oxigraph {args[0]} did not finish within {timeout:g} s") from None
    if done.returncode != 0:
        raise NkkgError(f"oxigraph {args[0]} failed: {stderr_reason(done.stderr)}")


def load_location(location: str | Path, path: Path, fmt: str, timeout: float) -> None:
    """Replace the default graph of the store folder `location` by the file (no server runs)."""
    folder = check_location(location)
    folder.mkdir(parents=True, exist_ok=True)
    where = ["--location", str(folder)]
    run_oxigraph(["update", *where, "--update", "DROP SILENT DEFAULT"], timeout)
    run_oxigraph(["load", *where, "--file", str(path), "--format", fmt], timeout)


class LocalServer:
    """A server on 127.0.0.1 (Oxigraph, or serve's front door to it): its SPARQL endpoints,
    started and stopped as a context manager."""

    port: int

    def start(self) -> Self:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def query_url(self) -> str:
        return f"{self.url}/query"

    @property
    def update_url(self) -> str:
        return f"{self.url}/update"

    @property
    def store_url(self) -> str:
        return f"{self.url}/store"


class OxigraphServer(LocalServer):
    """An `oxigraph serve` process; a context manager that stops it on exit.

    Without `location` the store lives in a temporary folder removed on stop.
    `read_only` runs `serve-read-only` (the store must exist: see load_location);
    `query_timeout` is the server's own limit per query, in seconds.
    """

    def __init__(
        self,
        location: str | Path | None = None,
        port: int | None = None,
        read_only: bool = False,
        query_timeout: float | None = None,
    ) -> None:
        self.read_only = read_only
        self.query_timeout = query_timeout
        self.port = port or free_port()
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        if location is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="nkkg-oxigraph-")
            location = self._tmp.name
        self.location = Path(location)
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def timeout_seconds(self) -> int | None:
        """The `--timeout-s` the server runs with: whole seconds, at least 1."""
        if self.query_timeout is None:
            return None
        return max(1, math.ceil(self.query_timeout))

    def start(self, ready_timeout: float = 30.0) -> OxigraphServer:
        if port_in_use(self.port):
            # else the readiness probe below would take the other server's answer for ours
            self._cleanup()
            raise NkkgError(f"port {self.port} on {HOST} is in use")
        try:
            check_location(self.location).mkdir(parents=True, exist_ok=True)
        except BaseException:
            self._cleanup()
            raise
        command = [
            oxigraph_binary(),
            "serve-read-only" if self.read_only else "serve",
            "--location",
            str(self.location),
            "--bind",
            f"{HOST}:{self.port}",
        ]
        if self.timeout_seconds is not None:
            command += ["--timeout-s", str(self.timeout_seconds)]
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            preexec_fn=_dies_with_parent(),  # one prctl call between fork and exec
        )
        deadline = time.monotonic() + ready_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = self.process.stderr.read() if self.process.stderr else b""
                self._cleanup()
                raise NkkgError(
                    f"the Oxigraph server on port {self.port} exited: {stderr_reason(err)}"
                )
            if self._answers():
                return self
            time.sleep(0.05)
        self.stop()
        raise NkkgError(f"the Oxigraph server on port {self.port} did not start in time")

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.query_url}?query=ASK%7B%7D", timeout=1):
                return True
        except urllib.error.HTTPError:
            return True  # it answered, if not with 200
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._cleanup()

    def _cleanup(self) -> None:
        if self.process is not None and self.process.stderr is not None:
            self.process.stderr.close()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None
