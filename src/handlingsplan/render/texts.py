"""The fixed wording: Jinja templates per målform, rendered in Jinja's sandbox.

The shipped templates are in `templates/tekster/<bokmal|nynorsk>/`; a programme overrides any of
them file by file with a file of the same name in its own folder (hp.toml: `[dokument] maler`).
`dokument.md.j2` is the whole document; it includes the cover and one template per section.
`etiketter.j2` holds the short labels (statuses, PLP phases, chart texts) as `{% set %}`.

Values a template prints are escaped, so that the plan's data can never be read as markup;
long texts go through the `md` (block) or `inline` (table cell) filter, which keep the user's
paragraphs, lists, bold and italic and nothing else. An undefined variable is an error.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from handlingsplan import norsk
from handlingsplan.errors import HpError
from handlingsplan.render import markdown
from handlingsplan.resources import texts_dirs

DOCUMENT = "dokument.md.j2"
LABELS = "etiketter.j2"
DASH = "–"


class TemplateProblem(HpError):
    """A template could not be read or rendered."""


class Raw(str):
    """Text that is already in the document dialect: printed as it is."""


# --- filters -----------------------------------------------------------------------------------


def _missing(value: Any) -> bool:
    """No number to show: None, or a float that is infinite or not a number."""
    return value is None or (isinstance(value, float) and not math.isfinite(value))


def _kr(value: Any) -> str:
    return DASH if _missing(value) else norsk.amount(int(value))


def _number(value: Any, decimals: int = 1) -> str:
    if _missing(value):
        return DASH
    if isinstance(value, str):
        return value
    return norsk.number(_rounded(value, decimals), max(decimals, 1))


def _rounded(value: Any, decimals: int) -> Fraction | int:
    """Round half away from zero, exactly (float formatting rounds half to even, in binary)."""
    exact = Fraction(repr(value)) if isinstance(value, float) else Fraction(value)
    scale = 10 ** max(decimals, 0)
    scaled = abs(exact) * scale
    whole = int(scaled + Fraction(1, 2))
    result = Fraction(whole if exact >= 0 else -whole, scale)
    return int(result) if result.denominator == 1 else result


def _percent(value: Any, decimals: int = 1) -> str:
    """A share as '68,5 %' ('75 %' without trailing zeros: in a table column the table pass
    gives every number of the column the same decimals)."""
    if _missing(value):
        return DASH
    return norsk.percent(_rounded(value, decimals), max(decimals, 1))


_SHORT_MONTHS = ("jan.", "feb.", "mars", "apr.", "mai", "juni", "juli", "aug.", "sep.",
                 "okt.", "nov.", "des.")


def _short_month(value: Any) -> str:
    """2027-02-01 → 'feb. 2027' (the same in bokmål and nynorsk)."""
    if value is None:
        return DASH
    if isinstance(value, dict):
        return f"{_SHORT_MONTHS[value['måned'] - 1]} {value['år']}"
    return f"{_SHORT_MONTHS[value.month - 1]} {value.year}"


def _date(value: Any) -> str:
    if value is None:
        return DASH
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return norsk.date(value)
    raise TypeError(f"«{value}» er ikke en dato")


def _month(value: Any) -> str:
    """A tidspunkt ({år, måned, dag}) or a date → 'mars 2027' / '23. september 2027'."""
    if value is None:
        return DASH
    if isinstance(value, dt.date):
        return norsk.month(value.year, value.month)
    if isinstance(value, dict):
        if value.get("dag"):
            return norsk.date(dt.date(value["år"], value["måned"], value["dag"]))
        return norsk.month(value["år"], value["måned"])
    raise TypeError(f"«{value}» er ikke en måned")


_WORDS = ("null", "én", "to", "tre", "fire", "fem", "seks", "sju", "åtte", "ni", "ti", "elleve",
          "tolv")
_NEUTER_ONE = {"bokmål": "ett", "nynorsk": "eitt"}
_ONE = {"bokmål": "én", "nynorsk": "éin"}


def _words(malform: str):
    def number_word(value: Any, neuter: bool = False) -> str:
        """3 → 'tre' (0–12 in words, larger numbers in digits); 1 → 'én'/'ett' (éin/eitt)."""
        if isinstance(value, int) and 0 <= value <= 12:
            if value == 1:
                return (_NEUTER_ONE if neuter else _ONE)[malform]
            return _WORDS[value]
        return _number(value)
    return number_word


def _month_name(number: int) -> str:
    return norsk.MONTHS[int(number) - 1]


MISSING = markdown.MISSING


def _given(value: Any, how: str | None = None) -> Any:
    """The value, formatted by the filter `how` ('tall', 'kr', 'dato'), or a mark that the
    data is missing: the table pass writes «ikke oppgitt», or drops a column that has nothing
    but such marks."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return Raw(MISSING)
    if how is None:
        return value
    return {"tall": _number, "kr": _kr, "dato": _date}[how](value)


def _fill(text: str, **values: Any) -> str:
    """'Ramme {år}' with år=2027 → 'Ramme 2027' (placeholders in the wording files)."""
    out = str(text)
    for name, value in values.items():
        out = out.replace("{" + name + "}", str(value))
    return out


def _capital(text: Any) -> str:
    """The first letter in upper case, the rest as it is (Jinja's capitalize lowers it)."""
    text = str(text)
    return text[:1].upper() + text[1:]


def _listing(words: list[str], and_word: str = "og") -> str:
    """['a', 'b', 'c'] → 'a, b og c'."""
    words = [str(w) for w in words]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" {and_word} " + words[-1]


def _body(name: Any) -> str:
    """A political body in running text: 'Kommunestyret' → 'kommunestyret' (one word: the name
    of a kind of body, not a proper name like «Straumsvik kommunestyre»)."""
    text = str(name)
    return text[:1].lower() + text[1:] if " " not in text.strip() else text


_ORDINALS = {
    "bokmål": ("første", "andre", "tredje", "fjerde", "femte", "sjette", "sjuende", "åttende",
               "niende", "tiende"),
    "nynorsk": ("første", "andre", "tredje", "fjerde", "femte", "sjette", "sjuande", "åttande",
                "niande", "tiande"),
}


def _ordinals(malform: str):
    words = _ORDINALS["nynorsk" if malform == "nynorsk" else "bokmål"]

    def ordinal(number: int) -> str:
        """3 → 'tredje'; 11 → '11.'"""
        return words[number - 1] if 1 <= number <= len(words) else f"{number}."
    return ordinal


def _change(value: Any) -> str:
    """An amount with its sign: '+50 000 kr', '−150 000 kr', '0 kr'."""
    if _missing(value):
        return DASH
    amount = int(value)
    sign = "+" if amount > 0 else "\u2212" if amount < 0 else ""
    return sign + norsk.amount(abs(amount))


def _md(text: Any) -> Raw:
    return Raw(markdown.user_markdown(None if text is None else str(text)))


def _inline(text: Any) -> Raw:
    return Raw(markdown.user_inline(None if text is None else str(text)))


def _cell(text: Any) -> Raw:
    return Raw(markdown.user_inline(None if text is None else str(text), breaks=True))


def _finalize(value: Any) -> Any:
    from markupsafe import Markup

    if isinstance(value, Raw | Markup):  # a long text through |md, or a macro through |safe
        return str(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return str(value)  # a year: 2027, not 2 027 (use |tall for thousands)
    if isinstance(value, float) and not math.isfinite(value):
        return DASH
    if isinstance(value, Fraction | float):
        return markdown.escape(norsk.number(value))
    return markdown.escape(str(value))


# --- the environment ---------------------------------------------------------------------------


@dataclass
class Rendered:
    text: str  # the document in the dialect
    labels: dict[str, Any]  # the top-level {% set %} of etiketter.j2


def _environment(malform: str, override: Path | None):
    from jinja2 import ChoiceLoader, StrictUndefined

    from handlingsplan.render.sandbox import GuardedLoader, Sandbox

    folders = []
    if override is not None:
        if not override.is_dir():
            raise TemplateProblem(
                f"Mappen med programmets egne maler, «{override}», finnes ikke.",
                "Rett «maler» under [dokument] i hp.toml, eller lag mappen.")
        folders.append(GuardedLoader(override))
    folders.extend(GuardedLoader(folder) for folder in texts_dirs(malform))
    env = Sandbox(
        loader=ChoiceLoader(folders),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        finalize=_finalize,
    )
    env.filters.update({
        "kr": _kr, "tall": _number, "prosent": _percent, "dato": _date, "måned": _month,
        "månadsnamn": _month_name, "månedsnavn": _month_name, "md": _md, "inline": _inline,
        "celle": _cell, "kortmåned": _short_month, "tallord": _words(malform),
        "oppgitt": _given, "fyll": _fill, "stor": _capital, "liste": _listing,
        "organ": _body, "ordenstall": _ordinals(malform), "endring": _change,
    })
    env.bound_filters()
    return env


_NO_ATTR = re.compile(r"'(?P<obj>[^']*)' has no attribute '(?P<name>[^']*)'")
_UNDEF = re.compile(r"'(?P<name>[^']*)' is undefined")


def _where(exc: BaseException) -> tuple[str | None, int | None]:
    """The template file and line an exception was raised in (Jinja rewrites tracebacks so that
    template frames carry the template's file name and line). A syntax error names its own
    file: the traceback's last template is the one that included it."""
    from jinja2 import TemplateSyntaxError

    name = getattr(exc, "filename", None) or getattr(exc, "name", None)
    line = getattr(exc, "lineno", None)
    if isinstance(exc, TemplateSyntaxError):
        return name, line
    tb = exc.__traceback__
    while tb is not None:
        fname = tb.tb_frame.f_code.co_filename
        if fname.endswith(".j2"):
            name, line = fname, tb.tb_lineno
        tb = tb.tb_next
    return name, line


def _problem(exc: BaseException) -> TemplateProblem:
    from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    from handlingsplan.render.sandbox import LimitExceeded

    name, line = _where(exc)
    place = f"«{Path(name).name}»" if name else "en mal"
    if line:
        place += f", linje {line}"
    hint = ("Sammenlign med malene som følger med hp (templates/tekster/), og se "
            "templates/tekster/README.md for hva malene kan bruke.")
    if isinstance(exc, TemplateNotFound):
        return TemplateProblem(f"Finner ikke malen «{exc.name}».", hint)
    if isinstance(exc, TemplateSyntaxError):
        return TemplateProblem(f"Syntaksfeil i malen {place}: {exc.message}.", hint)
    if isinstance(exc, UndefinedError):
        text = str(exc.message or exc)
        if m := _NO_ATTR.search(text):
            what = f"«{m.group('name')}» finnes ikke"
        elif m := _UNDEF.search(text):
            what = f"«{m.group('name')}» er ikke definert"
        else:
            what = text
        return TemplateProblem(f"Feil i malen {place}: {what}.", hint)
    if isinstance(exc, SecurityError):
        return TemplateProblem(f"Malen {place} prøver noe som ikke er tillatt: {exc}.", hint)
    if isinstance(exc, RecursionError):
        return TemplateProblem(f"Malen {place} kaller seg selv uten ende (en makro eller "
                               "include som bruker seg selv).", hint)
    if isinstance(exc, MemoryError):
        return TemplateProblem(f"Malen {place} bruker for mye minne.", hint)
    if isinstance(exc, LimitExceeded):
        where = f" Det skjer i {place}." if name else ""
        return TemplateProblem(f"{exc.message}{where}", exc.hint or hint)
    detail = str(exc) or type(exc).__name__
    return TemplateProblem(f"Feil i malen {place}: {detail}.", hint)


def render(view: dict[str, Any], malform: str, override: Path | None = None,
           document: str = DOCUMENT) -> Rendered:
    """Render the top template `document` (the plan's, or the annual report's) over the view;
    raise TemplateProblem on any error."""
    from handlingsplan.render.sandbox import TemplateFileRefused, render_limited

    env = _environment(malform, override)
    try:
        labels_module = env.get_template(LABELS).make_module(view)
        labels = {k: getattr(labels_module, k) for k in dir(labels_module)
                  if not k.startswith("_")}
        text = render_limited(env.get_template(document), view)
    except TemplateProblem:
        raise
    except TemplateFileRefused as exc:
        raise TemplateProblem(exc.message, exc.hint) from None
    except Exception as exc:  # a template is a program: anything it raises is its problem
        raise _problem(exc) from None
    return Rendered(text, labels)


def shipped_labels(view: dict[str, Any], malform: str) -> dict[str, Any]:
    """The labels of the etiketter.j2 shipped with hp (for words a programme's own, older
    etiketter.j2 lacks)."""
    module = _environment(malform, None).get_template(LABELS).make_module(view)
    return {k: getattr(module, k) for k in dir(module) if not k.startswith("_")}


def parse(rendered: Rendered) -> list[markdown.Block]:
    """The rendered document text → blocks, with tables and figures numbered."""
    try:
        blocks = markdown.parse(rendered.text)
    except markdown.MarkupError as exc:
        excerpt = rendered.text.split("\n")[max(exc.line - 1, 0)][:60]
        raise TemplateProblem(f"Malene lager et dokument som ikke kan leses: {exc} "
                              f"(linje {exc.line} av resultatet: «{excerpt}»).",
                              "Se templates/tekster/README.md for formatet.") from None
    markdown.number_captions(blocks)
    from handlingsplan.render import tables

    tables.finish(blocks, str(rendered.labels.get("ikke_oppgitt", "ikke oppgitt")))
    return blocks
