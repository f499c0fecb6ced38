"""`omstillingsplan.yaml`: the multi-year plan (FORMAT.md §3)."""

# Annotations as objects, not strings (no `from __future__ import annotations`): Pydantic
# need not evaluate each field's annotation from its text when the class is made.
from fractions import Fraction

from handlingsplan.schema.base import Model, field, listed, mapped, optional
from handlingsplan.schema.types import (
    Amount,
    Date,
    Id,
    Malform,
    Number,
    Percent,
    SourceType,
    Year,
)

TARGETS = ("Måltall per år: kumulativt mål ved utgangen av året, "
           "f.eks. {2026: 20, 2028: 60, 2030: 100}.")


class Period(Model):
    start: Year = field("fra", "Første år i omstillingsperioden.")
    end: Year = field("til", "Siste år i omstillingsperioden (høyst seks år etter «fra»).")

    @property
    def years(self) -> range:
        return range(self.start, self.end + 1)


class Reading(Model):
    """A political reading of a plan: which body, when, which case."""

    body: str = field("organ", "Organet som behandlet planen, f.eks. Kommunestyret.")
    date: Date = field("dato", "Datoen for behandlingen (ÅÅÅÅ-MM-DD).")
    case: str | None = optional("sak", "Saksnummer, f.eks. «PS 45/24».")


class ApprovedBy(Model):
    body: str | None = optional("organ", "Organet som vedtok planen, f.eks. Kommunestyret.")
    date: Date | None = optional("dato", "Vedtaksdato (ÅÅÅÅ-MM-DD).")
    case: str | None = optional("sak", "Saksnummer, f.eks. «PS 45/24».")


class Goal(Model):
    """A hovedmål or a delmål: measurable, quantified and periodised."""

    id: Id = field("id", "Målets id, f.eks. HM1 eller IND-M1. Unik i hele planen.")
    text: str = field("tekst", "Målet formulert som tekst.")
    indicator: str | None = optional("indikator", "Hva som måles, f.eks. «Nye arbeidsplasser».")
    unit: str | None = optional("enhet", "Enheten måltallet er i, f.eks. «arbeidsplasser».")
    method: str | None = optional("målemetode", "Hvordan og når målet måles.")
    baseline: Number | None = optional("utgangsverdi", "Verdien ved programmets start.")
    targets: dict[Year, Number] = mapped("måltall", TARGETS)


class Strategy(Model):
    id: Id = field("id", "Strategiens id, f.eks. IND-S1.")
    text: str = field("tekst", "Strategien formulert som tekst.")


class FocusArea(Model):
    """An innsatsområde: a focus area with its goals, strategies and frame for the period."""

    id: Id = field("id", "Innsatsområdets id, f.eks. IND.")
    name: str = field("navn", "Innsatsområdets navn.")
    description: str | None = optional("beskrivelse", "Beskrivelse av innsatsområdet.")
    frame: Amount | None = optional("ramme", "Økonomisk ramme for hele perioden, i kroner.")
    goals: list[Goal] = listed("mål", "Delmål for innsatsområdet (samme form som hovedmål).")
    strategies: list[Strategy] = listed("strategier", "Strategier for innsatsområdet.")


class BoardMember(Model):
    name: str | None = optional("navn", "Styremedlemmets navn.")
    role: str | None = optional("rolle", "Rolle i styret, f.eks. leder, nestleder, medlem.")
    represents: str | None = optional("representerer", "Hvem medlemmet representerer.")


class Organisation(Model):
    owner: str | None = optional("eier", "Programmets eier, normalt kommunen.")
    manager: str | None = optional("daglig_leder", "Daglig leder / omstillingsleder.")
    board: list[BoardMember] = listed("styre", "Omstillingsstyrets medlemmer.")
    description: str | None = optional("beskrivelse", "Mer om organiseringen.")


class Conditions(Model):
    """The county's conditions for the money (vilkår)."""

    county_max_percent: Percent = field(
        "fylkeskommune_maks_prosent", "Høyeste andel (prosent) fylkeskommunen finansierer.",
        Fraction(75), json_schema_extra={"default": 75})
    municipality_min_percent: Percent = field(
        "kommune_min_prosent", "Laveste andel (prosent) kommunen skal finansiere.", Fraction(25),
        json_schema_extra={"default": 25})
    admin_max_percent: Percent = field(
        "administrasjon_maks_prosent",
        "Andel (prosent) til administrasjon over denne gir en advarsel.", Fraction(30),
        json_schema_extra={"default": 30})


class Source(Model):
    id: Id = field("id", "Finansieringskildens id, f.eks. fylkeskommunen.")
    name: str = field("navn", "Kildens navn, f.eks. «Omstillingsmidler fra … fylkeskommune».")
    type: SourceType = field(
        "type", "Type kilde: fylkeskommune, kommune, annen_offentlig eller privat.")
    short_name: str | None = optional(
        "kortnavn", "Kort navn i kolonneoverskrifter, f.eks. «Fylkeskommunen» (valgfritt).")


class Financing(Model):
    sources: list[Source] = field("kilder", "Finansieringskildene.", min_length=1)
    frames: dict[Year, dict[Id, Amount]] = field(
        "rammer", "Per år og kilde: det meste som kan brukes, i kroner.")


class TargetGroup(Model):
    id: Id = field("id", "Målgruppens id, f.eks. innbyggere.")
    name: str = field("navn", "Målgruppens navn.")
    description: str | None = optional("beskrivelse", "Hvem målgruppen er.")


class CommunicationStrategy(Model):
    goal: str | None = optional("mål", "Målet med kommunikasjonen.")
    target_groups: list[TargetGroup] = listed("målgrupper", "Målgruppene for kommunikasjonen.")
    message: str | None = optional("budskap", "Hovedbudskapet.")


class Omstillingsplan(Model):
    """The multi-year restructuring plan (omstillingsplan.yaml)."""

    programme: str = field("program", "Programmets navn.")
    municipality: str = field("kommune", "Kommunen som eier programmet.")
    county: str = field("fylkeskommune", "Fylkeskommunen som gir omstillingsmidlene.")
    malform: Malform = field("målform", "Målformen dokumentene skrives på: bokmål eller nynorsk.",
                             Malform.BOKMAL)
    period: Period = field("periode", "Omstillingsperioden, f.eks. {fra: 2025, til: 2030}.")
    approved: ApprovedBy | None = optional("vedtatt", "Vedtaket av omstillingsplanen.")
    vision: str = field("visjon", "Programmets visjon.")
    background: str | None = optional("bakgrunn", "Bakgrunnen for omstillingsstatusen.")
    main_goals: list[Goal] = field("hovedmål", "Programmets hovedmål.", min_length=1)
    focus_areas: list[FocusArea] = field(
        "innsatsområder", "Innsatsområdene (normalt tre til fire).", min_length=1)
    organisation: Organisation | None = optional(
        "organisering", "Hvordan programmet er organisert.")
    conditions: Conditions = field("vilkår", "Fylkeskommunens vilkår for midlene.",
                                   default_factory=Conditions)
    financing: Financing = field("finansiering", "Finansieringskilder og rammer per år.")
    communication: CommunicationStrategy | None = optional(
        "kommunikasjonsstrategi", "Kommunikasjonsstrategien: mål, målgrupper og budskap.")

    # --- lookups the rules and renderers share
    def goals(self) -> list[Goal]:
        """Every goal: the hovedmål, then each innsatsområde's delmål."""
        return [*self.main_goals, *(g for a in self.focus_areas for g in a.goals)]

    def goal(self, goal_id: str) -> Goal | None:
        return next((g for g in self.goals() if g.id == goal_id), None)

    def area(self, area_id: str) -> FocusArea | None:
        return next((a for a in self.focus_areas if a.id == area_id), None)

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.financing.sources if s.id == source_id), None)
