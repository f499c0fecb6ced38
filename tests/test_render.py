"""`hp render` as a library (render/): the Word document, opened with python-docx.

The example programmes are rendered once per module; the assertions read the document the way a
reader would (headings, tables, sums, formatting) and compare with the plan files.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from fractions import Fraction
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from helpers import CONTRACT, EXAMPLE, NYNORSK_EXAMPLE, edit

from handlingsplan.errors import HpError
from handlingsplan.loader.programme import load
from handlingsplan.render import RenderError, build
from handlingsplan.render import markdown as md

NBSP = "\u00a0"
BOKMAL_FIVE = [
    "1 Mål og innsatsområder fra omstillingsplanen",
    "2 Resultater fra tidligere omstillingsår",
    "3 Strategier og tiltak for innsatsområdene",
    "4 Ressursinnsats og finansiering",
    "5 Kommunikasjonsplan",
]
BOKMAL_SECTIONS = ["Sammendrag", "Forslag til vedtak", "Endringer fra handlingsplanen for 2026",
                   *BOKMAL_FIVE, "Oppfølging og årshjul"]
NYNORSK_SECTIONS = ["Samandrag", "Framlegg til vedtak", "Endringar frå handlingsplanen for 2026",
                    "1 Mål og innsatsområde frå omstillingsplanen",
                    "2 Resultat frå tidlegare omstillingsår",
                    "3 Strategiar og tiltak for innsatsområda",
                    "4 Ressursinnsats og finansiering",
                    "5 Kommunikasjonsplan",
                    "Oppfølging og årshjul"]


@pytest.fixture(autouse=True)
def _no_epoch(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def render_docx(path: Path, year: int | None = 2027, **kwargs) -> bytes:
    return build(path, year, fmt="docx", out=Path("/tmp/ignored.docx"), **kwargs).data


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def bokmal_bytes() -> bytes:
    return render_docx(EXAMPLE)


@pytest.fixture(scope="module")
def nynorsk_bytes() -> bytes:
    return render_docx(NYNORSK_EXAMPLE)


@pytest.fixture(scope="module")
def bokmal(bokmal_bytes):
    return open_docx(bokmal_bytes)


@pytest.fixture(scope="module")
def nynorsk(nynorsk_bytes):
    return open_docx(nynorsk_bytes)


def headings(doc, level: int) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name == f"Heading {level}"]


def texts(doc) -> list[str]:
    """Every paragraph's text in document order, table cells included."""
    out = []
    for p in doc.element.body.iter(qn("w:p")):
        out.append("".join(t.text or "" for t in p.iter(qn("w:t"))))
    return out


def full_text(doc) -> str:
    return re.sub(r"\s+", " ", " ".join(texts(doc)).replace(NBSP, " "))


def table_after(doc, caption_start: str):
    """The table whose caption (the paragraph before it) starts with `caption_start`
    (after «Tabell N: »)."""
    body = list(doc.element.body)
    for n, el in enumerate(body):
        if el.tag == qn("w:p"):
            text = "".join(t.text or "" for t in el.iter(qn("w:t")))
            if re.sub(r"^Tabell \d+: ", "", text).startswith(caption_start) \
                    and n + 1 < len(body) and body[n + 1].tag == qn("w:tbl"):
                return docx.table.Table(body[n + 1], doc._body)
    raise AssertionError(f"no table captioned {caption_start!r}")


def rows(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def kr(text: str) -> int:
    assert text.endswith(f"{NBSP}kr"), text
    assert " " not in text, f"{text!r}: an ordinary space in an amount"
    return int(text.removesuffix(f"{NBSP}kr").replace(NBSP, ""))


def pct(text: str) -> Fraction:
    assert text.endswith(f"{NBSP}%"), text
    return Fraction(text.removesuffix(f"{NBSP}%").replace(",", "."))


# --- structure ---------------------------------------------------------------------------------


def test_the_summary_decision_changes_five_sections_and_the_year_in_use_as_heading_1(
        bokmal, nynorsk):
    assert headings(bokmal, 1) == BOKMAL_SECTIONS
    assert headings(nynorsk, 1) == NYNORSK_SECTIONS


def test_subsections_are_real_heading_styles_with_outline_levels(bokmal):
    assert "1.3 Hovedmål" in headings(bokmal, 2)
    assert "3.1 Havbruk, marin industri og leverandører" in headings(bokmal, 2)
    assert "HAV-05 Hovedprosjekt: pilotanlegg for restråstoff" in headings(bokmal, 3)
    for level in (1, 2, 3):
        ppr = bokmal.styles[f"Heading {level}"].element.pPr
        assert ppr.find(qn("w:outlineLvl")).get(qn("w:val")) == str(level - 1)


def test_cover_has_programme_municipality_version_status_and_readings(bokmal, nynorsk):
    cover = texts(bokmal)[:40]
    assert "Straumsvik kommune" in cover
    title = next(p for p in bokmal.paragraphs if p.style.name == "Title")
    assert title.text == "Handlingsplan 2027 – Omstillingsprogrammet i Straumsvik"
    meta = dict(rows(bokmal.tables[0]))
    assert meta["Versjon"] == "0.9"
    assert meta["Status"] == "Til behandling"
    assert meta["Program"] == "Omstillingsprogrammet i Straumsvik"
    readings = rows(bokmal.tables[1])
    assert readings[0] == ["Organ", "Dato", "Sak"]
    assert readings[1] == ["Omstillingsstyret", "20. november 2026", "29/26"]
    assert dict(rows(nynorsk.tables[0]))["Status"] == "Utkast"
    assert "Planen er ikkje handsama politisk enno." in texts(nynorsk)


def test_a_table_of_contents_field_that_word_fills_on_opening(bokmal):
    instructions = [t.text for t in bokmal.element.body.iter(qn("w:instrText"))]
    assert ' TOC \\o "1-2" \\h \\z \\u ' in instructions
    begin = next(bokmal.element.body.iter(qn("w:fldChar")))
    assert begin.get(qn("w:dirty")) == "true"
    update = bokmal.settings.element.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"
    # until Word updates it, the field holds the headings as links to bookmarks
    anchors = [h.get(qn("w:anchor")) for h in bokmal.element.body.iter(qn("w:hyperlink"))]
    marks = {b.get(qn("w:name")) for b in bokmal.element.body.iter(qn("w:bookmarkStart"))}
    assert anchors and set(anchors) <= marks


def test_the_toc_heading_is_not_itself_in_the_outline(bokmal):
    toc_title = next(p for p in bokmal.paragraphs if p.text == "Innhold")
    assert toc_title._p.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == "9"


# --- section 1 ---------------------------------------------------------------------------------


def test_goals_with_this_years_target_beside_the_periods(bokmal):
    table = rows(table_after(bokmal, "Hovedmål: årsmål for 2027"))
    assert table[0] == ["Id", "Mål", "Enhet", "Utgangsverdi", "Årsmål 2027", "Mål 2030"]
    assert table[1][0] == "HM1" and table[1][4] == "50" and table[1][5] == "150"
    methods = rows(table_after(bokmal, "Slik måles hovedmålene"))
    assert methods[1][2].startswith("Brutto antall årsverk")


def test_vision_and_priorities_from_the_plans(bokmal):
    vision = next(p for p in bokmal.paragraphs
                  if p.text == "Straumsvik – et levende kystsamfunn med flere ben å stå på")
    assert vision.style.name == "Quote"
    assert "Få de første leietakerne inn i Straumsvik næringspark" in full_text(bokmal)


# --- section 2 ---------------------------------------------------------------------------------


def test_results_per_earlier_year(bokmal):
    assert "2.1 Resultater for 2025" in headings(bokmal, 2)
    assert "2.2 Resultater for 2026" in headings(bokmal, 2)
    goals = rows(table_after(bokmal, "Måloppnåelse 2026"))
    hm1 = next(r for r in goals if r[0] == "HM1")
    assert hm1[2:] == ["25", "24", f"96{NBSP}%"]
    spending = rows(table_after(bokmal, "Forbruk 2026"))
    body, total = spending[1:-1], spending[-1]
    assert total[0] == "Sum"
    assert kr(total[2]) == sum(kr(r[2]) for r in body) == 2075000 + 740000 + 230000
    tiltak = rows(table_after(bokmal, "Resultater av tiltakene i 2026"))
    # an earlier year's tiltak is named from that year's plan
    assert tiltak[1][0] == "HAV-02 Leverandørnettverk Straumsvik"
    assert tiltak[1][1] == "Fullført"
    assert tiltak[-1][-1] == "13"
    assert "Rekrutteringstiltaket må ha reservebemanning slik at det ikke stopper opp igjen" \
        in full_text(bokmal)


def test_first_programme_year_has_no_results_yet():
    doc = open_docx(render_docx(EXAMPLE, 2025))
    assert "Det er ingen tidligere omstillingsår å rapportere resultater fra." in texts(doc)


# --- section 3 ---------------------------------------------------------------------------------


def test_tiltak_per_innsatsomrade_with_sum_and_details(bokmal):
    plan = load(EXAMPLE).years[2027].s3
    table = rows(table_after(bokmal, "Tiltak i 2027 for havbruk"))
    assert table[0] == ["Tiltak", "Prosjekteier", "PLP-fase", "Periode", "Budsjett"]
    hav = [t for t in plan.tiltak if t.area == "HAV"]
    assert [r[0].split(" ")[0] for r in table[1:-1]] == [t.id for t in hav]
    assert kr(table[-1][-1]) == sum(t.budget for t in hav) == 1450000
    assert table[1][2] == "Hovedprosjekt" and table[1][3] == "feb. 2026–des. 2027"
    # the details of a tiltak: the first table after its heading
    heading = next(p for p in bokmal.paragraphs if p.style.name == "Heading 3"
                   and p.text == "REI-03 Forprosjekt: fiskeværsopplevelser i Gammelværet")
    body = list(bokmal.element.body)
    detail = next(el for el in body[body.index(heading._p):] if el.tag == qn("w:tbl"))
    info = dict(rows(docx.table.Table(detail, bokmal._body)))
    assert info["PLP-fase"] == "Forprosjekt"
    assert info["Budsjett 2027"] == f"350{NBSP}000{NBSP}kr"
    assert "Sparebankstiftelsen Nordkysten: 100 000 kr (28,6 %)" in info["Finansiering"] \
        .replace(NBSP, " ")


# --- section 4: every krone --------------------------------------------------------------------


def test_costs_add_up_to_the_krone_with_shares(bokmal):
    s4 = load(EXAMPLE).years[2027].s4
    table = rows(table_after(bokmal, "Kostnader 2027 per post"))
    body, total = table[1:-1], table[-1]
    expected = s4.costs.total
    assert kr(total[1]) == sum(kr(r[1]) for r in body) == expected == 4380000
    for name, amount, share in body:
        exact = Fraction(kr(amount) * 100, expected)
        assert abs(pct(share) - exact) <= Fraction(1, 20), name
    assert body[0][0] == "Administrasjon (drift av programmet)"
    assert body[0][2] == f"24,7{NBSP}%"
    assert total[2] == f"100,0{NBSP}%"  # one number of decimals in the column


def test_financing_per_source_with_sums_and_frames(bokmal):
    table = rows(table_after(bokmal, "Finansiering 2027 per kilde"))
    body, total = table[1:-1], table[-1]
    assert kr(total[2]) == sum(kr(r[2]) for r in body) == 4380000
    county = next(r for r in body if r[1] == "Fylkeskommune")
    assert county[3] == f"68,5{NBSP}%" and kr(county[4]) == 3000000
    assert "Kostnadene og finansieringen går i balanse." in full_text(bokmal)


def test_frame_allocated_and_not_allocated_per_innsatsomrade(bokmal):
    programme = load(EXAMPLE)
    s3, s4 = programme.years[2027].s3, programme.years[2027].s4
    table = rows(table_after(bokmal, "Rammer 2027 per innsatsområde"))
    for row in table[1:-1]:
        area = row[0].split(" ")[0]
        frame = s4.costs.areas[area]
        allocated = sum(t.budget for t in s3.tiltak if t.area == area)
        assert [kr(c) for c in row[1:]] == [frame, allocated, frame - allocated]
    assert [kr(c) for c in table[-1][1:]] == [3050000, 2850000, 200000]
    period = rows(table_after(bokmal, "Rammene for omstillingsperioden"))
    hav = next(r for r in period if r[0].startswith("HAV"))
    frames = sum(programme.years[y].s4.costs.areas["HAV"] for y in (2025, 2026, 2027))
    assert [kr(c) for c in hav[1:]] == [7000000, frames, 7000000 - frames]


# --- section 5 ---------------------------------------------------------------------------------


def test_communication_plan_by_month(bokmal):
    table = table_after(bokmal, "Kommunikasjonsplan 2027")
    data = rows(table)
    assert data[0] == ["Aktivitet og budskap", "Målgrupper", "Kanal", "Ansvarlig", "Budsjett"]
    months = [r[0] for r in data if len(set(r)) == 1]  # a merged row: the month
    assert months == ["Januar 2027", "Februar 2027", "Mars 2027", "April 2027",
                      "September 2027", "Oktober 2027"]
    s5 = load(EXAMPLE).years[2027].s5
    assert kr(data[-1][-1]) == sum(a.budget for a in s5.activities) == 155000
    k6 = next(r for r in data if r[0].startswith("Presentasjon av midtveisevalueringen"))
    assert "Dato: 23. september 2027" in k6[0]
    assert k6[1] == "Kommunestyret, fylkeskommunen og virkemiddelapparatet"


# --- nothing the user wrote is dropped ---------------------------------------------------------


def _plain(text: str) -> list[str]:
    """The pieces of a user's text as a reader sees them (markup gone)."""
    out = []
    for b in md.parse(md.user_markdown(text)):
        if isinstance(b, md.Paragraph):
            out.append(md.plain_text(b.runs))
        else:
            out.extend(md.plain_text(r) for _, r in b.items)
    return [re.sub(r"\s+", " ", p.replace(NBSP, " ")).strip() for p in out]


@pytest.mark.parametrize("example", [EXAMPLE, NYNORSK_EXAMPLE])
def test_every_text_of_the_years_files_is_in_the_document(example, bokmal, nynorsk):
    doc = bokmal if example == EXAMPLE else nynorsk
    shown = full_text(doc)
    y = load(example).years[2027]
    found = [y.s1.introduction, *y.s1.priorities.values(), y.s2.summary, y.s3.introduction,
             y.s4.comment, y.s5.goal]
    for e in y.s2.earlier_years:
        found += [e.comment, *(t.result for t in e.tiltak)]
        if e.status_review:
            found += [*e.status_review.improvements, e.status_review.comment]
    for t in y.s3.tiltak:
        found += [t.name, t.description, t.project_goal, *t.result_goals, t.owner,
                  t.responsible, *(m.text for m in t.milestones)]
    for o in y.s4.costs.other:
        found.append(o.name)
    for a in y.s5.activities:
        found += [a.activity, a.channel, a.message, a.responsible]
    missing = [piece for text in found if text for piece in _plain(text) if piece not in shown]
    assert missing == []


def test_markdown_subset_becomes_word_formatting(bokmal):
    everything = "".join(texts(bokmal))
    assert "**" not in everything
    runs = [r for p in bokmal.paragraphs for r in p.runs]
    assert any(r.text == "Straumsvik Fiskeindustri AS" and r.bold for r in runs)
    assert any(r.text == "styre" and r.italic for r in runs)
    bullet = next(p for p in bokmal.paragraphs if p.text.startswith("Havnes Mekaniske AS"))
    assert bullet._p.pPr.numPr is not None


# --- Norwegian form ----------------------------------------------------------------------------


def test_amounts_with_non_breaking_spaces_and_norwegian_dates(bokmal):
    shown = "\n".join(texts(bokmal))
    assert f"4{NBSP}380{NBSP}000{NBSP}kr" in shown
    # also in the users' texts ("4 200 innbyggere", "1 100 000 kr", "68,5 %")
    assert not re.search(r"\b\d{1,3} \d{3}\b|\d (kr|%)", shown), "a breaking space"
    assert f"4{NBSP}200 innbyggere" in shown
    assert "30. april 2027" in shown


def test_nynorsk_labels_and_no_bokmal_ones(nynorsk):
    shown = full_text(nynorsk)
    for label in ("Resultat frå tidlegare omstillingsår", "Prosjekteigar", "Ansvarleg",
                  "Milepælar", "Strategiar", "Finansieringskjelde", "Eigendelen til kommunen",
                  "Aktivitetar i 2027", "Innhald", "Dagleg leiar"):
        assert label in shown, label
    for label in ("Resultater fra tidligere", "Prosjekteier", "Milepæler", "Strategier",
                  "Finansieringskilde", "Innhold", "Daglig leder", "Aktiviteter i"):
        assert label not in shown, label


def test_language_for_spelling(bokmal, nynorsk):
    def lang(doc):
        return doc.styles.element.find(qn("w:docDefaults")).find(
            f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:val"))

    assert (lang(bokmal), lang(nynorsk)) == ("nb-NO", "nn-NO")
    assert nynorsk.core_properties.language == "nn-NO"


# --- charts ------------------------------------------------------------------------------------


def test_charts_as_images_with_captions(bokmal, bokmal_bytes):
    with zipfile.ZipFile(io.BytesIO(bokmal_bytes)) as z:
        images = [n for n in z.namelist() if n.startswith("word/media/")]
        assert len(images) == 3
        assert all(z.read(n)[:8] == b"\x89PNG\r\n\x1a\n" for n in images)
    captions = [p.text for p in bokmal.paragraphs if p.text.startswith("Figur ")]
    assert captions == [
        "Figur 1: Hovedmålene: måltall i omstillingsplanen, resultater så langt og årsmål "
        "for 2027",
        "Figur 2: Kostnader 2027 per post",
        "Figur 3: Rammer 2027 per innsatsområde: fordelt til tiltak og ikke fordelt"]


# --- reproducible ------------------------------------------------------------------------------


def test_the_same_input_gives_the_same_bytes(bokmal_bytes):
    assert render_docx(EXAMPLE) == bokmal_bytes


def test_fixed_zip_dates_and_document_properties(bokmal_bytes, bokmal):
    with zipfile.ZipFile(io.BytesIO(bokmal_bytes)) as z:
        assert {i.date_time for i in z.infolist()} == {(2026, 11, 20, 12, 0, 0)}
    props = bokmal.core_properties
    assert props.created.isoformat().startswith("2026-11-20T12:00")  # the latest reading
    assert props.modified == props.created
    assert props.title == "Handlingsplan 2027 – Omstillingsprogrammet i Straumsvik"
    assert props.author == "Straumsvik kommune"
    assert props.revision == 1


def test_source_date_epoch_is_honoured(monkeypatch, bokmal_bytes):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # 2027-01-15 08:00:00 UTC
    data = render_docx(EXAMPLE)
    assert data != bokmal_bytes
    assert data == render_docx(EXAMPLE)
    assert open_docx(data).core_properties.created.isoformat().startswith("2027-01-15T08:00")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "i går")
    with pytest.raises(HpError, match="SOURCE_DATE_EPOCH"):
        render_docx(EXAMPLE)


# --- the default look --------------------------------------------------------------------------


def test_default_template_is_a4_with_title_in_header_and_page_numbers(bokmal):
    section = bokmal.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert section.different_first_page_header_footer  # no header on the cover
    assert section.header.paragraphs[0].text == \
        "Handlingsplan 2027 – Omstillingsprogrammet i Straumsvik"
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("Side ")
    assert {t.text.strip() for t in footer._p.iter(qn("w:instrText"))} == {"PAGE", "NUMPAGES"}


# --- a municipality's template -----------------------------------------------------------------


def make_template(path: Path, fmt: str = "docx") -> Path:
    """A municipality's template: Georgia headings in dark red, a logo and text in the header,
    text in the footer, and body text that must not survive."""
    from docx.shared import Cm, Pt, RGBColor
    from PIL import Image

    doc = docx.Document()
    for level in (1, 2, 3):
        style = doc.styles[f"Heading {level}"]
        style.font.name = "Georgia"
        style.font.color.rgb = RGBColor(0x8B, 0x00, 0x00)
    doc.styles["Normal"].font.size = Pt(10)
    logo = path.parent / "logo.png"
    Image.new("RGB", (60, 30), (139, 0, 0)).save(logo)
    header = doc.sections[0].header
    header.paragraphs[0].text = "Hustad kommune – Rådmannen"
    header.add_paragraph().add_run().add_picture(str(logo), width=Cm(2))
    doc.sections[0].footer.paragraphs[0].text = "Hustad kommune, Rådhusgata 1, 6400 Hustad"
    doc.add_paragraph("MALTEKST SOM SKAL BORT")
    doc.save(path)
    if fmt == "dotx":
        data = path.read_bytes()
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
            for info in src.infolist():
                raw = src.read(info.filename)
                if info.filename == "[Content_Types].xml":
                    raw = raw.replace(b"document.main+xml", b"template.main+xml")
                dst.writestr(info, raw)
        path.write_bytes(out.getvalue())
    return path


@pytest.mark.parametrize("fmt", ["docx", "dotx"])
def test_a_municipality_template_keeps_its_styles_header_and_footer(tmp_path, fmt):
    template = make_template(tmp_path / f"kommunemal.{fmt}", fmt)
    doc = open_docx(render_docx(EXAMPLE, template=template))
    heading = doc.styles["Heading 1"]
    assert heading.font.name == "Georgia"
    assert str(heading.font.color.rgb) == "8B0000"
    header = doc.sections[0].header
    assert header.paragraphs[0].text == "Hustad kommune – Rådmannen"
    assert any(r.reltype.endswith("/image") for r in header.part.rels.values())
    assert doc.sections[0].footer.paragraphs[0].text == \
        "Hustad kommune, Rådhusgata 1, 6400 Hustad"
    assert "MALTEKST SOM SKAL BORT" not in texts(doc)
    assert headings(doc, 1) == BOKMAL_SECTIONS
    # the tables take the template's accent colour
    fills = {s.get(qn("w:fill")) for s in doc.element.body.iter(qn("w:shd"))}
    assert "8B0000" in fills


def test_a_template_without_the_usual_styles_still_gives_headings(tmp_path):
    template = docx.Document()
    styles = template.styles.element
    for style in list(styles.findall(qn("w:style"))):
        name = style.find(qn("w:name")).get(qn("w:val"))
        if name.startswith("heading") or name in ("Title", "Subtitle", "caption", "Quote",
                                                  "List Bullet", "TOC Heading"):
            styles.remove(style)
    template.save(tmp_path / "bar.docx")
    doc = open_docx(render_docx(EXAMPLE, template=tmp_path / "bar.docx"))
    assert headings(doc, 1) == BOKMAL_SECTIONS
    ppr = doc.styles["Heading 2"].element.pPr
    assert ppr.find(qn("w:outlineLvl")).get(qn("w:val")) == "1"


def test_a_template_from_hp_toml(copy_programme):
    root = copy_programme()
    make_template(root / "kommunemal.docx")
    (root / "hp.toml").write_text('[dokument]\nmal = "kommunemal.docx"\n', encoding="utf-8")
    doc = open_docx(render_docx(root))
    assert doc.styles["Heading 1"].font.name == "Georgia"


@pytest.mark.parametrize(("content", "message"), [
    (b"ikke en Word-fil", "er ikke en Word-fil"),
    (None, "Finner ikke Word-malen"),
])
def test_an_unusable_template_is_a_clear_error(tmp_path, content, message):
    template = tmp_path / "mal.docx"
    if content is not None:
        template.write_bytes(content)
    with pytest.raises(RenderError, match=message) as info:
        render_docx(EXAMPLE, template=template)
    assert info.value.code == 2


# --- the programme's own text templates ---------------------------------------------------------


def test_a_programme_overrides_a_text_template(copy_programme):
    root = copy_programme()
    (root / "maler").mkdir()
    (root / "maler" / "5-kommunikasjonsplan.md.j2").write_text(
        "# 5 Slik forteller vi om programmet\n\nVi har {{ del5.aktiviteter|length }} "
        "aktiviteter for {{ del5.budsjett_sum|kr }}.\n", encoding="utf-8")
    (root / "hp.toml").write_text('[dokument]\nmaler = "maler"\n', encoding="utf-8")
    doc = open_docx(render_docx(root))
    assert headings(doc, 1)[-2] == "5 Slik forteller vi om programmet"
    assert f"Vi har 6 aktiviteter for 155{NBSP}000{NBSP}kr." in texts(doc)
    assert headings(doc, 1)[:7] == BOKMAL_SECTIONS[:7]  # the others are the shipped ones


@pytest.mark.parametrize(("template", "message"), [
    ("{{ del5.finnes_ikke }}", r"«5-kommunikasjonsplan\.md\.j2», linje 1: «finnes_ikke» "
                               "finnes ikke"),
    ("tekst\n{% if %}", r"Syntaksfeil i malen «5-kommunikasjonsplan\.md\.j2», linje 2"),
    ("{{ år.__class__.__mro__ }}", "«5-kommunikasjonsplan.md.j2»"),
    ("::: utkast\nikke lukket\n", "ikke kan leses: Blokken «::: utkast» er ikke lukket"),
    ("![x](figur:ukjent)\n", "Ukjent figur «ukjent»"),
])
def test_a_broken_programme_template_is_a_clear_error(copy_programme, template, message):
    root = copy_programme()
    (root / "maler").mkdir()
    (root / "maler" / "5-kommunikasjonsplan.md.j2").write_text(template, encoding="utf-8")
    (root / "hp.toml").write_text('[dokument]\nmaler = "maler"\n', encoding="utf-8")
    with pytest.raises(RenderError, match=message) as info:
        render_docx(root)
    assert info.value.code == 2


def test_template_values_are_text_not_markup(copy_programme):
    root = copy_programme()
    edit(root / "omstillingsplan.yaml", "program: Omstillingsprogrammet i Straumsvik",
         "program: \"Omstillingsprogrammet *Straumsvik* | # 2030\"")
    doc = open_docx(render_docx(root))
    assert dict(rows(doc.tables[0]))["Program"] == "Omstillingsprogrammet *Straumsvik* | # 2030"


# --- plans with errors -------------------------------------------------------------------------


def broken(copy_programme) -> Path:
    root = copy_programme()
    edit(root / "2027/4-ressursinnsats-og-finansiering.yaml", "kommentar: |", "kommentaar: |")
    return root


def test_a_plan_with_errors_is_refused_with_the_errors(copy_programme):
    with pytest.raises(RenderError) as info:
        render_docx(broken(copy_programme))
    assert info.value.code == 1
    assert [d.code for d in info.value.diagnostics] == ["HP101"]


def test_forced_a_plan_with_errors_is_a_draft_marked_on_its_cover(copy_programme):
    output = build(broken(copy_programme), 2027, fmt="docx", force=True,
                   out=Path("/tmp/ignored.docx"))
    doc = open_docx(output.data)
    cover = texts(doc)[:20]
    assert "Utkast med feil" in cover
    assert any(t.startswith("HP101 i del 4 for 2027, linje 1") for t in cover)
    assert doc.core_properties.content_status == "Utkast med feil"
    assert "Denne delen mangler fordi opplysningene til den har feil (se forsiden)." \
        in texts(doc)
    assert len(headings(doc, 1)) == 9


def test_errors_in_another_year_do_not_stop_this_years_document(copy_programme):
    root = copy_programme()
    edit(root / "2025/4-ressursinnsats-og-finansiering.yaml", "kostnader:", "kostnadr:")
    assert build(root, 2027, out=Path("/tmp/x.docx")).data
    with pytest.raises(RenderError):
        build(root, 2025, out=Path("/tmp/x.docx"))


def test_a_missing_year_is_a_clear_error():
    with pytest.raises(RenderError, match="ingen handlingsplan for 2031") as info:
        render_docx(EXAMPLE, 2031)
    assert info.value.code == 2
    assert "2025, 2026, 2027" in info.value.message


def test_the_newest_year_by_default_or_the_year_folder_given():
    assert build(EXAMPLE, out=Path("/tmp/x.docx")).year == 2027
    output = build(EXAMPLE / "2026", out=Path("/tmp/x.docx"))
    assert (output.year, output.year_was_default) == (2026, False)


def test_the_contract_example_renders(tmp_path):
    root = tmp_path / "kontrakt"
    shutil.copytree(CONTRACT, root)
    (root / "hp.toml").write_text("[regler]\nav = []\n", encoding="utf-8")
    try:
        data = build(root, 2027, force=True, out=tmp_path / "x.docx").data
    except RenderError as exc:  # pragma: no cover - only if the fixture stops loading
        pytest.fail(exc.message)
    assert headings(open_docx(data), 1) == BOKMAL_SECTIONS


def test_forced_with_most_sections_unreadable_still_renders(copy_programme):
    root = copy_programme()
    for name, old in (("handlingsplan.yaml", "status:"), ("1-mal-og-innsatsomrader.yaml",
                                                          "innledning:"),
                      ("2-resultater.yaml", "sammendrag:"), ("3-strategier-og-tiltak.yaml",
                                                             "innledning:"),
                      ("5-kommunikasjonsplan.yaml", "mål:")):
        edit(root / "2027" / name, old, "ukjent_nøkkel: 1\n" + old)
    doc = open_docx(build(root, 2027, force=True, out=Path("/tmp/x.docx")).data)
    assert len(headings(doc, 1)) == 9
    shown = full_text(doc)
    assert "Denne delen mangler fordi opplysningene til den har feil (se forsiden)." in shown
    assert "yaml" not in shown.replace("hp render --force", "")
    assert next(p for p in doc.paragraphs if p.style.name == "Title").text == \
        "Handlingsplan 2027"


def test_the_shipped_default_template_is_the_generated_one():
    from handlingsplan.render.default_template import build as build_template
    from handlingsplan.resources import default_docx

    assert default_docx().read_bytes() == build_template(), (
        "templates/default.docx is out of date: python -m handlingsplan.render.default_template")
