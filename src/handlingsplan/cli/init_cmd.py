"""`hp init`: a new programme in an empty folder, or next year's plan inside a programme."""


import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer

from handlingsplan import __version__
from handlingsplan.cli.common import EXIT_OK, console, fail, shown_path

HELP = (
    "Lag et nytt omstillingsprogram, eller neste års handlingsplan fra årets.\n\n"
    "[bold]I en mappe uten omstillingsplan.yaml[/] lages et nytt program: omstillingsplan.yaml, "
    "mappen for det første året med alle kapitlene, JSON Schema for editoren, .gitignore, en "
    "CI-jobb som kjører «hp validate», .pre-commit-config.yaml og en README. Alt som må fylles "
    "ut, er merket «FYLL UT». Med --kommune, --fra og --til spørres det ikke "
    "om noe.\n\n"
    "[bold]I et program[/] lages handlingsplanen for ÅR (standard: året etter det nyeste) fra "
    "året før: årets måltall, resultatene fra oppfolging.yaml, tiltakene som ikke er ferdige "
    "(med budsjett som må settes), rammene og finansieringen for året. Kommentarene i "
    "fjorårets filer blir med.\n\n"
    "Ingenting skrives før alt er bygd, og ingenting endres hvis året eller programmet finnes "
    "fra før.\n\n"
    "[bold]Eksempler[/]\n\n"
    "  [cyan]hp init --kommune Straumsvik --fylkeskommune Nordkysten --fra 2025 --til 2030[/]"
    "\n\n      nytt program i denne mappen\n\n"
    "  [cyan]hp init -C fjordbotn --kommune Fjordbotn --fylkeskommune Vestfjell --fra 2026 "
    "--til 2028 --malform nynorsk[/]\n\n      nytt program på nynorsk i mappen fjordbotn\n\n"
    "  [cyan]hp init[/]                 neste års handlingsplan i programmet her\n\n"
    "  [cyan]hp init 2028 --dry-run[/]  vis filene som ville blitt laget for 2028, uten å "
    "skrive dem"
)


def register(app: typer.Typer) -> None:
    app.command("init", help=HELP)(init)


def _interactive() -> bool:
    """Questions are asked only on a terminal."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def init(
    year: Annotated[int | None, typer.Argument(
        metavar="ÅR", help="Planåret som skal lages (i et program). Standard: året etter "
        "det nyeste.", show_default=False)] = None,
    kommune: Annotated[str | None, typer.Option(
        "--kommune", metavar="NAVN", help="Nytt program: kommunen, f.eks. Straumsvik.",
        show_default=False)] = None,
    fylkeskommune: Annotated[str | None, typer.Option(
        "--fylkeskommune", metavar="NAVN", help="Nytt program: fylkeskommunen, f.eks. Nordkysten "
        "(uten den står «FYLL UT» i planen).", show_default=False)] = None,
    fra: Annotated[int | None, typer.Option(
        "--fra", metavar="ÅR", help="Nytt program: første år i omstillingsperioden.",
        show_default=False)] = None,
    til: Annotated[int | None, typer.Option(
        "--til", metavar="ÅR", help="Nytt program: siste år i perioden (høyst seks år).",
        show_default=False)] = None,
    malform: Annotated[str | None, typer.Option(
        "--malform", "--målform", metavar="MÅLFORM",
        help="Nytt program: bokmål eller nynorsk. Standard: bokmål.",
        show_default=False)] = None,
    directory: Annotated[Path, typer.Option(
        "--dir", "-C", help="Mappen det skal gjøres i. Standard: denne mappen.",
        show_default=False, metavar="MAPPE")] = Path("."),
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", "-n", help="Vis filene som ville blitt skrevet, uten å skrive noe.")] = False,
    install: Annotated[str | None, typer.Option(
        "--install", metavar="KRAV", help="Nytt program: det CI og pre-commit installerer hp "
        f"med, f.eks. \"handlingsplan @ git+https://github.com/ORG/hp@v{__version__}\". Standard: "
        "samme versjon og kilde som denne hp.", show_default=False)] = None,
) -> None:
    from handlingsplan.scaffold.programme import existing_programme

    new_options = {"--kommune": kommune, "--fylkeskommune": fylkeskommune, "--fra": fra,
                   "--til": til, "--malform": malform}
    asked_new = any(v is not None for v in new_options.values())
    existing = existing_programme(directory)
    if existing is None or asked_new:
        if existing is not None:
            fail(f"Det finnes allerede et omstillingsprogram i «{shown_path(existing)}» "
                 "(omstillingsplan.yaml). Ingenting er endret.",
                 "Neste års handlingsplan lages med «hp init» uten --kommune, "
                 "--fylkeskommune, --fra og --til. Et nytt program lages i en tom mappe.")
        if year is not None:
            fail(f"Fant ikke noe omstillingsprogram i «{shown_path(directory)}», så ÅR "
                 f"({year}) kan ikke brukes her.",
                 "Et nytt program starter i --fra-året: hp init --kommune … "
                 "--fylkeskommune … --fra … --til …")
        plan = _new_programme(directory, kommune, fylkeskommune, fra, til, malform, install)
    else:
        from handlingsplan.scaffold.year import new_year

        plan = new_year(existing, year)
    _finish(plan, dry_run)


def _new_programme(directory: Path, kommune, fylkeskommune, fra, til, malform, install=None):
    from handlingsplan.scaffold.programme import NewProgramme, new_programme, parse_malform
    from handlingsplan.schema.types import Malform

    missing = [name for name, value in (("--kommune", kommune), ("--fra", fra),
                                        ("--til", til)) if value is None]
    if missing:
        if not _interactive():
            fail("Det finnes ikke noe omstillingsprogram her, og for å lage et nytt mangler "
                 + _listing(missing) + ".",
                 "Eksempel: hp init --kommune Straumsvik --fylkeskommune Nordkysten "
                 "--fra 2025 --til 2030 [--malform nynorsk]")
        kommune, fylkeskommune, fra, til, malform = _ask(directory, kommune, fylkeskommune, fra,
                                                         til, malform)
    form = parse_malform(malform) if malform is not None else Malform.BOKMAL
    return new_programme(directory, NewProgramme(kommune, fylkeskommune, fra, til, form,
                                                 install))


def _ask(directory: Path, kommune, fylkeskommune, fra, til, malform):
    """The missing answers, asked in Norwegian on the terminal."""
    from rich.prompt import IntPrompt, Prompt

    class Text(Prompt):
        illegal_choice_message = "[prompt.invalid.choice]Velg et av alternativene"

    class Year(IntPrompt):
        validate_error_message = "[prompt.invalid]Skriv et årstall, f.eks. 2027"

    out = console()
    out.print(f"Det finnes ikke noe omstillingsprogram i «{shown_path(directory)}» ennå. Svar "
              "på noen spørsmål, så lages et nytt (avbryt med Ctrl+C).")
    if kommune is None:
        kommune = Text.ask("Kommune (f.eks. Straumsvik)", console=out)
    if fylkeskommune is None:
        fylkeskommune = Text.ask("Fylkeskommune (f.eks. Nordkysten)", console=out)
    if fra is None:
        fra = Year.ask("Første år i omstillingsperioden", console=out,
                       default=dt.date.today().year + 1)
    if til is None:
        til = Year.ask("Siste år i perioden (høyst seks år)", console=out, default=fra + 2)
    if malform is None:
        malform = Text.ask("Målform", choices=["bokmål", "nynorsk"], default="bokmål",
                           console=out)
    return kommune, fylkeskommune, fra, til, malform


def _listing(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " og " + names[-1]


def _finish(plan, dry_run: bool) -> None:
    from rich.markup import escape

    from handlingsplan.scaffold.tree import render_tree, write

    out = console()
    label = shown_path(plan.root) + "/"
    if dry_run:
        out.print(f"Dette ville blitt laget: [bold]{escape(plan.summary)}[/]. "
                  "(--dry-run: ingenting er skrevet.)\n")
        out.print(render_tree(plan, label))
        _notes(out, plan.notes)
        raise typer.Exit(EXIT_OK)
    written = write(plan)
    out.print(f"[bold green]Laget[/] [bold]{escape(plan.summary)}[/]: "
              f"{len(written)} {'fil' if len(written) == 1 else 'filer'} skrevet.\n")
    out.print(render_tree(plan, label))
    _notes(out, plan.notes)
    _validation(out, plan)
    here = plan.root.resolve() == Path.cwd().resolve()
    target = "" if here else f" {shown_path(plan.root)}"
    out.print("\n[bold]Videre[/]: fyll ut det som er merket «FYLL UT», og sjekk med "
              f"[cyan]hp validate{escape(target)}[/]. Dokumentet lages med "
              f"[cyan]hp render{escape(target)} --year {plan.year}[/].")


def _notes(out, notes: list[str]) -> None:
    from rich.markup import escape

    if notes:
        out.print("\n[bold]Merk[/]")
        for note in notes:
            out.print(f"  - {escape(note)}")


def _validation(out, plan) -> None:
    """Check what was made: errors here would be a bug in hp; warnings are what is left to do."""
    from handlingsplan.check import validate
    from handlingsplan.diagnostics import Summary
    from handlingsplan.loader.programme import ProgrammeNotFound

    try:
        result = validate(plan.root)
    except ProgrammeNotFound:  # pragma: no cover - it was just written
        return
    new_programme = any(f.rel == "omstillingsplan.yaml" for f in plan.files)
    if new_programme:
        mine, scope = result.diagnostics, "programmet"
    else:
        from handlingsplan.paths import year_of_file

        mine = [d for d in result.diagnostics if year_of_file(d.file) == plan.year]
        scope = f"{plan.year}/"
    summary = Summary.of(mine)
    colour = "red" if summary.errors else "green"
    out.print(f"\n[bold]hp validate[/]: [{colour}]{summary.describe()}[/] i {scope}.")
