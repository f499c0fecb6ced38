"""The version is set in one place, and everything that names it agrees (CHANGELOG.md).

A release is the tag v<__version__>: the changelog must have a dated section for it, and the
README and the pre-commit hook must tell a programme repository to use that tag.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest
from ruamel.yaml import YAML

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
    readme = text("README.md")
    assert set(re.findall(r"handlingsplan==(\S+?)\"", readme)) == {__version__}
    assert set(re.findall(r"/hp@(v\S+?)\"", readme)) == {tag}


# --- the workflows of this repository ------------------------------------------------------------

WORKFLOWS = ROOT / ".github" / "workflows"


def workflow(name: str) -> dict:
    return YAML(typ="safe").load((WORKFLOWS / name).read_text(encoding="utf-8"))


def steps(job: dict) -> list[dict]:
    return job["steps"]


def runs(job: dict) -> str:
    return "\n".join(str(s.get("run", "")) for s in steps(job))


def uses(raw: str) -> dict[str, set[str]]:
    """action -> the versions a text uses it at."""
    found: dict[str, set[str]] = {}
    for action, ref in re.findall(r"uses: ([\w./-]+)@(\S+)", raw):
        found.setdefault(action, set()).add(ref)
    return found


def test_every_workflow_reads_only_and_has_a_time_limit():
    for path in sorted(WORKFLOWS.glob("*.yml")):
        flow = workflow(path.name)
        assert flow["permissions"] == {"contents": "read"}, path.name
        for name, job in flow["jobs"].items():
            assert 0 < job["timeout-minutes"] <= 60, (path.name, name)
            assert job.get("permissions") in (None, {"id-token": "write"}), (path.name, name)
            for step in steps(job):
                if str(step.get("uses", "")).startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False, (path.name, name)


def test_the_actions_are_the_versions_a_new_programme_gets():
    """One current major version of each action: here, in hp init's workflow, in the README."""
    template = uses(text("templates/init/felles/github-workflow-hp.yml"))
    assert template.keys() == {"actions/checkout", "actions/setup-python"}
    sources = [text("README.md")] + [p.read_text(encoding="utf-8")
                                      for p in sorted(WORKFLOWS.glob("*.yml"))]
    combined: dict[str, set[str]] = {}
    for raw in sources:
        for action, refs in uses(raw).items():
            combined.setdefault(action, set()).update(refs)
    for action, refs in combined.items():
        assert len(refs) == 1, (action, refs)
        if action in template:
            assert refs == template[action], action
        assert re.fullmatch(r"v\d+|release/v\d+", next(iter(refs))), action


def test_release_builds_checks_tests_the_wheel_and_publishes_with_trusted_publishing():
    flow = workflow("release.yml")
    assert flow["on"] == {"push": {"tags": ["v*"]}}
    jobs = flow["jobs"]
    assert set(jobs) == {"build", "test", "publish"}
    build = jobs["build"]
    assert "python -m build" in runs(build)
    assert ('python .github/scripts/check_release.py "$GITHUB_REF_NAME" dist'
            in runs(build))
    test = jobs["test"]
    assert test["needs"] == "build"
    assert "3.11" in test["strategy"]["matrix"]["python"]
    assert re.search(r'pip" install "\$wheel\[test\]"', runs(test))
    assert "-m pytest" in runs(test) and "site-packages" in runs(test)
    publish = jobs["publish"]
    assert publish["needs"] == ["build", "test"]
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["environment"]["name"] == "pypi"
    assert [s["uses"] for s in steps(publish)][-1] == "pypa/gh-action-pypi-publish@release/v1"
    assert not any("run" in s or "actions/checkout" in s.get("uses", "")
                   for s in steps(publish))
    assert not any(s.get("with", {}).get("password") for s in steps(publish))
    # only the publish job can get an identity token
    assert [n for n, j in jobs.items() if j.get("permissions")] == ["publish"]


def test_ci_runs_ci_run_on_linux_and_the_tests_on_windows_and_macos():
    jobs = workflow("ci.yml")["jobs"]
    linux = jobs["linux"]
    assert linux["runs-on"] == "ubuntu-latest"
    assert runs(linux).strip() == "sh .ci/run"
    others = jobs["windows-macos"]
    assert set(others["strategy"]["matrix"]["os"]) == {"windows-latest", "macos-latest"}
    assert 'pip install -e ".[test]"' in runs(others)
    assert "python -m pytest" in runs(others)
    for job in (linux, others):
        assert job["strategy"]["matrix"]["python"] == ["3.11", "3.x"]
    assert "3.11" in text("pyproject.toml") and 'requires-python = ">=3.11"' in text(
        "pyproject.toml")


# --- the release check ---------------------------------------------------------------------------

CHECK = ROOT / ".github" / "scripts" / "check_release.py"


def dist(folder: Path, version: str = __version__, wheel_version: str | None = None,
         sdist_version: str | None = None) -> Path:
    """A dist folder as python -m build writes it, with only the metadata files."""
    folder.mkdir()
    meta = "Metadata-Version: 2.4\nName: handlingsplan\nVersion: {}\n\nREADME\n"
    with zipfile.ZipFile(folder / f"handlingsplan-{version}-py3-none-any.whl", "w") as whl:
        whl.writestr(f"handlingsplan-{version}.dist-info/METADATA",
                     meta.format(wheel_version or version))
    data = meta.format(sdist_version or version).encode()
    with tarfile.open(folder / f"handlingsplan-{version}.tar.gz", "w:gz") as tar:
        info = tarfile.TarInfo(f"handlingsplan-{version}/PKG-INFO")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return folder


def check(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, CHECK, *map(str, args)], capture_output=True,
                          text=True, timeout=60)


def test_the_release_check_passes_the_tag_of_this_version(tmp_path):
    result = check(f"v{__version__}", dist(tmp_path / "dist"))
    assert result.returncode == 0, result.stderr
    assert f"handlingsplan {__version__}" in result.stdout


@pytest.mark.parametrize(("tag", "built", "message"), [
    ("v9.9.9", {"version": "9.9.9"}, "sets __version__"),
    (f"{__version__}", {}, "is not vMAJOR.MINOR.PATCH"),
    (f"v{__version__}.0", {}, "is not vMAJOR.MINOR.PATCH"),
    (f"v{__version__}", {"version": "9.9.9"}, "should hold exactly"),
    (f"v{__version__}", {"wheel_version": "9.9.9"}, "version '9.9.9'"),
    (f"v{__version__}", {"sdist_version": "9.9.9"}, "version '9.9.9'"),
])
def test_the_release_check_stops_a_tag_that_is_not_the_version(tmp_path, tag, built, message):
    result = check(tag, dist(tmp_path / "dist", **built))
    assert result.returncode == 1
    assert message in result.stderr


def test_the_release_check_wants_exactly_the_two_files_and_a_dated_changelog(tmp_path):
    folder = dist(tmp_path / "dist")
    (folder / "handlingsplan-0.0.1-py3-none-any.whl").write_bytes(b"")
    assert "should hold exactly" in check(f"v{__version__}", folder).stderr
    root = tmp_path / "repo"
    (root / "src" / "handlingsplan").mkdir(parents=True)
    shutil.copy2(ROOT / "src" / "handlingsplan" / "__init__.py",
                 root / "src" / "handlingsplan" / "__init__.py")
    (root / "CHANGELOG.md").write_text(f"## [Unreleased]\n\n## [{__version__}]\n",
                                       encoding="utf-8")
    result = check(f"v{__version__}", dist(tmp_path / "dist2"), "--root", root)
    assert result.returncode == 1
    assert f"no section '## [{__version__}] - YYYY-MM-DD'" in result.stderr
