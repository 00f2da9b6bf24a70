"""Plain-language texts: both languages, the numbers they carry, the stable count."""

import numpy as np
import pandas as pd
import pytest

from analysis.errors import RaicesError
from analysis.priority import explain
from analysis.priority.selection import DrawSelection, SelectionConstraints, select_pilot

ROW = {
    "name": "Tajumulco",
    "rank_p05": 1.0,
    "rank_p95": 6.0,
    "p_top_k": 1.0,
    "method_rank_min": 2.0,
    "method_rank_max": 108.0,
    "uncertainty_driver": "metodo",
}


@pytest.mark.parametrize(
    ("driver", "es", "en"),
    [
        ("metodo", "elección del método", "choice of method"),
        ("estadistica", "incertidumbre estadística", "statistical uncertainty"),
        ("ambas", "las dos cosas, sobre todo el método", "moved by both, the method above all"),
        ("estable", "mismo lado del corte", "same side of the top-15 line"),
        (None, "Sin simulaciones", "Without simulations"),
    ],
)
def test_driver_sentence_in_both_languages(driver, es, en):
    row = {**ROW, "uncertainty_driver": driver}
    spanish = explain.driver_sentence(row, k=15, language="es")
    english = explain.driver_sentence(row, k=15, language="en")
    assert es in spanish and en in english
    if driver is not None:
        assert "108" in spanish and "108" in english
        assert "15" in spanish


def test_driver_labels_and_language_check():
    assert explain.driver_label("metodo") == "elección del método"
    assert explain.driver_label("ambas", "en") == "both"
    assert explain.driver_label(None) == "sin simulaciones"
    with pytest.raises(RaicesError, match="idioma"):
        explain.driver_label("metodo", "fr")


def test_robust_pilot_sentence_counts_stable_territories():
    codes = list(range(1, 6))
    rows = np.array(
        [[1, 1, 1, 0, 0]] * 8 + [[1, 1, 0, 1, 0]] * 2, dtype=bool
    )  # 1 and 2 always, 3 in 80 %, 4 in 20 %
    selected = pd.DataFrame(rows, columns=codes)
    robust = DrawSelection(selected.mean(), selected, 10, 0)
    text = explain.robust_pilot_sentence(robust, [1, 2, 3], threshold=0.8)
    assert text.startswith("3 de 3 seleccionados en ≥ 80")
    text = explain.robust_pilot_sentence(robust, [1, 2, 4], threshold=0.8, language="en")
    assert text.startswith("2 of 3 selected in ≥ 80")
    partial = DrawSelection(selected.mean(), selected, 12, 2)
    assert "2 simulaciones" in explain.robust_pilot_sentence(partial, [1, 2, 3])


def test_costs_note_says_costs_do_not_add_up():
    territories = pd.DataFrame({"dept_code": [1, 1, 2]}, index=[101, 102, 201])
    priority = pd.Series([90.0, 80.0, 10.0], index=territories.index)
    result = select_pilot(priority, territories, SelectionConstraints(k=2, max_per_dept=1))
    assert result.joint_cost == pytest.approx(70.0)
    es = explain.costs_note(result)
    en = explain.costs_note(result, "en")
    assert "no suman" in es and "70,0" in es
    assert "do not add up" in en and "70.0" in en


def test_method_texts_exist_in_both_languages():
    for function in (explain.bands_text,):
        assert "±25" in function(k=15) and "±25" in function(k=15, language="en")
    assert "10⁻⁶" in explain.se_rule_text() and "90" in explain.se_rule_text(language="en")
    assert "P(en el piloto)" in explain.robust_pilot_text()
    assert "Ixchiguán" in explain.se_flag_note("Ixchiguán", ["pobreza"])
