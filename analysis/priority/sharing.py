"""Shareable links: a scenario and the reader's language in one URL-safe text (``?s=``).

A link is ``base64url(zlib(JSON))`` of ``{"l": language, "s": scenario}`` (links written
before the language was carried hold the scenario dictionary alone; they still open).

A link comes from anyone, so decoding is bounded before anything is parsed:

* the text is at most :data:`MAX_LINK_CHARS` characters, and it may expand to at most
  :data:`MAX_DECOMPRESSED` bytes (a 78 kB link used to expand to a 60 MB name);
* nesting is bounded, and every field goes through the scenario's own validation
  (:meth:`~analysis.priority.scenario.Scenario.from_dict`: field lengths, weights, k,
  draws, departamento keys);
* a value that cannot be honoured (k out of range, an unknown indicator or code, a weight
  that is not a number) is left out and *named* in :attr:`SharedLink.problems`, so that the
  page can tell the reader instead of silently showing a different scenario;
* a link that cannot be read at all is refused with one :class:`RaicesError` line.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import re
import zlib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.errors import RaicesError
from analysis.priority.scenario import Scenario

MAX_LINK_CHARS = 4096
"""Longest ``?s=`` text read. A scenario with every indicator weighted is under 1 kB."""
MAX_DECOMPRESSED = 16 * 1024
"""Largest decompressed link (bytes); decompression stops there."""
LANGUAGES = ("es", "en")
MAX_REPAIRS = 64
"""Values left out before a link is considered damaged beyond repair."""
SOURCE = "enlace"

_LINK_CHARACTERS = re.compile(r"[A-Za-z0-9_-]*={0,2}")


@dataclass(frozen=True)
class SharedLink:
    """What a shared link gave.

    Attributes
    ----------
    scenario
        The scenario, with every value that could not be honoured left out (defaults
        apply there).
    language
        ``"es"``, ``"en"`` or ``None`` when the link did not carry one.
    problems
        One Spanish sentence per value left out, naming the field and the value.
    """

    scenario: Scenario
    language: str | None
    problems: tuple[str, ...] = ()


def encode_link(scenario: Scenario, *, language: str) -> str:
    """URL-safe text of ``scenario`` and ``language`` for a ``?s=`` link.

    Examples
    --------
    >>> from analysis.priority.scenario import Scenario
    >>> link = encode_link(Scenario(name="Prueba", indicators={"pobreza": 2.0}), language="en")
    >>> shared = decode_link(link)
    >>> shared.scenario.indicators, shared.language, shared.problems
    ({'pobreza': 2.0}, 'en', ())
    """
    if language not in LANGUAGES:
        raise RaicesError(f"idioma «{language}» no válido; use es o en", column="language")
    compact = json.dumps(
        {"l": language, "s": scenario.to_dict()}, separators=(",", ":"), ensure_ascii=False
    )
    packed = zlib.compress(compact.encode("utf-8"), 9)
    if len(packed) > MAX_DECOMPRESSED:
        raise RaicesError("el escenario es demasiado grande para un enlace", column="s")
    return base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def _damaged(detail: str) -> RaicesError:
    return RaicesError(
        f"el enlace compartido está dañado o no es de Raíces: {detail}",
        column="s",
        hint="pida el enlace de nuevo o abra la página sin él",
    )


def _unpack(param: str) -> Any:
    if not isinstance(param, str):
        raise _damaged("no es texto")
    text = param.strip()
    if len(text) > MAX_LINK_CHARS:
        raise _damaged(f"tiene {len(text)} caracteres y el máximo es {MAX_LINK_CHARS}")
    if not _LINK_CHARACTERS.fullmatch(text):
        raise _damaged("contiene caracteres que un enlace de Raíces no usa")
    try:
        packed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        inflater = zlib.decompressobj()
        raw = inflater.decompress(packed, MAX_DECOMPRESSED)
        if inflater.unconsumed_tail:
            raise _damaged(f"se expande a más de {MAX_DECOMPRESSED // 1024} kB")
        if not inflater.eof:
            raise _damaged("está incompleto")
        return json.loads(raw.decode("utf-8"))
    except (binascii.Error, zlib.error, ValueError, UnicodeDecodeError):
        raise _damaged("no se puede leer") from None
    except RecursionError:
        raise _damaged("anida demasiados niveles") from None


def _drop(values: dict[str, Any], column: str | None) -> Any:
    """Remove the field a validation error names; the removed value (or a miss marker)."""
    if not column:
        return _MISSING
    parts = column.split(".")
    holder: Any = values
    for part in parts[:-1]:
        if not isinstance(holder, dict) or part not in holder:
            return _MISSING
        holder = holder[part]
    if isinstance(holder, dict) and parts[-1] in holder:
        return holder.pop(parts[-1])
    # an unknown key inside a section is named without its section
    for section in values.values():
        if isinstance(section, dict) and column in section:
            return section.pop(column)
    return _MISSING


_MISSING = object()


def _picture(value: Any) -> str:
    if isinstance(value, Mapping):
        return "una tabla"
    if isinstance(value, list | tuple):
        return "una lista" if len(value) > 5 else json.dumps(value)[:60]
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:59] + "…"


def _problem(error: RaicesError, removed: Any) -> str:
    field = error.column or "escenario"
    shown = "" if removed is _MISSING else f" «{_picture(removed)}»"
    return f"{field}{shown}: {error.message}; se dejó fuera"


def decode_link(
    param: str,
    catalog: pd.DataFrame | None = None,
    *,
    territories: Mapping[str, Collection[int]] | None = None,
) -> SharedLink:
    """Read a ``?s=`` link, honouring what can be honoured and naming the rest.

    Parameters
    ----------
    param
        The text after ``?s=``.
    catalog
        Indicator catalogue; when given, unknown indicators and themes (and indicators not
        available at the scenario's level) are left out and named.
    territories
        Valid codes per level (``{"municipio": [...], "departamento": [...]}``); when
        given, unknown codes in ``must_include``/``must_exclude`` are left out and named.

    Returns
    -------
    SharedLink

    Raises
    ------
    RaicesError
        One line, for a link too long, expanding too far, nested too deep, not base64,
        not JSON or not a scenario at all.

    Examples
    --------
    >>> from analysis.priority.scenario import Scenario
    >>> from analysis.priority.selection import SelectionConstraints
    >>> link = encode_link(Scenario(), language="es")
    >>> decode_link(link).scenario == Scenario()
    True
    >>> decode_link("eJzLSM3JyQcABiwCFQ")
    Traceback (most recent call last):
    ...
    analysis.errors.RaicesError: columna «s»: el enlace compartido está dañado o no es de \
Raíces: no se puede leer (pida el enlace de nuevo o abra la página sin él)
    """
    envelope = _unpack(param)
    problems: list[str] = []
    language = None
    if isinstance(envelope, dict) and set(envelope) <= {"l", "s"} and "s" in envelope:
        language = envelope.get("l")
        if language is not None and language not in LANGUAGES:
            problems.append(f"idioma «{_picture(language)}» desconocido; se dejó fuera")
            language = None
        values = envelope["s"]
    else:
        values = envelope
    if not isinstance(values, dict):
        raise _damaged("no describe un escenario")
    scenario = _salvage(values, problems, catalog)
    if territories is not None and scenario.pilot is not None:
        scenario = _known_codes(scenario, territories, problems)
    return SharedLink(scenario=scenario, language=language, problems=tuple(problems))


def _salvage(values: dict[str, Any], problems: list[str], catalog: pd.DataFrame | None) -> Scenario:
    for _ in range(MAX_REPAIRS):
        try:
            scenario = Scenario.from_dict(values, source=None)
            if catalog is not None:
                scenario.resolve(catalog)
            return scenario
        except RaicesError as error:
            removed = _drop(values, error.column)
            if removed is _MISSING:
                raise _damaged(error.message) from None
            problems.append(_problem(error, removed))
    raise _damaged("demasiados valores no válidos")


def _known_codes(
    scenario: Scenario, territories: Mapping[str, Collection[int]], problems: list[str]
) -> Scenario:
    valid = set(territories.get(scenario.level, ()))
    pilot = scenario.pilot
    if pilot is None:
        return scenario
    changes: dict[str, Any] = {}
    for key in ("must_include", "must_exclude"):
        codes = getattr(pilot, key)
        unknown = [c for c in codes if c not in valid]
        if unknown:
            problems.append(
                f"pilot.{key} «{', '.join(map(str, unknown[:10]))}»: "
                f"{'código desconocido' if len(unknown) == 1 else 'códigos desconocidos'} "
                f"a nivel {scenario.level}; se dejó fuera"
            )
            changes[key] = tuple(c for c in codes if c in valid)
    if not changes:
        return scenario
    return dataclasses.replace(scenario, pilot=dataclasses.replace(pilot, **changes))
