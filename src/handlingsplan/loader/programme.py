"""Find a programme on disk and load every file of it into models, collecting all problems."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from handlingsplan import config as configuration
from handlingsplan import paths
from handlingsplan.config import Config
from handlingsplan.diagnostics import Diagnostic, Severity
from handlingsplan.errors import HpError
from handlingsplan.loader import yamlfile
from handlingsplan.loader.yamlfile import SourceFile
from handlingsplan.paths import year_of
from handlingsplan.schema import PROGRAMME, YEAR_KINDS, Kind
from handlingsplan.schema.base import Model
from handlingsplan.schema.grants import Grants
from handlingsplan.schema.programme import Omstillingsplan
from handlingsplan.schema.year import (
    FollowUp,
    Handlingsplan,
    Section1,
    Section2,
    Section3,
    Section4,
    Section5,
)

PLAN_FILE = PROGRAMME.filename


class ProgrammeNotFound(HpError):
    """No programme at or above the path: the command cannot run (exit code 2)."""


@dataclass
class Year:
    """One plan year: its folder's files and the models that validated (None otherwise)."""

    year: int
    folder: Path
    files: dict[str, SourceFile] = field(default_factory=dict)  # by stem
    models: dict[str, Model] = field(default_factory=dict)  # by stem, only the valid ones

    def _get(self, stem: str):
        return self.models.get(stem)

    @property
    def meta(self) -> Handlingsplan | None:
        return self._get(paths.META)

    @property
    def s1(self) -> Section1 | None:
        return self._get(paths.S1)

    @property
    def s2(self) -> Section2 | None:
        return self._get(paths.S2)

    @property
    def s3(self) -> Section3 | None:
        return self._get(paths.S3)

    @property
    def s4(self) -> Section4 | None:
        return self._get(paths.S4)

    @property
    def s5(self) -> Section5 | None:
        return self._get(paths.S5)

    @property
    def followup(self) -> FollowUp | None:
        return self._get(paths.FOLLOWUP)

    @property
    def grants(self) -> Grants | None:
        return self._get(paths.GRANTS)

    def file(self, stem: str) -> SourceFile:
        return self.files[stem]


@dataclass
class Programme:
    root: Path
    plan_file: SourceFile
    plan: Omstillingsplan | None = None
    years: dict[int, Year] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)  # from reading the files
    config: Config = field(default_factory=Config)

    @property
    def files(self) -> list[SourceFile]:
        out = [self.plan_file]
        for y in self.years.values():
            out.extend(y.files.values())
        return out


def find_root(path: Path) -> Path:
    """The programme root: `path` (or its folder) or the nearest parent holding
    omstillingsplan.yaml; a folder with year folders but no omstillingsplan.yaml also counts
    (so that the missing file is reported as HP004)."""
    path = path.expanduser()
    try:
        if not path.exists():
            raise ProgrammeNotFound(f"Finner ikke «{path}».")
        start = path.resolve()
        if start.is_file():
            start = start.parent
    except (OSError, RuntimeError) as exc:
        from handlingsplan.files.read import reason_text

        why = reason_text(exc) if isinstance(exc, OSError) else "symbolske lenker i sløyfe"
        raise ProgrammeNotFound(f"«{path}» kan ikke leses: {why}.") from None
    for folder in (start, *start.parents):
        if os.path.lexists(folder / PLAN_FILE):
            return folder
    if _year_folders(start):
        return start
    raise ProgrammeNotFound(
        f"Fant ikke noe omstillingsprogram i «{path}» eller mappene over: ingen "
        f"{PLAN_FILE} og ingen årsmapper (som 2027/).")


def _year_folders(root: Path) -> list[Path]:
    try:
        entries = list(root.iterdir())
    except OSError:
        return []
    return sorted(p for p in entries if year_of(p.name) is not None and p.is_dir())


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _load_file(root: Path, path: Path, kind: Kind) -> tuple[SourceFile, Model | None,
                                                             list[Diagnostic]]:
    sf, problems = yamlfile.read(path, _rel(root, path), root=root)
    return _validated(sf, problems, kind)


def load_bytes(raw: bytes, rel: str, kind: Kind) -> tuple[SourceFile, Model | None,
                                                          list[Diagnostic]]:
    """A file's model from bytes read elsewhere than the disk (a Git blob), through the same
    reader, limits and schema as a file of the working tree."""
    sf, problems = yamlfile.from_bytes(raw, rel)
    return _validated(sf, problems, kind)


def _validated(sf: SourceFile, problems: list[Diagnostic], kind: Kind
               ) -> tuple[SourceFile, Model | None, list[Diagnostic]]:
    if any(d.severity is Severity.ERROR for d in problems) and sf.data is None:
        return sf, None, problems
    from pydantic import ValidationError

    from handlingsplan.loader.errors import to_diagnostics

    data = {} if sf.data is None else sf.data
    model: Model | None
    try:
        model = kind.model.model_validate(data)
    except ValidationError as exc:
        return sf, None, [*problems, *to_diagnostics(sf, kind.model, exc)]
    if any(d.severity is Severity.ERROR and d.code != "HP103" for d in problems):
        model = None  # e.g. a duplicate key: the data is not what the user meant (a control
        # character in a text, HP103 from the reader, is reported but cleaned by render)
    sf.ok = model is not None
    return sf, model, problems


def _missing(root: Path, path: Path, what: str, hint: str) -> Diagnostic:
    return Diagnostic("HP004", Severity.ERROR, _rel(root, path), 1, 1,
                      f"Filen mangler: {what}.", hint)


def load(path: Path | str = ".", year: int | None = None,
         known_codes: set[str] | None = None) -> Programme:
    """Load the programme at or above `path`: every file, every problem in reading them.

    With `year`, only that plan year is loaded (besides omstillingsplan.yaml). `known_codes`
    are the rule codes hp.toml may name (the catalogue; without it, any code is taken).
    Raises ProgrammeNotFound when there is no programme (or no such year).
    """
    root = find_root(Path(path))
    plan_path = root / PLAN_FILE
    if os.path.lexists(plan_path):
        plan_file, plan, problems = _load_file(root, plan_path, PROGRAMME)
    else:
        plan_file, plan = SourceFile(rel=PLAN_FILE, path=plan_path), None
        problems = [_missing(root, plan_path, "omstillingsplan.yaml, planen for hele perioden",
                             "Lag den med «hp init», eller legg den i programmappen.")]
    config, config_problems = configuration.load(root, known_codes=known_codes)
    programme = Programme(root=root, plan_file=plan_file,
                          plan=cast(Omstillingsplan | None, plan),
                          diagnostics=[*problems, *config_problems], config=config)

    folders = _year_folders(root)
    if year is not None:
        folders = [f for f in folders if year_of(f.name) == year]
        if not folders:
            raise ProgrammeNotFound(f"Programmet i «{root}» har ingen mappe for {year}.")
    for folder in folders:
        y = Year(year=int(folder.name), folder=folder)
        try:
            os.scandir(folder).close()
        except OSError as exc:
            from handlingsplan.files.read import reason_text

            programme.diagnostics.append(Diagnostic(
                "HP005", Severity.ERROR, folder.name, 1, 1,
                f"Mappen {folder.name}/ kan ikke leses: {reason_text(exc)}.",
                "Sjekk at du har lesetilgang til mappen."))
            programme.years[y.year] = y
            continue
        for kind in YEAR_KINDS:
            file_path = folder / kind.filename
            if not os.path.lexists(file_path):
                if kind.required:
                    programme.diagnostics.append(_missing(
                        root, file_path, f"{kind.title} for {y.year}",
                        f"Lag filen (kjør «hp init {y.year}» i en ny årsmappe, eller kopier den "
                        "fra året før)."))
                continue
            sf, model, problems = _load_file(root, file_path, kind)
            y.files[kind.stem] = sf
            if model is not None:
                y.models[kind.stem] = model
            programme.diagnostics.extend(problems)
        programme.years[y.year] = y
    return programme
