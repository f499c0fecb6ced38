"""Attacks on hp, built for real: every hostile case runs `hp` as a separate process with a
memory cap (RLIMIT_AS) and a time limit, in a copy of the example programme that the attack
breaks with symlinks, FIFOs, device nodes, bombs and escapes. Each case asserts the exit code,
the Norwegian message and (where there is one) the position, that no traceback or internal
error was printed, and that no file of the programme changed.

The promise for an untrusted repository (README, «Sikkerhet»): exit 0/1/2, a Norwegian message
with a position, nothing lost, bounded time and memory.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import EXAMPLE, REPO

pytestmark = pytest.mark.skipif(os.name != "posix", reason="symlinks, FIFOs and rlimits")

MEMORY = 2 * 1024**3  # 2 GiB of address space per case
SECONDS = 20
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float

    @property
    def text(self) -> str:
        return self.out + self.err


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def hp(*args: object, cwd: Path | None = None, user: int | None = None,
       stdout=subprocess.PIPE, env: dict | None = None) -> Run:
    """Run `hp` in its own process, capped, and check the promises every case shares."""
    cmd = [sys.executable, "-m", "handlingsplan", *map(str, args)]
    if user is not None:
        cmd = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *cmd]
    environment = {**os.environ, "NO_COLOR": "1", **(env or {})}
    environment.pop("GITHUB_ACTIONS", None)
    environment.pop("HP_DEBUG", None)
    start = time.monotonic()
    proc = subprocess.run(cmd, cwd=cwd, stdout=stdout, stderr=subprocess.PIPE,
                          timeout=SECONDS, preexec_fn=_limits, env=environment)
    run = Run(proc.returncode, (proc.stdout or b"").decode("utf-8", "replace"),
              proc.stderr.decode("utf-8", "replace"), time.monotonic() - start)
    assert run.code in (0, 1, 2), f"exit {run.code}: {run.text[-2000:]}"
    assert "Traceback" not in run.text and "intern feil" not in run.text, run.text[-3000:]
    return run


def snapshot(root: Path) -> dict[str, str]:
    """Every regular file under root with its hash (links and special files by kind)."""
    out = {}
    for p in sorted(root.rglob("*")):
        mode = os.lstat(p).st_mode
        if stat.S_ISREG(mode):
            out[p.relative_to(root).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
        elif not stat.S_ISDIR(mode):
            out[p.relative_to(root).as_posix()] = oct(stat.S_IFMT(mode))
    return out


@pytest.fixture
def programme(tmp_path) -> Path:
    root = tmp_path / "program"
    shutil.copytree(EXAMPLE, root)
    return root


def diagnostics(run: Run) -> list[dict]:
    return json.loads(run.out)["diagnostics"]


def one(run: Run, code: str, file: str) -> dict:
    found = [d for d in diagnostics(run) if d["code"] == code and d["file"] == file]
    assert found, f"{code} in {file}: {run.out[:2000]}"
    return found[0]


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def own_templates(root: Path) -> Path:
    """hp.toml pointing at the programme's own template folder maler/."""
    (root / "hp.toml").write_text('[dokument]\nmaler = "maler"\n', encoding="utf-8")
    folder = root / "maler"
    folder.mkdir()
    return folder


# --- 1. reading through symlinks -------------------------------------------------------------


def test_a_template_linked_to_proc_environ_is_refused(programme, tmp_path):
    (own_templates(programme) / "forside.md.j2").symlink_to("/proc/self/environ")
    before = snapshot(programme)
    out = tmp_path / "plan.docx"
    run = hp("render", programme, "--year", "2027", "--out", out,
             env={"HEMMELIG_TOKEN": "ghp_secret123"})
    assert run.code == 2
    assert "forside.md.j2" in run.err and "peker ut" in run.err
    assert "ghp_secret123" not in run.text
    assert not out.exists()
    assert snapshot(programme) == before


def test_a_template_folder_link_to_the_root_of_the_machine_is_refused(programme, tmp_path):
    folder = own_templates(programme)
    (folder / "root").symlink_to("/")
    (folder / "forside.md.j2").write_text("{% include 'root/etc/passwd' %}\n", encoding="utf-8")
    out = tmp_path / "plan.md"
    run = hp("render", programme, "--year", "2027", "--format", "md", "--out", out)
    assert run.code == 2
    assert "root/etc/passwd" in run.err and "peker ut" in run.err
    assert "root:x:0" not in run.text
    assert not out.exists()


def test_a_plan_file_linked_out_of_the_programme_is_hp005_and_not_shown(programme, tmp_path):
    secret = tmp_path / "hemmelig.yaml"
    secret.write_text("passord: hunter2\n", encoding="utf-8")
    target = programme / "2027" / "5-kommunikasjonsplan.yaml"
    target.unlink()
    target.symlink_to(secret)
    run = hp("validate", programme, "--format", "json")
    assert run.code == 1
    d = one(run, "HP005", "2027/5-kommunikasjonsplan.yaml")
    assert (d["line"], d["column"]) == (1, 1) and "peker ut av" in d["message"]
    text = hp("validate", programme)
    assert "hunter2" not in text.text and "2027/5-kommunikasjonsplan.yaml:1:1" in text.out


def test_a_link_that_stays_inside_the_programme_works(programme):
    shared = programme / "felles"
    shared.mkdir()
    target = programme / "2027" / "5-kommunikasjonsplan.yaml"
    target.rename(shared / "kommunikasjon.yaml")
    target.symlink_to("../felles/kommunikasjon.yaml")
    assert hp("validate", programme).code == 0


def test_a_symlink_loop_is_hp005(programme):
    a, b = programme / "2027" / "oppfolging.yaml", programme / "2027" / "b.yaml"
    a.symlink_to(b)
    b.symlink_to(a)
    run = hp("validate", programme, "--format", "json")
    assert "sløyfe" in one(run, "HP005", "2027/oppfolging.yaml")["message"]


# --- 2. special files ----------------------------------------------------------------------------


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_plan_file_linked_to_a_device_is_refused_at_once(programme, device):
    target = programme / "2027" / "oppfolging.yaml"
    target.symlink_to(device)
    run = hp("validate", programme, "--format", "json")
    assert run.code == 1 and run.seconds < 10
    one(run, "HP005", "2027/oppfolging.yaml")


def test_a_fifo_as_a_plan_file_does_not_hang_validate(programme):
    os.mkfifo(programme / "2027" / "oppfolging.yaml")
    run = hp("validate", programme, "--format", "json")
    assert run.code == 1
    assert "FIFO" in one(run, "HP005", "2027/oppfolging.yaml")["message"]


@pytest.mark.skipif(not IS_ROOT, reason="mknod needs root")
def test_a_device_node_inside_the_programme_is_hp005(programme):
    os.mknod(programme / "2027" / "oppfolging.yaml", 0o644 | stat.S_IFCHR, os.makedev(1, 5))
    run = hp("validate", programme, "--format", "json")
    assert "enhetsfil" in one(run, "HP005", "2027/oppfolging.yaml")["message"]


def test_a_fifo_as_hp_toml_is_hp006(programme):
    (programme / "hp.toml").unlink(missing_ok=True)  # the example has one
    os.mkfifo(programme / "hp.toml")
    run = hp("validate", programme, "--format", "json")
    assert run.code == 1
    assert "FIFO" in one(run, "HP006", "hp.toml")["message"]


@pytest.mark.parametrize("kind", ["/dev/zero", "fifo"])
def test_a_word_template_that_is_a_device_or_fifo_is_refused(programme, tmp_path, kind):
    template = Path(kind)
    if kind == "fifo":
        template = tmp_path / "mal.dotx"
        os.mkfifo(template)
    out = tmp_path / "plan.docx"
    run = hp("render", programme, "--year", "2027", "--template", template, "--out", out)
    assert run.code == 2 and "ikke en vanlig fil" in run.err
    assert not out.exists()


def test_a_text_template_that_is_a_fifo_is_refused(programme, tmp_path):
    os.mkfifo(own_templates(programme) / "forside.md.j2")
    run = hp("render", programme, "--year", "2027", "--out", tmp_path / "plan.docx")
    assert run.code == 2 and "FIFO" in run.err


# --- 3. crashes below the checks ---------------------------------------------------------------


@pytest.mark.parametrize("nesting", ["per: " + "[" * 40_000 + "]" * 40_000,
                                     "- " * 40_000 + "x",
                                     "per: " + "{a: " * 40_000 + "1" + "}" * 40_000],
                         # short ids: pytest before 9.2 makes the whole string the test's id, which
                         # the hp process inherits in PYTEST_CURRENT_TEST: too long for exec
                         ids=["lists", "sequence", "mappings"])
def test_deep_nesting_cannot_crash_the_process(programme, nesting):
    (programme / "2027" / "oppfolging.yaml").write_text(nesting + "\n", encoding="utf-8")
    run = hp("validate", programme, "--format", "json")
    assert run.code == 1  # not -11 (SIGSEGV) or 139
    d = one(run, "HP005", "2027/oppfolging.yaml")
    assert "64 nivåer" in d["message"] and d["line"] == 1


# --- 4. outputs that would destroy inputs --------------------------------------------------------


@pytest.mark.parametrize("args", [
    ("render", "--year", "2027", "--out", "omstillingsplan.yaml"),
    ("render", "--year", "2027", "--format", "md", "--out", "2027/handlingsplan.yaml"),
    ("calendar", "--ics", "omstillingsplan.yaml"),
    ("calendar", "--ics", "2025/oppfolging.yaml"),
])
def test_an_output_never_replaces_a_plan_file(programme, args):
    before = snapshot(programme)
    run = hp(*args, cwd=programme)
    assert run.code == 2
    assert "hp skriver aldri over" in run.err
    assert snapshot(programme) == before


def test_a_symlinked_out_keeps_its_link_and_its_target(programme, tmp_path):
    real = tmp_path / "godkjent.docx"
    real.write_bytes(b"vedtatt versjon")
    link = tmp_path / "plan.docx"
    link.symlink_to(real)
    run = hp("render", programme, "--year", "2027", "--out", link)
    assert run.code == 2 and "symbolsk lenke" in run.err
    assert link.is_symlink() and real.read_bytes() == b"vedtatt versjon"


def test_a_read_only_out_is_respected_even_as_root(programme, tmp_path):
    out = tmp_path / "plan.docx"
    out.write_bytes(b"vedtatt versjon")
    out.chmod(0o444)
    run = hp("render", programme, "--year", "2027", "--out", out)
    assert run.code == 2 and "skrivebeskyttet" in run.err
    assert out.read_bytes() == b"vedtatt versjon"


def test_a_read_only_markdown_target_leaves_no_figures_either(programme, tmp_path):
    out = tmp_path / "plan.md"
    out.write_text("gammel\n", encoding="utf-8")
    out.chmod(0o444)
    run = hp("render", programme, "--year", "2027", "--format", "md", "--out", out)
    assert run.code == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.md", "program"]


@pytest.mark.parametrize("args", [("render", "--year", "2027", "--out", "/dev/null"),
                                  ("render", "--year", "2027", "--format", "md", "--out",
                                   "/dev/null"),
                                  ("calendar", "--ics", "/dev/null")])
def test_dev_null_is_written_to_not_replaced(programme, args):
    before = os.stat("/dev/null")
    run = hp(args[0], programme, *args[1:])
    assert run.code == 0, run.err
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_markdown_to_stdout_through_dev_stdout(programme):
    run = hp("render", programme, "--year", "2027", "--format", "md", "--out", "/dev/stdout")
    assert run.code == 0 and "# " in run.out


# --- 5. valid but unrenderable -------------------------------------------------------------------


def test_control_characters_are_hp103_where_they_stand_and_render_cleans_them(programme,
                                                                              tmp_path):
    plan = programme / "omstillingsplan.yaml"
    replace(plan, "program: Omstillingsprogrammet i Straumsvik",
            'program: "Omstillingsprogrammet\\vi Straumsvik"')
    replace(plan, "kommune: Straumsvik kommune", 'kommune: "Straumsvik\\x01 kommune"')
    meta = programme / "2027" / "handlingsplan.yaml"
    replace(meta, 'versjon: "0.9"', 'versjon: "0.9\\f"')
    run = hp("validate", programme, "--format", "json")
    assert run.code == 1
    found = {(d["file"], d["line"], d["column"]) for d in diagnostics(run)
             if d["code"] == "HP103" and "kontrolltegn" in d["message"]}
    assert found == {("omstillingsplan.yaml", 3, 10), ("omstillingsplan.yaml", 4, 10),
                     ("2027/handlingsplan.yaml", 3, 10)}
    out = tmp_path / "plan.docx"
    forced = hp("render", programme, "--year", "2027", "--force", "--out", out)
    assert forced.code == 0, forced.err
    from docx import Document

    props = Document(str(out)).core_properties
    assert props.subject == "Omstillingsprogrammeti Straumsvik"
    assert props.author == "Straumsvik kommune" and props.version == "0.9"


# --- 6. look-alike years ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["２０２７", "٢٠٢٧", "2027 "])
def test_a_folder_that_only_looks_like_a_year_is_ignored(programme, tmp_path, name):
    fake = programme / name
    shutil.copytree(programme / "2027", fake)
    (fake / "3-strategier-og-tiltak.yaml").write_text("tiltak: [\n", encoding="utf-8")
    run = hp("validate", programme, "--format", "json")
    assert run.code == 0
    assert not [d for d in diagnostics(run) if d["file"].startswith(name)]
    (programme / "2027" / "3-strategier-og-tiltak.yaml").write_text("tiltak: [\n")
    assert hp("render", programme, "--year", "2027", "--out", tmp_path / "p.docx").code == 1


# --- 7. terminal escapes -----------------------------------------------------------------------


def test_escape_sequences_in_a_syntax_error_excerpt_are_shown_not_obeyed(programme):
    path = programme / "2027" / "oppfolging.yaml"
    path.write_bytes(b"per: 2027-06-15\ntiltak: \x1b]0;PWNED\x07\x1b[2J [\n")
    run = hp("validate", programme)
    assert run.code == 1
    assert "\x1b" not in run.text and "\x07" not in run.text
    assert "\\x1b" in run.out
    github = hp("validate", "--format", "github", cwd=programme)
    assert "\x1b" not in github.text
    assert "file=2027/oppfolging.yaml,line=2,col=9" in github.out


def test_bidi_controls_in_a_key_are_shown_as_escapes(programme):
    path = programme / "2027" / "handlingsplan.yaml"
    replace(path, "status: til_behandling", "status: til_behandling\n\u202estatus\u202c: x")
    for fmt in ("text", "github"):
        run = hp("validate", programme, "--format", fmt)
        assert run.code == 1
        assert "\u202e" not in run.text and "\\u202e" in run.out


# --- 8. unbounded work -------------------------------------------------------------------------


def test_emphasis_bait_renders_in_linear_time(programme, tmp_path):
    path = programme / "2027" / "3-strategier-og-tiltak.yaml"
    replace(path, "innledning: ", "innledning: |\n  " + "**a " * 20_000 + "\n  ")
    run = hp("render", programme, "--year", "2027", "--format", "md", "--out",
             tmp_path / "plan.md")
    assert run.code in (0, 1) and run.seconds < 15, run.err


def test_a_ten_megabyte_list_is_stopped_early(programme):
    (programme / "2027" / "oppfolging.yaml").write_text("per:\n" + "- 1\n" * 2_450_000)
    run = hp("validate", programme, "--format", "json")
    assert run.code == 1 and run.seconds < 10
    assert "200 000 verdier" in one(run, "HP005", "2027/oppfolging.yaml")["message"]


def test_a_zip_bomb_as_word_template_is_refused_before_unpacking(programme, tmp_path):
    bomb = tmp_path / "mal.dotx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(400):
                f.write(chunk)
    assert bomb.stat().st_size < 2_000_000
    run = hp("render", programme, "--year", "2027", "--template", bomb,
             "--out", tmp_path / "plan.docx")
    assert run.code == 2 and "pakker seg ut" in run.err


@pytest.mark.parametrize("args", [
    ["render", "--year", "2027"],
    ["render", "--year", "2027", "--format", "md"],
    ["rapport", "--year", "2026", "--format", "md"],
    ["export", "--year", "2027"],
    ["export", "--year", "2027", "--what", "tilsagn"],
], ids=lambda a: " ".join(a))
def test_a_committed_ut_link_cannot_send_the_output_out_of_the_programme(programme, tmp_path,
                                                                         args):
    elsewhere = tmp_path / "utenfor"
    elsewhere.mkdir()
    (programme / "ut").symlink_to(elsewhere, target_is_directory=True)
    run = hp(args[0], programme, *args[1:])
    assert run.code == 2 and "utenfor programmappen" in run.err, run.err
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize(("template", "message"), [
    ("{{ 'x' * 10**8 }}", "for lang tekst"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
     "runder i løkker"),
    ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "kaller seg selv"),
    ("{% include 'forside.md.j2' %}", "kaller seg selv"),
    ("{{ 'tekst' | truncate(-1) }}", "forside.md.j2"),
    ("{{ cycler().next() }}", "forside.md.j2"),
    ("{{ 'x' | indent(10**9) }}", "for stort tall"),
    ("{{ 'x'.center(10**9) }}", "for bred"),
    ("{{ '%999999999d' % 1 }}", "for bred"),
    ("{{ 9 ** 99999999 }}", "potens"),
    ("{{ (7 ** 1000) ** 1000 }}", "potens"),
    ("{% set f = programmet['vilkår']['fylkeskommune_maks_prosent'] %}"  # an exact Fraction
     "{{ ((f ** 1000) ** 1000) ** 1000 > 1 }}", "potens"),
    ("{% set m = 7 ** 1000 %}{{ " + " * ".join(["m"] * 40) + " }}", "for store tall"),
    ("{% set s = 'x' * 999999 %}{{ ((s + s) + (s + s)) + ((s + s) + (s + s)) + "
     "(((s + s) + (s + s)) + ((s + s) + (s + s))) + (((s + s) + (s + s)) + ((s + s) + (s + s)))"
     " + (((s + s) + (s + s)) + ((s + s) + (s + s))) }}", "«+»"),
    ("{% set s = 'x' * 999999 %}{{ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~"
     " s ~ s ~ s ~ s ~ s ~ s ~ s }}", "«~»"),
    ("{{ lipsum(n=10**9) }}", "forside.md.j2"),
    ("{{ ([[1]] * 100000) | sum(start=[]) }}", "«sum»"),
    ("{{ (['x' * 999999] * 30) | join }}", "«join»"),
    ("{{ ('x' * 999999) | replace('x', 'yyyyyyyyyyyyyyyyyyyyyyyyy') }}", "«replace»"),
    ("{{ ('x' * 999999).replace('x', 'yyyyyyyyyyyyyyyyyyyyyyyyy') }}", "«replace»"),
    ("{{ ('x' * 999999).join(['a'] * 30) }}", "«join»"),
])
def test_a_hostile_template_is_stopped_with_a_message(programme, tmp_path, template, message):
    (own_templates(programme) / "forside.md.j2").write_text(template, encoding="utf-8")
    out = tmp_path / "plan.docx"
    run = hp("render", programme, "--year", "2027", "--out", out)
    assert run.code == 2, run.err
    assert message in run.err and "forside.md.j2" in run.err
    assert not out.exists()


def test_a_template_that_writes_too_much_is_stopped(programme, tmp_path):
    (own_templates(programme) / "forside.md.j2").write_text(
        "{% set s = 'x' * 900000 %}{% for i in range(100) %}{{ s }}{% endfor %}")
    run = hp("render", programme, "--year", "2027", "--out", tmp_path / "plan.docx")
    assert run.code == 2 and "20 millioner tegn" in run.err


def test_our_number_filters_take_infinity_and_nan(programme, tmp_path):
    (own_templates(programme) / "forside.md.j2").write_text(
        "# Forside\n\n{{ 1e309 | kr }} {{ 1e309 | tall }} {{ (1e309 - 1e309) | prosent }} "
        "{{ -1e309 }}\n", encoding="utf-8")
    run = hp("render", programme, "--year", "2027", "--format", "md", "--out", "-")
    assert run.code == 0 and "– – – –" in run.out


def test_tex_in_a_name_is_text_in_the_charts(programme, tmp_path):
    replace(programme / "omstillingsplan.yaml", "navn: Havbruk, marin industri og leverandører",
            'navn: "Havbruk $\\\\frac{a}{ $x^$ og $$ marin"')
    run = hp("render", programme, "--year", "2027", "--out", tmp_path / "plan.docx")
    assert run.code == 0, run.err


# --- 9. every other way into an internal error --------------------------------------------------


def test_a_date_at_the_end_of_time(programme):
    run = hp("calendar", programme, "--date", "9999-12-31")
    assert run.code == 2 and "1990–2100" in run.err


def test_a_nul_byte_in_an_hp_toml_path(programme):
    (programme / "hp.toml").write_text('[dokument]\nmal = "maler/a\\u0000.docx"\n')
    run = hp("validate", programme, "--format", "json")
    d = one(run, "HP006", "hp.toml")
    assert "NUL" in d["message"] and d["line"] == 2


def test_hp_toml_nested_five_thousand_deep(programme):
    (programme / "hp.toml").write_text("a = " + "[" * 5000 + "]" * 5000 + "\n")
    run = hp("validate", programme, "--format", "json")
    assert "dypt" in one(run, "HP006", "hp.toml")["message"]


def test_meeting_dates_far_from_now_are_hp006(programme):
    (programme / "hp.toml").write_text("[kalender]\nstyremoter = [0001-01-20, 2027-06-10]\n")
    run = hp("validate", programme, "--format", "json")
    d = one(run, "HP006", "hp.toml")
    assert "0001-01-20" in d["message"] and d["line"] == 2


@pytest.mark.skipif(not (IS_ROOT and shutil.which("setpriv")), reason="needs root to drop to "
                    "another user (as root every file is readable)")
@pytest.mark.parametrize("what", ["2027", "hp.toml", "maler/forside.md.j2", "."])
def test_unreadable_files_and_folders(what):
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="hp-åpen-"))  # a folder every user can reach
    base.chmod(0o755)
    try:
        _unreadable(base, what)
    finally:
        for p in base.rglob("*"):
            if not p.is_symlink():
                p.chmod(0o755)
        shutil.rmtree(base)


def _unreadable(base: Path, what: str) -> None:
    root = base / "program"
    shutil.copytree(EXAMPLE, root)
    folder = own_templates(root)
    (folder / "forside.md.j2").write_text("# Forside\n", encoding="utf-8")
    (root / what).chmod(0)
    out = base / "ut"
    out.mkdir()
    out.chmod(0o777)
    env = {"HOME": str(out), "MPLCONFIGDIR": str(out)}
    if what == ".":  # the programme folder itself
        run = hp("validate", root, user=65534, env=env)
        assert run.code == 2 and "kan ikke leses" in run.err
        return
    if what == "maler/forside.md.j2":
        run = hp("render", root, "--year", "2027", "--out", out / "p.docx", user=65534,
                 env=env)
        assert run.code == 2 and "ingen tilgang" in run.err
        return
    run = hp("validate", root, "--format", "json", user=65534, env=env)
    assert run.code == 1
    assert "ingen tilgang" in one(run, "HP005" if what == "2027" else "HP006", what)["message"]


def test_a_closed_stdout(programme):
    run = hp("validate", programme, stdout=subprocess.DEVNULL)
    assert run.code == 0
    proc = subprocess.run(f'"{sys.executable}" -m handlingsplan validate "{programme}" >&-',
                          shell=True, capture_output=True, timeout=SECONDS)
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr


def test_a_reader_that_went_away(programme):
    """`hp validate | head -0`: the pipe is closed before hp writes. hp ends as Click ends a
    command on a broken pipe (1), not with Python's complaint at exit (120), also when its
    output is buffered."""
    read, write = os.pipe()
    os.close(read)
    try:
        for args in (["validate", programme], ["validate", programme, "--format", "json"]):
            run = hp(*args, stdout=write, env={"PYTHONUNBUFFERED": ""})
            assert run.code == 1 and "Exception ignored" not in run.err, run.err
    finally:
        os.close(write)


def test_ctrl_c_is_exit_2_with_a_short_message(programme, tmp_path):
    big = tmp_path / "stor"
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from generate import generate
    finally:
        sys.path.pop(0)
    generate(big, 400)
    interrupted = 0
    for delay in (0.05, 0.2, 0.8):  # while starting up, and while working
        proc = subprocess.Popen([sys.executable, "-m", "handlingsplan", "validate", str(big)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                preexec_fn=_limits)
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=SECONDS)
        text = (out + err).decode("utf-8", "replace")
        if _before_hp_ran(proc.returncode, text):
            continue  # on a busy machine the signal can come before hp's code runs
        assert "Traceback" not in text, text
        if proc.returncode not in (0, 1):  # it may have finished before the signal came
            assert proc.returncode == 2 and "Avbrutt." in text, text
            interrupted += 1
    assert interrupted, "no run was interrupted: the test proves nothing"


def _before_hp_ran(code: int, text: str) -> bool:
    """Did Ctrl-C stop the interpreter while it was starting, before hp's entry point (main)
    put its safety net up? Then no code of hp's could answer it: the interpreter's start-up
    failed (`site`, the standard streams, runpy), or the default action of SIGINT ended it,
    with or without a traceback of the imports that led to main."""
    if code == 1:
        return "Fatal Python error" in text or "Could not import runpy" in text
    return code == -signal.SIGINT and ", in main\n" not in text


# --- 10. line numbers as Git and GitHub count them ------------------------------------------------


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029"])
def test_line_separators_inside_a_value_do_not_shift_line_numbers(programme, separator):
    path = programme / "2027" / "handlingsplan.yaml"
    replace(path, 'versjon: "0.9"', f'versjon: "0.9{separator}utkast"\nukjent_nøkkel: 1')
    run = hp("validate", programme, "--format", "json")
    d = one(run, "HP101", "2027/handlingsplan.yaml")
    assert (d["line"], d["column"]) == (4, 1)
    github = hp("validate", "--format", "github", cwd=programme)
    assert "file=2027/handlingsplan.yaml,line=4,col=1" in github.out


# --- should fix --------------------------------------------------------------------------------


def test_a_syntax_error_in_an_included_template_names_that_template(programme, tmp_path):
    folder = own_templates(programme)
    (folder / "forside.md.j2").write_text("{% include 'del.md.j2' %}\n", encoding="utf-8")
    (folder / "del.md.j2").write_text("linje\n{% if %}\n", encoding="utf-8")
    run = hp("render", programme, "--year", "2027", "--out", tmp_path / "p.docx")
    assert run.code == 2 and "«del.md.j2», linje 2" in run.err


@pytest.mark.parametrize(("data", "named"), [
    ("år: 2027\n".encode("utf-32"), "UTF-32"),
    ("år: 2027\n".encode("utf-16"), "UTF-16"),
    (b"PK\x03\x04" + b"\0" * 100, "Word"),
])
def test_encodings_and_binary_files_are_named_right(programme, data, named):
    (programme / "2027" / "handlingsplan.yaml").write_bytes(data)
    run = hp("validate", programme, "--format", "json")
    assert named in one(run, "HP002", "2027/handlingsplan.yaml")["message"]


def test_an_excerpt_of_a_huge_line_is_cut_around_the_column(programme):
    path = programme / "2027" / "handlingsplan.yaml"
    replace(path, 'versjon: "0.9"', 'versjon: "0.9"\nukjent: "' + "x" * 5_000_000 + '"')
    run = hp("validate", programme)
    assert run.code == 1 and len(run.out) < 20_000
    assert max(len(line) for line in run.out.splitlines()) < 300


def test_a_hex_year_is_not_a_year(programme):
    plan = programme / "omstillingsplan.yaml"
    replace(plan, "2025: {", "0x7E9: {")
    run = hp("validate", programme, "--format", "json")
    assert run.code == 1
    assert any("0x7E9" in d["message"] for d in diagnostics(run)), run.out[:3000]


def test_a_reading_dated_in_year_9999_is_hp103(programme):
    replace(programme / "2027" / "handlingsplan.yaml", "dato: 2026-11-20", "dato: 9999-11-20")
    run = hp("validate", programme, "--format", "json")
    d = one(run, "HP103", "2027/handlingsplan.yaml")
    assert "9999-11-20" in d["message"] and d["line"] == 6


def _template_variant(path: Path, edit) -> Path:
    """templates/default.docx with its parts changed by `edit(parts)` (None drops a part)."""
    with zipfile.ZipFile(REPO / "templates" / "default.docx") as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    edit(parts)
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            if data is not None:
                z.writestr(name, data)
    return path


def _sub(part: str, pattern: str, replacement: str, count: int = 1):
    def edit(parts):
        text = parts[part].decode("utf-8")
        assert re.search(pattern, text), (part, pattern)
        parts[part] = re.sub(pattern, replacement, text, count=count).encode("utf-8")
    return edit


def _no_numbering(parts):
    del parts["word/numbering.xml"]
    for name in ("word/_rels/document.xml.rels", "[Content_Types].xml"):
        parts[name] = re.sub(rb"<[^>]*numbering\.xml\"/>", b"", parts[name])


@pytest.mark.parametrize(("name", "edit", "works"), [
    ("ingen nummerering", _no_numbering, True),  # a template that never had a list
    ("farge som ikke er en farge", _sub("word/styles.xml", r'w:color w:val="[0-9A-Fa-f]{6}"',
                                        'w:color w:val="zzzzzz"', 0), False),
    ("stiler i ring", _sub("word/styles.xml", r'(<w:style [^>]*w:styleId="Normal"[^>]*>)',
                           r'\1<w:basedOn w:val="Heading1"/>'), True),
    ("anførselstegn i stil-id", _sub("word/styles.xml", r'w:styleId="Heading1"',
                                     'w:styleId="Head&quot;ing1"'), True),
    ("ugyldige nummer-id-er", _sub("word/numbering.xml", r'w:abstractNumId="\d+"',
                                   'w:abstractNumId="x"', 0), True),
    ("overskrift som tegnstil", _sub("word/styles.xml",
                                     r'w:type="paragraph"( [^>]*w:styleId="Heading1")',
                                     r'w:type="character"\1'), False),
    ("uten sideoppsett", _sub("word/document.xml", r"<w:sectPr.*?</w:sectPr>", ""), False),
    ("uten brødtekst", _sub("word/document.xml", r"<w:body>.*</w:body>", ""), False),
])
def test_an_odd_word_template_renders_or_is_a_template_problem(programme, tmp_path, name,
                                                                edit, works):
    template = _template_variant(tmp_path / "mal.docx", edit)
    out = tmp_path / "plan.docx"
    run = hp("render", programme, "--year", "2027", "--template", template, "--out", out)
    assert "Traceback" not in run.err and "intern feil" not in run.err, run.err
    if works:
        assert run.code == 0, run.err
        assert zipfile.is_zipfile(out)
    else:
        assert run.code == 2 and "Word-malen «mal.docx»" in run.err, run.err
        assert not out.exists()


def test_external_relationships_of_a_template_are_not_copied(programme, tmp_path):
    from docx import Document

    template = tmp_path / "kommunemal.docx"
    doc = Document()
    doc.add_paragraph("mal")
    doc.part.rels.get_or_add_ext_rel(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image",
        "\\\\angriper\\del\\logo.png")
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings = doc.part.part_related_by(RT.SETTINGS)
    r_id = settings.rels.get_or_add_ext_rel(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate",
        "file://angriper/del/mal.dotm")
    attached = OxmlElement("w:attachedTemplate")
    attached.set(qn("r:id"), r_id)
    settings.element.append(attached)
    doc.part.rels.get_or_add_ext_rel(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
        "https://kommune.no")
    doc.save(str(template))
    out = tmp_path / "plan.docx"
    run = hp("render", programme, "--year", "2027", "--template", template, "--out", out)
    assert run.code == 0, run.err
    with zipfile.ZipFile(out) as z:
        rels = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".rels"))
        settings_xml = z.read("word/settings.xml").decode()
    assert "angriper" not in rels and "https://kommune.no" in rels
    assert "attachedTemplate" not in settings_xml


def test_status_markdown_does_not_pass_html_through(programme):
    replace(programme / "2027" / "3-strategier-og-tiltak.yaml", 'navn: "Hovedprosjekt: ',
            'navn: "<img src=https://angriper.example/spor.png> ')
    run = hp("status", programme, "--year", "2027", "--date", "2027-06-01", "--format", "md")
    assert run.code in (0, 1)
    assert not re.search(r"(?<!\\)<img", run.out) and "\\<img" in run.out


def test_the_attacks_changed_nothing_in_the_repository():
    """No case may touch the bundled example (each works on its own copy)."""
    status = subprocess.run(["git", "status", "--porcelain", "examples"], cwd=REPO,
                            capture_output=True, text=True)
    assert status.stdout == ""


# --- round three: what the second review found ----------------------------------------------


def test_an_out_never_replaces_a_plan_file_that_was_too_large_to_read(programme):
    big = programme / "2026" / "oppfolging.yaml"
    with open(big, "a", encoding="utf-8") as f:
        f.write("# " + "x" * 11_000_000 + "\n")
    before = snapshot(programme)
    run = hp("validate", "--out", "2026/oppfolging.yaml", cwd=programme)
    assert run.code == 2 and "hp skriver aldri over" in run.err
    assert snapshot(programme) == before


def test_the_github_summary_never_goes_into_a_plan_file_or_waits_on_a_fifo(programme,
                                                                            tmp_path):
    before = snapshot(programme)
    run = hp("validate", programme, "--format", "github",
             env={"GITHUB_STEP_SUMMARY": str(programme / "omstillingsplan.yaml")})
    assert run.code == 0 and "jobbsammendraget" in run.err
    assert snapshot(programme) == before
    fifo = tmp_path / "sammendrag"
    os.mkfifo(fifo)
    run = hp("validate", programme, "--format", "github", env={"GITHUB_STEP_SUMMARY": str(fifo)})
    assert run.code == 0 and run.seconds < 10


def test_hp_init_never_writes_through_a_symlinked_folder(programme, tmp_path):
    outside = tmp_path / "utenfor"
    outside.mkdir()
    (programme / ".schema").symlink_to(outside)
    run = hp("init", "-C", programme, "2028")
    assert run.code == 2 and "utenfor programmappen" in run.err
    assert list(outside.iterdir()) == []
    assert not (programme / "2028").exists()
