"""`hp calendar`: where in the yearly wheel (årshjul) we are, what is due, and what to do."""


from pathlib import Path
from typing import Annotated

import typer

from handlingsplan.cli.common import (
    EXIT_PROBLEMS,
    ProgrammePath,
    console,
    shown_path,
    write_stdout,
)
from handlingsplan.cli.inyear import DATE_HELP, check, paragraphs, parse_day, show_problems

HELP = paragraphs("""Vis hvor i årshjulet programmet er, hva som skal skje, og hva som må gjøres.

Årshjulet: handlingsplanen settes i verk (januar–februar), årsrapporten går til styret og
kommunestyret, oppfølging (mai–juni), programstatusvurdering og start på neste års plan
(oktober), styrevedtak (november) og kommunestyrets godkjenning og søknad om midler
(desember). Før programperioden og i siste programår ser hjulet annerledes ut.

Kommandoen ser også i repoet: mangler neste års mappe, er planen ikke vedtatt, er
oppfolging.yaml gammel, eller er forbedringspunktene fra programstatusvurderingen ikke tatt
med i neste års plan, står det under «Å gjøre». Det gjør også tilsagn (tilsagn.yaml) med
frist de neste tre månedene, eller med passert frist, som ikke er ferdig utbetalt; de er med
i kalenderfilen også. Faktiske møtedatoer i hp.toml
(\\[kalender]: styremoter, kommunestyremoter, programstatusvurdering) brukes i stedet for de
generelle fristene.

[bold]Eksempler[/]

  [cyan]hp calendar[/]                          i dag, for programmet i denne mappen

  [cyan]hp calendar --date 2026-11-27[/]        som om det var 27. november 2026

  [cyan]hp calendar --ics arshjul.ics[/]        fristene for året som kalenderfil (Outlook)
""")


def register(app: typer.Typer) -> None:
    app.command("calendar", help=HELP, no_args_is_help=False)(calendar)


def calendar(
    path: ProgrammePath = Path("."),
    date: Annotated[str | None, typer.Option(
        "--date", "-d", help=DATE_HELP, show_default=False, metavar="DATO")] = None,
    ics: Annotated[Path | None, typer.Option(
        "--ics", help="Skriv årets frister som iCalendar-fil (for Outlook og andre "
                      "kalendere). Året er året --date er i. «-» skriver filen til "
                      "standard ut.",
        show_default=False, dir_okay=False, metavar="FIL")] = None,
) -> None:
    from handlingsplan import norsk
    from handlingsplan import wheel as wheel_module
    from handlingsplan.diagnostics import Severity

    day = parse_day(date)
    result = check(path, "calendar")
    programme = result.programme
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    if programme.plan is None:
        show_problems(result, errors)
        console(stderr=True).print(
            "[bold]hp calendar[/] trenger en omstillingsplan.yaml uten feil: rett feilene over "
            "og prøv igjen.")
        raise typer.Exit(EXIT_PROBLEMS)

    wheel = wheel_module.build(programme, day, errors=len(errors))
    written = None
    if ics is not None:
        from handlingsplan.files import write_atomic
        from handlingsplan.output.ics import build, stamp

        deadlines = wheel_module.calendar_deadlines(programme, day.year, day)
        payload = build(programme.plan.programme, deadlines, day.year, stamp(day))
        if str(ics) == "-":  # the calendar file on standard output, nothing else
            write_stdout(payload.decode("utf-8"))
            return
        write_atomic(ics, payload)
        written = (f"Skrev {norsk.plural(len(deadlines), 'frist', 'frister')} for {day.year} "
                   f"til {shown_path(ics)}.")

    from handlingsplan.output.calendar import render_text

    out = console()
    render_text(out, wheel)
    if written:
        out.print()
        out.print(written, highlight=False, markup=False)
