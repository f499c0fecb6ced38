"""Git as the council's memory: find the approved revision of a plan year, read its files at a
revision, and compare two versions of a plan as data.

This module only looks for a `.git` entry on disk; the Git library (dulwich) is imported by
`history.git` when a repository is there, so that `hp validate` outside Git stays fast.
"""

from __future__ import annotations

import os
from pathlib import Path


def find_repository(start: Path) -> Path | None:
    """The working tree of the nearest Git repository at or above `start` (a folder holding a
    `.git` folder, or a `.git` file as in a worktree), else None. Touches nothing but names.
    Like Git itself it does not go up into a folder named in GIT_CEILING_DIRECTORIES."""
    try:
        folder = Path(os.path.abspath(start))
    except (OSError, ValueError):
        return None
    ceilings = {os.path.normcase(os.path.abspath(p))
                for p in os.environ.get("GIT_CEILING_DIRECTORIES", "").split(os.pathsep) if p}
    for candidate in (folder, *folder.parents):
        if candidate != folder and os.path.normcase(str(candidate)) in ceilings:
            return None
        try:
            if os.path.lexists(candidate / ".git"):
                return candidate
        except (OSError, ValueError):
            return None
    return None
