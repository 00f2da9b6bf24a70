"""Missing-data policies and the coverage screen.

``missing`` policies:

``"renormalise"`` (default)
    Leave the value missing; at aggregation the weights are re-normalised over the values
    present (the INFORM and COINr default).
``"group_mean"``
    Impute a missing raw value with the mean of the same indicator in the territory's group
    (the departamento for municipios); if the whole group is missing, the national mean.

Whatever the policy, a territory whose coverage (share of the index's indicators with an
observed value) is below ``coverage_threshold`` gets no score and is left out of the
ranking rather than ranked on too little evidence.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MISSING_POLICIES: tuple[str, ...] = ("renormalise", "group_mean")


def impute_group_mean(
    values: np.ndarray, groups: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """Fill NaN with the group mean of the column (national mean when the group has none).

    Parameters
    ----------
    values
        ``n × m`` raw values.
    groups
        ``n`` group labels (e.g. department codes); ``None`` = one national group.

    Returns
    -------
    filled, imputed
        The filled array and the boolean mask of cells that were imputed.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[1.0], [3.0], [np.nan], [10.0]])
    >>> impute_group_mean(x, np.array([1, 1, 1, 2]))[0].ravel().tolist()
    [1.0, 3.0, 2.0, 10.0]
    """
    x = np.asarray(values, dtype=float)
    missing = np.isnan(x)
    if not missing.any():
        return x.copy(), missing
    frame = pd.DataFrame(x)
    if groups is not None:
        group_mean = frame.groupby(np.asarray(groups)).transform("mean").to_numpy()
    else:
        group_mean = np.full_like(x, np.nan)
    national = np.nanmean(np.where(missing.all(axis=0), 0.0, x), axis=0) if x.size else x
    national = np.where(missing.all(axis=0), np.nan, national)
    fill = np.where(np.isnan(group_mean), national, group_mean)
    filled = np.where(missing, fill, x)
    return filled, missing & ~np.isnan(filled)


def coverage_share(present: np.ndarray) -> np.ndarray:
    """Share of indicators observed for each territory (``present`` is ``n × m`` boolean)."""
    present = np.asarray(present, dtype=bool)
    if present.shape[1] == 0:
        return np.zeros(present.shape[0])
    return present.mean(axis=1)
