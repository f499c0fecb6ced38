"""What every command shares: the consoles, clear errors, paths shown relative to here."""

from __future__ import annotations

import functools
import os
import re
import sys
from pathlib import Path
from typing import Annotated, NoReturn, TextIO

import typer

EXIT_OK, EXIT_PROBLEMS, EXIT_CANNOT_RUN = 0, 1, 2

# The programme argument every command shares: `hp validate [STI]`.
ProgrammePath = Annotated[Path, typer.Argument(
    metavar="STI", show_default=False,
    help="Programmappen, eller en mappe under den. Standard: denne mappen.")]

# Help with Typer's rich panels on a terminal; Click's plain layout when piped or captured,
# which starts about 60 ms faster (Typer's rich formatter imports markdown-it and pygments).
RICH_HELP = sys.stdout.isatty() or bool(os.environ.get("FORCE_COLOR"))

_MARKUP = re.compile(r"(?<!\\)\[/?(?:bold|cyan|dim|italic|green|red|yellow)?\]")


def help_text(text: str) -> str:
    """A command's help, written once with rich markup ([cyan]…[/]) and example blocks
    indented by two spaces, in the form the active help layout wants: as is for rich, without
    markup and with Click's no-rewrap marker before each example block for the plain layout."""
    if RICH_HELP:
        return text
    blocks = []
    for block in _MARKUP.sub("", text).replace("\\[", "[").split("\n\n"):
        lines = block.strip("\n").split("\n")
        blocks.append("\b\n" + block.strip("\n") if all(x.startswith("  ") for x in lines)
                      else block)
    return "\n\n".join(blocks)


def console(stderr: bool = False):
    """A rich Console that colours only on a terminal (rich honours NO_COLOR and FORCE_COLOR)
    and shows control characters from the plan as escapes (output/safe.py).
    Imported here, not at the top, so that `hp --help` outside a terminal never loads rich."""
    from handlingsplan.output.safe import safe_console

    return safe_console(stderr=stderr, highlight=False, soft_wrap=True, emoji=False)


def say_error(message: str, hint: str | None = None) -> None:
    """`feil: …` and `tips: …` on stderr, as every error of hp is shown."""
    from rich.markup import escape

    from handlingsplan.output.safe import visible

    err = console(stderr=True)
    err.print(f"[bold red]feil:[/] {escape(visible(message))}")
    if hint:
        err.print(f"[bold]tips:[/] {escape(visible(hint))}")


def fail(message: str, hint: str | None = None, code: int = EXIT_CANNOT_RUN) -> NoReturn:
    """Stop the command with a Norwegian message on stderr and the contract's exit code."""
    say_error(message, hint)
    raise typer.Exit(code)


def handled(command):
    """The one error handler of the command line (as RenderCV's cli/error_handler.py): a
    problem the user must fix (HpError) becomes `feil: …` / `tips: …` and its exit code, with
    the plan's diagnostics first when it carries them (render). Every command is wrapped."""
    @functools.wraps(command)
    def run(*args, **kwargs):
        from handlingsplan.errors import HpError

        try:
            return command(*args, **kwargs)
        except HpError as exc:
            programme = getattr(exc, "programme", None)
            diagnostics = getattr(exc, "diagnostics", None)
            if programme is not None and diagnostics:
                show_diagnostics(console(stderr=True), programme, diagnostics)
            hint = exc.hint
            if hint is None and _not_found(exc):
                name = command.__name__
                hint = (f"Gå til programmappen, eller oppgi den: hp {name} STI. Et nytt program "
                        "lages med «hp init».")
            fail(exc.message, hint, code=exc.code)

    return run


def _not_found(exc: Exception) -> bool:
    from handlingsplan.loader.programme import ProgrammeNotFound

    return isinstance(exc, ProgrammeNotFound)


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


# The option every report command shares: PowerShell's `>` writes UTF-16 or the console's code
# page and garbles æøå, so reports can go straight to a UTF-8 file.
OutOption = Annotated[Path | None, typer.Option(
    "--out", "-o", metavar="FIL", show_default=False, dir_okay=False,
    help="Skriv resultatet til denne filen (UTF-8) i stedet for til skjermen.")]


class Report:
    """Where a command's report goes: the terminal (stdout), or a UTF-8 file written
    atomically when the command ends (--out). Use `text()` for machine formats and
    `console` for what rich renders."""

    def __init__(self, out: Path | None, *, updates: bool = False):
        import io

        self.out = out
        self.updates = updates  # the report is an edit of the file it read (hp rules)
        self._buffer = io.StringIO() if out is not None else None

    @functools.cached_property
    def console(self):
        """Made on first use: machine formats never import rich."""
        if self._buffer is None:
            return console()
        from handlingsplan.output.safe import safe_console

        return safe_console(file=self._buffer, width=100, color_system=None, highlight=False,
                            soft_wrap=True, emoji=False)

    @property
    def plain(self) -> TextIO | None:
        """Where the report can go as plain text, without rich: the --out file's buffer, or
        standard output when rich would not colour it (not a terminal, and neither FORCE_COLOR
        nor TTY_COMPATIBLE=1 asks for colour); None when it takes the console."""
        if self._buffer is not None:
            return self._buffer
        if (sys.stdout.isatty() or os.environ.get("FORCE_COLOR")
                or os.environ.get("TTY_COMPATIBLE") == "1"):
            return None
        return sys.stdout

    def text(self, data: str) -> None:
        if self._buffer is None:
            write_stdout(data)
        else:
            self._buffer.write(data)

    def finish(self) -> None:
        """Write the file (nothing to do on a terminal); stops the command on failure."""
        if self._buffer is None or self.out is None:
            return
        from handlingsplan.files import Refused, write_atomic

        try:
            write_atomic(self.out, self._buffer.getvalue().encode("utf-8"),
                         replace_input=self.updates)
        except Refused as exc:
            fail(exc.message, exc.hint)


def show_diagnostics(out, programme, diagnostics, strict: bool = False) -> None:
    """The diagnostics as `hp validate` shows them, with excerpts from every file of the
    programme (hp.toml included) and paths as the user would type them from here; on a rich
    console, or as plain text on a stream (see output.text.render)."""
    from handlingsplan.loader.yamlfile import split_lines
    from handlingsplan.output.text import render

    texts = {f.rel: f.lines() for f in programme.files}
    if programme.config.text:
        texts["hp.toml"] = split_lines(programme.config.text)
    root = programme.root
    render(out, diagnostics, lambda rel: texts.get(rel, []), lambda rel: shown_path(root / rel),
           len(programme.files), strict)
