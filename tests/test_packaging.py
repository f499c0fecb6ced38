"""The dependencies: every floor in pyproject.toml is a version the tests ran with (.ci/lowest
installs the pins of .ci/lowest.txt), and no dependency is capped without a named reason."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENT = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:>=\s*([^,;\s]+))?\s*([^;]*)(;.*)?")
CAPPED: dict[str, str] = {}  # name: the release that breaks hp, for a cap that must stay


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirements() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project["dependencies"] + project["optional-dependencies"]["test"]


def test_every_dependency_has_a_floor_and_no_cap():
    for requirement in _requirements():
        match = REQUIREMENT.fullmatch(requirement)
        assert match and match[2], f"{requirement}: give the lowest version that works (>=)"
        if _name(match[1]) not in CAPPED:
            assert match[3].strip() == "", f"{requirement}: a cap needs a release that breaks hp"


def test_lowest_pins_exactly_the_floors():
    floors = {}
    for requirement in _requirements():
        match = REQUIREMENT.fullmatch(requirement)
        assert match
        floors[_name(match[1])] = match[2]
    pinned = {}
    for line in (ROOT / ".ci" / "lowest.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            pinned[_name(name)] = version.strip()
    assert pinned == floors, "update .ci/lowest.txt with the floors of pyproject.toml"
