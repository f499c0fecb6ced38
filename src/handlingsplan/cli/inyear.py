"""What `hp calendar` and `hp status` share: the --date option, loading and checking the
programme, and showing the validator's diagnostics when the plan is broken."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

from handlingsplan.cli.common import console, fail, show_diagnostics, write_stdout

DATE_HELP = "Dagen det gjelder (ÅÅÅÅ-MM-DD). Standard: i dag."


def paragraphs(text: str) -> str:
    """Help text written with short lines: each paragraph joined into one line, so that the
    terminal wraps it (lines starting with spaces, the examples, are kept)."""
    out = []
    for block in text.strip("\n").split("\n\n"):
        lines = block.split("\n")
        out.append(block if lines[0].startswith(" ") else " ".join(x.strip() for x in lines))
    return "\n\n".join(out) + "\n"


def parse_day(text: str | None) -> dt.date:
    """--date as an ISO date, today when not given; a bad date stops with exit code 2."""
    if text is None:
        return dt.date.today()
    value = text.strip()
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        from handlingsplan.schema.types import MAX_YEAR, MIN_YEAR

        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            fail(f"«{text}» er ikke en dato som finnes.",
                 "Skriv datoen som ÅÅÅÅ-MM-DD, f.eks. --date 2026-11-27.")
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            fail(f"«{text}» er utenfor årene hp regner med ({MIN_YEAR}–{MAX_YEAR}).",
                 "Velg en dato i programperioden, f.eks. --date 2026-11-27.")
        return day
    fail(f"«{text}» er ikke en dato.", "Skriv datoen som ÅÅÅÅ-MM-DD, f.eks. --date 2026-11-27.")


def check(path: Path, command: str):
    """Load and validate the programme (check.Result); no programme stops with exit code 2."""
    from handlingsplan.check import validate

    return validate(path)


def show_problems(result, diagnostics: Sequence, as_json: bool = False) -> None:
    """The validator's own output for `diagnostics` (text, or its JSON on stdout)."""
    if as_json:
        from handlingsplan.output.jsonout import dumps

        write_stdout(dumps(diagnostics))
        return
    show_diagnostics(console(), result.programme, diagnostics)

