"""The line that installs hp in a new programme's CI and pre-commit hook: the exact version and
source that this hp was installed from, so that a new programme's first push works.

PEP 610's direct_url.json tells where a distribution came from: a Git repository (the URL
and the tag or commit), an archive on the web, or a local folder or file. A local source
cannot be reached from CI, so it gives the same version from the package index, with a note
on how to change the line. Without direct_url.json hp came from a package index.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from handlingsplan import __version__

NAME = "handlingsplan"


@dataclass(frozen=True)
class Install:
    requirement: str  # what pip installs: 'handlingsplan==0.2.0' or 'handlingsplan @ git+…'
    note: str | None = None  # Norwegian, for comment lines above the line

    @property
    def quoted(self) -> str:
        """For a shell line: pip install "…" ."""
        return f'"{self.requirement}"'


LOCAL_NOTE = ("hp ble installert fra en lokal mappe eller fil: linjen henter samme versjon "
              "fra PyPI.\n"
              "Ligger pakken et annet sted, bytt til f.eks. "
              f"\"{NAME} @ git+https://github.com/ORG/hp@v{__version__}\".")


def detect() -> Install:
    """Where the running hp was installed from."""
    from importlib import metadata

    pinned = Install(f"{NAME}=={__version__}")
    try:
        dist = metadata.distribution(NAME)
        raw = dist.read_text("direct_url.json")
    except (metadata.PackageNotFoundError, OSError):
        return Install(pinned.requirement, LOCAL_NOTE)
    if not raw:
        return pinned  # from a package index
    try:
        info = json.loads(raw)
    except ValueError:
        return Install(pinned.requirement, LOCAL_NOTE)
    url = str(info.get("url", ""))
    vcs = info.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and not url.startswith("file:"):
        ref = vcs.get("requested_revision") or vcs.get("commit_id")
        return Install(f"{NAME} @ git+{url}" + (f"@{ref}" if ref else ""))
    if "archive_info" in info and url.startswith(("https://", "http://")):
        return Install(f"{NAME} @ {url}")
    return Install(pinned.requirement, LOCAL_NOTE)


def given(requirement: str) -> Install:
    """An install line the user chose (hp init --install)."""
    return Install(requirement.strip())
