"""`hp status` for people and tools: rich tables on a terminal, a Markdown table for a board
case, and JSON with every figure."""

from __future__ import annotations

import json
from fractions import Fraction

from handlingsplan import norsk
from handlingsplan.output import grants as grants_view
from handlingsplan.output.safe import md_text
from handlingsplan.schema.types import TiltakStatus
from handlingsplan.status import Status, TiltakFigures, status_text

BAR_WIDTH = 12
WIDE = 110  # columns from which the tables show «kr» and the milestone count

_STATUS_STYLE = {
    TiltakStatus.NOT_STARTED: "yellow",
    TiltakStatus.ONGOING: "cyan",
    TiltakStatus.DONE: "green",
    TiltakStatus.DELAYED: "bold yellow",
    TiltakStatus.CANCELLED: "dim",
    None: "dim",
}


def _pct(value: Fraction | None) -> str:
    return norsk.percent(value) if value is not None else "–"


def _num(value: int | float | None) -> str:
    return norsk.number(value) if value is not None else "–"


def _headline(s: Status) -> str:
    parts = [norsk.date(s.date), f"{norsk.percent(s.year_share)} av {s.year} er gått"]
    if s.followup_as_of:
        parts.append(f"oppfølging per {norsk.date(s.followup_as_of)}")
    return " · ".join(parts)


def _no_followup(s: Status) -> str:
    return (f"Ingen oppfølging for {s.year} ennå ({s.year}/oppfolging.yaml finnes ikke): "
            "planen vises uten forbruk.")


def _period_label(s: Status) -> str:
    ends = {g.period_end for g in s.goals if g.period_end}
    return f"Mål {ends.pop()}" if len(ends) == 1 else "Periodens mål"


# --- text --------------------------------------------------------------------------------------


def _bar(spent: Fraction | None, year: Fraction):
    """Spent share as a bar, with a marker where the year has come."""
    from rich.text import Text

    bar = Text()
    if spent is None:
        return bar
    filled = min(round(spent * BAR_WIDTH / 100), BAR_WIDTH)
    mark = min(round(year * BAR_WIDTH / 100), BAR_WIDTH - 1)
    colour = "red" if spent > 100 else "green"
    for i in range(BAR_WIDTH):
        if i == mark:
            bar.append("│", style="bold magenta")
        elif i < filled:
            bar.append("█", style=colour)
        else:
            bar.append("░", style="dim")
    return bar


def _table(title: str, footer: bool = True):
    from rich import box
    from rich.table import Table

    return Table(title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD,
                 pad_edge=False, show_footer=footer, collapse_padding=True)


def _name_column(table, header: str, footer: str = "", wrap: bool = False) -> None:
    """The one column that gives way when the terminal is narrow: it wraps (or, with
    wrap=False, is cut with … by _fit)."""
    table.add_column(header, footer=footer, no_wrap=not wrap, overflow="ellipsis",
                     min_width=len(header))


def _fit(console, table) -> None:
    """Shorten the first column (with …) so that the table fits the console; the figures are
    never cut."""
    from rich.cells import cell_len
    from rich.measure import Measurement

    total = Measurement.get(console, console.options.update_width(10_000), table).maximum
    excess = total - console.width
    if excess > 0 and table.columns[0].no_wrap:
        column = table.columns[0]
        natural = max([cell_len(str(c)) for c in column._cells]
                      + [cell_len(str(column.header)), cell_len(str(column.footer))])
        column.max_width = max(12, natural - excess)


def _number_column(table, header: str, footer: str = "") -> None:
    table.add_column(header, footer=footer, justify="right", no_wrap=True)


def render_text(console, s: Status) -> None:
    from rich.markup import escape
    from rich.text import Text

    wide = console.width >= WIDE
    money = norsk.amount if wide else norsk.number  # narrow: "kr" goes in the caption
    in_kroner = "" if wide else " Beløp i kroner."

    console.print(Text(f"{s.programme} — status for handlingsplanen {s.year}", style="bold"))
    console.print(Text(_headline(s), style="dim"))
    if not s.has_followup:
        console.print(Text(_no_followup(s), style="yellow"))
    console.print()

    table = _table("Tiltak")
    _name_column(table, "Tiltak", "Sum")
    table.add_column("Status", no_wrap=True)
    _number_column(table, "Budsjett", money(s.allocated))
    _number_column(table, "Brukt", money(s.spent))
    _number_column(table, "Andel", _pct(s.spent_share))
    table.add_column("Forbruk", no_wrap=True)
    if wide:
        _number_column(table, "Milepæler")
    for t in s.tiltak:
        row = [escape(f"{t.id} {t.name}"),
               Text(status_text(t.status, s.has_followup), style=_STATUS_STYLE[t.status]),
               money(t.budget), Text(money(t.spent), style="bold red" if t.overspent else ""),
               _pct(t.spent_share), _bar(t.spent_share, s.year_share)]
        if wide:
            row.append(str(len(t.milestones_due)) if t.milestones_due else "")
        table.add_row(*row)
    _fit(console, table)
    console.print(table)
    legend = (f"Andel: av budsjettet brukt; │ i forbruket viser hvor langt året er kommet "
              f"({norsk.percent(s.year_share)}).")
    if wide:
        legend += " Milepæler: passert, og tiltaket er ikke fullført."
    if s.pools:
        legend += " For en pott er brukt det tilsagnene har fått utbetalt."
    console.print(Text(legend + in_kroner, style="dim"))
    console.print()

    table = _table("Innsatsområder")
    _name_column(table, "Innsatsområde", "Sum")
    _number_column(table, f"Ramme {s.year}", money(s.frame))
    _number_column(table, "Fordelt", money(s.allocated))
    _number_column(table, "Ufordelt", money(s.frame - s.allocated))
    _number_column(table, "Brukt", money(s.spent))
    _number_column(table, "Andel", _pct(s.spent_share))
    table.add_column("Forbruk", no_wrap=True)
    for a in s.areas:
        table.add_row(escape(f"{a.id} {a.name}"), money(a.frame), money(a.allocated),
                      money(a.unallocated),
                      Text(money(a.spent), style="bold red" if a.frame and a.spent > a.frame
                           else ""),
                      _pct(a.spent_share), _bar(a.spent_share, s.year_share))
    _fit(console, table)
    console.print(table)
    note = "Fordelt: på tiltak. Andel: brukt av det som er fordelt."
    if s.budget_total is not None:
        note += (f" Hele budsjettet for {s.year}, med administrasjon og kommunikasjon, er "
                 f"{norsk.amount(s.budget_total)}.")
    console.print(Text(note + in_kroner, style="dim"))
    console.print()

    grants_view.render_text(console, s, _table, _name_column, _number_column, _fit, money,
                            in_kroner)

    table = _table("Mål", footer=False)
    _name_column(table, "Mål")
    _number_column(table, "Målt")
    _number_column(table, f"Årsmål {s.year}")
    _number_column(table, "Oppnådd")
    _number_column(table, _period_label(s))
    _number_column(table, "Oppnådd")
    for g in s.goals:
        reached = g.reached
        style = "green" if reached else ("yellow" if reached is False else "")
        table.add_row(escape(f"{g.id} {g.text}"), _num(g.measured), _num(g.year_target),
                      Text(_pct(g.year_share), style=style), _num(g.period_target),
                      _pct(g.period_share))
    _fit(console, table)
    console.print(table)
    if s.has_followup:
        console.print(f"Arbeidsplasser rapportert av tiltakene: [bold]{s.jobs}[/]")
    console.print()

    due = [t for t in s.tiltak if t.milestones_due]
    if due:
        console.print(Text("Passerte milepæler i tiltak som ikke er fullført", style="bold"))
        for t in due:
            state = f" ({status_text(t.status)})" if t.status else ""
            console.print(Text(f"  {t.id} {t.name}{state}"))
            for m in t.milestones_due:
                console.print(Text(f"    {norsk.date(m.date)}: {m.text}", style="dim"))
        console.print()

    if s.flags:
        console.print(Text("Til styrets oppmerksomhet", style="bold"))
        for f in s.flags:
            console.print(Text("  ! ", style="bold yellow") + Text(f.message))
    elif s.has_followup:
        console.print(Text("Ingenting spesielt til styrets oppmerksomhet.", style="green"))


# --- markdown ----------------------------------------------------------------------------------


def _row(cells) -> str:
    """A table row; cells are Markdown already (numbers, **bold** sums, md_text of names)."""
    return "| " + " | ".join(cells) + " |"


def render_md(s: Status) -> str:
    lines = [f"## Status for handlingsplanen {s.year}", "",
             f"{md_text(s.programme)}. Per {norsk.date(s.date)}: "
             f"{norsk.percent(s.year_share)} av året er gått"
             + (f"; oppfølgingen gjelder per {norsk.date(s.followup_as_of)}."
                if s.followup_as_of else "."), ""]
    if not s.has_followup:
        lines += [f"*{_no_followup(s)}*", ""]

    lines += ["### Tiltak", "",
              _row(["Tiltak", "Status", "Budsjett", "Brukt", "Andel brukt",
                    "Passerte milepæler"]),
              "|---|---|--:|--:|--:|--:|"]
    for t in s.tiltak:
        lines.append(_row([md_text(f"{t.id} {t.name}"), status_text(t.status, s.has_followup),
                           norsk.amount(t.budget), norsk.amount(t.spent), _pct(t.spent_share),
                           str(len(t.milestones_due))]))
    lines.append(_row(["**Sum**", "", f"**{norsk.amount(s.allocated)}**",
                       f"**{norsk.amount(s.spent)}**", f"**{_pct(s.spent_share)}**", ""]))

    if s.pools:
        lines += ["", "For en pott er brukt det tilsagnene har fått utbetalt."]

    lines += ["", "### Innsatsområder", "",
              _row(["Innsatsområde", f"Ramme {s.year}", "Fordelt på tiltak", "Ufordelt",
                    "Brukt", "Andel brukt"]),
              "|---|--:|--:|--:|--:|--:|"]
    for a in s.areas:
        lines.append(_row([md_text(a.name), norsk.amount(a.frame), norsk.amount(a.allocated),
                           norsk.amount(a.unallocated), norsk.amount(a.spent),
                           _pct(a.spent_share)]))
    lines.append(_row(["**Sum**", f"**{norsk.amount(s.frame)}**",
                       f"**{norsk.amount(s.allocated)}**",
                       f"**{norsk.amount(s.frame - s.allocated)}**",
                       f"**{norsk.amount(s.spent)}**", f"**{_pct(s.spent_share)}**"]))
    lines += grants_view.render_md(s)

    lines += ["", "### Mål", "",
              _row(["Mål", "Målt", f"Årsmål {s.year}", "Oppnådd", _period_label(s),
                    "Oppnådd"]),
              "|---|--:|--:|--:|--:|--:|"]
    for g in s.goals:
        lines.append(_row([md_text(f"{g.id} {g.text}"), _num(g.measured), _num(g.year_target),
                           _pct(g.year_share), _num(g.period_target), _pct(g.period_share)]))
    if s.has_followup:
        lines += ["", f"Arbeidsplasser rapportert av tiltakene: {s.jobs}."]

    if s.flags:
        lines += ["", "### Til styrets oppmerksomhet", ""]
        lines += [f"- {md_text(f.message)}" for f in s.flags]
    return "\n".join(lines) + "\n"


# --- json --------------------------------------------------------------------------------------


def _share(value: Fraction | None) -> float | None:
    try:
        return None if value is None else round(float(value), 2)
    except OverflowError:  # beyond any float: no share to tell
        return None


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _tiltak(t: TiltakFigures) -> dict:
    return {
        "id": t.id, "name": t.name, "area": t.area,
        "status": t.status.value if t.status else None,
        "budget": t.budget, "spent": t.spent, "spent_share": _share(t.spent_share),
        "overspent": t.overspent, "start": _iso(t.start), "end": _iso(t.end),
        "milestones_passed": [{"date": m.date.isoformat(), "text": m.text}
                              for m in t.milestones_due],
        "jobs": t.jobs, "comment": t.comment,
        "pool": _pool(t),
    }


def _pool(t: TiltakFigures) -> dict | None:
    """A pool tiltak's grants of the year; `spent` above is what they paid out, and
    `reported` is the follow-up's `forbruk` as written (None when it has none)."""
    p = t.pool
    if p is None:
        return None
    return {"count": p.count, "granted": p.granted, "withdrawn": p.withdrawn, "net": p.net,
            "paid": p.paid, "free": p.free, "reported": t.reported}


def document(s: Status) -> dict:
    return {
        "programme": s.programme,
        "period": {"from": s.start, "to": s.end},
        "year": s.year,
        "date": s.date.isoformat(),
        "year_share": _share(s.year_share),
        "followup": {"as_of": s.followup_as_of.isoformat()} if s.followup_as_of else None,
        "tiltak": [_tiltak(t) for t in s.tiltak],
        "areas": [{"id": a.id, "name": a.name, "frame": a.frame, "allocated": a.allocated,
                   "unallocated": a.unallocated, "spent": a.spent,
                   "spent_share": _share(a.spent_share), "period_frame": a.period_frame}
                  for a in s.areas],
        "total": {"frame": s.frame, "allocated": s.allocated, "unallocated": s.frame - s.allocated,
                  "spent": s.spent, "spent_share": _share(s.spent_share),
                  "budget": s.budget_total, "jobs": s.jobs},
        "goals": [{"id": g.id, "text": g.text, "unit": g.unit, "area": g.area,
                   "baseline": g.baseline, "measured": g.measured,
                   "year_target": g.year_target, "year_share": _share(g.year_share),
                   "reached": g.reached, "period_target": g.period_target,
                   "period_end": g.period_end, "period_share": _share(g.period_share)}
                  for g in s.goals],
        "attention": [{"kind": f.kind, "tiltak": f.tiltak, "area": f.area,
                       "message": f.message} for f in s.flags],
        **grants_view.document(s),
    }


def dumps(s: Status) -> str:
    return json.dumps(document(s), ensure_ascii=False, indent=2) + "\n"
