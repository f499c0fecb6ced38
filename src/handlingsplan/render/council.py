"""The parts of the document that turn the plan into a case for the council: the summary, the
draft decision, what changed since last year's plan, and the plan in use through the year (who
does what, and the yearly wheel with the year's dates). Målform-neutral data, like model.py."""

from __future__ import annotations

from typing import Any

from handlingsplan.figures.changes import since_last_year
from handlingsplan.figures.shares import share, shares
from handlingsplan.loader.programme import Programme

View = dict[str, Any]


def _typed(programme: Programme, year: int, kind: str) -> int:
    """The year's financing from sources of one type (fylkeskommune, kommune, …)."""
    plan, y = programme.plan, programme.years[year]
    if plan is None or y.s4 is None:
        return 0
    types = {s.id: s.type.value for s in plan.financing.sources}
    return sum(v for k, v in y.s4.financing.items() if types.get(k) == kind)


def summary(programme: Programme, year: int) -> View:
    """Key figures: the budget by source, the municipality's share, the tiltak per
    innsatsområde and this year's targets against the plan's."""
    plan = programme.plan
    assert plan is not None
    y = programme.years[year]
    sources = []
    total = None
    if y.s4 is not None:
        total = y.s4.costs.total
        ids = [s.id for s in plan.financing.sources if s.id in y.s4.financing]
        ids += [k for k in y.s4.financing if k not in ids]
        amounts = [y.s4.financing[k] for k in ids]
        for sid, amount, part in zip(ids, amounts, shares(amounts), strict=True):
            src = plan.source(sid)
            sources.append({"id": sid, "navn": src.name if src else sid,
                            "type": src.type.value if src else None, "beløp": amount,
                            "andel": part})
    areas = []
    tiltak = y.s3.tiltak if y.s3 is not None else []
    for area in plan.focus_areas:
        mine = [t for t in tiltak if t.area == area.id]
        frame = y.s4.costs.areas.get(area.id) if y.s4 is not None else None
        areas.append({"id": area.id, "navn": area.name, "antall_tiltak": len(mine),
                      "budsjett": sum(t.budget for t in mine), "ramme": frame})
    targets = y.s1.year_targets if y.s1 is not None else {}
    goals = []
    for g in plan.main_goals:
        planned = g.targets.get(year)
        target = targets.get(g.id)
        goals.append({"id": g.id, "tekst": g.text, "enhet": g.unit, "årsmål": target,
                      "måltall_i_år": planned, "sluttmål": g.targets.get(plan.period.end),
                      "avviker": target is not None and planned is not None
                      and target != planned})
    municipality = _typed(programme, year, "kommune")
    county = _typed(programme, year, "fylkeskommune")
    financing_total = y.s4.financing_total if y.s4 is not None else 0
    return {
        "budsjett": total,
        "kilder": sources,
        "fylkeskommune": {"beløp": county, "andel": share(county, financing_total)},
        "egenandel": {"beløp": municipality, "andel": share(municipality, financing_total)},
        "antall_tiltak": len(tiltak),
        "innsatsområder": areas,
        "hovedmål": goals,
    }


def decision(programme: Programme, year: int) -> View:
    """The draft decision: the programme's own points (`forslag_til_vedtak`), or the figures
    the generated points are made of."""
    meta = programme.years[year].meta
    s4 = programme.years[year].s4
    return {
        "egne": list(meta.draft_decision) if meta is not None else [],
        "budsjett": s4.costs.total if s4 is not None else None,
        "egenandel": _typed(programme, year, "kommune"),
        "fylkeskommune": _typed(programme, year, "fylkeskommune"),
    }


def changes(programme: Programme, year: int) -> View | None:
    """What changed since last year's plan; None in the first plan year. When last year's plan
    is not there (or cannot be read), only that is said (`mangler`)."""
    plan = programme.plan
    assert plan is not None
    if year - 1 < plan.period.start:
        return None
    found = since_last_year(programme, year)
    if found is None:
        return {"forrige": year - 1, "mangler": True}

    def tiltak(t: Any) -> View:
        return {"id": t.id, "navn": t.name, "budsjett": t.budget}

    def line(x: Any) -> View:
        return {"id": x.id, "navn": x.name, "før": x.before, "nå": x.after,
                "endring": x.change}

    return {
        "forrige": found.previous,
        "mangler": False,
        "nye": [tiltak(t) for t in found.new],
        "videre": [{"id": now.id, "navn": now.name, "før": before.budget, "nå": now.budget,
                    "endring": now.budget - before.budget} for before, now in found.continued],
        "avsluttet": [tiltak(t) for t in found.ended],
        "innsatsområder": [line(x) for x in found.areas],
        "kilder": [line(x) for x in found.sources],
        "sum": line(found.total),
    }


def wheel(programme: Programme, year: int) -> View:
    """The year's dates in the yearly wheel, from the same source as `hp calendar` (the real
    meeting dates of the settings, else the usual months)."""
    from handlingsplan import wheel as yearly

    plan = programme.plan
    assert plan is not None
    deadlines = yearly.year_deadlines(plan.period.start, plan.period.end, year,
                                      programme.config, plan.county)
    return {
        "frister": [{"type": d.kind, "dato": d.date, "planår": d.plan_year,
                     "fast_dato": d.source == yearly.FROM_CONFIG} for d in deadlines],
        "siste_år": year == plan.period.end,
    }


def revision(programme: Programme, year: int) -> View | None:
    """What changed since the version of the year's plan the council approved, when the plan
    is in Git, has an approval commit and differs from it as data (the comparison of
    `hp endringer`); else None. Never fails: any problem with Git leaves the section out.

    A programme that switches HP908 off in hp.toml says its Git history is not the council's
    memory (as hp's own examples), so it gets no section either."""
    from handlingsplan.history import find_repository

    if "HP908" in programme.config.disabled or find_repository(programme.root) is None:
        return None
    try:
        from handlingsplan.history.diff import since

        diff = since(programme, year)
    except Exception:  # no approval, a shallow clone, a broken repository: no section
        return None
    if not diff.changed:
        return None
    meta = programme.years[year].meta
    readings = [r for r in (meta.readings if meta is not None else [])
                if r.date is not None and r.date <= diff.revision.date]
    decided = max(readings, key=lambda r: r.date) if readings else None

    def amount(x: Any) -> View:
        return {"id": x.id, "type": x.kind, "navn": x.name or x.label, "før": x.before,
                "nå": x.after, "endring": x.change}

    return {
        "vedtatt": decided.date if decided is not None else diff.revision.date,
        "organ": decided.body if decided is not None else None,
        "sak": decided.case if decided is not None else None,
        "tiltak": [{"id": t.id, "navn": t.name, "endring": t.kind, "før": t.budget_before,
                    "nå": t.budget_after, "differanse": t.change} for t in diff.tiltak],
        "penger": [amount(x) for x in diff.money],
        "årsmål": [amount(x) for x in diff.targets],
        "flyttet": diff.moved,
        "tekster": len(diff.texts),
        "andre": len(diff.other),
        "uleselige": len(diff.unreadable),
    }
