"""The one type for every problem `hp` reports, and its counts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        """The Norwegian word shown to a person."""
        return _LABELS[self]

    @property
    def rank(self) -> int:
        return _RANKS[self]


_LABELS = {Severity.ERROR: "feil", Severity.WARNING: "advarsel", Severity.INFO: "merknad"}
_RANKS = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
MAX_TEXT = 2000  # characters of a message or hint


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem: where it is (file relative to the programme root, 1-based line and column)
    and what to do about it (a Norwegian message and an optional hint)."""

    code: str
    severity: Severity
    file: str
    line: int
    column: int
    message: str
    hint: str | None = None
    end_line: int | None = field(default=None, compare=False)
    end_column: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        # a message quotes what the file says: never let a huge value make a huge report
        for name in ("message", "hint"):
            text = getattr(self, name)
            if text is not None and len(text) > MAX_TEXT:
                object.__setattr__(self, name, text[:MAX_TEXT - 1] + "…")

    def sort_key(self) -> tuple:
        # errors first; files at the root (omstillingsplan.yaml, hp.toml) before the years
        return (self.severity.rank, self.file.count("/"), self.file, self.line, self.column,
                self.code, self.message)

    def to_json(self) -> dict:
        out = {
            "code": self.code,
            "severity": self.severity.value,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }
        if self.hint:
            out["hint"] = self.hint
        return out


@dataclass(frozen=True, slots=True)
class Summary:
    errors: int = 0
    warnings: int = 0
    info: int = 0

    @classmethod
    def of(cls, diagnostics: Iterable[Diagnostic]) -> Summary:
        counts = dict.fromkeys(Severity, 0)
        for d in diagnostics:
            counts[d.severity] += 1
        return cls(counts[Severity.ERROR], counts[Severity.WARNING], counts[Severity.INFO])

    def failed(self, strict: bool = False) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)

    def to_json(self) -> dict:
        return {"errors": self.errors, "warnings": self.warnings, "info": self.info}

    def describe(self) -> str:
        """'2 feil, 1 advarsel' — Norwegian, with the right plural forms."""
        parts = []
        if self.errors:
            parts.append(f"{self.errors} feil")
        if self.warnings:
            parts.append(f"{self.warnings} {'advarsel' if self.warnings == 1 else 'advarsler'}")
        if self.info:
            parts.append(f"{self.info} {'merknad' if self.info == 1 else 'merknader'}")
        return ", ".join(parts) if parts else "ingen problemer"


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sorted by place and without exact repeats (a rule may reach one spot twice)."""
    return sorted(set(diagnostics), key=Diagnostic.sort_key)
