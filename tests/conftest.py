"""Shared fixtures: a private copy of a bundled programme to break as a test likes."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import EXAMPLE, REPO

# The bundled examples live in hp's own Git repository, whose history is not a programme's:
# keep hp (HP908, hp endringer) and git from looking above examples/, as Git's own setting
# does. Set here, on import, so that the `hp` processes the tests start inherit it too.
os.environ["GIT_CEILING_DIRECTORIES"] = os.pathsep.join(
    p for p in (os.environ.get("GIT_CEILING_DIRECTORIES", ""), str(REPO / "examples")) if p)


@pytest.fixture
def plain(monkeypatch) -> None:
    """hp's output as the tests assert it: plain text on a wide screen, not GitHub's format or
    forced colours of a CI, no fixed SOURCE_DATE_EPOCH and no HP_DEBUG from the environment.
    A test file uses it with `pytestmark = pytest.mark.usefixtures("plain")`."""
    for name in ("SOURCE_DATE_EPOCH", "HP_DEBUG", "FORCE_COLOR", "GITHUB_ACTIONS",
                 "GITHUB_STEP_SUMMARY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture
def copy_programme(tmp_path: Path) -> Callable[..., Path]:
    """copy_programme(src=EXAMPLE) -> the path of a private copy of a programme."""

    def copy(src: Path = EXAMPLE, name: str = "program") -> Path:
        dst = tmp_path / name
        shutil.copytree(src, dst)
        return dst

    return copy


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow tests first: on several workers (-n auto) they run while the others share the
    rest of the run, instead of starting last and keeping one worker busy alone."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def pytest_sessionstart(session: pytest.Session) -> None:
    """hp's modules compiled once, before the workers start: where Python may not write
    bytecode (PYTHONDONTWRITEBYTECODE, as on some CI machines), each of the hundreds of `hp`
    processes the tests start would compile them again (about 60 ms each)."""
    if "PYTEST_XDIST_WORKER" in os.environ:
        return
    import compileall

    import handlingsplan

    compileall.compile_dir(Path(handlingsplan.__file__).parent, quiet=2)
