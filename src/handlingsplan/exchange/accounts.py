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


def _rows(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """The records with the file line each starts on."""
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter)
    out = []
    line = 1
    for record in reader:
        out.append((line, record))
        line = reader.line_num + 1
    return out


def _header(rows: list[tuple[int, list[str]]], wanted: list[str]) -> tuple[int, dict[str, int]]:
    """The index in `rows` of the header row and the column index per wanted name; the best
    partial match when none has them all (to name what is missing)."""
    best: tuple[int, dict[str, int]] = (-1, {})
    keys = {_key(w): w for w in wanted}
    for index, (_line, record) in enumerate(rows):
        found = {keys[_key(c)]: i for i, c in enumerate(record) if _key(c) in keys}
        if len(found) == len(wanted):
            return index, found
        if len(found) > len(best[1]):
            best = (index, found)
    return best


def read_csv(data: bytes, name: str, project: str, amount: str, date: str | None = None
             ) -> Export:
    """The postings of a CSV accounting export with the configured column names."""
    text, encoding = decode(data, name)
    wanted = [project, amount] + ([date] if date else [])
    rows = _rows(text, ";")
    index, columns = _header(rows, wanted)
    if len(columns) < len(wanted):
        if _header(_rows(text, ","), wanted)[1].keys() == set(wanted):
            raise AccountsProblem(f"«{name}» har komma mellom feltene; hp leser CSV med semikolon "
                                  "(slik norsk Excel lagrer den).",
                                  "Lagre filen som «CSV (semikolondelt)», eller velg semikolon "
                                  "som skilletegn i eksporten.")
        missing = [w for w in wanted if w not in columns]
        listed = " og ".join(f"«{m}»" for m in missing)
        raise AccountsProblem(f"«{name}» ({encoding}) har ingen kolonne {listed}.",
                              "Kolonnenavnene står under [regnskap] i hp.toml (prosjekt, belop, "
                              "dato); skriv dem slik de står i overskriftsraden i filen.")
    header_line = rows[index][0]
    postings: list[Posting] = []
    sums: list[int] = []
    for line, record in rows[index + 1:]:
        cells = [c.strip() for c in record]
        filled = [c for c in cells if c]
        if not filled:
            continue
        if _SUM_ROW.match(filled[0]):
            sums.append(line)
            continue

        def cell(column: str, cells: list[str] = cells) -> str:
            i = columns[column]
            return cells[i] if i < len(cells) else ""

        where = f"«{name}» rad {line}"
        value = parse_amount(cell(amount), f"{where}, kolonne «{amount}»")
        day = parse_date(cell(date), f"{where}, kolonne «{date}»") if date else None
        postings.append(Posting(line, cell(project), value, day))
    return Export(name, encoding, header_line, postings, sums)


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
