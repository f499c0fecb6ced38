"""Typer's and Click's own texts in bokmål: the catalogue in handlingsplan/locale, bound by
cli/i18n.py when handlingsplan.cli is imported.

Typer >= 0.26 ships its own copy of Click (`typer._click`) that no longer goes through gettext,
which is why pyproject.toml keeps Typer below 0.26 (with the real Click).
"""

from __future__ import annotations

import ast
import gettext
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from handlingsplan.cli import app, i18n
from handlingsplan.locale import compile as catalogue

PO = Path(i18n.LOCALE_DIR) / "nb" / "LC_MESSAGES" / "messages.po"


def test_typer_uses_the_real_click():
    assert importlib.util.find_spec("typer._click") is None, "see pyproject.toml: typer<0.26"

# In this process Typer translated its panel titles once, with the LANGUAGE of the moment;
# a user's own choice of language (say LANGUAGE=en_US:en) is respected, so those tests only
# make sense without one. The console-script tests below set the environment themselves.
_language = os.environ.get("LANGUAGE", "")
in_norwegian = pytest.mark.skipif(
    _language.split(":")[0].split("_")[0] != "nb",
    reason=f"LANGUAGE={_language} chosen outside hp; see the console-script tests")


@pytest.fixture(autouse=True)
def _plain(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "200")


def hp(*args: str):
    result = CliRunner().invoke(app, list(args))
    return result, " ".join((result.stdout + result.stderr).split())


# --- the catalogue --------------------------------------------------------------------------------


def test_catalogue_is_sound_and_compiled():
    entries = catalogue.read_po(PO)
    assert catalogue.problems(entries) == []
    assert PO.with_suffix(".mo").read_bytes() == catalogue.mo_bytes(entries), (
        "messages.mo is stale: run python src/handlingsplan/locale/compile.py")


def test_the_compiled_catalogue_translates_plurals():
    with PO.with_suffix(".mo").open("rb") as f:
        nb = gettext.GNUTranslations(f)
    assert nb.gettext("Usage:") == "Bruk:"
    extra = "Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"
    assert nb.ngettext(*extra, 1) == "Uventet ekstra argument ({args})"
    assert nb.ngettext(*extra, 2) == "Uventede ekstra argumenter ({args})"


def _messages(package: str) -> set[str]:
    """The msgids a package passes to gettext/ngettext (`_("…")` and the like) as literals."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return set()
    found = set()
    for path in Path(next(iter(spec.submodule_search_locations))).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            first = node.args[0]
            if (name in ("_", "gettext", "ngettext") and isinstance(first, ast.Constant)
                    and isinstance(first.value, str)):
                found.add(first.value)
    return found


def test_the_catalogue_covers_every_text_typer_and_click_translate():
    wanted = _messages("typer") | _messages("click")
    assert wanted, "found no translatable texts in Typer"
    have = {entry.msgid for entry in catalogue.read_po(PO)}
    assert sorted(wanted - have) == [], "add these to messages.po and compile it"


# --- through CliRunner ----------------------------------------------------------------------------


@in_norwegian
def test_help_panels_are_norwegian():
    result, out = hp("--help")
    assert result.exit_code == 0
    assert "Valg" in out and "Kommandoer" in out
    assert "Options" not in out and "Commands" not in out


@in_norwegian
def test_command_help_panels_are_norwegian():
    result, out = hp("schema", "--help")
    assert result.exit_code == 0
    assert "Argumenter" in out and "Valg" in out
    assert "Arguments" not in out and "Options" not in out


def test_help_usage_and_help_option_are_norwegian():
    _, out = hp("--help")
    assert "Bruk: " in out and "Usage:" not in out
    assert "Vis denne hjelpen og avslutt." in out and "Show this message" not in out


@in_norwegian
def test_usage_error_frame_is_norwegian():
    result, out = hp("validate", "--yeer", "2027")
    assert result.exit_code == 2
    # Typer's rich frame says «hp validate -h», Click's plain layout (not a terminal) «--help»
    assert re.search(r"Prøv «hp validate (-h|--help)» for hjelp\.", out)
    assert "feil" in out.lower() and "Error" not in out and "Try '" not in out


def test_unknown_option_is_norwegian_and_suggests_year():
    result, out = hp("validate", "--yeer", "2027")
    assert result.exit_code == 2
    assert "Ukjent valg" in out and "Mente du" in out and "--year" in out
    assert "No such option" not in out


def test_unknown_command_is_norwegian_and_suggests_validate():
    result, out = hp("valdate")
    assert result.exit_code == 2
    assert "Ukjent kommando 'valdate'." in out
    assert "'validate'" in out  # Typer appends its suggestion in English ("Did you mean")
    assert "No such command" not in out


def test_bad_choice_is_norwegian():
    result, out = hp("validate", "--format", "xml")
    assert result.exit_code == 2
    assert "Ugyldig verdi for '--format'" in out
    assert "'xml' er ikke blant 'text', 'json', 'github', 'sarif'." in out


def test_extra_arguments_are_norwegian():
    result, out = hp("rules", "HP301", "x", "y")
    assert result.exit_code == 2
    assert "Uventede ekstra argumenter (x y)" in out


# --- the real console script ----------------------------------------------------------------------


def _console_script() -> Path:
    script = Path(sys.executable).with_name("hp")
    if not script.exists():  # pragma: no cover
        pytest.skip("the hp console script is not installed next to this Python")
    return script


def run_hp(*args: str, tmp_path: Path, language: str | None) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "FORCE_COLOR")}
    env.update(NO_COLOR="1", COLUMNS="200")
    if language is not None:
        env["LANGUAGE"] = language
    proc = subprocess.run([str(_console_script()), *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    return proc.returncode, " ".join((proc.stdout + proc.stderr).split())


def test_console_script_is_norwegian_without_language(tmp_path):
    code, out = run_hp("--help", tmp_path=tmp_path, language=None)
    assert code == 0
    assert "Valg" in out and "Kommandoer" in out
    assert "Options" not in out and "Commands" not in out

    code, out = run_hp("valdate", tmp_path=tmp_path, language=None)
    assert code == 2
    assert "feil" in out.lower() and "Ukjent kommando 'valdate'." in out and "'validate'" in out
    assert re.search(r"Prøv «hp (-h|--help)» for hjelp\.", out)


def test_console_script_usage_is_norwegian_without_language(tmp_path):
    code, out = run_hp("validate", "--yeer", "2027", tmp_path=tmp_path, language=None)
    assert code == 2
    assert "Bruk: hp validate" in out and "Ukjent valg" in out and "Mente du" in out


def test_an_explicit_language_is_respected(tmp_path):
    code, out = run_hp("--help", tmp_path=tmp_path, language="en")
    assert code == 0
    assert "Usage:" in out and "Options" in out and "Commands" in out
    assert "Kommandoer" not in out

    code, out = run_hp("valdate", tmp_path=tmp_path, language="en")
    assert code == 2
    assert "Error" in out and "No such command 'valdate'." in out
    assert re.search(r"Try 'hp (-h|--help)' for help\.", out)
