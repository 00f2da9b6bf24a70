"""Scenario runs of the dashboard (dashboard/data/scenarios.py): what is fitted, and when."""

from __future__ import annotations


def test_the_method_sensitivitys_normalisations_are_fitted_only_for_runs_with_draws(
    dashboard_db, monkeypatch
):
    from dashboard import data
    from dashboard.data import scenarios

    fitted = []
    real = scenarios.fit_index

    def counting(scenario, index_data):
        fitted.append(scenario.method.normalisation)
        return real(scenario, index_data)

    monkeypatch.setattr(scenarios, "fit_index", counting)
    text = data.base_scenario_text("departamento")  # minmax; sensitivity adds rank
    data.scenario_run(text, 0)
    assert fitted == ["minmax"]  # no draws: no method sensitivity to fit for
    data.scenario_run(text, 20)
    assert fitted == ["minmax", "rank"]  # its own fit is reused, the other fitted once
    data.scenario_run(text, 30)
    assert fitted == ["minmax", "rank"]  # another weight or draw count re-weights them
