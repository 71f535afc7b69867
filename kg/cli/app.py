"""The `nkkg` Typer application and the one place where errors become exit statuses."""

from __future__ import annotations

import sys
from typing import Annotated, Any, NoReturn

import typer

# typer (0.29 and later) carries its own copy of click; these are its usage errors
from typer._click.core import Context
from typer._click.exceptions import ClickException, NoArgsIsHelpError
from typer.core import TyperGroup

from kg.errors import NkkgError
from kg.text import visible


def fail(message: str, code: int) -> NoReturn:
    """One line on stderr, then exit: how every error leaves nkkg.

    Data quoted in the message (a label, a path) has its control characters
    escaped, so the line stays one line and cannot drive the terminal.
    """
    typer.echo(f"nkkg: error: {visible(message)}", err=True)
    sys.exit(code)


class _Group(TyperGroup):
    """Turns every NkkgError and every usage error into one line on stderr and its exit status.

    NkkgError exits with its own status (1, or 2 for usage and unusable input);
    click's usage errors (a bad --format, a missing option) exit 2.
    """

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except NkkgError as err:
            fail(str(err), err.exit_code)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            result = super().main(*args, **kwargs)
        except NoArgsIsHelpError as err:
            err.show()
            sys.exit(err.exit_code)
        except ClickException as err:
            where = getattr(err, "ctx", None)
            hint = f" (see '{where.command_path} --help')" if where is not None else ""
            fail(" ".join(err.format_message().split()) + hint, err.exit_code)
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
)


def _print_version(value: bool) -> None:
    if value:
        from kg.graph.ontology import version

        typer.echo(f"nkkg {version()}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", is_eager=True, callback=_print_version
        ),
    ] = False,
) -> None:
    """Build, validate, query, load and link the North Korea special cities graph."""
