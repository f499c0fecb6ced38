"""atomic_write: all or nothing, with ordinary permissions."""

from __future__ import annotations

import os
import stat

import pytest

from handlingsplan.fileio import atomic_write


@pytest.mark.skipif(os.name != "posix", reason="Unix permissions")
def test_new_files_get_ordinary_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        atomic_write(tmp_path / "ny.yaml", "a: 1\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "ny.yaml").stat().st_mode) == 0o644


@pytest.mark.skipif(os.name != "posix", reason="Unix permissions")
def test_replacing_keeps_the_files_permissions(tmp_path):
    target = tmp_path / "plan.docx"
    target.write_bytes(b"old")
    target.chmod(0o640)
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "plan.yaml"
    target.write_text("gammel\n", encoding="utf-8")

    def crash(src, dst):
        raise OSError("disken er full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        atomic_write(target, "ny\n")
    assert target.read_text(encoding="utf-8") == "gammel\n"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]
