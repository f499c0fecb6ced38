"""The Jinja environment the text templates run in: Jinja's sandbox, with limits.

A programme's own templates are untrusted input (they may come from a pull request), so besides
the sandbox's rules (no private attributes, no unsafe calls) a template gets:

- files only through `files`: a template, or anything it includes, must be a regular file
  inside its template folder (a symlink to /proc/self/environ or to / is refused);
- a budget: at most MAX_ITERATIONS loop iterations in all and MAX_SECONDS of work, so nested
  loops cannot run for hours; every `for` loop, recursive ones included, is counted;
- no huge values: `'x' * 10**9`, `10 ** 10**9`, `(7**1000)**1000`, `'x'.center(10**9)`,
  `|indent(10**9)`, `"%999999999d" % 1`, width specs like that, `+`, `~`, `|join`,
  `|replace` and `|sum(start=[])` beyond the limits are refused before they allocate;
- at most MAX_OUTPUT characters of output.

Breaking a limit raises LimitExceeded, which the caller reports as a problem with the template.
"""

from __future__ import annotations

import os
import re
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, BytecodeCache, TemplateNotFound, nodes
from jinja2.bccache import Bucket
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from handlingsplan.errors import HpError

MAX_TEMPLATE_BYTES = 1024 * 1024
MAX_ITERATIONS = 2_000_000
MAX_SECONDS = 15.0
MAX_OUTPUT = 20_000_000  # characters of the rendered document
MAX_SIZE = 1_000_000  # the largest string or list an operator or filter may make
MAX_WIDTH = 10_000  # the largest width, count or length a filter or method may be given

_LOOP = "_hp_loop"
_CONCAT = "_hp_concat"
MAX_BITS = 100_000  # the largest integer a template may compute (about 30 000 digits)
_WIDE_METHODS = frozenset(("center", "ljust", "rjust", "zfill", "expandtabs"))
_WIDE_FILTERS = ("center", "indent", "wordwrap", "truncate", "batch", "slice")
_WIDE_SPEC = re.compile(r"%[-+ #0]*\d{5,}|%[-+ #0]*\d*\.\d{5,}|\{[^{}]*:[^{}]*\d{5,}[^{}]*\}")


class LimitExceeded(HpError):
    """A template went beyond one of the sandbox's limits."""


class TemplateFileRefused(HpError):
    """A template file that may not be read (a symlink out of its folder, a FIFO, …)."""


class GuardedLoader(BaseLoader):
    """Templates from one folder, read through `files`: regular files inside the folder."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Any]:
        from handlingsplan.files import Refused, read_text

        path = self.folder.joinpath(*split_template_path(template))  # no '..'
        if not os.path.lexists(path):
            raise TemplateNotFound(template)
        try:
            text = read_text(path, root=self.folder, limit=MAX_TEMPLATE_BYTES)
        except Refused as exc:
            raise TemplateFileRefused(f"Malen «{template}» kan ikke brukes: {exc.message}",
                                      exc.hint) from None
        return text, str(path), lambda: True

    def list_templates(self) -> list[str]:  # pragma: no cover - not used by hp
        return sorted(p.name for p in self.folder.glob("*.j2"))


class CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory for the life of the process, so that a second
    document made in the same process (a program using the library, the tests) does not compile
    the same templates again: compiling is about half of making a document.

    A template is found again only by its name, its file, its exact text (Jinja's checksum) and
    the options that shape the compiled code, so an edited or different template is compiled
    anew; nothing is written to disk."""

    def __init__(self) -> None:
        self._code: dict[tuple[Any, ...], Any] = {}

    @staticmethod
    def _key(bucket: Bucket) -> tuple[Any, ...]:
        env = bucket.environment
        return (type(env), env.trim_blocks, env.lstrip_blocks, env.keep_trailing_newline,
                env.autoescape, env.finalize is not None, tuple(env.extensions),
                bucket.key, bucket.checksum)

    def load_bytecode(self, bucket: Bucket) -> None:
        bucket.code = self._code.get(self._key(bucket))

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            self._code[self._key(bucket)] = bucket.code
            while len(self._code) > MAX_COMPILED:  # the oldest go first
                del self._code[next(iter(self._code))]


MAX_COMPILED = 200  # templates kept: the bundled ones of both målformer, and some of a programme's
_COMPILED = CompiledTemplates()


class Sandbox(SandboxedEnvironment):
    """Jinja's sandbox with a loop budget, a time limit and size limits (see the module)."""

    intercepted_binops = frozenset(("*", "**", "%", "+"))

    def __init__(self, **options: Any):
        options.setdefault("bytecode_cache", _COMPILED)
        super().__init__(**options)
        self.globals[_LOOP] = self._loop
        self.globals[_CONCAT] = _concat
        self.globals.pop("lipsum", None)  # lipsum(n=10**9): nothing a plan needs
        self.reset()

    def reset(self) -> None:
        """Start a new budget (one per document)."""
        self.iterations = 0
        self.deadline = time.monotonic() + MAX_SECONDS

    # -- the loop budget: every `for` iterates through _loop ------------------------------------

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        for node in tree.find_all(nodes.Node):  # one pass; children are visited after a change
            if isinstance(node, nodes.For):
                node.iter = _counted(node.iter, node.iter.lineno)
            elif isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) \
                    and node.node.name == "loop" and node.args:  # a recursive loop's `loop(…)`
                node.args[0] = _counted(node.args[0], node.lineno)
            for field, value in node.iter_fields():  # `a ~ b` → _hp_concat(a, b)
                if isinstance(value, nodes.Concat):
                    setattr(node, field, _sized(value))
                elif isinstance(value, list):
                    value[:] = [_sized(v) if isinstance(v, nodes.Concat) else v for v in value]
        return tree

    def _loop(self, iterable: Any) -> Any:
        for n, item in enumerate(iterable):
            self.iterations += 1
            if self.iterations > MAX_ITERATIONS:
                raise LimitExceeded(f"Malene går gjennom mer enn {MAX_ITERATIONS:,} "
                                    "runder i løkker.".replace(",", " "),
                                    "Sjekk løkkene i malene (for … in …).")
            if n % 1000 == 999:
                self.check_time()
            yield item

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise LimitExceeded(f"Malene bruker mer enn {MAX_SECONDS:.0f} sekunder.",
                                "Sjekk løkkene og beregningene i malene.")

    # -- sizes ----------------------------------------------------------------------------------

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(n, int) \
                        and len(seq) * n > MAX_SIZE:
                    raise LimitExceeded("En mal lager en for lang tekst eller liste med «*».")
            if _bits(left) + _bits(right) > MAX_BITS:
                raise LimitExceeded("En mal regner med for store tall («*»).")
        elif operator == "+":
            if isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple) \
                    and len(left) + len(right) > MAX_OUTPUT:
                raise LimitExceeded("En mal lager en for lang tekst eller liste med «+».")
        elif operator == "**":
            if isinstance(right, int) and (right > 1000 or right < -1000
                                           or _bits(left) * abs(right) > MAX_BITS):
                raise LimitExceeded("En mal regner med en for stor potens («**»).")
        elif operator == "%" and isinstance(left, str) and _WIDE_SPEC.search(left):
            raise LimitExceeded("En mal ber om en for bred formatering («%»).")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self.check_time()
        name = getattr(__obj, "__name__", "")
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            if (name == "join" and args and not _join_ok(None, args[0], owner)) \
                    or (name == "replace" and not _replace_ok(None, owner, *args[:2])):
                raise LimitExceeded(f"En mal lager en for lang tekst («{name}»).")
            if name in _WIDE_METHODS and any(_too_wide(a) for a in (*args, *kwargs.values())):
                raise LimitExceeded(f"En mal ber om en for bred tekst («{name}»).")
            if name in ("format", "format_map") and _WIDE_SPEC.search(owner):
                raise LimitExceeded("En mal ber om en for bred formatering («format»).")
        return super().call(__context, __obj, *args, **kwargs)

    def bound_filters(self) -> None:
        """Refuse huge widths and counts in Jinja's own filters (|indent(10**9)), sums of
        lists (|sum(start=[]) is quadratic) and joins or replacements beyond MAX_OUTPUT."""
        for name in _WIDE_FILTERS:
            self.filters[name] = _bounded(self.filters[name], name)
        self.filters["sum"] = _checked(self.filters["sum"], _sum_ok, "sum")
        self.filters["join"] = _checked(self.filters["join"], _join_ok, "join")
        self.filters["replace"] = _checked(self.filters["replace"], _replace_ok, "replace")


def _counted(node: Any, lineno: int) -> nodes.Call:
    return nodes.Call(nodes.Name(_LOOP, "load", lineno=lineno), [node], [], None, None,
                      lineno=lineno)


def _sized(node: nodes.Concat) -> nodes.Call:
    """`a ~ b` → _hp_concat(a, b): Jinja joins `~` itself, out of call_binop's reach."""
    return nodes.Call(nodes.Name(_CONCAT, "load", lineno=node.lineno), node.nodes, [], None,
                      None, lineno=node.lineno)


def _concat(*parts: Any) -> str:
    texts = [str(p) for p in parts]
    if sum(map(len, texts)) > MAX_OUTPUT:
        raise LimitExceeded("En mal lager en for lang tekst med «~».")
    return "".join(texts)


def _bits(value: Any) -> int:
    """How big a number is, in bits: an exact fraction (the view has some) counts both its
    parts, or `share ** 1000 ** …` would grow past every limit as a Fraction."""
    if isinstance(value, int):
        return value.bit_length()
    if isinstance(value, Fraction):
        return value.numerator.bit_length() + value.denominator.bit_length()
    return 0


def _sum_ok(environment: Any, iterable: Any = None, attribute: Any = None, start: Any = 0,
            ) -> bool:
    return isinstance(start, int | float)


def _join_ok(eval_ctx: Any, value: Any = (), d: Any = "", attribute: Any = None) -> bool:
    if not isinstance(value, list | tuple):
        return True  # a generator: its items are counted by the loop budget
    size = sum(len(v) if isinstance(v, str) else 20 for v in value)
    return size + len(str(d)) * len(value) <= MAX_OUTPUT


def _replace_ok(eval_ctx: Any, s: Any = "", old: Any = "", new: Any = "", count: Any = None,
                ) -> bool:
    if not isinstance(s, str) or not isinstance(old, str):
        return True
    hits = s.count(old) if old else len(s) + 1
    return len(s) + hits * len(str(new)) <= MAX_OUTPUT


def _checked(fn: Any, ok: Any, name: str) -> Any:
    def checked(*args: Any, **kwargs: Any) -> Any:
        if not ok(*args, **kwargs):
            raise LimitExceeded(f"Filteret «{name}» i en mal lager en for stor verdi.")
        return fn(*args, **kwargs)

    for attr in ("jinja_pass_arg",):
        if hasattr(fn, attr):
            setattr(checked, attr, getattr(fn, attr))
    return checked


def _too_wide(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_WIDTH


def _bounded(fn: Any, name: str) -> Any:
    def bounded(*args: Any, **kwargs: Any) -> Any:
        if any(_too_wide(a) for a in (*args[1:], *kwargs.values())):
            raise LimitExceeded(f"Filteret «{name}» i en mal får et for stort tall.")
        return fn(*args, **kwargs)

    for attr in ("jinja_pass_arg",):  # keep @pass_environment and friends working
        if hasattr(fn, attr):
            setattr(bounded, attr, getattr(fn, attr))
    return bounded


def render_limited(template: Any, context: dict[str, Any]) -> str:
    """Render a template, stopping as soon as the output passes MAX_OUTPUT characters."""
    parts: list[str] = []
    size = 0
    for piece in template.generate(context):
        size += len(piece)
        if size > MAX_OUTPUT:
            raise LimitExceeded(f"Malene lager mer enn {MAX_OUTPUT // 1_000_000} millioner tegn "
                                "tekst.", "Sjekk løkkene i malene.")
        parts.append(piece)
    return "".join(parts)
