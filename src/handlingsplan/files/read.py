"""Reading a file of an untrusted repository: only a regular file inside its allowed root, and
never more than a hard limit of it."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from handlingsplan.errors import HpError

_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
          | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0))

# The files read in this process, by device and inode, with the modification time and size they
# had: a write never replaces one of them (files.write). Matching the time and size as well
# keeps an inode that the file system reuses for a new file from being taken for an input.
_INPUTS: dict[tuple[int, int], tuple[int, int]] = {}
# ... and every path this process tried to read as input, whether or not it could (a file
# refused as too large, or unreadable, is still a file of the plan that must not be replaced)
_INPUT_PATHS: set[str] = set()


class Refused(HpError):
    """A file that cannot be read or written safely. `reason` is one of: missing, loop,
    outside, directory, special, too_large, unreadable, encoding, input, read_only, symlink,
    no_folder, busy, unwritable."""

    def __init__(self, message: str, hint: str | None = None, *, reason: str):
        super().__init__(message, hint)
        self.reason = reason


def _register(st: os.stat_result) -> None:
    _INPUTS[(st.st_dev, st.st_ino)] = (st.st_mtime_ns, st.st_size)


def is_input(st: os.stat_result, path: Path | None = None) -> bool:
    """Has this process read the file (the same file, unchanged since), or tried to read the
    file at `path` (resolved)?"""
    if path is not None and str(path) in _INPUT_PATHS:
        return True
    return _INPUTS.get((st.st_dev, st.st_ino)) == (st.st_mtime_ns, st.st_size)


def _attempted(path: Path) -> None:
    _INPUT_PATHS.add(str(path))


def special_kind(mode: int) -> str:
    """What a file that is not a regular file is, in Norwegian."""
    if stat.S_ISFIFO(mode):
        return "et navngitt rør (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "en enhetsfil"
    if stat.S_ISSOCK(mode):
        return "en socket"
    if stat.S_ISDIR(mode):
        return "en mappe"
    return "ikke en vanlig fil"


def reason_text(exc: OSError) -> str:
    """An operating-system error in Norwegian (strerror is English)."""
    words = {
        errno.EACCES: "ingen tilgang", errno.EPERM: "ingen tilgang",
        errno.ENOENT: "finnes ikke", errno.ENOTDIR: "en del av stien er ikke en mappe",
        errno.EISDIR: "er en mappe", errno.ENOSPC: "disken er full",
        errno.EROFS: "filsystemet er skrivebeskyttet", errno.ENAMETOOLONG: "navnet er for langt",
        errno.ELOOP: "symbolske lenker i sløyfe", errno.EBUSY: "filen er i bruk",
        errno.ENXIO: "ingen leser i den andre enden", errno.EIO: "lese- eller skrivefeil på disken",
        errno.EXDEV: "ligger på et annet filsystem",
    }
    return words.get(exc.errno or 0, exc.strerror or str(exc))


def resolve(path: Path) -> Path:
    """The real path of an existing file, following every link. Refused when it is missing, a
    link in a loop, or cannot be looked up."""
    try:
        return Path(path).resolve(strict=True)
    except FileNotFoundError:
        raise Refused("Filen finnes ikke.", reason="missing") from None
    except RuntimeError:  # Python 3.11 raises this for a symlink loop
        raise Refused("Filen er en symbolsk lenke som går i sløyfe.", reason="loop") from None
    except ValueError:  # a NUL byte in the name
        raise Refused("Filnavnet inneholder et ugyldig tegn (NUL).", reason="missing") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise Refused("Filen er en symbolsk lenke som går i sløyfe.",
                          reason="loop") from None
        raise Refused(f"Filen kan ikke leses: {reason_text(exc)}.",
                      "Sjekk at du har lesetilgang til filen og mappene over den.",
                      reason="unreadable") from None


def inside(path: Path, root: Path) -> bool:
    """Is the (resolved) path the root or below it?"""
    return path == root or root in path.parents


def read_bytes(path: Path, *, root: Path, limit: int) -> bytes:
    """The bytes of a regular file that resolves inside `root`, at most `limit` of them.

    Raises Refused for anything else: a link out of the root or in a loop, a folder, a FIFO, a
    device, a socket, a file larger than the limit or one that cannot be read."""
    _attempted(Path(os.path.abspath(path)))
    real = resolve(path)
    _attempted(real)
    if not inside(real, resolve(root)):
        raise Refused("Filen er en symbolsk lenke som peker ut av mappen den hører til; hp "
                      "leser bare filer inne i programmet.",
                      "Erstatt lenken med selve filen.", reason="outside")
    try:
        st = os.stat(real)
    except OSError as exc:
        raise Refused(f"Filen kan ikke leses: {reason_text(exc)}.", reason="unreadable") from None
    _check_regular(st, limit)
    try:
        fd = os.open(real, _FLAGS)
    except OSError as exc:
        raise Refused(f"Filen kan ikke leses: {reason_text(exc)}.",
                      "Sjekk at du har lesetilgang til filen.", reason="unreadable") from None
    try:
        st = os.fstat(fd)  # the file that was opened, not the one looked at before
        _check_regular(st, limit)
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise Refused(f"Filen kan ikke leses: {reason_text(exc)}.", reason="unreadable") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:  # it grew, or its size was not what stat said (/proc, a device)
        raise _too_large(None, limit)
    _register(st)
    return data


def read_part(path: Path, offset: int, length: int) -> bytes:
    """At most `length` bytes of a regular file from `offset` (a header inside Git's own
    object files). Raises Refused when it is not a regular file or cannot be read."""
    try:
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        raise Refused(f"Filen kan ikke leses: {reason_text(exc)}.", reason="unreadable") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise Refused(f"Dette er {special_kind(st.st_mode)}, ikke en vanlig fil.",
                          reason="special")
        return os.pread(fd, length, offset) if hasattr(os, "pread") else _seek_read(
            fd, offset, length)
    except OSError as exc:
        raise Refused(f"Filen kan ikke leses: {reason_text(exc)}.", reason="unreadable") from None
    finally:
        os.close(fd)


def _seek_read(fd: int, offset: int, length: int) -> bytes:
    os.lseek(fd, offset, os.SEEK_SET)
    return os.read(fd, length)


def read_text(path: Path, *, root: Path, limit: int) -> str:
    """A UTF-8 text file (a BOM is allowed) read as read_bytes does."""
    data = read_bytes(path, root=root, limit=limit)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused("Filen er ikke lagret som UTF-8.", "Lagre den som UTF-8.",
                      reason="encoding") from None


def _check_regular(st: os.stat_result, limit: int) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise Refused("Her skulle det vært en fil, men det er en mappe.", reason="directory")
    if not stat.S_ISREG(st.st_mode):
        raise Refused(f"Dette er {special_kind(st.st_mode)}, ikke en vanlig fil; hp leser bare "
                      "vanlige filer.", "Erstatt den med en vanlig fil.", reason="special")
    if st.st_size > limit:
        raise _too_large(st.st_size, limit)


def _too_large(size: int | None, limit: int) -> Refused:
    def mb(n: int) -> str:
        return f"{n / 1024 / 1024:.1f}".replace(".", ",")

    shown = f"{mb(size)} MB" if size is not None else f"over {mb(limit)} MB"
    return Refused(f"Filen er for stor ({shown}); hp leser filer på inntil {mb(limit)} MB.",
                   "Sjekk at det er riktig fil.", reason="too_large")
