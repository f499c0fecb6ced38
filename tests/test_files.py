"""files: the one guarded path to the disk, on real files, links, FIFOs and devices."""

from __future__ import annotations

import os
import stat
import threading

import pytest

from handlingsplan.files import (
    Refused,
    check_target,
    is_stream,
    read_bytes,
    write_atomic,
    write_with_folder,
)

posix = pytest.mark.skipif(os.name != "posix", reason="Unix files")


def refused(reason: str, fn, *args, **kwargs) -> Refused:
    with pytest.raises(Refused) as info:
        fn(*args, **kwargs)
    assert info.value.reason == reason, info.value.message
    assert info.value.message  # Norwegian, for the user
    return info.value


# --- reading ---------------------------------------------------------------------------------


def test_a_regular_file_inside_the_root_is_read(tmp_path):
    (tmp_path / "a.yaml").write_bytes(b"a: 1\n")
    assert read_bytes(tmp_path / "a.yaml", root=tmp_path, limit=100) == b"a: 1\n"


@posix
def test_a_link_inside_the_root_that_stays_inside_works(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.yaml").write_bytes(b"a: 1\n")
    (tmp_path / "lenke.yaml").symlink_to("sub/a.yaml")
    assert read_bytes(tmp_path / "lenke.yaml", root=tmp_path, limit=100) == b"a: 1\n"


@posix
def test_a_link_out_of_the_root_is_refused(tmp_path):
    root = tmp_path / "program"
    root.mkdir()
    (tmp_path / "hemmelig.txt").write_text("passord\n")
    (root / "a.yaml").symlink_to(tmp_path / "hemmelig.txt")
    (root / "etc").symlink_to("/etc")
    e = refused("outside", read_bytes, root / "a.yaml", root=root, limit=100)
    assert "passord" not in e.message
    refused("outside", read_bytes, root / "etc" / "passwd", root=root, limit=10**6)


@posix
def test_a_link_loop_is_refused(tmp_path):
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    refused("loop", read_bytes, tmp_path / "a.yaml", root=tmp_path, limit=100)


@posix
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_behind_a_link_is_refused_before_it_is_read(tmp_path, device):
    root = tmp_path
    (root / "a.yaml").symlink_to(device)
    refused("outside", read_bytes, root / "a.yaml", root=root, limit=100)
    refused("special", read_bytes, device, root="/dev", limit=100)


@posix
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    os.mkfifo(tmp_path / "a.yaml")
    done = threading.Event()

    def read() -> None:
        with pytest.raises(Refused):
            read_bytes(tmp_path / "a.yaml", root=tmp_path, limit=100)
        done.set()

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    thread.join(5)
    assert done.is_set(), "reading a FIFO must not hang"


def test_a_folder_is_refused(tmp_path):
    (tmp_path / "a.yaml").mkdir()
    refused("directory", read_bytes, tmp_path / "a.yaml", root=tmp_path, limit=100)


def test_more_than_the_limit_is_refused(tmp_path):
    (tmp_path / "a.yaml").write_bytes(b"x" * 101)
    e = refused("too_large", read_bytes, tmp_path / "a.yaml", root=tmp_path, limit=100)
    assert "for stor" in e.message


@posix
def test_proc_files_whose_size_is_zero_are_read_with_the_limit(tmp_path):
    # /proc reports size 0: the limit holds while reading, not only by st_size
    data = read_bytes("/proc/self/status", root="/proc", limit=10**6)
    assert data.startswith(b"Name:")
    refused("too_large", read_bytes, "/proc/self/status", root="/proc", limit=10)


def test_a_missing_file_is_refused_as_missing(tmp_path):
    refused("missing", read_bytes, tmp_path / "finnes-ikke.yaml", root=tmp_path, limit=100)


# --- writing ---------------------------------------------------------------------------------


@posix
def test_new_files_get_ordinary_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "ny.yaml", "a: 1\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "ny.yaml").stat().st_mode) == 0o644


@posix
def test_replacing_keeps_the_files_permissions(tmp_path):
    target = tmp_path / "plan.docx"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "plan.yaml"
    target.write_text("gammel\n", encoding="utf-8")

    def crash(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    e = refused("unwritable", write_atomic, target, "ny\n")
    assert "disken er full" in e.message
    assert target.read_text(encoding="utf-8") == "gammel\n"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]


def test_a_file_that_was_read_is_never_written_over(tmp_path):
    plan = tmp_path / "omstillingsplan.yaml"
    plan.write_bytes(b"program: x\n")
    read_bytes(plan, root=tmp_path, limit=100)
    e = refused("input", write_atomic, plan, b"PK...")
    assert "leser" in e.message
    assert plan.read_bytes() == b"program: x\n"
    write_atomic(plan, b"program: y\n", replace_input=True)  # hp import does this on purpose
    assert plan.read_bytes() == b"program: y\n"


@posix
def test_a_hard_link_to_an_input_is_an_input(tmp_path):
    plan = tmp_path / "omstillingsplan.yaml"
    plan.write_bytes(b"program: x\n")
    read_bytes(plan, root=tmp_path, limit=100)
    os.link(plan, tmp_path / "kopi.docx")
    refused("input", write_atomic, tmp_path / "kopi.docx", b"PK")


@posix
def test_a_read_only_file_is_refused_even_for_root(tmp_path):
    target = tmp_path / "plan.docx"
    target.write_bytes(b"godkjent")
    target.chmod(0o444)
    e = refused("read_only", write_atomic, target, b"ny")
    assert "skrivebeskyttet" in e.message
    assert target.read_bytes() == b"godkjent"


@posix
def test_a_symlinked_target_is_refused_and_keeps_its_link(tmp_path):
    real = tmp_path / "ekte.docx"
    real.write_bytes(b"gammel")
    (tmp_path / "lenke.docx").symlink_to(real)
    refused("symlink", write_atomic, tmp_path / "lenke.docx", b"ny")
    assert (tmp_path / "lenke.docx").is_symlink()
    assert real.read_bytes() == b"gammel"


@posix
def test_dev_null_is_written_through_not_replaced():
    before = os.stat("/dev/null")
    write_atomic("/dev/null", b"ingenting")
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino
    assert is_stream("/dev/null") and is_stream("-")


@posix
def test_a_fifo_is_written_through(tmp_path):
    fifo = tmp_path / "rør"
    os.mkfifo(fifo)
    got: list[bytes] = []
    ready = threading.Event()

    def reader() -> None:
        fd = os.open(fifo, os.O_RDWR)  # (Linux) open without waiting; read waits for data
        ready.set()
        try:
            got.append(os.read(fd, 5))
        finally:
            os.close(fd)

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    ready.wait(5)
    write_atomic(fifo, b"hallo")
    thread.join(5)
    assert got == [b"hallo"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@posix
def test_a_fifo_without_a_reader_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "rør"
    os.mkfifo(fifo)
    e = refused("unwritable", write_atomic, fifo, b"hallo")
    assert "ingen leser" in e.message


def test_a_folder_or_a_missing_folder_is_refused(tmp_path):
    refused("directory", write_atomic, tmp_path, b"x")
    refused("no_folder", write_atomic, tmp_path / "finnes-ikke" / "a.docx", b"x")
    assert check_target(tmp_path / "ny.docx")[0] == "new"


# --- a document with its folder of figures: both or neither -----------------------------------


def test_document_and_figures_are_written_together(tmp_path):
    doc, folder = tmp_path / "plan.md", tmp_path / "plan-figurer"
    write_with_folder(doc, "# Plan\n", folder, {"a.png": b"1", "b.png": b"2"})
    assert doc.read_text() == "# Plan\n"
    assert sorted(p.name for p in folder.iterdir()) == ["a.png", "b.png"]
    write_with_folder(doc, "# Plan 2\n", folder, {"c.png": b"3"})  # the old folder is replaced
    assert sorted(p.name for p in folder.iterdir()) == ["c.png"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan-figurer", "plan.md"]


def test_when_the_document_fails_the_old_figures_come_back(tmp_path, monkeypatch):
    doc, folder = tmp_path / "plan.md", tmp_path / "plan-figurer"
    write_with_folder(doc, "gammel\n", folder, {"a.png": b"1"})

    real_replace = os.replace

    def crash(src, dst):
        if str(dst).endswith("plan.md"):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", crash)
    refused("unwritable", write_with_folder, doc, "ny\n", folder, {"b.png": b"2"})
    assert doc.read_text() == "gammel\n"
    assert [p.name for p in folder.iterdir()] == ["a.png"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan-figurer", "plan.md"]


def test_a_folder_with_other_files_is_not_replaced(tmp_path):
    folder = tmp_path / "plan-figurer"
    folder.mkdir()
    (folder / "notater.txt").write_text("mine notater\n")
    refused("input", write_with_folder, tmp_path / "plan.md", "x", folder, {"a.png": b"1"})
    assert (folder / "notater.txt").read_text() == "mine notater\n"
    assert not (tmp_path / "plan.md").exists()
