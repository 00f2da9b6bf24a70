"""The composite-index engine: one module per step, each a pure function on arrays or frames.

The steps follow COINr's pipeline (screen → impute → treat → normalise → aggregate), each a
named, documented policy:

- :mod:`analysis.index.missing` — missing-data policies and coverage screening;
- :mod:`analysis.index.outliers` — skew/kurtosis rule, winsorisation, log fallback;
- :mod:`analysis.index.normalise` — direction handling and the normalisation methods;
- :mod:`analysis.index.weights` — indicator and theme weights;
- :mod:`analysis.index.aggregate` — arithmetic, geometric and penalised aggregation;
- :mod:`analysis.index.contributions` — per-territory explanation of every score;
- :mod:`analysis.index.coverage` — coverage and reliability of each score;
- :mod:`analysis.index.composite` — :class:`CompositeIndex`, the estimator that chains them.
"""

from analysis.index.aggregate import AGGREGATIONS
from analysis.index.composite import TIE_POLICIES, CompositeIndex, compute_index, rank_scores
from analysis.index.missing import MISSING_POLICIES
from analysis.index.normalise import NORMALISATIONS, ZERO_RANGE_POLICIES
from analysis.index.outliers import OUTLIER_METHODS

__all__ = [
    "AGGREGATIONS",
    "MISSING_POLICIES",
    "NORMALISATIONS",
    "OUTLIER_METHODS",
    "TIE_POLICIES",
    "ZERO_RANGE_POLICIES",
    "CompositeIndex",
    "compute_index",
    "rank_scores",
]
