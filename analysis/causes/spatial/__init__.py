"""Spatial patterns: contiguity weights, spatial autocorrelation and rate smoothing.

One module per concern, all built on PySAL (libpysal, esda):

- :mod:`analysis.causes.spatial.weights` — contiguity weights indexed by INE code, islands as a
  named policy;
- :mod:`analysis.causes.spatial.autocorrelation` — global Moran's I and local clusters (LISA)
  with permutation inference, a fixed seed and false-discovery-rate correction;
- :mod:`analysis.causes.spatial.smoothing` — empirical-Bayes smoothing of rates on small
  populations;
- :mod:`analysis.causes.spatial.patterns` — one call that chains them for an indicator (what the
  CLI, the dashboard and the notebook use).
"""
