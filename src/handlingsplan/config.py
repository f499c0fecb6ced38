"""`hp.toml`: optional settings at the programme root (FORMAT.md §5–6).

    [regler]
    av = ["HP309"]                      # rules switched off
    [regler.alvorlighet]                # re-grade a rule: feil | advarsel | merknad
    HP307 = "feil"

    [dokument]
    mal = "maler/kommunemal.docx"       # the municipality's Word template
    maler = "maler"                     # folder with the programme's own text templates

    [kalender]                          # real dates instead of the generic months
    styremoter = [2027-01-20, 2027-06-10, 2027-11-18]
    kommunestyremoter = [2027-02-16, 2027-12-09]
    programstatusvurdering = 2027-10-14

    [statsstotte]                       # the de minimis ceiling (HP904)
    bagatell_tak_eur = 300000           # per single undertaking over three years
    eurokurs = 11.5                     # NOK per EUR

    [regnskap]                          # the columns of the accounting export (hp import)
    prosjekt = "Prosjekt"               # the project number (matched to prosjektnummer)
    belop = "Beløp"                     # the amount
    dato = "Bilagsdato"                 # optional: the posting date (for --per)

Keys are ASCII (TOML needs quotes around æ, ø, å). Problems are diagnostics (HP006), never
exceptions; a broken hp.toml leaves the defaults in place. Numbers are read exactly (TOML
floats as Decimal), so that 11.5 is 11.5 and the ceiling in kroner is exact.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from handlingsplan.diagnostics import Diagnostic, Severity
from handlingsplan.schema.types import MAX_YEAR, MIN_YEAR
from handlingsplan.suggest import suggest

FILE = "hp.toml"
MAX_BYTES = 1024 * 1024

DE_MINIMIS_EUR = Decimal(300000)
ACCOUNTS_PROJECT, ACCOUNTS_AMOUNT = "Prosjekt", "Beløp"  # [regnskap] defaults (FORMAT.md §7.3)
EUR_RATE = Decimal("11.5")

_SEVERITY_WORDS = {
    "feil": Severity.ERROR, "error": Severity.ERROR,
    "advarsel": Severity.WARNING, "warning": Severity.WARNING,
    "merknad": Severity.INFO, "info": Severity.INFO,
}


@dataclass(frozen=True)
class Config:
    disabled: frozenset[str] = frozenset()
    severities: dict[str, Severity] = field(default_factory=dict)
    template: Path | None = None  # Word template, resolved inside the programme
    templates_dir: Path | None = None  # the programme's own Jinja templates
    board_meetings: tuple[dt.date, ...] = ()
    council_meetings: tuple[dt.date, ...] = ()
    status_review: tuple[dt.date, ...] = ()
    # the de minimis ceiling ([statsstotte]): euros per single undertaking over three years,
    # and the NOK per EUR rate it is converted with (HP904, hp status)
    de_minimis_eur: Decimal = DE_MINIMIS_EUR
    eur_rate: Decimal = EUR_RATE
    # the accounting export's columns ([regnskap]): project number, amount, posting date
    accounts_project: str = ACCOUNTS_PROJECT
    accounts_amount: str = ACCOUNTS_AMOUNT
    accounts_date: str | None = None
    present: bool = False  # hp.toml exists
    text: str = field(default="", compare=False)  # its text, for excerpts of HP006


_KNOWN = {
    "regler": {"av", "alvorlighet"},
    "dokument": {"mal", "maler"},
    "kalender": {"styremoter", "kommunestyremoter", "programstatusvurdering"},
    "statsstotte": {"bagatell_tak_eur", "eurokurs"},
    "regnskap": {"prosjekt", "belop", "dato"},
}


_KEY_LINE = re.compile(r"[ \t]*(?:\[+[ \t]*)?[\"']?([^\"'=\[\].\s]+)[\"']?[ \t]*[=\].]")


class _Problems:
    def __init__(self, text: str):
        self.text = text
        self.items: list[Diagnostic] = []
        self._lines: dict[str, int] | None = None

    def add(self, message: str, key: str | None = None, hint: str | None = None) -> None:
        line = self._line_of(key) if key else 1
        self.items.append(Diagnostic("HP006", Severity.ERROR, FILE, line, 1, message, hint))

    def _line_of(self, key: str) -> int:
        """The first line that names `key` (as a key or a table): one pass over the file,
        however many problems it has."""
        if self._lines is None:
            self._lines = {}
            for number, text in enumerate(self.text.split("\n"), start=1):
                match = _KEY_LINE.match(text)
                if match:
                    self._lines.setdefault(match[1], number)
        return self._lines.get(key, 1)


def _dates(value: Any, key: str, problems: _Problems) -> tuple[dt.date, ...]:
    values = value if isinstance(value, list) else [value]
    out = []
    for v in values:
        if isinstance(v, dt.datetime):
            v = v.date()
        if isinstance(v, dt.date) and not MIN_YEAR <= v.year <= MAX_YEAR:
            problems.add(f"«{v}» i «{key}» er ikke en rimelig dato (forventet årstall "
                         f"{MIN_YEAR}–{MAX_YEAR}).", key)
        elif isinstance(v, dt.date):
            out.append(v)
        elif isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            try:
                out.append(dt.date.fromisoformat(v))
            except ValueError:
                problems.add(f"«{v}» i «{key}» er ikke en dato som finnes.", key)
        else:
            problems.add(f"«{key}» skal være en dato eller en liste av datoer (ÅÅÅÅ-MM-DD), "
                         f"fikk «{v}».", key, "Eksempel: styremoter = [2027-01-20, 2027-06-10]")
    return tuple(sorted(out))


def _positive(value: Any, key: str, default: Decimal, limit: int, example: str,
              problems: _Problems) -> Decimal:
    """A positive number of hp.toml, exact (TOML floats are read as Decimal); the default
    when it is not one."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        problems.add(f"«{key}» skal være et tall, fikk «{value}».", key,
                     f"Eksempel: {key} = {example}")
        return default
    number = Decimal(value)
    if not number.is_finite() or not 0 < number <= limit:
        most = f"{limit:,}".replace(",", " ")
        problems.add(f"«{key}» skal være et positivt tall (høyst {most}), fikk «{value}».",
                     key, f"Eksempel: {key} = {example}")
        return default
    return number


def _column(value: Any, key: str, default: str | None, problems: _Problems) -> str | None:
    """A column name of [regnskap]: a text that is not empty."""
    if isinstance(value, str) and value.strip() and len(value) <= 200:
        return value.strip()
    problems.add(f"«{key}» i [regnskap] skal være navnet på en kolonne i regnskapsfilen, som "
                 "tekst i anførselstegn.", key, f'F.eks. {key} = "{default or "Bilagsdato"}".')
    return default


def _distinct_columns(config: Config, accounts: dict, problems: _Problems) -> None:
    """Two settings of [regnskap] naming the same column: hp could not tell the project number
    from the amount (or the date)."""
    named = [("prosjekt", config.accounts_project), ("belop", config.accounts_amount),
             ("dato", config.accounts_date)]
    seen: dict[str, str] = {}
    for key, column in named:
        if column is None:
            continue
        same = " ".join(column.split()).casefold()
        if same in seen:
            first = seen[same]
            at = key if key in accounts else first
            problems.add(f"«{first}» og «{key}» i [regnskap] peker på samme kolonne "
                         f"(«{column}») i regnskapsfilen.", at,
                         "Hver innstilling skal være navnet på sin egen kolonne, f.eks. "
                         'prosjekt = "Prosjekt" og belop = "Beløp".')
        else:
            seen[same] = key


def _inside(root: Path, value: Any, key: str, problems: _Problems) -> Path | None:
    if not isinstance(value, str) or not value.strip():
        problems.add(f"«{key}» skal være en sti (tekst), fikk «{value}».", key)
        return None
    if "\x00" in value:
        problems.add(f"Stien i «{key}» inneholder et ugyldig tegn (NUL).", key)
        return None
    try:
        path = (root / value).resolve()
        path.relative_to(root.resolve())
    except (OSError, RuntimeError):
        problems.add(f"Stien «{value}» i «{key}» kan ikke slås opp (symbolske lenker i "
                     "sløyfe, eller ingen tilgang).", key)
        return None
    except ValueError:
        problems.add(f"Stien «{value}» i «{key}» peker ut av programmappen.", key,
                     "Legg filen i programmets repo og oppgi en sti relativt til hp.toml.")
        return None
    return path


def load(root: Path, known_codes: set[str] | None = None) -> tuple[Config, list[Diagnostic]]:
    """Read hp.toml at `root`; the defaults and HP006 diagnostics when it is broken."""
    path = root / FILE
    if not os.path.lexists(path):
        return Config(), []
    import tomllib

    from handlingsplan.files import Refused, read_text

    try:
        text = read_text(path, root=root, limit=MAX_BYTES)
    except Refused as exc:
        return Config(present=True), [Diagnostic(
            "HP006", Severity.ERROR, FILE, 1, 1, f"hp.toml kan ikke leses: {exc.message}",
            exc.hint)]
    problems = _Problems(text)
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except RecursionError:
        return Config(present=True, text=text), [Diagnostic(
            "HP006", Severity.ERROR, FILE, 1, 1,
            "hp.toml er nøstet for dypt (tabeller eller lister inne i hverandre).",
            "hp.toml har bare noen få seksjoner; se README for hvordan den ser ut.")]
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+), column (\d+)", str(exc))
        line, col = (int(match.group(1)), int(match.group(2))) if match else (1, 1)
        if "end of document" in str(exc):  # e.g. an array that is never closed
            line = max(len(text.rstrip().splitlines()), 1)
        english = re.sub(r"\s*\(at [^)]*\)$", "", str(exc))
        return Config(present=True, text=text), [Diagnostic(
            "HP006", Severity.ERROR, FILE, line, col,
            f"hp.toml har en syntaksfeil (TOML; på engelsk: {english}).",
            "Sjekk anførselstegn og hakeparenteser; tekst skrives i anførselstegn: "
            'mal = "maler/kommunemal.docx".')]

    for section, value in data.items():
        if section not in _KNOWN:
            close = suggest(section, list(_KNOWN))
            problems.add(f"Ukjent seksjon «[{section}]» i hp.toml.", section,
                         (f"Mente du [{close}]? " if close else "")
                         + "Kjente seksjoner: [regler], [dokument], [kalender], "
                         "[statsstotte] og [regnskap].")
        elif not isinstance(value, dict):
            problems.add(f"«{section}» skal være en seksjon ([{section}]).", section)
        else:
            for key in value:
                if key not in _KNOWN[section]:
                    allowed = ", ".join(sorted(_KNOWN[section]))
                    close = suggest(key, sorted(_KNOWN[section]))
                    problems.add(f"Ukjent nøkkel «{key}» i [{section}].", key,
                                 (f"Mente du «{close}»? " if close else "")
                                 + f"Kjente nøkler her: {allowed}.")

    def code_ok(code: Any, key: str, where: str | None = None) -> bool:
        if not isinstance(code, str) or not re.fullmatch(r"HP\d{3}", code.upper()):
            problems.add(f"«{code}» i «{key}» er ikke en regelkode (som HP309).", where or key)
            return False
        if code.upper() < "HP200":
            problems.add(f"Regel {code.upper()} i «{key}» gjelder lesingen av filene og kan ikke "
                         "slås av eller graderes om.", where or key,
                         "En fil med slike feil kan ikke sjekkes videre; rett feilen i stedet.")
            return False
        if known_codes is not None and code.upper() not in known_codes:
            problems.add(f"Regelen «{code}» i «{key}» finnes ikke.", where or key,
                         "Se alle reglene med «hp rules».")
            return False
        return True

    rules = data.get("regler", {}) if isinstance(data.get("regler"), dict) else {}
    disabled = rules.get("av", [])
    if not isinstance(disabled, list):
        problems.add("«av» skal være en liste av regelkoder, f.eks. av = [\"HP309\"].", "av")
        disabled = []
    severities: dict[str, Severity] = {}
    grades = rules.get("alvorlighet", {})
    if not isinstance(grades, dict):
        problems.add("«alvorlighet» skal være en seksjon [regler.alvorlighet].", "alvorlighet")
        grades = {}
    for code, word in grades.items():
        if not code_ok(code, "alvorlighet", where=code):
            continue
        level = _SEVERITY_WORDS.get(str(word).lower())
        if level is None:
            problems.add(f"«{word}» for {code} er ikke en alvorlighetsgrad.", code,
                         "Bruk «feil», «advarsel» eller «merknad».")
        else:
            severities[code.upper()] = level

    document = data.get("dokument", {}) if isinstance(data.get("dokument"), dict) else {}
    calendar = data.get("kalender", {}) if isinstance(data.get("kalender"), dict) else {}
    aid = data.get("statsstotte", {}) if isinstance(data.get("statsstotte"), dict) else {}
    accounts = data.get("regnskap", {}) if isinstance(data.get("regnskap"), dict) else {}
    config = Config(
        disabled=frozenset(c.upper() for c in disabled if code_ok(c, "av")),
        severities=severities,
        template=_inside(root, document["mal"], "mal", problems) if "mal" in document else None,
        templates_dir=(_inside(root, document["maler"], "maler", problems)
                       if "maler" in document else None),
        board_meetings=_dates(calendar.get("styremoter", []), "styremoter", problems),
        council_meetings=_dates(calendar.get("kommunestyremoter", []), "kommunestyremoter",
                                problems),
        status_review=_dates(calendar.get("programstatusvurdering", []),
                             "programstatusvurdering", problems),
        de_minimis_eur=_positive(aid.get("bagatell_tak_eur", DE_MINIMIS_EUR),
                                 "bagatell_tak_eur", DE_MINIMIS_EUR, 10**9, "300000", problems),
        eur_rate=_positive(aid.get("eurokurs", EUR_RATE), "eurokurs", EUR_RATE, 1000, "11.5",
                           problems),
        accounts_project=_column(accounts.get("prosjekt", ACCOUNTS_PROJECT), "prosjekt",
                                 ACCOUNTS_PROJECT, problems) or ACCOUNTS_PROJECT,
        accounts_amount=_column(accounts.get("belop", ACCOUNTS_AMOUNT), "belop",
                                ACCOUNTS_AMOUNT, problems) or ACCOUNTS_AMOUNT,
        accounts_date=(_column(accounts["dato"], "dato", None, problems)
                       if "dato" in accounts else None),
        present=True,
        text=text,
    )
    _distinct_columns(config, accounts, problems)
    return config, problems.items
