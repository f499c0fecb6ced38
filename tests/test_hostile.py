"""Hostile input: a plan broken in every way a person (or an attacker) can break it.

Seeded random damage of the example's files — lines deleted, duplicated, re-indented and
truncated; junk values (huge numbers, 1e309, control characters, YAML tags, anchors and
aliases, invalid UTF-8) — and for every case `hp validate --format json` exits 0 or 1 with the
contract's JSON and no traceback, quickly, and changes no file; `hp render` and `hp status`
give a clear error (or a complete document) and never leave a partial output file.
"""

from __future__ import annotations

import hashlib
import json
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from helpers import EXAMPLE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from handlingsplan.cli import app
from handlingsplan.loader import yamlfile

runner = CliRunner()

JUNK = [
    "9" * 400, "1e309", "-1e309", ".nan", "-0", "0x7fffffffffffffffffff", "1_000_000_000_000_000",
    "\x00", "\x1b[31mrød\x1b[0m", "\u202e", "\ufeff", "\t", '"', "'", "[", "{", "}", "]", ":",
    "- ", "? ", "!!python/object/apply:os.system ['echo pwned']", "!!binary aGFsbG8=",
    "!custom x", "&a [1, 2]", "*a", "*ukjent", "<<: *a", "~", "null", "true", "no",
    "2027-02-30", "2027-13", "kr -500", "1 250 000,50", "75 %", "æøå" * 50, "|", ">",
    "%YAML 1.1", "---", "...",
]
LOADER_AND_RULE_CODES = {f"HP{n:03d}" for n in range(0, 1000)}


def _snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _damage(rng: random.Random, text: str) -> str:
    lines = text.splitlines(keepends=True) or ["\n"]
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(lines))
        kind = rng.choice(["delete", "duplicate", "indent", "dedent", "truncate", "junk",
                           "junk-value", "swap", "crlf"])
        line = lines[i]
        if kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, line)
        elif kind == "indent":
            lines[i] = " " * rng.randint(1, 5) + line
        elif kind == "dedent":
            lines[i] = line.lstrip(" ")
        elif kind == "truncate":
            lines[i] = line[:rng.randrange(len(line) + 1)] + "\n"
        elif kind == "junk":
            cut = rng.randrange(len(line) + 1)
            lines[i] = line[:cut] + rng.choice(JUNK) + line[cut:]
        elif kind == "junk-value" and ":" in line:
            lines[i] = line.split(":", 1)[0] + ": " + rng.choice(JUNK) + "\n"
        elif kind == "swap" and len(lines) > 1:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "crlf":
            lines[i] = line.rstrip("\n") + "\r\n"
    return "".join(lines)


def _damaged_copy(tmp_path: Path, seed: int) -> tuple[Path, list[str]]:
    """A copy of the example with one to three files damaged; the damaged files' names."""
    import shutil

    rng = random.Random(seed)
    root = tmp_path / f"damaged-{seed}"
    shutil.copytree(EXAMPLE, root)
    files = sorted(p for p in root.rglob("*.yaml"))
    chosen = rng.sample(files, rng.randint(1, 3))
    for path in chosen:
        if rng.random() < 0.08:  # now and then: bytes that are not UTF-8
            raw = bytearray(path.read_bytes())
            raw[rng.randrange(len(raw))] = rng.choice([0xE6, 0xF8, 0xE5, 0xFF, 0x80])
            path.write_bytes(bytes(raw))
        else:
            path.write_text(_damage(rng, path.read_text(encoding="utf-8")), encoding="utf-8",
                            newline="")
    return root, [p.relative_to(root).as_posix() for p in chosen]


def _check_contract_json(stdout: str) -> dict:
    doc = json.loads(stdout)
    assert set(doc) == {"diagnostics", "summary"}
    assert set(doc["summary"]) == {"errors", "warnings", "info"}
    for d in doc["diagnostics"]:
        assert {"code", "severity", "file", "line", "column", "message"} <= set(d)
        assert d["code"] in LOADER_AND_RULE_CODES and d["code"] != "HP000", d  # no crashed rule
        assert d["severity"] in ("error", "warning", "info")
        assert d["line"] >= 1 and d["column"] >= 1 and "\\" not in d["file"]
    return doc


@pytest.mark.parametrize("seed", range(40))
def test_validate_survives_random_damage(tmp_path, seed):
    root, damaged = _damaged_copy(tmp_path, seed)
    before = _snapshot(root)
    result = runner.invoke(app, ["validate", str(root), "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        damaged, result.exception)
    assert result.exit_code in (0, 1), (damaged, result.output)
    _check_contract_json(result.stdout)
    assert _snapshot(root) == before, "validate must never write"


@pytest.mark.parametrize("seed", range(40, 52))
def test_render_and_status_survive_random_damage(tmp_path, seed):
    root, damaged = _damaged_copy(tmp_path, seed)
    before = _snapshot(root)
    out = tmp_path / "out" / "plan.docx"
    out.parent.mkdir()
    result = runner.invoke(app, ["render", str(root), "--year", "2027", "--out", str(out)])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        damaged, result.exception)
    assert result.exit_code in (0, 1, 2), (damaged, result.output)
    if result.exit_code == 0:
        assert zipfile.is_zipfile(out)
    else:
        assert not out.exists(), "a failed render leaves no output file"
    assert [p.name for p in out.parent.iterdir()] in ([], ["plan.docx"]), "no temporary files"
    status = runner.invoke(app, ["status", str(root), "--year", "2026", "--date", "2026-11-27",
                                 "--format", "json"])
    assert status.exception is None or isinstance(status.exception, SystemExit), (
        damaged, status.exception)
    assert status.exit_code in (0, 1, 2)
    assert _snapshot(root) == before


def test_damage_through_the_real_console_script(tmp_path):
    """Three damaged programmes through the installed `hp` in a real process: JSON on stdout,
    nothing on stderr that looks like a traceback."""
    hp = Path(sys.executable).with_name("hp")
    for seed in (3, 11, 29):
        root, _ = _damaged_copy(tmp_path, seed)
        proc = subprocess.run([str(hp), "validate", str(root), "--format", "json"],
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode in (0, 1), proc.stderr
        assert "Traceback" not in proc.stderr
        _check_contract_json(proc.stdout)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_any_text_is_read_without_an_exception(tmp_path, text):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8", newline="")
    _, problems = yamlfile.read(path, "x.yaml")
    for d in problems:
        assert d.line >= 1 and d.column >= 1 and d.message


@settings(max_examples=150, deadline=None)
@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20))
def test_any_data_in_any_file_kind_gives_diagnostics_not_exceptions(data):
    from pydantic import ValidationError

    from handlingsplan.loader.errors import to_diagnostics
    from handlingsplan.schema import KINDS

    sf = yamlfile.SourceFile(rel="x.yaml", path=Path("x.yaml"), data=data)
    for kind in KINDS.values():
        try:
            kind.model.model_validate({} if data is None else data)
        except ValidationError as exc:
            for d in to_diagnostics(sf, kind.model, exc):
                assert d.code in ("HP101", "HP102", "HP103") and d.message


def test_symlinked_year_folder_does_not_loop(copy_programme):
    root = copy_programme()
    try:
        (root / "2031").symlink_to(root, target_is_directory=True)  # a loop: 2031 → the root
    except OSError:
        pytest.skip("no symlinks here")
    result = runner.invoke(app, ["validate", str(root), "--format", "json"])
    assert result.exit_code == 1
    doc = _check_contract_json(result.stdout)
    codes = {(d["code"], d["file"]) for d in doc["diagnostics"]}
    assert ("HP004", "2031/handlingsplan.yaml") in codes


def test_windows_habits_crlf_bom_spaces_and_norwegian_letters_in_the_path(copy_programme):
    root = copy_programme(name="Omstilling Bjørkvik æøå")
    for path in root.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    result = runner.invoke(app, ["validate", str(root), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert _check_contract_json(result.stdout)["summary"]["errors"] == 0


def test_a_file_saved_as_windows_1252_is_named_as_such(copy_programme):
    root = copy_programme()
    plan = root / "omstillingsplan.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_bytes(text.encode("cp1252", errors="replace"))
    first = next(i for i, line in enumerate(text.splitlines(), 1) if not line.isascii())
    column = next(j for j, ch in enumerate(text.splitlines()[first - 1], 1) if not ch.isascii())
    result = runner.invoke(app, ["validate", str(root), "--format", "json"])
    doc = _check_contract_json(result.stdout)
    [hp002] = [d for d in doc["diagnostics"] if d["code"] == "HP002"]
    assert "Windows-1252" in hp002["message"]
    assert (hp002["line"], hp002["column"]) == (first, column)  # the first character Windows
    # wrote differently from UTF-8
