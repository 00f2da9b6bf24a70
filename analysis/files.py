"""Writing files so that a reader never sees half of one: the one atomic-write helper.

A file is written to a temporary sibling and renamed over the target (``os.replace`` is
atomic on one file system), so a crash or a concurrent reader sees the old file or the
new one, never a truncated one. The file gets the permissions an ordinary write would give
(``0o666`` less the umask), so a web server or a colleague can read a published report.
"""

from __future__ import annotations

import os
import secrets
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
    temporary = target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
    # os.open applies the umask to 0o666 (tempfile.mkstemp would leave the file 0o600)
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target
