"""`hp status`: how the year's plan is going (tiltak, money, goals), for the manager and the
board."""


from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from handlingsplan.cli.common import (
    EXIT_PROBLEMS,
    OutOption,
    ProgrammePath,
    Report,
    console,
    fail,
)
from handlingsplan.cli.inyear import (
    DATE_HELP,
    check,
    paragraphs,
    parse_day,
    show_problems,
)


class Format(StrEnum):
    text = "text"
    json = "json"
    md = "md"


HELP = paragraphs("""Vis hvordan årets handlingsplan går: tiltak, penger og mål.

Tallene kommer fra planen og årets oppfolging.yaml: status og forbruk per tiltak, andelen av
budsjettet som er brukt mot andelen av året som er gått, passerte milepæler, ramme, fordelt og
brukt per innsatsområde, målt verdi mot årsmål og periodens mål, og arbeidsplassene tiltakene
har rapportert. Har året tilsagn.yaml, vises pottene (budsjett, innvilget, utbetalt og
ledig), tilsagnene med frister, og bagatellmessig støtte per foretak med det som er igjen
under taket; for en pott er brukt det som er utbetalt. Til slutt det styret bør se på:
forsinkede tiltak, overforbruk, tiltak som ikke har startet sent på året, og tilsagn med
passert frist som ikke er ferdig utbetalt.

Planen må være uten feil (se «hp validate»); ellers vises feilene, med avslutningskode 1.

[bold]Eksempler[/]

  [cyan]hp status[/]                           året vi er i, for programmet i denne mappen

  [cyan]hp status --year 2026[/]               et bestemt planår

  [cyan]hp status --format md --out sak.md[/]  en tabell å lime inn i en styresak

  [cyan]hp status --format json[/]             alle tallene, for andre verktøy

  [cyan]hp status --date 2026-06-30[/]         som om det var 30. juni 2026
""")


def register(app: typer.Typer) -> None:
    app.command("status", help=HELP, no_args_is_help=False)(status)


def status(
    path: ProgrammePath = Path("."),
    year: Annotated[int | None, typer.Option(
        "--year", "-y", metavar="ÅR",
        help="Planåret. Standard: året --date er i (ellers det nyeste).",
        show_default=False)] = None,
    date: Annotated[str | None, typer.Option(
        "--date", "-d", help=DATE_HELP, show_default=False, metavar="DATO")] = None,
    format: Annotated[Format, typer.Option(
        "--format", "-f", help="Utdata: text (tabeller), md (Markdown) eller json. "
        "Standard: text.", case_sensitive=False, show_default=False)] = Format.text,
    out: OutOption = None,
) -> None:
    from handlingsplan.diagnostics import Severity
    from handlingsplan.paths import in_year
    from handlingsplan.status import compute, default_year

    day = parse_day(date)
    result = check(path, "status")
    programme = result.programme
    if not programme.years and programme.plan is not None:
        fail(f"Programmet i «{programme.root}» har ingen planår ennå.",
             "Lag det første med «hp init ÅR».")
    chosen = year if year is not None else default_year(programme.years, day)
    if chosen is not None and chosen not in programme.years:
        years = ", ".join(str(y) for y in sorted(programme.years))
        fail(f"Programmet har ingen handlingsplan for {chosen}.", f"Planårene er: {years}.")
    errors = [d for d in result.diagnostics
              if d.severity is Severity.ERROR and in_year(d.file, chosen)]
    if errors:
        show_problems(result, errors, as_json=format is Format.json)
        if format is not Format.json:
            console(stderr=True).print(
                f"[bold]hp status[/] trenger en plan uten feil for {chosen}: rett feilene over "
                "og prøv igjen.")
        raise typer.Exit(EXIT_PROBLEMS)
    assert chosen is not None
    figures = compute(programme, chosen, day)

    from handlingsplan.output import status as views

    report = Report(out)
    if format is Format.json:
        report.text(views.dumps(figures))
    elif format is Format.md:
        report.text(views.render_md(figures))
    else:
        views.render_text(report.console, figures)
    report.finish()
