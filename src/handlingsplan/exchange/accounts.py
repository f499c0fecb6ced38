"""Accounts in: the rows of an accounting export (CSV as Norwegian accounting systems and
Excel write it), for `hp import regnskap` (FORMAT.md §7.3, §7.5). Pure: bytes in, postings
out; reading the file goes through `files/`, writing the follow-up is the command's.

What is read, and what is refused (AccountsProblem, with the row and the column):
- UTF-8 (with or without a BOM), else Windows-1252; the encoding found is named;
- `;` between fields; a file whose header is only found with `,` is refused, by name;
- the header row is found by the configured column names (`[regnskap]` in hp.toml), after any
  title lines and blank lines; a configured column the file lacks is named;
- amounts in Norwegian form: «1 234,50», «-1234,5», «−1 200», «(1 200,00)», «12.500,00»,
  «kr 1 200», «1 200 kr», «1.234.567»; an amount that could be read two ways («12.500») is
  refused, and so is «1,234.50»;
- dates as 20.01.2027 or 2027-01-20; a date that does not exist («31.02.2027») is refused;
- blank rows are skipped, and so is a sum row (a row whose first filled cell starts with the
  word «Sum», «Total», «Totalt» or «I alt»), so that it is never counted twice.
Amounts stay exact (Decimal) and are rounded to whole kroner only after summing.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from handlingsplan.errors import HpError

UTF8, CP1252 = "UTF-8", "Windows-1252"
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_SUM_ROW = re.compile(r"(?:sum|totalt?|i alt)\b", re.IGNORECASE)
_AMOUNT = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
_AMBIGUOUS = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")  # 12.500: twelve and a half, or 12 500?
_NORWEGIAN_DATE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


Cell = str | int | float | Decimal | dt.date | dt.datetime | None


class AccountsProblem(HpError):
    """The accounting export cannot be read: a Norwegian message naming the row and column."""


@dataclass(frozen=True)
class Posting:
    row: int  # the line in the file (1-based)
    project: str  # as written, without surrounding spaces ("" when the cell is empty)
    amount: Decimal
    date: dt.date | None


@dataclass(frozen=True)
class Export:
    name: str
    encoding: str  # UTF8 | CP1252
    header_row: int
    postings: list[Posting]
    skipped_sum_rows: list[int]


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The text and the name of its encoding: UTF-8 (a BOM is dropped), else Windows-1252."""
    if not data.strip():
        raise AccountsProblem(f"«{name}» er tom.", "Eksporter regnskapet på nytt, som CSV med "
                              "semikolon (eller som Excel-fil).")
    if data.startswith(b"PK\x03\x04"):
        raise AccountsProblem(f"«{name}» er en Excel-fil (eller en annen zip-fil), ikke CSV.",
                              "Lagre arket som «CSV UTF-8 (semikolondelt)» i Excel.")
    if b"\x00" in data[:4096]:
        raise AccountsProblem(f"«{name}» er ikke en tekstfil (CSV).",
                              "Eksporter regnskapet som CSV med semikolon.")
    try:
        return data.decode("utf-8-sig"), UTF8
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), CP1252


def _key(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def _rows(text: str, delimiter: str) -> list[tuple[int, list[Cell]]]:
    """The records with the file line each starts on."""
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter)
    out: list[tuple[int, list[Cell]]] = []
    line = 1
    for record in reader:
        out.append((line, list[Cell](record)))
        line = reader.line_num + 1
    return out


def _header(rows: list[tuple[int, list[Cell]]], wanted: list[str]) -> tuple[int, dict[str, int]]:
    """The index in `rows` of the header row and the column index per wanted name; the best
    partial match when none has them all (to name what is missing)."""
    best: tuple[int, dict[str, int]] = (-1, {})
    keys = {_key(w): w for w in wanted}
    for index, (_line, record) in enumerate(rows):
        found = {keys[_key(c)]: i for i, c in enumerate(record)
                 if isinstance(c, str) and _key(c) in keys}
        if len(found) == len(wanted):
            return index, found
        if len(found) > len(best[1]):
            best = (index, found)
    return best


def read_csv(data: bytes, name: str, project: str, amount: str, date: str | None = None
             ) -> Export:
    """The postings of a CSV accounting export with the configured column names."""
    text, encoding = decode(data, name)
    rows = _rows(text, ";")
    wanted = [project, amount] + ([date] if date else [])
    if len(_header(rows, wanted)[1]) < len(wanted) and \
            _header(_rows(text, ","), wanted)[1].keys() == set(wanted):
        raise AccountsProblem(f"«{name}» har komma mellom feltene; hp leser CSV med semikolon "
                              "(slik norsk Excel lagrer den).",
                              "Lagre filen som «CSV (semikolondelt)», eller velg semikolon "
                              "som skilletegn i eksporten.")
    return read_table(rows, name, encoding, project, amount, date)


def read_table(rows: list[tuple[int, list[Cell]]], name: str, encoding: str, project: str,
               amount: str, date: str | None = None, *, columns_named: bool = False
               ) -> Export:
    """The postings of the rows of an export (CSV text cells, or a sheet's typed cells: numbers
    and dates), each with its row number in the file. With `columns_named`, messages name the
    column by its letter as well (a sheet)."""
    wanted = [project, amount] + ([date] if date else [])
    index, columns = _header(rows, wanted)
    if len(columns) < len(wanted):
        missing = [w for w in wanted if w not in columns]
        listed = " og ".join(f"«{m}»" for m in missing)
        raise AccountsProblem(f"«{name}» ({encoding}) har ingen kolonne {listed}.",
                              "Kolonnenavnene står under [regnskap] i hp.toml (prosjekt, belop, "
                              "dato); skriv dem slik de står i overskriftsraden i filen.")
    header_line = rows[index][0]
    postings: list[Posting] = []
    sums: list[int] = []
    i_project, i_amount = columns[project], columns[amount]
    i_date = columns[date] if date else -1

    def label(column: str) -> str:
        if not columns_named:
            return f"kolonne «{column}»"
        return f"kolonne {_letter(columns[column])} («{column}»)"

    for line, record in rows[index + 1:]:
        first = next((c for c in record if c is not None and (not isinstance(c, str)
                                                              or c.strip())), None)
        if first is None:
            continue
        if isinstance(first, str) and _SUM_ROW.match(first.strip()):
            sums.append(line)
            continue
        width = len(record)
        where = f"«{name}» rad {line}"
        raw = record[i_amount] if i_amount < width else None
        value = cell_amount(raw, f"{where}, {label(amount)}")
        day = None
        if date:
            day = cell_date(record[i_date] if i_date < width else None,
                            f"{where}, {label(date)}")
        postings.append(Posting(line, cell_project(record[i_project] if i_project < width
                                                   else None), value, day))
    return Export(name, encoding, header_line, postings, sums)


def _letter(index: int) -> str:
    """The spreadsheet column letter of a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_project(value: Cell) -> str:
    """A project number as text: a sheet's 6120 (or 6120.0) is «6120»."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def cell_amount(value: Cell, where: str) -> Decimal:
    """An amount from a cell: a number as it is (a sheet's float through its shortest
    decimal form, the text Excel stored), a text as a Norwegian amount."""
    if value is None:
        return Decimal(0)
    if isinstance(value, str):
        return parse_amount(value, where)
    if isinstance(value, bool | dt.date | dt.datetime):
        raise AccountsProblem(f"{where}: «{value}» er ikke et beløp.",
                              "Cellen skal inneholde et tall (et beløp i kroner).")
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise AccountsProblem(f"{where}: cellen har ikke et tall.",
                                  "Cellen skal inneholde et beløp i kroner.")
        return Decimal(repr(value))
    if isinstance(value, int | Decimal):
        return Decimal(value)
    raise AccountsProblem(f"{where}: «{value}» er ikke et beløp.",
                          "Cellen skal inneholde et tall (et beløp i kroner).")


def cell_date(value: Cell, where: str) -> dt.date:
    """A date from a cell: a sheet's date cell as it is, a text as 20.01.2027 or
    2027-01-20."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value is None or isinstance(value, str):
        return parse_date(value or "", where)
    raise AccountsProblem(f"{where}: «{value}» er ikke en dato.",
                          "Formater cellen som dato i Excel, eller skriv den som 20.01.2027.")


def parse_amount(text: str, where: str) -> Decimal:
    """A Norwegian amount, exact. Empty is 0."""
    raw = _SPACES.sub("", text)
    if not raw:
        return Decimal(0)
    negative = False
    if raw.startswith("(") and raw.endswith(")"):
        negative, raw = True, raw[1:-1]
    low = raw.casefold()
    for unit in ("kr.", "kr", "nok"):
        if low.startswith(unit):
            raw, low = raw[len(unit):], low[len(unit):]
        if low.endswith(unit):
            raw, low = raw[:-len(unit)], low[:-len(unit)]
    if raw[:1] in ("-", "\u2212"):
        negative, raw = not negative, raw[1:]
    if not _AMOUNT.fullmatch(raw):
        raise AccountsProblem(f"{where}: «{text}» er ikke et beløp.",
                              "Skriv beløp som 1 234,50 eller -1234,5 (desimalkomma).")
    if "," in raw:
        whole, _, cents = raw.rpartition(",")
        if "," in whole or not cents.isdigit() or (
                whole.count(".") and not _AMBIGUOUS.fullmatch(whole)):
            raise AccountsProblem(f"{where}: «{text}» er ikke et beløp.",
                                  "Skriv beløp som 1 234,50 eller -1234,5 (desimalkomma).")
        number = whole.replace(".", "") + "." + cents
    elif raw.count(".") > 1 and _AMBIGUOUS.fullmatch(raw):  # 1.234.567: thousands
        number = raw.replace(".", "")
    elif _AMBIGUOUS.fullmatch(raw):
        raise AccountsProblem(f"{where}: «{text}» kan leses på to måter (punktum som "
                              "tusenskille eller som desimaltegn).",
                              "Eksporter beløpene med desimalkomma, f.eks. 12 500,00.")
    else:
        number = raw
    try:
        value = Decimal(number)
    except InvalidOperation:  # pragma: no cover - the patterns above let only digits through
        raise AccountsProblem(f"{where}: «{text}» er ikke et beløp.") from None
    return -value if negative else value


def parse_date(text: str, where: str) -> dt.date:
    """20.01.2027 or 2027-01-20."""
    value = text.strip()
    match = _NORWEGIAN_DATE.fullmatch(value)
    parts = (match[3], match[2], match[1]) if match else None
    if parts is None and (iso := _ISO_DATE.fullmatch(value)):
        parts = (iso[1], iso[2], iso[3])
    if parts is None:
        raise AccountsProblem(f"{where}: «{text}» er ikke en dato.",
                              "Skriv datoer som 20.01.2027 eller 2027-01-20.")
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise AccountsProblem(f"{where}: «{text}» er ikke en dato som finnes.",
                              "Sjekk dagen og måneden i regnskapsfilen.") from None


def sums(postings: Iterable[Posting], per: dt.date | None = None) -> dict[str, int]:
    """Per project number: the postings up to and including `per` summed exactly, then
    rounded to whole kroner (half up)."""
    total: dict[str, Decimal] = defaultdict(Decimal)
    for p in postings:
        if per is None or p.date is None or p.date <= per:
            total[p.project] += p.amount
    return {k: int(v.quantize(Decimal(1), rounding=ROUND_HALF_UP)) for k, v in total.items()}
