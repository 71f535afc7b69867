"""Bulk input: the same records as JSON Lines, checked as YAML records are."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from kg.pipeline import Project, default_project


def _to_json_lines(folder: Path, name: str) -> Path:
    """Replace NAME.yaml with NAME.jsonl: the same records, one a line, dates as ISO strings."""
    records = yaml.safe_load((folder / f"{name}.yaml").read_text(encoding="utf-8"))
    (folder / f"{name}.yaml").unlink()
    target = folder / f"{name}.jsonl"
    lines = [json.dumps(r, default=str, ensure_ascii=False) for r in records]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def test_json_lines_records_build_the_same_bytes(data_copy: Path) -> None:
    _to_json_lines(data_copy, "cities")
    _to_json_lines(data_copy, "provinces")
    assert not list(data_copy.glob("cities.yaml"))
    assert Project(data_copy, validate=False).nt == default_project().nt


def test_a_bad_json_lines_record_is_one_line(run_nkkg, data_copy: Path, tmp_path: Path) -> None:
    path = _to_json_lines(data_copy, "cities")
    text = path.read_text(encoding="utf-8")
    assert text.count('"value": 366815') == 1
    path.write_text(text.replace('"value": 366815', '"value": "about 366 thousand"'))
    out = tmp_path / "g.ttl"
    result = run_nkkg("build", "--data", str(data_copy), "--out", str(out))
    assert result.returncode == 1
    assert result.stderr == (
        f"nkkg: error: {path}, record 'nampo', field 'claims.population[0].value': "
        "Input should be a valid integer (got 'about 366 thousand')\n"
    )
    lines = text.splitlines()
    lines[2] = lines[2][:-1]  # the third record loses its closing brace
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_nkkg("build", "--data", str(data_copy), "--out", str(out))
    assert result.returncode == 1
    assert result.stderr == (
        f"nkkg: error: {path}: line 3: JSON syntax error: "
        f"Expecting ',' delimiter (column {len(lines[2]) + 1})\n"
    )
    assert not out.exists()
