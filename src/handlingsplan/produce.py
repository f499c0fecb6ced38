"""What every command that makes a file from a plan year shares (`hp render`, `hp rapport`,
`hp export`): the programme and the year, the plan checked first, the target (ut/ of the
programme by default) checked before the work, and the atomic write.

Each command raises its own subclass of ProduceError (RenderError, ExportError), so that its
messages name what it makes; the command line shows them all alike (cli.common.handled).
"""

from __future__ import annotations

from pathlib import Path

from handlingsplan.diagnostics import Diagnostic, Severity
from handlingsplan.errors import HpError

OUT_FOLDER = "ut"  # where files go by default, inside the programme (in hp init's .gitignore)


class ProduceError(HpError):
    """The file cannot be made. `code` is the exit code: 1 when the plan has errors
    (`diagnostics`), 2 when the command cannot run."""

    def __init__(self, message: str, hint: str | None = None, code: int = 2,
                 diagnostics: list[Diagnostic] | None = None, programme=None):
        super().__init__(message, hint)
        self.code = code
        self.diagnostics = diagnostics or []
        self.programme = programme


def programme_and_year(path: Path | str, year: int | None, error: type[ProduceError],
                       command: str, missing_hint: str):
    """The programme, the plan year (the newest, or the year folder `path` is) and whether
    that year was chosen by default. `missing_hint` is the hint for a year that is not there
    («ÅR» is replaced by it)."""
    from handlingsplan.loader.programme import ProgrammeNotFound, load
    from handlingsplan.paths import year_of
    from handlingsplan.rules import catalogue

    try:
        programme = load(path, known_codes=set(catalogue()))
    except ProgrammeNotFound as exc:
        raise error(str(exc), f"Gå til programmappen, eller oppgi den: hp {command} STI."
                    ) from None
    years = sorted(programme.years)
    if year is None:  # PATH is a year folder: that year
        here = Path(path).expanduser().resolve()
        if here.parent == programme.root.resolve() and year_of(here.name) in programme.years:
            year = year_of(here.name)
    defaulted = year is None
    if year is None:
        if not years:
            raise error(f"Programmet i «{programme.root}» har ingen planår (mapper som "
                        "2027/).", "Lag et planår med «hp init ÅR».")
        year = years[-1]
    if year not in programme.years:
        known = ", ".join(str(y) for y in years) or "ingen"
        raise error(f"Programmet har ingen handlingsplan for {year} (mappen {year}/ "
                    f"finnes ikke). Planår som finnes: {known}.",
                    missing_hint.replace("ÅR", str(year)))
    return programme, year, defaulted


def checked(programme, year: int, force: bool, error: type[ProduceError], made: str,
            force_hint: str) -> tuple[list[Diagnostic], int]:
    """The year's errors and number of warnings; errors stop the work unless `force`. `made`
    names what is made («dokumentet», «eksporten»)."""
    from handlingsplan.check import check
    from handlingsplan.paths import in_year

    relevant = [d for d in check(programme).diagnostics if in_year(d.file, year)]
    errors = [d for d in relevant if d.severity is Severity.ERROR]
    warnings = sum(1 for d in relevant if d.severity is Severity.WARNING)
    if errors and not force:
        raise error(f"Handlingsplanen for {year} har feil, så {made} lages ikke.",
                    force_hint, code=1, diagnostics=errors, programme=programme)
    if programme.plan is None:
        raise error(f"Omstillingsplanen (omstillingsplan.yaml) kan ikke leses, så {made} "
                    "kan ikke lages, heller ikke med --force.",
                    "Rett feilene i omstillingsplan.yaml først.", code=1,
                    diagnostics=errors, programme=programme)
    return errors, warnings


def target(out: Path | None, name: str, root: Path, error: type[ProduceError],
           stdout: tuple[str, str] | None = None) -> tuple[Path, Path | None]:
    """Where the file goes (`name` in ut/ by default, or --out: a file, or a folder to put
    `name` in), and ut/ when it must be made. `stdout` is None when «-» (standard output) is
    allowed, else the message and hint that refuse it. Checked before the work (never over an
    input, a read-only file, through a link, or out of the programme through a linked ut/);
    `write` checks again."""
    from handlingsplan.files import Refused, check_inside, check_target

    if out is not None and str(out) == "-":
        if stdout is not None:
            raise error(*stdout)
        return Path("-"), None
    try:
        if out is None:  # ut/ of the programme: never a link that leads out of it
            path = root / OUT_FOLDER / name
            if not path.parent.exists():
                check_inside(path, root)  # ut/ is made when the file is written
                return path, path.parent
            check_target(path, root=root)
            return path, None
        path = Path(out).expanduser()
        if path.is_dir():
            path = path / name
        elif not path.parent.exists():
            raise error(f"Mappen «{path.parent}» finnes ikke, så «{path.name}» kan ikke "
                        "skrives der.", "Lag mappen først, eller velg en annen sti.")
        check_target(path)
    except Refused as exc:
        raise error(exc.message, exc.hint) from None
    return path, None


def write(path: Path, data: bytes, new_folder: Path | None, error: type[ProduceError],
          figures: dict[Path, bytes] | None = None) -> None:
    """Write the file (and the figures beside it, both or neither) atomically, making ut/
    first when it is new; raises `error` when it cannot (see `files`: never over an input, a
    read-only file or through a link)."""
    from handlingsplan.files import Refused, write_atomic, write_with_folder

    try:
        if new_folder is not None:
            try:
                new_folder.mkdir(exist_ok=True)
            except OSError as exc:
                from handlingsplan.files.read import reason_text

                raise error(f"Kunne ikke lage mappen «{new_folder}»: "
                            f"{reason_text(exc)}.") from None
        if figures:
            folder = next(iter(figures)).parent
            write_with_folder(path, data, folder, {p.name: png for p, png in figures.items()})
        else:
            write_atomic(path, data)
    except Refused as exc:
        raise error(exc.message, exc.hint) from None
