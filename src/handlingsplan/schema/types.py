"""The contract's common value types (FORMAT.md §2), each with a Norwegian error message.

Every type parses what a person would write by hand and rejects the rest with a message that
says what was expected. Money is whole kroner in `int`; percentages are exact `Fraction`s.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import Annotated, Any

from pydantic import PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

MAX_AMOUNT = 999_999_999_999  # just under 1 000 milliarder kr: anything above is a typo
MIN_YEAR, MAX_YEAR = 1990, 2100


def _fail(kind: str, message: str, **ctx: Any) -> PydanticCustomError:
    return PydanticCustomError(f"hp_{kind}", message, ctx or None)


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# --- Id ----------------------------------------------------------------------------------------

_ID_CHARS = "A-Za-z0-9ÆØÅæøå"
_ID = re.compile(rf"[{_ID_CHARS}][{_ID_CHARS}._-]*")


def parse_id(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise _fail("id", "Forventet en id (f.eks. IND eller IND-01), fikk {got}.",
                    got=describe_type(value))
    if not _ID.fullmatch(value):
        raise _fail("id", "«{value}» er ikke en gyldig id: bruk bokstaver, tall, punktum, "
                    "bindestrek eller understrek, og start med en bokstav eller et tall.",
                    value=_shown(value))
    if len(value) > 40:
        raise _fail("id", "Id-en «{value}» er for lang ({n} tegn); største lengde er 40.",
                    value=_shown(value), n=len(value))
    return value


Id = Annotated[str, PlainValidator(parse_id), WithJsonSchema({
    "anyOf": [{"type": "string", "pattern": rf"^[{_ID_CHARS}][{_ID_CHARS}._-]{{0,39}}$"},
              {"type": "integer", "minimum": 0}],
    "description": "Id: bokstaver, tall, «.», «_» og «-»; høyst 40 tegn.",
})]


# --- Beløp -------------------------------------------------------------------------------------

# "1250000", "1 250 000" (also with non-breaking or thin spaces), "kr 1 250 000", "1 250 000,-"
_AMOUNT_CORE = (r"(?:[Kk][Rr]\.?\s*)?([0-9]{1,3}(?:[ \u00a0\u202f\u2009][0-9]{3}){1,3}|"
                r"[0-9]{1,12})\s*(?:,-|[Kk][Rr]\.?)?")
_AMOUNT = re.compile(_AMOUNT_CORE)
_AMOUNT_HINT = "skriv hele kroner, f.eks. 1250000 eller \"1 250 000 kr\""


def parse_amount(value: Any) -> int:
    if isinstance(value, bool) or value is None:
        raise _fail("amount", "Forventet et beløp i hele kroner, fikk {got}.",
                    got=describe_type(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _fail("amount", "«{value}» er ikke et beløp; " + _AMOUNT_HINT + ".",
                        value=_shown(value))
        if not value.is_integer():
            raise _fail("amount", "Beløp skal være hele kroner uten desimaler, fikk {value}.",
                        value=_shown(value))
        value = int(value)  # 1080000.0 is a whole number of kroner
    if isinstance(value, str):
        text = value.strip()
        match = _AMOUNT.fullmatch(text)
        if not match and re.fullmatch(r"[0-9 \u00a0\u202f\u2009]{13,}", text):
            raise _fail("amount", "Beløpet {value} er urimelig stort; sjekk antall sifre.",
                        value=_shown(value))
        if not match:
            if text.startswith("-") or text.startswith("\u2212"):
                raise _fail("amount", "Beløp kan ikke være negative, fikk «{value}».",
                            value=_shown(value))
            if re.search(r"\d[,.]\d", text):
                raise _fail("amount", "Beløp skal være hele kroner uten øre eller punktum som "
                            "tusenskille, fikk «{value}»; " + _AMOUNT_HINT + ".",
                            value=_shown(value))
            raise _fail("amount", "«{value}» er ikke et beløp; " + _AMOUNT_HINT + ".",
                        value=_shown(value))
        value = int(re.sub(r"[^0-9]", "", match.group(1)))
    if not isinstance(value, int):
        raise _fail("amount", "Forventet et beløp i hele kroner, fikk {got}.",
                    got=describe_type(value))
    if value < 0:
        raise _fail("amount", "Beløp kan ikke være negative, fikk {value}.", value=value)
    if value > MAX_AMOUNT:
        raise _fail("amount", "Beløpet {value} er urimelig stort; sjekk antall sifre.",
                    value=_shown(value))
    return int(value)


_AMOUNT_PATTERN = rf"^\s*{_AMOUNT_CORE}\s*$"
Amount = Annotated[int, PlainValidator(parse_amount), WithJsonSchema({
    "anyOf": [{"type": "integer", "minimum": 0, "maximum": MAX_AMOUNT},
              {"type": "string", "pattern": _AMOUNT_PATTERN}],
    "description": "Beløp i hele kroner, f.eks. 1250000 eller \"1 250 000 kr\".",
})]


# --- Dato, Måned, År -----------------------------------------------------------------------------

_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


def _in_range(day: dt.date, value: Any) -> dt.date:
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise _fail("date", "«{value}» er ikke en rimelig dato (forventet årstall {lo}–{hi}).",
                    value=_shown(value), lo=MIN_YEAR, hi=MAX_YEAR)
    return day


def parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return _in_range(value.date(), value)
    if isinstance(value, dt.date):
        return _in_range(value, value)
    if isinstance(value, str):
        match = _DATE.fullmatch(value.strip())
        if match:
            try:
                day = dt.date(*map(int, match.groups()))
            except ValueError:
                raise _fail("date", "«{value}» er ikke en dato som finnes.",
                            value=_shown(value)) from None
            return _in_range(day, value)
    raise _fail("date", "Forventet en dato som ÅÅÅÅ-MM-DD (f.eks. 2027-03-01), fikk {got}.",
                got=_got(value))


_YEAR_PATTERN = "(199[0-9]|20[0-9][0-9]|2100)"  # MIN_YEAR–MAX_YEAR
Date = Annotated[dt.date, PlainValidator(parse_date), WithJsonSchema({
    "type": "string", "format": "date",
    "pattern": rf"^\s*{_YEAR_PATTERN}-[0-9]{{2}}-[0-9]{{2}}\s*$",
    "description": "Dato som ÅÅÅÅ-MM-DD, f.eks. 2027-03-01."})]


@dataclass(frozen=True, slots=True, order=True)
class Month:
    """A month (`2027-03`), or a day in it when the plan names one (`2027-03-14`)."""

    year: int
    month: int
    day: int | None = None

    def __str__(self) -> str:
        base = f"{self.year:04d}-{self.month:02d}"
        return f"{base}-{self.day:02d}" if self.day else base

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, self.day or 1)


def parse_month(value: Any) -> Month:
    if isinstance(value, dt.date):
        _in_range(value, value)
        return Month(value.year, value.month, value.day)
    if isinstance(value, str):
        text = value.strip()
        match = _MONTH.fullmatch(text)
        if match:
            year, month = map(int, match.groups())
            if 1 <= month <= 12:
                _in_range(dt.date(max(year, 1), month, 1), value)
                return Month(year, month)
            raise _fail("month", "«{value}» er ikke en måned som finnes.", value=_shown(value))
        if _DATE.fullmatch(text):
            d = parse_date(text)
            return Month(d.year, d.month, d.day)
    raise _fail("month", "Forventet en måned som ÅÅÅÅ-MM (f.eks. 2027-03) eller en dato, "
                "fikk {got}.", got=_got(value))


MonthType = Annotated[Month, PlainValidator(parse_month), WithJsonSchema({
    "type": "string",
    "pattern": rf"^\s*{_YEAR_PATTERN}-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?\s*$",
    "description": "Måned som ÅÅÅÅ-MM (f.eks. 2027-03), eller en dato."})]


_YEAR_TEXT = re.compile(r"\s*([0-9]{4})\s*")


def parse_year(value: Any) -> int:
    if isinstance(value, str) and (match := _YEAR_TEXT.fullmatch(value)):
        value = int(match.group(1))
    if not isinstance(value, int) or isinstance(value, bool):
        raise _fail("year", "Forventet et årstall (f.eks. 2027), fikk {got}.", got=_got(value))
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise _fail("year", "{value} er ikke et rimelig årstall (forventet {lo}–{hi}).",
                    value=value, lo=MIN_YEAR, hi=MAX_YEAR)
    return int(value)


Year = Annotated[int, PlainValidator(parse_year), WithJsonSchema({
    "anyOf": [{"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR},
              {"type": "string", "pattern": rf"^\s*{_YEAR_PATTERN}\s*$"}],
    "description": "Årstall."})]


# --- tall: Prosent, måltall, antall ------------------------------------------------------------


def _parse_decimal_text(value: str) -> Fraction | None:
    text = value.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if re.fullmatch(r"[0-9]+(\.[0-9]+)?", text):
        return Fraction(text)
    return None


def parse_percent(value: Any) -> Fraction:
    number: Fraction | None = None
    if _is_number(value) and (not isinstance(value, float) or math.isfinite(value)):
        number = Fraction(repr(value)) if isinstance(value, float) else Fraction(value)
    elif isinstance(value, str):
        number = _parse_decimal_text(value.rstrip().rstrip("%"))
    if number is None:
        raise _fail("percent", "Forventet en prosent som tall (f.eks. 75), fikk {got}.",
                    got=_got(value))
    if not 0 <= number <= 100:
        raise _fail("percent", "En prosent må være mellom 0 og 100, fikk {value}.",
                    value=_shown(value))
    return number


Percent = Annotated[Fraction, PlainValidator(parse_percent), WithJsonSchema({
    "anyOf": [{"type": "number", "minimum": 0, "maximum": 100},
              {"type": "string", "pattern": r"^\s*[0-9]+([.,][0-9]+)?\s*%?\s*$"}],
    "description": "Prosent, 0–100, f.eks. 75."})]


MAX_NUMBER = 10**15


def parse_number(value: Any) -> int | float:
    if _is_number(value):
        if isinstance(value, float) and not math.isfinite(value):
            raise _fail("number", "«{value}» er ikke et endelig tall.", value=_shown(value))
        if abs(value) > MAX_NUMBER:
            raise _fail("number", "Tallet {value} er urimelig stort.", value=_shown(value))
        return int(value) if isinstance(value, int) else float(value)
    if isinstance(value, str):
        text = value.strip()
        negative = text.startswith("-")
        number = _parse_decimal_text(text[1:] if negative else text)
        if number is not None:
            number = -number if negative else number
            if abs(number) > MAX_NUMBER:
                raise _fail("number", "Tallet {value} er urimelig stort.", value=_shown(value))
            return int(number) if number.denominator == 1 else float(number)
    raise _fail("number", "Forventet et tall, fikk {got}.", got=_got(value))


Number = Annotated[float, PlainValidator(parse_number), WithJsonSchema({
    "anyOf": [{"type": "number", "minimum": -MAX_NUMBER, "maximum": MAX_NUMBER},
              {"type": "string", "pattern": r"^\s*-?[0-9 \u00a0]+([.,][0-9]+)?\s*$"}]})]


MAX_COUNT = 10**9


def parse_count(value: Any) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 3.0 is a whole number (as JSON Schema sees it too)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT:
        return int(value)
    raise _fail("count", "Forventet et helt tall som ikke er negativt, fikk {got}.",
                got=_got(value))


Count = Annotated[int, PlainValidator(parse_count), WithJsonSchema({
    "type": "integer", "minimum": 0, "maximum": MAX_COUNT})]


# --- enums -------------------------------------------------------------------------------------


class Malform(StrEnum):
    BOKMAL = "bokmål"
    NYNORSK = "nynorsk"


class PlanStatus(StrEnum):
    DRAFT = "utkast"
    IN_REVIEW = "til_behandling"
    APPROVED = "vedtatt"


class PlpPhase(StrEnum):
    PRE_STUDY = "forstudie"
    PRE_PROJECT = "forprosjekt"
    MAIN_PROJECT = "hovedprosjekt"
    NOT_PLP = "ikke_plp"


class TiltakStatus(StrEnum):
    NOT_STARTED = "ikke_startet"
    ONGOING = "pågår"
    DONE = "fullført"
    DELAYED = "forsinket"
    CANCELLED = "avbrutt"


class RiskLevel(StrEnum):
    LOW = "lav"
    MEDIUM = "middels"
    HIGH = "høy"


class SourceType(StrEnum):
    COUNTY = "fylkeskommune"
    MUNICIPALITY = "kommune"
    OTHER_PUBLIC = "annen_offentlig"
    PRIVATE = "privat"


# --- helpers for messages ------------------------------------------------------------------------


def describe_type(value: Any) -> str:
    """The kind of a YAML value, in Norwegian."""
    if value is None:
        return "ingen verdi"
    if isinstance(value, bool):
        return f"sannhetsverdien {str(value).lower()}"
    if isinstance(value, int):
        return f"tallet {_shown(value)}"
    if isinstance(value, float):
        return f"desimaltallet {_shown(value)}"
    if isinstance(value, str):
        return f"teksten «{_shown(value)}»"
    if isinstance(value, dict):
        return "en tabell (nøkkel: verdi)"
    if isinstance(value, list):
        return "en liste"
    return f"«{_shown(value)}»"


_got = describe_type
