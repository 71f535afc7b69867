from pathlib import Path


def test_build_writes_summary(run_nkkg, tmp_path: Path) -> None:
    from kg import load_dataset

    records = load_dataset().records
    result = run_nkkg("build", "--out", str(tmp_path / "g.ttl"))
    assert result.returncode == 0, result.stderr
    periods = sum(len(r.periods) for r in records)
    assert result.stdout.startswith(f"built {len(records)} entities, {periods} status periods, ")


def test_version(run_nkkg) -> None:
    from kg import __version__

    result = run_nkkg("--version")
    assert (result.returncode, result.stdout) == (0, f"nkkg {__version__}\n")
    assert __version__ == "0.1.0"
