"""Text from a plan, shown safely: never obeyed by a terminal, a CI log or a Markdown viewer.

A pull request's plan files can hold ESC sequences (retitle or clear the reviewer's terminal),
bidirectional controls (make a line read differently from what it says) and line separators
(fake extra lines of output). Every text hp prints goes through `visible`, which writes such
characters as escapes, the way they would be written in YAML: `\\x1b`, `\\u202e`.
"""

from __future__ import annotations

import re
from typing import Any

# C0 controls except tab, DEL and C1 controls, the bidirectional controls, line and paragraph
# separators, and the BOM / zero-width no-break space
_CLASS = ("\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
          "\ufeff")
UNSAFE = re.compile(f"[\n{_CLASS}]")
# in what rich renders, a line feed is its own line break: all else is escaped
_UNSAFE_IN_SEGMENT = re.compile(f"[{_CLASS}]")


def _escape(match: re.Match) -> str:
    n = ord(match.group(0))
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}"


def visible(text: str) -> str:
    """`text` with every character that could steer a terminal written as an escape."""
    return UNSAFE.sub(_escape, text) if UNSAFE.search(text) else text


def safe_console(**options: Any):
    """A rich Console that escapes such characters in every segment of text it prints (line
    feeds stay line breaks; rich's own control segments, such as a spinner's cursor moves, are
    left alone)."""
    from rich.console import Console
    from rich.segment import Segment

    class SafeConsole(Console):
        def render(self, renderable, options=None):  # type: ignore[override]
            for segment in super().render(renderable, options):
                if segment.control is None and _UNSAFE_IN_SEGMENT.search(segment.text):
                    yield Segment(_UNSAFE_IN_SEGMENT.sub(_escape, segment.text), segment.style)
                else:
                    yield segment

    return SafeConsole(**options)


_MARKDOWN = re.compile(r"([\\`*_\[\]<>|#!~])")


def md_text(text: str) -> str:
    """Plan text as literal Markdown (GitHub-flavoured): no HTML, link, image, emphasis or
    table cell from a tiltak's name survives; on one line; control characters escaped."""
    return _MARKDOWN.sub(r"\\\1", visible(" ".join(str(text).split())))
