"""The documentation stays true: the generated help, every command and option, the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.cli.reference import commands, options, render

ROOT = Path(__file__).resolve().parents[1]
COMMANDS_MD = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")


def test_cli_help_reference_is_up_to_date() -> None:
    assert (ROOT / "docs" / "cli-help.md").read_text(encoding="utf-8") == render(), (
        "regenerate it: python -m kg.cli.reference > docs/cli-help.md"
    )


@pytest.mark.parametrize("path", commands()[1:], ids=lambda p: " ".join(p))
def test_every_command_and_option_is_documented(path: tuple[str, ...]) -> None:
    heading = f"nkkg {' '.join(path)}"
    assert heading in COMMANDS_MD, f"docs/commands.md does not describe `{heading}`"
    missing = [o for o in options(path) if not re.search(rf"{re.escape(o)}\b", COMMANDS_MD)]
    assert missing == [], f"docs/commands.md does not mention {missing} of `{heading}`"


def test_the_readme_gives_the_two_set_up_commands_that_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, flags=re.DOTALL)
    build = "python3 -m venv .venv && .venv/bin/pip install -q . && .venv/bin/nkkg build"
    test = (
        "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && "
        ".venv/bin/python -m pytest -q"
    )
    assert blocks[:2] == [build, test]
    assert test in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
