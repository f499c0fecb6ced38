"""`hp init` in a folder with no programme: omstillingsplan.yaml, the first year's folder, the
JSON Schemas for the editor, and what a programme repository needs around it (.gitignore, a CI
workflow, a pre-commit hook, a README).

The files come from templates (templates/init/, shipped in the wheel as
handlingsplan/templates/init): Norwegian comments that explain each key, «FYLL UT» where the
user must decide, and amounts that satisfy every money rule, so that the scaffold validates
with no errors from the start.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from handlingsplan.paths import GRANTS, PLAN_STEMS
from handlingsplan.scaffold import InitError, budget
from handlingsplan.scaffold import install as install_line
from handlingsplan.scaffold.tree import FilePlan
from handlingsplan.scaffold.words import label, reminder, words
from handlingsplan.schema.programme import Omstillingsplan
from handlingsplan.schema.types import MAX_YEAR, MIN_YEAR, Malform

MAX_YEARS = 6
# a typical yearly budget (DOMAIN.md): 3 MNOK from the county, 1 MNOK from the municipality
COUNTY_FRAME = 3_000_000
MUNICIPALITY_FRAME = 1_000_000
AREAS = 3  # "normally three to four"
AREA_FRAME_PER_YEAR = 900_000

YEAR_STEMS = PLAN_STEMS


@dataclass(frozen=True)
class NewProgramme:
    kommune: str
    fylkeskommune: str | None  # None: «FYLL UT» in the plan
    fra: int
    til: int
    malform: Malform = Malform.BOKMAL
    install: str | None = None  # the pip requirement for CI; default: where this hp came from


# -- input -----------------------------------------------------------------------------------


def parse_malform(text: str) -> Malform:
    word = text.strip().lower()
    if word in ("bokmål", "bokmal", "nb", "bm"):
        return Malform.BOKMAL
    if word in ("nynorsk", "nn"):
        return Malform.NYNORSK
    raise InitError(f"«{text}» er ikke en målform.", "Bruk --malform bokmål eller --malform "
                    "nynorsk.")


def municipality_name(text: str) -> str:
    """'Straumsvik' → 'Straumsvik kommune'; a full name stays as it is."""
    name = " ".join(text.split())
    if not name:
        raise InitError("Kommunenavnet er tomt.", "Oppgi det med --kommune, f.eks. "
                        "--kommune Straumsvik.")
    return name if name.lower().endswith("kommune") else f"{name} kommune"


def county_name(text: str) -> str:
    """'Nordkysten' → 'Nordkysten fylkeskommune'; a full name stays as it is."""
    name = " ".join(text.split())
    if not name:
        raise InitError("Navnet på fylkeskommunen er tomt.", "Oppgi det med --fylkeskommune, "
                        "f.eks. --fylkeskommune Nordkysten.")
    return name if "fylke" in name.lower() else f"{name} fylkeskommune"


def check_period(fra: int, til: int) -> None:
    for value, option in ((fra, "--fra"), (til, "--til")):
        if not MIN_YEAR <= value <= MAX_YEAR:
            raise InitError(f"{value} er ikke et rimelig årstall for {option}.",
                            f"Oppgi et år fra {MIN_YEAR} til {MAX_YEAR}.")
    if fra > til:
        raise InitError(f"Perioden starter etter at den slutter (--fra {fra}, --til {til}).",
                        "--fra er det første året, --til det siste.")
    if til - fra + 1 > MAX_YEARS:
        raise InitError(f"Perioden {fra}–{til} er {til - fra + 1} år; en omstillingsperiode er "
                        f"høyst {MAX_YEARS} år.", f"Bruk for eksempel --til {fra + MAX_YEARS - 1}.")


# -- templates -------------------------------------------------------------------------------


def templates_dir() -> Path:
    """templates/init: inside the installed package, or the repository's for an editable
    install."""
    from handlingsplan.resources import templates_root

    try:
        return templates_root() / "init"
    except FileNotFoundError:
        raise InitError("Finner ikke malene for «hp init» (templates/init).",
                        "Installer hp på nytt: pip install --force-reinstall handlingsplan."
                        ) from None


_PLAIN = re.compile(r"[A-Za-zÆØÅæøåÄäÖöÜüÉéÁáÈè0-9][A-Za-zÆØÅæøåÄäÖöÜüÉéÁáÈè0-9 .\-–/()]*")
_SPECIAL = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}


def yaml_scalar(value: object) -> str:
    """A value as a YAML scalar that reads back as the same text (plain when it is safe, in
    double quotes otherwise), also inside a {flow: mapping}."""
    text = str(value)
    if (_PLAIN.fullmatch(text) and text == text.strip() and text.lower() not in _SPECIAL
            and not re.fullmatch(r"[\d .\-]+", text)):
        return text
    return json.dumps(text, ensure_ascii=False)


def _environment():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["q"] = yaml_scalar
    return env


def _lang(malform: Malform) -> str:
    return "nn" if malform is Malform.NYNORSK else "nb"


# -- a first year from a plan ----------------------------------------------------------------


def first_year(plan: Omstillingsplan, year: int, other_years: dict | None = None,
               ) -> dict[str, str]:
    """The six files of a plan year made from the omstillingsplan alone (no earlier year to
    build on), by relative path. Section 4's amounts satisfy the money rules: financing from
    the year's frames within the conditions, costs that add up to it, each innsatsområde within
    its share of its ramme."""
    other_years = other_years or {}
    env = _environment()
    lang = _lang(plan.malform)
    frames = plan.financing.frames.get(year, {})
    financing = budget.balanced_financing(
        [budget.SourceFrame(s.id, s.type, frames.get(s.id, 0)) for s in plan.financing.sources],
        plan.conditions.county_max_percent, plan.conditions.municipality_min_percent)
    financing = {k: v for k, v in financing.items() if v > 0}
    caps: dict[str, int | None] = {}
    years_in_period = len(plan.period.years)
    for area in plan.focus_areas:
        if area.frame is None:
            caps[area.id] = None
            continue
        used = sum(y.s4.costs.areas.get(area.id, 0) for number, y in other_years.items()
                   if number != year and y.s4 is not None)
        caps[area.id] = min(area.frame - used, area.frame // years_in_period)
    costs = budget.proposed_costs(sum(financing.values()), [a.id for a in plan.focus_areas],
                                  caps, plan.conditions.admin_max_percent)

    t = words(plan.malform)
    groups = plan.communication.target_groups if plan.communication else []
    first_area = plan.focus_areas[0]
    goals = [g.id for g in plan.main_goals[:1]] + [g.id for g in first_area.goals[:1]]
    context = {
        "year": year,
        "first": year == plan.period.start,
        "program": plan.programme,
        "goals": [{"id": g.id, "target": _number(g.targets[year])} for g in plan.goals()
                  if year in g.targets],
        "areas": [{"id": a.id, "label": label(a.id, a.name)} for a in plan.focus_areas],
        "tiltak": {
            "id": f"{first_area.id}-01"[:40],
            "area": first_area.id,
            "strategy": first_area.strategies[0].id if first_area.strategies else None,
            "goals": goals,
            "sources": list(financing) or [s.id for s in plan.financing.sources[:2]],
        },
        "costs": costs,
        "sources": [{"id": k, "amount": v} for k, v in financing.items()],
        "groups": [{"id": g.id, "name": g.name} for g in groups],
        "reminder": reminder(t, groups, year),
        "behandling": t("hp.behandling", date=f"{year - 1}-12-10"),
    }
    files = {f"{year}/{stem}.yaml": env.get_template(f"{lang}/year/{stem}.yaml.j2")
             .render(context) for stem in YEAR_STEMS}
    files[f"{year}/{GRANTS}.yaml"] = grants_file(plan.malform, year,
                                                       context["tiltak"]["id"])
    return files


def grants_file(malform: Malform, year: int, tiltak: str) -> str:
    """A year's tilsagn.yaml with no grants yet: comments that say what to write, with an
    example grant from `tiltak`."""
    return (_environment().get_template(f"{_lang(malform)}/year/{GRANTS}.yaml.j2")
            .render({"year": year, "tiltak": tiltak}))


def _number(value):
    return int(value) if isinstance(value, float) and value.is_integer() else value


# -- a new programme -------------------------------------------------------------------------


def existing_programme(folder: Path) -> Path | None:
    """The folder (or a parent) holding omstillingsplan.yaml, if any."""
    start = folder.expanduser().resolve()
    for candidate in (start, *start.parents):
        if (candidate / "omstillingsplan.yaml").is_file():
            return candidate
    return None


def new_programme(folder: Path, options: NewProgramme) -> FilePlan:
    """Everything `hp init --kommune … --fra … --til …` writes in `folder`. Raises InitError
    (and touches nothing) when a programme is already there or the options are wrong."""
    from handlingsplan.loader import yamlfile
    from handlingsplan.schema import KINDS
    from handlingsplan.schema.jsonschema import dumps

    folder = folder.expanduser()
    if folder.exists() and not folder.is_dir():
        raise InitError(f"«{folder}» er en fil, ikke en mappe.")
    found = existing_programme(folder)
    if found is not None:
        raise InitError(f"Det finnes allerede et omstillingsprogram i «{found}» "
                        "(omstillingsplan.yaml). Ingenting er endret.",
                        "Neste års handlingsplan lages med «hp init» uten --kommune, --fra og "
                        "--til. Et nytt program lages i en tom mappe.")
    check_period(options.fra, options.til)
    kommune = municipality_name(options.kommune)
    county = county_name(options.fylkeskommune) if options.fylkeskommune is not None else None
    install = (install_line.given(options.install) if options.install
               else install_line.detect())
    place = re.sub(r"\s+kommune$", "", kommune, flags=re.IGNORECASE)
    years = list(range(options.fra, options.til + 1))
    env = _environment()
    lang = _lang(options.malform)
    context = {
        "kommune": kommune,
        "fylkeskommune": county or words(options.malform)("init.fylkeskommune"),
        "fylke_i_navn": county or words(options.malform)("init.fylket"),
        "sted": place,
        "program": f"Omstillingsprogrammet i {place}",
        "fra": options.fra,
        "til": options.til,
        "years": years,
        "county_frame": COUNTY_FRAME,
        "municipality_frame": MUNICIPALITY_FRAME,
        "areas": [{"id": f"IO{n}", "frame": AREA_FRAME_PER_YEAR * len(years)}
                  for n in range(1, AREAS + 1)],
        "install_quoted": install.quoted,
        "install_note": install.note,
    }
    plan_text = env.get_template(f"{lang}/omstillingsplan.yaml.j2").render(context)

    # the scaffold's own plan must load; the first year is made from it
    source = yamlfile.SourceFile(rel="omstillingsplan.yaml", path=folder / "omstillingsplan.yaml",
                                 text=plan_text)
    problems = yamlfile.parse(source)
    try:
        plan = Omstillingsplan.model_validate(source.data)
    except Exception as exc:  # a broken template is a bug in hp, not the user's fault
        raise InitError(f"Intern feil i malen for omstillingsplan.yaml: {exc}") from exc
    if problems:
        raise InitError(f"Intern feil i malen for omstillingsplan.yaml: {problems[0].message}")

    out = FilePlan(root=folder, year=options.fra)
    year_files = first_year(plan, options.fra)
    clashes = [rel for rel in year_files if (folder / rel).exists()]
    if clashes:
        raise InitError(f"Mappen har allerede filer for {options.fra} ({', '.join(clashes)}). "
                        "Ingenting er endret.",
                        "Lag det nye programmet i en tom mappe, eller flytt filene først.")
    for stem in KINDS:
        out.add(f".schema/{stem}.schema.json", dumps(stem))
    for rel, text in year_files.items():
        out.add(rel, text)
    infra = {
        ".gitignore": env.get_template("felles/gitignore.txt").render(context),
        ".pre-commit-config.yaml": env.get_template("felles/pre-commit-config.yaml")
        .render(context),
        ".github/workflows/hp.yml": env.get_template("felles/github-workflow-hp.yml")
        .render(context),
        "README.md": env.get_template(f"{lang}/README.md.j2").render(context),
    }
    for rel, text in infra.items():
        out.add(rel, text, keep_existing=True)
    out.add("omstillingsplan.yaml", plan_text)  # last: a programme exists only when all is there
    kept = [f.rel for f in out.files if f.action.value == "finnes, beholdes"]
    if kept:
        out.notes.append("Disse filene fantes fra før og er ikke endret: " + ", ".join(kept) + ".")
    out.summary = (f"et nytt omstillingsprogram for {kommune} ({options.fra}–{options.til}) "
                   f"med handlingsplanen for {options.fra}")
    return out
