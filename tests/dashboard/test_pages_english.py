"""Every Explore and Decide page renders in English without i18n keys or Spanish titles."""

from __future__ import annotations

import pytest

from tests.dashboard.apptest import open_page


@pytest.mark.parametrize(
    "page", ["panorama", "mapa", "perfil", "priorizacion", "comparar", "datos"]
)
def test_every_page_renders_in_english(app, page):
    from dashboard import i18n

    app.session_state["lang"] = "en"
    app.session_state["territory"] = ("municipio", 1304)
    open_page(app, page)
    shown = [
        e.value
        for kind in ("title", "header", "subheader", "caption", "markdown")
        for e in getattr(app, kind)
    ]
    assert shown
    assert not [text for text in shown if text in i18n.STRINGS], (
        "untranslated i18n keys on the page"
    )
    spanish_title = i18n.translate(
        f"{'prior' if page == 'priorizacion' else 'comp' if page == 'comparar' else page}.title",
        "es",
    )
    assert all(spanish_title != e.value for e in app.title)
    shown += [t.value for t in app.text]
    assert not [text for text in shown if "(modificado)" in text or "Pesos iguales" in text]
