"""Exact percentages (fractions.Fraction), and shares of one whole by the largest remainder
method, so that a column of shares adds up to exactly 100 % as printed."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction


def _exact(value: int | float | Fraction) -> Fraction:
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


def share(part: int | float | Fraction | None, whole: int | float | Fraction | None,
          ) -> Fraction | None:
    """part / whole as an exact percentage; None when either is missing or the whole is 0."""
    if part is None or not whole:
        return None
    return _exact(part) * 100 / _exact(whole)


def shares(parts: Sequence[int], decimals: int = 1) -> list[Fraction | None]:
    """Each part as a percentage of their sum, rounded to `decimals` so that the rounded
    shares add up to exactly 100 (largest remainder: the parts that lost most in rounding
    down get the missing units). None for every part when the sum is 0; negative parts are
    not shares of a whole (None for all)."""
    whole = sum(parts)
    if not whole or any(p < 0 for p in parts):
        return [None] * len(parts)
    unit = Fraction(1, 10**decimals)
    exact = [Fraction(p * 100, whole) for p in parts]
    floors = [(e // unit) * unit for e in exact]
    missing = int((100 - sum(floors)) / unit)
    order = sorted(range(len(parts)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:missing]:
        floors[i] += unit
    out: list[Fraction | None] = list(floors)
    return out
