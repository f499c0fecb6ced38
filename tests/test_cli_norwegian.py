"""Typer's and Click's own texts in bokmål, from hp's own code (cli/norwegian.py): the help
layout and the usage errors, the same through CliRunner and the console script, with every
Typer between the floor in pyproject.toml and the newest, and without touching the process."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from handlingsplan.cli import app

ENGLISH = ("Usage", "Options", "Arguments", "Commands", "Show this message", "Error", "Try '",
           "No such", "Invalid value", "Got unexpected", "Did you mean", "Missing",
           "requires an argument", "does not take", "Traceback")


@pytest.fixture(autouse=True)
def _plain(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "200")


def hp(*args: str):
    result = CliRunner().invoke(app, list(args))
    return result, " ".join((result.stdout + result.stderr).split())


def no_english(out: str) -> None:
    assert [word for word in ENGLISH if word in out] == [], out


# --- importing changes nothing --------------------------------------------------------------------


def test_importing_the_cli_leaves_the_process_alone():
    code = (
        "import gettext, os\n"
        "env, domain = dict(os.environ), gettext.bindtextdomain('messages')\n"
        "import handlingsplan.entry, handlingsplan.cli\n"
        "assert dict(os.environ) == env, set(os.environ.items()) ^ set(env.items())\n"
        "assert gettext.bindtextdomain('messages') == domain\n"
        "assert gettext.textdomain() == 'messages'\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL")}
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr


# --- help -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_is_norwegian(flag):
    result, out = hp(flag)
    assert result.exit_code == 0
    assert out.startswith("Bruk: hp [VALG] KOMMANDO [ARGUMENTER]...")
    assert "Valg:" in out and "Kommandoer:" in out
    assert "-h, --help Vis denne hjelpen og avslutt." in out
    assert "-V, --version Vis versjonen og avslutt." in out
    no_english(out)


@pytest.mark.parametrize("command", ["init", "validate", "render", "calendar", "status",
                                     "schema", "rules"])
def test_command_help_is_norwegian(command):
    result, out = hp(command, "-h")
    assert result.exit_code == 0
    assert out.startswith(f"Bruk: hp {command} [VALG]")
    assert "Argumenter:" in out and "Valg:" in out
    assert "Vis denne hjelpen og avslutt." in out
    no_english(out)
    assert "[default" not in out and "[required" not in out


# --- usage errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "message", "hint"), [
    (["validate", "--nope"], "Ukjent valg «--nope».", "Prøv «hp validate --help»."),
    (["validate", "--yeer", "2027"], "Ukjent valg «--yeer».",
     "Mente du «--year»? Prøv «hp validate --help»."),
    (["--nope"], "Ukjent valg «--nope».", "Prøv «hp --help»."),
    (["valdate"], "Ukjent kommando «valdate».", "Mente du «validate»? Prøv «hp --help»."),
    (["xyzzy"], "Ukjent kommando «xyzzy».", "Prøv «hp --help»."),
    (["validate", "--format", "xml"],
     "Ugyldig verdi for «--format» / «-f»: «xml» er ikke blant text, json, github, sarif.",
     "Prøv «hp validate --help»."),
    (["status", "-f", "pdf"],
     "Ugyldig verdi for «--format» / «-f»: «pdf» er ikke blant text, json, md.",
     "Prøv «hp status --help»."),
    (["validate", "--year"], "Valget «--year» trenger en verdi.", "Prøv «hp validate --help»."),
    (["validate", "--strict=ja"], "Valget «--strict» tar ingen verdi.",
     "Prøv «hp validate --help»."),
    (["rules", "HP301", "x"], "Uventet argument: x.", "Prøv «hp rules --help»."),
    (["rules", "HP301", "x", "y"], "Uventede argumenter: x y.", "Prøv «hp rules --help»."),
])
def test_usage_errors_are_norwegian(args, message, hint):
    result, out = hp(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"feil: {message}", f"tips: {hint}"]
    no_english(out)


def test_a_year_that_is_no_number():
    result, out = hp("validate", "--year", "abc")
    assert result.exit_code == 2
    # Click names the value; Typer >= 0.26 (through Pydantic) does not
    assert out.startswith("feil: Ugyldig verdi for «--year» / «-y»: ")
    assert "«abc» er ikke et heltall." in out or "verdien må være et heltall." in out
    no_english(out)


def test_a_folder_where_a_file_belongs(tmp_path):
    result, out = hp("calendar", "--ics", str(tmp_path))
    assert result.exit_code == 2
    assert f"feil: Ugyldig verdi for «--ics»: «{tmp_path}» er en mappe, ikke en fil." in out
    no_english(out)


def test_a_missing_argument_is_norwegian():
    """No hp command has a required argument yet: Click's error as Click raises it."""
    from types import SimpleNamespace

    from handlingsplan.cli.norwegian import translate

    class MissingParameter(Exception):
        message = ""
        param = SimpleNamespace(param_type_name="argument", metavar="STI", name="path")

    assert translate(MissingParameter()) == ("Mangler argumentet «STI».", None)


def test_what_is_not_recognised_keeps_its_words():
    from handlingsplan.cli.norwegian import translate

    class UsageError(Exception):
        message = "Noe helt annet."

    assert translate(UsageError()) == ("Noe helt annet.", None)


# --- the real console script ----------------------------------------------------------------------


def _console_script() -> Path:
    script = Path(sys.executable).with_name("hp")
    if not script.exists():  # pragma: no cover
        pytest.skip("the hp console script is not installed next to this Python")
    return script


def run_hp(*args: str, tmp_path: Path, **env: str) -> tuple[int, str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "FORCE_COLOR")}
    environ.update(NO_COLOR="1", COLUMNS="200", **env)
    proc = subprocess.run([str(_console_script()), *args], cwd=tmp_path, env=environ,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    text = re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout + proc.stderr)  # FORCE_COLOR's colours
    return proc.returncode, " ".join(text.split())


@pytest.mark.parametrize("language", ["", "en_US:en"])
def test_console_script_usage_error(tmp_path, language):
    code, out = run_hp("validate", "--nope", tmp_path=tmp_path, LANGUAGE=language)
    assert code == 2
    assert out == "feil: Ukjent valg «--nope». tips: Prøv «hp validate --help»."


def test_console_script_rich_help_has_norwegian_panels(tmp_path):
    """On a terminal (here: FORCE_COLOR) the help is Typer's rich layout, with hp's panels."""
    code, out = run_hp("validate", "--help", tmp_path=tmp_path, FORCE_COLOR="1")
    assert code == 0
    assert "Bruk: hp validate [VALG] [STI]" in out
    for panel in ("─ Argumenter ─", "─ Valg ─"):
        assert panel in out
    assert "Vis denne hjelpen og avslutt." in out
    no_english(out)

    code, out = run_hp("-h", tmp_path=tmp_path, FORCE_COLOR="1")
    assert code == 0
    assert "─ Valg ─" in out and "─ Kommandoer ─" in out
    no_english(out)
