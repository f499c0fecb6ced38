"""Accounts in from an Excel workbook (.xlsx), for `hp import regnskap`: the first sheet or a
named one, read as the CSV is (exchange/accounts.py: header found by the configured column
names, sum rows skipped, the row and column named in every refusal). Real date cells are dates
and number cells are numbers (a float through its shortest decimal form, the text the file
stores, so never rounded through binary). openpyxl is imported only here, and this module
only when a workbook is read.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from decimal import Decimal

from handlingsplan.exchange.accounts import (
    AccountsProblem,
    Cell,
    Export,
    MissingColumns,
    _letter,
    read_table,
)

MAX_ROWS = 1_048_576  # Excel's own limit
MAX_COLUMNS = 1_000  # an export has a handful; Excel allows 16 384
MAX_UNPACKED = 300 * 1024 * 1024  # all parts of the workbook, unpacked


def _cell(value: object) -> Cell:
    if value is None or isinstance(value, str | int | float | Decimal | dt.date):
        return value  # type: ignore[return-value]  # bool is an int: refused as an amount
    return str(value)  # a time or a duration: text, refused where a number or date is wanted


def _not_a_workbook(data: bytes, name: str) -> AccountsProblem:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        names = set()
    if "word/document.xml" in names:
        what = "et Word-dokument"
    elif "ppt/presentation.xml" in names:
        what = "en PowerPoint-presentasjon"
    elif any(n.startswith("xl/") for n in names):
        what = "en Excel-fil hp ikke kan lese (skadet eller kryptert)"
    else:
        what = "en zip-fil, ikke en Excel-arbeidsbok"
    return AccountsProblem(f"«{name}» er {what}.",
                           "Eksporter regnskapet som Excel-arbeidsbok (.xlsx) eller som CSV med "
                           "semikolon.")


def _too_big(data: bytes, name: str) -> AccountsProblem | None:
    """A workbook whose parts would unpack to more than MAX_UNPACKED (a zip bomb, or far more
    than an accounting export), told from the sizes the zip declares (zipfile never unpacks
    more than that)."""
    try:
        total = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # openpyxl says what is wrong with it
    if total <= MAX_UNPACKED:
        return None
    return AccountsProblem(f"«{name}» pakker seg ut til {total // 1024**2} MB; hp leser "
                           f"Excel-filer på høyst {MAX_UNPACKED // 1024**2} MB utpakket.",
                           "Eksporter bare årets bilag, eller eksporter som CSV med semikolon.")


def read_xlsx(data: bytes, name: str, project: str, amount: str, date: str | None = None,
              sheet: str | None = None) -> Export:
    """The postings of the first sheet (or the sheet named `sheet`) of a workbook."""
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    if (problem := _too_big(data, name)) is not None:
        raise problem
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise _not_a_workbook(data, name) from None
    try:
        names = list(book.sheetnames)
        if not names:
            raise AccountsProblem(f"«{name}» har ingen ark.")
        if sheet is None:
            chosen = names[0]
        else:
            matches = [n for n in names if n.strip().casefold() == sheet.strip().casefold()]
            if not matches:
                listed = ", ".join(f"«{n}»" for n in names)
                raise AccountsProblem(f"«{name}» har ikke noe ark som heter «{sheet}».",
                                      f"Arkene i filen er {listed}.")
            chosen = matches[0]
        ws = book[chosen]
        # The sheet's own <dimension> may claim A1:XFD1048576; openpyxl would pad every row
        # to it. Without it, a row is as wide as its last cell and a missing row is empty.
        ws.reset_dimensions()
        seen = [False]
        try:
            return read_table(_rows(ws, name, chosen, seen), name, f"Excel, arket «{chosen}»",
                              project, amount, date, columns_named=True)
        except MissingColumns:
            if not seen[0]:
                raise AccountsProblem(f"Arket «{chosen}» i «{name}» er tomt.",
                                      "Velg arket med regnskapet med --ark NAVN.") from None
            raise
    finally:
        book.close()


def _rows(ws, name: str, chosen: str, seen: list[bool]) -> Iterator[tuple[int, list[Cell]]]:
    """The filled rows of a sheet with their numbers, one at a time; `seen[0]` is set when
    there was one. More than MAX_ROWS rows, or a filled cell right of MAX_COLUMNS, is
    refused; a damaged sheet too."""
    values = iter(ws.iter_rows(values_only=True))
    number = 0
    while True:
        try:
            row = next(values)
        except StopIteration:
            return
        except AccountsProblem:
            raise
        except Exception:  # a damaged sheet (bad XML, a cell value openpyxl cannot read)
            raise AccountsProblem(f"Arket «{chosen}» i «{name}» kan ikke leses (filen ser ut "
                                  "til å være skadet).",
                                  "Åpne filen i Excel og lagre den på nytt, eller eksporter "
                                  "regnskapet som CSV.") from None
        number += 1
        if number > MAX_ROWS:  # also a missing row: a row numbered 10**9 is not waited for
            raise AccountsProblem(f"Arket «{chosen}» i «{name}» har mer enn {MAX_ROWS:,} "
                                  "rader.".replace(",", " "),
                                  "Eksporter bare årets bilag.")
        if not row:
            continue
        if len(row) > MAX_COLUMNS:
            if row.count(None) - row[:MAX_COLUMNS].count(None) != len(row) - MAX_COLUMNS:
                raise AccountsProblem(f"«{name}» rad {number}: arket «{chosen}» har fylte "
                                      f"celler til høyre for kolonne {_letter(MAX_COLUMNS - 1)}"
                                      f"; hp leser høyst {MAX_COLUMNS} kolonner.",
                                      "Eksporter bare kolonnene med prosjekt, beløp og dato.")
            row = row[:MAX_COLUMNS]
        if row.count(None) == len(row):
            continue
        seen[0] = True
        yield number, [_cell(v) for v in row]
