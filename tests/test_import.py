"""`hp import regnskap`: real accounting exports (CSV in both encodings, XLSX) imported through
the command line into a copy of the example, and the resulting oppfolging.yaml read back."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from helpers import edit
from ruamel.yaml import YAML
from typer.testing import CliRunner

from handlingsplan.cli import app

REPORT = """Straumsvik kommune
Prosjektrapport 2026

Bilagsdato;Prosjekt;Tekst;Beløp
20.01.2026;6110;Konsulent, nettverk;12 500,50
2026-02-03;6110;Reise;(500,00)
15.03.2026;6130;Leie av rorbu;kr 8 000
28.02.2026;9999;Ukjent prosjekt;1 000
01.03.2026;;Uten prosjekt;200
01.12.2026;6130;Etter datoen;5 000
Sum;;;26 200,50
"""
NUMBERS_2026 = {"HAV-02": "6110", "HAV-03": "6111", "HAV-04": "6120", "REI-02": "6129",
                "REI-03": "6130", "GRU-02": "6138", "GRU-03": "6139"}  # GRU-04 has none


@pytest.fixture(autouse=True)
def _plain(monkeypatch):
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")


def hp(*args: str | Path):
    return CliRunner().invoke(app, [str(a) for a in args])


def numbered(root: Path, numbers: dict[str, str], year: int = 2026) -> None:
    """Give the tiltak of a year their prosjektnummer (the example's 2026 may have none)."""
    path = root / str(year) / "3-strategier-og-tiltak.yaml"
    for tid, number in numbers.items():
        if f'prosjektnummer: "{number}"' in path.read_text(encoding="utf-8"):
            continue
        edit(path, f"  - id: {tid}\n", f'  - id: {tid}\n    prosjektnummer: "{number}"\n')


def followup(root: Path, year: int = 2026) -> dict:
    return YAML(typ="safe").load((root / str(year) / "oppfolging.yaml").read_text("utf-8"))


@pytest.fixture
def programme(copy_programme) -> Path:
    root = copy_programme()
    text = (root / "2026" / "3-strategier-og-tiltak.yaml").read_text("utf-8")
    if "prosjektnummer" in text:  # the example has them: take GRU-04's away
        edit(root / "2026" / "3-strategier-og-tiltak.yaml", '    prosjektnummer: "6140"\n', "")
    numbered(root, NUMBERS_2026)
    (root / "hp.toml").unlink(missing_ok=True)  # no date column unless a test says so
    return root


def dated(root: Path) -> None:
    """Use the posting date: hp.toml names the column (FORMAT.md §7.3)."""
    (root / "hp.toml").write_text('[regnskap]\ndato = "Bilagsdato"\n', encoding="utf-8")


def write_csv(folder: Path, text: str = REPORT, encoding: str = "utf-8",
              name: str = "regnskap.csv") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_an_export_updates_the_follow_up(programme, tmp_path, encoding):
    before = followup(programme)
    dated(programme)
    csv = write_csv(tmp_path, encoding=encoding)
    result = hp("import", "regnskap", csv, programme, "--year", "2026", "--per", "2026-11-30")
    assert result.exit_code == 0, result.output
    after = followup(programme)
    assert after["per"] == dt.date(2026, 11, 30)
    assert after["tiltak"]["HAV-02"]["forbruk"] == 12001  # 12 500,50 − 500,00, rounded last
    assert after["tiltak"]["REI-03"]["forbruk"] == 8000  # the row after --per is left out
    for tid in ("HAV-03", "HAV-04", "GRU-04"):  # no rows, or no number: unchanged
        assert after["tiltak"][tid] == before["tiltak"][tid]
    assert list(after["tiltak"]) == list(before["tiltak"])
    out = result.output
    assert "Windows-1252" in out if encoding == "cp1252" else "UTF-8" in out
    assert "«9999» (1 rad, 1\u00a0000\u00a0kr) hører ikke til noe tiltak" in out
    assert "1 rad uten prosjektnummer (200\u00a0kr)" in out
    assert "Uten prosjektnummer (forbruket er ikke endret): GRU-04" in out
    assert "sumrad 11 telles ikke" in out
    assert "1 bilag etter 30. november 2026 er ikke tatt med" in out
    assert hp("validate", programme).exit_code == 0


def test_the_table_shows_old_new_and_the_difference(programme, tmp_path):
    dated(programme)
    result = hp("import", "regnskap", write_csv(tmp_path), programme, "-y", "2026", "--per",
                "30.11.2026")
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if "HAV-02" in x)
    cells = [c.strip() for c in line.replace("│", "|").split("|")]
    assert cells[1:] == ["Leverandørnettverk Straumsvik", "6110", "440\u00a0000\u00a0kr",
                         "12\u00a0001\u00a0kr", "−427\u00a0999\u00a0kr"]


def test_comments_order_and_layout_survive(programme, tmp_path):
    path = programme / "2026" / "oppfolging.yaml"
    edit(path, "  HAV-02:\n    status: fullført\n",
         "  # the network is run by the firms now\n  HAV-02:\n    status: fullført  # done\n")
    edit(path, "    forbruk: 330000\n", "    forbruk: \"330 000 kr\"  # from the June report\n")
    old = path.read_text("utf-8")
    dated(programme)
    result = hp("import", "regnskap", write_csv(tmp_path), programme, "-y", "2026", "--per",
                "2026-11-30")
    assert result.exit_code == 0, result.output
    new = path.read_text("utf-8")
    assert new.startswith("# Status etter oktober")
    assert "  # the network is run by the firms now\n  HAV-02:\n    status: fullført  # done\n" \
        "    forbruk: 12001\n" in new
    assert re.search(r'\n    forbruk: "8 000 kr" +# from the June report\n', new)  # as written
    changed = {i for i, (a, b) in enumerate(zip(old.splitlines(), new.splitlines(),
                                                strict=True)) if a != b}
    lines = new.splitlines()
    assert {lines[i].split(":")[0].strip() for i in changed} == {"per", "forbruk"}


def test_dry_run_writes_nothing(programme, tmp_path):
    path = programme / "2026" / "oppfolging.yaml"
    old = path.read_bytes()
    result = hp("import", "regnskap", write_csv(tmp_path), programme, "-y", "2026",
                "--dry-run")
    assert result.exit_code == 0, result.output
    assert "HAV-02" in result.output and "Ingenting er skrevet (--dry-run)." in result.output
    assert path.read_bytes() == old


def test_a_missing_follow_up_is_created_with_every_tiltak(copy_programme, tmp_path):
    root = copy_programme()
    assert not (root / "2027" / "oppfolging.yaml").exists()
    csv = write_csv(tmp_path, "Bilagsdato;Prosjekt;Beløp\n01.02.2027;6120;100 000,49\n"
                    "02.02.2027;6120;0,02\n03.03.2027;6141;5 000\n04.04.2027;6141;1\n")
    result = hp("import", "regnskap", csv, root, "--year", "2027", "--per", "2027-03-31")
    assert result.exit_code == 0, result.output
    data = followup(root, 2027)
    assert data["per"] == dt.date(2027, 3, 31)
    assert list(data["tiltak"]) == ["HAV-04", "HAV-05", "HAV-06", "REI-03", "REI-04", "GRU-04",
                                    "GRU-05"]
    assert data["tiltak"]["HAV-04"] == {"status": "pågår", "forbruk": 100001}
    assert data["tiltak"]["GRU-05"] == {"status": "pågår", "forbruk": 5000}
    assert data["tiltak"]["REI-04"] == {"status": "ikke_startet", "forbruk": 0}
    assert "er laget" in result.output
    assert hp("validate", root).exit_code == 0


def test_a_tiltak_missing_from_the_follow_up_is_added(programme, tmp_path):
    path = programme / "2026" / "oppfolging.yaml"
    text = path.read_text("utf-8")
    start = text.index("  REI-03:\n")
    end = text.index("  GRU-02:\n")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    edit(path, "    forbruk: 190000\n", "")  # REI-02 without forbruk: put after status
    csv = write_csv(tmp_path, "Prosjekt;Beløp\n6130;7 000\n6129;1 000\n")
    result = hp("import", "regnskap", csv, programme, "-y", "2026")
    assert result.exit_code == 0, result.output
    data = followup(programme)
    assert data["tiltak"]["REI-03"] == {"status": "pågår", "forbruk": 7000}
    assert list(data["tiltak"]["REI-02"])[:2] == ["status", "forbruk"]
    assert data["tiltak"]["REI-02"]["forbruk"] == 1000
    assert hp("validate", programme).exit_code == 0


def test_per_defaults_to_today(programme, tmp_path):
    result = hp("import", "regnskap", write_csv(tmp_path, "Prosjekt;Beløp\n6110;1\n"),
                programme, "-y", "2026")
    assert result.exit_code == 0, result.output
    assert followup(programme)["per"] == dt.date.today()


def test_dates_are_used_only_when_configured(programme, tmp_path):
    (programme / "hp.toml").write_text('[regnskap]\nprosjekt = "Prosjekt"\nbelop = "Beløp"\n'
                                       'dato = "Bilagsdato"\n', encoding="utf-8")
    csv = write_csv(tmp_path)
    assert hp("import", "regnskap", csv, programme, "-y", "2026", "--per",
              "2026-01-31").exit_code == 0
    assert followup(programme)["tiltak"]["HAV-02"]["forbruk"] == 12501
    assert followup(programme)["tiltak"]["REI-03"]["forbruk"] == 330000  # no rows by then


def test_without_a_date_column_every_row_counts(programme, tmp_path):
    csv = write_csv(tmp_path)
    assert hp("import", "regnskap", csv, programme, "-y", "2026").exit_code == 0
    assert followup(programme)["tiltak"]["REI-03"]["forbruk"] == 13000


def test_amounts_are_rounded_only_after_summing(programme, tmp_path):
    csv = write_csv(tmp_path, "Prosjekt;Beløp\n" + "6110;0,4\n" * 2 + "6110;0,2\n"
                    + "6111;0,5\n" + "6129;1 000,49\n" * 3)
    assert hp("import", "regnskap", csv, programme, "-y", "2026").exit_code == 0
    data = followup(programme)["tiltak"]
    assert (data["HAV-02"]["forbruk"], data["HAV-03"]["forbruk"]) == (1, 1)
    assert data["REI-02"]["forbruk"] == 3001  # 3 001,47, not 3 × 1 000


def test_a_number_shared_by_two_tiltak_and_a_negative_sum_are_left_out(programme, tmp_path):
    edit(programme / "2026" / "3-strategier-og-tiltak.yaml", 'prosjektnummer: "6111"',
         'prosjektnummer: "6110"')
    before = followup(programme)["tiltak"]
    csv = write_csv(tmp_path, "Prosjekt;Beløp\n6110;1 000\n6129;-500\n6138;200\n")
    result = hp("import", "regnskap", csv, programme, "-y", "2026")
    assert result.exit_code == 0, result.output
    after = followup(programme)["tiltak"]
    assert after["HAV-02"] == before["HAV-02"] and after["HAV-03"] == before["HAV-03"]
    assert after["REI-02"] == before["REI-02"]
    assert after["GRU-02"]["forbruk"] == 200
    assert "flere tiltak (HAV-02, HAV-03)" in result.output
    assert "under null" in result.output


def test_project_numbers_are_compared_without_spaces_and_case(programme, tmp_path):
    edit(programme / "2026" / "3-strategier-og-tiltak.yaml", 'prosjektnummer: "6110"',
         'prosjektnummer: "P 6110"')
    csv = write_csv(tmp_path, "Prosjekt;Beløp\np6110;1 000\n")
    assert hp("import", "regnskap", csv, programme, "-y", "2026").exit_code == 0
    assert followup(programme)["tiltak"]["HAV-02"]["forbruk"] == 1000


def test_the_year_must_be_given_and_exist(programme, tmp_path):
    csv = write_csv(tmp_path)
    result = hp("import", "regnskap", csv, programme)
    assert result.exit_code == 2
    assert "Oppgi planåret" in result.output
    result = hp("import", "regnskap", csv, programme, "-y", "2031")
    assert result.exit_code == 2
    assert "ingen handlingsplan for 2031" in result.output


def test_a_bad_per_date_is_refused(programme, tmp_path):
    result = hp("import", "regnskap", write_csv(tmp_path), programme, "-y", "2026", "--per",
                "31.02.2026")
    assert result.exit_code == 2
    assert "«31.02.2026» er ikke en dato som finnes" in result.output


def test_a_broken_follow_up_is_not_touched(programme, tmp_path):
    path = programme / "2026" / "oppfolging.yaml"
    edit(path, "status: pågår", "status: kanskje")
    old = path.read_bytes()
    result = hp("import", "regnskap", write_csv(tmp_path), programme, "-y", "2026")
    assert result.exit_code == 2
    assert "oppfolging.yaml har feil" in result.output
    assert path.read_bytes() == old


def test_help_is_norwegian_with_examples():
    result = hp("import", "regnskap", "--help")
    assert result.exit_code == 0
    assert "prosjektnummer" in result.output
    assert "hp import regnskap regnskap-2027.csv --year 2027" in result.output
    assert "import" in hp("--help").output


# -- XLSX


def write_xlsx(folder: Path, rows: list[list], name: str = "regnskap.xlsx",
               sheets: tuple[str, ...] = ("Regnskap",)) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    first = book.active
    first.title = sheets[0]
    for title in sheets[1:]:
        book.create_sheet(title)
    ws = book[sheets[-1]]
    for row in rows:
        ws.append(row)
    for cell in ws["A"]:
        if isinstance(cell.value, dt.date):
            cell.number_format = "dd.mm.yyyy"
    path = folder / name
    book.save(path)
    return path


SHEET = [["Straumsvik kommune"], ["Prosjektrapport 2026"], [],
         ["Bilagsdato", "Prosjekt", "Tekst", "Beløp"],
         [dt.datetime(2026, 1, 20), 6110, "Konsulent", 12500.5],
         [dt.datetime(2026, 2, 3), "6110", "Reise", "(500,00)"],
         [dt.datetime(2026, 3, 15), 6130.0, "Leie", 0.1],
         [dt.datetime(2026, 3, 16), 6130, "Leie", 0.2],
         [dt.datetime(2026, 3, 17), 6130, "Leie", 7999.2],
         [dt.datetime(2026, 12, 1), 6130, "Etter datoen", 5000],
         [None, None, None, None],
         ["Sum", None, None, 25498.7]]


def test_an_xlsx_export_with_date_cells(programme, tmp_path):
    dated(programme)
    path = write_xlsx(tmp_path, SHEET)
    result = hp("import", "regnskap", path, programme, "-y", "2026", "--per", "2026-11-30")
    assert result.exit_code == 0, result.output
    data = followup(programme)["tiltak"]
    assert data["HAV-02"]["forbruk"] == 12001  # 12 500,5 − 500
    assert data["REI-03"]["forbruk"] == 8000  # 0,1 + 0,2 + 7 999,2 exactly, not 7 999,5…
    assert "Excel, arket «Regnskap»" in result.output
    assert "sumrad 12 telles ikke" in result.output
    assert hp("validate", programme).exit_code == 0


def test_an_xlsx_sheet_chosen_by_name(programme, tmp_path):
    path = write_xlsx(tmp_path, [["Prosjekt", "Beløp"], [6138, 1234]],
                      sheets=("Forside", "Prosjekter"))
    result = hp("import", "regnskap", path, programme, "-y", "2026")
    assert result.exit_code == 2
    assert "«Forside» i «regnskap.xlsx» er tomt" in result.output
    result = hp("import", "regnskap", path, programme, "-y", "2026", "--ark", "prosjekter")
    assert result.exit_code == 0, result.output
    assert followup(programme)["tiltak"]["GRU-02"]["forbruk"] == 1234
    result = hp("import", "regnskap", path, programme, "-y", "2026", "--ark", "Budsjett")
    assert result.exit_code == 2
    assert "ikke noe ark som heter «Budsjett»" in result.output
    assert "«Forside», «Prosjekter»" in result.output


def test_xlsx_cells_that_are_not_amounts_or_dates_name_row_and_column(programme, tmp_path):
    dated(programme)
    path = write_xlsx(tmp_path, [["Bilagsdato", "Prosjekt", "Beløp"],
                                 [dt.datetime(2026, 1, 2), 6110, "mye"]])
    old = (programme / "2026" / "oppfolging.yaml").read_bytes()
    result = hp("import", "regnskap", path, programme, "-y", "2026")
    assert result.exit_code == 2
    assert "«regnskap.xlsx» rad 2, kolonne C («Beløp»): «mye» er ikke et beløp" in result.output
    path = write_xlsx(tmp_path, [["Bilagsdato", "Prosjekt", "Beløp"], [45000, 6110, 10]])
    result = hp("import", "regnskap", path, programme, "-y", "2026")
    assert result.exit_code == 2
    assert "rad 2, kolonne A («Bilagsdato»): «45000» er ikke en dato" in result.output
    assert (programme / "2026" / "oppfolging.yaml").read_bytes() == old


def test_validate_does_not_import_openpyxl():
    import subprocess
    import sys

    from helpers import EXAMPLE

    code = ("import sys\nfrom typer.testing import CliRunner\nfrom handlingsplan.cli import app\n"
            f"r = CliRunner().invoke(app, ['validate', {str(EXAMPLE)!r}])\n"
            "print(r.exit_code, 'openpyxl' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == ["0", "False"]


def test_the_example_loop(copy_programme):
    """The README's two commands on the example: the export's sums up to 31 October are the
    spending oppfolging.yaml already has; November adds to three tiltak; the programme's own
    running costs (6900) are listed, not guessed."""
    root = copy_programme()
    csv = root / "regnskap-2026.csv"
    result = hp("import", "regnskap", csv, root, "-y", "2026", "--per", "2026-10-31",
                "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Endring" in result.output and "+" not in result.output.split("Endring")[1]
    result = hp("import", "regnskap", csv, root, "-y", "2026", "--per", "2026-11-30")
    assert result.exit_code == 0, result.output
    assert "«6900» (1 rad, 18\u00a0400\u00a0kr) hører ikke til noe tiltak" in result.output
    assert "sumrad 28 telles ikke" in result.output
    data = followup(root)["tiltak"]
    assert (data["HAV-04"]["forbruk"], data["REI-02"]["forbruk"],
            data["GRU-03"]["forbruk"]) == (358750, 213400, 322500)
    assert hp("validate", root, "--strict").exit_code == 0
    assert hp("status", root, "--year", "2026", "--date", "2026-11-30").exit_code == 0


# -- bad input: read correctly, or refused with the row and column; never half-written

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")


def docx_bytes() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def refused(programme: Path, path: Path, *extra: str) -> str:
    """Import `path`, expect exit 2 with no traceback and oppfolging.yaml untouched; the
    message."""
    target = programme / "2026" / "oppfolging.yaml"
    old = target.read_bytes()
    result = hp("import", "regnskap", path, programme, "-y", "2026", *extra)
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.output.startswith("feil: ")
    assert target.read_bytes() == old
    assert not list(target.parent.glob(".oppfolging.yaml.*"))  # no temporary file left
    return result.output


@pytest.mark.parametrize(("content", "message"), [
    (b"", "«regnskap.csv» er tom"),
    (b"\r\n \r\n", "«regnskap.csv» er tom"),
    (PNG, "«regnskap.csv» er ikke en tekstfil (CSV)"),
    (docx_bytes(), "«regnskap.csv» er et Word-dokument"),
    (b"PK\x03\x04not really a zip", "«regnskap.csv» er en zip-fil, ikke en Excel-arbeidsbok"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "gamle Excel-formatet (.xls)"),
    ("Prosjekt,Beløp\n6110,\"1 200,00\"\n".encode(), "har komma mellom feltene"),
    ("Konto;Beløp\n6110;100\n".encode(), "har ingen kolonne «Prosjekt»"),
])
def test_a_file_that_is_not_an_export_is_refused(programme, tmp_path, content, message):
    path = tmp_path / "regnskap.csv"
    path.write_bytes(content)
    assert message in refused(programme, path)


@pytest.mark.parametrize(("cell", "message"), [
    ("12.500", "rad 3, kolonne «Beløp»: «12.500» kan leses på to måter"),
    ("1,234.50", "rad 3, kolonne «Beløp»: «1,234.50» er ikke et beløp"),
    ("tolv", "rad 3, kolonne «Beløp»: «tolv» er ikke et beløp"),
    ("1 200 NOK,-", "rad 3, kolonne «Beløp»: «1 200 NOK,-» er ikke et beløp"),
])
def test_an_amount_that_cannot_be_read_names_row_and_column(programme, tmp_path, cell,
                                                            message):
    csv = write_csv(tmp_path, f"Prosjekt;Beløp\n6110;100\n6110;{cell}\n")
    assert f"«regnskap.csv» {message}" in refused(programme, csv)


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_norwegian_amounts_are_read(programme, tmp_path, encoding):
    minus = "\u2212" if encoding == "utf-8" else "-"  # Windows-1252 has no minus sign
    csv = write_csv(tmp_path, "Prosjekt;Beløp\n6110;12.500,00\n6110;kr 1 200\n6110;1 200 kr\n"
                    f"6110;{minus}200\n6110;(100,50)\n6110;1.000.000\n6110;\u00a0300,5\n",
                    encoding=encoding)
    result = hp("import", "regnskap", csv, programme, "-y", "2026")
    assert result.exit_code == 0, result.output
    assert followup(programme)["tiltak"]["HAV-02"]["forbruk"] == 1014900  # 1 014 900,00


def test_a_date_that_does_not_exist_names_row_and_column(programme, tmp_path):
    dated(programme)
    csv = write_csv(tmp_path, "Tittel\nBilagsdato;Prosjekt;Beløp\n30.01.2026;6110;1\n"
                    "31.02.2026;6110;2\n")
    out = refused(programme, csv)
    assert "«regnskap.csv» rad 4, kolonne «Bilagsdato»: «31.02.2026» er ikke en dato som " \
           "finnes" in out
    csv = write_csv(tmp_path, "Bilagsdato;Prosjekt;Beløp\n2026/01/30;6110;1\n")
    assert "rad 2, kolonne «Bilagsdato»: «2026/01/30» er ikke en dato" in refused(programme, csv)
    csv = write_csv(tmp_path, "Bilagsdato;Prosjekt;Beløp\n;6110;1\n")
    assert "rad 2, kolonne «Bilagsdato»: «» er ikke en dato" in refused(programme, csv)


def test_a_windows_1252_file_names_its_encoding_in_messages(programme, tmp_path):
    csv = tmp_path / "regnskap.csv"
    csv.write_bytes(b"Prosjekt;Bel\xf8p;Merknad \xe6\xf8\xe5\n6110;mye;\n")
    assert "«regnskap.csv» rad 2, kolonne «Beløp»: «mye» er ikke et beløp" in \
        refused(programme, csv)
    csv.write_bytes(b"Prosjektnr;Bel\xf8p\n6110;1\n")
    assert "«regnskap.csv» (Windows-1252) har ingen kolonne «Prosjekt»" in \
        refused(programme, csv)


def test_a_missing_or_unreadable_file_is_refused(programme, tmp_path):
    assert "finnes ikke" in refused(programme, tmp_path / "mangler.csv")
    assert "mappe" in refused(programme, tmp_path)


def test_a_follow_up_that_is_a_link_is_not_written_through(programme, tmp_path):
    target = programme / "2026" / "oppfolging.yaml"
    real = programme / "2026" / "ekte-oppfolging.yaml"
    target.rename(real)
    target.symlink_to(real.name)
    old = real.read_bytes()
    csv = write_csv(tmp_path, "Prosjekt;Beløp\n6110;100\n")
    result = hp("import", "regnskap", csv, programme, "-y", "2026")
    assert result.exit_code == 2
    assert "symbolsk lenke" in result.output
    assert real.read_bytes() == old and target.is_symlink()


def test_the_accounting_file_is_never_written_over(programme):
    csv = programme / "2026" / "oppfolging.yaml"
    out = refused(programme, csv)  # the follow-up itself given as the export: no header
    assert "har ingen kolonne «Prosjekt» og «Beløp»" in out


# -- anchors and aliases in oppfolging.yaml: each tiltak gets its own forbruk

def _shared_entries(programme: Path, entries: str) -> Path:
    """Replace the HAV-02 and HAV-03 entries of the follow-up by `entries`."""
    path = programme / "2026" / "oppfolging.yaml"
    text = path.read_text("utf-8")
    start, end = text.index("  HAV-02:\n"), text.index("  HAV-04:\n")
    path.write_text(text[:start] + entries + text[end:], encoding="utf-8")
    return path


@pytest.mark.parametrize("entries", [
    "  HAV-02: &felles {status: pågår, forbruk: 100}\n  HAV-03: *felles\n",
    "  HAV-02: &felles\n    status: pågår  # felles\n    forbruk: 100\n    kommentar: Felles.\n"
    "  HAV-03: *felles\n",
])
def test_tiltak_sharing_one_entry_through_an_alias_each_get_their_own(programme, tmp_path,
                                                                      entries):
    _shared_entries(programme, entries)
    csv = write_csv(tmp_path, "Prosjekt;Beløp\n6110;1 000\n6111;2 000\n")
    result = hp("import", "regnskap", csv, programme, "-y", "2026")
    assert result.exit_code == 0, result.output
    data = followup(programme)["tiltak"]
    assert data["HAV-02"]["forbruk"] == 1000 and data["HAV-03"]["forbruk"] == 2000
    assert data["HAV-02"]["status"] == data["HAV-03"]["status"] == "pågår"
    if "kommentar" in entries:
        assert data["HAV-03"]["kommentar"] == "Felles."
    assert hp("validate", programme).exit_code == 0


def test_an_alias_kept_by_a_tiltak_without_rows_keeps_its_value(programme, tmp_path):
    _shared_entries(programme, "  HAV-02: &felles {status: pågår, forbruk: 100}\n"
                    "  HAV-03: *felles\n")
    csv = write_csv(tmp_path, "Prosjekt;Beløp\n6110;1 000\n")  # HAV-03 has no rows
    assert hp("import", "regnskap", csv, programme, "-y", "2026").exit_code == 0
    data = followup(programme)["tiltak"]
    assert (data["HAV-02"]["forbruk"], data["HAV-03"]["forbruk"]) == (1000, 100)
    assert hp("validate", programme).exit_code == 0


def test_a_merge_key_that_would_carry_a_change_to_another_tiltak_is_refused(programme,
                                                                             tmp_path):
    _shared_entries(programme, "  HAV-02: &felles\n    status: pågår\n    forbruk: 100\n"
                    "  HAV-03:\n    <<: *felles\n    kommentar: Arver.\n")
    csv = write_csv(tmp_path, "Prosjekt;Beløp\n6110;1 000\n")  # HAV-03 inherits forbruk
    out = refused(programme, csv)
    assert "2026/oppfolging.yaml linje 16, kolonne 3: tiltaket «HAV-03» deler verdier" in out


# -- limits: the size of the file, the sum per tiltak, the columns named in hp.toml

def test_an_export_over_the_size_limit_is_refused_without_reading_it(programme, tmp_path):
    from handlingsplan.exchange.spending import MAX_BYTES

    assert MAX_BYTES == 30 * 1024 * 1024
    path = tmp_path / "regnskap.csv"
    with path.open("wb") as f:
        f.truncate(8 * 1024**3)  # sparse: 8 GB that would not fit in memory if read
    out = refused(programme, path)
    assert "Regnskapsfilen" in out and "er for stor" in out and "30,0 MB" in out


def test_a_sum_beyond_what_a_plan_may_hold_is_refused(programme, tmp_path):
    csv = write_csv(tmp_path, "Prosjekt;Beløp\n6110;999 999 999 999\n6110;999 999 999 999\n")
    out = refused(programme, csv)
    assert "prosjekt «6110» (HAV-02) summerer til 1 999 999 999 998 kr, som er urimelig " \
           "stort" in out.replace("\n", " ")


def test_an_unreasonable_amount_names_row_and_column_not_the_follow_up(programme, tmp_path):
    csv = write_csv(tmp_path, "Prosjekt;Beløp\n6110;99999999999999999999999999,5\n")
    out = refused(programme, csv)
    assert "«regnskap.csv» rad 2, kolonne «Beløp»: beløpet «99999999999999999999999999,5» " \
           "er urimelig stort" in out.replace("\n", " ")


def test_two_settings_naming_one_column_are_refused(programme, tmp_path):
    (programme / "hp.toml").write_text('[regnskap]\nbelop = "prosjekt"\n', encoding="utf-8")
    out = refused(programme, write_csv(tmp_path, "Prosjekt;Beløp\n6110;1\n"))
    assert "linje 2: «prosjekt» og «belop» i [regnskap] peker på samme kolonne " \
           "(«prosjekt»)" in out.replace("\n", " ")


# -- hostile workbooks, written by hand (zipfile) and imported by `hp` in its own process
#    under a memory cap and a time limit (as tests/test_attacks.py does)

CAPPED_MEMORY = 1024**3  # 1 GiB of address space
CAPPED_SECONDS = 30

_XLSX_PARTS = {
    "[Content_Types].xml":
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
        'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="'
        'application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/'
        'worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels":
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="'
        'xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml":
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
        'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships"><sheets><sheet name="Regnskap" sheetId="1" r:id="'
        'rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels":
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="'
        'worksheets/sheet1.xml"/></Relationships>',
}
_XLSX_HEADER = ('<row r="1"><c r="A1" t="inlineStr"><is><t>Prosjekt</t></is></c>'
                '<c r="B1" t="inlineStr"><is><t>Beløp</t></is></c></row>')


def hostile_xlsx(path: Path, dimension: str, rows: str) -> Path:
    import zipfile

    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
             f'openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/>'
             f"<sheetData>{_XLSX_HEADER}{rows}</sheetData></worksheet>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for part, text in _XLSX_PARTS.items():
            z.writestr(part, text)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def _capped() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (CAPPED_MEMORY, CAPPED_MEMORY))


def capped_hp(*args: object):
    """`hp` in its own process under the memory cap and the time limit: exit 0/1/2, no
    traceback, no internal error; the exit code and the output."""
    import os
    import subprocess
    import sys
    import time

    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    env.pop("HP_DEBUG", None)
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "handlingsplan", *map(str, args)],
                          capture_output=True, timeout=CAPPED_SECONDS, preexec_fn=_capped,
                          env=env)
    text = (proc.stdout + proc.stderr).decode("utf-8", "replace")
    assert proc.returncode in (0, 1, 2), text[-2000:]
    assert "Traceback" not in text and "intern feil" not in text, text[-2000:]
    assert time.monotonic() - start < CAPPED_SECONDS
    return proc.returncode, text


posix_only = pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="rlimits")


@posix_only
def test_a_sheet_claiming_every_cell_of_excel_is_read_in_bounded_time(programme, tmp_path):
    path = hostile_xlsx(tmp_path / "regnskap.xlsx", "A1:XFD1048576",
                        '<row r="2"><c r="A2"><v>6110</v></c><c r="B2"><v>250</v></c></row>'
                        '<row r="1048576"><c r="A1048576"><v>6111</v></c>'
                        '<c r="B1048576"><v>5</v></c></row>')
    assert path.stat().st_size < 2000
    code, out = capped_hp("import", "regnskap", path, programme, "-y", "2026")
    assert code == 0, out
    data = followup(programme)["tiltak"]
    assert (data["HAV-02"]["forbruk"], data["HAV-03"]["forbruk"]) == (250, 5)


@posix_only
def test_many_rows_in_a_sheet_claiming_16384_columns_fit_in_memory(programme, tmp_path):
    rows = "".join(f'<row r="{i}"><c r="A{i}"><v>6110</v></c><c r="B{i}"><v>1</v></c></row>'
                   for i in range(2, 200_001))
    path = hostile_xlsx(tmp_path / "regnskap.xlsx", "A1:XFD200000", rows)
    code, out = capped_hp("import", "regnskap", path, programme, "-y", "2026")
    assert code == 0, out
    assert followup(programme)["tiltak"]["HAV-02"]["forbruk"] == 199_999


@posix_only
@pytest.mark.parametrize(("rows", "message"), [
    ('<row r="1000000000"><c r="A1000000000"><v>6110</v></c></row>',
     "Arket «Regnskap» i «regnskap.xlsx» har mer enn 1 048 576 rader"),
    ('<row r="2"><c r="A2"><v>6110</v></c><c r="B2"><v>1</v></c><c r="XFD2"><v>1</v></c>'
     "</row>", "«regnskap.xlsx» rad 2: arket «Regnskap» har fylte celler til høyre for "
     "kolonne ALL; hp leser høyst 1000 kolonner"),
    ('<row r="2"><c r="A2"><v>6110</v></c><c r="B2"><v>1E+30</v></c></row>',
     "«regnskap.xlsx» rad 2, kolonne B («Beløp»): beløpet «1e+30» er urimelig stort"),
])
def test_a_hostile_sheet_is_refused_with_a_message(programme, tmp_path, rows, message):
    path = hostile_xlsx(tmp_path / "regnskap.xlsx", "A1:B2", rows)
    old = (programme / "2026" / "oppfolging.yaml").read_bytes()
    code, out = capped_hp("import", "regnskap", path, programme, "-y", "2026")
    assert code == 2, out
    assert message in out.replace("\n", " ")
    assert (programme / "2026" / "oppfolging.yaml").read_bytes() == old


@posix_only
def test_a_workbook_that_unpacks_to_too_much_is_refused_before_reading(programme, tmp_path):
    import zipfile

    path = hostile_xlsx(tmp_path / "regnskap.xlsx", "A1:B1", "")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z, \
            z.open("xl/media/padding.bin", "w") as padding:
        for _ in range(301):
            padding.write(bytes(1024 * 1024))
    code, out = capped_hp("import", "regnskap", path, programme, "-y", "2026")
    assert code == 2
    assert "«regnskap.xlsx» pakker seg ut til 301 MB" in out
