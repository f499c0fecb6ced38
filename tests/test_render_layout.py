"""The layout and accessibility of the Word document, read from the DOCX of both examples:
column widths measured with the real fonts LibreOffice falls back to, Norwegian hyphenation
where words cannot fit, page breaks and what keeps together, page numbers on any template,
the charts' alternative text and resolution, and what a screen reader relies on (title,
language, heading styles, header rows)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from helpers import EXAMPLE, NYNORSK_EXAMPLE

from handlingsplan.render import build, columns
from handlingsplan.render import markdown as md

NBSP, SHY = "\u00a0", "\u00ad"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
EXAMPLES = {"bokmal": EXAMPLE, "nynorsk": NYNORSK_EXAMPLE}


@pytest.fixture(autouse=True)
def _no_epoch(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def render(path: Path, **kwargs) -> bytes:
    return build(path, 2027, fmt="docx", out=Path("/tmp/ignored.docx"), **kwargs).data


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    return {name: render(path) for name, path in EXAMPLES.items()}


@pytest.fixture(scope="module")
def documents(rendered):
    return {name: docx.Document(io.BytesIO(data)) for name, data in rendered.items()}


def paragraph_text(p) -> str:
    out = []
    for el in p.iter(qn("w:t"), qn("w:softHyphen"), qn("w:br")):
        out.append(el.text or "" if el.tag == qn("w:t") else
                   SHY if el.tag == qn("w:softHyphen") else "\n")
    return "".join(out)


# --- column widths -----------------------------------------------------------------------------


def _fallback_fonts() -> dict[tuple[bool, bool], list]:
    """The fonts a document falls back to, as FreeType faces by (bold, italic): matplotlib's
    DejaVu Sans and DejaVu Serif (a serif template's fallback) always, Liberation Sans and
    Carlito where they are installed."""
    import matplotlib
    from matplotlib import ft2font

    names = {(False, False): ("DejaVuSans.ttf", "LiberationSans-Regular.ttf",
                              "Carlito-Regular.ttf", "DejaVuSerif.ttf"),
             (True, False): ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf", "Carlito-Bold.ttf",
                             "DejaVuSerif-Bold.ttf"),
             (False, True): ("DejaVuSans-Oblique.ttf", "LiberationSans-Italic.ttf",
                             "Carlito-Italic.ttf", "DejaVuSerif-Italic.ttf"),
             (True, True): ("DejaVuSans-BoldOblique.ttf", "LiberationSans-BoldItalic.ttf",
                            "Carlito-BoldItalic.ttf", "DejaVuSerif-BoldItalic.ttf")}
    folders = [Path(matplotlib.get_data_path()) / "fonts" / "ttf", Path("/usr/share/fonts")]
    out = {}
    for style, files in names.items():
        found = []
        for name in files:
            path = next((p for f in folders if f.is_dir() for p in f.rglob(name)), None)
            if path is not None:
                found.append(ft2font.FT2Font(str(path)))
        out[style] = found
    assert len(out[(False, False)]) >= 2, "DejaVu Sans and Serif come with matplotlib"
    return out


def _points(font, text: str, size: float) -> float:
    from handlingsplan.render.fontwidths import no_scale_flag

    flag = no_scale_flag()
    units = sum(font.load_char(ord(c), flags=flag).horiAdvance for c in text)
    return units / font.units_per_EM * size


def _style_size(doc, style_id: str | None) -> float:
    """The size (points) a paragraph style gives, through the styles it is based on."""
    styles = doc.styles.element
    while style_id:
        st = styles.get_by_id(style_id)
        if st is None:
            break
        sz = st.find(f"{qn('w:rPr')}/{qn('w:sz')}")
        if sz is not None:
            return int(sz.get(qn("w:val"))) / 2
        based = st.find(qn("w:basedOn"))
        style_id = based.get(qn("w:val")) if based is not None else None
    return 10.0


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_every_word_of_a_table_fits_its_column_in_each_fallback_font(name, documents):
    """Each word of a cell (or each piece of it, where a soft hyphen or, in a long word, a
    hyphen lets it break) is narrower than the cell's text in DejaVu Sans, Liberation Sans,
    Carlito and DejaVu Serif, measured with the fonts themselves: the widths hold wherever the
    document is opened."""
    doc = documents[name]
    fonts = _fallback_fonts()
    too_wide = []
    for tbl in doc.element.body.iter(qn("w:tbl")):
        grid = [int(c.get(qn("w:w"))) for c in tbl.iter(qn("w:gridCol"))]
        mar = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}")
        pad = sum(int(mar.find(qn(f"w:{side}")).get(qn("w:w"))) for side in ("left", "right"))
        for tr in tbl.iter(qn("w:tr")):
            col = 0
            for tc in tr.iter(qn("w:tc")):
                span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
                n = int(span.get(qn("w:val"))) if span is not None else 1
                room = (sum(grid[col:col + n]) - pad) / 20  # points
                col += n
                for p in tc.iter(qn("w:p")):
                    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
                    size = _style_size(doc, style.get(qn("w:val")) if style is not None
                                       else None)
                    for r in p.iter(qn("w:r")):
                        rpr = r.find(qn("w:rPr"))
                        bold = rpr is not None and rpr.find(qn("w:b")) is not None
                        italic = rpr is not None and rpr.find(qn("w:i")) is not None
                        sz = rpr.find(qn("w:sz")) if rpr is not None else None
                        points = int(sz.get(qn("w:val"))) / 2 if sz is not None else size
                        text = paragraph_text(r)
                        for word in re.split(r"[ \n]+", text):
                            parts = (re.split(r"(?<=[-–/])", word) if len(word) > 12
                                     else [word])
                            for part in parts:
                                for piece in re.split(f"(?<={SHY})", part):
                                    piece = piece.replace(SHY, "-")
                                    for font in fonts[(bold, italic)]:
                                        need = _points(font, piece, points)
                                        if need > room:
                                            too_wide.append((piece, font.family_name,
                                                             round(need, 1), round(room, 1)))
    assert not too_wide, too_wide[:10]


def _table(text: str) -> md.Table:
    block = md.parse(text)[0]
    assert isinstance(block, md.Table)
    return block


def test_words_wider_than_any_layout_break_once_at_norwegian_hyphenation_points():
    t = _table("| Aktivitet | Målgrupper | Kanal | Ansvarlig | Budsjett |\n"
               "|:---|:---|:---|:---|---:|\n"
               "| Midtveisevalueringen | Virkemiddelapparatet | Kveldsarrangement | "
               f"Næringsrådgiver | 1{NBSP}450{NBSP}000{NBSP}kr |\n")
    total = 6000  # twips: far too narrow for every word whole
    layout = columns.plan(t, total, 190, "nb-NO")
    assert layout.hyphenated and sum(layout.widths) == total
    amount = columns.twips(f"1{NBSP}450{NBSP}000{NBSP}kr", em=190) + columns.PADDING
    assert layout.widths[4] >= amount  # an amount is never cut
    cells = [md.plain_text(columns.hyphenate(runs, w, 190, False, "nb-NO"))
             for runs, w in zip(t.rows[0], layout.widths, strict=True)]
    assert cells[4] == f"1{NBSP}450{NBSP}000{NBSP}kr"
    cut = [c for c in cells if SHY in c]
    assert cut, cells
    for c in cut:  # the soft hyphens stand where the patterns put them
        assert c.replace(SHY, "-") in {"Midt-veise-va-lu-e-rin-gen", "Virke-mid-del-ap-pa-ra-tet",
                                       "Kvelds-ar-ran-ge-ment", "Næ-rings-råd-gi-ver"}


def test_words_that_fit_are_never_hyphenated():
    t = _table("| Tiltak | Budsjett |\n|:---|---:|\n| Næringsrådgiver | 100 kr |\n")
    layout = columns.plan(t, 9000, 190, "nb-NO")
    assert not layout.hyphenated
    assert layout.widths[0] >= columns.twips("Næringsrådgiver", em=190) + columns.PADDING


def test_header_words_get_the_width_they_need_in_bold(documents):
    """«Utgangsverdi», «Arbeidsplasser» and the like were broken in LibreOffice: the header
    cells are bold, and measured so."""
    doc = documents["bokmal"]
    for tbl in doc.tables:
        header = [c.text for c in tbl.rows[0].cells]
        if "Utgangsverdi" in header:
            i = header.index("Utgangsverdi")
            width = int(tbl._tbl.tblGrid.findall(qn("w:gridCol"))[i].get(qn("w:w")))
            assert width >= columns.twips("Utgangsverdi", bold=True, em=190) + columns.PADDING
            break
    else:
        raise AssertionError("no table with «Utgangsverdi»")


# --- page breaks and what keeps together -------------------------------------------------------


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_page_breaks_only_after_the_cover_the_contents_and_the_introduction(name, documents):
    doc = documents[name]
    breaking = [p.text for p in doc.paragraphs if p.paragraph_format.page_break_before]
    assert breaking[0] in ("Innhold", "Innhald")
    assert breaking[1] in ("Sammendrag", "Samandrag")  # the council's first page
    assert breaking[2].startswith("1 Mål og innsatsområde")
    assert len(breaking) == 3
    for p in doc.paragraphs:
        if p.style.name.startswith("Heading"):
            assert p.paragraph_format.keep_with_next, p.text


def test_a_sum_row_keeps_with_the_row_above_and_a_header_with_the_first_row(documents):
    doc = documents["bokmal"]
    checked = 0
    for tbl in doc.tables:
        rows = tbl.rows
        if rows[-1].cells[0].text not in ("Sum", "Sum kostnader", "Sum finansiering"):
            continue
        keep = rows[-2]._tr.find(f".//{qn('w:keepNext')}")
        assert keep is not None, rows[-2].cells[0].text
        assert rows[0]._tr.find(f".//{qn('w:keepNext')}") is not None
        checked += 1
    assert checked >= 5


def test_a_sentence_that_introduces_a_list_keeps_with_it(documents):
    doc = documents["bokmal"]
    intro = next(p for p in doc.paragraphs if p.text == "Vilkårene fra Nordkysten fylkeskommune:")
    assert intro.paragraph_format.keep_with_next


# --- page numbers ------------------------------------------------------------------------------


def _instructions(part) -> list[str]:
    return [t.text.strip() for t in part._element.iter(qn("w:instrText"))] + [
        s.get(qn("w:instr")).strip() for s in part._element.iter(qn("w:fldSimple"))]


def test_a_footer_without_a_page_number_gets_side_n_av_m(tmp_path):
    template = docx.Document()
    template.sections[0].footer.paragraphs[0].text = "Hustad kommune, Rådhusgata 1"
    template.save(tmp_path / "mal.docx")
    for example in EXAMPLES.values():
        doc = docx.Document(io.BytesIO(render(example, template=tmp_path / "mal.docx")))
        footer = doc.sections[0].footer
        assert footer.paragraphs[0].text == "Hustad kommune, Rådhusgata 1"
        assert _instructions(footer) == ["PAGE", "NUMPAGES"]
        assert footer.paragraphs[-1].text == "Side 1 av 1"  # the fields' cached values


def test_a_template_with_no_footer_at_all_gets_one(tmp_path):
    docx.Document().save(tmp_path / "tom.docx")
    doc = docx.Document(io.BytesIO(render(NYNORSK_EXAMPLE, template=tmp_path / "tom.docx")))
    assert _instructions(doc.sections[0].footer) == ["PAGE", "NUMPAGES"]


def test_a_page_number_in_the_header_is_enough(tmp_path):
    template = docx.Document()
    header = template.sections[0].header.paragraphs[0]
    header.text = "Side "
    header._p.append(docx.oxml.parse_xml(
        '<w:fldSimple xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    template.save(tmp_path / "mal.docx")
    doc = docx.Document(io.BytesIO(render(EXAMPLE, template=tmp_path / "mal.docx")))
    assert _instructions(doc.sections[0].header) == ["PAGE"]
    footer = doc.sections[0].footer
    assert footer.is_linked_to_previous or _instructions(footer) == []


def test_even_pages_get_their_own_page_number(tmp_path):
    template = docx.Document()
    template.settings.odd_and_even_pages_header_footer = True
    template.sections[0].footer.paragraphs[0].text = "Oddetallsside"
    template.save(tmp_path / "mal.docx")
    doc = docx.Document(io.BytesIO(render(EXAMPLE, template=tmp_path / "mal.docx")))
    assert _instructions(doc.sections[0].footer) == ["PAGE", "NUMPAGES"]
    assert _instructions(doc.sections[0].even_page_footer) == ["PAGE", "NUMPAGES"]


# --- charts ------------------------------------------------------------------------------------


def _descriptions(doc) -> list[str]:
    return [d.get("descr") for d in doc.element.body.iter(f"{WP}docPr")]


def test_every_picture_is_described_from_the_charts_data_in_bokmal(documents):
    described = _descriptions(documents["bokmal"])
    assert len(described) == 3 and all(described)
    goals, costs, frames = (d.replace(NBSP, " ") for d in described)
    assert goals.startswith("Linjediagram per hovedmål")
    assert "HM1 (arbeidsplasser): måltall i omstillingsplanen 2024: 0, 2025: 10" in goals
    assert "resultat 2025: 11, 2026: 24; årsmål 2027: 50." in goals
    assert costs.startswith("Ringdiagram over kostnadene for 2027 per post, i alt 4 380 000 kr:")
    assert "Administrasjon 1 080 000 kr (24,7 %)" in costs
    assert frames.startswith("Liggende stolpediagram over rammen for 2027")
    assert ("Reiseliv og opplevelser: ramme 850 000 kr, fordelt til tiltak 750 000 kr, "
            "ikke fordelt 100 000 kr.") in frames


def test_the_descriptions_are_nynorsk_in_a_nynorsk_programme(documents):
    text = " ".join(_descriptions(documents["nynorsk"])).replace(NBSP, " ")
    assert "Linjediagram per hovudmål med måltala i omstillingsplanen" in text
    assert "Liggjande stolpediagram over ramma for 2027" in text
    assert "ikkje fordelt 50 000 kr" in text
    assert "ikke" not in text and "hovedmål" not in text


def test_an_older_etiketter_without_the_words_for_descriptions_still_renders(copy_programme):
    from handlingsplan.resources import texts_dirs

    root = copy_programme(NYNORSK_EXAMPLE)
    (root / "maler").mkdir()
    shipped = (texts_dirs("nynorsk")[0] / "etiketter.j2").read_text(encoding="utf-8")
    older = re.sub(r'\n    "(i_alt|ramme|beskrivelse_\w+)": "[^"]*",', "", shipped)
    assert "\"beskrivelse_" not in older and "i_alt" not in older
    (root / "maler" / "etiketter.j2").write_text(older, encoding="utf-8")
    (root / "hp.toml").write_text('[dokument]\nmaler = "maler"\n', encoding="utf-8")
    doc = docx.Document(io.BytesIO(render(root)))
    assert any(d.startswith("Liggjande stolpediagram") for d in _descriptions(doc))


def test_charts_are_300_dpi(rendered):
    from PIL import Image

    with zipfile.ZipFile(io.BytesIO(rendered["bokmal"])) as z:
        pictures = [z.read(n) for n in z.namelist() if n.startswith("word/media/")]
    for data in pictures:
        image = Image.open(io.BytesIO(data))
        assert round(image.info["dpi"][0]) == 300
        assert image.width >= 16 / 2.54 * 300 - 2  # 16 cm wide at 300 dpi
        assert image.convert("RGB").getpixel((0, 0)) == (255, 255, 255)


# --- what a screen reader relies on ------------------------------------------------------------


@pytest.mark.parametrize(("name", "language"), [("bokmal", "nb-NO"), ("nynorsk", "nn-NO")])
def test_title_and_language(name, language, documents):
    doc = documents[name]
    assert doc.core_properties.title.startswith("Handlingsplan 2027 – Omstillingsprogrammet")
    assert doc.core_properties.language == language
    lang = doc.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:val")) == language
    theme = doc.settings.element.find(qn("w:themeFontLang"))
    assert theme is None or theme.get(qn("w:val")) == language
    # no style speaks another language
    others = {el.get(qn("w:val")) for el in doc.styles.element.iter(qn("w:lang"))}
    assert others <= {language, None}


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_headings_are_word_heading_styles_with_outline_levels(name, documents):
    doc = documents[name]
    levels = {}
    for p in doc.paragraphs:
        if p.style.name.startswith("Heading"):
            level = int(p.style.name.split()[1])
            ppr = p.style.element.pPr
            assert ppr.find(qn("w:outlineLvl")).get(qn("w:val")) == str(level - 1)
            levels[level] = levels.get(level, 0) + 1
    # Sammendrag, Forslag til vedtak, Endringer, the five parts, Oppfølging og årshjul
    assert set(levels) == {1, 2, 3} and levels[1] == 9


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_tables_say_whether_they_have_a_header_row(name, documents):
    """A table with column headings marks its first row as the header (repeated on every
    page, read by screen readers as column headers) and no other; a table of facts (name in
    the first column, value in the second) has no header row and says its first column is
    the special one. A table with a caption carries it as its title."""
    doc = documents[name]
    headed = facts = 0
    for tbl in doc.tables:
        tr = tbl._tbl.findall(qn("w:tr"))
        marked = [r.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for r in tr]
        look = tbl._tbl.tblPr.find(qn("w:tblLook"))
        if marked[0]:
            headed += 1
            assert not any(marked[1:])
            assert (look.get(qn("w:firstRow")), look.get(qn("w:firstColumn"))) == ("1", "0")
        else:
            facts += 1
            assert not any(marked)
            assert (look.get(qn("w:firstRow")), look.get(qn("w:firstColumn"))) == ("0", "1")
            assert len(tbl.columns) == 2
    assert headed > 10 and facts > 3
    captions = [c.get(qn("w:val")) for c in doc.element.body.iter(qn("w:tblCaption"))]
    assert any(c.startswith("Tabell 1: ") for c in captions)


@pytest.mark.parametrize("name", EXAMPLES)
def test_a_short_lead_in_stays_with_its_table(documents, name):
    """«Tabellen viser …» just before a table's caption keeps with it (and, through its
    heading's keep-with-next, the heading too): no heading and lead-in at the foot of a page
    with the table on the next."""
    from handlingsplan.render.word import LEAD_IN_CHARS

    body = documents[name].element.body
    checked = 0
    for caption in body.iter(qn("w:p")):
        style = caption.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        following = caption.getnext()
        if style is None or style.get(qn("w:val")) != "Caption" or following is None \
                or following.tag != qn("w:tbl"):
            continue
        before = caption.getprevious()
        if before is None or before.tag != qn("w:p"):
            continue
        text = "".join(t.text or "" for t in before.iter(qn("w:t")))
        if 0 < len(text) <= LEAD_IN_CHARS:
            assert before.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None, text
            checked += 1
    assert checked >= 5, "the example has lead-ins before its tables"
