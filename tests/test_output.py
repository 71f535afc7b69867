"""What reaches the terminal and pipes: escaped cells, whole numbers and rows, UTF-8 data."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from rdflib import Literal
from typer.testing import CliRunner

from kg.cli import app
from kg.cli.build import _print_report
from kg.cli.options import ReportFormat
from kg.cli.output import print_table, rows_table
from kg.graph.terms import nt
from kg.pipeline import default_project
from kg.text import visible

NASTY = "Kae\x1b[31msong\x1b]8;;http://x\x07 \u202eg\u200enos\n"
ROW = "<https://w3id.org/nkkg/id/kaesong> <http://www.w3.org/2000/01/rdf-schema#label> {} .\n"


class Terminal(io.TextIOWrapper):
    """A stdout that says it is a terminal; getvalue() is what was written."""

    def __init__(self, encoding: str = "utf-8") -> None:
        super().__init__(io.BytesIO(), encoding=encoding, write_through=True)

    def isatty(self) -> bool:
        return True

    def getvalue(self) -> str:
        self.flush()
        return self.buffer.getvalue().decode(self.encoding)  # type: ignore[attr-defined]


def test_visible_escapes_controls_bidi_and_separators_and_keeps_text() -> None:
    assert visible(NASTY) == "Kae\\x1b[31msong\\x1b]8;;http://x\\x07 \\u202eg\\u200enos\\x0a"
    assert visible("평양 Pyŏngyang 平壤, 1 019.5/km²") == "평양 Pyŏngyang 平壤, 1 019.5/km²"
    assert visible("a\u2028b\U000e0001") == "a\\u2028b\\U000e0001"


def test_a_query_table_shows_escapes_and_nothing_raw(run_nkkg, tmp_path: Path) -> None:
    graph = tmp_path / "g.nt"
    graph.write_text(ROW.format(nt(Literal(NASTY, lang="en"))), encoding="utf-8")
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?name WHERE { ?s ?p ?name }\n", encoding="utf-8")
    result = run_nkkg("query", str(query), "--graph", str(graph))
    assert result.returncode == 0, result.stderr
    assert visible(NASTY) in result.stdout
    assert not {"\x1b", "\x07", "\u202e", "\u200e"} & set(result.stdout)


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
def test_data_formats_are_utf8_whatever_the_locale(fmt: str) -> None:
    # PYTHONIOENCODING=ascii in-process: stdout's text layer is ASCII
    result = CliRunner(charset="ascii").invoke(app, ["query", "hierarchy", "--format", fmt])
    assert result.exit_code == 0, result.output
    text = result.stdout_bytes.decode("utf-8")
    assert "특별시" in text  # a ko-Hang name, written as UTF-8 bytes


def test_validate_json_is_utf8_whatever_the_locale() -> None:
    result = CliRunner(charset="ascii").invoke(app, ["validate", "--format", "json"])
    assert result.exit_code == 0
    assert result.stdout_bytes == (
        b'{\n  "source": "the graph built from kg/data",\n  "conforms": true,\n'
        b'  "violations": 0,\n  "warnings": 0,\n  "infos": 0,\n  "engine": "fast",\n'
        b'  "fallback": null,\n  "results": []\n}\n'
    )


def test_a_table_wider_than_the_terminal_keeps_every_row_and_number(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows = [[f"city-{i}", f"{1234567890 + i}", "a long description " * 3] for i in range(40)]
    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    monkeypatch.setenv("COLUMNS", "30")
    print_table(rows_table(("city", "population", "note"), rows))
    lines = terminal.getvalue().splitlines()
    for city, number, _ in rows:  # one line per row, its number whole
        assert [line for line in lines if f"{city} " in line and number in line]
    assert len(lines) == 2 + len(rows)
    assert "\x1b" not in terminal.getvalue()


def test_a_table_that_fits_is_drawn_for_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    monkeypatch.setenv("COLUMNS", "80")
    print_table(rows_table(("city", "population"), [["kaesong", "308440"]]))
    assert "kaesong" in terminal.getvalue() and "308440" in terminal.getvalue()


@pytest.mark.parametrize(("no_color", "colored"), [("", True), ("1", False)])
def test_no_color_turns_the_report_colours_off(
    monkeypatch: pytest.MonkeyPatch, no_color: str, colored: bool
) -> None:
    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    monkeypatch.setenv("NO_COLOR", no_color)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    _print_report(default_project().report(), "g", ReportFormat.text)
    assert ("\x1b[1;32m" in terminal.getvalue()) is colored  # bold green verdict


def test_an_ascii_terminal_gets_escapes_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = Terminal("ascii")
    monkeypatch.setattr(sys, "stdout", terminal)
    monkeypatch.setenv("COLUMNS", "80")
    print_table(rows_table(("city", "hangul"), [["kaesong", "개성특별시"]]))
    assert "\\uac1c\\uc131\\ud2b9\\ubcc4\\uc2dc" in terminal.getvalue()


def test_validate_reports_escapes_and_bidi_escaped(run_nkkg, data_copy: Path) -> None:
    cities = data_copy / "cities.yaml"
    text = cities.read_text(encoding="utf-8")
    nasty = '{value: "Py\\e[31mong\\u202eyang", lang: en'
    cities.write_text(text.replace("{value: Pyongyang, lang: en", nasty, 1), encoding="utf-8")
    result = run_nkkg("validate", "--data", str(data_copy))
    assert result.returncode == 1
    assert "nkkgsh:HiddenCharacterShape: 2 violations" in result.stdout  # label and its claim
    assert '    value:      "Py\\x1b[31mong\\u202eyang"@en' in result.stdout
    assert not {"\x1b", "\u202e"} & set(result.stdout + result.stderr)
