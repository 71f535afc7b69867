"""The wheel carries the ontology, shapes, queries and data, and runs from anywhere."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_installed_in_a_fresh_venv_builds_from_another_directory(
    tmp_path: Path, counts
) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "-w", str(dist), str(ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = dist.glob("nkkg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"kg/ontology/nkkg.ttl", "kg/data/cities.yaml", "kg/cli/__init__.py"} <= names

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
         str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    # Dependencies come from this test environment (no network in tests); the project
    # itself must come from the wheel: the checkout is not on the new venv's path.
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    Path(purelib, "test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [str(env_dir / "bin" / "nkkg"), "build"], cwd=elsewhere, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == counts.summary("nkkg.ttl") + "\n"
    assert (elsewhere / "nkkg.ttl").stat().st_size > 10_000

    where = subprocess.run(
        [str(python), "-c", "import kg.resources as r; print(r.ontology_path())"],
        cwd=elsewhere, check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    assert where.startswith(purelib), where

    # the saved queries ship too: listed, and run on the file just built
    nkkg = str(env_dir / "bin" / "nkkg")
    listed = subprocess.run(
        [nkkg, "query", "--list"], cwd=elsewhere, capture_output=True, text=True
    )
    assert listed.returncode == 0, listed.stderr
    assert "first-level-in-year" in listed.stdout
    ran = subprocess.run(
        [nkkg, "query", "first-level-in-year", "-p", "year=2010", "-g", "nkkg.ttl", "-f", "csv"],
        cwd=elsewhere, capture_output=True, text=True,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    names = [line.split(",")[1] for line in ran.stdout.splitlines()]
    assert names == ["name", "Pyongyang", "Nampo", "Rason"]  # Nampo special from 2010 or 2011
