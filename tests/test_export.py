"""`hp export`: the plan year as an Excel workbook (opened again with openpyxl) and as CSV."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from helpers import EXAMPLE, NYNORSK_EXAMPLE, edit
from typer.testing import CliRunner

from handlingsplan.cli import app
from handlingsplan.exchange.xlsx import DATE, KRONER
from handlingsplan.loader.programme import load

BOM = b"\xef\xbb\xbf"


pytestmark = pytest.mark.usefixtures("plain")


def hp(*args: str | Path):
    return CliRunner().invoke(app, [str(a) for a in args])


def exported(root: Path, year: int = 2026, *extra: str | Path) -> openpyxl.Workbook:
    out = root / "ut" / f"handlingsplan-{year}.xlsx"
    result = hp("export", root, "--year", year, *extra)
    assert result.exit_code == 0, result.output
    assert out.is_file()
    return openpyxl.load_workbook(out)


def rows(ws) -> list[list]:
    """The data rows of a sheet: below the title and header rows, above the sum row."""
    return [list(r) for r in ws.iter_rows(min_row=3, max_row=ws.max_row - 1, values_only=True)]


def header(ws) -> list[str]:
    return [c.value for c in ws[2]]


def column(ws, name: str) -> list:
    index = header(ws).index(name)
    return [r[index] for r in rows(ws)]


def total(ws, name: str):
    return ws.cell(ws.max_row, header(ws).index(name) + 1).value


# --- the workbook ------------------------------------------------------------------------------


def test_the_workbook_has_four_sheets_with_title_header_filter_and_frozen_panes(
        copy_programme):
    root = copy_programme()
    wb = exported(root)
    assert wb.sheetnames == ["Tiltak", "Budsjett", "Tilsagn", "Oppfølging"]
    for ws in wb:
        title = ws["A1"].value
        assert "Omstillingsprogrammet i Straumsvik" in title and "2026" in title
        assert ws["A1"].font.bold
        assert all(c.font.bold for c in ws[2])
        assert ws.freeze_panes == "A3"
        last_column = openpyxl.utils.get_column_letter(ws.max_column)
        assert ws.auto_filter.ref == f"A2:{last_column}{ws.max_row - 1}"  # not the sum row
        assert ws.cell(ws.max_row, 1).value == "Sum"
        for letter, dim in ws.column_dimensions.items():
            assert 8 <= dim.width <= 50, (ws.title, letter)
    assert wb.properties.language == "nb-NO"


def test_printed_each_sheet_is_one_page_wide_with_its_header_on_every_page(copy_programme):
    wb = exported(copy_programme())
    for ws in wb:
        assert ws.page_setup.orientation == "landscape"
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.print_title_rows == "$2:$2"


def test_rows_with_wrapped_text_are_high_enough_and_others_keep_their_height(copy_programme):
    ws = exported(copy_programme())["Budsjett"]
    long_header = max(header(ws)[1:], key=len)  # «Omstillingsmidler fra Nordkysten …»
    assert len(long_header) > ws.column_dimensions["B"].width
    assert ws.row_dimensions[2].height >= 30  # two lines or more
    assert all(c.alignment.wrap_text for c in ws[2])
    one_line = [r for r in range(3, ws.max_row + 1)
                if len(str(ws.cell(r, 1).value)) < ws.column_dimensions["A"].width - 2]
    assert one_line and all(ws.row_dimensions[r].height is None for r in one_line)


def test_a_very_long_text_gets_no_higher_row_than_excel_accepts(copy_programme):
    root = copy_programme()
    edit(root / "2026" / "3-strategier-og-tiltak.yaml", "navn: ", "navn: " + "lang tekst " * 600,
         count=1)
    ws = exported(root)["Tiltak"]
    assert max(d.height or 0 for d in ws.row_dimensions.values()) == 409


def test_amounts_are_numbers_in_kroner_and_dates_are_dates(copy_programme):
    root = copy_programme()
    wb = exported(root)
    ws = wb["Tiltak"]
    assert header(ws)[:9] == ["Id", "Navn", "Innsatsområde", "PLP-fase", "Prosjekteier",
                              "Prosjektnummer", "Start", "Slutt", "Budsjett"]
    first = ws[3]
    budget = first[header(ws).index("Budsjett")]
    assert type(budget.value) is int and budget.value == 450000
    assert budget.number_format == KRONER
    start = first[header(ws).index("Start")]
    assert isinstance(start.value, dt.datetime) and start.value.date() == dt.date(2025, 3, 1)
    assert start.number_format == DATE
    for ws in wb:
        for row in ws.iter_rows(min_row=3):
            for cell in row:
                assert not isinstance(cell.value, float), (ws.title, cell.coordinate)
                if isinstance(cell.value, int):
                    assert cell.number_format in (KRONER, "0"), (ws.title, cell.coordinate)
                if isinstance(cell.value, str):
                    assert not cell.value.replace(" ", "").isdigit() or \
                        header(ws)[cell.column - 1] in ("Organisasjonsnummer", "Prosjektnummer")


def test_the_sums_are_the_plans(copy_programme):
    root = copy_programme()
    wb = exported(root)
    programme = load(root)
    y = programme.years[2026]
    budget = wb["Budsjett"]
    assert header(budget) == ["Post", "Omstillingsmidler fra Nordkysten fylkeskommune",
                              "Egenandel Straumsvik kommune",
                              "Gavemidler fra Sparebankstiftelsen Nordkysten", "Sum"]
    assert total(budget, "Sum") == y.s4.costs.total == 4_350_000
    assert sum(column(budget, "Sum")) == y.s4.costs.total
    assert total(budget, "Egenandel Straumsvik kommune") == y.s4.financing["kommunen"]
    for row in rows(budget):  # every post adds up across the sources
        assert sum(row[1:-1]) == row[-1]
    assert column(budget, "Post")[:2] == ["Administrasjon", "Kommunikasjon"]

    tiltak = wb["Tiltak"]
    assert column(tiltak, "Id") == [t.id for t in y.s3.tiltak]
    assert total(tiltak, "Budsjett") == sum(t.budget for t in y.s3.tiltak)
    grants = wb["Tilsagn"]
    assert column(grants, "Id") == ["T-2026-01", "T-2026-02", "T-2026-03"]
    assert total(grants, "Innvilget") == 990_000 == total(tiltak, "Innvilget")
    assert column(grants, "Trukket tilbake") == [10000, 0, 0]
    assert column(grants, "Utbetalt") == [440000, 290000, 250000]
    assert total(grants, "Utbetalt") == total(tiltak, "Utbetalt")
    assert column(grants, "Organisasjonsnummer")[0] == "887 789 320"
    assert column(grants, "Støtteform") == ["Ikke statsstøtte", "Bagatellstøtte",
                                            "Ikke statsstøtte"]
    assert column(grants, "Vedtaksdato")[0] == dt.datetime(2026, 1, 20)
    assert column(grants, "Frist")[2] == dt.datetime(2027, 3, 31)

    follow = wb["Oppfølging"]
    assert "31. oktober 2026" in follow["A1"].value
    assert column(follow, "Id") == list(y.followup.tiltak)
    assert column(follow, "Forbruk") == [f.spent for f in y.followup.tiltak.values()]
    assert column(follow, "Status")[:3] == ["Fullført", "Fullført", "Forsinket"]
    assert column(follow, "Arbeidsplasser")[0] == 4
    # a pool spends what its grants paid out (as hp status); others what the follow-up says
    spent = dict(zip(column(tiltak, "Id"), column(tiltak, "Brukt"), strict=True))
    assert spent["REI-02"] == 250000 and spent["HAV-04"] == 310000


def test_a_year_without_grants_or_follow_up_has_empty_sheets(copy_programme):
    root = copy_programme(NYNORSK_EXAMPLE)
    wb = exported(root, 2027)
    assert wb.sheetnames == ["Tiltak", "Budsjett", "Tilsegn", "Oppfølging"]
    assert wb["Tilsegn"].max_row == 3 and wb["Tilsegn"]["A3"].value == "Sum"
    assert wb["Oppfølging"].max_row == 2  # title and header; no sum of nothing
    assert "inga oppfølging er registrert enno" in wb["Oppfølging"]["A1"].value


def test_nynorsk_sheet_and_column_names(copy_programme):
    root = copy_programme(NYNORSK_EXAMPLE)
    wb = exported(root, 2026)
    assert wb.sheetnames == ["Tiltak", "Budsjett", "Tilsegn", "Oppfølging"]
    assert header(wb["Tiltak"])[:5] == ["Id", "Namn", "Innsatsområde", "PLP-fase",
                                        "Prosjekteigar"]
    assert "Arbeidsplassar" in header(wb["Oppfølging"])
    assert "finansieringskjelde" in wb["Budsjett"]["A1"].value
    assert wb.properties.language == "nn-NO"
    statuses = set(column(wb["Oppfølging"], "Status"))
    assert statuses <= {"Ikkje starta", "Pågår", "Fullført", "Forseinka", "Avbrote"}


def test_two_exports_with_the_same_epoch_are_byte_identical(copy_programme, monkeypatch,
                                                            tmp_path):
    root = copy_programme()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert hp("export", root, "-o", first).exit_code == 0
    os.utime(root / "2027" / "tilsagn.yaml")  # nothing of the file system leaks in
    assert hp("export", root, "-o", second).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    when = dt.datetime.fromtimestamp(1800000000, dt.UTC).replace(tzinfo=None)
    wb = openpyxl.load_workbook(first)
    assert wb.properties.created == wb.properties.modified == when
    import zipfile

    with zipfile.ZipFile(first) as z:
        assert {i.date_time for i in z.infolist()} == {when.timetuple()[:6]}


def test_without_an_epoch_the_date_comes_from_the_plan(copy_programme, tmp_path):
    root = copy_programme()
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert hp("export", root, "-y", 2026, "-o", first).exit_code == 0
    assert hp("export", root, "-y", 2026, "-o", second).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    assert openpyxl.load_workbook(first).properties.created.year in (2025, 2026)


def test_text_from_the_plan_is_never_a_formula(copy_programme):
    root = copy_programme()
    edit(root / "2026" / "tilsagn.yaml",
         "formål: Drift av Leverandørnettverk Straumsvik, andre og siste år",
         'formål: "=HYPERLINK(1)"')
    wb = exported(root)
    cell = wb["Tilsagn"]["E3"]
    assert cell.data_type == "s" and cell.value == "=HYPERLINK(1)"


def test_characters_xml_cannot_hold_do_not_crash_the_writer(tmp_path):
    import io

    from handlingsplan.exchange import tables, xlsx

    table = tables.Table("t", "Ark", "Tittel\x07", [tables.Column("Id")])
    table.add(["a\x00b"])
    data = xlsx.write([table], xlsx.Meta("T", "S", "hp", "nb-NO", dt.datetime(2027, 1, 1)))
    ws = openpyxl.load_workbook(io.BytesIO(data))["Ark"]
    assert ws["A1"].value == "Tittel\ufffd" and ws["A3"].value == "a\ufffdb"


# --- errors, targets and the guarded write -----------------------------------------------------


def test_a_plan_with_errors_is_not_exported_unless_forced(copy_programme):
    root = copy_programme()
    edit(root / "2026" / "4-ressursinnsats-og-finansiering.yaml", "administrasjon: 1050000",
         "administrasjon: 1060000")
    result = hp("export", root, "-y", 2026)
    assert result.exit_code == 1
    assert "HP301" in result.output and "--force" in result.output
    assert not (root / "ut").exists()

    result = hp("export", root, "-y", 2026, "--force")
    assert result.exit_code == 0, result.output
    assert "UTKAST MED FEIL" in result.output
    wb = openpyxl.load_workbook(root / "ut" / "handlingsplan-2026.xlsx")
    assert all("UTKAST MED FEIL" in ws["A1"].value for ws in wb)
    budget = wb["Budsjett"]  # the financing does not add up: the posts alone
    assert header(budget) == ["Post", "Sum"]
    assert total(budget, "Sum") == 4_360_000


def test_never_writes_over_an_input_file(copy_programme):
    root = copy_programme()
    target = root / "2026" / "tilsagn.yaml"
    before = target.read_bytes()
    result = hp("export", root, "-y", 2026, "--out", target)
    assert result.exit_code == 2
    assert "hp skriver aldri over dem" in result.output
    assert target.read_bytes() == before
    result = hp("export", root, "-y", 2026, "--what", "tilsagn", "--out",
                root / "omstillingsplan.yaml")
    assert result.exit_code == 2


def test_writes_atomically_and_replaces_an_old_export(copy_programme, tmp_path):
    root = copy_programme()
    target = tmp_path / "eksport.xlsx"
    target.write_bytes(b"old")
    assert hp("export", root, "-o", target).exit_code == 0
    assert target.read_bytes()[:2] == b"PK"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    target.chmod(0o444)
    result = hp("export", root, "-o", target)
    assert result.exit_code == 2 and "skrivebeskyttet" in result.output


def test_bad_arguments_exit_2_with_a_norwegian_message(copy_programme, tmp_path):
    root = copy_programme()
    cases = [
        (["--format", "csv"], "--what tilsagn"),
        (["--format", "xlsx", "--what", "tiltak"], "--what gjelder bare CSV"),
        (["--out", "-"], "Bare CSV"),
        (["--year", "2031"], "ingen handlingsplan for 2031"),
        (["--out", tmp_path / "finnes-ikke" / "x.xlsx"], "finnes ikke"),
    ]
    for args, message in cases:
        result = hp("export", root, *args)
        assert result.exit_code == 2, args
        assert message in result.output, (args, result.output)
        assert "Traceback" not in result.output
    result = hp("export", tmp_path / "tom")
    assert result.exit_code == 2


def test_help_is_norwegian_with_examples():
    result = hp("export", "--help")
    assert result.exit_code == 0
    assert "Excel-arbeidsbok" in result.output
    assert "hp export --format csv --what tilsagn" in result.output
    assert "export" in hp("--help").output


def test_validate_does_not_import_openpyxl():
    code = ("import sys; from typer.testing import CliRunner; from handlingsplan.cli import app; "
            f"r = CliRunner().invoke(app, ['validate', {str(EXAMPLE)!r}]); "
            "print(r.exit_code, 'openpyxl' in sys.modules, 'handlingsplan.exchange' in "
            "sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == ["0", "False", "False"]


# --- CSV ---------------------------------------------------------------------------------------


def test_grants_as_csv_for_a_register(copy_programme):
    root = copy_programme()
    result = hp("export", root, "-y", 2026, "--format", "csv", "--what", "tilsagn")
    assert result.exit_code == 0, result.output
    data = (root / "ut" / "tilsagn-2026.csv").read_bytes()
    assert data.startswith(BOM)
    lines = data[len(BOM):].decode("utf-8").split("\r\n")
    assert lines[-1] == ""  # every line ends in CRLF
    lines = lines[:-1]
    assert len(lines) == 1 + 3  # one header row and one row per grant, nothing else
    head = lines[0].split(";")
    assert head[:4] == ["Id", "Tiltak", "Mottaker", "Organisasjonsnummer"]
    first = dict(zip(head, lines[1].split(";"), strict=True))
    assert first["Id"] == "T-2026-01"
    assert first["Innvilget"] == "450000"  # a number Excel reads, no thousands separator
    assert first["Trukket tilbake"] == "10000"
    assert first["Vedtaksdato"] == "20.01.2026"
    assert first["Organisasjonsnummer"] == "887 789 320"
    assert "Sum" not in data.decode("utf-8-sig")


def test_tiltak_as_csv_on_standard_output_and_by_suffix(copy_programme, tmp_path):
    root = copy_programme(NYNORSK_EXAMPLE)
    result = hp("export", root, "-y", 2026, "--what", "tiltak", "-o", "-")
    assert result.exit_code == 0, result.output
    lines = result.output.lstrip("\ufeff").splitlines()
    programme = load(root)
    assert len(lines) == 1 + len(programme.years[2026].s3.tiltak)
    assert lines[0].startswith("Id;Namn;Innsatsområde;")

    target = tmp_path / "tiltak.csv"
    result = hp("export", root, "-y", 2026, "--what", "tiltak", "-o", target)
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(BOM + b"Id;Namn;")


def test_csv_fields_are_quoted_and_never_formulas(copy_programme):
    root = copy_programme()
    edit(root / "2026" / "tilsagn.yaml", "formål: Drift av Leverandørnettverk Straumsvik, "
         "andre og siste år", 'formål: "=1+1; Drift av Leverandørnettverk Straumsvik, andre '
         'og siste år"')
    assert hp("export", root, "-y", 2026, "-w", "tilsagn").exit_code == 0
    text = (root / "ut" / "tilsagn-2026.csv").read_text(encoding="utf-8-sig")
    assert "\"'=1+1; Drift av Leverandørnettverk Straumsvik, andre og siste år\"" in text


def test_decimals_get_a_comma():
    from decimal import Decimal

    from handlingsplan.exchange.delimited import field

    assert field(Decimal("1234.5")) == "1234,5"
    assert field(1250000) == "1250000"
    assert field(dt.date(2027, 1, 20)) == "20.01.2027"
    assert field(None) == ""


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=cmd|' /C calc'!A0",
                                  "\r=HYPERLINK(\"http://x\")", "\n=2+2", "  =1+1", "\tvanlig"])
def test_no_csv_field_excel_could_compute(text):
    from handlingsplan.exchange.delimited import field

    assert field(text) == "'" + text


def test_ordinary_text_is_left_as_it_is():
    from handlingsplan.exchange.delimited import field

    assert field("Drift av nettverket - andre år") == "Drift av nettverket - andre år"
