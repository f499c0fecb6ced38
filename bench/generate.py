"""Generate a large, consistent programme for the benchmark: six plan years with N tiltak each.

The programme is built on the Straumsvik example's omstillingsplan (goals, focus areas,
strategies, target groups) with frames scaled to the size, so that it validates without errors:
every sum adds up, and every rule has real work to do.

    python bench/generate.py OUT_DIR --tiltak 500
    python bench/generate.py OUT_DIR --tiltak 50 --tilsagn 2000

With --tilsagn N, the N grants are spread over the six years' tilsagn.yaml: each year's first
ten tiltak are pools, 200 firms (valid organisation numbers) come back year after year so that
the de minimis window of HP904 holds many grants per firm, and most grants are paid in two
parts, the second the next year.
"""

from __future__ import annotations

import argparse
import io
import os
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


GRANT = 500  # kroner per grant: 34 grants a year from one pool stay within its budget
POOLS = 10  # the first tiltak of each year are pools
FIRMS = 200


def _orgnr(n: int) -> str:
    """A valid organisation number for firm n: the first that python-stdnum accepts from
    90 000 000 + 7n, with each check digit tried."""
    from stdnum.no import orgnr

    base = 90_000_000 + n * 7
    while True:
        for digit in "0123456789":
            number = f"{base:08d}{digit}"
            if orgnr.is_valid(number):
                return f"{number[:3]} {number[3:6]} {number[6:]}"
        base += 1


def _grants(year: int, ids: list[str], first: int, count: int, firms: list[str]) -> list:
    out = []
    for k in range(count):
        n = first + k
        decided = f"{year}-{k % 12 + 1:02d}-{k % 28 + 1:02d}"
        payments = [{"dato": f"{year}-12-31", "beløp": GRANT // 2}]
        if n % 3:  # two thirds are paid in full, the second part the next year
            payments.append({"dato": f"{year + 1}-02-15", "beløp": GRANT // 2})
        form = ("bagatellstøtte", "bagatellstøtte", "gruppeunntak", "ikke_statsstøtte")[n % 4]
        out.append({
            "id": f"T-{year}-{k + 1:04d}",
            "tiltak": ids[n % min(POOLS, len(ids))],
            "mottaker": {"navn": f"Bedrift {n % FIRMS} AS", "orgnr": firms[n % FIRMS]},
            "formål": "Forprosjekt for et nytt produkt",
            "vedtak": {"organ": "Omstillingsstyret", "dato": decided, "sak": f"{k + 1}/{year}"},
            "beløp": GRANT,
            "støtteform": form,
            "annen_bagatellstøtte": 100_000,
            "frist": f"{year + 1}-06-30",
            "utbetalinger": payments,
            "trukket_tilbake": 0,
        })
    return out


def generate(out: Path, tiltak_per_year: int, grants: int = 0) -> Path:
    """Write the programme to `out` (replaced if it exists) and return it; with `grants`,
    that many tilsagn spread over the years."""
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

    firms = [_orgnr(n) for n in range(FIRMS)] if grants else []
    given = 0
    for number, year in enumerate(YEARS):
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
        if grants:
            count = grants * (number + 1) // len(YEARS) - given
            (folder / "tilsagn.yaml").write_text(_dump(
                {"tilsagn": _grants(year, ids, given, count, firms)}), encoding="utf-8")
            given += count
    return out


def accounts(out: Path, rows: int) -> tuple[Path, Path]:
    """A copy of the Straumsvik example (its 2026 tiltak have a prosjektnummer, its hp.toml
    names the columns) and an accounting export of `rows` rows for 2026 as Norwegian systems
    write it: title lines, `;`, decimal commas, thousands spaces, a credit note in parentheses
    now and then, rows on the programme's own running costs (6900), and a sum row."""
    programme = out / "regnskap-program"
    if programme.exists():
        shutil.rmtree(programme)
    shutil.copytree(EXAMPLE, programme)
    numbers = ["6110", "6111", "6120", "6129", "6130", "6138", "6139", "6900"]
    lines = ["Straumsvik kommune - Prosjektregnskap 2026", "Utskrift 31.12.2026", "",
             "Bilagsdato;Prosjekt;Prosjektnavn;Tekst;Beløp"]
    total = 0
    for i in range(rows):
        day = f"{i % 28 + 1:02d}.{i % 12 + 1:02d}.2026"
        cents = (i * 7919) % 100
        kroner = 1 + (i * 104729) % 9_000
        amount = kroner * 100 + cents
        text = f"{kroner:,}".replace(",", " ") + f",{cents:02d}"
        if i % 97 == 0:
            text, amount = f"({text})", -amount
        total += amount
        lines.append(f"{day};{numbers[i % len(numbers)]};Prosjekt;Bilag {i + 1};{text}")
    lines.append(f"Sum;;;;{total // 100:,}".replace(",", " ") + f",{total % 100:02d}")
    export = out / "regnskap-50000.csv"
    export.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return programme, export


def history(out: Path, commits: int = 500) -> Path:
    """A Git repository of the Straumsvik example with `commits` commits, made with
    `git fast-import`: the 2026 plan sent to the council, then approved (commit 2), then a
    year of work in which every commit touches 2026/handlingsplan.yaml (a comment) and the
    follow-up, and every tenth also moves money in section 3. The worst case for the walk to
    the approval commit: it reads the year's handlingsplan.yaml at every commit."""
    import subprocess

    programme = out / "historikk"
    if programme.exists():
        shutil.rmtree(programme)
    shutil.copytree(EXAMPLE, programme)
    toml = programme / "hp.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('av = ["HP908"]', "av = []"),
                    encoding="utf-8")
    files = {p.relative_to(programme).as_posix(): p.read_bytes()
             for p in sorted(programme.rglob("*")) if p.is_file()}
    meta, s3 = "2026/handlingsplan.yaml", "2026/3-strategier-og-tiltak.yaml"
    stream = io.BytesIO()

    def data(raw: bytes) -> None:
        stream.write(b"data %d\n" % len(raw) + raw + b"\n")

    when = 1_763_000_000  # November 2025
    for n in range(1, commits + 1):
        changed: dict[str, bytes] = {}
        if n == 1:
            changed = dict(files)
            changed[meta] = files[meta].replace(b"status: vedtatt", b"status: til_behandling")
        elif n == 2:
            changed[meta] = files[meta]
        else:
            changed[meta] = files[meta] + b"# arbeid %d\n" % n
            changed["2026/oppfolging.yaml"] = files["2026/oppfolging.yaml"] + b"# %d\n" % n
            if n % 10 == 0:
                step = 1000 * (n // 10)
                changed[s3] = files[s3].replace(
                    b"budsjett: 450000\n    finansiering: {fylkeskommunen: 337500",
                    b"budsjett: %d\n    finansiering: {fylkeskommunen: %d"
                    % (450000 + step, 337500 + step))
        stream.write(b"commit refs/heads/main\nmark :%d\n" % n)
        stream.write(b"committer Bench <bench@example.invalid> %d +0100\n" % (when + n * 3600))
        data(b"Endring %d" % n)
        if n > 1:
            stream.write(b"from :%d\n" % (n - 1))
        for path, raw in changed.items():
            stream.write(b"M 100644 inline " + path.encode("utf-8") + b"\n")
            data(raw)
        stream.write(b"\n")
    env = {"GIT_CONFIG_NOSYSTEM": "1", "HOME": str(out), "PATH": os.environ.get("PATH", "")}
    subprocess.run(["git", "init", "-q", "-b", "main", str(programme)], check=True, env=env)
    subprocess.run(["git", "fast-import", "--quiet"], input=stream.getvalue(), cwd=programme,
                   check=True, env=env)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=programme, check=True, env=env)
    return programme


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--tiltak", type=int, default=500, help="tiltak per plan year")
    parser.add_argument("--tilsagn", type=int, default=0, help="grants in all")
    args = parser.parse_args()
    print(generate(args.out, args.tiltak, args.tilsagn))


if __name__ == "__main__":
    main()
