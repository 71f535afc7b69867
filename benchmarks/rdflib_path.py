"""The path a user would take with rdflib alone: the records into a Graph, then rdflib's Turtle.

    python benchmarks/rdflib_path.py DATA_FOLDER OUT.ttl

Same records and triples as `nkkg build --no-validate` (kg.loader and
kg.builder make them), but held in rdflib's Memory store and written by
rdflib's own Turtle serializer: the baseline nkkg's build is compared with.
"""

from __future__ import annotations

import sys

from kg.graph.builder import build_graph
from kg.input.loader import load_dataset

if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python benchmarks/rdflib_path.py DATA_FOLDER OUT.ttl")
    graph = build_graph(load_dataset(sys.argv[1]))
    graph.serialize(sys.argv[2], format="turtle")
    print(f"{len(graph)} triples -> {sys.argv[2]}")
