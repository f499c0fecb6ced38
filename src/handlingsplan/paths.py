"""Names in a programme repository: which folder is a plan year, and which year a file of a
diagnostic belongs to. One place, so that every command filters by year the same way."""

from __future__ import annotations

import re

# the files of a programme, by stem (the file is STEM.yaml): the one place these names are written
PROGRAMME = "omstillingsplan"
META = "handlingsplan"
S1 = "1-mal-og-innsatsomrader"
S2 = "2-resultater"
S3 = "3-strategier-og-tiltak"
S4 = "4-ressursinnsats-og-finansiering"
S5 = "5-kommunikasjonsplan"
FOLLOWUP = "oppfolging"
GRANTS = "tilsagn"
PLAN_STEMS = (META, S1, S2, S3, S4, S5)  # the files every plan year has

_YEAR = re.compile(r"[0-9]{4}")  # ASCII digits only: «２０２７» and «٢٠٢٧» are not years


def year_of(name: str) -> int | None:
    """The plan year a folder name stands for (four ASCII digits), else None."""
    return int(name) if _YEAR.fullmatch(name) else None


def year_of_file(file: str) -> int | None:
    """The plan year whose folder a file (relative to the programme root) is in, else None."""
    return year_of(file.split("/", 1)[0])


def in_year(file: str, year: int | None) -> bool:
    """Does a file (relative to the programme root, '/'-separated) matter for plan year
    `year`: the files of that year's folder, and everything outside year folders (the
    omstillingsplan and hp.toml, which every year depends on). With None, every file does."""
    if year is None:
        return True
    found = year_of_file(file)
    return found is None or found == year
