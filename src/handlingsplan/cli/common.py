"""What every command shares: the consoles, clear errors, paths shown relative to here."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console

EXIT_OK, EXIT_PROBLEMS, EXIT_CANNOT_RUN = 0, 1, 2


def console(stderr: bool = False) -> Console:
    """A console that colours only on a terminal (rich honours NO_COLOR and FORCE_COLOR)."""
    return Console(stderr=stderr, highlight=False, soft_wrap=True, emoji=False)


def fail(message: str, hint: str | None = None, code: int = EXIT_CANNOT_RUN) -> NoReturn:
    """Stop the command with a Norwegian message on stderr and the contract's exit code."""
    from rich.markup import escape

    err = console(stderr=True)
    err.print(f"[bold red]feil:[/] {escape(message)}")
    if hint:
        err.print(f"[bold]tips:[/] {escape(hint)}")
    raise typer.Exit(code)


def shown_path(path: Path) -> str:
    """A path as the user would type it from here: relative when below the current folder."""
    try:
        return Path(os.path.relpath(path)).as_posix() if not _outside(path) else path.as_posix()
    except ValueError:  # another drive on Windows
        return path.as_posix()


def _outside(path: Path) -> bool:
    try:
        Path(path).resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return True
    return False


def write_stdout(text: str) -> None:
    """Machine output (JSON, SARIF): UTF-8 whatever the console's code page."""
    out = sys.stdout
    if hasattr(out, "buffer"):
        out.flush()
        out.buffer.write(text.encode("utf-8"))
        out.buffer.flush()
    else:  # a test runner's StringIO
        out.write(text)
