"""Goals through the year: where a goal stood when the year began, and what the year's tiltak
are expected to add to it (their `bidrag`). HP406 and the document's red thread both use this.

The value at the end of the previous year is, in this order (FORMAT.md §7.4, HP406): the
previous year's `måloppnåelse` in this year's section 2; the previous year's follow-up
(`oppfolging.yaml` indicators); the goal's `utgangsverdi`. Never this year's follow-up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from handlingsplan.loader.programme import Programme
from handlingsplan.schema.programme import Goal

RESULTS, FOLLOW_UP, BASELINE, NONE = "resultater", "oppfølging", "utgangsverdi", "ingen"


def exact(value: int | float) -> Fraction:
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


@dataclass(frozen=True)
class Start:
    """A goal's value at the end of the previous year, and where it comes from (NONE: no
    baseline either, counted as 0)."""

    value: Fraction
    source: str
    year: int


def start_of_year(programme: Programme, year: int, goal: Goal) -> Start:
    previous = year - 1
    this = programme.years.get(year)
    if this is not None and this.s2 is not None:
        for earlier in this.s2.earlier_years:
            if earlier.year == previous and goal.id in earlier.goal_results:
                return Start(exact(earlier.goal_results[goal.id]), RESULTS, previous)
    before = programme.years.get(previous)
    if before is not None and before.followup is not None \
            and goal.id in before.followup.indicators:
        return Start(exact(before.followup.indicators[goal.id]), FOLLOW_UP, previous)
    if goal.baseline is not None:
        return Start(exact(goal.baseline), BASELINE, previous)
    return Start(Fraction(0), NONE, previous)


@dataclass
class Contribution:
    """What the year's tiltak are expected to add to one goal."""

    goal: Goal
    start: Start
    target: Fraction | None  # this year's årsmål (section 1), else the plan's måltall
    parts: list[tuple[str, Fraction]] = field(default_factory=list)  # (tiltak id, bidrag)

    @property
    def total(self) -> Fraction:
        return sum((v for _, v in self.parts), Fraction(0))

    @property
    def expected(self) -> Fraction:
        """Where the goal should stand at the end of the year if every tiltak delivers."""
        return self.start.value + self.total

    @property
    def shortfall(self) -> Fraction | None:
        """How much the contributions fall short of the target (None: no target, or none)."""
        if self.target is None or self.expected >= self.target:
            return None
        return self.target - self.expected


def contributions(programme: Programme, year: int) -> list[Contribution]:
    """One entry per goal that at least one of the year's tiltak gives a `bidrag`, in the
    omstillingsplan's order of goals (unknown goal ids are left out: HP202)."""
    plan = programme.plan
    y = programme.years.get(year)
    if plan is None or y is None or y.s3 is None:
        return []
    found: dict[str, list[tuple[str, Fraction]]] = {}
    for t in y.s3.tiltak:
        for goal_id, value in t.contributions.items():
            found.setdefault(goal_id, []).append((t.id, exact(value)))
    out = []
    for goal in plan.goals():
        if goal.id not in found:
            continue
        target = y.s1.year_targets.get(goal.id) if y.s1 is not None else None
        if target is None:
            target = goal.targets.get(year)
        out.append(Contribution(goal, start_of_year(programme, year, goal),
                                None if target is None else exact(target), found[goal.id]))
    return out
