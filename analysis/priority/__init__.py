"""The priority engine: scenarios, scenario runs, uncertainty, pilot selection, comparison.

The composite-indicator steps themselves (normalise, treat, weight, aggregate) live in
:mod:`analysis.index`; this package turns a scenario into a ranked, selected, compared run.
"""
