"""The year's document as data: everything the templates show, computed from the Programme.

The view is målform-neutral: plain dicts and lists with Norwegian keys (as in the YAML files),
raw values (int kroner, exact `Fraction` shares, `date`s, enum values as their YAML text) and the
sums and shares already computed. The templates choose the words and format the values.

Every text the year's files hold is in the view; a section whose file could not be read (only
with --force) is `None`, and the templates say so.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from handlingsplan import paths
from handlingsplan.diagnostics import Diagnostic
from handlingsplan.figures import budget, goals, grants
from handlingsplan.figures.shares import share, shares
from handlingsplan.loader.programme import Programme
from handlingsplan.paths import year_of_file
from handlingsplan.render import council
from handlingsplan.schema.programme import Goal, Omstillingsplan
from handlingsplan.schema.year import Section1, Section3, Section4, Tiltak

View = dict[str, Any]


def _enum(value: Any) -> str | None:
    return None if value is None else str(value.value if hasattr(value, "value") else value)


def _reading(r: Any) -> View | None:
    if r is None:
        return None
    return {"organ": r.body, "dato": r.date, "sak": r.case}


def default_title(year: int) -> str:
    return f"Handlingsplan {year}"


# --- the programme -----------------------------------------------------------------------------


def _programme(plan: Omstillingsplan) -> View:
    """The omstillingsplan under its own (Norwegian) keys, as model_dump gives them, with the
    period's years, the målform as text and the conditions as exact fractions."""
    view = plan.model_dump(by_alias=True, exclude={"main_goals", "focus_areas", "conditions",
                                                   "financing"})
    view["målform"] = _enum(plan.malform)
    view["periode"]["år"] = list(plan.period.years)
    view["vilkår"] = {"fylkeskommune_maks_prosent": plan.conditions.county_max_percent,
                      "kommune_min_prosent": plan.conditions.municipality_min_percent,
                      "administrasjon_maks_prosent": plan.conditions.admin_max_percent}
    view["kilder"] = [{**s.model_dump(by_alias=True), "type": _enum(s.type)}
                      for s in plan.financing.sources]
    return view


# --- section 1 ---------------------------------------------------------------------------------


def _goal(goal: Goal, year: int, plan: Omstillingsplan, s1: Section1 | None,
          results: dict[str, list[View]]) -> View:
    final = plan.period.end
    year_target = s1.year_targets.get(goal.id) if s1 else None
    return {
        "id": goal.id,
        "tekst": goal.text,
        "indikator": goal.indicator,
        "enhet": goal.unit,
        "målemetode": goal.method,
        "utgangsverdi": goal.baseline,
        "måltall": [{"år": y, "verdi": v} for y, v in sorted(goal.targets.items())],
        "måltall_i_år": goal.targets.get(year),
        "årsmål": year_target,
        "sluttmål": goal.targets.get(final),
        "resultater": results.get(goal.id, []),
    }


def _section1(programme: Programme, year: int, results: dict[str, list[View]]) -> View | None:
    plan = programme.plan
    assert plan is not None
    y = programme.years[year]
    s1 = y.s1
    if s1 is None:
        return None
    areas = []
    for area in plan.focus_areas:
        areas.append({
            "id": area.id,
            "navn": area.name,
            "beskrivelse": area.description,
            "ramme": area.frame,
            "mål": [_goal(g, year, plan, s1, results) for g in area.goals],
            "strategier": [{"id": s.id, "tekst": s.text} for s in area.strategies],
            "prioritering": s1.priorities.get(area.id),
        })
    known_goals = {g.id for g in plan.goals()}
    known_areas = {a.id for a in plan.focus_areas}
    return {
        "innledning": s1.introduction,
        "hovedmål": [_goal(g, year, plan, s1, results) for g in plan.main_goals],
        "innsatsområder": areas,
        # only a forced render of a broken plan has these: shown, never dropped
        "ukjente_årsmål": [{"id": k, "verdi": v} for k, v in s1.year_targets.items()
                           if k not in known_goals],
        "ukjente_prioriteringer": [{"id": k, "tekst": v} for k, v in s1.priorities.items()
                                   if k not in known_areas],
    }


# --- section 2 ---------------------------------------------------------------------------------


def _results_by_goal(programme: Programme, year: int) -> dict[str, list[View]]:
    s2 = programme.years[year].s2
    out: dict[str, list[View]] = {}
    if s2 is None:
        return out
    for e in sorted(s2.earlier_years, key=lambda e: e.year):
        for goal_id, value in e.goal_results.items():
            out.setdefault(goal_id, []).append({"år": e.year, "verdi": value})
    return out


def _tiltak_names(programme: Programme, year: int) -> dict[int, dict[str, str]]:
    """The tiltak names of every plan year that could be read: year → id → name."""
    return {y.year: {t.id: t.name for t in y.s3.tiltak}
            for y in programme.years.values() if y.s3 is not None}


def _section2(programme: Programme, year: int) -> View | None:
    plan = programme.plan
    assert plan is not None
    s2 = programme.years[year].s2
    if s2 is None:
        return None
    names = _tiltak_names(programme, year)
    out_years = []
    for e in sorted(s2.earlier_years, key=lambda e: e.year):
        earlier = programme.years.get(e.year)
        earlier_s1 = earlier.s1 if earlier else None
        earlier_s4 = earlier.s4 if earlier else None
        goals = []
        listed = set()
        for g in plan.goals():
            result = e.goal_results.get(g.id)
            target = (earlier_s1.year_targets.get(g.id) if earlier_s1 else None)
            if target is None:
                target = g.targets.get(e.year)
            if result is None and target is None:
                continue
            listed.add(g.id)
            goals.append({"id": g.id, "tekst": g.text, "enhet": g.unit, "hovedmål":
                          g in plan.main_goals, "mål": target, "resultat": result,
                          "oppnådd": share(result, target) if result is not None and target
                          else None})
        for goal_id, result in e.goal_results.items():
            if goal_id not in listed:
                goals.append({"id": goal_id, "tekst": None, "enhet": None, "hovedmål": False,
                              "mål": None, "resultat": result, "oppnådd": None})
        # spending per source, against that year's budget (its handlingsplan) or frame
        budget_from = "handlingsplan" if earlier_s4 is not None else "rammer"
        frames = plan.financing.frames.get(e.year, {})
        source_ids = [s.id for s in plan.financing.sources]
        source_ids += [k for k in e.spent if k not in source_ids]
        spending: list[View] = []
        for sid in source_ids:
            budget = (earlier_s4.financing.get(sid) if earlier_s4 is not None
                      else frames.get(sid))
            spent = e.spent.get(sid)
            if budget is None and spent is None:
                continue
            src = plan.source(sid)
            spending.append({"id": sid, "navn": src.name if src else sid,
                             "budsjett": budget or 0, "forbruk": spent or 0,
                             "andel": share(spent or 0, budget) if budget else None})
        budget_total = sum(s["budsjett"] for s in spending)
        spent_total = sum(s["forbruk"] for s in spending)
        tiltak = []
        for t in e.tiltak:
            name = names.get(e.year, {}).get(t.id) or names.get(year, {}).get(t.id)
            tiltak.append({"id": t.id, "navn": name, "status": _enum(t.status),
                           "resultat": t.result, "arbeidsplasser": t.jobs})
        review = e.status_review
        spending_per_tiltak, spent_as_of = _tiltak_spending(programme, e.year)
        granted = grants.year_totals(programme, e.year)
        out_years.append({
            "år": e.year,
            "kommentar": e.comment,
            "mål": goals,
            "forbruk": spending,
            "budsjett_fra": budget_from,
            "budsjett_sum": budget_total,
            "forbruk_sum": spent_total,
            "forbruk_andel": share(spent_total, budget_total),
            "tiltak": tiltak,
            "arbeidsplasser_sum": sum(t.jobs or 0 for t in e.tiltak),
            "har_arbeidsplasser": any(t.jobs is not None for t in e.tiltak),
            "programstatusvurdering": None if review is None else {
                "dato": review.date, "forbedringspunkter": list(review.improvements),
                "kommentar": review.comment},
            "tiltak_forbruk": spending_per_tiltak,
            "tiltak_forbruk_per": spent_as_of,
            # the year's grants in sum (the full list is for the annual report)
            "tilsagn": None if granted is None else {
                "antall": granted.count, "innvilget": granted.granted,
                "trukket_tilbake": granted.withdrawn, "netto": granted.net,
                "utbetalt": granted.paid},
        })
    return {"sammendrag": s2.summary, "år": out_years}


def _tiltak_spending(programme: Programme, year: int) -> tuple[list[View], dt.date | None]:
    """Spending per tiltak against its budget, from that year's follow-up, when both that
    year's plan and its follow-up are there."""
    y = programme.years.get(year)
    if y is None or y.s3 is None or y.followup is None:
        return [], None
    out = []
    for t in y.s3.tiltak:
        status = y.followup.tiltak.get(t.id)
        spent = status.spent if status is not None else None
        out.append({"id": t.id, "navn": t.name, "budsjett": t.budget, "forbruk": spent,
                    "andel": share(spent, t.budget)})
    return out, y.followup.as_of


# --- section 3 ---------------------------------------------------------------------------------


def _tiltak(t: Tiltak, plan: Omstillingsplan) -> View:
    area = plan.area(t.area)
    strategy = None
    if t.strategy is not None:
        found = next((s for a in plan.focus_areas for s in a.strategies if s.id == t.strategy),
                     None)
        strategy = {"id": t.strategy, "tekst": found.text if found else None}
    financing = []
    for sid, amount in t.financing.items():
        src = plan.source(sid)
        financing.append({"id": sid, "navn": src.name if src else sid, "beløp": amount,
                          "andel": share(amount, t.budget)})
    return {
        "id": t.id,
        "navn": t.name,
        "innsatsområde": {"id": t.area, "navn": area.name if area else None},
        "strategi": strategy,
        "bidrar_til": [{"id": gid, "tekst": (g.text if (g := plan.goal(gid)) else None)}
                       for gid in t.contributes_to],
        "plp_fase": _enum(t.plp_phase),
        "beskrivelse": t.description,
        "prosjektmål": t.project_goal,
        "resultatmål": list(t.result_goals),
        "prosjekteier": t.owner,
        "ansvarlig": t.responsible,
        "start": t.start,
        "slutt": t.end,
        "budsjett": t.budget,
        "finansiering": financing,
        "finansiering_sum": sum(t.financing.values()),
        "milepæler": [{"dato": m.date, "tekst": m.text} for m in t.milestones],
        "prosjektnummer": t.project_number,
        "bidrag": [{"id": gid, "tekst": (g.text if (g := plan.goal(gid)) else None),
                    "enhet": g.unit if g else None, "verdi": value}
                   for gid, value in t.contributions.items()],
    }


def _section3(programme: Programme, year: int) -> View | None:
    plan = programme.plan
    assert plan is not None
    y = programme.years[year]
    s3: Section3 | None = y.s3
    if s3 is None:
        return None
    areas = []
    for area in plan.focus_areas:
        tiltak = [_tiltak(t, plan) for t in s3.tiltak if t.area == area.id]
        strategies = [{"id": s.id, "tekst": s.text,
                       "tiltak": [t["id"] for t in tiltak
                                  if t["strategi"] and t["strategi"]["id"] == s.id]}
                      for s in area.strategies]
        areas.append({"id": area.id, "navn": area.name, "strategier": strategies,
                      "tiltak": tiltak, "budsjett_sum": sum(t["budsjett"] for t in tiltak)})
    known = {a.id for a in plan.focus_areas}
    others = [_tiltak(t, plan) for t in s3.tiltak if t.area not in known]
    # A tiltak that grants are given from (tilsagn.yaml of any year names its id): a pool the
    # board grants from by its criteria, or (one grant in all) a grant to one recipient.
    given: dict[str, list[str]] = {}
    for p in grants.placed(programme):
        given.setdefault(p.grant.tiltak, []).append(p.grant.recipient.name)
    for view in [*others, *(t for a in areas for t in a["tiltak"])]:
        recipients = given.get(view["id"], [])
        view["pott"] = len(recipients) > 1
        view["tilskudd_til"] = recipients[0] if len(recipients) == 1 else None
    names = {t.id: t.name for t in s3.tiltak}
    return {
        "innledning": s3.introduction,
        "innsatsområder": areas,
        "andre_tiltak": others,
        "antall_tiltak": len(s3.tiltak),
        "budsjett_sum": sum(t.budget for t in s3.tiltak),
        "bidrag": [_contribution(c) for c in goals.contributions(programme, year)],
        "risikoer": [{"id": r.id, "beskrivelse": r.description,
                      "sannsynlighet": _enum(r.probability), "konsekvens": _enum(r.consequence),
                      "tiltak": r.response,
                      "gjelder": [{"id": i, "navn": names.get(i)} for i in r.applies_to]}
                     for r in s3.risks],
    }


def _number(value: Fraction) -> int | Fraction:
    return int(value) if value.denominator == 1 else value


def _contribution(c: goals.Contribution) -> View:
    return {"id": c.goal.id, "tekst": c.goal.text, "enhet": c.goal.unit,
            "start": _number(c.start.value), "start_kilde": c.start.source,
            "start_år": c.start.year,
            "bidrag": [{"tiltak": tid, "verdi": _number(v)} for tid, v in c.parts],
            "sum": _number(c.total), "forventet": _number(c.expected),
            "årsmål": None if c.target is None else _number(c.target),
            "mangler": None if c.shortfall is None else _number(c.shortfall)}


# --- section 4 ---------------------------------------------------------------------------------


def _section4(programme: Programme, year: int) -> View | None:
    plan = programme.plan
    assert plan is not None
    y = programme.years[year]
    s4: Section4 | None = y.s4
    if s4 is None:
        return None
    costs = s4.costs
    total = costs.total
    area_ids = [a.id for a in plan.focus_areas if a.id in costs.areas]
    area_ids += [k for k in costs.areas if k not in area_ids]

    # every post's share of the total, by the largest remainder: they add up to 100,0 %
    amounts = [costs.administration, *(costs.areas[a] for a in area_ids), costs.communication,
               *(o.amount for o in costs.other)]
    parts = iter(shares(amounts))

    def post(amount: int) -> View:
        return {"beløp": amount, "andel": next(parts)}

    administration = post(costs.administration)
    cost_areas = []
    for aid in area_ids:
        area = plan.area(aid)
        cost_areas.append({"id": aid, "navn": area.name if area else aid,
                           **post(costs.areas[aid])})
    communication = post(costs.communication)
    other = [{"navn": o.name, **post(o.amount)} for o in costs.other]
    financing_total = s4.financing_total
    frames = plan.financing.frames.get(year, {})
    source_ids = [s.id for s in plan.financing.sources if s.id in s4.financing]
    source_ids += [k for k in s4.financing if k not in source_ids]
    financing: list[View] = []
    source_shares = shares([s4.financing[sid] for sid in source_ids])
    for sid, part in zip(source_ids, source_shares, strict=True):
        src = plan.source(sid)
        amount = s4.financing[sid]
        financing.append({"id": sid, "navn": src.name if src else sid,
                          "type": _enum(src.type) if src else None, "beløp": amount,
                          "andel": part, "ramme": frames.get(sid)})

    def typed(kind: str) -> int:
        return sum(f["beløp"] for f in financing if f["type"] == kind)

    # per innsatsområde: this year's frame, allocated to tiltak, not allocated; the period
    s3 = y.s3
    allocated: dict[str, int] = {}
    if s3 is not None:
        for t in s3.tiltak:
            allocated[t.area] = allocated.get(t.area, 0) + t.budget
    planned_years = sorted(py for py, yy in programme.years.items()
                           if yy.s4 is not None and py in plan.period.years)
    missing_years = [py for py in plan.period.years
                     if py <= year and py not in planned_years]
    planned_frames = [s4_.costs.areas for py in planned_years
                      if (s4_ := programme.years[py].s4) is not None]
    areas: list[View] = []
    for area in plan.focus_areas:
        frame = costs.areas.get(area.id, 0)
        given = allocated.get(area.id, 0)
        used = sum(frames_.get(area.id, 0) for frames_ in planned_frames)
        areas.append({
            "id": area.id, "navn": area.name, "ramme": frame, "fordelt": given,
            "ikke_fordelt": frame - given, "andel_fordelt": share(given, frame),
            "ramme_periode": area.frame, "rammer_planår": used,
            "igjen_periode": None if area.frame is None else area.frame - used,
        })
    county = typed("fylkeskommune")
    municipality = typed("kommune")
    cond = plan.conditions
    county_share = share(county, financing_total)
    municipality_share = share(municipality, financing_total)
    admin_share = share(costs.administration, total)
    return {
        "kommentar": s4.comment,
        "kostnader": {
            "administrasjon": administration,
            "kommunikasjon": communication,
            "innsatsområder": cost_areas,
            "innsatsområder_sum": sum(costs.areas.values()),
            "andre": other,
            "sum": total,
        },
        "matrise": _matrix(programme, year),
        "manglende_planår": missing_years,
        "finansiering": financing,
        "finansiering_sum": financing_total,
        "balanse": total - financing_total,
        "innsatsområder": areas,
        "innsatsområder_sum": {
            "ramme": sum(a["ramme"] for a in areas),
            "fordelt": sum(a["fordelt"] for a in areas),
            "ikke_fordelt": sum(a["ikke_fordelt"] for a in areas),
        },
        "planår": planned_years,
        "vilkår": {
            "fylkeskommune": {"beløp": county, "andel": county_share,
                              "maks": cond.county_max_percent,
                              "innenfor": county_share is None
                              or county_share <= cond.county_max_percent},
            "kommune": {"beløp": municipality, "andel": municipality_share,
                        "min": cond.municipality_min_percent,
                        "innenfor": municipality_share is not None
                        and municipality_share >= cond.municipality_min_percent},
            "administrasjon": {"beløp": costs.administration, "andel": admin_share,
                               "maks": cond.admin_max_percent,
                               "innenfor": admin_share is None
                               or admin_share <= cond.admin_max_percent},
        },
    }


def _matrix(programme: Programme, year: int) -> View | None:
    m = budget.matrix(programme, year)
    if m is None:
        return None
    plan = programme.plan
    assert plan is not None
    types = [s.type.value for s in plan.financing.sources]
    kilder = []
    for sid, name in m.sources:
        src = plan.source(sid)
        kind = src.type.value if src else None
        kilder.append({"id": sid, "navn": name, "kortnavn": src.short_name if src else None,
                       "type": kind, "type_unik": kind is not None and types.count(kind) == 1})
    return {
        "kilder": kilder,
        "rader": [{"type": r.kind, "id": r.id, "navn": r.name, "celler": r.cells,
                   "fra_tiltak": r.from_tiltak, "sum": r.total} for r in m.rows],
        "summer": m.totals,
        "sum": m.total,
    }


# --- section 5 ---------------------------------------------------------------------------------


def _section5(programme: Programme, year: int) -> View | None:
    plan = programme.plan
    assert plan is not None
    y = programme.years[year]
    s5 = y.s5
    if s5 is None:
        return None
    groups = {g.id: g.name for g in (plan.communication.target_groups
                                     if plan.communication else [])}
    far = (10**4, 13, 32)
    indexed = list(enumerate(s5.activities))
    indexed.sort(key=lambda p: ((p[1].when.year, p[1].when.month, p[1].when.day or 0)
                                if p[1].when else far, p[0]))
    activities: list[View] = []
    for _, a in indexed:
        when = a.when
        activities.append({
            "id": a.id, "aktivitet": a.activity,
            "målgrupper": [groups.get(g, g) for g in a.target_groups],
            "kanal": a.channel, "budskap": a.message,
            "tidspunkt": None if when is None else {
                "år": when.year, "måned": when.month, "dag": when.day,
                "dato": when.first_day if when.day else None},
            "ansvarlig": a.responsible, "budsjett": a.budget,
        })
    months: list[View] = []
    for shown in activities:
        when_shown = shown["tidspunkt"]
        key = None if when_shown is None else (when_shown["år"], when_shown["måned"])
        if not months or months[-1]["nøkkel"] != key:
            months.append({"nøkkel": key, "år": key[0] if key else None,
                           "måned": key[1] if key else None, "aktiviteter": []})
        months[-1]["aktiviteter"].append(shown)
    for m in months:
        del m["nøkkel"]
    total = sum(a.budget or 0 for a in s5.activities)
    frame = y.s4.costs.communication if y.s4 is not None else None
    return {
        "mål": s5.goal,
        "aktiviteter": activities,
        "per_måned": months,
        "budsjett_sum": total,
        "ramme": frame,
        "andel_av_ramme": share(total, frame) if frame else None,
    }


# --- the whole document ------------------------------------------------------------------------


def document_date(programme: Programme, year: int) -> dt.date:
    """The date the document is 'made': never now, so that a render is reproducible.

    The latest political reading of the year's plan, else the omstillingsplan's approval,
    else 1 January of the plan year."""
    y = programme.years.get(year)
    dates = [r.date for r in (y.meta.readings if y is not None and y.meta else [])]
    if dates:
        return max(dates)
    plan = programme.plan
    if plan is not None and plan.approved is not None and plan.approved.date is not None:
        return plan.approved.date
    return dt.date(year, 1, 1)


_PARTS = {"hp.toml": "innstillinger", "tilsagn.yaml": "tilsagn",
          **{f"{stem}.yaml": stem for stem in (paths.PROGRAMME, paths.META, paths.FOLLOWUP)},
          **{f"{stem}.yaml": stem[0] for stem in paths.PLAN_STEMS[1:]}}  # "1" … "5"


def _part(file: str) -> str:
    """Which part of the plan a file holds, in words the document can use (never its name)."""
    return _PARTS.get(file.rsplit("/", 1)[-1], "annet")


def build(programme: Programme, year: int, errors: list[Diagnostic] | None = None) -> View:
    """The view of plan year `year` of a loaded programme (its omstillingsplan must be read).

    `errors` are the validation errors of a forced render: the cover lists them."""
    plan = programme.plan
    if plan is None:
        raise ValueError("the omstillingsplan could not be read")
    y = programme.years[year]
    meta = y.meta
    results = _results_by_goal(programme, year)
    title = (meta.title if meta and meta.title else None) or default_title(year)
    return {
        "år": year,
        "programmet": _programme(plan),
        "plan": {
            "tittel": title,
            "standardtittel": default_title(year),
            "versjon": meta.version if meta else None,
            "status": _enum(meta.status) if meta else None,
            "behandling": [_reading(r) for r in meta.readings] if meta else [],
        },
        "utkast_med_feil": bool(errors),
        "feil": [{"kode": d.code, "del": _part(d.file), "år": year_of_file(d.file),
                  "linje": d.line, "melding": d.message} for d in (errors or [])],
        "sammendrag": council.summary(programme, year),
        "vedtak": council.decision(programme, year),
        "endringer": council.changes(programme, year),
        "revisjon": council.revision(programme, year),
        "årshjul": council.wheel(programme, year),
        "del1": _section1(programme, year, results),
        "del2": _section2(programme, year),
        "del3": _section3(programme, year),
        "del4": _section4(programme, year),
        "del5": _section5(programme, year),
    }
