"""Round-trip YAML (ruamel 'rt') for carrying last year's files over: the user's comments, key
order, quoting and flow/block style survive; the indentation follows the source file."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Style:
    mapping: int = 2
    sequence: int = 4
    offset: int = 2
    crlf: bool = False


def detect_style(data: Any, crlf: bool = False) -> Style:
    """The indentation a hand-written file uses, from where ruamel found its nodes: a nested
    mapping's keys, and the dash and content of a list's items under a key."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    mapping = sequence = offset = None
    todo = [data]
    while todo and (mapping is None or sequence is None):
        node = todo.pop(0)
        if isinstance(node, CommentedMap):
            for key, value in node.items():
                if not hasattr(value, "lc") or value.fa.flow_style() or len(value) == 0:
                    continue
                key_col = node.lc.key(key)[1]
                if node.lc.key(key)[0] == value.lc.line:
                    continue  # a list item's mapping on the dash line
                if isinstance(value, CommentedMap) and mapping is None:
                    mapping = value.lc.col - key_col
                elif isinstance(value, CommentedSeq) and sequence is None:
                    dash, content = value.lc.col, value.lc.item(0)[1]
                    offset, sequence = dash - key_col, content - key_col
                todo.append(value)
        elif isinstance(node, CommentedSeq):
            todo.extend(v for v in node if hasattr(v, "lc"))
    mapping = mapping if mapping and mapping > 0 else 2
    if sequence is None or offset is None or offset < 0 or sequence <= offset:
        sequence, offset = mapping + 2, mapping
    return Style(mapping, sequence, offset, crlf)


MAX_LINE = 10_000  # characters of one line that the round trip takes


def _yaml(style: Style):
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.indent(mapping=style.mapping, sequence=style.sequence, offset=style.offset)
    y.preserve_quotes = True
    y.width = 4096  # never re-fold the user's long lines
    y.allow_unicode = True
    return y


def load(text: str, name: str = "filen") -> tuple[Any, Style]:
    """Parse `text` (already validated by the loader) for a round trip. What the loader
    accepts but the round-trip parser cannot read (`!!float "abc"`) is an InitError."""
    from handlingsplan.scaffold import InitError

    text = text.removeprefix("\ufeff")
    longest = max(map(len, text.splitlines()), default=0)
    if longest > MAX_LINE:  # the round-trip parser is slow on them (seconds per line)
        raise InitError(f"«{name}» har en linje på {longest} tegn; hp init leser bare linjer "
                        f"på høyst {MAX_LINE} tegn.",
                        "Del den lange teksten over flere linjer (med | eller >).")
    try:
        data = _yaml(Style()).load(text)
    except Exception as exc:  # ruamel raises many kinds (YAMLError, ValueError, …)
        raise InitError(f"«{name}» kan ikke leses om igjen for å lage neste år: "
                        f"{type(exc).__name__}.",
                        "Fjern uvanlige YAML-merker (som !!float) fra filen, og prøv igjen.",
                        ) from None
    return data, detect_style(data, "\r\n" in text)


def _flow_empties(node: Any) -> None:
    """An empty list or mapping can only be written as [] or {}: make sure it is flow style
    (a block-style empty collection with a comment would not read back)."""
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
    for child in children:
        _flow_empties(child)
    if isinstance(node, (dict, list)) and len(node) == 0 and hasattr(node, "fa"):
        node.fa.set_flow_style()


def dump(data: Any, style: Style = Style()) -> str:
    _flow_empties(data)
    out = io.StringIO()
    _yaml(style).dump(data, out)
    text = _two_spaces(out.getvalue())
    text = text.rstrip("\n") + "\n"
    return text.replace("\n", "\r\n") if style.crlf else text


_OURS = re.compile(r"^(?P<code>.*\S) +#(?P<comment> .*(FYLL UT|fortsetter fra|held fram frå|"
                   r"fra måltallene|frå måltala|fra finansiering|frå finansiering|ny: ).*)$")


def _two_spaces(text: str) -> str:
    """Two spaces before the end-of-line comments hp writes (ruamel sometimes puts one; yamllint
    wants two), where the # is surely not inside a quoted text."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        match = _OURS.match(line)
        if match:
            code = match.group("code").rstrip()
            if code.count('"') % 2 == 0 and code.count("'") % 2 == 0:
                lines[i] = f"{code}  #{match.group('comment')}"
    return "\n".join(lines)


def quoted(text: str):
    """A text written in double quotes (placeholders contain ': ')."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    return DoubleQuotedScalarString(text)


def literal(text: str):
    """A multi-line text as a `|` block; a one-line text as it is."""
    from ruamel.yaml.scalarstring import LiteralScalarString

    if "\n" in text.strip("\n"):
        return LiteralScalarString(text if text.endswith("\n") else text + "\n")
    return text.strip("\n")


def mapping(items: dict | None = None, *, flow: bool = False):
    from ruamel.yaml.comments import CommentedMap

    cm = CommentedMap(items or {})
    if flow:
        cm.fa.set_flow_style()
    else:
        cm.fa.set_block_style()
    return cm


def sequence(items: list | None = None, *, flow: bool = False):
    from ruamel.yaml.comments import CommentedSeq

    cs = CommentedSeq(items or [])
    if flow:
        cs.fa.set_flow_style()
    else:
        cs.fa.set_block_style()
    return cs


def _is_block(value: Any) -> bool:
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    return isinstance(value, (LiteralScalarString, FoldedScalarString))


def _token(container, key):
    """The comment token after `key`'s value (its end-of-line comment and what follows)."""
    entry = container.ca.items.get(key) if hasattr(container, "ca") else None
    slot = _slot(container)
    return entry[slot] if entry and len(entry) > slot else None


def _after(value: Any, token) -> str:
    """What follows the line of a value up to the next key: blank lines and comments."""
    if token is None:
        return ""
    if _is_block(value):  # the token starts on the line after the block
        return token.value
    return token.value.split("\n", 1)[1] if "\n" in token.value else ""


def _own_comment(value: Any, token) -> str | None:
    """The user's end-of-line comment on a value (not one hp wrote), without the #."""
    from handlingsplan.scaffold.words import generated

    if token is None or _is_block(value):
        return None
    first = token.value.split("\n", 1)[0].strip()
    if not first.startswith("#") or generated(first):
        return None
    return first.lstrip("#").strip() or None


def put(container, key, value, comment: str | None = None) -> None:
    """Set `container[key]` (a mapping key or a list index). With `comment`, it becomes the
    end-of-line comment of the value (after the user's own comment there, if any; a comment hp
    wrote earlier is replaced); without, a comment already there stays. Blank lines and
    comments that followed the old value stay in any case."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    slot = _slot(container)
    had = _has(container, key)
    old = container[key] if had else None
    token = _token(container, key) if had else None
    container[key] = value
    if comment is not None:
        after = _after(old, token)
        own = _own_comment(old, token)
        if own:
            comment = f"{own}; {comment}"
        entry = container.ca.items.get(key)
        if entry is not None and len(entry) > slot:
            entry[slot] = None
        container.yaml_add_eol_comment(comment, key)
        new = container.ca.items[key][slot]
        new.value = new.value.rstrip("\n") + "\n" + after
        return
    if token is None:
        return
    if _is_block(old) and not _is_block(value):
        container.ca.items[key][slot] = CommentToken("\n" + token.value, CommentMark(0), None)
    elif _is_block(value) and not _is_block(old):
        container.ca.items[key][slot] = CommentToken(_after(old, token), CommentMark(0), None)


def _slot(container) -> int:
    """Where ruamel keeps the comment after a value: [0] in a list, [2] in a mapping."""
    from ruamel.yaml.comments import CommentedSeq

    return 0 if isinstance(container, CommentedSeq) else 2


def _has(container, key) -> bool:
    if isinstance(key, int):
        return 0 <= key < len(container)
    return key in container


def uncomment(container, key) -> None:
    """Take away the end-of-line comment of `key`'s value (what follows it stays)."""
    token = _token(container, key)
    if token is None or _is_block(container[key]):
        return
    first, _, rest = token.value.partition("\n")
    if first.strip().startswith("#"):
        token.value = "\n" + rest


def comment_of(container, key) -> str:
    """The end-of-line comment of `key`'s value, without the # ('' when there is none)."""
    token = _token(container, key)
    if token is None or _is_block(container[key]):
        return ""
    first = token.value.split("\n", 1)[0].strip()
    return first.lstrip("#").strip() if first.startswith("#") else ""


def eol(container, key, comment: str) -> None:
    """Put `# comment` at the end of the line of `key`, replacing a comment there."""
    put(container, key, container[key], comment)


def before(container, key, lines: list[str], indent: int) -> None:
    """Comment lines above `key` of a mapping, at the key's indentation."""
    container.yaml_set_comment_before_after_key(key, before="\n".join(lines), indent=indent)


def _list_lines(text: str, key: str):
    """(index, line) of the lines of the top-level list `key:` (after the key line)."""
    lines = text.replace("\r\n", "\n").split("\n")
    inside = False
    for i, line in enumerate(lines):
        if re.match(rf"^{re.escape(key)}:(\s|$)", line):
            inside = True
            continue
        if inside and line and not line.startswith((" ", "#", "-")):
            return
        if inside:
            yield i, line


def items_spaced(text: str, key: str) -> bool:
    """Whether the items of the top-level list `key:` are separated by blank lines."""
    indent = None
    previous = None
    for _, line in _list_lines(text, key):
        dash = re.match(r"^(\s*)- ", line)
        if dash and indent is None:
            indent = dash.group(1)
        elif dash and dash.group(1) == indent:
            return previous == ""
        if indent is not None:
            previous = line.strip()
    return False


def space_items(text: str, key: str, style: Style) -> str:
    """Exactly one blank line between the items of the top-level list `key:` (items removed or
    rebuilt lose the blank line ruamel kept inside them). Comment lines just above an item stay
    with it."""
    lines = text.split("\n")
    item_prefix = " " * style.offset + "- "
    comment_prefix = " " * style.offset + "#"
    out: list[str] = []
    inside = first = False
    for line in lines:
        if re.match(rf"^{re.escape(key)}:(\s|$)", line):
            inside, first = True, True
            out.append(line)
            continue
        if inside and line and not line.startswith((" ", "#", "-")):
            inside = False
        if inside and line.startswith(item_prefix):
            start = len(out)
            while start > 0 and out[start - 1].startswith(comment_prefix):
                start -= 1
            block = out[start:]
            del out[start:]
            while out and out[-1] == "" and not first:
                out.pop()
            if not first:
                out.append("")
            out.extend(block)
            first = False
        out.append(line)
    return "\n".join(out)
