"""Writing files so that a reader never sees half of one: the one atomic-write helper.

A file is written to a temporary sibling and renamed over the target (``os.replace`` is
atomic on one file system), so a crash or a concurrent reader sees the old file or the
new one, never a truncated one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: str | Path, content: bytes | str, *, encoding: str = "utf-8") -> Path:
    """Write ``content`` to ``path`` atomically and return the path.

    Parameters
    ----------
    path
        Target file; its folder is created when missing.
    content
        Bytes, or text written with ``encoding``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_atomic(folder / "a.txt", "hola").read_text(encoding="utf-8")
    'hola'
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = content.encode(encoding) if isinstance(content, str) else content
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
