"""Every console example in README.md and docs/*.md runs here and its output is compared.

A console block is a fenced block tagged `console` (or not tagged at all): its
lines are `$ ` commands, each followed by what it prints. Each `$ nkkg ...`
runs in-process (typer's CliRunner, milliseconds, no process per example) in a
fresh folder, after the block's earlier commands (a block is one session), and
what it prints, stdout then stderr as a terminal shows them, must be the lines
that follow, up to the next `$ `. Besides nkkg, a block may run `sed -i` to
edit a file an earlier command wrote (how the docs show a bad record), `printf "..." > FILE`
to write a small input table, and `cat FILE` to show a file. A pipe into `head -n N`,
`head -N` or `grep WORD` is applied here. The few examples that need a running
server or a Wikidata stand-in are listed in NEEDS_A_SERVER with the test that
covers that output instead; a new example not listed must run.

A console block whose first line is not a `$ ` command fails the suite, so no
output sample goes unchecked by mistake. Other blocks say what they are: `sh`
(commands to type, no output shown), `text` (a synopsis, a layout, or a message
that needs broken data or a server to appear: not run), `sparql`, `turtle`,
`yaml`, `python`, `tsv`.

A small runner of our own rather than a transcript tool (cram, prysk): those
run every line in a shell, a Python start-up each (about 1 s per nkkg
example on the 2-core machine), and cannot place timings or temporary ports.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app

ROOT = Path(__file__).parent.parent
DOCS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]

NEEDS_A_SERVER = {
    "nkkg serve": "tests/test_serve.py (the banner, on a free port)",
    "nkkg load --store http://127.0.0.1:7878/store": "tests/test_load.py (the summary line)",
    "nkkg link export": "tests/test_link_export.py (the batch and the review table)",
    "head -n": "a file the export above wrote",
    "grep Q221734": "a file the export above wrote",
    "cat a.csv": "a file the export above wrote",
}
# timings vary from run to run: written as in the docs, compared as a number
TIMING = re.compile(r"\d+\.\d+ s\b")


CONSOLE = ("", "console")
"""The info strings of console blocks, which must be `$ ` transcripts."""
OTHER = ("sh", "text", "sparql", "turtle", "yaml", "python", "tsv", "json", "csv")


def blocks() -> list[tuple[str, int, str, list[str]]]:
    """Every fenced block of the docs: (file, line of the fence, info string, lines)."""
    found = []
    for path in DOCS:
        lines = path.read_text(encoding="utf-8").splitlines()
        start: tuple[int, str] | None = None
        body: list[str] = []
        for number, line in enumerate(lines, start=1):
            if line.startswith("```"):
                if start is None:
                    start, body = (number, line[3:].strip()), []
                else:
                    found.append((path.name, start[0], start[1], body))
                    start = None
            elif start is not None:
                body.append(line)
    return found


def examples() -> list[tuple[str, int, str, list[str]]]:
    """Every `$ ` command of the console blocks, with the line it is on and its output."""
    found = []
    for doc, fence, info, body in blocks():
        if info not in CONSOLE:
            continue
        command: tuple[int, str] | None = None
        output: list[str] = []
        for number, line in enumerate(body, start=fence + 1):
            if line.startswith("$ "):
                if command is not None:
                    found.append((doc, command[0], command[1], output))
                command, output = (number, line[2:]), []
            elif command is not None:
                output.append(line)
        if command is not None:
            found.append((doc, command[0], command[1], output))
    return found


EXAMPLES = examples()


def earlier(doc: str, line: int) -> list[str]:
    """The commands before line `line` in the same console block: the session so far."""
    block = next(
        (fence, body)
        for d, fence, info, body in blocks()
        if d == doc and info in CONSOLE and fence < line <= fence + len(body)
    )
    fence, body = block
    return [b[2:] for b in body[: line - fence - 1] if b.startswith("$ ")]


def skipped(command: str) -> str | None:
    return next((why for start, why in NEEDS_A_SERVER.items() if command.startswith(start)), None)


def run(command: str, where: Path) -> list[str]:
    line, _, pipe = command.partition(" | ")
    args = shlex.split(line)
    if args[:2] == ["sed", "-i"]:  # an edit, as a user makes it; it prints nothing
        subprocess.run(args, cwd=where, check=True, timeout=30)
        return []
    if args[0] == "printf" and args[-2] == ">":  # a small input file, as a user types it
        (where / args[-1]).write_text(args[1].replace("\\n", "\n"), encoding="utf-8")
        return []
    if args[0] == "cat" and len(args) == 2:
        return (where / args[1]).read_text(encoding="utf-8").splitlines()
    assert args[0] == "nkkg", command
    before = os.getcwd()
    os.chdir(where)
    try:
        result = CliRunner().invoke(app, args[1:], prog_name="nkkg", env={"NO_COLOR": "1"})
    finally:
        os.chdir(before)
    assert result.exception is None or isinstance(result.exception, SystemExit), command
    out = result.stdout.splitlines() + result.stderr.splitlines()
    if pipe:
        tool = shlex.split(pipe)
        if tool[0] == "head":
            out = out[: int(tool[-1].lstrip("-"))]
        elif tool[0] == "grep":
            out = [o for o in out if tool[1] in o]
        else:
            raise AssertionError(f"unknown pipe in the docs: {pipe}")
    return [o.rstrip() for o in out]


@pytest.mark.parametrize(
    ("doc", "line", "command", "expected"),
    EXAMPLES,
    ids=[f"{doc}:{line}" for doc, line, _, _ in EXAMPLES],
)
def test_console_example(doc: str, line: int, command: str, expected: list[str], tmp_path) -> None:
    why = skipped(command)
    if why is not None:
        pytest.skip(f"needs a server; covered by {why}")
    for before in earlier(doc, line):
        if skipped(before) is None:
            run(before, tmp_path)
    got = run(command, tmp_path)
    assert [TIMING.sub("T s", o) for o in got] == [TIMING.sub("T s", e) for e in expected]


def test_every_console_block_is_found() -> None:
    counted = sum(len(re.findall(r"^\$ ", p.read_text(encoding="utf-8"), flags=re.M)) for p in DOCS)
    assert len(EXAMPLES) == counted >= 14
    assert sum(skipped(c) is None for _, _, c, _ in EXAMPLES) >= 7


def test_no_console_block_goes_unchecked() -> None:
    """An untagged or `console` block is a transcript: it opens with a `$ ` command."""
    unchecked = [
        f"{doc}:{fence}"
        for doc, fence, info, body in blocks()
        if info in CONSOLE and not (body and body[0].startswith("$ "))
    ]
    assert unchecked == [], "make it a `$ ` transcript, or tag it sh/text/... (see the docstring)"
    unknown = [f"{d}:{f} {i}" for d, f, i, _ in blocks() if i not in (*CONSOLE, *OTHER)]
    assert unknown == []


def test_the_check_sees_unprompted_output_and_stderr(tmp_path) -> None:
    """The two ways an example could slip: output with no `$ ` line, an error on stderr."""
    assert run("nkkg query --list --format yaml", tmp_path)[0].startswith("nkkg: error: ")
    (tmp_path / "doc.md").write_text("```\nbuilt 3301 triples\n```\n", encoding="utf-8")
    DOCS.append(tmp_path / "doc.md")
    try:
        assert ("doc.md", 1, "", ["built 3301 triples"]) in blocks()
        with pytest.raises(AssertionError):
            test_no_console_block_goes_unchecked()
    finally:
        DOCS.pop()


def test_the_city_parameter_is_documented_with_its_real_count() -> None:
    from kg.pipeline import default_project
    from kg.sparql.entities import city_slugs

    slugs = city_slugs(default_project().base, data=default_project().store())
    text = " ".join((ROOT / "docs" / "commands.md").read_text(encoding="utf-8").split())
    assert f"one of the {len(slugs)} records of the packaged data" in text
