"""Grants (tilsagn.yaml): HP901–HP907 on the Straumsvik example beyond each rule's own example,
the de minimis arithmetic at its boundaries, and malformed grants reported at their lines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from helpers import EXAMPLE, edit
from test_rules import line_of
from typer.testing import CliRunner

from handlingsplan.check import validate
from handlingsplan.cli import app
from handlingsplan.config import Config
from handlingsplan.figures import grants as figures
from handlingsplan.loader.programme import load

G26 = "2026/tilsagn.yaml"
G27 = "2027/tilsagn.yaml"
KYSTLAKS_DECLARED = '    annen_bagatellstøtte: "2 400 000"\n    frist: 2028-06-30'
runner = CliRunner()


def hits(root, code):
    return [d for d in validate(root).diagnostics if d.code == code]


def declare(root, amount: str) -> None:
    """Kystlaks Nord AS's declared aid from others on its 2027 grant (T-2027-01)."""
    edit(root / G27, KYSTLAKS_DECLARED,
         f'    annen_bagatellstøtte: "{amount}"\n    frist: 2028-06-30')


# --- the example -------------------------------------------------------------------------------


def test_the_example_has_two_years_of_grants_with_the_variety_of_real_ones():
    p = load(EXAMPLE)
    placed = figures.placed(p)
    assert {x.year for x in placed} == {2026, 2027} and len(placed) == 14
    grants = [x.grant for x in placed]
    assert sum(len(g.payments) > 1 for g in grants) >= 3  # paid in parts
    assert any(g.withdrawn == g.amount for g in grants)  # one withdrawn
    assert any(p.date.year == 2027 for g in grants if g.decision.date.year == 2026
               for p in g.payments)  # paid the next year
    from stdnum.no import orgnr

    assert all(orgnr.is_valid(g.recipient.orgnr) for g in grants)
    # Kystlaks Nord AS is near the ceiling: 290 000 + 550 000 + 2 400 000 of 3 450 000 kr
    [kystlaks] = [d for d in figures.de_minimis_on(p, dt.date(2027, 12, 31))
                  if d.name == "Kystlaks Nord AS"]
    assert (kystlaks.ours, kystlaks.declared, kystlaks.total) == (840_000, 2_400_000, 3_240_000)
    assert kystlaks.room == 210_000 and kystlaks.grants == ("T-2026-02", "T-2027-01")


def test_pools_of_2027():
    pools = {x.tiltak: x for x in figures.pools(load(EXAMPLE), 2027)}
    hav06 = pools["HAV-06"]
    assert (hav06.budget, hav06.count, hav06.granted, hav06.withdrawn) == (300_000, 10,
                                                                          330_000, 50_000)
    assert hav06.net == 280_000 and hav06.free == 20_000
    assert hav06.paid == 25_000 + 25_000 + 45_000 + 27_500 + 15_000
    assert pools["HAV-05"].paid == 350_000 and pools["HAV-05"].free == 0


# --- HP904: the de minimis arithmetic ----------------------------------------------------------


def test_exactly_at_the_ceiling_passes_and_one_krone_over_fails(copy_programme):
    root = copy_programme()
    declare(root, "2 610 000")  # 290 000 + 550 000 + 2 610 000 = 3 450 000 = 300 000 × 11,5
    assert hits(root, "HP904") == []
    root = copy_programme(name="over")
    declare(root, "2 610 001")
    [hit] = hits(root, "HP904")
    assert (hit.file, hit.line) == (G27, line_of(root / G27, "    beløp: 550000"))
    assert hit.message == (
        "Bagatellmessig støtte til Kystlaks Nord AS (892 174 210) blir 3 450 001 kr "
        "(300 000,09 euro) med tilsagnet «T-2027-01», over taket på 3 450 000 kr (300 000 euro "
        "× 11,5): 840 000 kr fra programmet (T-2026-02, T-2027-01) fra 11. februar 2024 til "
        "10. februar 2027, og 2 610 001 kr fra andre etter egenerklæringen.")
    assert hit.hint.startswith("1 kr (0,09 euro) over taket.")


@pytest.mark.parametrize(("decided", "counted"), [("2024-02-10", False), ("2024-02-11", True)])
def test_the_window_is_three_years_back_from_the_decision_excluding_its_first_day(
        copy_programme, decided, counted):
    """(G's date − 3 years, G's date]: a grant decided exactly three years before is out."""
    root = copy_programme()
    declare(root, "2 900 000")  # 550 000 + 2 900 000 = 3 450 000 without T-2026-02's 290 000
    edit(root / G26, 'vedtak: {organ: Omstillingsstyret, dato: 2026-01-20, sak: "03/26"}',
         f'vedtak: {{organ: Omstillingsstyret, dato: {decided}, sak: "03/26"}}')
    edit(root / G26, "      - {dato: 2026-05-20", "      - {dato: 2024-05-20")
    found = [d for d in hits(root, "HP904") if d.file == G27]
    assert bool(found) is counted
    assert [d.file for d in hits(root, "HP907")] == [G26]  # decided outside the folder's year


def test_three_years_before_29_february_is_28_february():
    assert figures.three_years_before(dt.date(2028, 2, 29)) == dt.date(2025, 2, 28)
    assert figures.three_years_before(dt.date(2027, 2, 10)) == dt.date(2024, 2, 10)


def test_the_same_undertaking_with_or_without_spaces_in_its_number(copy_programme):
    root = copy_programme()
    edit(root / G27, 'orgnr: "892 174 210"', 'orgnr: "892174210"')
    declare(root, "2 610 001")
    assert [d.file for d in hits(root, "HP904")] == [G27]


def test_withdrawn_money_does_not_count(copy_programme):
    root = copy_programme()
    declare(root, "2 610 001")
    edit(root / G26, "    beløp: 290000\n", "    beløp: 290000\n    trukket_tilbake: 1\n")
    assert hits(root, "HP904") == []


def test_other_forms_of_aid_do_not_count(copy_programme):
    root = copy_programme()
    declare(root, "2 610 001")
    edit(root / G26, "    beløp: 290000\n    støtteform: bagatellstøtte",
         "    beløp: 290000\n    støtteform: gruppeunntak")
    assert hits(root, "HP904") == []


def test_the_ceiling_and_rate_come_from_hp_toml(copy_programme):
    root = copy_programme()
    (root / "hp.toml").write_text("[statsstotte]\nbagatell_tak_eur = 280000\n", encoding="utf-8")
    [hit] = hits(root, "HP904")  # 3 240 000 kr > 280 000 × 11,5 = 3 220 000 kr
    assert "over taket på 3 220 000 kr (280 000 euro × 11,5)" in hit.message
    # 300 000 × 10,8 = 3 240 000 kr: Kystlaks Nord AS's 3 240 000 kr is exactly at it
    (root / "hp.toml").write_text("[statsstotte]\neurokurs = 10.8\n", encoding="utf-8")
    assert hits(root, "HP904") == []
    (root / "hp.toml").write_text("[statsstotte]\neurokurs = 10.79\n", encoding="utf-8")
    [hit] = hits(root, "HP904")
    assert "over taket på 3 237 000 kr (300 000 euro × 10,79)" in hit.message
    assert "3 240 000 kr (300 278,04 euro)" in hit.message


def test_the_ceiling_in_kroner_is_exact_and_rounded_down():
    assert figures.ceiling(Config()) == 3_450_000
    assert figures.ceiling(Config(eur_rate=Decimal("11.456751"))) == 3_437_025  # 3 437 025,3
    assert figures.euros(3_450_001, Decimal("11.5")) == Fraction(3_450_001 * 2, 23)
    assert figures.euro_text(3_450_001, Decimal("11.5")) == "300 000,09 euro"
    assert figures.euro_text(115, Decimal("11.5")) == "10 euro"


def test_a_bad_statsstotte_section_is_hp006_and_keeps_the_defaults(copy_programme):
    root = copy_programme()
    (root / "hp.toml").write_text('[statsstotte]\neurokurs = "elleve"\n', encoding="utf-8")
    result = validate(root)
    [bad] = [d for d in result.diagnostics if d.code == "HP006"]
    assert bad.line == 2 and "«eurokurs» skal være et tall" in bad.message
    assert result.programme.config.eur_rate == Decimal("11.5")


# --- the other rules, beyond their examples ----------------------------------------------------


def test_hp903_says_what_is_wrong_with_the_number(copy_programme):
    root = copy_programme()
    edit(root / G27, 'orgnr: "917 468 141"', 'orgnr: "917 468 14"')
    edit(root / G27, 'orgnr: "938 401 918"', 'orgnr: "938 4O1 918"')
    edit(root / G27, 'orgnr: "814 610 039"', 'orgnr: "814 610 093"')
    got = {d.line: d.message for d in hits(root, "HP903")}
    assert got == {
        line_of(root / G27, "917 468 14\""): "«917 468 14» er ikke et gyldig organisasjonsnummer "
        "for Vågen Hydraulikk AS: det skal ha ni siffer, ikke 8.",
        line_of(root / G27, "938 4O1 918"): "«938 4O1 918» er ikke et gyldig "
        "organisasjonsnummer for Havbruksdata Nord AS: det skal bare ha siffer (og gjerne "
        "mellomrom).",
        line_of(root / G27, "814 610 093"): "«814 610 093» er ikke et gyldig "
        "organisasjonsnummer for Kaiveien Mekaniske Verksted AS: kontrollsifferet (det siste "
        "sifferet) stemmer ikke."}


def test_hp205_grant_ids_are_unique_across_the_years(copy_programme):
    root = copy_programme()
    edit(root / G27, "  - id: T-2027-01", "  - id: T-2026-01")
    [hit] = hits(root, "HP205")
    assert (hit.file, hit.line) == (G27, line_of(root / G27, "  - id: T-2026-01"))
    assert hit.message == "Tilsagnet «T-2026-01» er brukt to ganger."
    assert f"den ble først brukt i {G26}, linje {line_of(root / G26, '  - id: T-2026-01')}." \
        in hit.hint


def test_hp902_counts_each_year_folder_on_its_own(copy_programme):
    """HAV-06's pool is 2027's: a 2026 grant from a tiltak of the same id would count against
    2026's plan (where there is no HAV-06: HP901), never against 2027's pool."""
    root = copy_programme()
    edit(root / G26, "    tiltak: REI-02", "    tiltak: HAV-06")
    assert hits(root, "HP902") == []
    assert [d.file for d in hits(root, "HP901")] == [G26]


def test_hp905_withdrawn_more_than_granted(copy_programme):
    root = copy_programme()
    edit(root / G27, "    trukket_tilbake: 50000", "    trukket_tilbake: 60000")
    [hit] = hits(root, "HP905")
    assert hit.line == line_of(root / G27, "    trukket_tilbake: 60000")
    assert hit.message == ("Tilsagnet «T-2027-04» har 60 000 kr trukket tilbake, mer enn de "
                           "50 000 kr som ble innvilget.")


def test_hp905_counts_what_was_withdrawn(copy_programme):
    root = copy_programme()
    # T-2026-01: 450 000 granted, 10 000 withdrawn, 440 000 paid; one krone more is too much
    edit(root / G26, "      - {dato: 2026-08-31, beløp: 240000}",
         "      - {dato: 2026-08-31, beløp: 240001}")
    [hit] = hits(root, "HP905")
    assert hit.line == line_of(root / G26, "beløp: 240001")
    assert hit.message == ("Tilsagnet «T-2026-01» har betalt ut 440 001 kr, mer enn de 440 000 kr "
                           "som står igjen av tilsagnet (450 000 kr innvilget, 10 000 kr trukket "
                           "tilbake): 1 kr for mye.")


def test_hp906_a_payment_after_the_deadline(copy_programme):
    root = copy_programme()
    edit(root / G26, "      - {dato: 2027-02-19, beløp: 60000}",
         "      - {dato: 2027-04-02, beløp: 60000}")
    [hit] = hits(root, "HP906")
    assert (hit.file, hit.line) == (G26, line_of(root / G26, "2027-04-02"))
    assert hit.message == ("Utbetalingen 2. april 2027 (60 000 kr) er etter fristen for "
                           "tilsagnet «T-2026-03» (31. mars 2027).")


def test_grants_in_a_year_without_a_plan_are_clear_and_positioned(copy_programme):
    root = copy_programme()
    (root / "2028").mkdir()
    (root / "2028/tilsagn.yaml").write_text(
        "tilsagn:\n  - id: T-2028-01\n    tiltak: HAV-06\n"
        "    mottaker: {navn: Vågen Hydraulikk AS, orgnr: \"917 468 141\"}\n"
        "    formål: Nytt anbud\n    vedtak: {dato: 2028-02-09}\n    beløp: 20000\n"
        "    støtteform: bagatellstøtte\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(root), "--year", "2028"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    [hit] = hits(root, "HP901")
    assert (hit.file, hit.line, hit.column) == ("2028/tilsagn.yaml", 3, 13)
    assert hit.message == ("Tilsagnet «T-2028-01» skal gis fra tiltaket «HAV-06», men 2028 har "
                           "ingen handlingsplan: 2028/3-strategier-og-tiltak.yaml mangler.")
    missing = {d.file for d in validate(root).diagnostics if d.code == "HP004"}
    assert "2028/3-strategier-og-tiltak.yaml" in missing


# --- bad input: a Norwegian message at its line, never a traceback -----------------------------

BAD = [
    # (what, old, new, code, regex of the line, words of the message)
    ("missing recipient",
     '    mottaker: {navn: Vågen Hydraulikk AS, orgnr: "917 468 141"}\n', "",
     "HP102", "  - id: T-2027-05", "Nøkkelen «mottaker» mangler i «tilsagn» nr. 5 (T-2027-05)"),
    ("a recipient without a name",
     '    mottaker: {navn: Vågen Hydraulikk AS, orgnr: "917 468 141"}\n',
     '    mottaker: {navn: "", orgnr: "917 468 141"}\n',
     "HP103", 'navn: ""', "Teksten er tom"),
    ("amount with øre", "    beløp: 45000\n", "    beløp: 45000,50\n",
     "HP103", "beløp: 45000,50", "hele kroner uten øre"),
    ("a date that does not exist",
     'vedtak: {organ: Omstillingsstyret, dato: 2027-04-14, sak: "16/27"}',
     'vedtak: {organ: Omstillingsstyret, dato: 2027-02-30, sak: "16/27"}',
     "HP103", "2027-02-30", "«2027-02-30» er ikke en dato som finnes"),
    ("a negative payment", "      - {dato: 2027-10-01, beløp: 45000}",
     "      - {dato: 2027-10-01, beløp: -45000}", "HP103", "beløp: -45000",
     "Beløp kan ikke være negative"),
    ("an unknown form of aid", "    beløp: 45000\n    støtteform: bagatellstøtte",
     "    beløp: 45000\n    støtteform: bagatell", "HP103", "støtteform: bagatell$",
     "«bagatell» er ikke en gyldig verdi"),
    ("a misspelt key", "    trukket_tilbake: 50000", "    trukket_tilbakee: 50000",
     "HP101", "trukket_tilbakee", "mente du «trukket_tilbake»?"),
    ("a payment with no date", "      - {dato: 2027-10-01, beløp: 45000}",
     "      - {beløp: 45000}", "HP102", r"- \{beløp: 45000\}", "Nøkkelen «dato» mangler"),
]


@pytest.mark.parametrize(("old", "new", "code", "marker", "words"), [b[1:] for b in BAD],
                         ids=[b[0] for b in BAD])
def test_a_malformed_grant_is_reported_in_norwegian_at_its_line(copy_programme, old, new, code,
                                                                marker, words):
    root = copy_programme()
    edit(root / G27, old, new)
    result = runner.invoke(app, ["validate", str(root), "--format", "json"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    found = [d for d in validate(root).diagnostics if d.code == code and d.file == G27]
    assert [d.line for d in found] == [line_of(root / G27, marker)], found
    assert words in found[0].message
    # a broken file stops the grant rules for that file only, never the run
    assert {d.code for d in validate(root).diagnostics} - {"HP309", code} == set()


# --- hp status: pools, grants with deadlines, the de minimis room ------------------------------


def test_status_a_pool_spends_what_its_grants_paid():
    from handlingsplan.status import compute

    s = compute(load(EXAMPLE), 2027, dt.date(2027, 10, 1))
    [hav06] = [t for t in s.tiltak if t.id == "HAV-06"]
    # paid by 1 October: T-2027-02 25 000 + T-2027-05 45 000 + T-2027-06 27 500
    assert hav06.spent == 97_500 and hav06.pool is not None
    assert hav06.pool.count == 8  # T-2027-10 and T-2027-11 are decided on 17 November
    assert (hav06.pool.net, hav06.pool.free) == (280_000 - 20_000, 40_000)
    [plain] = [t for t in s.tiltak if t.id == "REI-03"]
    assert plain.pool is None and plain.spent == 0
    # the grant whose deadline has passed with money unpaid is for the board
    late = [g.id for g in s.grants if g.overdue(s.date)]
    assert late == ["T-2027-03"]
    [flag] = [f for f in s.flags if f.kind == "tilsagn-frist"]
    assert flag.message == ("Tilsagnet T-2027-03 til Straumsvik Elektro og Automasjon AS hadde "
                            "frist 30. september 2027, men 40\u00a0000\u00a0kr av "
                            "40\u00a0000\u00a0kr er ikke utbetalt: forleng fristen eller trekk "
                            "tilbake det som gjenstår.")
    kystlaks = next(d for d in s.de_minimis if d.name == "Kystlaks Nord AS")
    assert (kystlaks.total, kystlaks.room) == (3_240_000, 210_000)


def test_status_with_follow_up_reports_a_pools_forbruk_but_counts_what_was_paid(copy_programme):
    from handlingsplan.status import compute

    root = copy_programme()
    (root / "2027/oppfolging.yaml").write_text(
        "per: 2027-10-01\ntiltak:\n  HAV-06: {status: pågår, forbruk: 280000}\n",
        encoding="utf-8")
    s = compute(load(root), 2027, dt.date(2027, 10, 1))
    [hav06] = [t for t in s.tiltak if t.id == "HAV-06"]
    assert (hav06.spent, hav06.reported) == (97_500, 280_000)


def test_status_cli_shows_the_pools_in_text_md_and_json(monkeypatch):
    import json

    nb = "\u00a0"
    args = ["status", str(EXAMPLE), "--year", "2027", "--date", "2027-12-31"]
    monkeypatch.setenv("COLUMNS", "120")
    text = runner.invoke(app, args)
    assert text.exit_code == 0, text.output
    out = text.stdout.replace(nb, " ")
    for title in ("Potter", "Tilsagn", "Bagatellmessig støtte"):
        assert f"\n{title}\n" in out
    assert "HAV-06 Bedriftsutviklingsmidler for leverandører" in out
    assert "Taket for bagatellmessig støtte er 3 450 000 kr (300 000 euro × 11,5)" in out

    md = runner.invoke(app, [*args, "--format", "md"]).stdout
    assert (f"| HAV-06 Bedriftsutviklingsmidler for leverandører | 300{nb}000{nb}kr | 10 | "
            f"280{nb}000{nb}kr | 137{nb}500{nb}kr | 20{nb}000{nb}kr |") in md
    assert "| 30. september 2027 **(passert)** |" in md
    assert (f"| 892 174 210 | Kystlaks Nord AS | 840{nb}000{nb}kr | 2{nb}400{nb}000{nb}kr | "
            f"3{nb}240{nb}000{nb}kr | 210{nb}000{nb}kr |") in md

    doc = json.loads(runner.invoke(app, [*args, "--format", "json"]).stdout)
    hav06 = next(p for p in doc["pools"] if p["tiltak"] == "HAV-06")
    assert hav06 == {"tiltak": "HAV-06", "name": "Bedriftsutviklingsmidler for leverandører",
                     "budget": 300_000, "count": 10, "granted": 330_000, "withdrawn": 50_000,
                     "net": 280_000, "paid": 137_500, "free": 20_000}
    tiltak = next(t for t in doc["tiltak"] if t["id"] == "HAV-06")
    assert tiltak["spent"] == 137_500 and tiltak["pool"]["free"] == 20_000
    t03 = next(g for g in doc["grants"] if g["id"] == "T-2027-03")
    assert t03["overdue"] is True and t03["unpaid"] == 40_000
    assert doc["de_minimis"]["ceiling"] == 3_450_000
    assert doc["de_minimis"]["eur_rate"] == "11.5"
    kystlaks = next(u for u in doc["de_minimis"]["undertakings"] if u["orgnr"] == "892 174 210")
    assert kystlaks["room"] == 210_000 and kystlaks["after"] == "2024-12-31"
    assert "tilsagn-frist" in {a["kind"] for a in doc["attention"]}


def test_status_without_grants_shows_no_grant_tables():
    from helpers import NYNORSK_EXAMPLE

    result = runner.invoke(app, ["status", str(NYNORSK_EXAMPLE), "--format", "md", "--date",
                                 "2027-06-01"])
    assert result.exit_code == 0, result.output
    assert "### Potter" not in result.stdout and "bagatellmessig" not in result.stdout


@pytest.mark.parametrize(("value", "text"), [("11.5", "11,5"), ("11.50", "11,5"),
                                             ("300000", "300 000"), ("11.4321", "11,4321"),
                                             ("1E+5", "100 000")])
def test_settings_of_hp_toml_are_shown_exactly_as_decimals(value, text):
    from handlingsplan import norsk

    assert norsk.decimal(Decimal(value), sep=" ") == text


# --- hp calendar: grant deadlines among the to-dos and in the ICS ------------------------------


def test_calendar_grant_deadlines_in_the_coming_months_are_to_dos():
    from handlingsplan import wheel

    w = wheel.build(load(EXAMPLE), dt.date(2027, 10, 1))
    grant_todos = [t for t in w.todos if "tilsagnet T-" in t.text]
    assert [(t.text.split("tilsagnet ")[1][:9], t.urgent) for t in grant_todos] == [
        ("T-2027-03", True), ("T-2027-02", False)]
    assert grant_todos[0].text == (
        "Fristen 30. september 2027 er passert for tilsagnet T-2027-03 til Straumsvik Elektro og "
        "Automasjon AS (2027/tilsagn.yaml): 40\u00a0000\u00a0kr av 40\u00a0000\u00a0kr er ikke "
        "utbetalt. Styret bør forlenge fristen eller trekke tilbake resten (trukket_tilbake).")
    # further than three months ahead, or paid in full: not a to-do
    assert not any("T-2027-01" in t.text or "T-2027-05" in t.text for t in w.todos)
    # paid in the end: the to-do goes away
    w = wheel.build(load(EXAMPLE), dt.date(2027, 12, 20))
    assert not any("T-2027-02" in t.text for t in w.todos)


def test_calendar_ics_has_the_grant_deadlines_with_money_unpaid(tmp_path):
    from icalendar import Calendar

    out = tmp_path / "frister.ics"
    result = runner.invoke(app, ["calendar", str(EXAMPLE), "--date", "2027-10-01",
                                 "--ics", str(out)])
    assert result.exit_code == 0, result.output
    events = {str(e["uid"]): e for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")}
    uid = "hp-omstillingsprogrammet-i-straumsvik-tilsagnsfrist-t-2027-03-2027@handlingsplan"
    assert events[uid].decoded("dtstart") == dt.date(2027, 9, 30)
    assert str(events[uid]["summary"]) == ("Frist for tilsagn T-2027-03 (Straumsvik Elektro og "
                                           "Automasjon AS)")
    assert "40\u00a0000\u00a0kr av 40\u00a0000\u00a0kr var ikke utbetalt per 1. oktober 2027" \
        in str(events[uid]["description"])
    grants = sorted(u.split("tilsagnsfrist-")[1] for u in events if "tilsagnsfrist" in u)
    # T-2027-05 (frist 2028) and the paid-out T-2026-03 (frist 31 March 2027) are not there
    assert grants == ["t-2027-02-2027@handlingsplan", "t-2027-03-2027@handlingsplan"]


# --- hp render: the pool in section 3, earlier years' grants in sum in section 2 ---------------


def render_md(root, year: int = 2027) -> str:
    from pathlib import Path

    from handlingsplan.render import build

    text = build(root, year, fmt="md", out=Path("/tmp/ignored.md")).data.decode("utf-8")
    return " ".join(text.replace("\u00a0", " ").split())


def test_render_bokmal_the_pool_and_the_grants_of_earlier_years():
    text = render_md(EXAMPLE)
    # section 3: the pool is explained after its description (which has its criteria)
    assert ("Kriteriene er:" in text.split("**HAV-06 er en pott for tilskudd.**")[0]
            .rsplit("### HAV-06", 1)[1])
    assert ("**HAV-06 er en pott for tilskudd.** Omstillingsstyret gir tilskudd fra potten til "
            "enkeltbedrifter og prosjekter etter søknad, etter kriteriene i beskrivelsen over."
            in text)
    assert "budsjettet på 300 000 kr" in text
    # a tiltak that one grant is given from is a grant to that recipient, not a pool
    assert "Tiltaket gjennomføres som et tilskudd til Kystlaks Nord AS" in text
    assert "HAV-05 er en pott" not in text and "REI-03 er en pott" not in text
    # section 2: the 2026 grants in sum, not one by one
    assert ("### Tilsagn om tilskudd 2026 I 2026 ga omstillingsstyret tre tilsagn om tilskudd "
            "på til sammen 990 000 kr, og 10 000 kr av dette er senere trukket tilbake. Så "
            "langt er 980 000 kr utbetalt. Hvert enkelt tilsagn står i årsrapporten for 2026."
            in text)
    section2 = text.split("# 3 ")[0]
    assert "T-2026-0" not in section2 and "Straumsvik Næringsforening" not in section2


def test_render_nynorsk_the_pool_and_the_grants_of_earlier_years(copy_programme):
    from helpers import NYNORSK_EXAMPLE

    root = copy_programme(NYNORSK_EXAMPLE)
    grant = ("  - id: {id}\n    tiltak: BES-02\n"
             "    mottaker: {{navn: {name}, orgnr: \"{orgnr}\"}}\n"
             "    formål: Ny nettbutikk\n    vedtak: {{dato: 2026-05-05}}\n    beløp: {amount}\n"
             "    støtteform: bagatellstøtte\n    utbetalingar: []\n")
    (root / "2026/tilsagn.yaml").write_text(
        "tilsagn:\n"
        + grant.format(id="T-26-1", name="Fjordbotn Bakeri AS", orgnr="917 468 141",
                       amount=40000).replace("    utbetalingar: []\n",
                                             "    utbetalinger:\n"
                                             "      - {dato: 2026-09-01, beløp: 40000}\n")
        + grant.format(id="T-26-2", name="Fjordbotn Sykkel AS", orgnr="996 792 900",
                       amount=25000).replace("    utbetalingar: []\n", ""),
        encoding="utf-8")
    assert [d.code for d in validate(root).diagnostics if d.severity.value == "error"] == []
    text = render_md(root)
    assert "**BES-02 er ein pott for tilskot.** Omstillingsstyret gir tilskot frå potten" in text
    assert "etter kriteria i omtalen over" in text
    assert ("### Tilsegn om tilskot 2026 I 2026 gav omstillingsstyret to tilsegn om tilskot på "
            "til saman 65 000 kr. Så langt er 40 000 kr utbetalt. Kvart einskilt tilsegn står i "
            "årsrapporten for 2026." in text)
    assert "tilskudd" not in text and "tilsagn om" not in text.lower()


# --- hp init: a commented, empty tilsagn.yaml for a new year -----------------------------------


def _uncommented(text: str) -> str:
    return "\n".join(line.split("#")[0].rstrip() for line in text.splitlines()
                     if line.split("#")[0].strip())


def test_init_next_year_writes_an_empty_commented_grants_file(copy_programme):
    from ruamel.yaml import YAML

    root = copy_programme()
    result = runner.invoke(app, ["init", "-C", str(root)])
    assert result.exit_code == 0, result.output
    text = (root / "2028/tilsagn.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../.schema/tilsagn.schema.json\n")
    assert "Tilsagn om tilskudd som omstillingsstyret gir i 2028." in text
    assert _uncommented(text) == "tilsagn: []"
    # the example in the comment is a valid grant when uncommented (the pool of 2027)
    example = "\n".join(line[4:] for line in text.splitlines() if line.startswith("#   "))
    [grant] = YAML(typ="safe").load(example)
    assert grant["tiltak"] == "HAV-06" and grant["vedtak"]["dato"] == dt.date(2028, 3, 12)
    from stdnum.no import orgnr

    assert orgnr.is_valid(grant["mottaker"]["orgnr"])
    p = load(root)
    assert p.years[2028].grants is not None and p.years[2028].grants.grants == []
    assert not [d for d in validate(root).diagnostics
                if d.file == "2028/tilsagn.yaml"]


def test_init_new_programme_in_nynorsk_has_the_grants_file_and_its_schema(tmp_path):
    result = runner.invoke(app, ["init", "-C", str(tmp_path), "--kommune", "Fjordvik",
                                 "--fylkeskommune", "Vestland", "--fra", "2026", "--til", "2028",
                                 "--malform", "nynorsk"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "2026/tilsagn.yaml").read_text(encoding="utf-8")
    assert "Tilsegn om tilskot som omstillingsstyret gir i 2026." in text
    assert _uncommented(text) == "tilsagn: []"
    assert (tmp_path / ".schema/tilsagn.schema.json").is_file()
    assert not [d for d in validate(tmp_path).diagnostics if d.file == "2026/tilsagn.yaml"]


def test_the_readmes_grants_example_is_a_valid_file(copy_programme):
    import re

    from helpers import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    [block] = [b for b in re.findall(r"```yaml\n(.*?)```", readme, re.S)
               if b.startswith("tilsagn:")]
    root = copy_programme()
    (root / G27).write_text(block, encoding="utf-8")
    assert [d for d in validate(root).diagnostics if d.file == G27] == []
