"""Outlier treatment for skewed indicators (the COINr / A2SIT rule).

An indicator is treated when its sample skewness exceeds ``skew_threshold`` in absolute
value **and** its excess kurtosis exceeds ``kurtosis_threshold`` (defaults 2 and 3.5, the
rule used by the JRC's COINr and by UNHCR's A2SIT). Treatment winsorises one extreme value
at a time (replacing it by the next value inwards) up to ``max_winsorised`` values; if the
rule still fires, a positively skewed indicator is log-transformed instead (COINr's
``log(x - min + 0.01·range)``). The learned treatment is a set of clip bounds or log
parameters per indicator, so the very same treatment can be re-applied to Monte-Carlo draws.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from analysis.index.normalise import check_choice

OUTLIER_METHODS: tuple[str, ...] = ("winsorise", "log", "none")


def skew_kurtosis(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Bias-corrected sample skewness and excess kurtosis of each column, ignoring NaN.

    Same estimators as ``scipy.stats.skew(bias=False)`` and
    ``scipy.stats.kurtosis(fisher=True, bias=False)``. Columns with fewer than four present
    values, or zero variance, get 0 for both (nothing to treat).

    Examples
    --------
    >>> import numpy as np
    >>> s, k = skew_kurtosis(np.array([[1.0], [2.0], [3.0], [4.0]]))
    >>> float(s[0]), round(float(k[0]), 2)
    (0.0, -1.2)
    """
    x = np.asarray(values, dtype=float)
    if x.ndim == 1:
        x = x[:, None]
    present = ~np.isnan(x)
    n = present.sum(axis=0).astype(float)
    x0 = np.where(present, x, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = x0.sum(axis=0) / n
        dev = np.where(present, x - mean, 0.0)
        dev2 = dev * dev
        m2 = dev2.sum(axis=0) / n
        m3 = (dev2 * dev).sum(axis=0) / n
        m4 = (dev2 * dev2).sum(axis=0) / n
        g1 = m3 / m2**1.5
        g2 = m4 / m2**2 - 3.0
        skew = np.sqrt(n * (n - 1)) / (n - 2) * g1
        kurt = (n - 1) / ((n - 2) * (n - 3)) * ((n + 1) * g2 + 6.0)
    ok = (n >= 4) & (m2 > 0)
    return np.where(ok, skew, 0.0), np.where(ok, kurt, 0.0)


class OutlierTreatment:
    """Learn and apply the treatment of skewed indicators.

    Parameters
    ----------
    method
        ``"winsorise"`` (default: winsorise, then log if winsorising is not enough),
        ``"log"`` (log-transform every flagged, positively skewed indicator) or ``"none"``.
    skew_threshold
        Absolute skewness above which an indicator may be treated (default 2.0).
    kurtosis_threshold
        Excess kurtosis above which an indicator may be treated (default 3.5). Both
        thresholds must be exceeded.
    max_winsorised
        Most values winsorised per indicator before falling back to the log (default 5,
        COINr's ``winmax``).

    Attributes
    ----------
    lower_, upper_ : numpy.ndarray
        Clip bounds per indicator (``-inf``/``inf`` when not winsorised).
    log_shift_ : numpy.ndarray
        Shift ``s`` of the log transform ``log(x - s)`` per indicator; ``NaN`` when none.
    report_ : pandas.DataFrame
        One row per indicator: skewness and kurtosis before and after, action, values
        winsorised.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.r_[np.zeros(30), 100.0][:, None]
    >>> OutlierTreatment().fit(x).report_["action"].iloc[0]
    'winsorise'
    """

    def __init__(
        self,
        *,
        method: str = "winsorise",
        skew_threshold: float = 2.0,
        kurtosis_threshold: float = 3.5,
        max_winsorised: int = 5,
    ) -> None:
        self.method = method
        self.skew_threshold = skew_threshold
        self.kurtosis_threshold = kurtosis_threshold
        self.max_winsorised = max_winsorised

    def _flagged(self, skew: np.ndarray, kurt: np.ndarray) -> np.ndarray:
        return (np.abs(skew) > self.skew_threshold) & (kurt > self.kurtosis_threshold)

    def fit(self, values: np.ndarray, names: list[str] | None = None) -> OutlierTreatment:
        """Decide the treatment of each column of ``values`` (``n × m``, NaN = missing)."""
        check_choice(self.method, OUTLIER_METHODS, "outliers")
        x = np.asarray(values, dtype=float)
        m = x.shape[1]
        names = names if names is not None else [str(i) for i in range(m)]
        lower = np.full(m, -np.inf)
        upper = np.full(m, np.inf)
        shift = np.full(m, np.nan)
        skew0, kurt0 = skew_kurtosis(x)
        actions = ["none"] * m
        counts = [0] * m
        if self.method != "none":
            for j in np.flatnonzero(self._flagged(skew0, kurt0)):
                col = x[:, j]
                present = np.sort(col[~np.isnan(col)])
                if self.method == "winsorise":
                    lo, hi, count, fixed = self._winsorise(present, skew0[j])
                    if fixed:
                        lower[j], upper[j], counts[j] = lo, hi, count
                        actions[j] = "winsorise"
                        continue
                if skew0[j] > 0:
                    shift[j] = present[0] - 0.01 * (present[-1] - present[0])
                    actions[j] = "log"
                else:
                    actions[j] = "unresolved"
        self.lower_, self.upper_, self.log_shift_ = lower, upper, shift
        # Only treated columns change: recompute their statistics, copy the others.
        skew1, kurt1 = skew0.copy(), kurt0.copy()
        changed = np.flatnonzero(np.array(actions) != "none")
        if len(changed):
            skew1[changed], kurt1[changed] = skew_kurtosis(self.transform(x)[:, changed])
        self.report_ = pd.DataFrame(
            {
                "indicator": names,
                "skew_before": skew0,
                "kurtosis_before": kurt0,
                "action": actions,
                "winsorised": counts,
                "skew_after": skew1,
                "kurtosis_after": kurt1,
            }
        )
        return self

    def _winsorise(self, present: np.ndarray, skew: float) -> tuple[float, float, int, bool]:
        """Winsorise one value at a time on the skewed side until the rule stops firing."""
        return _winsorise_sorted(
            present.tobytes(),
            float(skew),
            int(self.max_winsorised),
            float(self.skew_threshold),
            float(self.kurtosis_threshold),
        )

    def transform(
        self, values: np.ndarray, columns: np.ndarray | None = None, *, axis: int = -2
    ) -> np.ndarray:
        """Apply the learned treatment to ``values`` (``(..., n, m)``; NaN stays NaN).

        ``columns`` selects the indicator positions held by ``values`` (default: all, in
        order), so a subset of perturbed columns can be treated. ``axis=-1`` accepts the
        transposed layout ``(..., m, n)`` (territories on the last axis).
        """
        cols = slice(None) if columns is None else np.asarray(columns)
        lower, upper, shift = self.lower_[cols], self.upper_[cols], self.log_shift_[cols]
        if axis == -1:
            lower, upper = lower[:, None], upper[:, None]
        x = np.clip(np.asarray(values, dtype=float), lower, upper)
        logged = ~np.isnan(shift)
        if logged.any():
            with np.errstate(invalid="ignore", divide="ignore"):
                if axis == -1:
                    x[..., logged, :] = np.log(
                        np.maximum(x[..., logged, :] - shift[logged][:, None], 1e-12)
                    )
                else:
                    x[..., logged] = np.log(np.maximum(x[..., logged] - shift[logged], 1e-12))
        return x


@functools.lru_cache(maxsize=256)
def _winsorise_sorted(
    data: bytes, skew: float, max_winsorised: int, skew_threshold: float, kurtosis_threshold: float
) -> tuple[float, float, int, bool]:
    """Winsorising loop on sorted present values (as bytes, so results can be cached:
    the dashboard refits the same columns on every change of a method option).

    Returns (lower bound, upper bound, values winsorised, rule satisfied).
    """
    present = np.frombuffer(data, dtype=float)
    values = present.copy()
    lo_i, hi_i = 0, len(present) - 1
    for count in range(1, max_winsorised + 1):
        if skew > 0:
            hi_i -= 1
            values[hi_i + 1 :] = present[hi_i]
        else:
            lo_i += 1
            values[:lo_i] = present[lo_i]
        s, k = skew_kurtosis(values)
        if not (abs(s[0]) > skew_threshold and k[0] > kurtosis_threshold):
            return float(present[lo_i]), float(present[hi_i]), count, True
        skew = float(s[0]) if s[0] != 0 else skew
    return -np.inf, np.inf, 0, False
