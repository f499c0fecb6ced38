"""Small helpers for WordprocessingML that python-docx has no API for.

Word is strict about the order of child elements (a misplaced one makes it call the file
corrupt), so every element is inserted at its place in the schema's sequence.
"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"

# the schema's child order of the elements we touch (w: names, without the prefix)
PPR = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
       "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku",
       "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi",
       "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents",
       "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap",
       "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")
RPR = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
       "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
       "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect",
       "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout",
       "specVanish", "oMath")
TCPR = ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
        "textDirection", "tcFitText", "vAlign", "hideMark")
TBLPR = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
         "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
         "tblLayout", "tblCellMar", "tblLook")
TRPR = ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit",
        "trHeight", "tblHeader", "tblCellSpacing", "jc", "hidden")
BORDERS = ("top", "left", "start", "bottom", "right", "end", "insideH", "insideV", "tl2br",
           "tr2bl")
SETTINGS_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
    "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
    "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol",
    "listSeparator")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def child(parent: Any, name: str, order: tuple[str, ...], **attrs: str) -> Any:
    """The child `w:name` of parent (created at its place in `order` if missing), with the
    given w: attributes set."""
    tag = qn(f"w:{name}")
    found = parent.find(tag)
    if found is None:
        found = OxmlElement(f"w:{name}")
        rank = order.index(name)
        later = next((c for c in parent if _local(c.tag) in order
                      and order.index(_local(c.tag)) > rank), None)
        if later is not None:
            later.addprevious(found)
        else:
            parent.append(found)
    for key, value in attrs.items():
        found.set(qn(f"w:{key}"), value)
    return found


def remove(parent: Any, name: str) -> None:
    for c in parent.findall(qn(f"w:{name}")):
        parent.remove(c)


def borders(parent: Any, container: str, order: tuple[str, ...],
            sides: dict[str, tuple[str, int, str] | None]) -> None:
    """Set borders (`w:tblBorders`, `w:tcBorders` or `w:pBdr`): side → (style, size in eighths
    of a point, colour) or None for no border."""
    box = child(parent, container, order)
    for side in BORDERS:
        if side not in sides:
            continue
        spec = sides[side]
        if spec is None:
            child(box, side, BORDERS, val="nil")
        else:
            style, size, colour = spec
            child(box, side, BORDERS, val=style, sz=str(size), space="0", color=colour)


def shade(parent: Any, order: tuple[str, ...], fill: str) -> None:
    child(parent, "shd", order, val="clear", color="auto", fill=fill)


def fonts(rpr: Any, name: str) -> None:
    """Use one font for every script, replacing any theme font."""
    el = child(rpr, "rFonts", RPR)
    for attr in list(el.attrib):
        del el.attrib[attr]
    for key in ("ascii", "hAnsi", "cs", "eastAsia"):
        el.set(qn(f"w:{key}"), name)


def language(rpr: Any, tag: str) -> None:
    child(rpr, "lang", RPR, val=tag)


def run(text: str | None = None) -> Any:
    r = OxmlElement("w:r")
    if text is not None:
        t = OxmlElement("w:t")
        t.text = text
        t.set(qn("xml:space"), "preserve")
        r.append(t)
    return r


def field_runs(instruction: str, cached: str = "", dirty: bool = False) -> list[Any]:
    """The runs of a complex field: begin, instruction, separate, cached result, end."""
    begin = OxmlElement("w:r")
    fc = OxmlElement("w:fldChar")
    fc.set(qn("w:fldCharType"), "begin")
    if dirty:
        fc.set(qn("w:dirty"), "true")
    begin.append(fc)
    instr = OxmlElement("w:r")
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = f" {instruction} "
    instr.append(it)
    sep = OxmlElement("w:r")
    fc = OxmlElement("w:fldChar")
    fc.set(qn("w:fldCharType"), "separate")
    sep.append(fc)
    end = OxmlElement("w:r")
    fc = OxmlElement("w:fldChar")
    fc.set(qn("w:fldCharType"), "end")
    end.append(fc)
    return [begin, instr, sep, run(cached), end]


def fld_char(kind: str, dirty: bool = False) -> Any:
    r = OxmlElement("w:r")
    fc = OxmlElement("w:fldChar")
    fc.set(qn("w:fldCharType"), kind)
    if dirty:
        fc.set(qn("w:dirty"), "true")
    r.append(fc)
    return r


def instr_text(instruction: str) -> Any:
    r = OxmlElement("w:r")
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = f" {instruction} "
    r.append(it)
    return r
