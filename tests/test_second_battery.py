"""The second battery of bad inputs: files that block, never end, expand or lie.

Each case, like the first battery's (tests/test_bad_inputs.py), ends in
exactly one `nkkg: error:` line, its exit status, no traceback, and the work
folder unchanged. These are the cases a hostile or unlucky user found after
the first battery held: a FIFO or a symlink to /dev/zero among the data files,
a dangling events.yaml, duplicate YAML keys, `*.yml` files, XML entity bombs,
values with a trailing newline, JSON nested past the recursion limit, lone
surrogates, and literals over pyoxigraph's 16 MiB token buffer.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import serving
from test_bad_inputs import snapshot

from kg.resources import data_dir

BIG = 17 << 20  # over pyoxigraph's 16 MiB token buffer

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e.org/">
 <rdf:Description rdf:about="http://e.org/x"><e:p>&f;</e:p></rdf:Description>
</rdf:RDF>
"""


@dataclass(frozen=True)
class Bad:
    id: str
    args: tuple[str, ...]  # "{w}" stands for the work folder
    code: int
    message: str  # what the one stderr line contains, after "nkkg: error: "
    env: dict[str, str] = field(default_factory=dict)


def bad(id: str, *args: str, code: int = 1, message: str, **env: str) -> Bad:
    return Bad(id, args, code, message, env)


def data_case(name: str, message: str, code: int = 1) -> Bad:
    return bad(f"data-{name}", "build", "--data", f"{{w}}/data-{name}", "--out", "{w}/g.ttl",
               code=code, message=message)  # fmt: skip


CASES = [
    # ---------------------------------------------------------------- files that never end
    data_case("fifo", "{w}/data-fifo/extra.yaml: not a regular file (device, FIFO or socket)"),
    data_case("dev-zero", "{w}/data-dev-zero/extra.yaml: not a regular file"),
    data_case("dangling-events",
              "{w}/data-dangling-events/events.yaml: a symlink to {w}/none.yaml, which does not "
              "exist"),
    data_case("yml", "{w}/data-yml/more.yml: data files end in .yaml (or .jsonl); rename it"),
    data_case("duplicate-key",
              "{w}/data-duplicate-key/cities.yaml: line 53: YAML syntax error: duplicate key "
              "'id' (first given on line 52)"),
    data_case("jsonl-deep", "{w}/data-jsonl-deep/x.jsonl: line 1: JSON nested too deeply to read"),
    data_case("jsonl-surrogate",
              "{w}/data-jsonl-surrogate/x.jsonl: line 1: a lone surrogate escape"),
    data_case("lang-newline", "record 'pyongyang', field 'claims.label[0].lang': 'en\\x0a' is "
              "not a valid BCP 47 language tag"),
    data_case("huge-label",
              "{w}/data-huge-label/cities.yaml, record 'pyongyang': a text value longer than "
              "16 MiB cannot become a literal"),
    bad("data-file-over-limit", "build", "--data", "{w}/data-plain", "--out", "{w}/g.ttl",
        message="bytes, more than the limit of 1048 (NKKG_MAX_FILE_MB raises it)",
        NKKG_MAX_FILE_MB="0.001"),
    bad("base-newline", "build", "--base", "https://example.org/id/\n", "--out", "{w}/g.ttl",
        code=2, message="invalid base IRI 'https://example.org/id/\\x0a'"),
    bad("build-out-and-bad-store-dir", "build", "--out", "{w}/new.ttl", "--store-dir",
        "{w}/small.nt", message="cannot write store {w}/small.nt: it exists and is not an nkkg "
        "store"),
    # ---- a folder no one can write (root ignores chmod, so /proc stands in for read-only)
    bad("store-dir-unwritable", "build", "--out", "{w}/unwritten.ttl", "--store-dir",
        "/proc/nkkg-store", message="cannot write store /proc/nkkg-store: No such file or "
        "directory"),
    bad("publish-unwritable", "publish", "--out", "/proc/nkkg-release",
        message="cannot write release /proc/nkkg-release: No such file or directory (staging "
        "folder in /proc)"),
    bad("export-unwritable", "data", "export", "/proc/nkkg-export",
        message="cannot export to /proc/nkkg-export: No such file or directory"),
    # ---------------------------------------------------------------- RDF files
    bad("validate-laughs", "validate", "{w}/laughs.rdf", code=2,
        message="{w}/laughs.rdf: XML that declares entities (<!ENTITY) is not read"),
    bad("query-graph-laughs", "query", "hierarchy", "--graph", "{w}/laughs.rdf", code=2,
        message="{w}/laughs.rdf: XML that declares entities (<!ENTITY) is not read"),
    bad("load-laughs", "load", "{w}/laughs.rdf", "--store", "http://127.0.0.1:9/store", code=2,
        message="{w}/laughs.rdf: XML that declares entities (<!ENTITY) is not read"),
    bad("validate-dev-zero", "validate", "{w}/zero.nt", code=2,
        message="{w}/zero.nt: not a regular file (device, FIFO or socket)"),
    bad("validate-huge-literal", "validate", "{w}/huge-literal.nt", code=2,
        message="{w}/huge-literal.nt: a literal or IRI longer than 16 MiB cannot be read"),
    bad("query-graph-huge-literal", "query", "hierarchy", "--graph", "{w}/huge-literal.nt",
        code=2, message="{w}/huge-literal.nt: a literal or IRI longer than 16 MiB cannot be read"),
    bad("load-huge-literal", "load", "{w}/huge-literal.nt", "--store", "http://127.0.0.1:9/store",
        code=2, message="{w}/huge-literal.nt: a literal or IRI longer than 16 MiB cannot be read"),
    bad("validate-over-limit", "validate", "{w}/small.nt", code=2,
        message="{w}/small.nt: 2000 bytes, more than the limit of 1048 (NKKG_MAX_FILE_MB "
        "raises it)", NKKG_MAX_FILE_MB="0.001"),
    bad("max-file-not-a-number", "validate", "{w}/small.nt", code=2,
        message="NKKG_MAX_FILE_MB='lots' is not a positive number of MiB", NKKG_MAX_FILE_MB="lots"),
]  # fmt: skip


def _data(root: Path, name: str) -> Path:
    folder = root / f"data-{name}"
    shutil.copytree(data_dir(), folder)
    return folder


def _edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, (file, old)
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("second")
    _data(root, "plain")
    os.mkfifo(_data(root, "fifo") / "extra.yaml")
    (_data(root, "dev-zero") / "extra.yaml").symlink_to("/dev/zero")
    events = _data(root, "dangling-events") / "events.yaml"
    events.unlink()
    events.symlink_to(root / "none.yaml")
    shutil.copy(data_dir() / "zones.yaml", _data(root, "yml") / "more.yml")
    _edit(_data(root, "duplicate-key") / "cities.yaml", "- id: rason\n", "- id: rason\n  id: r\n")
    (_data(root, "jsonl-deep") / "x.jsonl").write_text("[" * 100_000 + "]" * 100_000 + "\n")
    (_data(root, "jsonl-surrogate") / "x.jsonl").write_text('{"id": "x\\ud800"}\n')
    _edit(_data(root, "lang-newline") / "cities.yaml", "{value: Pyongyang, lang: en",
          '{value: Pyongyang, lang: "en\\n"')  # fmt: skip
    _edit(_data(root, "huge-label") / "cities.yaml", "{value: Pyongyang, lang: en",
          "{value: " + "a" * BIG + ", lang: en")  # fmt: skip
    (root / "laughs.rdf").write_text(LAUGHS, encoding="utf-8")
    (root / "zero.nt").symlink_to("/dev/zero")
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    (root / "huge-literal.nt").write_text(f'<http://e.org/a> {label} "{"a" * BIG}" .\n')
    line = f'<http://e.org/a> {label} "{"a" * 933}" .\n'
    (root / "small.nt").write_text(line + line.replace("/a>", "/b>"))
    assert (root / "small.nt").stat().st_size == 2000
    return root


def test_the_second_battery_is_large_enough() -> None:
    assert len({c.id for c in CASES}) == len(CASES) >= 24


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_second_battery_case_ends_in_one_line(run_nkkg, work: Path, case: Bad) -> None:
    before = snapshot(work)
    args = [a.replace("{w}", str(work)) for a in case.args]
    result = run_nkkg(*args, cwd=work, env=case.env or None)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr[:2000]
    assert lines[0].startswith("nkkg: error: "), lines[0]
    assert case.message.replace("{w}", str(work)) in lines[0]
    assert lines[0].isprintable(), lines[0]
    assert result.returncode == case.code, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert snapshot(work) == before


# ---------------------------------------------------------------- publish replaces only its own


def _release_copy(release: Path, target: Path) -> Path:
    shutil.copytree(release, target)
    return target


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("thesis-beside-sums", "thesis.pdf is not listed in its SHA256SUMS, so it is not nkkg's"),
        ("file-added", "notes/mine.txt is not listed in its SHA256SUMS, so it is not nkkg's"),
        ("file-changed", "nkkg.ttl was changed since nkkg wrote it"),
        ("file-missing", "nkkg.ttl is listed in SHA256SUMS but missing"),
        ("symlink-inside", "notes is not a regular file, so the folder is not a release"),
        ("sums-not-sums", "its SHA256SUMS is not a checksum list nkkg wrote"),
    ],
)
def test_publish_refuses_a_folder_it_cannot_prove_it_wrote(
    release: Path, graph, tmp_path: Path, case: str, message: str
) -> None:
    from kg.errors import NkkgError
    from kg.publish import publish

    target = tmp_path / "downloads"
    if case == "thesis-beside-sums":
        target.mkdir()
        (target / "SHA256SUMS").write_text("")
        (target / "thesis.pdf").write_bytes(b"%PDF-1.7 mine")
    elif case == "sums-not-sums":
        target.mkdir()
        (target / "SHA256SUMS").write_text("these are my sums\n")
    else:
        _release_copy(release, target)
        if case == "file-added":
            (target / "notes").mkdir()
            (target / "notes" / "mine.txt").write_text("mine")
        elif case == "file-changed":
            (target / "nkkg.ttl").write_text("mine")
        elif case == "file-missing":
            (target / "nkkg.ttl").unlink()
        else:
            (target / "notes").symlink_to(tmp_path)
    before = snapshot(tmp_path)
    with pytest.raises(NkkgError) as raised:
        publish(target, graph)
    assert str(raised.value).startswith(f"cannot write release {target}: {message}")
    assert snapshot(tmp_path) == before


def test_publish_through_a_symlink_keeps_the_link_and_removes_killed_runs_leftovers(
    release: Path, graph, tmp_path: Path
) -> None:
    from kg.folders import STAGING_MARK
    from kg.publish import publish

    real = _release_copy(release, tmp_path / "real")
    link = tmp_path / "linkrel"
    link.symlink_to(real)
    dead = tmp_path / ".real.abc123.tmp"  # a killed run's half-written staging folder
    dead.mkdir()
    (dead / STAGING_MARK).write_text("999999999\n")
    (dead / "nkkg.ttl").write_text("half")
    old = _release_copy(release, tmp_path / ".real.def456.old")  # a killed swap's backup
    alive = tmp_path / ".real.ghi789.tmp"  # a running publish's staging folder: kept
    alive.mkdir()
    (alive / STAGING_MARK).write_text(f"{os.getppid()}\n")
    result = publish(link, graph)
    assert result.path == link
    assert link.is_symlink() and link.resolve() == real
    assert not dead.exists() and not old.exists() and alive.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".real.ghi789.tmp", "linkrel", "real"]
    assert (real / "nkkg.ttl").read_bytes() == (release / "nkkg.ttl").read_bytes()


KILLED_BETWEEN_RENAMES = """
import os, signal, sys
from pathlib import Path
from kg import folders
from kg.publish import folder
from kg.publish.metadata import sha256sums

folders.exchange = lambda a, b: False  # a file system without an atomic exchange
renamed = Path.rename

def rename(self, target):
    result = renamed(self, target)
    if Path(target).suffix == ".old":  # the previous release moved aside: killed here
        os.kill(os.getpid(), signal.SIGKILL)
    return result

Path.rename = rename
new = {"SHA256SUMS": sha256sums({"data.txt": b"new\\n"}), "data.txt": b"new\\n"}
folder.write_folder(Path(sys.argv[1]), Path(sys.argv[1]), new)
"""


@pytest.mark.slow
def test_a_kill_between_the_two_renames_loses_no_release(tmp_path: Path) -> None:
    """Without renameat2, publish renames twice; a kill between them leaves no target,
    and the next run puts the whole release back before anything else."""
    from kg.publish.folder import MANIFEST, remove_leftovers, write_folder
    from kg.publish.metadata import sha256sums as manifest

    target = tmp_path / "release"
    old = {MANIFEST: manifest({"data.txt": b"old\n"}), "data.txt": b"old\n"}
    write_folder(target, target, old)
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_BETWEEN_RENAMES, str(target)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert not target.exists()  # the moment the kill hit: both releases beside it, whole
    kinds = sorted(p.suffix for p in tmp_path.iterdir())
    assert kinds == [".old", ".tmp"]
    removed = remove_leftovers(target)  # what the next publish does first
    assert [p.suffix for p in removed] == [".old"]
    assert (target / "data.txt").read_bytes() == b"new\n"  # the finished new release
    assert sorted(p.name for p in tmp_path.iterdir()) == ["release"]
    new = {MANIFEST: manifest({"data.txt": b"newer\n"}), "data.txt": b"newer\n"}
    write_folder(target, target, new)  # and it is a release the next run may replace
    assert (target / "data.txt").read_bytes() == b"newer\n"


# ---------------------------------------------------------------- HTTP: origin, deadline, size


class Raw(socketserver.ThreadingTCPServer):
    """A server on 127.0.0.1 that answers every connection with `answer(conn, request)`."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, answer: Callable[[socket.socket, bytes], None]) -> None:
        self.answer = answer
        self.requests: list[bytes] = []
        super().__init__(("127.0.0.1", 0), _Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        conn: socket.socket = self.request
        conn.settimeout(10)
        data = b""
        with contextlib.suppress(OSError):
            while b"\r\n\r\n" not in data and (chunk := conn.recv(65536)):
                data += chunk
            head, _, rest = data.partition(b"\r\n\r\n")
            length = re.search(rb"(?i)content-length: *(\d+)", head)
            while length and len(rest) < int(length[1]) and (chunk := conn.recv(65536)):
                rest += chunk
            server: Raw = self.server  # type: ignore[assignment]
            server.requests.append(data)
            server.answer(conn, data)


@contextlib.contextmanager
def raw(answer: Callable[[socket.socket, bytes], None]) -> Iterator[Raw]:
    with serving(Raw(answer)) as server:
        yield server  # type: ignore[misc]


def _redirect_to(url: str) -> Callable[[socket.socket, bytes], None]:
    def answer(conn: socket.socket, _request: bytes) -> None:
        conn.sendall(f"HTTP/1.1 302 Found\r\nLocation: {url}\r\nContent-Length: 0\r\n\r\n".encode())

    return answer


def _ok_count(conn: socket.socket, _request: bytes) -> None:
    body = b'{"head": {"vars": ["n"]}, "results": {"bindings": []}}'
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
        + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
        + body
    )


CREDENTIALS = {"NKKG_ENDPOINT_USER": "ann", "NKKG_ENDPOINT_PASSWORD": "s3cret"}


@pytest.mark.parametrize(
    "command",
    [
        ("query", "hierarchy", "--endpoint", "{a}/sparql"),
        ("link", "check", "--endpoint", "{a}/sparql"),
        ("load", "--store", "{a}/store", "--query-endpoint", "{a}/sparql", "--no-staging"),
    ],
    ids=lambda c: c[0],
)
def test_credentials_never_follow_a_redirect_to_another_origin(
    run_nkkg, command: tuple[str, ...]
) -> None:
    with raw(_ok_count) as other, raw(_redirect_to(f"{other.url}/sparql")) as first:
        args = [a.replace("{a}", first.url) for a in command]
        result = run_nkkg(*args, "--timeout", "5", "--attempts", "1", env=CREDENTIALS)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"nkkg: error: {first.url}/")
    assert lines[0].endswith(
        f"HTTP 302 redirects to another origin ({other.url}); not followed: requests and "
        "credentials go only to the origin given"
    )
    assert result.returncode == 1
    assert other.requests == []  # nothing, credentials least of all, reached the other port
    assert b"Authorization: Basic " in first.requests[0]
    assert "s3cret" not in result.stdout + result.stderr


def test_a_redirect_within_the_origin_keeps_the_credentials() -> None:
    from kg.store.http import select
    from kg.store.policy import QUERY_POLICY

    def answer(conn: socket.socket, request: bytes) -> None:
        if request.startswith(b"POST /old "):
            conn.sendall(b"HTTP/1.1 307 Temporary Redirect\r\nLocation: /new\r\n"
                         b"Content-Length: 0\r\nConnection: close\r\n\r\n")  # fmt: skip
        else:
            _ok_count(conn, request)

    with raw(answer) as server:
        os.environ.update(CREDENTIALS)
        try:
            result = select(f"{server.url}/old", "SELECT ?n {}", QUERY_POLICY)
        finally:
            for name in CREDENTIALS:
                os.environ.pop(name)
    assert result.variables == ["n"] and result.rows == []
    lines = [r.split(b"\r\n", 1)[0] for r in server.requests]
    assert lines == [b"POST /old HTTP/1.1", b"POST /new HTTP/1.1"]
    assert all(b"Authorization: Basic YW5uOnMzY3JldA==" in r for r in server.requests)


def _trickle(conn: socket.socket, _request: bytes) -> None:
    """Status line and headers one byte every 0.1 s: each read is quick, the whole is not."""
    for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n" * 100:
        conn.sendall(bytes([byte]))
        time.sleep(0.1)


def _rate_limited(conn: socket.socket, _request: bytes) -> None:
    conn.sendall(b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 100000\r\n"
                 b"Content-Length: 0\r\nConnection: close\r\n\r\n")  # fmt: skip


def _endless(conn: socket.socket, _request: bytes) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                 b"Transfer-Encoding: chunked\r\n\r\n")  # fmt: skip
    chunk = b"10000\r\n" + b" " * 0x10000 + b"\r\n"
    with contextlib.suppress(OSError):
        for _ in range(10_000):
            conn.sendall(chunk)


@pytest.mark.parametrize(
    ("answer", "args", "env", "message"),
    [
        (_trickle, ("--timeout", "1", "--attempts", "1"), {}, "/sparql: no answer within 1 s"),
        (_rate_limited, ("--timeout", "2", "--attempts", "3"), {},
         "/sparql: HTTP 429 Too Many Requests; the server asks to retry after 30 s, past the 2 s "
         "deadline (--timeout SECONDS)"),
        (_endless, ("--timeout", "20", "--attempts", "1"), {"NKKG_MAX_ANSWER_MB": "1"},
         "/sparql: the answer is larger than 1048576 bytes, the limit (NKKG_MAX_ANSWER_MB "
         "raises it)"),
    ],
    ids=["headers-one-byte-at-a-time", "retry-after-past-the-deadline", "endless-answer"],
)  # fmt: skip
def test_a_request_ends_by_its_deadline_and_its_size_limit(
    run_nkkg, answer: Callable[[socket.socket, bytes], None], args, env, message: str
) -> None:
    with raw(answer) as server:
        started = time.monotonic()
        result = run_nkkg("query", "hierarchy", "--endpoint", f"{server.url}/sparql", *args,
                          env=env or None)  # fmt: skip
        took = time.monotonic() - started
    lines = result.stderr.splitlines()
    assert lines == [f"nkkg: error: {server.url}{message}"], result.stderr
    assert result.returncode == 1
    assert took < 3


@pytest.mark.parametrize("value", ["inf", "1e300"])
def test_an_endless_timeout_is_one_line(run_nkkg, value: str) -> None:
    result = run_nkkg("query", "hierarchy", "--endpoint", "http://127.0.0.1:9/sparql",
                      "--timeout", value)  # fmt: skip
    shown = "inf" if value == "inf" else "1e+300"
    assert result.stderr == (
        f"nkkg: error: --timeout {shown}: expected a number of seconds up to 1e+06\n"
    )
    assert result.returncode == 2


# ---------------------------------------------------------------- loads: content, lock, leftovers

XSD = "http://www.w3.org/2001/XMLSchema#"
POINT = '"POINT(125.40778 38.7375)"^^<http://www.opengis.net/ont/geosparql#wktLiteral>'
LOADED = f"""\
<http://e.org/a> <http://e.org/point> {POINT} .
<http://e.org/a> <http://e.org/lon> "125.40778"^^<{XSD}decimal> .
<http://e.org/a> <http://e.org/area> "35.0"^^<{XSD}decimal> .
"""


class Rewriting:
    """A pyoxigraph store that rewrites what it is given, as Virtuoso does; may stall a query."""

    def __init__(self, old: str = "", new: str = "") -> None:
        self.store, self.old, self.new = ox.Store(), old.encode(), new.encode()
        self.stall = threading.Event()  # set: the next query of a staging graph waits
        self.stalled, self.released = threading.Event(), threading.Event()

    def load(self, body: bytes, **kwargs: object) -> None:
        self.store.load(body.replace(self.old, self.new) if self.old else body, **kwargs)

    def query(self, query: str) -> object:
        if self.stall.is_set() and "urn:nkkg:staging:" in query:
            self.stall.clear()  # one query stalls, the next ones answer
            self.stalled.set()
            self.released.wait(30)
        return self.store.query(query)

    def __getattr__(self, name: str) -> object:
        return getattr(self.store, name)


@pytest.fixture
def locks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "locks"
    monkeypatch.setenv("NKKG_LOAD_LOCKS", str(folder))
    return folder


@pytest.fixture
def loaded(tmp_path: Path) -> Path:
    path = tmp_path / "points.nt"
    path.write_text(LOADED, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "differs"),
    [
        ("<http://www.opengis.net/ont/geosparql#wktLiteral>",
         "<http://www.openlinksw.com/schemas/virtrdf#Geometry>",
         f"sent <http://e.org/a> <http://e.org/point> {POINT} but the store does not hold it, "
         "it holds <http://e.org/a> <http://e.org/point> \"POINT(125.40778 38.7375)\"^^"
         "<http://www.openlinksw.com/schemas/virtrdf#Geometry> instead"),
        ('"125.40778"', '"125.4077835083"',
         f'sent <http://e.org/a> <http://e.org/lon> "125.40778"^^<{XSD}decimal> but the store '
         f'does not hold it, it holds <http://e.org/a> <http://e.org/lon> "125.4077835083"^^'
         f"<{XSD}decimal> instead"),
        (f'"35.0"^^<{XSD}decimal>', f'"35"^^<{XSD}integer>',
         f'sent <http://e.org/a> <http://e.org/area> "35"^^<{XSD}decimal> but the store does '
         f'not hold it, it holds <http://e.org/a> <http://e.org/area> "35"^^<{XSD}integer> '
         "instead"),
    ],
    ids=["geometry-datatype", "float-noise", "decimal-as-integer"],
)  # fmt: skip
def test_a_store_that_rewrites_triples_fails_the_content_check(
    run_nkkg, loaded: Path, locks: Path, old: str, new: str, differs: str
) -> None:
    from test_load import FakeGraphStore

    with FakeGraphStore() as fake:
        fake.store = Rewriting(old, new)  # type: ignore[assignment]
        result = run_nkkg("load", "--store", fake.store_url, str(loaded))
        quads = list(fake.store.store)
    assert result.returncode == 1
    assert re.fullmatch(
        rf"nkkg: error: content check failed: the staging graph <urn:nkkg:staging:[0-9a-f-]{{36}}> "
        rf"at {re.escape(fake.store_url)} holds 3 triples, but not the ones sent: "
        rf"{re.escape(differs)}; the default graph is unchanged\n",
        result.stderr,
    ), result.stderr
    assert quads == []  # the target untouched, the staging graph dropped


def test_a_second_load_into_the_same_graph_is_refused_while_the_first_runs(
    run_nkkg, loaded: Path, small_other: Path, locks: Path
) -> None:
    from test_load import FAST, FakeGraphStore

    from kg.store.graphstore import load_graph

    with FakeGraphStore() as fake:
        fake.store = Rewriting()  # type: ignore[assignment]
        fake.store.stall.set()
        first = threading.Thread(target=load_graph, args=(fake.store_url, loaded),
                                 kwargs={"policy": FAST}, daemon=True)  # fmt: skip
        first.start()
        assert fake.store.stalled.wait(10)  # the first load is between its upload and swap
        second = run_nkkg("load", "--store", fake.store_url, str(small_other))
        other_graph = run_nkkg("load", "--store", fake.store_url, "--graph-iri", "urn:g",
                               str(small_other))  # fmt: skip
        fake.store.stall.clear()
        fake.store.released.set()
        first.join(40)
    assert second.returncode == 1
    assert second.stderr == (
        f"nkkg: error: another nkkg load (pid {os.getpid()}) is loading into the default graph "
        f"at {fake.store_url}; wait for it to end (two loads of one graph at once would mix "
        "their data)\n"
    )
    assert other_graph.returncode == 0, other_graph.stderr  # another graph is not locked
    default = {q for q in fake.store.store if q.graph_name == ox.DefaultGraph()}
    assert len(default) == 3  # the first load's triples alone, never mixed


@pytest.fixture
def small_other(tmp_path: Path) -> Path:
    path = tmp_path / "other.nt"
    path.write_text("<http://e.org/x> <http://e.org/p> <http://e.org/y> .\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
def test_a_killed_loads_staging_graph_is_dropped_by_itself_or_the_next_load(
    loaded: Path, locks: Path, signum: int
) -> None:
    from test_load import FAST, FakeGraphStore

    from kg.store.graphstore import load_graph

    with FakeGraphStore() as fake:
        fake.store = Rewriting()  # type: ignore[assignment]
        fake.store.stall.set()
        child = subprocess.Popen(
            [sys.executable, "-m", "kg", "load", "--store", fake.store_url, str(loaded)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            assert fake.store.stalled.wait(60), child.communicate(timeout=60)
            child.send_signal(signum)
            _out, err = child.communicate(timeout=30)
        finally:
            child.kill()
        fake.store.stall.clear()
        fake.store.released.set()
        staging = {
            q.graph_name.value for q in fake.store.store if q.graph_name != ox.DefaultGraph()
        }
        registered = sorted(p.name for p in locks.glob("staging-*.json"))
        after = load_graph(fake.store_url, loaded, policy=FAST)
        left = {q.graph_name for q in fake.store.store if q.graph_name != ox.DefaultGraph()}
    if signum == signal.SIGTERM:  # it drops its own staging graph as it stops
        assert child.returncode == 128 + signal.SIGTERM
        assert "Traceback" not in err
        assert (staging, registered, after.removed) == (set(), [], ())
    else:
        assert child.returncode == -signal.SIGKILL
        assert len(staging) == 1 and len(registered) == 1
        assert after.removed == tuple(staging)
        assert after.summary().endswith("; dropped 1 staging graph(s) of killed loads")
    assert left == set() and (after.sent, after.found) == (3, 3)
    assert list(locks.glob("staging-*.json")) == []


# ---------------------------------------------------------------- markup: terminal and page


def test_a_query_title_reaches_the_terminal_escaped_and_unparsed(run_nkkg, tmp_path: Path) -> None:
    query = tmp_path / "evil.rq"
    query.write_text("# Title: \x1b]0;pwned\x07 [/x] [bold]b[/bold]\n"
                     "SELECT ?x WHERE { VALUES ?x { 1 } }\n")  # fmt: skip
    result = run_nkkg("query", str(query), "--format", "table")
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    flat = "".join(result.stdout.split())  # a narrow table wraps its title
    assert "\\x1b]0;pwned\\x07[/x][bold]b[/bold]" in flat


def test_embedded_json_ld_holds_no_comment_or_script_opener(graph) -> None:
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDFS

    from kg.publish.site.entity import entity_page

    pyongyang = URIRef("https://w3id.org/nkkg/id/pyongyang")
    copy = Graph()
    copy += graph
    copy.remove((pyongyang, RDFS.label, Literal("Pyongyang", lang="en")))
    copy.add((pyongyang, RDFS.label, Literal("Pyongyang <!--<script> & </script>", lang="en")))
    html = entity_page(copy, pyongyang, None, [], 2025)["id/pyongyang.html"].decode()
    script = html.split('<script type="application/ld+json">\n')[1].split("\n</script>")[0]
    assert "<" not in script and ">" not in script and "&" not in script
    assert "Pyongyang <!--<script> & </script>" in json.dumps(
        json.loads(script), ensure_ascii=False
    )
    assert html.count("<script") == 1


# ---------------------------------------------------------------- serve


def test_the_oxigraph_child_dies_with_its_parent_killed_outright() -> None:
    from kg.store.oxigraph import port_in_use

    script = (
        "import time\nfrom kg.store.oxigraph import OxigraphServer\n"
        "server = OxigraphServer().start()\nprint(server.port, flush=True)\ntime.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        port = int(parent.stdout.readline())
        assert port_in_use(port)
        parent.kill()  # kill -9: no handler, no context manager runs
        parent.wait(10)
        deadline = time.monotonic() + 10
        while port_in_use(port) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not port_in_use(port)  # the child went down with its parent
    finally:
        parent.kill()
        parent.wait(10)


def _wrong_variables(conn: socket.socket, _request: bytes) -> None:
    zzz = '{"zzz": {"type": "literal", "value": "1"}}'
    body = ('{"head": {"vars": ["zzz"]}, "results": {"bindings": [' + zzz + "]}}").encode()
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
        + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
        + body
    )


@pytest.mark.parametrize("command", ["check", "diff"])
def test_link_on_an_answer_without_its_variables_is_one_line(run_nkkg, command: str) -> None:
    with raw(_wrong_variables) as server:
        result = run_nkkg("link", command, "--endpoint", f"{server.url}/sparql",
                          "--attempts", "1", "--timeout", "5")  # fmt: skip
    assert result.stderr == (
        f"nkkg: error: {server.url}/sparql: the answer has no ?item variable (its variables: "
        "?zzz); is this a Wikidata-like SPARQL endpoint?\n"
    )
    assert result.returncode == 1


# ---------------------------------------------------------------- Ctrl-C while the command starts

# A Ctrl-C that lands while the command's modules import (typer first): raised from the
# import itself, as the SIGINT handler raises it wherever the interpreter is
START_UP_INTERRUPT = """
import builtins, sys
real = builtins.__import__
def interrupted(name, *args, **kwargs):
    if name.split(".")[0] == "typer":
        raise KeyboardInterrupt
    return real(name, *args, **kwargs)
builtins.__import__ = interrupted
sys.argv = ["nkkg", "build"]
{entry}
"""


@pytest.mark.slow
@pytest.mark.parametrize(
    "entry", ["from kg.console import main; main()", "import runpy; runpy.run_module('kg')"]
)
def test_ctrl_c_while_the_command_starts_is_one_line(entry: str, tmp_path: Path) -> None:
    # the console script (kg.console:main) and `python -m kg`; before kg.console the
    # interrupt came out of `from kg.cli import main` as a traceback
    done = subprocess.run(
        [sys.executable, "-c", START_UP_INTERRUPT.format(entry=entry)],
        capture_output=True, text=True, timeout=60, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stdout, done.stderr) == (130, "", "nkkg: interrupted\n")
    assert not list(tmp_path.iterdir())  # nothing written


def test_the_console_entry_imports_nothing_before_its_handler() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import sys, kg.console; print(sorted(m for m in sys.modules "
         "if m.split('.')[0] in ('typer', 'rich', 'rdflib', 'pydantic', 'click')))"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stdout) == (0, "[]\n"), done.stderr
