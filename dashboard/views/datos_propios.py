"""Datos propios: upload a table → matching report → confirm → the user layer; remove.

Anyone may upload a table and see how it matches, for their own session; saving to or
removing from the shared layer needs an editor or secretariat login (checked again by
:mod:`analysis.userdata`). The upload is read once per (file, sheet, header row): session
state keeps the text table, never the file's bytes.
"""

from __future__ import annotations

import streamlit as st

from analysis.errors import RaicesError
from dashboard import data, login, state
from dashboard.data import userdata
from dashboard.plaintext import escape

t = state.t
language = state.language()
themes = data.theme_labels(language)
TABLE = "propios.table"  # UploadedTable read from the current upload
TABLE_KEY = "propios.table_key"  # (file id, sheet, header row) it was read with
PREVIEW = "propios.preview"  # the dry-run result shown before confirming
MESSAGE = "propios.message"  # confirmation shown once after the rerun that follows a change
login.login_form()  # sign-in in the sidebar, as on the monitoring pages
principal = login.current_principal()
may_change = principal.role is not None


def _error(error: RaicesError) -> None:
    """A refusal: the sentence in the page's language, the detail (user text) as plain text."""
    st.error(t("propios.error"), icon=":material/error:")
    st.text(str(error))


st.title(t("propios.title"))
st.markdown(t("propios.intro"))
if not may_change:
    st.info(t("propios.session_only"), icon=":material/lock:")
if MESSAGE in st.session_state:
    st.success(escape(st.session_state.pop(MESSAGE)))

# ------------------------------------------------------------------ current user layer
st.subheader(t("propios.current"))
current = userdata.user_indicators()
if current.empty:
    st.info(t("propios.none"))
else:
    shown = current[["label_es", "theme", "unit_es", "year", "source", "n_values"]].assign(
        theme=current["theme"].map(themes)
    )
    shown.columns = [
        t("propios.label"),
        t("common.theme"),
        t("common.unit"),
        t("common.year"),
        t("common.source"),
        t("propios.n_values"),
    ]
    st.dataframe(shown, width="stretch")
    if may_change:
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        chosen = left.selectbox(
            t("propios.remove_pick"), list(current.index), key="propios.remove_id"
        )
        if right.button(t("propios.remove"), key="propios.remove", icon=":material/delete:"):
            try:
                userdata.remove_user_indicator(chosen, principal=principal)
            except RaicesError as error:
                _error(error)
            else:
                st.session_state.pop(PREVIEW, None)
                st.session_state[MESSAGE] = t("propios.removed", indicator=chosen)
                st.rerun()

# ------------------------------------------------------------------ new indicator
st.subheader(t("propios.add"))
upload = st.file_uploader(t("propios.file"), type=["csv", "txt", "xlsx"], key="propios.file")
if upload is None:
    for key in (TABLE, TABLE_KEY, PREVIEW):
        st.session_state.pop(key, None)
    st.caption(t("propios.file_help"))
    st.stop()

left, right = st.columns(2)
sheet = left.text_input(t("propios.sheet"), key="propios.sheet", help=t("propios.sheet_help"))
header_row = right.number_input(
    t("propios.header_row"), min_value=1, max_value=50, value=1, step=1, key="propios.header_row"
)
table_key = (upload.file_id, sheet or None, int(header_row))
if st.session_state.get(TABLE_KEY) != table_key:
    # Read once per file and reading options; reruns (every widget below) reuse the table.
    st.session_state.pop(TABLE, None)
    st.session_state.pop(PREVIEW, None)
    try:
        st.session_state[TABLE] = userdata.read_upload(
            upload.name, upload.getvalue(), sheet or None, int(header_row)
        )
    except RaicesError as error:
        st.session_state[TABLE] = error
    st.session_state[TABLE_KEY] = table_key
uploaded = st.session_state[TABLE]
if isinstance(uploaded, RaicesError):
    _error(uploaded)
    st.stop()
table = uploaded.table
st.text(uploaded.summary)
if table.empty:
    st.warning(t("propios.header_only"), icon=":material/warning:")
    st.stop()
with st.expander(t("propios.first_rows"), expanded=False):
    st.dataframe(table.head(10), width="stretch")

columns = list(table.columns)
guess = userdata.guess_upload_columns(columns)


def _index(options: list[str], wanted: str | None) -> int:
    return options.index(wanted) if wanted in options else 0


key_kind = st.radio(
    t("propios.key"),
    ["names", "code"],
    index=1 if guess["code"] and not guess["municipio"] else 0,
    format_func=lambda k: t(f"propios.key.{k}"),
    horizontal=True,
    key="propios.key_kind",
)
left, middle, right = st.columns(3)
if key_kind == "code":
    code_column = left.selectbox(
        t("propios.code_column"),
        columns,
        index=_index(columns, guess["code"]),
        key="propios.code_column",
    )
    name_columns = None
else:
    code_column = None
    department = left.selectbox(
        t("propios.dept_column"),
        ["", *columns],
        index=_index(["", *columns], guess["department"]),
        key="propios.dept_column",
        format_func=lambda c: c or t("propios.no_dept"),
    )
    municipio = middle.selectbox(
        t("propios.muni_column"),
        columns,
        index=_index(columns, guess["municipio"]),
        key="propios.muni_column",
    )
    name_columns = (department or None, municipio)
value_column = right.selectbox(
    t("propios.value_column"),
    columns,
    index=_index(columns, guess["value"]),
    key="propios.value_column",
)
left, right = st.columns(2)
where_column = left.selectbox(
    t("propios.where_column"),
    ["", *columns],
    format_func=lambda c: c or t("propios.no_filter"),
    key="propios.where_column",
    help=t("propios.where_help"),
)
where_value = right.text_input(
    t("propios.where_value"), key="propios.where_value", disabled=not where_column
)

st.markdown(f"**{t('propios.metadata')}**")
left, right = st.columns(2)
meta = {
    "indicator": left.text_input(t("propios.id"), key="propios.id", help=t("propios.id_help")),
    "label_es": right.text_input(t("propios.label"), key="propios.label"),
    "theme": left.selectbox(
        t("common.theme"), list(themes.index), format_func=themes.get, key="propios.theme"
    ),
    "direction": right.selectbox(
        t("propios.direction"),
        [1, -1, 0],
        format_func=lambda d: t(f"propios.direction.{d}"),
        key="propios.direction",
    ),
    "unit_es": left.text_input(t("common.unit"), key="propios.unit"),
    "year": right.text_input(t("common.year"), key="propios.year"),
    "source": left.text_input(t("common.source"), key="propios.source"),
    "dept_method": right.selectbox(
        t("propios.dept_method"),
        ["pop_weighted", "sum", "mean", "none"],
        format_func=lambda m: t(f"propios.dept_method.{m}"),
        key="propios.dept_method",
    ),
}
accept_suggestions = st.checkbox(t("propios.accept_suggestions"), key="propios.accept_sugg")
options = {
    "value_column": value_column,
    "code_column": code_column,
    "name_columns": name_columns,
    "sheet": sheet or None,
    "header_row": int(header_row),
    "where": {where_column: where_value} if where_column else None,
    "accept_suggestions": accept_suggestions,
}

if st.button(t("propios.check"), key="propios.check", icon=":material/fact_check:"):
    try:
        st.session_state[PREVIEW] = (
            userdata.import_upload(uploaded, meta, principal=principal, dry_run=True, **options),
            dict(meta),
            dict(options),
        )
    except RaicesError as error:
        st.session_state.pop(PREVIEW, None)
        _error(error)

preview = st.session_state.get(PREVIEW)
if preview is None:
    st.stop()
result, checked_meta, checked_options = preview
if checked_meta != meta or checked_options != options:
    st.warning(t("propios.stale"))
    st.stop()

counts = result.counts
cells = st.columns(4)
cells[0].metric(t("propios.matched"), counts["matched"])
cells[1].metric(t("propios.missing"), counts["missing_value"])
cells[2].metric(t("propios.problems"), result.blocking)
cells[3].metric(t("propios.rows"), len(result.report))
report = result.report
st.dataframe(userdata.matching_display(report, language), width="stretch", hide_index=True)
st.download_button(
    t("propios.report_download"),
    userdata.report_csv_bytes(report),
    file_name="informe_emparejamiento.csv",
    mime="text/csv",
    key="propios.report_csv",
    on_click="ignore",
    icon=":material/download:",
)

accept = False
if result.blocking:
    st.warning(t("propios.blocking", n=result.blocking))
    accept = st.checkbox(t("propios.accept_unmatched"), key="propios.accept_unmatched")
if not may_change:
    st.info(t("propios.login_to_save"), icon=":material/lock:")
    st.stop()
replace = meta["indicator"] in current.index
if replace:
    st.info(escape(t("propios.replace", indicator=meta["indicator"])))
if st.button(
    t("propios.confirm"),
    key="propios.confirm",
    type="primary",
    disabled=bool(result.blocking) and not accept,
    icon=":material/check:",
):
    try:
        saved = userdata.import_upload(
            uploaded,
            meta,
            principal=principal,
            dry_run=False,
            accept_unmatched=accept,
            replace=replace,
            **options,
        )
    except RaicesError as error:
        _error(error)
    else:
        st.session_state.pop(PREVIEW, None)
        st.session_state[MESSAGE] = t(
            "propios.saved", indicator=meta["indicator"], n=saved.counts["matched"]
        )
        st.rerun()
