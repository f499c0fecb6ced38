"""The one exception type for a problem the user must fix: a Norwegian message and an
optional hint. The command line turns it into `feil: …` / `tips: …` and exit code 2."""

from __future__ import annotations


class HpError(Exception):
    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
