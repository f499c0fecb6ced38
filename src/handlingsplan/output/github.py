"""`--format github`: GitHub Actions workflow commands, one annotation per diagnostic.

GitHub shows only about ten annotations of each kind per step, so the full list also goes to
the job summary ($GITHUB_STEP_SUMMARY) as a Markdown table when that variable is set.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from handlingsplan.diagnostics import Diagnostic, Severity, Summary
from handlingsplan.output.safe import md_text, visible

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(d: Diagnostic, path: str) -> str:
    props = [f"file={_property(visible(path))}", f"line={d.line}", f"col={d.column}"]
    if d.end_line and d.end_column and d.end_line == d.line:
        props += [f"endLine={d.end_line}", f"endColumn={d.end_column}"]
    props.append(f"title={_property(d.code)}")
    message = visible(d.message) + (f"\nTips: {visible(d.hint)}" if d.hint else "")
    return f"::{_LEVEL[d.severity]} {','.join(props)}::{_data(message)}"


def render(diagnostics: Sequence[Diagnostic], display_path: Callable[[str], str]) -> str:
    lines = [annotation(d, display_path(d.file)) for d in diagnostics]
    lines.append(f"hp validate: {Summary.of(diagnostics).describe()}.")
    return "\n".join(lines) + "\n"




def step_summary(diagnostics: Sequence[Diagnostic], display_path: Callable[[str], str]) -> str:
    """The full list as Markdown for the job summary page."""
    summary = Summary.of(diagnostics)
    out = ["## hp validate", "", f"**{summary.describe().capitalize()}**", ""]
    if diagnostics:
        out += ["| Nivå | Kode | Sted | Melding |", "|---|---|---|---|"]
        for d in diagnostics:
            place = f"`{visible(display_path(d.file))}:{d.line}:{d.column}`"
            message = md_text(d.message) + (f" *Tips: {md_text(d.hint)}*" if d.hint else "")
            out.append(f"| {d.severity.label} | {d.code} | {place} | {message} |")
    return "\n".join(out) + "\n\n"
