"""The plan's data model: one Pydantic model per kind of file, keyed by the file's stem."""

from __future__ import annotations

from dataclasses import dataclass

from handlingsplan.schema.base import Model
from handlingsplan.schema.programme import Omstillingsplan
from handlingsplan.schema.year import (
    FollowUp,
    Handlingsplan,
    Section1,
    Section2,
    Section3,
    Section4,
    Section5,
)


@dataclass(frozen=True)
class Kind:
    stem: str
    model: type[Model]
    title: str  # Norwegian, for people
    required: bool = True

    @property
    def filename(self) -> str:
        return f"{self.stem}.yaml"


PROGRAMME = Kind("omstillingsplan", Omstillingsplan, "Omstillingsplan")
YEAR_KINDS = (
    Kind("handlingsplan", Handlingsplan, "Handlingsplan (metadata for året)"),
    Kind("1-mal-og-innsatsomrader", Section1, "1 Mål og innsatsområder"),
    Kind("2-resultater", Section2, "2 Resultater fra tidligere omstillingsår"),
    Kind("3-strategier-og-tiltak", Section3, "3 Strategier og tiltak"),
    Kind("4-ressursinnsats-og-finansiering", Section4, "4 Ressursinnsats og finansiering"),
    Kind("5-kommunikasjonsplan", Section5, "5 Kommunikasjonsplan"),
    Kind("oppfolging", FollowUp, "Oppfølging", required=False),
)
KINDS = {k.stem: k for k in (PROGRAMME, *YEAR_KINDS)}
