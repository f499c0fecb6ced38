"""The `hp` command line: a thin Typer layer over the library.

Only Typer is imported at start; each command imports what it needs when it runs, so that
`hp --help` and `hp validate` start fast.
"""

from __future__ import annotations

import os
import sys

import typer

from handlingsplan import __version__

app = typer.Typer(
    name="hp",
    help=(
        "[bold]hp[/] — handlingsplanen for et omstillingsprogram som kode.\n\n"
        "Planen ligger som YAML-filer i et Git-repo: [cyan]hp validate[/] sjekker at alt henger "
        "sammen, og de andre kommandoene bygger på det.\n\n"
        "Eksempler:\n\n"
        "  [cyan]hp validate[/]                    sjekk programmet i denne mappen\n\n"
        "  [cyan]hp validate --format json[/]      resultatet som JSON (for CI)\n\n"
        "  [cyan]hp rules HP301[/]                 forklar en regel\n\n"
        "  [cyan]hp schema --out .schema[/]        JSON Schema for autoutfylling i editoren"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"hp {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                 help="Vis versjonen og avslutt."),
) -> None:
    """hp — handlingsplanen for et omstillingsprogram som kode."""


# Each command lives in its own module `cli/<name>_cmd.py` with a `register(app)` function and
# imports its heavy dependencies only when it runs. The order is the order in `hp --help`.
COMMANDS = ("init", "validate", "render", "calendar", "status", "schema", "rules")


def _register_commands() -> None:
    import importlib
    import importlib.util

    for name in COMMANDS:
        module_name = f"handlingsplan.cli.{name}_cmd"
        if importlib.util.find_spec(module_name) is not None:
            importlib.import_module(module_name).register(app)


_register_commands()


def main() -> None:
    """Entry point of the `hp` console script: no traceback ever reaches the user."""
    if not sys.stdout.isatty() and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    try:
        app()
    except KeyboardInterrupt:
        print("Avbrutt.", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:  # the last line of defence
        if os.environ.get("HP_DEBUG"):
            raise
        print(f"feil: intern feil i hp ({type(exc).__name__}: {exc}).\n"
              "tips: Dette er en feil i hp, ikke i planen. Kjør med HP_DEBUG=1 for detaljer, "
              "og meld gjerne fra.", file=sys.stderr)
        sys.exit(2)
