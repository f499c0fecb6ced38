"""`hp rapport`: the annual report (or the final report) of a plan year, made by the same
renderer as `hp render`."""


from pathlib import Path
from typing import Annotated

import typer

from handlingsplan.cli.common import EXIT_OK, ProgrammePath, console, shown_path
from handlingsplan.cli.render_cmd import Format, made

HELP = """Lag årsrapporten for et planår: måloppnåelse, tiltakene, økonomien, tilsagnene,
programstatusvurderingen og kommunikasjonen, med forslag til vedtak for kommunestyret.

Årsrapporten går til omstillingsstyret i januar og til kommunestyret (til orientering) i
februar–mars. Tallene for året hentes fra resultatene i neste års handlingsplan når de er ført
der, ellers fra årets oppfølging; rapporten sier hvilke, og hvilken dato tallene gjelder.
Med [cyan]--sluttrapport[/] samles alle årene i perioden til og med ÅR i én sluttrapport, målt
mot målene for hele perioden.

Rapporten lages på samme måte som handlingsplanen ([cyan]hp render[/]): de samme
formatene, den samme Word-malen ([cyan]--template[/], ellers «mal» i hp.toml) og de samme
tekstmalene, som et program kan overstyre. Standard er filen ut/arsrapport-ÅR.docx i programmet.

Avslutningskode: 0 når rapporten er laget, 1 når planen har feil (uten --force), 2 når
kommandoen ikke kan kjøre (for eksempel når det ikke finnes tall for året).

[bold]Eksempler[/]

  [cyan]hp rapport --year 2026[/]                  årsrapporten for 2026 → ut/arsrapport-2026.docx

  [cyan]hp rapport -y 2026 --format pdf[/]         som PDF (til publisering og arkiv)

  [cyan]hp rapport -y 2026 --format md[/]          som Markdown

  [cyan]hp rapport -y 2030 --sluttrapport[/]       sluttrapporten for hele perioden
"""


def register(app: typer.Typer) -> None:
    app.command("rapport", help=HELP, no_args_is_help=False)(rapport)


def rapport(
    path: ProgrammePath = Path("."),
    year: Annotated[int, typer.Option(
        "--year", "-y", help="Planåret rapporten gjelder (med --sluttrapport: det siste).",
        show_default=False, metavar="ÅR")] = ...,  # type: ignore[assignment]
    format: Annotated[Format, typer.Option(
        "--format", "-f", help="docx (Word), pdf (PDF/A, med LibreOffice) eller md "
        "(Markdown). Standard: docx.",
        case_sensitive=False, show_default=False)] = Format.docx,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Filen (eller mappen) rapporten skrives til; «-» er standard ut "
        "(bare md). Standard: ut/arsrapport-ÅR.docx (.pdf, .md) i programmet.",
        show_default=False, metavar="STI")] = None,
    template: Annotated[Path | None, typer.Option(
        "--template", "-t", help="Word-malen (.docx eller .dotx) rapporten bygges på "
        "(docx og pdf). Standard: «mal» i hp.toml, ellers hp sin egen.",
        show_default=False, metavar="FIL")] = None,
    final: Annotated[bool, typer.Option(
        "--sluttrapport", help="Sluttrapporten: alle årene i perioden til og med ÅR, målt "
        "mot målene for hele perioden.")] = False,
    force: Annotated[bool, typer.Option(
        "--force", help="Lag rapporten selv om planen har feil (merket som utkast med "
        "feil).")] = False,
) -> None:
    import time

    from handlingsplan.render import ANNUAL_REPORT, FINAL_REPORT

    started = time.perf_counter()
    output = made("Lager rapporten …", path, year, fmt=format.value, out=out,
                  template=template, force=force,
                  kind=FINAL_REPORT if final else ANNUAL_REPORT)
    if output.path != Path("-"):
        _report(output, final, time.perf_counter() - started)
        raise typer.Exit(EXIT_OK)


def _report(output, final: bool, seconds: float) -> None:
    from rich.markup import escape

    from handlingsplan.norsk import number

    out = console()
    what = "Sluttrapporten" if final else "Årsrapporten"
    kind = {"docx": "Word", "pdf": "PDF"}.get(output.format, "Markdown")
    if output.errors:
        out.print(f"[bold yellow]![/] Planen har {len(output.errors)} feil; rapporten er "
                  "merket som utkast med feil på forsiden.")
    out.print(f"[bold green]✓[/] {what} for {output.year} ({kind}) er laget: "
              f"[bold]{escape(shown_path(output.path))}[/] "
              f"({number(round(seconds, 1))} s).")
    if output.figures:
        folder = next(iter(output.figures)).parent
        out.print(f"  Figurene ligger i {escape(shown_path(folder))}/.")
