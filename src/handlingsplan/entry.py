"""The `hp` console script: the safety net goes up before anything else is imported, so that
no start-up, Ctrl-C or closed output ever ends in a Python traceback."""

from __future__ import annotations

import gc
import os
import sys

EXIT_CANNOT_RUN = 2


def _say(text: str) -> None:
    stream = sys.stderr
    if stream is None:
        return
    try:
        print(text, file=stream)
        stream.flush()
    except (OSError, ValueError):
        pass


def _streams() -> None:
    """A closed stdout or stderr (`hp validate >&-`) becomes a sink: the exit code still
    tells the result. Output that is not a terminal is UTF-8 whatever the console's code page."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
    if not sys.stdout.isatty() and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")


def main() -> None:
    """Entry point of `hp`: exit 0, 1 or 2 as in the contract, never a traceback."""
    try:
        # Pydantic looks for plugins in the entry points of every installed package when hp
        # builds its first model: none are wanted, whatever else the environment holds. Set
        # here, not on import, so that a program using the library keeps its plugins; an
        # explicit value wins.
        os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
        # A run of hp is short and keeps what it builds (modules, models, the plan and the
        # position of every key in it) until it exits: the cyclic garbage collector would only
        # walk the same objects again and again (a fifth of validating a large programme).
        gc.disable()
        _streams()
        from handlingsplan.cli import app

        app()
        code: int = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if code == 130:  # Typer's answer to Ctrl-C inside a command
            _say("Avbrutt.")
            code = EXIT_CANNOT_RUN
    except KeyboardInterrupt:  # Ctrl-C while starting up
        _say("Avbrutt.")
        code = EXIT_CANNOT_RUN
    except Exception as exc:  # the last line of defence
        if os.environ.get("HP_DEBUG"):
            raise
        from handlingsplan.output.safe import visible

        _say(f"feil: intern feil i hp ({type(exc).__name__}: {visible(str(exc))}).\n"
             "tips: Dette er en feil i hp, ikke i planen. Kjør med HP_DEBUG=1 for detaljer, "
             "og meld gjerne fra.")
        code = EXIT_CANNOT_RUN
    _exit(code)


def _exit(code: int) -> None:  # never returns (typing is not imported this early)
    """End the process without tearing the interpreter down: freeing every module and object
    one by one takes 30 ms, more than checking a plan, and nothing of hp's waits for it (its
    files are written and closed; the exit handlers of logging, matplotlib and Pillow have
    nothing to finish). Output still buffered is written first; if it cannot be, a run that
    went well says so with exit 2."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:  # the reader went away: the exit code still tells (as Click)
            pass
        except (OSError, ValueError):  # a full disk, a closed stream
            code = code or EXIT_CANNOT_RUN
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    main()
