from pathlib import Path


def test_build_writes_summary(run_nkkg, tmp_path: Path) -> None:
    result = run_nkkg("build", "--out", str(tmp_path / "g.ttl"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("built 22 entities, 20 status periods, ")
