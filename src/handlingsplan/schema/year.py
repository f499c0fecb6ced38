"""The files of a plan year (FORMAT.md §4)."""

# Annotations as objects, not strings (no `from __future__ import annotations`): Pydantic
# need not evaluate each field's annotation from its text when the class is made.
from handlingsplan.schema.base import Model, field, listed, mapped, optional
from handlingsplan.schema.programme import Reading
from handlingsplan.schema.types import (
    Amount,
    Count,
    Date,
    Id,
    MonthType,
    Number,
    PlanStatus,
    PlpPhase,
    RiskLevel,
    TiltakStatus,
    Year,
)

# --- handlingsplan.yaml --------------------------------------------------------------------------


class Handlingsplan(Model):
    """The year's metadata: title, status and political readings."""

    year: Year = field("år", "Planåret; må være det samme som mappenavnet.")
    title: str | None = optional("tittel", "Dokumentets tittel (standard: «Handlingsplan ÅR»).")
    version: str | None = optional("versjon", "Versjonsnummer, f.eks. \"1.0\".")
    status: PlanStatus = field("status", "Planens status: utkast, til_behandling eller vedtatt.")
    readings: list[Reading] = listed(
        "behandling", "Behandlinger i politiske organer (organ og dato i hver).")
    draft_decision: list[str] = listed(
        "forslag_til_vedtak", "Forslaget til vedtak i saken, punkt for punkt; erstatter det "
        "forslaget hp lager av tallene.")


# --- 1-mal-og-innsatsomrader.yaml ----------------------------------------------------------------


class Section1(Model):
    """Section 1: goals and focus areas from the omstillingsplan, this year's targets."""

    introduction: str | None = optional("innledning", "Innledende tekst til kapittel 1.")
    year_targets: dict[Id, Number] = mapped(
        "årsmål", "Årets måltall per mål-id (hovedmål eller delmål).")
    priorities: dict[Id, str] = mapped(
        "prioriteringer", "Årets prioriteringer per innsatsområde-id.")


# --- 2-resultater.yaml ---------------------------------------------------------------------------


class TiltakResult(Model):
    id: Id = field("id", "Tiltakets id, slik det sto i det årets plan.")
    status: TiltakStatus | None = optional(
        "status", "Status: ikke_startet, pågår, fullført, forsinket eller avbrutt.")
    result: str | None = optional("resultat", "Hva tiltaket oppnådde.")
    jobs: Count | None = optional("arbeidsplasser", "Arbeidsplasser tiltaket har gitt.")


class StatusReview(Model):
    """The yearly programstatusvurdering led by Innovasjon Norge."""

    date: Date | None = optional("dato", "Datoen for programstatusvurderingen.")
    improvements: list[str] = listed("forbedringspunkter", "Forbedringspunktene fra vurderingen.")
    comment: str | None = optional("kommentar", "Oppsummering av vurderingen.")


class EarlierYear(Model):
    year: Year = field("år", "Året resultatene gjelder.")
    comment: str | None = optional("kommentar", "Oppsummering av året.")
    goal_results: dict[Id, Number] = mapped(
        "måloppnåelse", "Målt verdi per mål-id ved årets slutt.")
    spent: dict[Id, Amount] = mapped("forbruk", "Brukt per finansieringskilde, i kroner.")
    tiltak: list[TiltakResult] = listed("tiltak", "Resultatene av årets tiltak.")
    status_review: StatusReview | None = optional(
        "programstatusvurdering", "Programstatusvurderingen det året.")


class Section2(Model):
    """Section 2: results from earlier programme years."""

    summary: str | None = optional("sammendrag", "Sammendrag av resultatene så langt.")
    earlier_years: list[EarlierYear] = listed(
        "tidligere_år", "Én oppføring per tidligere programår.")


# --- 3-strategier-og-tiltak.yaml -----------------------------------------------------------------


class Milestone(Model):
    date: Date | None = optional("dato", "Når milepælen skal være nådd.")
    text: str | None = optional("tekst", "Hva milepælen er.")


class Tiltak(Model):
    """A project or measure (tiltak) of the year."""

    id: Id = field("id", "Tiltakets id; unik i året, og den samme når tiltaket fortsetter.")
    name: str = field("navn", "Tiltakets navn.")
    area: Id = field("innsatsområde", "Id-en til innsatsområdet tiltaket hører til.")
    strategy: Id | None = optional("strategi", "Id-en til strategien (i samme innsatsområde).")
    contributes_to: list[Id] = listed("bidrar_til", "Id-ene til målene tiltaket bidrar til.")
    plp_phase: PlpPhase | None = optional(
        "plp_fase", "PLP-fase: forstudie, forprosjekt, hovedprosjekt eller ikke_plp.")
    description: str | None = optional("beskrivelse", "Beskrivelse av tiltaket.")
    project_goal: str | None = optional("prosjektmål", "Prosjektmålet (effektmål).")
    result_goals: list[str] = listed("resultatmål", "Resultatmålene.")
    owner: str | None = optional("prosjekteier", "Prosjekteieren.")
    responsible: str | None = optional("ansvarlig", "Den som er ansvarlig.")
    start: Date | None = optional("start", "Startdato.")
    end: Date | None = optional("slutt", "Sluttdato.")
    budget: Amount = field("budsjett", "Årets kostnad, i kroner.")
    financing: dict[Id, Amount] = mapped(
        "finansiering", "Finansiering per kilde-id; skal summere til budsjettet.")
    milestones: list[Milestone] = listed("milepæler", "Milepæler med dato og tekst.")
    project_number: str | None = optional(
        "prosjektnummer", "Prosjektets nummer i kommunens regnskap, f.eks. \"4711\".")
    contributions: dict[Id, Number] = mapped(
        "bidrag", "Forventet bidrag i år per mål-id: hvor mye målets indikator skal øke, i "
        "målets enhet, f.eks. {HM1: 4}.")


class Risk(Model):
    """Something that can go wrong, and what is done about it."""

    id: Id = field("id", "Risikoens id, f.eks. R1.")
    description: str = field("beskrivelse", "Hva som kan gå galt.")
    probability: RiskLevel | None = optional("sannsynlighet", "Sannsynlighet: lav, middels "
                                             "eller høy.")
    consequence: RiskLevel | None = optional("konsekvens", "Konsekvens: lav, middels eller høy.")
    response: str | None = optional("tiltak", "Hva som gjøres for å hindre det eller dempe "
                                    "følgene.")
    applies_to: list[Id] = listed("gjelder", "Id-ene til tiltakene risikoen truer.")


class Section3(Model):
    """Section 3: strategies and tiltak for the focus areas."""

    introduction: str | None = optional("innledning", "Innledende tekst til kapittel 3.")
    tiltak: list[Tiltak] = field("tiltak", "Årets tiltak (kan være en tom liste).")
    risks: list[Risk] = listed("risikoer", "Risikoene for årets plan, med sannsynlighet, "
                               "konsekvens og tiltak.")


# --- 4-ressursinnsats-og-finansiering.yaml -------------------------------------------------------


class OtherCost(Model):
    name: str = field("navn", "Postens navn.")
    amount: Amount = field("beløp", "Beløp i kroner.")


class Costs(Model):
    administration: Amount = field(
        "administrasjon", "Drift av programmet (daglig leder, styre, kontor), i kroner.")
    communication: Amount = field("kommunikasjon", "Kommunikasjon, i kroner.", 0)
    areas: dict[Id, Amount] = field("innsatsområder", "Årets ramme per innsatsområde-id.")
    other: list[OtherCost] = listed("andre", "Andre poster (navn og beløp).")

    @property
    def total(self) -> int:
        return (self.administration + self.communication + sum(self.areas.values())
                + sum(o.amount for o in self.other))


class Section4(Model):
    """Section 4: resources (costs) and financing."""

    comment: str | None = optional("kommentar", "Kommentar til budsjettet.")
    costs: Costs = field("kostnader", "Kostnadene per post.")
    financing: dict[Id, Amount] = field("finansiering", "Finansiering per kilde-id, i kroner.")

    @property
    def financing_total(self) -> int:
        return sum(self.financing.values())


# --- 5-kommunikasjonsplan.yaml -------------------------------------------------------------------


class Activity(Model):
    id: Id = field("id", "Aktivitetens id, f.eks. K1.")
    activity: str = field("aktivitet", "Hva som skal gjøres.")
    target_groups: list[Id] = listed(
        "målgrupper", "Id-ene til målgruppene (fra kommunikasjonsstrategien).")
    channel: str | None = optional("kanal", "Kanal, f.eks. folkemøte, nettside, lokalavis.")
    message: str | None = optional("budskap", "Budskapet.")
    when: MonthType | None = optional("tidspunkt", "Når: måned (ÅÅÅÅ-MM) eller dato.")
    responsible: str | None = optional("ansvarlig", "Hvem som er ansvarlig.")
    budget: Amount | None = optional("budsjett", "Kostnad i kroner.")


class Section5(Model):
    """Section 5: the communication plan."""

    goal: str | None = optional("mål", "Målet med årets kommunikasjon.")
    activities: list[Activity] = field("tiltak", "Kommunikasjonsaktivitetene (kan være tom).")


# --- oppfolging.yaml -----------------------------------------------------------------------------


class TiltakFollowUp(Model):
    status: TiltakStatus = field(
        "status", "Status: ikke_startet, pågår, fullført, forsinket eller avbrutt.")
    spent: Amount = field("forbruk", "Brukt så langt, i kroner.", 0)
    jobs: Count | None = optional("arbeidsplasser", "Arbeidsplasser rapportert så langt.")
    comment: str | None = optional("kommentar", "Kommentar til status.")


class FollowUp(Model):
    """Follow-up during the year (oppfolging.yaml)."""

    as_of: Date = field("per", "Datoen statusen gjelder for.")
    indicators: dict[Id, Number] = mapped("indikatorer", "Målt verdi per mål-id.")
    tiltak: dict[Id, TiltakFollowUp] = mapped("tiltak", "Status per tiltak-id.")
    comment: str | None = optional("kommentar", "Kommentar til oppfølgingen.")
