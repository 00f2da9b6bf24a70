"""Tendencias: IGM returnees by sex and age, unaccompanied children highlighted, no clipped peaks."""

from __future__ import annotations

import base64
import json

import numpy as np
import pandas as pd

from tests.dashboard.apptest import assert_clean, open_page, widget


def values(encoded) -> list:
    """Plotly's JSON stores arrays as {"dtype", "bdata"} (base64) or plain lists."""
    if isinstance(encoded, dict) and "bdata" in encoded:
        return np.frombuffer(base64.b64decode(encoded["bdata"]), dtype=encoded["dtype"]).tolist()
    return list(encoded)


def test_returnees_section_by_age_and_sex(app):
    open_page(app, "tendencias")
    # the age lens opens first, with unaccompanied children as the key figure of 2024
    key = widget(app, "metric", "NNA no acompañados retornados en 2024")
    assert key.value == "2\u2009585"  # thin-space thousands, as format_number writes them
    charts = [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]
    returns = charts[-1]
    widths = {trace["name"]: trace["line"]["width"] for trace in returns["data"]}
    assert widths["Niñas, niños y adolescentes no acompañados"] == 4
    assert {w for name, w in widths.items() if "no acompañados" not in name} == {2}
    years = values(returns["data"][0]["x"])
    assert years[0] == 2020 and years[-1] == 2024  # 2025 is partial: monthly only
    assert returns["layout"]["xaxis"]["dtick"] == 1  # whole years, not «2,020.5»
    share = app.dataframe[-1].value["Proporción del periodo"]
    assert share.iloc[0].endswith("%") and "," in share.iloc[0]  # «85,0 %», not 0.8501
    growth = app.dataframe[0].value
    assert "Nivel" not in growth.columns and "Serie" not in growth.columns
    assert list(growth.index) == ["Nacional"]
    assert "," in growth["Cambio (%)"].iloc[0]  # decimal comma for the Spanish reader
    widget(app, "radio", "Lente").set_value("sexo").run()
    assert_clean(app)
    table = app.dataframe[-1].value
    assert set(table["Grupo"]) == {"Hombres", "Mujeres"}
    by_year = table.groupby("Periodo")["Personas"].sum()
    assert by_year[2020] == 45_572 and by_year[2024] == 76_768
    widget(app, "radio", "Periodo").set_value("mes").run()
    assert_clean(app)
    table = app.dataframe[-1].value
    assert table["Periodo"].iloc[-1] == "2025-04" and len(table) == 64 * 2


def test_breakdowns_stay_out_of_the_series_list_and_projection_is_labelled(app):
    open_page(app, "tendencias")
    options = widget(app, "selectbox", "Serie").options
    assert not [o for o in options if o.startswith("retornados_igm_")]
    widget(app, "selectbox", "Serie").set_value("poblacion_proyectada").run()
    assert_clean(app)
    assert any("Censo 2002" in caption.value for caption in app.caption)


def test_trend_chart_leaves_room_above_the_peak(app):
    open_page(app, "tendencias")
    figure = json.loads(app.get("plotly_chart")[0].proto.spec)
    peak = max(pd.Series(values(trace["y"]), dtype="float64").max() for trace in figure["data"])
    low, high = figure["layout"]["yaxis"]["range"]
    assert low <= 0 and high > peak
    assert all(trace.get("cliponaxis") is False for trace in figure["data"])
