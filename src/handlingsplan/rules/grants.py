"""HP9xx: grants (tilsagn.yaml): the pool they come from, the money granted and paid, the
recipient's organisation number and the de minimis ceiling. The figures are computed in
figures/grants.py; python-stdnum (HP903) is imported only when that rule runs."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from handlingsplan.diagnostics import Severity
from handlingsplan.figures import grants as figures
from handlingsplan.loader.programme import Programme
from handlingsplan.norsk import date, decimal
from handlingsplan.paths import GRANTS, S3
from handlingsplan.rules.common import kr, years
from handlingsplan.rules.registry import Example, Finding, rule
from handlingsplan.schema.grants import Grant
from handlingsplan.suggest import suggest

E, W = Severity.ERROR, Severity.WARNING
FILE = "2027/tilsagn.yaml"


def _ids(grants: list[Grant]) -> str:
    return ", ".join(g.id for g in grants)


@rule("HP901", E, "Tilsagnet gis fra et tiltak som ikke er i årets plan", doc="""
    Hvert tilsagn i tilsagn.yaml skal gis fra et av tiltakene i samme års
    3-strategier-og-tiltak.yaml (potten, f.eks. «Bedriftsutviklingsmidler»). Står
    tilsagn.yaml i en årsmappe uten plan, sier meldingen det.
    """, example=Example(
        FILE,
        "    tiltak: HAV-05",
        "    tiltak: HAV-5  # tiltaket heter HAV-05"))
def grant_from_unknown_tiltak(p: Programme) -> Iterator[Finding]:
    for y in years(p, GRANTS):
        sf = y.file(GRANTS)
        source = p.years[y.year]
        if S3 not in source.models and S3 in source.files:
            continue  # section 3 has errors of its own (HP0xx, HP1xx)
        planned = sorted(t.id for t in y.s3.tiltak) if S3 in source.models else None
        for i, g in enumerate(y.grants.grants):
            path = ("tilsagn", i, "tiltak")
            if planned is None:
                yield Finding(sf, path,
                              f"Tilsagnet «{g.id}» skal gis fra tiltaket «{g.tiltak}», men "
                              f"{y.year} har ingen handlingsplan: {y.year}/{S3}.yaml mangler.",
                              f"Et tilsagn føres i mappen for året styret vedtok det, og "
                              f"tiltaket må stå i det årets plan. Lag planen for {y.year} "
                              f"(«hp init {y.year}»), eller flytt tilsagnet til riktig år.")
            elif g.tiltak not in planned:
                close = suggest(g.tiltak, planned)
                yield Finding(sf, path,
                              f"Tilsagnet «{g.id}» skal gis fra tiltaket «{g.tiltak}», men det "
                              f"står ikke i planen for {y.year}"
                              + (f"; mente du «{close}»?" if close else "."),
                              f"Tiltakene i {y.year}: {', '.join(planned) or 'ingen'}.")


@rule("HP902", E, "Tilsagnene er større enn potten", doc="""
    Tilsagnene i en årsmappe fra ett tiltak (beløp minus trukket_tilbake, summert) er større
    enn tiltakets budsjett samme år. Et tiltak som et tilsagn gis fra, er en pott. Meldingen
    peker på tilsagnet (etter vedtaksdato) som gjorde at potten ble overskredet, og gir
    summene.
    """, example=Example(
        FILE,
        "    beløp: 55000\n",
        "    beløp: 95000  # potten HAV-06 er på 300 000 kr\n",
        line="    beløp: 10000"))
def pool_overspent(p: Programme) -> Iterator[Finding]:
    for y in years(p, GRANTS, S3):
        budgets = {t.id: t.budget for t in y.s3.tiltak}
        by_pool: dict[str, list[tuple[int, Grant]]] = defaultdict(list)
        for i, g in enumerate(y.grants.grants):
            if g.tiltak in budgets:
                by_pool[g.tiltak].append((i, g))
        for tiltak_id, grants in by_pool.items():
            budget = budgets[tiltak_id]
            total = sum(g.net for _, g in grants)
            if total <= budget:
                continue
            running = 0
            tipping = grants[-1]
            for i, g in sorted(grants, key=lambda x: (x[1].decision.date, x[0])):
                running += g.net
                if running > budget:
                    tipping = (i, g)
                    break
            granted = sum(g.amount for _, g in grants)
            withdrawn = sum(g.withdrawn for _, g in grants)
            i, g = tipping
            sums = (f"innvilget {kr(granted)}, trukket tilbake {kr(withdrawn)}"
                    if withdrawn else f"innvilget {kr(granted)}")
            yield Finding(
                y.file(GRANTS), ("tilsagn", i, "beløp"),
                f"Tilsagnene fra «{tiltak_id}» i {y.year} er til sammen {kr(total)} ({sums}), "
                f"mer enn tiltakets budsjett på {kr(budget)}: {kr(total - budget)} over. "
                f"Med tilsagnet «{g.id}» ({date(g.decision.date)}) ble potten overskredet.",
                f"Øk budsjettet for «{tiltak_id}» i {y.year}/{S3}.yaml (innenfor rammen), sett "
                "ned et tilsagn, eller før opp det som er trukket tilbake.")


_ORGNR_PROBLEMS = {
    "InvalidChecksum": "kontrollsifferet (det siste sifferet) stemmer ikke",
    "InvalidFormat": "det skal bare ha siffer (og gjerne mellomrom)",
    "InvalidLength": "det skal ha ni siffer",
}


@rule("HP903", E, "Ugyldig organisasjonsnummer", doc="""
    Mottakerens orgnr er ikke et gyldig norsk organisasjonsnummer: ni siffer (mellomrom er
    lov) der det siste er et kontrollsiffer (modulus 11). Ofte er et siffer byttet om eller
    skrevet feil.
    """, example=Example(
        FILE,
        '    mottaker: {navn: Vågen Hydraulikk AS, orgnr: "917 468 141"}',
        '    mottaker: {navn: Vågen Hydraulikk AS, orgnr: "917 468 142"}  # feil siffer'))
def invalid_orgnr(p: Programme) -> Iterator[Finding]:
    checked: dict[str, str | None] = {}
    for y in years(p, GRANTS):
        grants = y.grants.grants
        if not grants:
            continue
        from stdnum.exceptions import ValidationError
        from stdnum.no import orgnr

        for i, g in enumerate(grants):
            key = figures.orgnr_key(g.recipient.orgnr)
            if key not in checked:
                try:
                    orgnr.validate(key)
                    checked[key] = None
                except ValidationError as exc:
                    why = _ORGNR_PROBLEMS.get(type(exc).__name__, "det er ikke gyldig")
                    if type(exc).__name__ == "InvalidLength" and key.isdigit():
                        why += f", ikke {len(key)}"
                    checked[key] = why
            problem = checked[key]
            if problem is not None:
                yield Finding(y.file(GRANTS), ("tilsagn", i, "mottaker", "orgnr"),
                              f"«{g.recipient.orgnr}» er ikke et gyldig organisasjonsnummer"
                              + (f" for {g.recipient.name.strip()}" if g.recipient.name.strip()
                                 else "") + f": {problem}.",
                              "Skriv av nummeret fra Enhetsregisteret (brreg.no) eller "
                              "søknaden.")


@rule("HP904", E, "Over taket for bagatellmessig støtte", doc="""
    Taket for bagatellmessig støtte er 300 000 euro per foretak over tre år (hp.toml:
    [statsstotte] bagatell_tak_eur og eurokurs, standard 300 000 og 11,5, altså 3 450 000 kr).
    For hvert tilsagn med støtteform bagatellstøtte summeres alle bagatellstøtte-tilsagn i
    programmet til samme orgnr (uten mellomrom) med vedtaksdato fra og med dagen etter samme
    dato tre år før, til og med tilsagnets vedtaksdato, hvert med beløp minus
    trukket_tilbake, pluss tilsagnets egen annen_bagatellstøtte (fra egenerklæringen).
    Summen kan være lik taket, men ikke én krone over. Meldingen gir tallene i kroner og euro
    (kroner delt på kursen, rundet til nærmeste cent).
    """, example=Example(
        FILE,
        '    annen_bagatellstøtte: "2 400 000"\n    frist: 2028-06-30',
        '    annen_bagatellstøtte: "2 700 000"  # taket er 3 450 000 kr\n'
        '    frist: 2028-06-30',
        line="    beløp: 550000"))
def de_minimis_ceiling(p: Programme) -> Iterator[Finding]:
    rate = p.config.eur_rate
    files = {year: y.file(GRANTS) for year, y in p.years.items() if y.grants is not None}
    for placed, aid in figures.de_minimis_per_grant(p):
        if not aid.over:
            continue
        g = placed.grant
        over = aid.total - aid.ceiling
        yield Finding(
            files[placed.year], ("tilsagn", placed.index, "beløp"),
            f"Bagatellmessig støtte til {g.recipient.name} ({aid.orgnr}) blir {kr(aid.total)} "
            f"({figures.euro_text(aid.total, rate)}) med tilsagnet «{g.id}», over taket på "
            f"{kr(aid.ceiling)} ({decimal(p.config.de_minimis_eur, sep=' ')} euro × "
            f"{decimal(p.config.eur_rate, sep=' ')}): {kr(aid.ours)} fra programmet "
            f"({', '.join(aid.grants)}) fra {date(aid.after + dt.timedelta(days=1))} til "
            f"{date(aid.until)}, og {kr(aid.declared)} fra andre etter egenerklæringen.",
            f"{kr(over)} ({figures.euro_text(over, rate)}) over taket. Sett ned tilsagnet, gi "
            "det som en annen støtteform (gruppeunntak) der reglene tillater det, eller sjekk "
            "egenerklæringen.")


@rule("HP905", E, "Utbetalt mer enn tilsagnet", doc="""
    Summen av utbetalingene til et tilsagn er større enn det som er innvilget (beløp minus
    trukket_tilbake), eller mer er trukket tilbake enn innvilget. Meldingen peker på
    utbetalingen som gikk over.
    """, example=Example(
        FILE,
        "      - {dato: 2027-10-01, beløp: 45000}",
        "      - {dato: 2027-10-01, beløp: 54000}  # tilsagnet er på 45 000 kr"))
def paid_more_than_granted(p: Programme) -> Iterator[Finding]:
    for y in years(p, GRANTS):
        sf = y.file(GRANTS)
        for i, g in enumerate(y.grants.grants):
            if g.withdrawn > g.amount:
                yield Finding(sf, ("tilsagn", i, "trukket_tilbake"),
                              f"Tilsagnet «{g.id}» har {kr(g.withdrawn)} trukket tilbake, mer "
                              f"enn de {kr(g.amount)} som ble innvilget.",
                              "Trukket tilbake er den delen av tilsagnet som ikke skal "
                              "betales ut; er mer betalt tilbake, før opp bare tilsagnets del.")
                continue
            if g.paid <= g.net:
                continue
            running, at = 0, 0
            for j, payment in sorted(enumerate(g.payments), key=lambda x: (x[1].date, x[0])):
                running += payment.amount
                if running > g.net:
                    at = j
                    break
            left = (f"de {kr(g.net)} som står igjen av tilsagnet ({kr(g.amount)} innvilget, "
                    f"{kr(g.withdrawn)} trukket tilbake)" if g.withdrawn
                    else f"de {kr(g.amount)} som ble innvilget")
            yield Finding(sf, ("tilsagn", i, "utbetalinger", at),
                          f"Tilsagnet «{g.id}» har betalt ut {kr(g.paid)}, mer enn {left}: "
                          f"{kr(g.paid - g.net)} for mye.",
                          "Sjekk beløpene mot regnskapet. Er tilsagnet økt, før opp det nye "
                          "beløpet med et nytt vedtak.")


@rule("HP906", W, "Utbetaling før vedtaket eller etter fristen", doc="""
    En utbetaling er datert før vedtaket om tilsagnet, eller etter tilsagnets frist.
    """, example=Example(
        FILE,
        "      - {dato: 2027-12-01, beløp: 15000}",
        "      - {dato: 2027-09-01, beløp: 15000}  # vedtaket kom 15. september"))
def payment_out_of_time(p: Programme) -> Iterator[Finding]:
    for y in years(p, GRANTS):
        sf = y.file(GRANTS)
        for i, g in enumerate(y.grants.grants):
            for j, payment in enumerate(g.payments):
                path = ("tilsagn", i, "utbetalinger", j, "dato")
                if payment.date < g.decision.date:
                    yield Finding(sf, path,
                                  f"Utbetalingen {date(payment.date)} ({kr(payment.amount)}) "
                                  f"er før vedtaket om tilsagnet «{g.id}» "
                                  f"{date(g.decision.date)}.",
                                  "Sjekk datoene: et tilskudd kan ikke betales ut før styret "
                                  "har vedtatt tilsagnet.")
                elif g.deadline is not None and payment.date > g.deadline:
                    yield Finding(sf, path,
                                  f"Utbetalingen {date(payment.date)} ({kr(payment.amount)}) "
                                  f"er etter fristen for tilsagnet «{g.id}» "
                                  f"({date(g.deadline)}).",
                                  "Har styret forlenget fristen, før opp den nye fristen.")


@rule("HP907", W, "Vedtaket er fra et annet år enn mappen", doc="""
    Vedtaksdatoen for et tilsagn ligger utenfor året til mappen tilsagn.yaml står i. Et
    tilsagn føres i mappen for året styret vedtok det, også når det betales ut senere.
    """, example=Example(
        FILE,
        '    vedtak: {organ: Omstillingsstyret, dato: 2027-11-17, sak: "41/27"}',
        '    vedtak: {organ: Omstillingsstyret, dato: 2026-11-17, sak: "41/27"}  # i 2027/'))
def decision_outside_year(p: Programme) -> Iterator[Finding]:
    for y in years(p, GRANTS):
        sf = y.file(GRANTS)
        for i, g in enumerate(y.grants.grants):
            if g.decision.date.year != y.year:
                yield Finding(sf, ("tilsagn", i, "vedtak", "dato"),
                              f"Tilsagnet «{g.id}» er vedtatt {date(g.decision.date)}, men står "
                              f"i {y.year}/tilsagn.yaml.",
                              f"Flytt tilsagnet til {g.decision.date.year}/tilsagn.yaml, eller "
                              "rett datoen.")
