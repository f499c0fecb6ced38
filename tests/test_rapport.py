"""`hp rapport`: the annual report and the final report, made by the same renderer as the plan.

The figures asserted are summed by hand from the example files (the sums are in the comments),
and read from the document the way a reader would: headings, table cells and sentences.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from helpers import EXAMPLE, NYNORSK_EXAMPLE, edit
from typer.testing import CliRunner

from handlingsplan.cli import app
from handlingsplan.render import ANNUAL_REPORT, FINAL_REPORT, RenderError, build

NBSP = "\u00a0"


pytestmark = pytest.mark.usefixtures("plain")


def hp(*args: str | Path):
    return CliRunner().invoke(app, [str(a) for a in args])


def kr(text: str) -> str:
    """'3 045 000 kr' as the document writes it (non-breaking spaces)."""
    return text.replace(" ", NBSP)


def report(path: Path, year: int, fmt: str = "docx", kind: str = ANNUAL_REPORT, **kwargs):
    return build(path, year, fmt=fmt, out=Path(f"/tmp/ignored.{fmt}"), kind=kind, **kwargs)


def text_of(data: bytes) -> tuple[list[tuple[str, str]], str]:
    """(style, text) of every paragraph, and all the text (tables included) in one string."""
    document = docx.Document(io.BytesIO(data))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    cells = [" | ".join(c.text for c in row.cells) for t in document.tables for row in t.rows]
    return paragraphs, "\n".join([p for _, p in paragraphs] + cells)


@pytest.fixture(scope="module")
def nb() -> tuple[list[tuple[str, str]], str]:
    return text_of(report(EXAMPLE, 2026).data)


@pytest.fixture(scope="module")
def nn() -> tuple[list[tuple[str, str]], str]:
    return text_of(report(NYNORSK_EXAMPLE, 2026).data)


def headings(paragraphs, level: int = 1) -> list[str]:
    return [t for s, t in paragraphs if s == f"Heading {level}"]


def test_the_bokmal_report_has_its_parts_and_title(nb):
    paragraphs, _ = nb
    assert ("Title", "Årsrapport 2026") in paragraphs
    assert headings(paragraphs) == [
        "Sammendrag", "Forslag til vedtak", "1 Måloppnåelse", "2 Tiltakene", "3 Økonomi",
        "4 Tilsagn om tilskudd", "5 Programstatusvurderingen", "6 Kommunikasjon"]


def test_the_report_says_where_its_figures_come_from_and_their_date(nb):
    _, text = nb
    assert ("Tallene for 2026 er resultatene slik de er ført i handlingsplanen for 2027 (del 2, "
            "resultater fra tidligere omstillingsår); forbruket per tiltak er fra oppfølgingen "
            "per 31.\u00a0oktober 2026.") in text.replace("31. oktober", "31.\u00a0oktober")


def test_money_is_the_sum_of_the_example_files(nb):
    _, text = nb
    # 2027/2-resultater.yaml, 2026: 2 075 000 + 740 000 + 230 000 = 3 045 000 kr spent;
    # 2026/4-…: financing 3 000 000 + 1 100 000 + 250 000 = 4 350 000 kr
    assert f"I 2026 er det brukt {kr('3 045 000 kr')} av et budsjett på {kr('4 350 000 kr')}" \
        in text
    # 2026/oppfolging.yaml: 440 000 + 290 000 + 310 000 + 190 000 + 330 000 + 195 000
    # + 290 000 + 0 = 2 045 000 kr spent by the tiltak
    assert f"Sum | {kr('3 000 000 kr')} | {kr('2 045 000 kr')}" in text
    assert f"Egenandel Straumsvik kommune | {kr('1 100 000 kr')} | {kr('740 000 kr')}" in text
    # frames 2025–2030: 4 000 000 + 4 400 000 + 4 500 000 + 4 400 000 + 4 000 000 + 4 000 000
    # = 25 300 000; spent 2025 (2 655 000 + 885 000) + 2026 (3 045 000) = 6 585 000
    assert (f"til sammen {kr('25 300 000 kr')} for 2025–2030. Til og med 2026 er det "
            f"rapportert brukt {kr('6 585 000 kr')}, så {kr('18 715 000 kr')} er igjen.") in text


def test_goals_tiltak_and_jobs(nb):
    _, text = nb
    # HM1: årsmål 2026 is 25 (the plan), measured 24 (2027/2-resultater.yaml), 150 in 2030
    assert "HM1 | Minst 150 nye eller sikrede arbeidsplasser innen utgangen av 2030 | 25 | " \
        "24 | 150" in text
    assert "HM1 | Minst 150 nye eller sikrede arbeidsplasser innen utgangen av 2030 | " \
        "arbeidsplasser | 25 | 24 | 150 | 96 %".replace(" %", f"{NBSP}%") in text
    # jobs of 2026: 4 + 3 + 2 + 4 = 13
    assert "Tiltakene har rapportert 13 arbeidsplasser." in text
    assert "HAV-04 Hovedprosjekt: Straumsvik næringspark på Havnes | Forsinket" in text


def test_grants_granted_and_paid(nb):
    _, text = nb
    # 2026/tilsagn.yaml: 450 000 + 290 000 + 250 000 = 990 000; 10 000 withdrawn; paid
    # 200 000 + 240 000 + 145 000 + 145 000 + 100 000 + 90 000 + 60 000 = 980 000
    assert (f"I 2026 ga omstillingsstyret tre tilsagn om tilskudd på til sammen "
            f"{kr('990 000 kr')}. Av dette er {kr('10 000 kr')} trukket tilbake, så "
            f"{kr('980 000 kr')} står igjen. Så langt er {kr('980 000 kr')} utbetalt.") in text
    assert "Kystlaks Nord AS" in text and "892 174 210" in text
    assert "Bagatellmessig støtte" in text
    # HAV-02: granted 450 000 − 10 000 withdrawn = 440 000, all of it paid
    assert f"HAV-02 Leverandørnettverk Straumsvik | {kr('450 000 kr')} | {kr('440 000 kr')}" \
        in text


def test_status_review_and_the_draft_decision(nb):
    paragraphs, text = nb
    assert "Programstatusvurderingen 14. oktober 2026, ledet av Innovasjon Norge, ga fire " \
        "forbedringspunkter:" in text.replace(NBSP, " ")
    assert "Rekrutteringstiltaket må ha reservebemanning" in text
    assert "handlingsplanen for 2027" in text
    decision = [t for _, t in paragraphs if "til orientering" in t]
    assert decision == ["Kommunestyret tar årsrapporten for 2026 til orientering."]


def test_no_developer_words(nb, nn):
    for _, text in (nb, nn):
        lowered = text.lower()
        for word in (".yaml", "yaml", "repo", "tidligere_år", "oppfolging", "none", "{{"):
            assert word not in lowered, word


def test_nynorsk_report(nn):
    paragraphs, text = nn
    assert headings(paragraphs) == [
        "Samandrag", "Framlegg til vedtak", "1 Måloppnåing", "2 Tiltaka", "3 Økonomi",
        "4 Tilsegn om tilskot", "5 Programstatusvurderinga", "6 Kommunikasjon"]
    assert [t for _, t in paragraphs if "til orientering" in t] == [
        "Kommunestyret tek årsrapporten for 2026 til orientering."]
    assert "Tala for 2026 er resultata slik dei er førte i handlingsplanen for 2027" in text
    # fjordbotn 2027/2-resultater.yaml, 2026: 1 452 000 + 363 000 = 1 815 000 of 3 000 000
    assert f"I 2026 er det brukt {kr('1 815 000 kr')} av eit budsjett på {kr('3 000 000 kr')}" \
        in text
    assert "Omstillingsstyret har ikkje gitt tilsegn om tilskot i 2026." in text


def test_markdown_is_the_same_report_with_its_chart(tmp_path):
    out = build(EXAMPLE, 2026, fmt="md", out=tmp_path / "r.md", kind=ANNUAL_REPORT)
    text = out.data.decode()
    assert text.count("\n# ") == 9  # the title and the eight parts
    assert "1. Kommunestyret tar årsrapporten for 2026 til orientering." in text
    assert "(r-figurer/maloppnaelse.png)" in text
    assert [p.name for p in out.figures] == ["maloppnaelse.png"]


def test_figures_from_the_follow_up_when_next_years_plan_has_none(copy_programme):
    root = copy_programme()
    shutil.rmtree(root / "2027")
    text = report(root, 2026, "md").data.decode()
    assert "Tallene for 2026 er fra oppfølgingen av handlingsplanen, tall per 31. oktober " \
        "2026." in text.replace(NBSP, " ")
    assert "Forbruket per finansieringskilde er ikke rapportert ennå." in text
    # no section 2 to hold the status review yet
    assert "Resultatet av programstatusvurderingen for 2026 er ikke ført inn ennå." in text
    # the tiltak's spending from the follow-up: 2 045 000 kr (see above)
    assert f"I 2026 er det brukt {kr('2 045 000 kr')}" in text


def test_a_year_with_no_figures_is_exit_2_saying_where_to_write_them():
    with pytest.raises(RenderError) as caught:
        report(EXAMPLE, 2027)
    assert caught.value.code == 2
    assert "2028/2-resultater.yaml" in (caught.value.hint or "")
    assert "2027/oppfolging.yaml" in (caught.value.hint or "")
    result = hp("rapport", EXAMPLE, "--year", "2027")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_plan_errors_stop_the_report_unless_forced(copy_programme):
    root = copy_programme()
    edit(root / "2026" / "handlingsplan.yaml", "år: 2026", "år: 2029")
    with pytest.raises(RenderError) as caught:
        report(root, 2026)
    assert caught.value.code == 1
    forced = report(root, 2026, force=True)
    paragraphs, _ = text_of(forced.data)
    assert any("Utkast med feil" in t for _, t in paragraphs)


def test_reproducible_bytes(monkeypatch):
    first = report(EXAMPLE, 2026).data
    assert report(EXAMPLE, 2026).data == first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert report(EXAMPLE, 2026).data == report(EXAMPLE, 2026).data


def test_cli_writes_into_ut_and_never_over_an_input(copy_programme, monkeypatch):
    root = copy_programme()
    monkeypatch.chdir(root)
    result = hp("rapport", "--year", "2026")
    assert result.exit_code == 0, result.output
    assert (root / "ut" / "arsrapport-2026.docx").is_file()
    assert not list((root / "ut").glob(".*.tmp"))
    assert "Årsrapporten for 2026 (Word) er laget: ut/arsrapport-2026.docx" in result.output
    before = (root / "omstillingsplan.yaml").read_bytes()
    result = hp("rapport", "--year", "2026", "--format", "md", "--out", "omstillingsplan.yaml")
    assert result.exit_code == 2
    assert (root / "omstillingsplan.yaml").read_bytes() == before


def test_the_template_option_is_the_same_as_for_render(tmp_path):
    result = hp("rapport", EXAMPLE, "-y", "2026", "--template", tmp_path / "finnes-ikke.docx",
                "--out", tmp_path)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_final_report_sums_the_years_against_the_final_targets():
    paragraphs, text = text_of(report(EXAMPLE, 2026, kind=FINAL_REPORT).data)
    assert ("Title", "Sluttrapport 2025–2030") in paragraphs
    # spent 2025: 2 655 000 + 885 000 = 3 540 000; 2026: 3 045 000; in all 6 585 000.
    # budget 2025 (4 000 000) + 2026 (4 350 000) = 8 350 000
    assert f"I perioden er det brukt {kr('6 585 000 kr')} av et budsjett på " \
        f"{kr('8 350 000 kr')}" in text
    # HM1 measured 24 against 150 in 2030: 16 %
    assert f"HM1 | Minst 150 nye eller sikrede arbeidsplasser innen utgangen av 2030 | " \
        f"arbeidsplasser | 24 | 150 | 16{NBSP}%" in text
    assert "Kommunestyret tar sluttrapporten for Omstillingsprogrammet i Straumsvik for " \
        "2025–2026 til orientering." in text


def test_the_calendar_names_the_command_for_the_annual_report():
    result = hp("calendar", EXAMPLE, "--date", "2026-01-10")
    assert result.exit_code == 0, result.output
    assert "Lag årsrapporten for 2025 til omstillingsstyret" in result.output
    assert "hp rapport --year 2025" in result.output


def test_many_grants_are_summed_in_the_text_and_listed_in_an_appendix(copy_programme):
    """2027 has eleven grants (more than MANY_GRANTS): the grants section sums them by form of
    aid and points at the appendix, which lists every one of them."""
    root = copy_programme()
    ids = ["HAV-04", "HAV-05", "HAV-06", "REI-03", "REI-04", "GRU-04", "GRU-05"]
    (root / "2027" / "oppfolging.yaml").write_text(
        "per: 2027-12-31\ntiltak:\n" + "".join(
            f"  {i}:\n    status: pågår\n    forbruk: 100000\n" for i in ids), encoding="utf-8")
    data = report(root, 2027).data
    paragraphs, _ = text_of(data)
    assert headings(paragraphs)[-1] == "Vedlegg: tilsagnene om tilskudd"
    document = docx.Document(io.BytesIO(data))
    heading = next(p._p for p in document.paragraphs  # the heading, not its line in the TOC
                   if p.text == "Vedlegg: tilsagnene om tilskudd"
                   and p.style.name == "Heading 1")
    body = list(document.element.body.iterchildren())
    appendix = body.index(heading)

    def text(elements) -> str:
        return "\n".join("".join(t.text or "" for t in el.iter(qn("w:t"))) for el in elements)

    listed, before = text(body[appendix:]), text(body[:appendix])
    assert listed.count("org.nr.") == 11  # every grant in the appendix, with its recipient …
    assert "org.nr." not in before  # … and none of them listed in the text
    for name in ("Kystlaks Nord AS", "Fjæra Fôrteknikk AS", "Skarvøy Sjøtjenester AS"):
        assert name in listed
    # 550 000 + 50 000 + 40 000 + 0 (withdrawn) + 45 000 + 55 000 + 30 000 + 25 000 + 15 000
    # + 10 000 + 10 000 = 830 000
    assert "830\u00a0000\u00a0kr" in listed
    assert "Hvert tilsagn, med mottaker, formål, beløp og støtteform, står i vedlegget " \
        "bakerst." in before
