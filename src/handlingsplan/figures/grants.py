"""Grants (tilsagn.yaml) as figures: pools, what is granted and paid, and the de minimis room.

Computed once here for the rules (HP902, HP904), `hp status`, `hp calendar` and the document.

- A grant's *net* is `beløp − trukket_tilbake`; what it has *paid* is the sum of its
  `utbetalinger` (up to a day, when one is given).
- A *pool* is a tiltak that some tilsagn names. Within a year folder, a pool's grants are
  counted against that tiltak's `budsjett` in the same year (HP902).
- De minimis (FORMAT.md §7.4, HP904): for a `bagatellstøtte` grant G, the aid counted is the
  net of every `bagatellstøtte` grant in the programme to the same organisation number (compared
  without spaces) decided in the window (G's date − 3 years, G's date], plus G's own
  `annen_bagatellstøtte`. «G's date − 3 years» is the same day and month three years earlier;
  29 February becomes 28 February. The ceiling is `bagatell_tak_eur × eurokurs` kroner, exact;
  since amounts are whole kroner, a total passes when it is at most the ceiling rounded down to
  the krone. Euros in messages are kroner ÷ eurokurs, rounded to the nearest cent (half up).
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from handlingsplan.schema.grants import AidForm, Grant

if TYPE_CHECKING:
    from handlingsplan.config import Config
    from handlingsplan.loader.programme import Programme

_SPACE = re.compile(r"\s+")


def orgnr_key(orgnr: str) -> str:
    """An organisation number as compared: without spaces (also non-breaking ones)."""
    return _SPACE.sub("", orgnr)


def orgnr_shown(orgnr: str) -> str:
    """'924817356' → '924 817 356' (as written when it is not nine digits)."""
    key = orgnr_key(orgnr)
    return f"{key[:3]} {key[3:6]} {key[6:]}" if len(key) == 9 and key.isdigit() else orgnr


def paid(grant: Grant, day: dt.date | None = None) -> int:
    """What the grant has paid out (up to and including `day`, when given)."""
    return sum(p.amount for p in grant.payments if day is None or p.date <= day)


@dataclass(frozen=True)
class Placed:
    """A grant with the year folder it is in and its index in that file's list."""

    year: int
    index: int
    grant: Grant


def placed(programme: Programme) -> list[Placed]:
    """Every grant that loaded, by year folder (oldest first) and file order."""
    out: list[Placed] = []
    for year in sorted(programme.years):
        grants = programme.years[year].grants
        if grants is not None:
            out.extend(Placed(year, i, g) for i, g in enumerate(grants.grants))
    return out


def pool_ids(programme: Programme) -> set[str]:
    """The ids of the tiltak that some tilsagn names, in any year."""
    return {p.grant.tiltak for p in placed(programme)}


# --- pools -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pool:
    """A tiltak of a year that the year's grants are given from."""

    year: int
    tiltak: str
    name: str | None  # None: the tiltak is not in the year's plan (HP901)
    budget: int | None
    count: int
    granted: int  # Σ beløp
    withdrawn: int  # Σ trukket_tilbake
    paid: int  # Σ utbetalinger (up to the day asked about)

    @property
    def net(self) -> int:
        return self.granted - self.withdrawn

    @property
    def free(self) -> int | None:
        """What can still be granted from the pool (negative: granted too much, HP902)."""
        return None if self.budget is None else self.budget - self.net


def pools(programme: Programme, year: int, day: dt.date | None = None) -> list[Pool]:
    """The pools of plan `year`: its tiltak named by its own grants, in the plan's order
    (tiltak the plan does not have last). With `day`, as they stood that day: grants decided
    after it, and payments after it, do not count yet."""
    y = programme.years.get(year)
    if y is None or y.grants is None:
        return []
    by_tiltak: dict[str, list[Grant]] = defaultdict(list)
    for g in y.grants.grants:
        if day is None or g.decision.date <= day:
            by_tiltak[g.tiltak].append(g)
    planned = {t.id: t for t in y.s3.tiltak} if y.s3 is not None else {}
    order = [t for t in planned if t in by_tiltak] + [t for t in by_tiltak if t not in planned]
    out = []
    for tiltak_id in order:
        grants = by_tiltak[tiltak_id]
        t = planned.get(tiltak_id)
        out.append(Pool(year, tiltak_id, t.name if t else None, t.budget if t else None,
                        len(grants), sum(g.amount for g in grants),
                        sum(g.withdrawn for g in grants), sum(paid(g, day) for g in grants)))
    return out


@dataclass(frozen=True)
class YearTotals:
    """The grants decided in one year folder, summed (for section 2 of a later plan)."""

    year: int
    count: int
    granted: int
    withdrawn: int
    paid: int

    @property
    def net(self) -> int:
        return self.granted - self.withdrawn


def year_totals(programme: Programme, year: int) -> YearTotals | None:
    y = programme.years.get(year)
    if y is None or y.grants is None or not y.grants.grants:
        return None
    grants = y.grants.grants
    return YearTotals(year, len(grants), sum(g.amount for g in grants),
                      sum(g.withdrawn for g in grants), sum(paid(g) for g in grants))


# --- open grants and their deadlines -----------------------------------------------------------


@dataclass(frozen=True)
class GrantFigures:
    year: int  # the folder: the year it was decided
    id: str
    tiltak: str
    recipient: str
    orgnr: str
    decided: dt.date
    amount: int
    withdrawn: int
    paid: int  # up to the day
    deadline: dt.date | None
    aid_form: AidForm

    @property
    def net(self) -> int:
        return self.amount - self.withdrawn

    @property
    def unpaid(self) -> int:
        return max(self.net - self.paid, 0)

    def overdue(self, day: dt.date) -> bool:
        """The deadline has passed with money unpaid: for the board (withdraw or extend)."""
        return self.deadline is not None and self.deadline < day and self.unpaid > 0


def figures(p: Placed, day: dt.date | None = None) -> GrantFigures:
    g = p.grant
    return GrantFigures(p.year, g.id, g.tiltak, g.recipient.name, orgnr_shown(g.recipient.orgnr),
                        g.decision.date, g.amount, g.withdrawn, paid(g, day), g.deadline,
                        g.aid_form)


def grants_for_year(programme: Programme, year: int, day: dt.date) -> list[GrantFigures]:
    """The grants that matter for plan `year` on `day`: those decided in its folder, and those
    of earlier folders with money still unpaid; by decision date."""
    out = []
    for p in placed(programme):
        if p.year > year or p.grant.decision.date > day:
            continue
        f = figures(p, day)
        if p.year == year or f.unpaid > 0:
            out.append(f)
    return sorted(out, key=lambda f: (f.decided, f.year, f.id))


def open_deadlines(programme: Programme, first: dt.date, last: dt.date,
                   day: dt.date | None = None) -> list[GrantFigures]:
    """Grants with a deadline in [first, last] and money unpaid (on `day`), by deadline."""
    out = [f for p in placed(programme) if p.grant.deadline is not None
           and first <= p.grant.deadline <= last and (f := figures(p, day)).unpaid > 0]
    return sorted(out, key=lambda f: (f.deadline or first, f.id))


# --- de minimis --------------------------------------------------------------------------------


def ceiling(config: Config) -> int:
    """The de minimis ceiling in whole kroner: bagatell_tak_eur × eurokurs, rounded down (a
    total of whole kroner is within the exact ceiling exactly when it is within this)."""
    return math.floor(Fraction(config.de_minimis_eur) * Fraction(config.eur_rate))


def euros(kroner: int, rate: Decimal) -> Fraction:
    """Kroner in euros, exact."""
    return Fraction(kroner) / Fraction(rate)


def euro_text(kroner: int, rate: Decimal, sep: str = " ") -> str:
    """'300 000,09 euro': kroner ÷ rate rounded to the nearest cent, half up; whole euros
    without decimals."""
    cents = math.floor(euros(kroner, rate) * 100 + Fraction(1, 2))
    whole, rest = divmod(cents, 100)
    text = f"{whole:,}".replace(",", sep)
    return f"{text},{rest:02d} euro" if rest else f"{text} euro"


def three_years_before(day: dt.date) -> dt.date:
    """The same day three years earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - 3)
    except ValueError:
        return day.replace(year=day.year - 3, day=28)


@dataclass(frozen=True)
class DeMinimis:
    """The de minimis aid counted for one undertaking in a window (after, until]."""

    orgnr: str  # shown form
    name: str
    after: dt.date  # exclusive
    until: dt.date  # inclusive
    ours: int  # Σ net of the programme's bagatellstøtte grants in the window
    declared: int  # annen_bagatellstøtte from the recipient's declaration
    ceiling: int
    grants: tuple[str, ...]  # the ids counted

    @property
    def total(self) -> int:
        return self.ours + self.declared

    @property
    def room(self) -> int:
        return self.ceiling - self.total

    @property
    def over(self) -> bool:
        return self.total > self.ceiling


class _Undertaking:
    """One organisation number's bagatellstøtte grants, by decision date, with prefix sums."""

    def __init__(self, grants: list[Placed]):
        self.grants = sorted(grants, key=lambda p: (p.grant.decision.date, p.year, p.index))
        self.dates = [p.grant.decision.date for p in self.grants]
        self.prefix = [0]
        for p in self.grants:
            self.prefix.append(self.prefix[-1] + p.grant.net)

    def window(self, until: dt.date) -> tuple[dt.date, int, int]:
        after = three_years_before(until)
        lo = bisect.bisect_right(self.dates, after)
        hi = bisect.bisect_right(self.dates, until)
        return after, lo, hi


def _undertakings(grants: Iterable[Placed]) -> dict[str, _Undertaking]:
    by_org: dict[str, list[Placed]] = defaultdict(list)
    for p in grants:
        if p.grant.aid_form is AidForm.DE_MINIMIS:
            by_org[orgnr_key(p.grant.recipient.orgnr)].append(p)
    return {org: _Undertaking(found) for org, found in by_org.items()}


def de_minimis_per_grant(programme: Programme) -> Iterator[tuple[Placed, DeMinimis]]:
    """For every bagatellstøtte grant G: the aid counted at G's decision (HP904)."""
    top = ceiling(programme.config)
    for u in _undertakings(placed(programme)).values():
        for p in u.grants:
            g = p.grant
            after, lo, hi = u.window(g.decision.date)
            yield p, DeMinimis(orgnr_shown(g.recipient.orgnr), g.recipient.name, after,
                               g.decision.date, u.prefix[hi] - u.prefix[lo],
                               g.other_de_minimis, top,
                               tuple(x.grant.id for x in u.grants[lo:hi]))


def de_minimis_on(programme: Programme, day: dt.date) -> list[DeMinimis]:
    """Per undertaking with a bagatellstøtte grant in the window (day − 3 years, day]: the aid
    counted and the room left, with the declared aid of its latest grant; by organisation
    number."""
    top = ceiling(programme.config)
    out = []
    for org, u in sorted(_undertakings(placed(programme)).items()):
        after, lo, hi = u.window(day)
        if lo == hi:
            continue
        latest = u.grants[hi - 1].grant
        out.append(DeMinimis(orgnr_shown(org), latest.recipient.name, after, day,
                             u.prefix[hi] - u.prefix[lo], latest.other_de_minimis, top,
                             tuple(x.grant.id for x in u.grants[lo:hi])))
    return out
