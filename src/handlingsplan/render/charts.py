"""Charts for the document, drawn with matplotlib (imported here only, with the Agg backend).

A template asks for a chart by name with `![caption](figur:NAME)`:

- `budsjett`: this year's frame per innsatsområde, allocated to tiltak and not allocated;
- `kostnader`: this year's costs per post (a ring with the amounts and shares);
- `maloppnaelse`: per hovedmål, the targets of the omstillingsplan, the results so far and
  this year's target.

The words in the charts come from `diagram` in etiketter.j2. The PNGs are reproducible: a fixed
size, dpi and font (DejaVu Sans, shipped with matplotlib) and no metadata. They are drawn at
300 dpi, sharp when printed. No series is told apart by its colour alone: the bars that are not
allocated or over the frame are hatched, the ring's posts are numbered on the ring and in the
legend, and the results are a dashed line with square markers beside the targets' solid line
with round ones. `alttext` describes each chart in words, from the same data.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from handlingsplan import norsk

NAMES = ("budsjett", "kostnader", "maloppnaelse")
WIDTH_CM = 16.0
DPI = 300  # sharp when printed

ACCENT = "#1F4E79"
LIGHT = "#BDD7EE"
OVER = "#C0392B"
RESULT = "#E07B00"
GRID = "#D9D9D9"
TEXT = "#262626"
PALETTE = ("#1F4E79", "#2E75B6", "#9DC3E6", "#548235", "#A9D18E", "#BF9000", "#FFD966",
           "#7F7F7F", "#C9C9C9", "#843C0C")


class ChartProblem(Exception):
    """A chart asked for by a template cannot be drawn."""


def _mix(colour: str, white: float) -> str:
    rgb = [int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(c + (255 - c) * white):02X}" for c in rgb)


def _colours(accent: str | None) -> tuple[str, str, tuple[str, ...]]:
    """The accent, its light tint and the palette: the template's accent colour first."""
    if not accent or "#" + accent.lstrip("#").upper() == ACCENT:
        return ACCENT, LIGHT, PALETTE
    base = "#" + accent.lstrip("#")
    return base, _mix(base, 0.7), (base, _mix(base, 0.35), _mix(base, 0.65), *PALETTE[3:])


def _pyplot_free_figure(width_cm: float, height_cm: float):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_cm / 2.54, height_cm / 2.54), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    return fig


def _style():
    import matplotlib

    return matplotlib.rc_context({
        "font.family": "DejaVu Sans",
        "font.size": 8.5,
        "axes.edgecolor": GRID,
        "axes.labelcolor": TEXT,
        "text.color": TEXT,
        "xtick.color": TEXT,
        "ytick.color": TEXT,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "svg.hashsalt": "hp",
        "text.parse_math": False,  # a «$» in a name is a dollar sign, not TeX to parse
    })


def _png(fig) -> bytes:
    """The figure as a PNG at DPI: a palette of 256 colours (the charts have a dozen, and
    their antialiased edges), a third of the size of full colour and quick to write. The
    palette is chosen on a quarter-size copy (a third of the time, as close a match), with
    near-white made white so that the background stays exactly white. No metadata but the
    resolution."""
    from PIL import Image

    canvas = fig.canvas
    canvas.draw()
    # Agg's RGBA read as RGB (the alpha is opaque): a fifth of the time of a conversion
    rgb = Image.frombytes("RGB", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBX")
    palette = rgb.reduce(4).quantize(256, method=Image.Quantize.FASTOCTREE,
                                     dither=Image.Dither.NONE)
    colours = palette.getpalette() or []
    for i in range(0, len(colours) - 2, 3):
        if min(colours[i:i + 3]) >= 250:
            colours[i:i + 3] = [255, 255, 255]
    palette.putpalette(colours)
    image = rgb.quantize(palette=palette, dither=Image.Dither.NONE)
    buf = io.BytesIO()
    image.save(buf, format="png", dpi=(DPI, DPI), compress_level=3)  # quick; small enough
    return buf.getvalue()


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def _kr_axis(value: float, _pos: Any = None) -> str:
    return norsk.number(round(value)) if value else "0"


def _millions(value: float, _pos: Any = None) -> str:
    """1 500 000 → '1,5' (the axis says 'mill. kr')."""
    if not value:
        return "0"
    tenths = Fraction(round(value / 100_000), 10)
    return norsk.number(tenths if tenths.denominator != 1 else int(tenths), 1)


# --- budsjett ----------------------------------------------------------------------------------


def budget(view: dict, words: dict, accent: str | None = None) -> bytes | None:
    del4 = view.get("del4")
    if not del4 or not del4["innsatsområder"]:
        return None
    areas = del4["innsatsområder"]
    main, light, _ = _colours(accent)
    with _style():
        fig = _pyplot_free_figure(WIDTH_CM, 2.2 + 1.15 * len(areas))
        ax = fig.add_subplot(1, 1, 1)
        labels = [_wrap(a["navn"], 26) for a in areas]
        ys = list(range(len(areas)))[::-1]
        given = [min(a["fordelt"], a["ramme"]) for a in areas]
        free = [max(a["ikke_fordelt"], 0) for a in areas]
        over = [max(-a["ikke_fordelt"], 0) for a in areas]
        ax.barh(ys, given, color=main, height=0.55, label=words["fordelt"])
        # hatched: told apart from the allocated part without its colour
        ax.barh(ys, free, left=given, color=light, height=0.55, label=words["ikke_fordelt"],
                hatch="////", edgecolor=main, linewidth=0)
        if any(over):
            ax.barh(ys, over, left=[g + f for g, f in zip(given, free, strict=True)],
                    color=OVER, height=0.55, label=words["over_rammen"], hatch="xxxx",
                    edgecolor="white", linewidth=0)
        top = max((a["ramme"] + o for a, o in zip(areas, over, strict=True)), default=0) or 1
        for y, a, o in zip(ys, areas, over, strict=True):
            ax.text(a["ramme"] + o + top * 0.015, y, norsk.amount(a["ramme"]),
                    va="center", ha="left", fontsize=8)
        ax.set_yticks(ys, labels)
        ax.set_xlim(0, top * 1.28)
        from matplotlib.ticker import MaxNLocator

        millions = top >= 2_000_000
        ax.xaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
        ax.xaxis.set_major_formatter(_formatter(_millions if millions else _kr_axis))
        ax.set_xlabel(words["millioner"] if millions else words["kroner"])
        ax.grid(axis="x", color=GRID, linewidth=0.6)
        ax.set_axisbelow(True)
        ax.tick_params(axis="y", length=0)
        height = fig.get_figheight()
        longest = max(len(line) for label in labels for line in label.split("\n"))
        left = min(0.45, (longest * 0.56 * 8.5 / 72 + 0.2) / fig.get_figwidth())
        fig.subplots_adjust(left=left, right=0.97, top=1 - 0.12 / height,
                            bottom=0.85 / height)
        fig.legend(loc="lower center", ncol=3, frameon=False, bbox_to_anchor=(0.5, 0.0))
        return _png(fig)


def _formatter(func: Callable):
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(func)


# --- kostnader ---------------------------------------------------------------------------------


def costs(view: dict, words: dict, accent: str | None = None) -> bytes | None:
    del4 = view.get("del4")
    if not del4 or not del4["kostnader"]["sum"]:
        return None
    posts = cost_posts(view, words)
    total = del4["kostnader"]["sum"]
    texts = [f"{_wrap(n, 38)}\n{norsk.amount(v)} ({norsk.percent(rounded_share(v, total))})"
             for n, v in posts]
    lines = sum(t.count("\n") + 1 for t in texts) + 0.8 * len(texts)
    with _style():
        fig = _pyplot_free_figure(WIDTH_CM, max(6.5, 1.0 + 0.42 * lines))
        ax = fig.add_axes((0.0, 0.04, 0.42, 0.92))
        palette = _colours(accent)[2]
        colours = [palette[i % len(palette)] for i in range(len(posts))]
        wedges, _ = ax.pie([v for _, v in posts], colors=colours, startangle=90,
                           counterclock=False,
                           wedgeprops={"width": 0.38, "edgecolor": "white", "linewidth": 1.5})
        _number_wedges(ax, wedges)
        ax.text(0, 0.08, words["sum"], ha="center", va="center", fontsize=8)
        ax.text(0, -0.1, norsk.amount(total), ha="center", va="center", fontsize=9,
                fontweight="bold")
        ax.set_aspect("equal")
        from matplotlib.patches import Patch

        handles = [Patch(color=c) for c in colours]
        numbered = [f"{n}  {t}".replace("\n", "\n    ") for n, t in enumerate(texts, start=1)]
        fig.legend(handles, numbered, loc="center left", bbox_to_anchor=(0.45, 0.5),
                   frameon=False, labelspacing=0.9, handlelength=1.2)
        return _png(fig)


def cost_posts(view: dict, words: dict) -> list[tuple[str, int]]:
    """This year's costs per post (name, kroner), as the ring shows them (no empty posts)."""
    k = view["del4"]["kostnader"]
    posts = [(words["administrasjon"], k["administrasjon"]["beløp"])]
    posts += [(o["navn"], o["beløp"]) for o in k["innsatsområder"]]
    posts.append((words["kommunikasjon"], k["kommunikasjon"]["beløp"]))
    posts += [(o["navn"], o["beløp"]) for o in k["andre"]]
    return [(n, v) for n, v in posts if v > 0]


def _number_wedges(ax, wedges) -> None:
    """The post's number just outside its wedge (the legend has the same numbers), so that
    the ring can be read without telling its colours apart. Numbers of narrow neighbouring
    wedges are pushed apart."""
    import math

    angles = [(w.theta1 + w.theta2) / 2 for w in wedges]
    gap = 11.0  # degrees between two numbers at least
    for n in range(1, len(angles)):  # clockwise: the angles fall
        if angles[n - 1] - angles[n] < gap:
            angles[n] = angles[n - 1] - gap
    for n, angle in enumerate(angles, start=1):
        rad = math.radians(angle)
        ax.text(1.13 * math.cos(rad), 1.13 * math.sin(rad), str(n), ha="center",
                va="center", fontsize=8, fontweight="bold")


def rounded_share(part: int, whole: int) -> Fraction:
    exact = Fraction(part * 100, whole)
    return Fraction(int(exact * 10 + Fraction(1, 2)), 10)


# --- måloppnåelse ------------------------------------------------------------------------------


def goals(view: dict, words: dict, accent: str | None = None) -> bytes | None:
    shown = goals_shown(view)
    if not shown:
        return None
    year = view["år"]
    period = view["programmet"]["periode"]["år"]
    main = _colours(accent)[0]
    cols = min(len(shown), 3)
    rows = (len(shown) + cols - 1) // cols
    with _style():
        fig = _pyplot_free_figure(WIDTH_CM, 1.6 + 5.4 * rows)
        for n, g in enumerate(shown):
            ax = fig.add_subplot(rows, cols, n + 1)
            exact_targets, exact_results = goal_series(g, period)
            targets = [(y, float(v)) for y, v in exact_targets]
            results = [(y, float(v)) for y, v in exact_results]
            if targets:
                ax.plot([t[0] for t in targets], [t[1] for t in targets], color=main,
                        linewidth=1.6, marker="o", markersize=3.5, label=words["måltall"])
            if results:  # dashed, square markers: not told apart by colour alone
                ax.plot([r[0] for r in results], [r[1] for r in results], color=RESULT,
                        linewidth=1.6, linestyle=(0, (4, 2)), marker="s", markersize=4.5,
                        label=words["resultat"])
            if g["årsmål"] is not None:
                ax.plot([year], [float(g["årsmål"])], linestyle="none", marker="*",
                        markersize=11, color=main, markeredgecolor="white",
                        label=f"{words['årsmål']} {year}")
            ax.set_title(_wrap(f"{g['id']}: {g['enhet'] or g['indikator'] or ''}", 28),
                         fontsize=8.5, loc="left", fontweight="bold")
            xs = [period[0] - 1, *period] if targets and targets[0][0] < period[0] else period
            ax.set_xticks(xs, [str(x) if (x - xs[0]) % 2 == 0 or len(xs) <= 4 else ""
                               for x in xs])
            ax.set_xlim(xs[0] - 0.3, xs[-1] + 0.3)
            ax.set_ylim(bottom=0)
            values = [v for _, v in targets + results]
            if g["årsmål"] is not None:
                values.append(float(g["årsmål"]))
            if all(float(v).is_integer() for v in values):  # counts: whole-number ticks
                from matplotlib.ticker import MaxNLocator

                ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
            ax.yaxis.set_major_formatter(_formatter(lambda v, _p: norsk.number(
                int(v) if float(v).is_integer() else Fraction(round(v * 10), 10))))
            ax.grid(axis="y", color=GRID, linewidth=0.6)
            ax.set_axisbelow(True)
        handles, texts = fig.axes[0].get_legend_handles_labels()
        for ax in fig.axes[1:]:
            for h, t in zip(*ax.get_legend_handles_labels(), strict=True):
                if t not in texts:
                    handles.append(h)
                    texts.append(t)
        fig.legend(handles, texts, loc="lower center", ncol=3, frameon=False)
        height = fig.get_figheight()
        fig.subplots_adjust(left=0.07, right=0.98, top=1 - 0.42 / height,
                            bottom=0.75 / height, wspace=0.32, hspace=0.55)
        return _png(fig)


def goals_shown(view: dict) -> list[dict]:
    """The hovedmål the chart shows: those with targets, results or a target for the year."""
    del1 = view.get("del1")
    if not del1:
        return []
    return [g for g in del1["hovedmål"] if g["måltall"] or g["resultater"] or g["årsmål"]]


def goal_series(g: dict, period: list[int]) -> tuple[list[tuple[int, Any]], list[tuple[int, Any]]]:
    """A hovedmål's targets (from the baseline the year before the period, when it has one)
    and its results so far, as (year, value)."""
    targets = [(t["år"], t["verdi"]) for t in g["måltall"]]
    if g["utgangsverdi"] is not None and targets and period[0] - 1 not in dict(targets):
        targets = [(period[0] - 1, g["utgangsverdi"]), *targets]
    return targets, [(r["år"], r["verdi"]) for r in g["resultater"]]


CHARTS: dict[str, Callable[..., bytes | None]] = {
    "budsjett": budget, "kostnader": costs, "maloppnaelse": goals}


# The charts last drawn in this process, by what they were drawn from: a second document from
# the same data (a program using the library, the tests) does not draw them again.
MAX_KEPT = 12
_DRAWN: dict[tuple[str, str], bytes | None] = {}


def draw(names: list[str], view: dict, words: dict,
         accent: str | None = None) -> dict[str, bytes | None]:
    """The PNG of every named chart (None when there is nothing to draw), in the Word
    template's accent colour when given."""
    unknown = [n for n in names if n not in CHARTS]
    if unknown:
        raise ChartProblem(f"Ukjent figur «{unknown[0]}» i malene; figurene som finnes, er "
                           + ", ".join(NAMES) + ".")
    out: dict[str, bytes | None] = {}
    data = repr((view, words, accent))  # what a chart is drawn from, as text
    for name in dict.fromkeys(names):
        if (name, data) in _DRAWN:
            out[name] = _DRAWN[name, data]
            continue
        try:
            out[name] = _DRAWN[name, data] = CHARTS[name](view, words, accent)
            while len(_DRAWN) > MAX_KEPT:
                del _DRAWN[next(iter(_DRAWN))]
        except (KeyError, ChartProblem):
            raise
        except Exception as exc:  # matplotlib on data it was never meant to see
            raise ChartProblem(f"Figuren «{name}» kunne ikke tegnes ({type(exc).__name__}: "
                               f"{str(exc).strip()[:200]}).") from None
    return out
