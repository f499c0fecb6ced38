"""Loading a programme (loader/programme.py, loader/errors.py): missing files, unknown and missing
keys, bad values, all of them found in one run and pointing at the right line and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import CONTRACT, edit

from handlingsplan.check import validate
from handlingsplan.diagnostics import Diagnostic, Severity
from handlingsplan.loader.programme import ProgrammeNotFound, find_root, load
from handlingsplan.schema import YEAR_KINDS

PLAN = "omstillingsplan.yaml"
META = "2027/handlingsplan.yaml"
S1 = "2027/1-mal-og-innsatsomrader.yaml"
S2 = "2027/2-resultater.yaml"
S3 = "2027/3-strategier-og-tiltak.yaml"
S4 = "2027/4-ressursinnsats-og-finansiering.yaml"
S5 = "2027/5-kommunikasjonsplan.yaml"
FOLLOWUP = "2027/oppfolging.yaml"

LOADER_CODES = {"HP001", "HP002", "HP003", "HP004", "HP005", "HP006", "HP101", "HP102", "HP103"}


def loader_problems(root: Path) -> list[Diagnostic]:
    """What reading the files found (the rules are not run)."""
    return load(root).diagnostics


def with_code(diagnostics: list[Diagnostic], code: str) -> list[Diagnostic]:
    return [d for d in diagnostics if d.code == code]


def one(diagnostics: list[Diagnostic], code: str, file: str) -> Diagnostic:
    found = [d for d in diagnostics if d.code == code and d.file == file]
    assert len(found) == 1, diagnostics
    return found[0]


def where(d: Diagnostic) -> tuple[str, int, int]:
    return d.file, d.line, d.column


# --- the contract's own example -------------------------------------------------------------------


def test_contract_example_loads_without_loader_problems():
    programme = load(CONTRACT)
    assert programme.diagnostics == []
    assert programme.root == CONTRACT.resolve()
    assert programme.plan is not None
    assert programme.plan.programme == "Omstillingsprogrammet i Eksempel"
    assert list(programme.years) == [2027]
    year = programme.years[2027]
    assert set(year.models) == {k.stem for k in YEAR_KINDS}
    assert year.s3.tiltak[0].budget == 400000
    assert year.followup.tiltak["IND-01"].spent == 120000
    assert len(programme.files) == 9
    assert all(f.ok for f in programme.files)


def test_contract_example_has_no_loader_codes_after_the_rules_either():
    result = validate(CONTRACT)
    assert [d for d in result.diagnostics if d.code in LOADER_CODES | {"HP000"}] == []


# --- HP004 ----------------------------------------------------------------------------------------


def test_missing_omstillingsplan_is_hp004_at_line_1(copy_programme):
    root = copy_programme(CONTRACT)
    (root / PLAN).unlink()
    programme = load(root)
    d = one(programme.diagnostics, "HP004", PLAN)
    assert (d.line, d.column) == (1, 1)
    assert d.severity is Severity.ERROR
    assert "omstillingsplan.yaml" in d.message
    assert "hp init" in d.hint
    assert programme.plan is None
    assert 2027 in programme.years  # the year folders are still read
    assert programme.years[2027].s3 is not None


def test_missing_section_file_is_hp004(copy_programme):
    root = copy_programme(CONTRACT)
    (root / S2).unlink()
    (root / S5).unlink()
    problems = loader_problems(root)
    assert sorted(where(d) for d in problems) == [(S2, 1, 1), (S5, 1, 1)]
    assert all(d.code == "HP004" for d in problems)
    assert "2 Resultater fra tidligere omstillingsår for 2027" in one(problems, "HP004", S2).message


def test_missing_year_metadata_is_hp004(copy_programme):
    root = copy_programme(CONTRACT)
    (root / META).unlink()
    assert [where(d) for d in loader_problems(root)] == [(META, 1, 1)]


def test_oppfolging_is_optional(copy_programme):
    root = copy_programme(CONTRACT)
    (root / FOLLOWUP).unlink()
    programme = load(root)
    assert programme.diagnostics == []
    assert programme.years[2027].followup is None
    assert "oppfolging" not in programme.years[2027].files


def test_other_files_and_folders_are_ignored(copy_programme):
    root = copy_programme(CONTRACT)
    (root / "README.md").write_text("# Programmet\n", encoding="utf-8")
    (root / ".github").mkdir()
    (root / ".github" / "ci.yaml").write_text("ikke: [en, plan\n", encoding="utf-8")
    (root / "maler").mkdir()
    (root / "2027" / "notater.yaml").write_text("{{{\n", encoding="utf-8")
    (root / "arkiv-2020").mkdir()
    assert loader_problems(root) == []


# --- HP101 ----------------------------------------------------------------------------------------


def test_unknown_key_is_hp101_with_a_suggestion(copy_programme):
    root = copy_programme(CONTRACT)
    edit(root / S3, "    budsjett: 400000", "    budsjet: 400000")
    problems = loader_problems(root)
    d = one(problems, "HP101", S3)
    assert (d.line, d.column) == (16, 5)
    assert d.message == "Ukjent nøkkel «budsjet»; mente du «budsjett»?"
    assert "«budsjett»" in d.hint and "«milepæler»" in d.hint  # the keys allowed there
    assert (d.end_line, d.end_column) == (16, 12)
    # the required key it was meant to be is not reported again as missing (HP102)
    assert not with_code(problems, "HP102")


def test_unknown_key_at_the_top_and_in_a_nested_mapping(copy_programme):
    root = copy_programme(CONTRACT)
    edit(root / PLAN, "bakgrunn: |", "bakgrun: |")
    edit(root / PLAN, "  daglig_leder: Kari Nordmann", "  dagligleder: Kari Nordmann")
    problems = sorted(with_code(loader_problems(root), "HP101"), key=lambda d: d.line)
    assert [(d.line, d.column) for d in problems] == [(8, 1), (29, 3)]
    assert "mente du «bakgrunn»?" in problems[0].message
    assert "mente du «daglig_leder»?" in problems[1].message


def test_unknown_key_in_a_flow_mapping_in_a_list(copy_programme):
    root = copy_programme(CONTRACT)
    edit(root / PLAN, "{navn: Ola Nordmann, rolle: leder}", "{navn: Ola Nordmann, rolle: leder, "
                                                            "epost: ola@example.no}")
    d = one(loader_problems(root), "HP101", PLAN)
    assert (d.line, d.column) == (31, 42)
    assert d.message == "Ukjent nøkkel «epost»."  # nothing close enough to suggest
    assert "«navn», «rolle», «representerer»" in d.hint


def test_unknown_key_in_a_mapping_of_tiltak_by_id(copy_programme):
    root = copy_programme(CONTRACT)
    edit(root / FOLLOWUP, "    forbruk: 120000", "    forbuk: 120000")
    d = one(loader_problems(root), "HP101", FOLLOWUP)
    assert (d.line, d.column) == (6, 5)
    assert d.message == "Ukjent nøkkel «forbuk»; mente du «forbruk»?"
    assert "«status», «forbruk», «arbeidsplasser», «kommentar»" in d.hint


# --- HP102 ----------------------------------------------------------------------------------------


def test_missing_top_level_key_points_at_line_1(copy_programme):
    root = copy_programme(CONTRACT)
    edit(root / META, "status: utkast ", "# status: utkast ")
    d = one(loader_problems(root), "HP102", META)
    assert (d.line, d.column) == (1, 1)
    assert d.message == "Nøkkelen «status» mangler; den er påkrevd."
    assert "status: …" in d.hint


def test_missing_key_in_a_list_item_points_at_that_item(copy_programme):
    root = copy_programme(CONTRACT)
    edit(root / S3, "    navn: Forprosjekt leverandørnettverk", "    # navn: ?")
    d = one(loader_problems(root), "HP102", S3)
    assert (d.line, d.column) == (3, 5)  # `- id: IND-01`
    assert d.message == "Nøkkelen «navn» mangler i «tiltak» nr. 1 (IND-01); den er påkrevd."


def test_missing_key_in_a_flow_mapping_list_item(copy_programme):
    root = copy_programme(CONTRACT)
    edit(root / PLAN, "{id: IND-S1, tekst: Styrke leverandørene til havbruksnæringen}",
         "{id: IND-S1}")
    d = one(loader_problems(root), "HP102", PLAN)
    assert (d.line, d.column) == (26, 9)
    assert "«tekst» mangler i «strategier» nr. 1 (IND-S1)" in d.message


def test_missing_key_in_a_nested_mapping_points_at_its_key(copy_programme):
    root = copy_programme(CONTRACT)
    edit(root / PLAN, "periode: {fra: 2025, til: 2030}", "periode: {fra: 2025}")
    d = one(loader_problems(root), "HP102", PLAN)
    assert (d.line, d.column) == (5, 1)
    assert d.message == "Nøkkelen «til» mangler i «periode»; den er påkrevd."


def test_empty_file_that_needs_keys_reports_each_one(copy_programme):
    root = copy_programme(CONTRACT)
    (root / S4).write_text("", encoding="utf-8")
    problems = loader_problems(root)
    assert {(d.code, d.line, d.column) for d in problems} == {("HP102", 1, 1)}
    assert sorted(d.message.split("«")[1].split("»")[0] for d in problems) == [
        "finansiering", "kostnader"]


# --- HP103 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("file", "old", "new", "line", "column", "words"), [
    (S3, "budsjett: 400000", 'budsjett: "400 000,50"', 16, 15, "uten øre"),
    (S3, "budsjett: 400000", "budsjett: -400000", 16, 15, "kan ikke være negative"),
    (S3, "start: 2027-02-01", "start: 2027-02-30", 14, 12, "ikke en dato som finnes"),
    (S3, "start: 2027-02-01", "start: 01.02.2027", 14, 12, "ÅÅÅÅ-MM-DD"),
    (S3, "innsatsområde: IND ", "innsatsområde: I ND ", 5, 20, "ikke en gyldig id"),
    (S4, "  fylkeskommunen: 2625000", "  fylkeskommunen: 2625000.5", 11, 19, "uten desimaler"),
    (S5, "tidspunkt: 2027-03", "tidspunkt: mars", 8, 16, "ÅÅÅÅ-MM"),
    (PLAN, "  fylkeskommune_maks_prosent: 75", "  fylkeskommune_maks_prosent: 120", 33, 31,
     "mellom 0 og 100"),
    (PLAN, "periode: {fra: 2025,", "periode: {fra: 25,", 5, 16, "rimelig årstall"),
    (META, "år: 2027", "år: tjuetjuesju", 1, 5, "årstall"),
])
def test_bad_value_is_hp103_at_the_value(copy_programme, file, old, new, line, column, words):
    root = copy_programme(CONTRACT)
    edit(root / file, old, new)
    d = one(loader_problems(root), "HP103", file)
    assert (d.line, d.column) == (line, column)
    assert words in d.message


def test_bad_enum_value_lists_the_allowed_ones_and_suggests(copy_programme):
    root = copy_programme(CONTRACT)
    edit(root / META, "status: utkast", "status: Utkast")
    edit(root / S3, "plp_fase: forprosjekt", "plp_fase: forprosjket")
    problems = loader_problems(root)
    status = one(problems, "HP103", META)
    assert (status.line, status.column) == (4, 9)
    assert status.message == ("«Utkast» er ikke en gyldig verdi; bruk en av «utkast», "
                              "«til_behandling», «vedtatt».")
    assert status.hint == "Mente du «utkast»?"
    phase = one(problems, "HP103", S3)
    assert (phase.line, phase.column) == (8, 15)
    assert phase.hint == "Mente du «forprosjekt»?"


def test_bad_id_as_a_mapping_key_points_at_the_key(copy_programme):
    root = copy_programme(CONTRACT)
    edit(root / S1, "  HM1: 40", "  H M1: 40")
    d = one(loader_problems(root), "HP103", S1)
    assert (d.line, d.column) == (3, 3)
    assert "«H M1» er ikke en gyldig id" in d.message


def test_empty_required_value_points_at_its_key(copy_programme):
    root = copy_programme(CONTRACT)
    edit(root / PLAN, "visjon: Et livskraftig Eksempel med flere ben å stå på", "visjon:")
    d = one(loader_problems(root), "HP103", PLAN)
    assert (d.line, d.column) == (7, 1)
    assert d.message == "Verdien mangler; forventet en tekst."


def test_wrong_type_says_what_was_expected(copy_programme):
    root = copy_programme(CONTRACT)
    edit(root / PLAN, "periode: {fra: 2025, til: 2030}", "periode: 2025-2030")
    edit(root / S3, "bidrar_til: [HM1, IND-M1]", "bidrar_til: HM1")
    problems = loader_problems(root)
    period = one(problems, "HP103", PLAN)
    assert (period.line, period.column) == (5, 10)
    assert period.message == "Forventet en tabell (nøkkel: verdi), fikk teksten «2025-2030»."
    goals = one(problems, "HP103", S3)
    assert (goals.line, goals.column) == (7, 17)
    assert goals.message == "Forventet en liste, fikk teksten «HM1»."


def test_empty_list_where_one_is_required(copy_programme):
    root = copy_programme(CONTRACT)
    edit(root / PLAN, "  kilder:", "  kilder: []\n  gamle_kilder:")
    problems = loader_problems(root)
    d = next(d for d in problems if d.code == "HP103")
    assert d.message == "Listen er tom, men må ha minst ett element."
    assert (d.file, d.line) == (PLAN, 37)


def test_top_level_list_instead_of_a_mapping_is_hp103(copy_programme):
    root = copy_programme(CONTRACT)
    (root / S5).write_text("- id: K1\n  aktivitet: Folkemøte\n", encoding="utf-8")
    d = one(loader_problems(root), "HP103", S5)
    assert (d.line, d.column) == (1, 1)
    assert d.message == "Forventet en tabell (nøkkel: verdi), fikk en liste."
    assert load(root).years[2027].s5 is None


# --- everything in one run ------------------------------------------------------------------------


def test_all_problems_of_all_files_are_collected_in_one_run(copy_programme):
    root = copy_programme(CONTRACT)
    edit(root / PLAN, "    navn: Industri og leverandører", "    nav: Industri og leverandører")
    edit(root / S3, "start: 2027-02-01", "start: 2027-02-30")
    edit(root / S3, "    budsjett: 400000", "    budsjet: 400000")
    edit(root / S5, "    aktivitet: Folkemøte om omstillingsprogrammet",
         "    aktivitet: Folkemøte: om omstillingsprogrammet")
    edit(root / META, "år: 2027 ", "år: 2027\når: 2028 ")
    (root / S2).unlink()
    found = {(d.code, d.file, d.line) for d in load(root).diagnostics}
    assert found == {
        ("HP101", PLAN, 20),  # «nav»: mente du «navn»? (so no HP102 for «navn» as well)
        ("HP101", S3, 16), ("HP103", S3, 14),
        ("HP001", S5, 4),
        ("HP003", META, 2),
        ("HP004", S2, 1),
    }
    # and the same through the library API of `hp validate`, sorted by place
    result = validate(root)
    loader = [d for d in result.diagnostics if d.code in LOADER_CODES]
    assert {(d.code, d.file, d.line) for d in loader} == found
    assert loader[0].file == PLAN  # the root's file first
    assert result.failed()


def test_a_broken_file_does_not_stop_the_others_from_loading(copy_programme):
    root = copy_programme(CONTRACT)
    edit(root / S5, "tidspunkt: 2027-03", "tidspunkt: [2027-03")
    programme = load(root)
    year = programme.years[2027]
    assert year.s5 is None
    assert year.s3 is not None and year.s4 is not None and programme.plan is not None
    assert not year.file("5-kommunikasjonsplan").ok
    assert year.file("3-strategier-og-tiltak").ok


def test_duplicate_key_leaves_no_model(copy_programme):
    root = copy_programme(CONTRACT)
    edit(root / S4, "  kommunen: 875000", "  kommunen: 875000\n  kommunen: 900000")
    programme = load(root)
    d = one(programme.diagnostics, "HP003", S4)
    assert d.line == 13
    assert programme.years[2027].s4 is None  # which of the two was meant is not known


def test_empty_section_1_is_valid(copy_programme):
    root = copy_programme(CONTRACT)
    (root / S1).write_text("", encoding="utf-8")
    programme = load(root)
    assert programme.diagnostics == []
    s1 = programme.years[2027].s1
    assert s1 is not None
    assert (s1.introduction, s1.year_targets, s1.priorities) == (None, {}, {})


def test_values_are_parsed_into_their_types(copy_programme):
    root = copy_programme(CONTRACT)
    edit(root / S3, "budsjett: 400000", 'budsjett: "400 000 kr"')
    edit(root / PLAN, "fylkeskommune_maks_prosent: 75", "fylkeskommune_maks_prosent: 72.5")
    programme = load(root)
    assert programme.diagnostics == []
    assert programme.years[2027].s3.tiltak[0].budget == 400000
    from fractions import Fraction
    assert programme.plan.conditions.county_max_percent == Fraction(145, 2)


# --- finding the programme ------------------------------------------------------------------------


def test_find_root_from_the_root_a_subfolder_and_a_file(copy_programme):
    root = copy_programme(CONTRACT)
    deep = root / "2027" / "vedlegg" / "bilder"
    deep.mkdir(parents=True)
    assert find_root(root) == root.resolve()
    assert find_root(root / "2027") == root.resolve()
    assert find_root(deep) == root.resolve()
    assert find_root(root / S3) == root.resolve()
    assert load(deep).root == root.resolve()


def test_find_root_takes_the_nearest_programme(copy_programme):
    outer = copy_programme(CONTRACT, name="ytre")
    inner = outer / "eksempler" / "indre"
    import shutil
    shutil.copytree(CONTRACT, inner)
    assert find_root(inner / "2027") == inner.resolve()


def test_year_folders_without_omstillingsplan_count_as_a_programme(copy_programme):
    root = copy_programme(CONTRACT)
    (root / PLAN).unlink()
    assert find_root(root) == root.resolve()


def test_folder_with_no_programme_raises(tmp_path):
    (tmp_path / "tom").mkdir()
    with pytest.raises(ProgrammeNotFound) as exc:
        load(tmp_path / "tom")
    assert "Fant ikke noe omstillingsprogram" in str(exc.value)


def test_path_that_does_not_exist_raises(tmp_path):
    with pytest.raises(ProgrammeNotFound) as exc:
        find_root(tmp_path / "finnes-ikke")
    assert "Finner ikke" in str(exc.value)


def test_load_one_year(copy_programme):
    root = copy_programme(CONTRACT)
    import shutil
    shutil.copytree(root / "2027", root / "2028")
    edit(root / "2028" / "handlingsplan.yaml", "år: 2027", "år: 2028")
    assert sorted(load(root).years) == [2027, 2028]
    assert sorted(load(root, year=2028).years) == [2028]


def test_load_a_year_that_is_not_there_raises(copy_programme):
    root = copy_programme(CONTRACT)
    with pytest.raises(ProgrammeNotFound) as exc:
        load(root, year=2031)
    assert "2031" in str(exc.value)
    with pytest.raises(ProgrammeNotFound):
        validate(root, year=2031)
