"""`hp rules [CODE]`: the rule catalogue, or one rule explained with its examples."""


import os
from typing import Annotated

import typer

from handlingsplan.cli.common import OutOption, Report, console, fail

HELP = """Vis regelkatalogen, eller forklar én regel med et eksempel som passerer og ett som feiler.

[bold]Eksempler[/]

  [cyan]hp rules[/]          alle regler med kode, alvorlighetsgrad og tittel

  [cyan]hp rules HP301[/]    forklar regel HP301

  [cyan]hp rules --markdown --out regler.md[/]   hele katalogen som Markdown

Har filen etter --out allerede linjene <!-- regler:start --> og <!-- regler:end -->, byttes
bare det som står mellom dem (slik holdes docs/format.md à jour).
"""


def register(app: typer.Typer) -> None:
    app.command("rules", help=HELP)(rules)


def rules(
    code: Annotated[str | None, typer.Argument(
        metavar="KODE", help="Regelkoden, f.eks. HP301.", show_default=False)] = None,
    markdown: Annotated[bool, typer.Option(
        "--markdown", "--md", help="Hele katalogen som Markdown, med eksemplene.")] = False,
    out: OutOption = None,
) -> None:
    from rich.markup import escape
    from rich.syntax import Syntax
    from rich.table import Table
    from rich.text import Text

    from handlingsplan.rules import catalogue
    from handlingsplan.suggest import suggest

    all_rules = catalogue()
    if markdown:
        from handlingsplan.output.catalogue import markdown as as_markdown

        text = as_markdown(all_rules.values())
        updates = out is not None and str(out) != "-" and os.path.isfile(out)
        if updates:
            text = _into_markers(out, text)
        report = Report(out, updates=updates)
        report.text(text)
        report.finish()
        return
    out_console = console()
    if code is None:
        table = Table(box=None, pad_edge=False, header_style="bold")
        table.add_column("Kode")
        table.add_column("Nivå")
        table.add_column("Hva regelen fanger")
        for r in all_rules.values():
            table.add_row(r.code, r.severity.label, escape(r.title))
        out_console.print(table)
        out_console.print("\nForklaring av én regel: [cyan]hp rules KODE[/]. Regler slås av eller "
                  "graderes om i hp.toml.")
        return
    wanted = code.strip().upper()
    found = all_rules.get(wanted)
    if found is None:
        # a code cut short or with a digit too many (HP10, HP1011) before a look-alike (HP310)
        close = next((c for c in all_rules if wanted and (c.startswith(wanted)
                                                          or wanted.startswith(c))), None)
        close = close or suggest(wanted, list(all_rules))
        fail(f"Det finnes ingen regel «{code}».",
             (f"Mente du {close}? " if close else "") + "Se alle reglene med «hp rules».")
    out_console.print(f"[bold]{found.code}[/] ({found.severity.label}): "
                      f"[bold]{escape(found.title)}[/]\n")
    out_console.print(escape(found.doc))
    for label, example in (("Passerer", found.passing), ("Feiler", found.failing)):
        if example:
            where = f" ({found.file})" if found.file else ""
            out_console.print(f"\n[bold]{label}[/]{escape(where)}:")
            highlighted = Syntax("", "yaml", theme="ansi_dark").highlight(example)
            for line in highlighted.split("\n"):
                out_console.print(Text("  ") + line)


def _into_markers(out, catalogue: str) -> str:
    """The existing file with the catalogue between its markers, or the catalogue alone."""
    from pathlib import Path

    from handlingsplan.files import Refused, read_text
    from handlingsplan.output.catalogue import between_markers, with_catalogue

    try:
        current = read_text(out, root=Path(out).parent, limit=10 * 1024 * 1024)
    except Refused:
        return catalogue  # the write reports why the file cannot be used
    return with_catalogue(current, catalogue) if between_markers(current) is not None \
        else catalogue
