"""`hp endringer` shown: what changed in a plan year since the approved version, as text for
the terminal, a Markdown table for the case document, or JSON for other tools."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from handlingsplan import norsk
from handlingsplan.history.diff import Amount, FieldChange, TiltakChange, YearDiff

_KIND = {"ny": "nytt", "fjernet": "fjernet", "endret": "endret"}


def _kr(value: int | float | None) -> str:
    return "–" if value is None else norsk.amount(int(value), sep=" ")


def _signed_kr(value: int | float) -> str:
    if value == 0:
        return "0 kr"
    sign = "+" if value > 0 else "−"
    return f"{sign}{norsk.amount(abs(int(value)), sep=' ')}"


def _num(value: float | int | None) -> str:
    return "–" if value is None else norsk.number(value, sep=" ")


def _signed_num(value: float | int) -> str:
    text = norsk.number(abs(value), sep=" ")
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else "0")


def _value(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, int | float):
        return norsk.number(value, sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value) or "–"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_value(v)}" for k, v in value.items()) or "–"
    return str(value)


def _field(change: FieldChange) -> str:
    if change.text:
        return f"{change.field} (tekst endret)"
    amount = change.field == "budsjett" or change.field.startswith("finansiering.")
    show = _kr if amount and all(isinstance(v, int | None) for v in
                                 (change.before, change.after)) else _value
    return f"{change.field}: {show(change.before)} → {show(change.after)}"


def headline(diff: YearDiff) -> str:
    r = diff.revision
    name = "" if r.name == r.short else f"{r.name} "
    return (f"Endringer i handlingsplanen for {diff.year} siden {name}"
            f"({r.short}, {norsk.date(r.date)})")


def summary(diff: YearDiff) -> str:
    """One line: how many tiltak changed and how much money moved."""
    if not diff.changed:
        return "Ingen endringer i del 1–5."
    parts = []
    if diff.tiltak:
        kinds = [k for k in ("ny", "fjernet", "endret") if any(t.kind == k for t in diff.tiltak)]
        counts = ", ".join(f"{sum(t.kind == k for t in diff.tiltak)} {_KIND[k]}" for k in kinds)
        parts.append(f"{len(diff.tiltak)} tiltak ({counts})")
    if diff.moved:
        parts.append(f"{_kr(diff.moved)} flyttet mellom tiltak")
    if diff.targets:
        parts.append(norsk.plural(len(diff.targets), "årsmål endret", "årsmål endret"))
    if diff.texts:
        parts.append(norsk.plural(len(diff.texts), "tekst endret", "tekster endret"))
    if diff.other:
        parts.append(norsk.plural(len(diff.other), "annen endring", "andre endringer"))
    if diff.money and not diff.moved:
        parts.append(norsk.plural(len(diff.money), "beløp endret", "beløp endret"))
    return ", ".join(parts).replace("\u00a0", " ") + "."


def _tiltak_line(t: TiltakChange) -> str:
    return f"{t.id} {t.name}"


# --- text -------------------------------------------------------------------------------------


def render_text(out: Any, diff: YearDiff) -> None:
    from rich.markup import escape

    out.print(f"[bold]{escape(headline(diff))}[/]")
    if diff.revision.summary:
        out.print(f"  «{escape(diff.revision.summary)}»")
    out.print()
    out.print(escape(summary(diff)))
    for rel in diff.unreadable:
        out.print(f"[yellow]![/] {escape(rel)} kan ikke leses i den vedtatte versjonen; den er "
                  "ikke sammenlignet.")
    if diff.tiltak:
        out.print("\n[bold]Tiltak[/]")
        for t in diff.tiltak:
            out.print(f"  {escape(_tiltak_line(t))}: {_KIND[t.kind]}, budsjett "
                      f"{_kr(t.budget_before)} → {_kr(t.budget_after)} "
                      f"({_signed_kr(t.change)})")
            for f in t.fields:
                if f.field != "budsjett":
                    out.print(f"    {escape(_field(f))}")
    for title, rows, money in (("Penger", diff.money, True), ("Årsmål", diff.targets, False)):
        if rows:
            out.print(f"\n[bold]{title}[/]")
            for row in rows:
                show, signed = (_kr, _signed_kr) if money else (_num, _signed_num)
                out.print(f"  {escape(f'{row.id} {row.label}' if not money else row.label)}: "
                          f"{show(row.before)} → {show(row.after)} ({signed(row.change)})")
    if diff.texts:
        out.print(f"\n[bold]Tekster[/] ({len(diff.texts)} endret)")
        for where in diff.texts:
            out.print(f"  {escape(where)}")
    if diff.other:
        out.print("\n[bold]Andre endringer[/]")
        for where in diff.other:
            out.print(f"  {escape(where)}")


# --- Markdown ---------------------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table_rows(diff: YearDiff) -> list[tuple[str, str, str, str]]:
    """The rows of the table for the case document: what, approved, now, difference."""
    rows: list[tuple[str, str, str, str]] = []
    for t in diff.tiltak:
        rows.append((f"{_tiltak_line(t)} ({_KIND[t.kind]})", _kr(t.budget_before),
                     _kr(t.budget_after), _signed_kr(t.change)))
    rows += [(row.label, _kr(row.before), _kr(row.after), _signed_kr(row.change))
             for row in diff.money]
    rows += [(f"Årsmål {row.id} {row.label}", _num(row.before), _num(row.after),
              _signed_num(row.change)) for row in diff.targets]
    return rows


def render_md(diff: YearDiff) -> str:
    lines = [f"## {headline(diff)}", "", summary(diff), ""]
    for rel in diff.unreadable:
        lines += [f"**Merk:** {_cell(rel)} kan ikke leses i den vedtatte versjonen; den er ikke "
                  "sammenlignet.", ""]
    rows = table_rows(diff)
    if rows:
        lines += ["| Endring | Vedtatt | Nå | Differanse |", "|---|---:|---:|---:|"]
        lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
        lines.append("")
    details = [(t, f) for t in diff.tiltak for f in t.fields
               if f.field != "budsjett" and not f.field.startswith("finansiering.")]
    if details:
        lines += ["Andre endringer i tiltakene:", ""]
        lines += [f"- {_cell(t.id)}: {_cell(_field(f))}" for t, f in details]
        lines.append("")
    if diff.texts:
        lines += [f"Tekster endret ({len(diff.texts)}):", ""]
        lines += [f"- {_cell(w)}" for w in diff.texts]
        lines.append("")
    if diff.other:
        lines += ["Andre endringer:", ""]
        lines += [f"- {_cell(w)}" for w in diff.other]
        lines.append("")
    return "\n".join(lines)


# --- JSON -------------------------------------------------------------------------------------


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, str):
        return str(value)
    return value


def _amount(row: Amount) -> dict:
    return {"id": row.id, "navn": row.label, "før": row.before, "nå": row.after,
            "endring": row.change}


def to_json(diff: YearDiff) -> dict:
    r = diff.revision
    return {
        "år": diff.year,
        "fra": {"revisjon": r.name, "commit": r.sha, "dato": r.date.isoformat(),
                "melding": r.summary},
        "endret": diff.changed,
        "flyttet": diff.moved,
        "tiltak": [{"id": t.id, "navn": t.name, "endring": t.kind,
                    "budsjett_før": t.budget_before, "budsjett_nå": t.budget_after,
                    "differanse": t.change,
                    "felt": [{"felt": f.field, "tekst": f.text,
                              "før": None if f.text else _json_value(f.before),
                              "nå": None if f.text else _json_value(f.after)}
                             for f in t.fields]}
                   for t in diff.tiltak],
        "penger": [_amount(row) for row in diff.money],
        "årsmål": [_amount(row) for row in diff.targets],
        "tekster": {"antall": len(diff.texts), "felt": diff.texts},
        "andre": diff.other,
        "uleselige": diff.unreadable,
    }


def dumps(diff: YearDiff) -> str:
    return json.dumps(to_json(diff), ensure_ascii=False, indent=2) + "\n"
