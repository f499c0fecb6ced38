"""The Markdown writer: the same blocks as the Word document, as GitHub-flavoured Markdown
(for the repository's web view and for reviewing changes in pull requests). Charts are written
as PNG files in a folder next to the Markdown file."""

from __future__ import annotations

import re

from handlingsplan.render import markdown as md


def anchor(text: str, seen: dict[str, int]) -> str:
    """GitHub's anchor for a heading: lower case, punctuation removed, spaces → '-'."""
    base = re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")
    n = seen.get(base, 0)
    seen[base] = n + 1
    return base if n == 0 else f"{base}-{n}"


def _cell(runs: md.Inline) -> str:
    return md.write_inline(runs, breaks="<br>").strip() or " "


def _table(t: md.Table, table_word: str) -> str:
    lines = []
    if t.caption is not None:
        lines.append(f"*{table_word} {t.number}: {md.write_inline(t.caption)}*")
        lines.append("")
    header = t.header or [[] for _ in t.align]
    lines.append("| " + " | ".join(_cell(c) if c else " " for c in header) + " |")
    seps = {"l": ":---", "r": "---:", "c": ":---:"}
    lines.append("|" + "|".join(seps[a] for a in t.align) + "|")
    for row in t.rows:
        lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
    return "\n".join(lines)


def write(blocks: list[md.Block], figures: dict[str, bytes | None], figure_dir: str | None,
          table_word: str = "Tabell", figure_word: str = "Figur") -> tuple[str, dict[str, bytes]]:
    """The Markdown text, and the figure files to write ({path relative to the text: PNG}).
    With no `figure_dir` (the text goes to standard output) only the captions are written."""
    seen: dict[str, int] = {}
    anchors = {}
    for n, b in enumerate(blocks):
        if isinstance(b, md.Heading):
            anchors[n] = anchor(md.plain_text(b.runs), seen)
    parts: list[str] = []
    files: dict[str, bytes] = {}
    for b in blocks:
        if isinstance(b, md.Heading):
            parts.append("#" * b.level + " " + md.write_inline(b.runs))
        elif isinstance(b, md.Paragraph):
            text = md.write_inline(b.runs)
            role = b.role
            if role == "tittel":
                parts.append("# " + text)
            elif role in ("undertittel", "overtittel", "innholdstittel"):
                parts.append(f"**{text}**" if text.strip() else text)
            elif role in ("utkast", "visjon"):
                parts.append("> " + (f"*{text}*" if role == "visjon" else text))
            else:
                parts.append(text)
        elif isinstance(b, md.BulletList):
            prefix = "> " if b.role == "utkast" else ""
            parts.append("\n".join(
                f"{prefix}{'   ' * level if b.ordered else '  ' * level}"
                f"{f'{n}.' if b.ordered else '-'} {md.write_inline(runs)}"
                for n, (level, runs) in enumerate(b.items, 1)))
        elif isinstance(b, md.Table):
            parts.append(_table(b, table_word))
        elif isinstance(b, md.Figure):
            png = figures.get(b.name)
            if png is None:
                continue
            caption = f"{figure_word} {b.number}: {md.write_inline(b.caption)}"
            if figure_dir is not None:
                path = f"{figure_dir}/{b.name}.png"
                files[path] = png
                parts.append(f"![{caption}]({path.replace(' ', '%20')})\n\n*{caption}*")
            else:
                parts.append(f"*{caption}*")
        elif isinstance(b, md.Toc):
            lines = []
            for i, h in enumerate(blocks):
                if isinstance(h, md.Heading) and h.level <= 2:
                    text = md.write_inline(h.runs)
                    lines.append(f"{'  ' * (h.level - 1)}- [{text}](#{anchors[i]})")
            if lines:
                parts.append("\n".join(lines))
        elif isinstance(b, md.PageBreak):
            continue
    return "\n\n".join(p for p in parts if p.strip()) + "\n", files
