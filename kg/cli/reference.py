"""The command reference from the CLI's own help: `python -m kg.cli.reference > docs/cli-help.md`.

A test regenerates it and compares, so docs/cli-help.md never drifts from the
commands; another checks that docs/commands.md mentions every command and option.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from typer._click.core import Command, Context
from typer.main import get_command

from kg.cli.app import app

WIDTH = 100


def command_at(path: tuple[str, ...]) -> Command:
    """The click command at `path`, its module loaded (the root loads commands on demand)."""
    command = get_command(app)
    ctx = Context(command, info_name="nkkg")
    for name in path:
        found = command.get_command(ctx, name)  # type: ignore[attr-defined]
        if found is None:
            raise LookupError(f"no command nkkg {' '.join(path)}")
        command = found
    return command


def commands() -> list[tuple[str, ...]]:
    """Every command path, `()` for nkkg itself, in the order --help lists them."""
    paths: list[tuple[str, ...]] = [()]

    def walk(path: tuple[str, ...]) -> None:
        command = command_at(path)
        if hasattr(command, "list_commands"):
            for name in command.list_commands(Context(command)):
                paths.append((*path, name))
                walk((*path, name))

    walk(())
    return paths


def options(path: tuple[str, ...]) -> list[str]:
    """The long option names of one command (--help aside)."""
    command = command_at(path)
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
        parts.append("```text\n" + help_text(path) + "\n```\n")
    return "\n".join(parts)


def main() -> None:
    typer.echo(render(), nl=False)


if __name__ == "__main__":
    main()
