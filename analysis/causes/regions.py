"""Contiguous regions: neighbouring territories with a similar profile of causes.

Where :mod:`analysis.causes.typology` groups territories wherever they lie, a region here
is made of municipios that touch (spopt SKATER on the contiguity graph), e.g. to suggest
pilot zones of neighbours. Regions use the same standardised features, are numbered like
typology groups (decreasing centroid mean) and are named with the same words.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from analysis.causes.spatial.weights import contiguity_weights
from analysis.causes.typology import (
    DEFAULT_MISSING,
    MissingPolicy,
    complete_rows,
    describe_group,
    stable_labels,
    standardise,
)
from analysis.errors import RaicesError


def spatial_regions(
    features: pd.DataFrame,
    boundaries: gpd.GeoDataFrame,
    *,
    n_regions: int = 8,
    floor: int = 5,
    missing: MissingPolicy = DEFAULT_MISSING,
) -> pd.Series:
    """Contiguous regions of similar territories (spopt SKATER).

    SKATER prunes the minimum spanning tree of the contiguity graph; it draws no random
    numbers, so the regions are the same run to run without a seed (and no generator,
    global or local, is touched while it runs).

    Parameters
    ----------
    features
        Features indexed by code (standardised inside).
    boundaries
        Boundaries of the same territories, indexed by code.
    n_regions
        Number of regions.
    floor
        Smallest number of territories in a region.
    missing
        Missing-data policy (:func:`analysis.causes.typology.complete_rows`): ``"drop"``
        (default) leaves out the territories that lack a feature (they get no region;
        contiguity is computed among the territories kept); ``"refuse"`` raises.

    Returns
    -------
    pandas.Series
        Region number 1..n_regions per code of the territories kept, numbered like
        :class:`Typology` groups (decreasing centroid mean).
    """
    from spopt.region import Skater  # heavy import, only when regions are asked for

    features, _ = complete_rows(features, missing)
    unbounded = features.index.difference(boundaries.index)
    if len(unbounded):
        raise RaicesError(f"códigos sin límites geográficos: {unbounded.tolist()[:10]}")
    if not 2 <= n_regions <= len(features) // max(floor, 1):
        raise RaicesError(
            f"no se pueden formar {n_regions} regiones de al menos {floor} territorios "
            f"con {len(features)} territorios"
        )
    z = standardise(features.astype(float))
    frame = gpd.GeoDataFrame(
        z, geometry=boundaries.loc[z.index].geometry.to_numpy(), crs=boundaries.crs
    )
    frame.index = z.index
    weights = contiguity_weights(boundaries.loc[z.index], islands="nearest")
    columns = list(z.columns)
    with warnings.catch_warnings(), threadpool_limits(1):
        warnings.simplefilter("ignore")
        model = Skater(frame, weights, columns, n_clusters=n_regions, floor=floor)
        try:
            model.solve()
        except ValueError as error:
            # SKATER cannot split a map whose disconnected pieces are smaller than
            # `floor` (common after filtering by a lens).
            raise RaicesError(
                f"no se pudieron formar regiones contiguas: {error}",
                hint=f"el mapa filtrado tiene {weights.n_components} partes separadas; "
                "baje el tamaño mínimo o use todo el país",
            ) from error
    raw = np.asarray(model.labels_)
    return pd.Series(stable_labels(raw, z.to_numpy()), index=z.index, name="region")


def describe_regions(
    features: pd.DataFrame, regions: pd.Series, *, language: str = "es"
) -> pd.Series:
    """Plain-language name of every region (or group) from its mean standardised features.

    Parameters
    ----------
    features
        The features the regions were built on, indexed by code.
    regions
        Region number per code (:func:`spatial_regions`).
    language
        ``"es"`` or ``"en"`` (see :func:`describe_group`).

    Returns
    -------
    pandas.Series
        The region's name for every code of ``regions``.
    """
    z = standardise(features.astype(float)).loc[regions.index]
    centroids = z.groupby(regions).mean()
    names = {
        region: describe_group(centroids.loc[region], language=language)
        for region in centroids.index
    }
    return regions.map(names).rename("region_name")


@dataclass(frozen=True)
class RegionResult:
    """Contiguous regions as a page or a report shows them (:func:`named_regions`).

    Attributes
    ----------
    table
        Indexed by code: ``name`` (when names were given), ``region`` and
        ``region_name``; one row per territory kept.
    n_dropped
        Territories left out for a missing feature (no row in ``table``).
    """

    table: pd.DataFrame
    n_dropped: int = 0


def named_regions(
    features: pd.DataFrame,
    boundaries: gpd.GeoDataFrame,
    *,
    n_regions: int = 8,
    floor: int = 5,
    missing: MissingPolicy = DEFAULT_MISSING,
    names: pd.Series | None = None,
    language: str = "es",
) -> RegionResult:
    """Contiguous regions (:func:`spatial_regions`) each named from its profile
    (:func:`describe_regions`), one row per territory, with the count of territories left
    out.

    Parameters
    ----------
    features, boundaries, n_regions, floor, missing
        As for :func:`spatial_regions`.
    names
        Display name per code, put first (codes it lacks get a missing name); default
        none.
    language
        Language of the region names (``"es"`` or ``"en"``).
    """
    complete, dropped = complete_rows(features, missing)
    regions = spatial_regions(complete, boundaries, n_regions=n_regions, floor=floor)
    table = pd.DataFrame(
        {"region": regions, "region_name": describe_regions(complete, regions, language=language)}
    )
    if names is not None:
        table.insert(0, "name", names.reindex(table.index))
    return RegionResult(table=table, n_dropped=len(dropped))
