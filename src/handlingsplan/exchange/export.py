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

from handlingsplan.diagnostics import Diagnostic, Severity
from handlingsplan.errors import HpError

FORMATS = ("xlsx", "csv")
WHATS = ("tilsagn", "tiltak")
OUT_FOLDER = "ut"  # as hp render


class ExportError(HpError):
    """The export cannot be made. `code`: 1 when the plan has errors (`diagnostics`), 2 when
    the command cannot run."""

    def __init__(self, message: str, hint: str | None = None, code: int = 2,
                 diagnostics: list[Diagnostic] | None = None, programme=None):
        super().__init__(message, hint)
        self.code = code
        self.diagnostics = diagnostics or []
        self.programme = programme


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

    programme, year, defaulted = _programme_and_year(path, year)
    errors, warnings = _checked(programme, year, force)
    target, new_folder = _checked_target(out, year, fmt, what, programme.root)

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


def _programme_and_year(path: Path | str, year: int | None):
    """The programme, the plan year (the newest, or the year folder `path` is) and whether
    that year was chosen by default."""
    from handlingsplan.loader.programme import ProgrammeNotFound, load
    from handlingsplan.paths import year_of
    from handlingsplan.rules import catalogue

    try:
        programme = load(path, known_codes=set(catalogue()))
    except ProgrammeNotFound as exc:
        raise ExportError(str(exc), "Gå til programmappen, eller oppgi den: hp export STI."
                          ) from None
    years = sorted(programme.years)
    if year is None:
        here = Path(path).expanduser().resolve()
        if here.parent == programme.root.resolve() and year_of(here.name) in programme.years:
            year = year_of(here.name)
    defaulted = year is None
    if year is None:
        if not years:
            raise ExportError(f"Programmet i «{programme.root}» har ingen planår (mapper som "
                              "2027/).", "Lag et planår med «hp init ÅR».")
        year = years[-1]
    if year not in programme.years:
        known = ", ".join(str(y) for y in years) or "ingen"
        raise ExportError(f"Programmet har ingen handlingsplan for {year} (mappen {year}/ "
                          f"finnes ikke). Planår som finnes: {known}.",
                          "Velg et annet år med --year.")
    return programme, year, defaulted


def _checked(programme, year: int, force: bool) -> tuple[list[Diagnostic], int]:
    """The year's errors and number of warnings; errors stop the export unless `force`."""
    from handlingsplan.check import check
    from handlingsplan.paths import in_year

    relevant = [d for d in check(programme).diagnostics if in_year(d.file, year)]
    errors = [d for d in relevant if d.severity is Severity.ERROR]
    warnings = sum(1 for d in relevant if d.severity is Severity.WARNING)
    if errors and not force:
        raise ExportError(f"Handlingsplanen for {year} har feil, så eksporten lages ikke.",
                          "Rett feilene (se «hp validate»), eller eksporter likevel, merket "
                          "«UTKAST MED FEIL»: hp export --force.", code=1, diagnostics=errors,
                          programme=programme)
    if programme.plan is None:
        raise ExportError("Omstillingsplanen (omstillingsplan.yaml) kan ikke leses, så "
                          "eksporten kan ikke lages, heller ikke med --force.",
                          "Rett feilene i omstillingsplan.yaml først.", code=1,
                          diagnostics=errors, programme=programme)
    return errors, warnings


def _target(out: Path | None, year: int, fmt: str, what: str | None, root: Path) -> Path:
    name = default_name(year, fmt, what)
    if out is None:  # ut/ is in the .gitignore hp init writes
        return root / OUT_FOLDER / name
    if str(out) == "-":
        if fmt != "csv":
            raise ExportError("Bare CSV kan skrives til standard ut (--out -).",
                              "Bruk --format csv, eller oppgi et filnavn som slutter på "
                              ".xlsx.")
        return Path("-")
    out = Path(out).expanduser()
    if out.is_dir():
        return out / name
    if not out.parent.exists():
        raise ExportError(f"Mappen «{out.parent}» finnes ikke, så «{out.name}» kan ikke "
                          "skrives der.", "Lag mappen først, eller velg en annen sti.")
    return out


def _checked_target(out: Path | None, year: int, fmt: str, what: str | None, root: Path
                    ) -> tuple[Path, Path | None]:
    """Where the file goes, and ut/ when it must be made. Checked before the work (never over
    an input, a read-only file or through a link); `write` checks again."""
    target = _target(out, year, fmt, what, root)
    if target == Path("-"):
        return target, None
    from handlingsplan.files import Refused, check_inside, check_target

    try:
        if out is None:  # ut/ of the programme: never a link that leads out of it
            if not target.parent.exists():
                check_inside(target, root)  # ut/ is made when the file is written
                return target, target.parent
            check_target(target, root=root)
        else:
            check_target(target)
    except Refused as exc:
        raise ExportError(exc.message, exc.hint) from None
    return target, None


def write(output: Output) -> None:
    """Write the file atomically (files.write_atomic: never over an input, a read-only file
    or through a link; straight through to a device). Raises ExportError if it cannot."""
    from handlingsplan.files import Refused, write_atomic

    try:
        if output.new_folder is not None:
            try:
                output.new_folder.mkdir(exist_ok=True)
            except OSError as exc:
                from handlingsplan.files.read import reason_text

                raise ExportError(f"Kunne ikke lage mappen «{output.new_folder}»: "
                                  f"{reason_text(exc)}.") from None
        write_atomic(output.path, output.data)
    except Refused as exc:
        raise ExportError(exc.message, exc.hint) from None
