"""The command reference from the CLI's own help: `python -m kg.cli.reference > docs/cli-help.md`.

A test regenerates it and compares, so docs/cli-help.md never drifts from the
commands; another checks that docs/commands.md mentions every command and option.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from typer.main import get_command

from kg.cli.app import app

WIDTH = 100


def commands() -> list[tuple[str, ...]]:
    """Every command path, `()` for nkkg itself, in the order --help lists them."""
    root = get_command(app)
    paths: list[tuple[str, ...]] = [()]

    def walk(command: object, path: tuple[str, ...]) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            paths.append((*path, name))
            walk(sub, (*path, name))

    walk(root, ())
    return paths


def options(path: tuple[str, ...]) -> list[str]:
    """The long option names of one command (--help aside)."""
    command = get_command(app)
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    found: list[str] = []
    for param in command.params:
        found.extend(o for o in param.opts if o.startswith("--") and o != "--help")
        found.extend(o for o in getattr(param, "secondary_opts", []) if o.startswith("--"))
    return found


@contextmanager
def _plain_terminal() -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in ("COLUMNS", "TERM", "NO_COLOR")}
    os.environ.update(COLUMNS=str(WIDTH), TERM="dumb", NO_COLOR="1")
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def help_text(path: tuple[str, ...]) -> str:
    from typer.testing import CliRunner

    with _plain_terminal():
        result = CliRunner().invoke(app, [*path, "--help"], prog_name="nkkg")
    return "\n".join(line.rstrip() for line in result.stdout.splitlines()).strip("\n")


def render() -> str:
    parts = [
        "# nkkg command-line help\n",
        "Generated from the commands themselves by `python -m kg.cli.reference > "
        "docs/cli-help.md`;\na test fails when it is out of date. "
        "[commands.md](commands.md) explains each command with examples.\n",
    ]
    for path in commands():
        parts.append(f"## nkkg {' '.join(path)}".rstrip() + "\n")
        parts.append("```\n" + help_text(path) + "\n```\n")
    return "\n".join(parts)


def main() -> None:
    typer.echo(render(), nl=False)


if __name__ == "__main__":
    main()
