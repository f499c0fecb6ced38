"""`tilsagn.yaml`: the grants the board decided in a plan year (FORMAT.md §7.2)."""

# Annotations as objects, not strings (no `from __future__ import annotations`): Pydantic
# need not evaluate each field's annotation from its text when the class is made.
from enum import StrEnum

from handlingsplan.schema.base import Model, field, listed, optional
from handlingsplan.schema.types import Amount, Date, Id


class AidForm(StrEnum):
    """How a grant stands under the state-aid rules."""

    DE_MINIMIS = "bagatellstøtte"
    BLOCK_EXEMPTION = "gruppeunntak"
    NO_AID = "ikke_statsstøtte"


class Recipient(Model):
    name: str = field("navn", "Mottakerens navn, f.eks. «Havnes Sjømat AS».", min_length=1)
    orgnr: str = field(
        "orgnr", "Mottakerens organisasjonsnummer: ni siffer, gjerne med mellomrom "
        "(\"924 817 356\").")


class Decision(Model):
    body: str | None = optional("organ", "Organet som vedtok tilsagnet, f.eks. "
                                "Omstillingsstyret.")
    date: Date = field("dato", "Vedtaksdatoen (ÅÅÅÅ-MM-DD); må ligge i mappens år.")
    case: str | None = optional("sak", "Saksnummeret, f.eks. \"12/27\".")


class Payment(Model):
    date: Date = field("dato", "Utbetalingsdatoen (ÅÅÅÅ-MM-DD).")
    amount: Amount = field("beløp", "Utbetalt beløp, i hele kroner.")


class Grant(Model):
    """One grant (tilsagn) to a firm or project."""

    id: Id = field("id", "Tilsagnets id, f.eks. T-2027-01; unik i hele programmet.")
    tiltak: Id = field("tiltak", "Id-en til tiltaket i årets 3-strategier-og-tiltak.yaml som "
                       "tilsagnet gis fra (potten).")
    recipient: Recipient = field("mottaker", "Mottakeren: navn og organisasjonsnummer.")
    purpose: str = field("formål", "Hva tilskuddet skal brukes til.")
    decision: Decision = field("vedtak", "Styrets vedtak: organ, dato og sak.")
    amount: Amount = field("beløp", "Innvilget beløp, i hele kroner.")
    aid_form: AidForm = field(
        "støtteform", "Støtteform: bagatellstøtte, gruppeunntak eller ikke_statsstøtte.")
    other_de_minimis: Amount = field(
        "annen_bagatellstøtte", "Bagatellmessig støtte fra andre de siste tre årene, i kroner, "
        "slik mottakeren har oppgitt den i egenerklæringen.", 0)
    deadline: Date | None = optional(
        "frist", "Siste frist for sluttrapport og utbetaling (ÅÅÅÅ-MM-DD).")
    payments: list[Payment] = listed(
        "utbetalinger", "Utbetalingene så langt: dato og beløp i hver.")
    withdrawn: Amount = field(
        "trukket_tilbake", "Innvilget beløp som er trukket tilbake eller betalt tilbake, i "
        "kroner.", 0)

    @property
    def net(self) -> int:
        """Granted less withdrawn: what the grant still commits (negative when more was
        withdrawn than granted, which HP905 reports)."""
        return self.amount - self.withdrawn

    @property
    def paid(self) -> int:
        return sum(p.amount for p in self.payments)


class Grants(Model):
    """The grants of a plan year (tilsagn.yaml)."""

    grants: list[Grant] = listed("tilsagn", "Tilsagnene styret har gitt i året (kan være en "
                                 "tom liste).")
