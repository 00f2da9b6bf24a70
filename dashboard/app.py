"""Raíces dashboard frame: language switch, data check, navigation, footer.

Run with ``streamlit run dashboard/app.py``. Each page is one file in ``dashboard/views``;
a new page is one line in :data:`PAGES` (a :class:`PageEntry`: section, file, i18n title
key, icon, and whether it draws plotly charts) plus its strings registered in
:mod:`dashboard.i18n`.

The folder is ``views/``, not ``pages/``: Streamlit treats a ``pages/`` folder next to the
main script as old-style automatic pages and, for a fresh session opened on a page's URL
(a shared link), runs that page without this frame — so without the language, the data
check, or even the project on ``sys.path``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NamedTuple

import streamlit as st
from streamlit.navigation.page import StreamlitPage

# `streamlit run dashboard/app.py` puts dashboard/ on sys.path, not the project root.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis.errors import DataMissingError, RaicesError  # noqa: E402
from dashboard import components, data, i18n, server, state  # noqa: E402

PAGES_DIR = Path(__file__).resolve().parent / "views"


class PageEntry(NamedTuple):
    """One page of the menu.

    ``plotly`` says whether the page draws plotly charts: the frame asks the browser for
    the chart code (≈4.7 MB) at the start of the run only on such pages, so that a page
    without one (the overview) does not wait behind code it would not use.
    """

    section: str  # i18n key of the menu section
    file: str  # file in dashboard/views
    title: str  # i18n key of the page title
    icon: str
    plotly: bool = True


# One line per page; the first is the landing page.
PAGES: list[PageEntry] = [
    PageEntry(
        "app.section.explore", "panorama.py", "panorama.title", ":material/home:", plotly=False
    ),
    PageEntry("app.section.explore", "mapa.py", "mapa.title", ":material/map:"),
    PageEntry("app.section.explore", "perfil.py", "perfil.title", ":material/location_city:"),
    PageEntry(
        "app.section.decide",
        "priorizacion.py",
        "prior.title",
        ":material/format_list_numbered:",
        plotly=False,
    ),
    PageEntry("app.section.decide", "comparar.py", "comp.title", ":material/compare_arrows:"),
    PageEntry(
        "app.section.causes", "patrones_espaciales.py", "espacial.title", ":material/scatter_plot:"
    ),
    PageEntry("app.section.causes", "tipologias.py", "tipologias.title", ":material/category:"),
    PageEntry("app.section.causes", "factores.py", "factores.title", ":material/query_stats:"),
    PageEntry("app.section.causes", "tendencias.py", "tendencias.title", ":material/trending_up:"),
    PageEntry(
        "app.section.seguimiento",
        "seguimiento_publico.py",
        "seguimiento.publico.title",
        ":material/visibility:",
    ),
    PageEntry(
        "app.section.seguimiento",
        "seguimiento_tablero.py",
        "seguimiento.tablero.title",
        ":material/monitoring:",
    ),
    PageEntry(
        "app.section.seguimiento",
        "seguimiento.py",
        "seguimiento.registro.title",
        ":material/edit_note:",
        plotly=False,
    ),
    PageEntry(
        "app.section.consult",
        "consulta.py",
        "consulta.nav.form",
        ":material/how_to_vote:",
        plotly=False,
    ),
    PageEntry(
        "app.section.consult", "consulta_resultados.py", "consulta.nav.results", ":material/groups:"
    ),
    PageEntry("app.section.about", "datos.py", "datos.title", ":material/menu_book:", plotly=False),
    PageEntry(
        "app.section.about",
        "datos_propios.py",
        "propios.title",
        ":material/upload_file:",
        plotly=False,
    ),
]


def _navigation() -> tuple[StreamlitPage, PageEntry]:
    """The menu; returns the page chosen for this run and its entry in :data:`PAGES`."""
    sections: dict[str, list[StreamlitPage]] = {}
    pages: list[tuple[StreamlitPage, PageEntry]] = []
    for index, entry in enumerate(PAGES):
        page = st.Page(
            PAGES_DIR / entry.file,
            title=state.t(entry.title),
            icon=entry.icon,
            url_path=Path(entry.file).stem,
            default=index == 0,
        )
        sections.setdefault(state.t(entry.section), []).append(page)
        pages.append((page, entry))
    chosen = st.navigation(sections, expanded=True)
    return chosen, next(entry for page, entry in pages if page is chosen)


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
    page, entry = _navigation()
    _sidebar(charts=entry.plotly)
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


# Run by `streamlit run` (and AppTest) as __main__; imported (tests, scripts) it only
# defines PAGES.
if __name__ == "__main__":
    with server.page_run():
        main()
