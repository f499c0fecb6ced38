"""`hp export`: a plan year as an Excel workbook (sheets Tiltak, Budsjett, Tilsagn, Oppfølging)
or one of its tables as CSV (tilsagn or tiltak), for the finance office and the county.

As `hp render`: the plan is checked first with the rules of `hp validate`; with errors nothing
is written (exit 1) unless forced, and then the title rows say «UTKAST MED FEIL». The default
target is ut/ in the programme; a target is never an input, a read-only file or a link, and it
is written atomically. openpyxl is imported only when a workbook is made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from handlingsplan import produce
from handlingsplan.diagnostics import Diagnostic
from handlingsplan.produce import ProduceError

FORMATS = ("xlsx", "csv")
WHATS = ("tilsagn", "tiltak")


class ExportError(ProduceError):
    """The export cannot be made. `code`: 1 when the plan has errors (`diagnostics`), 2 when
    the command cannot run."""


@dataclass
class Output:
    """An export, not yet written."""

    year: int
    format: str
    what: str | None  # csv: tilsagn | tiltak
    path: Path  # Path("-"): standard output (CSV only)
    data: bytes = b""
    rows: dict[str, int] = field(default_factory=dict)  # per table key
    year_was_default: bool = False
    errors: list[Diagnostic] = field(default_factory=list)  # a forced export's errors
    warnings: int = 0
    new_folder: Path | None = None  # ut/, made when the file is written


def default_name(year: int, fmt: str, what: str | None) -> str:
    if fmt == "csv":
        return f"{what}-{year}.csv"
    return f"handlingsplan-{year}.xlsx"


def build(path: Path | str = ".", year: int | None = None, *, fmt: str | None = None,
          what: str | None = None, out: Path | None = None, force: bool = False) -> Output:
    """Check and export plan year `year` (default: the newest) of the programme at `path`.

    `fmt` is xlsx or csv (None: csv with `what` or an `out` ending in .csv, else xlsx); `what`
    (csv only) is tilsagn or tiltak. Raises ExportError when the export cannot (or, with
    errors and no `force`, may not) be made; the arguments and the target are checked before
    the work."""
    fmt = _format(fmt, what, out)
    from handlingsplan.render.reproducible import document_time

    programme, year, defaulted = produce.programme_and_year(
        path, year, ExportError, "export", "Velg et annet år med --year.")
    errors, warnings = produce.checked(
        programme, year, force, ExportError, "eksporten",
        "Rett feilene (se «hp validate»), eller eksporter likevel, merket «UTKAST MED FEIL»: "
        "hp export --force.")
    target, new_folder = produce.target(
        out, default_name(year, fmt, what), programme.root, ExportError,
        stdout=None if fmt == "csv" else ("Bare CSV kan skrives til standard ut (--out -).",
                                          "Bruk --format csv, eller oppgi et filnavn som slutter "
                                          "på .xlsx."))

    from handlingsplan.exchange import tables
    from handlingsplan.exchange.words import words
    from handlingsplan.render.model import document_date

    assert programme.plan is not None
    malform = str(programme.plan.malform.value)
    w = words(malform)
    draft = bool(errors)
    output = Output(year=year, format=fmt, what=what, path=target, year_was_default=defaulted,
                    errors=errors, warnings=warnings, new_folder=new_folder)
    if fmt == "csv":
        from handlingsplan.exchange import delimited

        table = (tables.grants if what == "tilsagn" else tables.tiltak)(programme, year, w)
        output.data = delimited.write(table)
        output.rows = {table.key: len(table.rows)}
        return output
    when = document_time(document_date(programme, year))  # BadEpoch is an HpError (exit 2)
    sheets = tables.workbook(programme, year, w, draft)
    from handlingsplan import __version__
    from handlingsplan.exchange import xlsx

    meta = xlsx.Meta(title=f"{programme.plan.programme}: handlingsplan {year}",
                     subject=programme.plan.programme, creator=f"hp {__version__}",
                     language="nn-NO" if malform == "nynorsk" else "nb-NO", when=when)
    output.data = xlsx.write(sheets, meta)
    output.rows = {t.key: len(t.rows) for t in sheets}
    return output


def _format(fmt: str | None, what: str | None, out: Path | None) -> str:
    if fmt is None:  # --what, or an --out ending in .csv, asks for CSV
        csv_out = out is not None and Path(out).suffix.lower() == ".csv"
        fmt = "csv" if what is not None or csv_out else "xlsx"
    if fmt not in FORMATS:
        raise ExportError(f"Ukjent format «{fmt}»: velg xlsx eller csv.")
    if fmt == "csv" and what is None:
        raise ExportError("Med --format csv må du si hvilken tabell du vil ha: --what tilsagn "
                          "eller --what tiltak.",
                          "F.eks. hp export --format csv --what tilsagn.")
    if fmt == "xlsx" and what is not None:
        raise ExportError("--what gjelder bare CSV: arbeidsboken har alle tabellene.",
                          f"Bruk --format csv --what {what}, eller ta bort --what.")
    if what is not None and what not in WHATS:
        raise ExportError(f"Ukjent tabell «{what}»: velg tilsagn eller tiltak.")
    return fmt


def write(output: Output) -> None:
    """Write the file atomically (files.write_atomic: never over an input, a read-only file
    or through a link; straight through to a device). Raises ExportError if it cannot."""
    produce.write(output.path, output.data, output.new_folder, ExportError)
