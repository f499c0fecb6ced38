"""`hp init`: scaffold a new programme, or next year's plan from this year's.

Everything is built in memory first (`FilePlan`); `tree.write` writes it all or nothing.

    programme.new_programme(folder, NewProgramme(...))  -> FilePlan
    year.new_year(folder, year=None)                    -> FilePlan
"""

from __future__ import annotations

from handlingsplan.errors import HpError


class InitError(HpError):
    """The scaffold cannot be made (the command exits with code 2); nothing was written."""
