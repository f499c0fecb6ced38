"""HP7xx: the follow-up during the year (oppfolging.yaml) against the year's plan."""

from __future__ import annotations

from collections.abc import Iterator

from handlingsplan.diagnostics import Severity
from handlingsplan.loader.programme import Programme
from handlingsplan.norsk import date
from handlingsplan.rules.common import FOLLOWUP, S3, kr, years
from handlingsplan.rules.registry import Example, Finding, rule
from handlingsplan.suggest import suggest

E, W = Severity.ERROR, Severity.WARNING


@rule("HP701", W, "Tiltaket har brukt mer enn budsjettet", doc="""
    Forbruket i oppfolging.yaml er større enn tiltakets budsjett i årets plan.
    """, example=Example(
        "2026/oppfolging.yaml",
        "    forbruk: 310000",
        "    forbruk: 9000000  # budsjettet er 700 000 kr"))
def overspent(p: Programme) -> Iterator[Finding]:
    for y in years(p, FOLLOWUP, S3):
        budgets = {t.id: t.budget for t in y.s3.tiltak}
        for tiltak_id, f in y.followup.tiltak.items():
            budget = budgets.get(tiltak_id)
            if budget is not None and f.spent > budget:
                yield Finding(y.file(FOLLOWUP), ("tiltak", tiltak_id, "forbruk"),
                              f"«{tiltak_id}» har brukt {kr(f.spent)}, mer enn budsjettet på "
                              f"{kr(budget)} (overskredet med {kr(f.spent - budget)}).",
                              "Overskridelsen må dekkes innenfor innsatsområdets ramme og tas "
                              "opp med styret.")


@rule("HP702", E, "Oppfølging av et tiltak som ikke er i planen", doc="""
    oppfolging.yaml nevner et tiltak som ikke står i årets 3-strategier-og-tiltak.yaml.
    """, example=Example(
        "2026/oppfolging.yaml",
        "  HAV-03:\n",
        "  HAV-3:  # tiltaket heter HAV-03\n",
        line="^  HAV-3:"))
def followup_of_unknown_tiltak(p: Programme) -> Iterator[Finding]:
    for y in years(p, FOLLOWUP, S3):
        planned = sorted(t.id for t in y.s3.tiltak)
        for tiltak_id in y.followup.tiltak:
            if tiltak_id not in planned:
                close = suggest(tiltak_id, planned)
                yield Finding(y.file(FOLLOWUP), ("tiltak", tiltak_id),
                              f"Tiltaket «{tiltak_id}» står ikke i planen for {y.year}"
                              + (f"; mente du «{close}»?" if close else "."),
                              f"Tiltakene i {y.year}: {', '.join(planned) or 'ingen'}.", key=True)


@rule("HP703", W, "Oppfølgingsdatoen er utenfor planåret", doc="""
    Datoen per i oppfolging.yaml (dagen statusen gjelder) ligger utenfor planåret.
    """, example=Example(
        "2026/oppfolging.yaml",
        "per: 2026-10-31",
        "per: 2025-10-31  # oppfølgingen gjelder 2026"))
def followup_date(p: Programme) -> Iterator[Finding]:
    for y in years(p, FOLLOWUP):
        if y.followup.as_of.year != y.year:
            yield Finding(y.file(FOLLOWUP), ("per",),
                          f"Oppfølgingen gjelder {date(y.followup.as_of)}, utenfor planåret "
                          f"{y.year}.", "Sjekk datoen, eller om filen ligger i riktig årsmappe.")
