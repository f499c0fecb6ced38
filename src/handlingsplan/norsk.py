"""Norwegian forms of numbers, amounts, percentages and dates, for terminal and document.

Amounts: "1 250 000 kr" with non-breaking spaces; dates "12. oktober 2027"; months in lower
case. Month names are the same in bokmål and nynorsk.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

NBSP = "\u00a0"
MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
          "oktober", "november", "desember")


def number(value: int | float | Fraction, decimals: int = 1, sep: str = NBSP) -> str:
    """12345 → '12 345'; 2.5 → '2,5'; thousands separated by (non-breaking) spaces."""
    if isinstance(value, Fraction) and value.denominator == 1:
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        text = f"{value:,}".replace(",", sep)
    else:
        text = f"{float(value):,.{decimals}f}"
        if "." in text:  # 2.50 → 2.5, 3.00 → 3; never strip the zeros of 100
            text = text.rstrip("0").rstrip(".")
        text = text.replace(",", "\0").replace(".", ",").replace("\0", sep)
    return text.replace("-", "\u2212") if text.startswith("-") else text


def decimal(value: Decimal, sep: str = NBSP) -> str:
    """An exact decimal as written, never through a float: 11.5 → '11,5', 300000 →
    '300 000', 11.4321 → '11,4321'."""
    whole, _, rest = f"{abs(value).normalize():f}".partition(".")
    text = number(int(whole), sep=sep) + (f",{rest}" if rest else "")
    return "\u2212" + text if value < 0 else text


def amount(value: int, sep: str = NBSP) -> str:
    """1250000 → '1 250 000 kr' (non-breaking spaces)."""
    return f"{number(value, sep=sep)}{sep}kr"


def percent(value: int | float | Fraction, decimals: int = 1, sep: str = NBSP) -> str:
    """75 → '75 %'; Fraction(151, 2) → '75,5 %' (Norwegian puts a space before %)."""
    return f"{number(value, decimals, sep=sep)}{sep}%"


def date(value: dt.date) -> str:
    """2027-10-12 → '12. oktober 2027'."""
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


def month(year: int, month_no: int) -> str:
    """(2027, 3) → 'mars 2027'."""
    return f"{MONTHS[month_no - 1]} {year}"


def plural(n: int, one: str, many: str) -> str:
    """'1 tiltak', '2 advarsler': the count and the right form."""
    return f"{number(n)} {one if n == 1 else many}"
