"""Time the causes analyses on the real build (not a test).

Run after ``raices build``::

    .venv/bin/python benchmarks/causes_analyses.py

Prints one line per step with its wall time and the headline number it produced, so a
slowdown or a changed result is visible at a glance.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from analysis import store
from analysis.causes.drivers import associated_factors
from analysis.causes.regions import spatial_regions
from analysis.causes.spatial.patterns import spatial_patterns
from analysis.causes.spatial.smoothing import smooth_rate
from analysis.causes.spatial.weights import contiguity_weights
from analysis.causes.trends import growth_rates
from analysis.causes.typology import scenario_scores, theme_scores, typology


def timed(label: str, function: Callable[[], Any], describe: Callable[[Any], str]) -> Any:
    started = time.perf_counter()
    result = function()
    elapsed = time.perf_counter() - started
    print(f"{label:<48} {elapsed:7.2f} s   {describe(result)}")
    return result


def main() -> None:
    indicators = store.load_indicators("municipio")
    boundaries = store.load_boundaries("municipio")
    catalog = store.load_catalog()
    timed(
        "Queen weights, 340 municipios",
        lambda: contiguity_weights(boundaries),
        lambda w: f"mean neighbours {w.mean_neighbors:.2f}",
    )
    for name in ("pobreza", "emigracion_hogar", "tasa_deportados"):
        timed(
            f"Moran + LISA 9999 perm. FDR: {name}",
            lambda name=name: spatial_patterns(indicators[name], boundaries),
            lambda r: (
                f"I = {r.moran.moran_i:.3f}, p = {r.moran.p_sim:.4f}, "
                f"significant = {int(r.clusters['significant'].sum())}"
            ),
        )
    timed(
        "Empirical-Bayes smoothing (global)",
        lambda: smooth_rate(indicators["tasa_delitos"], indicators["poblacion"]),
        lambda s: f"range {s.min():.0f}–{s.max():.0f}",
    )
    _, themes = timed(
        "Scenario theme scores (composite engine)",
        lambda: scenario_scores("pesos_iguales"),
        lambda r: f"{r[1].shape[1]} themes",
    )
    for method in ("kmeans", "ward"):
        timed(
            f"Typology {method}, k = 3..8 by silhouette",
            lambda method=method: typology(themes, method=method),
            lambda t: f"k = {t.k_}, silhouette = {t.silhouette_:.3f}",
        )
    timed(
        "Typology on z-score theme means (kmeans)",
        lambda: typology(theme_scores(indicators, catalog)),
        lambda t: f"k = {t.k_}, silhouette = {t.silhouette_:.3f}",
    )
    timed(
        "SKATER regions (8)",
        lambda: spatial_regions(themes, boundaries, n_regions=8),
        lambda r: f"sizes {sorted(r.value_counts().tolist())}",
    )
    for flexible in ("gradient_boosting", "random_forest"):
        timed(
            f"Factors emigracion_hogar, {flexible}, 22 folds",
            lambda flexible=flexible: associated_factors(
                indicators, "emigracion_hogar", catalog=catalog, flexible=flexible
            ),
            lambda m: ", ".join(f"{r.model} R² {r.r2:.3f}" for r in m.cv_scores_.itertuples()),
        )
    timed(
        "Growth rates, every series and territory",
        lambda: growth_rates(store.load_series()),
        lambda g: f"{len(g)} rows",
    )


if __name__ == "__main__":
    main()
