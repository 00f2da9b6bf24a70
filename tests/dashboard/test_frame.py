"""The frame: language switch, missing database, overview in Spanish."""

from __future__ import annotations

import ast
from pathlib import Path

import streamlit as st

from dashboard import components
from dashboard.app import PAGES
from tests.dashboard.apptest import assert_clean


def test_frame_runs_the_overview_in_spanish(app):
    app.run()
    assert_clean(app)
    assert app.title[0].value == "Raíces · Panorama"


def test_language_switch_translates_the_page(app):
    app.run()
    app.selectbox(key="lang").set_value("en").run()
    assert_clean(app)
    assert app.title[0].value == "Raíces · Overview"
    assert app.metric[0].label == "Municipalities"


def test_missing_database_gives_a_friendly_message(app, tmp_path, monkeypatch):
    monkeypatch.setenv("RAICES_DB", str(tmp_path / "nothing.duckdb"))
    st.cache_data.clear()
    st.cache_resource.clear()
    try:
        app.run()
        assert not app.exception
        assert any("raices build" in w.value for w in app.warning)
    finally:
        monkeypatch.undo()
        st.cache_data.clear()
        st.cache_resource.clear()


def test_only_pages_that_draw_plotly_charts_preload_the_chart_code(app):
    entries = {Path(entry.file).stem: entry for entry in PAGES}
    assert PAGES[0].file == "panorama.py" and not PAGES[0].plotly
    assert not entries["priorizacion"].plotly and entries["tipologias"].plotly
    # the flag says what the page draws: st.plotly_chart itself or a component that calls it
    drawers = {"st.plotly_chart("} | {
        f"{node.name}("
        for module in Path("dashboard/components").glob("*.py")
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef) and "st.plotly_chart(" in ast.unparse(node)
    }
    assert "interactive_map(" in drawers
    for stem, entry in entries.items():
        source = (Path("dashboard/views") / entry.file).read_text(encoding="utf-8")
        assert any(call in source for call in drawers) == entry.plotly, stem
    assert components._chart_modules(), "the installed Streamlit has no plotly chart code"
    # what the frame sends follows the flag (before the page itself runs)
    app.run()
    assert not any("modulepreload" in html.proto.body for html in app.get("html"))
    app.switch_page("views/tipologias.py").run()
    assert any("modulepreload" in html.proto.body for html in app.get("html"))
