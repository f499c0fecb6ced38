"""Where Norwegian words may be hyphenated: Liang's algorithm over the nb/nn patterns that pyphen
ships (hyph_nb_NO.dic, the patterns LibreOffice uses).

Only a few words of a document ever need it (those wider than their table column), so the
patterns are not all parsed (that takes a tenth of a second): one pass over the file keeps
the patterns that occur in the words asked about.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

LEFT, RIGHT = 2, 3  # the least letters before and after a hyphen
_known: dict[tuple[str, str], list[int]] = {}  # (language, word) → its points


def _pattern_file(language: str) -> Path:
    """pyphen's file of patterns (found without importing pyphen, which lists all its
    languages when imported)."""
    from importlib.util import find_spec

    spec = find_spec("pyphen")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pyphen")
    folder = Path(next(iter(spec.submodule_search_locations))) / "dictionaries"
    own = folder / ("hyph_nn_NO.dic" if language.startswith("nn") else "hyph_nb_NO.dic")
    return own if own.is_file() else folder / "hyph_nb_NO.dic"


def _patterns(language: str, needed: set[str]) -> dict[str, list[int]]:
    """The patterns (letters → the values between and around them) among `needed`. The file
    is filtered as bytes, in C: only the lines whose letters are needed are decoded."""
    raw = _pattern_file(language).read_bytes()
    first, _, body = raw.partition(b"\n")
    encoding = first.decode("ascii", "replace").strip() or "utf-8"
    try:
        "".encode(encoding)
    except LookupError:
        encoding = "latin-1"
    wanted = set()
    for letters in needed:
        try:
            wanted.add(letters.encode(encoding))
        except UnicodeEncodeError:
            continue  # a letter the patterns cannot hold
    lines = re.sub(rb"[ \t\r]+", b"", body).split(b"\n")
    out: dict[str, list[int]] = {}
    for key, line in zip(b"\n".join(lines).translate(None, b"0123456789").split(b"\n"),
                         lines, strict=True):
        if key not in wanted or b"/" in line:
            continue
        values = [0] * (len(key) + 1)
        k = 0
        for c in line.decode(encoding, "replace"):
            if c.isdigit():
                values[k] = int(c)
            else:
                k += 1
        out[key.decode(encoding)] = values
    return out


def points(words: Iterable[str], language: str = "nb-NO") -> dict[str, list[int]]:
    """For every word, the indexes where it may be hyphenated (a word is letters only)."""
    words = set(words)
    todo = {w for w in words if (language, w) not in _known}
    if todo:
        framed = {w: f".{w.lower()}." for w in todo}
        needed = {f[i:j] for f in framed.values()
                  for i in range(len(f)) for j in range(i + 1, len(f) + 1)}
        patterns = _patterns(language, needed)
        for w, f in framed.items():
            values = [0] * (len(f) + 1)
            for i in range(len(f)):
                for j in range(i + 1, len(f) + 1):
                    found = patterns.get(f[i:j])
                    if found is not None:
                        for k, v in enumerate(found):
                            if v > values[i + k]:
                                values[i + k] = v
            # values[p + 1] is the value between letters p - 1 and p of the word
            _known[(language, w)] = [p for p in range(LEFT, len(w) - RIGHT + 1)
                                     if values[p + 1] % 2]
    return {w: _known[(language, w)] for w in words}
