"""The version is set in one place, and everything that names it agrees (CHANGELOG.md).

A release is the tag v<__version__>: the changelog must have a dated section for it, and the
README and the pre-commit hook must tell a programme repository to use that tag.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from handlingsplan import __version__

ROOT = Path(__file__).resolve().parent.parent
SEMVER = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")


def text(rel: str) -> str:
    return (ROOT / rel).read_text(encoding="utf-8")


def test_the_version_is_semantic_and_set_in_one_place():
    assert SEMVER.fullmatch(__version__)
    project = tomllib.loads(text("pyproject.toml"))
    assert "version" not in project["project"]
    assert project["project"]["dynamic"] == ["version"]
    assert project["tool"]["hatch"]["version"]["path"] == "src/handlingsplan/__init__.py"
    assert len(re.findall(r"^__version__ = ", text("src/handlingsplan/__init__.py"),
                          re.MULTILINE)) == 1


def test_the_changelog_dates_this_version_below_unreleased():
    sections = re.findall(r"^## \[([^\]]+)\](.*)$", text("CHANGELOG.md"), re.MULTILINE)
    assert sections[0] == ("Unreleased", "")
    version, date = sections[1]
    assert version == __version__
    assert re.fullmatch(r" - \d{4}-\d{2}-\d{2}", date)
    versions = [v for v, _ in sections[1:]]
    assert all(SEMVER.fullmatch(v) for v in versions)
    keys = [tuple(int(n) for n in v.split(".")) for v in versions]
    assert keys == sorted(keys, reverse=True) and len(set(keys)) == len(keys)


def test_readme_and_the_hook_name_the_release_tag():
    tag = f"v{__version__}"
    assert re.findall(r"^\s*rev: (\S+)$", text("README.md"), re.MULTILINE) == [tag]
    assert re.findall(r"rev: (\S+)$", text(".pre-commit-hooks.yaml"), re.MULTILINE) == [tag]
    assert f"versjonen av `hp` ({__version__})" in text("docs/format.md")
