"""The last pass over the document's tables, the same for Word and Markdown:

- a cell whose data is missing (the `oppgitt` filter's mark) says so in words («ikke oppgitt»),
  and a column with nothing but missing data is left out;
- every number in a right-aligned column gets the same number of decimals («16,0 %» under
  «24,7 %»), so that a column reads as one.
"""

from __future__ import annotations

import re

from handlingsplan.render import markdown as md

_NUMBER = re.compile(r"(?P<head>[+\u2212-]?[0-9]{1,3}(?:[ \u00a0][0-9]{3})*|[+\u2212-]?[0-9]+)"
                     r"(?:,(?P<decimals>[0-9]+))?(?P<unit>[ \u00a0](?:%|kr))?")


def finish(blocks: list[md.Block], missing: str) -> None:
    for b in blocks:
        if isinstance(b, md.Table):
            _drop_empty_columns(b)
            _say_missing(b, missing)
            _even_decimals(b)


def _is_missing(runs: md.Inline) -> bool:
    return md.plain_text(runs).strip() == md.MISSING


def _body(t: md.Table) -> list[list[md.Inline]]:
    return [r for i, r in enumerate(t.rows) if i not in t.groups and i not in t.totals]


def _drop_empty_columns(t: md.Table) -> None:
    """Columns (not the first) in which every body row's data is missing."""
    body = _body(t)
    if not body or t.header is None:
        return
    drop = [c for c in range(1, len(t.align))
            if all(_is_missing(row[c]) for row in body)]
    if not drop or len(drop) == len(t.align) - 1:
        return
    keep = [c for c in range(len(t.align)) if c not in drop]
    t.header = [t.header[c] for c in keep]
    t.rows = [[row[c] for c in keep] if i not in t.groups else [row[0]] + [[]] * (len(keep) - 1)
              for i, row in enumerate(t.rows)]
    t.align = [t.align[c] for c in keep]
    t.widths = [t.widths[c] for c in keep]


def _say_missing(t: md.Table, missing: str) -> None:
    for row in ([t.header] if t.header else []) + t.rows:
        for c, runs in enumerate(row):
            if any(md.MISSING in r.text for r in runs):
                row[c] = [md.Run(r.text.replace(md.MISSING, missing), r.bold, True, r.br)
                          if md.MISSING in r.text else r for r in runs]


def _even_decimals(t: md.Table) -> None:
    for c, align in enumerate(t.align):
        if align != "r":
            continue
        cells = [(row, m) for row in t.rows if c < len(row)
                 if (m := _NUMBER.fullmatch(md.plain_text(row[c]).strip()))]
        widest = max((len(m.group("decimals") or "") for _, m in cells), default=0)
        if not widest:
            continue
        for row, m in cells:
            have = len(m.group("decimals") or "")
            if have == widest:
                continue
            digits = (m.group("decimals") or "") + "0" * (widest - have)
            text = f"{m.group('head')},{digits}{m.group('unit') or ''}"
            runs = [r for r in row[c] if not r.br]
            if len(runs) == 1:
                r = runs[0]
                row[c] = [md.Run(text, r.bold, r.italic)]
