"""`hp render`: build the year's Handlingsplan as a Word document, a PDF or Markdown."""


import contextlib
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from handlingsplan.cli.common import EXIT_OK, ProgrammePath, console, shown_path


class Format(StrEnum):
    docx = "docx"
    pdf = "pdf"
    md = "md"


HELP = """Lag dokumentet kommunestyret vedtar: handlingsplanen for ett år, fra planfilene alene.

Planen sjekkes først med de samme reglene som [cyan]hp validate[/]. Har den feil, lages ikke
dokumentet (feilene vises); med [cyan]--force[/] lages det likevel, merket som utkast med feil
på forsiden. Standard er det nyeste planåret og filen ut/handlingsplan-ÅR.docx i programmet
(hp init setter ut/ i .gitignore, så dokumentene ikke havner i Git).

Word-malen (stiler, logo, topptekst og bunntekst) er [cyan]--template[/], ellers «mal» under
[dokument] i hp.toml, ellers hp sin egen. Tekstene i dokumentet kommer fra maler som et program
kan overstyre fil for fil («maler» under [dokument] i hp.toml).

PDF-en ([cyan]--format pdf[/]) er det samme dokumentet som PDF/A-2 (arkivbar) med tagget
struktur for skjermlesere og sidetall i innholdsfortegnelsen. Den lages med LibreOffice:
programmet miljøvariabelen HP_SOFFICE peker på, ellers soffice i PATH eller der LibreOffice
vanligvis installeres. Word-dokumentet trenger ikke LibreOffice; med [cyan]--sidetall[/] får
også det sidetall i innholdsfortegnelsen (LibreOffice kjøres da én gang).

Avslutningskode: 0 når dokumentet er laget, 1 når planen har feil (uten --force), 2 når
kommandoen ikke kan kjøre.

[bold]Eksempler[/]

  [cyan]hp render[/]                               nyeste planår → ut/handlingsplan-ÅR.docx

  [cyan]hp render --year 2027[/]                   planåret 2027

  [cyan]hp render examples/straumsvik -y 2027[/]   et program i en annen mappe

  [cyan]hp render --format pdf[/]                  som PDF (til publisering og arkiv)

  [cyan]hp render --sidetall[/]                    med sidetall i innholdsfortegnelsen

  [cyan]hp render --format md[/]                   som Markdown (for nettvisning og pull requests)

  [cyan]hp render --template kommunemal.docx[/]    på kommunens egen Word-mal

  [cyan]hp render --out utkast.docx --force[/]     et utkast selv om planen har feil
"""


def register(app: typer.Typer) -> None:
    app.command("render", help=HELP, no_args_is_help=False)(render)


def render(
    path: ProgrammePath = Path("."),
    year: Annotated[int | None, typer.Option(
        "--year", "-y", help="Planåret. Standard: det nyeste.", show_default=False,
        metavar="ÅR")] = None,
    format: Annotated[Format, typer.Option(
        "--format", "-f", help="docx (Word), pdf (PDF/A, med LibreOffice) eller md "
        "(Markdown). Standard: docx.",
        case_sensitive=False, show_default=False)] = Format.docx,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Filen (eller mappen) dokumentet skrives til; «-» er standard ut "
        "(bare md). Standard: ut/handlingsplan-ÅR.docx (.pdf, .md) i programmet.",
        show_default=False, metavar="STI")] = None,
    template: Annotated[Path | None, typer.Option(
        "--template", "-t", help="Word-malen (.docx eller .dotx) dokumentet bygges på "
        "(docx og pdf). Standard: «mal» i hp.toml, ellers hp sin egen.",
        show_default=False, metavar="FIL")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Lag dokumentet selv om planen har feil (merket som utkast med "
        "feil).")] = False,
    page_numbers: Annotated[bool, typer.Option(
        "--sidetall", help="Sidetall i innholdsfortegnelsen i Word-dokumentet, slik "
        "LibreOffice deler sidene (Word oppdaterer dem når dokumentet åpnes). En PDF har dem "
        "alltid.")] = False,
) -> None:
    import time

    started = time.perf_counter()
    output = made("Lager dokumentet …", path, year, fmt=format.value, out=out,
                  template=template, force=force, page_numbers=page_numbers)
    if output.path != Path("-"):
        _report(output, time.perf_counter() - started)
        raise typer.Exit(EXIT_OK)


def made(what: str, *args, **kwargs):
    """Build the document (render.build's arguments) and write it, with a spinner saying
    what happens on a terminal; «-» as --out writes it to standard output."""
    from handlingsplan.render import RenderError, build, write

    err = console(stderr=True)
    status = (err.status(what, spinner="dots") if err.is_terminal
              else contextlib.nullcontext())
    error: RenderError | None = None
    with status as spinner:
        def progress(message: str) -> None:
            if spinner is not None:
                spinner.update(message)

        try:
            output = build(*args, progress=progress, **kwargs)
            if output.path != Path("-"):
                progress("Skriver filen …")
                write(output)
        except RenderError as exc:
            error = exc
    if error is not None:  # shown (by cli.common.handled) after the spinner has stopped
        raise error
    if output.path == Path("-"):
        sys.stdout.flush()
        sys.stdout.buffer.write(output.data) if hasattr(sys.stdout, "buffer") else \
            sys.stdout.write(output.data.decode("utf-8"))
    return output


def _report(output, seconds: float) -> None:
    from rich.markup import escape

    from handlingsplan.norsk import number

    out = console()
    which = " (det nyeste planåret)" if output.year_was_default else ""
    kind = {"docx": "Word-dokumentet", "pdf": "PDF-en"}.get(output.format,
                                                             "Markdown-dokumentet")
    if output.errors:
        out.print(f"[bold yellow]![/] Planen har {len(output.errors)} feil; dokumentet er "
                  "merket som utkast med feil på forsiden.")
    out.print(f"[bold green]✓[/] {kind} for {output.year}{which} er laget: "
              f"[bold]{escape(shown_path(output.path))}[/] "
              f"({number(round(seconds, 1))} s).")
    if output.figures:
        folder = next(iter(output.figures)).parent
        out.print(f"  Figurene ligger i {escape(shown_path(folder))}/.")
    if output.warnings:
        word = "advarsel" if output.warnings == 1 else "advarsler"
        out.print(f"  Planen har {output.warnings} {word}; se «hp validate».")
