"""Norwegian for what Typer and Click write themselves: the help layout ("Bruk:", "Valg",
"Argumenter", "Kommandoer", -h/--help) and the usage errors (`feil: …` / `tips: …`, exit 2).

Why not gettext: Click and Typer up to 0.25 translate their texts through `gettext.gettext`,
so hp used to bind the process-wide default domain to a catalogue of its own and set
LANGUAGE=nb on import. Typer 0.26 and later bundle their own copy of Click that no longer
calls gettext, so "Usage:", "Show this message and exit." and every usage error stayed English
there; and an import that changes the process's environment is a trap for whoever imports
`handlingsplan.cli`. The texts now come from hp's own code, the same with every Typer from the
floor in pyproject.toml to the newest, whatever the environment says.

How, through public extension points only (no `typer._click`, nothing monkeypatched):

- `Typer(cls=HpGroup)` for the app and `cls=HpCommand` for every command (`typer.core`'s
  TyperGroup and TyperCommand are the classes Typer documents for customising commands);
- they override Click's public Command API: `format_usage` (`write_usage(prefix="Bruk: ")`),
  `format_options` and `format_commands` (the headings of the plain layout),
  `get_help_option` (the help text of -h/--help), `resolve_command` (unknown commands) and
  `main`;
- every parameter and command gets a Norwegian `rich_help_panel`, which names the panels of
  Typer's rich layout (used on a terminal);
- `HpGroup.main` runs Typer with `standalone_mode=False`, so that Click's usage errors come
  back as exceptions instead of being printed in English, and prints them as hp prints every
  error. They are recognised by Click's public class names (ClickException, NoSuchOption,
  BadParameter, …), the same in the real Click and in Typer's copy of it, and read through
  their public attributes (`option_name`, `possibilities`, `param`); the few messages Click
  only gives as text are matched in their English wording. Anything not recognised is shown
  as Click worded it, behind `feil:`.

Because this lives in the command classes, not in `entry.main()`, tests that run
`handlingsplan.cli.app` through `typer.testing.CliRunner` see the same Norwegian as the `hp`
console script. Measured (median of 40 runs, Typer 0.25 and 0.29): `hp --help` takes 85 ms
as it did with the gettext catalogue (nothing more is imported); a usage error takes about
45 ms more than Click's English one did, for importing rich, which shows every error of hp.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

HELP_OPTION_HELP = "Vis denne hjelpen og avslutt."
ARGUMENTS, OPTIONS, COMMANDS = "Argumenter", "Valg", "Kommandoer"
USAGE_PREFIX = "Bruk: "


class UnknownCommand(Exception):
    """`hp valdate`: raised before Click words it, with hp's own suggestion."""

    def __init__(self, name: str, ctx: Any, close: str | None):
        super().__init__(name)
        self.name, self.ctx, self.close = name, ctx, close


class _Norwegian:
    """What HpGroup and HpCommand share: Norwegian panels, headings and help option."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:  # type: ignore[attr-defined]
            if not getattr(param, "rich_help_panel", None):
                param.rich_help_panel = (ARGUMENTS if param.param_type_name == "argument"
                                         else OPTIONS)

    def parse_args(self, ctx, args):
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc]
        except Exception as exc:
            if is_click_error(exc) and getattr(exc, "ctx", False) is None:
                exc.ctx = ctx  # type: ignore[attr-defined]  # Click's parser leaves some out
            raise

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_OPTION_HELP
            option.rich_help_panel = OPTIONS
        return option

    def format_usage(self, ctx, formatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=USAGE_PREFIX)

    def collect_usage_pieces(self, ctx) -> list[str]:
        """[VALG] and the arguments, optional ones in brackets, the same in every Typer (some
        leave the brackets out when an argument has a metavar)."""
        pieces = [self.options_metavar] if self.options_metavar else []  # type: ignore[attr-defined]
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if param.param_type_name == "argument":
                pieces.append(_argument(param))
        return pieces

    def format_options(self, ctx, formatter) -> None:
        """The plain layout (not a terminal): arguments and options under Norwegian headings.
        An argument is shown by its metavar and help alone, the same in every Typer."""
        arguments, options = [], []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if getattr(param, "hidden", False):
                continue
            if param.param_type_name == "argument":
                arguments.append((_argument(param), getattr(param, "help", None) or ""))
            else:
                record = param.get_help_record(ctx)
                if record is not None:
                    options.append(record)
        for title, rows in ((ARGUMENTS, arguments), (OPTIONS, options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def _argument(param) -> str:
    name = param.metavar or param.name.upper()
    name = name if param.required else f"[{name}]"
    return name if param.nargs == 1 else f"{name}..."


class HpCommand(_Norwegian, TyperCommand):
    """Every `hp` command (`app.command(cls=HpCommand)`)."""


class HpGroup(_Norwegian, TyperGroup):
    """The `hp` app itself (`Typer(cls=HpGroup)`): also the commands' heading, unknown
    commands, and usage errors in Norwegian."""

    def collect_usage_pieces(self, ctx) -> list[str]:
        return [*super().collect_usage_pieces(ctx), self.subcommand_metavar]

    def format_options(self, ctx, formatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx, formatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=formatter.width)))
        if rows:
            with formatter.section(COMMANDS):
                formatter.write_dl(rows)

    def resolve_command(self, ctx, args):
        name = args[0] if args else ""
        if (name and not name.startswith("-") and not ctx.resilient_parsing
                and self.get_command(ctx, name) is None):
            from handlingsplan.suggest import suggest

            raise UnknownCommand(name, ctx, suggest(name, self.list_commands(ctx)))
        return super().resolve_command(ctx, args)

    def main(self, args=None, prog_name=None, complete_var=None,  # type: ignore[override]
             standalone_mode=True, **extra: Any) -> Any:  # (its typing differs by Typer release)
        """Run the command line; in standalone mode (the console script, CliRunner) usage
        errors are shown in Norwegian and end with exit code 2."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False,
                                  **extra)
        except UnknownCommand as exc:
            hint = f"Mente du «{exc.close}»? " if exc.close else ""
            _error(f"Ukjent kommando «{exc.name}».",
                   f"{hint}Prøv «{exc.ctx.command_path} --help».")
        except typer.Abort:  # Ctrl-D at a question
            _say_aborted()
        except Exception as exc:
            if not is_click_error(exc):
                raise
            _usage_error(exc)
        # Typer returns the exit code of typer.Exit, and a command's own value otherwise
        # (hp's commands return None)
        sys.exit(result if isinstance(result, int) else 0)


def is_click_error(exc: BaseException) -> bool:
    """An error Click shows to the user (a ClickException), whichever Click Typer runs on:
    the real one before Typer 0.26, its own copy since. Told by Click's public class name,
    because Typer 0.26.0 to 0.27.1 export no base class for the errors of their copy."""
    return any(cls.__name__ == "ClickException" for cls in type(exc).__mro__)


def _usage_error(exc: BaseException) -> None:
    kinds = {cls.__name__ for cls in type(exc).__mro__}
    ctx = getattr(exc, "ctx", None)
    if "NoArgsIsHelpError" in kinds:  # `hp` alone: the help, as Click shows it
        exc.show()  # type: ignore[attr-defined]
        sys.exit(getattr(exc, "exit_code", 2))
    message, close = translate(exc)
    path = ctx.command_path if ctx is not None else "hp"
    hint = f"Mente du {close}? " if close else ""
    _error(message, f"{hint}Prøv «{path} --help».")


def translate(exc: BaseException) -> tuple[str, str | None]:
    """A Click usage error in Norwegian, and what the user may have meant (or None)."""
    kinds = {cls.__name__ for cls in type(exc).__mro__}
    text = str(getattr(exc, "message", None) or exc)
    if "NoSuchOption" in kinds:
        possible = sorted(getattr(exc, "possibilities", None) or [])
        close = ", ".join(f"«{p}»" for p in possible) or None
        return f"Ukjent valg «{getattr(exc, 'option_name', text)}».", close
    if "MissingParameter" in kinds:
        what = "argumentet" if _is_argument(getattr(exc, "param", None)) else "valget"
        return f"Mangler {what} {_param_name(exc)}.", None
    if "BadParameter" in kinds:
        return f"Ugyldig verdi for {_param_name(exc)}: {_value_message(text)}", None
    if "BadOptionUsage" in kinds:
        name = getattr(exc, "option_name", "")
        if "does not take a value" in text:
            return f"Valget «{name}» tar ingen verdi.", None
        if "requires" in text:
            return f"Valget «{name}» trenger en verdi.", None
        return f"Feil bruk av valget «{name}»: {text}", None
    extra = re.fullmatch(r"Got unexpected extra arguments?(?:\(s\))? \((.*)\)", text)
    if extra:
        words = extra.group(1)
        return (f"Uventet argument: {words}." if len(words.split()) == 1
                else f"Uventede argumenter: {words}."), None
    if text == "Missing command.":
        return "Mangler kommando.", None
    return text, None


def _is_argument(param: Any) -> bool:
    return getattr(param, "param_type_name", "") == "argument"


def _param_name(exc: BaseException) -> str:
    """«--format» / «-f» for an option, «STI» for an argument."""
    param = getattr(exc, "param", None)
    if param is None:
        hint = getattr(exc, "param_hint", None)
        names = [hint] if isinstance(hint, str) else list(hint or [])
    elif _is_argument(param):
        names = [param.metavar or param.name.upper()]
    else:
        names = list(param.opts)
    return " / ".join(f"«{name.strip(chr(39))}»" for name in names) or "parameteren"


_QUOTED = r"'([^'\\]*)'"
_PATH = rf"(?i:file|dir|directory|path) {_QUOTED}"
_VALUE_MESSAGES = [  # the messages of Click's and Typer's types for hp's parameter types
    (rf"(?:Value error, )?{_QUOTED} is not one of (.*)\.",
     lambda m: f"«{m[1]}» er ikke blant {m[2].replace(chr(39), '')}."),
    (rf"(?:Value error, )?{_QUOTED} is not {_QUOTED}\.", lambda m: f"«{m[1]}» er ikke «{m[2]}»."),
    (rf"(?:Value )?{_QUOTED} is not a valid (?:integer|int)\.?",
     lambda m: f"«{m[1]}» er ikke et heltall."),
    (r"Input should be a valid integer.*", lambda m: "verdien må være et heltall."),
    (rf"{_PATH} is a directory\.", lambda m: f"«{m[1]}» er en mappe, ikke en fil."),
    (rf"{_PATH} is a file\.", lambda m: f"«{m[1]}» er en fil, ikke en mappe."),
    (rf"{_PATH} does not exist\.", lambda m: f"«{m[1]}» finnes ikke."),
    (rf"{_PATH} is not readable\.", lambda m: f"«{m[1]}» kan ikke leses."),
    (rf"{_PATH} is not writable\.", lambda m: f"«{m[1]}» kan ikke skrives til."),
]


def _value_message(text: str) -> str:
    for pattern, norwegian in _VALUE_MESSAGES:
        match = re.fullmatch(pattern, text.strip(), re.DOTALL)
        if match:
            return norwegian(match)
    return text


def _error(message: str, hint: str) -> None:
    from handlingsplan.cli.common import EXIT_CANNOT_RUN, say_error

    say_error(message, hint)
    sys.exit(EXIT_CANNOT_RUN)


def _say_aborted() -> None:
    from handlingsplan.cli.common import EXIT_CANNOT_RUN

    print("Avbrutt.", file=sys.stderr)
    sys.exit(EXIT_CANNOT_RUN)
