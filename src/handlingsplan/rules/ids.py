"""HP2xx: ids that point nowhere, ids used twice, results that refer to the wrong year."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from handlingsplan.diagnostics import Severity
from handlingsplan.loader.programme import Programme
from handlingsplan.loader.yamlfile import SourceFile
from handlingsplan.rules.common import FOLLOWUP, GRANTS, S1, S2, S3, S4, S5, years
from handlingsplan.rules.registry import Example, Finding, rule
from handlingsplan.suggest import suggest

E, W = Severity.ERROR, Severity.WARNING


def _unknown(sf: SourceFile, path: tuple, what: str, value: str, known: Iterable[str],
             key: bool = False) -> Finding:
    known = sorted(known)
    close = suggest(value, known)
    message = f"Ukjent {what} «{value}»" + (f"; mente du «{close}»?" if close else ".")
    hint = f"Kjente id-er: {', '.join(known)}." if known else None
    return Finding(sf, path, message, hint, key)


@rule("HP201", E, "Ukjent innsatsområde", doc="""
    En id for et innsatsområde (i tiltak, prioriteringer eller budsjettet) som ikke finnes i
    omstillingsplan.yaml.
    """, example=Example(
        "2027/3-strategier-og-tiltak.yaml",
        "    innsatsområde: REI\n    strategi: REI-S2",
        "    innsatsområde: REISELIV  # innsatsområdet heter REI\n    strategi: REI-S2"))
def unknown_area(p: Programme) -> Iterator[Finding]:
    if p.plan is None:
        return
    known = {a.id for a in p.plan.focus_areas}
    what = "innsatsområde"
    for y in years(p, S1):
        sf = y.file(S1)
        for area in y.s1.priorities:
            if area not in known:
                yield _unknown(sf, ("prioriteringer", area), what, area, known, key=True)
    for y in years(p, S3):
        sf = y.file(S3)
        for i, t in enumerate(y.s3.tiltak):
            if t.area not in known:
                yield _unknown(sf, ("tiltak", i, "innsatsområde"), what, t.area, known)
    for y in years(p, S4):
        sf = y.file(S4)
        for area in y.s4.costs.areas:
            if area not in known:
                path = ("kostnader", "innsatsområder", area)
                yield _unknown(sf, path, what, area, known, key=True)


@rule("HP202", E, "Ukjent mål", doc="""
    En mål-id (i årsmål, måloppnåelse, bidrar_til, bidrag eller indikatorer) som verken er et
    hovedmål eller et delmål i omstillingsplan.yaml.
    """, example=Example(
        "2027/1-mal-og-innsatsomrader.yaml",
        "  HM3: 15",
        "  HM4: 15  # hovedmålene er HM1–HM3"))
def unknown_goal(p: Programme) -> Iterator[Finding]:
    if p.plan is None:
        return
    known = {g.id for g in p.plan.goals()}
    what = "mål"
    for y in years(p, S1):
        for goal in y.s1.year_targets:
            if goal not in known:
                yield _unknown(y.file(S1), ("årsmål", goal), what, goal, known, key=True)
    for y in years(p, S2):
        for i, e in enumerate(y.s2.earlier_years):
            for goal in e.goal_results:
                if goal not in known:
                    path: tuple = ("tidligere_år", i, "måloppnåelse", goal)
                    yield _unknown(y.file(S2), path, what, goal, known, key=True)
    for y in years(p, S3):
        for i, t in enumerate(y.s3.tiltak):
            for j, goal in enumerate(t.contributes_to):
                if goal not in known:
                    path = ("tiltak", i, "bidrar_til", j)
                    yield _unknown(y.file(S3), path, what, goal, known)
            for goal in t.contributions:
                if goal not in known:
                    path = ("tiltak", i, "bidrag", goal)
                    yield _unknown(y.file(S3), path, what, goal, known, key=True)
    for y in years(p, FOLLOWUP):
        for goal in y.followup.indicators:
            if goal not in known:
                yield _unknown(y.file(FOLLOWUP), ("indikatorer", goal), what, goal, known,
                               key=True)


@rule("HP203", E, "Ukjent finansieringskilde", doc="""
    En kilde-id (i rammer, budsjett, tiltakenes finansiering eller forbruk) som ikke står under
    finansiering.kilder i omstillingsplan.yaml.
    """, example=Example(
        "2027/4-ressursinnsats-og-finansiering.yaml",
        "  sparebankstiftelsen: 280000",
        "  sparebanken: 280000  # kilden heter sparebankstiftelsen"))
def unknown_source(p: Programme) -> Iterator[Finding]:
    if p.plan is None:
        return
    known = {s.id for s in p.plan.financing.sources}
    what = "finansieringskilde"
    for year, frames in p.plan.financing.frames.items():
        for source in frames:
            if source not in known:
                path: tuple = ("finansiering", "rammer", year, source)
                yield _unknown(p.plan_file, path, what, source, known, key=True)
    for y in years(p, S2):
        for i, e in enumerate(y.s2.earlier_years):
            for source in e.spent:
                if source not in known:
                    path = ("tidligere_år", i, "forbruk", source)
                    yield _unknown(y.file(S2), path, what, source, known, key=True)
    for y in years(p, S3):
        for i, t in enumerate(y.s3.tiltak):
            for source in t.financing:
                if source not in known:
                    path = ("tiltak", i, "finansiering", source)
                    yield _unknown(y.file(S3), path, what, source, known, key=True)
    for y in years(p, S4):
        for source in y.s4.financing:
            if source not in known:
                yield _unknown(y.file(S4), ("finansiering", source), what, source, known,
                               key=True)


@rule("HP204", E, "Ukjent målgruppe", doc="""
    En kommunikasjonsaktivitet retter seg mot en målgruppe som ikke står under
    kommunikasjonsstrategi.målgrupper i omstillingsplan.yaml.
    """, example=Example(
        "2027/5-kommunikasjonsplan.yaml",
        "målgrupper: [ungdom]",
        "målgrupper: [unge]  # målgruppen heter ungdom",
        line=r"målgrupper: \[unge\]"))
def unknown_target_group(p: Programme) -> Iterator[Finding]:
    if p.plan is None:
        return
    strategy = p.plan.communication
    known = {g.id for g in strategy.target_groups} if strategy else set()
    for y in years(p, S5):
        for i, a in enumerate(y.s5.activities):
            for j, group in enumerate(a.target_groups):
                if group not in known:
                    yield _unknown(y.file(S5), ("tiltak", i, "målgrupper", j), "målgruppe",
                                   group, known)


def _duplicates(sf: SourceFile, items: Iterable[tuple[tuple, str]], what: str,
                ) -> Iterator[Finding]:
    seen: dict[str, tuple] = {}
    for path, ident in items:
        if ident in seen:
            first = sf.span(seen[ident]).line
            yield Finding(sf, path, f"{what} «{ident}» er brukt to ganger.",
                          f"Id-er må være unike; den ble først brukt på linje {first}.")
        else:
            seen[ident] = path


@rule("HP205", E, "Samme id brukt to ganger", doc="""
    En id som skal være unik er brukt mer enn én gang: mål (hovedmål og delmål til sammen),
    innsatsområder, strategier, finansieringskilder og målgrupper i omstillingsplanen; tiltak,
    risikoer og kommunikasjonsaktiviteter i et år; år i resultatene; tilsagn i hele programmet
    (alle årenes tilsagn.yaml til sammen).
    """, example=Example(
        "2027/3-strategier-og-tiltak.yaml",
        "  - id: HAV-06",
        "  - id: HAV-05  # HAV-05 står også over",
        line=(r"^  - id: HAV-05", 2)))
def duplicate_ids(p: Programme) -> Iterator[Finding]:
    if p.plan is not None:
        plan, sf = p.plan, p.plan_file
        goals: list[tuple[tuple, str]] = [(("hovedmål", i, "id"), g.id)
                                          for i, g in enumerate(plan.main_goals)]
        goals += [(("innsatsområder", i, "mål", j, "id"), g.id)
                  for i, a in enumerate(plan.focus_areas) for j, g in enumerate(a.goals)]
        yield from _duplicates(sf, goals, "Mål-id-en")
        yield from _duplicates(sf, [(("innsatsområder", i, "id"), a.id)
                                    for i, a in enumerate(plan.focus_areas)],
                               "Innsatsområdet")
        yield from _duplicates(sf, [(("innsatsområder", i, "strategier", j, "id"), s.id)
                                    for i, a in enumerate(plan.focus_areas)
                                    for j, s in enumerate(a.strategies)], "Strategien")
        yield from _duplicates(sf, [(("finansiering", "kilder", i, "id"), s.id)
                                    for i, s in enumerate(plan.financing.sources)],
                               "Finansieringskilden")
        if plan.communication:
            yield from _duplicates(sf, [(("kommunikasjonsstrategi", "målgrupper", i, "id"), g.id)
                                        for i, g in enumerate(plan.communication.target_groups)],
                                   "Målgruppen")
    for y in years(p, S3):
        yield from _duplicates(y.file(S3), [(("tiltak", i, "id"), t.id)
                                            for i, t in enumerate(y.s3.tiltak)], "Tiltaket")
        yield from _duplicates(y.file(S3), [(("risikoer", i, "id"), r.id)
                                            for i, r in enumerate(y.s3.risks)], "Risikoen")
    for y in years(p, S5):
        yield from _duplicates(y.file(S5), [(("tiltak", i, "id"), a.id)
                                            for i, a in enumerate(y.s5.activities)],
                               "Kommunikasjonsaktiviteten")
    for y in years(p, S2):
        sf = y.file(S2)
        yield from _duplicates(sf, [(("tidligere_år", i, "år"), str(e.year))
                                    for i, e in enumerate(y.s2.earlier_years)], "Året")
        for i, e in enumerate(y.s2.earlier_years):
            yield from _duplicates(sf, [(("tidligere_år", i, "tiltak", j, "id"), t.id)
                                        for j, t in enumerate(e.tiltak)], "Tiltaket")
    yield from _duplicate_grants(p)


def _duplicate_grants(p: Programme) -> Iterator[Finding]:
    """Grant ids are unique across the whole programme, every year's tilsagn.yaml together."""
    seen: dict[str, tuple[SourceFile, tuple]] = {}
    for y in years(p, GRANTS):
        sf = y.file(GRANTS)
        for i, g in enumerate(y.grants.grants):
            path = ("tilsagn", i, "id")
            if g.id not in seen:
                seen[g.id] = (sf, path)
                continue
            first, where = seen[g.id]
            yield Finding(sf, path, f"Tilsagnet «{g.id}» er brukt to ganger.",
                          "Id-en til et tilsagn må være unik i hele programmet; den ble først "
                          f"brukt i {first.rel}, linje {first.span(where).line}.")


@rule("HP206", W, "Resultat for et tiltak som ikke var i planen det året", doc="""
    Resultatene for et tidligere år (kapittel 2) nevner et tiltak som ikke står i det årets
    3-strategier-og-tiltak.yaml. Ofte er id-en endret eller feilskrevet. Sjekkes bare når
    årsmappen for det tidligere året finnes.
    """, example=Example(
        "2027/2-resultater.yaml",
        "      - id: GRU-03",
        "      - id: GRU-33  # planen for 2026 har GRU-03, ikke GRU-33"))
def results_for_unknown_tiltak(p: Programme) -> Iterator[Finding]:
    for y in years(p, S2):
        for i, e in enumerate(y.s2.earlier_years):
            earlier = p.years.get(e.year)
            if earlier is None or earlier.s3 is None:
                continue
            planned = {t.id for t in earlier.s3.tiltak}
            for j, t in enumerate(e.tiltak):
                if t.id not in planned:
                    close = suggest(t.id, sorted(planned))
                    yield Finding(
                        y.file(S2), ("tidligere_år", i, "tiltak", j, "id"),
                        f"Tiltaket «{t.id}» står ikke i planen for {e.year}"
                        + (f"; mente du «{close}»?" if close else "."),
                        f"Tiltakene i {e.year}: {', '.join(sorted(planned)) or 'ingen'}.")


@rule("HP207", E, "Strategien hører til et annet innsatsområde", doc="""
    Et tiltaks strategi må være en av strategiene til tiltakets eget innsatsområde i
    omstillingsplan.yaml.
    """, example=Example(
        "2027/3-strategier-og-tiltak.yaml",
        "    strategi: HAV-S1",
        "    strategi: REI-S1  # en strategi for reiseliv, på et tiltak i HAV"))
def strategy_of_other_area(p: Programme) -> Iterator[Finding]:
    if p.plan is None:
        return
    owner = {s.id: a.id for a in p.plan.focus_areas for s in a.strategies}
    for y in years(p, S3):
        for i, t in enumerate(y.s3.tiltak):
            area = p.plan.area(t.area)
            if t.strategy is None or area is None:
                continue  # no strategy given, or an unknown area (HP201)
            own = [s.id for s in area.strategies]
            if t.strategy in own:
                continue
            if t.strategy in owner:
                message = (f"Strategien «{t.strategy}» hører til innsatsområdet "
                           f"«{owner[t.strategy]}», men tiltaket «{t.id}» er i «{t.area}».")
            else:
                message = f"Strategien «{t.strategy}» finnes ikke i omstillingsplanen."
            hint = (f"Strategiene i «{t.area}»: {', '.join(own)}." if own else
                    f"Innsatsområdet «{t.area}» har ingen strategier i omstillingsplanen.")
            yield Finding(y.file(S3), ("tiltak", i, "strategi"), message, hint)


@rule("HP208", E, "Risikoen gjelder et tiltak som ikke finnes", doc="""
    En risiko i 3-strategier-og-tiltak.yaml truer et tiltak (under «gjelder») som ikke er et
    av årets tiltak. (En ukjent mål-id som nøkkel i «bidrag» er HP202.)
    """, example=Example(
        "2027/3-strategier-og-tiltak.yaml",
        "gjelder: [GRU-05]",
        "gjelder: [GRU-55]  # årets tiltak er GRU-05",
        line=r"gjelder: \[GRU-55\]"))
def risk_for_unknown_tiltak(p: Programme) -> Iterator[Finding]:
    for y in years(p, S3):
        known = {t.id for t in y.s3.tiltak}
        for i, r in enumerate(y.s3.risks):
            for j, tiltak in enumerate(r.applies_to):
                if tiltak not in known:
                    yield _unknown(y.file(S3), ("risikoer", i, "gjelder", j), "tiltak", tiltak,
                                   known)
