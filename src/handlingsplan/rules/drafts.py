"""HP8xx: a draft that is not finished (an extension of the contract)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from handlingsplan.diagnostics import Severity
from handlingsplan.loader.programme import Programme
from handlingsplan.loader.yamlfile import Span
from handlingsplan.rules.registry import Example, Finding, rule

MARK = "FYLL UT"
_QUOTED = f"«{MARK}»"  # the mark named in an explanation ("merket «FYLL UT»") is not a mark
_MARK = re.compile(re.escape(MARK) + r":?\s*(.*?)\s*[\"']?\s*$")


@rule("HP801", Severity.WARNING, "Plassholder som ikke er fylt ut", doc="""
    «FYLL UT» står igjen i en fil: i en verdi eller en kommentar. hp init merker alt som må
    fylles ut slik; med hp validate --strict stopper en plan med slike merker i CI. (Utvidelse
    av kontrakten.)
    """, example=Example(
        "2027/3-strategier-og-tiltak.yaml",
        "    budsjett: 600000",
        "    budsjett: 600000  # FYLL UT: sjekk med prosjekteier",
        line="# FYLL UT: sjekk"))
def placeholders(p: Programme) -> Iterator[Finding]:
    for sf in p.files:
        if MARK not in sf.text:
            continue
        for number, line in enumerate(sf.lines(), 1):
            column = _marker(line)
            if column < 0:
                continue
            what = _MARK.search(line, column)
            rest = what.group(1) if what else ""
            message = f"«{MARK}» står igjen" + (f": {rest}" if rest else ".")
            at = Span(number, column + 1, number, column + 1 + len(MARK))
            yield Finding(sf, (), message, "Fyll ut verdien og fjern merket «FYLL UT».", at=at)


def _marker(line: str) -> int:
    """The column of the first mark in the line that is a mark, not a mention of it; -1."""
    column = line.find(MARK)
    while column >= 0 and line[max(column - 1, 0):column + len(MARK) + 1] == _QUOTED:
        column = line.find(MARK, column + len(MARK))
    return column
