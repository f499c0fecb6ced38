"""The library API of `hp validate`: load a programme, run every rule, return the diagnostics."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handlingsplan import rules
from handlingsplan.diagnostics import Diagnostic, Summary, sort_diagnostics
from handlingsplan.loader.programme import Programme, ProgrammeNotFound, load
from handlingsplan.paths import in_year


class YearNotFound(ProgrammeNotFound):
    """The programme exists but has no folder for the year asked for."""


@dataclass
class Result:
    programme: Programme
    diagnostics: list[Diagnostic]

    @property
    def summary(self) -> Summary:
        return Summary.of(self.diagnostics)

    def failed(self, strict: bool = False) -> bool:
        return self.summary.failed(strict)


def check(programme: Programme) -> Result:
    """Run the rules over a loaded programme."""
    cfg = programme.config
    found = [*programme.diagnostics, *rules.run(programme, cfg.disabled)]
    return Result(programme, sort_diagnostics(rules.apply_settings(found, cfg.disabled,
                                                                   cfg.severities)))


def validate(path: Path | str = ".", year: int | None = None) -> Result:
    """Load and check the programme at or above `path`.

    With `year`, only problems in that year's files and in the files at the programme root are
    reported; every year is still read, since rules compare across years (HP206, HP306, HP505).
    Raises loader.programme.ProgrammeNotFound when there is no programme (or no such year).
    """
    programme = load(path, known_codes=set(rules.catalogue()))
    if year is None:
        return check(programme)
    if year not in programme.years:
        known = ", ".join(map(str, sorted(programme.years))) or "ingen"
        raise YearNotFound(f"Programmet i «{programme.root}» har ingen mappe for {year} "
                           f"(planårene er: {known}).", "Et nytt planår lages med «hp init ÅR».")
    result = check(programme)
    result.diagnostics = [d for d in result.diagnostics if in_year(d.file, year)]
    return result
