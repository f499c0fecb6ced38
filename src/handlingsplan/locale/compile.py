"""Compile the gettext catalogues next to this file (`<lang>/LC_MESSAGES/*.po` → `*.mo`).

A small pure-Python writer, so that no gettext tools or Babel are needed; the `.mo` files are
committed next to their `.po`. Run after editing a `.po`:

    python src/handlingsplan/locale/compile.py          # write the .mo files
    python src/handlingsplan/locale/compile.py --check  # fail if a .mo is stale or wrong

Besides compiling, it checks that every translation keeps the placeholders of its original
(`{name}`, `{name!r}`, `{}`, `%(name)s`), since a lost placeholder only shows up at run time.
"""

from __future__ import annotations

import ast
import re
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent

_BRACE = re.compile(r"\{\{|\}\}|\{[^{}]*\}")
_PERCENT = re.compile(r"%%|%\([^)]+\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


@dataclass
class Entry:
    msgid: str
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file (the subset we write: no msgctxt, no obsolete entries)."""
    entries: list[Entry] = []
    entry: Entry | None = None
    flags: set[str] = set()
    target: tuple[str, int] | None = None  # ("msgid" | "msgid_plural" | "msgstr", index)

    def finish() -> None:
        nonlocal entry
        if entry is not None:
            entries.append(entry)
        entry = None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            if line.startswith("#,"):
                finish()
                flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#~"):
                raise ValueError(f"{path}:{number}: obsolete entries are not supported")
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if target is None or entry is None:
                raise ValueError(f"{path}:{number}: a string outside an entry")
            _append(entry, target, _unquote(line, path, number))
            continue
        value = _unquote(rest.strip(), path, number)
        if keyword == "msgid":
            finish()
            entry = Entry(msgid=value, flags=flags, line=number)
            flags = set()
            target = ("msgid", 0)
        elif entry is None:
            raise ValueError(f"{path}:{number}: {keyword} before msgid")
        elif keyword == "msgid_plural":
            entry.msgid_plural = value
            target = ("msgid_plural", 0)
        elif keyword == "msgstr":
            entry.msgstr = [value]
            target = ("msgstr", 0)
        elif (match := re.fullmatch(r"msgstr\[(\d+)\]", keyword)) is not None:
            index = int(match.group(1))
            if index != len(entry.msgstr):
                raise ValueError(f"{path}:{number}: msgstr[{index}] out of order")
            entry.msgstr.append(value)
            target = ("msgstr", index)
        else:
            raise ValueError(f"{path}:{number}: unknown keyword {keyword!r}")
    finish()
    return entries


def _unquote(text: str, path: Path, number: int) -> str:
    if not (len(text) >= 2 and text[0] == text[-1] == '"'):
        raise ValueError(f"{path}:{number}: expected a quoted string, got {text!r}")
    value = ast.literal_eval(text)  # the escapes .po files use (\n \t \" \\) are Python's too
    assert isinstance(value, str)
    return value


def _append(entry: Entry, target: tuple[str, int], text: str) -> None:
    kind, index = target
    if kind == "msgid":
        entry.msgid += text
    elif kind == "msgid_plural":
        entry.msgid_plural = (entry.msgid_plural or "") + text
    else:
        entry.msgstr[index] += text


def placeholders(text: str) -> list[str]:
    """The str.format and %-placeholders of a message, sorted (escaped braces/percents left out)."""
    found = [m for m in _BRACE.findall(text) if m not in ("{{", "}}")]
    found += [m for m in _PERCENT.findall(text) if m != "%%"]
    return sorted(found)


def problems(entries: list[Entry]) -> list[str]:
    """What is wrong with a catalogue: duplicates, missing translations, lost placeholders."""
    found: list[str] = []
    seen: set[str] = set()
    for entry in entries:
        where = f"line {entry.line} ({entry.msgid!r})"
        if entry.msgid in seen:
            found.append(f"{where}: duplicate msgid")
        seen.add(entry.msgid)
        if entry.msgid == "" or "fuzzy" in entry.flags:
            continue
        expected = 2 if entry.msgid_plural is not None else 1
        if len(entry.msgstr) != expected or not all(entry.msgstr):
            found.append(f"{where}: needs {expected} non-empty translation(s)")
            continue
        originals = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        wanted = set().union(*(placeholders(text) for text in originals))
        for translation in entry.msgstr:
            got = set(placeholders(translation))
            if not got <= wanted:
                found.append(f"{where}: unknown placeholder(s) {sorted(got - wanted)}")
        if entry.msgid_plural is None and placeholders(entry.msgstr[0]) != placeholders(
                entry.msgid):
            found.append(f"{where}: placeholders differ from the original")
        elif entry.msgid_plural is not None and set(placeholders(entry.msgstr[-1])) != set(
                placeholders(entry.msgid_plural)):
            found.append(f"{where}: plural placeholders differ from the original")
    return found


def mo_bytes(entries: list[Entry]) -> bytes:
    """A GNU .mo file (little-endian, no hash table) for the translated entries."""
    pairs: dict[bytes, bytes] = {}
    for entry in entries:
        if "fuzzy" in entry.flags and entry.msgid != "":
            continue
        if not entry.msgstr or not all(entry.msgstr):
            continue
        key = entry.msgid if entry.msgid_plural is None else (
            f"{entry.msgid}\0{entry.msgid_plural}")
        pairs[key.encode("utf-8")] = "\0".join(entry.msgstr).encode("utf-8")
    keys = sorted(pairs)
    header_size = 7 * 4
    originals_at = header_size
    translations_at = originals_at + 8 * len(keys)
    data_at = translations_at + 8 * len(keys)
    table_o, table_t, blob = [], [], b""
    for key in keys:
        table_o.append((len(key), data_at + len(blob)))
        blob += key + b"\0"
    for key in keys:
        value = pairs[key]
        table_t.append((len(value), data_at + len(blob)))
        blob += value + b"\0"
    out = struct.pack("<7I", 0x950412DE, 0, len(keys), originals_at, translations_at, 0, data_at)
    for length, offset in table_o + table_t:
        out += struct.pack("<2I", length, offset)
    return out + blob


def main(argv: list[str]) -> int:
    check = "--check" in argv
    status = 0
    for po in sorted(HERE.glob("*/LC_MESSAGES/*.po")):
        entries = read_po(po)
        shown = po.relative_to(HERE)
        for problem in problems(entries):
            print(f"{shown}: {problem}", file=sys.stderr)
            status = 1
        mo = po.with_suffix(".mo")
        data = mo_bytes(entries)
        if check:
            if not mo.exists() or mo.read_bytes() != data:
                print(f"{mo.relative_to(HERE)} is stale: run {Path(__file__).name}",
                      file=sys.stderr)
                status = 1
        elif status == 0:
            mo.write_bytes(data)
            print(f"{mo.relative_to(HERE)}: {len(entries) - 1} messages")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
