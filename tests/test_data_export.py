"""`--accept` edits only data you own; `nkkg data export` copies the packaged data out."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# imported first, so the modules that bind data_dir by name bind the real one, not a
# test's patch of kg.resources.data_dir (which the next test in the worker would read)
import kg.pipeline
import kg.resources
from kg.errors import NkkgError
from kg.resources import data_dir, editable_data_dir, in_source_checkout


def fake_data(root: Path, *, pyproject: bool) -> Path:
    """root/kg/data with one YAML file, and (optionally) root/pyproject.toml naming nkkg."""
    folder = root / "kg" / "data"
    folder.mkdir(parents=True)
    (folder / "cities.yaml").write_text("[]\n", encoding="utf-8")
    if pyproject:
        (root / "pyproject.toml").write_text('[project]\nname = "nkkg"\n', encoding="utf-8")
    return folder


def test_this_checkout_owns_its_data() -> None:
    assert in_source_checkout(data_dir()) is True
    assert editable_data_dir(None) == data_dir()


def test_site_packages_data_is_not_yours_even_beside_a_pyproject(tmp_path: Path) -> None:
    # a stray pyproject.toml in site-packages must not make the install editable
    installed = fake_data(tmp_path / "lib" / "python3.11" / "site-packages", pyproject=True)
    assert in_source_checkout(installed) is False
    with pytest.raises(NkkgError) as err:
        editable_data_dir(None, packaged=installed)
    assert str(err.value) == (
        f"the packaged data in {installed} belongs to an installed package, not to you: "
        "copy it out with `nkkg data export DIR`, then pass `--data DIR`"
    )


def test_dist_packages_and_other_prefixes_are_not_yours(tmp_path: Path) -> None:
    assert in_source_checkout(fake_data(tmp_path / "dist-packages", pyproject=True)) is False
    assert in_source_checkout(fake_data(tmp_path / "opt" / "venv", pyproject=False)) is False
    assert in_source_checkout(fake_data(tmp_path / "checkout", pyproject=True)) is True


def test_given_data_is_always_editable(tmp_path: Path) -> None:
    installed = fake_data(tmp_path / "site-packages", pyproject=False)
    assert editable_data_dir(installed, packaged=installed) == installed


def test_accept_refuses_installed_data_before_asking_the_endpoint(
    run_nkkg, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    installed = fake_data(tmp_path / "site-packages", pyproject=False)
    monkeypatch.setattr(kg.resources, "data_dir", lambda: installed)
    before = (installed / "cities.yaml").read_bytes()
    # the endpoint is a closed port: reaching it would fail differently
    result = run_nkkg(
        "link", "suggest", "kaesong", "--accept", "Q1", "--endpoint", "http://127.0.0.1:9/sparql"
    )
    assert result.returncode == 1
    assert result.stderr == (
        f"nkkg: error: the packaged data in {installed} belongs to an installed package, "
        "not to you: copy it out with `nkkg data export DIR`, then pass `--data DIR`\n"
    )
    assert (installed / "cities.yaml").read_bytes() == before


def test_data_export_copies_the_packaged_files(run_nkkg, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    result = run_nkkg("data", "export", str(out))
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in data_dir().glob("*.yaml"))
    assert sorted(p.name for p in out.iterdir()) == names and "cities.yaml" in names
    for name in names:
        assert (out / name).read_bytes() == (data_dir() / name).read_bytes()
    assert result.stdout == (
        f"copied {len(names)} files to {out}; use `--data {out}` to build from them\n"
    )
    built = run_nkkg("build", "--data", str(out), "--out", str(tmp_path / "g.ttl"))
    assert built.returncode == 0, built.stderr


def test_data_export_refuses_a_non_empty_folder_or_a_file(run_nkkg, tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    result = run_nkkg("data", "export", str(tmp_path))
    assert (result.returncode, result.stderr) == (
        2,
        f"nkkg: error: cannot export to {tmp_path}: the folder is not empty\n",
    )
    file = tmp_path / "keep.txt"
    result = run_nkkg("data", "export", str(file))
    assert (result.returncode, result.stderr) == (
        2,
        f"nkkg: error: cannot export to {file}: it exists and is not a folder\n",
    )
    assert file.read_text(encoding="utf-8") == "mine"


def test_data_export_on_a_full_disk_leaves_nothing_and_a_rerun_writes(
    run_nkkg, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the disk fills at the third file: before, the folder kept two files and the
    # rerun was refused as "not empty"
    import errno
    import shutil

    real = shutil.copyfile
    copied: list[str] = []

    def full_disk(src: Path, dst: Path) -> object:
        if len(copied) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        copied.append(Path(src).name)
        return real(src, dst)

    monkeypatch.setattr(shutil, "copyfile", full_disk)
    out = tmp_path / "mine"
    result = run_nkkg("data", "export", str(out))
    assert (result.returncode, result.stdout, result.stderr) == (
        1, "", f"nkkg: error: cannot export to {out}: No space left on device\n"
    )  # fmt: skip
    assert list(tmp_path.iterdir()) == []  # no partial folder, no staging folder left
    monkeypatch.setattr(shutil, "copyfile", real)
    again = run_nkkg("data", "export", str(out))
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(
        p.name for p in data_dir().glob("*.yaml")
    )
    assert [p.name for p in tmp_path.iterdir()] == ["mine"]


def test_data_export_fills_an_empty_folder_with_the_umask_permissions(
    run_nkkg, tmp_path: Path
) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    mode = out.stat().st_mode
    assert run_nkkg("data", "export", str(out)).returncode == 0
    assert out.stat().st_mode == mode and (out / "cities.yaml").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["empty"]


def test_a_killed_exports_staging_folder_is_removed_by_the_next_export(
    run_nkkg, tmp_path: Path
) -> None:
    from kg.folders import STAGING_MARK

    out = tmp_path / "mine"
    dead = tmp_path / ".mine.0badc0de.tmp"  # a killed export: its writer is gone
    dead.mkdir()
    (dead / STAGING_MARK).write_text("999999999\n")
    (dead / "cities.yaml").write_text("half")
    alive = tmp_path / ".mine.00c0ffee.tmp"  # an export still running (our parent): kept
    alive.mkdir()
    (alive / STAGING_MARK).write_text(f"{os.getppid()}\n")
    other = tmp_path / ".theirs.12345678.tmp"  # staging for another folder: not ours to touch
    other.mkdir()
    (other / STAGING_MARK).write_text("999999999\n")
    result = run_nkkg("data", "export", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".mine.00c0ffee.tmp",
        ".theirs.12345678.tmp",
        "mine",
    ]
    assert not (out / STAGING_MARK).exists()  # the mark is gone before the rename
    assert (out / "cities.yaml").read_bytes() == (data_dir() / "cities.yaml").read_bytes()
