"""Contiguity weights for municipios and departamentos, indexed by the frame's own codes.

Guatemala's 340 municipios form one connected map, but a filtered subset (a lens such as
"municipios with an indigenous majority", or one departamento) often leaves territories
with no neighbour. What happens to them is a named policy, ``islands``:

``"nearest"`` (default)
    Attach each island to its nearest territory (centroid distance, in a metric
    projection), both ways, so that every unit takes part in the statistics.
``"keep"``
    Leave islands without neighbours; esda then treats their spatial lag as zero.
``"error"``
    Raise :class:`~analysis.errors.RaicesError` naming the island codes.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import geopandas as gpd
import libpysal
import shapely

from analysis.errors import RaicesError

IslandPolicy = Literal["nearest", "keep", "error"]
ISLAND_POLICIES: tuple[str, ...] = ("nearest", "keep", "error")
CONTIGUITY_KINDS: tuple[str, ...] = ("queen", "rook")

#: Metric projection for distances between centroids (UTM zone 15N covers Guatemala).
METRIC_CRS = "EPSG:32615"


def _validate_boundaries(boundaries: gpd.GeoDataFrame) -> None:
    if not isinstance(boundaries, gpd.GeoDataFrame):
        raise RaicesError(
            "se esperaba una tabla geográfica (GeoDataFrame) de límites territoriales",
            hint="use store.load_boundaries(level)",
        )
    if len(boundaries) < 2:
        raise RaicesError(
            f"se necesitan al menos 2 territorios para construir vecindades; hay {len(boundaries)}"
        )
    if not boundaries.index.is_unique:
        repeated = sorted(set(boundaries.index[boundaries.index.duplicated()].tolist()))
        raise RaicesError(
            f"códigos repetidos en los límites: {repeated[:10]}", column=str(boundaries.index.name)
        )
    empty = boundaries.geometry.isna() | boundaries.geometry.is_empty
    if empty.any():
        raise RaicesError(
            f"territorios sin geometría: {boundaries.index[empty].tolist()[:10]}",
            column="geometry",
        )


def _polygonal(boundaries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Keep only the polygon parts of each geometry.

    Simplification can leave a geometry collection (a polygon plus stray lines); libpysal
    only accepts polygons, and lines carry no area, so they are dropped.
    """
    kinds = boundaries.geom_type
    if kinds.isin(["Polygon", "MultiPolygon"]).all():
        return boundaries
    frame = boundaries.copy()
    for code in frame.index[~kinds.isin(["Polygon", "MultiPolygon"])]:
        parts = [
            part
            for part in shapely.get_parts(frame.geometry.loc[code])
            if part.geom_type in ("Polygon", "MultiPolygon")
        ]
        if not parts:
            raise RaicesError(f"el territorio {code} no tiene polígonos", column="geometry")
        frame.loc[code, frame.geometry.name] = shapely.union_all(parts)
    return frame


def _centroids(boundaries: gpd.GeoDataFrame) -> gpd.GeoSeries:
    frame = boundaries
    if frame.crs is not None and frame.crs.is_geographic:
        frame = frame.to_crs(METRIC_CRS)
    return frame.geometry.centroid


def island_codes(weights: libpysal.weights.W) -> list[int]:
    """Codes of the territories that have no neighbour in ``weights``.

    Parameters
    ----------
    weights
        A libpysal weights object.

    Returns
    -------
    list of int
        Island ids, sorted.
    """
    return sorted(code.item() if hasattr(code, "item") else code for code in weights.islands)


def contiguity_weights(
    boundaries: gpd.GeoDataFrame,
    *,
    kind: Literal["queen", "rook"] = "queen",
    islands: IslandPolicy = "nearest",
    transform: str = "r",
) -> libpysal.weights.W:
    """Contiguity weights whose ids are the index of ``boundaries`` (the INE code).

    Parameters
    ----------
    boundaries
        Territories with polygon geometry, indexed by code (``store.load_boundaries``).
    kind
        ``"queen"`` (share a border or a corner, the default) or ``"rook"`` (share a
        border).
    islands
        Policy for territories without neighbours: ``"nearest"`` (attach to the nearest
        territory, default), ``"keep"`` or ``"error"``. See the module docstring.
    transform
        libpysal transformation: ``"r"`` row-standardised (default), ``"b"`` binary.

    Returns
    -------
    libpysal.weights.W
        Weights with ``id_order`` equal to the order of ``boundaries.index``. The
        attribute ``attached_islands`` lists the codes joined by the ``"nearest"`` policy.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> squares = gpd.GeoDataFrame(
    ...     geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(5, 5, 6, 6)], index=[101, 102, 103]
    ... )
    >>> w = contiguity_weights(squares)
    >>> sorted(w.neighbors[103]), w.attached_islands
    ([102], [103])
    """
    _validate_boundaries(boundaries)
    if kind not in CONTIGUITY_KINDS:
        raise RaicesError(f"tipo de contigüidad desconocido «{kind}»; use {CONTIGUITY_KINDS}")
    if islands not in ISLAND_POLICIES:
        raise RaicesError(f"política de islas desconocida «{islands}»; use {ISLAND_POLICIES}")
    boundaries = _polygonal(boundaries)
    builder = libpysal.weights.Queen if kind == "queen" else libpysal.weights.Rook
    with warnings.catch_warnings():
        # libpysal warns about islands and disconnected components; the policy below
        # handles islands explicitly, so the warning would only be noise for the user.
        warnings.simplefilter("ignore")
        weights = builder.from_dataframe(boundaries, use_index=True)
    found = island_codes(weights)
    attached: list[int] = []
    if found and islands == "error":
        raise RaicesError(
            f"{len(found)} territorio(s) sin vecinos: {found[:20]}",
            hint="use la política de islas «nearest» para unirlos a su vecino más cercano",
        )
    if found and islands == "nearest":
        centroids = gpd.GeoDataFrame(geometry=_centroids(boundaries), index=boundaries.index)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nearest = libpysal.weights.KNN.from_dataframe(centroids, k=1, use_index=True)
        neighbors = {key: list(value) for key, value in weights.neighbors.items()}
        for code in found:
            other = nearest.neighbors[code][0]
            other = other.item() if hasattr(other, "item") else other
            neighbors[code] = sorted(set(neighbors[code]) | {other})
            neighbors[other] = sorted(set(neighbors[other]) | {code})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            weights = libpysal.weights.W(neighbors, id_order=list(boundaries.index))
        attached = found
    weights.transform = transform
    weights.attached_islands = attached
    return weights


def weights_for_codes(
    boundaries: gpd.GeoDataFrame,
    codes: Iterable[int],
    **options: object,
) -> libpysal.weights.W:
    """Contiguity weights for a subset of territories, rebuilt from their own borders.

    Rebuilding (rather than cutting the full matrix) lets the island policy see the
    territories that the subset leaves without neighbours.

    Parameters
    ----------
    boundaries
        All territories of the level, indexed by code.
    codes
        The codes to keep, in the order the weights should follow.
    **options
        Passed to :func:`contiguity_weights`.
    """
    wanted = list(codes)
    missing = [code for code in wanted if code not in boundaries.index]
    if missing:
        raise RaicesError(f"códigos sin límites geográficos: {missing[:10]}", column="code")
    return contiguity_weights(boundaries.loc[wanted], **options)  # type: ignore[arg-type]


def load_weights(
    level: Literal["municipio", "departamento"] = "municipio",
    *,
    db_path: Path | None = None,
    **options: object,
) -> libpysal.weights.W:
    """Contiguity weights for every territory of ``level`` from the built boundaries.

    Parameters
    ----------
    level
        ``"municipio"`` (340 units) or ``"departamento"`` (22 units).
    db_path
        Database path passed to :mod:`analysis.store`.
    **options
        Passed to :func:`contiguity_weights`.
    """
    from analysis import store

    kwargs = {"db_path": db_path} if db_path is not None else {}
    boundaries = store.load_boundaries(level, **kwargs)
    return contiguity_weights(boundaries, **options)  # type: ignore[arg-type]
