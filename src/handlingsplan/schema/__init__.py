"""The plan's data model: one Pydantic model per kind of file, keyed by the file's stem."""

from __future__ import annotations

from dataclasses import dataclass

from handlingsplan import paths
from handlingsplan.schema.base import Model
from handlingsplan.schema.grants import Grants
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


PROGRAMME = Kind(paths.PROGRAMME, Omstillingsplan, "Omstillingsplan")
YEAR_KINDS = (
    Kind(paths.META, Handlingsplan, "Handlingsplan (metadata for året)"),
    Kind(paths.S1, Section1, "1 Mål og innsatsområder"),
    Kind(paths.S2, Section2, "2 Resultater fra tidligere omstillingsår"),
    Kind(paths.S3, Section3, "3 Strategier og tiltak"),
    Kind(paths.S4, Section4, "4 Ressursinnsats og finansiering"),
    Kind(paths.S5, Section5, "5 Kommunikasjonsplan"),
    Kind(paths.FOLLOWUP, FollowUp, "Oppfølging", required=False),
    Kind(paths.GRANTS, Grants, "Tilsagn om tilskudd", required=False),
)
KINDS = {k.stem: k for k in (PROGRAMME, *YEAR_KINDS)}
