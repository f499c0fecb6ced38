"""Check a release before it is published: python .github/scripts/check_release.py TAG DIST

TAG is the pushed tag (vMAJOR.MINOR.PATCH) and DIST the folder `python -m build` wrote. The
release goes on only when the tag is v + __version__ of src/handlingsplan/__init__.py, DIST
holds exactly that version's wheel and sdist with that version in their metadata, and
CHANGELOG.md has a dated section for it. Standard library only; exit 1 with every problem.
"""

from __future__ import annotations

import argparse
import re
import sys
import tarfile
import zipfile
from email.parser import HeaderParser
from pathlib import Path

NAME = "handlingsplan"
TAG = re.compile(r"v((?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*))")


def metadata(text: str) -> tuple[str | None, str | None]:
    headers = HeaderParser().parsestr(text)
    return headers.get("Name"), headers.get("Version")


def wheel_metadata(path: Path) -> tuple[str | None, str | None]:
    with zipfile.ZipFile(path) as wheel:
        [info] = [n for n in wheel.namelist()
                  if re.fullmatch(r"[^/]+\.dist-info/METADATA", n)]
        return metadata(wheel.read(info).decode("utf-8"))


def sdist_metadata(path: Path) -> tuple[str | None, str | None]:
    with tarfile.open(path) as sdist:
        [info] = [m for m in sdist.getmembers() if re.fullmatch(r"[^/]+/PKG-INFO", m.name)]
        data = sdist.extractfile(info)
        assert data is not None
        return metadata(data.read().decode("utf-8"))


def problems(tag: str, dist: Path, root: Path) -> list[str]:
    found: list[str] = []
    match = TAG.fullmatch(tag)
    if not match:
        return [f"the tag {tag!r} is not vMAJOR.MINOR.PATCH (for example v0.2.0)"]
    version = match.group(1)

    source = (root / "src" / NAME / "__init__.py").read_text(encoding="utf-8")
    declared = re.findall(r'^__version__ = "([^"]*)"$', source, re.MULTILINE)
    if declared != [version]:
        found.append(f"src/{NAME}/__init__.py sets __version__ {declared}, the tag says "
                     f"{version}: bump the version or move the tag")

    changelog = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    if not re.search(rf"^## \[{re.escape(version)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", changelog,
                     re.MULTILINE):
        found.append(f"CHANGELOG.md has no section '## [{version}] - YYYY-MM-DD'")

    wheel = f"{NAME}-{version}-py3-none-any.whl"
    sdist = f"{NAME}-{version}.tar.gz"
    present = sorted(p.name for p in dist.iterdir()) if dist.is_dir() else []
    if present != sorted([wheel, sdist]):
        found.append(f"{dist} should hold exactly {wheel} and {sdist}, not {present}")
    for name, read in ((wheel, wheel_metadata), (sdist, sdist_metadata)):
        if name in present:
            try:
                meta = read(dist / name)
            except (OSError, ValueError, KeyError, zipfile.BadZipFile, tarfile.TarError) as e:
                found.append(f"{name} cannot be read: {e}")
                continue
            if meta != (NAME, version):
                found.append(f"{name} says name {meta[0]!r}, version {meta[1]!r}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tag")
    parser.add_argument("dist", type=Path)
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[2],
                        help="the repository (default: the one this script is in)")
    args = parser.parse_args(argv)
    found = problems(args.tag, args.dist, args.root)
    for problem in found:
        print(f"release check: {problem}", file=sys.stderr)
    if not found:
        print(f"release check: {args.tag} is {NAME} {args.tag[1:]}, built and in the changelog")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
