"""Defaults shared by the engine, the reports and the dashboard, defined once.

Examples
--------
>>> LEVELS
('municipio', 'departamento')
>>> DEFAULT_K, CV_LIMIT
(15, 0.3)
"""

from __future__ import annotations

LEVELS: tuple[str, ...] = ("municipio", "departamento")
"""Territorial levels of the analytical database, finest first."""

DEFAULT_K: int = 15
"""Size of the pilot and of the "top k" when a scenario does not say."""

SE_EXACT_THRESHOLD: float = 1e-6
"""A published standard error below this value is read as "unknown", not as exact knowledge
(the SEGEPLAN poverty map publishes floating-point zeros for some municipios)."""

CV_LIMIT: float = 0.30
"""Coefficient of variation above which a small-area estimate is usually not published as
reliable (INE and most statistical offices use 0.3); above it Raíces warns."""
