"""The rule catalogue as Markdown: `hp rules --format md`, and the part of docs/format.md
between its markers (a test keeps the two the same)."""

from __future__ import annotations

from collections.abc import Iterable

from handlingsplan.rules.registry import Rule

START, END = "<!-- regler:start -->", "<!-- regler:end -->"


def markdown(rules: Iterable[Rule]) -> str:
    rules = list(rules)
    out = ["| Kode | Nivå | Hva regelen fanger |", "|---|---|---|"]
    out += [f"| [{r.code}](#{r.code.lower()}) | {r.severity.label} | {r.title} |" for r in rules]
    for r in rules:
        out += ["", f"### {r.code}", "", f"**{r.title}** ({r.severity.label})", "", r.doc]
        for label, example in (("Passerer", r.passing), ("Feiler", r.failing)):
            if example:
                where = f" (`{r.file}`)" if r.file else ""
                out += ["", f"{label}{where}:", "", "```yaml", example, "```"]
    return "\n".join(out) + "\n"


def between_markers(text: str) -> str | None:
    """What stands between the markers of a document, or None without them."""
    if START not in text or END not in text:
        return None
    return text.split(START, 1)[1].split(END, 1)[0].strip("\n") + "\n"


def with_catalogue(text: str, catalogue: str) -> str:
    """The document with `catalogue` between its markers."""
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{catalogue}{END}{tail}"
