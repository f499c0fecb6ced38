"""What the rule families share: iterating over the years that have the models a rule needs,
and Norwegian number forms for messages (plain spaces, so that messages are easy to search)."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import Any, cast

from handlingsplan import norsk
from handlingsplan.figures.shares import share
from handlingsplan.loader.programme import Programme, Year
from handlingsplan.loader.yamlfile import SourceFile
from handlingsplan.paths import FOLLOWUP, GRANTS, META, S1, S2, S3, S4, S5
from handlingsplan.schema.grants import Grants
from handlingsplan.schema.year import (
    FollowUp,
    Handlingsplan,
    Section1,
    Section2,
    Section3,
    Section4,
    Section5,
)


def kr(value: int) -> str:
    """'4 050 000 kr'"""
    return norsk.amount(value, sep=" ")


def pct(value: Fraction | int) -> str:
    """'78,5 %', '74,99 %': two decimals at most, so that a limit is shown as written."""
    return norsk.percent(value, decimals=2, sep=" ")


def pct_of(part: int, whole: int) -> str:
    """part as a percentage of whole, for a message (0 % of nothing)."""
    return pct(share(part, whole) or 0)




class Sections:
    """A plan year whose requested files all validated (see `years`): its sections as
    models that are there, typed so (asking for one that was not requested is an error)."""

    __slots__ = ("_year", "year")

    def __init__(self, year: Year):
        self._year = year
        self.year = year.year

    def file(self, stem: str) -> SourceFile:
        return self._year.file(stem)

    def _model(self, stem: str) -> Any:
        return self._year.models[stem]

    @property
    def meta(self) -> Handlingsplan:
        return cast(Handlingsplan, self._model(META))

    @property
    def s1(self) -> Section1:
        return cast(Section1, self._model(S1))

    @property
    def s2(self) -> Section2:
        return cast(Section2, self._model(S2))

    @property
    def s3(self) -> Section3:
        return cast(Section3, self._model(S3))

    @property
    def s4(self) -> Section4:
        return cast(Section4, self._model(S4))

    @property
    def s5(self) -> Section5:
        return cast(Section5, self._model(S5))

    @property
    def followup(self) -> FollowUp:
        return cast(FollowUp, self._model(FOLLOWUP))

    @property
    def grants(self) -> Grants:
        return cast(Grants, self._model(GRANTS))


def years(p: Programme, *stems: str) -> Iterator[Sections]:
    """The plan years (oldest first) whose files `stems` all validated."""
    for year in sorted(p.years):
        y = p.years[year]
        if all(stem in y.models for stem in stems):
            yield Sections(y)



def names(ids: list[str] | set[str]) -> str:
    """'«A», «B» og «C»'"""
    quoted = [f"«{i}»" for i in sorted(ids)]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " og " + quoted[-1]
