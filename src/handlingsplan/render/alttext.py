"""The charts in words: the alternative text of every figure (`wp:docPr/@descr` in Word), made
from the data the chart is drawn from, in the programme's målform.

The words come from `diagram` in etiketter.j2 (`beskrivelse_budsjett`, `beskrivelse_kostnader`,
`beskrivelse_måloppnåelse` open the text, `{år}` in them is the plan year; `ramme`, `i_alt` and
the chart's own labels name the figures). A screen reader reads the text in place of the
picture, so it gives every number the chart shows.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from handlingsplan import norsk
from handlingsplan.render import charts

KEYS = ("beskrivelse_budsjett", "beskrivelse_kostnader", "beskrivelse_måloppnåelse", "ramme",
        "i_alt")


def _lower(label: str) -> str:
    """A label inside a sentence: «Ikke fordelt» → «ikke fordelt»."""
    return label[:1].lower() + label[1:]


def _intro(words: dict, key: str, year: int) -> str:
    return str(words[key]).replace("{år}", str(year)).strip()


def _value(v) -> str:
    """A target or result as the axis shows it: 150, 2,5 (a Decimal or float as well)."""
    if not isinstance(v, int | float | Fraction):
        v = Fraction(str(v))
    return norsk.number(v, 2)


def budget(view: dict, words: dict) -> str | None:
    del4 = view.get("del4")
    if not del4 or not del4["innsatsområder"]:
        return None
    parts = [_intro(words, "beskrivelse_budsjett", view["år"])]
    for a in del4["innsatsområder"]:
        rest = a["ikke_fordelt"]
        tail = (f"{_lower(words['ikke_fordelt'])} {norsk.amount(rest)}" if rest >= 0 else
                f"{_lower(words['over_rammen'])} {norsk.amount(-rest)}")
        parts.append(f"{a['navn']}: {words['ramme']} {norsk.amount(a['ramme'])}, "
                     f"{_lower(words['fordelt'])} {norsk.amount(a['fordelt'])}, {tail}.")
    return " ".join(parts)


def costs(view: dict, words: dict) -> str | None:
    del4 = view.get("del4")
    if not del4 or not del4["kostnader"]["sum"]:
        return None
    total = del4["kostnader"]["sum"]
    posts = charts.cost_posts(view, words)
    listed = "; ".join(f"{n} {norsk.amount(v)} "
                       f"({norsk.percent(charts.rounded_share(v, total))})" for n, v in posts)
    return (f"{_intro(words, 'beskrivelse_kostnader', view['år'])}, {words['i_alt']} "
            f"{norsk.amount(total)}: {listed}.")


def goals(view: dict, words: dict) -> str | None:
    shown = charts.goals_shown(view)
    if not shown:
        return None
    year = view["år"]
    period = view["programmet"]["periode"]["år"]
    parts = [_intro(words, "beskrivelse_måloppnåelse", year)]
    for g in shown:
        targets, results = charts.goal_series(g, period)
        what = g["enhet"] or g["indikator"]
        said = []
        if targets:
            said.append(f"{_lower(words['måltall'])} "
                        + ", ".join(f"{y}: {_value(v)}" for y, v in targets))
        if results:
            said.append(f"{_lower(words['resultat'])} "
                        + ", ".join(f"{y}: {_value(v)}" for y, v in results))
        if g["årsmål"] is not None:
            said.append(f"{_lower(words['årsmål'])} {year}: {_value(g['årsmål'])}")
        name = f"{g['id']} ({what})" if what else str(g["id"])
        parts.append(f"{name}: {'; '.join(said)}.")
    return " ".join(parts)


DESCRIBE: dict[str, Callable[[dict, dict], str | None]] = {
    "budsjett": budget, "kostnader": costs, "maloppnaelse": goals}


def describe(names: list[str], view: dict, words: dict) -> dict[str, str]:
    """The alternative text of every named chart that has one."""
    out = {}
    for name in dict.fromkeys(names):
        text = DESCRIBE[name](view, words) if name in DESCRIBE else None
        if text:
            out[name] = text
    return out
