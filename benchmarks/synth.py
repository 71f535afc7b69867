"""Deterministic synthetic input of any size, in the packaged data's shape: YAML, JSON Lines, CSV.

    python benchmarks/synth.py 1000 out/synth-1000

writes `out/synth-1000/yaml/` (a data folder for `nkkg build --data`),
`out/synth-1000/jsonl/` (the same folder with the records as JSON Lines, nkkg's
bulk input) and `out/synth-1000/csv/` (the same records as CSV tables for the RML mapping in
benchmarks/mapping.rml.ttl, which morph-kgc turns into the same triples, the
ontology aside).

Entity number 0 is a country, every 50th a province, the others cities. A city
has three names (English, Chosŏn'gŭl, Hancha), a population, an area, a
density that agrees with them, a province, and three status periods (inside
the province, a directly governed city, inside the province again); every
tenth city has a second, conflicting population claim from another source, and
the first is preferred. Names and numbers are made up: this data is for timing
only and never enters the real data. Same size, same bytes.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

PER_PROVINCE = 50
SOURCES = [
    ("synthetic-a", "https://example.org/synthetic/a", "Synthetic source A (benchmark only)"),
    ("synthetic-b", "https://example.org/synthetic/b", "Synthetic source B (benchmark only)"),
]
KINDS = ["Country", "Province", "City", "DirectlyGovernedCity"]
DIGITS_HANG = "영일이삼사오육칠팔구"
DIGITS_HANI = "〇一二三四五六七八九"


def entity_id(i: int) -> str:
    if i == 0:
        return "synthetic-country"
    return f"province-{i}" if i % PER_PROVINCE == 0 else f"city-{i}"


def province_of(i: int) -> str:
    """The province a city lies in: the one before it, or the first one."""
    number = (i // PER_PROVINCE) * PER_PROVINCE
    return entity_id(number if number > 0 else PER_PROVINCE)


def _c(value: Any, source: str = "synthetic-a", **extra: Any) -> dict[str, Any]:
    return {"value": value, "source": source, **extra}


def record(i: int, n: int) -> dict[str, Any]:
    """Entity number i of n, as a YAML record."""
    ident = entity_id(i)
    if i == 0:
        return {
            "id": ident,
            "claims": {"kind": [_c("Country")], "label": [_c("Synthetic Country", lang="en")]},
        }
    if i % PER_PROVINCE == 0:
        return {
            "id": ident,
            "claims": {
                "kind": [_c("Province")],
                "label": [_c(f"Province {i}", lang="en")],
                "located_in": [_c("synthetic-country")],
            },
            "periods": [{"kind": "Province", "start": 1954, "source": "synthetic-a"}],
        }
    province = province_of(i) if n > PER_PROVINCE else "synthetic-country"
    population = 10_000 + (i * 7919) % 990_000
    tenths = 100 + (i * 31) % 4900
    area = Decimal(f"{tenths // 10}.{tenths % 10}")
    density = round(Decimal(population) / area)
    populations = [_c(population)]
    if i % 10 == 0:
        populations = [
            _c(population, rank="preferred", as_of=2008),
            _c(population + 100, source="synthetic-b"),
        ]
    claims: dict[str, Any] = {
        "kind": [_c("City")],
        "label": [
            _c(f"City {i}", lang="en"),
            _c("도시" + "".join(DIGITS_HANG[int(d)] for d in str(i)), lang="ko-Hang"),
            _c("都市" + "".join(DIGITS_HANI[int(d)] for d in str(i)), lang="ko-Hani"),
        ],
        "population": populations,
        "area_km2": [_c(area)],
        "density_per_km2": [_c(density)],
        "located_in": [_c(province)],
    }
    within = {"province": province} if province != "synthetic-country" else {"kind": "City"}
    return {
        "id": ident,
        "claims": claims,
        "periods": [
            {**within, "end": 1959, "source": "synthetic-a"},
            {"kind": "DirectlyGovernedCity", "start": 1960, "end": 1967, "source": "synthetic-a"},
            {**within, "start": 1968, "source": "synthetic-a"},
        ],
    }


def records(n: int) -> Iterator[dict[str, Any]]:
    for i in range(n):
        yield record(i, n)


def _yaml_ready(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _yaml_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_yaml_ready(v) for v in value]
    if isinstance(value, Decimal):
        return float(value)  # one decimal place: the float's repr is the decimal
    return value


def write_yaml(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    sources = [{"id": s, "url": u, "title": t} for s, u, t in SOURCES]
    files = {
        "sources.yaml": sources,
        "kinds.yaml": [{"id": k} for k in KINDS],
        "synthetic.yaml": [_yaml_ready(r) for r in records(n)],
    }
    for name, items in files.items():
        with open(folder / name, "w", encoding="utf-8") as handle:
            yaml.dump(items, handle, allow_unicode=True, sort_keys=False, Dumper=dumper)


def write_jsonl(folder: Path, n: int) -> None:
    """The same data folder with the records as JSON Lines (nkkg's bulk input)."""
    folder.mkdir(parents=True, exist_ok=True)
    write_yaml(folder, 0)  # sources.yaml and kinds.yaml stay YAML
    (folder / "synthetic.yaml").unlink()
    with open(folder / "synthetic.jsonl", "w", encoding="utf-8") as handle:
        for record in records(n):
            handle.write(json.dumps(_yaml_ready(record), ensure_ascii=False) + "\n")


# ---------------------------------------------------------------- CSV for RML

NKKG = "https://w3id.org/nkkg/ontology#"
# input property -> (predicate IRI, value kind); the mapping has a table per kind
PROPERTIES = {
    "kind": ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "kind"),
    "label": ("http://www.w3.org/2000/01/rdf-schema#label", "lang"),
    "population": (NKKG + "population", "integer"),
    "area_km2": (NKKG + "areaKm2", "decimal"),
    "density_per_km2": (NKKG + "densityPerKm2", "decimal"),
    "located_in": (NKKG + "locatedIn", "ref"),
}
TABLES = {
    "sources": ["source", "url", "title"],
    "claims": ["entity", "claim", "property", "rank"],
    "claim_sources": ["claim", "source"],
    "claim_times": ["claim", "year"],
    "periods": ["entity", "period"],
    "period_sources": ["period", "source"],
    "period_kinds": ["period", "kind"],
    "period_provinces": ["period", "province"],
    "period_starts": ["period", "year"],
    "period_ends": ["period", "year"],
    **{
        f"values_{k}": ["entity", "claim", "property", "value", "truthy"]
        for k in ("kind", "ref", "integer", "decimal", "en", "ko_hang", "ko_hani")
    },
}


def csv_rows(n: int) -> dict[str, list[list[str]]]:
    """The records as rows of the TABLES: slugs and lexical forms, no IRIs but predicates'."""
    rows: dict[str, list[list[str]]] = {name: [] for name in TABLES}
    rows["sources"] = [list(s) for s in SOURCES]
    for item in records(n):
        subject = item["id"]
        for prop, claims in item["claims"].items():
            predicate, kind = PROPERTIES[prop]
            preferred = {c.get("lang") for c in claims if c.get("rank") == "preferred"}
            for number, claim in enumerate(claims, start=1):
                node = f"{subject}-{prop.replace('_', '-')}-{number}"
                rank = "PreferredRank" if claim.get("rank") == "preferred" else "NormalRank"
                rows["claims"].append([subject, node, predicate, rank])
                rows["claim_sources"].append([node, claim["source"]])
                if "as_of" in claim:
                    rows["claim_times"].append([node, f"{claim['as_of']:04d}"])
                table = kind if kind != "lang" else claim["lang"].lower().replace("-", "_")
                best = rank == "PreferredRank" or claim.get("lang") not in preferred
                value = str(claim["value"])
                rows[f"values_{table}"].append(
                    [subject, node, predicate, value, "1" if best else "0"]
                )
        for number, period in enumerate(item.get("periods", []), start=1):
            node = f"{subject}-period-{number}"
            rows["periods"].append([subject, node])
            rows["period_sources"].append([node, period["source"]])
            if "kind" in period:
                rows["period_kinds"].append([node, period["kind"]])
            if "province" in period:
                rows["period_provinces"].append([node, period["province"]])
            if "start" in period:
                rows["period_starts"].append([node, f"{period['start']:04d}"])
            if "end" in period:
                rows["period_ends"].append([node, f"{period['end']:04d}"])
    return rows


def write_csv(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in csv_rows(n).items():
        truthy = TABLES[name][-1] == "truthy"
        with open(folder / f"{name}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(TABLES[name])
            writer.writerows(rows)
        if truthy:  # the plain ("truthy") triples: only the best-ranked claims
            with open(folder / f"truthy_{name[7:]}.csv", "w", encoding="utf-8", newline="") as h:
                writer = csv.writer(h, lineterminator="\n")
                writer.writerow(["entity", "property", "value"])
                writer.writerows([r[0], r[2], r[3]] for r in rows if r[4] == "1")


def write(folder: Path, n: int) -> None:
    """The three forms of the same n entities under `folder`: YAML, JSON Lines and CSV."""
    write_yaml(folder / "yaml", n)
    write_jsonl(folder / "jsonl", n)
    write_csv(folder / "csv", n)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python benchmarks/synth.py N FOLDER")
    write(Path(sys.argv[2]), int(sys.argv[1]))
