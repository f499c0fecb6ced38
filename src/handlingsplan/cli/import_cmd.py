"""`hp import regnskap`: the spending per tiltak from the accounting system's export, written
as `forbruk` in the year's oppfolging.yaml."""


import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from handlingsplan.cli.common import EXIT_OK, ProgrammePath, console, fail, handled, help_text
from handlingsplan.cli.inyear import paragraphs
from handlingsplan.cli.norwegian import COMMANDS, HpCommand, HpGroup

GROUP_HELP = paragraphs("""Les data fra andre systemer inn i planen.

[bold]Eksempel[/]

  [cyan]hp import regnskap regnskap-2027.csv --year 2027[/]
""")

HELP = paragraphs("""Hent forbruket per tiltak fra en eksport fra regnskapssystemet, og
skriv det som «forbruk» i årets oppfolging.yaml.

Filen kan være CSV slik norsk Excel og regnskapssystemene lagrer den (semikolon mellom
feltene, desimalkomma, UTF-8 eller Windows-1252) eller en Excel-arbeidsbok (.xlsx; det første
arket, eller [cyan]--ark NAVN[/]). Tittellinjer over overskriftsraden og en sumrad nederst er
greit: overskriftsraden finnes ved kolonnenavnene, og sumraden telles ikke. Kolonnenavnene
står under \\[regnskap] i hp.toml (standard «Prosjekt» og «Beløp», og «dato» hvis bilagene
skal tas med bare til og med en dato).

Radene knyttes til tiltakene ved tiltakets «prosjektnummer» i 3-strategier-og-tiltak.yaml og
summeres per tiltak til og med [cyan]--per[/] (standard i dag); summen rundes til hele kroner
først til slutt. hp gjetter aldri: rader med et prosjektnummer ingen tiltak har, listes opp med
summen sin og hoppes over, og tiltak uten prosjektnummer listes også. Resten skrives.

Endringene vises først (tiltak, gammelt og nytt forbruk, differansen). Med
[cyan]--dry-run[/] skrives ingenting. oppfolging.yaml beholder kommentarene og rekkefølgen
sin, og «per» settes til datoen; finnes filen ikke, lages den med alle årets tiltak.

Avslutningskode: 0 når forbruket er lest inn (også når noen rader er hoppet over), 2 når
filen ikke kan leses eller kommandoen ikke kan kjøre; da er ingenting skrevet.

[bold]Eksempler[/]

  [cyan]hp import regnskap regnskap-2027.csv --year 2027[/]

  [cyan]hp import regnskap regnskap.xlsx --year 2027 --ark Prosjekter[/]

  [cyan]hp import regnskap regnskap.csv -y 2027 --per 30.06.2027 --dry-run[/]
""")


def register(app: typer.Typer) -> None:
    sub = typer.Typer(name="import", cls=HpGroup, help=help_text(GROUP_HELP),
                      no_args_is_help=True, add_completion=False,
                      options_metavar="[VALG]", subcommand_metavar="KOMMANDO [ARGUMENTER]...",
                      context_settings={"help_option_names": ["-h", "--help"]})
    sub.command("regnskap", help=help_text(HELP), cls=HpCommand, options_metavar="[VALG]",
                short_help="Forbruket per tiltak fra regnskapet til oppfolging.yaml.",
                rich_help_panel=COMMANDS)(handled(regnskap))
    app.add_typer(sub, name="import")


def regnskap(
    file: Annotated[Path, typer.Argument(
        metavar="FIL", show_default=False,
        help="Eksporten fra regnskapssystemet: CSV (semikolon) eller Excel (.xlsx).")],
    path: ProgrammePath = Path("."),
    year: Annotated[int | None, typer.Option(
        "--year", "-y", help="Planåret forbruket gjelder (må oppgis).", show_default=False,
        metavar="ÅR")] = None,
    per: Annotated[str | None, typer.Option(
        "--per", help="Ta med bilag til og med denne datoen (20.01.2027 eller 2027-01-20); "
        "blir «per» i oppfolging.yaml. Standard: i dag.", show_default=False,
        metavar="DATO")] = None,
    sheet: Annotated[str | None, typer.Option(
        "--ark", help="Arket i Excel-filen. Standard: det første.", show_default=False,
        metavar="NAVN")] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Vis endringene uten å skrive dem.")] = False,
) -> None:
    from handlingsplan.exchange import spending

    if year is None:
        fail("Oppgi planåret forbruket gjelder med --year ÅR.",
             "F.eks. hp import regnskap regnskap-2027.csv --year 2027.")
    day = _date(per) if per is not None else None
    imp = spending.build(file, path, year, day, sheet)
    _show(imp, dry_run)
    if not dry_run:
        spending.write(imp)
        _written(imp)
    raise typer.Exit(EXIT_OK)


def _date(text: str) -> dt.date:
    from handlingsplan.exchange.accounts import AccountsProblem, parse_date

    try:
        return parse_date(text, "--per")
    except AccountsProblem as exc:
        fail(exc.message, exc.hint)


def _show(imp, dry_run: bool) -> None:
    from rich.markup import escape
    from rich.table import Table

    from handlingsplan.norsk import amount, date, plural

    out = console()
    source = imp.source
    counted = len(source.postings) - imp.after_per
    sums = f", sumrad {', '.join(map(str, source.skipped_sum_rows))} telles ikke" \
        if source.skipped_sum_rows else ""
    out.print(f"Leste [bold]{escape(source.name)}[/] ({source.encoding}): "
              f"{plural(counted, 'bilag', 'bilag')} til og med {date(imp.per)}{sums}.")
    if imp.after_per:
        out.print(f"  {plural(imp.after_per, 'bilag', 'bilag')} etter {date(imp.per)} er "
                  "ikke tatt med.")
    if imp.changes:
        table = Table(title=f"Forbruk {imp.year}", title_justify="left", show_edge=False)
        table.add_column("Tiltak", no_wrap=True)
        table.add_column("Navn", no_wrap=True, overflow="ellipsis", max_width=32)
        table.add_column("Prosjekt")
        table.add_column("Før", justify="right")
        table.add_column("Nå", justify="right")
        table.add_column("Endring", justify="right")
        for c in imp.changes:
            before = amount(c.old) if c.old is not None else "–"
            change = "" if c.difference == 0 else (
                ("+" if c.difference > 0 else "−") + amount(abs(c.difference)))
            table.add_row(escape(c.tiltak), escape(c.name), escape(c.project), before,
                          amount(c.new), change)
        out.print(table)
    else:
        out.print("Ingen rader i filen hører til noe tiltak, så forbruket endres ikke.")
    for left in imp.left:
        kr = amount(left.total)
        rows = plural(left.rows, "rad", "rader")
        if left.why == "unknown":
            out.print(f"[yellow]![/] Prosjekt «{escape(left.project)}» ({rows}, {kr}) hører "
                      "ikke til noe tiltak; hoppet over.")
        elif left.why == "empty":
            out.print(f"[yellow]![/] {rows.capitalize()} uten prosjektnummer ({kr}); hoppet "
                      "over.")
        elif left.why == "shared":
            out.print(f"[yellow]![/] Prosjekt «{escape(left.project)}» ({rows}, {kr}) er "
                      f"prosjektnummeret til flere tiltak ({', '.join(left.tiltak)}); hp "
                      "fordeler ikke beløpet, så radene er hoppet over.")
        else:
            out.print(f"[yellow]![/] Prosjekt «{escape(left.project)}» ({left.tiltak[0]}) "
                      f"summerer til {kr}, under null; forbruket er ikke endret.")
    if imp.without_number:
        names = ", ".join(escape(i) for i, _ in imp.without_number)
        out.print(f"[yellow]![/] Uten prosjektnummer (forbruket er ikke endret): {names}. "
                  "Legg «prosjektnummer» til tiltaket i 3-strategier-og-tiltak.yaml.")
    if imp.without_rows:
        names = ", ".join(escape(i) for i, _ in imp.without_rows)
        out.print(f"  Ingen bilag i filen for {names}; forbruket er ikke endret.")
    if dry_run:
        out.print("Ingenting er skrevet (--dry-run).")


def _written(imp) -> None:
    from rich.markup import escape

    from handlingsplan.cli.common import shown_path
    from handlingsplan.norsk import plural

    out = console()
    n = len(imp.changed)
    what = "laget" if imp.created else "oppdatert"
    out.print(f"[bold green]✓[/] {escape(shown_path(imp.target))} er {what} "
              f"({plural(n, 'tiltak', 'tiltak')} med nytt forbruk).")
