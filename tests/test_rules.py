"""Every consistency rule (HP2xx–HP7xx) catches its fault in a realistic programme, at the right
file and line, and stays silent on the correct example.

Each case copies the Straumsvik example, makes one realistic mistake with `edit` (which fails if
the text to change is missing) and asserts the rule's code at the line that holds `marker`.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from helpers import EXAMPLE, NYNORSK_EXAMPLE, edit, git_commit_all, hp908_on

from handlingsplan.check import validate
from handlingsplan.diagnostics import Severity
from handlingsplan.rules import catalogue

PLAN = "omstillingsplan.yaml"
META = "2027/handlingsplan.yaml"
S1 = "2027/1-mal-og-innsatsomrader.yaml"
S2 = "2027/2-resultater.yaml"
S3 = "2027/3-strategier-og-tiltak.yaml"
S4 = "2027/4-ressursinnsats-og-finansiering.yaml"
S5 = "2027/5-kommunikasjonsplan.yaml"
FOLLOWUP = "2026/oppfolging.yaml"

# Faults that a rule's own example (its documentation, run below) does not show
EXTRA_CASES = [
    # (id, code, [(file, old, new), ...], file of the diagnostic, regex of the line it points at)
    ("unknown-goal-in-contributions", "HP202", [(S3, "bidrag: {REI-M1: 2, HM2: 2}",
                                                 "bidrag: {REI-M9: 2, HM2: 2}")],
     S3, r"bidrag: \{REI-M9"),
    ("duplicate-risk", "HP205", [(S3, "  - id: R2", "  - id: R1")], S3, (r"^  - id: R1", 2)),
    ("year-without-frames", "HP305", [(PLAN, "    2027: {fylkeskommunen: 3000000, kommunen: "
                                             "1100000, sparebankstiftelsen: 400000}\n", "")],
     S4, r"^finansiering:"),
]


def line_of(path: Path, marker: str | tuple[str, int]) -> int:
    """1-based line of the n-th (default first) line matching the regex `marker`."""
    pattern, nth = marker if isinstance(marker, tuple) else (marker, 1)
    hits = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if re.search(pattern, line)]
    assert len(hits) >= nth, f"{pattern!r} not found {nth} time(s) in {path}"
    return hits[nth - 1]


def _assert_reported(root: Path, code: str, file: str, marker, present: bool = True) -> None:
    hits = [d for d in validate(root).diagnostics if d.code == code]
    line = line_of(root / file, marker)
    found = any(d.file == file and d.line == line for d in hits)
    assert found is present, (
        f"expected {code} {'at' if present else 'not at'} {file}:{line}, got "
        f"{[(d.code, d.file, d.line) for d in hits]}")
    assert all(d.severity is catalogue()[code].severity for d in hits)


RULES_WITH_CHECKS = [r for r in catalogue().values() if r.check is not None]


@pytest.mark.parametrize("rule", RULES_WITH_CHECKS, ids=[r.code for r in RULES_WITH_CHECKS])
def test_every_rules_documented_example_does_what_it_says(copy_programme, rule):
    """`hp rules CODE` shows the example; here it runs on the bundled example programme."""
    example = rule.example
    assert example is not None
    root = copy_programme()
    if example.git:  # HP908: the plan as approved is in Git before the change
        if shutil.which("git") is None:
            pytest.skip("the example needs the git program, which is not installed")
        hp908_on(root)
        git_commit_all(root, "Handlingsplanen vedtatt")
    path = root / example.file
    text = path.read_text(encoding="utf-8")
    if example.passing in text:  # the example programme passes; the change makes it fail
        edit(path, example.passing, example.failing)
        _assert_reported(root, rule.code, example.where, example.line_pattern)
    else:  # the example programme has the fault (HP309); the passing text mends it
        assert example.failing in text, f"{rule.code}: neither text is in {example.file}"
        _assert_reported(root, rule.code, example.where, example.line_pattern)
        edit(path, example.failing, example.passing)
        mended = re.escape(example.passing.splitlines()[0].strip())
        _assert_reported(root, rule.code, example.where, mended, present=False)


@pytest.mark.parametrize(("code", "edits", "file", "marker"),
                         [pytest.param(*c[1:], id=f"{c[1]}-{c[0]}") for c in EXTRA_CASES])
def test_rule_catches_its_fault(copy_programme, code, edits, file, marker):
    root = copy_programme()
    for target, old, new in edits:
        edit(root / target, old, new)
    _assert_reported(root, code, file, marker)


def test_every_code_in_the_source_is_in_the_catalogue():
    import re as regex

    codes = set()
    for path in (Path(__file__).parent.parent / "src").rglob("*.py"):
        codes |= set(regex.findall(r"\bHP[0-9]{3}\b", path.read_text(encoding="utf-8")))
    codes -= {"HP000", "HP200", "HP399"}  # a crashed rule (never a finding); the limit of the
    # codes that hp.toml may switch off; an unknown code in the example of HP006
    assert codes <= set(catalogue()), sorted(codes - set(catalogue()))


def test_every_rule_is_documented_with_examples():
    for code, r in catalogue().items():
        assert r.title and r.doc, code
        assert r.passing and r.failing, f"{code} lacks an example"


@pytest.mark.parametrize("example", [EXAMPLE, NYNORSK_EXAMPLE], ids=["bokmål", "nynorsk"])
def test_examples_validate_with_no_errors_or_warnings(example):
    result = validate(example)
    loud = [d for d in result.diagnostics if d.severity is not Severity.INFO]
    assert loud == []
    assert not result.failed(strict=True)
    # the only remarks are money not yet allocated to a tiltak (HP309)
    assert {d.code for d in result.diagnostics} <= {"HP309"}


def test_exactly_75_percent_passes_and_just_above_fails(copy_programme):
    # Straumsvik 2025: 3 000 000 kr of 4 000 000 kr from the county, exactly 75 %
    root = copy_programme()
    assert not [d for d in validate(root).diagnostics if d.code in ("HP303", "HP304")]
    edit(root / PLAN, "  fylkeskommune_maks_prosent: 75", "  fylkeskommune_maks_prosent: 74.99")
    hits = [d for d in validate(root).diagnostics if d.code == "HP303"]
    assert [d.file for d in hits] == ["2025/4-ressursinnsats-og-finansiering.yaml"]
    assert "75 %" in hits[0].message and "74,99 %" in hits[0].message


def test_80_20_county_is_clean_with_its_conditions_and_flagged_by_the_defaults(copy_programme):
    root = copy_programme(NYNORSK_EXAMPLE)
    assert not validate(root).failed()
    text = (root / PLAN).read_text(encoding="utf-8")
    block = re.search(r"^vilkår:\n(?:  .*\n)+", text, re.M)
    assert block, "the nynorsk example states its 80/20 conditions"
    (root / PLAN).write_text(text.replace(block.group(0), ""), encoding="utf-8")
    result = validate(root)
    codes = {(d.code, d.file) for d in result.diagnostics if d.severity is Severity.ERROR}
    assert ("HP303", "2026/4-ressursinnsats-og-finansiering.yaml") in codes
    assert ("HP304", "2026/4-ressursinnsats-og-finansiering.yaml") in codes


def test_hp301_message_gives_the_numbers(copy_programme):
    root = copy_programme()
    edit(root / S4, "  administrasjon: 1080000", "  administrasjon: 1130000")
    [hit] = [d for d in validate(root).diagnostics if d.code == "HP301"]
    assert hit.message == ("Kostnadene (4 430 000 kr) er ikke lik finansieringen "
                           "(4 380 000 kr); differansen er 50 000 kr.")


def test_year_outside_the_period(copy_programme):
    root = copy_programme()
    edit(root / PLAN, "periode: {fra: 2025, til: 2030}", "periode: {fra: 2025, til: 2026}")
    hits = [d for d in validate(root).diagnostics if d.code == "HP501"]
    assert [(d.file, d.line) for d in hits] == [(META, 1)]


def test_warnings_fail_only_with_strict_and_info_never(copy_programme):
    root = copy_programme()
    result = validate(root)
    assert result.summary.info > 0 and not result.failed(strict=True)
    edit(root / S1, "  HM1: 50", "  HM1: 45")  # HP402, a warning
    result = validate(root)
    assert result.summary.warnings == 1 and result.summary.errors == 0
    assert not result.failed() and result.failed(strict=True)


def test_hp_toml_switches_off_and_regrades(copy_programme):
    root = copy_programme()
    edit(root / S1, "  HM1: 50", "  HM1: 45")  # HP402
    (root / "hp.toml").write_text('[regler]\nav = ["HP309"]\n\n[regler.alvorlighet]\n'
                                  'HP402 = "feil"\n', encoding="utf-8")
    result = validate(root)
    assert not [d for d in result.diagnostics if d.code == "HP309"]
    [hp402] = [d for d in result.diagnostics if d.code == "HP402"]
    assert hp402.severity is Severity.ERROR and result.failed()


def test_a_broken_section_does_not_hide_the_other_files_problems(copy_programme):
    root = copy_programme()
    edit(root / S3, "    budsjett: 600000", "    budsjett: 600000.5")  # HP103, s3 unusable
    edit(root / S1, "  HM1: 50", "  HM1: 45")  # HP402 still found
    codes = {d.code for d in validate(root).diagnostics}
    assert {"HP103", "HP402"} <= codes


def test_hp406_gives_the_numbers_and_where_the_start_value_comes_from(copy_programme):
    root = copy_programme()
    edit(root / S3, "bidrag: {HM1: 10, HAV-M1: 10, HM3: 2}", "bidrag: {HM1: 4, HAV-M1: 10, HM3: 2}")
    [hit] = [d for d in validate(root).diagnostics if d.code == "HP406"]
    assert hit.message == ("Tiltakenes bidrag til «HM1» når ikke årsmålet: 24 ved utgangen av "
                           "2026 pluss 20 fra tiltakene er 44 arbeidsplasser, men årsmålet for "
                           "2027 er 50.")
    assert "Det mangler 6 arbeidsplasser" in hit.hint and "resultatet for 2026 i del 2" in hit.hint


def test_hp406_takes_last_years_follow_up_when_section_2_has_no_result(copy_programme):
    """Never this year's follow-up: 2026's oppfolging.yaml stands in for a missing result."""
    root = copy_programme()
    edit(root / S2, "      HM1: 24\n      HM2: 9\n", "      HM2: 9\n")  # no 2026 result for HM1
    followup = (root / FOLLOWUP).read_text(encoding="utf-8")
    assert "indikatorer:" in followup and "HM1:" in followup
    edit(root / S3, "bidrag: {HM1: 10, HAV-M1: 10, HM3: 2}", "bidrag: {HM1: 1, HAV-M1: 10, HM3: 2}")
    [hit] = [d for d in validate(root).diagnostics if d.code == "HP406"]
    assert "oppfølgingen for 2026" in hit.hint


def test_goals_without_contributions_are_not_checked_by_hp406(copy_programme):
    root = copy_programme()
    edit(root / S1, "  HM3: 15", "  HM3: 150")  # HP402 says it differs; HP406 only if bidrag
    edit(root / S3, "bidrag: {HM1: 10, HAV-M1: 10, HM3: 2}", "bidrag: {HM1: 10, HAV-M1: 10}")
    edit(root / S3, "bidrag: {HM1: 8, HAV-M1: 8, HM3: 7}", "bidrag: {HM1: 8, HAV-M1: 8}")
    assert not [d for d in validate(root).diagnostics if d.code == "HP406"]


def test_the_format_reference_carries_the_catalogue_as_it_is():
    """docs/format.md is what users read: its rule list is the catalogue itself. After a change
    to a rule, refresh it with `hp rules --markdown --out docs/format.md`."""
    from handlingsplan.output.catalogue import between_markers, markdown

    doc = (Path(__file__).parents[1] / "docs" / "format.md").read_text(encoding="utf-8")
    assert between_markers(doc) == markdown(catalogue().values())


def test_hp_rules_markdown_fills_only_between_the_markers(tmp_path):
    from typer.testing import CliRunner

    from handlingsplan.cli import app

    doc = tmp_path / "regler.md"
    doc.write_text("# Mine regler\n\n<!-- regler:start -->\ngammelt\n<!-- regler:end -->\nslutt\n",
                   encoding="utf-8")
    result = CliRunner().invoke(app, ["rules", "--markdown", "--out", str(doc)])
    assert result.exit_code == 0, result.output
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("# Mine regler\n\n<!-- regler:start -->\n| Kode |")
    assert "gammelt" not in text and text.endswith("<!-- regler:end -->\nslutt\n")
    assert "### HP301" in text
