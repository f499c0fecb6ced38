"""The Word writer: the document's blocks on top of a Word template.

The template (the shipped default.docx or a municipality's own) keeps its styles, page setup,
header and footer, logo and theme: its body is emptied (the final section properties stay) and
the content is added with the template's own style names. Where a custom template lacks a style,
a plain fallback is used (headings are created with their outline level, so that Word's
navigation pane and table of contents still work).

Tables, lists and the cover get direct formatting in the template's accent colour (the colour of
its Heading 1), unless the template has a table style named «Handlingsplan». Their column widths
come from `columns` (no word broken in the fonts Word or LibreOffice may show). Pictures carry
their alternative text (`alttext`); a template whose pages have no page number gets «Side N av
M» in its footer.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handlingsplan.errors import HpError
from handlingsplan.render import columns, ooxml
from handlingsplan.render import markdown as md
from handlingsplan.render.fontwidths import SOFT_HYPHEN
from handlingsplan.render.reproducible import normalise_zip

DEFAULT_ACCENT = "1F4E79"
TABLE_STYLE = "Handlingsplan"
TABLE_TEXT_STYLE = "Tabelltekst"
FIGURE_WIDTH_CM = 16.0
MAX_STYLE_CHAIN = 20  # styles followed through «based on» (a template may have a ring)
WHOLE_TABLE_ROWS = 6  # a table this short moves to the next page whole rather than split
LEAD_IN_CHARS = 400  # a paragraph before a table this short stays with it (about four lines)
TOC_LEVELS = 2  # heading levels in the table of contents
TOC_PLACEHOLDER = "00"  # as wide as the page numbers of a document under 100 pages
DOTX = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


class TemplateFileProblem(HpError):
    """The Word template cannot be used."""


@dataclass
class Meta:
    title: str
    subject: str
    author: str
    keywords: str
    comments: str
    status: str
    version: str | None
    language: str  # nb-NO | nn-NO
    when: dt.datetime
    table_word: str = "Tabell"
    figure_word: str = "Figur"


MAX_TEMPLATE_BYTES = 50 * 1024 * 1024  # a Word template with a few logos is well under 5 MB
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # what its parts may take once unpacked
MAX_PARTS = 2000


def open_template(path: Path):
    """The template as a python-docx Document (a .dotx is read as a document): a regular file
    (read through `files`), a zip that does not unpack to more than MAX_UNPACKED_BYTES, with
    the external relationships (linked pictures, an attached template on a network share)
    removed, since Word would fetch them when the document is opened."""
    from docx import Document

    from handlingsplan.files import Refused, read_bytes

    try:
        data = read_bytes(path, root=Path(path).parent, limit=MAX_TEMPLATE_BYTES)
    except Refused as exc:
        if exc.reason == "missing":
            raise TemplateFileProblem(f"Finner ikke Word-malen «{path}».",
                                      "Sjekk stien i --template eller under [dokument] i "
                                      "hp.toml.") from None
        raise TemplateFileProblem(f"Word-malen «{path}» kan ikke brukes: {exc.message}",
                                  exc.hint) from None
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise TemplateFileProblem(f"«{path}» er ikke en Word-fil (.docx eller .dotx).",
                                  "Lagre malen i Word som «Word-dokument» eller «Word-mal».")
    try:
        _check_unpacked_size(data, path)
        data = _as_document(data)
        document = Document(io.BytesIO(data))
    except TemplateFileProblem:
        raise
    except Exception as exc:  # python-docx and zipfile raise many kinds for a broken package
        raise TemplateFileProblem(f"Word-malen «{path}» kan ikke leses ({exc}).",
                                  "Åpne og lagre den på nytt i Word, eller bruk en annen mal."
                                  ) from None
    _drop_external_relationships(document)
    return document


def _check_unpacked_size(data: bytes, path: Path) -> None:
    """Refuse a zip bomb before anything is unpacked (a part never unpacks to more than the
    size its header gives: zipfile stops there)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        infos = z.infolist()
        unpacked = sum(i.file_size for i in infos)
    if len(infos) > MAX_PARTS or unpacked > MAX_UNPACKED_BYTES:
        raise TemplateFileProblem(
            f"Word-malen «{path}» pakker seg ut til {unpacked // 1024 // 1024} MB i "
            f"{len(infos)} deler; hp bruker maler på inntil "
            f"{MAX_UNPACKED_BYTES // 1024 // 1024} MB.",
            "Bruk en vanlig Word-mal (.docx eller .dotx) fra kommunen.")


def _drop_external_relationships(document: Any) -> None:
    """Remove relationships to things outside the file (except hyperlinks) and what refers
    to them: Word would fetch a linked picture or an attached template from a web or network
    address when the document is opened, which can leak the reader's credentials."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    for part in document.part.package.iter_parts():
        bad = [r_id for r_id, rel in part.rels.items()
               if rel.is_external and rel.reltype != RT.HYPERLINK]
        if not bad:
            continue
        element = getattr(part, "_element", None)
        for r_id in bad:
            part.rels.pop(r_id)
            if element is None:
                continue
            for el in list(element.iter()):
                for attr, value in list(el.attrib.items()):
                    if value != r_id or not attr.startswith(f"{{{ooxml.R_NS}}}"):
                        continue
                    if attr == f"{{{ooxml.R_NS}}}link":  # a linked picture: keep the picture
                        del el.attrib[attr]
                    elif el.getparent() is not None:
                        el.getparent().remove(el)


def _as_document(data: bytes) -> bytes:
    """A .dotx is a .docx with another content type for its main part."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        types = z.read("[Content_Types].xml") if "[Content_Types].xml" in z.namelist() else b""
        if DOTX.encode() not in types:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in z.infolist():
                raw = z.read(info.filename)
                if info.filename == "[Content_Types].xml":
                    raw = raw.replace(DOTX.encode(), DOCX.encode())
                dst.writestr(info, raw)
        return out.getvalue()


_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _attr(value: str) -> str:
    """A value for an attribute written in double quotes."""
    from xml.sax.saxutils import escape

    return escape(value, {'"': "&quot;"})


def _runs_xml(runs: md.Inline, *, colour: str | None = None, bold: bool = False,
              size: int | None = None) -> str:
    """The runs as WordprocessingML (`size` in half-points)."""
    from xml.sax.saxutils import escape

    out = []
    for r in runs:
        if r.br:
            out.append("<w:r><w:br/></w:r>")
            continue
        props = []
        if r.bold or bold:
            props.append("<w:b/>")
        if r.italic:
            props.append("<w:i/>")
        if colour:
            props.append(f'<w:color w:val="{colour}"/>')
        if size:
            props.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
        rpr = f"<w:rPr>{''.join(props)}</w:rPr>" if props else ""
        texts = "<w:softHyphen/>".join(
            "<w:tab/>".join(f'<w:t xml:space="preserve">{escape(piece)}</w:t>'
                            for piece in part.split("\t"))
            for part in r.text.split(SOFT_HYPHEN))
        out.append(f"<w:r>{rpr}{texts}</w:r>")
    return "".join(out)


def _set_style(p: Any, style: Any) -> None:
    """Set a paragraph's style by id (python-docx's setter looks up the default style each
    time, which is slow in a long document)."""
    if style is not None:
        p._p.get_or_add_pPr().style = style.style_id


def _has_page_field(root: Any) -> bool:
    """Whether a header or footer shows the page number (a PAGE field, simple or complex)."""
    qn = ooxml.qn
    for simple in root.iter(qn("w:fldSimple")):
        if simple.get(qn("w:instr"), "").split()[:1] == ["PAGE"]:
            return True
    return any((instr.text or "").split()[:1] == ["PAGE"]
               for instr in root.iter(qn("w:instrText")))


def _mix(colour: str, white: float) -> str:
    """The colour mixed with `white` (0–1) parts of white: a light tint of the accent."""
    rgb = [int(colour[i:i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(c + (255 - c) * white):02X}" for c in rgb)


class WordWriter:
    def __init__(self, template: Path):
        self.doc = open_template(template)
        from docx.enum.style import WD_STYLE_TYPE

        self._styles: dict = {}
        self._paragraph_type = WD_STYLE_TYPE.PARAGRAPH
        self._table_type = WD_STYLE_TYPE.TABLE
        self.accent = self._accent()
        self.tint = _mix(self.accent, 0.88)
        self._page_break = False
        self._after_table = False
        self._bullet_num: int | None = None
        self._bookmark = 0
        self._toc_numbers: dict[str, list] | None = None  # bookmark → the w:t of its numbers
        self.language = "nb-NO"  # hyphenation in tables; set from Meta by write()
        self._last_heading = ""

    # --- styles --------------------------------------------------------------------------------

    def _style(self, *names: str, kind: Any = None):
        kind = kind or self._paragraph_type
        key = (names, kind)
        if key not in self._styles:
            self._styles[key] = self._find_style(names, kind)
        return self._styles[key]

    def _find_style(self, names: tuple[str, ...], kind: Any):
        for name in names:
            try:
                st = self.doc.styles[name]
            except KeyError:
                continue
            if st.type == kind:
                return st
        return None

    def _accent(self) -> str:
        st = self._style("Heading 1")
        for _ in range(MAX_STYLE_CHAIN):  # a template's styles may be based on each other in a ring
            if st is None:
                break
            colour = st.font.color
            if colour is not None and colour.type is not None and colour.rgb is not None:
                return str(colour.rgb)
            st = st.base_style
        return DEFAULT_ACCENT

    def _heading_style(self, level: int):
        st = self._style(f"Heading {level}")
        if st is not None:
            return st
        from docx.shared import Pt, RGBColor

        st = self.doc.styles.add_style(f"Heading {level}", self._paragraph_type)
        st.base_style = self._style("Normal")
        st.font.bold = True
        st.font.size = Pt({1: 16, 2: 13, 3: 11.5}[level])
        st.font.color.rgb = RGBColor.from_string(self.accent)
        st.paragraph_format.keep_with_next = True
        st.paragraph_format.space_before = Pt({1: 24, 2: 14, 3: 10}[level])
        ooxml.child(st.element.get_or_add_pPr(), "outlineLvl", ooxml.PPR, val=str(level - 1))
        st.element.attrib.pop(ooxml.qn("w:customStyle"), None)  # Word's built-in heading
        self._styles[((f"Heading {level}",), self._paragraph_type)] = st
        return st

    def _table_em(self, text_style: Any) -> int:
        """1 em of the tables' text, in twips: the size of «Tabelltekst» (through the styles
        it is based on and the document defaults), or hp's own 9.5 pt."""
        if text_style is None:
            return 190
        qn = ooxml.qn
        st = text_style.element
        seen = 0
        while st is not None and seen < MAX_STYLE_CHAIN:
            sz = st.find(f"{qn('w:rPr')}/{qn('w:sz')}")
            if sz is not None and (sz.get(qn("w:val")) or "").isdigit():
                return int(sz.get(qn("w:val"))) * 10
            based = st.find(qn("w:basedOn"))
            st = (self.doc.styles.element.get_by_id(based.get(qn("w:val")))
                  if based is not None else None)
            seen += 1
        sz = self.doc.styles.element.find(
            f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:sz')}")
        if sz is not None and (sz.get(qn("w:val")) or "").isdigit():
            return int(sz.get(qn("w:val"))) * 10
        return 200  # Word's own default, 10 pt

    @property
    def text_width_twips(self) -> int:
        s = self.doc.sections[-1]
        width = (s.page_width or 0) - (s.left_margin or 0) - (s.right_margin or 0)
        return max(int(width / 635), 4000)  # EMU → twips

    # --- paragraphs ----------------------------------------------------------------------------

    def _paragraph(self, style: Any = None):
        p = self.doc.add_paragraph()
        _set_style(p, style)
        if self._page_break:
            p.paragraph_format.page_break_before = True
            self._page_break = False
        if self._after_table:
            from docx.shared import Pt

            if p.paragraph_format.space_before is None:
                p.paragraph_format.space_before = Pt(8)
            self._after_table = False
        return p

    @staticmethod
    def _runs(p: Any, runs: md.Inline, *, colour: str | None = None, bold: bool = False,
              size: float | None = None) -> None:
        """Add the runs to paragraph `p` (`size` in points), built as XML in one go:
        python-docx's run.text appends its text character by character."""
        from docx.oxml import parse_xml

        xml = _runs_xml(runs, colour=colour, bold=bold, size=round(size * 2) if size else None)
        p._p.extend(list(parse_xml(f"<w:p {_NS}>{xml}</w:p>")))

    def heading(self, b: md.Heading, bookmark: str) -> None:
        if self._after_table and not self._page_break:
            self._spacer()
        p = self._paragraph(self._heading_style(b.level))
        # with no page break between the parts, a heading must never end a page (a template's
        # own heading styles may not say so)
        p.paragraph_format.keep_with_next = True
        self._bookmark += 1
        start = ooxml.OxmlElement("w:bookmarkStart")
        start.set(ooxml.qn("w:id"), str(self._bookmark))
        start.set(ooxml.qn("w:name"), bookmark)
        p._p.append(start)
        self._runs(p, b.runs)
        self._last_heading = md.plain_text(b.runs)
        end = ooxml.OxmlElement("w:bookmarkEnd")
        end.set(ooxml.qn("w:id"), str(self._bookmark))
        p._p.append(end)

    def _spacer(self) -> None:
        """An empty paragraph 1 pt high between a table and a heading: LibreOffice ignores
        «keep with next» on a paragraph that directly follows a table (the heading would be
        left alone at the foot of a page), and the heading keeps its own space above."""
        from docx.enum.text import WD_LINE_SPACING
        from docx.shared import Pt

        self._after_table = False
        p = self._paragraph()
        fmt = p.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(1)
        fmt.keep_with_next = True

    def paragraph(self, b: md.Paragraph) -> None:
        from docx.shared import Pt, RGBColor

        role = b.role
        if role == "tittel":
            st = self._style("Title")
            p = self._paragraph(st)
            if st is None:
                p.paragraph_format.space_after = Pt(12)
                self._runs(p, b.runs, colour=self.accent, bold=True, size=28)
                return
        elif role == "undertittel":
            st = self._style("Subtitle")
            p = self._paragraph(st)
            if "forside" in b.roles:
                p.paragraph_format.space_after = Pt(48)
            if st is None:
                self._runs(p, b.runs, size=14)
                return
        elif role == "overtittel":
            p = self._paragraph()
            p.paragraph_format.space_before = Pt(120)
            p.paragraph_format.space_after = Pt(6)
            ppr = p._p.get_or_add_pPr()
            ooxml.borders(ppr, "pBdr", ooxml.PPR, {"top": ("single", 36, self.accent)})
            ppr.find(ooxml.qn("w:pBdr")).find(ooxml.qn("w:top")).set(ooxml.qn("w:space"), "14")
            self._runs(p, b.runs, colour=self.accent, bold=True, size=14)
            return
        elif role == "innholdstittel":
            st = self._style("TOC Heading")
            p = self._paragraph(st)
            ooxml.child(p._p.get_or_add_pPr(), "outlineLvl", ooxml.PPR, val="9")
            if st is None:
                self._runs(p, b.runs, colour=self.accent, bold=True, size=16)
                return
        elif role == "visjon":
            st = self._style("Quote", "Intense Quote")
            p = self._paragraph(st)
            if st is None:
                p.paragraph_format.left_indent = p.paragraph_format.right_indent = Pt(18)
                for r in b.runs:
                    run = p.add_run(r.text)
                    run.italic = True
                    run.font.size = Pt(13)
                    run.font.color.rgb = RGBColor.from_string(self.accent)
                return
        elif role == "utkast":
            p = self._paragraph()
            self._warning_box(p)
            heading = all(r.bold for r in b.runs if not r.br)
            self._runs(p, b.runs, colour="A93226" if heading else "7B1E14",
                       size=16 if heading else None)
            return
        else:
            p = self._paragraph()
            if b.runs and (all(r.bold for r in b.runs if not r.br)
                           or md.plain_text(b.runs).rstrip().endswith(":")):
                # a label, or a sentence that introduces a list: stays with what follows
                p.paragraph_format.keep_with_next = True
        self._runs(p, b.runs)

    def _warning_box(self, p: Any) -> None:
        ppr = p._p.get_or_add_pPr()
        ooxml.borders(ppr, "pBdr", ooxml.PPR, {"left": ("single", 24, "C0392B")})
        ppr.find(ooxml.qn("w:pBdr")).find(ooxml.qn("w:left")).set(ooxml.qn("w:space"), "8")
        ooxml.shade(ppr, ooxml.PPR, "FBE5E1")

    def _bullet_numbering(self) -> int:
        """The numbering of bullet lists (one, shared)."""
        if self._bullet_num is None:
            self._bullet_num = self._numbering((("bullet", "•", 360), ("bullet", "–", 720)))
        return self._bullet_num

    def _numbering_part(self) -> Any:
        """The template's numbering definitions; a template with no lists at all has none,
        so an empty part is added."""
        try:
            return self.doc.part.numbering_part.element
        except NotImplementedError:  # python-docx cannot make one itself
            from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
            from docx.opc.packuri import PackURI
            from docx.parts.numbering import NumberingPart

            part = NumberingPart.load(PackURI("/word/numbering.xml"),
                                      CONTENT_TYPE.WML_NUMBERING,
                                      f"<w:numbering {_NS}/>".encode(), self.doc.part.package)
            self.doc.part.relate_to(part, RELATIONSHIP_TYPE.NUMBERING)
            return part.element

    def _numbering(self, levels: tuple[tuple[str, str, int], ...]) -> int:
        """A new numbering definition (format, text, indent per level); its w:numId."""
        numbering = self._numbering_part()
        qn = ooxml.qn
        abstract_ids = [int(v) for a in numbering.findall(qn("w:abstractNum"))
                        if (v := a.get(qn("w:abstractNumId")) or "").isdigit()]
        num_ids = [int(v) for n in numbering.findall(qn("w:num"))
                   if (v := n.get(qn("w:numId")) or "").isdigit()]
        aid = max(abstract_ids, default=-1) + 1
        nid = max(num_ids, default=0) + 1
        abstract = ooxml.OxmlElement("w:abstractNum")
        abstract.set(qn("w:abstractNumId"), str(aid))
        mlt = ooxml.OxmlElement("w:multiLevelType")
        mlt.set(qn("w:val"), "hybridMultilevel")
        abstract.append(mlt)
        for level, (fmt, symbol, left) in enumerate(levels):
            lvl = ooxml.OxmlElement("w:lvl")
            lvl.set(qn("w:ilvl"), str(level))
            for tag, val in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", symbol),
                             ("w:lvlJc", "left")):
                el = ooxml.OxmlElement(tag)
                el.set(qn("w:val"), val)
                lvl.append(el)
            ppr = ooxml.OxmlElement("w:pPr")
            ind = ooxml.OxmlElement("w:ind")
            ind.set(qn("w:left"), str(left))
            ind.set(qn("w:hanging"), "360")
            ppr.append(ind)
            lvl.append(ppr)
            abstract.append(lvl)
        existing = numbering.findall(qn("w:abstractNum"))
        if existing:
            existing[-1].addnext(abstract)
        else:
            first_num = numbering.find(qn("w:num"))
            if first_num is not None:
                first_num.addprevious(abstract)
            else:
                numbering.append(abstract)
        num = ooxml.OxmlElement("w:num")
        num.set(qn("w:numId"), str(nid))
        ref = ooxml.OxmlElement("w:abstractNumId")
        ref.set(qn("w:val"), str(aid))
        num.append(ref)
        nums = numbering.findall(qn("w:num"))
        if nums:
            nums[-1].addnext(num)
        else:
            numbering.append(num)
        return nid

    def bullets(self, b: md.BulletList) -> None:
        from docx.shared import Pt

        if b.ordered:  # each numbered list starts at 1
            style = self._style("List Number", "List Paragraph")
            nid = self._numbering((("decimal", "%1.", 360), ("lowerLetter", "%2)", 720)))
        else:
            style = self._style("List Bullet", "List Paragraph")
            nid = self._bullet_numbering()
        for n, (level, runs) in enumerate(b.items):
            p = self._paragraph(style)
            num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = level
            num_pr.get_or_add_numId().val = nid
            p.paragraph_format.space_after = Pt(6 if n == len(b.items) - 1 else 2)
            if b.role == "utkast":
                self._warning_box(p)
                self._runs(p, runs, colour="7B1E14", size=9)
            else:
                self._runs(p, runs)

    def page_break(self) -> None:
        self._page_break = True

    # --- tables --------------------------------------------------------------------------------

    def _caption(self, label: str, number: int | None, runs: md.Inline, keep: bool) -> None:
        st = self._style("Caption")
        p = self._paragraph(st)
        if st is None:
            from docx.shared import Pt

            p.paragraph_format.space_before = Pt(6)
            self._runs(p, [md.Run(f"{label} {number}: ", italic=True),
                           *[md.Run(r.text, r.bold, True, r.br) for r in runs]], size=9)
        else:
            self._runs(p, [md.Run(f"{label} {number}: "), *runs])
        p.paragraph_format.keep_with_next = keep

    def _keep_lead_in(self) -> None:
        """A short paragraph just before a table (its lead-in, «Tabellen viser …») stays on the
        page of the table's caption and first rows, so that a heading and its lead-in are not
        left at the foot of a page with the table on the next."""
        from docx.oxml.ns import qn

        body = self.doc.element.body
        last = next((el for el in reversed(body) if el.tag != qn("w:sectPr")), None)
        if last is None or last.tag != qn("w:p"):
            return
        text = "".join(t.text or "" for t in last.iter(qn("w:t")))
        if 0 < len(text) <= LEAD_IN_CHARS:
            ooxml.child(last.get_or_add_pPr(), "keepNext", ooxml.PPR)

    def table(self, t: md.Table, table_word: str) -> None:
        """The table, built as XML in one go (python-docx's cell API is slow for a long
        document)."""
        from docx.oxml import parse_xml

        if t.caption is not None:
            self._keep_lead_in()
            self._caption(table_word, t.number, t.caption, keep=True)
        if self._page_break:
            self._paragraph()
        own_style = self._style(TABLE_STYLE, kind=self._table_type)
        text_style = self._style(TABLE_TEXT_STYLE)
        total = self.text_width_twips
        em = self._table_em(text_style)
        layout = columns.plan(t, total, em, self.language)
        widths = layout.widths
        plain = own_style is None  # hp's own look, in the template's accent colour

        out = [f'<w:tbl {_NS}><w:tblPr>']
        if own_style is not None:
            out.append(f'<w:tblStyle w:val="{_attr(own_style.style_id)}"/>')
        out.append(f'<w:tblW w:w="{total}" w:type="dxa"/>')
        if plain:
            top = '<w:top w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>' \
                if not t.header else '<w:top w:val="nil"/>'
            out.append(
                f'<w:tblBorders>{top}<w:left w:val="nil"/>'
                f'<w:bottom w:val="single" w:sz="8" w:space="0" w:color="{self.accent}"/>'
                '<w:right w:val="nil"/>'
                '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="D9D9D9"/>'
                '<w:insideV w:val="nil"/></w:tblBorders>')
        # what the table is, for a screen reader's list of tables: its caption, or (a table
        # of facts under a heading) the heading
        title = (f"{table_word} {t.number}: {md.plain_text(t.caption)}"
                 if t.caption is not None else self._last_heading)
        # a table with a header row says so (and repeats it on every page: w:tblHeader); a
        # table of facts has none, its first column names each row (firstColumn)
        look = ('w:val="0420" w:firstRow="1" w:lastRow="0" w:firstColumn="0"' if t.header else
                'w:val="0480" w:firstRow="0" w:lastRow="0" w:firstColumn="1"')
        out.append('<w:tblLayout w:type="fixed"/><w:tblCellMar>'
                   '<w:top w:w="28" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
                   '<w:bottom w:w="28" w:type="dxa"/><w:right w:w="85" w:type="dxa"/>'
                   f'</w:tblCellMar><w:tblLook {look} '
                   'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
                   + (f'<w:tblCaption w:val="{_attr(md.clean(title))}"/>' if title else "")
                   + '</w:tblPr><w:tblGrid>')
        out.extend(f'<w:gridCol w:w="{w}"/>' for w in widths)
        out.append('</w:tblGrid>')

        style_xml = (f'<w:pStyle w:val="{_attr(text_style.style_id)}"/>'
                     if text_style is not None else "")
        spacing = ("" if text_style is not None
                   else '<w:spacing w:before="20" w:after="20" w:line="240" '
                        'w:lineRule="auto"/>')
        size = None if text_style is not None else 19  # half-points
        jc = {"l": "left", "r": "right", "c": "center"}
        rows = ([t.header] if t.header else []) + t.rows
        header_rows = 1 if t.header else 0
        for r_index, cells in enumerate(rows):
            is_header = r_index < header_rows
            body_index = r_index - header_rows
            is_total = not is_header and body_index in t.totals
            out.append('<w:tr><w:trPr><w:cantSplit/>'
                       + ('<w:tblHeader/>' if is_header else '') + '</w:trPr>')
            if not is_header and body_index in t.groups:
                out.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{sum(widths)}" w:type="dxa"/>'
                    f'<w:gridSpan w:val="{len(widths)}"/>'
                    f'<w:shd w:val="clear" w:color="auto" w:fill="{self.tint}"/></w:tcPr>'
                    f'<w:p><w:pPr>{style_xml}<w:keepNext/>'
                    '<w:spacing w:before="60" w:after="20"/></w:pPr>'
                    f'{_runs_xml(cells[0], colour=self.accent, bold=True, size=size)}'
                    '</w:p></w:tc></w:tr>')
                continue
            # the header row stays with the first row (alone at the foot of a page, LibreOffice
            # may even lose the rows after it), a sum with the row above it, and a small table
            # is not split at all
            keep = ("<w:keepNext/>" if is_header or body_index + 1 in t.totals
                    or (len(rows) <= WHOLE_TABLE_ROWS and r_index < len(rows) - 1) else "")
            for c_index, runs in enumerate(cells):
                if layout.hyphenated:
                    runs = columns.hyphenate(runs, widths[c_index], em, is_header, self.language)
                tc = [f'<w:tc><w:tcPr><w:tcW w:w="{widths[c_index]}" w:type="dxa"/>']
                colour = None
                bold = False
                if plain and is_total:
                    tc.append(f'<w:tcBorders><w:top w:val="single" w:sz="6" w:space="0" '
                              f'w:color="{self.accent}"/></w:tcBorders>')
                if plain and is_header:
                    tc.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{self.accent}"/>')
                    colour, bold = "FFFFFF", True
                elif plain and is_total:
                    tc.append('<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>')
                elif plain and not t.header and c_index == 0:
                    tc.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{self.tint}"/>')
                bold = bold or is_header
                tc.append(f'<w:vAlign w:val="{"bottom" if is_header else "top"}"/></w:tcPr>')
                tc.append(f'<w:p><w:pPr>{style_xml}{keep}{spacing}'
                          f'<w:jc w:val="{jc[t.align[c_index]]}"/></w:pPr>'
                          f'{_runs_xml(runs, colour=colour, bold=bold, size=size)}</w:p></w:tc>')
                out.append("".join(tc))
            out.append('</w:tr>')
        out.append('</w:tbl>')
        element = parse_xml("".join(out))
        body = self.doc.element.body
        sect = body.find(ooxml.qn("w:sectPr"))
        if sect is not None:
            sect.addprevious(element)
        else:
            body.append(element)
        self._after_table = True

    # --- figures and the table of contents -----------------------------------------------------

    def figure(self, f: md.Figure, png: bytes | None, figure_word: str,
               description: str | None = None) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm, Pt

        if png is None:
            return
        p = self._paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_with_next = True
        p.paragraph_format.space_before = Pt(6)
        width_cm = min(FIGURE_WIDTH_CM, self.text_width_twips / 567)
        run = p.add_run()
        run.add_picture(io.BytesIO(png), width=Cm(width_cm))
        # the alternative text a screen reader reads (the data in words, else the caption)
        text = md.clean(description or md.plain_text(f.caption))
        for doc_pr in run._r.iter(f"{{{ooxml.WP_NS}}}docPr"):
            doc_pr.set("descr", text)
        self._caption(figure_word, f.number, f.caption, keep=False)

    def toc(self, headings: list[tuple[int, str, str]]) -> None:
        """A TOC field (`TOC \\o "1-2" \\h \\z \\u`: the parts and their chapters, so the
        contents fit on one page; a tiltak is found under its innsatsområde) that Word fills
        when the document is opened; until then it holds the headings as links. With
        `toc_numbers` (see `write`) each entry also has a dot leader to a PAGEREF field, as
        Word's own entries do, whose shown number is a placeholder until `with_toc_pages`
        sets it."""
        entries = [h for h in headings if h[0] <= TOC_LEVELS]
        instruction = f'TOC \\o "1-{TOC_LEVELS}" \\h \\z \\u'
        styles = {level: self._style(f"toc {level}", f"TOC {level}")
                  for level in range(1, TOC_LEVELS + 1)}
        if not entries:
            p = self._paragraph(styles[1])
            p._p.extend([ooxml.fld_char("begin", dirty=True), ooxml.instr_text(instruction),
                         ooxml.fld_char("separate"), ooxml.fld_char("end")])
            return
        from docx.shared import Cm

        for n, (level, text, bookmark) in enumerate(entries):
            p = self._paragraph(styles[level])
            if styles[level] is None:
                from docx.shared import Pt

                p.paragraph_format.left_indent = Cm(0.5 * (level - 1))
                p.paragraph_format.space_before = Pt(6 if level == 1 else 0)
                p.paragraph_format.space_after = Pt(2)
            if n == 0:
                p._p.extend([ooxml.fld_char("begin", dirty=True), ooxml.instr_text(instruction),
                             ooxml.fld_char("separate")])
            link = ooxml.OxmlElement("w:hyperlink")
            link.set(ooxml.qn("w:anchor"), bookmark)
            link.set(ooxml.qn("w:history"), "1")
            link.append(ooxml.run(text))
            if self._toc_numbers is not None:
                self._number_entry(p, link, bookmark, styles[level])
            p._p.append(link)
            if n == len(entries) - 1:
                p._p.append(ooxml.fld_char("end"))

    def _number_entry(self, p: Any, link: Any, bookmark: str, style: Any) -> None:
        """A right tab with a dot leader, and the page as a PAGEREF field with a placeholder."""
        assert self._toc_numbers is not None
        tabs = ooxml.child(p._p.get_or_add_pPr(), "tabs", ooxml.PPR)
        tab = ooxml.OxmlElement("w:tab")
        tab.set(ooxml.qn("w:val"), "right")
        tab.set(ooxml.qn("w:leader"), "dot")
        tab.set(ooxml.qn("w:pos"), str(self._toc_tab(style)))
        tabs.append(tab)
        gap = ooxml.OxmlElement("w:r")
        gap.append(ooxml.OxmlElement("w:tab"))
        link.append(gap)
        runs = ooxml.field_runs(f"PAGEREF {bookmark} \\h", TOC_PLACEHOLDER)
        link.extend(runs)
        self._toc_numbers.setdefault(bookmark, []).append(runs[3].find(ooxml.qn("w:t")))

    def _toc_tab(self, style: Any) -> int:
        """Where the page numbers stand (twips): at the right tab stop the TOC style has (so
        that the entry's own tab replaces it), else at the right margin."""
        from docx.enum.text import WD_TAB_ALIGNMENT

        for _ in range(MAX_STYLE_CHAIN):
            if style is None:
                break
            stops = [t.position for t in style.paragraph_format.tab_stops
                     if t.alignment == WD_TAB_ALIGNMENT.RIGHT]
            if stops:
                return int(max(stops) / 635)  # EMU → twips
            style = style.base_style
        return self.text_width_twips

    @property
    def toc_bookmarks(self) -> list[str]:
        """The bookmarks of the headings in the table of contents, in order (with
        `toc_numbers`)."""
        return list(self._toc_numbers or {})

    @property
    def first_page_number(self) -> int:
        """The number the footer's PAGE field gives the first page (the section's start)."""
        sect = self.doc.element.body.find(ooxml.qn("w:sectPr"))
        numbering = sect.find(ooxml.qn("w:pgNumType")) if sect is not None else None
        start = numbering.get(ooxml.qn("w:start")) if numbering is not None else None
        return int(start) if start and start.isdigit() else 1

    def with_toc_pages(self, pages: dict[str, int], when: dt.datetime) -> bytes:
        """The document again, with these page numbers in the table of contents."""
        for bookmark, texts in (self._toc_numbers or {}).items():
            for text in texts:  # a template may have the table of contents twice
                text.text = str(pages[bookmark])
        return self._save(when)

    # --- the whole document --------------------------------------------------------------------

    def _clear_body(self) -> None:
        body = self.doc.element.body
        for el in list(body):
            if el.tag != ooxml.qn("w:sectPr"):
                body.remove(el)

    def write(self, blocks: list[md.Block], figures: dict[str, bytes | None],
              meta: Meta, descriptions: dict[str, str] | None = None, *,
              toc_numbers: bool = False) -> bytes:
        """The document. `descriptions` are the charts' alternative texts by name. With
        `toc_numbers`, the entries of the table of contents get page numbers: placeholders of
        two digits here, real ones from `with_toc_pages`."""
        self._toc_numbers = {} if toc_numbers else None
        self.language = meta.language
        self._clear_body()
        headings: list[tuple[int, str, str]] = []
        for b in blocks:
            if isinstance(b, md.Heading):
                headings.append((b.level, md.plain_text(b.runs), f"_hp{len(headings) + 1}"))
        marks = iter(headings)
        for b in blocks:
            if isinstance(b, md.Heading):
                self.heading(b, next(marks)[2])
            elif isinstance(b, md.Paragraph):
                self.paragraph(b)
            elif isinstance(b, md.BulletList):
                self.bullets(b)
            elif isinstance(b, md.Table):
                self.table(b, meta.table_word)
            elif isinstance(b, md.Figure):
                self.figure(b, figures.get(b.name), meta.figure_word,
                            (descriptions or {}).get(b.name))
            elif isinstance(b, md.Toc):
                self.toc(headings)
            elif isinstance(b, md.PageBreak):
                self.page_break()
        self._finish(meta)
        return self._save(meta.when)

    def _save(self, when: dt.datetime) -> bytes:
        buf = io.BytesIO()
        self.doc.save(buf)
        return normalise_zip(buf.getvalue(), when)

    def _finish(self, meta: Meta) -> None:
        qn = ooxml.qn
        # Word updates the fields (the table of contents) when the document is opened
        settings = self.doc.settings.element
        update = settings.find(qn("w:updateFields"))
        if update is None:
            update = ooxml.OxmlElement("w:updateFields")
            later = next((c for c in settings
                          if ooxml._local(c.tag) in ooxml.SETTINGS_AFTER_UPDATE_FIELDS), None)
            if later is not None:
                later.addprevious(update)
            else:
                settings.append(update)
        update.set(qn("w:val"), "true")
        # spelling and grammar in the programme's målform
        styles = self.doc.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        if defaults is None:
            defaults = ooxml.OxmlElement("w:docDefaults")
            styles.insert(0, defaults)
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is None:
            rpr_default = ooxml.OxmlElement("w:rPrDefault")
            defaults.insert(0, rpr_default)
        rpr = rpr_default.find(qn("w:rPr"))
        if rpr is None:
            rpr = ooxml.OxmlElement("w:rPr")
            rpr_default.append(rpr)
        ooxml.language(rpr, meta.language)
        for st in styles.findall(qn("w:style")):
            lang = st.find(f"{qn('w:rPr')}/{qn('w:lang')}")
            if lang is not None and lang.get(qn("w:val")):
                lang.set(qn("w:val"), meta.language)
        theme_lang = settings.find(qn("w:themeFontLang"))
        if theme_lang is not None:
            theme_lang.set(qn("w:val"), meta.language)
        self._page_numbers()
        clean = md.clean
        self._title_fields(clean(meta.title))
        props = self.doc.core_properties
        props.title = clean(meta.title)
        props.subject = clean(meta.subject)
        props.author = clean(meta.author)
        props.keywords = clean(meta.keywords)
        props.comments = clean(meta.comments)
        props.category = "Handlingsplan"
        props.content_status = clean(meta.status)
        props.language = meta.language
        props.version = clean(meta.version or "")
        props.last_modified_by = "hp"
        props.revision = 1
        props.created = meta.when
        props.modified = meta.when

    def _page_numbers(self) -> None:
        """«Side N av M» in the footer when the template's pages have no page number: neither
        its footer nor its header holds a PAGE field (a template that has one keeps its own).
        The cover's own first-page footer is left as it is."""
        qn = ooxml.qn
        even = self.doc.settings.element.find(qn("w:evenAndOddHeaders"))
        even_pages = even is not None and even.get(qn("w:val"), "true") not in ("0", "false")
        for section in self.doc.sections:
            kinds = [(section.header, section.footer)]
            if even_pages:
                kinds.append((section.even_page_header, section.even_page_footer))
            for header, footer in kinds:
                if any(not part.is_linked_to_previous and _has_page_field(part._element)
                       for part in (header, footer)):
                    continue
                self._add_page_number(footer)

    def _add_page_number(self, footer: Any) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        footer.is_linked_to_previous = False  # a footer of its own (made if there is none)
        p = footer.add_paragraph()
        style = self._style("Footer", "footer")
        _set_style(p, style)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        # «Side 3 av 12»: the same words in bokmål and nynorsk
        p._p.append(ooxml.run("Side "))
        p._p.extend(ooxml.field_runs("PAGE", "1"))
        p._p.append(ooxml.run(" av "))
        p._p.extend(ooxml.field_runs("NUMPAGES", "1"))

    def _title_fields(self, title: str) -> None:
        """Fill the cached result of TITLE fields in headers and footers with the title."""
        qn = ooxml.qn
        for rel in self.doc.part.rels.values():
            if not (rel.reltype.endswith("/header") or rel.reltype.endswith("/footer")):
                continue
            root = rel.target_part.element
            for simple in root.iter(qn("w:fldSimple")):
                if simple.get(qn("w:instr"), "").split()[:1] == ["TITLE"]:
                    texts = list(simple.iter(qn("w:t")))
                    if texts:
                        texts[0].text = title
                        for t in texts[1:]:
                            t.text = ""
            for instr in root.iter(qn("w:instrText")):
                if (instr.text or "").split()[:1] != ["TITLE"]:
                    continue
                run = instr.getparent()
                separated = False
                first = True
                for sibling in run.itersiblings():
                    fc = sibling.find(qn("w:fldChar"))
                    if fc is not None and fc.get(qn("w:fldCharType")) == "end":
                        break
                    if fc is not None and fc.get(qn("w:fldCharType")) == "separate":
                        separated = True
                        continue
                    if separated:
                        for t in sibling.iter(qn("w:t")):
                            t.text = title if first else ""
                            first = False
