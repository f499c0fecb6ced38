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

from handlingsplan.diagnostics import Diagnostic, Severity
from handlingsplan.errors import HpError

FORMATS = ("docx", "pdf", "md")


class RenderError(HpError):
    """The document cannot be made. `code` is the exit code: 1 when the plan has errors
    (`diagnostics`), 2 when the command cannot run."""

    def __init__(self, message: str, hint: str | None = None, code: int = 2,
                 diagnostics: list[Diagnostic] | None = None, programme=None):
        super().__init__(message, hint)
        self.code = code
        self.diagnostics = diagnostics or []
        self.programme = programme


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


OUT_FOLDER = "ut"  # where documents go by default, inside the programme


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
    programme, year, defaulted = _programme_and_year(path, year)
    errors, warnings = _checked(programme, year, force)
    if kind != PLAN:
        _check_figures(programme, year)
    target, new_folder = _checked_target(out, year, fmt, programme.root, kind)

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


def _programme_and_year(path: Path | str, year: int | None):
    """The programme, the plan year to render (the newest, or the year folder `path` is) and
    whether that year was chosen by default."""
    from handlingsplan.loader.programme import ProgrammeNotFound, load
    from handlingsplan.paths import year_of
    from handlingsplan.rules import catalogue

    try:
        programme = load(path, known_codes=set(catalogue()))
    except ProgrammeNotFound as exc:
        raise RenderError(str(exc), "Gå til programmappen, eller oppgi den: hp render STI."
                          ) from None
    years = sorted(programme.years)
    if year is None:  # PATH is a year folder: that year
        here = Path(path).expanduser().resolve()
        if here.parent == programme.root.resolve() and year_of(here.name) in programme.years:
            year = year_of(here.name)
    defaulted = year is None
    if year is None:
        if not years:
            raise RenderError(f"Programmet i «{programme.root}» har ingen planår (mapper som "
                              "2027/).", "Lag et planår med «hp init ÅR».")
        year = years[-1]
    if year not in programme.years:
        known = ", ".join(str(y) for y in years) or "ingen"
        raise RenderError(f"Programmet har ingen handlingsplan for {year} (mappen {year}/ "
                          f"finnes ikke). Planår som finnes: {known}.",
                          "Velg et annet år med --year, eller lag året med «hp init "
                          f"{year}».")
    return programme, year, defaulted


def _checked(programme, year: int, force: bool) -> tuple[list[Diagnostic], int]:
    """The year's errors and number of warnings; errors stop the render unless `force`."""
    from handlingsplan.check import check
    from handlingsplan.paths import in_year

    relevant = [d for d in check(programme).diagnostics if in_year(d.file, year)]
    errors = [d for d in relevant if d.severity is Severity.ERROR]
    warnings = sum(1 for d in relevant if d.severity is Severity.WARNING)
    if errors and not force:
        raise RenderError(f"Handlingsplanen for {year} har feil, så dokumentet lages ikke.",
                          "Rett feilene (se «hp validate»), eller lag et utkast som er merket "
                          "med feilene: hp render --force.", code=1, diagnostics=errors,
                          programme=programme)
    if programme.plan is None:
        raise RenderError("Omstillingsplanen (omstillingsplan.yaml) kan ikke leses, så "
                          "dokumentet kan ikke lages, heller ikke med --force.",
                          "Rett feilene i omstillingsplan.yaml først.", code=1,
                          diagnostics=errors, programme=programme)
    return errors, warnings


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


def _checked_target(out: Path | None, year: int, fmt: str, root: Path, kind: str = PLAN
                    ) -> tuple[Path, Path | None]:
    """Where the document goes, and ut/ when it must be made. Checked before the work (never
    over an input, a read-only file or through a link); `write` checks again."""
    target = _target(out, year, fmt, root, kind)
    if target == Path("-"):
        return target, None
    from handlingsplan.files import Refused, check_inside, check_target

    try:
        if out is None:  # ut/ of the programme: never a link that leads out of it
            if not target.parent.exists():
                check_inside(target, root)  # ut/ is made when the file is written
                return target, target.parent
            check_target(target, root=root)
        else:
            check_target(target)
    except Refused as exc:
        raise RenderError(exc.message, exc.hint) from None
    return target, None


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


def _target(out: Path | None, year: int, fmt: str, root: Path, kind: str = PLAN) -> Path:
    name = default_name(year, fmt, kind)
    if out is None:  # ut/ is in the .gitignore hp init writes: `git add .` leaves it out
        return root / OUT_FOLDER / name
    if str(out) == "-":
        if fmt != "md":
            raise RenderError("Bare Markdown kan skrives til standard ut (--out -).",
                              "Bruk --format md, eller oppgi et filnavn.")
        return Path("-")
    out = Path(out).expanduser()
    if out.is_dir():
        return out / name
    if not out.parent.exists():
        raise RenderError(f"Mappen «{out.parent}» finnes ikke, så «{out.name}» kan ikke "
                          "skrives der.", "Lag mappen først, eller velg en annen sti.")
    return out


def write(output: Output) -> None:
    """Write the document and its figures atomically, both or neither. Raises RenderError if
    it cannot (see `files`: never over an input, a read-only file or through a link)."""
    from handlingsplan.files import Refused, write_atomic, write_with_folder

    try:
        if output.new_folder is not None:
            try:
                output.new_folder.mkdir(exist_ok=True)
            except OSError as exc:
                from handlingsplan.files.read import reason_text

                raise RenderError(f"Kunne ikke lage mappen «{output.new_folder}»: "
                                  f"{reason_text(exc)}.") from None
        if output.figures:
            folder = next(iter(output.figures)).parent
            write_with_folder(output.path, output.data, folder,
                              {path.name: png for path, png in output.figures.items()})
        else:
            write_atomic(output.path, output.data)
    except Refused as exc:
        raise RenderError(exc.message, exc.hint) from None


def render(path: Path | str = ".", year: int | None = None, **kwargs) -> Output:
    """Build and write: the library form of `hp render`."""
    output = build(path, year, **kwargs)
    if output.path != Path("-"):
        write(output)
    return output


__all__ = ["ANNUAL_REPORT", "FINAL_REPORT", "FORMATS", "PLAN", "Output", "RenderError",
           "build", "default_name", "render", "write"]
