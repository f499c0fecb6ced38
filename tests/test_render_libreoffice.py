"""The rendered documents as LibreOffice lays them out, with the fonts it falls back to.

Both examples (and one on a template whose footer has no page number) are converted to PDF
once, in one LibreOffice run shared by the module; the pages are read back with poppler
(pdftotext for the words and where they stand, pdftoppm for how far down each page is
printed) and compared with the DOCX: no word broken inside a table cell, no amount parted from
its «kr», no page left nearly empty by a page break, a page number on every page.

Skipped where LibreOffice or poppler is not installed.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from helpers import EXAMPLE, NYNORSK_EXAMPLE

from handlingsplan.render import build

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    not (SOFFICE and shutil.which("pdftotext") and shutil.which("pdftoppm")),
    reason="LibreOffice and poppler (pdftotext, pdftoppm) are not installed")

NBSP, SHY = "\u00a0", "\u00ad"
XHTML = "{http://www.w3.org/1999/xhtml}"
EXAMPLES = {"bokmal": EXAMPLE, "nynorsk": NYNORSK_EXAMPLE}


@pytest.fixture(autouse=True)
def _no_epoch(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def _template_without_page_numbers(path: Path) -> Path:
    """A municipality's template whose footer has an address and no page number."""
    doc = docx.Document()
    doc.sections[0].footer.paragraphs[0].text = "Fjordbotn kommune, Rådhusvegen 2"
    doc.save(path)
    return path


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[str, Path]:
    """The DOCX of each example, and of the nynorsk one on a template without page numbers."""
    folder = tmp_path_factory.mktemp("docx")
    out = {}
    for name, example in EXAMPLES.items():
        out[name] = folder / f"{name}.docx"
        out[name].write_bytes(build(example, 2027, fmt="docx", out=out[name]).data)
    template = _template_without_page_numbers(folder / "kommunemal.docx")
    out["utan_sidetal"] = folder / "utan_sidetal.docx"
    out["utan_sidetal"].write_bytes(build(NYNORSK_EXAMPLE, 2027, fmt="docx",
                                          out=out["utan_sidetal"], template=template).data)
    return out


@pytest.fixture(scope="module")
def pdfs(documents, tmp_path_factory) -> dict[str, Path]:
    """Every document as PDF, from one LibreOffice run with a profile of its own."""
    folder = tmp_path_factory.mktemp("pdf")
    profile = (folder / "profil").as_uri()
    run = subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless",
                          "--convert-to", "pdf", "--outdir", str(folder),
                          *map(str, documents.values())],
                         capture_output=True, timeout=300)
    out = {name: folder / f"{path.stem}.pdf" for name, path in documents.items()}
    missing = [p.name for p in out.values() if not p.is_file()]
    assert not missing, f"LibreOffice made no {missing}: {run.stderr.decode()[-500:]}"
    return out


# --- reading the PDF ---------------------------------------------------------------------------


@dataclass
class Page:
    number: int
    height: float  # points
    lines: list[tuple[float, float, list[str]]]  # yMin, yMax, words


def pdf_pages(pdf: Path) -> list[Page]:
    xhtml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True,
                           check=True, timeout=120).stdout
    root = ET.fromstring(xhtml)
    pages = []
    for n, page in enumerate(root.iter(f"{XHTML}page"), start=1):
        lines = [(float(line.get("yMin")), float(line.get("yMax")),
                  [w.text or "" for w in line.iter(f"{XHTML}word")])
                 for line in page.iter(f"{XHTML}line")]
        pages.append(Page(n, float(page.get("height")), lines))
    return pages


def margins(document: Path) -> tuple[float, float]:
    """The page's top and bottom margins in points: the header and footer stand outside."""
    sect = docx.Document(str(document)).element.body.find(qn("w:sectPr"))
    mar = sect.find(qn("w:pgMar"))
    return int(mar.get(qn("w:top"))) / 20, int(mar.get(qn("w:bottom"))) / 20


def body_lines(page: Page, top: float, bottom: float) -> list[list[str]]:
    return [words for y0, y1, words in page.lines
            if y0 >= top - 2 and y1 <= page.height - bottom + 2]


# --- reading the DOCX --------------------------------------------------------------------------


def paragraph_text(p) -> str:
    """A paragraph's text with its soft hyphens, line breaks and tabs."""
    out = []
    for el in p.iter(qn("w:t"), qn("w:softHyphen"), qn("w:br"), qn("w:cr"), qn("w:tab"),
                     qn("w:noBreakHyphen")):
        if el.tag == qn("w:t"):
            out.append(el.text or "")
        else:
            out.append({qn("w:softHyphen"): SHY, qn("w:noBreakHyphen"): "\u2011"}.get(el.tag,
                                                                                   " "))
    return "".join(out)


def body_texts(document: Path) -> list[str]:
    body = docx.Document(str(document)).element.body
    return [paragraph_text(p) for p in body.iter(qn("w:p"))]


def line_pieces(word: str) -> set[str]:
    """Every way a word may stand on a line: whole, or cut after a hyphen, dash or slash, or at
    a soft hyphen (which then shows as «-»)."""
    cuts = [0]
    for i, c in enumerate(word):
        if c in "-–/" and 0 < i < len(word) - 1:
            cuts.append(i + 1)
        elif c == SHY:
            cuts.append(i)
    cuts.append(len(word))
    out = set()
    for a in range(len(cuts)):
        for b in range(a + 1, len(cuts)):
            piece = word[cuts[a]:cuts[b]].replace(SHY, "")
            if b < len(cuts) - 1 and word[cuts[b]] == SHY:
                piece += "-"
            if piece:
                out.add(piece)
    return out


# --- the tests ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_no_word_is_broken_in_the_middle(name, documents, pdfs):
    """Every word on every page is a whole word of the document, or a piece of one cut where a
    line may break (after a hyphen, at a soft hyphen): a column too narrow for a word makes
    LibreOffice cut it anywhere («Utgangsv» / «erdi»), and those pieces are not words."""
    known = {"•", "–"} | {f"{n}." for n in range(1, 21)}  # bullets, numbers of a list
    for text in body_texts(documents[name]):
        for word in re.split(r"[\s\u00a0]+", text):
            known |= line_pieces(word)
    top, bottom = margins(documents[name])
    broken = [(page.number, word) for page in pdf_pages(pdfs[name])
              for words in body_lines(page, top, bottom) for word in words
              if word not in known]
    assert not broken, f"words broken inside a line's width: {broken[:20]}"


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_amounts_stay_on_one_line_with_their_kr(name, documents, pdfs):
    """An amount and its «kr» (and a share and its «%») are joined by non-breaking spaces:
    each stands whole on one line as often as the document has it."""
    wanted = Counter(w for text in body_texts(documents[name])
                     for w in re.split(r"[ \t\n]+", text.replace(SHY, ""))
                     if NBSP in w.strip(NBSP))
    assert any(w.endswith(f"{NBSP}kr") for w in wanted)
    top, bottom = margins(documents[name])
    lines = [words for page in pdf_pages(pdfs[name])
             for words in body_lines(page, top, bottom)]
    short = {}
    for group, count in wanted.items():
        seq = [p for p in group.split(NBSP) if p]
        found = sum(1 for words in lines for i in range(len(words) - len(seq) + 1)
                    if words[i:i + len(seq)] == seq)
        if found < count:
            short[group.replace(NBSP, " ")] = (found, count)
    assert not short, f"amounts split across lines (found, in the document): {short}"


def page_fill(pdf: Path, top: float, bottom: float, folder: Path) -> list[float]:
    """How far down each page is printed: the lowest row with ink in the text area, as a share
    of the text area's height (pictures count; the header and footer do not)."""
    subprocess.run(["pdftoppm", "-r", "24", "-gray", str(pdf), str(folder / "side")],
                   check=True, timeout=120)
    fills = []
    for image in sorted(folder.glob("side-*.pgm")):
        data = image.read_bytes()
        head = re.match(rb"P5\s+(\d+)\s+(\d+)\s+\d+\s", data)
        assert head, image
        width, height = int(head.group(1)), int(head.group(2))
        pixels = data[head.end():]
        scale = 24 / 72  # points → rows
        first, last = int((top - 4) * scale), int(height - (bottom - 4) * scale)
        ink = [y for y in range(first, last)
               if min(pixels[y * width:(y + 1) * width]) < 200]
        fills.append(((max(ink) - first) / (last - first)) if ink else 0.0)
    return fills


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_no_page_is_nearly_empty_but_the_last(name, documents, pdfs, tmp_path):
    top, bottom = margins(documents[name])
    fills = page_fill(pdfs[name], top, bottom, tmp_path)
    assert len(fills) > 10
    thin = {n: round(f, 2) for n, f in enumerate(fills[:-1], start=1) if f < 0.25}
    assert not thin, f"pages printed less than a quarter down (page: share): {thin}"


def test_page_numbers_on_a_template_whose_footer_had_none(documents, pdfs):
    pages = pdf_pages(pdfs["utan_sidetal"])
    total = len(pages)
    for page in pages[1:]:  # the cover has none
        text = " ".join(w for _, _, words in page.lines for w in words)
        assert f"Side {page.number} av {total}" in text, page.number
        assert "Fjordbotn kommune, Rådhusvegen 2" in text  # the template's own footer stays
    with zipfile.ZipFile(documents["utan_sidetal"]) as z:
        footers = [z.read(n).decode() for n in z.namelist() if n.startswith("word/footer")]
    assert sum(f.count(" PAGE ") for f in footers) == 1


def test_the_default_template_keeps_its_own_page_numbers(documents, pdfs):
    pages = pdf_pages(pdfs["nynorsk"])
    for page in pages[1:]:
        text = " ".join(w for _, _, words in page.lines for w in words)
        assert text.count(f"Side {page.number} av {len(pages)}") == 1, page.number
    doc = docx.Document(io.BytesIO(documents["nynorsk"].read_bytes()))
    instructions = [t.text.strip() for t in doc.sections[0].footer._element.iter(
        qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_no_heading_is_left_at_the_foot_of_a_page(name, documents, pdfs):
    """A heading keeps with what follows it, also right after a table (where LibreOffice
    ignores «keep with next» unless a paragraph stands between them)."""
    doc = docx.Document(str(documents[name]))
    headings = {" ".join(p.text.split()) for p in doc.paragraphs
                if p.style.name.startswith("Heading")}
    top, bottom = margins(documents[name])
    stranded = []
    for page in pdf_pages(pdfs[name]):
        lines = body_lines(page, top, bottom)
        if lines and lines[0] in (["Innhold"], ["Innhald"]):
            continue  # the table of contents: its entries are the headings' words
        if lines and " ".join(lines[-1]) in headings:
            stranded.append((page.number, " ".join(lines[-1])))
    assert not stranded, f"headings alone at the foot of a page: {stranded}"
