"""The install line of a new programme works: what `hp init` writes into the programme's CI
workflow installs an hp that validates the programme (issue 16).

For real and offline (pip may use its configured package index for the dependencies and the
build backend): a wheel of this source tree, and a Git repository of it tagged v<version>, stand
for a release. The Git repository is reached through an https address that Git itself rewrites
to the local repository (url.<base>.insteadOf), so the line that `hp init` writes is the one an
organisation gets before hp is on PyPI, and the CI of the new programme would run exactly that
line.

`hp init` runs from real pip installs of the wheel and of the Git URL, each into a folder of
its own (`pip install --no-deps --target`, so pip writes PEP 610's direct_url.json as for any
install), run by this interpreter with that folder first on its path: that hp, and where pip
says it came from, is what the line is made of; the dependencies are this environment's. One
fresh virtual environment runs the line itself, with every dependency, as the new programme's
CI would, and then `hp validate`. pip there does not compile what it installs to bytecode (a
setting of pip, not of the line): Python compiles what hp imports when it imports it.

That test is slow (tens of seconds: an environment with all of hp's dependencies, three builds),
so it is marked `slow`; it runs in the default `python -m pytest` all the same (`-m "not slow"`
leaves it out while working on something else). The fast tests below it give every kind of
origin that PEP 610's direct_url.json can record, and check the line as text.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from handlingsplan import __version__
from handlingsplan.scaffold import install

ROOT = Path(__file__).resolve().parent.parent
URL = "https://git.example.invalid/kommune/hp"  # never contacted: Git rewrites it
TAG = f"v{__version__}"
BIN = "Scripts" if os.name == "nt" else "bin"
EXE = ".exe" if os.name == "nt" else ""
NEW = ["--kommune", "Testvik", "--fra", "2027", "--til", "2029"]
TIMEOUT = 600


def run(args, env, cwd=None, shell=False) -> subprocess.CompletedProcess:
    result = subprocess.run(args, env=env, cwd=cwd, shell=shell, capture_output=True,
                            text=True, encoding="utf-8", errors="replace", timeout=TIMEOUT,
                            stdin=subprocess.DEVNULL)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    return result


def ok(args, env, cwd=None, shell=False) -> subprocess.CompletedProcess:
    result = run(args, env, cwd, shell)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


def source_repository(where: Path, env: dict[str, str]) -> Path:
    """A Git repository of what a build of hp needs from this tree, tagged with the release."""
    repo = where / "hp"
    repo.mkdir()
    for name in ("pyproject.toml", "README.md", "CHANGELOG.md"):
        shutil.copy2(ROOT / name, repo / name)
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("src", "templates"):
        shutil.copytree(ROOT / name, repo / name, ignore=skip)
    git = ["git", "-C", str(repo)]
    ok(["git", "-c", "init.defaultBranch=main", "init", "-q", str(repo)], env)
    ok([*git, "add", "-A"], env)
    ok([*git, "commit", "-q", "-m", f"hp {__version__}"], env)
    ok([*git, "tag", TAG], env)
    return repo


def environment(where: Path, repo: Path) -> dict[str, str]:
    """The process environment: this machine's pip settings, no trace of the test's own
    virtual environment, and a Git that knows only the one rewrite of URL."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PIP_REQUIRE_VIRTUALENV"}
           and not k.startswith("GIT_")}
    empty = where / "gitconfig"
    empty.write_text("", encoding="utf-8")
    env.update({
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": str(empty),
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": f"url.{repo.as_uri()}.insteadOf",
        "GIT_CONFIG_VALUE_0": URL,
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_AUTHOR_NAME": "hp", "GIT_AUTHOR_EMAIL": "hp@example.invalid",
        "GIT_COMMITTER_NAME": "hp", "GIT_COMMITTER_EMAIL": "hp@example.invalid",
        "GIT_AUTHOR_DATE": "2026-11-29T12:00:00Z", "GIT_COMMITTER_DATE": "2026-11-29T12:00:00Z",
        "NO_COLOR": "1",
        "PYTHONIOENCODING": "utf-8",
    })
    env.pop("GITHUB_ACTIONS", None)  # hp validate would write annotations and a job summary
    return env


def venv(path: Path, env: dict[str, str]) -> tuple[Path, dict[str, str]]:
    """A fresh virtual environment, and the environment of a shell with it first on PATH (as
    actions/setup-python leaves a workflow's shell)."""
    ok([sys.executable, "-m", "venv", str(path)], env)
    scripts = path / BIN
    return scripts, {**env, "PATH": str(scripts) + os.pathsep + env.get("PATH", ""),
                     "VIRTUAL_ENV": str(path)}


def install_step(programme: Path) -> tuple[str, list[str]]:
    """The run line of the workflow's install step, and the comment lines above it."""
    [workflow] = (programme / ".github" / "workflows").glob("*.yml")
    raw = workflow.read_text(encoding="utf-8")
    steps = [step for job in YAML(typ="safe").load(raw)["jobs"].values()
             for step in job["steps"]]
    [line] = [s["run"] for s in steps if str(s.get("run", "")).startswith("pip install")]
    lines = raw.splitlines()
    at = next(i for i, text in enumerate(lines) if text.strip() == f"run: {line}")
    comments = []
    while lines[at - 1].strip().startswith("#"):
        at -= 1
        comments.insert(0, lines[at].strip().removeprefix("# "))
    return line, comments


def hook_requirements(programme: Path) -> list[str]:
    config = YAML(typ="safe").load(
        (programme / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [hook] = config["repos"][0]["hooks"]
    return hook["additional_dependencies"]


def installed(where: Path, requirement: str, env: dict[str, str]) -> dict[str, str]:
    """hp installed by pip, without its dependencies, into a folder of its own, and the
    environment that runs this interpreter with that folder first on its path."""
    ok([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(where),
        requirement], env)
    return {**env, "PYTHONPATH": str(where)}


def imported_from(env: dict[str, str], cwd: Path) -> Path:
    """Where this interpreter finds hp in that environment: the folder pip installed it in,
    ahead of the hp of the test's own environment."""
    return Path(ok([sys.executable, "-c", "import handlingsplan; print(handlingsplan.__file__)"],
                   env, cwd=cwd).stdout.strip())


def hp_from(env: dict[str, str], *args: object, cwd: Path) -> subprocess.CompletedProcess:
    return ok([sys.executable, "-m", "handlingsplan", *map(str, args)], env, cwd=cwd)


@pytest.mark.slow
def test_the_line_hp_init_writes_installs_an_hp_that_validates_the_new_programme(tmp_path):
    if shutil.which("git") is None:
        pytest.fail("git is needed: hp is installed from a tagged Git repository here")
    bootstrap = environment(tmp_path, tmp_path / "hp")
    repo = source_repository(tmp_path, bootstrap)
    env = environment(tmp_path, repo)
    work = tmp_path / "arbeid"  # the current folder of every hp run: nothing to import there
    work.mkdir()

    # hp from a wheel file: that path is not on a CI machine, so the line is the same version
    # from the package index, with a note on how to change it
    dist = tmp_path / "dist"
    ok([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(repo), "-w", str(dist)],
       env)
    [wheel] = dist.glob("handlingsplan-*.whl")
    assert wheel.name == f"handlingsplan-{__version__}-py3-none-any.whl"
    env_a = installed(tmp_path / "fra-hjul-pakke", str(wheel), env)
    assert imported_from(env_a, work).is_relative_to((tmp_path / "fra-hjul-pakke").resolve())
    assert hp_from(env_a, "--version", cwd=work).stdout.strip() == f"hp {__version__}"
    from_wheel = tmp_path / "fra-hjul"
    hp_from(env_a, "init", *NEW, "-C", from_wheel, cwd=work)
    line, comments = install_step(from_wheel)
    assert line == f'pip install "handlingsplan=={__version__}"'
    assert comments == install.LOCAL_NOTE.splitlines()
    assert f"hp@{TAG}" in comments[-1]
    assert hook_requirements(from_wheel) == [f"handlingsplan=={__version__}"]

    # the same hp from the tagged Git repository: the line names the repository and the tag
    env_git = installed(tmp_path / "fra-git-pakke", f"handlingsplan @ git+{URL}@{TAG}", env)
    assert imported_from(env_git, work).is_relative_to((tmp_path / "fra-git-pakke").resolve())
    programme = tmp_path / "program"
    hp_from(env_git, "init", *NEW, "-C", programme, cwd=work)
    line, comments = install_step(programme)
    requirement = f"handlingsplan @ git+{URL}@{TAG}"
    assert line == f'pip install "{requirement}"'
    assert comments == []
    assert hook_requirements(programme) == [requirement]

    # the new programme's CI: exactly that line in a fresh environment, then hp validate
    scripts_b, env_b = venv(tmp_path / "b", env)
    ok(line, {**env_b, "PIP_COMPILE": "0"}, cwd=programme, shell=True)
    hp_b = scripts_b / f"hp{EXE}"
    assert ok([hp_b, "--version"], env_b).stdout.strip() == f"hp {__version__}"
    shown = ok([scripts_b / f"python{EXE}", "-c", "import handlingsplan; "
                "print(handlingsplan.__file__)"], env_b).stdout
    assert Path(shown.strip()).resolve().is_relative_to((tmp_path / "b").resolve())
    result = run([hp_b, "validate"], env_b, cwd=programme)
    # a new programme has «FYLL UT» to fill in: warnings (HP801), no errors, so exit 0
    assert result.returncode == 0, result.stdout + result.stderr
    assert "HP801" in result.stdout
    assert not re.search(r"feil\[HP\d+\]", result.stdout)


# --- the line for each origin, as text ------------------------------------------------------------


class Distribution:
    def __init__(self, direct_url: str | None):
        self.direct_url = direct_url

    def read_text(self, name: str) -> str | None:
        assert name == "direct_url.json"
        return self.direct_url


PINNED = f"handlingsplan=={__version__}"


@pytest.mark.parametrize(("direct_url", "requirement", "noted"), [
    # from a package index: no direct_url.json
    (None, PINNED, False),
    # pip install "handlingsplan @ git+https://github.com/kommune/hp@v0.2.0"
    ('{"url": "https://github.com/kommune/hp", "vcs_info": {"vcs": "git", '
     '"requested_revision": "v0.2.0", "commit_id": "0123abc"}}',
     "handlingsplan @ git+https://github.com/kommune/hp@v0.2.0", False),
    # a Git URL without a tag or branch: the commit that was installed
    ('{"url": "https://github.com/kommune/hp", "vcs_info": {"vcs": "git", '
     '"commit_id": "0123abc"}}',
     "handlingsplan @ git+https://github.com/kommune/hp@0123abc", False),
    # an archive on the web
    ('{"url": "https://example.org/handlingsplan-0.2.0-py3-none-any.whl", '
     '"archive_info": {"hashes": {}}}',
     "handlingsplan @ https://example.org/handlingsplan-0.2.0-py3-none-any.whl", False),
    # a wheel file, a clone on this disk, a folder (editable or not): not on a CI machine
    ('{"url": "file:///home/leder/handlingsplan-0.2.0-py3-none-any.whl", '
     '"archive_info": {}}', PINNED, True),
    ('{"url": "file:///home/leder/hp", "vcs_info": {"vcs": "git", '
     '"requested_revision": "v0.2.0", "commit_id": "0123abc"}}', PINNED, True),
    ('{"url": "file:///home/leder/hp", "dir_info": {"editable": true}}', PINNED, True),
    ('{"url": "file:///C:/Users/leder/hp", "dir_info": {}}', PINNED, True),
    # damaged
    ("{not json", PINNED, True),
])
def test_the_install_line_for_each_origin(monkeypatch, direct_url, requirement, noted):
    monkeypatch.setattr("importlib.metadata.distribution",
                        lambda name: Distribution(direct_url))
    found = install.detect()
    assert found.requirement == requirement
    assert found.quoted == f'"{requirement}"'
    assert (found.note == install.LOCAL_NOTE) if noted else found.note is None


def test_an_hp_that_is_not_installed_pins_its_own_version(monkeypatch):
    from importlib import metadata

    def missing(name):
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr("importlib.metadata.distribution", missing)
    assert install.detect() == install.Install(PINNED, install.LOCAL_NOTE)


def test_the_note_names_the_release_tag_of_this_version():
    assert install.LOCAL_NOTE.endswith(f'"handlingsplan @ git+https://github.com/ORG/hp@{TAG}".')
