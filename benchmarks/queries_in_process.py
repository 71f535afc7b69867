"""Time every saved query in-process on a store `nkkg build --store-dir` wrote.

    python benchmarks/queries_in_process.py benchmarks/out/10000/store [--skip density-ranking]

The whole-process figures of run.py include about a second of Python start-up
and imports; this prints what a Python user of the API waits for each query
(kg.sparql.run_query on the opened store, its worker process included),
the median of three runs after one warm-up, and the rows it returned.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from kg.sparql import run_query
from kg.sparql.saved import saved_queries

NETWORK_QUERIES = {"wikidata-iso-codes"}
PARAMS = {"status-history": {"city": "https://w3id.org/nkkg/id/city-1"}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--skip", default="", help="query names to leave out, comma-separated")
    args = parser.parse_args()
    skip = {name.strip() for name in args.skip.split(",") if name.strip()} | NETWORK_QUERIES
    print(f"{'query':<32}{'median s':>10}{'rows':>8}")
    for query in saved_queries():
        if query.name in skip:
            continue
        params = PARAMS.get(query.name, {})
        run_query(query, params, store=args.store)  # warm-up: the store's pages, the parse
        times, rows = [], 0
        for _ in range(3):
            start = time.perf_counter()
            rows = len(run_query(query, params, store=args.store).rows)
            times.append(time.perf_counter() - start)
        print(f"{query.name:<32}{statistics.median(times):>10.3f}{rows:>8}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
