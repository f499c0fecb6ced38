"""Tables as an Excel workbook (openpyxl, imported only when `hp export` writes one).

Each table is a sheet: a bold title row, a header row (frozen with the title, with an
autofilter over the header and the rows), the rows, and a bold sum row below the filter.
Amounts are numbers with a kroner format, dates are dates, columns are as wide as their
content (within limits), and long texts wrap.

Byte-identical for the same SOURCE_DATE_EPOCH: the workbook's properties carry the given
time, never "now", and the zip entries are rewritten with fixed dates and attributes
(render/reproducible, as for the Word document).
"""

from __future__ import annotations

import datetime as dt
import io
import textwrap
import zipfile
from dataclasses import dataclass

# openpyxl has no type hints of its own (types-openpyxl is not a dependency)
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped]

from handlingsplan.exchange.tables import Kind, Table
from handlingsplan.render.reproducible import normalise_zip

KRONER = '#,##0\\ "kr";\\-#,##0\\ "kr"'  # Norwegian Excel shows «1 250 000 kr»
DATE = "dd.mm.yyyy"
COUNT = "0"
TITLE_ROW, HEADER_ROW = 1, 2
LINE_POINTS = 15  # the height of a line of 11-point text
MAX_ROW_POINTS = 409  # the highest row Excel accepts; a higher one makes it repair the file
MIN_WIDTH, MAX_WIDTH, LONG_WIDTH = 8, 30, 50
_WIDTH = {Kind.AMOUNT: 16, Kind.DATE: 12, Kind.COUNT: 8}
_FORMAT = {Kind.AMOUNT: KRONER, Kind.DATE: DATE, Kind.COUNT: COUNT}


@dataclass(frozen=True)
class Meta:
    """The workbook's document properties."""

    title: str
    subject: str
    creator: str
    language: str  # nb-NO | nn-NO
    when: dt.datetime  # created and modified (naive UTC)


def write(tables: list[Table], meta: Meta) -> bytes:
    """The workbook as bytes, one sheet per table."""
    wb = Workbook()
    wb.remove(wb.active)
    for table in tables:
        _sheet(wb, table)
    props = wb.properties
    props.title, props.subject, props.creator = meta.title, meta.subject, meta.creator
    props.language, props.lastModifiedBy = meta.language, None
    props.created = props.modified = meta.when
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()  # not save_workbook: it sets `modified` to now
    return normalise_zip(buffer.getvalue(), meta.when)


def _sheet(wb: Workbook, table: Table) -> None:
    ws = wb.create_sheet(table.name)
    bold = Font(bold=True)
    title = ws.cell(TITLE_ROW, 1, _clean(table.title))
    title.font = Font(bold=True, size=13)
    for col, column in enumerate(table.columns, start=1):
        cell = ws.cell(HEADER_ROW, col, _clean(column.header))
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top",
                                   horizontal="right" if column.kind in _FORMAT else None)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    last = HEADER_ROW
    for last, row in enumerate(table.rows, start=HEADER_ROW + 1):
        for col, (column, value) in enumerate(zip(table.columns, row, strict=True), start=1):
            _value(ws, last, col, column.kind, value, top if column.kind in _FORMAT else wrap)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1).coordinate
    end = get_column_letter(len(table.columns))
    ws.auto_filter.ref = f"A{HEADER_ROW}:{end}{max(last, HEADER_ROW)}"
    if table.total is not None:
        row_no = last + 1
        for col, (column, value) in enumerate(zip(table.columns, table.total, strict=True),
                                              start=1):
            cell = _value(ws, row_no, col, column.kind, value, top)
            cell.font = bold
    widths = [_width(table, index) for index in range(len(table.columns))]
    for index, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(index + 1)].width = width
    _heights(ws, widths, [column.header for column in table.columns], HEADER_ROW)
    for number, row in enumerate(table.rows, start=HEADER_ROW + 1):
        _heights(ws, widths, row, number)
    _print_setup(ws)


def _heights(ws, widths: list[float], values, row: int) -> None:
    """A row high enough for its wrapped texts: Excel and LibreOffice do not always fit the
    height of a row when they open a file, and then a wrapped text is cut off or overlaps."""
    lines = max((len(textwrap.wrap(value, max(int(width) - 1, 1))) for width, value
                 in zip(widths, values, strict=True) if isinstance(value, str)), default=1)
    if lines > 1:
        ws.row_dimensions[row].height = min(LINE_POINTS * lines + 2, MAX_ROW_POINTS)


def _print_setup(ws) -> None:
    """Printed, a sheet is A4 landscape, one page wide, with the header row on every page:
    the finance office prints, and a table cut into columns on separate pages is unreadable."""
    from openpyxl.worksheet.properties import PageSetupProperties  # type: ignore[import-untyped]

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as it needs
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def _value(ws, row: int, col: int, kind: Kind, value, alignment: Alignment):
    if isinstance(value, str):
        value = _clean(value)
    cell = ws.cell(row, col, value)
    if isinstance(value, str):
        cell.data_type = "s"  # a name like «=HYPERLINK(…)» stays text, never a formula
    if value is not None and kind in _FORMAT:
        cell.number_format = _FORMAT[kind]
    cell.alignment = alignment
    return cell


def _clean(text: str) -> str:
    """Characters a worksheet cannot hold (control characters from the plan) as U+FFFD."""
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)


def _width(table: Table, index: int) -> float:
    """A column as wide as its header's longest word and its longest value, within limits;
    amounts and dates as wide as their format needs."""
    column = table.columns[index]
    header = max((len(word) for word in column.header.split()), default=0) + 2
    if column.kind in _WIDTH:
        return max(_WIDTH[column.kind], header)
    longest = max((len(str(r[index])) for r in table.rows if r[index] is not None), default=0)
    limit = LONG_WIDTH if column.kind is Kind.LONG else MAX_WIDTH
    return max(MIN_WIDTH, header, min(longest + 2, limit))
