"""Reading an accounting export (exchange/accounts.py), the first part of `hp import
regnskap`: real CSV bytes in both encodings, as Norwegian systems and Excel write them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from handlingsplan.exchange.accounts import (
    CP1252,
    UTF8,
    AccountsProblem,
    parse_amount,
    parse_date,
    read_csv,
    sums,
)

REPORT = """Straumsvik kommune
Prosjektrapport per 30.06.2027

Bilagsdato;Prosjekt;Tekst;Beløp
20.01.2027;6120;Konsulent, forstudie;12 500,00
2027-02-03;6120;Reise;(1 200,50)
15.03.2027;6121;Leie av lokale;kr 8 000
01.07.2027;6121;Etter perioden;1000
;;;
28.02.2027;9999;Ukjent prosjekt;−300,25
Sum;;;18 999,25
"""


def read(text: str, encoding: str = "utf-8", date: str | None = "Bilagsdato"):
    return read_csv(text.encode(encoding), "regnskap.csv", "Prosjekt", "Beløp", date)


@pytest.mark.parametrize(("encoding", "name", "bom"), [("utf-8", UTF8, b""),
                                                       ("utf-8", UTF8, b"\xef\xbb\xbf"),
                                                       ("cp1252", CP1252, b"")])
def test_a_report_with_title_lines_blank_rows_and_a_sum_row(encoding, name, bom):
    export = read_csv(bom + REPORT.replace("−", "-").encode(encoding), "regnskap.csv",
                      "Prosjekt", "Beløp", "Bilagsdato")
    assert export.encoding == name
    assert export.header_row == 4
    assert [p.row for p in export.postings] == [5, 6, 7, 8, 10]
    assert export.skipped_sum_rows == [11]
    assert [p.amount for p in export.postings] == [Decimal("12500.00"), Decimal("-1200.50"),
                                                   Decimal(8000), Decimal(1000),
                                                   Decimal("-300.25")]
    assert export.postings[1].date == dt.date(2027, 2, 3)
    assert sums(export.postings, per=dt.date(2027, 6, 30)) == {"6120": 11300, "6121": 8000,
                                                               "9999": -300}
    assert sums(export.postings)["6121"] == 9000


def test_amounts_are_rounded_only_after_summing():
    text = "Prosjekt;Beløp\n6120;0,4\n6120;0,4\n6120;0,2\n"
    assert sums(read(text, date=None).postings) == {"6120": 1}


@pytest.mark.parametrize(("text", "value"), [
    ("12.500,00", "12500.00"), ("1 234,50", "1234.50"), ("-1234,5", "-1234.5"),
    ("\u22121\u00a0200", "-1200"), ("(1 200,00)", "-1200.00"), ("kr 1 200", "1200"),
    ("1 200 kr", "1200"), ("1.234.567", "1234567"), ("1234.50", "1234.50"), ("", "0"),
])
def test_norwegian_amounts(text, value):
    assert parse_amount(text, "rad 2") == Decimal(value)


@pytest.mark.parametrize("text", ["12.500", "1,234.50", "12,5,0", "tolv", "1 2x", "--5"])
def test_amounts_that_cannot_be_read_or_could_be_read_two_ways_are_refused(text):
    with pytest.raises(AccountsProblem) as exc:
        parse_amount(text, "«r.csv» rad 7, kolonne «Beløp»")
    assert exc.value.message.startswith("«r.csv» rad 7, kolonne «Beløp»: «")


def test_dates_norwegian_and_iso_and_none_that_do_not_exist():
    assert parse_date("20.01.2027", "x") == dt.date(2027, 1, 20)
    assert parse_date("2027-01-20", "x") == dt.date(2027, 1, 20)
    with pytest.raises(AccountsProblem) as exc:
        read("Bilagsdato;Prosjekt;Beløp\n01.01.2027;1;1\n31.02.2027;1;1\n")
    assert "rad 3, kolonne «Bilagsdato»: «31.02.2027» er ikke en dato som finnes" in \
        exc.value.message


def test_a_bad_amount_names_its_row_and_column():
    with pytest.raises(AccountsProblem) as exc:
        read("Prosjekt;Beløp\n6120;1\n6120;12,5,0\n", date=None)
    assert exc.value.message.startswith("«regnskap.csv» rad 3, kolonne «Beløp»: «12,5,0»")


def test_a_missing_column_is_named():
    with pytest.raises(AccountsProblem) as exc:
        read("Prosjekt;Belop\n6120;1\n", date=None)
    assert "ingen kolonne «Beløp»" in exc.value.message and "[regnskap]" in exc.value.hint


def test_commas_between_fields_are_refused_by_name():
    with pytest.raises(AccountsProblem, match="har komma mellom feltene"):
        read('Prosjekt,Beløp\n6120,"1 200,00"\n', date=None)


@pytest.mark.parametrize(("data", "message"), [
    (b"", "er tom"), (b"  \r\n", "er tom"), (b"PK\x03\x04rest", "er en Excel-fil"),
    (b"\x00\x01\x02", "ikke en tekstfil"),
])
def test_empty_and_foreign_files_are_refused(data, message):
    with pytest.raises(AccountsProblem, match=message):
        read_csv(data, "r.csv", "Prosjekt", "Beløp")


def test_a_word_that_starts_with_sum_is_not_a_sum_row():
    export = read("Tekst;Prosjekt;Beløp\nSummerkurs;6130;500\nSum;;500\n", date=None)
    assert [p.project for p in export.postings] == ["6130"]
    assert export.skipped_sum_rows == [3]


# -- hostile input: read right, or refused at the row and column

SEPARATORS = ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e"]


@pytest.mark.parametrize("separator", SEPARATORS)
def test_unicode_line_separators_inside_a_field_do_not_split_the_row(separator):
    text = f"Prosjekt;Tekst;Beløp\n6110;Faktura{separator}nr 5;250 000,00\n6111;x;tolv\n"
    with pytest.raises(AccountsProblem) as exc:
        read(text, date=None)
    assert exc.value.message.startswith("«regnskap.csv» rad 3, kolonne «Beløp»: «tolv»")
    export = read(text.replace("tolv", "1"), date=None)
    assert [(p.row, p.project, p.amount) for p in export.postings] == [
        (2, "6110", Decimal("250000.00")), (3, "6111", Decimal(1))]


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_a_quoted_field_over_several_lines_keeps_the_row_numbers(end):
    text = f'Prosjekt;Tekst;Beløp{end}6110;"Faktura{end}nr 5";100{end}6111;x;tolv{end}'
    with pytest.raises(AccountsProblem) as exc:
        read(text, date=None)
    assert exc.value.message.startswith("«regnskap.csv» rad 4, kolonne «Beløp»: «tolv»")


@pytest.mark.parametrize("amount", [
    "1000000000000000000000000000000", "1.234.567.890.123.456.789.012.345.678.901",
    "99999999999999999999999999,5", "1 000 000 000 000", "-1 000 000 000 000",
    "9" * 5000,
])
def test_an_unreasonably_large_amount_is_refused_at_its_cell(amount):
    with pytest.raises(AccountsProblem) as exc:
        read(f"Prosjekt;Beløp\n6110;1\n6110;{amount}\n", date=None)
    assert exc.value.message.startswith("«regnskap.csv» rad 3, kolonne «Beløp»: beløpet «")
    assert "urimelig stort" in exc.value.message
    assert len(exc.value.message) < 200
    assert read("Prosjekt;Beløp\n6110;999 999 999 999\n", date=None).postings[0].amount == \
        999_999_999_999


def test_an_unclosed_quote_is_named_at_its_row():
    text = 'Prosjekt;Tekst;Beløp\n6110;x;1\n6110;"åpen;' + "x" * 200_000 + "\n6110;x;5\n"
    with pytest.raises(AccountsProblem) as exc:
        read(text, date=None)
    assert exc.value.message.startswith("«regnskap.csv» rad 3: et felt er lengre enn 128 KB")
    assert "anførselstegn" in exc.value.message


def test_a_short_quoted_field_that_never_ends_is_named_at_its_row():
    """Not the rest of the file read silently as one field (and its amounts lost)."""
    text = 'Prosjekt;Tekst;Beløp\n6110;x;1\n6110;"åpen;2\n6110;x;5\n6111;y;7\n'
    with pytest.raises(AccountsProblem) as exc:
        read(text, date=None)
    assert exc.value.message.startswith("«regnskap.csv» rad 3: et felt som begynner med et "
                                        "anførselstegn")


def test_text_after_a_closing_quote_is_named_at_its_row():
    with pytest.raises(AccountsProblem) as exc:
        read('Prosjekt;Tekst;Beløp\n6110;"x"y;1\n', date=None)
    assert exc.value.message.startswith("«regnskap.csv» rad 2: raden kan ikke leses som CSV")


def test_a_header_naming_a_column_twice_is_refused():
    with pytest.raises(AccountsProblem) as exc:
        read("Tittel\nProsjekt;Beløp;beløp \n6110;1;2\n", date=None)
    assert exc.value.message == ("«regnskap.csv» rad 2: kolonnen «Beløp» står to ganger i "
                                 "overskriftsraden, så hp vet ikke hvilken som gjelder.")
    export = read("Prosjekt;Beløp;Tekst;Tekst\n6110;1;a;b\n", date=None)  # not a wanted one
    assert export.postings[0].amount == 1
