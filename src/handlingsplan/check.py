"""The library API of `hp validate`: load a programme, run every rule, return the diagnostics."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handlingsplan import rules
from handlingsplan.diagnostics import Diagnostic, Summary, sort_diagnostics
from handlingsplan.loader.programme import Programme, load


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
    """Load and check the programme at or above `path` (only `year`, if given).

    Raises loader.programme.ProgrammeNotFound when there is no programme to check.
    """
    return check(load(path, year=year))
