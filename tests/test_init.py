"""`hp init`: a new programme from nothing, and next year's plan from this year's (issue 5).

Both modes must give files that validate with no errors (what is left to fill in shows as
warnings), refusals must leave the tree exactly as it was, and last year's comments must
survive the carry-over.
"""

from __future__ import annotations

import datetime as dt
import shutil
from fractions import Fraction
from pathlib import Path

import pytest
from helpers import NYNORSK_EXAMPLE, edit
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from typer.testing import CliRunner

from handlingsplan.check import validate
from handlingsplan.cli import app
from handlingsplan.diagnostics import Severity
from handlingsplan.loader.programme import load
from handlingsplan.scaffold import budget
from handlingsplan.schema import KINDS
from handlingsplan.schema.types import SourceType

S1 = "1-mal-og-innsatsomrader.yaml"
S2 = "2-resultater.yaml"
S3 = "3-strategier-og-tiltak.yaml"
S4 = "4-ressursinnsats-og-finansiering.yaml"
S5 = "5-kommunikasjonsplan.yaml"
NEW = ["--kommune", "Straumsvik", "--fylkeskommune", "Nordkysten", "--fra", "2025",
       "--til", "2030"]


pytestmark = pytest.mark.usefixtures("plain")


def hp(*args: str | Path, input: str | None = None):
    return CliRunner().invoke(app, [str(a) for a in args], input=input)


def snapshot(root: Path) -> dict[str, tuple]:
    """Every file and folder under root with its bytes and modification time."""
    out: dict[str, tuple] = {}
    for path in sorted(root.rglob("*")):
        stat = path.stat()
        rel = path.relative_to(root).as_posix()
        out[rel] = ((path.read_bytes() if path.is_file() else None), stat.st_mtime_ns)
    return out


def errors(root: Path, year: int | None = None) -> list:
    result = validate(root)
    found = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    if year is not None:
        found = [d for d in found if d.file.startswith(f"{year}/")]
    return found


def read(path: Path):
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


# --- a new programme -----------------------------------------------------------------------------


def test_new_programme_validates_with_no_errors(tmp_path):
    root = tmp_path / "straumsvik"
    result = hp("init", *NEW, "-C", root)
    assert result.exit_code == 0, result.output
    assert "Laget" in result.output and "hp validate" in result.output
    for stem in ("handlingsplan", "1-mal-og-innsatsomrader", "2-resultater",
                 "3-strategier-og-tiltak", "4-ressursinnsats-og-finansiering",
                 "5-kommunikasjonsplan"):
        assert (root / "2025" / f"{stem}.yaml").is_file()
    assert not (root / "2026").exists()

    outcome = validate(root)
    assert [d for d in outcome.diagnostics if d.severity is Severity.ERROR] == []
    # what is left to fill in shows as warnings (goals without måltall, areas without tiltak)
    warnings = {d.code for d in outcome.diagnostics if d.severity is Severity.WARNING}
    assert {"HP401", "HP403"} <= warnings

    plan = read(root / "omstillingsplan.yaml")
    assert plan["kommune"] == "Straumsvik kommune"
    assert plan["fylkeskommune"] == "Nordkysten fylkeskommune"
    assert plan["periode"] == {"fra": 2025, "til": 2030}
    assert plan["målform"] == "bokmål"
    assert plan["vilkår"] == {"fylkeskommune_maks_prosent": 75, "kommune_min_prosent": 25,
                              "administrasjon_maks_prosent": 30}
    assert sorted(plan["finansiering"]["rammer"]) == list(range(2025, 2031))
    assert plan["visjon"].startswith("FYLL UT")


def test_new_programme_explains_every_file_and_points_at_the_schema(tmp_path):
    assert hp("init", *NEW, "-C", tmp_path).exit_code == 0
    for path in [tmp_path / "omstillingsplan.yaml", *sorted((tmp_path / "2025").iterdir())]:
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        schema = (path.parent / first.split("$schema=")[1]).resolve()
        assert schema.is_file(), schema
        assert text.count("#") >= 4, f"{path.name} has too few explaining comments"
    for stem in KINDS:
        assert (tmp_path / ".schema" / f"{stem}.schema.json").is_file()
    # comments explain the keys in Norwegian
    plan = (tmp_path / "omstillingsplan.yaml").read_text(encoding="utf-8")
    assert "# omstillingsperioden, høyst seks år" in plan
    assert "# fylkeskommunen dekker høyst så mye av kostnadene" in plan


def test_new_programme_has_ci_precommit_gitignore_and_readme(tmp_path):
    assert hp("init", *NEW, "-C", tmp_path).exit_code == 0
    workflow = read(tmp_path / ".github" / "workflows" / "hp.yml")
    steps = workflow["jobs"]["valider"]["steps"]
    assert any(s.get("run") == "hp validate" for s in steps)
    assert any("setup-python" in s.get("uses", "") for s in steps)
    hooks = read(tmp_path / ".pre-commit-config.yaml")["repos"][0]
    assert hooks["repo"] == "local"
    assert hooks["hooks"][0]["entry"] == "hp validate"
    assert hooks["hooks"][0]["pass_filenames"] is False
    assert "/ut/" in (tmp_path / ".gitignore").read_text(encoding="utf-8")
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Omstillingsprogrammet i Straumsvik")
    assert "hp validate" in readme and "hp render --year 2025" in readme


def test_new_programme_in_nynorsk(tmp_path):
    result = hp("init", "--kommune", "Fjordbotn kommune", "--fylkeskommune", "Vestfjell",
                "--fra", "2026", "--til", "2028", "--malform", "nynorsk", "-C", tmp_path)
    assert result.exit_code == 0, result.output
    assert errors(tmp_path) == []
    plan = read(tmp_path / "omstillingsplan.yaml")
    assert plan["målform"] == "nynorsk"
    assert plan["kommune"] == "Fjordbotn kommune"
    assert plan["kommunikasjonsstrategi"]["målgrupper"][0]["id"] == "innbyggjarar"
    s1 = read(tmp_path / "2026" / S1)
    assert s1["innledning"] == "FYLL UT: innleiing til kapittel 1 for 2026."
    assert "Ikkje fordelt" in (tmp_path / "2026" / S4).read_text(encoding="utf-8")


@pytest.mark.parametrize(("fra", "til"), [(2025, 2025), (2026, 2031), (2030, 2032)])
def test_new_programme_any_period_validates(tmp_path, fra, til):
    result = hp("init", "--kommune", "A", "--fylkeskommune", "B", "--fra", fra, "--til", til,
                "-C", tmp_path)
    assert result.exit_code == 0, result.output
    assert errors(tmp_path) == []


def test_new_programme_money_adds_up(tmp_path):
    assert hp("init", *NEW, "-C", tmp_path).exit_code == 0
    programme = load(tmp_path)
    s4 = programme.years[2025].s4
    assert s4.costs.total == s4.financing_total == 4_000_000
    assert s4.financing == {"fylkeskommunen": 3_000_000, "kommunen": 1_000_000}
    areas = {a.id: a.frame for a in programme.plan.focus_areas}
    assert all(s4.costs.areas[a] * 6 <= frame for a, frame in areas.items())


def test_new_programme_refused_where_a_programme_exists(copy_programme):
    root = copy_programme()
    before = snapshot(root)
    result = hp("init", *NEW, "-C", root)
    assert result.exit_code == 2
    assert "finnes allerede et omstillingsprogram" in result.output
    assert snapshot(root) == before
    # also from a folder inside the programme
    result = hp("init", *NEW, "-C", root / "2026")
    assert result.exit_code == 2
    assert snapshot(root) == before


def test_new_programme_needs_its_options_when_not_on_a_terminal(tmp_path):
    result = hp("init", "--kommune", "Straumsvik", "-C", tmp_path)
    assert result.exit_code == 2
    assert "mangler --fra og --til." in result.output
    assert list(tmp_path.iterdir()) == []


def test_the_contracts_options_are_enough_the_county_is_left_to_fill_in(tmp_path):
    """FORMAT.md §6 lists --kommune --fra --til --malform: no --fylkeskommune needed."""
    result = hp("init", "--kommune", "Testvik", "--fra", "2027", "--til", "2029", "-C",
                tmp_path)
    assert result.exit_code == 0, result.output
    plan = (tmp_path / "omstillingsplan.yaml").read_text(encoding="utf-8")
    assert 'fylkeskommune: "FYLL UT: navnet på fylkeskommunen som gir omstillingsmidlene"' \
        in plan
    assert "navn: Omstillingsmidler fra fylkeskommunen" in plan
    result = validate(tmp_path)
    assert not result.summary.errors
    hp801 = [d for d in result.diagnostics if d.code == "HP801"]
    assert any(d.file == "omstillingsplan.yaml" and d.line == 10 for d in hp801)


def test_the_instruction_that_names_the_mark_is_not_itself_a_mark(tmp_path):
    hp("init", *NEW, "-C", tmp_path)
    plan = tmp_path / "omstillingsplan.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "merket «FYLL UT»" in text
    lines = text.splitlines()
    instruction = next(i for i, line in enumerate(lines, 1) if "merket «FYLL UT»" in line)
    assert not [d for d in validate(tmp_path).diagnostics
                if d.code == "HP801" and d.file == "omstillingsplan.yaml"
                and d.line == instruction]


def test_ci_and_pre_commit_install_hp_with_the_line_given(tmp_path):
    line = "handlingsplan @ git+https://github.com/kommune/hp@v0.2.0"
    result = hp("init", *NEW, "-C", tmp_path, "--install", line)
    assert result.exit_code == 0, result.output
    yaml = YAML(typ="safe")
    workflow = yaml.load((tmp_path / ".github/workflows/hp.yml").read_text(encoding="utf-8"))
    assert workflow["permissions"] == {"contents": "read"}
    job = workflow["jobs"]["valider"]
    assert job["timeout-minutes"] == 10
    steps = job["steps"]
    assert [s.get("uses") for s in steps[:2]] == ["actions/checkout@v7",
                                                  "actions/setup-python@v7"]
    assert steps[2]["run"] == f'pip install "{line}"'
    hook = yaml.load((tmp_path / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [hook] = hook["repos"][0]["hooks"]
    assert hook["language"] == "python" and hook["additional_dependencies"] == [line]


def test_new_programme_asks_on_a_terminal(tmp_path, monkeypatch):
    monkeypatch.setattr("handlingsplan.cli.init_cmd._interactive", lambda: True)
    result = hp("init", "-C", tmp_path, input="Straumsvik\nNordkysten\n2025\n2027\nnynorsk\n")
    assert result.exit_code == 0, result.output
    plan = read(tmp_path / "omstillingsplan.yaml")
    assert plan["periode"] == {"fra": 2025, "til": 2027}
    assert plan["målform"] == "nynorsk"
    assert plan["fylkeskommune"] == "Nordkysten fylkeskommune"
    assert errors(tmp_path) == []


@pytest.mark.parametrize(("options", "message"), [
    (["--fra", "2025", "--til", "2031"], "høyst 6 år"),
    (["--fra", "2027", "--til", "2025"], "starter etter at den slutter"),
    (["--fra", "1900", "--til", "1902"], "ikke et rimelig årstall"),
    (["--fra", "2025", "--til", "2027", "--malform", "svensk"], "ikke en målform"),
])
def test_new_programme_bad_options(tmp_path, options, message):
    result = hp("init", "--kommune", "A", "--fylkeskommune", "B", *options, "-C", tmp_path)
    assert result.exit_code == 2
    assert message in result.output
    assert list(tmp_path.iterdir()) == []


def test_new_programme_keeps_an_existing_readme_and_gitignore(tmp_path):
    (tmp_path / "README.md").write_text("# Vårt repo\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("hemmelig/\n", encoding="utf-8")
    result = hp("init", *NEW, "-C", tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "# Vårt repo\n"
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == "hemmelig/\n"
    assert "finnes, beholdes" in result.output


def test_new_programme_refuses_to_overwrite_year_files(tmp_path):
    (tmp_path / "2025").mkdir()
    (tmp_path / "2025" / S3).write_text("tiltak: []\n", encoding="utf-8")
    before = snapshot(tmp_path)
    result = hp("init", *NEW, "-C", tmp_path)
    assert result.exit_code == 2
    assert snapshot(tmp_path) == before


# --- next year -----------------------------------------------------------------------------------


def test_next_year_from_the_example(copy_programme):
    root = copy_programme()
    result = hp("init", "-C", root)
    assert result.exit_code == 0, result.output
    assert "2028" in result.output
    assert errors(root) == []

    meta = read(root / "2028" / "handlingsplan.yaml")
    assert meta["år"] == 2028 and meta["status"] == "utkast" and meta["behandling"] == []
    assert meta["tittel"] == "Handlingsplan 2028 – Omstillingsprogrammet i Straumsvik"

    programme = load(root)
    plan, year = programme.plan, programme.years[2028]
    # section 1: this year's targets are the goals' måltall for 2028
    assert year.s1.year_targets == {g.id: g.targets[2028] for g in plan.goals()}
    # section 2: the earlier years carried over, and a new entry for 2027
    assert [e.year for e in year.s2.earlier_years] == [2025, 2026, 2027]
    assert year.s2.earlier_years[:2] == programme.years[2027].s2.earlier_years
    assert [t.id for t in year.s2.earlier_years[2].tiltak] == [
        t.id for t in programme.years[2027].s3.tiltak]
    # section 3: 2027 has no follow-up, so only what runs into 2028 by plan continues
    assert [t.id for t in year.s3.tiltak] == ["HAV-05"]
    hav05 = year.s3.tiltak[0]
    assert hav05.budget == 0 and sum(hav05.financing.values()) == 0
    assert hav05.start == dt.date(2027, 2, 1) and hav05.end == dt.date(2028, 6, 30)
    assert [m.date for m in hav05.milestones] == [dt.date(2028, 3, 31)]
    # section 4: the frames per post carried over, the financing from the frames for 2028
    assert year.s4.financing == plan.financing.frames[2028]
    assert year.s4.costs.total == year.s4.financing_total
    assert year.s4.costs.areas == programme.years[2027].s4.costs.areas
    # section 5: an empty plan that reminds of the target groups
    assert year.s5.activities == []
    text5 = (root / "2028" / S5).read_text(encoding="utf-8")
    for group in plan.communication.target_groups:
        assert f"#   {group.id}: {group.name}" in text5


def test_next_year_reads_like_a_draft(copy_programme):
    root = copy_programme()
    assert hp("init", "2028", "-C", root).exit_code == 0
    s3 = (root / "2028" / S3).read_text(encoding="utf-8")
    assert "- id: HAV-05  # fortsetter fra 2027" in s3
    assert "budsjett: 0  # FYLL UT: budsjett for 2028 (2027: 550 000 kr)" in s3
    assert "#   2027-05-31 Investeringsbeslutning i Kystlaks Nord" in s3
    s2 = (root / "2028" / S2).read_text(encoding="utf-8")
    assert "- år: 2027  # ny: FYLL UT: resultatene for 2027" in s2
    s4 = (root / "2028" / S4).read_text(encoding="utf-8")
    assert "- {navn: Ikke fordelt, beløp: 20000}  # FYLL UT" in s4
    assert 'kommunen: "1 100 000 kr"' in s4  # the user's way of writing amounts is kept
    # the year's prose is replaced by placeholders, not left over from last year
    assert read(root / "2028" / S1)["innledning"].startswith("FYLL UT")
    assert "2027 er det tredje" not in (root / "2028" / S1).read_text(encoding="utf-8")


def test_next_year_from_a_year_with_follow_up(copy_programme):
    """2027 made again from 2026, which has an oppfolging.yaml."""
    root = copy_programme()
    shutil.rmtree(root / "2027")
    result = hp("init", "-C", root)
    assert result.exit_code == 0, result.output
    assert errors(root) == []
    programme = load(root)
    year = programme.years[2027]
    followup = programme.years[2026].followup
    carried = [t.id for t in year.s3.tiltak]
    assert carried == [t for t, f in followup.tiltak.items()
                       if f.status.value not in ("fullført", "avbrutt")]
    assert carried == ["HAV-04", "REI-02", "REI-03", "GRU-03", "GRU-04"]
    by_id = {t.id: t for t in year.s3.tiltak}
    assert by_id["HAV-04"].end == dt.date(2027, 12, 31)  # already ran into 2027
    assert by_id["REI-02"].end == dt.date(2027, 12, 31)  # moved from 2026-12-31 (marked)
    assert by_id["REI-02"].milestones == []
    for tiltak in year.s3.tiltak:
        assert tiltak.budget == 0
        assert all(m.date >= dt.date(2027, 1, 1) for m in tiltak.milestones)
    entry = year.s2.earlier_years[-1]
    assert entry.year == 2026
    assert entry.goal_results == followup.indicators
    assert {t.id: t.status for t in entry.tiltak} == {
        k: v.status for k, v in followup.tiltak.items()}
    assert {t.id: t.jobs for t in entry.tiltak if t.jobs is not None} == {
        k: v.jobs for k, v in followup.tiltak.items() if v.jobs is not None}
    text = (root / "2027" / S3).read_text(encoding="utf-8")
    assert "slutt: 2027-12-31  # FYLL UT: sluttdatoen var 2026-12-31" in text


def test_next_year_keeps_last_years_comments(copy_programme):
    root = copy_programme()
    y = root / "2027"
    edit(y / S3, "innledning: |", "# Kapittel 3 skrives av daglig leder.\ninnledning: |")
    edit(y / S3, "    prosjekteier: Kystlaks Nord AS\n",
         "    prosjekteier: Kystlaks Nord AS  # bekreftet i styremøte\n")
    edit(y / S4, "kostnader:\n", "kostnader:  # vedtatt av styret\n")
    edit(y / S4, "  administrasjon: 1080000\n",
         "  # Lønn til daglig leder og kontor.\n  administrasjon: 1080000\n")
    edit(y / S1, "  HM1: 50\n", "  HM1: 50  # hovedmålet\n")
    edit(y / S2, "tidligere_år:\n", "# Tallene er kontrollert mot årsrapportene.\ntidligere_år:\n")
    edit(y / "handlingsplan.yaml", "år: 2027", "# Metadata for planen.\når: 2027")
    assert hp("init", "-C", root).exit_code == 0
    new = root / "2028"
    assert "# Kapittel 3 skrives av daglig leder." in (new / S3).read_text(encoding="utf-8")
    assert "prosjekteier: Kystlaks Nord AS  # bekreftet i styremøte" in (
        new / S3).read_text(encoding="utf-8")
    s4 = (new / S4).read_text(encoding="utf-8")
    assert "kostnader:  # vedtatt av styret" in s4
    assert "  # Lønn til daglig leder og kontor.\n  administrasjon: 1080000" in s4
    assert "HM1: 85  # hovedmålet" in (new / S1).read_text(encoding="utf-8")
    assert "# Tallene er kontrollert mot årsrapportene." in (new / S2).read_text(encoding="utf-8")
    assert "# Metadata for planen.\når: 2028" in (
        new / "handlingsplan.yaml").read_text(encoding="utf-8")
    assert errors(root) == []


def test_next_year_keeps_the_source_style(copy_programme):
    """A file written with lists flush under their key and Windows line endings stays so."""
    root = copy_programme()
    path = root / "2027" / S4
    text = path.read_text(encoding="utf-8").replace("  andre:\n    - {", "  andre:\n  - {")
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    assert hp("init", "-C", root).exit_code == 0
    raw = (root / "2028" / S4).read_bytes().decode("utf-8")
    assert "\r\n" in raw and "\n" not in raw.replace("\r\n", "")
    assert "  andre:\r\n  - {navn: Programstatusvurdering" in raw
    assert errors(root) == []


def test_next_year_in_nynorsk(copy_programme):
    root = copy_programme(NYNORSK_EXAMPLE)
    result = hp("init", "-C", root)
    assert result.exit_code == 0, result.output
    assert errors(root) == []
    s3 = read(root / "2028" / S1)
    assert s3["innledning"] == "FYLL UT: innleiing til kapittel 1 for 2028."
    s4 = (root / "2028" / S4).read_text(encoding="utf-8")
    assert "Ikkje fordelt" in s4 and "ramma for perioden" in s4
    programme = load(root)
    # the areas' frames over all years stay within their ramme for the period
    for area in programme.plan.focus_areas:
        used = sum(y.s4.costs.areas.get(area.id, 0) for y in programme.years.values())
        assert used <= area.frame


def test_a_first_year_in_a_programme_without_years(copy_programme):
    root = copy_programme()
    for year in (2025, 2026, 2027):
        shutil.rmtree(root / str(year))
    result = hp("init", "-C", root)
    assert result.exit_code == 0, result.output
    assert (root / "2025" / S3).is_file()
    assert errors(root) == []
    # an earlier year made again, with later years in place: frames stay within the ramme
    root = copy_programme(name="again")
    shutil.rmtree(root / "2025")
    assert hp("init", "2025", "-C", root).exit_code == 0
    assert errors(root) == []


@pytest.mark.parametrize(("year", "message"), [
    ("2027", "finnes allerede"),
    ("2031", "utenfor omstillingsperioden 2025–2030"),
    ("2024", "utenfor omstillingsperioden"),
])
def test_next_year_refusals_touch_nothing(copy_programme, year, message):
    root = copy_programme()
    before = snapshot(root)
    result = hp("init", year, "-C", root)
    assert result.exit_code == 2
    assert message in result.output
    assert snapshot(root) == before


def test_no_plan_after_the_last_year(copy_programme):
    root = copy_programme(NYNORSK_EXAMPLE)
    assert hp("init", "-C", root).exit_code == 0  # 2028, the last year
    before = snapshot(root)
    result = hp("init", "-C", root)
    assert result.exit_code == 2
    assert "siste året i omstillingsperioden" in result.output
    assert snapshot(root) == before


def test_next_year_refused_when_last_year_has_errors(copy_programme):
    root = copy_programme()
    edit(root / "2027" / S3, "budsjett: 600000", "budsjett: mange penger")
    before = snapshot(root)
    result = hp("init", "-C", root)
    assert result.exit_code == 2
    assert "hp validate --year 2027" in result.output
    assert snapshot(root) == before


def test_dry_run_shows_the_tree_and_writes_nothing(copy_programme, tmp_path):
    root = copy_programme()
    before = snapshot(root)
    result = hp("init", "--dry-run", "-C", root)
    assert result.exit_code == 0, result.output
    assert "2028/" in result.output
    assert "3-strategier-og-tiltak.yaml" in result.output and "ny)" in result.output
    assert "ingenting er skrevet" in result.output
    assert snapshot(root) == before

    empty = tmp_path / "tom"
    empty.mkdir()
    result = hp("init", *NEW, "-n", "-C", empty)
    assert result.exit_code == 0, result.output
    assert "omstillingsplan.yaml" in result.output and ".github/" in result.output
    assert list(empty.iterdir()) == []


def test_a_failed_write_leaves_nothing_half_made(copy_programme, monkeypatch, tmp_path):
    from handlingsplan.scaffold import tree

    real = tree.write_atomic
    calls = {"n": 0}

    def flaky(path, data, **kwargs):
        calls["n"] += 1
        if calls["n"] == 4:
            raise OSError(28, "No space left on device")
        real(path, data, **kwargs)

    monkeypatch.setattr(tree, "write_atomic", flaky)
    root = copy_programme()
    before = snapshot(root)
    result = hp("init", "-C", root)
    assert result.exit_code == 2
    assert "Kunne ikke skrive" in result.output and "Ingenting er endret" in result.output
    assert snapshot(root) == before
    assert not (root / "2028").exists()

    calls["n"] = 0
    fresh = tmp_path / "ny"
    result = hp("init", *NEW, "-C", fresh)
    assert result.exit_code == 2
    assert not fresh.exists()


def test_schemas_are_refreshed_when_the_programme_has_them(copy_programme):
    root = copy_programme()
    (root / ".schema").mkdir()
    (root / ".schema" / "handlingsplan.schema.json").write_text("{}\n", encoding="utf-8")
    result = hp("init", "-n", "-C", root)
    assert "handlingsplan.schema.json" in result.output and "erstattes" in result.output
    assert hp("init", "-C", root).exit_code == 0
    assert (root / ".schema" / "handlingsplan.schema.json").read_text() != "{}\n"


# --- the money ----------------------------------------------------------------------------------


frames = st.lists(
    st.tuples(st.sampled_from(list(SourceType)),
              st.one_of(st.just(0), st.integers(0, 6_000_000), st.integers(0, 600).map(
                  lambda n: n * 10_000))),
    min_size=1, max_size=5)


@settings(max_examples=300, deadline=None)
@given(frames, st.sampled_from([0, 50, 75, 80, 100]), st.sampled_from([0, 20, 25, 40, 100]))
def test_financing_stays_within_frames_and_conditions(items, county_max, municipality_min):
    sources = [budget.SourceFrame(f"k{i}", kind, amount) for i, (kind, amount) in
               enumerate(items)]
    out = budget.balanced_financing(sources, Fraction(county_max), Fraction(municipality_min))
    assert all(0 <= out.get(s.id, 0) <= s.frame for s in sources)
    assert budget.within_conditions(out, {s.id: s.type for s in sources},
                                    Fraction(county_max), Fraction(municipality_min))
    # all the municipality's money is used
    assert all(out[s.id] == s.frame for s in sources
               if s.type is SourceType.MUNICIPALITY and s.frame > 0)


def test_financing_prefers_the_county_to_other_money():
    out = budget.balanced_financing([
        budget.SourceFrame("fylkeskommunen", SourceType.COUNTY, 3_000_000),
        budget.SourceFrame("kommunen", SourceType.MUNICIPALITY, 1_100_000),
        budget.SourceFrame("stiftelsen", SourceType.PRIVATE, 400_000)], Fraction(75),
        Fraction(25))
    assert out == {"fylkeskommunen": 3_000_000, "kommunen": 1_100_000, "stiftelsen": 300_000}


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2_000_000), st.integers(0, 300_000),
       st.lists(st.integers(0, 3_000_000), min_size=1, max_size=4),
       st.lists(st.integers(0, 200_000), max_size=3), st.integers(0, 10_000_000))
def test_costs_always_add_up(admin, communication, areas, other, target):
    costs = budget.Costs(admin, communication, {f"A{i}": a for i, a in enumerate(areas)},
                         list(other))
    budget.fit(costs, target)
    assert costs.total == target
    assert all(v >= 0 for v in (costs.administration, costs.communication, costs.unallocated,
                                *costs.areas.values(), *costs.other))


def test_year_after_year_from_a_new_programme(tmp_path):
    """New programme, then two more years: each validates, and nothing hp writes piles up."""
    assert hp("init", "--kommune", "Fjellvik", "--fylkeskommune", "Innlandet", "--fra", "2025",
              "--til", "2027", "-C", tmp_path).exit_code == 0
    for year in (2026, 2027):
        result = hp("init", "-C", tmp_path)
        assert result.exit_code == 0, result.output
        assert f"{year}/" in result.output
        assert errors(tmp_path) == []
    s5 = (tmp_path / "2027" / S5).read_text(encoding="utf-8")
    assert s5.count("# Målgruppene i kommunikasjonsstrategien") == 1
    assert "#   - {id: K1, aktivitet: …, målgrupper: [innbyggere]" in s5
    meta = (tmp_path / "2027" / "handlingsplan.yaml").read_text(encoding="utf-8")
    assert meta.count("organ: Kommunestyret") == 1 and "2024" not in meta
    s3 = (tmp_path / "2027" / S3).read_text(encoding="utf-8")
    assert "tiltak: []  # FYLL UT" in s3
    assert [e.year for e in load(tmp_path).years[2027].s2.earlier_years] == [2025, 2026]
    result = hp("init", "-C", tmp_path)
    assert result.exit_code == 2 and "siste året" in result.output


def test_next_year_refused_when_the_omstillingsplan_has_errors(copy_programme):
    root = copy_programme()
    edit(root / "omstillingsplan.yaml", "visjon: Straumsvik", "visjonen: Straumsvik")
    before = snapshot(root)
    result = hp("init", "-C", root)
    assert result.exit_code == 2
    assert "omstillingsplan.yaml har feil" in result.output
    assert snapshot(root) == before


def test_next_year_without_frames_for_the_year(copy_programme):
    """No finansiering.rammer for the new year: no financing, costs brought to zero, marked."""
    root = copy_programme()
    edit(root / "omstillingsplan.yaml",
         "    2028: {fylkeskommunen: 3000000, kommunen: 1100000, sparebankstiftelsen: 300000}\n",
         "")
    result = hp("init", "-C", root)
    assert result.exit_code == 0, result.output
    assert "ingen rammer for 2028" in result.output
    s4 = load(root).years[2028].s4
    assert s4.financing == {} and s4.costs.total == 0
    assert errors(root, 2028) == []
