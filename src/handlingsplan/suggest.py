"""«Mente du …?»: the closest known word for a mistyped one (keys, ids, rule codes, commands)."""

from __future__ import annotations

import difflib


def suggest(word: str, candidates: list[str]) -> str | None:
    """The closest candidate for a mistyped word, if one is close enough."""
    folded = {c.casefold(): c for c in candidates}
    if str(word).casefold() in folded:
        return folded[str(word).casefold()]
    match = difflib.get_close_matches(str(word).casefold(), list(folded), n=1, cutoff=0.6)
    return folded[match[0]] if match else None
