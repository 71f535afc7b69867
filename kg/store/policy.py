"""How hard a request tries (RetryPolicy) and the default for each kind, kept free of rdflib.

Declared apart from kg.store.http so that the CLI can show the defaults in its
help, and shell completion can build its options, without loading the HTTP layer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kg.errors import UsageError

MAX_TIMEOUT = 1e6
"""The longest deadline (about 11 days): beyond it the clock's arithmetic overflows."""


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try: attempts in all, the first back-off, and the total deadline.

    `timeout` is one deadline for the whole request: connecting, the status
    line and headers, the body, and every retry and back-off in between.
    `max_bytes` bounds an answer's body (None: NKKG_MAX_ANSWER_MB, default 256 MiB).
    """

    attempts: int = 4
    backoff: float = 0.5
    max_wait: float = 30.0
    timeout: float = 30.0
    max_bytes: int | None = None

    def __post_init__(self) -> None:
        # an infinite or astronomic deadline overflows the clock (OverflowError, not a wait)
        if not 0 < self.timeout <= MAX_TIMEOUT:
            raise UsageError(
                f"--timeout {self.timeout:g}: expected a number of seconds up to {MAX_TIMEOUT:g}"
            )


DEFAULT_POLICY = RetryPolicy()
# One default per kind of request, used by the API and shown by the CLI alike.
QUERY_POLICY = RetryPolicy(timeout=30.0)
"""SPARQL queries on a user's endpoint (nkkg query --endpoint)."""
LOAD_POLICY = RetryPolicy(timeout=60.0)
"""Graph Store uploads and their count checks (nkkg load, nkkg serve): large bodies."""
TRIPLES_PER_TIMEOUT = 250_000
"""A load's requests move the whole graph; each gets `timeout` per this many triples."""


def for_triples(policy: RetryPolicy, triples: int) -> RetryPolicy:
    """The policy for the requests that move a graph of `triples` (upload, read-back, swap).

    A store's cost of taking, reading back and swapping a graph grows with it
    (Oxigraph 0.5's server: about a minute per 250,000 triples for the
    staging swap on this 2-core machine), so the deadline does too: `timeout`
    for each started 250,000 triples, never less than `timeout`.
    """
    factor = max(1, -(-triples // TRIPLES_PER_TIMEOUT))
    return replace(policy, timeout=min(MAX_TIMEOUT, policy.timeout * factor))


WIKIDATA_POLICY = RetryPolicy(timeout=30.0)
"""Look-ups on Wikidata's query service (nkkg link)."""
