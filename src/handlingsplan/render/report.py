"""The annual report (årsrapport) and the final report (sluttrapport) as data: the view the
report templates (rapport.md.j2) show, from the same programme as the plan's view in model.py.

Målform-neutral like model.py: Norwegian keys, raw values, sums and shares computed. The
year-end figures are picked by figures.yearend (the next year's section 2, else the year's
follow-up); the report says which.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from handlingsplan.diagnostics import Diagnostic
from handlingsplan.figures import grants as grant_figures
from handlingsplan.figures.shares import share
from handlingsplan.figures.yearend import FROM_RESULTS, YearEnd, measured, year_end
from handlingsplan.loader.programme import Programme
from handlingsplan.paths import year_of_file
from handlingsplan.render import model

View = dict[str, Any]

MANY_GRANTS = 10  # more grants than this: a summary in the text, the full list as an appendix


def title(year: int, final: bool, first: int, last: int) -> str:
    return f"Sluttrapport {first}–{last}" if final else f"Årsrapport {year}"


def report_years(programme: Programme, year: int, final: bool) -> list[int]:
    """The plan years the report covers: the year, or (final) every plan year of the period
    up to it that has year-end figures."""
    plan = programme.plan
    assert plan is not None
    if not final:
        return [year]
    return [y for y in plan.period.years
            if y <= year and y in programme.years and year_end(programme, y) is not None]


def document_date(programme: Programme, year: int) -> dt.date:
    """Never now: the date of the latest figures, else the end of the year."""
    end = year_end(programme, year)
    if end is not None and end.as_of is not None:
        return end.as_of
    return dt.date(year, 12, 31)


def _source(end: YearEnd) -> View:
    return {"type": end.source, "plan_år": end.results_year, "per": end.as_of,
            "år": end.year}


def _goals(programme: Programme, years: list[int], ends: dict[int, YearEnd],
           final: bool) -> tuple[list[View], list[View]]:
    """Per goal: the target of the (last) year, measured, the period's target; and the main
    goals in the shape the chart `maloppnaelse` draws."""
    plan = programme.plan
    assert plan is not None
    last = years[-1]
    end = ends[last]
    s1 = programme.years[last].s1
    history = measured(programme, last)
    rows: list[View] = []
    for g in plan.goals():
        year_target = None if final else (s1.year_targets.get(g.id) if s1 else None)
        if year_target is None and not final:
            year_target = g.targets.get(last)
        value = end.goals.get(g.id)
        period_target = g.targets.get(plan.period.end)
        goal_target = period_target if final else year_target
        rows.append({
            "id": g.id, "tekst": g.text, "enhet": g.unit, "hovedmål": g in plan.main_goals,
            "årsmål": year_target, "målt": value, "sluttmål": period_target,
            "oppnådd": share(value, goal_target) if value is not None and goal_target
            else None,
        })
    chart = []
    for g in plan.main_goals:
        chart.append({
            "id": g.id, "tekst": g.text, "indikator": g.indicator, "enhet": g.unit,
            "utgangsverdi": g.baseline,
            "måltall": [{"år": y, "verdi": v} for y, v in sorted(g.targets.items())],
            "årsmål": None,
            "resultater": [{"år": y, "verdi": v} for y, v in history.get(g.id, [])],
        })
    return rows, chart


def _grant_views(programme: Programme, years: list[int]) -> list[View]:
    out = []
    for p in grant_figures.placed(programme):
        if p.year not in years:
            continue
        f = grant_figures.figures(p)
        out.append({"id": f.id, "år": f.year, "tiltak": f.tiltak, "mottaker": f.recipient,
                    "orgnr": f.orgnr, "formål": p.grant.purpose, "vedtatt": f.decided,
                    "beløp": f.amount, "trukket_tilbake": f.withdrawn, "netto": f.net,
                    "utbetalt": f.paid, "støtteform": f.aid_form.value})
    return sorted(out, key=lambda g: (g["vedtatt"], g["år"], g["id"]))


def _tiltak(programme: Programme, years: list[int], ends: dict[int, YearEnd],
            grants: list[View]) -> list[View]:
    plan = programme.plan
    assert plan is not None
    out = []
    for year in years:
        s3 = programme.years[year].s3
        end = ends[year]
        if s3 is None:
            continue
        for t in s3.tiltak:
            fig = end.tiltak.get(t.id)
            mine = [g for g in grants if g["tiltak"] == t.id and g["år"] == year]
            area = plan.area(t.area)
            spent = fig.spent if fig else None
            out.append({
                "id": t.id, "navn": t.name, "år": year,
                "innsatsområde": {"id": t.area, "navn": area.name if area else t.area},
                "status": fig.status if fig else None,
                "resultat": fig.result if fig else None,
                "arbeidsplasser": fig.jobs if fig else None,
                "budsjett": t.budget, "forbruk": spent,
                "andel": share(spent, t.budget) if spent is not None else None,
                "tilsagn": None if not mine else {
                    "antall": len(mine), "innvilget": sum(g["netto"] for g in mine),
                    "utbetalt": sum(g["utbetalt"] for g in mine)},
            })
    return out


def _money(programme: Programme, years: list[int], ends: dict[int, YearEnd],
           tiltak: list[View]) -> View:
    plan = programme.plan
    assert plan is not None
    # per source: the year's financing in the plan against what section 2 says was spent
    sources: list[View] = []
    plans = {y: s4 for y in years if (s4 := programme.years[y].s4) is not None}
    per_source_known = all(ends[y].spent_per_source is not None for y in years)
    for src in plan.financing.sources:
        planned = sum(s4.financing.get(src.id, 0) for s4 in plans.values())
        spent = (sum((ends[y].spent_per_source or {}).get(src.id, 0) for y in years)
                 if per_source_known else None)
        if not planned and not spent:
            continue
        sources.append({"id": src.id, "navn": src.name, "budsjett": planned, "forbruk": spent,
                        "andel": share(spent, planned) if spent is not None and planned
                        else None})
    # per innsatsområde: the frames of the plan years against the tiltak's spending
    areas: list[View] = []
    spent_known = any(t["forbruk"] is not None for t in tiltak)
    for area in plan.focus_areas:
        planned = sum(s4.costs.areas.get(area.id, 0) for s4 in plans.values())
        mine = [t for t in tiltak if t["innsatsområde"]["id"] == area.id]
        spent = sum(t["forbruk"] or 0 for t in mine) if spent_known else None
        used_all = _area_spent_until(programme, area.id, years[-1])
        areas.append({
            "id": area.id, "navn": area.name, "budsjett": planned,
            "til_tiltak": sum(t["budsjett"] for t in mine), "forbruk": spent,
            "andel": share(spent, planned) if spent is not None and planned else None,
            "ramme_periode": area.frame, "brukt_periode": used_all,
            "igjen": None if area.frame is None else area.frame - used_all,
        })
    budget_total = sum(s4.costs.total for s4 in plans.values())
    spent_values = [ends[y].spent_total for y in years]
    spent_total = (sum(v for v in spent_values if v is not None)
                   if all(v is not None for v in spent_values) else None)
    frames_total = sum(sum(v.values()) for v in plan.financing.frames.values())
    spent_all = _spent_until(programme, years[-1])
    return {
        "kilder": sources,
        "kilder_budsjett": sum(s["budsjett"] for s in sources),
        "kilder_forbruk": (sum(s["forbruk"] for s in sources) if per_source_known else None),
        "kilder_andel": (share(sum(s["forbruk"] for s in sources),
                               sum(s["budsjett"] for s in sources))
                         if per_source_known and any(s["budsjett"] for s in sources) else None),
        "per_kilde": per_source_known,
        "innsatsområder": areas,
        "har_forbruk_per_tiltak": spent_known,
        "budsjett": budget_total,
        "forbruk": spent_total,
        "forbruk_andel": share(spent_total, budget_total) if spent_total is not None
        and budget_total else None,
        "rammer_periode": frames_total,
        "brukt_periode": spent_all,
        "igjen_periode": frames_total - spent_all,
    }


def _area_spent_until(programme: Programme, area_id: str, last: int) -> int:
    """The tiltak of an innsatsområde, spent in all plan years up to `last` (where known)."""
    total = 0
    for year, y in programme.years.items():
        if year > last or y.s3 is None:
            continue
        end = year_end(programme, year)
        if end is None:
            continue
        per = end.spent_per_tiltak
        total += sum(per.get(t.id, 0) for t in y.s3.tiltak if t.area == area_id)
    return total


def _spent_until(programme: Programme, last: int) -> int:
    total = 0
    for year in programme.years:
        if year <= last and (end := year_end(programme, year)) is not None:
            total += end.spent_total or 0
    return total


def _review(programme: Programme, year: int, end: YearEnd) -> View | None:
    if end.review is None:
        return None
    from handlingsplan import wheel

    nxt = programme.years.get(year + 1)
    points = []
    for point in end.review.improvements:
        answer = None
        if nxt is not None and end.source == FROM_RESULTS:
            tiltak = []
            if nxt.s3 is not None:
                for t in nxt.s3.tiltak:
                    words: set[str] = set()
                    for text in wheel._texts(t):
                        words.update(wheel._words(text))
                    if wheel.mentioned(point, words):
                        tiltak.append({"id": t.id, "navn": t.name})
            answer = {"tiltak": tiltak[:3],
                      "i_planen": bool(tiltak) or wheel.mentioned(point, wheel.plan_words(nxt))}
        points.append({"tekst": point, "svar": answer})
    return {"dato": end.review.date, "punkter": points, "kommentar": end.review.comment,
            "neste_plan": year + 1 if nxt is not None and nxt.s3 is not None else None}


def _communication(programme: Programme, years: list[int], ends: dict[int, YearEnd]
                   ) -> list[View]:
    plan = programme.plan
    assert plan is not None
    groups = {g.id: g.name for g in (plan.communication.target_groups
                                     if plan.communication else [])}
    found: list[tuple[tuple[int, int, int], View]] = []
    for year in years:
        s5 = programme.years[year].s5
        if s5 is None:
            continue
        until = ends[year].as_of if ends[year].source != FROM_RESULTS else None
        until = until or dt.date(year, 12, 31)
        for a in s5.activities:
            if a.when is None or a.when.first_day > until:
                continue
            found.append(((a.when.year, a.when.month, a.when.day or 0), {
                        "id": a.id, "aktivitet": a.activity, "kanal": a.channel,
                        "målgrupper": [groups.get(g, g) for g in a.target_groups],
                        "tidspunkt": {"år": a.when.year, "måned": a.when.month,
                                      "dag": a.when.day},
                        "budsjett": a.budget}))
    found.sort(key=lambda pair: pair[0])
    return [view for _, view in found]


def build(programme: Programme, year: int, final: bool = False,
          errors: list[Diagnostic] | None = None) -> View:
    """The view of the annual report of plan `year` (final: the final report of the period up
    to `year`). Raises ValueError when a year has no year-end figures (the caller says so)."""
    plan = programme.plan
    if plan is None:
        raise ValueError("the omstillingsplan could not be read")
    years = report_years(programme, year, final)
    ends = {y: e for y in years if (e := year_end(programme, y)) is not None}
    if not years or len(ends) != len(years):
        raise ValueError(f"no year-end figures for {year}")
    last = years[-1]
    goals, chart = _goals(programme, years, ends, final)
    grants = _grant_views(programme, years)
    tiltak = _tiltak(programme, years, ends, grants)
    money = _money(programme, years, ends, tiltak)
    first = plan.period.start
    name = title(year, final, first, plan.period.end)
    jobs = [t["arbeidsplasser"] for t in tiltak if t["arbeidsplasser"] is not None]
    net = sum(g["netto"] for g in grants)
    return {
        "år": last,
        "rapport": {"slutt": final, "år": years, "fra": years[0], "til": last},
        "programmet": model._programme(plan),
        "plan": {"tittel": name, "standardtittel": name, "versjon": None, "status": None,
                 "behandling": []},
        "utkast_med_feil": bool(errors),
        "feil": [{"kode": d.code, "del": model._part(d.file), "år": year_of_file(d.file),
                  "linje": d.line, "melding": d.message} for d in (errors or [])],
        "kilder": [_source(ends[y]) for y in years],
        "mål": goals,
        "del1": {"hovedmål": chart},  # the chart `maloppnaelse` draws from this
        "tiltak": tiltak,
        "tiltak_sum": {"antall": len(tiltak), "budsjett": sum(t["budsjett"] for t in tiltak),
                       "forbruk": sum(t["forbruk"] or 0 for t in tiltak),
                       "arbeidsplasser": sum(jobs) if jobs else None},
        "økonomi": money,
        "tilsagn": {"liste": grants, "antall": len(grants),
                    "innvilget": sum(g["beløp"] for g in grants),
                    "trukket_tilbake": sum(g["trukket_tilbake"] for g in grants),
                    "netto": net, "utbetalt": sum(g["utbetalt"] for g in grants),
                    "ikke_utbetalt": net - sum(g["utbetalt"] for g in grants),
                    "vedlegg": len(grants) > MANY_GRANTS,
                    "per_støtteform": _per_aid_form(grants)},
        "vurderinger": [{"år": y, **r} for y in years
                        if (r := _review(programme, y, ends[y])) is not None],
        "kommentarer": [{"år": y, "tekst": ends[y].comment} for y in years
                        if ends[y].comment],
        "kommunikasjon": _communication(programme, years, ends),
        "vedtak": {"egne": []},
    }


def _per_aid_form(grants: list[View]) -> list[View]:
    out: dict[str, View] = {}
    for g in grants:
        row = out.setdefault(g["støtteform"], {"støtteform": g["støtteform"], "antall": 0,
                                               "netto": 0})
        row["antall"] += 1
        row["netto"] += g["netto"]
    return list(out.values())
