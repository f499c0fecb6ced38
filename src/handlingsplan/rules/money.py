"""HP3xx: the budget adds up, stays within its frames and follows the county's conditions.

All arithmetic is in whole kroner (int) and exact fractions: 75 % is 75 %, never 74.99999.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from handlingsplan.diagnostics import Severity
from handlingsplan.loader.programme import Programme
from handlingsplan.rules.common import S3, S4, S5, Sections, kr, names, pct, pct_of, years
from handlingsplan.rules.registry import Example, Finding, rule
from handlingsplan.schema.types import SourceType

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


def _tiltak_per_area(y: Sections) -> dict[str, int]:
    spent: dict[str, int] = defaultdict(int)
    for t in y.s3.tiltak:
        spent[t.area] += t.budget
    return spent


@rule("HP301", E, "Kostnadene er ikke lik finansieringen", doc="""
    Summen av kostnadene i kapittel 4 (administrasjon, kommunikasjon, innsatsområdene og andre
    poster) skal være lik summen av finansieringen. Meldingen gir begge summene og differansen.
    """, example=Example(
        "2027/4-ressursinnsats-og-finansiering.yaml",
        "  administrasjon: 1080000",
        "  administrasjon: 1130000  # 50 000 kr mer enn finansieringen dekker",
        line="^finansiering:"))
def costs_equal_financing(p: Programme) -> Iterator[Finding]:
    for y in years(p, S4):
        costs, financing = y.s4.costs.total, y.s4.financing_total
        if costs != financing:
            diff = abs(costs - financing)
            too_high = (f"kostnadene {kr(diff)} for høye" if costs > financing
                        else f"finansieringen {kr(diff)} for høy")
            yield Finding(
                y.file(S4), ("finansiering",),
                f"Kostnadene ({kr(costs)}) er ikke lik finansieringen ({kr(financing)}); "
                f"differansen er {kr(diff)}.",
                f"Budsjettet må gå i null: juster en kostnadspost eller en kilde; nå er "
                f"{too_high}.", key=True)


def _sources(p: Programme, kind: SourceType) -> set[str]:
    if p.plan is None:
        return set()
    return {s.id for s in p.plan.financing.sources if s.type is kind}


def _first_path(y: Sections, ids: set[str]) -> tuple:
    for source in y.s4.financing:
        if source in ids:
            return ("finansiering", source)
    return ("finansiering",)


@rule("HP303", E, "For stor andel fra fylkeskommunen", doc="""
    Kilder av typen fylkeskommune kan til sammen finansiere høyst
    vilkår.fylkeskommune_maks_prosent (standard 75 %) av årets finansiering. Grensen er
    inkludert: nøyaktig 75 % er i orden.
    """, example=Example(
        "2027/4-ressursinnsats-og-finansiering.yaml",
        'kommunen: "1 100 000 kr"',
        "kommunen: 100000  # fylkeskommunen står nå for 88 % av 3 380 000 kr",
        line="^  fylkeskommunen: 3000000"))
def county_share(p: Programme) -> Iterator[Finding]:
    if p.plan is None:
        return
    limit = p.plan.conditions.county_max_percent
    county = _sources(p, SourceType.COUNTY)
    for y in years(p, S4):
        total = y.s4.financing_total
        part = sum(v for k, v in y.s4.financing.items() if k in county)
        if total and part * 100 > limit * total:
            allowed = int(limit * total / 100)
            yield Finding(
                y.file(S4), _first_path(y, county),
                f"Fylkeskommunen finansierer {pct_of(part, total)} ({kr(part)} av "
                f"{kr(total)}); vilkåret er høyst {pct(limit)}.",
                f"Med denne totalen kan høyst {kr(allowed)} komme fra fylkeskommunen. "
                "Vilkåret endres under vilkår.fylkeskommune_maks_prosent i omstillingsplanen.")


@rule("HP304", E, "For liten andel fra kommunen", doc="""
    Kilder av typen kommune skal til sammen finansiere minst vilkår.kommune_min_prosent
    (standard 25 %) av årets finansiering. Grensen er inkludert: nøyaktig 25 % er i orden.
    """, example=Example(
        "2027/4-ressursinnsats-og-finansiering.yaml",
        'kommunen: "1 100 000 kr"',
        "kommunen: 100000  # kommunen står nå for 3 % av 3 380 000 kr"))
def municipality_share(p: Programme) -> Iterator[Finding]:
    if p.plan is None:
        return
    limit = p.plan.conditions.municipality_min_percent
    municipality = _sources(p, SourceType.MUNICIPALITY)
    for y in years(p, S4):
        total = y.s4.financing_total
        part = sum(v for k, v in y.s4.financing.items() if k in municipality)
        if total and part * 100 < limit * total:
            needed = -(-limit * total // 100)  # rounded up to whole kroner
            yield Finding(
                y.file(S4), _first_path(y, municipality),
                f"Kommunen finansierer {pct_of(part, total)} ({kr(part)} av {kr(total)}); "
                f"vilkåret er minst {pct(limit)}.",
                f"Med denne totalen må kommunen bidra med minst {kr(int(needed))}.")


@rule("HP305", E, "En kilde over rammen for året", doc="""
    Hver kilde i kapittel 4 kan bidra med høyst det finansiering.rammer i omstillingsplan.yaml
    gir den for året. Et år uten rammer i omstillingsplanen er også en feil.
    """, example=Example(
        "2027/4-ressursinnsats-og-finansiering.yaml",
        "  sparebankstiftelsen: 280000",
        "  sparebankstiftelsen: 450000  # rammen for 2027 er 400 000 kr"))
def source_within_frame(p: Programme) -> Iterator[Finding]:
    if p.plan is None:
        return
    frames = p.plan.financing.frames
    for y in years(p, S4):
        sf = y.file(S4)
        if y.year not in frames:
            if y.s4.financing_total:
                yield Finding(sf, ("finansiering",),
                              f"Omstillingsplanen har ingen finansieringsrammer for {y.year}.",
                              f"Legg til {y.year} under finansiering.rammer i "
                              "omstillingsplan.yaml.", key=True)
            continue
        for source, amount in y.s4.financing.items():
            frame = frames[y.year].get(source, 0)
            if amount > frame:
                yield Finding(
                    sf, ("finansiering", source),
                    f"«{source}» bidrar med {kr(amount)} i {y.year}, men rammen er {kr(frame)} "
                    f"(overskredet med {kr(amount - frame)}).",
                    f"Rammen står under finansiering.rammer.{y.year} i omstillingsplan.yaml.")


@rule("HP302", E, "Tiltakene koster mer enn innsatsområdets ramme", doc="""
    Summen av budsjettene til et innsatsområdes tiltak (kapittel 3) kan ikke være større enn
    rammen innsatsområdet har for året i kapittel 4.
    """, example=Example(
        "2027/4-ressursinnsats-og-finansiering.yaml",
        "    HAV: 1500000",
        "    HAV: 1400000  # tiltakene i HAV koster 1 450 000 kr"))
def tiltak_within_area_frame(p: Programme) -> Iterator[Finding]:
    for y in years(p, S3, S4):
        frames = y.s4.costs.areas
        for area, cost in _tiltak_per_area(y).items():
            frame = frames.get(area)
            if frame is None:
                if cost:
                    yield Finding(
                        y.file(S4), ("kostnader", "innsatsområder"),
                        f"Tiltakene i «{area}» koster {kr(cost)}, men innsatsområdet har ingen "
                        "ramme i budsjettet.", f"Legg til «{area}: {cost}» her.", key=True)
            elif cost > frame:
                over = [t.id for t in y.s3.tiltak if t.area == area]
                yield Finding(
                    y.file(S4), ("kostnader", "innsatsområder", area),
                    f"Tiltakene i «{area}» koster {kr(cost)}, men rammen for {y.year} er "
                    f"{kr(frame)} (overskredet med {kr(cost - frame)}).",
                    f"Tiltakene: {names(over)}. Øk rammen eller reduser et budsjett.")


@rule("HP306", E, "Innsatsområdet over rammen for perioden", doc="""
    Et innsatsområdes årlige rammer (kapittel 4) summert over alle planårene kan ikke være
    større enn rammen for hele perioden (ramme i omstillingsplan.yaml). Feilen vises i det
    første året der summen går over.
    """, example=Example(
        "omstillingsplan.yaml",
        'ramme: "7 000 000"',
        'ramme: "4 000 000"  # 2025–2027: 4 250 000 kr',
        at="2027/4-ressursinnsats-og-finansiering.yaml",
        line=r"^    HAV: 1500000"))
def area_within_period_frame(p: Programme) -> Iterator[Finding]:
    if p.plan is None:
        return
    for area in p.plan.focus_areas:
        if area.frame is None:
            continue
        total, first = 0, None
        for y in years(p, S4):
            total += y.s4.costs.areas.get(area.id, 0)
            if total > area.frame and area.id in y.s4.costs.areas:
                first = first or y
        if first is not None:
            span = f"{min(p.years)}–{max(p.years)}" if len(p.years) > 1 else str(first.year)
            yield Finding(
                first.file(S4), ("kostnader", "innsatsområder", area.id),
                f"Rammene for «{area.id}» summert over {span} er {kr(total)}, mer enn rammen "
                f"for perioden ({kr(area.frame)}) med {kr(total - area.frame)}.",
                "Rammen for perioden står under innsatsområder → ramme i omstillingsplan.yaml.")


@rule("HP307", W, "Høy andel til administrasjon", doc="""
    Administrasjon (daglig leder, styre, kontor) over vilkår.administrasjon_maks_prosent
    (standard 30 %) av årets kostnader gir en advarsel: det finnes ingen fast grense, men en
    høy andel bør kunne forklares.
    """, example=Example(
        "2027/4-ressursinnsats-og-finansiering.yaml",
        "  administrasjon: 1080000",
        "  administrasjon: 1580000  # 32,4 % av kostnadene"))
def administration_share(p: Programme) -> Iterator[Finding]:
    if p.plan is None:
        return
    limit = p.plan.conditions.admin_max_percent
    for y in years(p, S4):
        total, admin = y.s4.costs.total, y.s4.costs.administration
        if total and admin * 100 > limit * total:
            yield Finding(
                y.file(S4), ("kostnader", "administrasjon"),
                f"Administrasjon er {pct_of(admin, total)} av kostnadene ({kr(admin)} av "
                f"{kr(total)}), over {pct(limit)}.",
                "En høy andel til drift av programmet bør forklares i kommentaren til budsjettet.")


@rule("HP308", E, "Tiltakets finansiering er ikke lik budsjettet", doc="""
    Når et tiltak har finansiering per kilde, skal summen være lik tiltakets budsjett.
    """, example=Example(
        "2027/3-strategier-og-tiltak.yaml",
        "    finansiering: {fylkeskommunen: 187500, kommunen: 62500}",
        "    finansiering: {fylkeskommunen: 187500, kommunen: 50000}  # budsjett: 250000"))
def tiltak_financing(p: Programme) -> Iterator[Finding]:
    for y in years(p, S3):
        sf = y.file(S3)
        for i, t in enumerate(y.s3.tiltak):
            if not sf.has(("tiltak", i, "finansiering")):
                continue
            funded = sum(t.financing.values())
            if funded != t.budget:
                yield Finding(
                    sf, ("tiltak", i, "finansiering"),
                    f"Finansieringen av «{t.id}» er {kr(funded)}, men budsjettet er "
                    f"{kr(t.budget)}; differansen er {kr(abs(funded - t.budget))}.",
                    "Kildene skal summere til budsjettet.", key=True)


@rule("HP309", INFO, "Ramme som ikke er fordelt på tiltak", doc="""
    Penger innenfor et innsatsområdes ramme for året som ennå ikke er fordelt på tiltak. Det er
    ofte med vilje (en buffer for nye prosjekter), derfor bare en merknad.
    """, example=Example(
        "2027/4-ressursinnsats-og-finansiering.yaml",
        "    REI: 750000  # = tiltakene i REI",
        "    REI: 850000"))
def unallocated(p: Programme) -> Iterator[Finding]:
    for y in years(p, S3, S4):
        cost = _tiltak_per_area(y)
        for area, frame in y.s4.costs.areas.items():
            left = frame - cost.get(area, 0)
            if left > 0:
                yield Finding(
                    y.file(S4), ("kostnader", "innsatsområder", area),
                    f"{kr(left)} av rammen for «{area}» i {y.year} er ikke fordelt på tiltak "
                    f"({pct_of(left, frame)} av {kr(frame)}).")


@rule("HP310", E, "Kommunikasjonsaktivitetene koster mer enn budsjettet", doc="""
    Summen av budsjettene i kommunikasjonsplanen (kapittel 5) kan ikke være større enn
    kostnader.kommunikasjon i kapittel 4.
    """, example=Example(
        "2027/4-ressursinnsats-og-finansiering.yaml",
        "  kommunikasjon: 170000",
        "  kommunikasjon: 100000  # aktivitetene i kapittel 5 koster 155 000 kr"))
def communication_within_budget(p: Programme) -> Iterator[Finding]:
    for y in years(p, S4, S5):
        planned = sum(a.budget or 0 for a in y.s5.activities)
        budget = y.s4.costs.communication
        if planned > budget:
            sf = y.file(S4)
            path = (("kostnader", "kommunikasjon") if sf.has(("kostnader", "kommunikasjon"))
                    else ("kostnader",))
            yield Finding(
                sf, path,
                f"Kommunikasjonsaktivitetene i {y.year} koster {kr(planned)}, men budsjettet "
                f"til kommunikasjon er {kr(budget)} (overskredet med {kr(planned - budget)}).",
                "Øk kostnader.kommunikasjon eller reduser aktivitetenes budsjett i "
                "5-kommunikasjonsplan.yaml.", key=len(path) == 1)

