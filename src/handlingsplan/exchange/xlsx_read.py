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
from decimal import Decimal

from handlingsplan.exchange.accounts import AccountsProblem, Cell, Export, read_table

MAX_ROWS = 1_048_576  # Excel's own limit


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


def read_xlsx(data: bytes, name: str, project: str, amount: str, date: str | None = None,
              sheet: str | None = None) -> Export:
    """The postings of the first sheet (or the sheet named `sheet`) of a workbook."""
    from openpyxl import load_workbook  # type: ignore[import-untyped]

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
        rows: list[tuple[int, list[Cell]]] = []
        try:
            for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                if number > MAX_ROWS:
                    break
                if values and any(v is not None for v in values):
                    rows.append((number, [_cell(v) for v in values]))
        except AccountsProblem:
            raise
        except Exception:  # a damaged sheet (bad XML, a cell value openpyxl cannot read)
            raise AccountsProblem(f"Arket «{chosen}» i «{name}» kan ikke leses (filen ser ut "
                                  "til å være skadet).",
                                  "Åpne filen i Excel og lagre den på nytt, eller eksporter "
                                  "regnskapet som CSV.") from None
    finally:
        book.close()
    if not rows:
        raise AccountsProblem(f"Arket «{chosen}» i «{name}» er tomt.",
                              "Velg arket med regnskapet med --ark NAVN.")
    return read_table(rows, name, f"Excel, arket «{chosen}»", project, amount, date,
                      columns_named=True)
