"""Column widths for the Word tables: no word, and no amount with its «kr», broken inside a cell.

A cell's text breaks at spaces (an amount's spaces are non-breaking, see markdown.typography)
and after the hyphens, dashes and slashes of long words. The widest such piece of every column,
measured with `fontwidths` (the widest of the fonts Word and LibreOffice show for Calibri),
sets the least width of the column; the template's proportions (the dashes of the separator
row) share out the rest.

When the words of a table cannot all fit side by side, the number columns (right-aligned)
keep theirs and the words of the text columns, headers included, may break once at a Norwegian
hyphenation point (pyphen's nb/nn patterns): those words get soft hyphens, so Word and
LibreOffice break them where a person would, with a hyphen. Only words wider than their column
get them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from handlingsplan.render import hyphenation
from handlingsplan.render import markdown as md
from handlingsplan.render.fontwidths import SOFT_HYPHEN, width_em

MARGINS = 85 + 85  # the cells' left and right margins (tblCellMar), twips
AIR = 60  # and a little air: 3 pt
PADDING = MARGINS + AIR
LONG = 12  # a word longer than this may break after its hyphens, dashes and slashes
_AFTER_DASH = re.compile(r"(?<=[-–/])")
_LETTERS = re.compile(r"[^\W\d_]{5,}")  # a stretch of letters pyphen can hyphenate


def pieces(text: str) -> list[str]:
    """The pieces of `text` a line cannot break inside: split at spaces and line breaks, and
    long words after their hyphens, dashes and slashes (a non-breaking space holds)."""
    out: list[str] = []
    for word in re.split(r"[ \t\n]+", text):
        if not word:
            continue
        out.extend(p for p in (_AFTER_DASH.split(word) if len(word) > LONG else [word]) if p)
    return out


@lru_cache(maxsize=8192)
def twips(text: str, bold: bool = False, italic: bool = False, *, em: int) -> int:
    """The width of `text` in twips at `em` twips to the em (the same words come back in
    table after table)."""
    return math.ceil(width_em(text, bold, italic) * em)


def _stretches(piece: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in _LETTERS.finditer(piece)]


def _points(piece: str, language: str) -> list[int]:
    """Where `piece` may be hyphenated (indexes into it)."""
    stretches = _stretches(piece)
    found = hyphenation.points((s for _, s in stretches), language)
    return [start + p for start, s in stretches for p in found[s]]


def _split_width(piece: str, em: int, bold: bool, italic: bool, language: str) -> int:
    """The least width `piece` needs when it may break once at a hyphenation point."""
    best = twips(piece, bold, italic, em=em)
    for p in _points(piece, language):
        best = min(best, max(twips(piece[:p] + "-", bold, italic, em=em),
                             twips(piece[p:], bold, italic, em=em)))
    return best


def _cells(t: md.Table):
    """(column, runs, is header) of every cell that lives in one column (group rows span)."""
    if t.header:
        for i, runs in enumerate(t.header):
            yield i, runs, True
    for n, row in enumerate(t.rows):
        if n in t.groups:
            continue
        for i, runs in enumerate(row):
            yield i, runs, False


def _shrink(need: list[float], words: list[set[tuple[str, bool, bool]]], align: list[str],
            total: int, em: int, language: str) -> list[float]:
    """Least widths adding up to `total` where `need` (every word whole) is too much: text
    columns get narrower than their widest words, which will then break once at a
    hyphenation point. Step by step, the step that gains the most width per word hyphenated
    is taken, so that as few words as possible are hyphenated. Number columns keep theirs.
    Where even that is not enough, the text columns' floors (every word broken once)."""
    least: list[float] = list(need)
    hyphenation.points({s for a, ws in zip(align, words, strict=True) if a != "r"
                        for p, _, _ in ws for _, s in _stretches(p)}, language)  # in one go
    widths: list[list[tuple[int, int]]] = []  # per column: (width, how many words), widest first
    floors: list[float] = []  # the least width of a column whose words may all break once
    for m, a, ws in zip(need, align, words, strict=True):
        if a == "r":
            widths.append([])
            floors.append(m)
            continue
        counted: dict[int, int] = {}
        for w in ws:
            width = twips(*w, em=em) + PADDING
            counted[width] = counted.get(width, 0) + 1
        widths.append(sorted(counted.items(), reverse=True))
        floors.append(max((_split_width(p, em, b, it, language) for p, b, it in ws),
                          default=0) + PADDING)
    taken = [0] * len(need)  # how many of each column's widths are hyphenated
    excess: float = sum(need) - total
    while excess > 0:
        best = None
        for i, steps in enumerate(widths):
            k = taken[i]
            if k >= len(steps):
                continue
            below = steps[k + 1][0] if k + 1 < len(steps) else 0
            gain = least[i] - max(below, floors[i])
            if gain > 0 and (best is None or gain / steps[k][1] > best[0]):
                best = (gain / steps[k][1], i, gain)
        if best is None:  # every text column at its floor
            return [min(m, f) for m, f in zip(least, floors, strict=True)]
        _, i, gain = best
        least[i] -= min(gain, excess)
        excess -= min(gain, excess)
        taken[i] += 1
    return least


@dataclass
class Columns:
    widths: list[int]  # twips, adding up to the table's width
    hyphenated: bool  # some text columns are narrower than their widest word


def plan(t: md.Table, total: int, em: int, language: str = "nb-NO") -> Columns:
    """The column widths (twips) of table `t`, `total` twips wide, with text of `em` twips to
    the em."""
    n = len(t.widths)
    words: list[set[tuple[str, bool, bool]]] = [set() for _ in range(n)]
    for i, runs, header in _cells(t):
        for r in runs:
            if not r.br:
                words[i].update((piece, r.bold or header, r.italic) for piece in pieces(r.text))
    least: list[float] = [max((twips(*w, em=em) for w in ws), default=0) + PADDING
                          for ws in words]
    hyphenated = sum(least) > total
    if hyphenated:
        least = _shrink(least, words, t.align, total, em, language)
    weights = [max(w, 1) for w in t.widths]
    if sum(least) > total + 0.5:
        # no room even so: numbers keep theirs, the text columns share the rest in
        # proportion to their need
        fixed = [least[i] if a == "r" else 0 for i, a in enumerate(t.align)]
        need = sum(m for m, f in zip(least, fixed, strict=True) if not f)
        rest = max(total - sum(fixed), 0)
        widths = [float(f) if f else (rest * m / need if need else 0.0)
                  for m, f in zip(least, fixed, strict=True)]
    else:
        wanted = [total * w / sum(weights) for w in weights]
        widths = [max(w, m) for w, m in zip(wanted, least, strict=True)]
        for _ in range(n):
            excess = sum(widths) - total
            if excess <= 0.5:
                break
            slack = [w - m for w, m in zip(widths, least, strict=True)]
            room = sum(s for s in slack if s > 0)
            widths = [w - excess * s / room if s > 0 else w
                      for w, s in zip(widths, slack, strict=True)]
    out = [int(w) for w in widths]
    out[-1] += total - sum(out)
    return Columns(out, hyphenated)


def hyphenate(runs: md.Inline, width: int, em: int, header: bool,
              language: str = "nb-NO") -> md.Inline:
    """The runs of a cell `width` twips wide, with soft hyphens at the hyphenation points of
    the words that are wider than the cell's text."""
    room = width - PADDING
    out = []
    for r in runs:
        if r.br or not r.text:
            out.append(r)
            continue
        bold = r.bold or header
        parts = re.split(r"([ \t\n]+)", r.text)
        for k, word in enumerate(parts):
            if k % 2 or twips(word, bold, r.italic, em=em) <= room:
                continue
            chunks = [p for p in (_AFTER_DASH.split(word) if len(word) > LONG else [word]) if p]
            for c, piece in enumerate(chunks):
                if twips(piece, bold, r.italic, em=em) > room:
                    cut = sorted(_points(piece, language), reverse=True)
                    for p in cut:
                        piece = piece[:p] + SOFT_HYPHEN + piece[p:]
                    chunks[c] = piece
            parts[k] = "".join(chunks)
        out.append(md.Run("".join(parts), r.bold, r.italic, r.br))
    return out
