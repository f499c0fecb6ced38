"""`hp calendar`: the yearly wheel (phases and deadlines) on fixed days across the year, in the
strategy phase, the first and the last programme year; hp.toml dates; the repository-aware
to-dos; the ICS export read back with the icalendar package; the command line."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
from pathlib import Path

import icalendar
import pytest
from helpers import CONTRACT, EXAMPLE, NYNORSK_EXAMPLE, edit
from typer.testing import CliRunner

from handlingsplan import wheel
from handlingsplan.cli import app
from handlingsplan.config import Config
from handlingsplan.loader.programme import load

runner = CliRunner()
D = dt.date.fromisoformat


def kinds(deadlines) -> list[tuple[str, int]]:
    return [(d.kind, d.plan_year) for d in deadlines]


def todo_texts(w: wheel.Wheel, done: bool | None = None) -> list[str]:
    return [t.text for t in w.todos if done is None or t.done is done]


@pytest.fixture(scope="module")
def example():
    return load(EXAMPLE)


# --- the wheel as data -------------------------------------------------------------------------


def test_a_middle_year_has_every_deadline_and_which_plan_year_it_concerns():
    got = wheel.year_deadlines(2025, 2030, 2026)
    assert [(d.date.isoformat(), d.kind, d.plan_year) for d in got] == [
        ("2026-01-01", "iverksetting", 2026),
        ("2026-01-31", "arsrapport-styret", 2025),  # January 2026 reports on 2025
        ("2026-03-31", "arsrapport-kommunestyret", 2025),
        ("2026-06-30", "oppfolging", 2026),
        ("2026-10-01", "oppstart", 2027),  # in October work starts on next year's plan
        ("2026-10-15", "programstatusvurdering", 2026),
        ("2026-11-30", "styrevedtak", 2027),
        ("2026-12-15", "kommunestyrevedtak", 2027),
        ("2026-12-15", "soknad", 2027),
    ]
    assert all(d.source == wheel.DEFAULT for d in got)
    assert "Årsrapport 2025 til omstillingsstyret" in [d.title for d in got]


@pytest.mark.parametrize(("day", "phase", "first_coming"), [
    ("2026-01-01", "iverksetting", ("iverksetting", 2026)),
    ("2026-01-15", "iverksetting", ("arsrapport-styret", 2025)),
    ("2026-02-28", "iverksetting", ("arsrapport-kommunestyret", 2025)),
    ("2026-03-01", "gjennomforing", ("arsrapport-kommunestyret", 2025)),
    ("2026-04-30", "gjennomforing", ("oppfolging", 2026)),
    ("2026-05-01", "oppfolging", ("oppfolging", 2026)),
    ("2026-06-30", "oppfolging", ("oppfolging", 2026)),
    ("2026-07-01", "gjennomforing", ("oppstart", 2027)),
    ("2026-09-30", "gjennomforing", ("oppstart", 2027)),
    ("2026-10-01", "programstatusvurdering", ("oppstart", 2027)),
    ("2026-10-16", "programstatusvurdering", ("styrevedtak", 2027)),
    ("2026-11-01", "behandling", ("styrevedtak", 2027)),
    ("2026-12-01", "behandling", ("kommunestyrevedtak", 2027)),
    ("2026-12-16", "behandling", ("iverksetting", 2027)),
    ("2026-12-31", "behandling", ("iverksetting", 2027)),
])
def test_phase_and_next_deadline_on_fixed_days(example, day, phase, first_coming):
    w = wheel.build(example, D(day))
    assert w.phase.key == phase
    assert D(day) in w.phase
    assert kinds(w.deadlines)[0] == first_coming
    assert all(D(day) <= d.date < D(day) + dt.timedelta(days=365) for d in w.deadlines)
    assert w.stage == "running" and w.programme_year == 2


def test_the_phases_cover_every_day_of_the_year():
    for start, end, year in [(2025, 2030, 2024), (2025, 2030, 2025), (2025, 2030, 2027),
                             (2025, 2030, 2030), (2025, 2030, 2031), (2025, 2025, 2025)]:
        phases = wheel.year_phases(start, end, year)
        assert phases[0].start == dt.date(year, 1, 1)
        assert phases[-1].end == dt.date(year, 12, 31)
        for before, after in itertools.pairwise(phases):
            assert after.start == before.end + dt.timedelta(days=1)


def test_strategy_phase_before_the_period():
    assert wheel.year_deadlines(2025, 2030, 2023) == []
    assert wheel.phase_at(2025, 2030, D("2023-06-01")).key == "forberedelse"
    got = wheel.year_deadlines(2025, 2030, 2024)
    assert kinds(got) == [("styrevedtak", 2025), ("kommunestyrevedtak", 2025), ("soknad", 2025)]
    assert "omstillingsplanen og handlingsplanen for 2025" in got[1].title
    assert wheel.phase_at(2025, 2030, D("2024-10-31")).key == "strategi"
    assert wheel.phase_at(2025, 2030, D("2024-11-01")).key == "behandling"
    assert "Strategi- og forankringsfasen" in wheel.stage_text(2025, 2030, D("2024-03-01"))


def test_first_year_has_no_annual_report():
    got = kinds(wheel.year_deadlines(2025, 2030, 2025))
    assert ("arsrapport-styret", 2024) not in got
    assert not any(kind.startswith("arsrapport") for kind, _ in got)
    assert ("styrevedtak", 2026) in got
    opening = wheel.phase_at(2025, 2030, D("2025-01-10"))
    assert "Programmet starter" in opening.description
    assert wheel.stage_text(2025, 2030, D("2025-01-10")) == (
        "Programår 1 av 6 (2025–2030): første år.")


def test_last_year_closes_instead_of_planning_next_year():
    got = wheel.year_deadlines(2025, 2030, 2030)
    assert kinds(got) == [
        ("iverksetting", 2030), ("arsrapport-styret", 2029), ("arsrapport-kommunestyret", 2029),
        ("oppfolging", 2030), ("programstatusvurdering", 2030), ("avslutning", 2030)]
    assert got[-1].date == D("2030-12-31")
    assert [p.key for p in wheel.year_phases(2025, 2030, 2030)][-2:] == [
        "programstatusvurdering", "avslutning"]
    assert "siste år" in wheel.stage_text(2025, 2030, D("2030-05-01"))
    # the year after: final report and evaluation, then nothing
    after = wheel.year_deadlines(2025, 2030, 2031)
    assert kinds(after) == [("sluttrapport-styret", 2030), ("sluttrapport-kommunestyret", 2030),
                            ("sluttevaluering", 2030)]
    assert wheel.phase_at(2025, 2030, D("2031-02-01")).key == "avslutning"
    assert wheel.phase_at(2025, 2030, D("2031-08-01")).key == "avsluttet"
    assert wheel.year_deadlines(2025, 2030, 2032) == []


def test_a_one_year_programme():
    got = kinds(wheel.year_deadlines(2025, 2025, 2025))
    assert got == [("iverksetting", 2025), ("oppfolging", 2025), ("programstatusvurdering", 2025),
                   ("avslutning", 2025)]
    assert "første og siste år" in wheel.stage_text(2025, 2025, D("2025-03-01"))


def test_real_dates_from_hp_toml_replace_the_generic_ones():
    config = Config(
        board_meetings=(D("2026-01-20"), D("2026-05-12"), D("2026-06-10"), D("2026-09-01"),
                        D("2026-11-18"), D("2026-12-14"), D("2027-01-19")),
        council_meetings=(D("2026-02-16"), D("2026-06-18"), D("2026-12-17")),
        status_review=(D("2025-10-14"), D("2026-10-08")))
    got = {d.kind: d for d in wheel.year_deadlines(2025, 2030, 2026, config)}
    assert got["arsrapport-styret"].date == D("2026-01-20")
    assert got["arsrapport-kommunestyret"].date == D("2026-02-16")
    assert got["oppfolging"].date == D("2026-06-10")  # the last board meeting in May–June
    assert got["programstatusvurdering"].date == D("2026-10-08")
    assert got["styrevedtak"].date == D("2026-11-18")  # the first in November–December
    assert got["kommunestyrevedtak"].date == D("2026-12-17")
    assert got["soknad"].date == D("2026-12-17")  # not before the council has approved
    assert {d.source for d in got.values()} == {wheel.FROM_CONFIG, wheel.DEFAULT}
    assert got["iverksetting"].source == wheel.DEFAULT
    assert got["styrevedtak"].source == wheel.FROM_CONFIG
    # a council meeting before 15 December leaves the application on its default day
    early = Config(council_meetings=(D("2026-12-09"),))
    got = {d.kind: d for d in wheel.year_deadlines(2025, 2030, 2026, early)}
    assert got["kommunestyrevedtak"].date == D("2026-12-09")
    assert (got["soknad"].date, got["soknad"].source) == (D("2026-12-15"), wheel.DEFAULT)


def test_hp_toml_is_read_from_the_programme(copy_programme):
    root = copy_programme()
    (root / "hp.toml").write_text(
        "[kalender]\nstyremoter = [2026-01-20, 2026-06-10, 2026-11-18]\n"
        "kommunestyremoter = [2026-02-16, 2026-12-10]\nprogramstatusvurdering = 2026-10-14\n",
        encoding="utf-8")
    w = wheel.build(load(root), D("2026-11-27"))
    got = {d.kind: d for d in w.deadlines}
    assert got["kommunestyrevedtak"].date == D("2026-12-10")
    assert got["kommunestyrevedtak"].source == wheel.FROM_CONFIG


# --- the repository ----------------------------------------------------------------------------


def test_the_example_on_27_november(example):
    w = wheel.build(example, D("2026-11-27"))
    board = next(d for d in w.deadlines if d.kind == "styrevedtak")
    assert board.done == "behandlet 20. november 2026, sak 29/26"
    assert board.days_left(w.date) == 3
    assert todo_texts(w, done=True) == [
        "Handlingsplanen for 2027 er påbegynt (2027/).",
        "Omstillingsstyret har behandlet handlingsplanen for 2027 (20. november 2026, sak 29/26).",
        "2026/oppfolging.yaml er oppdatert for programstatusvurderingen (per 31. oktober 2026).",
        "Alle 4 forbedringspunktene fra programstatusvurderingen 2026 er tatt opp i "
        "handlingsplanen for 2027.",
    ]
    [council] = [t for t in w.todos if not t.done]
    assert "ikke vedtatt ennå (status «til_behandling»)" in council.text
    assert "innen 15. desember 2026" in council.text and not council.urgent


def test_next_year_not_approved_in_december_is_urgent(example):
    w = wheel.build(example, D("2026-12-05"))
    [todo] = [t for t in w.todos if not t.done]
    assert todo.urgent and "Kommunestyret skal godkjenne den innen 15. desember 2026" in todo.text
    late = wheel.build(example, D("2026-12-20"))
    assert any("Kommunestyret skulle godkjenne" in t for t in todo_texts(late, done=False))


def test_approved_plan_marks_the_deadline_done(copy_programme):
    root = copy_programme()
    meta = root / "2027/handlingsplan.yaml"
    edit(meta, "status: til_behandling", "status: vedtatt")
    edit(meta, "  # Kommunestyret behandler planen 10. desember 2026 (sak PS 91/26).",
         '  - {organ: Kommunestyret, dato: 2026-12-10, sak: "PS 91/26"}')
    w = wheel.build(load(root), D("2026-12-12"))
    assert "Handlingsplanen for 2027 er vedtatt." in todo_texts(w, done=True)
    assert not [t for t in w.todos if not t.done]
    council = wheel.mark_done(load(root), wheel.year_deadlines(2025, 2030, 2026)[-2])
    assert council.kind == "kommunestyrevedtak"
    assert council.done == "vedtatt 10. desember 2026, sak PS 91/26"


def test_board_has_not_decided(copy_programme):
    root = copy_programme()
    meta = root / "2027/handlingsplan.yaml"
    edit(meta, 'behandling:\n  - {organ: Omstillingsstyret, dato: 2026-11-20, sak: "29/26"}',
         "behandling: []")
    before = wheel.build(load(root), D("2026-11-10"))
    [todo] = [t for t in before.todos if "Omstillingsstyret" in t.text]
    assert not todo.urgent and "skal vedta handlingsplanen for 2027 innen 30. november" in todo.text
    after = wheel.build(load(root), D("2026-12-01"))
    [todo] = [t for t in after.todos if "Omstillingsstyret" in t.text]
    assert todo.urgent and "skulle vedta" in todo.text


def test_missing_next_year_folder_asks_for_hp_init(copy_programme):
    root = copy_programme()
    shutil.rmtree(root / "2027")
    programme = load(root)
    september = wheel.build(programme, D("2026-09-30"))
    assert not any(t.command == "hp init 2027" for t in september.todos)
    october = wheel.build(programme, D("2026-10-02"))
    [todo] = [t for t in october.todos if t.command == "hp init 2027"]
    assert "Lag handlingsplanen for 2027" in todo.text and not todo.urgent
    november = wheel.build(programme, D("2026-11-15"))
    [todo] = [t for t in november.todos if t.command == "hp init 2027"]
    assert todo.urgent  # the board decides on 30 November
    oppstart = next(d for d in october.deadlines if d.kind == "styrevedtak")
    assert oppstart.done is None


def test_missing_and_stale_follow_up(copy_programme):
    root = copy_programme()
    (root / "2026/oppfolging.yaml").unlink()
    april = wheel.build(load(root), D("2026-04-15"))
    assert not any("oppfolging.yaml" in t for t in todo_texts(april))
    may = wheel.build(load(root), D("2026-05-02"))
    [todo] = [t for t in may.todos if "oppfolging.yaml" in t.text]
    assert todo.text == ("Lag 2026/oppfolging.yaml med status og forbruk per tiltak før "
                         "oppfølgingen (30. juni 2026).")
    assert not todo.urgent
    june = wheel.build(load(root), D("2026-06-20"))
    assert next(t for t in june.todos if "oppfolging.yaml" in t.text).urgent

    root = copy_programme(name="stale")
    edit(root / "2026/oppfolging.yaml", "per: 2026-10-31", "per: 2026-04-15")
    june = wheel.build(load(root), D("2026-06-20"))
    [todo] = [t for t in june.todos if "oppfolging.yaml" in t.text]
    assert todo.text.startswith("Oppdater 2026/oppfolging.yaml: den gjelder per 15. april 2026")
    assert "trenger tall fra 1. mai 2026 eller senere" in todo.text
    review = wheel.build(load(root), D("2026-10-05"))
    [todo] = [t for t in review.todos if "oppfolging.yaml" in t.text]
    assert "programstatusvurderingen (15. oktober 2026)" in todo.text and todo.urgent


def test_follow_up_for_the_annual_report(copy_programme, example):
    fine = wheel.build(example, D("2026-01-20"))
    assert ("2025/oppfolging.yaml er oppdatert for årsrapporten for 2025 (per 31. desember "
            "2025).") in todo_texts(fine, done=True)
    root = copy_programme()
    edit(root / "2025/oppfolging.yaml", "per: 2025-12-31", "per: 2025-10-31")
    stale = wheel.build(load(root), D("2026-01-20"))
    [todo] = [t for t in stale.todos if "oppfolging.yaml" in t.text]
    assert "årsrapporten for 2025 (31. januar 2026)" in todo.text and todo.urgent


def test_improvement_points_not_taken_up(copy_programme, example):
    before_review = wheel.build(example, D("2026-10-10"))
    assert not any("forbedringspunkt" in t.lower() for t in todo_texts(before_review))
    root = copy_programme()
    s2 = root / "2027/2-resultater.yaml"
    point = "Programmet må opprette et mikrolånfond for kystfiskere"
    edit(s2, "        - Rekrutteringstiltaket må ha reservebemanning",
         f"        - {point}\n        - Rekrutteringstiltaket må ha reservebemanning")
    w = wheel.build(load(root), D("2026-11-27"))
    [todo] = [t for t in w.todos if "Forbedringspunktet" in t.text]
    assert f"«{point}»" in todo.text and "handlingsplanen for 2027" in todo.text
    assert not todo.done


def test_status_review_not_recorded_in_next_years_plan(copy_programme):
    root = copy_programme()
    s2 = root / "2027/2-resultater.yaml"
    text = s2.read_text(encoding="utf-8")
    s2.write_text(text[:text.index("    programstatusvurdering:\n      dato: 2026-10-14")],
                  encoding="utf-8")
    w = wheel.build(load(root), D("2026-11-27"))
    assert any(t.startswith("Før forbedringspunktene fra programstatusvurderingen (15. oktober "
                            "2026) inn i 2027/2-resultater.yaml") for t in todo_texts(w))


def test_mentioned_compares_the_significant_words():
    words = set(wheel._words("Alle store prosjekter har nå en framdriftsplan med regulering"))
    assert wheel.mentioned("Store prosjekter må ha en realistisk framdriftsplan", words)
    assert not wheel.mentioned("Styret bør bruke mer tid på strategiske saker", words)


def test_strategy_phase_to_dos_on_the_contract_fixture():
    programme = load(CONTRACT)  # 2025–2030, only a 2027 folder
    w = wheel.build(programme, D("2024-06-01"))
    assert w.stage == "strategy" and w.phase.key == "strategi"
    [todo] = [t for t in w.todos if t.command]
    assert todo.command == "hp init 2025"
    december = wheel.build(programme, D("2024-12-05"))
    assert "Omstillingsplanen er ført opp som vedtatt (14. november 2024)." in todo_texts(
        december, done=True)
    started = wheel.build(programme, D("2025-03-01"))
    [todo] = [t for t in started.todos if t.command == "hp init 2025"]
    assert todo.urgent and "planåret har begynt" in todo.text


def test_first_and_last_year_of_the_nynorsk_example(tmp_path):
    root = tmp_path / "fjordbotn"
    shutil.copytree(NYNORSK_EXAMPLE, root)  # 2026–2028
    first = wheel.build(load(root), D("2026-02-01"))
    assert first.programme_year == 1 and "første år" in first.stage_text
    assert not any(d.kind.startswith("arsrapport") and d.date.year == 2026
                   for d in first.deadlines)
    # the last year: add a 2028 folder (a copy of 2027 with the year changed)
    shutil.copytree(root / "2027", root / "2028")
    edit(root / "2028/handlingsplan.yaml", "år: 2027", "år: 2028")
    autumn = wheel.build(load(root), D("2028-10-20"))
    assert autumn.stage == "last" and autumn.phase.key == "programstatusvurdering"
    assert not any(t.command and t.command.startswith("hp init") for t in autumn.todos)
    assert [d.kind for d in autumn.deadlines][:4] == [
        "avslutning", "sluttrapport-styret", "sluttrapport-kommunestyret", "sluttevaluering"]
    assert not any(d.kind in ("styrevedtak", "oppstart") for d in autumn.deadlines)


# --- ICS ---------------------------------------------------------------------------------------


def read_ics(path: Path) -> list[icalendar.Event]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return list(cal.walk("VEVENT"))


def test_ics_round_trip(tmp_path):
    out = tmp_path / "arshjul.ics"
    result = runner.invoke(app, ["calendar", str(EXAMPLE), "--date", "2026-03-01",
                                 "--ics", str(out)])
    assert result.exit_code == 0, result.output
    # the wheel's 9, and the deadlines of the two grants with money unpaid on 1 March
    assert "Skrev 11 frister for 2026 til" in result.stdout
    events = [e for e in read_ics(out) if "-tilsagnsfrist-" not in str(e["uid"])]
    assert len(events) == 9
    expected = wheel.year_deadlines(2025, 2030, 2026, county="Nordkysten fylkeskommune")
    for event, deadline in zip(events, expected, strict=True):
        start = event.decoded("dtstart")
        assert type(start) is dt.date and start == deadline.date  # all-day
        assert event.decoded("dtend") == deadline.date + dt.timedelta(days=1)
        assert "VALUE=DATE" in event.to_ical().decode()
        assert str(event["summary"]) == deadline.title
        assert deadline.description in str(event["description"])
        assert str(event["uid"]) == (f"hp-omstillingsprogrammet-i-straumsvik-{deadline.kind}-"
                                     f"{deadline.plan_year}@handlingsplan")
        assert event.decoded("dtstamp") == dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)  # --date
        assert int(event["sequence"]) == (dt.date(2026, 3, 1) - dt.date(2000, 1, 1)).days
        [alarm] = event.walk("VALARM")
        assert str(alarm["action"]) == "DISPLAY"
        assert alarm.decoded("trigger") == dt.timedelta(days=-7)
    assert str(events[1]["summary"]) == "Årsrapport 2025 til omstillingsstyret"
    assert len({str(e["uid"]) for e in events}) == len(events)


def test_ics_is_reproducible_and_uids_survive_a_moved_date(copy_programme, tmp_path):
    root = copy_programme()
    first, again, moved = tmp_path / "a.ics", tmp_path / "b.ics", tmp_path / "c.ics"
    for out in (first, again):
        assert runner.invoke(app, ["calendar", str(root), "-d", "2026-02-01", "--ics",
                                   str(out)]).exit_code == 0
    assert first.read_bytes() == again.read_bytes()  # not a byte depends on the clock
    (root / "hp.toml").write_text("[kalender]\nstyremoter = [2026-11-19]\n", encoding="utf-8")
    assert runner.invoke(app, ["calendar", str(root), "-d", "2026-03-01", "--ics",
                               str(moved)]).exit_code == 0
    before = {str(e["uid"]): e for e in read_ics(first)}
    after = {str(e["uid"]): e for e in read_ics(moved)}
    assert before.keys() == after.keys()
    uid = "hp-omstillingsprogrammet-i-straumsvik-styrevedtak-2027@handlingsplan"
    assert (before[uid].decoded("dtstart"), after[uid].decoded("dtstart")) == (
        D("2026-11-30"), D("2026-11-19"))
    # DTSTAMP is when the file was made, not the event's date; a later export has a higher
    # SEQUENCE, so that calendars take the moved date
    assert before[uid].decoded("dtstamp").date() == D("2026-02-01")
    assert int(after[uid]["sequence"]) > int(before[uid]["sequence"])


def test_ics_for_the_last_year(tmp_path):
    out = tmp_path / "siste.ics"
    assert runner.invoke(app, ["calendar", str(EXAMPLE), "-d", "2030-05-01", "--ics",
                               str(out)]).exit_code == 0
    summaries = [str(e["summary"]) for e in read_ics(out)]
    assert summaries[-1] == "Omstillingsperioden slutter"
    assert not any("2031" in s for s in summaries)


def test_ics_unwritable_path(tmp_path):
    result = runner.invoke(app, ["calendar", str(EXAMPLE), "--ics",
                                 str(tmp_path / "finnes-ikke" / "a.ics")])
    assert result.exit_code == 2
    assert "finnes-ikke» finnes ikke" in result.stderr


# --- the command line --------------------------------------------------------------------------


def test_cli_text(monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    result = runner.invoke(app, ["calendar", str(EXAMPLE), "--date", "2026-11-27"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "årshjulet 27. november 2026" in out
    assert "Nå: Behandling og søknad (1. november – 31. desember 2026)" in out
    assert "30. november 2026" in out and "om 3 dager" in out
    assert "15. desember 2026" in out and "om 18 dager" in out
    assert "✓ behandlet 20. november 2026, sak 29/26" in out
    assert "Å gjøre" in out and "\x1b[" not in out  # no colour when not on a terminal


def test_cli_bad_date_and_missing_programme(tmp_path):
    result = runner.invoke(app, ["calendar", str(EXAMPLE), "--date", "27.11.2026"])
    assert result.exit_code == 2
    assert "«27.11.2026» er ikke en dato" in result.stderr and "ÅÅÅÅ-MM-DD" in result.stderr
    result = runner.invoke(app, ["calendar", str(EXAMPLE), "--date", "2026-02-30"])
    assert result.exit_code == 2 and "ikke en dato som finnes" in result.stderr
    result = runner.invoke(app, ["calendar", str(tmp_path)])
    assert result.exit_code == 2 and "Fant ikke noe omstillingsprogram" in result.stderr


def test_cli_broken_plan_gives_the_diagnostics(copy_programme):
    root = copy_programme()
    edit(root / "omstillingsplan.yaml", "periode: {fra: 2025, til: 2030}",
         "periode: {fra: 2025, til: tjue}")
    result = runner.invoke(app, ["calendar", str(root), "--date", "2026-11-27"])
    assert result.exit_code == 1
    assert "omstillingsplan.yaml:" in result.stdout and "[HP103]" in result.stdout
    assert "Traceback" not in result.output


def test_cli_errors_in_a_year_become_a_to_do(copy_programme):
    root = copy_programme()
    edit(root / "2027/3-strategier-og-tiltak.yaml", "    budsjett: 600000",
         "    budsjett: seks hundre tusen")
    result = runner.invoke(app, ["calendar", str(root), "--date", "2026-11-27"])
    assert result.exit_code == 0, result.output
    assert "Planen har 1 feil" in result.stdout and "hp validate" in result.stdout
