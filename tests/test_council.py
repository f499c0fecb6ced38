"""The council document (issue: a document a programme manager sends unchanged): the summary,
the draft decision, the changes since last year's plan, the year in use, the red thread, the
risks, the budget matrix, spending per tiltak, missing data, and the rules for words and
numbers. Both examples are rendered once; the assertions read the DOCX as a reader would and
compare with the plan files.
"""

from __future__ import annotations

import io
import re
import shutil
from fractions import Fraction
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from helpers import EXAMPLE, NYNORSK_EXAMPLE, edit

from handlingsplan.loader.programme import load
from handlingsplan.render import build

NBSP = "\u00a0"


def render(path: Path, year: int = 2027, **kwargs) -> docx.document.Document:
    data = build(path, year, out=Path("/tmp/ignored.docx"), **kwargs).data
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def nb():
    return render(EXAMPLE)


@pytest.fixture(scope="module")
def nn():
    return render(NYNORSK_EXAMPLE)


def paragraphs(doc) -> list[str]:
    return [p.text.replace(NBSP, " ") for p in doc.paragraphs]


def all_text(doc) -> list[str]:
    """Every paragraph, table cells included, in document order."""
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))).replace(NBSP, " ")
            for p in doc.element.body.iter(qn("w:p"))]


def section(doc, heading: str, level: int = 1) -> list:
    """The body elements after a heading, up to the next heading of that level or above."""
    body = list(doc.element.body)
    out, inside = [], False
    for el in body:
        if el.tag == qn("w:p"):
            style = el.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            name = style.get(qn("w:val")) if style is not None else ""
            text = "".join(t.text or "" for t in el.iter(qn("w:t")))
            if name.startswith("Heading") and int(name[-1]) <= level:
                if inside:
                    break
                inside = text == heading
                continue
        if inside:
            out.append(el)
    assert out, f"no section {heading!r}"
    return out


def tables_in(elements, doc) -> list[list[list[str]]]:
    return [[[c.text.replace(NBSP, " ") for c in row.cells]
             for row in docx.table.Table(el, doc._body).rows]
            for el in elements if el.tag == qn("w:tbl")]


def texts_in(elements) -> list[str]:
    return ["".join(t.text or "" for t in el.iter(qn("w:t"))).replace(NBSP, " ")
            for el in elements if el.tag == qn("w:p")]


def kr(text: str) -> int:
    m = re.fullmatch(r"([+\u2212]?)([0-9 ]+) kr", text.strip())
    assert m, text
    value = int(m.group(2).replace(" ", ""))
    return -value if m.group(1) == "\u2212" else value


def headings1(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]


# --- 1. summary and draft decision before section 1 ---------------------------------------------


def test_summary_and_draft_decision_come_before_section_1(nb, nn):
    assert headings1(nb)[:2] == ["Sammendrag", "Forslag til vedtak"]
    assert headings1(nb)[3] == "1 Mål og innsatsområder fra omstillingsplanen"
    assert headings1(nn)[:2] == ["Samandrag", "Framlegg til vedtak"]


def test_summary_has_the_key_figures_from_the_files(nb):
    s3, s4 = load(EXAMPLE).years[2027].s3, load(EXAMPLE).years[2027].s4
    part = section(nb, "Sammendrag")
    text = " ".join(texts_in(part))
    assert f"et samlet budsjett på {s4.costs.total:,} kr".replace(",", " ") in text
    assert "kommunens egenandel er 1 100 000 kr (25,1 %)" in text
    assert "Nordkysten fylkeskommune finansierer 3 000 000 kr (68,5 %)" in text
    assert "Andre kilder bidrar med 280 000 kr (6,4 %)" in text
    assert "det tredje av seks år i omstillingsperioden 2025–2030" in text
    areas, goals = tables_in(part, nb)
    assert [r[0] for r in areas[1:-1]] == ["HAV Havbruk, marin industri og leverandører",
                                           "REI Reiseliv og opplevelser",
                                           "GRU Gründerskap og kompetanse"]
    for row in areas[1:-1]:
        mine = [t for t in s3.tiltak if t.area == row[0].split()[0]]
        assert int(row[1]) == len(mine)
        assert kr(row[2]) == sum(t.budget for t in mine)
        assert kr(row[3]) == s4.costs.areas[row[0].split()[0]]
    assert areas[-1][1] == str(len(s3.tiltak))
    assert goals[0][:3] == ["Id", "Hovedmål", "Årsmål 2027"]
    assert [r[0] for r in goals[1:]] == ["HM1", "HM2", "HM3"]
    assert "Årsmålene for 2027 er de samme som måltallene i omstillingsplanen." in text


def test_summary_shows_the_plans_target_where_this_years_differs(copy_programme):
    root = copy_programme()
    edit(root / "2027/1-mal-og-innsatsomrader.yaml", "  HM2: 14", "  HM2: 12")
    doc = render(root)
    part = section(doc, "Sammendrag")
    goals = tables_in(part, doc)[1]
    assert goals[0] == ["Id", "Hovedmål", "Årsmål 2027", "I omstillingsplanen", "Mål 2030"]
    assert goals[2][2:4] == ["12", "14"]
    assert "Årsmålet for HM2 avviker fra måltallet for 2027 i omstillingsplanen." in \
        " ".join(texts_in(part))


def test_the_draft_decision_is_numbered_and_made_from_the_figures(nb):
    part = section(nb, "Forslag til vedtak")
    points = [p for p in part if p.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None]
    texts = texts_in(points)
    assert texts == [
        "Kommunestyret godkjenner Handlingsplan 2027 – Omstillingsprogrammet i Straumsvik med "
        "et samlet budsjett på 4 380 000 kr.",
        "Kommunestyret setter av 1 100 000 kr til kommunens egenandel i omstillingsprogrammet "
        "i 2027.",
        "Kommunen søker Nordkysten fylkeskommune om 3 000 000 kr i omstillingsmidler for 2027, "
        "med handlingsplanen som grunnlag."]
    numbering = nb.part.numbering_part.element
    num_id = points[0].find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val"))
    num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id)
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(a for a in numbering.findall(qn("w:abstractNum"))
                    if a.get(qn("w:abstractNumId")) == abstract_id)
    assert abstract.find(f"{qn('w:lvl')}/{qn('w:numFmt')}").get(qn("w:val")) == "decimal"


def test_the_programmes_own_draft_decision_replaces_the_generated_one(nn):
    meta = load(NYNORSK_EXAMPLE).years[2027].meta
    texts = texts_in(section(nn, "Framlegg til vedtak"))
    assert texts == [" ".join(p.split()) for p in meta.draft_decision]


# --- 2. what changed since last year's plan -----------------------------------------------------


def test_changes_since_last_year_are_computed_from_both_plans(nb):
    p = load(EXAMPLE)
    before = {t.id: t.budget for t in p.years[2026].s3.tiltak}
    after = {t.id: t.budget for t in p.years[2027].s3.tiltak}
    part = section(nb, "Endringer fra handlingsplanen for 2026")
    tiltak, areas, sources = tables_in(part, nb)
    groups: dict[str, list[str]] = {}
    current = None
    for row in tiltak[1:]:
        if row[0] in ("Nye tiltak", "Videreført", "Avsluttet"):  # a group row
            current = row[0]
            continue
        groups.setdefault(current, []).append(row[0].split()[0])
    assert groups["Nye tiltak"] == [i for i in after if i not in before]
    assert groups["Videreført"] == [i for i in after if i in before]
    assert groups["Avsluttet"] == [i for i in before if i not in after]
    for row in areas[1:-1]:
        aid = row[0].split()[0]
        old, new = (p.years[y].s4.costs.areas[aid] for y in (2026, 2027))
        assert (kr(row[1]), kr(row[2]), kr(row[3])) == (old, new, new - old)
    assert kr(sources[-1][3]) == p.years[2027].s4.costs.total - p.years[2026].s4.costs.total
    text = " ".join(texts_in(part))
    assert "Det samlede budsjettet øker med 30 000 kr, fra 4 350 000 kr i 2026 til " \
           "4 380 000 kr i 2027." in text
    assert "Fire tiltak er nye, tre fortsetter fra 2026 og fem er avsluttet." in text


def test_no_changes_section_in_the_first_year_and_a_plain_word_when_last_years_is_missing(
        copy_programme):
    assert "Endringer fra handlingsplanen for 2024" not in headings1(render(EXAMPLE, 2025))
    root = copy_programme()
    shutil.rmtree(root / "2026")
    edit(root / "2027/2-resultater.yaml", "  - år: 2026", "  - år: 2026")  # still the file
    doc = render(root, force=True)
    text = " ".join(texts_in(section(doc, "Endringer fra handlingsplanen for 2026")))
    assert text == ("Handlingsplanen for 2026 er ikke med i grunnlaget for dette dokumentet, så "
                    "endringene fra den kan ikke vises.")


# --- 3. the plan in use through the year -------------------------------------------------------


def test_who_does_what_and_the_wheel_with_months_by_default(nb):
    part = section(nb, "Oppfølging og årshjul")
    roles, wheel = tables_in(part, nb)
    assert [r[0] for r in roles[1:]] == ["Omstillingsstyret", "Kommunestyret",
                                         "Nordkysten fylkeskommune", "Innovasjon Norge",
                                         "Daglig leder (Silje Brennvik)"]
    assert [r[0] for r in wheel[1:]][:3] == ["Januar", "Januar", "Mars"]
    whats = [r[1] for r in wheel[1:]]
    assert "Programstatusvurdering med Innovasjon Norge; forbedringspunktene tas inn i neste " \
           "plan" in whats
    assert "Kommunen søker Nordkysten fylkeskommune om omstillingsmidler for 2028" in whats


def test_the_wheel_shows_the_meeting_dates_of_the_settings(nn):
    wheel = tables_in(section(nn, "Oppfølging og årshjul"), nn)[1]
    rows = {r[1]: r[0] for r in wheel[1:]}
    assert rows["Årsrapporten for 2026 til omstillingsstyret"] == "26. januar 2027"
    assert rows["Årsrapporten for 2026 til kommunestyret, til orientering"] == "11. mars 2027"
    assert rows["Programstatusvurdering med Innovasjon Norge; forbetringspunkta blir tekne inn "
                "i neste plan"] == "19. oktober 2027"
    assert rows["Kommunestyret godkjenner handlingsplanen for 2028"] == "16. desember 2027"


# --- 4. the red thread with numbers -------------------------------------------------------------


def test_contributions_per_goal_against_the_targets(nb):
    p = load(EXAMPLE)
    part = section(nb, "3.4 Tiltakenes bidrag til målene", level=2)
    [table] = tables_in(part, nb)
    assert table[0] == ["Mål", "Nådd 2026", "Bidrag fra tiltakene", "Forventet 2027",
                        "Årsmål 2027", "Når årsmålet"]
    results = {e.year: e.goal_results for e in p.years[2027].s2.earlier_years}[2026]
    for row in table[1:]:
        goal = row[0].split()[0]
        parts = {t.id: t.contributions[goal] for t in p.years[2027].s3.tiltak
                 if goal in t.contributions}
        assert row[2].split("\n") == [f"{k}: {v}" for k, v in parts.items()]
        assert int(row[1]) == results[goal]
        assert int(row[3]) == results[goal] + sum(parts.values())
        assert int(row[4]) == p.years[2027].s1.year_targets[goal]
        assert row[5] == "Ja"


def test_a_goal_short_of_its_target_says_by_how_much(copy_programme):
    root = copy_programme()
    edit(root / "2027/3-strategier-og-tiltak.yaml", "bidrag: {HM1: 10, HAV-M1: 10, HM3: 2}",
         "bidrag: {HM1: 4, HAV-M1: 10, HM3: 2}")
    doc = render(root)
    [table] = tables_in(section(doc, "3.4 Tiltakenes bidrag til målene", level=2), doc)
    row = next(r for r in table if r[0].startswith("HM1"))
    assert row[3:] == ["44", "50", "Nei, mangler 6"]


# --- 5. risks --------------------------------------------------------------------------------


def test_risks_are_a_table_with_the_tiltak_they_threaten(nb, nn):
    [table] = tables_in(section(nb, "3.5 Risiko", level=2), nb)
    assert table[0] == ["Risiko", "Sannsynlighet", "Konsekvens", "Hva gjøres", "Truer"]
    r1 = table[1]
    assert r1[0].startswith("R1 Endringen av reguleringsplanen")
    assert r1[1:3] == ["Middels", "Høy"] and r1[4] == "HAV-04\nHAV-05"
    assert table[-1][4] == "Hele programmet"
    [nynorsk] = tables_in(section(nn, "3.5 Risiko", level=2), nn)
    assert nynorsk[0][1:3] == ["Sannsyn", "Konsekvens"] and nynorsk[2][1] == "Låg"


# --- 6. the budget matrix and spending per tiltak ------------------------------------------------


def test_budget_matrix_adds_up_by_row_and_by_column(nb):
    p = load(EXAMPLE)
    s4 = p.years[2027].s4
    part = section(nb, "4.3 Budsjett per post og kilde", level=2)
    [table] = tables_in(part, nb)
    assert table[0] == ["Post", "Fylkeskommunen", "Kommunen", "Privat", "Sum"]
    body, total = table[1:-1], table[-1]
    for row in body:
        assert sum(kr(c) for c in row[1:-1]) == kr(row[-1])
    assert [kr(c) for c in total[1:-1]] == [s4.financing[k] for k in
                                             ("fylkeskommunen", "kommunen",
                                              "sparebankstiftelsen")]
    posts = {row[0]: kr(row[-1]) for row in body}
    assert posts["Administrasjon"] == s4.costs.administration
    assert posts["HAV Havbruk, marin industri og leverandører"] == s4.costs.areas["HAV"]
    # the tiltak's own financing is in their innsatsområde's row: all of the private money
    rei = next(r for r in body if r[0].startswith("REI"))
    assert kr(rei[3]) == sum(t.financing.get("sparebankstiftelsen", 0)
                             for t in p.years[2027].s3.tiltak if t.area == "REI")
    assert "i forhold til hvor mye som er igjen av hver kilde" in " ".join(texts_in(part))


def test_spending_per_tiltak_against_its_budget_from_the_follow_up(nb):
    p = load(EXAMPLE)
    part = section(nb, "Forbruk per tiltak 2026", level=3)
    assert texts_in(part)[0] == "Tallene er fra oppfølgingen per 31. oktober 2026."
    [table] = tables_in(part, nb)
    follow = p.years[2026].followup.tiltak
    for row in table[1:-1]:
        tid = row[0].split()[0]
        assert kr(row[1]) == next(t.budget for t in p.years[2026].s3.tiltak if t.id == tid)
        assert kr(row[2]) == follow[tid].spent


# --- 7. missing data is never silent -----------------------------------------------------------


def test_missing_data_says_so_and_an_empty_column_goes(copy_programme):
    root = copy_programme()
    path = root / "2027/3-strategier-og-tiltak.yaml"
    edit(path, "    prosjekteier: Kystlaks Nord AS\n", "")
    doc = render(root)
    rows = [r for t in tables_in(section(doc, "HAV-05 Hovedprosjekt: pilotanlegg for "
                                                 "restråstoff", level=3), doc) for r in t]
    assert ["Prosjekteier", "ikke oppgitt"] in rows
    board = tables_in(section(doc, "1.5 Organisering", level=2), doc)[0]
    plan = load(root).plan
    if all(m.represents is None for m in plan.organisation.board):
        assert board[0] == ["Navn", "Rolle"]  # «Representerer» has nothing: left out
    else:
        assert "ikke oppgitt" in {c for r in board for c in r}


def test_the_period_table_says_what_it_counts_when_earlier_plans_are_missing(copy_programme):
    root = copy_programme()
    shutil.rmtree(root / "2025")
    doc = render(root, force=True)
    text = " ".join(texts_in(section(doc, "4 Ressursinnsats og finansiering")))
    assert "Handlingsplanen for 2025 er ikke med i grunnlaget, så det den satte av, er ikke " \
           "regnet med." in text
    assert "kan derfor være mindre enn tabellen viser" in text
    tables = tables_in(section(doc, "4 Ressursinnsats og finansiering"), doc)
    assert tables[-1][0][-1] == "Igjen etter planene som er med"


# --- words and numbers ------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["nb", "nn"])
def test_no_developer_words_and_no_sentence_twice(which, request):
    doc = request.getfixturevalue(which)
    text = " ".join(all_text(doc))
    for word in ("repo", ".yaml", "yaml", "hp.toml", "YAML"):
        assert word not in text, word
    body = [p.text.replace(NBSP, " ") for p in doc.paragraphs
            if not p.style.name.lower().startswith(("heading", "toc"))]
    sentences = [s.strip() for p in body
                 for s in re.split(r"(?<=[.!?])\s+", p) if len(s.strip()) > 40]
    repeated = {s for s in sentences if sentences.count(s) > 1}
    assert not repeated, repeated


def test_bodies_are_lower_case_in_running_text(nb):
    text = " ".join(paragraphs(nb))
    assert "vedtatt av kommunestyret 28. november 2024" in text
    assert "vedtatt av Kommunestyret" not in text


def test_the_status_review_a_plan_builds_on_is_the_one_of_the_year_before(nb):
    text = " ".join(paragraphs(nb))
    assert "Programstatusvurderingen 15. oktober 2025 pekte på disse forbedringspunktene, som " \
           "handlingsplanen for 2026 bygger på:" in text
    assert "Programstatusvurderingen 14. oktober 2026 pekte på disse forbedringspunktene, som " \
           "handlingsplanen for 2027 bygger på:" in text


@pytest.mark.parametrize("which", ["nb", "nn"])
def test_one_number_of_decimals_within_a_column(which, request):
    doc = request.getfixturevalue(which)
    number = re.compile(r"[+\u2212]?[0-9][0-9 ]*(?:,([0-9]+))?(?: %| kr)?")
    for table in doc.tables:
        grid = [[c.text.replace(NBSP, " ").strip() for c in row.cells] for row in table.rows]
        for col in range(len(grid[0])):
            decimals = {len(m.group(1) or "") for row in grid[1:]
                        if col < len(row) and (m := number.fullmatch(row[col]))
                        and "%" in row[col]}
            assert len(decimals) <= 1, (grid[0], col, decimals)


def test_shares_of_one_whole_add_up_to_exactly_100(nb):
    for caption in ("Kostnader 2027 per post", "Finansiering 2027 per kilde"):
        part = [el for el in nb.element.body]
        for n, el in enumerate(part):
            text = "".join(t.text or "" for t in el.iter(qn("w:t")))
            if el.tag == qn("w:p") and caption in text and part[n + 1].tag == qn("w:tbl"):
                table = docx.table.Table(part[n + 1], nb._body)
                break
        grid = [[c.text.replace(NBSP, " ") for c in row.cells] for row in table.rows]
        col = grid[0].index("Andel")
        shares = [Fraction(r[col].removesuffix(" %").replace(",", ".")) for r in grid[1:-1]]
        assert sum(shares) == 100, (caption, shares)
        assert grid[-1][col] == "100,0 %"
