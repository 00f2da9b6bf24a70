"""The source manifest: every raw file declared once (origin, checksum, licence, publisher)."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from analysis import paths
from analysis.errors import RaicesError

RAW_URL = "https://raw.githubusercontent.com/{repository}/{commit}/{origin_path}"


@dataclass(frozen=True)
class SourceFile:
    """One published file: where it comes from and what its bytes must hash to."""

    source_id: str
    path: str
    origin_path: str
    sha256: str
    bytes: int
    url: str


@dataclass(frozen=True)
class Source:
    """A published dataset made of one or more files."""

    id: str
    publisher: str
    title: str
    licence: str
    year: str
    repository: str
    commit: str
    files: tuple[SourceFile, ...]
    title_en: str = ""
    vintage: str = ""
    """What the source adds to the data stamp (``pobreza 2023``); empty: not named there."""
    vintage_en: str = ""


def load_manifest(manifest_file: Path | None = None) -> list[Source]:
    """Read and validate the source manifest.

    Examples
    --------
    >>> ids = [source.id for source in load_manifest()]
    >>> "segeplan_pobreza_2023" in ids and "unhcr_a2sit" in ids
    True
    """
    manifest_file = manifest_file or paths.MANIFEST_FILE
    try:
        document = tomllib.loads(manifest_file.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise RaicesError(
            f"no se pudo leer el manifiesto de fuentes: {error}", file=manifest_file
        ) from error
    sources = []
    required = ("id", "publisher", "title", "licence", "year", "repository", "commit", "file")
    for number, entry in enumerate(document.get("source", []), start=1):
        missing = [key for key in required if key not in entry]
        if missing:
            raise RaicesError(
                f"la fuente n.º {number} no declara {', '.join(missing)}", file=manifest_file
            )
        files = tuple(
            SourceFile(
                source_id=entry["id"],
                path=item["path"],
                origin_path=item["origin_path"],
                sha256=item["sha256"].lower(),
                bytes=int(item["bytes"]),
                url=RAW_URL.format(
                    repository=entry["repository"],
                    commit=entry["commit"],
                    origin_path=item["origin_path"],
                ),
            )
            for item in entry["file"]
        )
        sources.append(
            Source(
                id=entry["id"],
                publisher=entry["publisher"],
                title=entry["title"],
                licence=entry["licence"],
                year=str(entry["year"]),
                repository=entry["repository"],
                commit=entry["commit"],
                files=files,
                title_en=str(entry.get("title_en", "")),
                vintage=str(entry.get("vintage", "")),
                vintage_en=str(entry.get("vintage_en", entry.get("vintage", ""))),
            )
        )
    ids = [source.id for source in sources]
    if len(ids) != len(set(ids)):
        raise RaicesError("el manifiesto declara dos fuentes con el mismo id", file=manifest_file)
    return sources


def data_vintage(sources: Sequence[Source] | None = None, language: str = "es") -> str:
    """The data stamp of every output: the sources' vintages, in manifest order.

    Parameters
    ----------
    sources
        Declared sources; the manifest's when ``None``.
    language
        ``"es"`` or ``"en"`` (``vintage_en``, else the Spanish text).

    Examples
    --------
    >>> data_vintage(language="en").startswith("poverty 2023 · census 2018")
    True
    """
    declared = load_manifest() if sources is None else sources
    texts = (source.vintage_en if language == "en" else source.vintage for source in declared)
    return " · ".join(text for text in texts if text)


def source_by_id(source_id: str) -> Source:
    """The declared source with this id."""
    for source in load_manifest():
        if source.id == source_id:
            return source
    raise RaicesError(f"fuente desconocida: {source_id}")
