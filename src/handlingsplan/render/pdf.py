"""PDF through LibreOffice: find `soffice`, turn our own DOCX into a tagged PDF/A-2, read the
page each heading landed on, and make the result as reproducible as the DOCX.

LibreOffice is an outside program, looked for only when a PDF (or page numbers in the Word
document's table of contents) is asked for; this module is imported only then. Every run of hp
gets a private temporary folder holding the DOCX, the PDF and LibreOffice's own user profile, so
that parallel runs, and a desktop LibreOffice that is already open, never meet.

Page numbers take two conversions (`with_page_numbers`): LibreOffice keeps the text of a table of
contents as Word left it and does not fill in page references inside it. So the first run has
the entries with a placeholder number of the same width, the page of each heading is read from
the PDF's named destinations (our heading bookmarks), the numbers are written into the entries,
and the second run makes the PDF. The second PDF is read as well: if a heading moved after all,
the numbers are written again and LibreOffice runs once more (at most MAX_RUNS in all).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from handlingsplan.errors import HpError

ENV = "HP_SOFFICE"
TIMEOUT = 120  # seconds for one conversion; a first run with a new profile takes about 3
MAX_PDF_BYTES = 512 * 1024 * 1024
MAX_RUNS = 4  # conversions for one document with page numbers (normally 2)

INSTALL_HINT = (
    "Installer LibreOffice (gratis): på Windows og macOS fra "
    "https://www.libreoffice.org/download/ (eller «brew install --cask libreoffice» på macOS), "
    "på Linux med pakkene til distribusjonen (Debian og Ubuntu: «sudo apt install "
    "libreoffice-writer»). Ligger programmet et annet sted, oppgi det i miljøvariabelen "
    "HP_SOFFICE. Word-dokumentet (--format docx) trenger ikke LibreOffice.")

# writer_pdf_Export's options (LibreOffice 7.4 and newer read them as JSON on the command line)
EXPORT_OPTIONS: dict[str, tuple[str, str]] = {
    "SelectPdfVersion": ("long", "2"),  # PDF/A-2b: archivable
    "UseTaggedPDF": ("boolean", "true"),  # structure for screen readers
    "ExportBookmarks": ("boolean", "true"),  # the headings as the PDF's outline
    "ExportBookmarksToPDFDestination": ("boolean", "true"),  # and as named destinations
    "DisplayPDFDocumentTitle": ("boolean", "true"),  # the title, not the file name
    "UseLosslessCompression": ("boolean", "true"),  # charts stay sharp (no JPEG)
    "ReduceImageResolution": ("boolean", "false"),
    "IsSkipEmptyPages": ("boolean", "false"),  # every page counted, as the footer counts
    "ExportNotes": ("boolean", "false"),
    "ExportFormFields": ("boolean", "false"),
}


class LibreOfficeProblem(HpError):
    """LibreOffice is missing, or could not make the PDF."""


# --- finding LibreOffice ----------------------------------------------------------------------


def usual_places() -> list[Path]:
    """Where LibreOffice's installers put `soffice` when it is not on PATH."""
    if sys.platform == "win32":
        roots = [os.environ.get(v) for v in ("ProgramFiles", "ProgramW6432",
                                             "ProgramFiles(x86)")]
        roots += [r"C:\Program Files", r"C:\Program Files (x86)"]
        return [Path(r) / "LibreOffice" / "program" / "soffice.exe"
                for r in dict.fromkeys(r for r in roots if r)]
    if sys.platform == "darwin":
        places = [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")]
        with contextlib.suppress(RuntimeError):  # no home folder
            places.append(Path.home() / "Applications/LibreOffice.app/Contents/MacOS/soffice")
        return places
    # The Document Foundation's own .deb/.rpm packages: /opt/libreoffice7.6/program/soffice
    return sorted(Path("/opt").glob("libreoffice*/program/soffice"), reverse=True)


def _is_program(path: Path) -> bool:
    try:
        return path.is_file() and os.access(path, os.X_OK)
    except OSError:
        return False


def _program_in(path: Path) -> Path | None:
    """`path` if it is a program; in a folder, the soffice inside it."""
    if _is_program(path):
        return path
    if path.is_dir():
        for rel in ("soffice", "soffice.exe", "program/soffice", "program/soffice.exe",
                    "Contents/MacOS/soffice"):
            if _is_program(path / rel):
                return path / rel
    return None


def find_soffice() -> Path:
    """LibreOffice's `soffice`: the program HP_SOFFICE names when it is set, else `soffice`
    (or `libreoffice`) on PATH, else in its usual install places. LibreOfficeProblem when
    there is none."""
    named = os.environ.get(ENV, "").strip().strip('"').strip()  # quotes pasted from Windows
    if named:
        path = Path(named).expanduser()
        found = _program_in(path)
        if found is not None:
            return found
        if path.exists():
            raise LibreOfficeProblem(f"HP_SOFFICE peker på «{named}», som ikke er et program "
                                     "som kan kjøres.", INSTALL_HINT)
        raise LibreOfficeProblem(f"HP_SOFFICE peker på «{named}», men der finnes ikke noe "
                                 "program. hp trenger LibreOffice for å lage PDF.",
                                 INSTALL_HINT)
    for name in ("soffice", "libreoffice"):
        hit = shutil.which(name)
        if hit:
            return Path(hit)
    for place in usual_places():
        if _is_program(place):
            return place
    raise LibreOfficeProblem("Finner ikke LibreOffice, som hp trenger for å lage PDF og "
                             "sidetall til innholdsfortegnelsen.", INSTALL_HINT)


# --- converting -------------------------------------------------------------------------------


def _filter() -> str:
    options = {k: {"type": t, "value": v} for k, (t, v) in EXPORT_OPTIONS.items()}
    return "pdf:writer_pdf_Export:" + json.dumps(options, separators=(",", ":"))


def _said(out: bytes, err: bytes) -> str:
    """The last of what LibreOffice printed, for a message (made safe to show)."""
    from handlingsplan.output.safe import visible

    lines = [line.strip() for line in (out + b"\n" + err).decode("utf-8", "replace").splitlines()
             if line.strip() and "javaldx" not in line]
    text = " ".join(lines[-3:])
    return visible(text[-300:])


def _kill(proc: subprocess.Popen) -> None:
    """Stop LibreOffice and what it started (soffice is a launcher of soffice.bin)."""
    with contextlib.suppress(OSError):
        if os.name == "posix":
            os.killpg(proc.pid, signal.SIGKILL)  # its own process group: start_new_session
        else:  # pragma: no cover - Windows
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            proc.kill()
    with contextlib.suppress(subprocess.TimeoutExpired, OSError, ValueError):
        proc.communicate(timeout=10)


class LibreOffice:
    """One private LibreOffice for the conversions of one document:

        with LibreOffice(find_soffice()) as lo:
            pdf = lo.convert(docx)
    """

    def __init__(self, program: Path):
        self.program = program
        self.runs = 0
        self._dir: Path | None = None

    def __enter__(self) -> LibreOffice:
        self._dir = Path(tempfile.mkdtemp(prefix="hp-libreoffice-")).resolve()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    def convert(self, docx: bytes) -> bytes:
        """The DOCX as a tagged PDF/A-2 (raises LibreOfficeProblem)."""
        from handlingsplan.files import Refused, read_bytes, write_atomic

        assert self._dir is not None, "use LibreOffice(...) in a with statement"
        self.runs += 1
        name = f"handlingsplan-{self.runs}"
        source = self._dir / f"{name}.docx"
        outdir = self._dir / "pdf"
        try:
            outdir.mkdir(exist_ok=True)
            write_atomic(source, docx)
        except (Refused, OSError) as exc:
            why = exc.message if isinstance(exc, Refused) else str(exc)
            raise LibreOfficeProblem(f"Kan ikke lage den midlertidige filen til LibreOffice: "
                                     f"{why}", "Sjekk at det er plass i den midlertidige "
                                     "mappen (TMP/TEMP).") from None
        profile = (self._dir / "profil").as_uri()
        cmd = [str(self.program), f"-env:UserInstallation={profile}", "--headless",
               "--norestore", "--nologo", "--nodefault", "--nolockcheck",
               "--convert-to", _filter(), "--outdir", str(outdir), str(source)]
        out, err, code = self._run(cmd)
        target = outdir / f"{name}.pdf"
        if code != 0 or not target.exists():
            said = _said(out, err)
            raise LibreOfficeProblem(
                f"LibreOffice kunne ikke lage PDF-en (avslutningskode {code})"
                + (f"; LibreOffice skrev: «{said}»." if said else "."),
                f"Sjekk at «{self.program}» er LibreOffice og at det virker: åpne et "
                "dokument i LibreOffice og eksporter det som PDF.")
        try:
            data = read_bytes(target, root=self._dir, limit=MAX_PDF_BYTES)
        except Refused as exc:
            raise LibreOfficeProblem(f"PDF-en fra LibreOffice kan ikke leses: {exc.message}",
                                     exc.hint) from None
        _check_archivable(data)
        return data

    def _run(self, cmd: list[str]) -> tuple[bytes, bytes, int]:
        extra: dict = ({"start_new_session": True} if os.name == "posix" else
                       {"creationflags": getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)})
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, cwd=self._dir, **extra)
        except OSError as exc:
            from handlingsplan.files.read import reason_text

            raise LibreOfficeProblem(f"LibreOffice («{self.program}») kan ikke startes: "
                                     f"{reason_text(exc)}.", INSTALL_HINT) from None
        try:
            out, err = proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise LibreOfficeProblem(
                f"LibreOffice ble ikke ferdig med PDF-en på {TIMEOUT} sekunder og ble stoppet.",
                "Prøv igjen. Skjer det igjen, sjekk at LibreOffice virker: åpne et dokument "
                "i LibreOffice og eksporter det som PDF.") from None
        except BaseException:  # Ctrl-C: LibreOffice is in its own group and did not get it
            _kill(proc)
            raise
        return out, err, proc.returncode


def _check_archivable(data: bytes) -> None:
    """LibreOffice before 7.4 ignores the export options it gets as JSON and makes a plain
    PDF: say so rather than hand over a PDF that is not what was promised."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        root: Any = reader.trailer["/Root"]
        metadata = root.get("/Metadata")
        xmp = metadata.get_object().get_data() if metadata is not None else b""
        ok = ("/StructTreeRoot" in root and "/MarkInfo" in root
              and re.search(rb"pdfaid:part(>|=\"|=')2", xmp) is not None)
    except Exception:  # pypdf raises many kinds for a broken file
        ok = False
    if not ok:
        raise LibreOfficeProblem("LibreOffice laget ikke en arkivbar PDF (PDF/A-2 med tagget "
                                 "struktur); hp trenger LibreOffice 7.4 eller nyere.",
                                 "Oppdater LibreOffice. " + INSTALL_HINT)


# --- the pages of the headings ----------------------------------------------------------------


def destination_name(bookmark: str) -> str:
    """The name LibreOffice gives a bookmark's destination in a PDF: ASCII letters, digits and
    '-' as they are, any other character as hex digits (its high byte only when it has one):
    `_hp1` → `5Fhp1` (vcl's appendDestinationName)."""
    out = []
    for c in bookmark:
        if c.isascii() and (c.isalnum() or c == "-"):
            out.append(c)
        else:
            n = ord(c) & 0xFFFF
            if 0 < (n >> 8) < 0x80:
                out.append(f"{n >> 8:02X}")
            out.append(f"{n & 0xFF:02X}")
    return "".join(out)


def heading_pages(data: bytes, bookmarks: Iterable[str], first: int = 1) -> dict[str, int]:
    """The page number of each bookmark (heading) in a PDF from LibreOffice, counting the
    first page as `first` (as the footer's PAGE field does)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    dests = {str(k).lstrip("/"): v for k, v in reader.named_destinations.items()}
    pages = {}
    for bookmark in bookmarks:
        dest = dests.get(destination_name(bookmark))
        index = reader.get_destination_page_number(dest) if dest is not None else None
        if index is None or index < 0:
            raise LibreOfficeProblem(f"Finner ikke siden til overskriften «{bookmark}» i PDF-en "
                                     "fra LibreOffice.", "Dette er en feil i hp; meld gjerne "
                                     "fra, og bruk Word-dokumentet så lenge.")
        pages[bookmark] = index + first
    return pages


def with_page_numbers(program: Path, docx: bytes, bookmarks: list[str], first: int,
                      number: Callable[[dict[str, int]], bytes], *, want_pdf: bool,
                      progress: Callable[[str], None]) -> tuple[bytes, bytes | None, int]:
    """Fill the table of contents with page numbers.

    `docx` has the entries with placeholder numbers; `number(pages)` gives the DOCX with
    those pages written into the entries. Returns (the DOCX with numbers, the PDF of it when
    `want_pdf`, how many times LibreOffice ran). For the DOCX alone LibreOffice runs once; for
    the PDF until the numbers in it are the pages its headings are on (twice, unless the
    numbers themselves move a heading)."""
    with LibreOffice(program) as lo:
        if not bookmarks:  # no table of contents
            if not want_pdf:
                return docx, None, 0
            progress("Lager PDF med LibreOffice …")
            return docx, lo.convert(docx), lo.runs
        progress("Lager PDF med LibreOffice …" if want_pdf
                 else "Finner sidetallene med LibreOffice …")
        current, shown = docx, None
        while True:
            pdf = lo.convert(current)
            found = heading_pages(pdf, bookmarks, first)
            if found == shown:  # the numbers in this PDF are the pages of its headings
                return current, pdf, lo.runs
            if not want_pdf:
                return number(found), None, lo.runs
            if lo.runs >= MAX_RUNS:
                raise LibreOfficeProblem(
                    "Sidetallene i innholdsfortegnelsen blir ikke stående: hver gang de settes "
                    "inn, flytter en overskrift seg til en annen side.",
                    "Lag Word-dokumentet (--format docx), og lag PDF-en fra Word.")
            current, shown = number(found), found
            progress(f"Lager PDF med LibreOffice ({lo.runs + 1}. gang, med sidetallene) …")


# --- reproducible bytes -----------------------------------------------------------------------

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_INFO_DATE = re.compile(rb"/(?:CreationDate|ModDate)\s*\(D:(\d{14})([^)]*)\)")
_XMP_DATE = re.compile(rb"<xmp:(?:CreateDate|ModifyDate|MetadataDate)>"
                       rb"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)([^<]*)<")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")


def _utc_like(zone: bytes) -> bytes:
    """A time zone suffix meaning UTC, as long as `zone` (Z' stays; +01'00' → +00'00')."""
    return re.sub(rb"\d", b"0", zone).replace(b"-", b"+")


def normalise(data: bytes, when: dt.datetime) -> bytes:
    """The PDF with the dates LibreOffice took from the clock set to `when` (naive UTC): the
    creation date in the document information and the XMP metadata, the creation date in the
    header of the embedded sRGB colour profile, and the file identifier (/ID), which becomes a
    hash of the content. LibreOffice has no option for any of these.

    Only LibreOffice's own layout is handled (one cross-reference table, no updates); anything
    else is returned as it is."""
    try:
        return _normalise(data, when)
    except (ValueError, KeyError, IndexError, zlib.error, struct.error):
        return data


class _Unexpected(ValueError):
    """Not the file layout this code knows."""


def _xref(data: bytes) -> tuple[int, dict[int, tuple[int, int]]]:
    """(where the table starts, object number → (offset, position of its offset field))."""
    m = _STARTXREF.search(data, max(0, len(data) - 2048))
    if m is None:
        raise _Unexpected("no startxref")
    at = int(m.group(1))
    if not data.startswith(b"xref", at):
        raise _Unexpected("a cross-reference stream")
    pos = data.index(b"\n", at) + 1
    objects: dict[int, tuple[int, int]] = {}
    while True:
        line_end = data.index(b"\n", pos)
        header = data[pos:line_end].split()
        if header[:1] == [b"trailer"]:
            break
        start, count = int(header[0]), int(header[1])
        pos = line_end + 1
        for i in range(count):
            entry = data[pos:pos + 20]
            if len(entry) != 20 or entry[17:18] not in (b"n", b"f"):
                raise _Unexpected("xref entry")
            if entry[17:18] == b"n":
                objects[start + i] = (int(entry[:10]), pos)
            pos += 20
    trailer = data[pos:m.start()]
    if b"/Prev" in trailer or b"/XRefStm" in trailer:
        raise _Unexpected("an updated file")
    return at, objects


def _object_at(data: bytes, offset: int, number: int) -> re.Match:
    m = re.compile(rb"%d\s+0\s+obj\s*" % number).match(data, offset)
    if m is None:
        raise _Unexpected(f"object {number}")
    return m


def _normalise(data: bytes, when: dt.datetime) -> bytes:
    xref_at, objects = _xref(data)
    stamp = when.strftime("%Y%m%d%H%M%S").encode()
    splices: list[tuple[int, int, bytes]] = []  # (start, end, new bytes), in the original
    for m in _INFO_DATE.finditer(data, 0, xref_at):
        splices.append((m.start(1), m.end(2), stamp + _utc_like(m.group(2))))
    xmp_stamp = when.strftime("%Y-%m-%dT%H:%M:%S").encode()
    for m in _XMP_DATE.finditer(data, 0, xref_at):
        splices.append((m.start(1), m.end(2), xmp_stamp + _utc_like(m.group(2))))
    splices += _colour_profile(data, objects, when)
    splices.sort()
    out, shifts, last = [], [], 0
    for start, end, new in splices:
        if start < last:
            raise _Unexpected("overlapping changes")
        out += [data[last:start], new]
        shifts.append((start, len(new) - (end - start)))
        last = end
    out.append(data[last:])
    result = bytearray(b"".join(out))

    def moved(offset: int) -> int:
        return offset + sum(delta for at, delta in shifts if at < offset)

    for offset, field in objects.values():
        result[moved(field):moved(field) + 10] = b"%010d" % moved(offset)
    tail = _STARTXREF.search(result, max(0, len(result) - 2048))
    assert tail is not None
    result[tail.start(1):tail.end(1)] = b"%d" % moved(xref_at)
    # the identifier: a hash of everything but itself
    digest = hashlib.md5(bytes(result[:moved(xref_at)]), usedforsecurity=False)
    hexed = digest.hexdigest().upper().encode()
    trailer_at = moved(xref_at)
    for pattern in (_ID, _CHECKSUM):
        found = pattern.search(result, trailer_at)
        if found is None:
            continue
        for group in range(1, (found.lastindex or 0) + 1):
            length = found.end(group) - found.start(group)
            result[found.start(group):found.end(group)] = (hexed * 2)[:length]
    return bytes(result)


def _colour_profile(data: bytes, objects: dict[int, tuple[int, int]],
                    when: dt.datetime) -> list[tuple[int, int, bytes]]:
    """The splices that date the output intent's ICC profile `when` (LibreOffice has lcms
    make it on the spot, stamped with the clock)."""
    m = re.search(rb"/DestOutputProfile\s+(\d+)\s+0\s+R", data)
    if m is None:
        return []
    number = int(m.group(1))
    head = _object_at(data, objects[number][0], number)
    dict_end = data.index(b">>", head.end())
    header = data[head.end():dict_end]
    if b"/FlateDecode" not in header or b"/DecodeParms" in header:
        return []
    stream = re.compile(rb">>\s*stream\r?\n").match(data, dict_end)
    if stream is None:
        raise _Unexpected("stream")
    indirect = re.search(rb"/Length\s+(\d+)\s+0\s+R", header)
    direct = re.search(rb"/Length\s+(\d+)(?!\s+\d+\s+R)", header)
    if indirect is not None:
        length_number = int(indirect.group(1))
        length_obj = _object_at(data, objects[length_number][0], length_number)
        digits = re.compile(rb"\d+").match(data, length_obj.end())
        if digits is None:
            raise _Unexpected("length object")
        length_span = digits.span()
    elif direct is not None:
        length_span = (head.end() + direct.start(1), head.end() + direct.end(1))
    else:
        raise _Unexpected("no length")
    length = int(data[length_span[0]:length_span[1]])
    start = stream.end()
    profile = bytearray(zlib.decompress(data[start:start + length]))
    if len(profile) < 128 or profile[36:40] != b"acsp" or any(profile[84:100]):
        return []  # not an ICC profile, or one with an MD5 identifier over its header
    profile[24:36] = struct.pack(">6H", when.year, when.month, when.day, when.hour,
                                 when.minute, when.second)
    packed = zlib.compress(bytes(profile), 9)
    return [(start, start + length, packed),
            (length_span[0], length_span[1], str(len(packed)).encode())]
