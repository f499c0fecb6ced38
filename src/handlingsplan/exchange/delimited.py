"""One table as CSV in the dialect Norwegian Excel opens correctly with a double-click: UTF-8
with a byte order mark, `;` between fields, CRLF line ends, a decimal comma where a number has
decimals, dates as dd.mm.åååå. One header row and one row per item, nothing else (no title, no
sum row)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from handlingsplan.exchange.tables import Table

BOM = "\ufeff"
_FORMULA = ("=", "+", "-", "@")  # Excel would compute a field that starts with these
_LEADING = ("\t", "\r", "\n")  # OWASP: tab and carriage return too (and a line feed)


def write(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([c.header for c in table.columns])
    for row in table.rows:
        writer.writerow([field(value) for value in row])
    return (BOM + out.getvalue()).encode("utf-8")


def field(value: object) -> str:
    """A cell as CSV text: whole numbers as digits (no thousands separator, so Excel reads a
    number), decimals with a comma, dates as 20.01.2027, text as it is (but never as a
    formula: a leading = + - @, tab, carriage return or line feed gets an apostrophe in
    front, as OWASP advises against CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal | float):
        return f"{value}".replace(".", ",")
    if isinstance(value, dt.date):
        return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"
    text = str(value)
    if text.startswith(_LEADING) or text.lstrip(" \t\r\n").startswith(_FORMULA):
        return "'" + text
    return text
