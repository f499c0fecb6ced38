"""Benchmark `hp` as whole processes, with ratios measured in the same run.

    python bench/run.py            # all measurements, a Markdown table on stdout
    python bench/run.py --runs 11  # more runs per measurement (the median is reported)
    python bench/run.py --only tilsagn   # only the grants measurement
    python bench/run.py --only regnskap  # only the accounting import
    python bench/run.py --only historikk # only hp endringer on a history of 500 commits

It times `hp --help` against a bare `import typer, rich, pydantic, ruamel.yaml`, `hp validate`
against yamllint on the same files (both examples: on the smaller one start-up weighs most),
`hp render` of the example (and, when LibreOffice is installed, its PDF and its DOCX with
--sidetall, to show what LibreOffice adds), and `hp validate` on generated programmes of 6
years × 500 and × 1000 tiltak (linear growth: doubling the tiltak should at most 2.2× the
time), and on a programme of 6 years × 50 tiltak with 0, 1 000 and 2 000 grants (tilsagn.yaml):
doubling the grants should about double the time they add (at most 2.2×), HP904's three-year
window per firm included; and `hp import regnskap` of an accounting export of 50 000 rows into
the example (target under 2 s); and `hp endringer` on a Git history of 500 commits, every one
touching the year's handlingsplan.yaml, approved at the second (target under 1 s). Not part
of the test run: speed targets live here, not in timed tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import accounts, generate, history

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "straumsvik"
SMALL = REPO / "examples" / "fjordbotn"  # two plan years and an hp.toml
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    found = BIN / name
    if found.exists():
        return str(found)
    which = shutil.which(name)
    if which is None:
        sys.exit(f"bench: finner ikke «{name}»; installer med pip install -e '.[bench]'")
    return which


def timed(cmd: list[str], runs: int, ok: tuple[int, ...] = (0, 1)) -> float:
    """Median wall time of `runs` runs (after one warm-up run), in seconds."""
    return timed_together([cmd], runs, ok)[0]


def timed_together(cmds: list[list[str]], runs: int,
                   ok: tuple[int, ...] = (0, 1)) -> list[float]:
    """Median wall times of commands run in turn, one run of each per round (after a warm-up
    round), so that a machine busy with other work slows them alike and their ratio holds."""
    env = {**os.environ, "NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "0"}
    env.pop("GITHUB_ACTIONS", None)
    times: list[list[float]] = [[] for _ in cmds]
    for i in range(runs + 1):
        for cmd, measured in zip(cmds, times, strict=True):
            start = time.perf_counter()
            proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  env=env, cwd=REPO)
            elapsed = time.perf_counter() - start
            if proc.returncode not in ok:
                sys.exit(f"bench: {' '.join(cmd)} feilet ({proc.returncode}): "
                         f"{proc.stderr.decode(errors='replace')[-500:]}")
            if i:  # the first round warms the file cache and the bytecode
                measured.append(elapsed)
    return [statistics.median(measured) for measured in times]


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark hp.")
    parser.add_argument("--runs", type=int, default=7, help="runs per measurement (median)")
    parser.add_argument("--only", choices=["tilsagn", "regnskap", "historikk"],
                        help="only this measurement")
    args = parser.parse_args()
    hp = _tool("hp")
    rows: list[tuple[str, float, str, str]] = []

    def row(what: str, seconds: float, ratio: str = "", target: str = "") -> None:
        rows.append((what, seconds, ratio, target))
        print(f"  {what}: {seconds * 1000:.0f} ms {ratio}", file=sys.stderr)

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        if args.only == "tilsagn":
            _grants(hp, tmp_path, args.runs, row, rows)
            _table(rows, args.runs)
            return
        if args.only == "historikk":
            _history(hp, tmp_path, args.runs, row)
            _table(rows, args.runs)
            return
        if args.only == "regnskap":
            _accounts(hp, tmp_path, args.runs, row)
            _table(rows, args.runs)
            return
        lint = [_tool("yamllint"), "-d", "relaxed", "-f", "parsable"]
        bare, helptime = timed_together(
            [[sys.executable, "-c", "import typer, rich, pydantic, ruamel.yaml"], [hp, "--help"]],
            args.runs)
        row("bare import typer, rich, pydantic, ruamel.yaml", bare)
        row("hp --help", helptime, f"{helptime / bare:.2f} × bare import", "≤ 1,3 ×")

        for programme in (EXAMPLE, SMALL):
            name = f"examples/{programme.name}"
            example_lint, example = timed_together(
                [[*lint, str(programme)], [hp, "validate", str(programme)]], args.runs)
            row(f"yamllint {name}", example_lint)
            row(f"hp validate {name}", example, f"{example / example_lint:.2f} × yamllint",
                "≤ 1,2 ×")

        out = tmp_path / "handlingsplan.docx"
        render = timed([hp, "render", str(EXAMPLE), "--year", "2027", "--out", str(out)],
                       args.runs, ok=(0,))
        row("hp render examples/straumsvik --year 2027", render, "", "< 2 s")
        if shutil.which("soffice") or os.environ.get("HP_SOFFICE"):
            few = max(3, args.runs // 2)
            pdf = timed([hp, "render", str(EXAMPLE), "--year", "2027", "--format", "pdf",
                         "--out", str(tmp_path / "handlingsplan.pdf")], few, ok=(0,))
            row("hp render … --format pdf (LibreOffice to ganger)", pdf,
                f"{pdf - render:.1f} s mer enn docx")
            numbered = timed([hp, "render", str(EXAMPLE), "--year", "2027", "--sidetall",
                              "--out", str(out)], few, ok=(0,))
            row("hp render … --sidetall (LibreOffice én gang)", numbered,
                f"{numbered - render:.1f} s mer enn docx")

        sizes = {}
        for n in (500, 1000):
            programme = generate(tmp_path / f"gen{n}", n)
            lint_time, sizes[n] = timed_together(
                [[*lint, str(programme)], [hp, "validate", str(programme)]],
                max(3, args.runs // 2))
            row(f"yamllint, 6 år × {n} tiltak", lint_time)
            row(f"hp validate, 6 år × {n} tiltak", sizes[n],
                f"{sizes[n] / lint_time:.2f} × yamllint")
        growth = sizes[1000] / sizes[500]
        rows.append(("vekst fra 500 til 1000 tiltak", growth, f"{growth:.2f} ×", "≤ 2,2 ×"))
        _grants(hp, tmp_path, args.runs, row, rows)
        _accounts(hp, tmp_path, args.runs, row)
        _history(hp, tmp_path, args.runs, row)
    _table(rows, args.runs)


def _grants(hp: str, tmp_path: Path, runs: int, row, rows: list) -> None:
    """hp validate with 0, 1 000 and 2 000 grants on the same plan (6 years × 50 tiltak),
    timed together; the growth is that of the time the grants add."""
    programmes = [generate(tmp_path / f"tilsagn{n}", 50, grants=n) for n in (0, 1000, 2000)]
    base, one, two = timed_together([[hp, "validate", str(p)] for p in programmes],
                                    max(5, runs))
    row("hp validate, 6 år × 50 tiltak, uten tilsagn", base)
    row("hp validate, … med 1 000 tilsagn", one, f"+{(one - base) * 1000:.0f} ms")
    row("hp validate, … med 2 000 tilsagn", two, f"+{(two - base) * 1000:.0f} ms")
    rows.append(("vekst fra 1 000 til 2 000 tilsagn (hele kjøringen)", two / one,
                 f"{two / one:.2f} ×", "≤ 2,2 ×"))
    growth = (two - base) / (one - base)
    rows.append(("vekst fra 1 000 til 2 000 tilsagn (tiden tilsagnene tar)", growth,
                 f"{growth:.2f} ×", "≈ 2 ×, ≤ 2,2 ×"))


def _accounts(hp: str, tmp_path: Path, runs: int, row) -> None:
    """hp import regnskap of 50 000 accounting rows (CSV) into a copy of the example; every run
    reads, sums and writes oppfolging.yaml (the same figures each time)."""
    rows = 50_000
    programme, export = accounts(tmp_path, rows)
    seconds = timed([hp, "import", "regnskap", str(export), str(programme), "--year", "2026",
                     "--per", "2026-11-30"], runs, ok=(0,))
    shown = f"{rows:,}".replace(",", " ")
    row(f"hp import regnskap, {shown} rader (CSV)", seconds, "", "< 2 s")


def _history(hp: str, tmp_path: Path, runs: int, row) -> None:
    """hp endringer on a history of 500 commits (the walk to the approval commit reads the
    year's handlingsplan.yaml at each of them)."""
    programme = history(tmp_path, 500)
    seconds = timed([hp, "endringer", str(programme), "--year", "2026"], runs, ok=(0,))
    row("hp endringer, historikk med 500 commits", seconds, "", "< 1 s")


def _table(rows: list, runs: int) -> None:
    print(f"Python {sys.version.split()[0]}, median av {runs} kjøringer "
          f"({time.strftime('%Y-%m-%d')}):\n")
    print("| måling | tid | forhold | mål |")
    print("|---|--:|--:|--:|")
    for what, value, ratio, target in rows:
        shown = f"{value * 1000:.0f} ms" if not what.startswith("vekst") else ""
        print(f"| {what} | {shown} | {ratio} | {target} |")


if __name__ == "__main__":
    main()
