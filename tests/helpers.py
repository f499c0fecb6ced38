"""Paths and small helpers shared by the tests (import with `from helpers import ...`)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "straumsvik"  # bokmål, 2025–2030
NYNORSK_EXAMPLE = REPO / "examples" / "fjordbotn"  # nynorsk, 80/20 county, 2026–2028
CONTRACT = Path(__file__).resolve().parent / "fixtures" / "contract"  # FORMAT.md's own examples


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace text in a file, failing loudly when the text is not there (so a test cannot
    silently stop testing what it claims to)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not found in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
