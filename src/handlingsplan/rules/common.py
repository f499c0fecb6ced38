"""What the rule families share: iterating over the years that have the models a rule needs,
and Norwegian number forms for messages (plain spaces, so that messages are easy to search)."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from handlingsplan import norsk
from handlingsplan.loader.programme import Programme, Year


def kr(value: int) -> str:
    """'4 050 000 kr'"""
    return norsk.amount(value, sep=" ")


def pct(value: Fraction | int) -> str:
    """'78,5 %', '74,99 %': two decimals at most, so that a limit is shown as written."""
    return norsk.percent(value, decimals=2, sep=" ")


def years(p: Programme, *stems: str) -> Iterator[Year]:
    """The plan years (oldest first) whose files `stems` all validated."""
    for year in sorted(p.years):
        y = p.years[year]
        if all(stem in y.models for stem in stems):
            yield y


S1 = "1-mal-og-innsatsomrader"
S2 = "2-resultater"
S3 = "3-strategier-og-tiltak"
S4 = "4-ressursinnsats-og-finansiering"
S5 = "5-kommunikasjonsplan"
META = "handlingsplan"
FOLLOWUP = "oppfolging"


def names(ids: list[str] | set[str]) -> str:
    """'«A», «B» og «C»'"""
    quoted = [f"«{i}»" for i in sorted(ids)]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " og " + quoted[-1]
