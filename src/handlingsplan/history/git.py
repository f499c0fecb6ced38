"""Reading a programme's Git history with dulwich: the approval commit of a plan year, any
revision the user names, and the bytes of a file at a revision. Nothing is checked out and
nothing is written: the working tree, the index and the refs are never touched.

Every failure of Git (no repository, a broken or shallow one, an unknown revision) is a
GitProblem with a Norwegian message, never an error of the plan.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from handlingsplan.errors import HpError
from handlingsplan.history import find_repository


class GitProblem(HpError):
    """Git cannot answer: no repository, no approved version, a shallow history, a bad
    revision. `reason` is one of: no_repo, broken, untracked, no_approval, shallow, no_rev,
    unreadable."""

    def __init__(self, message: str, hint: str | None = None, *, reason: str):
        super().__init__(message, hint)
        self.reason = reason


class TooLarge(Exception):
    """A file at a revision is larger, unpacked, than hp reads: it is not read at all."""

    def __init__(self, rel: str, size: int):
        super().__init__(rel)
        self.rel = rel
        self.size = size


def _limit() -> int:
    from handlingsplan.loader.yamlfile import MAX_BYTES

    return MAX_BYTES


def _loose_size(path: Path) -> int | None:
    """The size in the header of a loose object («blob 1234\\0»), decompressing only it."""
    import zlib

    from handlingsplan.files import Refused, read_part

    try:
        head = read_part(path, 0, 512)
    except Refused:
        return None  # not a loose object: look in the packs
    text = zlib.decompressobj().decompress(head, 64)
    kind, _, rest = text.partition(b" ")
    size = rest.split(b"\0", 1)[0]
    if kind not in (b"blob", b"tree", b"commit", b"tag") or not size.isdigit():
        raise ValueError("not an object header")
    return int(size)


_OFS_DELTA, _REF_DELTA = 6, 7


def _packed_size(pack: Path, offset: int, sha_len: int = 20) -> int:
    """The size of the object at `offset` in a pack: from the entry's header, or for a delta
    the target size at the start of the delta data (the second varint), decompressing only a
    few bytes of it."""
    import zlib

    from handlingsplan.files import read_part

    head = read_part(pack, offset, 4096)
    byte = head[0]
    kind = (byte >> 4) & 7
    size, shift, i = byte & 0x0F, 4, 1
    while byte & 0x80:
        byte = head[i]
        size |= (byte & 0x7F) << shift
        shift += 7
        i += 1
    if kind not in (_OFS_DELTA, _REF_DELTA):
        return size
    if kind == _OFS_DELTA:
        while head[i] & 0x80:
            i += 1
        i += 1
    else:
        i += sha_len  # the base object's id
    delta = zlib.decompressobj().decompress(head[i:], 32)
    j = 0
    for _ in range(2):  # the base size, then the target size
        value, shift = 0, 0
        while True:
            byte = delta[j]
            value |= (byte & 0x7F) << shift
            shift += 7
            j += 1
            if not byte & 0x80:
                break
    return value


MAX_COMMITS = 100_000  # the longest history walked for an approval

MARK_HINT = ("Merk den vedtatte versjonen: sett «status: vedtatt» i ÅR/handlingsplan.yaml og "
             "lag en commit (git commit -am \"Handlingsplan ÅR vedtatt\"), eller lag en tag "
             "(git tag vedtatt-ÅR) og bruk --fra vedtatt-ÅR.")


def mark_hint(year: int) -> str:
    return MARK_HINT.replace("ÅR", str(year))


@dataclass(frozen=True)
class Revision:
    """A commit: its id, when it was committed (the committer's own date) and its first line."""

    sha: str
    date: dt.date
    summary: str
    name: str  # what the user named it (a tag, a branch), or the short id

    @property
    def short(self) -> str:
        return self.sha[:7]


class History:
    """The Git history of the repository a programme lives in. Use as a context manager."""

    def __init__(self, root: Path):
        """Open the repository at or above the programme root `root`; GitProblem otherwise."""
        top = find_repository(root)
        if top is None:
            raise GitProblem(f"Programmet i «{root}» ligger ikke i et Git-repo.",
                             "Legg programmet i Git (git init, git add ., git commit) for å "
                             "kunne se endringer mot den vedtatte versjonen.", reason="no_repo")
        try:
            from dulwich.repo import Repo

            self.repo = Repo(str(top))
        except ImportError:
            raise GitProblem("Git-biblioteket dulwich er ikke installert.",
                             "Installer hp på nytt (pip install handlingsplan).",
                             reason="broken") from None
        except Exception as exc:
            raise GitProblem(f"Git-repoet i «{top}» kan ikke leses ({type(exc).__name__}).",
                             reason="broken") from None
        self.top = top
        real_root, real_top = os.path.realpath(root), os.path.realpath(top)
        self.prefix = PurePosixPath(Path(os.path.relpath(real_root, real_top)).as_posix())
        try:
            self.shallow = bool(self.repo.get_shallow())
        except Exception:
            self.shallow = False

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with contextlib.suppress(Exception):  # closing must never fail a command
            self.repo.close()

    # --- paths and blobs ---------------------------------------------------------------------

    def path_of(self, rel: str) -> bytes:
        """A file of the programme (relative to its root) as a path in the repository."""
        return (self.prefix / rel).as_posix().removeprefix("./").encode("utf-8")

    def head(self) -> bytes | None:
        try:
            return self.repo.head()
        except Exception:  # an empty repository, or a HEAD that points nowhere
            return None

    def read(self, commit_sha: bytes, rel: str) -> bytes | None:
        """The bytes of a programme file at a commit; None when the file is not there.
        TooLarge, without reading it, when it is larger than hp reads."""
        sha = self.blob_id(commit_sha, rel)
        return None if sha is None else self.read_blob(sha, rel)

    def blob_id(self, commit_sha: bytes, rel: str) -> bytes | None:
        """The id of a programme file's blob at a commit (trees only, no blob is read); None
        when it is not there or not a regular file."""
        from dulwich.object_store import tree_lookup_path

        try:
            commit: Any = self.repo[commit_sha]
            mode, sha = tree_lookup_path(self.repo.object_store.__getitem__, commit.tree,
                                         self.path_of(rel))
        except Exception:  # not there (KeyError), or a broken tree
            return None
        if mode is None or (mode & 0o170000) != 0o100000:  # a folder, a link, a submodule
            return None
        return bytes(sha)

    def read_blob(self, sha: bytes, rel: str) -> bytes | None:
        size = self.size(sha)
        if size is not None and size > _limit():
            raise TooLarge(rel, size)
        store: Any = self.repo.object_store
        try:
            return bytes(store[sha].as_raw_string())
        except Exception:
            return None

    def size(self, sha: bytes) -> int | None:
        """The uncompressed size of a blob, read from the header of its loose object or pack
        entry without unpacking the blob (dulwich would decompress all of it, before hp's size
        limit could apply). None when it cannot be told (an alternate object store, an
        unusual layout): then the blob is read as usual."""
        store: Any = self.repo.object_store
        base = getattr(store, "path", None)
        if not isinstance(base, str | os.PathLike):
            return None
        hexsha = sha.decode("ascii") if len(sha) in (40, 64) else sha.hex()
        with contextlib.suppress(Exception):
            found = _loose_size(Path(base) / hexsha[:2] / hexsha[2:])
            if found is not None:
                return found
        try:
            packs = list(store.packs)
        except Exception:
            return None
        for pack in packs:
            try:
                offset = pack.index.object_offset(sha)
            except Exception:
                continue
            data = getattr(pack, "_data_path", None) or f"{pack._basename}.pack"
            with contextlib.suppress(Exception):
                return _packed_size(Path(data), offset, len(hexsha) // 2)
            return None
        return None

    def revision(self, sha: bytes, name: str | None = None) -> Revision:
        commit: Any = self.repo[sha]
        tz = dt.timezone(dt.timedelta(seconds=commit.commit_timezone))
        when = dt.datetime.fromtimestamp(commit.commit_time, tz).date()
        summary = commit.message.decode("utf-8", errors="replace").strip().split("\n", 1)[0]
        text = sha.decode("ascii")
        return Revision(text, when, summary[:200], name or text[:7])

    def resolve(self, rev: str) -> Revision:
        """A revision the user named: a tag, a branch, a (short) commit id or HEAD."""
        from dulwich.objectspec import parse_commit

        try:
            commit = parse_commit(self.repo, rev.encode("utf-8"))
        except Exception:
            commit = None
        if commit is None:
            hint = "Sjekk navnet med «git tag» eller «git log --oneline»."
            if self.shallow:
                hint = ("Repoet er en grunn kopi (shallow clone) uten hele historikken; hent den "
                        "med «git fetch --unshallow». " + hint)
            raise GitProblem(f"Fant ikke revisjonen «{rev}» i Git-repoet.", hint,
                             reason="no_rev")
        return self.revision(commit.id, rev)

    # --- the approval commit -----------------------------------------------------------------

    def _status(self, commit_sha: bytes, rel: str, cache: dict[bytes, str | None]) -> str | None:
        """The `status` of a handlingsplan.yaml at a commit, read with hp's own reader; each
        blob is read and parsed once (`cache` by blob id: a commit and its parent usually share
        one, and a status set back and forth repeats them)."""
        sha = self.blob_id(commit_sha, rel)
        if sha is None:
            return None
        if sha not in cache:
            try:
                data = self.read_blob(sha, rel)
            except TooLarge:
                data = None  # not read: at that commit the plan cannot say it was approved
            value = None
            if data is not None:
                from handlingsplan.loader.yamlfile import from_bytes

                sf, _ = from_bytes(data, rel)
                value = sf.data.get("status") if isinstance(sf.data, dict) else None
            cache[sha] = value.strip() if isinstance(value, str) else None
        return cache[sha]

    def approval(self, year: int) -> Revision:
        """The last commit in which the year's handlingsplan.yaml says `status: vedtatt` while
        its (first) parent does not, along the first parents from HEAD; a commit that adds the
        file as vedtatt counts."""
        from handlingsplan import paths

        rel = f"{year}/{paths.META}.yaml"
        head = self.head()
        if head is None:
            raise GitProblem("Git-repoet har ingen commits ennå.", mark_hint(year),
                             reason="no_approval")
        cache: dict[bytes, str | None] = {}
        store: Any = self.repo.object_store
        try:
            # Along the first parents from HEAD, as the history of the branch reads: each
            # commit's file found through its trees (dulwich's Walker with a path would diff
            # whole trees, commit by commit: most of hp validate's time in a long history).
            sha: Any = head
            for _ in range(MAX_COMMITS):
                commit: Any = self.repo[sha]
                parent = commit.parents[0] if commit.parents else None
                known = parent is not None and parent in store
                approved = self._status(commit.id, rel, cache) == "vedtatt"
                if approved and (parent is None
                                 or (known and self._status(parent, rel, cache) != "vedtatt")):
                    return self.revision(commit.id, "vedtatt versjon")
                if not known:
                    break  # the first commit, or the end of a shallow history
                sha = parent
        except GitProblem:
            raise
        except Exception as exc:
            raise GitProblem(f"Git-historikken kan ikke leses ({type(exc).__name__}).",
                             reason="broken") from None
        if self.shallow:
            raise GitProblem(
                f"Fant ikke commiten der planen for {year} ble vedtatt: repoet er en grunn kopi "
                "(shallow clone) uten hele historikken.",
                "Hent hele historikken med «git fetch --unshallow» (i GitHub Actions: "
                "fetch-depth: 0 i actions/checkout).", reason="shallow")
        if not self.tracked(head, rel):
            raise GitProblem(
                f"Planen for {year} er ikke lagt inn i Git-repoet i «{self.top}»: filen "
                f"{self.path_of(rel).decode('utf-8', 'replace')} finnes ikke i siste commit.",
                "Legg programmet inn i Git (git add . og git commit), eller, om repoet er et "
                "annet enn programmets, lag et eget repo i programmappen (git init). "
                + mark_hint(year), reason="untracked")
        raise GitProblem(f"Git-historikken har ingen vedtatt versjon av planen for {year}.",
                         mark_hint(year), reason="no_approval")

    def tracked(self, commit_sha: bytes, rel: str) -> bool:
        """Is a programme file in the tree of a commit (without reading it)?"""
        from dulwich.object_store import tree_lookup_path

        try:
            commit: Any = self.repo[commit_sha]
            tree_lookup_path(self.repo.object_store.__getitem__, commit.tree, self.path_of(rel))
        except Exception:
            return False
        return True
