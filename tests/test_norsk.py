"""Norwegian forms of numbers, amounts, percentages and dates."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from handlingsplan import norsk

NB = "\u00a0"


@pytest.mark.parametrize(("value", "decimals", "expected"), [
    (1250000, 1, f"1{NB}250{NB}000"),
    (2.5, 1, "2,5"),
    (100.4, 0, "100"),  # rounding to whole numbers keeps the zeros of the number itself
    (1000.0, 1, f"1{NB}000"),
    (Fraction(151, 2), 1, "75,5"),
    (Fraction(75), 1, "75"),
    (12345.678, 2, f"12{NB}345,68"),
    (-3, 1, "\u22123"),
])
def test_number(value, decimals, expected):
    assert norsk.number(value, decimals) == expected


def test_amount_percent_and_date():
    assert norsk.amount(1250000) == f"1{NB}250{NB}000{NB}kr"
    assert norsk.amount(4050000, sep=" ") == "4 050 000 kr"
    assert norsk.percent(Fraction(7499, 100), decimals=2, sep=" ") == "74,99 %"
    from handlingsplan.figures.shares import share, shares

    assert share(3, 4) == 75 and share(1, 0) is None
    assert shares([1, 1, 1]) == [Fraction(334, 10), Fraction(333, 10), Fraction(333, 10)]
    assert norsk.date(dt.date(2027, 10, 12)) == "12. oktober 2027"
    assert norsk.month(2027, 3) == "mars 2027"
    assert norsk.plural(1, "advarsel", "advarsler") == "1 advarsel"
    assert norsk.plural(2, "advarsel", "advarsler") == "2 advarsler"
