"""Bring the raw files into ``data/raw``: from a mirror folder or the origin URL, checksum verified.

A file already present with the right checksum is left alone; a good file is never replaced
by a bad one (downloads go to a temporary file that is renamed only after verification).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from analysis import paths
from analysis.errors import RaicesError
from analysis.sources.manifest import SourceFile, load_manifest

DOWNLOAD_TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class FetchOutcome:
    """What ``fetch`` did with one file."""

    path: str
    status: str  # present | mirror | downloaded | missing | bad_checksum
    detail: str


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _install(source: Path, expected: SourceFile, destination: Path) -> bool:
    """Copy ``source`` next to ``destination``, verify, then rename; True on success."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=destination.parent, prefix=".fetch-")
    os.close(handle)
    try:
        shutil.copyfile(source, temporary)
        if sha256_of(Path(temporary)) != expected.sha256:
            return False
        os.replace(temporary, destination)
        return True
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _download(expected: SourceFile, destination: Path) -> tuple[bool, str]:
    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=destination.parent, prefix=".download-")
    os.close(handle)
    try:
        with (
            urllib.request.urlopen(expected.url, timeout=DOWNLOAD_TIMEOUT_SECONDS) as response,
            open(temporary, "wb") as out,
        ):
            shutil.copyfileobj(response, out)
        if sha256_of(Path(temporary)) != expected.sha256:
            return False, "la descarga no coincide con el sha256 declarado"
        os.replace(temporary, destination)
        return True, "descargado del origen"
    except (urllib.error.URLError, OSError, TimeoutError) as error:
        return False, f"sin acceso al origen ({getattr(error, 'reason', error)})"
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def fetch(
    *,
    mirror: Path | None = None,
    raw: Path | None = None,
    download: bool = True,
    progress: Callable[[FetchOutcome], None] | None = None,
) -> list[FetchOutcome]:
    """Place every declared file in ``raw`` with a verified checksum.

    Parameters
    ----------
    mirror
        Folder with the same relative layout as ``data/raw``; default
        :func:`analysis.paths.default_mirror`.
    raw
        Destination folder; default :func:`analysis.paths.raw_dir`.
    download
        Try the origin URL when the mirror lacks a file.
    progress
        Called once per file with its outcome (for progress output).

    Raises
    ------
    RaicesError
        When any file is still missing or bad at the end, listing each one.
    """
    mirror = mirror if mirror is not None else paths.default_mirror()
    raw = raw or paths.raw_dir()
    outcomes: list[FetchOutcome] = []
    for source in load_manifest():
        for expected in source.files:
            destination = raw / expected.path
            outcome = _fetch_one(expected, destination, mirror, download)
            outcomes.append(outcome)
            if progress:
                progress(outcome)
    failed = [o for o in outcomes if o.status in ("missing", "bad_checksum")]
    if failed:
        lines = "\n".join(f"  - {o.path}: {o.detail}" for o in failed)
        where = (
            f"el espejo {mirror}" if mirror else "ningún espejo (use --mirror DIR o RAICES_MIRROR)"
        )
        raise RaicesError(
            f"faltan {len(failed)} archivo(s) de fuentes; se buscó en {where} y en internet:\n{lines}",
            hint="copie los archivos a una carpeta espejo o conecte la máquina a internet",
        )
    return outcomes


def _fetch_one(
    expected: SourceFile, destination: Path, mirror: Path | None, download: bool
) -> FetchOutcome:
    if destination.exists() and sha256_of(destination) == expected.sha256:
        return FetchOutcome(expected.path, "present", "ya presente y verificado")
    problems = []
    if destination.exists():
        problems.append("el archivo local no coincide con el sha256 y se reemplazará")
    if mirror is not None:
        candidate = mirror / expected.path
        if candidate.is_file():
            if _install(candidate, expected, destination):
                return FetchOutcome(expected.path, "mirror", f"copiado de {candidate}")
            problems.append(f"la copia del espejo {candidate} no coincide con el sha256 declarado")
        else:
            problems.append(f"no está en el espejo {mirror}")
    if download:
        ok, detail = _download(expected, destination)
        if ok:
            return FetchOutcome(expected.path, "downloaded", detail)
        problems.append(detail)
    status = "bad_checksum" if any("sha256" in p for p in problems) else "missing"
    return FetchOutcome(expected.path, status, "; ".join(problems) + f" — origen: {expected.url}")
