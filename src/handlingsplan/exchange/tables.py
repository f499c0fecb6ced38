"""A plan year as tables of typed cells: what `hp export` writes, as sheets of a workbook or as
CSV. No spreadsheet library here; the figures come from `figures/` (budget matrix, grants and
pools), so the workbook shows the same numbers as `hp status` and the document.

A cell is None (empty), a str, an int (whole kroner or a count) or a date; each column says
which (`kind`), so that the writers give amounts a kroner format and dates a date format.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from handlingsplan import norsk
from handlingsplan.exchange.words import Words
from handlingsplan.figures import budget
from handlingsplan.figures import grants as grant_figures

if TYPE_CHECKING:
    from handlingsplan.loader.programme import Programme

Cell = str | int | dt.date | None


class Kind(StrEnum):
    TEXT = "text"
    LONG = "long"  # text that may run long (a comment, a purpose): wrapped
    AMOUNT = "amount"  # whole kroner
    DATE = "date"
    COUNT = "count"


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = Kind.TEXT


@dataclass
class Table:
    """One sheet: a title row, a header row, the rows, and (workbook only) a sum row."""

    key: str  # tiltak | budsjett | tilsagn | oppfolging
    name: str  # the sheet's name, in the målform
    title: str
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    total: list[Cell] | None = None  # below the rows, outside the filter; never in CSV

    def add(self, row: list[Cell]) -> None:
        assert len(row) == len(self.columns)
        self.rows.append(row)


def _sums(table: Table, label: str) -> list[Cell]:
    """The sum of every amount column, with `label` in the first column."""
    out: list[Cell] = []
    for i, column in enumerate(table.columns):
        if column.kind is Kind.AMOUNT:
            out.append(sum(v for r in table.rows if isinstance(v := r[i], int)))
        else:
            out.append(None)
    out[0] = label
    return out


def _title(w: Words, key: str, programme: Programme, year: int, draft: bool,
           **values: object) -> str:
    name = programme.plan.programme if programme.plan is not None else ""
    text = w(key, program=name, år=year, **values)
    return f"{text} – {w('utkast_med_feil')}" if draft else text


def _source_ids(programme: Programme, year: int) -> list[str]:
    """The financing sources of the year's tiltak: the omstillingsplan's order, then others."""
    y = programme.years[year]
    used: list[str] = []
    for t in y.s3.tiltak if y.s3 is not None else []:
        used += [s for s in t.financing if s not in used]
    known = [s.id for s in programme.plan.financing.sources] if programme.plan else []
    return [s for s in known if s in used] + [s for s in used if s not in known]


def _source_name(programme: Programme, source_id: str) -> str:
    if programme.plan is not None:
        for s in programme.plan.financing.sources:
            if s.id == source_id:
                return s.name
    return source_id


def tiltak(programme: Programme, year: int, w: Words, draft: bool = False) -> Table:
    """One row per tiltak of section 3: what it is, its money and how it is going. Spent is
    the follow-up's `forbruk`, except for a pool: what its grants have paid out (as `hp
    status`). Granted (as decided, before withdrawals, as in the Tilsagn sheet) and paid only for
    a pool."""
    y = programme.years[year]
    sources = _source_ids(programme, year)
    columns = [Column(w("id")), Column(w("navn"), Kind.LONG), Column(w("innsatsområde")),
               Column(w("plp_fase")), Column(w("prosjekteier")), Column(w("prosjektnummer")),
               Column(w("start"), Kind.DATE), Column(w("slutt"), Kind.DATE),
               Column(w("budsjett"), Kind.AMOUNT)]
    columns += [Column(_source_name(programme, s), Kind.AMOUNT) for s in sources]
    columns += [Column(w("status")), Column(w("brukt"), Kind.AMOUNT),
                Column(w("innvilget"), Kind.AMOUNT), Column(w("utbetalt"), Kind.AMOUNT)]
    table = Table("tiltak", w("ark.tiltak"), _title(w, "tittel.tiltak", programme, year, draft),
                  columns)
    follow = y.followup
    pools = {p.tiltak: p for p in grant_figures.pools(programme, year)}
    for t in y.s3.tiltak if y.s3 is not None else []:
        area = programme.plan.area(t.area) if programme.plan is not None else None
        f = follow.tiltak.get(t.id) if follow is not None else None
        pool = pools.get(t.id)
        if f is not None:
            status: str | None = w(f"status.{f.status.value}")
        else:
            status = w("status.mangler") if follow is not None else None
        spent = pool.paid if pool is not None else (f.spent if f is not None else None)
        table.add([t.id, t.name, area.name if area else t.area,
                   w(f"plp.{t.plp_phase.value}") if t.plp_phase else None, t.owner,
                   t.project_number, t.start, t.end, t.budget,
                   *[t.financing.get(s) for s in sources], status, spent,
                   pool.granted if pool else None, pool.paid if pool else None])
    table.total = _sums(table, w("sum"))
    return table


def budget_matrix(programme: Programme, year: int, w: Words, draft: bool = False) -> Table:
    """Section 4's cost posts × financing sources, with a sum column and a sum row
    (figures.budget). When the financing does not add up (a plan with errors, exported with
    --force), the posts with their amounts only."""
    y = programme.years[year]
    m = budget.matrix(programme, year)
    if m is None:
        table = Table("budsjett", w("ark.budsjett"),
                      _title(w, "tittel.budsjett.uten_kilder", programme, year, draft),
                      [Column(w("post"), Kind.LONG), Column(w("sum"), Kind.AMOUNT)])
        if y.s4 is not None:
            c = y.s4.costs
            table.add([w("administrasjon"), c.administration])
            table.add([w("kommunikasjon"), c.communication])
            for area_id, amount in c.areas.items():
                area = programme.plan.area(area_id) if programme.plan is not None else None
                table.add([w("innsatsområde_post", navn=area.name if area else area_id),
                           amount])
            for other in c.other:
                table.add([other.name, other.amount])
        table.total = _sums(table, w("sum"))
        return table
    columns = [Column(w("post"), Kind.LONG)]
    columns += [Column(name, Kind.AMOUNT) for _id, name in m.sources]
    columns.append(Column(w("sum"), Kind.AMOUNT))
    table = Table("budsjett", w("ark.budsjett"),
                  _title(w, "tittel.budsjett", programme, year, draft), columns)
    for row in m.rows:
        if row.kind == budget.ADMINISTRATION:
            label = w("administrasjon")
        elif row.kind == budget.COMMUNICATION:
            label = w("kommunikasjon")
        elif row.kind == budget.AREA:
            label = w("innsatsområde_post", navn=row.name or row.id)
        else:
            label = row.name or ""
        table.add([label, *row.cells, row.total])
    table.total = [w("sum"), *m.totals, m.total]
    return table


def grants(programme: Programme, year: int, w: Words, draft: bool = False) -> Table:
    """One row per grant in the year's tilsagn.yaml, in the file's order (figures.grants)."""
    columns = [Column(w("id")), Column(w("tiltak")), Column(w("mottaker"), Kind.LONG),
               Column(w("orgnr")), Column(w("formål"), Kind.LONG), Column(w("støtteform")),
               Column(w("vedtaksorgan")), Column(w("vedtaksdato"), Kind.DATE),
               Column(w("sak")), Column(w("frist"), Kind.DATE),
               Column(w("innvilget"), Kind.AMOUNT),
               Column(w("trukket_tilbake"), Kind.AMOUNT), Column(w("utbetalt"), Kind.AMOUNT),
               Column(w("ikke_utbetalt"), Kind.AMOUNT), Column(w("siste_utbetaling"), Kind.DATE)]
    table = Table("tilsagn", w("ark.tilsagn"),
                  _title(w, "tittel.tilsagn", programme, year, draft), columns)
    for p in grant_figures.placed(programme):
        if p.year != year:
            continue
        g, f = p.grant, grant_figures.figures(p)
        last = max((x.date for x in g.payments), default=None)
        table.add([f.id, f.tiltak, f.recipient, f.orgnr, g.purpose,
                   w(f"støtte.{f.aid_form.value}"), g.decision.body, f.decided,
                   g.decision.case, f.deadline, f.amount, f.withdrawn, f.paid, f.unpaid, last])
    table.total = _sums(table, w("sum"))
    return table


def followup(programme: Programme, year: int, w: Words, draft: bool = False) -> Table:
    """The year's oppfolging.yaml as written: one row per tiltak in it, in its order."""
    y = programme.years[year]
    fu = y.followup
    columns = [Column(w("id")), Column(w("navn"), Kind.LONG), Column(w("status")),
               Column(w("forbruk"), Kind.AMOUNT), Column(w("arbeidsplasser"), Kind.COUNT),
               Column(w("kommentar"), Kind.LONG)]
    if fu is None:
        title = _title(w, "tittel.oppfolging.ingen", programme, year, draft)
    else:
        title = _title(w, "tittel.oppfolging", programme, year, draft,
                       per=norsk.date(fu.as_of))
    table = Table("oppfolging", w("ark.oppfolging"), title, columns)
    names = {t.id: t.name for t in y.s3.tiltak} if y.s3 is not None else {}
    for tiltak_id, f in (fu.tiltak.items() if fu is not None else []):
        table.add([tiltak_id, names.get(tiltak_id), w(f"status.{f.status.value}"), f.spent,
                   f.jobs, f.comment.strip() if f.comment else None])
    table.total = _sums(table, w("sum")) if fu is not None else None
    return table


def workbook(programme: Programme, year: int, w: Words, draft: bool = False) -> list[Table]:
    """The four sheets of `hp export`, in order."""
    return [tiltak(programme, year, w, draft), budget_matrix(programme, year, w, draft),
            grants(programme, year, w, draft), followup(programme, year, w, draft)]
