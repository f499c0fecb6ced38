"""The document's Markdown dialect (render/markdown.py) and the Markdown writer (render/md.py):
the user's subset becomes real formatting, nothing else a user writes can become structure, and
values printed by a template stay text."""

from __future__ import annotations

import pytest

from handlingsplan.render import markdown as md
from handlingsplan.render.md import anchor
from handlingsplan.render.md import write as write_md


def runs(text: str) -> list[tuple[str, bool, bool]]:
    return [(r.text, r.bold, r.italic) for r in md.inline(text)]


def test_bold_italic_and_both():
    assert runs("Et **fett** og *kursivt* og ***begge*** ord") == [
        ("Et ", False, False), ("fett", True, False), (" og ", False, False),
        ("kursivt", False, True), (" og ", False, False), ("begge", True, True),
        (" ord", False, False)]


def test_italic_inside_bold():
    assert runs("**fet *og kursiv* fet**") == [
        ("fet ", True, False), ("og kursiv", True, True), (" fet", True, False)]


def test_a_lone_star_is_text_and_escapes_are_literal():
    assert runs("5 * 3 = 15") == [("5 * 3 = 15", False, False)]
    assert runs(r"\*ikke kursiv\* og \\") == [("*ikke kursiv* og \\", False, False)]


def test_no_markup_star_survives_in_the_users_subset():
    text = "Første **viktige** avsnitt med *vekt*.\n\n- punkt **én**\n- punkt *to*\n"
    blocks = md.parse(md.user_markdown(text))
    shown = "".join(md.plain_text(r) for b in blocks for r in
                    ([b.runs] if isinstance(b, md.Paragraph) else [i[1] for i in b.items]))
    assert "*" not in shown
    assert isinstance(blocks[0], md.Paragraph) and isinstance(blocks[1], md.BulletList)
    assert [lvl for lvl, _ in blocks[1].items] == [0, 0]


def test_paragraphs_lists_and_continuation_lines():
    blocks = md.parse("Linje én\nfortsetter.\n\n- punkt\n  som fortsetter\n- to\n  - under",
                      document=False)
    assert md.plain_text(blocks[0].runs) == "Linje én fortsetter."
    assert [(lvl, md.plain_text(r)) for lvl, r in blocks[1].items] == [
        (0, "punkt som fortsetter"), (0, "to"), (1, "under")]


@pytest.mark.parametrize("text", [
    "# Ikke en overskrift", "| ikke | en tabell |", "::: utkast", "[[sideskift]]",
    "![ikke](figur:budsjett)", ": ikke en tabelltekst"])
def test_a_users_text_never_becomes_structure(text):
    blocks = md.parse(md.user_markdown(text))
    assert len(blocks) == 1 and isinstance(blocks[0], md.Paragraph)
    assert md.plain_text(blocks[0].runs) == text


def test_escape_keeps_values_as_text_on_one_line_with_non_breaking_spaces():
    value = "# A*S | B_C\n- ny linje 1\u00a0250\u00a0000\u00a0kr"
    escaped = md.escape(value)
    assert "\n" not in escaped
    assert "1\u00a0250\u00a0000\u00a0kr" in escaped
    blocks = md.parse(escaped)
    assert md.plain_text(blocks[0].runs) == "# A*S | B_C - ny linje 1\u00a0250\u00a0000\u00a0kr"


def test_control_characters_are_dropped():
    blocks = md.parse("tekst\x0bmed\x00kontroll")
    assert md.plain_text(blocks[0].runs) == "tekstmedkontroll"


def test_headings_divs_directives_and_figures():
    blocks = md.parse("::: forside\n::: tittel\nTittel\n:::\n:::\n\n[[sideskift]]\n\n"
                      "# 1 Del\n\n## 1.1 Under\n\n![Tekst](figur:budsjett)\n\n"
                      "[[innholdsfortegnelse]]\n")
    kinds = [type(b).__name__ for b in blocks]
    assert kinds == ["Paragraph", "PageBreak", "Heading", "Heading", "Figure", "Toc"]
    assert blocks[0].roles == ("forside", "tittel")
    assert [b.level for b in blocks if isinstance(b, md.Heading)] == [1, 2]
    assert blocks[4].name == "budsjett"


def test_tables_alignment_widths_totals_groups_and_caption():
    text = ("| Post | Beløp |\n|:------|---:|\n| **Mars** | |\n| Adm | 1\u00a0000 kr |\n"
            "| **Sum** | **1\u00a0000 kr** |\n\n: Kostnader\n")
    (table,) = md.parse(text)
    assert table.align == ["l", "r"]
    assert table.widths == [6, 3]
    assert table.groups == {0}
    assert table.totals == {2}
    assert md.plain_text(table.caption) == "Kostnader"
    assert md.plain_text(table.header[0]) == "Post"


def test_a_table_with_empty_headers_has_no_header_row_and_br_breaks_a_cell():
    (table,) = md.parse("| | |\n|:--|:--|\n| **A** | én<br>to |\n")
    assert table.header is None
    assert [r.br for r in table.rows[0][1]] == [False, True, False]


def test_a_pipe_in_a_cell_is_escaped():
    (table,) = md.parse(f"| a | b |\n|---|---|\n| {md.escape('x | y')} | z |\n")
    assert md.plain_text(table.rows[0][0]) == "x | y"


@pytest.mark.parametrize(("text", "message"), [
    ("::: forside\ntekst\n", "ikke lukket"),
    (":::\n", "lukker en blokk"),
    ("[[ukjent]]\n", "Ukjent direktiv"),
    ("| a | b |\n| ikke | skille |\n", "skilleraden"),
])
def test_broken_document_text_is_a_clear_error(text, message):
    with pytest.raises(md.MarkupError, match=message):
        md.parse(text)


def test_numbering_of_tables_and_figures():
    blocks = md.parse("| a |\n|---|\n| 1 |\n: Én\n\n| b |\n|---|\n| 2 |\n\n"
                      "![F](figur:budsjett)\n\n| c |\n|---|\n| 3 |\n: To\n")
    md.number_captions(blocks)
    assert [getattr(b, "number", None) for b in blocks] == [1, None, 1, 2]


def test_github_anchors():
    seen: dict[str, int] = {}
    assert anchor("1 Mål og innsatsområder fra omstillingsplanen", seen) == \
        "1-mål-og-innsatsområder-fra-omstillingsplanen"
    assert anchor("1.1 Visjon", seen) == "11-visjon"
    assert anchor("1.1 Visjon", seen) == "11-visjon-1"


def test_markdown_writer_tables_figures_and_toc():
    blocks = md.parse("::: tittel\nHandlingsplan\n:::\n\n[[innholdsfortegnelse]]\n\n# 1 Del\n\n"
                      "| | |\n|:--|--:|\n| **A** | 1 |\n: Tekst\n\n![Bilde](figur:budsjett)\n\n"
                      "::: utkast\n- feil én\n:::\n")
    md.number_captions(blocks)
    text, files = write_md(blocks, {"budsjett": b"PNG"}, "plan-figurer")
    assert text.startswith("# Handlingsplan\n")
    assert "- [1 Del](#1-del)" in text
    assert "*Tabell 1: Tekst*\n\n|   |   |\n|:---|---:|\n| **A** | 1 |" in text
    assert "![Figur 1: Bilde](plan-figurer/budsjett.png)" in text
    assert "> - feil én" in text
    assert files == {"plan-figurer/budsjett.png": b"PNG"}
    text, files = write_md(blocks, {"budsjett": b"PNG"}, None)
    assert files == {} and "*Figur 1: Bilde*" in text and "](" not in text.split("Figur")[1]
