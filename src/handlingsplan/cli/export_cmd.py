"""`hp export`: the plan year as an Excel workbook, or its grants or tiltak as CSV."""


import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from handlingsplan.cli.common import EXIT_OK, ProgrammePath, console, shown_path
from handlingsplan.cli.inyear import paragraphs


class Format(StrEnum):
    xlsx = "xlsx"
    csv = "csv"


class What(StrEnum):
    tilsagn = "tilsagn"
    tiltak = "tiltak"


HELP = paragraphs("""Lag en Excel-arbeidsbok av ett planår, til økonomiavdelingen og
fylkeskommunen, eller tilsagnene eller tiltakene som CSV.

Arbeidsboken har arkene Tiltak (med budsjett, finansiering per kilde, status, brukt,
innvilget og utbetalt), Budsjett (postene fordelt på finansieringskildene, med summer),
Tilsagn (årets tilsagn.yaml) og Oppfølging (årets oppfolging.yaml slik den er skrevet).
Beløp er tall i kroneformat og datoer er datoer, så de kan summeres og sorteres i Excel.
Ark- og kolonnenavn er på programmets målform. Samme SOURCE_DATE_EPOCH gir nøyaktig samme
fil.

Med [cyan]--format csv --what tilsagn[/] (eller [cyan]tiltak[/]) blir det én tabell som CSV
slik norsk Excel åpner den med dobbeltklikk: UTF-8 med BOM, semikolon mellom feltene, én
overskriftsrad og én rad per tilsagn eller tiltak.

Planen sjekkes først med de samme reglene som [cyan]hp validate[/]. Har den feil, lages ikke
filen (feilene vises); med [cyan]--force[/] lages den likevel, og arkenes tittelrader sier
«UTKAST MED FEIL». Standard er det nyeste planåret og filen ut/handlingsplan-ÅR.xlsx
(ut/tilsagn-ÅR.csv, ut/tiltak-ÅR.csv) i programmet. hp skriver aldri over planfilene.

Avslutningskode: 0 når filen er laget, 1 når planen har feil (uten --force), 2 når
kommandoen ikke kan kjøre.

[bold]Eksempler[/]

  [cyan]hp export --year 2027[/]                        → ut/handlingsplan-2027.xlsx

  [cyan]hp export -y 2027 --out budsjett-2027.xlsx[/]   til en egen fil

  [cyan]hp export --format csv --what tilsagn[/]        tilsagnene til fylkets register

  [cyan]hp export --what tiltak -o -[/]                 tiltakene som CSV på standard ut
""")


def register(app: typer.Typer) -> None:
    app.command("export", help=HELP, no_args_is_help=False)(export)


def export(
    path: ProgrammePath = Path("."),
    year: Annotated[int | None, typer.Option(
        "--year", "-y", help="Planåret. Standard: det nyeste.", show_default=False,
        metavar="ÅR")] = None,
    format: Annotated[Format | None, typer.Option(
        "--format", "-f", help="xlsx (Excel-arbeidsbok) eller csv (én tabell, se --what). "
        "Standard: csv med --what eller når --out slutter på .csv, ellers xlsx.",
        case_sensitive=False, show_default=False)] = None,
    what: Annotated[What | None, typer.Option(
        "--what", "-w", help="Tabellen i CSV-filen: tilsagn eller tiltak.",
        case_sensitive=False, show_default=False)] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Filen (eller mappen) som skrives; «-» er standard ut (bare "
        "CSV). Standard: ut/handlingsplan-ÅR.xlsx (ut/tilsagn-ÅR.csv, ut/tiltak-ÅR.csv) i "
        "programmet.", show_default=False, metavar="STI")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Lag filen selv om planen har feil (merket «UTKAST MED FEIL» i "
        "arbeidsboken).")] = False,
) -> None:
    from handlingsplan.exchange.export import build, write

    output = build(path, year, fmt=format.value if format else None,
                   what=what.value if what else None, out=out, force=force)
    if output.path == Path("-"):
        if hasattr(sys.stdout, "buffer"):
            sys.stdout.flush()
            sys.stdout.buffer.write(output.data)
            sys.stdout.buffer.flush()
        else:  # a test runner's StringIO
            sys.stdout.write(output.data.decode("utf-8"))
        return
    write(output)
    _report(output)
    raise typer.Exit(EXIT_OK)


def _report(output) -> None:
    from rich.markup import escape

    from handlingsplan.norsk import plural

    out = console()
    which = " (det nyeste planåret)" if output.year_was_default else ""
    if output.errors:
        out.print(f"[bold yellow]![/] Planen har {len(output.errors)} feil; filen er merket "
                  "«UTKAST MED FEIL».")
    if output.format == "csv":
        n = output.rows.get(output.what, 0)
        rows = plural(n, "tilsagn", "tilsagn") if output.what == "tilsagn" else \
            plural(n, "tiltak", "tiltak")
        out.print(f"[bold green]✓[/] CSV-filen for {output.year}{which} er laget: "
                  f"[bold]{escape(shown_path(output.path))}[/] ({rows}).")
    else:
        r = output.rows
        out.print(f"[bold green]✓[/] Arbeidsboken for {output.year}{which} er laget: "
                  f"[bold]{escape(shown_path(output.path))}[/] "
                  f"({plural(r.get('tiltak', 0), 'tiltak', 'tiltak')}, "
                  f"{plural(r.get('tilsagn', 0), 'tilsagn', 'tilsagn')}).")
    if output.warnings:
        word = "advarsel" if output.warnings == 1 else "advarsler"
        out.print(f"  Planen har {output.warnings} {word}; se «hp validate».")
