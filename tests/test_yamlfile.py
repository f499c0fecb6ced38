"""Reading one YAML file (loader/yamlfile.py): positions, encodings, syntax errors in Norwegian,
duplicate keys, and YAML that must never be trusted (alias bombs, deep nesting, tags)."""

from __future__ import annotations

from pathlib import Path

import pytest

from handlingsplan.diagnostics import Diagnostic, Severity
from handlingsplan.loader import yamlfile
from handlingsplan.loader.yamlfile import SourceFile, Span


def read(tmp_path: Path, content: str | bytes, name: str = "x.yaml",
         ) -> tuple[SourceFile, list[Diagnostic]]:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    else:
        path.write_bytes(content)
    return yamlfile.read(path, name)


def only(problems: list[Diagnostic], code: str) -> Diagnostic:
    assert [d.code for d in problems] == [code], problems
    return problems[0]


def plain(value) -> bool:
    """Nothing but the values YAML describes: no object was constructed."""
    if isinstance(value, dict):
        return all(plain(k) and plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(plain(v) for v in value)
    return value is None or isinstance(value, (str, int, float, bool))


# --- positions ------------------------------------------------------------------------------------

NESTED = """\
program: Eksempel
periode:
  fra: 2025
  til: 2030
vedtatt: {organ: Kommunestyret, dato: 2024-11-14}
hovedmål:
  - id: HM1
    tekst: Minst 100 nye arbeidsplasser
  - {id: HM2, tekst: Flere bedrifter}
bidrar_til: [HM1, IND-M1]
"""


def test_data_is_plain_values(tmp_path):
    sf, problems = read(tmp_path, NESTED)
    assert problems == []
    assert sf.ok
    assert sf.data == {
        "program": "Eksempel",
        "periode": {"fra": 2025, "til": 2030},
        "vedtatt": {"organ": "Kommunestyret", "dato": "2024-11-14"},  # the types parse dates
        "hovedmål": [{"id": "HM1", "tekst": "Minst 100 nye arbeidsplasser"},
                     {"id": "HM2", "tekst": "Flere bedrifter"}],
        "bidrar_til": ["HM1", "IND-M1"],
    }


@pytest.mark.parametrize(("path", "key", "line", "column"), [
    (("program",), True, 1, 1),
    (("program",), False, 1, 10),
    (("periode",), True, 2, 1),
    (("periode", "fra"), True, 3, 3),
    (("periode", "fra"), False, 3, 8),
    (("periode", "til"), False, 4, 8),
    (("vedtatt", "organ"), True, 5, 11),  # flow mapping
    (("vedtatt", "dato"), False, 5, 39),
    (("hovedmål", 0), False, 7, 5),  # list item: where the item starts
    (("hovedmål", 0, "tekst"), True, 8, 5),
    (("hovedmål", 0, "tekst"), False, 8, 12),
    (("hovedmål", 1), False, 9, 5),  # a flow mapping as a list item
    (("hovedmål", 1, "tekst"), False, 9, 22),
    (("bidrar_til", 1), False, 10, 19),  # flow list item
])
def test_positions_of_keys_and_values_are_1_based(tmp_path, path, key, line, column):
    sf, _ = read(tmp_path, NESTED)
    span = sf.span(path, key=key)
    assert (span.line, span.column) == (line, column)
    # and the text really is there
    text_line = sf.lines()[line - 1]
    written = path[-1] if key else None
    if written is not None and isinstance(written, str):
        assert text_line[column - 1:].startswith(written)


def test_value_span_covers_the_value(tmp_path):
    sf, _ = read(tmp_path, NESTED)
    assert sf.span(("program",)) == Span(1, 10, 1, 18)  # "Eksempel"


def test_missing_path_points_at_the_nearest_enclosing_key(tmp_path):
    sf, _ = read(tmp_path, NESTED)
    assert sf.span(("periode", "midt")) == sf.span(("periode",), key=True)
    assert sf.span(("hovedmål", 0, "indikator")) == sf.span(("hovedmål", 0))
    assert sf.span(("finnes_ikke", "heller_ikke")) == yamlfile.WHOLE_FILE
    assert sf.has(("periode", "fra"))
    assert not sf.has(("periode", "midt"))


def test_diagnostic_carries_the_position_and_the_relative_file(tmp_path):
    sf, _ = read(tmp_path, NESTED, name="omstillingsplan.yaml")
    d = sf.diagnostic("HP999", "Melding.", ("periode", "til"), key=True, hint="Tips.")
    assert (d.code, d.file, d.line, d.column, d.message, d.hint) == (
        "HP999", "omstillingsplan.yaml", 4, 3, "Melding.", "Tips.")
    assert d.severity is Severity.ERROR
    assert (d.end_line, d.end_column) == (4, 6)


def test_an_empty_value_is_shown_at_its_key_not_on_the_next_line(tmp_path):
    sf, problems = read(tmp_path, "visjon:\nbakgrunn: Tekst\nslutt:\n")
    assert problems == []
    assert sf.data == {"visjon": None, "bakgrunn": "Tekst", "slutt": None}
    assert (sf.span(("visjon",)).line, sf.span(("visjon",)).column) == (1, 1)
    assert sf.span(("slutt",)).line == 3  # not line 4, past the end of the file


# --- encodings and line endings -------------------------------------------------------------------


def test_utf8_with_bom(tmp_path):
    sf, problems = read(tmp_path, b"\xef\xbb\xbfkommune: Bj\xc3\xb8rn\xc3\xb8y\nfylke: x\n")
    assert problems == []
    assert sf.data == {"kommune": "Bjørnøy", "fylke": "x"}
    assert not sf.text.startswith("\ufeff")
    assert (sf.span(("kommune",), key=True).column, sf.span(("kommune",)).column) == (1, 10)
    assert sf.span(("fylke",)).line == 2


def test_crlf_line_endings_keep_positions_right(tmp_path):
    text = NESTED.replace("\n", "\r\n")
    sf, problems = read(tmp_path, text)
    assert problems == []
    assert sf.data["hovedmål"][1] == {"id": "HM2", "tekst": "Flere bedrifter"}
    assert (sf.span(("periode", "til")).line, sf.span(("periode", "til")).column) == (4, 8)
    assert (sf.span(("hovedmål", 1, "tekst")).line,
            sf.span(("hovedmål", 1, "tekst")).column) == (9, 22)
    assert all("\r" not in line for line in sf.lines())
    assert sf.lines()[3] == "  til: 2030"


def test_bom_and_crlf_and_an_error_on_line_3(tmp_path):
    content = b"\xef\xbb\xbfa: 1\r\nb: 2\r\nc: d: e\r\n"
    _, problems = read(tmp_path, content)
    d = only(problems, "HP001")
    assert (d.line, d.column) == (3, 5)


def test_windows_1252_is_hp002_at_the_first_bad_byte(tmp_path):
    content = "program: Omstilling\nkommune: Bjørnøy kommune\n".encode("cp1252")
    sf, problems = read(tmp_path, content)
    d = only(problems, "HP002")
    assert d.severity is Severity.ERROR
    assert "Windows-1252" in d.message
    assert "ikke lagret som UTF-8" in d.message
    assert (d.line, d.column) == (2, 12)  # the ø of «Bjørnøy»
    assert "0xF8" in d.message
    assert "UTF-8" in d.hint
    assert sf.data is None
    assert not sf.ok


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_hp002(tmp_path, encoding):
    content = "program: Omstilling i Bjørnøy\nkommune: x\n".encode(encoding)
    sf, problems = read(tmp_path, content)
    d = only(problems, "HP002")
    assert "UTF-16" in d.message
    assert (d.line, d.column) == (1, 1)
    assert sf.data is None


def test_utf16_of_plain_ascii_is_hp002_too(tmp_path):
    # every other byte is NUL: valid UTF-8, but not what the user meant
    _, problems = read(tmp_path, "a: 1\n".encode("utf-16-le"))
    assert "UTF-16" in only(problems, "HP002").message


# --- syntax errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(("content", "line", "column", "words"), [
    # a colon and a space in an unquoted text
    ("program: x\nvisjon: Et livskraftig Eksempel: flere ben\n", 2, 32, "Kolon (:)"),
    # an item indented one space too little
    ("periode:\n  fra: 2025\n til: 2030\n", 3, 2, "Innrykket"),
    # a tab used for indentation
    ("periode:\n\tfra: 2025\n", 2, 1, "Tabulator"),
    # a list line with the wrong indentation
    ("kilder:\n  fra: 1\n  - b\n", 3, 3, "listelinje"),
    # a quote that is never closed: shown where it opens, not at the end of the file
    ("program: x\nvisjon: \"Et livskraftig Eksempel\nbakgrunn: y\n", 2, 9, "anførselstegn"),
    ("program: x\nvisjon: 'Et livskraftig\n", 2, 9, "anførselstegn"),
    # a bracket that is never closed
    ("program: x\nbidrar_til: [HM1, IND-M1\n", 2, 13, "hakeparenteser"),
    ("program: x\nperiode: {fra: 2025, til: 2030\n", 2, 10, "krøllparenteser"),
    # a line without a colon: shown on that line, not the next one
    ("program: x\nvisjon\nbakgrunn: y\n", 2, 1, "kolon"),
    # a character that cannot start a value
    ("program: @Eksempel\n", 1, 10, "tegn som ikke kan stå her"),
    # a backslash escape that does not exist (shown at the letter after the backslash)
    ('program: "C:\\mappe"\n', 1, 13, "omvendt skråstrek"),  # at the backslash
    # a bracket that is never closed at the end of the file: shown at the end of the last line
    ("program: x\nbidrar_til: [\n\n", 2, 14, "lukket"),
])
def test_syntax_errors_are_hp001_on_the_real_line_in_norwegian(tmp_path, content, line, column,
                                                                words):
    sf, problems = read(tmp_path, content)
    d = only(problems, "HP001")
    assert (d.line, d.column) == (line, column), d
    assert words in d.message
    assert "på engelsk" not in d.message  # translated, not ruamel's English
    assert d.hint
    assert line <= len(sf.lines())  # never past the end of the file
    assert sf.data is None


def test_colon_hint_shows_how_to_quote(tmp_path):
    _, problems = read(tmp_path, "tekst: Mål: 40 nye jobber\n")
    assert "anførselstegn" in only(problems, "HP001").hint


def test_untranslated_syntax_error_still_says_it_is_a_yaml_error(tmp_path):
    _, problems = read(tmp_path, "a: !x!y z\n")
    d = only(problems, "HP001")
    assert d.message.startswith("YAML-syntaksfeil (på engelsk: ")
    assert d.line == 1


def test_control_character_is_hp001_where_it_stands(tmp_path):
    _, problems = read(tmp_path, "program: x\nvisjon: Et\x07 program\n")
    d = only(problems, "HP001")
    assert (d.line, d.column) == (2, 11)
    assert "kontrolltegn" in d.message


def test_multi_document_file_is_hp001(tmp_path):
    sf, problems = read(tmp_path, "program: x\n---\nprogram: y\n")
    d = only(problems, "HP001")
    assert d.line == 2
    assert "flere YAML-dokumenter" in d.message
    assert sf.data is None


def test_a_single_document_marker_is_fine(tmp_path):
    sf, problems = read(tmp_path, "---\nprogram: x\n")
    assert problems == []
    assert sf.data == {"program": "x"}


def test_a_list_or_mapping_as_a_key_is_hp001(tmp_path):
    _, problems = read(tmp_path, "[a, b]: 1\nc: 2\n")
    d = only(problems, "HP001")
    assert (d.line, d.column) == (1, 1)
    assert "enkel tekst" in d.message


# --- duplicate keys -------------------------------------------------------------------------------


def test_duplicate_key_is_hp003_at_the_second_key(tmp_path):
    content = "kostnader:\n  administrasjon: 1000000\n  kommunikasjon: 100000\n" \
              "  administrasjon: 900000\n"
    sf, problems = read(tmp_path, content)
    d = only(problems, "HP003")
    assert (d.line, d.column) == (4, 3)
    assert "«administrasjon» står to ganger" in d.message
    assert "linje 2" in d.hint
    assert sf.data["kostnader"]["administrasjon"] == 1000000  # the first stays; no silent win
    assert not sf.ok


def test_duplicate_key_inside_a_flow_mapping_in_a_list(tmp_path):
    _, problems = read(tmp_path, "tiltak:\n  - id: A\n  - {id: B, navn: x, id: C}\n")
    d = only(problems, "HP003")
    assert (d.line, d.column) == (3, 22)
    assert "linje 3" in d.hint


def test_same_key_in_different_mappings_is_fine(tmp_path):
    _, problems = read(tmp_path, "a: {id: 1}\nb: {id: 1}\nc:\n  - id: 1\n  - id: 2\n")
    assert problems == []


# --- YAML that must not be trusted ----------------------------------------------------------------

BILLION_LAUGHS = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def test_billion_laughs_is_hp005(tmp_path):
    """Stopped by counting values, not by a clock (bench/run.py times the reader)."""
    sf, problems = read(tmp_path, BILLION_LAUGHS)
    d = only(problems, "HP005")
    assert "mer enn 200 000 verdier" in d.message
    assert 1 < d.line <= 9
    assert "alias" in d.hint
    assert sf.data is None


def test_a_few_aliases_are_fine(tmp_path):
    sf, problems = read(tmp_path, "felles: &alle [innbyggere, naeringsliv]\nandre: *alle\n")
    assert problems == []
    assert sf.data["andre"] == ["innbyggere", "naeringsliv"]


def test_recursive_alias_is_hp005(tmp_path):
    _, problems = read(tmp_path, "a: &a {b: *a}\n")
    assert "rekursivt" in only(problems, "HP005").message


@pytest.mark.parametrize("opening", ["[", "{a: "])
def test_very_deep_nesting_is_reported_not_a_crash(tmp_path, opening):
    sf, problems = read(tmp_path, "a: " + opening * 5000 + "\n")
    assert [d.code for d in problems] in (["HP005"], ["HP001"])
    assert sf.data is None


def test_nesting_deeper_than_64_is_hp005(tmp_path):
    sf, problems = read(tmp_path, "a: " + "[" * 65 + "]" * 65 + "\n")
    d = only(problems, "HP005")
    assert "64 nivåer" in d.message
    assert sf.data is None


def test_nesting_of_64_levels_is_fine(tmp_path):
    sf, problems = read(tmp_path, "a: " + "[" * 64 + "]" * 64 + "\n")
    assert problems == []
    node, depth = sf.data["a"], 1
    while node:
        [node] = node
        depth += 1
    assert depth == 64


def test_python_tags_are_hp001_and_construct_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = (
        "a: !!python/object/apply:builtins.exec [\"open('PWNED', 'w').write('x')\"]\n"
        "b: !!python/object:collections.OrderedDict {x: 1}\n"
        "c: !!python/name:os.system\n"
    )
    sf, problems = read(tmp_path, content)
    assert [d.code for d in problems] == ["HP001", "HP001", "HP001"]
    assert [d.line for d in problems] == [1, 2, 3]
    assert all(d.column == 4 for d in problems)
    assert "!!python/object/apply:builtins.exec" in problems[0].message
    assert "støttes ikke" in problems[0].message
    assert not (tmp_path / "PWNED").exists()
    assert plain(sf.data)
    assert not sf.ok


def test_custom_tag_is_hp001(tmp_path):
    sf, problems = read(tmp_path, "beløp: !kroner 1000\n")
    d = only(problems, "HP001")
    assert "«!kroner»" in d.message
    assert (d.line, d.column) == (1, 8)
    assert plain(sf.data)


def test_merge_keys_work(tmp_path):
    content = """\
felles: &felles {innsatsområde: IND, plp_fase: forprosjekt}
tiltak:
  - <<: *felles
    id: IND-01
  - <<: *felles
    id: IND-02
    plp_fase: hovedprosjekt
"""
    sf, problems = read(tmp_path, content)
    assert problems == []
    assert sf.data["tiltak"] == [
        {"innsatsområde": "IND", "plp_fase": "forprosjekt", "id": "IND-01"},
        {"innsatsområde": "IND", "plp_fase": "hovedprosjekt", "id": "IND-02"},
    ]
    assert sf.span(("tiltak", 1, "id"), key=True).line == 6


def test_yaml_1_2_scalars(tmp_path):
    content = ("a: no\nb: yes\nc: on\nd: off\ne: true\nf: 010\ng: 0o10\nh: ~\ni: 2027-03-01\n"
               "j: 1.5\nk: 1_000\nl: Norway\n")
    sf, problems = read(tmp_path, content)
    assert problems == []
    assert sf.data == {"a": "no", "b": "yes", "c": "on", "d": "off", "e": True, "f": 10,
                       "g": "0o10", "h": None, "i": "2027-03-01", "j": 1.5, "k": 1000,
                       "l": "Norway"}


def test_only_decimal_numbers_are_numbers(tmp_path):
    # YAML 1.2 would read 0x7EA as 2026; a year or an amount is never written in hex
    sf, problems = read(tmp_path, "rammer: {0x7EA: 1, 0o3753: 2, 2027: 3}\n")
    assert problems == []
    assert sf.data == {"rammer": {"0x7EA": 1, "0o3753": 2, 2027: 3}}


def test_numbers_as_keys_are_kept_as_numbers(tmp_path):
    sf, _ = read(tmp_path, "måltall: {2026: 20, 2030: 100}\n")
    assert sf.data == {"måltall": {2026: 20, 2030: 100}}
    assert sf.span(("måltall", 2030), key=True).column == 21


# --- empty and unreadable files -------------------------------------------------------------------


@pytest.mark.parametrize("content", ["", "\n\n", "# bare en kommentar\n", "---\n",
                                     b"\xef\xbb\xbf"])
def test_empty_file_has_no_data_and_no_error(tmp_path, content):
    sf, problems = read(tmp_path, content)
    assert problems == []
    assert sf.data is None
    assert sf.ok


def test_a_folder_instead_of_a_file_is_hp005(tmp_path):
    (tmp_path / "x.yaml").mkdir()
    sf, problems = yamlfile.read(tmp_path / "x.yaml", "x.yaml")
    d = only(problems, "HP005")
    assert sf.data is None
    assert "mappe" in d.message
    assert (d.line, d.column) == (1, 1)


def test_too_big_file_is_hp005(tmp_path, monkeypatch):
    monkeypatch.setattr(yamlfile, "MAX_BYTES", 1000)
    _, problems = read(tmp_path, "a: " + "x" * 2000 + "\n")
    d = only(problems, "HP005")
    assert "for stor" in d.message


def test_yaml_1_1_directive_is_refused(tmp_path):
    # under YAML 1.1 `no` would be false and 010 would be 8
    d = only(read(tmp_path, "%YAML 1.1\n---\nmålform: no\n")[1], "HP001")
    assert (d.line, d.column) == (1, 1) and "YAML 1.2" in d.message


def test_merge_with_a_plain_value_is_hp001(tmp_path):
    sf, problems = read(tmp_path, "a:\n  <<: 5\n  b: 1\n")
    d = only(problems, "HP001")
    assert (d.line, d.column) == (2, 7) and "<<" in d.message
    assert sf.data == {"a": {"b": 1}}


def test_a_number_key_and_the_same_key_quoted_are_duplicates(tmp_path):
    d = only(read(tmp_path, "rammer:\n  2026: 1\n  \"2026\": 2\n")[1], "HP003")
    assert (d.line, d.column) == (3, 3) and "linje 2" in d.hint


def test_both_parsers_give_the_same_data_and_positions(tmp_path, monkeypatch):
    """The C parser (ruamel.yaml.clib) is used when installed; the pure-Python one is the
    fallback. They must agree on what a file says and where."""
    text = (Path(__file__).parent.parent / "examples" / "straumsvik" / "2027" /
            "3-strategier-og-tiltak.yaml").read_text(encoding="utf-8")
    fast, _ = read(tmp_path, text)
    monkeypatch.setattr(yamlfile, "USE_C", False)
    slow, _ = read(tmp_path, text)
    assert fast.data == slow.data
    assert fast.keys == slow.keys and fast.values == slow.values


def test_a_comma_inside_a_flow_mapping_is_explained(tmp_path):
    from handlingsplan.loader.programme import load

    root = tmp_path
    (root / "omstillingsplan.yaml").write_text("program: x\n", encoding="utf-8")
    folder = root / "2027"
    folder.mkdir()
    (folder / "2-resultater.yaml").write_text(
        "tidligere_år:\n  - år: 2026\n    tiltak:\n"
        "      - {id: A-1, resultat: Tolv deltakere, to nye bedrifter.}\n", encoding="utf-8")
    [d] = [d for d in load(root).diagnostics if d.code == "HP101"]
    assert d.message == ("Kommaet etter «Tolv deltakere» avsluttet teksten, så «to nye "
                         "bedrifter.» ble lest som en ny nøkkel.")
    assert d.hint.endswith('resultat: "Tolv deltakere, to nye bedrifter."')
    assert (d.line, d.column) == (4, 45)
