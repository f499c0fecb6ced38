"""`hp validate`: check the programme; exit 0 when fine, 1 when problems are found."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from handlingsplan.cli.common import EXIT_OK, EXIT_PROBLEMS, console, fail, shown_path, write_stdout


class Format(StrEnum):
    text = "text"
    json = "json"


HELP = """Sjekk at planen henger sammen: syntaks, påkrevde nøkler, verdier og regler.

Alle problemer i alle filer rapporteres i én kjøring, med fil, linje og kolonne.
Avslutningskode: 0 når det ikke er feil, 1 når det er feil (eller advarsler med --strict),
2 når kommandoen ikke kan kjøre (for eksempel når det ikke finnes noe program).

[bold]Eksempler[/]

  [cyan]hp validate[/]                      hele programmet i denne mappen

  [cyan]hp validate examples/straumsvik[/]  et program i en annen mappe

  [cyan]hp validate --year 2027[/]          bare planåret 2027

  [cyan]hp validate --format json[/]        maskinlesbart resultat

  [cyan]hp validate --strict[/]             la også advarsler gi avslutningskode 1
"""


def register(app: typer.Typer) -> None:
    app.command("validate", help=HELP, no_args_is_help=False)(validate)


def validate(
    path: Annotated[Path, typer.Argument(
        help="Programmappen, eller en mappe under den. Standard: denne mappen.",
        show_default=False)] = Path("."),
    format: Annotated[Format, typer.Option(
        "--format", "-f", help="Utdata: text (for mennesker) eller json.",
        case_sensitive=False)] = Format.text,
    year: Annotated[int | None, typer.Option(
        "--year", "-y", help="Sjekk bare dette planåret (og omstillingsplanen).",
        show_default=False)] = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Advarsler gir også avslutningskode 1.")] = False,
) -> None:
    from handlingsplan.check import YearNotFound
    from handlingsplan.check import validate as run
    from handlingsplan.loader.programme import ProgrammeNotFound

    try:
        result = run(path, year=year)
    except YearNotFound as exc:
        fail(str(exc), "Et nytt planår lages med «hp init ÅR».")
    except ProgrammeNotFound as exc:
        fail(str(exc), "Gå til programmappen, eller oppgi den: hp validate STI. "
                       "Et nytt program lages med «hp init».")
    diagnostics = result.diagnostics
    if format is Format.json:
        from handlingsplan.output.jsonout import dumps

        write_stdout(dumps(diagnostics))
    else:
        from handlingsplan.output.text import render

        root = result.programme.root
        texts = {f.rel: f.lines() for f in result.programme.files}
        render(console(), diagnostics, lambda rel: texts.get(rel, []),
               lambda rel: shown_path(root / rel), len(result.programme.files), strict)
    raise typer.Exit(EXIT_PROBLEMS if result.failed(strict) else EXIT_OK)
