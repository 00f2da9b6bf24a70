"""Raíces dashboard frame: language switch, data check, navigation, footer.

Run with ``streamlit run dashboard/app.py``. Each page is one file in ``dashboard/views``;
a new page is one line in :data:`PAGES` (section, file, i18n title key, icon) plus its
strings registered in :mod:`dashboard.i18n`.

The folder is ``views/``, not ``pages/``: Streamlit treats a ``pages/`` folder next to the
main script as old-style automatic pages and, for a fresh session opened on a page's URL
(a shared link), runs that page without this frame — so without the language, the data
check, or even the project on ``sys.path``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# `streamlit run dashboard/app.py` puts dashboard/ on sys.path, not the project root.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis.errors import DataMissingError, RaicesError  # noqa: E402
from dashboard import components, data, i18n, server, state  # noqa: E402

PAGES_DIR = Path(__file__).resolve().parent / "views"

# (section key, page file, title key, icon) — one line per page.
PAGES: list[tuple[str, str, str, str]] = [
    ("app.section.explore", "panorama.py", "panorama.title", ":material/home:"),
    ("app.section.explore", "mapa.py", "mapa.title", ":material/map:"),
    ("app.section.explore", "perfil.py", "perfil.title", ":material/location_city:"),
    ("app.section.decide", "priorizacion.py", "prior.title", ":material/format_list_numbered:"),
    ("app.section.decide", "comparar.py", "comp.title", ":material/compare_arrows:"),
    ("app.section.causes", "patrones_espaciales.py", "espacial.title", ":material/scatter_plot:"),
    ("app.section.causes", "tipologias.py", "tipologias.title", ":material/category:"),
    ("app.section.causes", "factores.py", "factores.title", ":material/query_stats:"),
    ("app.section.causes", "tendencias.py", "tendencias.title", ":material/trending_up:"),
    (
        "app.section.seguimiento",
        "seguimiento_publico.py",
        "seguimiento.publico.title",
        ":material/visibility:",
    ),
    (
        "app.section.seguimiento",
        "seguimiento_tablero.py",
        "seguimiento.tablero.title",
        ":material/monitoring:",
    ),
    (
        "app.section.seguimiento",
        "seguimiento.py",
        "seguimiento.registro.title",
        ":material/edit_note:",
    ),
    ("app.section.consult", "consulta.py", "consulta.nav.form", ":material/how_to_vote:"),
    ("app.section.consult", "consulta_resultados.py", "consulta.nav.results", ":material/groups:"),
    ("app.section.about", "datos.py", "datos.title", ":material/menu_book:"),
    ("app.section.about", "datos_propios.py", "propios.title", ":material/upload_file:"),
]


def _navigation() -> st.navigation:
    sections: dict[str, list] = {}
    for index, (section, file, title, icon) in enumerate(PAGES):
        page = st.Page(
            PAGES_DIR / file,
            title=state.t(title),
            icon=icon,
            url_path=Path(file).stem,
            default=index == 0,
        )
        sections.setdefault(state.t(section), []).append(page)
    return st.navigation(sections, expanded=True)


def _sidebar(charts: bool) -> None:
    with st.sidebar:
        st.selectbox(
            i18n.translate("app.language"),
            options=list(i18n.LANGUAGES),
            format_func=i18n.LANGUAGES.get,
            key=state.LANGUAGE,
            on_change=_show_choices_again,
        )
        components.fit_maps(preload_charts=charts)


def _show_choices_again() -> None:
    """After a language switch, hand every choice widget its value again.

    A keyed radio or selectbox whose option labels change with the language otherwise
    keeps the old language's label in the browser, or shows no choice at all. Values that
    are not choices (flags, uploads, selections on charts) are left alone: buttons and
    uploads cannot be set this way.
    """

    def plain(value: object) -> bool:
        return isinstance(value, (str, int, float)) and not isinstance(value, bool)

    for key, value in list(st.session_state.items()):
        several = isinstance(value, (list, tuple)) and bool(value) and all(map(plain, value))
        if key != state.LANGUAGE and (plain(value) or several):
            st.session_state[key] = value


def _footer() -> None:
    info = data.build_info()
    st.sidebar.caption(
        state.t("app.vintage", vintage=data.data_vintage(state.language()), version=data.version())
        + (f" · {info['built_at'][:16]}" if info.get("built_at") else "")
    )


def main() -> None:
    """Draw the frame and run the chosen page."""
    st.set_page_config(page_title="Raíces", page_icon=":seedling:", layout="wide")
    state.ensure_defaults()
    page = _navigation()
    # The overview (the landing page, "") draws no plotly chart: its first map does not
    # wait behind 4.7 MB of chart code that it would not use.
    _sidebar(charts=page.url_path != "")
    st.sidebar.markdown(f"**{state.t('app.title')}** — {state.t('app.tagline')}")
    try:
        with st.spinner(state.t("app.loading")):
            data.build_info()
    except DataMissingError as error:
        st.title(state.t("app.title"))
        st.warning(state.t("app.no_data"))
        st.caption(state.t("app.no_data_detail", detail=str(error)))
        st.stop()
    _footer()
    try:
        page.run()
    except DataMissingError as error:
        st.warning(state.t("app.no_data"))
        st.caption(state.t("app.no_data_detail", detail=str(error)))
    except RaicesError as error:
        st.error(state.t("app.error", detail=str(error)))


with server.page_run():
    main()
