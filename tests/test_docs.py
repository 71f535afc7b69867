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


# a measured duration: "0.9 s", "3–5 s", "75 ms", "about 6 minutes" (not a decade: "1960s")
DURATION = re.compile(
    r"\b(?![12]\d{3}s\b)\d[\d.,]*(?:\s?(?:–|to)\s?[\d.,]+)?\s?(?:s|ms|µs|seconds|minutes|hours)\b"
)
# a bound, not a measurement: "at most 30 s", "default 30 s", "a back-off of 0.5 s"
BOUND = re.compile(
    r"(?:at most|default|after|within|limit|up to|back-off of|--timeout|Retry-After)\W*$"
)
NAMED = ("2-core", "benchmarks.md", "this machine")


def prose_paragraphs(path: Path) -> list[tuple[int, str, str]]:
    """Paragraphs and list items outside fenced blocks: (first line, `## ` section, text).

    The section is its heading and its first paragraph, where a section that
    holds figures names the machine once for all of them.
    """
    found: list[tuple[int, str, str]] = []
    inside, heading, section, start, lines = False, "", "", 0, []
    text = path.read_text(encoding="utf-8").splitlines()

    def flush() -> None:
        nonlocal start, lines, section
        if lines:
            paragraph = " ".join(lines)
            if section == heading:  # the section's first paragraph
                section = heading + " " + paragraph
            found.append((start, section, paragraph))
        start, lines = 0, []

    for number, line in enumerate(text, 1):
        if line.startswith("```"):
            flush()
            inside = not inside
        elif inside:
            continue
        elif not line.strip() or line.startswith(("#", "- ", "* ")):
            flush()
            if line.startswith("## "):
                heading = section = line
            if line.startswith(("- ", "* ")):
                start, lines = number, [line]
        else:
            start, lines = (start or number), [*lines, line]
    flush()
    return found


def test_every_timing_in_the_docs_names_its_machine() -> None:
    """A duration quoted in prose says where it was measured (the machine, or benchmarks.md).

    The paragraph names it, or its section does in its heading or first paragraph.
    """
    docs = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
    unnamed = []
    for path in docs:
        if path.name == "cli-help.md":  # generated help: limits and defaults only
            continue
        for line, section, text in prose_paragraphs(path):
            measured = [
                m.group() for m in DURATION.finditer(text) if not BOUND.search(text[: m.start()])
            ]
            if measured and not any(name in section + text for name in NAMED):
                unnamed.append(f"{path.name}:{line}: {', '.join(measured)}")
    assert unnamed == []
