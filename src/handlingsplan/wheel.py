"""The yearly wheel (årshjul) of DOMAIN.md as data: phases and deadlines for a programme and a
calendar year, with the real dates of hp.toml where the programme gives them, and the to-dos
that the repository's state turns the wheel into.

Which plan year a deadline concerns, for a calendar year C inside the programme period:

    1 Jan   C     the plan for C is put into action
    31 Jan  C     annual report for C-1 to the board       (first board meeting Jan–Feb)
    31 Mar  C     annual report for C-1 to the council     (first council meeting Feb–Mar)
    30 Jun  C     follow-up of the plan for C              (last board meeting May–Jun)
    1 Oct   C     work starts on the plan for C+1
    15 Oct  C     programme status review of C             ([kalender] programstatusvurdering)
    30 Nov  C     the board decides the plan for C+1        (first board meeting Nov–Dec)
    15 Dec  C     the council approves the plan for C+1     (first council meeting after that)
    15 Dec  C     application for the money for C+1         (or the council's day, if later)

Before the period (the strategy phase, C = fra-1) only the last three exist, for the first plan
(and the omstillingsplan). In the last year (C = til) there is no plan for C+1: the period ends
on 31 December, and in C = til+1 the final report goes to the board and the council and the
final evaluation follows (30 June). Nothing here reads the clock: the day is a parameter.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from handlingsplan import norsk
from handlingsplan.config import Config

if TYPE_CHECKING:
    from handlingsplan.loader.programme import Programme, Year
    from handlingsplan.schema.programme import Reading
    from handlingsplan.schema.year import StatusReview

DEFAULT = "standard"
FROM_CONFIG = "hp.toml"

# Default days for the generic months of DOMAIN.md: (month, day)
ANNUAL_REPORT_BOARD = (1, 31)
ANNUAL_REPORT_COUNCIL = (3, 31)
FOLLOW_UP = (6, 30)
NEXT_PLAN_START = (10, 1)
STATUS_REVIEW = (10, 15)
BOARD_DECISION = (11, 30)
COUNCIL_APPROVAL = (12, 15)
APPLICATION = (12, 15)
FINAL_EVALUATION = (6, 30)

# How fresh oppfolging.yaml must be (its `per`) for each report it feeds: (month, day) in the
# plan year it describes.
FRESH_FOR_FOLLOW_UP = (5, 1)
FRESH_FOR_STATUS_REVIEW = (9, 1)
FRESH_FOR_ANNUAL_REPORT = (12, 1)

HORIZON_DAYS = 365  # how far ahead "coming deadlines" reach
GRANT_HORIZON_DAYS = 92  # how far ahead a grant's deadline becomes a to-do (three months)
GRANT_SOON_DAYS = 14  # a grant's deadline this close is urgent


@dataclass(frozen=True)
class Deadline:
    """One date in the wheel: what is due, which plan year it concerns, where the date is from."""

    kind: str  # stable ASCII slug, part of the ICS UID
    date: dt.date
    plan_year: int  # the plan year it concerns (the annual report in January C concerns C-1)
    title: str  # Norwegian, short
    description: str  # Norwegian, what to do
    source: str = DEFAULT  # DEFAULT or FROM_CONFIG
    done: str | None = None  # what in the repository shows it is done, when it does

    def days_left(self, day: dt.date) -> int:
        return (self.date - day).days


@dataclass(frozen=True)
class Phase:
    key: str
    name: str
    start: dt.date
    end: dt.date
    description: str

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Todo:
    """A concrete thing to do (or, with done=True, a check that is fine)."""

    text: str
    done: bool = False
    urgent: bool = False  # due now or overdue
    command: str | None = None  # the hp command that does it, when there is one


@dataclass
class Wheel:
    programme: str
    start: int  # the programme period
    end: int
    date: dt.date
    stage: str  # before | strategy | running | last | closing | closed
    stage_text: str  # Norwegian, one line
    phase: Phase
    phases: list[Phase]  # the calendar year's
    deadlines: list[Deadline]  # coming ones, from `date` and HORIZON_DAYS ahead
    todos: list[Todo] = field(default_factory=list)

    @property
    def programme_year(self) -> int | None:
        """1-based position of the calendar year in the period, None outside it."""
        year = self.date.year
        return year - self.start + 1 if self.start <= year <= self.end else None


# --- helpers ---------------------------------------------------------------------------------


def slug(text: str) -> str:
    """An ASCII slug in the Norwegian web convention: å→a, ø→o, æ→ae."""
    text = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "program"


def _d(year: int, month_day: tuple[int, int]) -> dt.date:
    return dt.date(year, *month_day)


def _pick(dates: Iterable[dt.date], lo: dt.date, hi: dt.date, last: bool = False
          ) -> dt.date | None:
    found = sorted(d for d in dates if lo <= d <= hi)
    if not found:
        return None
    return found[-1] if last else found[0]


def _end_of_february(year: int) -> dt.date:
    return dt.date(year, 3, 1) - dt.timedelta(days=1)


def stage_of(start: int, end: int, year: int) -> str:
    if year < start - 1:
        return "before"
    if year == start - 1:
        return "strategy"
    if year < end:
        return "running"
    if year == end:
        return "last"
    if year == end + 1:
        return "closing"
    return "closed"


# --- deadlines ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Dates:
    """The real dates of hp.toml, or the defaults, for one calendar year."""

    config: Config
    year: int

    def _or(self, found: dt.date | None, default: dt.date) -> tuple[dt.date, str]:
        return (found, FROM_CONFIG) if found else (default, DEFAULT)

    def annual_report_board(self) -> tuple[dt.date, str]:
        y = self.year
        return self._or(_pick(self.config.board_meetings, dt.date(y, 1, 1),
                              _end_of_february(y)), _d(y, ANNUAL_REPORT_BOARD))

    def annual_report_council(self) -> tuple[dt.date, str]:
        y = self.year
        return self._or(_pick(self.config.council_meetings, dt.date(y, 2, 1), dt.date(y, 3, 31)),
                        _d(y, ANNUAL_REPORT_COUNCIL))

    def follow_up(self) -> tuple[dt.date, str]:
        y = self.year
        return self._or(_pick(self.config.board_meetings, dt.date(y, 5, 1), dt.date(y, 6, 30),
                              last=True), _d(y, FOLLOW_UP))

    def status_review(self) -> tuple[dt.date, str]:
        y = self.year
        return self._or(_pick(self.config.status_review, dt.date(y, 1, 1), dt.date(y, 12, 31)),
                        _d(y, STATUS_REVIEW))

    def board_decision(self) -> tuple[dt.date, str]:
        y = self.year
        return self._or(_pick(self.config.board_meetings, dt.date(y, 11, 1), dt.date(y, 12, 31)),
                        _d(y, BOARD_DECISION))

    def council_approval(self) -> tuple[dt.date, str]:
        y = self.year
        board, _ = self.board_decision()
        return self._or(_pick(self.config.council_meetings, max(board, dt.date(y, 11, 1)),
                              dt.date(y, 12, 31)), _d(y, COUNCIL_APPROVAL))

    def application(self) -> tuple[dt.date, str]:
        council, source = self.council_approval()
        default = _d(self.year, APPLICATION)
        return (council, source) if council > default else (default, DEFAULT)


def year_deadlines(start: int, end: int, year: int, config: Config | None = None,
                   county: str = "fylkeskommunen") -> list[Deadline]:
    """The deadlines that fall in calendar `year` for a programme running `start`–`end`."""
    dates = _Dates(config or Config(), year)
    stage = stage_of(start, end, year)
    out: list[Deadline] = []

    def add(kind: str, when: tuple[dt.date, str], plan_year: int, title: str,
            description: str) -> None:
        out.append(Deadline(kind, when[0], plan_year, title, description, when[1]))

    def decisions(nxt: int, first: bool) -> None:
        add("styrevedtak", dates.board_decision(), nxt,
            f"Omstillingsstyret vedtar handlingsplanen for {nxt}",
            f"Omstillingsstyret behandler og vedtar handlingsplanen for {nxt}. Før opp "
            f"behandlingen (organ, dato, sak) i {nxt}/handlingsplan.yaml og sett "
            "«status: til_behandling».")
        what = (f"omstillingsplanen og handlingsplanen for {nxt}" if first
                else f"handlingsplanen for {nxt}")
        add("kommunestyrevedtak", dates.council_approval(), nxt,
            f"Kommunestyret godkjenner {what}",
            f"Kommunestyret godkjenner {what}. Sett «status: vedtatt» og før opp vedtaket i "
            f"{nxt}/handlingsplan.yaml.")
        add("soknad", dates.application(), nxt, f"Søknad om omstillingsmidler for {nxt}",
            f"Kommunen søker {county} om omstillingsmidler for {nxt}, med den vedtatte "
            "handlingsplanen som grunnlag.")

    if stage == "strategy":
        decisions(start, first=True)
    elif stage in ("running", "last"):
        add("iverksetting", (dt.date(year, 1, 1), DEFAULT), year,
            f"Handlingsplanen for {year} settes i verk",
            f"Handlingsplanen for {year} gjelder fra 1. januar: gi tilsagn til prosjektene og "
            "sett i gang tiltakene.")
        if year > start:
            last = year - 1
            add("arsrapport-styret", dates.annual_report_board(), last,
                f"Årsrapport {last} til omstillingsstyret",
                f"Årsrapporten for {last} (måloppnåelse, forbruk og resultater per tiltak) "
                f"legges fram for omstillingsstyret. Grunnlaget er {last}/oppfolging.yaml per "
                "31. desember.")
            add("arsrapport-kommunestyret", dates.annual_report_council(), last,
                f"Årsrapport {last} til kommunestyret",
                f"Årsrapporten for {last} legges fram for kommunestyret.")
        add("oppfolging", dates.follow_up(), year,
            f"Oppfølging av handlingsplanen for {year}",
            f"Halvårsoppfølging: oppdater {year}/oppfolging.yaml (status, forbruk og "
            "indikatorer) og legg status fram for omstillingsstyret (se «hp status»).")
        if stage == "running":
            nxt = year + 1
            add("oppstart", (_d(year, NEXT_PLAN_START), DEFAULT), nxt,
                f"Arbeidet med handlingsplanen for {nxt} starter",
                f"Arbeidet med handlingsplanen for {nxt} starter: kjør «hp init {nxt}» og ta "
                "inn forbedringspunktene fra programstatusvurderingen.")
            add("programstatusvurdering", dates.status_review(), year,
                f"Programstatusvurdering {year}",
                "Den årlige programstatusvurderingen med Innovasjon Norge (12 indikatorer for "
                f"prosess og effekt, skår 1–5). Forbedringspunktene skal inn i handlingsplanen "
                f"for {nxt}.")
            decisions(nxt, first=False)
        else:
            add("programstatusvurdering", dates.status_review(), year,
                f"Programstatusvurdering {year} (den siste)",
                "Den siste programstatusvurderingen med Innovasjon Norge (12 indikatorer, skår "
                "1–5): grunnlag for avslutningen og sluttevalueringen.")
            add("avslutning", (dt.date(year, 12, 31), DEFAULT), year,
                "Omstillingsperioden slutter",
                f"Omstillingsperioden {start}–{end} slutter. Tiltakene avsluttes og leverer "
                "sluttrapport; det lages ingen handlingsplan for neste år.")
    elif stage == "closing":
        add("sluttrapport-styret", dates.annual_report_board(), end,
            "Sluttrapport til omstillingsstyret",
            f"Årsrapporten for {end} og sluttrapporten for perioden {start}–{end} legges fram "
            f"for omstillingsstyret. Grunnlaget er {end}/oppfolging.yaml per 31. desember.")
        add("sluttrapport-kommunestyret", dates.annual_report_council(), end,
            "Sluttrapport til kommunestyret",
            f"Sluttrapporten for omstillingsperioden {start}–{end} legges fram for "
            "kommunestyret.")
        add("sluttevaluering", (_d(year, FINAL_EVALUATION), DEFAULT), end,
            "Sluttevaluering av programmet",
            f"Sluttevalueringen av omstillingsprogrammet {start}–{end}, bestilt av "
            f"{county}, skal være ferdig.")
    return sorted(out, key=lambda d: (d.date, d.kind))


# --- phases ------------------------------------------------------------------------------------


def year_phases(start: int, end: int, year: int) -> list[Phase]:
    """The phases of calendar `year`, covering it from 1 January to 31 December."""
    jan1, dec31 = dt.date(year, 1, 1), dt.date(year, 12, 31)
    stage = stage_of(start, end, year)
    if stage == "before":
        return [Phase("forberedelse", "Før omstillingsprogrammet", jan1, dec31,
                      f"Programmet starter i {start}. Året før skrives omstillingsplanen og den "
                      "første handlingsplanen i strategi- og forankringsfasen.")]
    if stage == "strategy":
        return [
            Phase("strategi", "Strategi- og forankringsfasen", jan1, dt.date(year, 10, 31),
                  f"Omstillingsplanen for {start}–{end} og den første handlingsplanen (for "
                  f"{start}) skrives og forankres hos næringslivet, kommunen og "
                  "fylkeskommunen."),
            Phase("behandling", "Behandling av de første planene", dt.date(year, 11, 1), dec31,
                  f"Omstillingsstyret vedtar handlingsplanen for {start}, kommunestyret "
                  "godkjenner omstillingsplanen og handlingsplanen, og kommunen søker "
                  f"fylkeskommunen om midler for {start}."),
        ]
    if stage == "closing":
        return [
            Phase("avslutning", "Avslutningsfasen", jan1, dt.date(year, 6, 30),
                  f"Omstillingsperioden {start}–{end} er over. Sluttrapporten legges fram for "
                  "omstillingsstyret og kommunestyret, og sluttevalueringen gjennomføres."),
            Phase("avsluttet", "Programmet er avsluttet", dt.date(year, 7, 1), dec31,
                  f"Omstillingsprogrammet {start}–{end} er avsluttet."),
        ]
    if stage == "closed":
        return [Phase("avsluttet", "Programmet er avsluttet", jan1, dec31,
                      f"Omstillingsprogrammet {start}–{end} er avsluttet.")]

    first, last = year == start, stage == "last"
    if first:
        opening = (f"Programmet starter: handlingsplanen for {year} settes i verk, "
                   "organisasjonen kommer på plass og de første tiltakene starter. Det finnes "
                   "ingen årsrapport fra et tidligere år ennå.")
    else:
        opening = (f"Den vedtatte handlingsplanen for {year} settes i verk og tiltakene "
                   f"starter. Årsrapporten for {year - 1} legges fram for omstillingsstyret i "
                   "januar og for kommunestyret i februar–mars.")
    phases = [
        Phase("iverksetting", "Iverksetting", jan1, _end_of_february(year), opening),
        Phase("gjennomforing", "Gjennomføring", dt.date(year, 3, 1), dt.date(year, 4, 30),
              "Tiltakene gjennomføres. Hold oppfolging.yaml oppdatert med status og forbruk"
              + ("." if first else f"; årsrapporten for {year - 1} går til kommunestyret.")),
        Phase("oppfolging", "Oppfølging", dt.date(year, 5, 1), dt.date(year, 6, 30),
              f"Halvårsoppfølging av handlingsplanen for {year}: status, forbruk og "
              "måloppnåelse legges fram for omstillingsstyret. Noen programmer reviderer "
              "planen i juni."),
        Phase("gjennomforing", "Gjennomføring", dt.date(year, 7, 1), dt.date(year, 9, 30),
              "Tiltakene gjennomføres. Oppdater oppfolging.yaml før programstatusvurderingen "
              "i oktober."),
    ]
    if last:
        phases += [
            Phase("programstatusvurdering", "Siste programstatusvurdering",
                  dt.date(year, 10, 1), dt.date(year, 10, 31),
                  "Innovasjon Norge leder den siste programstatusvurderingen. Det lages ingen "
                  "handlingsplan for neste år: vurderingen er grunnlaget for avslutningen og "
                  "sluttevalueringen."),
            Phase("avslutning", "Avslutning", dt.date(year, 11, 1), dt.date(year, 12, 31),
                  f"Siste programår: tiltakene avsluttes og sluttrapporteres, og "
                  f"sluttrapporten for {start}–{end} forberedes. Det lages ingen handlingsplan "
                  "for neste år."),
        ]
    else:
        phases += [
            Phase("programstatusvurdering", "Programstatusvurdering og ny plan",
                  dt.date(year, 10, 1), dt.date(year, 10, 31),
                  "Innovasjon Norge leder den obligatoriske programstatusvurderingen (12 "
                  "indikatorer for prosess og effekt, skår 1–5). Forbedringspunktene tas inn i "
                  f"handlingsplanen for {year + 1}, og arbeidet med den starter."),
            Phase("behandling", "Behandling og søknad", dt.date(year, 11, 1),
                  dt.date(year, 12, 31),
                  f"Omstillingsstyret vedtar handlingsplanen for {year + 1} (november), "
                  "kommunestyret godkjenner den, og kommunen søker fylkeskommunen om midler "
                  f"for {year + 1} (desember)."),
        ]
    return phases


def phase_at(start: int, end: int, day: dt.date) -> Phase:
    return next(p for p in year_phases(start, end, day.year) if day in p)


def stage_text(start: int, end: int, day: dt.date) -> str:
    year, stage = day.year, stage_of(start, end, day.year)
    length = end - start + 1
    if stage == "before":
        return f"Før programperioden: omstillingsprogrammet går {start}–{end}."
    if stage == "strategy":
        return (f"Strategi- og forankringsfasen: programperioden {start}–{end} starter "
                f"1. januar {start}.")
    if stage == "closing":
        return f"Avslutningsfasen: omstillingsperioden {start}–{end} er over."
    if stage == "closed":
        return f"Programmet er avsluttet (omstillingsperioden var {start}–{end})."
    position = f"Programår {year - start + 1} av {length} ({start}–{end})"
    if year == start and stage == "last":
        return position + ": første og siste år."
    if year == start:
        return position + ": første år."
    if stage == "last":
        return position + ": siste år, uten handlingsplan for neste år."
    return position + "."


# --- the repository ----------------------------------------------------------------------------


def _is_board(reading: Reading) -> bool:
    body = reading.body.lower()
    return "styre" in body and "kommunestyre" not in body


def _is_council(reading: Reading) -> bool:
    return "kommunestyre" in reading.body.lower()


def _reading_text(reading: Reading) -> str:
    case = f", sak {reading.case}" if reading.case else ""
    return f"{norsk.date(reading.date)}{case}"


def _status_review_of(programme: Programme, year: int) -> StatusReview | None:
    """The programstatusvurdering of `year` as recorded in a later plan's section 2."""
    for later in sorted(programme.years.values(), key=lambda y: y.year):
        if later.year <= year or later.s2 is None:
            continue
        for earlier in later.s2.earlier_years:
            if earlier.year == year and earlier.status_review is not None:
                return earlier.status_review
    return None


def mark_done(programme: Programme, deadline: Deadline) -> Deadline:
    """The deadline with `done` filled in when the repository shows it is done."""
    from dataclasses import replace

    from handlingsplan.schema.types import PlanStatus

    y = programme.years.get(deadline.plan_year)
    meta = y.meta if y else None
    done: str | None = None
    if deadline.kind == "styrevedtak" and meta:
        reading = next((r for r in meta.readings if _is_board(r)), None)
        if reading:
            done = f"behandlet {_reading_text(reading)}"
    elif deadline.kind == "kommunestyrevedtak" and meta:
        reading = next((r for r in meta.readings if _is_council(r)), None)
        if reading:
            done = f"vedtatt {_reading_text(reading)}"
        elif meta.status is PlanStatus.APPROVED:
            done = "vedtatt"
    elif deadline.kind == "oppfolging" and y and y.followup:
        if y.followup.as_of >= _d(deadline.plan_year, FRESH_FOR_FOLLOW_UP):
            done = f"oppfolging.yaml per {norsk.date(y.followup.as_of)}"
    elif deadline.kind == "oppstart" and y:
        done = f"{deadline.plan_year}/ finnes"
    elif deadline.kind == "programstatusvurdering":
        review = _status_review_of(programme, deadline.plan_year)
        if review is not None and review.date:
            done = f"gjennomført {norsk.date(review.date)}"
    return replace(deadline, done=done) if done else deadline


# Words that say nothing about whether an improvement point is taken up.
_STOPWORDS = frozenset({
    "alle", "andre", "at", "av", "bare", "bedre", "blir", "bli", "bør", "da", "de", "dem", "den",
    "denne", "der", "det", "dette", "disse", "du", "eller", "en", "er", "et", "etter", "for",
    "fra", "før", "få", "god", "gode", "har", "hele", "hvert", "hver", "i", "ikke", "inn", "kan",
    "med", "mellom", "men", "mer", "mindre", "mot", "må", "ha", "hadde", "nå", "når", "og",
    "også", "om", "opp", "over", "på", "sammen", "seg", "selv", "skal", "slik", "som", "til",
    "ut", "under", "ved", "vi", "vil", "være", "vår", "våre", "år", "året", "årets", "program",
    "programmet", "programmets", "omstillingsprogrammet", "tiltak", "tiltakene", "tydelig",
    "tydeligere",
})


def _words(text: str) -> list[str]:
    return re.findall(r"[a-zæøåéü]+", text.lower())


def _significant(text: str) -> list[str]:
    return [w for w in _words(text) if len(w) >= 4 and w not in _STOPWORDS]


def mentioned(point: str, plan_words: set[str]) -> bool:
    """Does the plan text seem to take up an improvement point? At least half of the point's
    significant words (compared on their first six letters) occur in the plan."""
    stems = {w[:6] for w in _significant(point)}
    if not stems:
        return True
    prefixes = {w[:6] for w in plan_words}
    return 2 * len(stems & prefixes) >= len(stems)


def _texts(value) -> Iterable[str]:
    from pydantic import BaseModel

    if isinstance(value, str):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name))
    elif isinstance(value, dict):
        for v in value.values():
            yield from _texts(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _texts(v)


def plan_words(year: Year) -> set[str]:
    """Every word of a year's plan text outside section 2 (where the points themselves are)."""
    words: set[str] = set()
    for model in (year.s1, year.s3, year.s4, year.s5):
        if model is not None:
            for text in _texts(model):
                words.update(_words(text))
    return words


def todos(programme: Programme, day: dt.date, deadlines: Sequence[Deadline],
          errors: int = 0) -> list[Todo]:
    """The wheel made concrete for this repository on `day`: what to do, and what is fine.

    `deadlines` are the wheel's deadlines around `day` (the years before and after included),
    used for the dates the to-dos refer to.
    """
    from handlingsplan.schema.types import PlanStatus

    plan = programme.plan
    assert plan is not None
    start, end = plan.period.start, plan.period.end
    year = day.year
    stage = stage_of(start, end, year)
    out: list[Todo] = []

    def due(kind: str, plan_year: int) -> Deadline | None:
        return next((d for d in deadlines if d.kind == kind and d.plan_year == plan_year), None)

    if errors:
        out.append(Todo(f"Planen har {norsk.plural(errors, 'feil', 'feil')}: rett dem først.",
                        urgent=True, command="hp validate"))

    # -- the plan of this year
    if stage in ("running", "last"):
        current = programme.years.get(year)
        if current is None:
            out.append(Todo(f"Det finnes ingen handlingsplan for {year}, men planåret har "
                            "begynt.", urgent=True, command=f"hp init {year}"))
        elif current.meta and current.meta.status is not PlanStatus.APPROVED:
            out.append(Todo(
                f"Handlingsplanen for {year} er ikke vedtatt (status «{current.meta.status}»), "
                f"men planåret har begynt. Før opp kommunestyrets vedtak i {year}/"
                "handlingsplan.yaml og sett «status: vedtatt».", urgent=True))

    # -- next year's plan: from 1 October, and all through the strategy phase
    nxt: int | None = None
    if stage in ("before", "strategy"):
        nxt = start
    elif stage == "running" and day >= _d(year, NEXT_PLAN_START):
        nxt = year + 1
    if nxt is not None:
        out.extend(_next_plan_todos(programme, day, nxt, due("styrevedtak", nxt),
                                    due("kommunestyrevedtak", nxt)))
    if stage == "strategy" and day >= dt.date(year, 12, 1):
        if plan.approved and plan.approved.date:
            out.append(Todo("Omstillingsplanen er ført opp som vedtatt "
                            f"({norsk.date(plan.approved.date)}).", done=True))
        else:
            council = due("kommunestyrevedtak", start)
            when = f" innen {norsk.date(council.date)}" if council else ""
            out.append(Todo(f"Omstillingsplanen skal godkjennes av kommunestyret{when}: før "
                            "opp vedtaket under «vedtatt» i omstillingsplan.yaml.",
                            urgent=bool(council and day > council.date)))

    # -- oppfolging.yaml, fresh enough for the report it feeds
    check = _follow_up_check(start, end, day, due)
    if check is not None and check[0] in programme.years:
        out.append(_follow_up_todo(programme, day, *check))
        if check[3] in ("sluttrapporten", f"årsrapporten for {check[0]}"):
            out.append(_report_todo(check[0], check[2], check[3], day))

    # -- improvement points from this year's status review in next year's plan
    if stage == "running":
        review = due("programstatusvurdering", year)
        if review is not None and day > review.date:
            out.extend(_improvement_todos(programme, year, review))

    # -- grants whose deadline is near or has passed with money unpaid
    out.extend(_grant_todos(programme, day))
    return out


def _grant_todos(programme: Programme, day: dt.date) -> list[Todo]:
    """A to-do per grant (tilsagn.yaml) with money unpaid on `day` whose deadline has passed
    (urgent: the board extends it or withdraws the rest) or comes within GRANT_HORIZON_DAYS."""
    from handlingsplan.figures import grants

    out = []
    horizon = day + dt.timedelta(days=GRANT_HORIZON_DAYS)
    for g in grants.open_deadlines(programme, dt.date.min, horizon, day):
        assert g.deadline is not None
        what = (f"tilsagnet {g.id} til {g.recipient} ({g.year}/tilsagn.yaml): "
                f"{norsk.amount(g.unpaid)} av {norsk.amount(g.net)} er ikke utbetalt")
        if g.deadline < day:
            out.append(Todo(f"Fristen {norsk.date(g.deadline)} er passert for {what}. Styret "
                            "bør forlenge fristen eller trekke tilbake resten (trukket_tilbake)."
                            , urgent=True))
        else:
            out.append(Todo(f"Frist {norsk.date(g.deadline)} for {what}. Sluttrapporten må "
                            "komme før siste utbetaling.",
                            urgent=(g.deadline - day).days <= GRANT_SOON_DAYS))
    return out


def grant_deadlines(programme: Programme, year: int, day: dt.date) -> list[Deadline]:
    """The deadlines in calendar `year` of the grants with money unpaid on `day`, as the
    wheel's deadlines (for the ICS export); `plan_year` is the year folder of the grant."""
    from handlingsplan.figures import grants

    out = []
    for g in grants.open_deadlines(programme, dt.date(year, 1, 1), dt.date(year, 12, 31), day):
        assert g.deadline is not None
        out.append(Deadline(
            f"tilsagnsfrist-{slug(g.id)}", g.deadline, g.year,
            f"Frist for tilsagn {g.id} ({g.recipient})",
            f"Siste frist for sluttrapport og utbetaling av tilsagnet {g.id} til "
            f"{g.recipient} ({g.orgnr}), vedtatt {norsk.date(g.decided)} fra tiltaket "
            f"{g.tiltak}: {norsk.amount(g.unpaid)} av {norsk.amount(g.net)} var ikke utbetalt "
            f"per {norsk.date(day)}. Er fristen ute, bør styret forlenge den eller trekke "
            "tilbake resten."))
    return out


def _next_plan_todos(programme: Programme, day: dt.date, nxt: int, board: Deadline | None,
                     council: Deadline | None) -> list[Todo]:
    from handlingsplan.schema.types import PlanStatus

    y = programme.years.get(nxt)
    if y is None:
        late = board is not None and day > board.date - dt.timedelta(days=30)
        return [Todo(f"Lag handlingsplanen for {nxt}: mappen {nxt}/ finnes ikke ennå.",
                     urgent=late, command=f"hp init {nxt}")]
    out = [Todo(f"Handlingsplanen for {nxt} er påbegynt ({nxt}/).", done=True)]
    meta = y.meta
    if meta is None:
        return out
    if board is not None and day >= dt.date(board.date.year, 11, 1):
        reading = next((r for r in meta.readings if _is_board(r)), None)
        if reading:
            out.append(Todo(f"Omstillingsstyret har behandlet handlingsplanen for {nxt} "
                            f"({_reading_text(reading)}).", done=True))
        elif meta.status is not PlanStatus.APPROVED:
            verb = "skulle" if day > board.date else "skal"
            out.append(Todo(
                f"Omstillingsstyret {verb} vedta handlingsplanen for {nxt} innen "
                f"{norsk.date(board.date)}: før opp behandlingen i {nxt}/handlingsplan.yaml "
                "når den er gjort.", urgent=day > board.date))
    board_done = any(_is_board(r) for r in meta.readings)
    if council is not None and (day >= dt.date(council.date.year, 12, 1)
                                or (board_done and day >= dt.date(council.date.year, 11, 1))):
        if meta.status is PlanStatus.APPROVED:
            out.append(Todo(f"Handlingsplanen for {nxt} er vedtatt.", done=True))
        else:
            verb = "skulle" if day > council.date else "skal"
            out.append(Todo(
                f"Handlingsplanen for {nxt} er ikke vedtatt ennå (status «{meta.status}»). "
                f"Kommunestyret {verb} godkjenne den innen {norsk.date(council.date)}; sett "
                f"«status: vedtatt» og før opp vedtaket i {nxt}/handlingsplan.yaml.",
                urgent=day >= dt.date(council.date.year, 12, 1)))
    return out


def _follow_up_check(start: int, end: int, day: dt.date, due) -> tuple | None:
    """(plan year, fresh from, the deadline it feeds, what it feeds) for `day`, or None."""
    year = day.year
    stage = stage_of(start, end, year)
    if stage in ("running", "last", "closing") and day <= dt.date(year, 3, 31):
        last = year - 1
        if start <= last <= end:
            kind = "sluttrapport-styret" if stage == "closing" else "arsrapport-styret"
            what = "sluttrapporten" if stage == "closing" else f"årsrapporten for {last}"
            return last, _d(last, FRESH_FOR_ANNUAL_REPORT), due(kind, last), what
    if stage in ("running", "last"):
        if day >= dt.date(year, 10, 1):
            return (year, _d(year, FRESH_FOR_STATUS_REVIEW), due("programstatusvurdering", year),
                    "programstatusvurderingen")
        if day >= dt.date(year, 5, 1):
            return year, _d(year, FRESH_FOR_FOLLOW_UP), due("oppfolging", year), "oppfølgingen"
    return None


def _follow_up_todo(programme: Programme, day: dt.date, plan_year: int, fresh: dt.date,
                    deadline: Deadline | None, what: str) -> Todo:
    y = programme.years[plan_year]
    when = f" ({norsk.date(deadline.date)})" if deadline else ""
    late = deadline is not None and day > deadline.date - dt.timedelta(days=14)
    path = f"{plan_year}/oppfolging.yaml"
    if y.followup is None:
        if "oppfolging" in y.files:  # there, but broken
            return Todo(f"{path} har feil og kan ikke brukes til {what}{when}.", urgent=True,
                        command="hp validate")
        return Todo(f"Lag {path} med status og forbruk per tiltak før {what}{when}.",
                    urgent=late)
    as_of = y.followup.as_of
    if as_of < fresh:
        return Todo(f"Oppdater {path}: den gjelder per {norsk.date(as_of)}, men {what}{when} "
                    f"trenger tall fra {norsk.date(fresh)} eller senere.", urgent=late)
    return Todo(f"{path} er oppdatert for {what} (per {norsk.date(as_of)}).", done=True)


def _report_todo(plan_year: int, deadline: Deadline | None, what: str, day: dt.date) -> Todo:
    """The annual (or final) report to write, with the command that makes it."""
    when = f" til omstillingsstyret {norsk.date(deadline.date)}" if deadline else ""
    final = what == "sluttrapporten"
    late = deadline is not None and day > deadline.date - dt.timedelta(days=14)
    return Todo(f"Lag {what}{when}, fra de samme tallene som planen.", urgent=late,
                command=f"hp rapport --year {plan_year}" + (" --sluttrapport" if final else ""))


def _improvement_todos(programme: Programme, year: int, review: Deadline) -> list[Todo]:
    nxt = year + 1
    y = programme.years.get(nxt)
    if y is None or y.s2 is None:
        return []  # the missing folder (or its errors) is reported already
    entry = next((e for e in y.s2.earlier_years if e.year == year), None)
    points = entry.status_review.improvements if entry and entry.status_review else []
    if not points:
        return [Todo(f"Før forbedringspunktene fra programstatusvurderingen "
                     f"({norsk.date(review.date)}) inn i {nxt}/2-resultater.yaml, under "
                     f"tidligere_år → år: {year} → programstatusvurdering.")]
    words = plan_words(y)
    missing = [p for p in points if not mentioned(p, words)]
    if not missing:
        n = len(points)
        both = "Forbedringspunktet" if n == 1 else f"Alle {n} forbedringspunktene"
        return [Todo(f"{both} fra programstatusvurderingen {year} er tatt opp i "
                     f"handlingsplanen for {nxt}.", done=True)]
    return [Todo(f"Forbedringspunktet «{p}» fra programstatusvurderingen {year} ser ikke ut "
                 f"til å være tatt opp i handlingsplanen for {nxt}.") for p in missing]


# --- the whole wheel ---------------------------------------------------------------------------


def deadlines_around(programme: Programme, day: dt.date) -> list[Deadline]:
    """The deadlines of the calendar years before, of and after `day`, marked done where the
    repository shows it."""
    plan = programme.plan
    assert plan is not None
    out = []
    for year in (day.year - 1, day.year, day.year + 1):
        out += year_deadlines(plan.period.start, plan.period.end, year, programme.config,
                              plan.county)
    return [mark_done(programme, d) for d in out]


def build(programme: Programme, day: dt.date, errors: int = 0) -> Wheel:
    """Where the programme is in the wheel on `day`, what is coming, and what to do.

    The programme's omstillingsplan.yaml must have loaded (programme.plan is not None).
    """
    plan = programme.plan
    if plan is None:
        raise ValueError("the programme's omstillingsplan.yaml did not load")
    start, end = plan.period.start, plan.period.end
    around = deadlines_around(programme, day)
    horizon = day + dt.timedelta(days=HORIZON_DAYS)
    coming = [d for d in around if day <= d.date < horizon]
    return Wheel(
        programme=plan.programme, start=start, end=end, date=day,
        stage=stage_of(start, end, day.year), stage_text=stage_text(start, end, day),
        phase=phase_at(start, end, day), phases=year_phases(start, end, day.year),
        deadlines=coming, todos=todos(programme, day, around, errors))


def calendar_deadlines(programme: Programme, year: int, day: dt.date | None = None
                       ) -> list[Deadline]:
    """The deadlines of calendar `year`, for the ICS export; with `day`, also the deadlines
    of the grants with money unpaid on that day."""
    plan = programme.plan
    assert plan is not None
    out = year_deadlines(plan.period.start, plan.period.end, year, programme.config,
                         plan.county)
    if day is not None:
        out += grant_deadlines(programme, year, day)
    return out
