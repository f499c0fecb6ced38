"""Writing without ever losing a file: atomically, never over an input, a read-only file or
through a symlink; straight through to a device or FIFO."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from pathlib import Path

from handlingsplan.files.read import Refused, is_input, reason_text

NEW, REPLACE, THROUGH = "new", "replace", "through"



def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _mode_for(st: os.stat_result | None) -> int:
    """The existing file's permissions, or what a newly created file would get (0666 less the
    umask), not the private 0600 of a temporary file."""
    return stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask()


def check_target(path: Path, *, replace_input: bool = False, root: Path | None = None,
                 ) -> tuple[str, os.stat_result | None]:
    """How `path` may be written: NEW (no file there), REPLACE (a regular file that may be
    replaced) or THROUGH (a character device or FIFO, written to as it is). Refused otherwise,
    with the reason in Norwegian. With `root`, the folder written into must be inside it (no
    symlinked folder leads out)."""
    name = f"«{path}»"
    path = Path(path)
    if root is not None:
        check_inside(path, root)
    try:
        lst = os.lstat(path)
    except FileNotFoundError:
        parent = path.parent
        if not parent.is_dir():
            raise Refused(f"Mappen «{parent}» finnes ikke, så «{path.name}» kan ikke skrives "
                          "der.",
                          "Lag mappen først, eller velg en annen sti.",
                          reason="no_folder") from None
        return NEW, None
    except (OSError, ValueError) as exc:
        why = reason_text(exc) if isinstance(exc, OSError) else "ugyldig filnavn"
        raise Refused(f"Kan ikke skrive {name}: {why}.", reason="unwritable") from None
    if stat.S_ISLNK(lst.st_mode):
        try:
            st = os.stat(path)
        except (OSError, RuntimeError):
            st = None
        if st is not None and (stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
            return THROUGH, st  # /dev/stdout → /proc/self/fd/1 → a terminal or a pipe
        raise Refused(f"{name} er en symbolsk lenke; hp skriver ikke over filen en lenke peker "
                      "på.", "Oppgi selve filen, eller fjern lenken.", reason="symlink")
    if stat.S_ISDIR(lst.st_mode):
        raise Refused(f"{name} er en mappe.", "Oppgi et filnavn.", reason="directory")
    if stat.S_ISCHR(lst.st_mode) or stat.S_ISFIFO(lst.st_mode):
        return THROUGH, lst
    if not stat.S_ISREG(lst.st_mode):
        raise Refused(f"{name} er ikke en vanlig fil.", "Velg en annen sti.", reason="special")
    if is_input(lst, _real(path)) and not replace_input:
        raise Refused(f"{name} er en av filene hp leser i denne kjøringen (en del av planen "
                      "eller malene); hp skriver aldri over dem.",
                      "Velg et annet filnavn for resultatet.", reason="input")
    if not lst.st_mode & 0o222:
        raise Refused(f"{name} er skrivebeskyttet; hp erstatter den ikke.",
                      "Fjern skrivebeskyttelsen hvis den skal erstattes, eller velg et annet "
                      "filnavn.", reason="read_only")
    return REPLACE, lst


def is_stream(path: Path) -> bool:
    """Is `path` a character device or a FIFO (also through a link): `-`, /dev/null,
    /dev/stdout? Such a target is written to as it is, with nothing beside it."""
    if str(path) == "-":
        return True
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError, RuntimeError):
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def _real(path: Path) -> Path | None:
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError, ValueError):
        return None


def check_inside(path: Path, root: Path) -> None:
    """The nearest existing folder of `path` must resolve inside `root`: a symlinked folder
    (`.schema -> /home/…`) cannot send a write out of the programme."""
    from handlingsplan.files.read import inside

    folder = Path(path).parent
    while not os.path.lexists(folder) and folder != folder.parent:
        folder = folder.parent
    if not os.path.lexists(root) and Path(root).is_relative_to(folder):
        return  # a new programme: every folder below will be made fresh
    real, top = _real(folder), _real(root)
    if real is None or top is None or not inside(real, top):
        raise Refused(f"«{path}» ville blitt skrevet utenfor programmappen (gjennom en "
                      "symbolsk lenke til en mappe); hp skriver bare inne i programmet.",
                      "Fjern lenken, eller lag en vanlig mappe med samme navn.",
                      reason="symlink")


def append_text(path: Path | str, text: str) -> None:
    """Add text to the end of a file (GitHub's job summary): never to an input, never through
    a link to one, and never waiting on a FIFO with no reader."""
    path = Path(path)
    how, _st = check_target(path)
    _write_open(path, os.O_APPEND | (os.O_CREAT if how == NEW else 0), text.encode("utf-8"))


def _unwritable(path: Path, exc: OSError) -> Refused:
    return Refused(f"Kan ikke skrive «{exc.filename or path}»: {reason_text(exc)}.",
                   "Sjekk at mappen finnes og at du har skrivetilgang (og at filen ikke er åpen "
                   "i Word).", reason="unwritable")


def _write_through(path: Path, raw: bytes) -> None:
    """Write to a device or FIFO as it is. A FIFO with no reader is refused, not waited on."""
    _write_open(path, 0, raw)


def _write_open(path: Path, flags: int, raw: bytes) -> None:
    """Open `path` for writing with `flags` besides, without waiting (a FIFO with no reader
    is refused at once), then write all of `raw` and close it."""
    flags |= os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags, 0o666)
    except OSError as exc:
        raise _unwritable(path, exc) from None
    try:
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        view = memoryview(raw)
        while view:
            view = view[os.write(fd, view):]
    except OSError as exc:
        raise _unwritable(path, exc) from None
    finally:
        os.close(fd)


def _temp_file(folder: Path, name: str, raw: bytes, mode: int) -> str:
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
            f.flush()
            os.fsync(f.fileno())
        with contextlib.suppress(OSError):  # e.g. a file system without Unix permissions
            os.chmod(tmp, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def write_atomic(path: Path | str, data: str | bytes, *, replace_input: bool = False,
                 root: Path | None = None) -> None:
    """Write `data` to `path` so that a crash leaves the old file (or none) intact.

    Refused (with a Norwegian message) when the target is a file this process read as input
    (unless `replace_input`), read-only, a symlink to a file, a folder or another special file;
    a character device or a FIFO is written to directly."""
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    how, st = check_target(path, replace_input=replace_input, root=root)
    if how == THROUGH:
        _write_through(path, raw)
        return
    try:
        tmp = _temp_file(path.parent, path.name, raw, _mode_for(st))
        try:
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError as exc:
        raise _unwritable(path, exc) from None


def _check_folder(folder: Path) -> bool:
    """May `folder` be replaced by a new folder of figures? True when it exists."""
    try:
        lst = os.lstat(folder)
    except FileNotFoundError:
        return False
    if not stat.S_ISDIR(lst.st_mode):
        raise Refused(f"«{folder}» finnes og er ikke en mappe; figurene kan ikke skrives der.",
                      "Flytt eller slett den, eller velg et annet filnavn.", reason="special")
    for entry in os.scandir(folder):
        if not (entry.is_file(follow_symlinks=False) and entry.name.endswith(".png")):
            raise Refused(f"Mappen «{folder}» har andre filer enn figurer (som «{entry.name}»); "
                          "hp erstatter den ikke.",
                          "Flytt filene, eller velg et annet filnavn for dokumentet.",
                          reason="input")
        if is_input(entry.stat(follow_symlinks=False), _real(Path(entry.path))):
            raise Refused(f"«{entry.path}» er en av filene hp leser i denne kjøringen.",
                          reason="input")
    return True


def write_with_folder(path: Path | str, data: str | bytes, folder: Path | str,
                      files: dict[str, bytes]) -> None:
    """Write a document and the folder of files it refers to (a Markdown file and its
    figures): both or neither. An existing folder is replaced as a whole, and only when it
    holds nothing but figures (PNG files)."""
    path, folder = Path(path), Path(folder)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if not files:
        write_atomic(path, raw)
        return
    how, st = check_target(path)
    if how == THROUGH:
        raise Refused(f"«{path}» er ikke en vanlig fil, så figurene kan ikke legges ved.",
                      "Skriv dokumentet til en fil.", reason="special")
    for name in files:
        if not name or "/" in name or "\\" in name or name.startswith("."):
            raise ValueError(f"bad figure name {name!r}")
    existed = _check_folder(folder)
    tmp_dir = tmp_doc = old = None
    try:
        tmp_dir = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
        for name, content in sorted(files.items()):
            with open(tmp_dir / name, "wb") as f:
                f.write(content)
                f.flush()
                os.fsync(f.fileno())
        os.chmod(tmp_dir, 0o777 & ~_umask())
        tmp_doc = _temp_file(path.parent, path.name, raw, _mode_for(st))
        if existed:
            old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old.", dir=folder.parent))
            os.rmdir(old)
            os.rename(folder, old)
        os.rename(tmp_dir, folder)
        tmp_dir = None
        try:
            os.replace(tmp_doc, path)
            tmp_doc = None
        except BaseException:  # the document failed: put the old folder back
            shutil.rmtree(folder, ignore_errors=True)
            if old is not None:
                os.rename(old, folder)
                old = None
            raise
    except OSError as exc:
        if old is not None and not folder.exists():
            with contextlib.suppress(OSError):
                os.rename(old, folder)
                old = None
        raise _unwritable(path, exc) from None
    finally:
        if tmp_dir is not None:
            shutil.rmtree(tmp_dir, ignore_errors=True)
        if tmp_doc is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_doc)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
