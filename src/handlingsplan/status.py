"""Progress of a plan year during the year: the figures behind `hp status`.

A pure computation over a loaded programme: money in whole kroner, shares as exact
`Fraction`s (percent, 0–100), the day as a parameter. Formatting lives in output/status.py.

- tiltak: status (from oppfolging.yaml), budget, spent, share of the budget spent against the
  share of the year gone, milestones passed while the tiltak is not done, jobs reported;
- innsatsområder and in total: the year's frame (section 4), allocated to tiltak (section 3),
  spent (oppfolging.yaml);
- goals: measured (oppfolging.yaml `indikatorer`) against this year's target (section 1's
  `årsmål`, else the omstillingsplan's `måltall` for the year) and the period's (the final
  year's `måltall`), as progress from the baseline;
- grants (tilsagn.yaml): the year's pools (budget, granted, paid, free to grant), the grants
  with their deadlines, and the de minimis aid per organisation number with the room left under
  the ceiling. For a pool tiltak the spending that counts is what its grants have paid out (up
  to the day), not the follow-up's `forbruk`;
- attention: what the board should look at (delayed, overspent, not started late in the year,
  past its end and not done, a tiltak missing from the follow-up, an old follow-up, a grant
  whose deadline has passed with money unpaid).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from handlingsplan import norsk
from handlingsplan.errors import HpError
from handlingsplan.figures import grants as grant_figures
from handlingsplan.figures.grants import DeMinimis, GrantFigures, Pool
from handlingsplan.figures.shares import share
from handlingsplan.schema.types import TiltakStatus

if TYPE_CHECKING:
    from handlingsplan.loader.programme import Programme
    from handlingsplan.schema.programme import Goal

# "Late in the year" for a tiltak that has not started: half the year gone.
NOT_STARTED_LATE = Fraction(50)
# A follow-up older than this (against the day asked about) is flagged.
STALE_FOLLOW_UP_DAYS = 60

FINISHED = (TiltakStatus.DONE, TiltakStatus.CANCELLED)

STATUS_TEXT = {
    TiltakStatus.NOT_STARTED: "ikke startet",
    TiltakStatus.ONGOING: "pågår",
    TiltakStatus.DONE: "fullført",
    TiltakStatus.DELAYED: "forsinket",
    TiltakStatus.CANCELLED: "avbrutt",
}
NOT_IN_FOLLOW_UP = "mangler"  # oppfolging.yaml exists but does not mention the tiltak
NO_FOLLOW_UP = "–"  # there is no oppfolging.yaml


def status_text(status: TiltakStatus | None, has_followup: bool = True) -> str:
    if status is not None:
        return STATUS_TEXT[status]
    return NOT_IN_FOLLOW_UP if has_followup else NO_FOLLOW_UP


def year_share(day: dt.date, year: int) -> Fraction:
    """The share of `year` gone at the end of `day`, in percent (0–100): days elapsed / days
    in the year, clamped."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    days = (last - first).days + 1
    elapsed = min(max((day - first).days + 1, 0), days)
    return Fraction(elapsed * 100, days)


def _exact(value: int | float) -> Fraction:
    return Fraction(value) if isinstance(value, int) else Fraction(str(value))


@dataclass(frozen=True)
class Flag:
    """Something for the board's attention."""

    kind: str  # forsinket | overforbruk | ikke-startet | slutt-passert | uten-oppfolging |
    #            område-overforbruk | gammel-oppfolging | tilsagn-frist
    message: str  # Norwegian
    tiltak: str | None = None
    area: str | None = None


@dataclass(frozen=True)
class MilestoneDue:
    date: dt.date
    text: str


@dataclass(frozen=True)
class TiltakFigures:
    id: str
    name: str
    area: str
    status: TiltakStatus | None  # None: not in oppfolging.yaml (or no follow-up)
    budget: int
    spent: int
    spent_share: Fraction | None  # percent of the budget; None when the budget is 0
    start: dt.date | None
    end: dt.date | None
    milestones_due: tuple[MilestoneDue, ...]  # passed while the tiltak is not done
    jobs: int | None
    comment: str | None
    pool: Pool | None = None  # the tiltak is a pool: its grants of the year
    reported: int | None = None  # the follow-up's `forbruk` of a pool (spent is what was paid)

    @property
    def overspent(self) -> bool:
        return self.spent > self.budget


@dataclass(frozen=True)
class AreaFigures:
    id: str
    name: str
    frame: int  # this year's frame (section 4), 0 when the area has none
    allocated: int  # sum of the tiltak budgets
    spent: int
    period_frame: int | None  # the omstillingsplan's `ramme` for the whole period

    @property
    def unallocated(self) -> int:
        return self.frame - self.allocated

    @property
    def spent_share(self) -> Fraction | None:
        """Percent of what is allocated to tiltak."""
        return share(self.spent, self.allocated) if self.allocated else None


@dataclass(frozen=True)
class GoalFigures:
    id: str
    text: str
    unit: str | None
    area: str | None  # None for a hovedmål
    baseline: int | float | None
    measured: int | float | None
    year_target: int | float | None
    period_target: int | float | None
    period_end: int | None  # the year of the period target

    def _progress(self, target: int | float | None) -> Fraction | None:
        if self.measured is None or target is None:
            return None
        base = _exact(self.baseline) if self.baseline is not None else Fraction(0)
        span = _exact(target) - base
        if span == 0:
            return None
        return (_exact(self.measured) - base) * 100 / span

    @property
    def year_share(self) -> Fraction | None:
        """Progress from the baseline towards this year's target, percent."""
        return self._progress(self.year_target)

    @property
    def period_share(self) -> Fraction | None:
        return self._progress(self.period_target)

    @property
    def reached(self) -> bool | None:
        share = self.year_share
        return None if share is None else share >= 100


@dataclass
class Status:
    programme: str
    year: int
    date: dt.date
    start: int  # the programme period
    end: int
    year_share: Fraction  # percent of the year gone at `date`
    followup_as_of: dt.date | None  # None: no oppfolging.yaml
    budget_total: int | None  # the year's whole budget (section 4), admin included
    tiltak: list[TiltakFigures] = field(default_factory=list)
    areas: list[AreaFigures] = field(default_factory=list)
    goals: list[GoalFigures] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    pools: list[Pool] = field(default_factory=list)
    grants: list[GrantFigures] = field(default_factory=list)  # the year's and those still open
    de_minimis: list[DeMinimis] = field(default_factory=list)
    de_minimis_ceiling: int = 0  # kroner
    de_minimis_eur: Decimal = Decimal(0)
    eur_rate: Decimal = Decimal(0)

    @property
    def has_followup(self) -> bool:
        return self.followup_as_of is not None

    @property
    def frame(self) -> int:
        return sum(a.frame for a in self.areas)

    @property
    def allocated(self) -> int:
        return sum(t.budget for t in self.tiltak)

    @property
    def spent(self) -> int:
        return sum(t.spent for t in self.tiltak)

    @property
    def spent_share(self) -> Fraction | None:
        return share(self.spent, self.allocated) if self.allocated else None

    @property
    def jobs(self) -> int:
        return sum(t.jobs or 0 for t in self.tiltak)


def default_year(years, day: dt.date) -> int | None:
    """The plan year containing `day`, or else the newest (None when there is none)."""
    years = sorted(years)
    if not years:
        return None
    return day.year if day.year in years else years[-1]


_SEE = "Kjør «hp validate» for å se hva som mangler."


class NotComputable(HpError):
    """The year lacks what the status needs (a Norwegian message says what)."""

    code = 1


def compute(programme: Programme, year: int, day: dt.date) -> Status:
    """The status of plan `year` on `day`. The programme should validate without errors;
    a missing omstillingsplan, year or section 3/4 raises NotComputable."""
    plan = programme.plan
    if plan is None:
        raise NotComputable("omstillingsplan.yaml kan ikke leses.", _SEE)
    y = programme.years.get(year)
    if y is None:
        raise NotComputable(f"Programmet har ingen handlingsplan for {year}.", _SEE)
    missing = [name for name, model in (("3-strategier-og-tiltak.yaml", y.s3),
                                        ("4-ressursinnsats-og-finansiering.yaml", y.s4))
               if model is None]
    if missing:
        raise NotComputable(f"{year}/{' og '.join(missing)} mangler eller kan ikke leses.", _SEE)
    s3, s4, s1, fu = y.s3, y.s4, y.s1, y.followup
    assert s3 is not None and s4 is not None
    share_of_year = year_share(day, year)
    follow = fu.tiltak if fu else {}

    pools = grant_figures.pools(programme, year, day)
    pool_of = {p.tiltak: p for p in pools}
    tiltak: list[TiltakFigures] = []
    for t in s3.tiltak:
        f = follow.get(t.id)
        spent = f.spent if f else 0
        pool = pool_of.get(t.id)
        reported = None
        if pool is not None:  # a pool spends what its grants have paid out
            reported, spent = (f.spent if f else None), pool.paid
        status = f.status if f else None
        due = tuple(MilestoneDue(m.date, m.text or "") for m in t.milestones
                    if m.date is not None and m.date < day and status not in FINISHED)
        tiltak.append(TiltakFigures(
            id=t.id, name=t.name, area=t.area, status=status, budget=t.budget, spent=spent,
            spent_share=share(spent, t.budget) if t.budget else None,
            start=t.start, end=t.end, milestones_due=due, jobs=f.jobs if f else None,
            comment=f.comment if f else None, pool=pool, reported=reported))

    area_ids = [a.id for a in plan.focus_areas]
    area_ids += [a for a in s4.costs.areas if a not in area_ids]
    area_ids += [t.area for t in tiltak if t.area not in area_ids]
    areas = []
    for area_id in area_ids:
        mine = [t for t in tiltak if t.area == area_id]
        frame = s4.costs.areas.get(area_id, 0)
        if not mine and not frame:
            continue
        known = plan.area(area_id)
        areas.append(AreaFigures(
            id=area_id, name=known.name if known else area_id, frame=frame,
            allocated=sum(t.budget for t in mine), spent=sum(t.spent for t in mine),
            period_frame=known.frame if known else None))

    goals = [_goal(g, None, year, plan.period.end, s1, fu) for g in plan.main_goals]
    goals += [_goal(g, a.id, year, plan.period.end, s1, fu)
              for a in plan.focus_areas for g in a.goals]

    result = Status(
        programme=plan.programme, year=year, date=day, start=plan.period.start,
        end=plan.period.end, year_share=share_of_year,
        followup_as_of=fu.as_of if fu else None, budget_total=s4.costs.total,
        tiltak=tiltak, areas=areas, goals=goals, pools=pools,
        grants=grant_figures.grants_for_year(programme, year, day),
        de_minimis=grant_figures.de_minimis_on(programme, day),
        de_minimis_ceiling=grant_figures.ceiling(programme.config),
        de_minimis_eur=programme.config.de_minimis_eur, eur_rate=programme.config.eur_rate)
    result.flags = _flags(result, day)
    return result


def _goal(goal: Goal, area: str | None, year: int, end: int, s1, fu) -> GoalFigures:
    year_target = s1.year_targets.get(goal.id) if s1 else None
    if year_target is None:
        year_target = goal.targets.get(year)
    if end in goal.targets:
        period_end: int | None = end
    else:
        period_end = max(goal.targets) if goal.targets else None
    return GoalFigures(
        id=goal.id, text=goal.text, unit=goal.unit, area=area, baseline=goal.baseline,
        measured=fu.indicators.get(goal.id) if fu else None, year_target=year_target,
        period_target=goal.targets.get(period_end) if period_end else None,
        period_end=period_end)


def _flags(status: Status, day: dt.date) -> list[Flag]:
    out: list[Flag] = []
    for t in status.tiltak:
        label = f"{t.id} {t.name}"
        if t.status is TiltakStatus.DELAYED:
            out.append(Flag("forsinket", f"{label} er forsinket.", tiltak=t.id))
        if t.overspent:
            out.append(Flag("overforbruk",
                            f"{label} har brukt {norsk.amount(t.spent)} av et budsjett på "
                            f"{norsk.amount(t.budget)} ({norsk.amount(t.spent - t.budget)} "
                            "over).", tiltak=t.id))
        if (t.status is TiltakStatus.NOT_STARTED and status.year_share >= NOT_STARTED_LATE):
            out.append(Flag("ikke-startet",
                            f"{label} har ikke startet, og {norsk.percent(status.year_share)} "
                            "av året er gått.", tiltak=t.id))
        if (t.end is not None and t.end < day and status.has_followup
                and t.status not in FINISHED):
            out.append(Flag("slutt-passert",
                            f"{label} skulle vært ferdig {norsk.date(t.end)}, men har status "
                            f"«{status_text(t.status)}».", tiltak=t.id))
        if status.has_followup and t.status is None:
            out.append(Flag("uten-oppfolging",
                            f"{label} mangler i {status.year}/oppfolging.yaml.", tiltak=t.id))
    for a in status.areas:
        if a.frame and a.spent > a.frame:
            out.append(Flag("område-overforbruk",
                            f"Innsatsområdet {a.name} har brukt {norsk.amount(a.spent)}, mer "
                            f"enn årets ramme på {norsk.amount(a.frame)}.", area=a.id))
    for g in status.grants:
        if g.deadline is not None and g.overdue(day):
            out.append(Flag("tilsagn-frist",
                            f"Tilsagnet {g.id} til {g.recipient} hadde frist "
                            f"{norsk.date(g.deadline)}, men {norsk.amount(g.unpaid)} av "
                            f"{norsk.amount(g.net)} er ikke utbetalt: forleng fristen eller "
                            "trekk tilbake det som gjenstår.",
                            tiltak=g.tiltak if g.year == status.year else None))
    if status.followup_as_of is not None:
        age = (day - status.followup_as_of).days
        if age > STALE_FOLLOW_UP_DAYS and status.followup_as_of.year == status.year \
                and status.followup_as_of < dt.date(status.year, 12, 31):
            out.append(Flag("gammel-oppfolging",
                            f"Oppfølgingen er {age} dager gammel (per "
                            f"{norsk.date(status.followup_as_of)}): oppdater "
                            f"{status.year}/oppfolging.yaml."))
    return out
