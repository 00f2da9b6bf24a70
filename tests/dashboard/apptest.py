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


def figure(app, index: int = 0) -> dict:
    """The plotly figure of the ``index``-th chart on the page, as sent to the browser."""
    import json

    return json.loads(app.get("plotly_chart")[index].proto.spec)


def svg_map(app, index: int = 0) -> dict:
    """What the ``index``-th in-place map (:mod:`dashboard.svg_map`) was sent: colours,
    tooltips, legend and outlined codes (:func:`dashboard.figures.maps.map_payload`)."""
    import json

    return json.loads(app.get("bidi_component")[index].proto.json)


def values(encoded) -> list:
    """A plotly array as a list (plotly sends numpy arrays base64-encoded)."""
    if isinstance(encoded, dict) and "bdata" in encoded:
        import base64

        import numpy as np

        return np.frombuffer(base64.b64decode(encoded["bdata"]), dtype=encoded["dtype"]).tolist()
    return list(encoded)


def legend(spec: dict) -> list[str]:
    """Legend entries of a figure spec (class ranges, «sin dato», the outlined set)."""
    return [trace.get("name", "") for trace in spec["data"] if trace.get("showlegend")]


def apply_scenario(app):
    """Press «Aplicar cambios» on the prioritisation page (the form's submit button)."""
    app.button(key="prior.apply").click().run()
    assert_clean(app)
    return app
