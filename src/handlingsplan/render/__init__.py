"""`hp render`: the year's Handlingsplan as a Word document, a PDF or Markdown, from the plan
alone.

The pipeline, each step in its own module:

1. load and validate the programme (the same rules as `hp validate`); refuse a plan with errors
   unless forced;
2. `model`: the year's content as data (sums, shares, lookups; målform-neutral);
3. `texts`: the Jinja templates of the programme's målform turn it into a small Markdown
   dialect (`markdown`), parsed into blocks;
4. `charts`: the figures the document asks for;
5. `word` or `md`: the same blocks written as .docx (on the Word template) or Markdown;
6. `pdf`: for a PDF, and for page numbers in the DOCX's table of contents (`page_numbers`),
   LibreOffice lays the DOCX out and makes the PDF.

Heavy libraries (python-docx, Jinja, matplotlib, pypdf) are imported only when rendering, and
LibreOffice is looked for only when it is needed.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from handlingsplan import produce
from handlingsplan.diagnostics import Diagnostic
from handlingsplan.errors import HpError
from handlingsplan.produce import ProduceError

FORMATS = ("docx", "pdf", "md")


class RenderError(ProduceError):
    """The document cannot be made. `code` is the exit code: 1 when the plan has errors
    (`diagnostics`), 2 when the command cannot run."""


@dataclass
class Output:
    """A rendered document, not yet written."""

    year: int
    format: str
    path: Path
    data: bytes
    figures: dict[Path, bytes] = field(default_factory=dict)  # Markdown only
    year_was_default: bool = False
    errors: list[Diagnostic] = field(default_factory=list)  # a forced render's errors
    warnings: int = 0
    template: Path | None = None
    libreoffice_runs: int = 0  # conversions made (PDF, or page numbers in the DOCX)
    new_folder: Path | None = None  # ut/, made when the document is written


Progress = Callable[[str], None]


def _noop(_message: str) -> None:
    """Progress that shows nothing (the library default; the CLI shows a spinner)."""



def default_name(year: int, fmt: str, kind: str = "handlingsplan") -> str:
    """handlingsplan-2027.docx; arsrapport-2026.docx and sluttrapport-2030.docx for reports."""
    return f"{kind}-{year}.{fmt}"


PLAN, ANNUAL_REPORT, FINAL_REPORT = "handlingsplan", "arsrapport", "sluttrapport"
TOP_TEMPLATES = {PLAN: "dokument.md.j2", ANNUAL_REPORT: "rapport.md.j2",
                 FINAL_REPORT: "rapport.md.j2"}


def build(path: Path | str = ".", year: int | None = None, *, fmt: str = "docx",
          out: Path | None = None, template: Path | None = None, force: bool = False,
          page_numbers: bool = False, progress: Progress = _noop, kind: str = PLAN
          ) -> Output:
    """Validate and render plan year `year` (default: the newest) of the programme at `path`.

    `fmt` is docx, pdf or md. `page_numbers` puts page numbers in the table of contents of the
    DOCX, as LibreOffice lays it out (a PDF always has them). `kind` is the document: the
    year's plan (PLAN), its annual report (ANNUAL_REPORT) or the final report of the period up
    to the year (FINAL_REPORT); the same blocks, writers and templates make all three. Raises
    RenderError when the document cannot (or, with errors and no `force`, may not) be made.
    Whatever can stop the render (format, LibreOffice, the plan's errors, the target) is checked
    before the work."""
    if fmt not in FORMATS:
        raise RenderError(f"Ukjent format «{fmt}»: velg docx, pdf eller md.")
    if page_numbers and fmt == "md":
        raise RenderError("Markdown har ingen sidetall (--sidetall).",
                          "Bruk --sidetall med --format docx; en PDF har dem alltid.")
    paginate = fmt == "pdf" or page_numbers
    soffice = _soffice() if paginate else None
    progress("Leser og sjekker planen …")
    programme, year, defaulted = produce.programme_and_year(
        path, year, RenderError, "render",
        "Velg et annet år med --year, eller lag året med «hp init ÅR».")
    errors, warnings = produce.checked(
        programme, year, force, RenderError, "dokumentet",
        "Rett feilene (se «hp validate»), eller lag et utkast som er merket med feilene: "
        "hp render --force.")
    if kind != PLAN:
        _check_figures(programme, year)
    target, new_folder = produce.target(
        out, default_name(year, fmt, kind), programme.root, RenderError,
        stdout=None if fmt == "md" else ("Bare Markdown kan skrives til standard ut (--out -).",
                                         "Bruk --format md, eller oppgi et filnavn."))

    from handlingsplan.render import model, report
    from handlingsplan.render.reproducible import document_time

    if kind == PLAN:
        view = model.build(programme, year, errors if force else None)
        plan_date = model.document_date(programme, year)
    else:
        view = report.build(programme, year, kind == FINAL_REPORT, errors if force else None)
        plan_date = report.document_date(programme, year)
    malform = str(programme.plan.malform.value)
    progress("Lager tekstene …")
    blocks, labels = _texts(view, malform, programme.config.templates_dir,
                            TOP_TEMPLATES[kind])
    chosen = writer = None
    if fmt in ("docx", "pdf"):  # the template before the charts: they take its accent colour
        from handlingsplan.render import word
        from handlingsplan.resources import default_docx

        chosen = template or programme.config.template or default_docx()
        with _template_problems(chosen):
            writer = word.WordWriter(chosen)
    figures, descriptions = _figures(blocks, view, labels, writer, malform, progress)
    output = Output(year=year, format=fmt, path=target, data=b"", year_was_default=defaulted,
                    errors=errors, warnings=warnings, new_folder=new_folder)
    when = document_time(plan_date)
    if writer is None:
        progress("Skriver Markdown …")
        _markdown(output, blocks, figures, labels)
        return output
    assert chosen is not None
    output.template = chosen
    progress("Skriver Word-dokumentet …")
    meta = _meta(programme, year, view, labels, malform, when, bool(errors), kind)
    with _template_problems(chosen):
        output.data = writer.write(blocks, figures, meta, descriptions, toc_numbers=paginate)
        if soffice is not None:
            _paginate(output, writer, meta, soffice, fmt == "pdf", progress)
    return output


def _check_figures(programme, year: int) -> None:
    """A report needs the year's figures at year end: exit 2, saying where to write them."""
    from handlingsplan.figures.yearend import year_end

    if year_end(programme, year) is not None:
        return
    raise RenderError(
        f"Det finnes ingen tall for {year} å lage årsrapporten av: verken resultatene for "
        f"{year} i handlingsplanen for {year + 1} eller oppfølgingen for {year}.",
        f"Før inn resultatene under «tidligere_år» (år: {year}) i "
        f"{year + 1}/2-resultater.yaml, eller før status og forbruk per tiltak i "
        f"{year}/oppfolging.yaml (se «hp status»).")


_LABEL_KINDS = (("diagram", dict, "en ordbok ({…})"), ("status", dict, "en ordbok ({…})"),
                ("tabell", str, "en tekst"), ("figur", str, "en tekst"))


def _texts(view: dict, malform: str, own_templates: Path | None,
           document: str = "dokument.md.j2"):
    """The document's blocks and the labels of etiketter.j2, checked for what hp reads."""
    from handlingsplan.render import texts

    try:
        rendered = texts.render(view, malform, own_templates, document)
        blocks = texts.parse(rendered)
    except texts.TemplateProblem as exc:
        raise RenderError(str(exc), exc.hint) from None
    labels = rendered.labels
    for key, kind, what in _LABEL_KINDS:
        if key not in labels:
            raise RenderError(f"etiketter.j2 mangler «{key}».",
                              "Ta utgangspunkt i etiketter.j2 som følger med hp.")
        if not isinstance(labels[key], kind):
            raise RenderError(f"«{key}» i etiketter.j2 må være {what}.",
                              "Ta utgangspunkt i etiketter.j2 som følger med hp.")
    return blocks, labels


def _figures(blocks, view: dict, labels: dict, writer, malform: str, progress: Progress
             ) -> tuple[dict[str, bytes | None], dict[str, str]]:
    """The charts the blocks ask for (PNG by name), and their alternative texts (Word)."""
    from handlingsplan.render import charts, markdown

    names = [b.name for b in blocks if isinstance(b, markdown.Figure)]
    if not names:
        return {}, {}
    progress("Tegner figurer …")
    try:
        figures = charts.draw(names, view, labels["diagram"],
                              writer.accent if writer is not None else None)
    except charts.ChartProblem as exc:
        raise RenderError(str(exc), "Se templates/tekster/README.md.") from None
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        what = f"mangler {exc}" if isinstance(exc, KeyError) else "har en verdi av feil slag"
        raise RenderError(f"«diagram» i etiketter.j2 {what}.",
                          "Ta utgangspunkt i etiketter.j2 som følger med hp.") from None
    descriptions = _descriptions(names, view, labels, malform) if writer is not None else {}
    return figures, descriptions


def _markdown(output: Output, blocks, figures: dict[str, bytes | None], labels: dict) -> None:
    """The Markdown text, with its figures in a folder beside it (none on a stream)."""
    from handlingsplan.files import is_stream
    from handlingsplan.render import md

    target = output.path
    folder = f"{target.stem}-figurer" if not is_stream(target) else None
    text, files = md.write(blocks, figures, folder, str(labels["tabell"]), str(labels["figur"]))
    output.data = text.encode("utf-8")
    output.figures = {target.parent / rel: png for rel, png in files.items()}


def _meta(programme, year: int, view: dict, labels: dict, malform: str, when, forced: bool,
          kind: str = PLAN):
    """The Word document's properties: title, subject, status and the words it needs."""
    from handlingsplan.render import word

    status = view["plan"]["status"]
    status_label = str(labels["status"].get(status, status or ""))
    if forced:
        status_label = str(labels.get("utkast_med_feil", "Utkast med feil"))
    plan = programme.plan
    return word.Meta(
        title=view["plan"]["tittel"],
        subject=plan.programme,
        author=plan.municipality,
        keywords=f"{_KEYWORD[kind]}, omstilling, {plan.municipality}, {year}",
        comments=_comment(malform, year),
        status=status_label,
        version=view["plan"]["versjon"],
        language="nn-NO" if malform == "nynorsk" else "nb-NO",
        when=when,
        table_word=str(labels["tabell"]),
        figure_word=str(labels["figur"]),
    )


@contextlib.contextmanager
def _template_problems(template: Path):
    """A Word template is untrusted input: whatever in it python-docx or the writer cannot
    handle (a style of the wrong kind, a colour that is no colour, a missing part) is a problem
    with the template (exit 2), not a crash."""
    from handlingsplan.render.word import TemplateFileProblem

    try:
        yield
    except TemplateFileProblem as exc:
        raise RenderError(str(exc), exc.hint) from None
    except HpError:
        raise
    except Exception as exc:
        if os.environ.get("HP_DEBUG"):
            raise
        from handlingsplan.output.safe import visible

        raise RenderError(f"Dokumentet kan ikke bygges på Word-malen «{template.name}»: "
                          f"{type(exc).__name__}: {visible(str(exc))[:200]}.",
                          "Åpne malen i Word og lagre den på nytt, eller prøv uten --template "
                          "for å se om feilen ligger i malen.") from None


def _soffice() -> Path:
    from handlingsplan.render import pdf

    try:
        return pdf.find_soffice()
    except pdf.LibreOfficeProblem as exc:
        raise RenderError(exc.message, exc.hint) from None


def _paginate(output: Output, writer, meta, soffice: Path, want_pdf: bool,
              progress: Progress) -> None:
    """Page numbers in the table of contents from LibreOffice's layout; for a PDF, the PDF."""
    from handlingsplan.render import pdf

    try:
        docx, made, output.libreoffice_runs = pdf.with_page_numbers(
            soffice, output.data, writer.toc_bookmarks, writer.first_page_number,
            lambda pages: writer.with_toc_pages(pages, meta.when), want_pdf=want_pdf,
            progress=progress)
    except pdf.LibreOfficeProblem as exc:
        raise RenderError(exc.message, exc.hint) from None
    if want_pdf:
        assert made is not None
        output.data = pdf.normalise(made, meta.when)
    else:
        output.data = docx


def _descriptions(names: list[str], view: dict, labels: dict, malform: str) -> dict[str, str]:
    """The charts' alternative text, in the words of etiketter.j2; a programme's own, older
    etiketter.j2 without the words for it gets those shipped with hp."""
    from handlingsplan.render import alttext, texts

    words = dict(labels["diagram"])
    if any(k not in words for k in alttext.KEYS):
        words = {**texts.shipped_labels(view, malform)["diagram"], **words}
    try:
        return alttext.describe(names, view, words)
    except KeyError as exc:
        raise RenderError(f"«diagram» i etiketter.j2 mangler {exc}.",
                          "Ta utgangspunkt i etiketter.j2 som følger med hp.") from None


_KEYWORD = {PLAN: "handlingsplan", ANNUAL_REPORT: "årsrapport", FINAL_REPORT: "sluttrapport"}


def _comment(malform: str, year: int) -> str:
    from handlingsplan import __version__

    if malform == "nynorsk":
        return f"Laga med hp {__version__} frå planfilene for {year}."
    return f"Laget med hp {__version__} fra planfilene for {year}."


def write(output: Output) -> None:
    """Write the document and its figures atomically, both or neither. Raises RenderError if
    it cannot (see `files`: never over an input, a read-only file or through a link)."""
    produce.write(output.path, output.data, output.new_folder, RenderError, output.figures)


def render(path: Path | str = ".", year: int | None = None, **kwargs) -> Output:
    """Build and write: the library form of `hp render`."""
    output = build(path, year, **kwargs)
    if output.path != Path("-"):
        write(output)
    return output


__all__ = ["ANNUAL_REPORT", "FINAL_REPORT", "FORMATS", "PLAN", "Output", "RenderError",
           "build", "default_name", "render", "write"]
