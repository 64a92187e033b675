"""The typer application and what every command shares."""

from __future__ import annotations

import os

import typer

from tollwatch import __version__
from tollwatch.settings import Settings

EXIT_HELP = """
Exit status: 0 when every input was read, 1 when some inputs had problems (each is
reported on stderr and recorded), 2 on a usage error.
"""

app = typer.Typer(
    name="tollwatch",
    help="Turn news reports of a crisis into a sourced, auditable ledger of the human toll.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tollwatch {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Turn news reports of a crisis into a sourced, auditable ledger of the human toll."""


def run_settings() -> Settings:
    """The run's settings: the environment read here, once, and passed down (see
    :mod:`tollwatch.settings` for the variables)."""
    return Settings.from_environ(os.environ)
