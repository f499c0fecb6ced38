"""`hp endringer`: what changed in a plan year since the version the council approved."""


from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from handlingsplan.cli.common import OutOption, ProgrammePath, Report, fail
from handlingsplan.cli.inyear import paragraphs


class Format(StrEnum):
    text = "text"
    md = "md"
    json = "json"


HELP = paragraphs("""Vis hva som er endret i et planår siden versjonen kommunestyret vedtok.

Den vedtatte versjonen er commiten der årets handlingsplan.yaml fikk «status: vedtatt».
Med [cyan]--fra[/] sammenlignes det med en annen revisjon, for eksempel en tag
(vedtatt-2027) eller en commit. Planen i mappen sammenlignes med den som data, ikke linje for
linje: tiltak som er nye, fjernet eller endret (felt for felt, med gamle og nye beløp), penger
flyttet mellom innsatsområder og kilder, endrede årsmål, og hvor mange tekster som er endret.
Kommentarer og oppsett teller ikke, og oppfolging.yaml og tilsagn.yaml sammenlignes ikke.

[cyan]--format md[/] gir en tabell (vedtatt, nå, differanse) som kan limes rett inn i
saksframlegget. hp endrer ingenting, verken i mappen eller i Git.

Avslutningskode: 0 både når noe er endret og når ingenting er det; 2 når det ikke er noen
Git-historikk å sammenligne med (ikke Git, ingen vedtatt versjon, grunn kopi).

[bold]Eksempler[/]

  [cyan]hp endringer --year 2027[/]                      siden planen ble vedtatt

  [cyan]hp endringer -y 2027 --fra vedtatt-2027[/]       siden en tag

  [cyan]hp endringer -y 2027 --format md -o sak.md[/]    tabellen til saksframlegget

  [cyan]hp endringer -y 2027 --format json[/]            alle tallene, for andre verktøy
""")


def register(app: typer.Typer) -> None:
    app.command("endringer", help=HELP, no_args_is_help=False)(endringer)


def endringer(
    path: ProgrammePath = Path("."),
    year: Annotated[int | None, typer.Option(
        "--year", "-y", metavar="ÅR", help="Planåret. Standard: det nyeste.",
        show_default=False)] = None,
    fra: Annotated[str | None, typer.Option(
        "--fra", metavar="REV", show_default=False,
        help="Revisjonen det sammenlignes med: en tag, en gren eller en commit. Standard: "
        "commiten der planen ble vedtatt.")] = None,
    format: Annotated[Format, typer.Option(
        "--format", "-f", help="Utdata: text, md (Markdown-tabell) eller json. Standard: text.",
        case_sensitive=False, show_default=False)] = Format.text,
    out: OutOption = None,
) -> None:
    from handlingsplan.history.diff import since
    from handlingsplan.history.git import GitProblem
    from handlingsplan.produce import ProduceError, programme_and_year

    programme, chosen, _ = programme_and_year(path, year, ProduceError, "endringer",
                                              "Velg et annet år med --year.")
    try:
        diff = since(programme, chosen, fra)
    except GitProblem as exc:
        fail(exc.message, exc.hint)

    from handlingsplan.output import endringer as view

    report = Report(out)
    if format is Format.json:
        report.text(view.dumps(diff))
    elif format is Format.md:
        report.text(view.render_md(diff))
    else:
        view.render_text(report.console, diff)
    report.finish()
