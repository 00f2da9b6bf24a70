"""The composite index as an estimator: screen → impute → treat → normalise → aggregate.

:class:`CompositeIndex` follows scikit-learn's contract (``__init__`` stores keyword-only
parameters, :meth:`CompositeIndex.fit` validates, computes and returns ``self``, learned
state ends in ``_``); :func:`compute_index` is its plain-function twin.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis.defaults import CV_LIMIT
from analysis.errors import RaicesError
from analysis.index.aggregate import AGGREGATIONS, aggregate, aggregate_themes
from analysis.index.contributions import indicator_contributions, theme_contributions
from analysis.index.coverage import coverage_table, parse_year
from analysis.index.missing import MISSING_POLICIES, impute_group_mean
from analysis.index.normalise import NORMALISATIONS, check_choice, normalise
from analysis.index.outliers import OutlierTreatment
from analysis.index.weights import resolve_weights

TIE_POLICIES: tuple[str, ...] = ("min", "average", "dense", "first")


_PARAMETERS: dict[type, tuple[str, ...]] = {}


def _param_names(cls: type) -> tuple[str, ...]:
    """Keyword parameters of ``cls.__init__`` (read once per class)."""
    if cls not in _PARAMETERS:
        _PARAMETERS[cls] = tuple(inspect.signature(cls).parameters)
    return _PARAMETERS[cls]


def rank_scores(scores: pd.Series, *, ties: str = "min") -> pd.Series:
    """Rank scores from 1 (highest priority); territories without a score get no rank.

    ``ties`` is the policy for equal scores (compared to 10 decimals so that floating-point
    noise does not split a genuine tie): ``"min"`` (default, "1, 2, 2, 4": equal scores share
    the best rank), ``"average"``, ``"dense"`` or ``"first"`` (by code order).

    Examples
    --------
    >>> import pandas as pd
    >>> rank_scores(pd.Series([10.0, 30.0, 30.0, None])).tolist()
    [3.0, 1.0, 1.0, nan]
    """
    check_choice(ties, TIE_POLICIES, "ties")
    return scores.round(10).rank(ascending=False, method=ties, na_option="keep")


class CompositeIndex:
    """Composite index of territorial priority on a 0–100 scale (100 = most priority).

    Parameters
    ----------
    indicator_weights
        Relative weight per indicator (default 1 each: equal weights within theme).
    theme_weights
        Relative weight per theme (default 1 each: equal theme weights).
    normalisation
        ``"minmax"`` (default), ``"zscore"``, ``"rank"`` or ``"goalposts"``.
    goalposts
        ``{indicator: (low, high)}`` for ``"goalposts"``; indicators not listed use the
        catalogue's ``range_min``/``range_max`` and, failing that, the observed range.
    aggregation_within, aggregation_across
        ``"arithmetic"`` (default), ``"geometric"`` or ``"penalised"``, inside each theme
        and across themes.
    missing
        ``"renormalise"`` (default) or ``"group_mean"``; see :mod:`analysis.index.missing`.
    coverage_threshold
        Minimum share of indicators observed for a territory to get a score (default 2/3).
    outliers
        ``"winsorise"`` (default), ``"log"`` or ``"none"``; with ``"goalposts"`` no
        treatment is applied because clipping at the goalposts already bounds outliers.
    skew_threshold, kurtosis_threshold, max_winsorised
        The outlier rule (defaults 2.0, 3.5 and 5; see :mod:`analysis.index.outliers`).
    zero_range
        ``"midpoint"`` (default) or ``"zero"``: value given to a constant indicator.
    geometric_offset
        Offset of the geometric mean on the 0–100 scale (default 1.0; must be ≥ 1 so that
        contributions stay non-negative).
    penalty
        Standard-deviation multiplier of the penalised mean (default 1.0).
    ties
        Ranking policy for equal scores (default ``"min"``); see :func:`rank_scores`.
    reference_year, cv_limit
        Passed to :func:`analysis.index.coverage.coverage_table`.

    Attributes
    ----------
    scores_ : pandas.Series
        Score 0–100 per territory (``NaN`` below the coverage threshold).
    ranks_ : pandas.Series
        Rank, 1 = highest priority.
    theme_scores_, normalised_ : pandas.DataFrame
        Score per theme and normalised indicator values, 0–100.
    contributions_, indicator_contributions_ : pandas.DataFrame
        Points of the score coming from each theme / indicator (rows sum to the score).
    coverage_ : pandas.DataFrame
        Coverage and reliability (see :mod:`analysis.index.coverage`).
    treatment_ : OutlierTreatment
        The fitted outlier treatment; ``treatment_.report_`` logs what was done.
    within_weights_, theme_weights_ : pandas.Series
        Normalised weights actually used.
    goalposts_, ranges_ : numpy.ndarray
        ``m × 2`` (low, high) used by ``"goalposts"``, and the catalogue's declared range
        of each indicator (``NaN`` where none), which Monte-Carlo draws respect.

    Examples
    --------
    >>> import pandas as pd
    >>> catalog = pd.DataFrame({"theme": ["a", "b"], "direction": [1, -1]}, index=["x", "y"])
    >>> data = pd.DataFrame({"x": [0.0, 5.0, 10.0], "y": [10.0, 5.0, 0.0]}, index=[1, 2, 3])
    >>> CompositeIndex().fit(data, catalog).scores_.tolist()
    [0.0, 50.0, 100.0]
    """

    def __init__(
        self,
        *,
        indicator_weights: Mapping[str, float] | None = None,
        theme_weights: Mapping[str, float] | None = None,
        normalisation: str = "minmax",
        goalposts: Mapping[str, tuple[float, float]] | None = None,
        aggregation_within: str = "arithmetic",
        aggregation_across: str = "arithmetic",
        missing: str = "renormalise",
        coverage_threshold: float = 2 / 3,
        outliers: str = "winsorise",
        skew_threshold: float = 2.0,
        kurtosis_threshold: float = 3.5,
        max_winsorised: int = 5,
        zero_range: str = "midpoint",
        geometric_offset: float = 1.0,
        penalty: float = 1.0,
        ties: str = "min",
        reference_year: float | None = None,
        cv_limit: float = CV_LIMIT,
    ) -> None:
        self.indicator_weights = indicator_weights
        self.theme_weights = theme_weights
        self.normalisation = normalisation
        self.goalposts = goalposts
        self.aggregation_within = aggregation_within
        self.aggregation_across = aggregation_across
        self.missing = missing
        self.coverage_threshold = coverage_threshold
        self.outliers = outliers
        self.skew_threshold = skew_threshold
        self.kurtosis_threshold = kurtosis_threshold
        self.max_winsorised = max_winsorised
        self.zero_range = zero_range
        self.geometric_offset = geometric_offset
        self.penalty = penalty
        self.ties = ties
        self.reference_year = reference_year
        self.cv_limit = cv_limit

    def get_params(self) -> dict[str, object]:
        """The keyword parameters given to ``__init__`` (scikit-learn convention)."""
        return {name: getattr(self, name) for name in _param_names(type(self))}

    def set_params(self, **params: object) -> CompositeIndex:
        """Set parameters (scikit-learn convention); returns ``self``."""
        valid = self.get_params()
        for name, value in params.items():
            if name not in valid:
                raise RaicesError(f"parámetro desconocido «{name}»", column=name)
            setattr(self, name, value)
        return self

    # ------------------------------------------------------------------ validation
    def _check_params(self) -> None:
        check_choice(self.normalisation, NORMALISATIONS, "normalisation")
        check_choice(self.aggregation_within, AGGREGATIONS, "aggregation_within")
        check_choice(self.aggregation_across, AGGREGATIONS, "aggregation_across")
        check_choice(self.missing, MISSING_POLICIES, "missing")
        check_choice(self.ties, TIE_POLICIES, "ties")
        if not 0.0 <= float(self.coverage_threshold) <= 1.0:
            raise RaicesError(
                f"el umbral de cobertura debe estar entre 0 y 1 (se recibió {self.coverage_threshold})",
                column="coverage_threshold",
            )
        if self.geometric_offset < 1.0:
            raise RaicesError(
                "el desplazamiento de la media geométrica debe ser ≥ 1", column="geometric_offset"
            )

    @staticmethod
    def _check_data(data: pd.DataFrame, catalog: pd.DataFrame) -> list[str]:
        if data.shape[1] == 0:
            raise RaicesError("el índice necesita al menos un indicador", column="indicators")
        if data.index.has_duplicates:
            dup = data.index[data.index.duplicated()][0]
            raise RaicesError(
                f"el código de territorio {dup} aparece más de una vez", column="code"
            )
        names = [str(c) for c in data.columns]
        known = set(catalog.index.tolist())
        unknown = [name for name in names if name not in known]
        if unknown:
            raise RaicesError(
                "indicador desconocido: no está en el catálogo de indicadores",
                column=unknown[0],
                hint="revise el nombre o registre el indicador",
            )
        not_numeric = [
            n
            for n, dtype in zip(names, data.dtypes, strict=True)
            if not pd.api.types.is_numeric_dtype(dtype)
        ]
        if not_numeric:
            raise RaicesError("los valores deben ser numéricos", column=not_numeric[0])
        return names

    # ------------------------------------------------------------------ fit
    def fit(
        self,
        data: pd.DataFrame,
        catalog: pd.DataFrame,
        *,
        groups: pd.Series | None = None,
        standard_errors: pd.DataFrame | None = None,
    ) -> CompositeIndex:
        """Compute the index.

        Parameters
        ----------
        data
            One row per territory (index = code), one numeric column per indicator.
        catalog
            Indicator catalogue indexed by indicator, with at least ``theme`` and
            ``direction``; ``range_min``, ``range_max`` and ``year`` are used if present.
        groups
            Group of each territory for ``missing="group_mean"`` (e.g. ``dept_code``).
        standard_errors
            Standard errors aligned with ``data`` (only used for the reliability CV).

        Returns
        -------
        CompositeIndex
            ``self``, fitted.
        """
        self._check_params()
        names = self._check_data(data, catalog)
        if not data.index.is_monotonic_increasing:
            data = data.sort_index()
        index = data.index
        meta = _catalog_columns(catalog, names)
        no_theme = [
            n
            for n, t in zip(
                names,
                meta["theme"] if meta["theme"] is not None else [None] * len(names),
                strict=True,
            )
            if pd.isna(t) or t == ""
        ]
        if no_theme:
            raise RaicesError("el indicador no tiene tema en el catálogo", column=no_theme[0])
        directions = _numbers(meta["direction"])
        bad = [n for n, d in zip(names, directions, strict=True) if d not in (1.0, -1.0)]
        if bad:
            raise RaicesError(
                "los indicadores de contexto (dirección 0) no pueden entrar en el índice",
                column=", ".join(bad),
            )
        theme_values = meta["theme"]
        assert theme_values is not None  # checked by _check_data
        themes = dict(zip(names, (str(t) for t in theme_values), strict=True))
        within, across = resolve_weights(
            data.columns,
            themes,
            indicator_weights=self.indicator_weights,
            theme_weights=self.theme_weights,
        )
        theme_order = list(across.index)
        columns = data.columns
        position = {t: i for i, t in enumerate(theme_order)}
        theme_ids = np.array([position[themes[n]] for n in names])
        self.groups_ = [np.flatnonzero(theme_ids == t) for t in range(len(theme_order))]

        raw = data.to_numpy(dtype=float)
        present = ~np.isnan(raw)
        coverage = present.mean(axis=1)
        excluded = coverage < float(self.coverage_threshold) - 1e-12
        if self.missing == "group_mean":
            group_values = None if groups is None else groups.reindex(index).to_numpy()
            filled, imputed = impute_group_mean(raw, group_values)
        else:
            filled, imputed = raw, np.zeros_like(present)

        method = "none" if self.normalisation == "goalposts" else self.outliers
        self.treatment_ = OutlierTreatment(
            method=method,
            skew_threshold=self.skew_threshold,
            kurtosis_threshold=self.kurtosis_threshold,
            max_winsorised=self.max_winsorised,
        ).fit(filled, names)
        treated = self.treatment_.transform(filled)

        self.goalposts_ = self._goalposts(names, meta)
        normalised = normalise(
            treated,
            directions,
            method=self.normalisation,
            goalposts=self.goalposts_,
            zero_range=self.zero_range,
        )
        years = (
            np.array([parse_year(y) for y in year_values])
            if (year_values := meta.get("year")) is not None
            else np.full(len(names), np.nan)
        )
        cv = None
        if standard_errors is not None:
            if standard_errors.index.equals(index) and set(names) <= set(standard_errors.columns):
                positions = standard_errors.columns.get_indexer(names)
                se = standard_errors.to_numpy(dtype=float)[:, positions]
            else:
                se = standard_errors.reindex(index=index, columns=names).to_numpy(dtype=float)
            with np.errstate(invalid="ignore", divide="ignore"):
                cv = np.where(np.abs(raw) > 0, np.abs(se / raw), np.nan)

        self.indicators_ = names
        self.themes_ = theme_order
        self.theme_of_ = pd.Series(themes)
        self.directions_ = directions
        self.index_ = index
        self.raw_ = raw
        self.present_ = present
        self.imputed_ = imputed
        self.filled_ = filled
        self.treated_ = treated
        self.excluded_ = excluded
        self.normalised_ = pd.DataFrame(normalised, index=index, columns=columns)
        self._theme_ids = theme_ids
        self._years = years
        self._cv = cv
        self._combine(within, across)
        return self

    def _combine(self, within: pd.Series, across: pd.Series) -> None:
        """Weight-dependent steps: aggregation, ranks, contributions, coverage."""
        index = self.index_
        normalised = self.normalised_.to_numpy()
        w_within = within.to_numpy()
        w_across = across.to_numpy()
        theme_scores = aggregate_themes(
            normalised,
            w_within,
            self.groups_,
            method=self.aggregation_within,
            offset=self.geometric_offset,
            penalty=self.penalty,
        )
        scores = aggregate(
            theme_scores,
            w_across,
            method=self.aggregation_across,
            offset=self.geometric_offset,
            penalty=self.penalty,
        )
        scores = np.where(self.excluded_, np.nan, scores)
        theme_contrib = theme_contributions(
            theme_scores,
            w_across,
            scores,
            method=self.aggregation_across,
            offset=self.geometric_offset,
        )
        ind_contrib = indicator_contributions(
            normalised,
            w_within,
            self.groups_,
            np.nan_to_num(theme_contrib),
            method=self.aggregation_within,
            offset=self.geometric_offset,
        )
        ind_contrib[self.excluded_] = np.nan
        effective = w_within * w_across[self._theme_ids]
        columns = self.normalised_.columns
        self.within_weights_ = within
        self.theme_weights_ = across
        self.effective_weights_ = pd.Series(effective, index=columns)
        self.theme_scores_ = pd.DataFrame(theme_scores, index=index, columns=across.index)
        self.scores_ = pd.Series(scores, index=index, name="score")
        self.ranks_ = rank_scores(self.scores_, ties=self.ties).rename("rank")
        self.contributions_ = pd.DataFrame(theme_contrib, index=index, columns=across.index)
        self.indicator_contributions_ = pd.DataFrame(ind_contrib, index=index, columns=columns)
        self.coverage_ = coverage_table(
            self.present_,
            self.imputed_,
            effective,
            self._years,
            self._cv,
            index=index,
            reference_year=self.reference_year,
            cv_limit=self.cv_limit,
        )

    def reweight(
        self,
        *,
        indicator_weights: Mapping[str, float] | None = None,
        theme_weights: Mapping[str, float] | None = None,
        aggregation_across: str | None = None,
    ) -> CompositeIndex:
        """A fitted copy with new weights, reusing the treated and normalised data.

        The fast path for weight sliders: screening, imputation, outlier treatment and
        normalisation do not depend on the weights, so only aggregation, ranks,
        contributions and coverage are recomputed. The result equals a full
        :meth:`fit` with the new weights. ``None`` keeps the current weights.
        ``aggregation_across`` changes how the themes are combined, which is also a
        step after normalisation (the method sensitivity uses it).

        Examples
        --------
        >>> import pandas as pd
        >>> catalog = pd.DataFrame({"theme": ["a", "b"], "direction": [1, 1]}, index=["x", "y"])
        >>> data = pd.DataFrame({"x": [0.0, 10.0], "y": [10.0, 0.0]}, index=[1, 2])
        >>> model = CompositeIndex().fit(data, catalog)
        >>> model.reweight(theme_weights={"a": 3, "b": 1}).scores_.tolist()
        [25.0, 75.0]
        """
        if not hasattr(self, "scores_"):
            raise RaicesError("el índice debe calcularse (fit) antes de cambiar los pesos")
        clone = copy.copy(self)
        if aggregation_across is not None:
            check_choice(aggregation_across, AGGREGATIONS, "aggregation_across")
            clone.aggregation_across = aggregation_across
        if indicator_weights is not None:
            clone.indicator_weights = dict(indicator_weights)
        if theme_weights is not None:
            clone.theme_weights = dict(theme_weights)
        themes = self.theme_of_.to_dict()
        within, across = resolve_weights(
            self.normalised_.columns,
            themes,
            indicator_weights=clone.indicator_weights,
            theme_weights=clone.theme_weights,
        )
        clone._combine(within, across)
        return clone

    def _goalposts(self, names: list[str], meta: dict[str, np.ndarray | None]) -> np.ndarray:
        posts = np.full((len(names), 2), np.nan)
        for k, column in enumerate(("range_min", "range_max")):
            if meta.get(column) is not None:
                posts[:, k] = _numbers(meta[column])
        self.ranges_ = posts.copy()
        for name, pair in (self.goalposts or {}).items():
            if name not in names:
                raise RaicesError(
                    "hay umbrales para un indicador que no está en el índice", column=name
                )
            low, high = (float(v) for v in pair)
            if not low < high:
                raise RaicesError(
                    f"el umbral mínimo ({low}) debe ser menor que el máximo ({high})", column=name
                )
            posts[names.index(name)] = (low, high)
        return posts

    def table(self) -> pd.DataFrame:
        """Score, rank, coverage, reliability and theme contributions, best rank first."""
        out = pd.concat(
            [
                self.scores_,
                self.ranks_,
                self.coverage_[["coverage", "reliability"]],
                self.contributions_.add_prefix("contrib_"),
            ],
            axis=1,
        )
        return out.sort_values(["rank", "score"], ascending=[True, False], na_position="last")


def _catalog_columns(catalog: pd.DataFrame, names: list[str]) -> dict[str, np.ndarray | None]:
    """The catalogue columns the engine reads, as arrays in the order of ``names``.

    Plain positional lookups: selecting rows of a frame with a string index by label costs
    more than the rest of the index computation.
    """
    position = {name: i for i, name in enumerate(catalog.index.tolist())}
    rows = [position[name] for name in names]
    wanted = ("theme", "direction", "range_min", "range_max", "year")
    return {
        column: np.asarray(catalog[column].tolist(), dtype=object)[rows]
        if column in catalog
        else None
        for column in wanted
    }


def _numbers(values: np.ndarray | None) -> np.ndarray:
    """Float array from catalogue values; anything not numeric becomes NaN."""
    if values is None:
        return np.array([])
    return pd.to_numeric(pd.Series(values, dtype=object), errors="coerce").to_numpy(dtype=float)


def compute_index(
    data: pd.DataFrame,
    catalog: pd.DataFrame,
    *,
    groups: pd.Series | None = None,
    standard_errors: pd.DataFrame | None = None,
    **params: object,
) -> pd.DataFrame:
    """Plain-function twin of :class:`CompositeIndex`: fit and return :meth:`~CompositeIndex.table`.

    ``params`` are the keyword parameters of :class:`CompositeIndex`.
    """
    model = CompositeIndex(**params)  # type: ignore[arg-type]
    return model.fit(data, catalog, groups=groups, standard_errors=standard_errors).table()
