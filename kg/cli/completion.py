"""`nkkg completion SHELL`: the script that makes a shell complete nkkg's commands and options."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from kg.cli.app import app


class Shell(StrEnum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


@app.command("completion")
def completion_command(
    shell: Annotated[Shell, typer.Argument(help="The shell to complete in.")],
) -> None:
    """Print the shell completion script for bash, zsh or fish.

    Saved-query names and their parameters complete too. Install it with, for bash,
    `nkkg completion bash > ~/.local/share/bash-completion/completions/nkkg`; for zsh,
    into a folder on $fpath as `_nkkg`; for fish, `~/.config/fish/completions/nkkg.fish`.
    """
    from typer._completion_classes import completion_init
    from typer._completion_shared import get_completion_script

    completion_init()
    script = get_completion_script(prog_name="nkkg", complete_var="_NKKG_COMPLETE", shell=shell)
    typer.echo(script.rstrip("\n"))
