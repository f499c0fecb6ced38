"""Diagnostics for a person at a terminal, in the style of rustc and hledger:

    2027/4-ressursinnsats-og-finansiering.yaml:3:3: feil[HP301]: Kostnadene …
       |
     2 | kostnader:
     3 |   administrasjon: 1000000
       |   ^^^^^^^^^^^^^^
       = tips: …
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from handlingsplan.diagnostics import Diagnostic, Severity, Summary
from handlingsplan.output.safe import visible

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


def render(console: Console, diagnostics: Sequence[Diagnostic],
           lines_of: Callable[[str], Sequence[str]], display_path: Callable[[str], str],
           files_checked: int, strict: bool = False) -> None:
    shown: dict[str, int] = {}
    for d in diagnostics:
        shown[d.file] = shown.get(d.file, 0) + 1
        if shown[d.file] > MAX_PER_FILE:
            continue
        head = Text()
        head.append(f"{visible(display_path(d.file))}:{d.line}:{d.column}: ", style="bold")
        head.append(f"{d.severity.label}[{d.code}]", style=_STYLE[d.severity])
        head.append(f": {visible(d.message)}")
        console.print(head)
        if d.severity is Severity.INFO:  # a remark: one line is enough
            continue
        rows = excerpt(lines_of(d.file), d)
        if rows:
            width = max(len(g) for g, _, _ in rows)
            console.print(Text(" " * (width + 1) + " |", style="blue"))
            for gutter, text, style in rows:
                line = Text(f" {gutter:>{width}} | ", style="blue")
                line.append(text, style=style)
                console.print(line)
        if d.hint:
            pad = " " * (max((len(g) for g, _, _ in rows), default=0) + 1)
            console.print(Text(f"{pad} = ", style="blue") + Text("tips: ", style="bold")
                          + Text(visible(d.hint)))
        console.print()
    if diagnostics and diagnostics[-1].severity is Severity.INFO:
        console.print()
    for file, count in shown.items():
        if count > MAX_PER_FILE:
            console.print(f"… og {count - MAX_PER_FILE} til i {escape(visible(display_path(file)))}"
                          " (alle vises med --format json).")
            console.print()
    summary = Summary.of(diagnostics)
    files = f"{files_checked} {'fil' if files_checked == 1 else 'filer'} sjekket"
    if summary.failed(strict):
        console.print(f"[bold red]✗[/] {escape(summary.describe())} ({files}).")
    elif diagnostics:
        note = ""
        if summary.warnings:
            note = " Advarsler stopper ikke valideringen; bruk --strict for det."
        console.print(f"[bold green]✓[/] Ingen feil; {escape(summary.describe())} ({files}).{note}")
    else:
        console.print(f"[bold green]✓[/] Ingen feil eller advarsler ({files}).")
