"""Money for a new plan year, so that section 4 satisfies the money rules from the start.

- financing: the omstillingsplan's frames for the year, reduced only where the county's
  conditions demand it (county share at most `fylkeskommune_maks_prosent`, municipality share
  at least `kommune_min_prosent`);
- costs: carried over (or proposed) per post and made to add up to the financing: money left
  over goes to an "unallocated" post, a shortfall is taken from the innsatsområder first;
- each innsatsområde's frame stays within what is left of its `ramme` for the period.

All sums are whole kroner; percentages are exact Fractions, as in the rules.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from handlingsplan.schema.types import SourceType

ROUND = 10_000  # proposed amounts are rounded down to whole 10 000 kr


@dataclass(frozen=True)
class SourceFrame:
    id: str
    type: SourceType
    frame: int


def balanced_financing(frames: Iterable[SourceFrame], county_max: Fraction,
                       municipality_min: Fraction) -> dict[str, int]:
    """The most money the frames allow within the conditions, per source (in the given order).

    All municipal money is used (it is what the other shares are measured against); the
    county's money comes next, as much as its frame and its maximum share allow; other public
    and private money fills what the municipality's minimum share leaves room for. When other
    money is what keeps the county's share down, the county gets less.
    """
    frames = [f for f in frames if f.frame > 0]
    municipal = sum(f.frame for f in frames if f.type is SourceType.MUNICIPALITY)
    county_frame = sum(f.frame for f in frames if f.type is SourceType.COUNTY)
    other_frame = sum(f.frame for f in frames
                      if f.type not in (SourceType.COUNTY, SourceType.MUNICIPALITY))

    # municipality share ≥ min  <=>  county + other ≤ M (100 − min) / min
    room = (math.floor(municipal * (100 - municipality_min) / municipality_min)
            if municipality_min > 0 else county_frame + other_frame)
    room = min(room, county_frame + other_frame)
    # county share ≤ max  <=>  100 C ≤ max (M + C + O); at most the whole room is filled
    county = min(county_frame, room, math.floor(county_max * (municipal + room) / 100))
    other = min(other_frame, room - county)
    if county_max < 100 and 100 * county > county_max * (municipal + county + other):
        county = min(county, math.floor(county_max * (municipal + other) / (100 - county_max)))
        other = min(other_frame, room - county)

    out: dict[str, int] = {}
    left = {"county": int(county), "other": int(other)}
    for f in frames:
        if f.type is SourceType.MUNICIPALITY:
            out[f.id] = f.frame
            continue
        pool = "county" if f.type is SourceType.COUNTY else "other"
        take = min(f.frame, left[pool])
        left[pool] -= take
        out[f.id] = take
    return out


def within_conditions(financing: dict[str, int], types: dict[str, SourceType],
                      county_max: Fraction, municipality_min: Fraction) -> bool:
    """The county and municipality shares of `financing` are within the conditions."""
    total = sum(financing.values())
    if total == 0:
        return True
    county = sum(v for k, v in financing.items() if types.get(k) is SourceType.COUNTY)
    municipal = sum(v for k, v in financing.items() if types.get(k) is SourceType.MUNICIPALITY)
    return (Fraction(county * 100, total) <= county_max
            and Fraction(municipal * 100, total) >= municipality_min)


@dataclass
class Costs:
    """Section 4's cost posts as whole kroner, with what had to change to add up."""

    administration: int
    communication: int
    areas: dict[str, int]
    other: list[int] = field(default_factory=list)  # the "andre" posts, in order
    unallocated: int = 0  # a new post for money not yet given to any post
    reduced: dict[tuple, int] = field(default_factory=dict)  # post → its amount before

    @property
    def total(self) -> int:
        return (self.administration + self.communication + sum(self.areas.values())
                + sum(self.other) + self.unallocated)


def cap_areas(costs: Costs, caps: dict[str, int | None]) -> None:
    """Keep each innsatsområde's frame within what is left of its ramme (None: no ramme),
    rounded down to a round amount."""
    for area, amount in costs.areas.items():
        cap = caps.get(area)
        if cap is not None and amount > max(cap, 0):
            costs.reduced.setdefault(("area", area), amount)
            costs.areas[area] = round_down(max(cap, 0))


def fit(costs: Costs, target: int) -> None:
    """Make the costs add up to `target`: a surplus becomes the unallocated post; a shortfall is
    taken from the innsatsområder (in proportion to their frames, leaving round amounts; what
    the rounding frees becomes the unallocated post), then the other posts, communication and
    at last administration."""
    costs.unallocated = 0
    excess = costs.total - target
    if excess > 0:
        keys = [("area", k) for k in costs.areas]
        excess = _take_proportionally(costs, keys, excess)
        excess = _take_in_turn(costs, [("other", i) for i in reversed(range(len(costs.other)))],
                               excess)
        excess = _take_in_turn(costs, [("communication",), ("administration",)], excess)
        assert excess == 0, "costs cannot be brought down to the financing"
    costs.unallocated = target - costs.total
    assert costs.unallocated >= 0


def _get(costs: Costs, key: tuple) -> int:
    if key[0] == "area":
        return costs.areas[key[1]]
    if key[0] == "other":
        return costs.other[key[1]]
    return getattr(costs, key[0])


def _set(costs: Costs, key: tuple, value: int) -> None:
    costs.reduced.setdefault(key, _get(costs, key))
    if key[0] == "area":
        costs.areas[key[1]] = value
    elif key[0] == "other":
        costs.other[key[1]] = value
    else:
        setattr(costs, key[0], value)


def _take_proportionally(costs: Costs, keys: list[tuple], excess: int) -> int:
    amounts = {k: _get(costs, k) for k in keys if _get(costs, k) > 0}
    pool = sum(amounts.values())
    if pool == 0 or excess == 0:
        return excess
    if pool <= excess:
        for k in amounts:
            _set(costs, k, 0)
        return excess - pool
    cuts = {k: excess * a // pool for k, a in amounts.items()}
    left = excess - sum(cuts.values())
    # the remaining kroner go to the largest remainders (the largest posts first on ties)
    order = sorted(amounts, key=lambda k: (-(excess * amounts[k] % pool), -amounts[k]))
    for k in order[:left]:
        cuts[k] += 1
    for k, cut in cuts.items():
        if cut:
            _set(costs, k, round_down(amounts[k] - cut))
    return 0


def _take_in_turn(costs: Costs, keys: list[tuple], excess: int) -> int:
    for k in keys:
        if excess == 0:
            break
        amount = _get(costs, k)
        cut = min(amount, excess)
        if cut:
            _set(costs, k, amount - cut)
            excess -= cut
    return excess


def proposed_costs(total: int, areas: list[str], caps: dict[str, int | None],
                   admin_max: Fraction) -> Costs:
    """A first year's cost posts for a budget of `total`: about a quarter to administration
    (never above the warning level), a little to communication, the rest shared evenly between
    the innsatsområder within their caps, and what is left unallocated."""
    admin_share = min(Fraction(25), admin_max)
    administration = round_down(total * admin_share / 100)
    communication = round_down(Fraction(total, 40))  # 2.5 %
    rest = total - administration - communication
    share = round_down(Fraction(rest, len(areas))) if areas else 0
    amounts = {}
    for area in areas:
        cap = caps.get(area)
        amounts[area] = min(share, round_down(max(cap, 0))) if cap is not None else share
        amounts[area] = max(amounts[area], 0)
    costs = Costs(administration, communication, amounts)
    fit(costs, total)
    costs.reduced.clear()
    return costs


def round_down(value: Fraction | int) -> int:
    """Down to whole 10 000 kr (whole 1 000 kr below 100 000 kr)."""
    step = ROUND if value >= 10 * ROUND else ROUND // 10
    return math.floor(Fraction(value) / step) * step
