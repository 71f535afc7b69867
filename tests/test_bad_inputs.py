"""A battery of bad inputs: each ends in one line on stderr and a non-zero exit.

Data records, files, options, paths and parameters that a user can get wrong.
Every case runs in-process against one shared work folder; before and after
each, the folder's every file (bytes and kind) is recorded, so a case that
changes or replaces any file fails, as does any traceback (run_nkkg re-raises
what escapes the CLI) or a second line on stderr. The cases that need SHACL
share one data folder, so its validation runs once per process.
"""

from __future__ import annotations

import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.resources import data_dir


@dataclass(frozen=True)
class Bad:
    id: str
    args: tuple[str, ...]  # "{w}" stands for the work folder
    code: int
    message: str  # what the one stderr line contains, after "nkkg: error: "


def bad(id: str, *args: str, code: int = 1, message: str) -> Bad:
    return Bad(id, args, code, message)


# data folders: (file, text to replace, replacement) applied to a copy of the packaged data
DATA_EDITS = {
    "population-zero": ("cities.yaml", "{value: 3255288,", "{value: 0,"),
    "population-negative": ("cities.yaml", "{value: 3255288,", "{value: -5,"),
    "population-text": ("cities.yaml", "{value: 3255288,", "{value: many,"),
    "area-zero": ("cities.yaml", "{value: 3194,", "{value: 0,"),
    "area-infinite": ("cities.yaml", "{value: 3194,", "{value: .inf,"),
    "area-1e400": ("cities.yaml", "{value: 3194,", "{value: 1e400,"),
    "yaml-syntax": ("cities.yaml", "- id: rason", "- id: [rason"),
    "duplicate-id": ("cities.yaml", "- id: rason", "- id: pyongyang"),
    "duplicate-key": ("cities.yaml", "    area_km2:\n", "    area_km2: []\n    area_km2:\n"),
    "unknown-source": (
        "cities.yaml",
        "{value: 3194, source: article}",
        "{value: 3194, source: nowhere}",
    ),
    "unknown-field": ("cities.yaml", "    area_km2:\n", "    area_km3:\n"),
    "bad-qid": ("cities.yaml", "{value: Q18808,", "{value: X18808,"),
    "bad-year": (
        "cities.yaml",
        "{kind: DirectlyGovernedCity, start: 1946,",
        "{kind: DirectlyGovernedCity, start: soon,",
    ),
    "not-a-list": ("cities.yaml", "- id: pyongyang", "pyongyang:"),
    "raw-escape-byte": (
        "cities.yaml",
        "{value: Pyongyang, lang: en",
        "{value: Py\x1bongyang, lang: en",
    ),
    "source-url": (
        "sources.yaml",
        "url: https://en.wikipedia.org/wiki/Pyongyang",
        "url: not a url",
    ),
    # needs SHACL: several violations in one folder, validated once
    "shacl": (
        "cities.yaml",
        "{value: Pyongyang, lang: en",
        '{value: "Py\\e[31mong\\u202eyang", lang: en',
    ),
}

CASES = [
    # ---------------------------------------------------------------- build --out
    bad("out-directory", "build", "--out", "{w}/folder",
        message="cannot write {w}/folder: it is a directory"),
    bad("out-fifo", "build", "--out", "{w}/fifo",
        message="cannot write {w}/fifo: it is not a regular file (device, FIFO or socket)"),
    bad("out-device-copy", "build", "--out", "{w}/null",
        message="cannot write {w}/null: it is not a regular file (device, FIFO or socket)"),
    bad("out-dev-full", "build", "--out", "/dev/full",
        message="cannot write /dev/full: it is not a regular file (device, FIFO or socket)"),
    bad("out-proc-version", "build", "--out", "/proc/version",
        message="cannot write /proc/version: "),
    bad("out-missing-folder", "build", "--out", "{w}/none/g.ttl",
        message="cannot write {w}/none/g.ttl: folder {w}/none does not exist"),
    bad("out-symlink-to-fifo", "build", "--out", "{w}/link-to-fifo",
        message="cannot write {w}/link-to-fifo: it is not a regular file"),
    bad("out-symlink-loop", "build", "--out", "{w}/loop.ttl",
        message="cannot write {w}/loop.ttl: Too many levels of symbolic links"),
    bad("out-empty-path", "build", "--out", "",
        message="cannot write .: it is a directory"),
    bad("out-nt-as-turtle", "build", "--out", "{w}/kept.nt", "--format", "turtle",
        code=2, message="--out {w}/kept.nt: the extension '.nt' names nt, not turtle"),
    bad("out-ttl-as-jsonld", "build", "--out", "{w}/kept.ttl", "-f", "jsonld",
        code=2, message="--out {w}/kept.ttl: the extension '.ttl' names turtle, not jsonld"),
    bad("format-unknown", "build", "--format", "yaml", "--out", "{w}/kept.ttl",
        code=2, message="Invalid value for '--format' / '-f'"),
    bad("base-not-iri", "build", "--base", "not an iri", "--out", "{w}/kept.ttl",
        code=2, message="not an iri"),
    bad("data-missing", "build", "--data", "{w}/none", "--out", "{w}/kept.ttl", code=2,
        message="{w}/none"),
    bad("data-is-file", "build", "--data", "{w}/kept.ttl", "--out", "{w}/kept.nt", code=2,
        message="{w}/kept.ttl"),
    # ---------------------------------------------------------------- data records
    *(
        bad(f"data-{name}", "build", "--data", f"{{w}}/data-{name}", "--out", "{w}/kept.ttl",
            code=code, message=message)
        for name, code, message in (
            ("population-zero", 1, "record 'pyongyang', field 'claims.population[0].value'"),
            ("population-negative", 1, "record 'pyongyang', field 'claims.population[0].value'"),
            ("population-text", 1, "record 'pyongyang', field 'claims.population[0].value'"),
            ("area-zero", 1, "record 'pyongyang', field 'claims.area_km2[0].value'"),
            ("area-infinite", 1, "must be a finite number (got inf)"),
            ("area-1e400", 1, "must be a finite number (got inf)"),
            ("yaml-syntax", 1, "cities.yaml"),
            ("duplicate-id", 1, "pyongyang"),
            ("duplicate-key", 1, "duplicate key 'area_km2' (first given on line "),
            ("unknown-source", 1, "nowhere"),
            ("unknown-field", 1, "area_km3"),
            ("bad-qid", 1, "X18808"),
            ("bad-year", 1, "record 'pyongyang'"),
            ("not-a-list", 1, "cities.yaml"),
            ("raw-escape-byte", 1, "cities.yaml"),
            ("source-url", 1, "sources.yaml"),
        )
    ),
    # ---------------------------------------------------------------- SHACL (one folder)
    bad("shacl-escape-and-bidi", "build", "--data", "{w}/data-shacl", "--out", "{w}/kept.ttl",
        message="SHACL violation"),
    bad("shacl-escape-as-nt", "build", "--data", "{w}/data-shacl", "--out", "{w}/kept.nt",
        message="SHACL violation"),
    bad("shacl-population-1e38", "build", "--data", "{w}/data-huge", "--out", "{w}/kept.ttl",
        message="population is a positive xsd:integer below 10,000,000,000"),
    # ---------------------------------------------------------------- query
    bad("query-unknown-name", "query", "no-such-query", code=2, message="no-such-query"),
    bad("query-missing-file", "query", "{w}/none.rq", message="{w}/none.rq"),
    bad("query-syntax-error", "query", "{w}/broken.rq", message="{w}/broken.rq"),
    bad("query-not-utf8", "query", "{w}/latin1.rq", message="{w}/latin1.rq"),
    bad("query-param-no-equals", "query", "first-level-in-year", "-p", "year", message="year"),
    bad("query-param-unknown", "query", "first-level-in-year", "-p", "colour=red",
        message="colour"),
    bad("query-param-not-integer", "query", "first-level-in-year", "-p", "year=abc", message="abc"),
    bad("query-param-escape", "query", "first-level-in-year", "-p", "year=\x1b[2J",
        message="\\x1b[2J"),
    bad("query-graph-missing", "query", "hierarchy", "--graph", "{w}/none.ttl",
        code=2, message="{w}/none.ttl"),
    bad("query-graph-syntax", "query", "hierarchy", "--graph", "{w}/broken.ttl",
        code=2, message="{w}/broken.ttl"),
    bad("query-graph-extension", "query", "hierarchy", "--graph", "{w}/graph.txt",
        code=2, message="{w}/graph.txt"),
    bad("query-graph-directory", "query", "hierarchy", "--graph", "{w}/folder",
        code=2, message="{w}/folder"),
    bad("query-graph-fifo", "query", "hierarchy", "--graph", "{w}/fifo.ttl",
        code=2, message="{w}/fifo.ttl: not a regular file (device, FIFO or socket)"),
    bad("validate-fifo", "validate", "{w}/fifo.ttl",
        code=2, message="{w}/fifo.ttl: not a regular file (device, FIFO or socket)"),
    bad("query-rq-fifo", "query", "{w}/fifo.rq",
        message="cannot read query file {w}/fifo.rq: not a regular file (device, FIFO or socket)"),
    bad("query-graph-not-utf8", "query", "hierarchy", "--graph", "{w}/latin1.nt",
        code=2, message="{w}/latin1.nt"),
    bad("query-endpoint-not-url", "query", "hierarchy", "--endpoint", "not a url",
        code=2, message="not a url"),
    bad("query-endpoint-ftp", "query", "hierarchy", "--endpoint", "ftp://127.0.0.1/sparql",
        code=2, message="ftp://127.0.0.1/sparql"),
    bad("query-endpoint-and-graph", "query", "hierarchy", "--endpoint",
        "http://127.0.0.1:9/sparql", "--graph", "{w}/kept.ttl",
        code=2, message="--graph, --store-dir and --engine are for in-process runs"),
    bad("query-format-unknown", "query", "hierarchy", "--format", "xml",
        code=2, message="Invalid value for '--format' / '-f'"),
    bad("query-list-and-name", "query", "hierarchy", "--list",
        code=2, message="give a query or --list, not both"),
    bad("query-engine-unknown", "query", "hierarchy", "--engine", "jena",
        code=2, message="Invalid value for '--engine'"),
    bad("query-no-name", "query", code=2, message="missing NAME|FILE.rq"),
    bad("query-huge-population-graph", "query", "density-ranking", "--graph", "{w}/huge.nt",
        "--engine", "rdflib",
        message=(
            "query 'density-ranking' failed in rdflib: a number in the graph is "
            "too large or too precise for decimal arithmetic"
        )),
    # ---------------------------------------------------------------- validate
    bad("validate-missing-file", "validate", "{w}/none.ttl", code=2, message="{w}/none.ttl"),
    bad("validate-syntax", "validate", "{w}/broken.ttl", code=2, message="{w}/broken.ttl"),
    bad("validate-directory", "validate", "{w}/folder", code=2, message="{w}/folder"),
    bad("validate-file-and-data", "validate", "{w}/kept.ttl", "--data", "{w}/data-shacl",
        code=2, message="give FILE or --data, not both"),
    bad("validate-ontology-turtle", "validate", "--ontology", "-f", "turtle",
        code=2, message="--ontology reports as text or json, not turtle"),
    bad("validate-bad-data", "validate", "--data", "{w}/data-bad-qid", message="X18808"),
    # ---------------------------------------------------------------- load
    bad("load-endpoint-not-url", "load", "{w}/kept.ttl", "--store", "not a url",
        code=2, message="not a url"),
    bad("load-missing-file", "load", "{w}/none.ttl", "--store", "http://127.0.0.1:9/store",
        code=2, message="{w}/none.ttl"),
    # ---------------------------------------------------------------- link, data, publish
    bad("accept-without-entity", "link", "suggest", "--accept", "Q1",
        code=2, message="--accept needs exactly one ENTITY"),
    bad("link-export-out-device", "link", "export", "--out", "/dev/full",
        message="cannot write /dev/full: it is not a regular file (device, FIFO or socket)"),
    bad("link-export-review-folder", "link", "export", "--review", "{w}/folder",
        message="cannot write {w}/folder: it is a directory"),
    bad("data-export-not-empty", "data", "export", "{w}",
        code=2, message="cannot export to {w}: the folder is not empty"),
    bad("data-export-to-file", "data", "export", "{w}/kept.ttl",
        code=2, message="cannot export to {w}/kept.ttl: it exists and is not a folder"),
    bad("publish-missing-folder", "publish", "--out", "{w}/none/release", message="{w}/none"),
    bad("unknown-command", "frobnicate", code=2, message="no such command 'frobnicate'"),
]  # fmt: skip


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shared work folder: data variants, bad files, and nodes nkkg must not touch."""
    root = tmp_path_factory.mktemp("bad")
    for name, (file, old, new) in {
        **DATA_EDITS,
        "huge": ("cities.yaml", "{value: 3255288,", "{value: " + "1" + "0" * 38 + ","),
    }.items():
        folder = root / f"data-{name}"
        shutil.copytree(data_dir(), folder)
        text = (folder / file).read_text(encoding="utf-8")
        assert old in text, (name, old)
        (folder / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    (root / "folder").mkdir()
    os.mkfifo(root / "fifo")
    os.mkfifo(root / "fifo.ttl")
    os.mkfifo(root / "fifo.rq")
    (root / "link-to-fifo").symlink_to(root / "fifo")
    (root / "loop.ttl").symlink_to(root / "loop.ttl")
    try:  # a copy of /dev/null, as the issue made it
        os.mknod(root / "null", stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        os.mkfifo(root / "null")
    (root / "kept.ttl").write_text("kept\n", encoding="utf-8")
    (root / "kept.nt").write_text("kept\n", encoding="utf-8")
    (root / "broken.rq").write_text("SELECT ?x WHERE { ?x \n", encoding="utf-8")
    (root / "latin1.rq").write_bytes('SELECT ?x WHERE { ?x ?p "é" }\n'.encode("latin-1"))
    (root / "broken.ttl").write_text("<a> <b> .\n", encoding="utf-8")
    (root / "graph.txt").write_text("", encoding="utf-8")
    (root / "latin1.nt").write_bytes('<http://e/a> <http://e/b> "é" .\n'.encode("latin-1"))
    big = "1" + "0" * 38
    (root / "huge.nt").write_text(
        "<https://w3id.org/nkkg/id/a> <https://w3id.org/nkkg/ontology#population> "
        f'"{big}"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
        "<https://w3id.org/nkkg/id/a> <https://w3id.org/nkkg/ontology#areaKm2> "
        '"0.0000000000000000000001"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n',
        encoding="utf-8",
    )
    return root


def snapshot(root: Path) -> dict[str, tuple[int, bytes | None]]:
    """Every entry under root: its file type and, for regular files, its bytes."""
    found = {}
    for path in sorted(root.rglob("*")):
        mode = path.lstat().st_mode
        data = path.read_bytes() if stat.S_ISREG(mode) else None
        found[str(path.relative_to(root))] = (stat.S_IFMT(mode), data)
    return found


def test_the_battery_is_large_enough() -> None:
    assert len(CASES) >= 50
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_input_ends_in_one_line(run_nkkg, work: Path, case: Bad) -> None:
    before = snapshot(work)
    args = [a.replace("{w}", str(work)) for a in case.args]
    result = run_nkkg(*args, cwd=work)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("nkkg: error: "), lines[0]
    assert case.message.replace("{w}", str(work)) in lines[0]
    assert lines[0].isprintable(), lines[0]
    assert result.returncode == case.code, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert snapshot(work) == before
