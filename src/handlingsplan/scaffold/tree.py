"""The files `hp init` will write: built in memory, shown as a tree, written all or nothing."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from handlingsplan.errors import HpError
from handlingsplan.files import Refused, check_inside, read_bytes, write_atomic
from handlingsplan.files.read import reason_text


class Action(StrEnum):
    NEW = "ny"
    REPLACE = "erstattes"
    KEEP = "finnes, beholdes"  # e.g. an existing README.md: never overwritten
    SAME = "uendret"


@dataclass
class PlannedFile:
    rel: str  # relative to the root, '/'-separated
    content: bytes
    action: Action = Action.NEW

    @property
    def writes(self) -> bool:
        return self.action in (Action.NEW, Action.REPLACE)


@dataclass
class FilePlan:
    """What `hp init` will do: the files under `root`, and notes for the user (Norwegian)."""

    root: Path
    files: list[PlannedFile] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    summary: str = ""
    year: int | None = None  # the plan year made

    def add(self, rel: str, content: str | bytes, *, keep_existing: bool = False) -> None:
        """Plan a file; an existing file is replaced (or kept, with keep_existing)."""
        raw = content.encode("utf-8") if isinstance(content, str) else content
        path = self.root / rel
        if not os.path.lexists(path):
            action = Action.NEW
        elif keep_existing:
            action = Action.KEEP
        else:
            try:
                same = read_bytes(path, root=self.root, limit=len(raw)) == raw
            except Refused:  # larger, a link, a FIFO…: the write says what is wrong
                same = False
            action = Action.SAME if same else Action.REPLACE
        self.files.append(PlannedFile(rel, raw, action))

    @property
    def to_write(self) -> list[PlannedFile]:
        return [f for f in self.files if f.writes]


class WriteError(HpError):
    """A file could not be written; everything written before it has been undone."""


def write(plan: FilePlan) -> list[PlannedFile]:
    """Write the plan's new and changed files atomically, creating folders as needed.

    If any write fails, the files already written are removed (or their old content restored)
    and the folders made are removed again, so the tree is as it was; then WriteError.
    """
    written: list[tuple[Path, bytes | None]] = []
    made: list[Path] = []
    current = ""
    try:
        for f in plan.to_write:
            current = f.rel
            path = plan.root / f.rel
            check_inside(path, plan.root)  # before any folder is made: no symlinked folder out
            missing = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
            for folder in reversed(missing):
                folder.mkdir()
                made.append(folder)
            old = (read_bytes(path, root=plan.root, limit=len(f.content) * 100 + 1_000_000)
                   if os.path.lexists(path) else None)
            write_atomic(path, f.content, replace_input=True,  # hp init replaces on purpose
                         root=plan.root)
            written.append((path, old))
    except (OSError, Refused) as exc:
        _undo(written, made)
        reason = exc.message if isinstance(exc, Refused) else reason_text(exc) + "."
        raise WriteError(f"Kunne ikke skrive «{current}»: {reason} Ingenting er endret.",
                         "Sjekk at du har skrivetilgang til mappen og at disken ikke er full."
                         ) from exc
    except BaseException:
        _undo(written, made)
        raise
    return plan.to_write


def _undo(written: list[tuple[Path, bytes | None]], made: list[Path]) -> None:
    for path, old in reversed(written):
        with contextlib.suppress(OSError):
            if old is None:
                os.unlink(path)
            else:
                write_atomic(path, old, replace_input=True)
    for folder in reversed(made):
        with contextlib.suppress(OSError):
            folder.rmdir()


def _size(n: int) -> str:
    if n < 1000:
        return f"{n} B"
    return f"{n / 1000:.1f} kB".replace(".", ",")


_STYLE = {Action.NEW: "green", Action.REPLACE: "yellow", Action.KEEP: "dim", Action.SAME: "dim"}


def render_tree(plan: FilePlan, label: str):
    """A rich Tree of the plan's files, folders first, with size and what happens to each."""
    from rich.markup import escape
    from rich.tree import Tree

    root = Tree(f"[bold]{escape(label)}[/]")
    nodes: dict[tuple[str, ...], Tree] = {(): root}
    entries = sorted(plan.files, key=lambda f: _sort_key(f.rel))
    for f in entries:
        parts = tuple(f.rel.split("/"))
        for depth in range(1, len(parts)):
            key = parts[:depth]
            if key not in nodes:
                nodes[key] = nodes[key[:-1]].add(f"[bold]{escape(parts[depth - 1])}/[/]")
        style = _STYLE[f.action]
        nodes[parts[:-1]].add(f"{escape(parts[-1])}  [{style}]({_size(len(f.content))}, "
                              f"{f.action.value})[/]")
    return root


def _sort_key(rel: str) -> tuple:
    parts = rel.split("/")
    # folders before files at each level; a year's handlingsplan.yaml before its sections
    name = "0" if parts[-1] == "handlingsplan.yaml" else parts[-1]
    return (*((0, p) for p in parts[:-1]), (1, name))
