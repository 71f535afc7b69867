"""Hints for the common wrong URLs and for working offline, added to the error that showed them.

A query sent to a Graph Store URL, or a graph sent to a query endpoint, fails
with the server's own words (415, 403, 404, or an endpoint nkkg cannot derive);
the hint says which URL was meant. A host that does not resolve is not retried
(kg.store.http) and the hint says what the command needs.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager

from kg.errors import NkkgError


def _path(url: str) -> str:
    return urllib.parse.urlsplit(url).path.rstrip("/")


def _beside(url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(url)
    path = parts.path.rstrip("/").rsplit("/", 1)[0] + "/" + name
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def endpoint_hint(url: str) -> str | None:
    """For `--endpoint URL` (queries): a Graph Store URL given instead of the query endpoint."""
    if _path(url).endswith(("/store", "/data", "/update")):
        return (
            f"{url} looks like a Graph Store or update URL; --endpoint wants the SPARQL "
            f"query endpoint, e.g. {_beside(url, 'query')}"
        )
    return None


def store_hint(url: str) -> str | None:
    """For `--store URL` (uploads): a query endpoint given instead of the Graph Store URL."""
    if _path(url).endswith(("/query", "/sparql", "/update")):
        return (
            f"--store wants the Graph Store Protocol URL, not a query endpoint: "
            f"for Oxigraph (nkkg serve), {_beside(url, 'store')}"
        )
    return None


OFFLINE = "cannot resolve host"


@contextmanager
def hinted(hint: str | None, *, offline: str | None = None) -> Iterator[None]:
    """Add `hint` to an NkkgError raised inside; `offline` to one that says DNS failed."""
    try:
        yield
    except NkkgError as err:
        extra = [h for h in (hint, offline if OFFLINE in str(err) else None) if h]
        if not extra:
            raise
        hinted_error = NkkgError(f"{err} ({'; '.join(extra)})")
        hinted_error.exit_code = err.exit_code
        raise hinted_error from None
