"""Git as the council's memory: `hp endringer` and HP908, on real Git repositories built in
temporary folders with the `git` program (Straumsvik's 2026 plan, approved on 11 December
2025, committed the day after)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import EXAMPLE, edit, git, git_commit_all, hp908_on
from typer.testing import CliRunner

from handlingsplan.check import validate
from handlingsplan.cli import app
from handlingsplan.diagnostics import Severity

pytestmark = pytest.mark.skipif(shutil.which("git") is None,
                                reason="these tests build Git repositories with the git program")

S1 = "2026/1-mal-og-innsatsomrader.yaml"
S3 = "2026/3-strategier-og-tiltak.yaml"
META = "2026/handlingsplan.yaml"
LATER = "2026-06-15T10:00:00+02:00"


def hp(*args: str | Path):
    return CliRunner().invoke(app, [str(a) for a in args])


def june_revision(root: Path) -> None:
    """The board moves 200 000 kr from HAV-03 to HAV-02 in June (financing moved with it)."""
    edit(root / S3, "budsjett: 450000\n    finansiering: {fylkeskommunen: 337500, kommunen: "
         "112500}", "budsjett: 650000\n    finansiering: {fylkeskommunen: 537500, kommunen: "
         "112500}")
    edit(root / S3, "budsjett: 300000\n    finansiering: {fylkeskommunen: 225000, kommunen: "
         "75000}", "budsjett: 100000\n    finansiering: {fylkeskommunen: 25000, kommunen: "
         "75000}")


@pytest.fixture
def approved(copy_programme) -> Path:
    """Straumsvik committed with 2026 as til_behandling, then approved in a second commit."""
    root = copy_programme()
    hp908_on(root)
    edit(root / META, "status: vedtatt", "status: til_behandling")
    git_commit_all(root, "Handlingsplan 2026 til behandling", date="2025-11-19T09:00:00+01:00")
    edit(root / META, "status: til_behandling", "status: vedtatt")
    git_commit_all(root, "Handlingsplan 2026 vedtatt")
    return root


def hp908(root: Path):
    return [d for d in validate(root).diagnostics if d.code == "HP908"]


# --- the approval commit --------------------------------------------------------------------


def test_the_approval_commit_is_where_status_became_vedtatt(approved):
    from handlingsplan.history.git import History

    approval = git(approved, "rev-parse", "HEAD").strip()
    edit(approved / "2026/oppfolging.yaml", "per:", "per:", 1)
    (approved / "NOTAT.md").write_text("notat\n", encoding="utf-8")
    git_commit_all(approved, "Notat", date=LATER)
    with History(approved) as history:
        found = history.approval(2026)
    assert found.sha == approval
    assert found.date.isoformat() == "2025-12-12"
    assert found.summary == "Handlingsplan 2026 vedtatt"


def test_a_commit_that_adds_the_file_as_vedtatt_counts(copy_programme):
    from handlingsplan.history.git import History

    root = copy_programme()
    first = git_commit_all(root, "Programmet lagt inn")
    with History(root) as history:
        assert history.approval(2026).sha == first


def test_the_last_approval_counts_after_a_new_reading_round(approved):
    from handlingsplan.history.git import History

    edit(approved / META, "status: vedtatt", "status: til_behandling")
    git_commit_all(approved, "Revidert plan til behandling", date=LATER)
    edit(approved / META, "status: til_behandling", "status: vedtatt")
    second = git_commit_all(approved, "Revidert plan vedtatt", date="2026-06-20T10:00:00+02:00")
    with History(approved) as history:
        assert history.approval(2026).sha == second


# --- hp endringer ---------------------------------------------------------------------------


def test_endringer_text_shows_tiltak_and_money(approved):
    june_revision(approved)
    result = hp("endringer", approved, "--year", "2026")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "siden vedtatt versjon" in out and "12. desember 2025" in out
    assert "2 tiltak (2 endret)" in out
    assert "200 000 kr flyttet mellom tiltak" in out
    assert "450 000 kr → 650 000 kr (+200 000 kr)" in out
    assert "300 000 kr → 100 000 kr (−200 000 kr)" in out
    assert "finansiering.fylkeskommunen: 337 500 kr → 537 500 kr" in out
    # the money per innsatsområde and per source: both tiltak are in HAV, so it did not move
    assert "Tiltak i Havbruk" not in out


def test_endringer_md_is_a_table_for_the_case_document(approved):
    june_revision(approved)
    edit(approved / S1, "  HM1: 25", "  HM1: 27")
    result = hp("endringer", approved, "-y", "2026", "--format", "md")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "| Endring | Vedtatt | Nå | Differanse |" in lines
    assert "| HAV-02 Leverandørnettverk Straumsvik (endret) | 450 000 kr | 650 000 kr | " \
           "+200 000 kr |" in lines
    assert any(x.startswith("| Årsmål HM1 ") and x.endswith("| 25 | 27 | +2 |") for x in lines)


def test_endringer_json_has_every_figure(approved):
    june_revision(approved)
    edit(approved / S3, "Nettverket fortsetter første halvår 2026",
         "Nettverket fortsetter hele 2026")
    edit(approved / "2026/4-ressursinnsats-og-finansiering.yaml", "REI: 800000", "REI: 750000")
    edit(approved / "2026/4-ressursinnsats-og-finansiering.yaml", "administrasjon: 1050000",
         "administrasjon: 1100000")
    result = hp("endringer", approved, "-y", "2026", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["endret"] is True and data["flyttet"] == 200000
    assert data["fra"]["commit"] == git(approved, "rev-parse", "HEAD").strip()
    by_id = {t["id"]: t for t in data["tiltak"]}
    assert by_id["HAV-02"]["budsjett_før"] == 450000
    assert by_id["HAV-02"]["budsjett_nå"] == 650000
    assert by_id["HAV-03"]["differanse"] == -200000
    fields = {f["felt"]: f for f in by_id["HAV-02"]["felt"]}
    assert fields["beskrivelse"]["tekst"] is True and fields["beskrivelse"]["før"] is None
    money = {m["id"]: m for m in data["penger"]}
    assert (money["REI"]["før"], money["REI"]["nå"], money["REI"]["endring"]) == \
        (800000, 750000, -50000)
    assert money["administrasjon"]["endring"] == 50000
    assert data["tekster"]["antall"] == 1
    assert data["tekster"]["felt"] == ["3-strategier-og-tiltak.yaml: tiltak.HAV-02.beskrivelse"]


def test_no_change_is_exit_0_and_says_so(approved):
    edit(approved / S3, "tiltak:", "# en kommentar\ntiltak:")  # comments do not count
    result = hp("endringer", approved, "-y", "2026")
    assert result.exit_code == 0, result.output
    assert "Ingen endringer i del 1–5." in result.output


def test_fra_takes_a_tag(approved):
    git(approved, "tag", "vedtatt-2026")
    june_revision(approved)
    git_commit_all(approved, "Junirevisjonen", date=LATER)
    result = hp("endringer", approved, "-y", "2026", "--fra", "vedtatt-2026")
    assert result.exit_code == 0, result.output
    assert "siden vedtatt-2026" in result.output
    assert "+200 000 kr" in result.output
    unknown = hp("endringer", approved, "-y", "2026", "--fra", "finnes-ikke")
    assert unknown.exit_code == 2
    assert "Fant ikke revisjonen «finnes-ikke»" in unknown.output


def test_outside_git_is_exit_2_with_how_to_mark_a_version(copy_programme):
    root = copy_programme()
    result = hp("endringer", root, "-y", "2026")
    assert result.exit_code == 2
    assert "ligger ikke i et Git-repo" in result.output
    assert "Traceback" not in result.output


def test_no_approved_version_is_exit_2_naming_status_and_tag(approved):
    result = hp("endringer", approved, "-y", "2027")
    assert result.exit_code == 2
    assert "ingen vedtatt versjon av planen for 2027" in result.output
    assert "status: vedtatt" in result.output and "git tag vedtatt-2027" in result.output


def test_a_programme_in_a_subfolder_of_the_repository(tmp_path):
    top = tmp_path / "repo"
    shutil.copytree(EXAMPLE, top / "planer" / "straumsvik")
    git_commit_all(top, "Programmet i en undermappe")
    root = top / "planer" / "straumsvik"
    june_revision(root)
    result = hp("endringer", root, "-y", "2026", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["flyttet"] == 200000


def test_a_shallow_clone_says_so_and_names_unshallow(approved, tmp_path):
    june_revision(approved)
    git_commit_all(approved, "Junirevisjonen", date=LATER)
    clone = tmp_path / "klone"
    git(tmp_path, "clone", "-q", "--depth", "1", approved.as_uri(), str(clone))
    result = hp("endringer", clone, "-y", "2026")
    assert result.exit_code == 2
    assert "grunn kopi" in result.output and "git fetch --unshallow" in result.output
    found = hp908(clone)
    assert found and all(d.severity is Severity.INFO for d in found)  # 2025 and 2026
    assert any("planen for 2026" in d.message and "grunn kopi" in d.message for d in found)


def test_a_hostile_blob_in_history_is_held_by_the_limits(copy_programme):
    """An alias bomb committed as section 3 at approval: read with the loader's limits, the
    file is reported as unreadable at that version, and nothing hangs or crashes."""
    root = copy_programme()
    good = (root / S3).read_text(encoding="utf-8")
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True))
    (root / S3).write_text(bomb, encoding="utf-8")
    git_commit_all(root, "Vedtatt, med en bombe")
    (root / S3).write_text(good, encoding="utf-8")
    result = hp("endringer", root, "-y", "2026")
    assert result.exit_code == 0, result.output
    assert "3-strategier-og-tiltak.yaml kan ikke leses i den vedtatte versjonen" in result.output
    assert all(d.code != "HP000" for d in validate(root).diagnostics)


def test_help_is_norwegian_with_examples():
    result = hp("endringer", "--help")
    assert result.exit_code == 0
    assert "hp endringer -y 2027 --fra vedtatt-2027" in result.output
    assert "endringer" in hp("--help").output


# --- HP908 ----------------------------------------------------------------------------------


def test_hp908_when_the_approved_plan_changed(approved):
    june_revision(approved)
    git_commit_all(approved, "Junirevisjonen", date=LATER)
    found = hp908(approved)
    assert len(found) == 1
    d = found[0]
    assert d.severity is Severity.WARNING and d.file == META and d.line == 5
    assert "2 tiltak endret" in d.message and "200 000 kr flyttet" in d.message
    assert "hp endringer --year 2026" in (d.hint or "")


def test_hp908_also_for_changes_not_yet_committed(approved):
    edit(approved / S1, "  HM1: 25", "  HM1: 27")
    assert "1 årsmål endret" in hp908(approved)[0].message


def test_a_reading_after_approval_silences_hp908(approved):
    june_revision(approved)
    edit(approved / META, '  - {organ: Kommunestyret, dato: 2025-12-11, sak: "PS 84/25"}',
         '  - {organ: Kommunestyret, dato: 2025-12-11, sak: "PS 84/25"}\n'
         '  - {organ: Omstillingsstyret, dato: 2026-06-12, sak: "22/26"}')
    assert hp908(approved) == []


def test_comments_and_layout_do_not_count(approved):
    edit(approved / S3, "budsjett: 450000", "budsjett: \"450 000\"  # uendret")
    edit(approved / S1, "årsmål:", "# årets mål\nårsmål:")
    assert hp908(approved) == []


def test_follow_up_and_grants_never_count(approved):
    edit(approved / "2026/oppfolging.yaml", "per:", "per:")  # the file is there
    text = (approved / "2026/oppfolging.yaml").read_text(encoding="utf-8")
    (approved / "2026/oppfolging.yaml").write_text(text + "kommentar: Oppdatert i juni.\n",
                                                   encoding="utf-8")
    edit(approved / "2026/tilsagn.yaml", "beløp: ", "beløp: ", 1)
    git_commit_all(approved, "Oppfølging", date=LATER)
    assert hp908(approved) == []


def test_hp908_is_silent_outside_git(copy_programme):
    root = copy_programme()
    june_revision(root)
    assert hp908(root) == []


def test_validate_outside_git_does_not_import_dulwich():
    code = ("import sys; from typer.testing import CliRunner; from handlingsplan.cli import app; "
            f"r = CliRunner().invoke(app, ['validate', {str(EXAMPLE)!r}]); "
            "print(r.exit_code, 'dulwich' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == ["0", "False"]


def test_nothing_is_written_to_the_repository(approved):
    june_revision(approved)
    before = git(approved, "status", "--porcelain") + git(approved, "rev-parse", "HEAD")
    index = (approved / ".git" / "index").read_bytes()
    assert hp("endringer", approved, "-y", "2026").exit_code == 0
    validate(approved)
    assert git(approved, "status", "--porcelain") + git(approved, "rev-parse", "HEAD") == before
    assert (approved / ".git" / "index").read_bytes() == index


# --- hp init --------------------------------------------------------------------------------


@pytest.mark.parametrize(("malform", "words"), [("nb", "Den vedtatte versjonen"),
                                                ("nn", "Den vedtekne versjonen")])
def test_init_checks_out_the_whole_history_and_explains_tagging(tmp_path, malform, words):
    result = hp("init", "--kommune", "Eksempel", "--fra", "2027", "--til", "2030",
                "--malform", malform, "-C", tmp_path)
    assert result.exit_code == 0, result.output
    workflow = (tmp_path / ".github" / "workflows" / "hp.yml").read_text(encoding="utf-8")
    assert "fetch-depth: 0" in workflow
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert words in readme
    assert "status: vedtatt" in readme and "git tag vedtatt-ÅR" in readme
    assert "hp endringer --year ÅR" in readme


# --- the document: «Endringer fra vedtatt plan» ----------------------------------------------

def board_moves_from_hav04(root: Path) -> None:
    """A valid June revision for the document: 200 000 kr from HAV-04 to HAV-02 (a pool whose
    grants stay inside its budget), the financing moved with it."""
    edit(root / S3, "budsjett: 450000\n    finansiering: {fylkeskommunen: 337500, kommunen: "
         "112500}", "budsjett: 650000\n    finansiering: {fylkeskommunen: 537500, kommunen: "
         "112500}")
    edit(root / S3, "budsjett: 700000\n    finansiering: {fylkeskommunen: 525000, kommunen: "
         "175000}", "budsjett: 500000\n    finansiering: {fylkeskommunen: 325000, kommunen: "
         "175000}")


def docx_lines(root: Path, year: int) -> list[str]:
    import io

    import docx
    from docx.oxml.ns import qn

    from handlingsplan.render import build

    doc = docx.Document(io.BytesIO(build(root, year, out=root / "x.docx").data))
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))).replace("\u00a0", " ")
            for p in doc.element.body.iter(qn("w:p"))]


def last(lines: list[str], text: str) -> int:
    return max(i for i, x in enumerate(lines) if x == text)


def md_text(root: Path, year: int) -> str:
    from handlingsplan.render import build

    return build(root, year, fmt="md", out=Path("-")).data.decode("utf-8")


def test_the_document_shows_the_changes_since_the_approved_plan(approved):
    board_moves_from_hav04(approved)
    lines = docx_lines(approved, 2026)
    at = last(lines, "Endringer fra vedtatt plan")  # the heading, not the table of contents
    after = lines[at:at + 30]
    assert any("endret etter at den ble vedtatt av kommunestyret 11. desember 2025 "
               "(sak PS 84/25)" in x and "200 000 kr er flyttet mellom tiltak" in x
               for x in after)
    row = after.index("HAV-02 Leverandørnettverk Straumsvik (endret)")
    assert after[row + 1:row + 4] == ["450 000 kr", "650 000 kr", "+200 000 kr"]
    row = next(i for i, x in enumerate(after) if x.startswith("HAV-04 "))
    assert after[row + 1:row + 4] == ["700 000 kr", "500 000 kr", "−200 000 kr"]
    # before the changes since last year's plan, and without developer words
    assert at < last(lines, "Endringer fra handlingsplanen for 2025")
    assert not any(w in " ".join(after) for w in ("yaml", "commit", "Git"))
    md = md_text(approved, 2026)
    assert "# Endringer fra vedtatt plan" in md
    assert "| **HAV-02** Leverandørnettverk Straumsvik (endret) | 450 000 kr | 650 000 kr | " \
           "\\+200 000 kr |" in md.replace("\u00a0", " ")


def test_the_document_in_nynorsk(tmp_path):
    from helpers import NYNORSK_EXAMPLE

    root = tmp_path / "fjordbotn"
    shutil.copytree(NYNORSK_EXAMPLE, root)
    hp908_on(root)
    meta = root / "2027/handlingsplan.yaml"
    edit(meta, "status: utkast", "status: vedtatt\nbehandling:\n"
         "  - {organ: Kommunestyret, dato: 2026-12-17, sak: \"PS 90/26\"}")
    git_commit_all(root, "Handlingsplan 2027 vedteken", date="2026-12-18T09:00:00+01:00")
    s3 = root / "2027/3-strategier-og-tiltak.yaml"
    edit(s3, "budsjett: 450000\n    finansiering: {fylkeskommunen: 360000, kommunen: 90000}",
         "budsjett: 550000\n    finansiering: {fylkeskommunen: 460000, kommunen: 90000}")
    edit(s3, "budsjett: 550000\n    finansiering: {fylkeskommunen: 440000, kommunen: 110000}",
         "budsjett: 450000\n    finansiering: {fylkeskommunen: 340000, kommunen: 110000}")
    lines = docx_lines(root, 2027)
    at = last(lines, "Endringar frå vedteken plan")
    after = lines[at:at + 30]
    assert any("Planen er endra etter at han vart vedteken av kommunestyret 17. desember 2026 "
               "(sak PS 90/26)" in x
               and "100 000 kr er flytta mellom tiltak" in x for x in after)
    row = next(i for i, x in enumerate(after) if x.startswith("IND-02 "))
    assert after[row].endswith("(endra)")
    assert after[row + 1:row + 4] == ["450 000 kr", "550 000 kr", "+100 000 kr"]
    md = md_text(root, 2027).replace("\u00a0", " ")
    assert "# Endringar frå vedteken plan" in md and "| Endring | Vedteken | No | Differanse |" \
        in md


def test_no_section_outside_git_without_changes_or_without_approval(copy_programme, approved):
    root = copy_programme(name="utenfor")
    board_moves_from_hav04(root)
    assert "vedtatt plan" not in md_text(root, 2026)  # outside Git
    assert "vedtatt plan" not in md_text(approved, 2026)  # no change since approval
    assert "vedtatt plan" not in md_text(approved, 2027)  # 2027 never approved
    board_moves_from_hav04(approved)
    edit(approved / "hp.toml", "av = []", 'av = ["HP908"]')  # its Git is not the council's
    assert "vedtatt plan" not in md_text(approved, 2026)


def test_a_broken_repository_never_breaks_the_render(approved):
    board_moves_from_hav04(approved)
    for obj in (approved / ".git" / "objects").rglob("*"):
        if obj.is_file():
            obj.chmod(0o644)
            obj.write_bytes(b"not an object")
    assert "vedtatt plan" not in md_text(approved, 2026)


# --- edge cases -------------------------------------------------------------------------------


def test_a_detached_head(approved):
    june_revision(approved)
    git_commit_all(approved, "Junirevisjonen", date=LATER)
    git(approved, "checkout", "-q", "--detach", "HEAD~1")
    june_revision(approved)
    result = hp("endringer", approved, "-y", "2026", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["flyttet"] == 200000
    assert len(hp908(approved)) == 1


def test_a_section_deleted_since_approval(approved):
    (approved / "2026/5-kommunikasjonsplan.yaml").unlink()
    result = hp("endringer", approved, "-y", "2026")
    assert result.exit_code == 0, result.output
    assert "5-kommunikasjonsplan.yaml: filen er fjernet" in result.output


def test_the_programme_folder_moved_since_approval(tmp_path):
    """Renamed in the repository: the commit that moved it adds the files as vedtatt, so it is
    the approval commit for the new path (Git does not follow the rename); a --fra from before
    the move finds no files there and says so."""
    top = tmp_path / "repo"
    shutil.copytree(EXAMPLE, top / "gammel")
    hp908_on(top / "gammel")
    first = git_commit_all(top, "Vedtatt")
    git(top, "mv", "gammel", "ny")
    git(top, "commit", "-q", "-m", "Flyttet", date=LATER)
    root = top / "ny"
    assert hp908(root) == []
    june_revision(root)
    assert len(hp908(root)) == 1
    result = hp("endringer", root, "-y", "2026", "--fra", first[:7])
    assert result.exit_code == 2
    assert "har ingen filer for 2026 i «ny/2026/»" in result.output
    assert "flyttet eller gitt nytt navn" in result.output


def test_a_file_at_the_approved_version_that_does_not_parse(approved):
    text = (approved / S1).read_text(encoding="utf-8")
    (approved / S1).write_text("årsmål: [ikke lukket\n", encoding="utf-8")
    git_commit_all(approved, "Ødelagt del 1, vedtatt", date=LATER)
    edit(approved / META, "status: vedtatt", "status: utkast")
    git_commit_all(approved, "Tilbake til utkast", date=LATER)
    edit(approved / META, "status: utkast", "status: vedtatt")
    git_commit_all(approved, "Vedtatt igjen", date=LATER)
    (approved / S1).write_text(text, encoding="utf-8")
    result = hp("endringer", approved, "-y", "2026")
    assert result.exit_code == 0, result.output
    assert "1-mal-og-innsatsomrader.yaml kan ikke leses i den vedtatte versjonen" in \
        result.output
    md = hp("endringer", approved, "-y", "2026", "-f", "md")
    assert "1-mal-og-innsatsomrader.yaml kan ikke leses" in md.output
    assert "Traceback" not in result.output + md.output
    assert hp908(approved) == []  # the unreadable file is not a change of the plan
    assert all(d.code != "HP000" for d in validate(approved).diagnostics)


def test_no_file_at_the_approved_version_parses_is_exit_2(approved):
    good = {rel: (approved / rel).read_text(encoding="utf-8") for rel in
            (f"2026/{p.name}" for p in (approved / "2026").glob("[1-5]-*.yaml"))}
    for rel in good:
        (approved / rel).write_text("a: [\n", encoding="utf-8")
    edit(approved / META, "status: vedtatt", "status: utkast")
    git_commit_all(approved, "Utkast", date=LATER)
    edit(approved / META, "status: utkast", "status: vedtatt")
    git_commit_all(approved, "Vedtatt", date=LATER)
    for rel, text in good.items():
        (approved / rel).write_text(text, encoding="utf-8")
    result = hp("endringer", approved, "-y", "2026")
    assert result.exit_code == 2, result.output
    assert "kan ikke leses, så det er ingenting å sammenligne med" in result.output
    assert "git show" in result.output and "Traceback" not in result.output
    assert hp908(approved) == []


def test_an_unrelated_repository_above_the_programme(tmp_path, copy_programme):
    """A repository above (a home folder kept in Git, say) that does not track the programme:
    hp endringer says so, HP908 and the document stay silent."""
    top = tmp_path
    (top / "notater.txt").write_text("x\n", encoding="utf-8")
    git(top, "init", "-q", "-b", "main")
    git(top, "config", "user.name", "Test")
    git(top, "config", "user.email", "test@example.invalid")
    git(top, "add", "notater.txt")
    git(top, "commit", "-q", "-m", "Notater")
    root = copy_programme()
    hp908_on(root)
    june_revision(root)
    result = hp("endringer", root, "-y", "2026")
    assert result.exit_code == 2
    assert "er ikke lagt inn i Git-repoet" in result.output and "git init" in result.output
    assert hp908(root) == []


# --- a blob in history larger than hp reads ---------------------------------------------------


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS, and 300 MB in a temporary file")
def test_a_huge_blob_in_history_is_never_unpacked(copy_programme, monkeypatch):
    """300 MB of zeros committed as section 3 at approval is a few hundred kB in Git. hp finds
    its size in the object's header and does not read it: hp endringer and hp validate run
    under a 400 MB address-space cap, loose and packed, and say the file cannot be read."""
    import test_attacks

    monkeypatch.setattr(test_attacks, "MEMORY", 400 * 1024**2)
    root = copy_programme()
    hp908_on(root)
    good = (root / S3).read_bytes()
    with (root / S3).open("wb") as f:
        for _ in range(300):
            f.write(bytes(1024 * 1024))
    git_commit_all(root, "Vedtatt, med en stor fil")
    (root / S3).write_bytes(good)
    for packed in (False, True):
        if packed:
            git(root, "gc", "-q")
            assert not list((root / ".git/objects").glob("[0-9a-f][0-9a-f]/*"))
        run = test_attacks.hp("endringer", root, "-y", "2026")
        assert run.code == 0, run.text
        assert "3-strategier-og-tiltak.yaml kan ikke leses i den vedtatte versjonen" in run.text
        assert "filen er ny" not in run.text
        run = test_attacks.hp("validate", root, "--format", "json")
        assert run.code in (0, 1), run.text
        assert "HP908" not in run.text


def test_sizes_from_object_headers_match_git(copy_programme):
    """The size read from a loose object's header or a pack entry's (a delta's target size
    included) is what `git cat-file -s` says, for every object of a repository."""
    from handlingsplan.history.git import History

    root = copy_programme()
    git_commit_all(root, "Første")
    for n in range(4):
        with (root / S3).open("a", encoding="utf-8") as f:
            f.write(f"# endring {n}\n")
        git_commit_all(root, f"Endring {n}")
    for stage in ("loose", "packed"):
        if stage == "packed":
            git(root, "gc", "-q")
        listed = git(root, "cat-file", "--batch-all-objects", "--batch-check").split("\n")
        sizes = {line.split()[0]: int(line.split()[2]) for line in listed if line}
        with History(root) as history:
            found = {sha: history.size(sha.encode("ascii")) for sha in sizes}
        assert found == sizes, stage
    deltas = git(root, "verify-pack", "-v", *map(str, (root / ".git/objects/pack").glob(
        "*.idx")))
    assert any(len(line.split()) >= 7 for line in deltas.splitlines())  # deltas were tested
