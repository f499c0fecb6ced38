"""Files for other programs: the plan year as an Excel workbook or CSV (`hp export`).

- `tables`: the year as tables of typed cells (text, whole kroner, dates, counts), in the
  programme's målform (`words`); no spreadsheet library, the same tables for XLSX and CSV;
- `xlsx`: the tables as a workbook (openpyxl, imported only here), byte-identical for the same
  SOURCE_DATE_EPOCH;
- `delimited`: one table as CSV in the dialect Norwegian Excel opens with a double-click;
- `export`: load and check the programme, choose the target, build and write (the library API
  of `hp export`).
"""
