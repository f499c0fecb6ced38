"""The command line (cli/): exit codes, text and JSON output, Norwegian help, rules and schema,
and the real console script with no traceback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import CONTRACT, EXAMPLE, edit
from typer.testing import CliRunner

from handlingsplan import __version__
from handlingsplan.cli import app
from handlingsplan.rules import catalogue
from handlingsplan.schema import KINDS

S3 = "2027/3-strategier-og-tiltak.yaml"
S5 = "2027/5-kommunikasjonsplan.yaml"


pytestmark = pytest.mark.usefixtures("plain")


def hp(*args: str | Path):
    return CliRunner().invoke(app, [str(a) for a in args])


def rules_off(root: Path, keep: tuple[str, ...] = ()) -> None:
    """Switch off every rule with a check (HP2xx and up) except `keep`: what is left is what the
    loader finds, so that these tests do not depend on how the rules judge the example."""
    codes = sorted(c for c, r in catalogue().items() if r.check is not None and c not in keep)
    (root / "hp.toml").write_text(f"[regler]\nav = {json.dumps(codes)}\n", encoding="utf-8")


def clean(copy_programme) -> Path:
    root = copy_programme(CONTRACT)
    rules_off(root)
    return root


def broken(copy_programme) -> Path:
    root = clean(copy_programme)
    edit(root / S3, "    budsjett: 400000", "    budsjet: 400000")
    return root


def no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


# --- hp validate ----------------------------------------------------------------------------------


def test_validate_clean_programme_exits_0(copy_programme, monkeypatch):
    root = clean(copy_programme)
    monkeypatch.chdir(root)
    result = hp("validate")
    assert result.exit_code == 0, result.output
    assert "✓ Ingen feil eller advarsler (9 filer sjekket)." in result.stdout
    no_traceback(result)


def test_validate_broken_programme_exits_1(copy_programme, monkeypatch):
    root = broken(copy_programme)
    monkeypatch.chdir(root)
    result = hp("validate")
    assert result.exit_code == 1
    assert f"{S3}:16:5: feil[HP101]: Ukjent nøkkel «budsjet»; mente du «budsjett»?" in result.stdout
    assert " 16 |     budsjet: 400000" in result.stdout
    assert "✗ 1 feil (9 filer sjekket)." in result.stdout  # the typo is not also HP102
    no_traceback(result)


def test_validate_from_a_subfolder_and_with_a_path(copy_programme, monkeypatch):
    root = broken(copy_programme)
    monkeypatch.chdir(root / "2027")
    assert hp("validate").exit_code == 1
    monkeypatch.chdir(root.parent)
    result = hp("validate", root.name)
    assert result.exit_code == 1
    assert f"{root.name}/{S3}:16:5: feil[HP101]" in result.stdout  # shown from where we stand


def test_validate_without_a_programme_exits_2_in_norwegian(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = hp("validate")
    assert result.exit_code == 2
    assert "feil: Fant ikke noe omstillingsprogram" in result.stderr
    assert "tips:" in result.stderr
    assert result.stdout == ""
    no_traceback(result)


def test_validate_a_path_that_does_not_exist_exits_2(tmp_path):
    result = hp("validate", tmp_path / "finnes-ikke")
    assert result.exit_code == 2
    assert "Finner ikke" in result.stderr
    no_traceback(result)


def test_validate_a_file_that_is_not_utf8_exits_1(copy_programme):
    root = clean(copy_programme)
    (root / S5).write_bytes((root / S5).read_text(encoding="utf-8").encode("cp1252"))
    result = hp("validate", root, "--format", "json")
    assert result.exit_code == 1
    [d] = json.loads(result.stdout)["diagnostics"]
    assert (d["code"], d["file"], d["line"], d["column"]) == ("HP002", S5, 1, 2)  # «mål»
    assert "Windows-1252" in d["message"]


def test_validate_json_is_one_object_on_stdout(copy_programme):
    root = broken(copy_programme)
    result = hp("validate", root, "--format", "json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)  # nothing else on stdout
    assert set(doc) == {"diagnostics", "summary"}
    assert doc["summary"] == {"errors": 1, "warnings": 0, "info": 0}
    assert [(d["code"], d["file"], d["line"], d["column"]) for d in doc["diagnostics"]] == [
        ("HP101", S3, 16, 5)]
    assert doc["diagnostics"][0]["message"] == "Ukjent nøkkel «budsjet»; mente du «budsjett»?"
    assert result.stderr == ""


def test_validate_json_of_a_clean_programme(copy_programme):
    result = hp("validate", clean(copy_programme), "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"diagnostics": [],
                                         "summary": {"errors": 0, "warnings": 0, "info": 0}}


def test_validate_json_when_there_is_no_programme(tmp_path):
    result = hp("validate", tmp_path, "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""  # no half JSON document for a tool to choke on
    assert "Fant ikke noe omstillingsprogram" in result.stderr


def test_validate_unknown_format_exits_2(copy_programme):
    result = hp("validate", clean(copy_programme), "--format", "xml")
    assert result.exit_code == 2
    no_traceback(result)


def test_strict_turns_a_warning_into_exit_1(copy_programme):
    root = copy_programme(EXAMPLE)
    edit(root / "2027/1-mal-og-innsatsomrader.yaml", "  HM1: 50", "  HM1: 45")  # HP402
    result = hp("validate", root)
    assert result.exit_code == 0, result.output
    assert "advarsel[HP402]" in result.stdout
    assert "Ingen feil; 1 advarsel, 8 merknader" in result.stdout
    assert "--strict" in result.stdout
    strict = hp("validate", root, "--strict")
    assert strict.exit_code == 1
    assert "✗ 1 advarsel, 8 merknader" in strict.stdout


def test_strict_with_a_warning_rule(copy_programme):
    """HP601: a målgruppe that no activity reaches (the example's «naeringsliv»)."""
    if "HP601" not in catalogue():
        pytest.skip("HP601 is not written yet")
    root = copy_programme(CONTRACT)
    rules_off(root, keep=("HP601",))
    result = hp("validate", root, "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert {(d["code"], d["severity"]) for d in doc["diagnostics"]} == {("HP601", "warning")}
    assert doc["summary"]["warnings"] >= 1 and doc["summary"]["errors"] == 0
    assert hp("validate", root, "--strict").exit_code == 1


def test_strict_does_not_fail_on_info():
    result = hp("validate", EXAMPLE, "--strict")  # the example has remarks (HP309), no more
    assert result.exit_code == 0 and "8 merknader" in result.stdout


def two_years(copy_programme) -> Path:
    """2027 clean, 2028 with an unknown key."""
    root = clean(copy_programme)
    shutil.copytree(root / "2027", root / "2028")
    edit(root / "2028" / "handlingsplan.yaml", "år: 2027", "år: 2028")
    edit(root / "2028" / "3-strategier-og-tiltak.yaml", "    budsjett: 400000",
         "    budsjett: 400000\n    budsjet: 400000")
    return root


def test_year_limits_the_report_to_one_year(copy_programme):
    root = two_years(copy_programme)
    everything = json.loads(hp("validate", root, "--format", "json").stdout)
    assert {d["file"] for d in everything["diagnostics"]} == {"2028/3-strategier-og-tiltak.yaml"}
    only_2027 = hp("validate", root, "--year", "2027", "--format", "json")
    assert only_2027.exit_code == 0
    assert json.loads(only_2027.stdout)["diagnostics"] == []
    only_2028 = hp("validate", root, "-y", "2028", "--format", "json")
    assert only_2028.exit_code == 1
    assert [d["file"] for d in json.loads(only_2028.stdout)["diagnostics"]] == [
        "2028/3-strategier-og-tiltak.yaml"]


def test_year_still_reports_the_omstillingsplan(copy_programme):
    root = two_years(copy_programme)
    edit(root / "omstillingsplan.yaml", "bakgrunn: |", "bakgrun: |")
    doc = json.loads(hp("validate", root, "--year", "2027", "--format", "json").stdout)
    assert [(d["code"], d["file"]) for d in doc["diagnostics"]] == [
        ("HP101", "omstillingsplan.yaml")]


def test_missing_year_exits_2(copy_programme):
    result = hp("validate", clean(copy_programme), "--year", "2031")
    assert result.exit_code == 2
    assert "2031" in result.stderr
    assert result.stderr.startswith("feil: ")
    no_traceback(result)


# --- help and version -----------------------------------------------------------------------------


def test_help_is_norwegian():
    result = hp("--help")
    assert result.exit_code == 0
    assert "handlingsplanen for et omstillingsprogram som kode" in result.stdout
    assert "Vis versjonen og avslutt." in result.stdout
    for command in ("validate", "schema", "rules"):
        assert command in result.stdout
    assert "Sjekk at planen henger sammen" in result.stdout


def test_validate_help_is_norwegian():
    result = hp("validate", "--help")
    assert result.exit_code == 0
    out = " ".join(result.stdout.split())
    assert "Sjekk at planen henger sammen" in out
    assert "Avslutningskode" in out
    assert "--strict" in out and "--year" in out and "--format" in out
    assert "Sjekk bare dette planåret" in out


def test_no_arguments_shows_help():
    result = hp()
    assert "handlingsplanen for et omstillingsprogram" in result.output
    no_traceback(result)


def test_version():
    result = hp("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"hp {__version__}"


def test_unknown_command_exits_2():
    result = hp("valider")
    assert result.exit_code == 2
    no_traceback(result)


# --- hp rules -------------------------------------------------------------------------------------


def test_rules_lists_every_code():
    result = hp("rules")
    assert result.exit_code == 0
    codes = [line.split()[0] for line in result.stdout.splitlines()
             if line.startswith("HP")]
    assert codes == list(catalogue())
    assert {"HP001", "HP101", "HP102", "HP103"} <= set(codes)
    assert "Ukjent nøkkel" in result.stdout
    assert "Kode" in result.stdout and "feil" in result.stdout


@pytest.mark.parametrize("code", ["HP101", "hp101", " HP101 "])
def test_rules_explains_one_with_examples(code):
    result = hp("rules", code)
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("HP101 (feil): Ukjent nøkkel")
    assert "Passerer (2027/3-strategier-og-tiltak.yaml):" in out
    assert "Feiler (2027/3-strategier-og-tiltak.yaml):" in out
    assert out.index("budsjett: 400000") < out.index("budsjet: 400000")


def test_rules_unknown_code_exits_2():
    result = hp("rules", "HP999")
    assert result.exit_code == 2
    assert "Det finnes ingen regel «HP999»" in result.stderr
    assert "hp rules" in result.stderr
    no_traceback(result)


@pytest.mark.parametrize(("code", "close"), [("HP10", "HP101"), ("HP1011", "HP101"),
                                             ("HP00", "HP001")])
def test_rules_close_code_is_suggested(code, close):
    result = hp("rules", code)
    assert result.exit_code == 2
    assert f"Mente du {close}?" in result.stderr


# --- hp schema ------------------------------------------------------------------------------------


def test_schema_of_one_kind_is_json_schema():
    result = hp("schema", "omstillingsplan")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert {"hovedmål", "innsatsområder", "finansiering"} <= set(schema["properties"])
    assert "visjon" in schema["required"]


def test_schema_accepts_the_file_name_too():
    result = hp("schema", "3-strategier-og-tiltak.yaml")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"].startswith("3-strategier-og-tiltak.yaml")


def test_schema_unknown_kind_exits_2_with_a_suggestion():
    result = hp("schema", "omstilingsplan")
    assert result.exit_code == 2
    assert "Ukjent filtype «omstilingsplan»" in result.stderr
    assert "Mente du «omstillingsplan»?" in result.stderr
    assert result.stdout == ""


def test_schema_without_a_kind_exits_2():
    result = hp("schema")
    assert result.exit_code == 2
    assert "oppfolging" in result.stderr  # lists the kinds


def test_schema_out_writes_one_file_per_kind(tmp_path):
    out = tmp_path / ".schema"
    result = hp("schema", "--out", out)
    assert result.exit_code == 0
    assert f"Skrev {len(KINDS)} skjemaer" in result.stdout
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{k}.schema.json" for k in KINDS)
    for stem in KINDS:
        schema = json.loads((out / f"{stem}.schema.json").read_text(encoding="utf-8"))
        assert schema["title"].startswith(KINDS[stem].filename)


def test_schema_kind_and_out_together_exits_2(tmp_path):
    result = hp("schema", "omstillingsplan", "--out", tmp_path / "s")
    assert result.exit_code == 2
    assert not (tmp_path / "s").exists()


# --- the real console script ----------------------------------------------------------------------


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ)  # as the autouse fixture left it
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def console_script() -> Path:
    script = Path(sys.executable).with_name("hp")
    if not script.exists():
        pytest.skip("the hp console script is not installed next to this Python")
    return script


def test_console_script_on_a_broken_file_has_no_traceback(copy_programme):
    root = clean(copy_programme)
    edit(root / S5, "    kanal: Folkemøte", "    kanal: Folkemøte: rådhuset")
    (root / "2027" / "2-resultater.yaml").write_bytes("sammendrag: Bjørnøy\n".encode("cp1252"))
    proc = run(console_script(), "validate", cwd=root)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert f"{S5}:6:21: feil[HP001]" in proc.stdout
    assert "2027/2-resultater.yaml:1:15: feil[HP002]" in proc.stdout


def test_console_script_without_a_programme_exits_2(tmp_path):
    proc = run(console_script(), "validate", cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "Fant ikke noe omstillingsprogram" in proc.stderr


def test_console_script_json_is_utf8(copy_programme):
    root = broken(copy_programme)
    proc = run(console_script(), "validate", "--format", "json", cwd=root)
    assert proc.returncode == 1
    assert "«budsjet»" in json.loads(proc.stdout)["diagnostics"][0]["message"]


def test_python_m_handlingsplan_help(tmp_path):
    proc = run(sys.executable, "-m", "handlingsplan", "--help", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "handlingsplanen for et omstillingsprogram som kode" in proc.stdout
    assert "Traceback" not in proc.stderr


# --- --out: reports straight to a UTF-8 file (PowerShell's > garbles æøå) ------------------


def test_validate_writes_its_report_to_a_utf8_file(copy_programme, tmp_path):
    root = copy_programme()
    edit(root / S3, "    budsjett: 600000", "    budsjet: 600000")
    report = tmp_path / "rapport.txt"
    result = hp("validate", root, "--out", report)
    assert result.exit_code == 1
    assert result.stdout == ""
    text = report.read_bytes().decode("utf-8")
    assert "feil[HP101]: Ukjent nøkkel «budsjet»; mente du «budsjett»?" in text
    assert "\x1b" not in text  # no colour codes in a file
    as_json = tmp_path / "rapport.json"
    assert hp("validate", root, "--format", "json", "--out", as_json).exit_code == 1
    assert json.loads(as_json.read_text(encoding="utf-8"))["summary"]["errors"] >= 1


def test_status_writes_markdown_to_a_file_and_never_over_the_plan(copy_programme, tmp_path):
    root = copy_programme()
    out = tmp_path / "sak.md"
    args = ("status", root, "--year", "2026", "--date", "2026-11-27", "--format", "md")
    assert hp(*args, "--out", out).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("## Status for handlingsplanen 2026")
    plan = root / "omstillingsplan.yaml"
    before = plan.read_bytes()
    result = hp(*args, "--out", plan)
    assert result.exit_code == 2 and "hp skriver aldri over" in result.stderr
    assert plan.read_bytes() == before
