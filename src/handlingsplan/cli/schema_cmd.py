"""`hp schema [KIND]`: the JSON Schema of one kind of file, or all of them with --out."""


from pathlib import Path
from typing import Annotated

import typer

from handlingsplan.cli.common import console, fail, shown_path, write_stdout

HELP = """Skriv ut JSON Schema for en filtype, for autoutfylling og kontroll i editoren.

FILTYPE er filnavnet uten .yaml: omstillingsplan, handlingsplan, 1-mal-og-innsatsomrader,
2-resultater, 3-strategier-og-tiltak, 4-ressursinnsats-og-finansiering, 5-kommunikasjonsplan
eller oppfolging. Med --out skrives alle til en mappe, én fil per type.

I VS Code (med YAML-utvidelsen fra Red Hat) kobles en fil til skjemaet med en første linje som
[cyan]# yaml-language-server: $schema=.schema/omstillingsplan.schema.json[/]

[bold]Eksempler[/]

  [cyan]hp schema omstillingsplan[/]        skjemaet for omstillingsplan.yaml

  [cyan]hp schema --out .schema[/]          alle skjemaene til mappen .schema
"""


def register(app: typer.Typer) -> None:
    app.command("schema", help=HELP)(schema)


def schema(
    kind: Annotated[str | None, typer.Argument(
        metavar="FILTYPE", help="Filtypen (filnavnet uten .yaml).", show_default=False)] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Skriv alle skjemaene til denne mappen.", show_default=False,
        file_okay=False, metavar="MAPPE")] = None,
) -> None:
    from handlingsplan.schema import KINDS
    from handlingsplan.schema.jsonschema import dumps
    from handlingsplan.suggest import suggest

    if out is not None:
        if kind is not None:
            fail("Oppgi enten en filtype eller --out, ikke begge.")
        from handlingsplan.files import write_atomic
        from handlingsplan.files.read import reason_text

        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            fail(f"Kunne ikke lage mappen «{out}»: {reason_text(exc)}.")
        for stem in KINDS:
            write_atomic(out / f"{stem}.schema.json", dumps(stem))
        console().print(f"Skrev {len(KINDS)} skjemaer til {shown_path(out)}/.")
        return
    if kind is None:
        fail("Oppgi en filtype, eller --out MAPPE for alle.",
             "Filtypene er: " + ", ".join(KINDS) + ".")
    stem = kind.removesuffix(".yaml").removesuffix(".schema.json")
    if stem not in KINDS:
        close = suggest(stem, list(KINDS))
        fail(f"Ukjent filtype «{kind}».",
             (f"Mente du «{close}»? " if close else "") + "Filtypene er: " + ", ".join(KINDS) + ".")
    write_stdout(dumps(stem))
