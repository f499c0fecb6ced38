"""The rule catalogue: every code `hp validate` can report, with its documentation."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from handlingsplan.diagnostics import Severity
from handlingsplan.loader.yamlfile import SourceFile, Span

if TYPE_CHECKING:
    from handlingsplan.loader.programme import Programme


@dataclass(frozen=True, slots=True)
class Finding:
    """What a check yields: where (a file and the path of a key or value in it) and what.
    The engine turns it into a Diagnostic with the rule's code and configured severity."""

    file: SourceFile
    path: tuple
    message: str
    hint: str | None = None
    key: bool = False  # point at the key rather than its value
    at: Span | None = None  # an exact place, for findings in the text rather than the data
    severity: Severity | None = None  # a note (info) from a rule that otherwise warns


Check = Callable[["Programme"], Iterable[Finding]]

EXAMPLE_PROGRAMME = "examples/straumsvik"  # the example every rule's example is shown on


@dataclass(frozen=True)
class Example:
    """A rule's example, on the bundled example programme, so that the documentation and the
    test are one: in `file`, the text `passing` becomes `failing` and the rule reports it (or
    the example already holds `failing`, which the rule reports, and `passing` mends it). The
    diagnostic points at `at` (default: `file`), at the line matching the regular expression
    `line` (default: the first line of `failing`; a tuple picks the n-th match)."""

    file: str
    passing: str
    failing: str
    at: str | None = None
    line: str | tuple[str, int] | None = None
    git: bool = False  # the example needs the programme committed to Git before the change

    @property
    def where(self) -> str:
        return self.at or self.file

    @property
    def line_pattern(self) -> tuple[str, int]:
        import re

        if self.line is None:
            first = next(x for x in self.failing.splitlines() if x.strip())
            return re.escape(first.strip()), 1
        return (self.line, 1) if isinstance(self.line, str) else self.line


@dataclass(frozen=True)
class Rule:
    """One rule: a stable code, a default severity, a Norwegian title and documentation with an
    example that passes and one that fails. Rules of the loader (HP0xx, HP1xx) have no check:
    they are found while reading the files."""

    code: str
    severity: Severity
    title: str
    doc: str
    passing: str = ""
    failing: str = ""
    check: Check | None = None
    file: str = ""  # the file the examples are written in
    example: Example | None = None  # an executable example (rules with a check)

    @property
    def family(self) -> str:
        return self.code[:3] + "xx"


RULES: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    if rule.code in RULES:
        raise ValueError(f"rule {rule.code} registered twice")
    rule = replace(rule, doc=_paragraphs(rule.doc), passing=_dedent(rule.passing),
                   failing=_dedent(rule.failing))
    RULES[rule.code] = rule
    return rule


def rule(code: str, severity: Severity, title: str, *, doc: str,
         example: Example) -> Callable[[Check], Check]:
    """Decorator: register a check function as the rule `code`, with its executable
    example (tests/test_rules.py runs every one of them)."""

    def wrap(check: Check) -> Check:
        register(Rule(code, severity, title, doc, example.passing, example.failing, check,
                      example.file, example))
        return check

    return wrap


def _dedent(text: str) -> str:
    import textwrap

    return textwrap.dedent(text).strip("\n")


def _paragraphs(text: str) -> str:
    """Documentation as paragraphs: lines within a paragraph joined, blank lines kept."""
    paragraphs = _dedent(text).split("\n\n")
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)
