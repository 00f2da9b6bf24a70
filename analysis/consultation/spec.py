"""What a round asks, and the closed lists its answers are checked against.

:class:`RoundSpec` is the plain description of a consultation round that the template, the
importer, the analyses and the report share; the operational store keeps it in the
``consultation_round`` table (:mod:`analysis.consultation.models`).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from analysis.consultation.elicitation import METHODS, RANDOM_INDEX
from analysis.consultation.responses import TARGETS
from analysis.errors import RaicesError

#: Sectors of the Mesa Multisectoral a participant speaks for (id -> Spanish, English).
SECTORS: dict[str, tuple[str, str]] = {
    "estado": ("Estado", "State"),
    "osc": ("Organización de la sociedad civil", "Civil-society organisation"),
    "academia": ("Academia", "Academia"),
    "cooperacion": ("Cooperación internacional", "International cooperation"),
    "privado": ("Sector privado", "Private sector"),
    "pueblos_indigenas": ("Organización de pueblos indígenas", "Indigenous peoples' organisation"),
}
#: Short Spanish names of the sectors, for narrow table columns.
SECTOR_SHORT: dict[str, str] = {
    "estado": "Estado",
    "osc": "Sociedad civil",
    "academia": "Academia",
    "cooperacion": "Cooperación",
    "privado": "Privado",
    "pueblos_indigenas": "Pueblos indígenas",
}
#: Peoples of Guatemala as the 2018 census names them (optional answer).
PUEBLOS: dict[str, tuple[str, str]] = {
    "maya": ("Maya", "Maya"),
    "garifuna": ("Garífuna", "Garifuna"),
    "xinka": ("Xinka", "Xinka"),
    "afrodescendiente": ("Afrodescendiente / Creole / Afromestizo", "Afro-descendant / Creole"),
    "ladino": ("Ladino", "Ladino"),
    "otro": ("Otro", "Other"),
}
SEXES: dict[str, tuple[str, str]] = {
    "mujer": ("Mujer", "Woman"),
    "hombre": ("Hombre", "Man"),
    "otro": ("Otro / prefiere no decir", "Other / prefers not to say"),
}
AGE_GROUPS: dict[str, tuple[str, str]] = {
    "18-29": ("18 a 29 años", "18 to 29"),
    "30-44": ("30 a 44 años", "30 to 44"),
    "45-59": ("45 a 59 años", "45 to 59"),
    "60+": ("60 años o más", "60 or older"),
}
VOCABULARIES: dict[str, dict[str, tuple[str, str]]] = {
    "sector": SECTORS,
    "pueblo": PUEBLOS,
    "sex": SEXES,
    "age_group": AGE_GROUPS,
}
"""Closed lists of the profile answers, by profile column."""

MAX_COMMENT = 2000
"""Longest comment kept (characters); a longer one is refused, not cut."""
MAX_CODE = 40
"""Longest participant code."""


@dataclass(frozen=True)
class RoundSpec:
    """One consultation round.

    Parameters
    ----------
    name, date, description
        Shown to participants and in the report (``date`` as ``YYYY-MM-DD``).
    level
        ``"municipio"`` or ``"departamento"``: the territory participants say they come from,
        and the level of the ranking.
    method
        ``"presupuesto"`` (100 points) or ``"ahp"`` (pairwise comparison).
    items
        The themes (or indicators, when ``target == "indicators"``) to weigh, in order.
    target
        ``"themes"`` or ``"indicators"``.
    scenario_toml
        The base scenario (indicators, methods, pilot constraints); empty = the default
        preset at ``level``.
    round_id
        Identifier in the operational store (``None`` before it is stored).
    status
        ``"abierta"`` or ``"cerrada"``.
    link
        The random id the round's link carries (``?ronda=…``).
    labels
        Display labels of the items (Spanish).
    """

    name: str
    level: str = "departamento"
    method: str = "presupuesto"
    items: tuple[str, ...] = ()
    date: str = ""
    description: str = ""
    target: str = "themes"
    scenario_toml: str = ""
    round_id: int | None = None
    status: str = "abierta"
    link: str = ""
    labels: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise RaicesError("la ronda necesita un nombre", column="name")
        if self.level not in ("municipio", "departamento"):
            raise RaicesError("nivel no válido; use municipio o departamento", column="level")
        if self.method not in METHODS:
            raise RaicesError(
                f"método «{self.method}» no válido; opciones: {', '.join(METHODS)}",
                column="method",
            )
        if self.target not in TARGETS:
            raise RaicesError("objetivo no válido; use themes o indicators", column="target")
        if len(self.items) < 2:
            raise RaicesError("la ronda necesita al menos dos temas que ponderar", column="items")
        if len(set(self.items)) != len(self.items):
            raise RaicesError("hay temas repetidos en la ronda", column="items")
        if self.method == "ahp" and len(self.items) > max(RANDOM_INDEX):
            raise RaicesError(
                f"la comparación por pares admite a lo sumo {max(RANDOM_INDEX)} temas",
                column="items",
            )

    def label(self, item: str) -> str:
        """Display label of an item (the id when none is known)."""
        return str(self.labels.get(item, item))


def fold(text: object) -> str:
    """Lower-case text without accents or surrounding spaces (for matching names).

    Examples
    --------
    >>> fold("  Sololá "), fold("QUETZALTENANGO")
    ('solola', 'quetzaltenango')
    """
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    return " ".join(plain.lower().split())


def vocabulary_value(column: str, value: object) -> str | None:
    """The id of a profile answer (id or label in either language, accents ignored).

    Returns ``None`` for an empty answer; raises :class:`RaicesError` naming the column for
    a value outside the list.
    """
    if (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or str(value).strip() == ""
    ):
        return None
    options = VOCABULARIES[column]
    wanted = fold(value)
    for key, (spanish, english) in options.items():
        if wanted in (fold(key), fold(spanish), fold(english)):
            return key
    raise RaicesError(f"valor «{value}» no válido; opciones: {', '.join(options)}", column=column)


def territory_code(value: object, territories: pd.Series, level: str) -> int:
    """INE code of a territory written as a code or a name (accents and case ignored).

    ``territories`` maps code -> name at ``level``. Raises :class:`RaicesError` for an
    unknown territory.
    """
    noun = "departamento" if level == "departamento" else "municipio"
    if value is None or str(value).strip() in ("", "nan"):
        raise RaicesError(f"falta el {noun}", column="territorio")
    text = str(value).strip()
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if math.isfinite(number) and number.is_integer():
        code = int(number)
        if code in territories.index:
            return code
        raise RaicesError(f"{noun} desconocido: código {code}", column="territorio")
    wanted = fold(text)
    matches = [int(code) for code, name in territories.items() if fold(name) == wanted]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise RaicesError(
            f"hay varios municipios llamados «{text}»; escriba el código INE", column="territorio"
        )
    raise RaicesError(f"{noun} desconocido: «{text}»", column="territorio")


def check_comment(text: object) -> str:
    """A comment as plain text (control characters removed), at most :data:`MAX_COMMENT`."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    value = "".join(ch for ch in str(text) if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    value = value.strip()
    if len(value) > MAX_COMMENT:
        raise RaicesError(
            f"el comentario tiene {len(value)} caracteres; máximo {MAX_COMMENT}",
            column="comentario",
        )
    return value


def default_labels(
    items: Sequence[str], catalog: pd.DataFrame | None, themes: pd.DataFrame | None
) -> dict[str, str]:
    """Spanish labels of the items from the themes table or the catalogue."""
    labels: dict[str, str] = {}
    for item in items:
        if themes is not None and item in themes.index and "label_es" in themes:
            labels[item] = str(themes.at[item, "label_es"])
        elif catalog is not None and item in catalog.index and "label_es" in catalog:
            labels[item] = str(catalog.at[item, "label_es"])
    return labels
