"""HP908: an approved plan that changed after the council approved it (needs Git).

The Git library is imported only when the programme is in a Git repository and a year is
approved; outside Git the rule costs one look for a `.git` entry per folder above."""

from __future__ import annotations

from collections.abc import Iterator

from handlingsplan import norsk, paths
from handlingsplan.diagnostics import Severity
from handlingsplan.history import find_repository
from handlingsplan.loader.programme import Programme
from handlingsplan.rules.registry import Example, Finding, rule
from handlingsplan.schema.types import PlanStatus


@rule("HP908", Severity.WARNING, "Vedtatt plan er endret etter vedtaket", doc="""
    Et år med «status: vedtatt» der del 1–5 er endret etter commiten der planen ble vedtatt
    (den siste commiten der handlingsplan.yaml fikk «status: vedtatt»), uten at noen
    behandling i «behandling» er datert etter den commiten. Endringene sammenlignes som data:
    kommentarer og oppsett teller ikke, og oppfolging.yaml og tilsagn.yaml teller aldri (de
    endres hele året). Meldingen sier hvor mange tiltak som er endret og hvor mye penger som
    er flyttet; «hp endringer --year ÅR» viser alt. Styret eller kommunestyret bør behandle
    endringene; legg da behandlingen til i «behandling». Regelen trenger Git: utenfor et
    Git-repo er den stille, og i en grunn kopi (shallow clone) uten vedtakscommiten gir den en
    merknad. Eksempelet forutsetter at planen ble lagt inn i Git som vedtatt, og så endret.
    """, example=Example(
        "2026/1-mal-og-innsatsomrader.yaml",
        "  HAV-M1: 12",
        "  HAV-M1: 15  # hevet i juni, etter vedtaket",
        at="2026/handlingsplan.yaml", line="status: vedtatt", git=True))
def approved_plan_changed(p: Programme) -> Iterator[Finding]:
    approved = [y for y in p.years.values()
                if y.meta is not None and y.meta.status is PlanStatus.APPROVED]
    if not approved or find_repository(p.root) is None:
        return
    from handlingsplan.history.diff import at_revision, compare, in_working_tree
    from handlingsplan.history.git import GitProblem, History

    try:
        history = History(p.root)
    except GitProblem:
        return  # a failure of Git is never an error of the plan
    with history:
        for y in sorted(approved, key=lambda y: y.year):
            assert y.meta is not None
            sf = y.file(paths.META)
            try:
                revision = history.approval(y.year)
            except GitProblem as exc:
                if exc.reason == "shallow":
                    yield Finding(sf, ("status",), (
                        f"Kan ikke sjekke om planen for {y.year} er endret etter vedtaket: "
                        "Git-repoet er en grunn kopi (shallow clone) uten commiten der planen "
                        "ble vedtatt."), "Hent hele historikken med «git fetch --unshallow» "
                        "(i GitHub Actions: fetch-depth: 0 i actions/checkout).",
                        severity=Severity.INFO)
                continue
            if any(r.date is not None and r.date > revision.date for r in y.meta.readings):
                continue
            try:
                before = at_revision(history, revision.sha, y.year)
            except Exception:
                continue
            diff = compare(p, y.year, before, in_working_tree(p, y), revision)
            if not (diff.tiltak or diff.money or diff.targets or diff.texts or diff.other):
                continue
            yield Finding(sf, ("status",), _message(y.year, diff), (
                f"Se hva som er endret med «hp endringer --year {y.year}». Endringer i en "
                "vedtatt plan bør behandles av styret eller kommunestyret; legg behandlingen "
                "til i «behandling» med organ og dato."))


def _message(year: int, diff) -> str:
    r = diff.revision
    parts = []
    if diff.tiltak:
        parts.append(norsk.plural(len(diff.tiltak), "tiltak", "tiltak") + " endret")
    if diff.moved:
        parts.append(f"{norsk.amount(diff.moved, sep=' ')} flyttet mellom tiltak")
    money = [m for m in diff.money if m.id == "sum"]
    if money:
        parts.append(f"sum kostnader {norsk.amount(int(money[0].before or 0), sep=' ')} → "
                     f"{norsk.amount(int(money[0].after or 0), sep=' ')}")
    if diff.targets:
        parts.append(norsk.plural(len(diff.targets), "årsmål", "årsmål") + " endret")
    if diff.texts:
        parts.append(norsk.plural(len(diff.texts), "tekst", "tekster") + " endret")
    if diff.other:
        parts.append(norsk.plural(len(diff.other), "annen endring", "andre endringer"))
    what = ", ".join(parts).replace("\u00a0", " ")
    return (f"Planen for {year} er endret etter at den ble vedtatt (commit {r.short}, "
            f"{norsk.date(r.date)}): {what}. Ingen behandling i «behandling» er datert etter "
            "vedtaket.")
