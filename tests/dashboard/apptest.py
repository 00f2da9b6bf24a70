"""Helpers for driving the dashboard under Streamlit's AppTest."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "app.py"
#: generous: the factors page fits its models on the first run
TIMEOUT = 400


def assert_clean(app) -> None:
    """The run raised nothing and showed no error box."""
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def open_page(app, page: str):
    """Run the app on ``page`` (file stem in dashboard/views), checking it raised nothing."""
    app.switch_page(f"views/{page}.py")
    app.run()
    assert_clean(app)
    return app


def widget(app, kind: str, label: str):
    """The first ``kind`` element (e.g. ``"selectbox"``) with this label."""
    for element in getattr(app, kind):
        if element.label == label:
            return element
    raise AssertionError(f"no {kind} labelled {label!r}: {[e.label for e in getattr(app, kind)]}")
