"""Build once, query many (`build --store-dir`, `query --store`), and sharded N-Triples."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from test_query import CASES

from kg.errors import UsageError
from kg.graph.terms import oxigraph_store
from kg.pipeline import Project, default_project
from kg.sparql import run_query
from kg.store.local import MARKER
from tests.support.queries import packaged_query

# each saved query with its defaults and with its first other case: the store and file paths
# share the engine and the parameter binding that test_query runs on every case
ONE_EACH = [(n, p) for n, p in CASES if not p] + list(
    {n: p for n, p in reversed(CASES) if p}.items()
)


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return default_project().write_store(tmp_path_factory.mktemp("store") / "nkkg-store")


@pytest.mark.parametrize(("name", "params"), ONE_EACH, ids=lambda v: str(v) if v else "defaults")
def test_a_store_answers_as_the_built_graph_in_process(
    store_dir: Path, name: str, params: dict[str, str]
) -> None:
    # the packaged graph's answer in-process, which test_query keeps equal to rdflib's
    assert run_query(name, params, store=store_dir) == packaged_query(name, params)


def test_build_writes_a_store_that_query_opens(run_nkkg, tmp_path: Path) -> None:
    store = tmp_path / "s"
    result = run_nkkg("build", "--out", str(tmp_path / "g.ttl"), "--store-dir", str(store))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == f"store -> {store}"
    triples = len(default_project().rows)
    assert (store / MARKER).read_text().splitlines()[:2] == ["nkkg store", f"triples\t{triples}"]
    again = run_nkkg("build", "--out", str(tmp_path / "g.ttl"), "--store-dir", str(store))
    assert again.returncode == 0  # a store nkkg wrote is replaced
    listed = run_nkkg("query", "hierarchy", "--store-dir", str(store), "--format", "csv")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout == run_nkkg("query", "hierarchy", "--format", "csv").stdout


def test_store_errors_are_one_line(run_nkkg, tmp_path: Path) -> None:
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "keep.txt").write_text("mine")
    result = run_nkkg(
        "build", "--out", str(tmp_path / "g.ttl"), "--store-dir", str(tmp_path / "other")
    )
    assert result.returncode == 1
    assert result.stderr == (
        f"nkkg: error: cannot write store {tmp_path / 'other'}: "
        "it exists and is not an nkkg store\n"
    )
    assert (tmp_path / "other" / "keep.txt").read_text() == "mine"
    assert not (tmp_path / "g.ttl").exists()  # refused before the graph file is written
    missing = run_nkkg("query", "hierarchy", "--store-dir", str(tmp_path / "nope"))
    assert missing.returncode == 2
    assert missing.stderr == (
        f"nkkg: error: {tmp_path / 'nope'}: no such folder "
        f"(make one with `nkkg build --store-dir {tmp_path / 'nope'}`)\n"
    )
    both = run_nkkg("query", "hierarchy", "--store-dir", "x", "--engine", "rdflib")
    assert both.stderr == "nkkg: error: a store is queried with pyoxigraph's engine only\n"


def test_graph_files_are_queried_on_pyoxigraph_by_default(tmp_path: Path) -> None:
    path = tmp_path / "g.nq"  # a dataset format: the named graph is merged, as rdflib's reader does
    path.write_bytes(default_project().serialize("nquads"))
    for name, params in ONE_EACH:
        assert run_query(name, params, graph=path) == packaged_query(name, params)


def test_shards_concatenate_to_the_unsharded_bytes(run_nkkg, tmp_path: Path) -> None:
    whole = tmp_path / "whole.nt"
    assert run_nkkg("build", "-f", "nt", "--out", str(whole)).returncode == 0
    result = run_nkkg("build", "-f", "nt", "--shard-size", "1000", "--out", str(tmp_path / "g.nt"))
    assert result.returncode == 0, result.stderr
    manifest = tmp_path / "g-shards.txt"
    names = manifest.read_text().split()
    triples = len(default_project().rows)
    assert len(names) == -(-triples // 1000) > 1
    assert names[:2] == ["g-00001.nt", "g-00002.nt"]
    assert result.stdout.endswith(
        f"{triples} triples -> {len(names)} shards listed in {manifest}\n"
    )
    shards = [(tmp_path / name).read_bytes() for name in names]
    assert all(shard.count(b"\n") == 1000 for shard in shards[:-1])
    assert b"".join(shards) == whole.read_bytes()
    for shard in shards:  # each one whole lines, loadable alone
        assert len(list(ox.parse(shard, format=ox.RdfFormat.N_TRIPLES))) == shard.count(b"\n")
    # a smaller build again: shards the old manifest listed beyond the new count go
    assert run_nkkg("build", "-f", "nt", "--shard-size", "100000", "--out", str(tmp_path / "g.nt"))
    assert manifest.read_text() == "g-00001.nt\n"
    assert sorted(p.name for p in tmp_path.glob("g-*")) == ["g-00001.nt", "g-shards.txt"]
    assert (tmp_path / "g-00001.nt").read_bytes() == whole.read_bytes()


def test_shards_are_n_triples_only(run_nkkg, tmp_path: Path) -> None:
    result = run_nkkg("build", "--shard-size", "10", "--out", str(tmp_path / "g.ttl"))
    assert result.returncode == 2
    assert result.stderr == (
        "nkkg: error: --shard-size writes N-Triples only (--format nt, not turtle)\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_shards_load_into_one_store_as_the_whole_graph(tmp_path: Path) -> None:
    project = Project(validate=False)
    manifest, count = project.write_shards(tmp_path / "x.nt", size=777).path, 0
    store = ox.Store()
    for name in manifest.read_text().split():
        store.load(path=str(tmp_path / name), format=ox.RdfFormat.N_TRIPLES)
        count += 1
    assert len(store) == len(project.rows) and count == -(-len(project.rows) // 777)


def test_a_pyoxigraph_store_in_hand_answers_as_the_built_graph() -> None:
    # one in-memory Store for many queries (the release's queries page does this)
    store = oxigraph_store(default_project().graph)
    for name, params in dict(CASES).items():  # one case of each saved query
        assert run_query(name, params, store=store) == packaged_query(name, params), (name, params)
    with pytest.raises(
        UsageError, match=r"^give a graph, a store or an endpoint, not more than one$"
    ):
        run_query("hierarchy", store=store, graph=default_project().graph)


@pytest.mark.parametrize("fails", ["store", "file"])
def test_build_writes_the_file_and_the_store_both_or_neither(
    run_nkkg, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fails: str
) -> None:
    # a full disk while the store loads, or while the file is written: before, the file
    # was written first and kept when the store then failed
    import errno
    import tempfile

    out, store = tmp_path / "g.ttl", tmp_path / "store"
    out.write_text("earlier graph\n", encoding="utf-8")
    assert run_nkkg("build", "--out", str(tmp_path / "first.ttl"), "--store-dir", str(store)
                    ).returncode == 0  # fmt: skip
    marker = (store / "nkkg-store.txt").read_text(encoding="utf-8")
    full = OSError(errno.ENOSPC, "No space left on device")

    def no_space(*args: object, **kwargs: object) -> None:
        raise full

    monkeypatch.setattr(tempfile, "mkdtemp" if fails == "store" else "mkstemp", no_space)
    (tmp_path / "first.ttl").unlink()
    result = run_nkkg("build", "--out", str(out), "--store-dir", str(store), "--base",
                      "https://example.org/id/")  # fmt: skip
    message = (
        f"cannot write store {store}: No space left on device"
        if fails == "store"
        else f"cannot write {out}: No space left on device (temporary file in {tmp_path})"
    )
    assert (result.returncode, result.stdout, result.stderr) == (1, "", f"nkkg: error: {message}\n")
    assert out.read_text(encoding="utf-8") == "earlier graph\n"  # the file as it was
    assert (store / "nkkg-store.txt").read_text(encoding="utf-8") == marker  # the store too
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.ttl", "store"]  # nothing staged
