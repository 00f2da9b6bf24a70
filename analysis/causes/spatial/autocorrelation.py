"""Global Moran's I and local clusters (LISA) with permutation inference.

Both statistics come from esda; their permutation inference is drawn here from a local
``numpy.random.Generator`` seeded per call (esda's own permutations use NumPy's *global*
generator, which concurrent sessions of a server would interleave and which a call would
reset for everyone else). A fixed seed gives the same p-values on every run, in any
thread. Local clusters are corrected for multiple
testing with the false-discovery rate (Benjamini–Hochberg, ``esda.fdr``) unless the
caller turns it off: with 340 municipios and α = 0.05, about 17 would look "significant"
by chance alone without a correction.

Cluster labels (Spanish, as shown to users) follow the Moran scatterplot quadrants:

============  ===================================================================
``alto-alto``  high value surrounded by high values (hot spot)
``bajo-bajo``  low value surrounded by low values (cold spot)
``alto-bajo``  high value among low values (outlier)
``bajo-alto``  low value among high values (outlier)
``no significativo``  no significant local association after correction
============  ===================================================================
"""

from __future__ import annotations

import warnings
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.errors import RaicesError

# esda and libpysal are imported where a statistic is computed: a stored result
# (analysis.causes.model_store) is read back as a GlobalMoran without them, and they take
# seconds to import.
if TYPE_CHECKING:
    import libpysal

NOT_SIGNIFICANT = "no significativo"
#: esda quadrant (``Moran_Local.q``) → cluster label.
QUADRANT_LABELS: dict[int, str] = {1: "alto-alto", 2: "bajo-alto", 3: "bajo-bajo", 4: "alto-bajo"}
CLUSTER_ORDER: tuple[str, ...] = (
    "alto-alto",
    "bajo-bajo",
    "alto-bajo",
    "bajo-alto",
    NOT_SIGNIFICANT,
)
CLUSTER_LABELS_EN: dict[str, str] = {
    "alto-alto": "high-high",
    "bajo-bajo": "low-low",
    "alto-bajo": "high-low",
    "bajo-alto": "low-high",
    NOT_SIGNIFICANT: "not significant",
}
DEFAULT_SEED = 20250101
#: With the FDR correction over 340 municipios the smallest attainable pseudo p-value,
#: 1 / (permutations + 1), must sit well below α / n ≈ 0.00015; 999 permutations
#: (p ≥ 0.001) would make significance depend on ties, so the default is 9 999.
DEFAULT_PERMUTATIONS = 9999


@dataclass(frozen=True)
class GlobalMoran:
    """Result of :func:`global_moran`.

    Attributes
    ----------
    indicator
        Name of the variable tested.
    n
        Number of territories.
    moran_i
        Moran's I.
    expected_i
        Expected I under no spatial autocorrelation, ``-1 / (n - 1)``.
    z_norm, p_norm
        z-score and two-sided p-value under the normality assumption.
    z_sim, p_sim
        z-score and one-sided pseudo p-value from the permutations.
    permutations, seed
        Permutation settings (for reproduction).
    """

    indicator: str
    n: int
    moran_i: float
    expected_i: float
    z_norm: float
    p_norm: float
    z_sim: float
    p_sim: float
    permutations: int
    seed: int

    def to_frame(self) -> pd.DataFrame:
        """One-row table, ready for CSV export."""
        return pd.DataFrame([asdict(self)])


_CHUNK = 1000
"""Permutations drawn per block (bounds the memory of a 9 999-permutation test)."""


def _global_simulation(
    array: np.ndarray, sparse, s0: float, permutations: int, seed: int
) -> np.ndarray:
    """Moran's I of ``permutations`` random permutations of ``array`` (esda's formula:
    ``n / S0 · z'Wz / z'z``), drawn from a local generator."""
    rng = np.random.default_rng(seed)
    z = array - array.mean()
    scale = len(z) / s0 / float(z @ z)
    out = np.empty(permutations)
    for start in range(0, permutations, _CHUNK):
        count = min(_CHUNK, permutations - start)
        shuffled = rng.permuted(np.tile(z, (count, 1)), axis=1)
        lagged = (sparse @ shuffled.T).T
        out[start : start + count] = scale * np.einsum("ij,ij->i", shuffled, lagged)
    return out


def _folded_p(simulated: np.ndarray, observed: float) -> float:
    """esda's pseudo p-value: the smaller tail, ``(larger + 1) / (permutations + 1)``."""
    permutations = len(simulated)
    larger = int((simulated >= observed).sum())
    larger = min(larger, permutations - larger)
    return (larger + 1.0) / (permutations + 1.0)


def _local_p_values(
    z: np.ndarray, sparse, observed: np.ndarray, permutations: int, seed: int
) -> np.ndarray:
    """Conditional-permutation pseudo p-values of local Moran's I (as esda's ``crand``):
    site *i* keeps its value, its neighbours are drawn without replacement from the other
    sites. One matrix of permuted ids serves every site; the draws come from a local
    generator."""
    n = len(z)
    rng = np.random.default_rng(seed)
    scaling = (n - 1) / float(z @ z)
    matrix = sparse.tocsr()
    degrees = np.diff(matrix.indptr)
    self_weights = matrix.diagonal()
    most = int(degrees.max()) if n else 0
    ids = np.empty((permutations, most), dtype=np.int64)
    for start in range(0, permutations, _CHUNK):
        count = min(_CHUNK, permutations - start)
        order = rng.permuted(np.tile(np.arange(n - 1), (count, 1)), axis=1)
        ids[start : start + count] = order[:, :most]
    p_values = np.ones(n)
    for i in range(n):
        row = slice(matrix.indptr[i], matrix.indptr[i + 1])
        neighbours, weights = matrix.indices[row], matrix.data[row]
        others = weights[neighbours != i]
        k = len(others)
        if k == 0:
            continue
        z_without_i = np.delete(z, i)
        lag = z_without_i[ids[:, :k]] @ others
        simulated = (z[i] * lag + self_weights[i] * z[i] * z[i]) * scaling
        p_values[i] = _folded_p(simulated, float(observed[i]))
    return p_values


def _aligned_values(values: pd.Series, weights: libpysal.weights.W) -> np.ndarray:
    name = str(values.name) if values.name is not None else "valor"
    if values.isna().any():
        missing = values.index[values.isna()].tolist()
        raise RaicesError(
            f"hay {len(missing)} territorio(s) sin valor (p. ej. {missing[:5]})",
            column=name,
            hint="quite los faltantes antes (spatial_patterns lo hace por usted)",
        )
    ids = list(weights.id_order)
    if set(ids) != set(values.index) or len(ids) != len(values):
        raise RaicesError(
            "los códigos de los valores no coinciden con los de la matriz de vecindad",
            column=name,
        )
    array = values.loc[ids].to_numpy(dtype=float)
    if np.nanstd(array) == 0:
        raise RaicesError(
            "el indicador es constante: no hay variación espacial que analizar", column=name
        )
    return array


def global_moran(
    values: pd.Series,
    weights: libpysal.weights.W,
    *,
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
) -> GlobalMoran:
    """Global Moran's I of ``values`` on ``weights``.

    Parameters
    ----------
    values
        Values indexed by code; same codes as ``weights.id_order`` and no missing values.
    weights
        Spatial weights (their current transformation is used).
    permutations
        Number of conditional permutations for the pseudo p-value.
    seed
        Seed of the permutations.

    Returns
    -------
    GlobalMoran

    Examples
    --------
    >>> import libpysal, pandas as pd
    >>> w = libpysal.weights.lat2W(3, 3)
    >>> w.transform = "b"
    >>> round(global_moran(pd.Series(range(1, 10)), w).moran_i, 6)
    0.5
    """
    import esda

    array = _aligned_values(values, weights)
    if permutations < 0:
        raise RaicesError(f"el número de permutaciones debe ser ≥ 0; se pidieron {permutations}")
    result = esda.Moran(array, weights, transformation=weights.transform, permutations=0)
    z_sim = p_sim = float("nan")
    if permutations:
        simulated = _global_simulation(array, result.w.sparse, result.w.s0, permutations, seed)
        p_sim = _folded_p(simulated, float(result.I))
        spread = simulated.std()
        z_sim = float((result.I - simulated.mean()) / spread) if spread > 0 else float("nan")
    return GlobalMoran(
        indicator=str(values.name) if values.name is not None else "valor",
        n=int(weights.n),
        moran_i=float(result.I),
        expected_i=float(result.EI),
        z_norm=float(result.z_norm),
        p_norm=float(result.p_norm),
        z_sim=z_sim,
        p_sim=p_sim,
        permutations=int(permutations),
        seed=int(seed),
    )


def local_clusters(
    values: pd.Series,
    weights: libpysal.weights.W,
    *,
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
    alpha: float = 0.05,
    fdr: bool = True,
) -> pd.DataFrame:
    """Local Moran's I (LISA) with cluster labels for every territory.

    Parameters
    ----------
    values
        Values indexed by code; same codes as ``weights.id_order`` and no missing values.
    weights
        Spatial weights.
    permutations
        Number of conditional permutations per territory.
    seed
        Seed of the permutations.
    alpha
        Significance level.
    fdr
        Apply the false-discovery-rate correction (default). When ``False``, each
        territory is tested at ``alpha`` on its own.

    Returns
    -------
    pandas.DataFrame
        Indexed by code, columns ``value``, ``z`` (standardised value), ``spatial_lag``
        (of ``z``), ``local_i``, ``p_sim``, ``p_threshold`` (the cut-off applied),
        ``significant``, ``quadrant`` (the Moran-scatterplot position regardless of
        significance) and ``cluster`` (``quadrant`` if significant, else
        ``"no significativo"``). Territories without neighbours have a missing
        ``p_sim`` and are never significant.
    """
    if not 0 < alpha < 1:
        raise RaicesError(f"el nivel de significación debe estar entre 0 y 1; se recibió {alpha}")
    if permutations < 99:
        raise RaicesError(f"use al menos 99 permutaciones; se pidieron {permutations}")
    import esda
    import libpysal

    array = _aligned_values(values, weights)
    with warnings.catch_warnings():
        # esda announces a future change of its default alternative hypothesis; Raíces
        # uses the current folded (directed) pseudo p-value, documented above.
        warnings.simplefilter("ignore", DeprecationWarning)
        # permutations=0: the statistic only; its inference is drawn below from a local
        # generator (esda reseeds NumPy's global one when numba is absent).
        result = esda.Moran_Local(
            array,
            weights,
            transformation=weights.transform,
            permutations=0,
            keep_simulations=False,
        )
    p_values = _local_p_values(
        np.asarray(result.z, dtype=float),
        result.w.sparse,
        np.asarray(result.Is, dtype=float),
        permutations,
        seed,
    )
    # A territory without neighbours (island policy "keep") has no local statistic: esda
    # still returns a pseudo p-value for it, which would be meaningless, so it is set to
    # missing, left out of the FDR correction and never significant.
    isolated = np.array([weights.cardinalities[code] == 0 for code in weights.id_order])
    p_values[isolated] = np.nan
    tested = p_values[~isolated]
    threshold = float(esda.fdr(tested, alpha)) if fdr and len(tested) else alpha
    significant = np.nan_to_num(p_values, nan=1.0) <= threshold
    quadrant = pd.Series(np.asarray(result.q)).map(QUADRANT_LABELS).to_numpy()
    z = (array - array.mean()) / array.std()
    lag = libpysal.weights.lag_spatial(weights, z)
    return pd.DataFrame(
        {
            "value": array,
            "z": z,
            "spatial_lag": lag,
            "local_i": np.asarray(result.Is, dtype=float),
            "p_sim": p_values,
            "p_threshold": threshold,
            "significant": significant,
            "quadrant": quadrant,
            "cluster": np.where(significant, quadrant, NOT_SIGNIFICANT),
        },
        index=pd.Index(weights.id_order, name="code"),
    )


def cluster_counts(clusters: pd.DataFrame) -> pd.DataFrame:
    """Number of territories per cluster label, in the fixed display order."""
    counts = clusters["cluster"].value_counts().reindex(list(CLUSTER_ORDER), fill_value=0)
    return counts.rename_axis("cluster").reset_index(name="n")
