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
    `.git` folder, or a `.git` file as in a worktree), else None. Touches nothing but names."""
    try:
        folder = Path(os.path.abspath(start))
    except (OSError, ValueError):
        return None
    for candidate in (folder, *folder.parents):
        try:
            if os.path.lexists(candidate / ".git"):
                return candidate
        except (OSError, ValueError):
            return None
    return None
