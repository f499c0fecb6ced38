"""Two versions of a plan year compared as data: the models of sections 1–5 at a Git
revision against those of the working tree. Comments, layout and the way an amount is
written («1 450 000» or 1450000) do not count; `oppfolging.yaml` and `tilsagn.yaml` are not
compared (they change all year by design)."""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from handlingsplan import paths
from handlingsplan.history.git import History, Revision, TooLarge
from handlingsplan.loader.programme import Programme, Year, load_bytes
from handlingsplan.schema import YEAR_KINDS
from handlingsplan.schema.base import Model

SECTIONS = (paths.S1, paths.S2, paths.S3, paths.S4, paths.S5)
_KINDS = {k.stem: k for k in YEAR_KINDS}
MISSING: Any = None  # what a side without the value has


@dataclass
class Side:
    """The models of a year's sections 1–5 (None where a file is missing or does not read)."""

    models: dict[str, Model | None] = field(default_factory=dict)
    unreadable: list[str] = field(default_factory=list)  # files, relative to the programme

    def get(self, stem: str) -> Any:
        return self.models.get(stem)


def at_revision(history: History, sha: str, year: int) -> Side:
    """A year's sections at a commit, each read with hp's own reader and its limits (a file
    in Git history is as untrusted as one in the working tree)."""
    side = Side()
    for stem in SECTIONS:
        rel = f"{year}/{stem}.yaml"
        try:
            raw = history.read(sha.encode("ascii"), rel)
        except TooLarge:
            side.models[stem] = None
            side.unreadable.append(rel)
            continue
        if raw is None:
            side.models[stem] = None
            continue
        _, model, _ = load_bytes(raw, rel, _KINDS[stem])
        side.models[stem] = model
        if model is None:
            side.unreadable.append(rel)
    return side


def in_working_tree(programme: Programme, year: Year) -> Side:
    side = Side()
    for stem in SECTIONS:
        side.models[stem] = year.models.get(stem)
        if stem in year.files and side.models[stem] is None:
            side.unreadable.append(year.file(stem).rel)
    return side


# --- what changed -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Amount:
    """A figure before (at the revision) and after (now); None where there was none."""

    id: str
    label: str
    before: float | int | None
    after: float | int | None
    kind: str = ""  # money: ramme, tiltak_i, kilde, administrasjon, kommunikasjon, andre, sum
    name: str = ""  # the bare name of the innsatsområde or source, for a document's own words

    @property
    def change(self) -> float | int:
        return (self.after or 0) - (self.before or 0)


@dataclass(frozen=True)
class FieldChange:
    field: str  # the key inside the tiltak, Norwegian, e.g. "finansiering.kommunen"
    before: Any
    after: Any
    text: bool  # a text: shown as changed, not quoted


@dataclass(frozen=True)
class TiltakChange:
    id: str
    name: str
    kind: str  # "ny", "fjernet", "endret"
    budget_before: int | None
    budget_after: int | None
    fields: tuple[FieldChange, ...] = ()

    @property
    def change(self) -> int:
        return (self.budget_after or 0) - (self.budget_before or 0)


@dataclass
class YearDiff:
    year: int
    revision: Revision
    tiltak: list[TiltakChange] = field(default_factory=list)
    money: list[Amount] = field(default_factory=list)  # section 4 and tiltak per innsatsområde
    targets: list[Amount] = field(default_factory=list)  # årsmål per goal id
    texts: list[str] = field(default_factory=list)  # the text fields touched, "file: where"
    other: list[str] = field(default_factory=list)  # other fields changed, "file: where"
    unreadable: list[str] = field(default_factory=list)  # files at the revision not readable

    @property
    def changed(self) -> bool:
        return bool(self.tiltak or self.money or self.targets or self.texts or self.other
                    or self.unreadable)

    @property
    def moved(self) -> int:
        """The money moved between tiltak: the larger of the sum of increases and the sum of
        decreases of their budgets (a new tiltak is an increase, a removed one a decrease)."""
        up = sum(t.change for t in self.tiltak if t.change > 0)
        down = -sum(t.change for t in self.tiltak if t.change < 0)
        return max(up, down)


def compare(programme: Programme, year: int, before: Side, after: Side,
            revision: Revision) -> YearDiff:
    out = YearDiff(year, revision, unreadable=sorted(before.unreadable))
    plan = programme.plan
    area_names = {a.id: a.name for a in plan.focus_areas} if plan else {}
    source_names = {s.id: s.name for s in plan.financing.sources} if plan else {}
    goal_names = {g.id: _short(g.indicator or g.text) for g in plan.goals()} if plan else {}
    texts = _text_keys()
    for stem in SECTIONS:
        a, b = before.get(stem), after.get(stem)
        if a is None or b is None:
            if (a is None) != (b is None) and f"{year}/{stem}.yaml" not in before.unreadable \
                    and stem not in [u.rsplit("/", 1)[-1][:-5] for u in after.unreadable]:
                out.other.append(f"{stem}.yaml: filen er {'ny' if a is None else 'fjernet'}")
            continue
        dump_a, dump_b = _dump(a), _dump(b)
        if dump_a == dump_b:
            continue
        for where, old, new in _leaves(dump_a, dump_b, ()):
            is_text = _is_text_at(where, old, new, texts)
            if stem == paths.S3 and where[:1] == ("tiltak",) and len(where) > 1:
                continue  # tiltak are compared below, field by field
            if stem == paths.S4 and not is_text:
                continue  # money: below, as amounts
            if stem == paths.S1 and where[:1] == ("årsmål",):
                continue
            shown = f"{stem}.yaml: {_where(where)}"
            (out.texts if is_text else out.other).append(shown)
    s3a, s3b = before.get(paths.S3), after.get(paths.S3)
    if s3a is not None and s3b is not None:
        out.tiltak = _tiltak(s3a, s3b, texts)
        out.texts += [f"{paths.S3}.yaml: tiltak.{t.id}.{f.field}"
                      for t in out.tiltak for f in t.fields if f.text]
    s4a, s4b = before.get(paths.S4), after.get(paths.S4)
    if s4a is not None and s4b is not None:
        out.money = _money(s4a, s4b, s3a, s3b, area_names, source_names)
    s1a, s1b = before.get(paths.S1), after.get(paths.S1)
    if s1a is not None and s1b is not None:
        out.targets = _changed_lines(s1a.year_targets, s1b.year_targets, goal_names)
    return out


def _tiltak(a: Any, b: Any, texts: set[str]) -> list[TiltakChange]:
    old = {t.id: t for t in a.tiltak}
    new = {t.id: t for t in b.tiltak}
    out = []
    for tid in dict.fromkeys([*new, *old]):
        t_old, t_new = old.get(tid), new.get(tid)
        if t_old is None:
            assert t_new is not None
            out.append(TiltakChange(tid, t_new.name, "ny", None, t_new.budget))
        elif t_new is None:
            out.append(TiltakChange(tid, t_old.name, "fjernet", t_old.budget, None))
        else:
            da, db = _dump(t_old), _dump(t_new)
            if da == db:
                continue
            fields = tuple(
                FieldChange(_where(where), x, y, _is_text_at(where, x, y, texts))
                for where, x, y in _leaves(da, db, ()))
            out.append(TiltakChange(tid, t_new.name, "endret", t_old.budget, t_new.budget,
                                    fields))
    return out


def _money(a: Any, b: Any, s3a: Any, s3b: Any, area_names: dict[str, str],
           source_names: dict[str, str]) -> list[Amount]:
    rows: list[Amount] = []

    def add(key: str, label: str, x: int | None, y: int | None, kind: str = "",
            name: str = "") -> None:
        if (x or 0) != (y or 0):
            rows.append(Amount(key, label, x, y, kind or key, name))

    for aid in dict.fromkeys([*a.costs.areas, *b.costs.areas]):
        add(aid, f"Ramme {area_names.get(aid, aid)}", a.costs.areas.get(aid),
            b.costs.areas.get(aid), "ramme", area_names.get(aid, aid))
    if s3a is not None and s3b is not None:
        def per_area(s3: Any) -> dict[str, int]:
            sums: dict[str, int] = {}
            for t in s3.tiltak:
                sums[t.area] = sums.get(t.area, 0) + t.budget
            return sums

        pa, pb = per_area(s3a), per_area(s3b)
        for aid in dict.fromkeys([*pa, *pb]):
            add(aid, f"Tiltak i {area_names.get(aid, aid)}", pa.get(aid), pb.get(aid),
                "tiltak_i", area_names.get(aid, aid))
    add("administrasjon", "Administrasjon", a.costs.administration, b.costs.administration)
    add("kommunikasjon", "Kommunikasjon", a.costs.communication, b.costs.communication)
    add("andre", "Andre kostnader", sum(o.amount for o in a.costs.other),
        sum(o.amount for o in b.costs.other))
    for sid in dict.fromkeys([*a.financing, *b.financing]):
        add(sid, f"Finansiering {source_names.get(sid, sid)}", a.financing.get(sid),
            b.financing.get(sid), "kilde", source_names.get(sid, sid))
    add("sum", "Sum kostnader", a.costs.total, b.costs.total)
    return rows


def _changed_lines(a: dict, b: dict, names: dict[str, str]) -> list[Amount]:
    return [Amount(k, names.get(k, k), a.get(k), b.get(k), "årsmål", names.get(k, k))
            for k in dict.fromkeys([*a, *b]) if a.get(k) != b.get(k)]


def _dump(value: Any) -> Any:
    """A model as plain mappings and lists under its Norwegian keys (values such as dates and
    months kept as they are, compared by equality)."""
    if isinstance(value, Model):
        return {info.alias or name: _dump(getattr(value, name))
                for name, info in type(value).model_fields.items()}
    if isinstance(value, list | tuple):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    return value


def _key(items: list) -> str | None:
    """The key that identifies the items of a list of mappings ("id", or "år"), if any."""
    if not items or not all(isinstance(x, dict) for x in items):
        return None
    for key in ("id", "år"):
        values = [x.get(key) for x in items]
        if None not in values and len(set(map(str, values))) == len(values):
            return key
    return None


def _leaves(a: Any, b: Any, where: tuple) -> Iterator[tuple[tuple, Any, Any]]:
    """The places where two dumps differ: mappings key by key, lists of mappings with an id
    item by item, anything else as a whole."""
    if a == b:
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for k in dict.fromkeys([*a, *b]):
            yield from _leaves(a.get(k, MISSING), b.get(k, MISSING), (*where, k))
        return
    if isinstance(a, list) and isinstance(b, list):
        key = _key(a) if a else _key(b)
        if key is not None and (not a or _key(a) == key) and (not b or _key(b) == key):
            da = {str(x[key]): x for x in a}
            db = {str(x[key]): x for x in b}
            for k in dict.fromkeys([*da, *db]):
                yield from _leaves(da.get(k, MISSING), db.get(k, MISSING), (*where, k))
            return
    yield where, a, b


def _is_text_at(where: tuple, old: Any, new: Any, texts: set[str]) -> bool:
    """Is the changed value a free text: its key is a text key (or it is an entry of a mapping
    to texts, as `prioriteringer.HAV`), and neither side is a number or a date?"""
    keyed = bool(where) and (where[-1] in texts or (len(where) > 1 and where[-2] in _TEXT_MAPS))
    return keyed and all(v is None or isinstance(v, str | list) for v in (old, new))


_TEXT_MAPS = {"prioriteringer"}


def _where(where: tuple) -> str:
    return ".".join(str(p) for p in where)


_TEXT_KEYS: set[str] | None = None


def _text_keys() -> set[str]:
    """The keys of the year's files whose values are free text (str, list of str or a mapping
    to str), read from the schema: ids, dates and choices are not text."""
    global _TEXT_KEYS
    if _TEXT_KEYS is None:
        found: set[str] = set()
        seen: set[type] = set()

        def visit(model: type[Model]) -> None:
            if model in seen:
                return
            seen.add(model)
            for info in model.model_fields.values():
                ann = info.annotation
                if _is_text(ann) and not info.metadata and info.alias:
                    found.add(info.alias)
                for sub in _models_in(ann):
                    visit(sub)

        for kind in YEAR_KINDS:
            visit(kind.model)
        _TEXT_KEYS = found
    return _TEXT_KEYS


def _args(ann: Any) -> tuple:
    return typing.get_args(ann)


def _is_text(ann: Any) -> bool:
    origin = typing.get_origin(ann)
    if ann is str:
        return True
    if origin in (typing.Union, types.UnionType):
        return any(_is_text(x) for x in _args(ann) if x is not type(None))
    if origin is list:
        return _args(ann) == (str,)
    if origin is dict:
        return _args(ann)[1:] == (str,)
    return False


def _models_in(ann: Any) -> Iterator[type[Model]]:
    if isinstance(ann, type) and issubclass(ann, Model):
        yield ann
        return
    for x in _args(ann):
        yield from _models_in(x)


def since(programme: Programme, year: int, rev: str | None = None) -> YearDiff:
    """What changed in a plan year since the approval commit (or since `rev`), with the
    working tree as it is now. GitProblem when Git cannot answer."""
    from handlingsplan.history.git import GitProblem

    this = programme.years[year]
    with History(programme.root) as history:
        revision = history.resolve(rev) if rev else history.approval(year)
        before = at_revision(history, revision.sha, year)
    if all(m is None for m in before.models.values()) and not before.unreadable:
        raise GitProblem(f"Revisjonen {revision.name} ({revision.short}) har ingen filer for "
                         f"{year} i «{history.prefix.as_posix()}/{year}/».",
                         "Er programmet eller årsmappen flyttet eller gitt nytt navn siden? "
                         "Oppgi en annen revisjon med --fra.", reason="untracked")
    if all(m is None for m in before.models.values()):
        files = ", ".join(rel.rsplit("/", 1)[-1] for rel in before.unreadable)
        raise GitProblem(f"Filene for {year} i revisjonen {revision.name} ({revision.short}) kan "
                         f"ikke leses, så det er ingenting å sammenligne med: {files}.",
                         "Se filene slik de var med «git show "
                         f"{revision.short}:{history.path_of(f'{year}/FIL').decode()}», eller "
                         "oppgi en annen revisjon med --fra.", reason="unreadable")
    return compare(programme, year, before, in_working_tree(programme, this), revision)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
