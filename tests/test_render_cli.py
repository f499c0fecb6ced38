"""`hp render` on the command line: files, exit codes, messages, Markdown, reproducibility."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from helpers import EXAMPLE, NYNORSK_EXAMPLE, edit
from typer.testing import CliRunner

from handlingsplan.cli import app

NBSP = "\u00a0"


pytestmark = pytest.mark.usefixtures("plain")


def hp(*args: str | Path):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_renders_the_newest_year_into_ut_of_the_programme(copy_programme, monkeypatch):
    root = copy_programme()
    monkeypatch.chdir(root)
    result = hp("render")
    assert result.exit_code == 0, result.output
    assert (root / "ut" / "handlingsplan-2027.docx").is_file()  # ut/ is in the .gitignore
    assert "for 2027 (det nyeste planåret) er laget: ut/handlingsplan-2027.docx" in result.output
    assert not list((root / "ut").glob(".*.tmp"))  # written atomically, nothing left behind
    assert hp("render").exit_code == 0  # and again, now that ut/ exists


def test_year_and_out(tmp_path):
    out = tmp_path / "plan.docx"
    result = hp("render", EXAMPLE, "--year", "2026", "--out", out)
    assert result.exit_code == 0, result.output
    doc = docx.Document(out)
    assert doc.core_properties.title == "Handlingsplan 2026 – Omstillingsprogrammet i Straumsvik"
    assert "(det nyeste planåret)" not in result.output


def test_out_may_be_a_folder(tmp_path):
    result = hp("render", NYNORSK_EXAMPLE, "-y", "2027", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "handlingsplan-2027.docx").is_file()


def test_a_plan_with_errors_is_refused_listing_the_errors(copy_programme, tmp_path):
    root = copy_programme()
    edit(root / "2027/3-strategier-og-tiltak.yaml", "    budsjett: 600000", "    budsjet: 600000")
    out = tmp_path / "plan.docx"
    result = hp("render", root, "-o", out)
    assert result.exit_code == 1
    assert "feil[HP101]" in result.output and "2027/3-strategier-og-tiltak.yaml" in result.output
    assert "har feil, så dokumentet lages ikke" in result.output
    assert "--force" in result.output
    assert not out.exists()


def test_force_makes_a_draft_marked_with_its_errors(copy_programme, tmp_path):
    root = copy_programme()
    edit(root / "2027/3-strategier-og-tiltak.yaml", "    budsjett: 600000", "    budsjet: 600000")
    out = tmp_path / "utkast.docx"
    result = hp("render", root, "-o", out, "--force")
    assert result.exit_code == 0, result.output
    assert "merket som utkast med feil" in result.output
    doc = docx.Document(out)
    assert any(p.text == "Utkast med feil" for p in doc.paragraphs[:10])


@pytest.mark.parametrize(("args", "message"), [
    (["-y", "2031"], "ingen handlingsplan for 2031"),
    (["--template", "finnes-ikke.docx"], "Finner ikke Word-malen"),
    (["-o", "mappe-som-mangler/plan.docx"], "Mappen «mappe-som-mangler» finnes ikke"),
    (["-o", "-"], "Bare Markdown kan skrives til standard ut"),
])
def test_cannot_run_is_exit_2_with_a_norwegian_message(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = hp("render", EXAMPLE, *args)
    assert result.exit_code == 2
    assert "feil:" in result.output and message in result.output
    assert "Traceback" not in result.output


def test_an_unwritable_path_is_exit_2(tmp_path):
    (tmp_path / "fil").write_text("x")
    result = hp("render", EXAMPLE, "-o", tmp_path / "fil" / "plan.docx")
    assert result.exit_code == 2
    assert "Kan ikke skrive" in result.output


def test_no_programme_is_exit_2(tmp_path):
    result = hp("render", tmp_path)
    assert result.exit_code == 2
    assert "Fant ikke noe omstillingsprogram" in result.output


def test_a_broken_text_template_is_exit_2_not_a_traceback(copy_programme, tmp_path):
    root = copy_programme()
    (root / "maler").mkdir()
    (root / "maler" / "forside.md.j2").write_text("{{ plan.undertittel }}\n", encoding="utf-8")
    (root / "hp.toml").write_text('[dokument]\nmaler = "maler"\n', encoding="utf-8")
    result = hp("render", root, "-o", tmp_path)
    assert result.exit_code == 2
    assert "Feil i malen «forside.md.j2», linje 1: «undertittel» finnes ikke." in result.output


# --- Markdown ----------------------------------------------------------------------------------


def test_markdown_with_figures_next_to_it(tmp_path):
    result = hp("render", EXAMPLE, "-f", "md", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "handlingsplan-2027.md").read_text(encoding="utf-8")
    figures = sorted(p.name for p in (tmp_path / "handlingsplan-2027-figurer").iterdir())
    assert figures == ["budsjett.png", "kostnader.png", "maloppnaelse.png"]
    assert "![Figur 3: Rammer 2027 per innsatsområde: fordelt til tiltak og ikke fordelt]" \
           "(handlingsplan-2027-figurer/budsjett.png)" in text
    assert [line for line in text.splitlines() if line.startswith("# ")] == [
        "# Handlingsplan 2027 – Omstillingsprogrammet i Straumsvik",
        "# Sammendrag",
        "# Forslag til vedtak",
        "# Endringer fra handlingsplanen for 2026",
        "# 1 Mål og innsatsområder fra omstillingsplanen",
        "# 2 Resultater fra tidligere omstillingsår",
        "# 3 Strategier og tiltak for innsatsområdene",
        "# 4 Ressursinnsats og finansiering",
        "# 5 Kommunikasjonsplan",
        "# Oppfølging og årshjul"]
    assert f"| **Sum kostnader** | **4{NBSP}380{NBSP}000{NBSP}kr** | **100,0{NBSP}%** |" in text
    assert "- **Straumsvik Fiskeindustri AS** la ned" in text


def test_markdown_and_word_say_the_same(tmp_path):
    assert hp("render", NYNORSK_EXAMPLE, "-f", "md", "-o", tmp_path).exit_code == 0
    assert hp("render", NYNORSK_EXAMPLE, "-o", tmp_path).exit_code == 0
    text = (tmp_path / "handlingsplan-2027.md").read_text(encoding="utf-8")
    doc = docx.Document(tmp_path / "handlingsplan-2027.docx")
    for level in (1, 2, 3):
        in_word = [p.text for p in doc.paragraphs if p.style.name == f"Heading {level}"]
        in_md = [line[level + 1:] for line in text.splitlines()
                 if line.startswith("#" * level + " ")]
        if level == 1:
            in_md = in_md[1:]  # the title
        assert in_md == in_word
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                for word in re.findall(r"\d[\d\u00a0]*\u00a0kr", cell.text):
                    assert word in text


def test_markdown_to_standard_output():
    result = hp("render", EXAMPLE, "-f", "md", "-o", "-")
    assert result.exit_code == 0
    assert result.output.startswith("**Straumsvik kommune**")
    assert "*Figur 1: Hovedmålene" in result.output


# --- reproducible ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["docx", "md"])
def test_byte_identical_renders(tmp_path, fmt):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    assert hp("render", EXAMPLE, "-f", fmt, "-o", first).exit_code == 0
    assert hp("render", EXAMPLE, "-f", fmt, "-o", second).exit_code == 0
    for path in sorted(first.rglob("*")):
        if path.is_file():
            assert path.read_bytes() == (second / path.relative_to(first)).read_bytes(), path


def test_heavy_libraries_are_not_imported_by_the_cli():
    code = ("import sys, handlingsplan.cli; "
            "print(sorted(m for m in ('docx', 'jinja2', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_the_console_script_renders(tmp_path):
    exe = Path(sys.executable).parent / "hp"
    if not exe.exists():  # pragma: no cover
        pytest.skip("hp is not installed as a console script")
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    out = subprocess.run([str(exe), "render", str(EXAMPLE), "-o", str(tmp_path)],
                         capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    data = (tmp_path / "handlingsplan-2027.docx").read_bytes()
    assert docx.Document(io.BytesIO(data)).paragraphs


def test_help_is_norwegian_with_examples():
    result = hp("render", "--help")
    assert result.exit_code == 0
    assert "Lag dokumentet kommunestyret vedtar" in result.output
    assert "hp render --format md" in result.output
