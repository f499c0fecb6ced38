"""HP5xx: years, periods and dates: the plan year inside the programme period, tiltak inside
the plan year, results for every earlier year, an approved plan read by the council."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from handlingsplan.diagnostics import Severity
from handlingsplan.loader.programme import Programme
from handlingsplan.norsk import date
from handlingsplan.rules.common import META, S2, S3, years
from handlingsplan.rules.registry import Example, Finding, rule

E, W = Severity.ERROR, Severity.WARNING
MAX_YEARS = 6


@rule("HP501", E, "Planåret passer ikke", doc="""
    Et planår utenfor omstillingsperioden, eller en handlingsplan.yaml der år ikke er det samme
    som mappens navn.
    """, example=Example(
        "2027/handlingsplan.yaml",
        "år: 2027",
        "år: 2026  # mappen heter 2027"))
def plan_year(p: Programme) -> Iterator[Finding]:
    for y in years(p, META):
        sf = y.file(META)
        if y.meta.year != y.year:
            yield Finding(sf, ("år",), f"år er {y.meta.year}, men mappen heter {y.year}.",
                          f"Skriv år: {y.year}, eller gi mappen riktig navn.")
        elif p.plan is not None and y.year not in p.plan.period.years:
            period = p.plan.period
            yield Finding(sf, ("år",),
                          f"{y.year} er utenfor omstillingsperioden {period.start}–{period.end}.",
                          "Sjekk årstallet, eller periode i omstillingsplan.yaml.")


@rule("HP502", E, "Ugyldig omstillingsperiode", doc="""
    Omstillingsperioden kan være høyst seks år (vanligvis 3 + 3), og fra kan ikke være etter til.
    """, example=Example(
        "omstillingsplan.yaml",
        "periode: {fra: 2025, til: 2030}",
        "periode: {fra: 2025, til: 2032}  # åtte år",
        line="^periode:"))
def programme_period(p: Programme) -> Iterator[Finding]:
    if p.plan is None:
        return
    period = p.plan.period
    if period.start > period.end:
        yield Finding(p.plan_file, ("periode",),
                      f"Perioden starter ({period.start}) etter at den slutter ({period.end}).",
                      "Bytt om fra og til.")
    elif len(period.years) > MAX_YEARS:
        yield Finding(p.plan_file, ("periode",),
                      f"Perioden {period.start}–{period.end} er {len(period.years)} år; "
                      f"omstillingsstatus gis for høyst {MAX_YEARS} år.",
                      f"Siste år kan være høyst {period.start + MAX_YEARS - 1}.")


@rule("HP503", E, "Tiltakets periode passer ikke", doc="""
    Et tiltak som slutter før det starter, eller som verken starter eller slutter i planåret
    (perioden bommer helt på året).
    """, example=Example(
        "2027/3-strategier-og-tiltak.yaml",
        "    start: 2027-01-15\n    slutt: 2027-06-30",
        "    start: 2027-01-15\n    slutt: 2026-06-30  # før start",
        line="slutt: 2026-06-30"))
def tiltak_period(p: Programme) -> Iterator[Finding]:
    for y in years(p, S3):
        sf = y.file(S3)
        first, last = dt.date(y.year, 1, 1), dt.date(y.year, 12, 31)
        for i, t in enumerate(y.s3.tiltak):
            if t.start and t.end and t.end < t.start:
                yield Finding(sf, ("tiltak", i, "slutt"),
                              f"Tiltaket «{t.id}» slutter ({date(t.end)}) før det starter "
                              f"({date(t.start)}).")
            elif t.end and t.end < first:
                yield Finding(sf, ("tiltak", i, "slutt"),
                              f"Tiltaket «{t.id}» slutter {date(t.end)}, før planåret {y.year}.",
                              "Et tiltak i årets plan må ha aktivitet i året.")
            elif t.start and t.start > last:
                yield Finding(sf, ("tiltak", i, "start"),
                              f"Tiltaket «{t.id}» starter {date(t.start)}, etter planåret "
                              f"{y.year}.", "Et tiltak i årets plan må ha aktivitet i året.")


@rule("HP504", W, "Milepæl utenfor tiltakets periode", doc="""
    En milepæl med dato før tiltakets start eller etter dets slutt.
    """, example=Example(
        "2027/3-strategier-og-tiltak.yaml",
        "{dato: 2027-12-15, tekst: Sluttrapport}",
        "{dato: 2028-01-15, tekst: Sluttrapport}  # tiltaket slutter 2027-12-31",
        line="dato: 2028-01-15"))
def milestone_in_period(p: Programme) -> Iterator[Finding]:
    for y in years(p, S3):
        sf = y.file(S3)
        for i, t in enumerate(y.s3.tiltak):
            for j, m in enumerate(t.milestones):
                if m.date is None:
                    continue
                if t.start and m.date < t.start:
                    when = f"før tiltaket starter ({date(t.start)})"
                elif t.end and m.date > t.end:
                    when = f"etter at tiltaket slutter ({date(t.end)})"
                else:
                    continue
                yield Finding(sf, ("tiltak", i, "milepæler", j, "dato"),
                              f"Milepælen {date(m.date)} i «{t.id}» er {when}.",
                              "Flytt milepælen, eller juster tiltakets start eller slutt.")


@rule("HP505", W, "Et tidligere år mangler i resultatene", doc="""
    Kapittel 2 skal ha én oppføring per tidligere programår (fra periodens start til året før
    planåret).
    """, example=Example(
        "2027/2-resultater.yaml",
        "  - år: 2025",
        "  - år: 2024  # resultatene for 2025 mangler",
        line="^tidligere_år:"))
def earlier_years_reported(p: Programme) -> Iterator[Finding]:
    if p.plan is None:
        return
    for y in years(p, S2):
        reported = {e.year for e in y.s2.earlier_years}
        sf = y.file(S2)
        path = ("tidligere_år",) if sf.has(("tidligere_år",)) else ()
        for earlier in range(p.plan.period.start, y.year):
            if earlier not in reported:
                yield Finding(sf, path, f"Resultatene for {earlier} mangler i kapittel 2.",
                              f"Legg til en oppføring «- år: {earlier}» under tidligere_år "
                              f"(hp init lager den fra {earlier}/oppfolging.yaml).",
                              key=bool(path))


_COUNCILS = ("kommunestyre", "bystyre")


@rule("HP506", E, "Vedtatt uten behandling i kommunestyret", doc="""
    En plan med status vedtatt må ha en behandling i kommunestyret (eller bystyret) under
    behandling.
    """, example=Example(
        "2027/handlingsplan.yaml",
        "status: til_behandling",
        "status: vedtatt  # men behandling har ingen linje for kommunestyret"))
def approved_by_council(p: Programme) -> Iterator[Finding]:
    for y in years(p, META):
        if y.meta.status.value != "vedtatt":
            continue
        if not any(any(c in r.body.casefold() for c in _COUNCILS) for r in y.meta.readings):
            yield Finding(y.file(META), ("status",),
                          f"Handlingsplanen for {y.year} står som vedtatt, men har ingen "
                          "behandling i kommunestyret.",
                          "Legg til behandlingen: - {organ: Kommunestyret, dato: ÅÅÅÅ-MM-DD, "
                          "sak: …}, eller sett status: til_behandling.")
