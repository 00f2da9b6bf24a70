"""One call for the spatial pattern of an indicator: weights, smoothing, Moran and LISA.

This is what the CLI (``raices analyze spatial``), the dashboard page and the notebook
call; the statistics themselves live in :mod:`~analysis.causes.spatial.weights`,
:mod:`~analysis.causes.spatial.smoothing` and :mod:`~analysis.causes.spatial.autocorrelation`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

import pandas as pd

from analysis.causes.lenses import split_apply
from analysis.causes.spatial.autocorrelation import (
    DEFAULT_PERMUTATIONS,
    DEFAULT_SEED,
    GlobalMoran,
    global_moran,
    local_clusters,
)
from analysis.errors import RaicesError

# The weights and the smoothing (libpysal, esda) are imported where a pattern is
# computed: a stored one (analysis.causes.model_store) is read back as a SpatialPattern
# without them, and they take seconds to import.
if TYPE_CHECKING:
    import geopandas as gpd

    from analysis.causes.spatial.weights import IslandPolicy

#: Columns of :func:`patterns_by_group` besides the per-cluster counts ``n_<cluster>``.
GROUP_COLUMNS: tuple[str, ...] = ("grupo", "n", "moran_i", "p_sim")


@dataclass(frozen=True)
class SpatialPattern:
    """Result of :func:`spatial_patterns`.

    Attributes
    ----------
    moran
        Global Moran's I.
    clusters
        Per territory: LISA table from
        :func:`~analysis.causes.spatial.autocorrelation.local_clusters` plus ``raw_value``
        (before smoothing).
    dropped
        Codes left out because their value was missing.
    attached_islands
        Codes joined to their nearest neighbour by the island policy.
    smoothed
        Smoothing applied (``"none"``, ``"global"`` or ``"spatial"``).
    """

    moran: GlobalMoran
    clusters: pd.DataFrame
    dropped: list[int]
    attached_islands: list[int]
    smoothed: str

    def summary(self) -> pd.DataFrame:
        """One row: Moran's I, p-values, counts of each cluster and of dropped units."""
        row = self.moran.to_frame()
        for label, count in self.clusters["cluster"].value_counts().items():
            row[f"n_{label}"] = int(count)
        row["n_excluidos"] = len(self.dropped)
        row["islas_unidas"] = ";".join(str(code) for code in self.attached_islands)
        row["suavizado"] = self.smoothed
        return row

    def with_names(self, names: pd.Series) -> SpatialPattern:
        """The same pattern with a leading ``name`` column in :attr:`clusters`.

        Parameters
        ----------
        names
            Display name per code; codes it lacks get a missing name.

        Returns
        -------
        SpatialPattern
            A copy; this pattern is left as it was.
        """
        clusters = self.clusters.drop(columns="name", errors="ignore")
        clusters.insert(0, "name", names.reindex(clusters.index))
        return replace(self, clusters=clusters)


def spatial_patterns(
    values: pd.Series,
    boundaries: gpd.GeoDataFrame,
    *,
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
    alpha: float = 0.05,
    fdr: bool = True,
    islands: IslandPolicy = "nearest",
    smoothing: Literal["none", "global", "spatial"] = "none",
    population: pd.Series | None = None,
    per: float = 100_000.0,
) -> SpatialPattern:
    """Global and local spatial autocorrelation of one indicator.

    Territories with a missing value are dropped (and listed); the weights are rebuilt
    on the remaining ones, so the island policy sees any territory the drop isolates.

    Parameters
    ----------
    values
        Indicator values indexed by code (municipio or departamento).
    boundaries
        Boundaries of the same level, indexed by code.
    permutations, seed, alpha, fdr
        Inference settings, see :func:`~analysis.causes.spatial.autocorrelation.local_clusters`.
    islands
        Island policy, see :mod:`analysis.causes.spatial.weights`.
    smoothing
        Empirical-Bayes smoothing before the statistics: ``"none"`` (default),
        ``"global"`` or ``"spatial"``; needs ``population``.
    population
        Population at risk indexed by code (for smoothing).
    per
        Scale of the rate (for smoothing).

    Returns
    -------
    SpatialPattern
    """
    from analysis.causes.spatial.smoothing import smooth_rate
    from analysis.causes.spatial.weights import contiguity_weights

    name = str(values.name) if values.name is not None else "valor"
    values = values.astype(float)
    unknown = values.index.difference(boundaries.index)
    if len(unknown):
        raise RaicesError(f"códigos sin límites geográficos: {unknown.tolist()[:10]}", column=name)
    raw = values.copy()
    if smoothing != "none":
        if population is None:
            raise RaicesError(
                "el suavizado empírico bayesiano necesita la población de cada territorio",
                column=name,
            )
        neighbours = None
        if smoothing == "spatial":
            neighbours = contiguity_weights(boundaries.loc[values.index], islands="nearest")
        values = smooth_rate(values, population, per=per, method=smoothing, weights=neighbours)
    dropped = sorted(values.index[values.isna()].tolist())
    kept = values.dropna()
    if len(kept) < 5:
        raise RaicesError(
            f"sólo {len(kept)} territorio(s) tienen valor; se necesitan al menos 5", column=name
        )
    weights = contiguity_weights(boundaries.loc[kept.index], islands=islands)
    moran = global_moran(kept.rename(name), weights, permutations=permutations, seed=seed)
    clusters = local_clusters(
        kept, weights, permutations=permutations, seed=seed, alpha=alpha, fdr=fdr
    )
    clusters.insert(0, "raw_value", raw.reindex(clusters.index))
    return SpatialPattern(
        moran=moran,
        clusters=clusters,
        dropped=dropped,
        attached_islands=list(weights.attached_islands),
        smoothed=smoothing,
    )


def patterns_by_group(
    values: pd.Series,
    boundaries: gpd.GeoDataFrame,
    territories: pd.DataFrame,
    lens: str,
    *,
    smoothing: Literal["none", "global", "spatial"] = "none",
    population: pd.Series | None = None,
    min_size: int = 5,
) -> pd.DataFrame:
    """Moran's I computed separately inside each group of a lens.

    Each group gets its own weights (:func:`spatial_patterns` on its territories only), so
    a cluster that only exists across the groups' border does not count.

    Parameters
    ----------
    values, boundaries, smoothing, population
        As for :func:`spatial_patterns`.
    territories
        Context of the territories (the lens column), indexed by code.
    lens
        One of :data:`analysis.causes.lenses.LENSES`.
    min_size
        Groups with fewer territories are left out (see
        :func:`~analysis.causes.lenses.split_apply`).

    Returns
    -------
    pandas.DataFrame
        One row per group, in the lens's display order: ``grupo, n, moran_i, p_sim`` and
        the count of every cluster found (``n_<cluster>``).
    """

    def summary(subset: pd.Series) -> pd.DataFrame:
        return spatial_patterns(
            subset, boundaries, smoothing=smoothing, population=population
        ).summary()

    table = split_apply(summary, values, territories, lens, min_size=min_size).table
    counts = [column for column in table.columns if column.startswith("n_")]
    return table[[*GROUP_COLUMNS, *counts]].reset_index(drop=True)
