"""`hp validate`: check the programme; exit 0 when fine, 1 when problems are found."""


import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from handlingsplan.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    OutOption,
    ProgrammePath,
    Report,
    console,
    show_diagnostics,
    shown_path,
)


class Format(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


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

  [cyan]hp validate --format sarif > hp.sarif[/]   for kodeskanning i GitHub

I GitHub Actions (GITHUB_ACTIONS=true) er standardformatet github: funnene vises som
merknader i koden, og hele listen skrives til jobbens sammendrag.
"""


def register(app: typer.Typer) -> None:
    app.command("validate", help=HELP, no_args_is_help=False)(validate)


def validate(
    path: ProgrammePath = Path("."),
    format: Annotated[Format | None, typer.Option(
        "--format", "-f", case_sensitive=False, show_default=False,
        help="Utdata: text (for mennesker), json, github (merknader i GitHub Actions) eller "
             "sarif (kodeskanning). Standard: text, eller github i GitHub Actions.")] = None,
    year: Annotated[int | None, typer.Option(
        "--year", "-y", metavar="ÅR",
        help="Sjekk bare dette planåret (og omstillingsplanen).",
        show_default=False)] = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Advarsler gir også avslutningskode 1.")] = False,
    out: OutOption = None,
) -> None:
    from handlingsplan.check import validate as run

    result = run(path, year=year)
    if format is None:
        format = Format.github if os.environ.get("GITHUB_ACTIONS") == "true" else Format.text
    diagnostics = result.diagnostics
    root = result.programme.root

    def display(rel: str) -> str:
        return shown_path(root / rel)

    report = Report(out)
    if format is Format.json:
        from handlingsplan.output.jsonout import dumps

        report.text(dumps(diagnostics))
    elif format is Format.sarif:
        from handlingsplan.output import sarif

        report.text(sarif.dumps(diagnostics, display))
    elif format is Format.github:
        from handlingsplan.output import github

        report.text(github.render(diagnostics, display))
        summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary_file:
            _append_summary(Path(summary_file), github.step_summary(diagnostics, display))
    else:
        show_diagnostics(report.plain or report.console, result.programme, diagnostics, strict)
    report.finish()
    raise typer.Exit(EXIT_PROBLEMS if result.failed(strict) else EXIT_OK)


def _append_summary(path: Path, text: str) -> None:
    """Add the Markdown list to GitHub's job summary file; a problem there is only a note."""
    from handlingsplan.files import Refused, append_text

    try:
        append_text(path, text)
    except Refused as exc:
        console(stderr=True).print(f"Kunne ikke skrive jobbsammendraget: {exc.message}")
