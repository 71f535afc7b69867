"""Measure `nkkg build` on synthetic data of a given size.

    python benchmarks/bench_build.py 1000 10000 100000

Makes N synthetic city records (each with labels in three scripts, a population,
an area, a Wikidata-shaped QID and three status periods) beside the real
sources and kinds, then times each stage: load (YAML + checks), triples,
serialize (sorted Turtle via pyoxigraph) and peak memory. The synthetic values
are placeholders for timing only and never enter the real data.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

import yaml
from kg.builder import triples
from kg.loader import load_dataset
from kg.serialize import serialize

from kg.resources import data_dir


def synthetic(folder: Path, n: int) -> None:
    for name in ("sources.yaml", "kinds.yaml", "provinces.yaml", "places.yaml", "cities.yaml"):
        shutil.copy(data_dir() / name, folder)
    records = []
    for i in range(n):
        records.append(
            {
                "id": f"city-{i}",
                "claims": {
                    "kind": [{"value": "City", "source": "article"}],
                    "label": [
                        {"value": f"City {i}", "lang": "en", "source": "article"},
                        {"value": f"도시{i}", "lang": "ko-Hang", "source": "article"},
                        {"value": f"都市{i}", "lang": "ko-Hani", "source": "article"},
                    ],
                    "population": [{"value": 1000 + i, "source": "article"}],
                    "area_km2": [{"value": 10 + i % 500, "source": "article"}],
                    "located_in": [{"value": "north-hamgyong", "source": "article"}],
                    "wikidata": [{"value": f"Q{900000000 + i}", "source": "article"}],
                },
                "periods": [
                    {"province": "north-hamgyong", "end": 1959, "source": "article"},
                    {
                        "kind": "DirectlyGovernedCity",
                        "start": 1960,
                        "end": 1967,
                        "source": "article",
                    },
                    {"province": "north-hamgyong", "start": 1968, "source": "article"},
                ],
            }
        )
    with open(folder / "synthetic.yaml", "w", encoding="utf-8") as handle:
        yaml.dump(
            records,
            handle,
            allow_unicode=True,
            Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
        )


def measure(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        synthetic(folder, n)
        t0 = time.perf_counter()
        dataset = load_dataset(folder)
        t1 = time.perf_counter()
        data = list(triples(dataset))
        t2 = time.perf_counter()
        out = serialize(data, "turtle")
        t3 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{n:>8} entities {len(data):>9} triples | load {t1 - t0:6.2f}s  triples {t2 - t1:6.2f}s  "
        f"serialize {t3 - t2:6.2f}s  total {t3 - t0:6.2f}s | {len(out) / 1e6:7.1f} MB Turtle, "
        f"peak RSS {peak:7.0f} MiB"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    for size in parser.parse_args().sizes:
        measure(size)
