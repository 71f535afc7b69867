from pathlib import Path


def test_build_writes_summary(run_nkkg, tmp_path: Path) -> None:
    result = run_nkkg("build", "--out", str(tmp_path / "g.ttl"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("built 22 entities, 20 status periods, ")


def test_version(run_nkkg) -> None:
    from kg import __version__

    result = run_nkkg("--version")
    assert (result.returncode, result.stdout) == (0, f"nkkg {__version__}\n")
    assert __version__ == "0.1.0"
