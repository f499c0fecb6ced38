"""A plan year's figures at year end, for the annual report (FORMAT.md §7.5).

The figures come from the next year's section 2 (`tidligere_år`) when it has the year: those are
the figures the programme has settled. Otherwise they come from the year's own follow-up
(`oppfolging.yaml`), as of its `per` date. Spending per tiltak is only ever in a follow-up;
spending per source only in section 2. `None` when the year has neither.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from handlingsplan.loader.programme import Programme

FROM_RESULTS = "resultater"  # the next year's section 2
FROM_FOLLOW_UP = "oppfølging"  # the year's own oppfolging.yaml


@dataclass(frozen=True)
class TiltakEnd:
    id: str
    status: str | None
    result: str | None
    jobs: int | None
    spent: int | None  # from the follow-up only


@dataclass(frozen=True)
class Review:
    date: dt.date | None
    improvements: tuple[str, ...]
    comment: str | None


@dataclass(frozen=True)
class YearEnd:
    year: int
    source: str  # FROM_RESULTS or FROM_FOLLOW_UP
    results_year: int | None  # the plan year whose section 2 holds the figures
    as_of: dt.date | None  # the follow-up's `per` (also with FROM_RESULTS, when there is one)
    goals: dict[str, int | float] = field(default_factory=dict)
    spent_per_source: dict[str, int] | None = None  # section 2 only
    tiltak: dict[str, TiltakEnd] = field(default_factory=dict)
    review: Review | None = None
    comment: str | None = None

    @property
    def spent_per_tiltak(self) -> dict[str, int]:
        return {t.id: t.spent for t in self.tiltak.values() if t.spent is not None}

    @property
    def spent_total(self) -> int | None:
        """All that was spent: per source from section 2, else the tiltak's spending."""
        if self.spent_per_source is not None:
            return sum(self.spent_per_source.values())
        per_tiltak = self.spent_per_tiltak
        return sum(per_tiltak.values()) if per_tiltak else None


def _value(v):
    return int(v) if isinstance(v, float) and v.is_integer() else v


def year_end(programme: Programme, year: int) -> YearEnd | None:
    """The figures of plan `year` at year end (see the module), or None when there are none."""
    nxt = programme.years.get(year + 1)
    entry = None
    if nxt is not None and nxt.s2 is not None:
        entry = next((e for e in nxt.s2.earlier_years if e.year == year), None)
    y = programme.years.get(year)
    followup = y.followup if y is not None else None
    if entry is None and followup is None:
        return None
    tiltak: dict[str, TiltakEnd] = {}
    if entry is not None:
        for t in entry.tiltak:
            spent = followup.tiltak[t.id].spent if followup and t.id in followup.tiltak else None
            tiltak[t.id] = TiltakEnd(t.id, _status(t.status), t.result, t.jobs, spent)
        if followup is not None:  # tiltak the results leave out, with their follow-up
            for tid, f in followup.tiltak.items():
                if tid not in tiltak:
                    tiltak[tid] = TiltakEnd(tid, _status(f.status), None, f.jobs, f.spent)
        review = entry.status_review
        return YearEnd(
            year=year, source=FROM_RESULTS, results_year=year + 1,
            as_of=followup.as_of if followup else None,
            goals={k: _value(v) for k, v in entry.goal_results.items()},
            spent_per_source=dict(entry.spent) if entry.spent else None,
            tiltak=tiltak,
            review=None if review is None else Review(review.date, tuple(review.improvements),
                                                      review.comment),
            comment=entry.comment)
    assert followup is not None
    for tid, f in followup.tiltak.items():
        tiltak[tid] = TiltakEnd(tid, _status(f.status), f.comment, f.jobs, f.spent)
    return YearEnd(year=year, source=FROM_FOLLOW_UP, results_year=None, as_of=followup.as_of,
                   goals={k: _value(v) for k, v in followup.indicators.items()},
                   tiltak=tiltak, comment=followup.comment)


def _status(value) -> str | None:
    return None if value is None else str(getattr(value, "value", value))


def measured(programme: Programme, last: int) -> dict[str, list[tuple[int, int | float]]]:
    """Per goal id, the value measured at the end of each plan year up to `last` (year-end
    figures as `year_end` picks them), oldest first."""
    plan = programme.plan
    out: dict[str, list[tuple[int, int | float]]] = {}
    if plan is None:
        return out
    for year in plan.period.years:
        if year > last:
            break
        end = year_end(programme, year)
        if end is None:
            continue
        for goal_id, value in end.goals.items():
            out.setdefault(goal_id, []).append((year, value))
    return out
