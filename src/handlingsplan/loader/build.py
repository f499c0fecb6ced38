"""YAML parse events → plain Python values, with the position of every key and value.

The parser (ruamel.yaml's C parser when installed) only produces events; the values are built
here, iteratively, so that

- no YAML tag ever constructs an object (explicit tags other than the standard ones are HP001);
- duplicate keys are reported (HP003) instead of silently overwritten;
- the nesting depth and the number of values (aliases expanded) are counted as the file is read
  and stop it at a limit (HP005): an alias bomb, a 10 MB list or 40 000 nested brackets cost
  milliseconds and a little memory, and nothing recurses, so no input can overflow the stack
  (ruamel.yaml's own composer recurses in C and crashes the process on deep nesting).

Plain scalars are typed by the YAML 1.2 core schema, except that only decimal numbers are
numbers: `0x7EA` and `0o17` stay text, since nobody writes a year or an amount that way.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from handlingsplan.diagnostics import Diagnostic, Severity

MAX_NODES = 200_000  # values after alias expansion
MAX_DEPTH = 64  # nesting of mappings and lists
MAX_KEY = 200  # characters of a key: field names and codes are short

_YAML_TAG = "tag:yaml.org,2002:"
_MERGE_TAG = _YAML_TAG + "merge"
_KNOWN_TAGS = {_YAML_TAG + t for t in ("int", "float", "bool", "null", "str", "timestamp", "map",
                                        "seq", "merge", "binary", "omap", "set", "pairs")}

# Plain scalars by the YAML 1.2 core schema (the parser resolves nothing): `no` and `yes` stay
# text, 010 is ten, 2027-03-01 is text that the date type parses.
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False,
          "FALSE": False}
_INT = re.compile(r"[-+]?[0-9][0-9_]*")  # 1_000 as ruamel reads it
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?"
                    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")

# Characters that a text value may not hold: they are not allowed in XML (the Word document)
# and can steer a terminal. YAML only lets them in through escapes in double quotes ("\x01").
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


class Span(NamedTuple):
    """A 1-based region of a file."""

    line: int
    column: int
    end_line: int
    end_column: int


class TooBig(Exception):
    """The file is too deep or expands to too many values (HP005)."""

    def __init__(self, message: str, line: int, column: int, hint: str):
        super().__init__(message)
        self.line, self.column, self.hint = line, column, hint


class WrittenInt(int):
    """A number whose written form differs from Python's (`045`, `1_000`, `+5`): it keeps the
    text, so that a text field (`versjon`, `sak`) gets what the user wrote."""

    source: str

    def __str__(self) -> str:
        return self.source


class WrittenFloat(float):
    """`versjon: 1.10` is «1.10», not «1.1», when a text is expected."""

    source: str

    def __str__(self) -> str:
        return self.source


def _written(value, text: str):
    if str(value) == text:
        return value
    out = (WrittenInt if isinstance(value, int) else WrittenFloat)(value)
    out.source = text
    return out


def _int(text: str) -> int | str:
    t = text.replace("_", "")
    if len(t.lstrip("+-")) > 30:  # absurdly long digit strings stay text; value checks reject
        return text
    return _written(int(t), text)


def _float(text: str) -> float | str:
    t = text.replace("_", "").lower()
    if t in (".inf", "+.inf"):
        return float("inf")
    if t == "-.inf":
        return float("-inf")
    if t == ".nan":
        return float("nan")
    try:
        return _written(float(t), text)
    except ValueError:
        return text


def plain(text: str) -> Any:
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
        return _int(text) if _INT.fullmatch(text) else text
    if kind == "float":
        return _float(text)
    if kind == "bool":
        return text.lower() == "true"
    if kind == "null":
        return None
    return text


def _span(start, end) -> Span:
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


class _Anchor:
    __slots__ = ("depth", "entries", "open", "size", "span", "value")

    def __init__(self) -> None:
        self.open = True
        self.value: Any = None
        self.entries: list[tuple[bool, tuple, tuple]] = []  # (is_key, relative path, span)
        self.size = 1
        self.depth = 0
        self.span: tuple = (1, 1, 1, 1)


class _Frame:
    """An open mapping or sequence."""

    __slots__ = ("anchor", "depth", "hidden", "is_map", "key", "key_span", "log_start",
                 "merge_log", "merges", "nodes", "own", "path", "seen", "skip", "start",
                 "value", "want_key")

    def __init__(self, is_map: bool, path: tuple, hidden: bool, depth: int, start) -> None:
        self.is_map = is_map
        self.path = path
        self.hidden = hidden  # positions inside are not recorded (a bad key, a merge source)
        self.depth = depth
        self.start = start
        self.value: Any = {} if is_map else []
        self.want_key = True
        self.key: Any = None
        self.key_span: tuple | None = None
        self.skip = False  # the value after a duplicate or bad key is read and dropped
        self.seen: dict[str, int] = {}  # key text → the line it was first used on
        self.merges: list[tuple[Any, list]] = []  # (source value, its entries) for `<<`
        self.merge_log: int | None = None
        self.anchor: tuple[str, _Anchor] | None = None
        self.log_start = 0
        self.nodes = 0  # values inside, for an anchor's size


_MERGE_PATH = "\x00<<"


class Builder:
    """Consumes parse events and builds the document's value. Positions go into `keys` and
    `values` (1-based spans by path of text keys and list indices); problems into
    `diagnostics`."""

    def __init__(self, rel: str, keys: dict, values: dict, restore: dict[int, int] | None):
        self.rel = rel
        self.keys, self.values = keys, values
        self.restore = restore  # placeholder → the line separator it stands for
        self.diagnostics: list[Diagnostic] = []
        self.anchors: dict[str, _Anchor] = {}
        self.log: list[tuple[bool, tuple, tuple]] = []
        self.logging = 0
        self.count = 0
        self.used_alias = False
        self.stack: list[_Frame] = []
        self.root: Any = None

    # -- the event loop ----------------------------------------------------------------------

    def run(self, events) -> Any:
        from ruamel.yaml.composer import ComposerError

        documents = 0
        for ev in events:
            name = ev.__class__.__name__
            if name == "ScalarEvent":
                self._scalar(ev)
            elif name == "MappingStartEvent" or name == "SequenceStartEvent":
                self._start(ev, name == "MappingStartEvent")
            elif name == "MappingEndEvent" or name == "SequenceEndEvent":
                self._end(ev)
            elif name == "AliasEvent":
                self._alias(ev)
            elif name == "DocumentStartEvent":
                documents += 1
                if documents > 1:
                    raise ComposerError("expected a single document in the stream", None,
                                        "but found another document", ev.start_mark)
        return self.root

    # -- nodes -------------------------------------------------------------------------------

    def _count(self, n: int, mark) -> None:
        self.count += n
        if self.count > MAX_NODES:
            limit = f"{MAX_NODES:,}".replace(",", " ")
            if self.used_alias:
                raise TooBig(f"Filen utvider seg til mer enn {limit} verdier (for mange alias).",
                             mark.line + 1, mark.column + 1,
                             "Skriv verdiene ut i stedet for å bruke mange ankre og alias "
                             "(&, *).")
            raise TooBig(f"Filen har mer enn {limit} verdier; en handlingsplan har langt "
                         "færre.", mark.line + 1, mark.column + 1,
                         "Sjekk at det er riktig fil, eller del den opp.")

    def _too_deep(self, mark) -> None:
        raise TooBig(f"Filen er nøstet for dypt (mer enn {MAX_DEPTH} nivåer).",
                     mark.line + 1, mark.column + 1,
                     "En handlingsplan har noen få nivåer; sjekk innrykket og parentesene.")

    def _tag(self, ev) -> str | None:
        """The event's explicit tag, or None for a plain value. Unknown tags are HP001."""
        tag = ev.tag
        if tag is None:
            return None
        tag = str(tag)
        if tag not in _KNOWN_TAGS:
            line, column, end_line, end_column = _span(ev.start_mark, ev.end_mark)
            self.diagnostics.append(Diagnostic(
                "HP001", Severity.ERROR, self.rel, line, column,
                f"YAML-taggen «{tag.replace(_YAML_TAG, '!!')}» støttes ikke.",
                "Fjern taggen; hp leser bare vanlige verdier (tekst, tall, datoer, lister og "
                "tabeller).", end_line, end_column))
        return tag

    def _scalar(self, ev) -> None:
        self._count(1, ev.start_mark)
        if len(self.stack) > MAX_DEPTH:
            self._too_deep(ev.start_mark)
        tag = self._tag(ev)
        text = ev.value
        if self.restore is not None:
            text = text.translate(self.restore)
        if tag is not None and tag in _KNOWN_TAGS:
            value = _tagged(tag, text)
        elif not ev.style and tag is None:  # plain: '' (C parser) or None (Python parser)
            value = plain(text)
        else:
            value = text
        span = _span(ev.start_mark, ev.end_mark)
        if isinstance(value, str) and CONTROL.search(value):
            self._control(value, span)
        empty = text == "" and ev.start_mark.index == ev.end_mark.index
        merge = (tag == _MERGE_TAG or (tag is None and text == "<<" and not ev.style))
        if ev.anchor is not None:
            anchor = _Anchor()
            anchor.open, anchor.value, anchor.span = False, value, span
            self.anchors[ev.anchor] = anchor
        self._place(value, span, empty=empty, merge=merge, scalar_text=text)

    def _control(self, value: str, span: tuple) -> None:
        found = CONTROL.search(value)
        bad = found.group(0) if found else "?"
        self.diagnostics.append(Diagnostic(
            "HP103", Severity.ERROR, self.rel, span[0], span[1],
            f"Teksten inneholder et kontrolltegn ({visible_char(bad)}) som ikke kan stå i et "
            "dokument.",
            "Fjern tegnet; i doble anførselstegn kommer det ofte fra en skrivefeil som \\v, "
            "\\f eller \\x01.", span[2], span[3]))

    def _start(self, ev, is_map: bool) -> None:
        self._count(1, ev.start_mark)
        depth = len(self.stack)
        if depth > MAX_DEPTH:
            self._too_deep(ev.start_mark)
        self._tag(ev)
        parent = self.stack[-1] if self.stack else None
        path, hidden = self._child_path(parent)
        frame = _Frame(is_map, path, hidden, depth, ev.start_mark)
        frame.nodes = self.count  # the count before its children, for an anchor's size
        if ev.anchor is not None:
            anchor = _Anchor()
            self.anchors[ev.anchor] = anchor
            frame.anchor = (ev.anchor, anchor)
            frame.log_start = len(self.log)
            self.logging += 1
        self.stack.append(frame)

    def _end(self, ev) -> None:
        frame = self.stack.pop()
        if frame.is_map and frame.merges:
            self._apply_merges(frame)
        value = frame.value
        span = _span(frame.start, ev.end_mark)
        if frame.anchor is not None:
            _, anchor = frame.anchor
            cut = len(frame.path)
            anchor.entries = [(k, p[cut:], s) for k, p, s in self.log[frame.log_start:]]
            anchor.value, anchor.open, anchor.span = value, False, span
            anchor.size = self.count - frame.nodes + 1
            anchor.depth = max((len(p) for _, p, _ in anchor.entries), default=0)
            self.logging -= 1
            if not self.logging:
                self.log.clear()
        self._place(value, span, collection=True)

    def _alias(self, ev) -> None:
        from ruamel.yaml.composer import ComposerError

        anchor = self.anchors.get(ev.anchor)
        span = _span(ev.start_mark, ev.end_mark)
        if anchor is None:
            raise ComposerError(None, None, f"found undefined alias {ev.anchor!r}",
                                ev.start_mark)
        if anchor.open:
            raise TooBig("Et alias viser til seg selv (rekursivt anker).", span[0], span[1],
                         "Et anker (&navn) kan ikke brukes inne i seg selv.")
        self.used_alias = True
        self._count(anchor.size, ev.start_mark)
        if len(self.stack) + anchor.depth > MAX_DEPTH:
            self._too_deep(ev.start_mark)
        parent = self.stack[-1] if self.stack else None
        if parent is not None and parent.is_map and parent.want_key:
            if isinstance(anchor.value, dict | list):
                self._bad_key(span)
                return
            self._place(anchor.value, span, scalar_text=str(anchor.value))
            return
        path, hidden = self._child_path(parent)
        for is_key, rel, s in anchor.entries:
            self._record(is_key, path + rel, s, hidden)
        self._place(anchor.value, span, collection=isinstance(anchor.value, dict | list),
                    entries=anchor.entries)

    # -- placing a finished node in its parent -----------------------------------------------

    def _child_path(self, parent: _Frame | None) -> tuple[tuple, bool]:
        """The path a node that starts now gets, and whether its positions are hidden."""
        if parent is None:
            return (), False
        if not parent.is_map:
            return (*parent.path, str(len(parent.value))), parent.hidden
        if parent.want_key:  # a collection as a key: an error, read and dropped
            return (*parent.path, "\x00key"), True
        if parent.merge_log is not None:
            return (*parent.path, _MERGE_PATH), True
        return (*parent.path, str(parent.key)), parent.hidden or parent.skip

    def _record(self, is_key: bool, path: tuple, span: tuple, hidden: bool = False) -> None:
        if not hidden:
            (self.keys if is_key else self.values)[path] = span
        if self.logging:
            self.log.append((is_key, path, span))

    def _place(self, value: Any, span: tuple, *, empty: bool = False, merge: bool = False,
               collection: bool = False, scalar_text: str | None = None,
               entries: list | None = None) -> None:
        if not self.stack:
            self.root = value
            return
        parent = self.stack[-1]
        if not parent.is_map:
            path = (*parent.path, str(len(parent.value)))
            self._record(False, path, span, parent.hidden)
            parent.value.append(value)
            return
        if parent.want_key:
            parent.want_key = False
            if collection:
                self._bad_key(span)
                return
            self._key(parent, value, span, merge, scalar_text)
            return
        parent.want_key = True
        if parent.merge_log is not None:
            self._merge_source(parent, value, span, entries)
            return
        if parent.skip:
            parent.skip = False
            return
        path = (*parent.path, str(parent.key))
        key_span = parent.key_span or span
        self._record(True, path, key_span, parent.hidden)
        self._record(False, path, key_span if empty else span, parent.hidden)
        parent.value[parent.key] = value

    def _bad_key(self, span: tuple) -> None:
        parent = self.stack[-1]
        parent.want_key = False
        parent.skip = True
        self.diagnostics.append(Diagnostic(
            "HP001", Severity.ERROR, self.rel, span[0], span[1],
            "En nøkkel må være en enkel tekst, ikke en liste eller tabell.", None))

    def _key(self, parent: _Frame, value: Any, span: tuple, merge: bool,
             scalar_text: str | None) -> None:
        if merge:
            parent.merge_log = len(self.log)
            self.logging += 1
            return
        key = value
        if isinstance(key, float) or key is None or isinstance(key, bool):
            key = scalar_text  # keep the written text: 1.5, ~, true
        name = str(key)
        if len(name) > MAX_KEY:
            self.diagnostics.append(Diagnostic(
                "HP001", Severity.ERROR, self.rel, span[0], span[1],
                f"Nøkkelen er {len(name)} tegn lang; en nøkkel er et feltnavn eller en kode "
                f"på høyst {MAX_KEY} tegn.", "Sjekk innrykket: kanskje en tekst har havnet "
                "der en nøkkel skulle stå.", span[2], span[3]))
            parent.skip = True
            return
        if name in parent.seen:  # 2026 and "2026" are the same key to a person
            self.diagnostics.append(Diagnostic(
                "HP003", Severity.ERROR, self.rel, span[0], span[1],
                f"Nøkkelen «{key}» står to ganger i samme tabell.",
                f"Den ble først brukt på linje {parent.seen[name]}. Slå sammen eller fjern den "
                "ene; ellers er det uklart hvilken verdi som gjelder.", span[2], span[3]))
            parent.skip = True
            return
        parent.seen[name] = span[0]
        parent.key, parent.key_span = key, span

    # -- merge keys (`<<: *felles`) ----------------------------------------------------------

    def _merge_source(self, parent: _Frame, value: Any, span: tuple,
                      entries: list | None) -> None:
        start = parent.merge_log
        assert start is not None
        cut = len(parent.path) + 1
        logged = [(k, p[cut:], s) for k, p, s in self.log[start:]]
        parent.merge_log = None
        self.logging -= 1
        if not self.logging:
            self.log.clear()
        sources = [(value, entries if entries is not None else logged)]
        if isinstance(value, list):  # `<<: [*a, *b]`
            sources = []
            for i, item in enumerate(value):
                own = [(k, p[1:], s) for k, p, s in logged if p and p[0] == str(i)]
                sources.append((item, own))
        for item, item_entries in sources:
            if not isinstance(item, dict):
                self.diagnostics.append(Diagnostic(
                    "HP001", Severity.ERROR, self.rel, span[0], span[1],
                    "Sammenslåing (<<) må vise til en tabell, f.eks. «<<: *felles».", None))
                continue
            parent.merges.append((item, item_entries))

    def _apply_merges(self, frame: _Frame) -> None:
        """Fill in the merged keys that the mapping does not have itself; earlier sources win."""
        own = frame.value
        merged: dict = {}
        for source, entries in frame.merges:
            for key, value in source.items():
                if key in own or key in merged:
                    continue
                merged[key] = value
                name = str(key)
                for is_key, rel, s in entries:
                    if rel and rel[0] == name:
                        self._record(is_key, (*frame.path, *rel), s, frame.hidden)
        frame.value = {**merged, **own}


def visible_char(c: str) -> str:
    """A control character as it is written in a YAML escape: \\x01, \\u202e."""
    n = ord(c)
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}"
