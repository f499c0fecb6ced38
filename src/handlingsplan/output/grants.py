"""The grants part of `hp status` (tilsagn.yaml): the pools, the grants with their deadlines,
and the de minimis room per organisation number, as terminal tables, Markdown and JSON.
The figures come from figures/grants.py through status.Status."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from handlingsplan import norsk
from handlingsplan.output.safe import md_text

if TYPE_CHECKING:
    from handlingsplan.status import Status

FORMS = {"bagatellstøtte": "bagatellstøtte", "gruppeunntak": "gruppeunntak",
         "ikke_statsstøtte": "ikke statsstøtte"}


def _date(value) -> str:
    return norsk.date(value) if value is not None else "–"


def _free(value: int | None) -> str:
    return norsk.amount(value) if value is not None else "–"


def has_grants(s: Status) -> bool:
    return bool(s.pools or s.grants or s.de_minimis)


def pool_note(s: Status) -> str:
    return ("Potter er tiltak som styret gir tilsagn fra. Innvilget: etter det som er trukket "
            "tilbake. Ledig: budsjettet minus innvilget. For en pott er brukt det som er "
            "utbetalt.")


def ceiling_note(s: Status) -> str:
    eur = norsk.decimal(s.de_minimis_eur)
    rate = norsk.decimal(s.eur_rate)
    return (f"Taket for bagatellmessig støtte er {norsk.amount(s.de_minimis_ceiling)} "
            f"({eur} euro × {rate}) per foretak over tre år. Brukt: programmets tilsagn vedtatt "
            f"fra {norsk.date(s.de_minimis[0].after + dt.timedelta(days=1))} til "
            f"{norsk.date(s.date)}, pluss det foretaket selv oppga fra andre i sitt siste "
            "tilsagn.")


# --- text --------------------------------------------------------------------------------------


def render_text(console, s: Status, table, name_column, number_column, fit, money,
                in_kroner: str) -> None:
    """The three tables on a terminal, with the helpers of output/status.py."""
    from rich.markup import escape
    from rich.text import Text

    if s.pools:
        t = table("Potter")
        name_column(t, "Tiltak", "Sum")
        number_column(t, "Budsjett", money(sum(p.budget or 0 for p in s.pools)))
        number_column(t, "Tilsagn", str(sum(p.count for p in s.pools)))
        number_column(t, "Innvilget", money(sum(p.net for p in s.pools)))
        number_column(t, "Utbetalt", money(sum(p.paid for p in s.pools)))
        number_column(t, "Ledig", money(sum(p.free or 0 for p in s.pools)))
        for p in s.pools:
            free = p.free
            t.add_row(escape(f"{p.tiltak} {p.name or ''}".strip()),
                      money(p.budget) if p.budget is not None else "–", str(p.count),
                      money(p.net), money(p.paid),
                      Text(money(free) if free is not None else "–",
                           style="bold red" if free is not None and free < 0 else ""))
        fit(console, t)
        console.print(t)
        console.print(Text(pool_note(s) + in_kroner, style="dim"))
        console.print()

    if s.grants:
        t = table("Tilsagn", footer=False)
        name_column(t, "Tilsagn")
        t.add_column("Tiltak", no_wrap=True)
        number_column(t, "Innvilget")
        number_column(t, "Utbetalt")
        number_column(t, "Gjenstår")
        t.add_column("Frist", no_wrap=True)
        for g in s.grants:
            late = g.overdue(s.date)
            t.add_row(escape(f"{g.id} {g.recipient}"), escape(g.tiltak), money(g.net),
                      money(g.paid), money(g.unpaid),
                      Text(_date(g.deadline) + (" !" if late else ""),
                           style="bold yellow" if late else ""))
        fit(console, t)
        console.print(t)
        console.print(Text(f"Årets tilsagn og tidligere års tilsagn som ikke er ferdig utbetalt. "
                           f"! : fristen er passert, og det gjenstår penger.{in_kroner}",
                           style="dim"))
        console.print()

    if s.de_minimis:
        t = table("Bagatellmessig støtte", footer=False)
        name_column(t, "Foretak")
        number_column(t, "Fra programmet")
        number_column(t, "Fra andre")
        number_column(t, "Brukt")
        number_column(t, "Igjen")
        for d in s.de_minimis:
            t.add_row(escape(f"{d.orgnr} {d.name}"), money(d.ours), money(d.declared),
                      money(d.total), Text(money(d.room),
                                           style="bold red" if d.room < 0 else ""))
        fit(console, t)
        console.print(t)
        console.print(Text(ceiling_note(s) + in_kroner, style="dim"))
        console.print()


# --- markdown ----------------------------------------------------------------------------------


def _row(cells) -> str:
    return "| " + " | ".join(cells) + " |"


def render_md(s: Status) -> list[str]:
    lines: list[str] = []
    if s.pools:
        lines += ["", "### Potter", "",
                  _row(["Tiltak", "Budsjett", "Tilsagn", "Innvilget", "Utbetalt", "Ledig"]),
                  "|---|--:|--:|--:|--:|--:|"]
        for p in s.pools:
            lines.append(_row([md_text(f"{p.tiltak} {p.name or ''}".strip()),
                               _free(p.budget), str(p.count), norsk.amount(p.net),
                               norsk.amount(p.paid), _free(p.free)]))
        lines += ["", pool_note(s)]
    if s.grants:
        lines += ["", "### Tilsagn", "",
                  _row(["Tilsagn", "Mottaker", "Tiltak", "Vedtatt", "Innvilget", "Utbetalt",
                        "Gjenstår", "Frist"]),
                  "|---|---|---|---|--:|--:|--:|---|"]
        for g in s.grants:
            late = " **(passert)**" if g.overdue(s.date) else ""
            lines.append(_row([md_text(g.id), md_text(g.recipient), md_text(g.tiltak),
                               norsk.date(g.decided), norsk.amount(g.net), norsk.amount(g.paid),
                               norsk.amount(g.unpaid), _date(g.deadline) + late]))
    if s.de_minimis:
        lines += ["", "### Bagatellmessig støtte per foretak", "",
                  _row(["Organisasjonsnummer", "Foretak", "Fra programmet", "Fra andre",
                        "Brukt", "Igjen under taket"]),
                  "|---|---|--:|--:|--:|--:|"]
        for d in s.de_minimis:
            lines.append(_row([d.orgnr, md_text(d.name), norsk.amount(d.ours),
                               norsk.amount(d.declared), norsk.amount(d.total),
                               norsk.amount(d.room)]))
        lines += ["", ceiling_note(s)]
    return lines


# --- json --------------------------------------------------------------------------------------


def document(s: Status) -> dict:
    return {
        "pools": [{"tiltak": p.tiltak, "name": p.name, "budget": p.budget, "count": p.count,
                   "granted": p.granted, "withdrawn": p.withdrawn, "net": p.net,
                   "paid": p.paid, "free": p.free} for p in s.pools],
        "grants": [{"id": g.id, "year": g.year, "tiltak": g.tiltak, "recipient": g.recipient,
                    "orgnr": g.orgnr, "decided": g.decided.isoformat(), "aid_form":
                    g.aid_form.value, "granted": g.amount, "withdrawn": g.withdrawn,
                    "net": g.net, "paid": g.paid, "unpaid": g.unpaid,
                    "deadline": g.deadline.isoformat() if g.deadline else None,
                    "overdue": g.overdue(s.date)} for g in s.grants],
        "de_minimis": {
            # the ceiling in whole kroner; the euro amount and rate of hp.toml as exact
            # decimal strings. Each window is (after, until]: after is not included.
            "ceiling": s.de_minimis_ceiling, "ceiling_eur": str(s.de_minimis_eur),
            "eur_rate": str(s.eur_rate),
            "undertakings": [{"orgnr": d.orgnr, "name": d.name, "after": d.after.isoformat(),
                              "until": d.until.isoformat(), "ours": d.ours,
                              "declared": d.declared, "total": d.total, "room": d.room,
                              "grants": list(d.grants)}
                             for d in s.de_minimis]},
    }
