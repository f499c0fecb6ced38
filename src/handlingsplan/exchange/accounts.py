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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from handlingsplan.errors import HpError
from handlingsplan.schema.types import MAX_AMOUNT

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


@dataclass(frozen=True, slots=True)
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


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
FIELD_LIMIT = 131_072  # the csv module's own limit on one field (128 KB)


def _lines(text: str) -> Iterator[str]:
    """The lines of a text with their ends, split only at CR LF, LF and CR (never at the
    other characters str.splitlines takes as line ends: U+2028, U+0085, form feed, …)."""
    for match in _LINE.finditer(text):
        yield match.group()


def _rows(text: str, delimiter: str, name: str = "filen") -> Iterator[tuple[int, list[Cell]]]:
    """The records with the file line each starts on, one at a time."""
    # strict: a quoted field that never ends (or text after a closing quote) is an error at
    # its row, not the rest of the file silently read as one field
    reader = csv.reader(_lines(text), delimiter=delimiter, strict=True)
    line = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field limit" in str(exc):
                raise AccountsProblem(f"«{name}» rad {line}: et felt er lengre enn "
                                      f"{FIELD_LIMIT // 1024} KB, så filen kan ikke leses. "
                                      "Trolig mangler et avsluttende anførselstegn («\"») i et "
                                      "felt på denne raden.",
                                      "Sjekk anførselstegnene i raden, eller eksporter "
                                      "regnskapet på nytt.") from None
            if "unexpected end of data" in str(exc):
                raise AccountsProblem(f"«{name}» rad {line}: et felt som begynner med et "
                                      "anførselstegn («\"»), blir aldri avsluttet, så resten "
                                      "av filen ville blitt lest som ett felt.",
                                      "Sjekk anførselstegnene i raden, eller eksporter "
                                      "regnskapet på nytt.") from None
            raise AccountsProblem(f"«{name}» rad {line}: raden kan ikke leses som CSV (feil "
                                  "bruk av anførselstegn eller et ugyldig tegn).",
                                  "Sjekk raden, eller eksporter regnskapet på nytt.") from None
        yield line, list[Cell](record)
        line = reader.line_num + 1


class MissingColumns(AccountsProblem):
    """The export has no header row with every configured column."""


def _header_of(record: list[Cell], keys: dict[str, str]) -> tuple[dict[str, int], str | None]:
    """The column index per wanted name found in a record, and a wanted name the record has
    twice (None when none)."""
    found: dict[str, int] = {}
    twice = None
    for i, cell in enumerate(record):
        if isinstance(cell, str) and (wanted := keys.get(_key(cell))) is not None:
            if wanted in found:
                twice = twice or wanted
            else:
                found[wanted] = i
    return found, twice


def _has_header(rows: Iterable[tuple[int, list[Cell]]], wanted: list[str]) -> bool:
    keys = {_key(w): w for w in wanted}
    return any(len(_header_of(record, keys)[0]) == len(wanted) for _line, record in rows)


def read_csv(data: bytes, name: str, project: str, amount: str, date: str | None = None
             ) -> Export:
    """The postings of a CSV accounting export with the configured column names."""
    text, encoding = decode(data, name)
    wanted = [project, amount] + ([date] if date else [])
    try:
        return read_table(_rows(text, ";", name), name, encoding, project, amount, date)
    except MissingColumns:
        if _has_header(_rows(text, ",", name), wanted):
            raise AccountsProblem(f"«{name}» har komma mellom feltene; hp leser CSV med "
                                  "semikolon (slik norsk Excel lagrer den).",
                                  "Lagre filen som «CSV (semikolondelt)», eller velg semikolon "
                                  "som skilletegn i eksporten.") from None
        raise


def read_table(rows: Iterable[tuple[int, list[Cell]]], name: str, encoding: str,
               project: str, amount: str, date: str | None = None, *,
               columns_named: bool = False) -> Export:
    """The postings of the rows of an export (CSV text cells, or a sheet's typed cells: numbers
    and dates), each with its row number in the file, read one row at a time (only the
    postings are kept). With `columns_named`, messages name the column by its letter as well
    (a sheet)."""
    wanted = [project, amount] + ([date] if date else [])
    keys = {_key(w): w for w in wanted}
    best: dict[str, int] = {}
    columns: dict[str, int] = {}
    header_line = 0
    todo = iter(rows)
    for line, record in todo:
        found, twice = _header_of(record, keys)
        if len(found) == len(wanted):
            if twice is not None:
                raise AccountsProblem(f"«{name}» rad {line}: kolonnen «{twice}» står to ganger "
                                      "i overskriftsraden, så hp vet ikke hvilken som gjelder.",
                                      "Gi kolonnene ulike navn i eksporten, eller fjern den "
                                      "ene.")
            columns, header_line = found, line
            break
        if len(found) > len(best):
            best = found
    if not columns:
        missing = [w for w in wanted if w not in best]
        listed = " og ".join(f"«{m}»" for m in missing)
        raise MissingColumns(f"«{name}» ({encoding}) har ingen kolonne {listed}.",
                             "Kolonnenavnene står under [regnskap] i hp.toml (prosjekt, belop, "
                             "dato); skriv dem slik de står i overskriftsraden i filen.")
    postings: list[Posting] = []
    sums: list[int] = []
    i_project, i_amount = columns[project], columns[amount]
    i_date = columns[date] if date else -1
    projects: dict[str, str] = {}  # one string per project number, however many rows

    def label(column: str) -> str:
        if not columns_named:
            return f"kolonne «{column}»"
        return f"kolonne {_letter(columns[column])} («{column}»)"

    for line, record in todo:
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
        number = cell_project(record[i_project] if i_project < width else None)
        postings.append(Posting(line, projects.setdefault(number, number), value, day))
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
    decimal form, the text Excel stored), a text as a Norwegian amount. An amount beyond
    what a plan may hold (MAX_AMOUNT kroner, either sign) is refused as a typo."""
    amount = _cell_amount(value, where)
    if abs(amount) > MAX_AMOUNT:
        shown = (value if len(value) <= 60 else value[:40] + "…") if isinstance(value, str) \
            else f"{amount:.6g}"
        raise AccountsProblem(f"{where}: beløpet «{shown}» er urimelig stort; sjekk antall "
                              "sifre.",
                              f"hp tar beløp på høyst {MAX_AMOUNT:,} kr.".replace(",", " "))
    return amount


def _cell_amount(value: Cell, where: str) -> Decimal:
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
