"""The `nkkg` Typer application: commands loaded on demand, and where errors become exit statuses.

`nkkg --help`, `--version` and shell completion of command names must start at
once, so the root knows its commands by name and summary only (COMMANDS) and
imports a command's module when that command runs or its own help is asked for.
Each module imports its heavy libraries (rdflib, pydantic, pyshacl) inside the
command, so even `nkkg query --help` stays light.
"""

from __future__ import annotations

import os
import sys
from difflib import get_close_matches
from importlib import import_module
from typing import Annotated, Any, NamedTuple, NoReturn

import typer

# typer (0.29 and later) carries its own copy of click; these are its usage errors
from typer._click.core import Command, Context
from typer._click.exceptions import BadParameter as ClickBadParameter
from typer._click.exceptions import ClickException, NoArgsIsHelpError
from typer._click.exceptions import UsageError as ClickUsageError
from typer._click.shell_completion import CompletionItem
from typer.core import TyperCommand, TyperGroup

from kg.errors import NkkgError
from kg.text import visible


class Entry(NamedTuple):
    module: str
    summary: str
    """The first line of the command's docstring (a test keeps them equal)."""


COMMANDS: dict[str, Entry] = {
    "build": Entry(
        "kg.cli.build",
        "Build the graph from the sourced input data, validate it, and write it atomically.",
    ),
    "validate": Entry(
        "kg.cli.build",
        "Validate the graph against the SHACL shapes (shapes/), with the ontology merged in.",
    ),
    "publish": Entry(
        "kg.cli.publish",
        "Write a validated release: RDF, CSV, GeoJSON, LPF, metadata and a static site.",
    ),
    "diff": Entry(
        "kg.cli.publish",
        "Claims and status periods added, removed and changed between two releases or graphs.",
    ),
    "query": Entry(
        "kg.cli.query", "Run a saved SPARQL query or a .rq file, in-process or on an endpoint."
    ),
    "load": Entry(
        "kg.cli.store",
        "Load the validated graph (or FILE) into a triplestore and check the triple count.",
    ),
    "serve": Entry(
        "kg.cli.store",
        "Serve the validated graph from a local Oxigraph SPARQL server until Ctrl-C or SIGTERM.",
    ),
    "resolve": Entry(
        "kg.cli.timetravel",
        "Which unit TEXT meant at a date: kind, parent, certainty, sources, successors.",
    ),
    "crosswalk": Entry(
        "kg.cli.timetravel",
        "Map every unit valid at one date to the units valid at another, with events and sources.",
    ),
    "convert": Entry(
        "kg.cli.timetravel",
        "Re-key TABLE.csv from the units valid at --from to those valid at --to.",
    ),
    "data": Entry("kg.cli.data", "Work with the packaged input data."),
    "link": Entry("kg.cli.link", "Check, suggest and compare the graph's links to Wikidata."),
    "completion": Entry(
        "kg.cli.completion", "Print the shell completion script for bash, zsh or fish."
    ),
}


def fail(message: str, code: int) -> NoReturn:
    """One line on stderr, then exit: how every error leaves nkkg.

    Data quoted in the message (a label, a path) has its control characters
    escaped, so the line stays one line and cannot drive the terminal.
    """
    typer.echo(f"nkkg: error: {visible(message)}", err=True)
    sys.exit(code)


def note(message: str) -> None:
    """One line on stderr that the user should know of, the command going on: `nkkg: note: ...`.

    Escaped as fail() escapes its message.
    """
    typer.echo(f"nkkg: note: {visible(message)}", err=True)


def tidy(command: Command) -> Command:
    """One metavar style everywhere: flags show none, values an upper-case word, choices [a|b].

    typer's defaults are `<bool>` on every flag and `<path>`, `<str>` beside the
    DIR and URL that options name themselves.
    """
    for param in command.params:
        if param.param_type_name == "argument":
            # an argument shows its name (FILE, DIR) and no second type column
            if param.metavar is None and param.name:
                param.metavar = param.name.upper()
            param.display_type_rich = lambda ctx: None  # type: ignore[attr-defined]
        elif getattr(param, "is_flag", False):
            param.metavar = ""
        elif param.metavar is None:
            desc = getattr(param, "type_descriptor", None)
            if desc is not None and desc.is_choice:
                names = [str(getattr(c, "value", c)) for c in desc.choices or ()]
                param.metavar = "[" + "|".join(names) + "]"
                _suggest_choices(param, names)
            elif param.name == "timeout":
                param.metavar = "SECONDS"
            elif desc is not None and desc.is_path:
                param.metavar = "PATH"
            else:
                kind = getattr(getattr(desc, "annotation", None), "__name__", "")
                param.metavar = {"int": "N", "float": "NUMBER"}.get(kind, "TEXT")
    plain_help = command.get_help_option

    def help_option(ctx: Context) -> Any:
        option = plain_help(ctx)
        if option is not None:
            option.metavar = ""
        return option

    command.get_help_option = help_option  # type: ignore[method-assign]
    for sub in getattr(command, "commands", {}).values():
        tidy(sub)
    return command


def _suggest_choices(param: Any, names: list[str]) -> None:
    """A value not among `names` (a mistyped --format) gets "did you mean ..." in its error."""
    plain = param.process_value

    def process_value(ctx: Context, value: Any) -> Any:
        try:
            return plain(ctx, value)
        except ClickBadParameter as err:
            close = get_close_matches(str(value).lower(), names) if isinstance(value, str) else []
            if not close:
                raise
            hint = f"; did you mean {', '.join(repr(c) for c in close)}?"
            raise ClickBadParameter(
                err.message.rstrip(".") + hint, ctx=err.ctx, param=err.param
            ) from err

    param.process_value = process_value


class _Group(TyperGroup):
    """The root: loads commands on demand; every error becomes one line and its exit status.

    NkkgError exits with its own status (1, or 2 for usage and unusable input);
    click's usage errors (a bad --format, a missing option) exit 2.
    """

    _listing = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tidy(self)

    def list_commands(self, ctx: Context) -> list[str]:
        return [*COMMANDS, *(name for name in self.commands if name not in COMMANDS)]

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        if self._listing:  # the root's help lists names and summaries only
            return TyperCommand(name=cmd_name, help=entry.summary)
        import_module(entry.module)  # registers its commands on `app`
        command = _convert(cmd_name)
        self.commands[cmd_name] = command
        return command

    def format_help(self, ctx: Context, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def shell_complete(self, ctx: Context, incomplete: str) -> list[CompletionItem]:
        found = [
            CompletionItem(name, help=entry.summary)
            for name, entry in COMMANDS.items()
            if name.startswith(incomplete)
        ]
        if incomplete.startswith("-") or not found:
            found += [c for c in Command.shell_complete(self, ctx, incomplete)]
        return found

    def resolve_command(
        self, ctx: Context, args: list[str]
    ) -> tuple[str | None, Command | None, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            close = get_close_matches(name, list(COMMANDS))
            hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
            raise ClickUsageError(f"no such command '{name}'{hint}", ctx)
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except NkkgError as err:
            fail(str(err), err.exit_code)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        if os.environ.get("_NKKG_COMPLETE"):  # the shell asks for completions
            from typer._completion_classes import completion_init

            completion_init()  # typer registers its bash/zsh/fish classes only when asked
        try:
            result = super().main(*args, **kwargs)
        except NoArgsIsHelpError as err:
            err.show()
            sys.exit(err.exit_code)
        except ClickException as err:
            where = getattr(err, "ctx", None)
            hint = f" (see '{where.command_path} --help')" if where is not None else ""
            # typer's value checks say "Value error, ..." (pydantic's wording): not for users
            message = " ".join(err.format_message().replace("Value error, ", "").split())
            fail(message + hint, err.exit_code)
        except typer.Abort:
            typer.echo("nkkg: aborted", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


app = typer.Typer(
    name="nkkg",
    cls=_Group,
    help="Build, validate, query, load and link the North Korea special cities graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # plain help, as click writes it: typer's rich help imports rich and markdown-it
    # (about 0.1 s, a third of the start-up) and draws boxes that a pipe does not need
    rich_markup_mode=None,
)


def _convert(name: str) -> Command:
    """The click command for one registered typer command or group, metavars tidied."""
    from typer.main import get_command_from_info, get_group_from_info

    for info in app.registered_commands:
        if info.name == name:
            return tidy(
                get_command_from_info(
                    info,
                    pretty_exceptions_short=app.pretty_exceptions_short,
                    rich_markup_mode=None,
                )
            )
    for group in app.registered_groups:
        if group.name == name:
            return tidy(
                get_group_from_info(
                    group,
                    pretty_exceptions_short=app.pretty_exceptions_short,
                    rich_markup_mode=None,
                    suggest_commands=True,
                )
            )
    raise LookupError(f"kg.cli.app.COMMANDS lists {name}, which its module does not register")


def _print_version(value: bool) -> None:
    if value:
        from kg.metadata import version

        typer.echo(f"nkkg {version()}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            help="Print the version and exit.",
            is_eager=True,
            callback=_print_version,
        ),
    ] = False,
) -> None:
    """Build, validate, query, load and link the North Korea special cities graph."""
