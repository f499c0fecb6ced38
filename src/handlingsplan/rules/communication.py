"""HP6xx: the communication plan reaches every target group, within the plan year."""

from __future__ import annotations

from collections.abc import Iterator

from handlingsplan.diagnostics import Severity
from handlingsplan.loader.programme import Programme
from handlingsplan.rules.common import S5, years
from handlingsplan.rules.registry import Example, Finding, rule

W = Severity.WARNING


@rule("HP601", W, "Målgruppe som ingen aktivitet når", doc="""
    En målgruppe i kommunikasjonsstrategien som ingen aktivitet i årets kommunikasjonsplan
    retter seg mot.
    """, example=Example(
        "2027/5-kommunikasjonsplan.yaml",
        "målgrupper: [myndigheter]",
        "målgrupper: [innbyggere]  # ingen aktivitet når myndighetene lenger",
        line="^tiltak:"))
def target_group_reached(p: Programme) -> Iterator[Finding]:
    if p.plan is None or p.plan.communication is None:
        return
    for y in years(p, S5):
        reached = {g for a in y.s5.activities for g in a.target_groups}
        for group in p.plan.communication.target_groups:
            if group.id not in reached:
                yield Finding(y.file(S5), ("tiltak",),
                              f"Målgruppen «{group.id}» ({group.name}) nås ikke av noen "
                              f"aktivitet i {y.year}.",
                              f"Legg «{group.id}» til målgrupper i en aktivitet, eller legg inn "
                              "en ny aktivitet.", key=True)


@rule("HP602", W, "Kommunikasjonsaktivitet utenfor planåret", doc="""
    En kommunikasjonsaktivitet med tidspunkt utenfor planåret.
    """, example=Example(
        "2027/5-kommunikasjonsplan.yaml",
        "tidspunkt: 2027-09-23",
        "tidspunkt: 2028-01-10  # etter planåret"))
def activity_in_year(p: Programme) -> Iterator[Finding]:
    for y in years(p, S5):
        for i, a in enumerate(y.s5.activities):
            if a.when is not None and a.when.year != y.year:
                yield Finding(y.file(S5), ("tiltak", i, "tidspunkt"),
                              f"Aktiviteten «{a.id}» har tidspunkt {a.when}, utenfor planåret "
                              f"{y.year}.", "Flytt aktiviteten til planet for det året.")
