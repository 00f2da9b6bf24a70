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

from analysis.index.composite import CompositeIndex, compute_index

__all__ = ["CompositeIndex", "compute_index"]
