"""One HTTP exchange under one total deadline, with a bounded answer and same-origin redirects.

urllib's timeout is per socket operation: a server that sends its headers one
byte a second never trips it. Here every read and write gets only the time
left until one deadline for the whole request, so connect, headers, body and
(in kg.store.http.with_retries) the retries all end by it. The body is read
in chunks up to a size limit, so an endless or huge answer stops with one
line instead of filling memory. Redirects are followed (at most five) only
to the same origin; credentials are never sent anywhere else.
"""

from __future__ import annotations

import email.message
import http.client
import io
import os
import socket
import time
import urllib.error
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, BinaryIO

from kg.errors import NkkgError, UsageError

MAX_ANSWER_ENV = "NKKG_MAX_ANSWER_MB"
DEFAULT_MAX_ANSWER_MB = 256
MAX_REDIRECTS = 5
_CHUNK = 1 << 16


class DeadlinePassed(TimeoutError):
    """The request's total deadline passed."""


class AnswerTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


class RedirectRefused(NkkgError):
    """A redirect nkkg does not follow (another origin, or too many)."""


class Deadline:
    """A point in monotonic time that every wait of one request shares."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def remaining(self) -> float:
        left = self.at - time.monotonic()
        if left <= 0:
            raise DeadlinePassed(f"no answer within {self.seconds:g} s")
        return left


def max_answer_bytes() -> int:
    """The answer size limit: NKKG_MAX_ANSWER_MB (MiB), default 256."""
    raw = os.environ.get(MAX_ANSWER_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_ANSWER_MB << 20
    try:
        value = float(raw)
        if not 0 < value < 1 << 40:
            raise ValueError
    except ValueError:
        raise UsageError(f"{MAX_ANSWER_ENV}='{raw}': expected a positive number of MiB") from None
    return int(value * (1 << 20))


class _DeadlineRaw(io.RawIOBase):
    """Socket reads that may wait only until the deadline, however slowly bytes arrive."""

    def __init__(self, owner: _DeadlineSocket, deadline: Deadline) -> None:
        self.owner, self.sock, self.deadline = owner, owner._sock, deadline

    def close(self) -> None:
        if not self.closed:
            super().close()
            self.owner._readers -= 1
            self.owner._release()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        self.sock.settimeout(self.deadline.remaining())
        try:
            return self.sock.recv_into(buffer)
        except TimeoutError:
            raise DeadlinePassed(f"no answer within {self.deadline.seconds:g} s") from None


class _DeadlineSocket:
    """What http.client uses of a socket, each operation bounded by the deadline.

    As with socket.makefile(), closing the socket while a reader is open (as
    http.client does for `Connection: close` answers) waits for the reader.
    """

    def __init__(self, sock: socket.socket, deadline: Deadline) -> None:
        self._sock, self._deadline = sock, deadline
        self._readers, self._closing = 0, False

    def close(self) -> None:
        self._closing = True
        self._release()

    def _release(self) -> None:
        if self._closing and self._readers == 0:
            self._sock.close()

    def sendall(self, data: Any) -> None:
        self._sock.settimeout(self._deadline.remaining())
        self._sock.sendall(data)

    def makefile(self, mode: str, *args: object, **kwargs: object) -> io.BufferedReader:
        assert "r" in mode
        self._readers += 1
        return io.BufferedReader(_DeadlineRaw(self, self._deadline))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


def _connection(url: urllib.parse.SplitResult, deadline: Deadline) -> http.client.HTTPConnection:
    base = http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection

    class Connection(base):  # type: ignore[valid-type,misc]
        def connect(self) -> None:
            self.timeout = deadline.remaining()
            try:
                super().connect()
            except TimeoutError:
                raise DeadlinePassed(f"no answer within {deadline.seconds:g} s") from None
            except OSError as err:  # said as urllib says it: "cannot connect (...)"
                raise urllib.error.URLError(err) from None
            self.sock = _DeadlineSocket(self.sock, deadline)  # type: ignore[has-type,arg-type]

    return Connection(url.hostname or "", url.port, timeout=deadline.remaining())


def _origin(url: urllib.parse.SplitResult) -> tuple[str, str, int | None]:
    default = {"http": 80, "https": 443}.get(url.scheme)
    return url.scheme, (url.hostname or "").lower(), url.port or default


@dataclass(frozen=True)
class Answer:
    status: int
    reason: str
    headers: email.message.Message
    body: bytes


def fetch(
    method: str,
    url: str,
    body: bytes | Callable[[], BinaryIO] | None,
    headers: Mapping[str, str],
    auth: str | None,
    deadline: Deadline,
    limit: int,
) -> Answer:
    """One request (and its same-origin redirects) under `deadline`, body at most `limit` bytes."""
    first = urllib.parse.urlsplit(url)
    here = first
    for _hop in range(MAX_REDIRECTS + 1):
        stream = body() if callable(body) else None
        connection = _connection(here, deadline)
        try:
            sent = dict(headers)
            if auth is not None:  # only ever to the origin the credentials were given for
                sent["Authorization"] = auth
            path = urllib.parse.urlunsplit(("", "", here.path or "/", here.query, ""))
            data = stream if stream is not None else body
            connection.request(method, path, body=data, headers=sent)  # type: ignore[arg-type]
            answer = connection.getresponse()
            location = answer.getheader("Location")
            if answer.status in (301, 302, 303, 307, 308) and location:
                target = urllib.parse.urlsplit(urllib.parse.urljoin(here.geturl(), location))
                if _origin(target) != _origin(first):
                    shown = f"{target.scheme}://{target.netloc.rpartition('@')[2]}"
                    raise RedirectRefused(
                        f"{url}: HTTP {answer.status} redirects to another origin ({shown}); "
                        "not followed: requests and credentials go only to the origin given"
                    )
                if answer.status == 303:
                    method, body = "GET", None
                here = target
                continue
            return Answer(answer.status, answer.reason, answer.msg, _read(answer, limit))
        finally:
            connection.close()
            if stream is not None:
                stream.close()
    raise RedirectRefused(f"{url}: more than {MAX_REDIRECTS} redirects; not followed")


def _read(answer: http.client.HTTPResponse, limit: int) -> bytes:
    length = answer.getheader("Content-Length")
    if length and length.strip().isdigit() and int(length) > limit:
        raise AnswerTooLarge(limit)
    chunks, size = [], 0
    while chunk := answer.read(_CHUNK):
        size += len(chunk)
        if size > limit:
            raise AnswerTooLarge(limit)
        chunks.append(chunk)
    return b"".join(chunks)
