"""What changed from last year's plan to this year's: tiltak new, continued and ended, and
the money per innsatsområde and per source. Computed only when last year's plan is there."""

from __future__ import annotations

from dataclasses import dataclass

from handlingsplan.loader.programme import Programme
from handlingsplan.schema.year import Tiltak


@dataclass(frozen=True)
class Line:
    """An amount last year and this year (0 where there was none)."""

    id: str
    name: str
    before: int
    after: int

    @property
    def change(self) -> int:
        return self.after - self.before


@dataclass(frozen=True)
class Changes:
    previous: int
    new: list[Tiltak]
    continued: list[tuple[Tiltak, Tiltak]]  # (last year's, this year's)
    ended: list[Tiltak]
    areas: list[Line]  # the year's frame per innsatsområde (section 4)
    sources: list[Line]  # financing per source (section 4)
    total: Line


def since_last_year(programme: Programme, year: int) -> Changes | None:
    """None when last year's sections 3 and 4, or this year's, cannot be read."""
    plan = programme.plan
    this, last = programme.years.get(year), programme.years.get(year - 1)
    if plan is None or this is None or last is None:
        return None
    if None in (this.s3, this.s4, last.s3, last.s4):
        return None
    assert this.s3 and this.s4 and last.s3 and last.s4
    before = {t.id: t for t in last.s3.tiltak}
    after = {t.id: t for t in this.s3.tiltak}
    new = [t for t in this.s3.tiltak if t.id not in before]
    continued = [(before[t.id], t) for t in this.s3.tiltak if t.id in before]
    ended = [t for t in last.s3.tiltak if t.id not in after]

    def lines(old: dict[str, int], now: dict[str, int], known: list[tuple[str, str]]
              ) -> list[Line]:
        ids = [i for i, _ in known if i in old or i in now]
        ids += [i for i in (*old, *now) if i not in ids]
        names = dict(known)
        return [Line(i, names.get(i, i), old.get(i, 0), now.get(i, 0))
                for i in dict.fromkeys(ids)]

    areas = lines(last.s4.costs.areas, this.s4.costs.areas,
                  [(a.id, a.name) for a in plan.focus_areas])
    sources = lines(last.s4.financing, this.s4.financing,
                    [(s.id, s.name) for s in plan.financing.sources])
    total = Line("", "", last.s4.costs.total, this.s4.costs.total)
    return Changes(year - 1, new, continued, ended, areas, sources, total)
