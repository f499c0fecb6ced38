"""`hp status`: the figures of the example checked against totals computed by hand from its
YAML, the share of the year, the flags for the board, the three formats, and the command line
on broken input."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction

import pytest
from helpers import EXAMPLE, edit
from typer.testing import CliRunner

from handlingsplan.cli import app
from handlingsplan.loader.programme import load
from handlingsplan.schema.types import TiltakStatus
from handlingsplan.status import GoalFigures, compute, default_year, year_share

runner = CliRunner()
D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def example():
    return load(EXAMPLE)


def flags(status) -> dict[str, list[str | None]]:
    out: dict[str, list[str | None]] = {}
    for f in status.flags:
        out.setdefault(f.kind, []).append(f.tiltak or f.area)
    return out


# --- the figures, by hand ----------------------------------------------------------------------


def test_2026_totals_by_hand(example):
    s = compute(example, 2026, D("2026-11-27"))
    assert s.followup_as_of == D("2026-10-31")
    by_area = {a.id: a for a in s.areas}
    # frames from 2026/4-ressursinnsats-og-finansiering.yaml
    assert by_area["HAV"].frame == 1_450_000
    assert by_area["REI"].frame == 800_000
    assert by_area["GRU"].frame == 850_000
    assert s.frame == 3_100_000  # 1 450 000 + 800 000 + 850 000
    # budgets from 2026/3-strategier-og-tiltak.yaml
    assert by_area["HAV"].allocated == 1_450_000  # HAV-02 450 000 + HAV-03 300 000 + HAV-04 700 000
    assert by_area["REI"].allocated == 750_000  # REI-02 250 000 + REI-03 500 000
    assert by_area["GRU"].allocated == 800_000  # GRU-02 200 000 + GRU-03 350 000 + GRU-04 250 000
    assert s.allocated == 3_000_000  # 1 450 000 + 750 000 + 800 000
    # spending from 2026/oppfolging.yaml
    assert by_area["HAV"].spent == 1_040_000  # 440 000 + 290 000 + 310 000
    assert by_area["REI"].spent == 520_000  # 190 000 + 330 000
    assert by_area["GRU"].spent == 485_000  # 195 000 + 290 000 + 0
    assert s.spent == 2_045_000  # 1 040 000 + 520 000 + 485 000
    assert s.spent_share == Fraction(2_045_000 * 100, 3_000_000)  # 68,17 %
    assert by_area["REI"].unallocated == 50_000  # 800 000 − 750 000
    assert s.jobs == 13  # HAV-02 4 + REI-02 3 + REI-03 2 + GRU-03 4
    # 1 050 000 + 160 000 + 3 100 000 + 40 000
    assert s.budget_total == 4_350_000
    assert by_area["HAV"].period_frame == 7_000_000
    # the share of the year: 27 November is day 331 of 365
    assert s.year_share == Fraction(331 * 100, 365)


def test_2026_tiltak_by_hand(example):
    s = compute(example, 2026, D("2026-11-27"))
    t = {x.id: x for x in s.tiltak}
    assert [x.id for x in s.tiltak] == ["HAV-02", "HAV-03", "HAV-04", "REI-02", "REI-03",
                                        "GRU-02", "GRU-03", "GRU-04"]
    assert (t["HAV-04"].status, t["HAV-04"].budget, t["HAV-04"].spent) == (
        TiltakStatus.DELAYED, 700_000, 310_000)
    assert t["HAV-04"].spent_share == Fraction(310_000 * 100, 700_000)  # 44,3 %
    assert t["HAV-02"].jobs == 4 and t["GRU-04"].jobs is None
    # milestones passed on 27 November while the tiltak is not done
    assert [m.date for m in t["HAV-04"].milestones_due] == [D("2026-04-30"), D("2026-09-30")]
    assert [m.date for m in t["GRU-03"].milestones_due] == [D("2026-02-10")]
    assert t["HAV-02"].milestones_due == ()  # fullført
    assert [m.date for m in t["GRU-04"].milestones_due] == []  # 15 December is still ahead
    assert flags(s) == {"forsinket": ["HAV-04"], "ikke-startet": ["GRU-04"]}


def test_2025_totals_by_hand(example):
    s = compute(example, 2025, D("2025-12-31"))
    by_area = {a.id: a for a in s.areas}
    assert s.frame == 2_750_000  # 1 300 000 + 700 000 + 750 000
    assert by_area["HAV"].allocated == 1_250_000  # 350 000 + 550 000 + 350 000
    assert by_area["REI"].allocated == 650_000  # 300 000 + 350 000
    assert by_area["GRU"].allocated == 700_000  # 400 000 + 300 000
    assert s.allocated == 2_600_000
    assert by_area["HAV"].spent == 1_040_000  # 340 000 + 520 000 + 180 000
    assert by_area["REI"].spent == 625_000  # 295 000 + 330 000
    assert by_area["GRU"].spent == 665_000  # 385 000 + 280 000
    assert s.spent == 2_330_000
    assert s.jobs == 11  # HAV-01 3 + HAV-02 0 + REI-02 2 + GRU-01 6
    assert s.budget_total == 4_000_000  # 1 000 000 + 150 000 + 2 750 000 + 100 000
    assert s.year_share == 100
    assert flags(s) == {"forsinket": ["HAV-03"]}
    # after the year HAV-03 (slutt 31 December, forsinket) is past its end
    later = compute(example, 2025, D("2026-01-10"))
    assert flags(later)["slutt-passert"] == ["HAV-03"]
    assert "gammel-oppfolging" not in flags(later)  # per 31 December is the year's last word


def test_goals_against_year_and_period_targets(example):
    s = compute(example, 2026, D("2026-11-27"))
    g = {x.id: x for x in s.goals}
    assert [x.id for x in s.goals] == ["HM1", "HM2", "HM3", "HAV-M1", "HAV-M2", "REI-M1",
                                       "GRU-M1", "GRU-M2"]
    # HM1: measured 24, årsmål 2026 25, måltall 2030 150, utgangsverdi 0
    assert (g["HM1"].measured, g["HM1"].year_target, g["HM1"].period_target) == (24, 25, 150)
    assert g["HM1"].year_share == Fraction(24 * 100, 25)  # 96 %
    assert g["HM1"].period_share == 16  # 24 / 150
    assert g["HM1"].reached is False and g["HAV-M2"].reached is True  # 3 of 2
    assert g["HAV-M1"].area == "HAV" and g["HM1"].area is None


def test_goal_progress_from_the_baseline():
    goal = GoalFigures(id="BEF", text="Folketall", unit="innbyggere", area=None,
                       baseline=4200, measured=4250, year_target=4300, period_target=4500,
                       period_end=2030)
    assert goal.year_share == 50  # (4250 − 4200) / (4300 − 4200)
    assert goal.period_share == Fraction(50 * 100, 300)
    unmeasured = GoalFigures(id="X", text="x", unit=None, area=None, baseline=None,
                             measured=None, year_target=10, period_target=20, period_end=2030)
    assert unmeasured.year_share is None and unmeasured.reached is None


def test_no_follow_up_yet(example):
    s = compute(example, 2027, D("2027-03-01"))
    assert not s.has_followup and s.followup_as_of is None
    assert s.spent == 0 and all(t.status is None and t.spent == 0 for t in s.tiltak)
    # 600 000 + 550 000 + 300 000 + 350 000 + 400 000 + 250 000 + 400 000
    assert s.allocated == 2_850_000
    assert s.frame == 3_050_000  # 1 500 000 + 850 000 + 700 000
    assert all(g.measured is None for g in s.goals)
    assert s.flags == []


@pytest.mark.parametrize(("day", "year", "share"), [
    ("2026-01-01", 2026, Fraction(100, 365)),
    ("2026-07-02", 2026, Fraction(183 * 100, 365)),
    ("2026-12-31", 2026, Fraction(100)),
    ("2025-06-15", 2026, Fraction(0)),  # before the year
    ("2027-01-05", 2026, Fraction(100)),  # after it
    ("2028-02-29", 2028, Fraction(60 * 100, 366)),  # a leap year
    ("2028-12-31", 2028, Fraction(100)),
])
def test_year_share(day, year, share):
    assert year_share(D(day), year) == share


def test_default_year():
    assert default_year([2025, 2026, 2027], D("2026-11-27")) == 2026
    assert default_year([2025, 2026, 2027], D("2031-01-01")) == 2027
    assert default_year([], D("2026-11-27")) is None


# --- flags -------------------------------------------------------------------------------------


def test_flags_overspent_not_started_missing_and_stale(copy_programme):
    root = copy_programme()
    follow = root / "2026/oppfolging.yaml"
    edit(follow, "    forbruk: 330000", "    forbruk: 530000")  # REI-03, budget 500 000
    edit(follow, "  GRU-04:\n    status: ikke_startet\n    forbruk: 0\n", "")
    text = follow.read_text(encoding="utf-8")
    follow.write_text(text[:text.index("    kommentar: |\n      Oppstarten er utsatt")],
                      encoding="utf-8")
    s = compute(load(root), 2026, D("2026-12-31"))
    got = flags(s)
    assert got["overforbruk"] == ["REI-03"]
    assert got["uten-oppfolging"] == ["GRU-04"]
    assert got["gammel-oppfolging"] == [None]  # 61 days after 31 October
    [over] = [f for f in s.flags if f.kind == "overforbruk"]
    assert over.message.replace("\u00a0", " ") == (
        "REI-03 Forprosjekt: fiskeværsopplevelser i Gammelværet har brukt 530 000 kr av et "
        "budsjett på 500 000 kr (30 000 kr over).")
    rei = next(a for a in s.areas if a.id == "REI")
    assert rei.spent == 720_000  # 190 000 + 530 000: within the frame of 800 000
    assert "område-overforbruk" not in got


def test_not_started_is_flagged_only_late_in_the_year(example):
    assert "ikke-startet" not in flags(compute(example, 2026, D("2026-06-01")))
    assert flags(compute(example, 2026, D("2026-07-02")))["ikke-startet"] == ["GRU-04"]


# --- the command line --------------------------------------------------------------------------


def test_cli_json_has_every_figure():
    result = runner.invoke(app, ["status", str(EXAMPLE), "--year", "2026", "--date",
                                 "2026-11-27", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["year"] == 2026 and doc["date"] == "2026-11-27"
    assert doc["followup"] == {"as_of": "2026-10-31"}
    assert doc["total"] == {"frame": 3_100_000, "allocated": 3_000_000, "unallocated": 100_000,
                            "spent": 2_045_000, "spent_share": 68.17, "budget": 4_350_000,
                            "jobs": 13}
    assert [a["spent"] for a in doc["areas"]] == [1_040_000, 520_000, 485_000]
    hav04 = next(t for t in doc["tiltak"] if t["id"] == "HAV-04")
    assert hav04["status"] == "forsinket" and hav04["milestones_passed"][0] == {
        "date": "2026-04-30", "text": "Avtale med eieren signert"}
    assert {a["kind"] for a in doc["attention"]} == {"forsinket", "ikke-startet"}
    assert doc["year_share"] == 90.68


def test_cli_md_for_a_board_case():
    result = runner.invoke(app, ["status", str(EXAMPLE), "-y", "2026", "-d", "2026-11-27",
                                 "-f", "md"])
    assert result.exit_code == 0, result.output
    md = result.stdout
    assert md.startswith("## Status for handlingsplanen 2026\n")
    nb = "\u00a0"
    assert (f"| **Sum** |  | **3{nb}000{nb}000{nb}kr** | **2{nb}045{nb}000{nb}kr** | "
            f"**68,2{nb}%** |  |") in md
    assert f"| HAV-04 Hovedprosjekt: Straumsvik næringspark på Havnes | forsinket | 700{nb}000" \
        in md
    assert "### Til styrets oppmerksomhet" in md and "|---|" in md


def test_cli_text(monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    result = runner.invoke(app, ["status", str(EXAMPLE), "--date", "2026-11-27"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "status for handlingsplanen 2026" in out  # the year of --date
    assert "90,7 % av 2026 er gått" in out.replace("\u00a0", " ")
    assert "2 045 000 kr" in out.replace("\u00a0", " ")
    assert "█" in out and "Til styrets oppmerksomhet" in out and "\x1b[" not in out


def test_cli_without_follow_up_says_so():
    result = runner.invoke(app, ["status", str(EXAMPLE), "--date", "2027-03-01"])
    assert result.exit_code == 0, result.output
    assert "Ingen oppfølging for 2027 ennå" in result.stdout


def test_cli_broken_plan_gives_the_validators_diagnostics(copy_programme):
    root = copy_programme()
    edit(root / "2026/3-strategier-og-tiltak.yaml", "    budsjett: 700000",
         "    budsjett: sju hundre tusen")
    result = runner.invoke(app, ["status", str(root), "--year", "2026"])
    assert result.exit_code == 1
    assert "2026/3-strategier-og-tiltak.yaml:" in result.stdout and "[HP103]" in result.stdout
    assert "trenger en plan uten feil" in result.stderr
    assert "Traceback" not in result.output
    as_json = runner.invoke(app, ["status", str(root), "--year", "2026", "-f", "json"])
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout)["summary"]["errors"] >= 1
    # an error in another year does not stop the status of this one
    other = runner.invoke(app, ["status", str(root), "--year", "2025", "-d", "2025-12-31"])
    assert other.exit_code == 0, other.output


def test_cli_bad_arguments(tmp_path):
    result = runner.invoke(app, ["status", str(EXAMPLE), "--year", "2031"])
    assert result.exit_code == 2
    assert "ingen handlingsplan for 2031" in result.stderr and "2025, 2026, 2027" in result.stderr
    result = runner.invoke(app, ["status", str(EXAMPLE), "--date", "i går"])
    assert result.exit_code == 2 and "ikke en dato" in result.stderr
    result = runner.invoke(app, ["status", str(tmp_path)])
    assert result.exit_code == 2 and "Fant ikke noe omstillingsprogram" in result.stderr
