"""CI output: GitHub workflow annotations, the job summary, and SARIF 2.1.0 checked against
the official schema."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
from helpers import edit
from typer.testing import CliRunner

from handlingsplan.cli import app

S4 = "2027/4-ressursinnsats-og-finansiering.yaml"
runner = CliRunner()


@pytest.fixture
def broken(copy_programme) -> Path:
    root = copy_programme()
    edit(root / S4, "  administrasjon: 1080000", "  administrasjon: 1130000")  # HP301, error
    edit(root / "2027/1-mal-og-innsatsomrader.yaml", "  HM1: 50", "  HM1: 45")  # HP402, warning
    return root


def test_github_annotations(broken, monkeypatch, tmp_path):
    summary = tmp_path / "summary.md"
    summary.write_text("# Tidligere steg\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.chdir(broken)
    result = runner.invoke(app, ["validate"])  # github is the default in GitHub Actions
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    [error] = [line for line in lines if line.startswith("::error ")]
    assert error.startswith(f"::error file={S4},line=24,col=1,")
    assert ",title=HP301::Kostnadene (4 430 000 kr)" in error
    [warning] = [line for line in lines if line.startswith("::warning ")]
    assert "title=HP402::" in warning and "line=13,col=8" in warning
    notices = [line for line in lines if line.startswith("::notice ")]
    assert notices and all("title=HP309" in n for n in notices)
    # percent signs and the newline before the hint are escaped as GitHub requires
    assert all("%25 av" in n and " % " not in n for n in notices)
    assert "%0ATips: Budsjettet må gå i null" in error
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("# Tidligere steg\n")  # appended, not overwritten
    assert "| feil | HP301 |" in written and "| advarsel | HP402 |" in written


def test_explicit_text_format_wins_in_github_actions(broken, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    result = runner.invoke(app, ["validate", str(broken), "--format", "text"])
    assert "::error" not in result.stdout and "feil[HP301]" in result.stdout


def _sarif_schema() -> dict:
    """The official SARIF 2.1.0 schema: from $SARIF_SCHEMA, or fetched once from the npm
    registry (package @microsoft/jest-sarif carries it) into ~/.cache/hp-tests."""
    given = os.environ.get("SARIF_SCHEMA")
    if given:
        return json.loads(Path(given).read_text(encoding="utf-8"))
    cache = Path.home() / ".cache" / "hp-tests"
    target = cache / "sarif-schema-2.1.0.json"
    if not target.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("SARIF schema not available: set SARIF_SCHEMA or install npm")
        cache.mkdir(parents=True, exist_ok=True)
        try:
            out = subprocess.run([npm, "pack", "@microsoft/jest-sarif@1.0.0-beta.0", "--silent"],
                                 cwd=cache, capture_output=True, text=True, timeout=120,
                                 check=True).stdout.strip().splitlines()[-1]
        except (subprocess.SubprocessError, IndexError) as exc:
            pytest.skip(f"SARIF schema not available (npm pack failed: {exc})")
        with tarfile.open(cache / out) as tar:
            member = tar.extractfile("package/lib/schemas/sarif-2.1.0-rtm.5.json")
            target.write_bytes(member.read())
    return json.loads(target.read_text(encoding="utf-8"))


def test_sarif_is_valid_against_the_official_schema(broken):
    import jsonschema

    result = runner.invoke(app, ["validate", str(broken), "--format", "sarif"])
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    schema = _sarif_schema()
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    run = doc["runs"][0]
    [hp301] = [r for r in run["results"] if r["ruleId"] == "HP301"]
    assert hp301["level"] == "error"
    location = hp301["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith(S4)
    assert location["region"]["startLine"] == 24
    rule = run["tool"]["driver"]["rules"][hp301["ruleIndex"]]
    assert rule["id"] == "HP301" and rule["defaultConfiguration"]["level"] == "error"
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels["HP402"] == "warning" and levels["HP309"] == "note"


def test_sarif_uris_are_encoded(copy_programme, monkeypatch):
    root = copy_programme(name="Straumsvik kommune æøå")
    edit(root / S4, "  administrasjon: 1080000", "  administrasjon: 1130000")
    monkeypatch.chdir(root.parent)
    doc = json.loads(runner.invoke(app, ["validate", root.name, "-f", "sarif"]).stdout)
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"]
            for r in doc["runs"][0]["results"] for loc in r["locations"]}
    assert all(re.fullmatch(r"[A-Za-z0-9%/._~-]+", u) for u in uris), uris
    assert any(u.startswith("Straumsvik%20kommune%20%C3%A6") for u in uris)
