"""Progress on long work (issue 20, case 15): reported by the pipeline, drawn on a terminal only."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from kg.cli.output import PROGRESS_FROM_BYTES, build_progress, input_size
from kg.pipeline import Project
from kg.resources import data_dir


def test_the_pipeline_reports_each_file_the_records_checked_and_each_step(monkeypatch) -> None:
    import kg.pipeline

    monkeypatch.setattr(kg.pipeline, "_VERDICTS", {})  # validate now, not from an earlier test
    seen: list[tuple[str, int, int | None]] = []
    project = Project(validate=True, progress=lambda d, n, t: seen.append((d, n, t)))
    project.check()
    assert seen[:3] == [
        ("reading sources.yaml", 0, None),
        ("checking sources.yaml", 0, 130),
        ("checking sources.yaml", 130, 130),
    ]
    assert ("checking cities.yaml", 6, 6) in seen  # the six cities of the source article
    steps = [d for d, _, _ in seen if not d.startswith(("reading ", "checking "))]
    assert steps == ["building triples", "validating"]
    assert sum(d.startswith("reading ") for d, _, _ in seen) == 20  # every data file


def _drawn(folder: Path, *, terminal: bool, threshold: int) -> str:
    out = io.StringIO()
    console = Console(file=out, force_terminal=terminal, width=100)
    with build_progress(folder, console=console, threshold=threshold) as progress:
        Project(folder, progress=progress).rows  # noqa: B018 (read, build)
    return out.getvalue()


def test_a_terminal_shows_the_steps_on_a_bar_for_large_input() -> None:
    drawn = _drawn(data_dir(), terminal=True, threshold=0)
    assert "checking cities.yaml" in drawn
    assert "building triples" in drawn
    assert "━" in drawn  # the bar itself


def test_piped_or_small_input_prints_nothing() -> None:
    assert _drawn(data_dir(), terminal=False, threshold=0) == ""
    assert input_size(data_dir()) < PROGRESS_FROM_BYTES  # the packaged data: no bar
    assert _drawn(data_dir(), terminal=True, threshold=PROGRESS_FROM_BYTES) == ""


def test_a_file_name_is_shown_as_written_never_as_markup(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    for path in data_dir().glob("*.yaml"):
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "zones.yaml").rename(folder / "[red]zones.yaml")
    drawn = _drawn(folder, terminal=True, threshold=0)
    assert "reading [red]zones.yaml" in drawn or "checking [red]zones.yaml" in drawn
