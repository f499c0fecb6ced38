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


# --- Git ----------------------------------------------------------------------------------------

GIT_DATE = "2025-12-12T12:00:00+01:00"  # the day after Straumsvik's council approved 2026


def git(root: Path, *args: str, date: str = GIT_DATE) -> str:
    """Run `git` in `root` with a fixed identity and date; the output as text."""
    import os
    import subprocess

    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(root)}
    done = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True,
                          check=True)
    return done.stdout


def hp908_on(root: Path) -> None:
    """Switch HP908 back on in a copy of an example, which has it off because its Git history
    is that of hp's source, not of a council's decisions (see its hp.toml)."""
    edit(root / "hp.toml", 'av = ["HP908"]', "av = []")


def git_commit_all(root: Path, message: str, date: str = GIT_DATE) -> str:
    """Make `root` a repository if it is not one, commit everything in it; the commit id."""
    if not (root / ".git").exists():
        git(root, "init", "-q", "-b", "main")
        git(root, "config", "user.name", "Test")
        git(root, "config", "user.email", "test@example.invalid")
        git(root, "config", "commit.gpgsign", "false")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, date=date)
    return git(root, "rev-parse", "HEAD").strip()
