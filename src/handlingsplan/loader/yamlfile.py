"""Read one YAML file into plain Python values, remembering where every key and value stands.

ruamel.yaml composes the node graph (with marks); we turn nodes into values ourselves, so that
no YAML tag ever constructs an object, duplicate keys are reported instead of silently
overwritten, and anchors/aliases cannot blow up memory ("billion laughs").
"""

from __future__ import annotations

import codecs
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from handlingsplan.diagnostics import Diagnostic, Severity

MAX_BYTES = 10 * 1024 * 1024  # a hand-written plan is a few hundred kB at most
MAX_NODES = 200_000  # values after alias expansion
MAX_DEPTH = 64  # nesting of mappings and lists

PathKey = tuple[str, ...]


class Span(NamedTuple):
    """A 1-based region of a file."""

    line: int
    column: int
    end_line: int
    end_column: int


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
        return self.text.splitlines()

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


def _guess_encoding(raw: bytes) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "UTF-16 (Windows kaller det «Unicode»)"
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "UTF-32"
    if b"\x00" in raw[:200]:
        return "UTF-16 (Windows kaller det «Unicode»)"
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return "ISO-8859-1 (Latin-1) eller en annen 8-bits koding"
    return "Windows-1252 (vanlig i eldre Windows-programmer og Excel)"


def decode(sf: SourceFile, raw: bytes) -> list[Diagnostic]:
    """Decode UTF-8 (with or without BOM) into sf.text; HP002 naming the likely encoding."""
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
    lines = sf.text.splitlines()
    last = max((i for i, x in enumerate(lines, 1) if x.strip()), default=1)
    ran_off = mark is not None and mark.line + 1 > last
    if getattr(exc, "context_mark", None) is not None and (
            ran_off or "end of stream" in problem or "<stream end>" in problem
            or "while scanning a simple key" in context):
        # the parser gives up at the end of the file (or on the next line); what is wrong is
        # where the unclosed quote or bracket, or the key without a colon, begins
        mark = exc.context_mark
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


def _make_yaml(pure: bool = False):
    """A composer for `parse`: the C parser (ruamel.yaml.clib) when installed, about ten times
    faster than the pure-Python one; either way no implicit typing (see _plain)."""
    from ruamel.yaml import YAML

    y = YAML(typ="safe", pure=pure)
    y.Resolver = _plain_resolver()
    y.allow_duplicate_keys = True  # we report duplicates ourselves (HP003)
    return y


def _plain_resolver() -> type:
    """The resolver class, made on first use so that ruamel.yaml is imported lazily."""
    global _PLAIN_RESOLVER
    if _PLAIN_RESOLVER is None:
        from ruamel.yaml.resolver import BaseResolver

        class PlainResolver(BaseResolver):
            """Every value untyped: plain scalars get the default tag, which _plain() types by
            the YAML 1.2 core schema. Explicit tags are the only other tags a node can have."""

            processing_version = (1, 2)  # asked by the Python scanner

            def __init__(self, version: Any = None, loader: Any = None,
                         loadumper: Any = None) -> None:
                super().__init__(loadumper or loader)

        _PLAIN_RESOLVER = PlainResolver
        _DEFAULT_TAGS.update(id(t) for t in (BaseResolver.DEFAULT_SCALAR_TAG,
                                             BaseResolver.DEFAULT_SEQUENCE_TAG,
                                             BaseResolver.DEFAULT_MAPPING_TAG))
    return _PLAIN_RESOLVER


_PLAIN_RESOLVER = None
_DEFAULT_TAGS: set[int] = set()


_YAML = None


def _composer():
    global _YAML
    if _YAML is None:
        _YAML = _make_yaml()
    return _YAML


class _TooBig(Exception):
    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.line, self.column = line, column


def parse(sf: SourceFile) -> list[Diagnostic]:
    """Parse sf.text into sf.data with positions; syntax problems as diagnostics."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    directive = _OLD_YAML.search(sf.text)
    if directive:  # YAML 1.1 would read `no` as false and 010 as 8
        line = sf.text.count("\n", 0, directive.start()) + 1
        return [Diagnostic("HP001", Severity.ERROR, sf.rel, line, 1,
                           "hp leser YAML 1.2; filen ber om en eldre YAML-versjon.",
                           f"Fjern linjen «{directive.group(0).strip()}».")]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. a reused anchor: reported as HP001 below
            node = _composer().compose(sf.text)
    except RecursionError:
        return [sf.diagnostic("HP005", f"Filen er nøstet for dypt (mer enn {MAX_DEPTH} nivåer).",
                              hint="En handlingsplan har noen få nivåer; sjekk innrykket.")]
    except (MarkedYAMLError, YAMLError) as exc:
        return [_syntax_diagnostic(sf, exc)]
    if node is None:
        sf.data = None
        return []
    converter = _Converter(sf)
    try:
        if _has_aliases(sf.text):
            converter.check_size(node)
        sf.data = converter.convert(node, (), 0)
    except _TooBig as exc:
        sf.data = None
        return [Diagnostic("HP005", Severity.ERROR, sf.rel, exc.line, exc.column, str(exc),
                           "Skriv verdiene ut i stedet for å bruke mange ankre og alias (&, *).")]
    return converter.diagnostics


_YAML_TAG = "tag:yaml.org,2002:"
_STR_TAG = _YAML_TAG + "str"
_MERGE_TAG = _YAML_TAG + "merge"
_KNOWN_TAGS = {_YAML_TAG + t for t in ("int", "float", "bool", "null", "str", "timestamp", "map",
                                        "seq", "merge", "binary", "omap", "set", "pairs")}

# Plain scalars are resolved here by the YAML 1.2 core schema (the parser resolves nothing):
# `no` and `yes` stay text, 010 is ten, 2027-03-01 is text that the date type parses.
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False,
          "FALSE": False}
_INT = re.compile(r"[-+]?[0-9][0-9_]*|0o[0-7_]+|0x[0-9a-fA-F_]+")  # 1_000 as ruamel reads it
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?"
                    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")


def _span(node) -> Span:
    s, e = node.start_mark, node.end_mark
    return Span(s.line + 1, s.column + 1, e.line + 1, e.column + 1)


def _int(text: str) -> int | str:
    t = text.replace("_", "")
    sign = -1 if t.startswith("-") else 1
    t = t.lstrip("+-")
    try:
        if t[:2] in ("0x", "0X"):
            return sign * int(t[2:], 16)
        if t[:2] in ("0o", "0O"):
            return sign * int(t[2:], 8)
        if t[:2] in ("0b", "0B"):
            return sign * int(t[2:], 2)
        if len(t) > 30:  # absurdly long digit strings stay text; value checks reject them
            return text
        return sign * int(t)
    except ValueError:
        return text


def _float(text: str) -> float | str:
    t = text.replace("_", "").lower()
    if t in (".inf", "+.inf"):
        return float("inf")
    if t == "-.inf":
        return float("-inf")
    if t == ".nan":
        return float("nan")
    try:
        return float(t)
    except ValueError:
        return text


def _plain(text: str) -> Any:
    """A plain (unquoted, untagged) scalar by the YAML 1.2 core schema."""
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    first = text[0]
    if first.isdigit() or first in "+-.":
        if _INT.fullmatch(text):
            return _int(text)
        if _FLOAT.fullmatch(text):
            return _float(text)
    return text


def _tagged(tag: str, text: str) -> Any:
    """A scalar with an explicit standard tag (`!!int "5"`)."""
    kind = tag[len(_YAML_TAG):]
    if kind == "int":
        return _int(text)
    if kind == "float":
        return _float(text)
    if kind == "bool":
        return text.lower() == "true"
    if kind == "null":
        return None
    return text


def _has_aliases(text: str) -> bool:
    return "*" in text  # an alias is `*name`; without a star there is nothing to expand


class _Converter:
    def __init__(self, sf: SourceFile):
        self.sf = sf
        self.diagnostics: list[Diagnostic] = []
        self.reported_tags: set[int] = set()

    # -- alias bombs: count the values the graph expands to before expanding it
    def check_size(self, root) -> None:
        sizes: dict[int, int] = {}
        active: set[int] = set()

        def size(node, depth: int) -> int:
            if depth > MAX_DEPTH:
                _too_deep(node)
            nid = id(node)
            if nid in sizes:
                return sizes[nid]
            if nid in active:
                s = _span(node)
                raise _TooBig("Et alias viser til seg selv (rekursivt anker).", s.line, s.column)
            active.add(nid)
            total = 1
            if isinstance(node.value, list):
                for item in node.value:
                    if isinstance(item, tuple):
                        total += size(item[0], depth + 1) + size(item[1], depth + 1)
                    else:
                        total += size(item, depth + 1)
                    if total > MAX_NODES:
                        s = _span(node)
                        limit = f"{MAX_NODES:,}".replace(",", " ")
                        raise _TooBig(f"Filen utvider seg til mer enn {limit} verdier (for mange "
                                      "alias, eller en uvanlig stor fil).", s.line, s.column)
            active.discard(nid)
            sizes[nid] = total
            return total

        size(root, 0)

    def _tag(self, node) -> str | None:
        """The node's explicit tag, or None for a plain value. Unknown tags are HP001."""
        ctag = node.ctag
        if ctag is None or id(ctag) in _DEFAULT_TAGS:  # not written in the file
            return None
        tag = ctag.suffix if ctag.handle is None else str(ctag)
        if tag not in _KNOWN_TAGS and id(node) not in self.reported_tags:
            self.reported_tags.add(id(node))
            s = _span(node)
            self.diagnostics.append(Diagnostic(
                "HP001", Severity.ERROR, self.sf.rel, s.line, s.column,
                f"YAML-taggen «{tag.replace(_YAML_TAG, '!!')}» støttes ikke.",
                "Fjern taggen; hp leser bare vanlige verdier (tekst, tall, datoer, lister og "
                "tabeller).", s.end_line, s.end_column))
        return tag

    def convert(self, node, path: PathKey, depth: int) -> Any:
        if depth > MAX_DEPTH:
            _too_deep(node)
        tag = self._tag(node)
        value = node.value
        if isinstance(value, list):
            if node.id == "mapping":
                return self._mapping(node, path, depth)
            values = self.sf.values
            out = []
            for i, item in enumerate(value):
                child = (*path, str(i))
                values[child] = _span(item)
                out.append(self.convert(item, child, depth + 1))
            return out
        if tag is not None and tag in _KNOWN_TAGS:
            return _tagged(tag, value)
        if not node.style and tag is None:  # plain: None (Python parser) or "" (C parser)
            return _plain(value)
        return value

    def _mapping(self, node, path: PathKey, depth: int) -> dict:
        out: dict = {}
        pairs = []
        for key_node, value_node in node.value:
            key_tag = self._tag(key_node)
            is_merge = key_tag == _MERGE_TAG or (
                key_tag is None and key_node.value == "<<" and not key_node.style)
            if not is_merge:
                pairs.append((key_node, value_node))
                continue
            # `<<: *anchor` fills in keys; the mapping's own keys below take precedence
            sources = [value_node]
            if isinstance(value_node.value, list) and value_node.value and not isinstance(
                    value_node.value[0], tuple) and value_node.id == "sequence":
                sources = value_node.value  # `<<: [*a, *b]`
            for src in sources:
                if src.id != "mapping":
                    s = _span(src)
                    self.diagnostics.append(Diagnostic(
                        "HP001", Severity.ERROR, self.sf.rel, s.line, s.column,
                        "Sammenslåing (<<) må vise til en tabell, f.eks. «<<: *felles».", None))
                    continue
                for k, v in self._mapping(src, path, depth).items():
                    out.setdefault(k, v)
        first_seen: dict = {}
        keys, values = self.sf.keys, self.sf.values
        for key_node, value_node in pairs:
            if isinstance(key_node.value, list):
                s = _span(key_node)
                self.diagnostics.append(Diagnostic(
                    "HP001", Severity.ERROR, self.sf.rel, s.line, s.column,
                    "En nøkkel må være en enkel tekst, ikke en liste eller tabell.", None))
                continue
            key = self.convert(key_node, path, depth)
            if isinstance(key, float) or key is None or isinstance(key, bool):
                key = key_node.value  # keep the written text: 1.5, ~, true
            name = str(key)
            ks = _span(key_node)
            if name in first_seen:  # 2026 and "2026" are the same key to a person
                self.diagnostics.append(Diagnostic(
                    "HP003", Severity.ERROR, self.sf.rel, ks.line, ks.column,
                    f"Nøkkelen «{key}» står to ganger i samme tabell.",
                    f"Den ble først brukt på linje {first_seen[name]}. Slå sammen eller "
                    "fjern den ene; ellers er det uklart hvilken verdi som gjelder.",
                    ks.end_line, ks.end_column))
                continue
            first_seen[name] = ks.line
            child = (*path, name)
            keys[child] = ks
            # an empty value (`visjon:` and nothing more) is marked where the next token
            # starts, often on the next line: show the key instead
            empty = (value_node.value == ""
                     and value_node.start_mark.index == value_node.end_mark.index)
            values[child] = ks if empty else _span(value_node)
            out[key] = self.convert(value_node, child, depth + 1)
        return out


def _too_deep(node) -> None:
    s = _span(node)
    raise _TooBig(f"Filen er nøstet for dypt (mer enn {MAX_DEPTH} nivåer).", s.line, s.column)


def read(path: Path, rel: str) -> tuple[SourceFile, list[Diagnostic]]:
    """Read, decode and parse one file. Never raises for bad content."""
    sf = SourceFile(rel=rel, path=path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return sf, [sf.diagnostic(
                "HP005", f"Filen er for stor ({size / 1024 / 1024:.1f} MB); hp leser filer på "
                f"inntil {MAX_BYTES // 1024 // 1024} MB.".replace(".", ",", 1),
                hint="Sjekk at det er riktig fil.")]
        raw = path.read_bytes()
    except IsADirectoryError:
        return sf, [sf.diagnostic("HP005", "Her skulle det vært en fil, men det er en mappe.")]
    except OSError as exc:
        return sf, [sf.diagnostic("HP005", f"Filen kan ikke leses: {exc.strerror or exc}.",
                                  hint="Sjekk at du har lesetilgang til filen.")]
    problems = decode(sf, raw)
    if problems:
        return sf, problems
    problems = parse(sf)
    sf.ok = not any(d.severity is Severity.ERROR for d in problems)
    return sf, problems
