"""`hp import regnskap`: the spending per tiltak from an accounting export, written as `forbruk`
in the year's `oppfolging.yaml` (FORMAT.md §7.3, §7.5).

    build(file, path, year, per, sheet) -> Import   # read, match and sum; nothing written
    write(imp)                                      # the new oppfolging.yaml, atomically

Rows are matched to tiltak by `prosjektnummer` (compared without spaces, ignoring case) and
summed exactly per tiltak up to `per`, then rounded to whole kroner. Nothing is guessed: rows
whose project number no tiltak has, a number that several tiltak share, and a sum below zero
are listed and left out; a tiltak with no `prosjektnummer`, or with no rows in the file, keeps
the spending it had. The follow-up is edited through a ruamel round trip (comments, order and
layout stay) and is created, with every tiltak of the year, when it is missing. The new text is
checked against the follow-up's schema before anything is written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from handlingsplan.errors import HpError
from handlingsplan.exchange.accounts import AccountsProblem, Export
from handlingsplan.schema.types import MAX_AMOUNT

MAX_BYTES = 30 * 1024 * 1024  # a year of a programme's ledger is a few MB
ZIP = b"PK\x03\x04"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old .xls (and .doc) format
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
FOLLOWUP_FILE = "oppfolging.yaml"


class ImportProblem(HpError):
    """The import cannot be made (exit 2); nothing was written."""


@dataclass(frozen=True)
class Change:
    tiltak: str  # id
    name: str
    project: str  # the tiltak's prosjektnummer
    old: int | None  # None: the follow-up has no entry (or no file) for the tiltak
    new: int
    rows: int  # postings counted

    @property
    def difference(self) -> int:
        return self.new - (self.old or 0)


@dataclass(frozen=True)
class Left:
    """Rows left out: a project number no tiltak has (or none), one that several tiltak share,
    or a sum below zero."""

    project: str  # as written in the file ("" when the cell was empty)
    rows: int
    total: int  # whole kroner
    why: str  # unknown | empty | shared | negative
    tiltak: tuple[str, ...] = ()  # shared, negative: the tiltak concerned


@dataclass
class Import:
    """An import, read and summed, not yet written."""

    root: Path
    year: int
    per: dt.date
    source: Export
    target: Path  # the year's oppfolging.yaml
    text: str  # its new content
    created: bool  # the follow-up did not exist
    old_per: dt.date | None
    changes: list[Change] = field(default_factory=list)  # every matched tiltak, also unchanged
    left: list[Left] = field(default_factory=list)
    without_number: list[tuple[str, str]] = field(default_factory=list)  # (id, name)
    without_rows: list[tuple[str, str]] = field(default_factory=list)  # numbered, no rows
    after_per: int = 0  # rows dated after `per`, left out

    @property
    def changed(self) -> list[Change]:
        return [c for c in self.changes if c.old != c.new]


def number_key(text: str) -> str:
    return _SPACES.sub("", text).casefold()


def build(file: Path | str, path: Path | str = ".", year: int | None = None,
          per: dt.date | None = None, sheet: str | None = None,
          today: dt.date | None = None) -> Import:
    """Read the accounting export `file` and work out the new follow-up of plan year `year`
    of the programme at `path`. `per` defaults to today. Raises ImportProblem or
    AccountsProblem (both HpError, exit 2) when it cannot be done."""
    programme, plan_year = _programme(path, year)
    config = programme.config
    per = per or today or dt.date.today()
    source = read_export(Path(file), config.accounts_project, config.accounts_amount,
                         config.accounts_date, sheet)
    return _match(programme, plan_year, source, per)


def read_export(file: Path, project: str, amount: str, date: str | None,
                sheet: str | None = None) -> Export:
    """The postings of an accounting export: XLSX (told by its content, not its name) or CSV.
    `sheet` (XLSX only) names the sheet; default the first."""
    from handlingsplan.files import Refused, read_bytes

    name = file.name
    try:
        data = read_bytes(file, root=file.parent, limit=MAX_BYTES)
    except Refused as exc:
        raise ImportProblem(f"Regnskapsfilen «{file}» kan ikke leses: {exc.message}",
                            exc.hint) from None
    if data.startswith(OLE2):
        raise AccountsProblem(f"«{name}» er i det gamle Excel-formatet (.xls) eller en annen "
                              "Office-fil, ikke CSV eller .xlsx.",
                              "Lagre arket som Excel-arbeidsbok (.xlsx) eller som «CSV "
                              "(semikolondelt)».")
    if data.startswith(ZIP):
        from handlingsplan.exchange.xlsx_read import read_xlsx

        return read_xlsx(data, name, project, amount, date, sheet)
    if sheet is not None:
        raise ImportProblem(f"--ark gjelder bare Excel-filer, og «{name}» er ikke en.",
                            "Ta bort --ark.")
    from handlingsplan.exchange.accounts import read_csv

    return read_csv(data, name, project, amount, date)


def _programme(path: Path | str, year: int | None):
    from handlingsplan.loader.programme import ProgrammeNotFound, load
    from handlingsplan.paths import S3
    from handlingsplan.rules import catalogue

    try:
        programme = load(path, known_codes=set(catalogue()))
    except ProgrammeNotFound as exc:
        raise ImportProblem(str(exc), "Gå til programmappen, eller oppgi den: "
                            "hp import regnskap FIL STI --year ÅR.") from None
    years = sorted(programme.years)
    if year not in programme.years:
        known = ", ".join(str(y) for y in years) or "ingen"
        raise ImportProblem(f"Programmet har ingen handlingsplan for {year} (mappen {year}/ "
                            f"finnes ikke). Planår som finnes: {known}.",
                            "Velg et annet år med --year.")
    broken = [d for d in programme.diagnostics if d.code == "HP006"]
    if broken:
        raise ImportProblem("hp.toml har feil, så kolonnene i regnskapsfilen er ikke sikre "
                            f"(linje {broken[0].line}: {broken[0].message})",
                            "Rett hp.toml først (se «hp validate»).")
    plan_year = programme.years[year]
    if plan_year.s3 is None:
        raise ImportProblem(f"{year}/{S3}.yaml har feil eller mangler, så tiltakene og "
                            "prosjektnumrene deres er ikke kjent.",
                            f"Rett feilene først (se «hp validate --year {year}»).")
    return programme, plan_year


def _match(programme, plan_year, source: Export, per: dt.date) -> Import:
    from handlingsplan.paths import FOLLOWUP

    tiltak = plan_year.s3.tiltak
    by_number: dict[str, list[Any]] = {}
    without_number = []
    for t in tiltak:
        if t.project_number is None or not number_key(t.project_number):
            without_number.append((t.id, t.name))
        else:
            by_number.setdefault(number_key(t.project_number), []).append(t)

    totals: dict[str, Decimal] = {}
    counts: dict[str, int] = {}
    written: dict[str, str] = {}  # the number as the file first wrote it
    after = 0
    for p in source.postings:
        if p.date is not None and p.date > per:
            after += 1
            continue
        key = number_key(p.project)
        totals[key] = totals.get(key, Decimal(0)) + p.amount
        counts[key] = counts.get(key, 0) + 1
        written.setdefault(key, p.project)

    followup = plan_year.followup
    if FOLLOWUP in plan_year.files and followup is None:
        raise ImportProblem(f"{plan_year.year}/{FOLLOWUP_FILE} har feil, så hp skriver ikke "
                            "i den.",
                            f"Rett feilene først (se «hp validate --year {plan_year.year}»).")
    old = {k: v.spent for k, v in followup.tiltak.items()} if followup is not None else {}

    changes: list[Change] = []
    left: list[Left] = []
    for key, total in totals.items():
        kroner = int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        owners = by_number.get(key, []) if key else []
        if len(owners) == 1 and abs(kroner) > MAX_AMOUNT:
            from handlingsplan import norsk

            total_text = norsk.number(kroner, sep=" ")
            raise ImportProblem(f"Bilagene for prosjekt «{written[key]}» ({owners[0].id}) "
                                f"summerer til {total_text} kr, som er urimelig stort; sjekk "
                                "beløpene i regnskapsfilen.",
                                f"hp tar beløp på høyst {MAX_AMOUNT:,} kr.".replace(",", " "))
        if not owners:
            left.append(Left(written[key], counts[key], kroner, "unknown" if key else "empty"))
        elif len(owners) > 1:
            left.append(Left(written[key], counts[key], kroner, "shared",
                             tuple(t.id for t in owners)))
        elif kroner < 0:
            left.append(Left(written[key], counts[key], kroner, "negative", (owners[0].id,)))
        else:
            t = owners[0]
            changes.append(Change(t.id, t.name, t.project_number, old.get(t.id), kroner,
                                  counts[key]))
    order = {t.id: i for i, t in enumerate(tiltak)}
    changes.sort(key=lambda c: order[c.tiltak])
    left.sort(key=lambda x: (x.why == "empty", x.project))
    without_rows = [(t.id, t.name) for key, ts in by_number.items() if key not in totals
                    for t in ts]
    without_rows.sort(key=lambda x: order[x[0]])

    target = plan_year.folder / FOLLOWUP_FILE
    malform = str(programme.plan.malform.value) if programme.plan is not None else "bokmål"
    rel = f"{plan_year.year}/{FOLLOWUP_FILE}"
    if followup is None:
        text = _new_followup(plan_year.year, per, tiltak, changes, malform)
        _check(text, rel)
    else:
        text, where = _updated_followup(plan_year.file(FOLLOWUP).text, per, changes)
        _same_but_spent(followup, _check(text, rel), changes, where, rel)
    return Import(root=programme.root, year=plan_year.year, per=per, source=source,
                  target=target, text=text, created=followup is None,
                  old_per=followup.as_of if followup is not None else None, changes=changes,
                  left=left, without_number=without_number, without_rows=without_rows,
                  after_per=after)


def _status(spent: int) -> str:
    return "pågår" if spent > 0 else "ikke_startet"


def _new_followup(year: int, per: dt.date, tiltak, changes: list[Change], malform: str) -> str:
    """A new oppfolging.yaml with every tiltak of the year, in the plan's order."""
    spent = {c.tiltak: c.new for c in changes}
    if malform == "nynorsk":
        head = [f"# Oppfølging av handlingsplanen for {year}.",
                "# Forbruket er henta frå rekneskapen (hp import regnskap). Status er sett til",
                "# pågår der det er ført utgifter, elles ikke_startet: rett han for kvart tiltak."]
    else:
        head = [f"# Oppfølging av handlingsplanen for {year}.",
                "# Forbruket er hentet fra regnskapet (hp import regnskap). Status er satt til",
                "# pågår der det er ført utgifter, ellers ikke_startet: rett den for hvert tiltak."]
    lines = [*head, f"per: {per.isoformat()}"]
    if not tiltak:
        lines.append("tiltak: {}")
    else:
        lines.append("tiltak:")
        for t in tiltak:
            amount = spent.get(t.id, 0)
            lines += [f"  {_key(t.id)}:", f"    status: {_status(amount)}",
                      f"    forbruk: {amount}"]
    return "\n".join(lines) + "\n"


def _key(text: str) -> str:
    """A tiltak id as a YAML key: plain when it reads back as the same text."""
    if re.fullmatch(r"[A-Za-zÆØÅæøå][\w.\-]*", text) and text.lower() not in (
            "yes", "no", "true", "false", "null", "on", "off", "y", "n"):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _amount_like(old: Any, amount: int) -> Any:
    """`amount` in the form the user wrote the old one: 1250000, or "1 250 000 kr"."""
    if isinstance(old, str):
        from handlingsplan import norsk

        text = norsk.number(amount, sep=" ")
        if old.strip().lower().endswith("kr"):
            text += " kr"
        return type(old)(text) if type(old) is not str else text
    return amount


def _updated_followup(text: str, per: dt.date, changes: list[Change]
                      ) -> tuple[str, dict[str, tuple[int, int]]]:
    """The follow-up with the new `per` and `forbruk`, through a ruamel round trip: comments,
    order, quoting and layout stay; a tiltak with no entry gets one at the end. An entry that
    is shared with another place through an anchor (`HAV-03: *felles`) is given its own copy
    first, so that the other place keeps its value. Also the line and column (1-based) of each
    tiltak's key in the old text."""
    from handlingsplan.scaffold import InitError
    from handlingsplan.scaffold import rtyaml as rt

    try:
        data, style = rt.load(text, FOLLOWUP_FILE)
    except InitError as exc:
        raise ImportProblem(exc.message.replace("hp init", "hp import"), exc.hint) from None
    rt.put(data, "per", per)
    entries = data.get("tiltak")
    if entries is None or not isinstance(entries, dict):
        entries = rt.mapping()
        data["tiltak"] = entries
    elif len(entries) == 0:
        entries.fa.set_block_style()  # type: ignore[attr-defined]  # a ruamel CommentedMap
    where = _positions(entries)
    shared = _shared(data)
    for c in changes:
        entry = entries.get(c.tiltak)
        if entry is not None and id(entry) in shared and not getattr(entry, "merge", None):
            entry = _own_copy(entry)
            entries[c.tiltak] = entry
        if entry is None:
            entries[c.tiltak] = rt.mapping({"status": _status(c.new), "forbruk": c.new})
            continue
        if "forbruk" in entry:
            if c.old != c.new:
                rt.put(entry, "forbruk", _amount_like(entry["forbruk"], c.new))
            continue
        _insert_after_status(entry, c.new)
    return rt.dump(data, style), where


def _positions(entries) -> dict[str, tuple[int, int]]:
    """The line and column (1-based) of each tiltak key, where ruamel knows them."""
    out: dict[str, tuple[int, int]] = {}
    for key in entries:
        try:
            line, column = entries.lc.key(key)
        except (AttributeError, KeyError, TypeError):
            continue
        if isinstance(key, str):
            out[key] = (line + 1, column + 1)
    return out


def _shared(data: Any) -> set[int]:
    """The ids of the mappings and lists that the document reaches more than once (an anchor
    and its aliases load as one object)."""
    seen: set[int] = set()
    shared: set[int] = set()
    todo = [data]
    while todo:
        node = todo.pop()
        children = list(node.values()) if isinstance(node, dict) else \
            list(node) if isinstance(node, list) else []
        for child in children:
            if not isinstance(child, dict | list):
                continue
            if id(child) in seen:
                shared.add(id(child))
            else:
                seen.add(id(child))
                todo.append(child)
    return shared


def _own_copy(entry: Any) -> Any:
    """A copy of an entry with every key, comment and its style, without the anchor (the
    original keeps it, for the aliases that still point there)."""
    import copy

    own = copy.deepcopy(entry)
    anchor = getattr(own, "anchor", None)
    if anchor is not None:
        anchor.value = None
    return own


def _same_but_spent(old, new, changes: list[Change], where: dict[str, tuple[int, int]],
                    rel: str) -> None:
    """The new follow-up must say what the old one said, except `per` and the new `forbruk`:
    an anchor, alias or merge key (`<<: *felles`) must not carry a change to another tiltak."""
    spent = {c.tiltak: c.new for c in changes}
    for tid in [*old.tiltak, *spent]:
        before, after = old.tiltak.get(tid), new.tiltak.get(tid)
        expected = spent.get(tid, before.spent if before is not None else None)
        same = after is not None and after.spent == expected and (
            before is None or after.model_dump(exclude={"spent"})
            == before.model_dump(exclude={"spent"}))
        if not same:
            line, column = where.get(tid, (1, 1))
            raise ImportProblem(f"{rel} linje {line}, kolonne {column}: tiltaket «{tid}» deler "
                                "verdier med et annet tiltak gjennom et YAML-anker (& og *, "
                                "eller <<), så hp kan ikke skrive forbruket uten å endre det "
                                "andre tiltaket også. Ingenting er skrevet.",
                                "Skriv tiltakene ut hver for seg, uten & og *, og kjør "
                                "importen på nytt.")
    if new.indicators != old.indicators or new.comment != old.comment:
        raise ImportProblem(f"{rel}: hp ville ha endret mer enn forbruket (et YAML-anker "
                            "deles med noe annet i filen), så ingenting er skrevet.",
                            "Skriv verdiene ut uten & og *, og kjør importen på nytt.")


def _insert_after_status(entry, amount: int) -> None:
    """`forbruk` after `status` (or last); what followed the last value (blank lines,
    comments before the next tiltak) stays after the entry."""
    keys = list(entry.keys())
    at = keys.index("status") + 1 if "status" in keys else len(keys)
    if at == len(keys) and keys:
        last = keys[-1]
        token = entry.ca.items.pop(last, None)
        entry.insert(at, "forbruk", amount)
        if token is not None:
            entry.ca.items["forbruk"] = token
        return
    entry.insert(at, "forbruk", amount)


def _check(text: str, rel: str) -> Any:
    """The new follow-up must read back and validate; otherwise nothing is written. The
    follow-up it reads as."""
    from pydantic import ValidationError

    from handlingsplan.diagnostics import Severity
    from handlingsplan.loader import yamlfile
    from handlingsplan.schema.year import FollowUp

    sf = yamlfile.SourceFile(rel=rel, path=Path(rel), text=text)
    problems = yamlfile.parse(sf)
    try:
        if sf.data is None or any(d.severity is Severity.ERROR for d in problems):
            raise ValueError
        return FollowUp.model_validate(sf.data)
    except (ValueError, ValidationError):
        raise ImportProblem(f"Den nye {rel} ville ikke vært gyldig, så hp skriver den ikke.",
                            "Dette er en feil i hp; meld den gjerne, med filen.") from None


def write(imp: Import) -> None:
    """Write the new follow-up atomically (never through a link or out of the programme)."""
    from handlingsplan.files import Refused, write_atomic

    try:
        write_atomic(imp.target, imp.text, replace_input=True, root=imp.root)
    except Refused as exc:
        raise ImportProblem(exc.message, exc.hint) from None

