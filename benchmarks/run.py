"""Time nkkg against morph-kgc and rdflib on synthetic data, and print the ratios.

    python benchmarks/run.py --sizes 1000,10000 --repeat 3

For each size: writes the synthetic data (benchmarks/synth.py) as YAML, JSON
Lines and CSV under benchmarks/out/N/, then runs every task once per round, round after
round (so a slow spell of a shared machine hits every task alike): `nkkg
build` with and without validation (from YAML, and from JSON Lines, nkkg's
bulk input), morph-kgc (CSV + RML, in its own venv,
benchmarks/.venv-morph, made on first use: morph-kgc 2.10 pins pyoxigraph<0.4
and rdflib<7.3), rdflib's own Graph-and-Turtle path, `nkkg validate`, `nkkg
query --store-dir` for each saved query that needs no network (on a store
built once beforehand, untimed), and `nkkg load` into a
local Oxigraph server on 127.0.0.1. Each run is a separate process: wall time
and peak RSS are that process's own (os.wait4). It checks that morph-kgc's
triples are nkkg's (the ontology aside), prints a table and the ratios, and
writes the same as JSON (benchmarks/out/results.json by default).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import synth  # noqa: E402  (the generator beside this script)

PY = sys.executable
MORPH_VENV = HERE / ".venv-morph"
MORPH_VERSION = "2.10.0"
NETWORK_QUERIES = {"wikidata-iso-codes"}  # federated: needs Wikidata
QUERY_PARAMS = {"status-history": ["-p", "city=https://w3id.org/nkkg/id/city-1"]}


@dataclass
class Task:
    name: str
    argv: list[str]
    cwd: Path = ROOT
    runs: list[tuple[float, float]] = field(default_factory=list)  # (wall s, peak RSS MiB)
    failed: str | None = None


def run_once(task: Task, timeout: float) -> None:
    """One run as its own process; its wall time and peak RSS (a timeout or error is noted)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        task.argv, cwd=task.cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            os.wait4(proc.pid, 0)
            task.failed = f"over {timeout:.0f} s"
            return
        time.sleep(0.01)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        err = proc.stderr.read().decode(errors="replace").strip() if proc.stderr else ""
        task.failed = f"exit {proc.returncode}: {err.splitlines()[-1] if err else ''}"
        return
    task.runs.append((wall, usage.ru_maxrss / 1024))


def morph_python() -> str:
    """morph-kgc's own venv, made with the pinned version on first use."""
    python = MORPH_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([PY, "-m", "venv", str(MORPH_VENV)], check=True)
    probe = [str(python), "-c", "import morph_kgc"]
    if subprocess.run(probe, capture_output=True).returncode != 0:
        pip = [str(python), "-m", "pip", "install", "-q", f"morph-kgc=={MORPH_VERSION}"]
        subprocess.run(pip, check=True)
    return str(python)


def tasks_for(folder: Path, endpoint: str | None, with_validation: bool) -> list[Task]:
    nkkg = [PY, "-m", "kg"]
    data, jsonl, graph = folder / "yaml", folder / "jsonl", folder / "nkkg.nt"
    config = folder / "morph.ini"
    config.write_text(
        "[CONFIGURATION]\noutput_file = {}\noutput_format = N-TRIPLES\n\n"
        "[DataSource1]\nmappings = {}\n".format(folder / "morph.nt", HERE / "mapping.rml.ttl")
    )
    tasks = [
        Task(
            "build --no-validate",
            [*nkkg, "build", "--no-validate", "--data", str(data), "-f", "nt", "-o", str(graph)],
        ),
        Task(
            "build --no-validate, JSON Lines",
            [*nkkg, "build", "--no-validate", "--data", str(jsonl), "-f", "nt", "-o",
             str(folder / "nkkg-jsonl.nt")],
        ),
        Task("morph-kgc", [morph_python(), "-m", "morph_kgc", str(config)], cwd=folder / "csv"),
        Task(
            "rdflib Graph+Turtle",
            [PY, str(HERE / "rdflib_path.py"), str(data), str(folder / "rdflib.ttl")],
        ),
    ]  # fmt: skip
    if with_validation:
        tasks.append(
            Task(
                "build (validated), JSON Lines",
                [*nkkg, "build", "--data", str(jsonl), "-f", "nt", "-o",
                 str(folder / "nkkg-validated.nt")],
            )
        )  # fmt: skip
        tasks.append(Task("validate", [*nkkg, "validate", str(graph)]))
    store = folder / "store"
    for path in sorted((ROOT / "queries").glob("*.rq")):
        if path.stem not in NETWORK_QUERIES:
            argv = [*nkkg, "query", path.stem, "--store-dir", str(store), "-f", "csv"]
            tasks.append(Task(f"query {path.stem}", argv + QUERY_PARAMS.get(path.stem, [])))
    if endpoint is not None:
        tasks.append(Task("load", [*nkkg, "load", str(graph), "--store", endpoint]))
    return tasks


def make_store(folder: Path) -> None:
    """The on-disk store the query tasks open (build once, query many); not timed."""
    argv = [PY, "-m", "kg", "build", "--no-validate", "--data", str(folder / "jsonl"), "-f", "nt"]
    argv += ["-o", str(folder / "store.nt"), "--store-dir", str(folder / "store")]
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)


def compare_with_morph(folder: Path) -> dict[str, object]:
    """Whether morph-kgc's triples are all nkkg's (the ontology aside), and what nkkg adds.

    The RML mapping makes the records' triples; nkkg also derives change events
    from consecutive status periods, which the mapping does not.
    """
    from kg.resources import ontology_path

    def terms(path: Path, fmt: ox.RdfFormat) -> set[str]:
        return {str(t) for t in ox.parse(path=str(path), format=fmt)}

    ontology = terms(ontology_path(), ox.RdfFormat.TURTLE)
    nkkg = terms(folder / "nkkg.nt", ox.RdfFormat.N_TRIPLES) - ontology
    morph = terms(folder / "morph.nt", ox.RdfFormat.N_TRIPLES)
    extra = nkkg - morph
    events = sum(1 for t in extra if "#fromPeriod>" in t)
    return {"morph_kgc_triples_in_nkkg": morph <= nkkg, "nkkg_extra": len(extra), "events": events}


def row(task: Task, triples: int) -> dict[str, object]:
    walls = [w for w, _ in task.runs]
    median = statistics.median(walls) if walls else None
    return {
        "task": task.name,
        "runs": len(walls),
        "median_s": round(median, 3) if median is not None else None,
        "min_s": round(min(walls), 3) if walls else None,
        "peak_rss_mib": round(max(r for _, r in task.runs)) if walls else None,
        "triples_per_s": round(triples / median) if median else None,
        "failed": task.failed,
    }


def measure(
    size: int,
    repeat: int,
    timeout: float,
    endpoint: str | None,
    validation: bool,
    skip: list[str],
) -> dict:
    folder = HERE / "out" / str(size)
    synth.write(folder, size)
    make_store(folder)
    tasks = [t for t in tasks_for(folder, endpoint, validation) if t.name not in skip]
    for round_number in range(repeat):
        for task in tasks:
            if task.failed is None:
                run_once(task, timeout)
                print(f"  n={size} round {round_number + 1} {task.name}", file=sys.stderr)
    with open(folder / "nkkg.nt", "rb") as handle:
        triples = sum(1 for _ in handle)
    rows = [row(t, triples) for t in tasks]
    medians = {r["task"]: r["median_s"] for r in rows}

    def ratio(other: str, task: str = "build --no-validate") -> float | None:
        base, mine = medians.get(other), medians.get(task)
        return round(mine / base, 2) if mine and base else None  # type: ignore[operator]

    return {
        "entities": size,
        "triples": triples,
        "morph_kgc": compare_with_morph(folder),
        "rows": rows,
        "ratios": {
            "nkkg/morph-kgc": ratio("morph-kgc"),
            "nkkg/rdflib": ratio("rdflib Graph+Turtle"),
            "nkkg JSON Lines/morph-kgc": ratio("morph-kgc", "build --no-validate, JSON Lines"),
            "nkkg JSON Lines/rdflib": ratio(
                "rdflib Graph+Turtle", "build --no-validate, JSON Lines"
            ),
        },
    }


def print_result(result: dict) -> None:
    morph = result["morph_kgc"]
    print(
        f"\n{result['entities']} entities, {result['triples']} triples; morph-kgc's triples "
        f"all in nkkg's: {'yes' if morph['morph_kgc_triples_in_nkkg'] else 'NO'}; nkkg adds "
        f"{morph['nkkg_extra']} (the {morph['events']} derived change events, and stamped "
        "ontology version triples)"
    )
    print(f"{'task':<32}{'runs':>5}{'median s':>10}{'min s':>9}{'peak MiB':>10}{'triples/s':>11}")
    for r in result["rows"]:
        if r["runs"]:
            print(
                f"{r['task']:<32}{r['runs']:>5}{r['median_s']:>10.2f}{r['min_s']:>9.2f}"
                f"{r['peak_rss_mib']:>10}{r['triples_per_s']:>11}"
                + (f"  ({r['failed']})" if r["failed"] else "")
            )
        else:
            print(f"{r['task']:<32}{0:>5}  {r['failed']}")
    ratios = result["ratios"]
    print(
        f"ratios of medians, nkkg build --no-validate: "
        f"nkkg/morph-kgc {ratios['nkkg/morph-kgc']}, nkkg/rdflib {ratios['nkkg/rdflib']}; "
        f"from JSON Lines: nkkg/morph-kgc {ratios['nkkg JSON Lines/morph-kgc']}, "
        f"nkkg/rdflib {ratios['nkkg JSON Lines/rdflib']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000", help="entity counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="rounds (runs of each task)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per run")
    parser.add_argument(
        "--no-validation", action="store_true", help="skip the validated build and nkkg validate"
    )
    parser.add_argument("--no-load", action="store_true", help="skip nkkg load")
    parser.add_argument(
        "--skip", default="", help="task names to leave out, comma-separated ('query hierarchy')"
    )
    parser.add_argument("--json", type=Path, default=HERE / "out" / "results.json")
    args = parser.parse_args()
    from kg.store.oxigraph import OxigraphServer

    results = []
    server = None if args.no_load else OxigraphServer().start()
    try:
        endpoint = server.store_url if server is not None else None
        for size in (int(s) for s in args.sizes.split(",")):
            skip = [name.strip() for name in args.skip.split(",") if name.strip()]
            if "build --no-validate" in skip:
                parser.error("the other tasks read the output of 'build --no-validate'")
            result = measure(
                size, args.repeat, args.timeout, endpoint, not args.no_validation, skip
            )
            print_result(result)
            results.append(result)
    finally:
        if server is not None:
            server.stop()
    command = "python benchmarks/run.py " + shlex.join(sys.argv[1:])
    args.json.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "command": command.strip(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "results": results,
    }
    args.json.write_text(json.dumps(payload, indent=2) + "\n")
    print(f"\n{payload['date']}; {payload['machine']}; {payload['command']} -> {args.json}")


if __name__ == "__main__":
    main()
