"""Read one YAML file into plain Python values, remembering where every key and value stands.

The file is read through `files` (a regular file inside the programme, at most MAX_BYTES),
decoded as UTF-8, and parsed into events that `build` turns into values: no YAML tag constructs
an object, duplicate keys are reported, and depth and size are limited as the file is read.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handlingsplan.diagnostics import Diagnostic, Severity
from handlingsplan.loader import build
from handlingsplan.loader.build import MAX_DEPTH, MAX_NODES, Span

MAX_BYTES = 10 * 1024 * 1024  # a hand-written plan is a few hundred kB at most

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_NODES", "SourceFile", "Span", "read"]

PathKey = tuple[str, ...]


WHOLE_FILE = Span(1, 1, 1, 1)


def key_of(path: tuple) -> PathKey:
    """The normalised form of a path: every element as text (mapping keys and list indices)."""
    return tuple(str(p) for p in path)


@dataclass(slots=True)
class SourceFile:
    """A file of the programme: its text, its data and the positions of its keys and values."""

    rel: str  # relative to the programme root, with '/'
    path: Path
    text: str = ""
    data: Any = None
    keys: dict[PathKey, Span] = field(default_factory=dict)
    values: dict[PathKey, Span] = field(default_factory=dict)
    ok: bool = False  # read and parsed without errors

    def lines(self) -> list[str]:
        """The lines as YAML, Git and GitHub count them: broken at LF, CRLF and CR only."""
        return split_lines(self.text)

    def span(self, path: tuple = (), *, key: bool = False) -> Span:
        """Where the value (or with key=True the key) at `path` stands; the nearest enclosing
        place when the path does not exist (a missing key points at its parent mapping)."""
        p = key_of(path)
        while True:
            table = self.keys if key else self.values
            if p in table:
                return table[p]
            if key and p in self.values:
                return self.values[p]
            if not p:
                return WHOLE_FILE
            p = p[:-1]
            key = True  # the parent is best shown by its key

    def has(self, path: tuple) -> bool:
        return key_of(path) in self.values

    def diagnostic(
        self,
        code: str,
        message: str,
        path: tuple = (),
        *,
        key: bool = False,
        hint: str | None = None,
        severity: Severity = Severity.ERROR,
        at: Span | None = None,
    ) -> Diagnostic:
        s = at or self.span(path, key=key)
        return Diagnostic(code, severity, self.rel, s.line, s.column, message, hint,
                          s.end_line, s.end_column)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """Lines broken at LF, CRLF and CR only (str.splitlines() also breaks at \\v, \\f, NEL,
    U+2028 and more, which would shift the line numbers)."""
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


# ---------------------------------------------------------------------------------------------
# reading bytes


def _position_of_offset(raw: bytes, offset: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    line = raw.count(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


_ENCODING_HINT = (
    "Lagre filen som UTF-8: i Notisblokk velg Fil → Lagre som → Koding: UTF-8; "
    "i VS Code klikk kodingen nederst til høyre → Lagre med koding → UTF-8."
)


_BINARY = ((b"PK\x03\x04", "en Word- eller Excel-fil (eller et annet zip-arkiv), ikke tekst"),
           (b"%PDF", "en PDF-fil, ikke tekst"),
           (b"\x89PNG", "et bilde (PNG), ikke tekst"),
           (b"\xff\xd8\xff", "et bilde (JPEG), ikke tekst"),
           (b"\xd0\xcf\x11\xe0", "et gammelt Office-dokument (.doc eller .xls), ikke tekst"))


def _binary(raw: bytes) -> str | None:
    """What a file that is not text at all is (a Word file saved as .yaml, a picture)."""
    for magic, what in _BINARY:
        if raw.startswith(magic):
            return what
    return None


def _guess_encoding(raw: bytes) -> str:
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16: FF FE 00 00
        return "UTF-32"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "UTF-16 (Windows kaller det «Unicode»)"
    if b"\x00" in raw[:200]:
        head = raw[:200]
        if b"\x00\x00\x00" in head and (head[1:4] == b"\x00\x00\x00"
                                           or head[:3] == b"\x00\x00\x00"):
            return "UTF-32"
        return "UTF-16 (Windows kaller det «Unicode»)"
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return "ISO-8859-1 (Latin-1) eller en annen 8-bits koding"
    return "Windows-1252 (vanlig i eldre Windows-programmer og Excel)"


def decode(sf: SourceFile, raw: bytes) -> list[Diagnostic]:
    """Decode UTF-8 (with or without BOM) into sf.text; HP002 naming the likely encoding."""
    binary = _binary(raw)
    if binary is not None:
        return [sf.diagnostic("HP002", f"Filen er ikke en tekstfil; den ser ut til å være "
                                       f"{binary}.",
                              hint="Planfilene skal være YAML-tekst; sjekk at det er riktig "
                                   "fil.")]
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE,
                         codecs.BOM_UTF32_BE)) or b"\x00" in raw[:200]:
        # UTF-16 without a BOM is valid UTF-8 as long as it is ASCII (every other byte NUL)
        return [sf.diagnostic("HP002", f"Filen er ikke lagret som UTF-8; den ser ut til å være "
                                       f"{_guess_encoding(raw)}.", hint=_ENCODING_HINT)]
    try:
        sf.text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position_of_offset(raw, exc.start)
        bad = raw[exc.start:exc.start + 1]
        shown = bad.decode("cp1252", errors="replace")
        message = (f"Filen er ikke lagret som UTF-8; den ser ut til å være {_guess_encoding(raw)} "
                   f"(byte 0x{bad.hex().upper()}, «{shown}» i den kodingen, er ikke gyldig UTF-8).")
        return [Diagnostic("HP002", Severity.ERROR, sf.rel, line, column, message, _ENCODING_HINT)]
    return []


# ---------------------------------------------------------------------------------------------
# parsing

_SYNTAX_TRANSLATIONS = [
    ("mapping values are not allowed",
     "Kolon (:) er ikke tillatt her.",
     "En tekst som inneholder «: » må stå i anførselstegn, f.eks. tekst: \"Mål: 40 nye jobber\". "
     "Sjekk også innrykket på linjen over."),
    ("found a tab character",
     "Tabulator kan ikke brukes til innrykk i YAML.",
     "Bytt tabulatoren ut med mellomrom (to mellomrom per nivå)."),
    ("could not find expected ':'",
     "Fant ikke forventet kolon (:) etter en nøkkel.",
     "Hver linje i en tabell skal ha formen «nøkkel: verdi»."),
    ("found unexpected end of stream",
     "Filen slutter før et anførselstegn eller en parentes er lukket.",
     "Sjekk at alle \" og ' og [ ] og { } er lukket."),
    ("found unexpected end of file",
     "Filen slutter før et anførselstegn eller en parentes er lukket.",
     "Sjekk at alle \" og ' og [ ] og { } er lukket."),
    ("expected <block end>, but found '-'",
     "En listelinje (-) står med feil innrykk.",
     "Alle elementer i samme liste må ha like mye innrykk."),
    ("expected <block end>",
     "Innrykket stemmer ikke med linjene over.",
     "Elementer på samme nivå må ha nøyaktig like mange mellomrom foran seg."),
    ("did not find expected key",
     "Innrykket stemmer ikke med linjene over.",
     "Elementer på samme nivå må ha nøyaktig like mange mellomrom foran seg."),
    ("did not find expected '-' indicator",
     "En listelinje mangler bindestrek (-) eller har feil innrykk.",
     "Hvert element i en liste starter med «- » på samme innrykk."),
    ("',' or ']'",
     "En liste i hakeparenteser [ ] er ikke riktig avsluttet.",
     "Skill elementene med komma og lukk med ]. En tekst med komma må stå i anførselstegn."),
    ("',' or '}'",
     "En tabell i krøllparenteser { } er ikke riktig avsluttet.",
     "Skill parene med komma og lukk med }. En tekst med komma må stå i anførselstegn."),
    ("but found '<stream end>'",
     "Filen slutter før et anførselstegn eller en parentes er lukket.",
     "Sjekk at alle \" og ' og [ ] og { } er lukket."),
    ("found unknown escape character",
     "Ukjent tegn etter omvendt skråstrek (\\) i en tekst i doble anførselstegn.",
     "Skriv \\\\ for en omvendt skråstrek, eller bruk enkle anførselstegn rundt teksten."),
    ("expected alphabetic or numeric character",
     "Et anker (&) eller alias (*) mangler navn.",
     "Skriv navnet rett etter tegnet, f.eks. &felles og *felles; en tekst som begynner med & "
     "eller * må stå i anførselstegn."),
    ("found undefined alias",
     "Aliaset (*navn) viser til et anker (&navn) som ikke finnes.",
     "Definer ankeret med &navn før det brukes, eller skriv verdien ut."),
    ("found duplicate anchor",
     "Det samme ankernavnet (&navn) er brukt to ganger.",
     "Gi ankrene ulike navn."),
    ("expected node content",
     "En verdi mangler, eller en parentes er ikke lukket.",
     "Sjekk at alle [ ] og { } er lukket, og at det ikke står to komma etter hverandre."),
    ("expected the node content",
     "En verdi mangler, eller en parentes er ikke lukket.",
     "Sjekk at alle [ ] og { } er lukket, og at det ikke står to komma etter hverandre."),
    ("expected a single document",
     "Filen inneholder flere YAML-dokumenter (skilt med ---).",
     "Hver fil skal inneholde ett dokument; fjern den ekstra «---»-linjen."),
    ("found character",
     "Filen inneholder et tegn som ikke kan stå her.",
     "Sett teksten i anførselstegn, eller fjern tegnet."),
    ("special characters are not allowed",
     "Filen inneholder et kontrolltegn som ikke er tillatt i YAML.",
     "Fjern tegnet (det er ofte usynlig; prøv å skrive linjen på nytt)."),
    ("while scanning a quoted scalar",
     "Et anførselstegn er ikke lukket.",
     "Sjekk at teksten har anførselstegn både foran og bak."),
    ("while scanning a simple key",
     "Fant ikke forventet kolon (:) etter en nøkkel.",
     "Hver linje i en tabell skal ha formen «nøkkel: verdi»."),
    ("while parsing a block mapping",
     "Innrykket stemmer ikke med linjene over.",
     "Elementer på samme nivå må ha nøyaktig like mange mellomrom foran seg."),
]


def _syntax_diagnostic(sf: SourceFile, exc: Exception) -> Diagnostic:
    problem = str(getattr(exc, "problem", None) or "")
    context = str(getattr(exc, "context", None) or "")
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    lines = sf.lines()
    last = max((i for i, x in enumerate(lines, 1) if x.strip()), default=1)
    ran_off = mark is not None and mark.line + 1 > last
    if getattr(exc, "context_mark", None) is not None and (
            ran_off or "end of stream" in problem or "<stream end>" in problem
            or "while scanning a simple key" in context):
        # the parser gives up at the end of the file (or on the next line); what is wrong is
        # where the unclosed quote or bracket, or the key without a colon, begins
        mark = getattr(exc, "context_mark", None)
    line = (mark.line + 1) if mark is not None else 1
    column = (mark.column + 1) if mark is not None else 1
    if mark is None and hasattr(exc, "position"):  # ReaderError: offset into the text
        pos = exc.position
        line = sf.text.count("\n", 0, pos) + 1
        column = pos - (sf.text.rfind("\n", 0, pos) + 1) + 1
        problem = "special characters are not allowed"
    if line > len(lines) and any(x.strip() for x in lines):
        # the parser ran off the end of the file: show the end of its last line instead
        line = max(i for i, x in enumerate(lines, 1) if x.strip())
        column = len(lines[line - 1].rstrip()) + 1
    english = " ".join(x for x in (context, problem) if x) or str(exc).splitlines()[0]
    found = next((t for t in _SYNTAX_TRANSLATIONS if t[0] in problem), None) or next(
        (t for t in _SYNTAX_TRANSLATIONS if t[0] in context), None)
    here = _char_at(lines, line, column)
    if "cannot start any token" in problem:  # the C and Python parsers word this differently
        found = _TAB if here == "\t" else _BAD_START
    elif here == "-" and ("expected key" in problem or "<block end>" in problem):
        found = _LIST_LINE
    elif "escape character" in problem and here != "\\" and _char_at(lines, line, column - 1) \
            == "\\":
        column -= 1  # point at the backslash, as the C parser does
    if found:
        _, message, hint = found
    else:
        message, hint = f"YAML-syntaksfeil (på engelsk: {english}).", None
    return Diagnostic("HP001", Severity.ERROR, sf.rel, line, column, message, hint)


_OLD_YAML = re.compile(r"^%YAML[ \t]+1\.[01]\b.*$", re.M)
_TAB = ("", "Tabulator kan ikke brukes til innrykk i YAML.",
        "Bytt tabulatoren ut med mellomrom (to mellomrom per nivå).")
_BAD_START = ("", "Filen inneholder et tegn som ikke kan stå her.",
              "Sett teksten i anførselstegn, f.eks. \"@kommunen\".")
_LIST_LINE = ("", "En listelinje (-) står med feil innrykk.",
              "Alle elementer i samme liste må ha like mye innrykk, og en liste kan ikke stå "
              "blant «nøkkel: verdi»-linjer på samme nivå.")


def _char_at(lines: list[str], line: int, column: int) -> str:
    if 1 <= line <= len(lines) and 1 <= column <= len(lines[line - 1]):
        return lines[line - 1][column - 1]
    return ""


def events(text: str, pure: bool = False):
    """The parse events of a text: from ruamel.yaml's C parser (about ten times faster than
    the pure-Python one) when it is installed and `pure` is not asked for."""
    if not pure and USE_C:
        try:
            from _ruamel_yaml import CParser  # type: ignore[import-not-found]
        except ImportError:  # pragma: no cover - a Python without ruamel.yaml.clib
            pass
        else:
            parser = CParser(text)
            try:
                while True:
                    ev = parser.get_event()
                    yield ev
                    if ev.__class__.__name__ == "StreamEndEvent":
                        return
            finally:
                parser.dispose()
    from ruamel.yaml import YAML

    yield from YAML(typ="safe", pure=True).parse(text)


USE_C = True

# YAML 1.1 and ruamel.yaml read NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR as line breaks;
# YAML 1.2, Git and GitHub do not. They are swapped for private-use characters while parsing
# (and swapped back in the values), so that every later line number stays right.
_SEPARATORS = "\x85\u2028\u2029"


def _hide_separators(text: str) -> tuple[str, dict[int, int] | None]:
    if not any(c in text for c in _SEPARATORS):
        return text, None
    hide: dict[int, int] = {}
    candidate = 0xF0000  # supplementary private use area: printable for YAML
    for sep in _SEPARATORS:
        while chr(candidate) in text:
            candidate += 1
        hide[ord(sep)] = candidate
        candidate += 1
    return text.translate(hide), {v: k for k, v in hide.items()}


def parse(sf: SourceFile) -> list[Diagnostic]:
    """Parse sf.text into sf.data with positions; syntax problems as diagnostics."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    directive = _OLD_YAML.search(sf.text)
    if directive:  # YAML 1.1 would read `no` as false and 010 as 8
        line = sf.text.count("\n", 0, directive.start()) + 1
        return [Diagnostic("HP001", Severity.ERROR, sf.rel, line, 1,
                           "hp leser YAML 1.2; filen ber om en eldre YAML-versjon.",
                           f"Fjern linjen «{directive.group(0).strip()}».")]
    text, restore = _hide_separators(sf.text)
    builder = build.Builder(sf.rel, sf.keys, sf.values, restore)
    try:
        sf.data = builder.run(events(text))
    except build.TooBig as exc:
        sf.data = None
        return [Diagnostic("HP005", Severity.ERROR, sf.rel, exc.line, exc.column, str(exc),
                           exc.hint)]
    except (MarkedYAMLError, YAMLError) as exc:
        sf.data = None
        return [_syntax_diagnostic(sf, exc)]
    return builder.diagnostics


def read(path: Path, rel: str, root: Path | None = None) -> tuple[SourceFile, list[Diagnostic]]:
    """Read, decode and parse one file. Never raises for bad content: a file that is not a
    regular file inside `root` (default: its own folder), or larger than MAX_BYTES, is HP005."""
    from handlingsplan.files import Refused, read_bytes

    sf = SourceFile(rel=rel, path=path)
    try:
        raw = read_bytes(path, root=root if root is not None else Path(path).parent,
                         limit=MAX_BYTES)
    except Refused as exc:
        if exc.reason == "missing":
            return sf, [sf.diagnostic("HP004", "Filen mangler (den er en lenke til en fil som "
                                               "ikke finnes).", hint="Erstatt lenken med filen.")]
        return sf, [sf.diagnostic("HP005", exc.message, hint=exc.hint)]
    return sf, _decode_and_parse(sf, raw)


def from_bytes(raw: bytes, rel: str) -> tuple[SourceFile, list[Diagnostic]]:
    """Decode and parse a file's bytes that came from elsewhere than the disk (a Git blob),
    with the same limits as `read`: at most MAX_BYTES, the same depth, size and alias rules."""
    sf = SourceFile(rel=rel, path=Path(rel))
    if len(raw) > MAX_BYTES:
        size = f"{len(raw) / 1024 / 1024:.1f}".replace(".", ",")
        limit = f"{MAX_BYTES / 1024 / 1024:.1f}".replace(".", ",")
        return sf, [sf.diagnostic("HP005", f"Filen er for stor ({size} MB); hp leser filer på "
                                           f"inntil {limit} MB.")]
    return sf, _decode_and_parse(sf, raw)


def _decode_and_parse(sf: SourceFile, raw: bytes) -> list[Diagnostic]:
    problems = decode(sf, raw)
    if problems:
        return problems
    problems = parse(sf)
    sf.ok = not any(d.severity is Severity.ERROR for d in problems)
    return problems
