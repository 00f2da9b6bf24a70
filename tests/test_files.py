"""analysis.files.write_atomic: all or nothing."""

from __future__ import annotations

import pytest

from analysis.files import write_atomic


def test_write_atomic_replaces_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "sub" / "a.json"
    write_atomic(target, "uno")
    write_atomic(target, b"dos")
    assert target.read_text() == "dos"
    assert [p.name for p in target.parent.iterdir()] == ["a.json"]


def test_write_atomic_keeps_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    import os

    target = tmp_path / "a.txt"
    write_atomic(target, "viejo")

    def broken(*args, **kwargs):
        raise OSError("disco lleno")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        write_atomic(target, "nuevo")
    assert target.read_text() == "viejo"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_write_atomic_gives_the_permissions_of_an_ordinary_write(tmp_path):
    import os

    ordinary = tmp_path / "ordinary.txt"
    ordinary.write_text("x")
    atomic = write_atomic(tmp_path / "atomic.txt", "x")
    assert os.stat(atomic).st_mode & 0o777 == os.stat(ordinary).st_mode & 0o777
