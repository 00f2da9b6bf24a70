"""Territorial typologies: groups of municipios with a similar profile of causes.

The features are theme scores (by default the mean of the direction-aligned z-scores of
the catalogue's default indicators in each theme, so that a high score always means
*more need*) or any standardised indicators. Two clustering methods are offered —
k-means and Ward's hierarchical clustering — and the number of groups is chosen by the
mean silhouette width over a range of k (shown to the user in :attr:`Typology.scores_`).

Group labels are stable: after fitting, groups are renumbered 1, 2, … in decreasing
order of the mean of their centroid (group 1 = highest overall need), ties broken by
size, so the same data and seed always give the same numbering and the same names. Each
group gets a plain-language name built from its centroid z-scores, in Spanish ("Migración
muy alta · pobreza alta · violencia baja") or English ("Very high migration · high
poverty · low violence"), and a one-sentence profile.

Contiguous regions on the same features (SKATER) are in :mod:`analysis.causes.regions`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.metrics import calinski_harabasz_score, silhouette_score
from threadpoolctl import threadpool_limits

from analysis.errors import RaicesError
from analysis.formatting import format_number

METHODS: tuple[str, ...] = ("kmeans", "ward")
#: What a typology or a regionalisation does with a territory that lacks a feature:
#: ``"drop"`` leaves it out and counts it (:attr:`TypologyResult.n_dropped`), ``"refuse"``
#: raises a :class:`~analysis.errors.RaicesError` naming the column and the territories.
MissingPolicy = Literal["drop", "refuse"]
MISSING_POLICIES: tuple[MissingPolicy, ...] = ("drop", "refuse")
#: Default policy: ``"drop"``. Clustering needs every feature of a territory, and a theme
#: score is missing only when all of its indicators are, so the few territories concerned
#: are better left out (and said so) than given an invented value or blocking the rest.
DEFAULT_MISSING: MissingPolicy = "drop"
DEFAULT_SEED = 20250101
#: Range of k tried by default. Two groups are left out on purpose: on Guatemala's
#: municipios a 2-group split just separates the indigenous rural highlands from the
#: ladino urban rest, which every analyst already knows and which does not help to target
#: programmes; from 3 groups on, the silhouette decides.
DEFAULT_K_RANGE: tuple[int, int] = (3, 8)
#: When k is chosen automatically, the largest k tried is at most n / 4.
MIN_MEAN_GROUP_SIZE = 4

#: Short feminine nouns for the themes, so that "alta" / "baja" agree in the group names.
THEME_NOUNS_ES: dict[str, str] = {
    "migracion": "migración",
    "pobreza_economia": "pobreza",
    "violencia_inseguridad": "violencia",
    "clima_alimentacion": "vulnerabilidad climática y alimentaria",
    "servicios_educacion": "carencia de servicios y educación",
    "demografia_exclusion": "exclusión demográfica",
}
#: The same themes in English (the adjective goes first: "high poverty").
THEME_NOUNS_EN: dict[str, str] = {
    "migracion": "migration",
    "pobreza_economia": "poverty",
    "violencia_inseguridad": "violence",
    "clima_alimentacion": "climate and food vulnerability",
    "servicios_educacion": "lack of services and education",
    "demografia_exclusion": "demographic exclusion",
}
#: Theme nouns per language.
THEME_NOUNS: dict[str, dict[str, str]] = {"es": THEME_NOUNS_ES, "en": THEME_NOUNS_EN}
#: Thresholds on centroid z-scores for the words of a group name.
LEVEL_WORDS_ES: tuple[tuple[float, str], ...] = (
    (1.0, "muy alta"),
    (0.5, "alta"),
    (-0.5, ""),
    (-1.0, "baja"),
    (-np.inf, "muy baja"),
)
LEVEL_WORDS_EN: tuple[tuple[float, str], ...] = (
    (1.0, "very high"),
    (0.5, "high"),
    (-0.5, ""),
    (-1.0, "low"),
    (-np.inf, "very low"),
)
LEVEL_WORDS: dict[str, tuple[tuple[float, str], ...]] = {"es": LEVEL_WORDS_ES, "en": LEVEL_WORDS_EN}
#: Fixed phrases of names and profiles per language.
PHRASES: dict[str, dict[str, str]] = {
    "es": {
        "average": "Cerca del promedio nacional",
        "one": "territorio",
        "many": "territorios",
        "against": "frente al promedio nacional",
        "sd": "DE",
    },
    "en": {
        "average": "Near the national average",
        "one": "territory",
        "many": "territories",
        "against": "against the national average",
        "sd": "SD",
    },
}
LANGUAGES: tuple[str, ...] = tuple(PHRASES)


def theme_scores(
    indicators: pd.DataFrame,
    catalog: pd.DataFrame,
    *,
    selection: Sequence[str] | None = None,
    themes: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Mean of direction-aligned z-scores per theme.

    Parameters
    ----------
    indicators
        Indicator values indexed by code (``store.load_indicators``).
    catalog
        Indicator catalogue indexed by indicator (``store.load_catalog``), with columns
        ``theme``, ``direction`` and ``in_default``.
    selection
        Indicators to use; default the catalogue's default set (``in_default == 1``)
        among the columns of ``indicators``. Context indicators (direction 0) are skipped.
    themes
        Themes to keep (default all themes with at least one indicator).

    Returns
    -------
    pandas.DataFrame
        One column per theme, indexed by code. Missing values policy: a theme score is
        the mean of the indicators that are present for that territory; it is missing
        only when all of them are missing. A constant indicator contributes 0.
    """
    if selection is None:
        default = catalog.index[catalog["in_default"].astype(float) == 1]
        selection = [code for code in default if code in indicators.columns]
    unknown = [code for code in selection if code not in catalog.index]
    if unknown:
        raise RaicesError(f"indicadores fuera del catálogo: {unknown}", column="indicator")
    absent = [code for code in selection if code not in indicators.columns]
    if absent:
        raise RaicesError(f"indicadores sin datos: {absent}", column="indicator")
    used = [code for code in selection if float(catalog.loc[code, "direction"]) != 0]
    if not used:
        raise RaicesError("ningún indicador con dirección para calcular puntajes por tema")
    values = indicators[used].astype(float)
    spread = values.std(ddof=0).replace(0.0, np.nan)
    z = ((values - values.mean()) / spread).fillna(0.0).where(values.notna())
    z = z * catalog.loc[used, "direction"].astype(float)
    by_theme = catalog.loc[used, "theme"]
    order = [theme for theme in THEME_NOUNS_ES if theme in set(by_theme)]
    order += sorted(set(by_theme) - set(order))
    if themes is not None:
        missing = [theme for theme in themes if theme not in order]
        if missing:
            raise RaicesError(f"temas sin indicadores seleccionados: {missing}", column="theme")
        order = list(themes)
    scores = pd.DataFrame(
        {theme: z.loc[:, by_theme[by_theme == theme].index].mean(axis=1) for theme in order},
        index=indicators.index,
    )
    return scores


def complete_rows(
    features: pd.DataFrame, missing: MissingPolicy = DEFAULT_MISSING
) -> tuple[pd.DataFrame, pd.Index]:
    """Apply a missing-data policy: the complete rows of ``features`` and the dropped codes.

    Parameters
    ----------
    features
        Features indexed by code (rows = territories).
    missing
        ``"drop"`` (default, :data:`DEFAULT_MISSING`) leaves out every territory with a
        missing feature; ``"refuse"`` raises instead (see :data:`MISSING_POLICIES`).

    Raises
    ------
    RaicesError
        Under ``"refuse"`` when a value is missing (naming the column and the first
        territories), or for an unknown policy.

    Examples
    --------
    >>> import pandas as pd
    >>> kept, dropped = complete_rows(pd.DataFrame({"a": [1.0, None, 3.0]}, index=[101, 102, 103]))
    >>> kept.index.tolist(), dropped.tolist()
    ([101, 103], [102])
    """
    if missing not in MISSING_POLICIES:
        raise RaicesError(
            f"política de valores faltantes desconocida «{missing}»; use {MISSING_POLICIES}"
        )
    incomplete = features.isna().any(axis=1)
    if missing == "refuse" and incomplete.any():
        column = features.columns[features.isna().any()][0]
        rows = features.index[features[column].isna()].tolist()
        raise RaicesError(
            f"valores faltantes en {len(rows)} territorio(s), p. ej. {rows[:5]}",
            column=str(column),
            hint="quite esos territorios o impute antes de agrupar, o use missing='drop'",
        )
    return features.loc[~incomplete], features.index[incomplete]


def standardise(features: pd.DataFrame) -> pd.DataFrame:
    """z-scores (population standard deviation); constant columns become 0."""
    spread = features.std(ddof=0).replace(0.0, np.nan)
    return ((features - features.mean()) / spread).fillna(0.0)


def _cluster(matrix: np.ndarray, k: int, method: str, seed: int) -> np.ndarray:
    if method == "kmeans":
        model = KMeans(n_clusters=k, n_init=20, random_state=seed)
    else:
        model = AgglomerativeClustering(n_clusters=k, linkage="ward")
    # A few hundred rows: extra threads only add contention (30× slower on a busy machine).
    with threadpool_limits(1):
        return np.asarray(model.fit_predict(matrix))


def stable_labels(raw: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """Renumber groups 1..k by decreasing centroid mean, then decreasing size.

    ``matrix`` holds the standardised features of the rows labelled by ``raw``; the same
    partition always gets the same numbers, whatever labels the algorithm gave it.

    Examples
    --------
    >>> import numpy as np
    >>> stable_labels(np.array([7, 7, 3]), np.array([[-1.0], [-1.0], [2.0]])).tolist()
    [2, 2, 1]
    """
    keys = []
    for label in np.unique(raw):
        members = matrix[raw == label]
        keys.append((-round(float(members.mean()), 10), -len(members), label))
    mapping = {label: rank + 1 for rank, (_, _, label) in enumerate(sorted(keys))}
    return np.array([mapping[label] for label in raw])


def _check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise RaicesError(f"idioma desconocido «{language}»; use {LANGUAGES}")
    return language


def _level_word(z: float, language: str = "es") -> str:
    for threshold, word in LEVEL_WORDS[language]:
        if z >= threshold:
            return word
    return ""


def describe_group(
    centroid: pd.Series,
    nouns: Mapping[str, str] | None = None,
    *,
    max_terms: int = 3,
    language: str = "es",
) -> str:
    """Plain-language name of a group from its centroid z-scores.

    Parameters
    ----------
    centroid
        Mean z-score of each feature in the group (features in the index).
    nouns
        Feature → noun to use in the name, in ``language`` (in Spanish feminine, so that
        "alta" agrees); default :data:`THEME_NOUNS` and, for other features, the feature id.
    max_terms
        Largest number of features named (the most distinctive first).
    language
        ``"es"`` (noun then adjective: "migración alta") or ``"en"`` ("high migration").

    Examples
    --------
    >>> import pandas as pd
    >>> centroid = pd.Series({"migracion": 1.4, "pobreza_economia": 0.6,
    ...                       "violencia_inseguridad": -0.7})
    >>> describe_group(centroid)
    'Migración muy alta · violencia baja · pobreza alta'
    >>> describe_group(centroid, language="en")
    'Very high migration · low violence · high poverty'
    >>> describe_group(pd.Series({"migracion": 0.1}), language="en")
    'Near the national average'
    """
    _check_language(language)
    nouns = {**THEME_NOUNS[language], **(nouns or {})}
    terms = []
    for feature in centroid.abs().sort_values(ascending=False, kind="stable").index:
        word = _level_word(float(centroid[feature]), language)
        if word:
            noun = nouns.get(feature, str(feature))
            terms.append(f"{noun} {word}" if language == "es" else f"{word} {noun}")
        if len(terms) == max_terms:
            break
    if not terms:
        return PHRASES[language]["average"]
    text = " · ".join(terms)
    return text[0].upper() + text[1:]


def describe_profile(
    centroid: pd.Series,
    size: int,
    nouns: Mapping[str, str] | None = None,
    *,
    language: str = "es",
) -> str:
    """One-sentence profile of a group: size and every feature's distance to the mean.

    Numbers are written for the reader (:func:`analysis.formatting.format_number`).

    Examples
    --------
    >>> import pandas as pd
    >>> describe_profile(pd.Series({"migracion": 1.25, "pobreza_economia": -0.5}), 12)
    '12 territorios; frente al promedio nacional: migración +1,2 DE, pobreza -0,5 DE.'
    >>> describe_profile(pd.Series({"migracion": 1.25}), 1, language="en")
    '1 territory; against the national average: migration +1.2 SD.'
    """
    _check_language(language)
    phrases = PHRASES[language]
    nouns = {**THEME_NOUNS[language], **(nouns or {})}
    parts = []
    for feature, value in centroid.sort_values(ascending=False, kind="stable").items():
        number = format_number(float(value), language, decimals=1)
        sign = "+" if not number.startswith("-") else ""
        parts.append(f"{nouns.get(feature, str(feature))} {sign}{number} {phrases['sd']}")
    unit = phrases["one"] if size == 1 else phrases["many"]
    return f"{size} {unit}; {phrases['against']}: " + ", ".join(parts) + "."


@dataclass(frozen=True)
class TypologyResult:
    """A fitted :class:`Typology` as a page or a report shows it
    (:meth:`Typology.result`); fresh copies, so changing them leaves the typology as it
    was.

    Attributes
    ----------
    groups
        Per group: ``group``, ``n``, ``name``, ``profile`` (:attr:`Typology.groups_`).
    scores
        Criterion per k tried (:attr:`Typology.scores_`).
    centroids
        Mean z-score of every feature per group (:attr:`Typology.centroids_`).
    assignments
        Per territory: ``group`` and ``group_name`` (:meth:`Typology.assignments`),
        after a leading ``name`` column when names were given.
    k
        Number of groups.
    silhouette
        Mean silhouette width of the chosen solution.
    n_dropped
        Territories left out for a missing feature (:attr:`Typology.dropped_`); they have
        no row in ``assignments``.
    """

    groups: pd.DataFrame
    scores: pd.DataFrame
    centroids: pd.DataFrame
    assignments: pd.DataFrame
    k: int
    silhouette: float
    n_dropped: int = 0


class Typology:
    """Cluster territories on standardised features with stable, named groups.

    Parameters
    ----------
    method
        ``"kmeans"`` (default) or ``"ward"``.
    n_groups
        Number of groups; ``None`` (default) chooses it by the largest mean silhouette
        width over ``k_range``.
    k_range
        Inclusive range of k tried when ``n_groups`` is ``None`` (default
        :data:`DEFAULT_K_RANGE`, 3 to 8), capped at ``n / 4`` groups
        (:data:`MIN_MEAN_GROUP_SIZE`).
    seed
        Seed of k-means (Ward is deterministic).
    nouns
        Feature → noun used in group names, in ``language`` (see :func:`describe_group`).
    language
        Language of the names and profiles in :attr:`groups_` (``"es"``, default, or
        ``"en"``); :meth:`describe` gives them in the other language without refitting.
    missing
        Missing-data policy (:func:`complete_rows`): ``"drop"`` (default) leaves out the
        territories that lack a feature, listed in :attr:`dropped_`; ``"refuse"`` raises.

    Attributes
    ----------
    dropped_ : pandas.Index
        Codes left out for a missing feature (empty under ``"refuse"``).
    labels_ : pandas.Series
        Group number (1..k) per territory, indexed by code.
    k_ : int
        Number of groups.
    scores_ : pandas.DataFrame
        Criterion per k tried: ``k``, ``silhouette``, ``calinski_harabasz``, ``chosen``.
    silhouette_ : float
        Mean silhouette width of the chosen solution.
    centroids_ : pandas.DataFrame
        Mean z-score of every feature per group (index ``group``).
    groups_ : pandas.DataFrame
        Per group: ``group``, ``n``, ``name``, ``profile`` (in ``language``).
    """

    def __init__(
        self,
        *,
        method: Literal["kmeans", "ward"] = "kmeans",
        n_groups: int | None = None,
        k_range: tuple[int, int] = DEFAULT_K_RANGE,
        seed: int = DEFAULT_SEED,
        nouns: Mapping[str, str] | None = None,
        language: str = "es",
        missing: MissingPolicy = DEFAULT_MISSING,
    ) -> None:
        self.method = method
        self.n_groups = n_groups
        self.k_range = k_range
        self.seed = seed
        self.nouns = nouns
        self.language = language
        self.missing = missing

    def fit(self, features: pd.DataFrame) -> Typology:
        """Standardise ``features`` (rows = territories) and cluster them.

        Rows with a missing feature follow the ``missing`` policy (the theme scores of
        :func:`theme_scores` are missing only when a whole theme is).
        """
        if self.method not in METHODS:
            raise RaicesError(f"método de agrupamiento desconocido «{self.method}»; use {METHODS}")
        _check_language(self.language)
        if features.shape[1] == 0:
            raise RaicesError("no hay variables para agrupar")
        features, self.dropped_ = complete_rows(features, self.missing)
        z = standardise(features.astype(float))
        matrix = z.to_numpy()
        n = len(matrix)
        if self.n_groups is not None:
            candidates = [int(self.n_groups)]
        else:
            low, high = self.k_range
            # At most one group per MIN_MEAN_GROUP_SIZE territories on average, so that
            # 22 departamentos are not split into near-singleton groups.
            high = min(high, n - 1, max(low, n // MIN_MEAN_GROUP_SIZE))
            candidates = list(range(max(2, low), high + 1))
        if not candidates or min(candidates) < 2 or max(candidates) >= n:
            raise RaicesError(
                f"no se pueden formar {candidates} grupos con {n} territorios",
                hint="pida entre 2 y n − 1 grupos",
            )
        rows = []
        solutions = {}
        for k in candidates:
            raw = _cluster(matrix, k, self.method, self.seed)
            solutions[k] = raw
            distinct = len(np.unique(raw))
            rows.append(
                {
                    "k": k,
                    "silhouette": silhouette_score(matrix, raw) if distinct > 1 else np.nan,
                    "calinski_harabasz": calinski_harabasz_score(matrix, raw)
                    if distinct > 1
                    else np.nan,
                }
            )
        scores = pd.DataFrame(rows)
        best = int(scores.loc[scores["silhouette"].idxmax(), "k"])
        scores["chosen"] = scores["k"] == best
        labels = stable_labels(solutions[best], matrix)
        self.k_ = best
        self.scores_ = scores
        self.silhouette_ = float(scores.loc[scores["chosen"], "silhouette"].iloc[0])
        self.labels_ = pd.Series(labels, index=features.index, name="group")
        self.centroids_ = z.groupby(labels).mean().rename_axis("group")
        self.groups_ = self.describe(self.language, self.nouns)
        return self

    def describe(
        self, language: str = "es", nouns: Mapping[str, str] | None = None
    ) -> pd.DataFrame:
        """Per group: ``group``, ``n``, ``name`` and ``profile`` written in ``language``.

        ``nouns`` names features that are not themes, in ``language``.
        """
        _check_language(language)
        sizes = self.labels_.value_counts().sort_index()
        groups = self.centroids_.index
        return pd.DataFrame(
            {
                "group": groups,
                "n": sizes.reindex(groups).to_numpy(),
                "name": [
                    describe_group(self.centroids_.loc[g], nouns, language=language) for g in groups
                ],
                "profile": [
                    describe_profile(
                        self.centroids_.loc[g], int(sizes[g]), nouns, language=language
                    )
                    for g in groups
                ],
            }
        )

    def assignments(self, language: str | None = None) -> pd.DataFrame:
        """Per territory: ``group`` and ``group_name``, indexed by code.

        Names in ``language`` (default the one of :attr:`groups_`).
        """
        table = self.groups_ if language in (None, self.language) else self.describe(language)
        names = table.set_index("group")["name"]
        return pd.DataFrame(
            {"group": self.labels_, "group_name": self.labels_.map(names)},
            index=self.labels_.index,
        )

    def result(self, names: pd.Series | None = None) -> TypologyResult:
        """The fitted tables as one :class:`TypologyResult`, in the typology's language.

        Parameters
        ----------
        names
            Display name per code, put first in the assignments (codes it lacks get a
            missing name); default none.
        """
        assignments = self.assignments()
        if names is not None:
            assignments.insert(0, "name", names.reindex(assignments.index))
        return TypologyResult(
            groups=self.groups_.copy(),
            scores=self.scores_.copy(),
            centroids=self.centroids_.copy(),
            assignments=assignments,
            k=self.k_,
            silhouette=self.silhouette_,
            n_dropped=len(self.dropped_),
        )


def typology(
    features: pd.DataFrame,
    *,
    method: Literal["kmeans", "ward"] = "kmeans",
    n_groups: int | None = None,
    k_range: tuple[int, int] = DEFAULT_K_RANGE,
    seed: int = DEFAULT_SEED,
    nouns: Mapping[str, str] | None = None,
    language: str = "es",
    missing: MissingPolicy = DEFAULT_MISSING,
) -> Typology:
    """Plain-function twin of :class:`Typology`: build and fit in one call."""
    return Typology(
        method=method,
        n_groups=n_groups,
        k_range=k_range,
        seed=seed,
        nouns=nouns,
        language=language,
        missing=missing,
    ).fit(features)


def scenario_scores(
    scenario: str = "pesos_iguales",
    level: Literal["municipio", "departamento"] = "municipio",
    *,
    db_path: object | None = None,
) -> tuple[pd.Series, pd.DataFrame]:
    """Composite score and theme scores of a scenario, from the composite engine.

    Parameters
    ----------
    scenario
        Preset name or path of a scenario file (see ``raices rank``).
    level
        Territorial level.
    db_path
        Database path passed to :mod:`analysis.store`.

    Returns
    -------
    (pandas.Series, pandas.DataFrame)
        The composite score (0–100, higher = more need) and one column per theme,
        both indexed by code.
    """
    from analysis.priority.run import IndexData, fit_index
    from analysis.priority.scenario import load_scenario

    data = IndexData.from_store(level, db_path=db_path)  # type: ignore[arg-type]
    chosen = load_scenario(scenario)
    if chosen.level != level:
        import dataclasses

        chosen = dataclasses.replace(chosen, level=level)
    _, model = fit_index(chosen, data)
    return model.scores_.rename(f"indice_{scenario}"), model.theme_scores_
