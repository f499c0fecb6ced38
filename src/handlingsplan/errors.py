"""The one exception type for a problem the user must fix: a Norwegian message and an
optional hint. The command line turns it into `feil: …` / `tips: …` and its exit code (2
unless it says otherwise), in one place for every command (cli.common.handled)."""

from __future__ import annotations


class HpError(Exception):
    code = 2  # the exit code: 2 the command could not run, 1 the plan has problems

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
