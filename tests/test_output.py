"""Diagnostics for people (output/text.py) and for tools (output/jsonout.py), and the counts."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from helpers import CONTRACT, edit
from rich.console import Console

from handlingsplan.diagnostics import Diagnostic, Severity, Summary, sort_diagnostics
from handlingsplan.loader.programme import load
from handlingsplan.output import jsonout, text

S3 = "2027/3-strategier-og-tiltak.yaml"
S4 = "2027/4-ressursinnsats-og-finansiering.yaml"
LOADER_CODES = {"HP001", "HP002", "HP003", "HP004", "HP005", "HP006", "HP101", "HP102", "HP103"}


def render(root: Path, diagnostics: list[Diagnostic], strict: bool = False) -> str:
    """The text output for diagnostics found in the programme at `root`, without colour."""
    programme = load(root)
    texts = {f.rel: f.lines() for f in programme.files}
    out = io.StringIO()
    console = Console(file=out, width=200, color_system=None, force_terminal=False,
                      soft_wrap=True, highlight=False)
    text.render(console, diagnostics, lambda rel: texts.get(rel, []), lambda rel: rel,
                len(programme.files), strict)
    return out.getvalue()


def broken(copy_programme) -> tuple[Path, list[Diagnostic]]:
    root = copy_programme(CONTRACT)
    edit(root / S3, "    budsjett: 400000", "    budsjet: 400000")
    diagnostics = sorted((d for d in load(root).diagnostics if d.code == "HP101"),
                         key=Diagnostic.sort_key)
    return root, diagnostics


def caret_column(excerpt_line: str, caret_line: str) -> int:
    """The 1-based column of the text the caret points at."""
    text_start = excerpt_line.index("| ") + 2
    assert caret_line.index("| ") + 2 == text_start  # same gutter
    return caret_line.index("^") - text_start + 1


# --- text -----------------------------------------------------------------------------------------


def test_text_shows_place_code_message_excerpt_caret_and_hint(copy_programme):
    root, diagnostics = broken(copy_programme)
    out = render(root, diagnostics).splitlines()
    head = f"{S3}:16:5: feil[HP101]: Ukjent nøkkel «budsjet»; mente du «budsjett»?"
    assert out[0] == head
    assert out[1].strip() == "|"
    assert out[2] == " 15 |     slutt: 2027-11-30"  # the line before, for context
    assert out[3].startswith(" 16 |     budsjet: 400000")
    assert out[4].rstrip() == "    |     ^^^^^^^"  # under «budsjet», exactly as long
    assert caret_column(out[3], out[4]) == 5
    assert out[5].startswith("    = tips: Tillatte nøkler her: «id», «navn»")
    assert out[-1] == f"✗ 1 feil ({len(load(root).files)} filer sjekket)."


def test_text_caret_under_a_value_in_a_flow_mapping(copy_programme):
    root = copy_programme(CONTRACT)
    edit(root / S3, "finansiering: {fylkeskommunen: 300000, kommunen: 100000}",
         "finansiering: {fylkeskommunen: 300000, kommunen: 100000.5}")
    diagnostics = [d for d in load(root).diagnostics if d.code == "HP103"]
    out = render(root, diagnostics).splitlines()
    assert out[0].startswith(f"{S3}:17:54: feil[HP103]: Beløp skal være hele kroner")
    excerpt = next(line for line in out if line.startswith(" 17 |"))
    caret = out[out.index(excerpt) + 1]
    assert caret_column(excerpt, caret) == 54
    assert caret.strip().endswith("^" * len("100000.5"))


def test_text_for_a_whole_file_has_no_excerpt(copy_programme):
    root = copy_programme(CONTRACT)
    (root / S4).unlink()
    diagnostics = load(root).diagnostics
    out = render(root, diagnostics).splitlines()
    assert out[0] == f"{S4}:1:1: feil[HP004]: Filen mangler: 4 Ressursinnsats og finansiering " \
                     "for 2027."
    assert "|" not in out[1]
    assert out[1].strip().startswith("= tips: Lag filen")


def test_text_excerpt_of_the_first_line_has_no_line_before(copy_programme):
    root = copy_programme(CONTRACT)
    edit(root / "2027/handlingsplan.yaml", "år: 2027", "år: 1027")
    diagnostics = [d for d in load(root).diagnostics if d.code == "HP103"]
    out = render(root, diagnostics).splitlines()
    assert out[0].startswith("2027/handlingsplan.yaml:1:5: feil[HP103]: 1027 er ikke et rimelig")
    assert out[2].startswith(" 1 | år: 1027")
    assert caret_column(out[2], out[3]) == 5


def test_text_summary_when_only_warnings(copy_programme):
    root = copy_programme(CONTRACT)
    warning = Diagnostic("HP404", Severity.WARNING, S3, 7, 17, "Tiltaket bidrar ikke til noe mål.")
    out = render(root, [warning]).splitlines()
    assert out[0] == f"{S3}:7:17: advarsel[HP404]: Tiltaket bidrar ikke til noe mål."
    assert out[-1].startswith("✓ Ingen feil; 1 advarsel (9 filer sjekket).")
    assert "--strict" in out[-1]
    strict = render(root, [warning], strict=True).splitlines()
    assert strict[-1] == "✗ 1 advarsel (9 filer sjekket)."


def test_text_summary_counts_each_severity(copy_programme):
    root = copy_programme(CONTRACT)
    diagnostics = [
        Diagnostic("HP301", Severity.ERROR, S4, 10, 1, "Kostnadene er ikke lik finansieringen."),
        Diagnostic("HP307", Severity.WARNING, S4, 3, 3, "Høy administrasjon."),
        Diagnostic("HP403", Severity.WARNING, S4, 7, 5, "Ingen tiltak."),
        Diagnostic("HP309", Severity.INFO, S4, 6, 5, "Ikke fordelt."),
    ]
    out = render(root, sort_diagnostics(diagnostics))
    assert "merknad[HP309]" in out
    assert out.splitlines()[-1] == "✗ 1 feil, 2 advarsler, 1 merknad (9 filer sjekket)."


def test_text_when_all_is_well(copy_programme):
    root = copy_programme(CONTRACT)
    assert render(root, []).strip() == "✓ Ingen feil eller advarsler (9 filer sjekket)."


def test_text_of_a_syntax_error_points_into_the_broken_line(copy_programme):
    root = copy_programme(CONTRACT)
    edit(root / S3, "    ansvarlig: Daglig leder", "    ansvarlig: Daglig leder: Kari")
    diagnostics = load(root).diagnostics
    out = render(root, diagnostics).splitlines()
    assert out[0].startswith(f"{S3}:13:28: feil[HP001]: Kolon (:) er ikke tillatt her.")
    assert out[3].startswith(" 13 |     ansvarlig: Daglig leder: Kari")
    assert caret_column(out[3], out[4]) == 28


def test_plain_text_is_what_rich_shows_without_colour(copy_programme):
    """Without colour, hp validate writes the report itself instead of through rich: the same
    text, with tabs after wide letters, escapes, remarks and the cut after 200 problems."""
    root = copy_programme(CONTRACT)
    edit(root / S3, "    budsjett: 400000", '    budsjet: "漢字\tTab\u202e"\t  ')
    problems = [d for d in load(root).diagnostics if d.code in ("HP101", "HP103")]
    assert problems
    extra = [Diagnostic("HP309", Severity.INFO, S4, 6, 5, "Ikke\tfordelt."),
             *[Diagnostic("HP307", Severity.WARNING, S4, n % 9 + 1, 1, f"Nr. {n}", "Tips\tx")
               for n in range(201)]]
    programme = load(root)
    texts = {f.rel: f.lines() for f in programme.files}
    for diagnostics in (problems, problems + extra, []):
        out = io.StringIO()
        text.render(out, diagnostics, lambda rel: texts.get(rel, []), lambda rel: rel,
                    len(programme.files))
        assert out.getvalue() == render(root, diagnostics)


def test_excerpt_outside_the_file_is_empty():
    d = Diagnostic("HP001", Severity.ERROR, "x.yaml", 5, 1, "…")
    assert text.excerpt(["a: 1", "b: 2"], d) == []
    assert text.excerpt([], d) == []


def test_excerpt_rows():
    lines = ["kostnader:", "  administrasjon: 1000000"]
    d = Diagnostic("HP307", Severity.WARNING, "x.yaml", 2, 3, "…", None, 2, 17)
    assert text.excerpt(lines, d) == [
        ("1", "kostnader:", ""),
        ("2", "  administrasjon: 1000000", ""),
        ("", "  " + "^" * 14, "bold yellow"),
    ]


# --- the summary ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("counts", "words"), [
    ((0, 0, 0), "ingen problemer"),
    ((1, 0, 0), "1 feil"),
    ((2, 0, 0), "2 feil"),
    ((0, 1, 0), "1 advarsel"),
    ((0, 2, 0), "2 advarsler"),
    ((0, 0, 1), "1 merknad"),
    ((0, 0, 3), "3 merknader"),
    ((1, 2, 0), "1 feil, 2 advarsler"),
    ((3, 1, 2), "3 feil, 1 advarsel, 2 merknader"),
    ((0, 5, 1), "5 advarsler, 1 merknad"),
])
def test_summary_describe_in_norwegian_with_plurals(counts, words):
    assert Summary(*counts).describe() == words


def test_summary_of_counts_and_decides_failure():
    ds = [Diagnostic("HP101", Severity.ERROR, "a.yaml", 1, 1, "x"),
          Diagnostic("HP401", Severity.WARNING, "a.yaml", 2, 1, "y"),
          Diagnostic("HP402", Severity.WARNING, "a.yaml", 3, 1, "z"),
          Diagnostic("HP309", Severity.INFO, "a.yaml", 4, 1, "w")]
    assert Summary.of(ds) == Summary(1, 2, 1)
    assert Summary.of(ds).failed()
    warnings_only = Summary.of(ds[1:])
    assert not warnings_only.failed()
    assert warnings_only.failed(strict=True)
    info_only = Summary.of(ds[3:])
    assert not info_only.failed(strict=True)


def test_severity_labels_are_norwegian():
    assert [s.label for s in Severity] == ["feil", "advarsel", "merknad"]


def test_sort_puts_root_files_first_and_drops_repeats():
    a = Diagnostic("HP301", Severity.ERROR, S4, 10, 1, "a")
    b = Diagnostic("HP006", Severity.ERROR, "hp.toml", 3, 1, "b")
    c = Diagnostic("HP101", Severity.ERROR, "omstillingsplan.yaml", 40, 1, "c")
    d = Diagnostic("HP101", Severity.ERROR, S3, 2, 1, "d")
    assert sort_diagnostics([a, b, c, d, a]) == [b, c, d, a]


# --- JSON -----------------------------------------------------------------------------------------


def test_json_has_exactly_the_contracts_shape(copy_programme):
    root = copy_programme(CONTRACT)
    edit(root / S3, "    budsjett: 400000", "    budsjet: 400000")
    edit(root / "2027/handlingsplan.yaml", "status: utkast", "status: godkjent")
    diagnostics = sort_diagnostics(d for d in load(root).diagnostics if d.code in LOADER_CODES)
    doc = json.loads(jsonout.dumps(diagnostics))
    assert set(doc) == {"diagnostics", "summary"}
    assert doc["summary"] == {"errors": 2, "warnings": 0, "info": 0}
    required = {"code", "severity", "file", "line", "column", "message"}
    for item in doc["diagnostics"]:
        assert required <= set(item) <= required | {"hint"}
        assert isinstance(item["line"], int) and isinstance(item["column"], int)
        assert item["severity"] in ("error", "warning", "info")
        assert not item["file"].startswith("/") and "\\" not in item["file"]
        assert item["file"].endswith(".yaml")
        if "hint" in item:
            assert isinstance(item["hint"], str) and item["hint"]
    assert [(i["code"], i["file"], i["line"], i["column"]) for i in doc["diagnostics"]] == [
        ("HP101", S3, 16, 5),  # «budsjet»: mente du «budsjett»? (not also HP102)
        ("HP103", "2027/handlingsplan.yaml", 4, 9),
    ]
    status = doc["diagnostics"][1]
    assert status["message"].startswith("«godkjent» er ikke en gyldig verdi")
    assert "hint" not in status  # nothing close enough to suggest: no empty hint either
    assert doc["diagnostics"][0]["hint"].startswith("Tillatte nøkler her:")


def test_json_diagnostic_fields(copy_programme):
    d = Diagnostic("HP301", Severity.ERROR, S4, 3, 3, "Kostnadene er ikke lik finansieringen.",
                   None, 3, 17)
    assert d.to_json() == {"code": "HP301", "severity": "error", "file": S4, "line": 3,
                           "column": 3, "message": "Kostnadene er ikke lik finansieringen."}
    with_hint = Diagnostic("HP307", Severity.WARNING, S4, 3, 3, "Høy.", "Senk den.")
    assert with_hint.to_json()["hint"] == "Senk den."
    assert with_hint.to_json()["severity"] == "warning"


def test_json_of_nothing():
    assert json.loads(jsonout.dumps([])) == {
        "diagnostics": [], "summary": {"errors": 0, "warnings": 0, "info": 0}}


def test_json_keeps_norwegian_letters_and_is_one_object():
    d = Diagnostic("HP101", Severity.ERROR, "omstillingsplan.yaml", 1, 1,
                   "Ukjent nøkkel «bærekraft».")
    out = jsonout.dumps([d])
    assert "«bærekraft»" in out  # not \u00e6 escapes
    assert out.endswith("\n")
    decoder = json.JSONDecoder()
    obj, end = decoder.raw_decode(out)
    assert out[end:].strip() == ""  # nothing after the one object
    assert obj["summary"]["errors"] == 1


def test_json_file_paths_are_slash_separated_relative_to_the_root(copy_programme):
    root = copy_programme(CONTRACT)
    (root / S3).unlink()
    doc = jsonout.document(load(root).diagnostics)
    assert [i["file"] for i in doc["diagnostics"]] == [S3]
