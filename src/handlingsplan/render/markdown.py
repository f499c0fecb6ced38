"""The document's intermediate form: a small Markdown dialect, parsed into blocks.

Two dialects share one parser:

- *user text* (long texts in the YAML files, FORMAT.md §2): blank-line paragraphs, `- ` bullet
  lists, `**bold**`, `*italic*`. Anything else is literal text.
- *document* (what the Jinja templates produce): the user subset plus headings (`#`–`###`),
  pipe tables (with a `: caption` line after them), figures (`![caption](figur:name)`), fenced
  divs (`::: name` … `:::`) that give the blocks inside a role (`tittel`, `utkast`, …), and the
  directives `[[innholdsfortegnelse]]` and `[[sideskift]]`. A cell may hold `<br>`.

A backslash escapes any ASCII punctuation (`\\*` is a literal star). Values a template
interpolates are escaped (`escape`), and a user's long text is normalised (`user_markdown`) so
that it can never be read as a heading, a table or a directive: the user's text ends up as
paragraphs and lists, nothing else.

Both writers (Word and Markdown) consume the same blocks, so they can never disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# --- inline ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """A piece of text with its formatting; `br` is a line break (its text is empty)."""

    text: str
    bold: bool = False
    italic: bool = False
    br: bool = False


Inline = list[Run]

_PUNCT = "\\`*_{}[]()#+-.!|<>:~\"'•"
_PLACE = {c: chr(0xE000 + i) for i, c in enumerate(_PUNCT)}
_UNPLACE = {v: k for k, v in _PLACE.items()}
_ESCAPED = re.compile(r"\\([" + re.escape(_PUNCT) + r"])")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_BR_MARK = "\ue0ff"

_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")  # a whole cell in bold (linear: fullmatch)
_STARS = re.compile(r"\*+")


def _protect(text: str) -> str:
    return _ESCAPED.sub(lambda m: _PLACE[m.group(1)], text)


def _restore(text: str) -> str:
    return "".join(_UNPLACE.get(c, c) for c in text)


def _emphasis(text: str, out: Inline) -> None:
    """`***both***`, `**bold**` and `*italic*` → runs, in one pass (linear time, whatever the
    text: regular expressions over `**a **a **a …` took quadratic time).

    A run of one to three stars opens when a non-space follows it and closes when a non-space
    precedes it; a closer pairs with the nearest open run of the same length, and open runs
    inside that pair that never closed are literal stars."""
    pieces: list[str] = []
    runs: list[int] = []  # indexes of the star runs in pieces
    can: list[tuple[bool, bool]] = []  # (opens, closes) per star run
    pos = 0
    for m in _STARS.finditer(text):
        if m.start() > pos:
            pieces.append(text[pos:m.start()])
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        runs.append(len(pieces))
        can.append((not after.isspace(), not before.isspace()))
        pieces.append(m.group())
        pos = m.end()
    if pos < len(text):
        pieces.append(text[pos:])
    opened: dict[int, list[int]] = {1: [], 2: [], 3: []}
    role: dict[int, int] = {}  # piece index → +length (opens) or -length (closes)
    for index, (opens, closes) in zip(runs, can, strict=True):
        size = len(pieces[index])
        if size > 3:
            continue
        if closes and opened[size]:
            start = opened[size].pop()
            for other in opened.values():  # open runs inside the pair stay literal
                while other and other[-1] > start:
                    other.pop()
            role[start], role[index] = size, -size
        elif opens:
            opened[size].append(index)
    bold = italic = 0
    for index, piece in enumerate(pieces):
        change = role.get(index)
        if change is None:
            _plain(piece, bold > 0, italic > 0, out)
            continue
        sign = 1 if change > 0 else -1
        if abs(change) != 1:
            bold += sign
        if abs(change) != 2:
            italic += sign


def _plain(text: str, bold: bool, italic: bool, out: Inline) -> None:
    if not text:
        return
    parts = text.split(_BR_MARK)
    for n, part in enumerate(parts):
        if n:
            out.append(Run("", br=True))
        if part:
            out.append(Run(_restore(part), bold, italic))


def inline(text: str, breaks: bool = False) -> Inline:
    """`**bold**`, `*italic*` and escapes → runs (adjacent runs of one format merged).
    With `breaks`, `<br>` is a line break."""
    protected = _protect(text)
    if breaks:
        protected = _BR.sub(_BR_MARK, protected)
    runs: Inline = []
    _emphasis(protected, runs)
    merged: Inline = []
    i = 0
    while i < len(runs):  # join each group of same-format runs once (linear, not quadratic)
        j = i + 1
        if not runs[i].br:
            while (j < len(runs) and not runs[j].br
                   and (runs[j].bold, runs[j].italic) == (runs[i].bold, runs[i].italic)):
                j += 1
        if j == i + 1:
            merged.append(runs[i])
        else:
            merged.append(Run("".join(r.text for r in runs[i:j]), runs[i].bold, runs[i].italic))
        i = j
    return merged


def plain_text(runs: Inline) -> str:
    return "".join("\n" if r.br else r.text for r in runs)


# --- blocks ------------------------------------------------------------------------------------


@dataclass
class Block:
    roles: tuple[str, ...] = field(default=(), kw_only=True)  # the fenced divs it is inside

    @property
    def role(self) -> str | None:
        return self.roles[-1] if self.roles else None


@dataclass
class Heading(Block):
    level: int
    runs: Inline


@dataclass
class Paragraph(Block):
    runs: Inline


@dataclass
class BulletList(Block):
    items: list[tuple[int, Inline]]  # (level 0 or 1, text)
    ordered: bool = False  # a numbered list (1., 2., …): the document dialect only


@dataclass
class Table(Block):
    header: list[Inline] | None  # None: a table with no header row (key–value)
    rows: list[list[Inline]]
    align: list[str]  # "l" | "r" | "c" per column
    widths: list[int]  # relative widths (the dashes of the separator row)
    caption: Inline | None = None
    totals: frozenset[int] = frozenset()  # indexes of rows that are sums (all cells bold)
    groups: frozenset[int] = frozenset()  # rows that head a group (only the first cell, bold)
    number: int | None = None  # "Tabell N", set by `number_captions`


@dataclass
class Figure(Block):
    name: str
    caption: Inline
    number: int | None = None


@dataclass
class Toc(Block):
    """The table of contents."""


@dataclass
class PageBreak(Block):
    """A page break."""


# --- the parser --------------------------------------------------------------------------------

NBSP = "\u00a0"
MISSING = "\ue0fd"  # a cell whose data is missing: «ikke oppgitt», or the column is dropped
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # not in XML


def clean(text: str) -> str:
    """Text without the characters XML (and so a Word document) cannot hold."""
    return _CONTROL.sub("", text)
_HEADING_START = re.compile(r"(#{1,3})\s+")


def _heading(line: str) -> tuple[int, str] | None:
    """`## Tittel ##` → (2, "Tittel"), in one pass (no regex that can backtrack)."""
    m = _HEADING_START.match(line)
    if m is None:
        return None
    title = line[m.end():].rstrip()
    closed = title.rstrip("#")
    if closed != title and (not closed or closed[-1].isspace()):  # a closing ### sequence
        title = closed.rstrip()
    return len(m.group(1)), title
_BULLET = re.compile(r"( *)[-*•]\s+(.*)$")
_NUMBERED = re.compile(r"[0-9]{1,3}\.\s+(.*)$")
_DIV_OPEN = re.compile(r":::\s*([\w-]+)\s*$")
_DIV_CLOSE = re.compile(r":::\s*$")
_DIRECTIVE = re.compile(r"\[\[\s*([\w-]+)\s*\]\]\s*$")
_FIGURE = re.compile(r"!\[(.*)\]\(figur:([\w-]+)\)\s*$")
_SEPARATOR_CELL = re.compile(r"\s*(:?)(-+)(:?)\s*$")


class MarkupError(ValueError):
    """The document text is not well-formed (an unclosed div, a broken table, …)."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


def split_cells(line: str) -> list[str]:
    """`| a | b \\| c |` → ['a', 'b \\| c'] (escaped pipes stay, escaped)."""
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    cells, current, i = [], [], 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            current.append(text[i:i + 2])
            i += 2
            continue
        if c == "|":
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(c)
        i += 1
    rest = "".join(current).strip()
    if rest:
        cells.append(rest)
    return cells


def _all_bold(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    return bool(filled) and all(_BOLD.fullmatch(_protect(c)) for c in filled)


def _is_group(cells: list[str]) -> bool:
    return len(cells) > 1 and bool(cells[0]) and not any(cells[1:]) and _all_bold(cells)


def parse(text: str, document: bool = True) -> list[Block]:
    """Parse text into blocks. `document=False` reads a user's text: paragraphs and lists only."""
    blocks: list[Block] = []
    roles: list[str] = []
    opened: list[int] = []  # the line each open div started on
    para: list[str] = []
    items: list[tuple[int, list[str]]] = []
    numbered = [False]
    text = clean(text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = text.split("\n")

    def flush() -> None:
        if para:
            blocks.append(Paragraph(inline(" ".join(para)), roles=tuple(roles)))
            para.clear()
        if items:
            blocks.append(BulletList([(lvl, inline(" ".join(parts))) for lvl, parts in items],
                                     numbered[0], roles=tuple(roles)))
            items.clear()

    i = 0
    while i < len(lines):
        raw = lines[i].rstrip()
        stripped = raw.strip()
        i += 1
        if not stripped:
            flush()
            continue
        if document:
            if heading := _heading(stripped):
                flush()
                blocks.append(Heading(heading[0], inline(heading[1]), roles=tuple(roles)))
                continue
            if _DIV_CLOSE.fullmatch(stripped):
                flush()
                if not roles:
                    raise MarkupError("«:::» lukker en blokk som ikke er åpnet.", i)
                roles.pop()
                opened.pop()
                continue
            if m := _DIV_OPEN.fullmatch(stripped):
                flush()
                roles.append(m.group(1))
                opened.append(i)
                continue
            if m := _DIRECTIVE.fullmatch(stripped):
                flush()
                name = m.group(1)
                if name == "innholdsfortegnelse":
                    blocks.append(Toc(roles=tuple(roles)))
                elif name == "sideskift":
                    blocks.append(PageBreak(roles=tuple(roles)))
                else:
                    raise MarkupError(f"Ukjent direktiv «[[{name}]]» (kjente: "
                                      "[[innholdsfortegnelse]], [[sideskift]]).", i)
                continue
            if m := _FIGURE.fullmatch(stripped):
                flush()
                blocks.append(Figure(m.group(2), inline(m.group(1)), roles=tuple(roles)))
                continue
            if stripped.startswith("|"):
                flush()
                start = i
                table_lines = [stripped]
                while i < len(lines) and lines[i].strip().startswith("|"):
                    table_lines.append(lines[i].strip())
                    i += 1
                caption = None
                after = i
                while after < len(lines) and not lines[after].strip():
                    after += 1  # a caption may follow after blank lines
                if after < len(lines) and lines[after].strip().startswith(": "):
                    caption = inline(lines[after].strip()[2:])
                    i = after + 1
                blocks.append(_table(table_lines, caption, tuple(roles), start))
                continue
        if m := _BULLET.match(raw):
            if para or (items and numbered[0]):
                flush()
            numbered[0] = False
            level = 1 if len(m.group(1)) >= 2 else 0
            items.append((level, [m.group(2).strip()]))
            continue
        if document and (m := _NUMBERED.match(raw)):
            if para or (items and not numbered[0]):
                flush()
            numbered[0] = True
            items.append((0, [m.group(1).strip()]))
            continue
        if items:
            items[-1][1].append(stripped)  # a continuation line of the item
            continue
        para.append(stripped)
    flush()
    if roles:
        raise MarkupError(f"Blokken «::: {roles[-1]}» er ikke lukket med «:::».", opened[-1])
    return blocks


def _table(lines: list[str], caption: Inline | None, roles: tuple[str, ...], line: int) -> Table:
    if len(lines) < 2:
        raise MarkupError("En tabell trenger en overskriftsrad og en skillerad (|---|---|).", line)
    header = split_cells(lines[0])
    seps = split_cells(lines[1])
    parsed = [_SEPARATOR_CELL.fullmatch(s) for s in seps]
    if not seps or not all(parsed):
        raise MarkupError("Andre rad i en tabell skal være skilleraden, f.eks. |:---|---:|.",
                          line + 1)
    ncols = len(seps)
    align = []
    widths = []
    for m in parsed:
        assert m is not None
        left, dashes, right = m.groups()
        align.append("c" if left and right else "r" if right else "l")
        widths.append(len(dashes))
    if len(header) > ncols:
        raise MarkupError(f"Overskriftsraden har {len(header)} celler, men skilleraden "
                          f"{ncols}.", line)
    header = header + [""] * (ncols - len(header))
    rows: list[list[Inline]] = []
    totals = set()
    groups = set()
    for n, row_line in enumerate(lines[2:]):
        cells = split_cells(row_line)
        if len(cells) > ncols:
            raise MarkupError(f"Raden har {len(cells)} celler, men tabellen har {ncols} "
                              "kolonner.", line + 2 + n)
        cells = cells + [""] * (ncols - len(cells))
        if _is_group(cells):
            groups.add(len(rows))
        elif _all_bold(cells):
            totals.add(len(rows))
        rows.append([inline(c, breaks=True) for c in cells])
    head = None if not any(header) else [inline(c, breaks=True) for c in header]
    return Table(head, rows, align, widths, caption, frozenset(totals), frozenset(groups),
                 roles=roles)


def number_captions(blocks: list[Block]) -> None:
    """Number tables with a caption and figures, in order: Tabell 1, 2, …; Figur 1, 2, …"""
    tables = figures = 0
    for b in blocks:
        if isinstance(b, Table) and b.caption is not None:
            tables += 1
            b.number = tables
        elif isinstance(b, Figure):
            figures += 1
            b.number = figures


# --- writing the dialect -----------------------------------------------------------------------

_SPACES = re.compile(r"[ \t\n\r\f\v]+")
_LINE_START = re.compile(r"^(\s*)([#\-+*•:!\[|>])")
_LINE_NUMBER = re.compile(r"^(\s*[0-9]{1,3})\.(?=\s)")  # «12. mars» is not a numbered list


def _escape_start(text: str) -> str:
    """What would start a heading, a list or a table at the start of a line, escaped."""
    text = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text, count=1)
    return _LINE_NUMBER.sub(lambda m: m.group(1) + "\\.", text, count=1)


def escape(text: str) -> str:
    """A plain value as literal text of the dialect: no markup inside survives, and it stays on
    one line."""
    text = _SPACES.sub(" ", str(text)).strip(" ")  # not str.split(): keep non-breaking spaces
    text = re.sub(r"([\\*|<\[\]_`])", r"\\\1", text)
    return _escape_start(text)


def _escape_run_text(text: str) -> str:
    return re.sub(r"([\\*|<\[\]_`])", r"\\\1", text)


def write_inline(runs: Inline, breaks: str = " ") -> str:
    """Runs → dialect text; a line break becomes `breaks` (`<br>` in a table cell)."""
    out = []
    for n, r in enumerate(runs):
        if r.br:
            out.append(breaks)
            continue
        text = _escape_run_text(r.text)
        if n == 0:  # what would start a heading, a list or a table at the start of a line
            text = _escape_start(text)
        if not (r.bold or r.italic) or not text.strip():
            out.append(text)
            continue
        mark = "***" if r.bold and r.italic else "**" if r.bold else "*"
        lead = text[:len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()):]
        out.append(f"{lead}{mark}{text.strip()}{mark}{trail}")
    return "".join(out)


_THOUSANDS = re.compile(r"\b\d{1,3}(?: \d{3})+\b")
_UNIT = re.compile(r"(?<=\d) (?=(?:kr|%)(?![\w]))")


def typography(text: str) -> str:
    """Non-breaking spaces where a line must not break: inside an amount ('1 250 000') and
    before 'kr' and '%'."""
    text = _THOUSANDS.sub(lambda m: m.group(0).replace(" ", NBSP), text)
    return _UNIT.sub(NBSP, text)


def user_markdown(text: str | None) -> str:
    """A user's long text → document dialect: its paragraphs and lists, nothing else."""
    if not text:
        return ""
    parts = []
    for b in parse(typography(text), document=False):
        if isinstance(b, Paragraph):
            parts.append(write_inline(b.runs))
        elif isinstance(b, BulletList):
            parts.append("\n".join(("  " * lvl) + "- " + write_inline(r) for lvl, r in b.items))
    return "\n\n".join(parts)


def user_inline(text: str | None, breaks: bool = False) -> str:
    """A user's text inside a line: its bold and italic, on one line. With `breaks` (a table
    cell), paragraphs and list items are kept apart by `<br>`; else by spaces."""
    if not text:
        return ""
    sep = "<br>" if breaks else " "
    pieces = []
    for b in parse(typography(text), document=False):
        if isinstance(b, Paragraph):
            pieces.append(write_inline(b.runs))
        elif isinstance(b, BulletList):
            items = [write_inline(r) for _, r in b.items]
            pieces.append(sep.join(("– " + i) if breaks else i for i in items))
    return sep.join(pieces)
