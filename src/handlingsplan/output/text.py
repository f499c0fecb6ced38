"""Diagnostics for a person at a terminal, in the style of rustc and hledger:

    2027/4-ressursinnsats-og-finansiering.yaml:3:3: feil[HP301]: Kostnadene …
       |
     2 | kostnader:
     3 |   administrasjon: 1000000
       |   ^^^^^^^^^^^^^^
       = tips: …
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, TextIO, cast

from handlingsplan.diagnostics import Diagnostic, Severity, Summary
from handlingsplan.output.safe import visible

if TYPE_CHECKING:
    from rich.console import Console

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow", Severity.INFO: "bold cyan"}


WINDOW = 60  # characters shown on each side of the column of a long line


def _window(text: str, column: int) -> tuple[str, int]:
    """A line cut to WINDOW characters around `column` (a 5 MB line is not printed whole),
    with control characters escaped; and where the column is in what is shown."""
    start = max(column - 1, 0)
    if len(text) <= 2 * WINDOW:  # an ordinary line is shown whole
        before = visible(text[:start])
        return before + visible(text[start:]), len(before)
    lo, hi = max(start - WINDOW, 0), start + WINDOW
    head = "…" if lo > 0 else ""
    before = head + visible(text[lo:start])
    return before + visible(text[start:hi]) + ("…" if hi < len(text) else ""), len(before)


def excerpt(lines: Sequence[str], d: Diagnostic) -> list[tuple[str, str, str]]:
    """(gutter, text, style) rows: the line before for context, the line, and a caret row."""
    if not lines or not 1 <= d.line <= len(lines):
        return []
    rows = []
    if d.line >= 2 and lines[d.line - 2].strip():
        rows.append((str(d.line - 1), _window(lines[d.line - 2], d.column)[0], ""))
    text = lines[d.line - 1]
    start = max(d.column - 1, 0)
    if d.end_line == d.line and d.end_column and d.end_column > d.column:
        width = d.end_column - d.column
    else:  # a whole mapping or file: mark its first word
        word = re.match(r"[^\s:#]*", text[start:start + 200])
        width = max(len(word.group(0)) if word else 1, 1)
    shown, offset = _window(text, d.column)
    marked = len(visible(text[start:start + min(width, WINDOW)]))
    rows.append((str(d.line), shown, ""))
    rows.append(("", " " * offset + "^" * max(min(marked, 80), 1), _STYLE[d.severity]))
    return rows


MAX_PER_FILE = 200  # problems shown per file; the rest are counted

# One line of the report: the style of the whole line, and its pieces with their own styles
# (as a rich Text is built; "" is no style).
Line = tuple[str, list[tuple[str, str]]]


def lines(diagnostics: Sequence[Diagnostic], lines_of: Callable[[str], Sequence[str]],
          display_path: Callable[[str], str], files_checked: int,
          strict: bool = False) -> Iterator[Line]:
    """The report, line by line."""
    shown: dict[str, int] = {}
    for d in diagnostics:
        shown[d.file] = shown.get(d.file, 0) + 1
        if shown[d.file] > MAX_PER_FILE:
            continue
        yield "", [(f"{visible(display_path(d.file))}:{d.line}:{d.column}: ", "bold"),
                   (f"{d.severity.label}[{d.code}]", _STYLE[d.severity]),
                   (f": {visible(d.message)}", "")]
        if d.severity is Severity.INFO:  # a remark: one line is enough
            continue
        rows = excerpt(lines_of(d.file), d)
        if rows:
            width = max(len(g) for g, _, _ in rows)
            yield "blue", [(" " * (width + 1) + " |", "")]
            for gutter, text, style in rows:
                yield "blue", [(f" {gutter:>{width}} | ", ""), (text, style)]
        if d.hint:
            pad = " " * (max((len(g) for g, _, _ in rows), default=0) + 1)
            yield "blue", [(f"{pad} = ", ""), ("tips: ", "bold"), (visible(d.hint), "")]
        yield "", []
    if diagnostics and diagnostics[-1].severity is Severity.INFO:
        yield "", []
    for file, count in shown.items():
        if count > MAX_PER_FILE:
            yield "", [(f"… og {count - MAX_PER_FILE} til i {visible(display_path(file))} "
                        "(alle vises med --format json).", "")]
            yield "", []
    summary = Summary.of(diagnostics)
    files = f"{files_checked} {'fil' if files_checked == 1 else 'filer'} sjekket"
    if summary.failed(strict):
        yield "", [("✗", "bold red"), (f" {summary.describe()} ({files}).", "")]
    elif diagnostics:
        note = ""
        if summary.warnings:
            note = " Advarsler stopper ikke valideringen; bruk --strict for det."
        yield "", [("✓", "bold green"),
                   (f" Ingen feil; {summary.describe()} ({files}).{note}", "")]
    else:
        yield "", [("✓", "bold green"), (f" Ingen feil eller advarsler ({files}).", "")]


def render(out: Console | TextIO, diagnostics: Sequence[Diagnostic],
           lines_of: Callable[[str], Sequence[str]], display_path: Callable[[str], str],
           files_checked: int, strict: bool = False) -> None:
    """Show the report on a rich Console (in colour on a terminal), or write it to a text
    stream as that console would without colour, and without importing rich: `hp validate`
    in a pipe, a CI log or with --out starts a tenth faster."""
    report = lines(diagnostics, lines_of, display_path, files_checked, strict)
    if isinstance(out, io.TextIOBase):
        for _, pieces in report:
            out.write(_expand_tabs("".join(text for text, _ in pieces)) + "\n")
        out.flush()  # as rich does: a closed pipe or a full disk shows in the command
        return
    from rich.text import Text

    console = cast("Console", out)
    for style, pieces in report:
        line = Text(style=style)
        for text, piece_style in pieces:
            line.append(text, style=piece_style)
        console.print(line)


def _expand_tabs(line: str) -> str:
    """Tabs as rich shows them: up to the next multiple of eight terminal cells."""
    if "\t" not in line:
        return line
    from rich.cells import cell_len

    out = ""
    for part in line.split("\t")[:-1]:
        out += part + " "
        out += " " * (-cell_len(out) % 8)
    return out + line.rsplit("\t", 1)[1]
