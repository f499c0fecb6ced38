"""The `hp` command line: a thin Typer layer over the library.

Only Typer is imported at start; each command imports what it needs when it runs, so that
`hp --help` and `hp validate` start fast.
"""

from __future__ import annotations

import typer

from handlingsplan import __version__
from handlingsplan.cli.common import RICH_HELP, handled, help_text
from handlingsplan.cli.norwegian import COMMANDS, HpCommand, HpGroup

# Typer's and Click's own texts ("Bruk:", "Valg", usage errors) come from HpGroup and
# HpCommand (cli/norwegian.py): importing this module changes nothing in the process.
app = typer.Typer(
    name="hp",
    cls=HpGroup,
    help=help_text(
        "[bold]hp[/] — handlingsplanen for et omstillingsprogram som kode.\n\n"
        "Planen ligger som YAML-filer i et Git-repo. hp sjekker at alt henger sammen, lager "
        "Word-dokumentet kommunestyret vedtar, og holder styr på året.\n\n"
        "[bold]Slik brukes hp gjennom året[/]\n\n"
        "  [cyan]hp init 2028[/]                   lag neste års plan fra årets\n\n"
        "  [cyan]hp validate[/]                    sjekk planen (også i CI)\n\n"
        "  [cyan]hp render --year 2028[/]          lag Word-dokumentet\n\n"
        "  [cyan]hp calendar[/]                    hva som skal skje nå i årshjulet\n\n"
        "  [cyan]hp status --format md[/]          status for styremøtet\n\n"
        "  [cyan]hp endringer --year 2028[/]       hva som er endret siden vedtaket\n\n"
        "  [cyan]hp export --year 2028[/]          Excel-arbeidsbok til økonomiavdelingen\n\n"
        "  [cyan]hp import regnskap FIL -y 2028[/] forbruket fra regnskapet\n\n"
        "  [cyan]hp rapport --year 2027[/]         årsrapporten for fjoråret\n\n"
        "  [cyan]hp rules HP301[/]                 forklar en regel\n\n"
        "Hjelp til én kommando: [cyan]hp KOMMANDO --help[/]"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich" if RICH_HELP else None,
    pretty_exceptions_enable=False,
    options_metavar="[VALG]",
    subcommand_metavar="KOMMANDO [ARGUMENTER]...",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"hp {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                 help="Vis versjonen og avslutt."),
) -> None:
    """hp — handlingsplanen for et omstillingsprogram som kode."""


# Each command lives in its own module `cli/<name>_cmd.py` with a `register(app)` function and
# imports its heavy dependencies only when it runs. The order is the order in `hp --help`.
# These modules do without `from __future__ import annotations`: Typer reads the annotations of
# every command at each start, and evaluating them from strings (typing.get_type_hints) costs
# about a tenth of `hp --help`; as objects, Python builds them once, on import.
from handlingsplan.cli import (  # noqa: E402
    calendar_cmd,
    endringer_cmd,
    export_cmd,
    import_cmd,
    init_cmd,
    rapport_cmd,
    render_cmd,
    rules_cmd,
    schema_cmd,
    status_cmd,
    validate_cmd,
)

for _command in (init_cmd, validate_cmd, render_cmd, rapport_cmd, calendar_cmd, status_cmd,
                 endringer_cmd, export_cmd, import_cmd, schema_cmd, rules_cmd):
    _command.register(app)
_SUMMARIES = {  # the one line each command gets in `hp --help`
    "init": "Lag et nytt program, eller neste års plan fra årets.",
    "validate": "Sjekk at planen henger sammen.",
    "render": "Lag Word-dokumentet (eller Markdown) for ett planår.",
    "rapport": "Lag årsrapporten (eller sluttrapporten) for et planår.",
    "calendar": "Hvor i årshjulet programmet er, og hva som må gjøres.",
    "status": "Hvordan årets plan går: tiltak, penger og mål.",
    "endringer": "Hva som er endret siden planen ble vedtatt.",
    "export": "Årets plan som Excel-arbeidsbok, eller tilsagn og tiltak som CSV.",
    "import": "Les inn data fra andre systemer: forbruket fra regnskapet.",
    "schema": "JSON Schema for autoutfylling i editoren.",
    "rules": "Regelkatalogen, eller forklaringen av én regel.",
}
for _info in app.registered_commands:
    _info.callback = handled(_info.callback)  # one error handler for every command
    _info.cls = HpCommand  # Norwegian help and headings (cli/norwegian.py)
    _info.rich_help_panel = COMMANDS
    _info.options_metavar = "[VALG]"  # the usage line in Norwegian: hp validate [VALG] [PATH]
    _info.help = help_text(_info.help or "")
    _info.short_help = _SUMMARIES[_info.name or ""]
for _group in app.registered_groups:  # `hp import regnskap`: its commands are set up in
    _group.short_help = _SUMMARIES[_group.name or ""]  # their own module
    _group.rich_help_panel = COMMANDS
