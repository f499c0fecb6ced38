"""Generate a large, consistent programme for the benchmark: six plan years with N tiltak each.

The programme is built on the Straumsvik example's omstillingsplan (goals, focus areas,
strategies, target groups) with frames scaled to the size, so that it validates without errors:
every sum adds up, and every rule has real work to do.

    python bench/generate.py OUT_DIR --tiltak 500
"""

from __future__ import annotations

import argparse
import io
import shutil
from pathlib import Path

from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "straumsvik"
YEARS = range(2025, 2031)
BUDGET = 30_000  # per tiltak: 22 500 from the county, 7 500 from the municipality


def _dump(data: object) -> str:
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    buf = io.StringIO()
    yaml.dump(data, buf)
    return buf.getvalue()


def _load(path: Path) -> dict:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def generate(out: Path, tiltak_per_year: int) -> Path:
    """Write the programme to `out` (replaced if it exists) and return it."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    plan = _load(EXAMPLE / "omstillingsplan.yaml")
    areas = [a["id"] for a in plan["innsatsområder"]]
    strategies = {a["id"]: [s["id"] for s in a["strategier"]] for a in plan["innsatsområder"]}
    goals = {a["id"]: [g["id"] for g in a["mål"]] for a in plan["innsatsområder"]}
    groups = [g["id"] for g in plan["kommunikasjonsstrategi"]["målgrupper"]]
    total = tiltak_per_year * BUDGET * 4 // 3  # tiltak are 75 %, administration 25 %
    plan["finansiering"]["kilder"] = [k for k in plan["finansiering"]["kilder"]
                                      if k["id"] in ("fylkeskommunen", "kommunen")]
    plan["finansiering"]["rammer"] = {y: {"fylkeskommunen": total * 3 // 4,
                                          "kommunen": total // 4} for y in YEARS}
    for area in plan["innsatsområder"]:
        area["ramme"] = total * len(YEARS)
    (out / "omstillingsplan.yaml").write_text(_dump(plan), encoding="utf-8")

    for year in YEARS:
        folder = out / str(year)
        folder.mkdir()
        ids = [f"{areas[i % len(areas)]}-{i + 1:04d}" for i in range(tiltak_per_year)]
        (folder / "handlingsplan.yaml").write_text(_dump({
            "år": year, "tittel": f"Handlingsplan {year}", "versjon": "1.0", "status": "utkast",
            "behandling": [{"organ": "Omstillingsstyret", "dato": f"{year - 1}-11-20"}],
        }), encoding="utf-8")
        (folder / "1-mal-og-innsatsomrader.yaml").write_text(_dump({
            "innledning": "Generert for ytelsesmåling.\n",
            "årsmål": {g["id"]: g["måltall"][year] for g in plan["hovedmål"]},
            "prioriteringer": {a: f"Prioriteringer for {a} i {year}." for a in areas},
        }), encoding="utf-8")
        earlier = [{"år": e, "måloppnåelse": {"HM1": 10},
                    "forbruk": {"fylkeskommunen": 1000, "kommunen": 1000},
                    "tiltak": [{"id": f"{areas[i % len(areas)]}-{i + 1:04d}",
                                "status": "fullført", "resultat": "Levert som planlagt."}
                               for i in range(min(tiltak_per_year, 50))],
                    "programstatusvurdering": {"dato": f"{e}-10-15",
                                               "forbedringspunkter": ["Tydeligere mål"]}}
                   for e in range(YEARS.start, year)]
        (folder / "2-resultater.yaml").write_text(_dump(
            {"sammendrag": "Resultater.\n", "tidligere_år": earlier}), encoding="utf-8")
        tiltak = []
        for i, ident in enumerate(ids):
            area = areas[i % len(areas)]
            tiltak.append({
                "id": ident,
                "navn": f"Tiltak {ident} for innsatsområdet {area}",
                "innsatsområde": area,
                "strategi": strategies[area][i % len(strategies[area])],
                "bidrar_til": ["HM1", goals[area][0]],
                "plp_fase": ("forstudie", "forprosjekt", "hovedprosjekt")[i % 3],
                "beskrivelse": "Et tiltak med en beskrivelse over flere linjer.\n\n"
                               "- første punkt\n- andre punkt\n",
                "prosjektmål": "Flere arbeidsplasser i kommunen.",
                "resultatmål": ["Første resultat", "Andre resultat"],
                "prosjekteier": "Straumsvik kommune",
                "ansvarlig": "Daglig leder",
                "start": f"{year}-02-01",
                "slutt": f"{year}-11-30",
                "budsjett": BUDGET,
                "finansiering": {"fylkeskommunen": BUDGET * 3 // 4, "kommunen": BUDGET // 4},
                "milepæler": [{"dato": f"{year}-05-01", "tekst": "Halvveis"},
                              {"dato": f"{year}-11-15", "tekst": "Sluttrapport"}],
            })
        (folder / "3-strategier-og-tiltak.yaml").write_text(_dump(
            {"innledning": "Tiltakene.\n", "tiltak": tiltak}), encoding="utf-8")
        per_area = {a: sum(t["budsjett"] for t in tiltak if t["innsatsområde"] == a)
                    for a in areas}
        (folder / "4-ressursinnsats-og-finansiering.yaml").write_text(_dump({
            "kommentar": "Budsjettet.\n",
            "kostnader": {"administrasjon": total - sum(per_area.values()), "kommunikasjon": 0,
                          "innsatsområder": per_area},
            "finansiering": {"fylkeskommunen": total * 3 // 4, "kommunen": total // 4},
        }), encoding="utf-8")
        (folder / "5-kommunikasjonsplan.yaml").write_text(_dump({
            "mål": "Kommunikasjon.\n",
            "tiltak": [{"id": f"K{i + 1}", "aktivitet": f"Aktivitet for {g}",
                        "målgrupper": [g], "kanal": "Nettside", "tidspunkt": f"{year}-0{i % 9 + 1}",
                        "ansvarlig": "Daglig leder", "budsjett": 0}
                       for i, g in enumerate(groups)],
        }), encoding="utf-8")
        (folder / "oppfolging.yaml").write_text(_dump({
            "per": f"{year}-10-31",
            "indikatorer": {"HM1": 10},
            "tiltak": {ident: {"status": "pågår", "forbruk": BUDGET // 2} for ident in ids},
        }), encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--tiltak", type=int, default=500, help="tiltak per plan year")
    args = parser.parse_args()
    print(generate(args.out, args.tiltak))


if __name__ == "__main__":
    main()
