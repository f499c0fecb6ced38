"""The contract's common value types (FORMAT.md §2): what each accepts, what it rejects, and that
the Norwegian message says what was expected."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from handlingsplan.loader import yamlfile
from handlingsplan.schema.types import (
    MAX_AMOUNT,
    Amount,
    Count,
    Date,
    Id,
    Malform,
    Month,
    MonthType,
    Number,
    Percent,
    PlanStatus,
    PlpPhase,
    SourceType,
    TiltakStatus,
    Year,
    describe_type,
)


def ok(tp: Any, value: Any) -> Any:
    return TypeAdapter(tp).validate_python(value)


def error(tp: Any, value: Any) -> str:
    """The one Norwegian message a value is rejected with."""
    with pytest.raises(ValidationError) as exc:
        TypeAdapter(tp).validate_python(value)
    errors = exc.value.errors()
    assert len(errors) == 1, errors
    assert errors[0]["type"].startswith("hp_"), errors[0]  # ours, not pydantic's English
    return errors[0]["msg"]


def yaml_value(tmp_path: Path, text: str) -> Any:
    """What the loader hands the types for `x: <text>` (numbers as YAML 1.2 reads them)."""
    path = tmp_path / "x.yaml"
    path.write_text(f"x: {text}\n", encoding="utf-8")
    sf, problems = yamlfile.read(path, "x.yaml")
    assert problems == []
    return sf.data["x"]


# --- Id -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["IO1", "SJO-01", "fylkeskommunen", "IND-M1", "a.b_c-1",
                                   "Sjø-01", "ÆRØ", "næringsliv", "2027", "x" * 40])
def test_id_accepts_letters_digits_and_punctuation(value):
    assert ok(Id, value) == value


def test_id_reads_a_bare_number_as_its_text():
    assert ok(Id, 12) == "12"
    assert ok(Id, 2027) == "2027"


@pytest.mark.parametrize("value", ["IND 01", "-IND", "_IND", ".IND", "IND/01", "IND:1", "", "æ ø"])
def test_id_rejects_bad_characters(value):
    message = error(Id, value)
    assert f"«{value}» er ikke en gyldig id" in message
    assert "bokstaver, tall, punktum, bindestrek eller understrek" in message
    assert "start med en bokstav eller et tall" in message


def test_id_longer_than_40_characters_is_rejected_with_its_length():
    message = error(Id, "x" * 41)
    assert "for lang (41 tegn)" in message
    assert "største lengde er 40" in message


@pytest.mark.parametrize(("value", "got"), [(True, "sannhetsverdien true"),
                                            (1.5, "desimaltallet 1.5"),
                                            (None, "ingen verdi"),
                                            (["a"], "en liste")])
def test_id_of_another_type_says_what_it_got(value, got):
    message = error(Id, value)
    assert message.startswith("Forventet en id (f.eks. IND eller IND-01)")
    assert got in message


# --- Beløp ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [
    1250000,
    "1250000",
    "1 250 000",
    "1 250 000 kr",
    "1\u00a0250\u00a0000 kr",  # non-breaking space
    "1\u202f250\u202f000 kr",  # narrow no-break space
    "1\u2009250\u2009000",  # thin space
    "kr 1 250 000",
    "kr. 1 250 000",
    "1 250 000,-",
    "1 250 000 KR",
    "  1 250 000 kr  ",
])
def test_amount_accepts_whole_kroner_as_people_write_them(value):
    assert ok(Amount, value) == 1250000


def test_amount_accepts_zero_and_the_largest_sensible_amount():
    assert ok(Amount, 0) == 0
    assert ok(Amount, "0") == 0
    assert ok(Amount, MAX_AMOUNT) == MAX_AMOUNT


@pytest.mark.parametrize(("value", "expected"), [
    (1250000.5, "hele kroner uten desimaler, fikk 1250000.5"),
    ("1 250 000,50", "hele kroner uten øre"),
    ("1250000.50", "hele kroner uten øre"),
    ("1.250.000", "punktum som tusenskille"),
    (-1, "kan ikke være negative, fikk -1"),
    ("-1 000", "kan ikke være negative, fikk «-1 000»"),
    ("\u22121000", "kan ikke være negative"),
    (True, "fikk sannhetsverdien true"),
    (None, "fikk ingen verdi"),
    (float("inf"), "er ikke et beløp"),
    (float("nan"), "er ikke et beløp"),
    (MAX_AMOUNT + 1, "urimelig stort"),
    (10**30, "urimelig stort"),
    ("tusen kroner", "«tusen kroner» er ikke et beløp"),
    ("12 50", "er ikke et beløp"),
    ("", "er ikke et beløp"),
])
def test_amount_rejections_say_what_is_wrong(value, expected):
    message = error(Amount, value)
    assert expected in message
    assert "kroner" in message or "Beløp" in message or "beløp" in message


def test_amount_rejection_shows_how_to_write_it():
    message = error(Amount, "1 250 000,50")
    assert '"1 250 000 kr"' in message


def test_a_whole_number_written_with_a_decimal_point_is_a_whole_amount():
    assert ok(Amount, 1250000.0) == 1250000 and type(ok(Amount, 1250000.0)) is int


def test_amount_from_yaml_1e309_and_a_huge_number_are_rejected(tmp_path):
    huge = yaml_value(tmp_path, "1e309")
    assert huge == float("inf")
    assert "er ikke et beløp" in error(Amount, huge)
    digits = yaml_value(tmp_path, "1" * 40)  # too long for a number: stays text
    assert "urimelig stort" in error(Amount, digits)


def test_amount_in_a_list_or_mapping_is_rejected():
    assert "Forventet et beløp i hele kroner, fikk en liste" in error(Amount, [1, 2])


# --- Dato -----------------------------------------------------------------------------------------


def test_date_accepts_iso_dates_and_date_values():
    assert ok(Date, "2027-03-01") == dt.date(2027, 3, 1)
    assert ok(Date, dt.date(2027, 3, 1)) == dt.date(2027, 3, 1)
    assert ok(Date, dt.datetime(2027, 3, 1, 14, 30)) == dt.date(2027, 3, 1)
    assert ok(Date, "2028-02-29") == dt.date(2028, 2, 29)  # a leap day


@pytest.mark.parametrize("value", ["2027-02-30", "2027-02-29", "2027-13-01", "2027-04-31"])
def test_date_that_does_not_exist_is_rejected_clearly(value):
    assert error(Date, value) == f"«{value}» er ikke en dato som finnes."


@pytest.mark.parametrize(("value", "got"), [
    (20270301, "tallet 20270301"),
    ("01.03.2027", "teksten «01.03.2027»"),
    ("1. mars 2027", "teksten «1. mars 2027»"),
    ("2027/03/01", "teksten «2027/03/01»"),
    ("2027-03", "teksten «2027-03»"),
    (None, "ingen verdi"),
])
def test_date_must_be_iso(value, got):
    message = error(Date, value)
    assert message.startswith("Forventet en dato som ÅÅÅÅ-MM-DD (f.eks. 2027-03-01)")
    assert got in message


# --- Måned ----------------------------------------------------------------------------------------


def test_month_accepts_a_month_or_a_date():
    assert ok(MonthType, "2027-03") == Month(2027, 3)
    assert ok(MonthType, "2027-03-14") == Month(2027, 3, 14)
    assert ok(MonthType, dt.date(2027, 3, 14)) == Month(2027, 3, 14)
    assert str(Month(2027, 3)) == "2027-03"
    assert str(Month(2027, 3, 14)) == "2027-03-14"
    assert Month(2027, 3).first_day == dt.date(2027, 3, 1)
    assert Month(2027, 3, 14).first_day == dt.date(2027, 3, 14)


def test_month_that_does_not_exist_is_rejected():
    assert error(MonthType, "2027-13") == "«2027-13» er ikke en måned som finnes."
    assert error(MonthType, "2027-00") == "«2027-00» er ikke en måned som finnes."
    assert error(MonthType, "2027-02-30") == "«2027-02-30» er ikke en dato som finnes."


@pytest.mark.parametrize(("value", "got"), [("mars", "teksten «mars»"),
                                            ("mars 2027", "teksten «mars 2027»"),
                                            (202703, "tallet 202703")])
def test_month_written_otherwise_is_rejected(value, got):
    message = error(MonthType, value)
    assert message.startswith("Forventet en måned som ÅÅÅÅ-MM (f.eks. 2027-03) eller en dato")
    assert got in message


# --- Prosent --------------------------------------------------------------------------------------


def test_percent_is_exact():
    assert ok(Percent, 75) == Fraction(75)
    value = ok(Percent, 72.5)
    assert isinstance(value, Fraction)
    assert value == Fraction(145, 2)
    assert ok(Percent, 0.1) == Fraction(1, 10)  # not the binary float's 0.1000000000000000055…
    assert ok(Percent, "72,5") == Fraction(145, 2)
    assert ok(Percent, 0) == 0
    assert ok(Percent, 100) == 100


@pytest.mark.parametrize("value", [101, 100.5, -1, -0.5])
def test_percent_outside_0_to_100_is_rejected(value):
    assert error(Percent, value) == f"En prosent må være mellom 0 og 100, fikk {value}."


@pytest.mark.parametrize(("value", "got"), [(True, "sannhetsverdien true"),
                                            ("mye", "teksten «mye»"),
                                            (float("nan"), "desimaltallet nan")])
def test_percent_that_is_not_a_number_is_rejected(value, got):
    message = error(Percent, value)
    assert message.startswith("Forventet en prosent som tall (f.eks. 75)")
    assert got in message


# --- År, tall, antall -----------------------------------------------------------------------------


def test_year_accepts_a_year_as_number_or_text():
    assert ok(Year, 2027) == 2027
    assert ok(Year, "2027") == 2027


@pytest.mark.parametrize("value", [1989, 2101, 27])
def test_year_outside_the_sensible_range_is_rejected(value):
    assert error(Year, value) == f"{value} er ikke et rimelig årstall (forventet 1990–2100)."


@pytest.mark.parametrize("value", [2027.0, True, "tjuetjuesju", None])
def test_year_of_another_type_is_rejected(value):
    assert error(Year, value).startswith("Forventet et årstall (f.eks. 2027), fikk ")


def test_number_and_count():
    assert ok(Number, 12) == 12
    assert ok(Number, 12.5) == 12.5
    assert ok(Number, "12,5") == 12.5
    assert ok(Number, "-3") == -3
    assert "ikke et endelig tall" in error(Number, float("inf"))
    assert error(Number, "tolv") == "Forventet et tall, fikk teksten «tolv»."
    assert ok(Count, 4) == 4
    assert "helt tall som ikke er negativt" in error(Count, -1)
    assert "helt tall som ikke er negativt" in error(Count, 2.5)


# --- enums ----------------------------------------------------------------------------------------


def test_enums_have_the_contracts_values():
    assert {m.value for m in Malform} == {"bokmål", "nynorsk"}
    assert {s.value for s in PlanStatus} == {"utkast", "til_behandling", "vedtatt"}
    assert {p.value for p in PlpPhase} == {"forstudie", "forprosjekt", "hovedprosjekt",
                                           "ikke_plp"}
    assert {s.value for s in TiltakStatus} == {"ikke_startet", "pågår", "fullført", "forsinket",
                                               "avbrutt"}
    assert {s.value for s in SourceType} == {"fylkeskommune", "kommune", "annen_offentlig",
                                             "privat"}


def test_enum_accepts_its_values_only():
    assert ok(TiltakStatus, "pågår") is TiltakStatus.ONGOING
    with pytest.raises(ValidationError) as exc:
        ok(PlanStatus, "Utkast")  # the loader turns this into a Norwegian HP103 (test_loader)
    assert exc.value.errors()[0]["type"] == "enum"


# --- messages -------------------------------------------------------------------------------------


def test_describe_type_names_values_in_norwegian():
    assert describe_type(None) == "ingen verdi"
    assert describe_type(False) == "sannhetsverdien false"
    assert describe_type(5) == "tallet 5"
    assert describe_type(2.5) == "desimaltallet 2.5"
    assert describe_type("x") == "teksten «x»"
    assert describe_type({"a": 1}) == "en tabell (nøkkel: verdi)"
    assert describe_type([1]) == "en liste"
    long = describe_type("y" * 100)
    assert long.endswith("…»")
    assert len(long) < 60


# --- the runtime types and the JSON Schema agree on the edges ------------------------------------


@pytest.mark.parametrize(("tp", "value"), [
    (Id, "Café-1"),  # letters beyond æøå are not in the contract's Id
    (Amount, "٣٠٠"),  # Arabic-Indic digits are not kroner
    (Date, "2027-3-1"),  # ISO dates have two-digit months and days
    (MonthType, "2027-3"),
])
def test_values_outside_the_contract_are_rejected(tp, value):
    assert error(tp, value)


def test_schema_patterns_match_the_runtime_types():
    import re

    from handlingsplan.schema.jsonschema import schema_for

    defs = schema_for("5-kommunikasjonsplan")["$defs"]["Activity"]["properties"]
    month = next(s for s in defs["tidspunkt"]["anyOf"] if s.get("type") == "string")["pattern"]
    assert re.fullmatch(month, "2027-03") and re.fullmatch(month, "2027-03-14")
    assert not re.fullmatch(month, "2027-13") and not re.fullmatch(month, "2027-3")
    conditions = schema_for("omstillingsplan")["$defs"]["Conditions"]["properties"]
    percent = conditions["fylkeskommune_maks_prosent"]["anyOf"]
    text = next(s for s in percent if s.get("type") == "string")["pattern"]
    assert re.fullmatch(text, "75 %") and ok(Percent, "75 %") == 75
