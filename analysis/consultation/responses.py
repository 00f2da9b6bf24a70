"""The answers of a round as three aligned tables: what every analysis of a round reads.

A :class:`Responses` is built from the stored submissions
(:func:`analysis.consultation.service.round_responses`), from an imported workshop
spreadsheet, or by hand in tests. Rows are participants (anonymous ids), in the same order
in every table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.consultation.elicitation import (
    METHODS,
    ahp_weights,
    budget_weights,
    pair_label,
    theme_pairs,
)
from analysis.errors import RaicesError

TARGETS: tuple[str, ...] = ("themes", "indicators")
"""What a round weighs: the themes of the index, or individual indicators."""

PROFILE_COLUMNS: tuple[str, ...] = (
    "sector",
    "territory",
    "pueblo",
    "sex",
    "age_group",
    "consistency_ratio",
    "consistent",
    "comment",
)
"""Columns of :attr:`Responses.profile` (missing optional answers are empty)."""


@dataclass(frozen=True)
class Responses:
    """All answers of one round.

    Attributes
    ----------
    method
        ``"presupuesto"`` or ``"ahp"``.
    themes
        The items weighed, in the round's order (themes, or indicators for an
        indicator round).
    weights
        Participants × items, each row summing to 1 (budget points / 100, or the AHP
        principal eigenvector).
    judgements
        AHP only: participants × pair (``"a / b"``), the value said for *a* over *b*.
    profile
        Participants × :data:`PROFILE_COLUMNS` (sector, territory, pueblo, sex, age group,
        consistency ratio, consistent flag, comment).
    """

    method: str
    themes: tuple[str, ...]
    weights: pd.DataFrame
    judgements: pd.DataFrame | None
    profile: pd.DataFrame

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise RaicesError(f"método «{self.method}» desconocido; opciones: {', '.join(METHODS)}")
        if list(self.weights.columns) != list(self.themes):
            raise RaicesError("las columnas de pesos no coinciden con los temas de la ronda")
        if not self.weights.index.equals(self.profile.index):
            raise RaicesError("pesos y perfil de participantes no están alineados")

    @property
    def n(self) -> int:
        """Number of participants."""
        return len(self.weights)

    def subset(self, mask: pd.Series | np.ndarray) -> Responses:
        """The answers of some participants only (``mask`` aligned with the rows)."""
        keep = np.asarray(mask, dtype=bool)
        return Responses(
            method=self.method,
            themes=self.themes,
            weights=self.weights[keep],
            judgements=self.judgements[keep] if self.judgements is not None else None,
            profile=self.profile[keep],
        )


def responses_from_answers(
    method: str,
    themes: Sequence[str],
    answers: Sequence[Mapping[str, object]],
) -> Responses:
    """Build :class:`Responses` from plain answers (one mapping per participant).

    Each answer has ``id``, the profile fields of :data:`PROFILE_COLUMNS` (optional) and
    either ``points`` (``{theme: points}``, budget) or ``judgements``
    (``{(a, b): value}``, AHP). Weights and, for AHP, the consistency ratio are computed
    here; invalid answers raise :class:`RaicesError` naming the participant.

    Examples
    --------
    >>> r = responses_from_answers("presupuesto", ["a", "b"],
    ...     [{"id": "p1", "sector": "estado", "points": {"a": 60, "b": 40}}])
    >>> r.weights.loc["p1"].tolist()
    [0.6, 0.4]
    """
    themes = list(themes)
    weight_rows = []
    judgement_rows = []
    profiles = []
    ids: list[object] = []
    for answer in answers:
        pid = answer.get("id", len(ids) + 1)
        profile = {column: answer.get(column) for column in PROFILE_COLUMNS}
        try:
            if method == "ahp":
                judgements = dict(answer["judgements"])  # type: ignore[call-overload]
                result = ahp_weights(themes, judgements)
                weight_rows.append(result.weights.to_numpy())
                values = {}
                for first, second in theme_pairs(themes):
                    if (first, second) in judgements:
                        values[pair_label(first, second)] = float(judgements[(first, second)])
                    else:
                        values[pair_label(first, second)] = 1.0 / float(judgements[(second, first)])
                judgement_rows.append(values)
                profile["consistency_ratio"] = result.consistency_ratio
                profile["consistent"] = result.consistent
            else:
                points = dict(answer["points"])  # type: ignore[call-overload]
                weight_rows.append(budget_weights(points, themes).to_numpy())
                profile["consistency_ratio"] = np.nan
                profile["consistent"] = True
        except RaicesError as error:
            raise RaicesError(f"participante {pid}: {error.message}", column=error.column) from None
        except KeyError as error:
            raise RaicesError(f"participante {pid}: falta la respuesta {error}") from None
        ids.append(pid)
        profiles.append(profile)
    index = pd.Index(ids, name="participant")
    weights = pd.DataFrame(
        np.array(weight_rows).reshape(len(ids), len(themes)), index=index, columns=themes
    )
    judgements_frame = (
        pd.DataFrame(
            judgement_rows, index=index, columns=[pair_label(a, b) for a, b in theme_pairs(themes)]
        )
        if method == "ahp"
        else None
    )
    profile_frame = pd.DataFrame(profiles, index=index, columns=list(PROFILE_COLUMNS))
    return Responses(
        method=method,
        themes=tuple(themes),
        weights=weights,
        judgements=judgements_frame,
        profile=profile_frame,
    )
