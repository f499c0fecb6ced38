"""`hp init [ÅR]` in a programme: next year's plan, carried over from the year before.

Last year's files are read with ruamel's round-trip mode, so the user's comments, key order,
quoting and layout survive; what changes is marked with a «FYLL UT» comment or placeholder:

- handlingsplan.yaml: the new year, `status: utkast`, no readings;
- section 1: this year's targets from the goals' `måltall`; new placeholders for the texts;
- section 2: the earlier years carried over, plus a new entry for the year just ending, built
  from its `oppfolging.yaml` (measured goals, tiltak status and results);
- section 3: the tiltak that are not finished, with the same ids: the project keeps its start,
  an end date already past is moved to the end of the new year (marked), milestones before the
  new year are dropped (listed in a comment), and the budget is 0 (marked) with the financing
  zeroed so that it adds up;
- section 4: the cost posts carried over, the financing from the omstillingsplan's frames for
  the new year (within the county's conditions), and the posts made to add up to it;
- section 5: an empty plan with a reminder of the target groups.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from handlingsplan import norsk
from handlingsplan.paths import FOLLOWUP, GRANTS, META, PLAN_STEMS
from handlingsplan.scaffold import InitError, budget
from handlingsplan.scaffold import rtyaml as rt
from handlingsplan.scaffold.tree import FilePlan
from handlingsplan.scaffold.words import PLACEHOLDER, label, reminder, without_reminder, words
from handlingsplan.schema.types import TiltakStatus

SECTIONS = PLAN_STEMS
FINISHED = (TiltakStatus.DONE, TiltakStatus.CANCELLED)
UNALLOCATED_NAMES = ("ikke fordelt", "ikkje fordelt")


def _kr(amount: int) -> str:
    return norsk.amount(amount, sep=" ")


def new_year(folder: Path, year: int | None = None) -> FilePlan:
    """Everything `hp init [ÅR]` writes for the plan year `year` (default: the year after the
    newest) in the programme at or above `folder`. Raises InitError when it cannot be made."""
    from handlingsplan.loader.programme import ProgrammeNotFound, load

    try:
        programme = load(folder)
    except ProgrammeNotFound as exc:
        raise InitError(str(exc)) from None
    root = programme.root
    plan = programme.plan
    if plan is None:
        raise InitError("omstillingsplan.yaml har feil, så en ny handlingsplan kan ikke lages "
                        "ennå.", "Se feilene med «hp validate» og rett dem først.")
    start, end = plan.period.start, plan.period.end
    years = sorted(programme.years)
    if year is None:
        year = years[-1] + 1 if years else start
    if not start <= year <= end:
        if years and year == end + 1 and year - 1 == years[-1]:
            raise InitError(
                f"{end} er det siste året i omstillingsperioden ({start}–{end}); det lages ingen "
                f"handlingsplan for {year}.",
                "Etter siste år følger avslutningsfasen med sluttevaluering. Er perioden "
                "forlenget, endre «periode» i omstillingsplan.yaml først.")
        raise InitError(f"{year} er utenfor omstillingsperioden {start}–{end}.",
                        f"Velg et år fra {start} til {end}: hp init ÅR.")
    target = root / str(year)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InitError(f"Planåret {year} finnes allerede ({year}/).",
                        "Velg et annet år. Vil du lage året på nytt, flytt eller slett mappen "
                        "først.")
    earlier = [y for y in years if y < year]
    if not earlier:
        from handlingsplan.scaffold.programme import first_year

        out = FilePlan(root=root, year=year)
        for rel, text in first_year(plan, year, programme.years).items():
            out.add(rel, text)
        out.summary = f"handlingsplanen for {year}, laget fra omstillingsplan.yaml"
        _refresh_schemas(out)
        return out
    return _Carry(programme, programme.years[earlier[-1]], year).build()


def _refresh_schemas(out: FilePlan) -> None:
    """Keep the programme's .schema/ (if it has one) in step with this version of hp."""
    if not (out.root / ".schema").is_dir():
        return
    from handlingsplan.schema import KINDS
    from handlingsplan.schema.jsonschema import dumps

    for stem in KINDS:
        out.add(f".schema/{stem}.schema.json", dumps(stem))


class _Carry:
    def __init__(self, programme, source, year: int):
        self.programme = programme
        self.plan = programme.plan
        self.source = source  # the loader's Year
        self.year = year
        self.S = source.year
        self.t = words(self.plan.malform)
        self.notes: list[str] = []
        self._check_source()
        self.followup = source.followup
        self.followup_rt = None
        if self.followup is not None:
            followup = source.file(FOLLOWUP)
            self.followup_rt, _ = rt.load(followup.text, followup.rel)

    def _check_source(self) -> None:
        missing = [f"{self.source.year}/{stem}.yaml" for stem in SECTIONS
                   if stem not in self.source.models]
        if FOLLOWUP in self.source.files and FOLLOWUP not in self.source.models:
            missing.append(f"{self.source.year}/oppfolging.yaml")
        if missing:
            raise InitError(
                f"Handlingsplanen for {self.source.year} har feil eller mangler filer "
                f"({', '.join(missing)}), så {self.year} kan ikke bygges på den ennå.",
                f"Se feilene med «hp validate --year {self.source.year}» og rett dem først.")

    # -- helpers
    def _load(self, stem: str):
        file = self.source.file(stem)
        return rt.load(file.text, file.rel)

    def _status(self, tiltak_id: str) -> TiltakStatus | None:
        if self.followup is None:
            return None
        entry = self.followup.tiltak.get(tiltak_id)
        return entry.status if entry else None

    @property
    def new_year_start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    def build(self) -> FilePlan:
        out = FilePlan(root=self.programme.root, year=self.year)
        files = {
            "handlingsplan": self.handlingsplan(),
            "1-mal-og-innsatsomrader": self.section1(),
            "2-resultater": self.section2(),
            "3-strategier-og-tiltak": self.section3(),
            "4-ressursinnsats-og-finansiering": self.section4(),
            "5-kommunikasjonsplan": self.section5(),
        }
        for stem, text in files.items():
            out.add(f"{self.year}/{stem}.yaml", text)
        out.add(f"{self.year}/{GRANTS}.yaml", self.grants())
        _refresh_schemas(out)
        out.notes = self.notes
        out.summary = f"handlingsplanen for {self.year}, bygd på {self.S}"
        return out

    # -- tilsagn.yaml: no grants yet; the example names the pool of the year before, if any
    def grants(self) -> str:
        from handlingsplan.scaffold.programme import grants_file

        given = self.source.grants.grants if self.source.grants is not None else []
        tiltak = self.source.s3.tiltak if self.source.s3 is not None else []
        example = (given[-1].tiltak if given else tiltak[0].id if tiltak else "TILTAK-01")
        return grants_file(self.plan.malform, self.year, example)

    # -- handlingsplan.yaml
    def handlingsplan(self) -> str:
        data, style = self._load(META)
        t, year = self.t, self.year
        rt.put(data, "år", year)
        title = data.get("tittel")
        if isinstance(title, str) and str(self.S) in title:
            rt.put(data, "tittel", _same_kind(title, title.replace(str(self.S), str(year))))
        if "versjon" in data:
            rt.put(data, "versjon", rt.quoted("0.1"))
        rt.put(data, "status", "utkast")
        rt.put(data, "behandling", rt.sequence(flow=True),
               t("hp.behandling", date=f"{year - 1}-12-10"))
        return rt.dump(data, style)

    # -- section 1
    def section1(self) -> str:
        data, style = self._load("1-mal-og-innsatsomrader")
        t, year = self.t, self.year
        _replace(data, "innledning", rt.quoted(t("s1.innledning", year=year)))
        targets = {g.id: _number(g.targets[year]) for g in self.plan.goals()
                   if year in g.targets}
        without = [g.id for g in self.plan.goals() if year not in g.targets]
        current = data.get("årsmål")
        if not targets:
            rt.put(data, "årsmål", rt.mapping(flow=True), t("s1.årsmål.ingen", year=year))
        else:
            if not hasattr(current, "ca"):
                current = rt.mapping()
                rt.put(data, "årsmål", current)
            for key in [k for k in current if str(k) not in targets]:
                del current[key]
            existing = {str(k): k for k in current}
            for goal_id, value in targets.items():
                rt.put(current, existing.get(goal_id, goal_id), value, None)
            note = t("s1.årsmål", year=year)
            if without:
                note += "; " + t("s1.årsmål.mangler", year=year, ids=", ".join(without))
            rt.eol(data, "årsmål", note)
        priorities = data.get("prioriteringer")
        if not hasattr(priorities, "ca"):
            priorities = rt.mapping()
        kept = {str(k): k for k in priorities}
        for key in [k for k in priorities if str(k) not in {a.id for a in self.plan.focus_areas}]:
            del priorities[key]
        for area in self.plan.focus_areas:
            rt.put(priorities, kept.get(area.id, area.id),
                   rt.quoted(t("s1.prioritet", name=label(area.id, area.name), year=year)))
        if "prioriteringer" not in data:
            rt.put(data, "prioriteringer", priorities)
        return rt.dump(data, style)

    # -- section 2
    def section2(self) -> str:
        data, style = self._load("2-resultater")
        text = self.source.file("2-resultater").text
        t = self.t
        _replace(data, "sammendrag", rt.quoted(t("s2.sammendrag")))
        earlier = data.get("tidligere_år")
        if not hasattr(earlier, "ca"):
            earlier = rt.sequence()
            rt.put(data, "tidligere_år", earlier)
        earlier.fa.set_block_style()
        years = [_int_or_none(e.get("år")) if hasattr(e, "get") else None for e in earlier]
        for entry in earlier:  # "ny: fra …/oppfolging.yaml" is only news the first year
            if hasattr(entry, "ca") and "år" in entry:
                note = rt.comment_of(entry, "år")
                if note.startswith("ny:") and PLACEHOLDER not in note:
                    rt.uncomment(entry, "år")
        # blank lines between the entries as in the source (with fewer than two: always)
        spaced = rt.items_spaced(text, "tidligere_år") if len(earlier) >= 2 else True
        if self.S in years:
            self.notes.append(f"Kapittel 2 for {self.S} hadde allerede en oppføring for "
                              f"{self.S}; den er beholdt som den er.")
        else:
            position = sum(1 for y in years if y is not None and y < self.S)
            earlier.insert(position, self._results_entry())
        out = rt.dump(data, style)
        if spaced:
            out = rt.space_items(out, "tidligere_år", style)
        return out

    def _results_entry(self):
        t, S = self.t, self.S
        fu, fu_rt = self.followup, self.followup_rt
        entry = rt.mapping()
        entry["år"] = S
        if fu is None:
            rt.eol(entry, "år", t("s2.ny.uten", source=S))
        else:
            note = t("s2.ny", source=S, date=fu.as_of.isoformat())
            if fu.as_of < dt.date(S, 12, 31):
                note += "; " + t("s2.ny.oppdater")
            rt.eol(entry, "år", note)
        indicators = fu_rt.get("indikatorer") if fu_rt is not None else None
        if indicators:
            entry["måloppnåelse"] = rt.mapping({k: v for k, v in indicators.items()})
        else:
            entry["måloppnåelse"] = rt.mapping(flow=True)
            rt.eol(entry, "måloppnåelse", t("s2.måloppnåelse", source=S))
        entry["forbruk"] = rt.mapping(flow=True)
        rt.eol(entry, "forbruk", t("s2.forbruk", source=S))
        results = rt.sequence()
        fu_tiltak = (fu_rt.get("tiltak") or {}) if fu_rt is not None else {}
        fu_by_id = {str(k): v for k, v in fu_tiltak.items()}
        for tiltak in self.source.s3.tiltak:
            item = rt.mapping()
            item["id"] = tiltak.id
            raw = fu_by_id.get(tiltak.id)
            model = fu.tiltak.get(tiltak.id) if fu is not None else None
            if model is None:
                rt.eol(item, "id", t("s2.tiltak.uten"))
            else:
                item["status"] = model.status.value
                comment = raw.get("kommentar") if hasattr(raw, "get") else None
                if comment:
                    item["resultat"] = rt.literal(str(comment))
                if model.jobs is not None:
                    item["arbeidsplasser"] = model.jobs
            results.append(item)
        entry["tiltak"] = results
        review = rt.mapping()
        review["forbedringspunkter"] = rt.sequence([rt.quoted(t("s2.psv.punkt"))])
        entry["programstatusvurdering"] = review
        rt.eol(entry, "programstatusvurdering", t("s2.psv", source=S))
        return entry

    # -- section 3
    def section3(self) -> str:
        data, style = self._load("3-strategier-og-tiltak")
        text = self.source.file("3-strategier-og-tiltak").text
        t, year = self.t, self.year
        _replace(data, "innledning", rt.quoted(t("s3.innledning", year=year)))
        old = data.get("tiltak") or []
        kept = rt.sequence()
        finished, assumed, carried = [], [], []
        for item, tiltak in zip(old, self.source.s3.tiltak, strict=True):
            status = self._status(tiltak.id)
            if status in FINISHED:
                finished.append(f"{tiltak.id} ({status.value})")
                continue
            if status is None and tiltak.end is not None and tiltak.end < self.new_year_start:
                assumed.append(tiltak.id)
                continue
            self._carry_tiltak(item, tiltak, status, style)
            kept.append(item)
            carried.append(f"{tiltak.id} ({status.value if status else 'ingen status'})")
        rt.put(data, "tiltak", kept, None if kept else t("s3.tom", source=self.S))
        self._carry_risks(data, {str(item.get("id")) for item in kept})
        if carried:
            self.notes.append(f"Tiltak som fortsetter i {year}: {', '.join(carried)}. Sett "
                              "budsjett og finansiering for hvert av dem.")
        else:
            self.notes.append(f"Ingen tiltak fortsetter fra {self.S}; kapittel 3 har en tom "
                              "tiltaksliste.")
        if finished:
            self.notes.append(f"Ferdige eller avbrutte tiltak, ikke tatt med: "
                              f"{', '.join(finished)}.")
        if assumed:
            why = ("har ingen oppfolging.yaml" if self.followup is None
                   else "har ingen status i oppfolging.yaml for dem")
            self.notes.append(
                f"{self.S} {why}; disse tiltakene slutter etter planen i {self.S} og er "
                f"regnet som ferdige: {', '.join(assumed)}. Skal noen av dem fortsette, kopier "
                f"dem fra {self.S}/3-strategier-og-tiltak.yaml"
                + (f", eller legg inn status i {self.S}/oppfolging.yaml, slett {year}/ og kjør "
                   "hp init på nytt." if self.followup is None else "."))
        out = rt.dump(data, style)
        if rt.items_spaced(text, "tiltak"):
            out = rt.space_items(out, "tiltak", style)
        return out

    def _carry_risks(self, data, kept: set[str]) -> None:
        """Risks stay, to be assessed again; tiltak that ended leave `gjelder`, and a risk
        that only threatened ended tiltak goes with them."""
        risks = data.get("risikoer")
        if not hasattr(risks, "ca") or not risks:
            return
        for i in reversed(range(len(risks))):
            applies = risks[i].get("gjelder") if hasattr(risks[i], "get") else None
            if not applies:
                continue
            for j in reversed(range(len(applies))):
                if str(applies[j]) not in kept:
                    del applies[j]
            if not applies:
                del risks[i]
        if risks:
            rt.eol(data, "risikoer", self.t("s3.risikoer", year=self.year))
        else:
            del data["risikoer"]

    def _carry_tiltak(self, item, tiltak, status: TiltakStatus | None, style: rt.Style) -> None:
        t, year, S = self.t, self.year, self.S
        note = (t("s3.fortsetter", source=S, status=status.value) if status
                else t("s3.fortsetter.uten", source=S))
        rt.eol(item, "id", f"{note}; {t('s3.oppdater', year=year)}")
        if tiltak.end is not None and tiltak.end < self.new_year_start:
            old_end = tiltak.end.isoformat()
            key = ("s3.sluttet" if status in (None, TiltakStatus.ONGOING) else "s3.slutt")
            rt.put(item, "slutt", dt.date(year, 12, 31), t(key, end=old_end))
        # milestones: the ones before the new year are history (section 2), the rest stay
        milestones = item.get("milepæler")
        if hasattr(milestones, "ca"):
            dropped: list[str] = []
            for i in reversed(range(len(milestones))):
                model = tiltak.milestones[i]
                if model.date is not None and model.date < self.new_year_start:
                    dropped.insert(0, f"  {model.date.isoformat()} {model.text or ''}".rstrip())
                    del milestones[i]
            if dropped:
                rt.before(item, "milepæler", [t("s3.milepæler.ut", year=year), *dropped],
                          indent=style.sequence)
            if not milestones:
                rt.put(item, "milepæler", rt.sequence(flow=True), t("s3.milepæler", year=year))
        rt.put(item, "budsjett", 0, t("s3.budsjett", year=year, source=S,
                                      amount=_kr(tiltak.budget)))
        if tiltak.contributions:  # this year's expected contribution is to be set anew
            old = ", ".join(f"{k}: {norsk.number(v, sep=' ')}"
                            for k, v in tiltak.contributions.items())
            rt.put(item, "bidrag", rt.mapping(flow=True),
                   t("s3.bidrag", year=year, source=S, old=old))
        financing = item.get("finansiering")
        if hasattr(financing, "ca"):
            frames = self.plan.financing.frames.get(year, {})
            for key in list(financing):
                if str(key) not in frames or self.plan.source(str(key)) is None:
                    del financing[key]
                else:
                    rt.put(financing, key, 0)

    # -- section 4
    def section4(self) -> str:
        data, style = self._load("4-ressursinnsats-og-finansiering")
        t, year, plan = self.t, self.year, self.plan
        s4 = self.source.s4
        _replace(data, "kommentar", rt.quoted(t("s4.kommentar", year=year)))
        costs_rt = data["kostnader"]
        area_ids = [a.id for a in plan.focus_areas]

        # the "andre" posts; an unallocated post from last year is made afresh
        others_rt = costs_rt.get("andre")
        others_rt = others_rt if hasattr(others_rt, "ca") else None
        other_amounts = []
        if others_rt is not None:
            for i in reversed(range(len(others_rt))):
                if str(s4.costs.other[i].name).strip().lower() in UNALLOCATED_NAMES:
                    del others_rt[i]
            other_amounts = [o.amount for o in s4.costs.other
                             if o.name.strip().lower() not in UNALLOCATED_NAMES]

        costs = budget.Costs(
            administration=s4.costs.administration,
            communication=s4.costs.communication,
            areas={a: s4.costs.areas.get(a, 0) for a in area_ids},
            other=other_amounts,
        )
        budget.cap_areas(costs, self._area_caps())
        capped = {k[1] for k in costs.reduced if k[0] == "area"}
        frames = plan.financing.frames.get(year, {})
        financing = budget.balanced_financing(
            [budget.SourceFrame(s.id, s.type, frames.get(s.id, 0))
             for s in plan.financing.sources],
            plan.conditions.county_max_percent, plan.conditions.municipality_min_percent)
        financing = {k: v for k, v in financing.items() if v > 0}
        total = sum(financing.values())
        budget.fit(costs, total)

        def note_for(key: tuple) -> str | None:
            if key not in costs.reduced:
                return None
            amount = _kr(costs.reduced[key])
            if key[0] == "area" and key[1] in capped:
                return t("s4.ramme", amount=amount)
            return t("s4.ned", amount=amount)

        if "administrasjon" in costs_rt:
            rt.put(costs_rt, "administrasjon",
                   _amount_like(costs_rt["administrasjon"], costs.administration),
                   note_for(("administration",)))
        if "kommunikasjon" in costs_rt or costs.communication:
            rt.put(costs_rt, "kommunikasjon",
                   _amount_like(costs_rt.get("kommunikasjon"), costs.communication),
                   note_for(("communication",)))
        areas_rt = costs_rt.get("innsatsområder")
        if not hasattr(areas_rt, "ca"):
            areas_rt = rt.mapping()
            rt.put(costs_rt, "innsatsområder", areas_rt)
        present = {str(k): k for k in areas_rt}
        for key in [k for k in areas_rt if str(k) not in area_ids]:
            del areas_rt[key]
        for area in area_ids:
            key = present.get(area, area)
            comment = note_for(("area", area))
            if area not in present:
                comment = t("s4.ny")
            rt.put(areas_rt, key, _amount_like(areas_rt.get(key), costs.areas[area]), comment)
        if others_rt is not None:
            for i, item in enumerate(others_rt):
                comment = note_for(("other", i))
                if comment and hasattr(item, "ca"):
                    rt.put(item, "beløp", _amount_like(item.get("beløp"), costs.other[i]))
                    rt.eol(others_rt, i, comment)
        if costs.unallocated:
            if others_rt is None:
                others_rt = rt.sequence()
                rt.put(costs_rt, "andre", others_rt)
            post = rt.mapping({"navn": t("s4.ikke_fordelt"), "beløp": costs.unallocated},
                              flow=True)
            others_rt.append(post)
            rt.eol(others_rt, len(others_rt) - 1, t("s4.ikke_fordelt.merk"))
            self.notes.append(f"{_kr(costs.unallocated)} av finansieringen for {year} er ikke "
                              "fordelt på noen post ennå (posten «"
                              f"{t('s4.ikke_fordelt')}» i kapittel 4).")
        elif others_rt is not None and len(others_rt) == 0:
            rt.put(costs_rt, "andre", rt.sequence(flow=True))

        fin_rt = data.get("finansiering")
        if not hasattr(fin_rt, "ca"):
            fin_rt = rt.mapping()
        present = {str(k): k for k in fin_rt}
        for key in [k for k in fin_rt if str(k) not in financing]:
            del fin_rt[key]
        for source_id, amount in financing.items():
            key = present.get(source_id, source_id)
            rt.put(fin_rt, key, _amount_like(fin_rt.get(key), amount))
        if not financing:
            rt.put(data, "finansiering", rt.mapping(flow=True),
                   t("s4.finansiering.ingen", year=year))
            self.notes.append(f"omstillingsplan.yaml har ingen rammer for {year} i "
                              "finansiering.rammer; kapittel 4 har derfor ingen finansiering "
                              "og ingen kostnader. Legg inn rammene og fyll ut kapittel 4.")
        else:
            note = t("s4.finansiering", year=year)
            lowered = [(s, frames[s]) for s, v in financing.items() if v < frames.get(s, 0)]
            lowered += [(s.id, frames[s.id]) for s in plan.financing.sources
                        if frames.get(s.id, 0) > 0 and s.id not in financing]
            for source_id, frame in lowered:
                note += "; " + t("s4.finansiering.ned", source=source_id, frame=_kr(frame))
                self.notes.append(f"Finansieringen fra «{source_id}» er satt ned fra rammen på "
                                  f"{_kr(frame)} for å holde fylkeskommunens vilkår.")
            rt.put(data, "finansiering", fin_rt, note)
        for key, old in costs.reduced.items():
            if key[0] == "area" and key[1] in capped:
                self.notes.append(f"Rammen for {key[1]} er satt ned fra {_kr(old)} slik at "
                                  "summen over årene holder seg innenfor rammen for perioden.")
        if financing and any(k not in {("area", a) for a in capped} for k in costs.reduced):
            self.notes.append(f"Kostnadene for {year} er satt ned for å stemme med "
                              f"finansieringen ({_kr(total)}); se «FYLL UT» i kapittel 4.")
        return rt.dump(data, style)

    def _area_caps(self) -> dict[str, int | None]:
        """What is left of each innsatsområde's ramme after the other plan years' frames."""
        caps: dict[str, int | None] = {}
        for area in self.plan.focus_areas:
            if area.frame is None:
                caps[area.id] = None
                continue
            used = sum(y.s4.costs.areas.get(area.id, 0)
                       for number, y in self.programme.years.items()
                       if number != self.year and y.s4 is not None)
            caps[area.id] = area.frame - used
        return caps

    # -- section 5
    def section5(self) -> str:
        data, style = self._load("5-kommunikasjonsplan")
        t, year = self.t, self.year
        _replace(data, "mål", rt.quoted(t("s5.mål", year=year)))
        groups = self.plan.communication.target_groups if self.plan.communication else []
        rt.put(data, "tiltak", rt.sequence(flow=True), t("s5.tom"))
        text = without_reminder(rt.dump(data, style).replace("\r\n", "\n"))
        lines = text.split("\n")
        at = next((i for i, line in enumerate(lines) if re.match(r"tiltak:(\s|$)", line)),
                  len(lines))
        lines[at:at] = reminder(t, groups, year).split("\n")
        text = "\n".join(lines)
        return text.replace("\n", "\r\n") if style.crlf else text


def _replace(data, key: str, value: Any) -> None:
    """Last year's text for the year (an introduction, a summary) becomes a placeholder; a
    file that had none gets none."""
    if key in data:
        rt.put(data, key, value)


def _number(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _int_or_none(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _same_kind(old: Any, text: str) -> Any:
    """`text` written the way `old` was (plain, quoted, block)."""
    kind = type(old)
    if kind is str:
        return text
    try:
        return kind(text)
    except TypeError:
        return text


def _amount_like(old: Any, amount: int) -> Any:
    """`amount` in the form the user wrote the old one: 1250000, or "1 250 000 kr"."""
    if isinstance(old, str):
        text = norsk.number(amount, sep=" ")
        if old.strip().lower().endswith("kr"):
            text += " kr"
        return _same_kind(old, text)
    return amount
