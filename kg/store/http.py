"""Talking to remote SPARQL 1.1 endpoints: retries, timeouts, credentials, results.

Every remote call in nkkg (queries, loads, Wikidata look-ups) goes through
`with_retries`, so all of them retry the same transient failures (connection
refused while a server starts, HTTP 502/503/504, 429 with Retry-After), a
bounded number of times, and fail with one line naming the URL, the HTTP
status and the server's reason. Deterministic answers (other 4xx, and 500,
which stores such as Virtuoso give for a request they will never accept) and
timeouts are final: retrying them only multiplies the wait.
"""

from __future__ import annotations

import base64
import contextlib
import email.message
import email.utils
import http.client
import io
import json
import netrc
import os
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import BinaryIO, TypeVar

from rdflib.term import Identifier

from kg.errors import NkkgError, UsageError
from kg.graph.terms import from_json
from kg.store.deadline import AnswerTooLarge, Deadline, DeadlinePassed, fetch, max_answer_bytes
from kg.store.policy import DEFAULT_POLICY, RetryPolicy
from kg.store.reasons import server_reason

T = TypeVar("T")

USER_ENV = "NKKG_ENDPOINT_USER"
PASSWORD_ENV = "NKKG_ENDPOINT_PASSWORD"


def user_agent() -> str:
    """A descriptive User-Agent, as Wikidata's query service requires."""
    from kg.metadata import version

    return (
        f"nkkg/{version()} (North Korea special cities knowledge graph; "
        f"https://w3id.org/nkkg) Python-urllib/{sys.version_info[0]}.{sys.version_info[1]}"
    )


class RemoteError(NkkgError):
    """A remote call that failed for good."""


class _Transient(Exception):
    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def credentials_for(url: str) -> tuple[str, str] | None:
    """Basic-auth credentials from NKKG_ENDPOINT_USER/PASSWORD, else ~/.netrc; never argv."""
    user = os.environ.get(USER_ENV)
    if user:
        return user, os.environ.get(PASSWORD_ENV, "")
    host = urllib.parse.urlsplit(url).hostname
    if not host:
        return None
    try:
        entry = netrc.netrc().authenticators(host)
    except (FileNotFoundError, netrc.NetrcParseError, OSError):
        return None
    if entry is None:
        return None
    login, _account, password = entry
    return login or "", password or ""


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


RETRIED_STATUS = frozenset({429, 502, 503, 504})
"""HTTP answers worth another attempt; every other error status is final."""

RESULTS_MEDIA_TYPE = "application/sparql-results+json"


def classify(
    url: str, err: BaseException, timeout: float | None = None
) -> _Transient | RemoteError:
    """Sort a failure into one to retry or a final RemoteError with a one-line message."""
    silence = f"{url}: no answer within {timeout:g} s" if timeout else f"{url}: no answer in time"
    reason = err.reason if isinstance(err, urllib.error.URLError) else err
    if isinstance(reason, socket.gaierror):  # no DNS answer: offline or a mistyped host
        host = urllib.parse.urlsplit(url).hostname
        detail = reason.strerror or reason
        return RemoteError(f"{url}: cannot resolve host {host} ({detail}; not retried)")
    if isinstance(err, urllib.error.HTTPError):
        body = b""
        with contextlib.suppress(Exception):  # the body only decorates the message
            body = err.read() or b""
        message = f"{url}: HTTP {err.code} {err.reason}"
        detail = server_reason(body)
        if detail:
            message += f": {detail}"
        if err.code in RETRIED_STATUS:
            return _Transient(message, _retry_after(err.headers.get("Retry-After")))
        return RemoteError(message)
    if isinstance(err, urllib.error.URLError):
        reason = err.reason
        if isinstance(reason, TimeoutError | socket.timeout):
            return RemoteError(silence)
        return _Transient(f"{url}: cannot connect ({getattr(reason, 'strerror', None) or reason})")
    if isinstance(err, TimeoutError | socket.timeout):
        return RemoteError(silence)
    if isinstance(err, ConnectionError):
        return _Transient(f"{url}: connection failed ({err.strerror or err})")
    if isinstance(err, DeadlinePassed):
        return RemoteError(silence)
    if isinstance(err, AnswerTooLarge):
        return RemoteError(
            f"{url}: the answer is larger than {err.limit} bytes, the limit "
            "(NKKG_MAX_ANSWER_MB raises it)"
        )
    if isinstance(err, NkkgError):
        return RemoteError(str(err))
    if isinstance(err, http.client.HTTPException):
        return RemoteError(f"{url}: not a valid HTTP answer ({type(err).__name__})")
    return RemoteError(f"{url}: {type(err).__name__}: {err}")


def with_retries(
    url: str,
    call: Callable[[], T] | Callable[[Deadline], T],
    policy: RetryPolicy = DEFAULT_POLICY,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Run `call`, retrying transient failures with exponential back-off, all by one deadline.

    A call that takes a parameter is given the Deadline, to bound its own waits.
    A back-off or Retry-After that would end past the deadline ends the request.
    """
    import inspect

    deadline = Deadline(policy.timeout)
    takes_deadline = bool(inspect.signature(call).parameters)
    wait = policy.backoff
    for attempt in range(1, policy.attempts + 1):
        try:
            return call(deadline) if takes_deadline else call()  # type: ignore[call-arg]
        except Exception as err:  # sorted by classify()
            outcome = classify(url, err, policy.timeout)
            if isinstance(outcome, RemoteError):
                raise outcome from None
            if attempt == policy.attempts:
                raise RemoteError(f"{outcome} (gave up after {attempt} attempts)") from None
            pause = outcome.retry_after if outcome.retry_after is not None else wait
            pause = min(pause, policy.max_wait)
            if pause >= deadline.remaining():
                asked = "the server asks to retry after" if outcome.retry_after else "a retry after"
                raise RemoteError(
                    f"{outcome}; {asked} {pause:g} s, past the {policy.timeout:g} s deadline "
                    "(--timeout SECONDS)"
                ) from None
            sleep(pause)
            wait *= 2
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class SelectResult:
    """A SELECT answer: variable names and rows of rdflib terms (None where unbound)."""

    variables: list[str]
    rows: list[tuple[Identifier | None, ...]]


def select(
    endpoint: str,
    query: str,
    policy: RetryPolicy = DEFAULT_POLICY,
    sleep: Callable[[float], None] = time.sleep,
) -> SelectResult:
    """Run a SELECT query on a remote SPARQL 1.1 endpoint and return rdflib terms.

    `policy.timeout` bounds the whole answer, not only each read: an endpoint
    that sends its results a trickle at a time still stops at the limit.
    """
    check_url(endpoint)
    form = urllib.parse.urlencode({"query": query}).encode("utf-8")
    headers = {
        # only SPARQL JSON results: plain JSON (Comunica) or HTML must not be chosen instead
        "Accept": RESULTS_MEDIA_TYPE,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    answer = http_request("POST", endpoint, form, headers, policy, sleep)
    return parse_select(endpoint, answer.headers.get("Content-Type", ""), answer.body)


def parse_select(endpoint: str, media: str, body: bytes) -> SelectResult:
    """SPARQL JSON results as a SelectResult; any other answer is one RemoteError line."""
    shown = media.split(";")[0].strip() or "no Content-Type"
    try:
        data = json.loads(body)
    except ValueError:
        reason = server_reason(body)[:200]
        raise RemoteError(
            f"{endpoint}: the answer is not SPARQL JSON results ({shown}): {reason or 'empty'}"
        ) from None
    bindings = data.get("results", {}).get("bindings") if isinstance(data, dict) else None
    head = data.get("head") if isinstance(data, dict) else None
    if not isinstance(head, dict) or not isinstance(bindings, list):
        kind = {"dict": "object", "list": "list"}.get(type(data).__name__, "value")
        raise RemoteError(
            f"{endpoint}: the answer is not SPARQL JSON results ({shown}): "
            f"a JSON {kind} without head and results.bindings"
        )
    variables = [str(v) for v in head.get("vars", [])]
    try:
        rows = [tuple(from_json(b[v]) if v in b else None for v in variables) for b in bindings]
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise RemoteError(f"{endpoint}: malformed SPARQL JSON results ({err})") from None
    return SelectResult(variables, rows)


def check_url(url: str) -> str:
    """An endpoint URL must be absolute http(s) with a host, and carry no credentials."""
    parts = urllib.parse.urlsplit(url)
    if "@" in parts.netloc:
        # never echo the URL: its user-info may hold a password
        raise UsageError(
            f"credentials in the endpoint URL are not accepted: set {USER_ENV} and "
            f"{PASSWORD_ENV} or use ~/.netrc (endpoint {parts.hostname})"
        )
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"invalid endpoint URL '{url}': expected http://host[:port]/path")
    return url


def authorization(url: str) -> str | None:
    """The Basic Authorization header value for `url` from credentials_for(), if any."""
    creds = credentials_for(url)
    if creds is None:
        return None
    token = base64.b64encode(f"{creds[0]}:{creds[1]}".encode()).decode("ascii")
    return f"Basic {token}"


@dataclass(frozen=True)
class HttpResponse:
    """A successful (2xx) HTTP answer."""

    status: int
    headers: email.message.Message
    body: bytes


Body = bytes | Callable[[], BinaryIO] | None


def http_request(
    method: str,
    url: str,
    body: Body = None,
    headers: Mapping[str, str] | None = None,
    policy: RetryPolicy = DEFAULT_POLICY,
    sleep: Callable[[float], None] = time.sleep,
) -> HttpResponse:
    """One HTTP request with nkkg's User-Agent, credentials, timeout and retries.

    `body` is bytes, or a callable that opens a fresh binary stream for each
    attempt, so a retry re-sends from the start and a large body is streamed
    from disk rather than held in memory (give its Content-Length in `headers`).
    Redirects are followed only within the origin (scheme, host, port) given; a
    redirect to another origin is refused, so neither credentials nor the query
    leave it. Non-2xx answers raise through with_retries (RemoteError).
    """
    check_url(url)
    auth = authorization(url)
    limit = policy.max_bytes if policy.max_bytes is not None else max_answer_bytes()

    def call(deadline: Deadline) -> HttpResponse:
        sent = {"User-Agent": user_agent(), **(headers or {})}
        got = fetch(method, url, body, sent, auth, deadline, limit)
        if not 200 <= got.status < 300:
            answer = io.BytesIO(got.body)
            raise urllib.error.HTTPError(url, got.status, got.reason, got.headers, answer)
        return HttpResponse(got.status, got.headers, got.body)

    return with_retries(url, call, policy, sleep)
