"""`nkkg data export`: a copy of the packaged input data that you own and may edit."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import app
from kg.resources import export_data

data_app = typer.Typer(help="Work with the packaged input data.", no_args_is_help=True)
app.add_typer(data_app, name="data")


@data_app.command("export")
def export_command(
    folder: Annotated[
        Path, typer.Argument(metavar="DIR", help="A new or empty folder to copy the data into.")
    ],
) -> None:
    """Copy the packaged data (YAML files) to DIR, to edit and pass as `--data DIR`."""
    copied = export_data(folder)
    typer.echo(f"copied {len(copied)} files to {folder}; use `--data {folder}` to build from them")
