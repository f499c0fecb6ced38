"""HP4xx: the red thread from the omstillingsplan's goals to this year's targets and tiltak."""

from __future__ import annotations

from collections.abc import Iterator

from handlingsplan.diagnostics import Severity
from handlingsplan.figures import goals as goal_figures
from handlingsplan.loader.programme import Programme
from handlingsplan.norsk import number
from handlingsplan.rules.common import S1, S3, names, years
from handlingsplan.rules.registry import Example, Finding, rule
from handlingsplan.schema.programme import Goal

W = Severity.WARNING


@rule("HP401", W, "Målet kan ikke måles", doc="""
    Mål skal være målbare, tallfestet og periodisert: hvert hovedmål og delmål bør ha en
    indikator, en målemetode og et måltall for det siste året i perioden.
    """, example=Example(
        "omstillingsplan.yaml",
        "2029: 25, 2030: 30}",
        "2029: 25}  # måltallet for 2030 er borte",
        line="^  - id: HM2"))
def measurable_goals(p: Programme) -> Iterator[Finding]:
    if p.plan is None:
        return
    final = p.plan.period.end
    places: list[tuple[tuple, Goal]] = [(("hovedmål", i), g)
                                        for i, g in enumerate(p.plan.main_goals)]
    places += [(("innsatsområder", i, "mål", j), g) for i, a in enumerate(p.plan.focus_areas)
               for j, g in enumerate(a.goals)]
    for path, goal in places:
        missing = []
        if not goal.indicator:
            missing.append("indikator")
        if not goal.method:
            missing.append("målemetode")
        if final not in goal.targets:
            missing.append(f"måltall for {final}")
        if missing:
            listed = (", ".join(missing[:-1]) + " og " + missing[-1]) if len(missing) > 1 \
                else missing[0]
            yield Finding(p.plan_file, (*path, "id"),
                          f"Målet «{goal.id}» mangler {listed}.",
                          "Et mål skal være målbart, tallfestet og periodisert, f.eks. "
                          f"måltall: {{{final}: 100}} med indikator og målemetode.")


@rule("HP402", W, "Årsmålet stemmer ikke med omstillingsplanen", doc="""
    Et årsmål i kapittel 1 skal være det samme som målets måltall for året i
    omstillingsplan.yaml. Endrer dere ambisjonen, endre den i omstillingsplanen.
    """, example=Example(
        "2027/1-mal-og-innsatsomrader.yaml",
        "  HM1: 50",
        "  HM1: 45  # omstillingsplanen har 50 for 2027"))
def year_target_matches_plan(p: Programme) -> Iterator[Finding]:
    if p.plan is None:
        return
    for y in years(p, S1):
        for goal_id, value in y.s1.year_targets.items():
            goal = p.plan.goal(goal_id)
            if goal is None or y.year not in goal.targets:
                continue  # unknown goals are HP202; no target for the year: nothing to differ
            planned = goal.targets[y.year]
            if value != planned:
                yield Finding(
                    y.file(S1), ("årsmål", goal_id),
                    f"Årsmålet for «{goal_id}» er {number(value, sep=' ')}, men "
                    f"omstillingsplanen har {number(planned, sep=' ')} for {y.year}.",
                    "Bruk tallet fra omstillingsplanen, eller endre måltallet der.")


@rule("HP403", W, "Innsatsområde uten tiltak", doc="""
    Et innsatsområde i omstillingsplanen som ikke har noe tiltak i årets plan.
    """, example=Example(
        "omstillingsplan.yaml",
        "innsatsområder:\n",
        "innsatsområder:\n  - {id: KYS, navn: Kystkultur}  # uten tiltak i 2027\n",
        at="2027/3-strategier-og-tiltak.yaml",
        line="^tiltak:"))
def area_without_tiltak(p: Programme) -> Iterator[Finding]:
    if p.plan is None:
        return
    for y in years(p, S3):
        used = {t.area for t in y.s3.tiltak}
        for area in p.plan.focus_areas:
            if area.id not in used:
                yield Finding(y.file(S3), ("tiltak",),
                              f"Innsatsområdet «{area.id}» ({area.name}) har ingen tiltak i "
                              f"{y.year}.",
                              "Legg inn et tiltak, eller forklar prioriteringen i kapittel 1.",
                              key=True)


@rule("HP404", W, "Tiltak uten kobling til et mål", doc="""
    Et tiltak som ikke bidrar til noe mål (bidrar_til mangler eller er tom). Den røde tråden
    går fra omstillingsplanens mål, via årsmålene, til prosjektmålene.
    """, example=Example(
        "2027/3-strategier-og-tiltak.yaml",
        "bidrar_til: [HAV-M2, HM1]",
        "bidrar_til: []",
        line=r"bidrar_til: \[\]"))
def tiltak_without_goal(p: Programme) -> Iterator[Finding]:
    for y in years(p, S3):
        sf = y.file(S3)
        for i, t in enumerate(y.s3.tiltak):
            if not t.contributes_to:
                path = ("tiltak", i, "bidrar_til")
                yield Finding(sf, path if sf.has(path) else ("tiltak", i, "id"),
                              f"Tiltaket «{t.id}» bidrar ikke til noe mål.",
                              "Oppgi målene i bidrar_til, f.eks. bidrar_til: [HM1].")


@rule("HP405", W, "Mer enn fire innsatsområder", doc="""
    Et program bør normalt ha tre til fire innsatsområder. Flere sprer innsatsen, en svakhet
    evalueringer av omstillingsprogrammer ofte finner.
    """, example=Example(
        "omstillingsplan.yaml",
        "innsatsområder:\n",
        "innsatsområder:\n  - {id: KYS, navn: Kystkultur}\n"
        "  - {id: SJO, navn: Sjømat}  # nå fem innsatsområder\n",
        line="^innsatsområder:"))
def too_many_areas(p: Programme) -> Iterator[Finding]:
    if p.plan is not None and len(p.plan.focus_areas) > 4:
        ids = [a.id for a in p.plan.focus_areas]
        yield Finding(p.plan_file, ("innsatsområder",),
                      f"Programmet har {len(ids)} innsatsområder ({names(ids)}); normalt er "
                      "det tre til fire.",
                      "Vurder å slå sammen innsatsområder, så innsatsen ikke spres for tynt.",
                      key=True)


_START = {goal_figures.RESULTS: "resultatet for {year} i del 2",
          goal_figures.FOLLOW_UP: "oppfølgingen for {year}",
          goal_figures.BASELINE: "utgangsverdien i omstillingsplanen",
          goal_figures.NONE: "0, fordi målet ikke har noen utgangsverdi"}


@rule("HP406", W, "Tiltakenes bidrag når ikke årsmålet", doc="""
    For et mål som minst ett av årets tiltak gir et forventet bidrag («bidrag»): verdien ved
    utgangen av året før, pluss summen av bidragene, er mindre enn årsmålet. Verdien året før
    er måloppnåelsen for det året i årets del 2, ellers indikatoren i fjorårets oppfølging,
    ellers målets utgangsverdi (aldri årets oppfølging). Enten må tiltakene gjøre mer, eller
    årsmålet er ikke realistisk.
    """, example=Example(
        "2027/3-strategier-og-tiltak.yaml",
        "bidrag: {HM1: 10, HAV-M1: 10, HM3: 2}",
        "bidrag: {HM1: 4, HAV-M1: 10, HM3: 2}  # 24 + 20 < årsmålet 50",
        line=r"bidrag: \{HM1: 4,"))
def contributions_reach_target(p: Programme) -> Iterator[Finding]:
    for y in years(p, S3):
        for c in goal_figures.contributions(p, y.year):
            short = c.shortfall
            if short is None or c.target is None:
                continue
            first = next(i for i, t in enumerate(y.s3.tiltak) if c.goal.id in t.contributions)
            start = _START[c.start.source].format(year=c.start.year)
            unit = f" {c.goal.unit}" if c.goal.unit else ""
            yield Finding(
                y.file(S3), ("tiltak", first, "bidrag", c.goal.id),
                f"Tiltakenes bidrag til «{c.goal.id}» når ikke årsmålet: "
                f"{number(c.start.value, sep=' ')} ved utgangen av {c.start.year} pluss "
                f"{number(c.total, sep=' ')} fra tiltakene er {number(c.expected, sep=' ')}"
                f"{unit}, men årsmålet for {y.year} er {number(c.target, sep=' ')}.",
                f"Det mangler {number(short, sep=' ')}{unit}. Verdien ved utgangen av "
                f"{c.start.year} er {start}. Øk bidragene, legg til et tiltak, eller juster "
                "årsmålet.", key=True)


@rule("HP407", W, "Tiltak uten prosjektmål", doc="""
    Et tiltak uten «prosjektmål». Veilederen krever et prosjektmål (effektmål) for hvert
    tiltak: det er det som knytter tiltaket til målene i omstillingsplanen.
    """, example=Example(
        "2027/3-strategier-og-tiltak.yaml",
        "    prosjektmål: Lokale leverandørbedrifter kan by på kontrakter som krever "
        "sertifisering\n",
        "    # (ingen prosjektmål)\n",
        line="^  - id: HAV-06"))
def tiltak_without_project_goal(p: Programme) -> Iterator[Finding]:
    for y in years(p, S3):
        for i, t in enumerate(y.s3.tiltak):
            if not (t.project_goal or "").strip():
                yield Finding(y.file(S3), ("tiltak", i, "id"),
                              f"Tiltaket «{t.id}» har ikke noe prosjektmål.",
                              "Skriv hva tiltaket skal oppnå under «prosjektmål», f.eks. "
                              "prosjektmål: Minst fem nye arbeidsplasser innen 2028.")
