"""analysis.files.write_atomic: all or nothing."""

from __future__ import annotations

import re
from pathlib import Path

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


# Files that rename a temporary themselves because their writer is not "bytes or text to a
# file": a library writes to a path or a stream, a folder or a link is swapped, a copy is
# verified before it replaces the old one. Each entry says why.
ATOMIC_EXCEPTIONS = {
    "analysis/files.py": "the one atomic-write helper",
    "analysis/records/backup.py": "streams a zip archive table by table",
    "analysis/causes/model_store.py": "renames a whole folder of Parquet tables into place",
    "analysis/pipeline/build.py": "swaps a symbolic link to the new database",
    "analysis/sources/fetch.py": "copies a large download and checks its hash before the rename",
    "analysis/plotting.py": "matplotlib writes the figure to a path",
    "analysis/report/context.py": "fpdf writes the PDF to a path",
    "analysis/monitoring/template.py": "xlsxwriter writes the workbook to a path",
}
# Plain byte/text writers not yet moved to write_atomic; the list may only shrink (an entry
# whose file no longer renames a temporary fails the test below). Empty: every one moved.
ATOMIC_PENDING: dict[str, str] = {}
PRIVATE_WRITER = re.compile(r"\bos\.replace\(|\bNamedTemporaryFile\(|\bmkstemp\(")


def _renaming_files() -> set[str]:
    root = Path(__file__).resolve().parents[1]
    return {
        path.relative_to(root).as_posix()
        for path in (root / "analysis").rglob("*.py")
        if PRIVATE_WRITER.search(path.read_text(encoding="utf-8"))
    }


def test_no_private_atomic_writer_outside_the_listed_exceptions():
    unexpected = _renaming_files() - set(ATOMIC_EXCEPTIONS) - set(ATOMIC_PENDING)
    assert not unexpected, (
        f"{sorted(unexpected)} rename a temporary file themselves: use "
        "analysis.files.write_atomic, or list the file in ATOMIC_EXCEPTIONS with the reason"
    )


def test_every_listed_exception_still_needs_its_entry():
    stale = (set(ATOMIC_EXCEPTIONS) | set(ATOMIC_PENDING)) - _renaming_files()
    assert not stale, f"{sorted(stale)} no longer rename a temporary: drop their entries"
