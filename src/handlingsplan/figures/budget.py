"""A year's budget as a matrix: cost posts (administration, communication, each innsatsområde,
other posts) × financing sources, with totals.

Section 4 gives the posts and the sources; section 3 gives how each tiltak is financed. So the
innsatsområder's rows hold their tiltak's financing exactly. What the tiltak do not take of a
source (its remainder) finances the rest: administration, communication, the part of an
innsatsområde's frame not yet given to a tiltak, and other posts, each in proportion to what
is left of every source. That is the one assumption; the document says so. The rows are
allocated in order, each rounded to whole kroner by the largest remainder, and the last row
takes what is left, so every row and every column adds up exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from handlingsplan.loader.programme import Programme

ADMINISTRATION, COMMUNICATION, AREA, OTHER = "administrasjon", "kommunikasjon", "område", \
    "annet"


@dataclass(frozen=True)
class Row:
    kind: str  # ADMINISTRATION | COMMUNICATION | AREA | OTHER
    id: str | None  # the innsatsområde's id
    name: str | None  # the innsatsområde's or the other post's name
    cells: list[int]  # per source, in the order of Matrix.sources
    from_tiltak: list[int]  # the part of the cells that the tiltak's financing gives

    @property
    def total(self) -> int:
        return sum(self.cells)


@dataclass(frozen=True)
class Matrix:
    sources: list[tuple[str, str]]  # (id, name)
    rows: list[Row]

    @property
    def totals(self) -> list[int]:
        return [sum(r.cells[i] for r in self.rows) for i in range(len(self.sources))]

    @property
    def total(self) -> int:
        return sum(r.total for r in self.rows)


def _split(amount: int, weights: list[int]) -> list[int]:
    """`amount` in whole kroner in proportion to `weights` (largest remainder)."""
    whole = sum(weights)
    exact = [Fraction(amount * w, whole) for w in weights]
    parts = [int(e) for e in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:amount - sum(parts)]:
        parts[i] += 1
    return parts


def matrix(programme: Programme, year: int) -> Matrix | None:
    """The matrix, or None when it cannot add up: costs ≠ financing (HP301), tiltak that cost
    more than their innsatsområde's frame (HP302) or that use more of a source than section 4
    has of it, or a plan that could not be read."""
    plan = programme.plan
    y = programme.years.get(year)
    if plan is None or y is None or y.s3 is None or y.s4 is None:
        return None
    s3, s4 = y.s3, y.s4
    if s4.costs.total != s4.financing_total:
        return None
    known = [s.id for s in plan.financing.sources]
    source_ids = [i for i in known if i in s4.financing]
    source_ids += [i for i in s4.financing if i not in source_ids]
    index = {sid: n for n, sid in enumerate(source_ids)}
    names = {s.id: s.name for s in plan.financing.sources}

    by_area: dict[str, list[int]] = {}
    for t in s3.tiltak:
        cells = by_area.setdefault(t.area, [0] * len(source_ids))
        for sid, amount in t.financing.items():
            if sid not in index:
                return None
            cells[index[sid]] += amount
    left = [s4.financing[sid] - sum(c[i] for c in by_area.values())
            for i, sid in enumerate(source_ids)]
    if any(v < 0 for v in left):
        return None

    area_ids = [a.id for a in plan.focus_areas if a.id in s4.costs.areas]
    area_ids += [a for a in s4.costs.areas if a not in area_ids]
    if any(a not in s4.costs.areas for a in by_area):
        return None
    planned: list[tuple[str, str | None, str | None, int, list[int]]] = [
        (ADMINISTRATION, None, None, s4.costs.administration, [0] * len(source_ids)),
        (COMMUNICATION, None, None, s4.costs.communication, [0] * len(source_ids))]
    for aid in area_ids:
        given = by_area.get(aid, [0] * len(source_ids))
        rest = s4.costs.areas[aid] - sum(given)
        if rest < 0:
            return None
        area = plan.area(aid)
        planned.append((AREA, aid, area.name if area else aid, rest, given))
    planned += [(OTHER, None, o.name, o.amount, [0] * len(source_ids)) for o in s4.costs.other]

    rows = []
    for n, (kind, rid, name, rest, given) in enumerate(planned):
        if n == len(planned) - 1:
            extra = left[:]
        elif rest and sum(left):
            extra = _split(rest, left)
        else:
            extra = [0] * len(source_ids)
        left = [a - b for a, b in zip(left, extra, strict=True)]
        rows.append(Row(kind, rid, name, [g + e for g, e in zip(given, extra, strict=True)],
                        given))
    if any(v != 0 for v in left):
        return None
    return Matrix([(sid, names.get(sid, sid)) for sid in source_ids], rows)
