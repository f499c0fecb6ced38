"""`hp render --format pdf` and `--sidetall`, for real: LibreOffice makes the PDF, and the PDF is
read with pikepdf (another library than the pypdf hp reads it with) and pypdf's text extraction.

Each example is rendered once per module (two LibreOffice runs each); the tests read that PDF the
way an archive, a screen reader and a council member would. The error paths (no LibreOffice, a
LibreOffice that fails or hangs) use small stand-in programs: they test hp's handling, not
LibreOffice. Without LibreOffice the tests that need it are skipped, except in CI (CI is set),
where they fail: .ci/run installs it.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import stat
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pikepdf
import pytest
from docx.oxml.ns import qn
from helpers import EXAMPLE, NYNORSK_EXAMPLE
from pypdf import PdfReader
from typer.testing import CliRunner

from handlingsplan.cli import app
from handlingsplan.render import build, render
from handlingsplan.render import pdf as hp_pdf
from handlingsplan.render.word import TOC_LEVELS

POSIX = pytest.mark.skipif(os.name != "posix", reason="stand-in programs are shell scripts")


@pytest.fixture(scope="module")
def soffice() -> Path:
    try:
        return hp_pdf.find_soffice()
    except hp_pdf.LibreOfficeProblem:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is missing: .ci/run should have installed it")
        pytest.skip("LibreOffice (soffice) is not installed")


@dataclass
class Rendered:
    data: bytes  # the PDF
    runs: int  # LibreOffice runs it took


def _render_pdf(example: Path, folder: Path) -> Rendered:
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        output = render(example, 2027, fmt="pdf", out=folder)
    return Rendered(output.path.read_bytes(), output.libreoffice_runs)


def _shared(name: str, example: Path, factory: pytest.TempPathFactory) -> Rendered:
    """The PDF of an example, rendered once per test run: under pytest-xdist the workers
    share it through their common temporary folder (the first one renders, under a lock)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker is None or os.name != "posix":
        return _render_pdf(example, factory.mktemp(name))
    import fcntl

    folder = factory.getbasetemp().parent / f"pdf-{name}"
    folder.mkdir(exist_ok=True)
    with open(folder / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = folder / "runs"
        if not done.exists():
            rendered = _render_pdf(example, folder)
            done.write_text(str(rendered.runs))
            return rendered
        return Rendered((folder / "handlingsplan-2027.pdf").read_bytes(), int(done.read_text()))


@pytest.fixture(scope="module")
def bokmal(soffice, tmp_path_factory) -> Rendered:
    return _shared("bokmal", EXAMPLE, tmp_path_factory)


@pytest.fixture(scope="module")
def nynorsk(soffice, tmp_path_factory) -> Rendered:
    return _shared("nynorsk", NYNORSK_EXAMPLE, tmp_path_factory)


@pytest.fixture(scope="module", params=["bokmal", "nynorsk"])
def rendered(request) -> Rendered:
    return request.getfixturevalue(request.param)


def open_pdf(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))


def outline(pdf: pikepdf.Pdf, depth: int = TOC_LEVELS) -> list[tuple[str, int]]:
    """The outline (bookmarks) down to `depth` levels (by default those of the table of
    contents), in order: (title, 1-based index of the page it points to)."""
    pages = {page.objgen: n for n, page in enumerate(pdf.pages, 1)}
    found = []
    with pdf.open_outline() as tree:
        def walk(items, level):
            for item in items:
                dest = item.destination
                if isinstance(dest, pikepdf.Array):
                    found.append((item.title, pages[dest[0].objgen]))
                else:  # a named destination
                    found.append((item.title, pages[_named(pdf, dest)[0].objgen]))
                if level < depth:
                    walk(item.children, level + 1)
        walk(tree.root, 1)
    return found


def _named(pdf: pikepdf.Pdf, name) -> pikepdf.Array:
    dests = pdf.Root.get("/Dests")
    return dests[str(name)] if dests is not None else pikepdf.NameTree(
        pdf.Root.Names.Dests)[str(name)]


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def docx_headings(example: Path) -> list[str]:
    data = build(example, 2027, fmt="docx", out=Path("/tmp/ignored.docx")).data
    doc = docx.Document(io.BytesIO(data))
    return [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]


# --- archivable and accessible -----------------------------------------------------------------


def test_pdf_a_2_in_the_xmp_metadata(rendered):
    with open_pdf(rendered.data) as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2"
        assert meta["pdfaid:conformance"] in ("A", "B", "U")
        assert "/OutputIntents" in pdf.Root  # PDF/A needs its colour space


def test_tagged_with_a_structure_tree(rendered):
    with open_pdf(rendered.data) as pdf:
        assert bool(pdf.Root.MarkInfo.Marked) is True
        tree = pdf.Root.StructTreeRoot
        assert "/K" in tree and "/ParentTree" in tree
        kinds = set()

        def walk(element):
            if isinstance(element, pikepdf.Dictionary):
                if "/S" in element:
                    kinds.add(str(element.S))
                kids = element.get("/K")
                for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
                    walk(kid)

        walk(tree)
        assert {"/H1", "/H2", "/Table", "/TOC", "/Figure"} <= kinds


def test_document_language_from_the_malform(bokmal, nynorsk):
    with open_pdf(bokmal.data) as pdf:
        assert str(pdf.Root.Lang) == "nb-NO"
    with open_pdf(nynorsk.data) as pdf:
        assert str(pdf.Root.Lang) == "nn-NO"


def test_title_in_the_information_the_xmp_and_the_window(bokmal):
    title = "Handlingsplan 2027 – Omstillingsprogrammet i Straumsvik"
    with open_pdf(bokmal.data) as pdf:
        assert str(pdf.docinfo["/Title"]) == title
        assert pdf.open_metadata()["dc:title"] == title
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True


def test_the_headings_are_the_outline(bokmal):
    with open_pdf(bokmal.data) as pdf:
        titles = [title for title, _ in outline(pdf, depth=3)]
    assert titles == docx_headings(EXAMPLE)


def _figures(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    found = []

    def walk(element):
        if isinstance(element, pikepdf.Dictionary):
            if str(element.get("/S", "")) == "/Figure":
                found.append(element)
            kids = element.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
                walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return found


def test_every_figure_has_the_pictures_alt_text(bokmal):
    data = build(EXAMPLE, 2027, fmt="docx", out=Path("/tmp/ignored.docx")).data
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read("word/document.xml").decode("utf-8")
    from lxml import etree

    root = etree.fromstring(body.encode())
    wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    descr = [el.get("descr", "") for el in root.iter(f"{{{wp}}}docPr")]
    assert descr and all(descr), "every chart of the example has its alt text"
    with open_pdf(bokmal.data) as pdf:
        alts = [str(f.get("/Alt", "")) for f in _figures(pdf)]
    assert alts == descr


# --- page numbers ---------------------------------------------------------------------------------


def test_toc_numbers_are_the_pages_of_the_headings_and_the_footers(rendered):
    data = rendered.data
    texts = page_texts(data)
    total = len(texts)
    # the footer of every page but the cover: «Side N av M»
    footers = {}
    for n, text in enumerate(texts, 1):
        m = re.search(r"Side (\d+) av (\d+)", text)
        if n == 1:
            assert m is None  # no footer on the cover
            continue
        assert m is not None, f"page {n} has no footer: {text[-200:]}"
        footers[n] = int(m.group(1))
        assert int(m.group(2)) == total
    assert footers == {n: n for n in range(2, total + 1)}
    with open_pdf(data) as pdf:
        headings = outline(pdf)
    toc_title = re.compile(r"^Innh(?:old|ald)\s*$", re.M)  # bokmål, nynorsk
    toc_page = next(n for n, t in enumerate(texts, 1) if toc_title.search(t))
    first_heading_page = min(page for _, page in headings)
    toc = squash(" ".join(texts[toc_page - 1:first_heading_page - 1]))
    at = 0
    for title, page in headings:
        pattern = re.escape(squash(title)).replace(r"\ ", r"\s*") + r"\s*\.{3,}\s*(\d+)"
        m = re.compile(pattern).search(toc, at)
        assert m is not None, f"«{title}» with a number in the table of contents: {toc[at:]}"
        at = m.end()
        number = int(m.group(1))
        assert number == page == footers[page], title
        assert squash(title) in squash(texts[page - 1]), f"«{title}» is not on page {page}"


def test_pagination_does_not_move_when_the_numbers_are_added(rendered):
    # pass 1 had placeholder numbers, pass 2 the real ones and the same pages: two runs
    assert rendered.runs == 2


def test_the_docx_with_sidetall_has_the_page_numbers(bokmal):
    output = build(EXAMPLE, 2027, fmt="docx", page_numbers=True,
                   out=Path("/tmp/ignored.docx"))
    assert output.libreoffice_runs == 1
    doc = docx.Document(io.BytesIO(output.data))
    body = doc.element.body
    numbers = {}
    for link in body.iter(qn("w:hyperlink")):
        instr = "".join(t.text for t in link.iter(qn("w:instrText")))
        m = re.fullmatch(r" PAGEREF (\S+) \\h ", instr)
        assert m is not None and m.group(1) == link.get(qn("w:anchor"))
        shown = [t.text for t in link.iter(qn("w:t"))]
        assert link.find(f"{qn('w:r')}/{qn('w:tab')}") is not None
        numbers[m.group(1)] = int(shown[-1])
        tab = link.getparent().find(f"{qn('w:pPr')}/{qn('w:tabs')}/{qn('w:tab')}")
        assert tab.get(qn("w:val")) == "right" and tab.get(qn("w:leader")) == "dot"
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")
                and int(p.style.name.split()[1]) <= TOC_LEVELS]
    assert len(numbers) == len(headings)
    # the same numbers as in the PDF, where they are checked against the pages
    with open_pdf(bokmal.data) as pdf:
        pages = [page for _, page in outline(pdf)]
    assert list(numbers.values()) == pages
    # and a DOCX without --sidetall has neither numbers nor leaders (and needs no LibreOffice)
    plain = build(EXAMPLE, 2027, fmt="docx", out=Path("/tmp/ignored.docx"))
    assert plain.libreoffice_runs == 0
    plain_body = docx.Document(io.BytesIO(plain.data)).element.body
    assert not [t for t in plain_body.iter(qn("w:instrText")) if "PAGEREF" in t.text]


# --- the command line, and the same bytes twice ---------------------------------------------------


def test_the_cli_writes_the_same_pdf_under_its_default_name(bokmal, tmp_path, monkeypatch):
    root = tmp_path / "program"
    shutil.copytree(EXAMPLE, root)
    monkeypatch.chdir(root)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    result = CliRunner().invoke(app, ["render", "-y", "2027", "-f", "pdf"])
    assert result.exit_code == 0, result.output
    assert "PDF-en for 2027 er laget: ut/handlingsplan-2027.pdf" in result.output
    written = root / "ut" / "handlingsplan-2027.pdf"
    assert sorted(p.name for p in written.parent.iterdir()) == ["handlingsplan-2027.pdf"]
    assert written.read_bytes() == bokmal.data  # reproducible: byte for byte


def test_the_dates_are_the_documents_not_the_clock(bokmal):
    when = "2026-11-20T12:00:00"  # the plan's date at noon UTC, as in the DOCX
    with open_pdf(bokmal.data) as pdf:
        assert pdf.open_metadata()["xmp:CreateDate"].startswith(when)
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20261120120000")
        assert pdf.trailer.ID[0] == pdf.trailer.ID[1]


# --- no LibreOffice, or one that fails ------------------------------------------------------------


def _cli(*args: str | Path, env: dict | None = None):
    return CliRunner().invoke(app, [str(a) for a in args], env={"NO_COLOR": "1", **(env or {})})


@pytest.mark.parametrize("args", [["-f", "pdf"], ["--sidetall"]])
def test_hp_soffice_naming_nothing_is_exit_2_with_how_to_install(tmp_path, args):
    result = _cli("render", EXAMPLE, "-o", tmp_path, *args, env={"HP_SOFFICE": "/finnes/ikke"})
    assert result.exit_code == 2, result.output
    assert "HP_SOFFICE peker på «/finnes/ikke», men der finnes ikke noe program" in result.output
    assert "Installer LibreOffice" in result.output
    assert "libreoffice.org" in result.output and "apt install" in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_no_libreoffice_anywhere_is_exit_2(tmp_path, monkeypatch):
    monkeypatch.delenv("HP_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(hp_pdf, "usual_places", lambda: [tmp_path / "soffice"])
    result = _cli("render", EXAMPLE, "-o", tmp_path, "-f", "pdf")
    assert result.exit_code == 2, result.output
    assert "Finner ikke LibreOffice" in result.output and "HP_SOFFICE" in result.output


def test_the_docx_never_needs_libreoffice(tmp_path):
    result = _cli("render", EXAMPLE, "-o", tmp_path, env={"HP_SOFFICE": "/finnes/ikke"})
    assert result.exit_code == 0, result.output
    assert (tmp_path / "handlingsplan-2027.docx").is_file()


def test_sidetall_with_markdown_is_exit_2(tmp_path):
    result = _cli("render", EXAMPLE, "-o", tmp_path, "-f", "md", "--sidetall")
    assert result.exit_code == 2
    assert "Markdown har ingen sidetall" in result.output


def test_hp_soffice_may_name_the_folder_of_the_program(tmp_path, monkeypatch):
    program = _stand_in(tmp_path / "program", "exit 0")
    monkeypatch.setenv("HP_SOFFICE", str(program.parent))
    assert hp_pdf.find_soffice() == program
    monkeypatch.setenv("HP_SOFFICE", f' "{program}" ')  # as pasted from Windows' Explorer
    assert hp_pdf.find_soffice() == program
    monkeypatch.setenv("HP_SOFFICE", str(tmp_path / "program" / "ikke-et-program"))
    (tmp_path / "program" / "ikke-et-program").write_text("tekst")
    with pytest.raises(hp_pdf.LibreOfficeProblem, match="ikke er et program"):
        hp_pdf.find_soffice()


def _stand_in(folder: Path, script: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    program = folder / "soffice"
    program.write_text(f"#!/bin/sh\n{script}\n")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return program


@POSIX
def test_a_libreoffice_that_fails_is_exit_2_with_what_it_said(tmp_path):
    program = _stand_in(tmp_path / "lo", 'echo "Error: source file could not be loaded" >&2\n'
                                         "exit 1")
    result = _cli("render", EXAMPLE, "-o", tmp_path, "-f", "pdf",
                  env={"HP_SOFFICE": str(program)})
    assert result.exit_code == 2, result.output
    assert "LibreOffice kunne ikke lage PDF-en (avslutningskode 1)" in result.output
    assert "source file could not be loaded" in result.output
    assert not list(tmp_path.glob("*.pdf"))


@POSIX
def test_an_old_libreoffice_without_pdf_a_is_refused(tmp_path):
    # a plain PDF where a PDF/A-2 was asked for: what LibreOffice before 7.4 makes of the options
    plain = tmp_path / "plain.pdf"
    writer = pikepdf.new()
    writer.add_blank_page()
    writer.save(plain)
    script = ('for a; do last="$a"; done\nout=""\nprev=""\nfor a; do\n'
              '  [ "$prev" = "--outdir" ] && out="$a"\n  prev="$a"\ndone\n'
              f'cp "{plain}" "$out/$(basename "$last" .docx).pdf"')
    program = _stand_in(tmp_path / "lo", script)
    result = _cli("render", EXAMPLE, "-o", tmp_path, "-f", "pdf",
                  env={"HP_SOFFICE": str(program)})
    assert result.exit_code == 2, result.output
    assert "hp trenger LibreOffice 7.4 eller nyere" in result.output


@POSIX
def test_a_libreoffice_that_hangs_is_stopped_with_what_it_started(tmp_path, monkeypatch):
    pids = tmp_path / "pids"
    program = _stand_in(tmp_path / "lo", f"sleep 60 &\necho $! > {pids}\nwait")
    monkeypatch.setattr(hp_pdf, "TIMEOUT", 1)
    with hp_pdf.LibreOffice(program) as lo, \
            pytest.raises(hp_pdf.LibreOfficeProblem, match="ble ikke ferdig"):
        lo.convert(b"not really a docx")
    child = int(pids.read_text())
    deadline = time.monotonic() + 5
    while _running(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(child), "the child of the stand-in still runs"


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/stat")
    try:  # a zombie (killed, not yet reaped by init) does not run
        return status.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


# --- the pieces ----------------------------------------------------------------------------------


class _Layouts:
    """Stands in for LibreOffice in the page-number loop: the n-th conversion puts the headings
    on the n-th of the given layouts."""

    def __init__(self, layouts: list[dict[str, int]]):
        self.layouts = layouts
        self.numbered: list[dict[str, int]] = []

    def install(self, monkeypatch) -> None:
        layouts = self

        class FakeLibreOffice:
            def __init__(self, program):
                self.runs = 0

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                pass

            def convert(self, docx: bytes) -> bytes:
                self.runs += 1
                return str(min(self.runs, len(layouts.layouts)) - 1).encode()

        monkeypatch.setattr(hp_pdf, "LibreOffice", FakeLibreOffice)
        monkeypatch.setattr(hp_pdf, "heading_pages",
                            lambda data, marks, first: layouts.layouts[int(data)])

    def number(self, pages: dict[str, int]) -> bytes:
        self.numbered.append(pages)
        return b"docx with numbers"


def _paginate(layouts: _Layouts, want_pdf: bool = True):
    return hp_pdf.with_page_numbers(Path("soffice"), b"docx", ["_hp1", "_hp2"], 1,
                                    layouts.number, want_pdf=want_pdf,
                                    progress=lambda message: None)


def test_a_heading_moved_by_its_number_takes_another_run(monkeypatch):
    layouts = _Layouts([{"_hp1": 3, "_hp2": 9}, {"_hp1": 3, "_hp2": 10}])
    layouts.install(monkeypatch)
    _, made, runs = _paginate(layouts)
    assert runs == 3 and made == b"1"  # the third PDF: the numbers of the second layout
    assert layouts.numbered == [{"_hp1": 3, "_hp2": 9}, {"_hp1": 3, "_hp2": 10}]
    # the DOCX alone takes the first layout's numbers, from one run
    layouts = _Layouts([{"_hp1": 3, "_hp2": 9}])
    layouts.install(monkeypatch)
    assert _paginate(layouts, want_pdf=False)[1:] == (None, 1)


def test_numbers_that_never_settle_are_a_message_not_a_loop(monkeypatch):
    layouts = _Layouts([{"_hp1": 3, "_hp2": 9}, {"_hp1": 3, "_hp2": 10}] * 5)
    layouts.install(monkeypatch)
    with pytest.raises(hp_pdf.LibreOfficeProblem, match="blir ikke stående"):
        _paginate(layouts)
    assert len(layouts.numbered) == hp_pdf.MAX_RUNS - 1  # the last run's are never used


def test_destination_names_as_libreoffice_writes_them():
    assert hp_pdf.destination_name("_hp12") == "5Fhp12"
    assert hp_pdf.destination_name("a-b c") == "a-b20c"
    assert hp_pdf.destination_name("Å") == "C5"


def test_normalise_dates_the_whole_file_and_keeps_it_sound(bokmal):
    when = dt.datetime(2031, 2, 3, 4, 5, 6)
    out = hp_pdf.normalise(bokmal.data, when)
    assert out != bokmal.data
    PdfReader(io.BytesIO(out), strict=True).pages[0].extract_text()  # the offsets are right
    with open_pdf(out) as pdf:
        assert pdf.get_warnings() == []
        assert pdf.open_metadata()["xmp:CreateDate"].startswith("2031-02-03T04:05:06")
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20310203040506")
        profile = pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes()
        assert profile[24:36] == bytes.fromhex("07ef00020003000400050006")
        with open_pdf(bokmal.data) as original:
            assert len(pdf.pages) == len(original.pages)
    assert hp_pdf.normalise(out, when) == out
    assert hp_pdf.normalise(b"not a pdf", when) == b"not a pdf"


def test_validate_and_help_do_not_load_the_pdf_code():
    code = ("import sys\nfrom handlingsplan.cli import app\n"
            "try:\n    app(['validate', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('handlingsplan.render.pdf', 'pypdf') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, str(EXAMPLE)], capture_output=True,
                         text=True, env={**os.environ, "NO_COLOR": "1"})
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stderr
