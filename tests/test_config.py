"""hp.toml (config.py): switching rules off, re-grading them, and HP006 for every way the file
can be wrong, at the line where it is wrong."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers import CONTRACT, EXAMPLE, edit

from handlingsplan import config
from handlingsplan.check import validate
from handlingsplan.diagnostics import Diagnostic, Severity

S3 = "2027/3-strategier-og-tiltak.yaml"
KNOWN = {"HP101", "HP102", "HP103", "HP307", "HP309", "HP401", "HP402", "HP403"}
S1 = "2027/1-mal-og-innsatsomrader.yaml"


def settings(root: Path, text: str) -> tuple[config.Config, list[Diagnostic]]:
    (root / "hp.toml").write_text(text, encoding="utf-8")
    return config.load(root, known_codes=KNOWN)


def only_hp006(problems: list[Diagnostic]) -> Diagnostic:
    assert [d.code for d in problems] == ["HP006"], problems
    d = problems[0]
    assert d.file == "hp.toml"
    assert d.severity is Severity.ERROR
    return d


def off_target(copy_programme) -> Path:
    """The example with this year's target for HM1 differing from the plan (HP402, a warning)."""
    root = copy_programme(EXAMPLE)
    edit(root / S1, "  HM1: 50", "  HM1: 45")
    return root


def codes(diagnostics: list[Diagnostic]) -> dict[str, Severity]:
    return {d.code: d.severity for d in diagnostics if d.code in ("HP006", "HP309", "HP402")}


# --- a valid file ---------------------------------------------------------------------------------


def test_no_hp_toml_means_defaults(tmp_path):
    cfg, problems = config.load(tmp_path, known_codes=KNOWN)
    assert problems == []
    assert cfg == config.Config()
    assert not cfg.present


def test_valid_file_is_read(tmp_path):
    (tmp_path / "maler").mkdir()
    cfg, problems = settings(tmp_path, """\
# innstillinger for programmet
[regler]
av = ["HP309", "hp307"]

[regler.alvorlighet]
HP401 = "feil"
HP402 = "merknad"
HP403 = "warning"

[dokument]
mal = "maler/kommunemal.docx"
maler = "maler"

[kalender]
styremoter = [2027-06-10, 2027-01-20]
kommunestyremoter = [2027-02-16]
programstatusvurdering = 2027-10-14
""")
    assert problems == []
    assert cfg.present
    assert cfg.disabled == frozenset({"HP309", "HP307"})
    assert cfg.severities == {"HP401": Severity.ERROR, "HP402": Severity.INFO,
                              "HP403": Severity.WARNING}
    assert cfg.template == (tmp_path / "maler" / "kommunemal.docx").resolve()
    assert cfg.templates_dir == (tmp_path / "maler").resolve()
    assert cfg.board_meetings == (dt.date(2027, 1, 20), dt.date(2027, 6, 10))  # sorted
    assert cfg.council_meetings == (dt.date(2027, 2, 16),)
    assert cfg.status_review == (dt.date(2027, 10, 14),)


def test_valid_file_with_a_bom_is_read(tmp_path):
    (tmp_path / "hp.toml").write_bytes(b'\xef\xbb\xbf[regler]\nav = ["HP309"]\n')
    cfg, problems = config.load(tmp_path, known_codes=KNOWN)
    assert problems == []
    assert cfg.disabled == {"HP309"}


def test_regrading_changes_the_severity_in_validate(copy_programme):
    root = off_target(copy_programme)
    before = codes(validate(root).diagnostics)
    assert before == {"HP402": Severity.WARNING, "HP309": Severity.INFO}
    (root / "hp.toml").write_text('[regler.alvorlighet]\nHP402 = "feil"\n', encoding="utf-8")
    result = validate(root)
    assert codes(result.diagnostics) == {"HP402": Severity.ERROR, "HP309": Severity.INFO}
    hp402 = next(d for d in result.diagnostics if d.code == "HP402")
    assert (hp402.file, hp402.line, hp402.column) == (S1, 13, 8)  # only the severity changed
    assert result.failed()


def test_switching_a_rule_off_removes_it_from_validate(copy_programme):
    root = off_target(copy_programme)
    (root / "hp.toml").write_text('[regler]\nav = ["HP402"]\n\n[regler.alvorlighet]\n'
                                  'HP309 = "advarsel"\n', encoding="utf-8")
    result = validate(root)
    assert codes(result.diagnostics) == {"HP309": Severity.WARNING}
    assert result.summary.warnings >= 1 and result.summary.info == 0


def test_regrading_can_make_validation_pass_strict(copy_programme):
    root = off_target(copy_programme)
    assert validate(root).failed(strict=True)
    (root / "hp.toml").write_text('[regler.alvorlighet]\nHP402 = "merknad"\n', encoding="utf-8")
    assert not validate(root).failed(strict=True)


@pytest.mark.parametrize("text", ['[regler]\nav = ["HP101"]\n',
                                  '[regler.alvorlighet]\nHP103 = "advarsel"\n'])
def test_loader_codes_cannot_be_switched_off_or_regraded(copy_programme, text):
    # a file with such a problem has no model, so the rules could not check it
    root = copy_programme(EXAMPLE)
    edit(root / S3, "    budsjett: 600000", "    budsjet: 600000")
    (root / "hp.toml").write_text(text, encoding="utf-8")
    result = validate(root)
    hp006 = [d for d in result.diagnostics if d.code == "HP006"]
    assert len(hp006) == 1 and hp006[0].line == 2
    assert "kan ikke slås av eller graderes om" in hp006[0].message
    assert [d.severity for d in result.diagnostics if d.code == "HP101"] == [Severity.ERROR]


# --- HP006 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "line", "column"), [
    ('[regler]\nav = [HP309]\n', 2, 7),  # a code without quotes
    ('[regler]\nav = ["HP309"\n\n[dokument]\nmal = "x.docx"\n', 4, 1),
    ('[regler]\nav = ["HP309"\n', 2, 1),  # never closed: shown at the last line, not line 1
    ('[dokument]\nmal = "maler/x.docx\n', 2, 20),
    ('[regler\nav = []\n', 1, 8),
])
def test_syntax_error_is_hp006_with_the_line(tmp_path, text, line, column):
    cfg, problems = settings(tmp_path, text)
    d = only_hp006(problems)
    assert (d.line, d.column) == (line, column)
    assert d.message.startswith("hp.toml har en syntaksfeil (TOML")
    assert d.hint
    assert cfg == config.Config(present=True)  # the defaults stay


def test_unknown_section_is_hp006_at_its_line(tmp_path):
    _, problems = settings(tmp_path, '[regler]\nav = ["HP309"]\n\n[regels]\nav = []\n')
    d = only_hp006(problems)
    assert d.line == 4
    assert d.message == "Ukjent seksjon «[regels]» i hp.toml."
    assert d.hint.startswith("Mente du [regler]?")
    assert "[regler], [dokument], [kalender], [statsstotte] og [regnskap]" in d.hint


def test_unknown_key_is_hp006_at_its_line(tmp_path):
    cfg, problems = settings(tmp_path, '\n[dokument]\n\n  malen = "x.docx"\n')
    d = only_hp006(problems)
    assert d.line == 4
    assert d.message == "Ukjent nøkkel «malen» i [dokument]."
    assert "mal, maler" in d.hint
    assert cfg.template is None


def test_unknown_rule_code_is_hp006(tmp_path):
    cfg, problems = settings(tmp_path, '[regler]\nav = ["HP309", "HP399"]\n')
    d = only_hp006(problems)
    assert d.line == 2
    assert d.message == "Regelen «HP399» i «av» finnes ikke."
    assert "hp rules" in d.hint
    assert cfg.disabled == {"HP309"}  # the good one still counts


def test_unknown_rule_code_to_regrade_is_hp006_at_its_line(tmp_path):
    cfg, problems = settings(tmp_path, '[regler.alvorlighet]\nHP401 = "advarsel"\n'
                                       'HP999 = "feil"\n')
    d = only_hp006(problems)
    assert d.line == 3
    assert "«HP999»" in d.message
    assert cfg.severities == {"HP401": Severity.WARNING}


def test_something_that_is_not_a_rule_code_is_hp006(tmp_path):
    _, problems = settings(tmp_path, '[regler]\nav = ["309"]\n')
    assert "ikke en regelkode" in only_hp006(problems).message


def test_unknown_severity_word_is_hp006(tmp_path):
    cfg, problems = settings(tmp_path, '[regler.alvorlighet]\n\nHP401 = "kritisk"\n')
    d = only_hp006(problems)
    assert d.line == 3
    assert "«kritisk» for HP401 er ikke en alvorlighetsgrad" in d.message
    assert "«feil», «advarsel» eller «merknad»" in d.hint
    assert cfg.severities == {}


def test_wrong_shapes_are_hp006(tmp_path):
    _, problems = settings(tmp_path, 'regler = "av"\n')
    assert only_hp006(problems).message == "«regler» skal være en seksjon ([regler])."
    _, problems = settings(tmp_path, '[regler]\nav = "HP309"\n')
    assert "skal være en liste av regelkoder" in only_hp006(problems).message


@pytest.mark.parametrize("path", ["../../x.docx", "../mal.docx", "maler/../../x.docx",
                                  "/etc/passwd"])
def test_template_outside_the_programme_is_hp006(tmp_path, path):
    root = tmp_path / "program"
    root.mkdir()
    cfg, problems = settings(root, f'[dokument]\nmal = "{path}"\n')
    d = only_hp006(problems)
    assert d.line == 2
    assert d.message == f"Stien «{path}» i «mal» peker ut av programmappen."
    assert cfg.template is None


def test_template_folder_outside_the_programme_is_hp006(tmp_path):
    root = tmp_path / "program"
    root.mkdir()
    cfg, problems = settings(root, '[dokument]\nmaler = ".."\n')
    assert "peker ut av programmappen" in only_hp006(problems).message
    assert cfg.templates_dir is None


def test_bad_dates_in_the_calendar_are_hp006(tmp_path):
    cfg, problems = settings(tmp_path, '[kalender]\nstyremoter = [2027-01-20, "2027-02-30"]\n'
                                       'kommunestyremoter = "snart"\n')
    assert [d.code for d in problems] == ["HP006", "HP006"]
    assert [d.line for d in problems] == [2, 3]
    assert "«2027-02-30» i «styremoter» er ikke en dato som finnes" in problems[0].message
    assert cfg.board_meetings == (dt.date(2027, 1, 20),)
    assert cfg.council_meetings == ()


def test_not_utf8_is_hp006(tmp_path):
    (tmp_path / "hp.toml").write_bytes('[dokument]\nmal = "maler/Bjørnøy.docx"\n'.encode("cp1252"))
    cfg, problems = config.load(tmp_path, known_codes=KNOWN)
    assert "kan ikke leses" in only_hp006(problems).message
    assert cfg.present


def test_hp006_is_reported_by_validate_and_fails_it(copy_programme):
    root = copy_programme(CONTRACT)
    (root / "hp.toml").write_text('[regler]\nav = ["HP399"]\n', encoding="utf-8")
    result = validate(root)
    hp006 = [d for d in result.diagnostics if d.code == "HP006"]
    assert [(d.file, d.line, d.column) for d in hp006] == [("hp.toml", 2, 1)]
    assert result.diagnostics[0].code == "HP006"  # a root file: sorted first
    assert result.failed()
    assert result.programme.config.disabled == frozenset()


def test_regnskap_names_the_columns_of_the_accounting_export(tmp_path):
    cfg, problems = settings(tmp_path, '[regnskap]\nprosjekt = "Prosjektnr"\n'
                             'belop = "Beløp NOK"\ndato = "Bilagsdato"\n')
    assert problems == []
    assert (cfg.accounts_project, cfg.accounts_amount, cfg.accounts_date) == (
        "Prosjektnr", "Beløp NOK", "Bilagsdato")
    cfg, problems = settings(tmp_path, "[kalender]\n")
    assert (cfg.accounts_project, cfg.accounts_amount, cfg.accounts_date) == (
        "Prosjekt", "Beløp", None)


def test_a_bad_regnskap_column_is_hp006_and_keeps_the_default(tmp_path):
    cfg, problems = settings(tmp_path, '[regnskap]\n\nbelop = 12\nkonto = "K"\n')
    assert [(d.code, d.line) for d in problems] == [("HP006", 4), ("HP006", 3)]
    assert "Ukjent nøkkel «konto» i [regnskap]" in problems[0].message
    assert "«belop» i [regnskap] skal være navnet på en kolonne" in problems[1].message
    assert cfg.accounts_amount == "Beløp"
