"""Build the default Word template, `templates/default.docx`: A4, Calibri, dark blue headings,
the programme's title in the header and page numbers in the footer (not on the cover).

The template is generated from code so that its look is reviewable; the generated file is
committed (a municipality can start its own template from it). Rebuild it with

    python -m handlingsplan.render.default_template [templates/default.docx]

A municipality's own template only needs the usual Word styles (Normal, Title, Subtitle,
Heading 1–3, Caption; List Bullet, Quote, TOC Heading and TOC 1–3 if it has them). hp also uses
two optional styles of its own if the template defines them: the paragraph style «Tabelltekst»
for the text in tables and the table style «Handlingsplan» for tables.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ACCENT = "1F4E79"
ACCENT_2 = "2E75B6"
TEXT = "262626"
MUTED = "595959"
FONT = "Calibri"


def build() -> bytes:
    import datetime as dt

    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    from handlingsplan.render import ooxml
    from handlingsplan.render.reproducible import normalise_zip

    doc = Document()
    # no thumbnail of somebody else's document, no Word 2010 leftovers
    package_rels = doc.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package_rels[rid]
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del doc.part.rels[rid]

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.3)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.5)
    section.header_distance, section.footer_distance = Cm(1.2), Cm(1.0)
    section.different_first_page_header_footer = True

    styles = doc.styles
    root = styles.element
    defaults = root.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    ooxml.fonts(rpr, FONT)
    ooxml.language(rpr, "nb-NO")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    ooxml.child(ppr, "spacing", ooxml.PPR, after="120", line="264", lineRule="auto")

    def para(name, size=None, bold=None, italic=None, colour=None, before=None, after=None,
             keep=None, font=FONT, base="Normal"):
        try:
            st = styles[name]
        except KeyError:
            st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            st.base_style = styles[base] if base else None
        ooxml.fonts(st.element.get_or_add_rPr(), font)
        f = st.font
        if size is not None:
            f.size = Pt(size)
            ooxml.child(st.element.get_or_add_rPr(), "szCs", ooxml.RPR, val=str(int(size * 2)))
        if bold is not None:
            f.bold = bold
            ooxml.remove(st.element.get_or_add_rPr(), "bCs")
        if italic is not None:
            f.italic = italic
        if colour is not None:
            f.color.rgb = RGBColor.from_string(colour)
            el = st.element.get_or_add_rPr().find(qn("w:color"))
            for attr in ("themeColor", "themeShade", "themeTint"):
                el.attrib.pop(qn(f"w:{attr}"), None)
        pf = st.paragraph_format
        if before is not None:
            pf.space_before = Pt(before)
        if after is not None:
            pf.space_after = Pt(after)
        if keep is not None:
            pf.keep_with_next = keep
        return st

    normal = para("Normal", size=11, colour=TEXT)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    normal.paragraph_format.line_spacing = 1.1
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.widow_control = True

    title = para("Title", size=30, bold=True, colour=ACCENT, before=6, after=10)
    tppr = title.element.get_or_add_pPr()
    ooxml.remove(tppr, "pBdr")
    ooxml.remove(title.element.get_or_add_rPr(), "spacing")
    title.paragraph_format.line_spacing = 1.0
    para("Subtitle", size=15, italic=False, colour=MUTED, before=0, after=6)
    ooxml.remove(styles["Subtitle"].element.get_or_add_rPr(), "spacing")

    for level, (size, colour, before, after) in enumerate(
            ((18, ACCENT, 24, 10), (14, ACCENT, 16, 6), (12, ACCENT_2, 12, 4)), start=1):
        st = para(f"Heading {level}", size=size, bold=True, colour=colour, before=before,
                  after=after, keep=True)
        st.paragraph_format.keep_together = True
        if level == 1:
            ooxml.borders(st.element.get_or_add_pPr(), "pBdr", ooxml.PPR,
                          {"bottom": ("single", 8, ACCENT)})
            pbdr = st.element.get_or_add_pPr().find(qn("w:pBdr"))
            pbdr.find(qn("w:bottom")).set(qn("w:space"), "4")

    para("Caption", size=9, bold=False, italic=True, colour=MUTED, before=8, after=4)
    quote = para("Quote", size=14, italic=True, colour=ACCENT, before=6, after=12)
    quote.paragraph_format.left_indent = Cm(0.6)
    quote.paragraph_format.right_indent = Cm(0.6)
    ooxml.borders(quote.element.get_or_add_pPr(), "pBdr", ooxml.PPR,
                  {"left": ("single", 24, ACCENT)})
    quote.element.get_or_add_pPr().find(qn("w:pBdr")).find(qn("w:left")).set(qn("w:space"), "8")
    para("List Bullet", after=3)
    para("TOC Heading", size=18, bold=True, colour=ACCENT, before=0, after=12)
    # based on Heading 1 for its look, but body text itself: not in the table of contents
    ooxml.child(styles["TOC Heading"].element.get_or_add_pPr(), "outlineLvl", ooxml.PPR, val="9")
    for level in (1, 2, 3):
        st = para(f"toc {level}", size=11 if level == 1 else 10.5, bold=level == 1,
                  before=6 if level == 1 else 0, after=2)
        st.paragraph_format.left_indent = Cm(0.5 * (level - 1))
        st.paragraph_format.tab_stops.add_tab_stop(Cm(16.0), WD_TAB_ALIGNMENT.RIGHT)
        st.element.attrib.pop(qn("w:customStyle"), None)  # Word's built-in "toc N"
        st.element.set(qn("w:styleId"), f"TOC{level}")
    table_text = para("Tabelltekst", size=9.5, before=1, after=1)
    table_text.paragraph_format.line_spacing = 1.0
    table_text.paragraph_format.widow_control = False
    for name in ("Header", "Footer"):
        st = para(name, size=8.5, colour=MUTED)
        ooxml.remove(st.element.get_or_add_pPr(), "tabs")
        st.paragraph_format.tab_stops.add_tab_stop(Cm(8.0), WD_TAB_ALIGNMENT.CENTER)
        st.paragraph_format.tab_stops.add_tab_stop(Cm(16.0), WD_TAB_ALIGNMENT.RIGHT)

    # header: the document's title (a TITLE field, filled in when rendering); footer: page X av Y
    header = section.header.paragraphs[0]
    header.style = styles["Header"]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for r in ooxml.field_runs("TITLE", "Handlingsplan"):
        header._p.append(r)
    footer = section.footer.paragraphs[0]
    footer.style = styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Side ")
    for r in ooxml.field_runs("PAGE", "1"):
        footer._p.append(r)
    footer.add_run(" av ")
    for r in ooxml.field_runs("NUMPAGES", "1"):
        footer._p.append(r)
    # the cover has an empty first-page header and footer
    section.first_page_header.paragraphs[0].text = ""
    section.first_page_footer.paragraphs[0].text = ""

    # an empty body (the sectPr only)
    body = doc.element.body
    for el in list(body):
        if el.tag != qn("w:sectPr"):
            body.remove(el)

    props = doc.core_properties
    props.title = "Handlingsplan"
    props.author = "hp"
    props.last_modified_by = "hp"
    props.comments = "Standardmalen til hp (handlingsplan som kode)."
    props.revision = 1
    when = dt.datetime(2025, 1, 1, 12, 0, 0)
    props.created = props.modified = when
    props.language = "nb-NO"
    buf = io.BytesIO()
    doc.save(buf)
    return normalise_zip(buf.getvalue(), when)


def main(argv: list[str]) -> int:
    from handlingsplan.resources import default_docx

    target = Path(argv[0]) if argv else default_docx()
    target.write_bytes(build())
    print(target)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
