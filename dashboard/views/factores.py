"""Factores asociados: which drivers go with migration across municipios (not causation)."""

from __future__ import annotations

import streamlit as st

from dashboard import components, data, state
from dashboard.data import causes as data_causes
from dashboard.figures import causes as figures_causes

t = state.t
language = state.language()

st.title(t("factores.title"))
st.warning(t("factores.caution"))

labels = data.indicator_labels(language)
left, middle, right = st.columns(3)
outcome = left.selectbox(
    t("factores.outcome"),
    ["emigracion_hogar", "tasa_deportados"],
    format_func=lambda c: labels.get(c, c),
    key="factores.outcome",
)
flexible = middle.radio(
    t("factores.model"),
    ["gradient_boosting", "random_forest"],
    format_func=lambda m: t(f"factores.model.{m}"),
    key="factores.model",
)
include = right.toggle(
    t("factores.consequences"),
    value=False,
    key="factores.consequences",
    help=t("factores.consequences.help"),
)
lens, group = components.lens_picker("factores", ("etnia", "pueblo", "area"))

with st.spinner(t("factores.computing")):
    result = data_causes.factors_result(
        outcome,
        flexible=flexible,
        include_consequences=bool(include),
        lens=lens or None,
        group=group or None,
    )

cv = result["cv"].set_index("model")
a, b, c = st.columns(3)
a.metric(t("factores.r2_linear"), f"{cv.loc['lineal', 'r2']:.2f}")
b.metric(t("factores.r2_flexible"), f"{cv.loc[flexible, 'r2']:.2f}")
c.metric(t("factores.folds"), f"{int(cv['n_folds'].iloc[0])}")
st.caption(t("factores.cv_note", n=int(cv["n"].iloc[0])))

st.subheader(t("factores.importance_title"))
st.plotly_chart(
    figures_causes.importance_bars(
        result["importance"],
        labels=labels,
        x_title=t("factores.importance_axis"),
        model_names={
            "lineal": t("factores.model.lineal"),
            flexible: t(f"factores.model.{flexible}"),
        },
    ),
    key="factores.importance",
)
top = result["top"]
st.dataframe(
    top.rename(index=lambda f: labels.get(f, f))
    .rename_axis(t("factores.col.factor"))
    .rename(
        columns={
            "importance_flexible": t("factores.col.importance_flexible"),
            "importance_linear": t("factores.col.importance_linear"),
            "coefficient": t("factores.col.coefficient"),
            "p_value": t("factores.col.p_value"),
        }
    ),
    width="stretch",
)

st.subheader(t("factores.pd_title"))
st.plotly_chart(
    figures_causes.partial_dependence_lines(
        result["curves"],
        features=list(top.index[:6]),
        labels=labels,
        y_title=labels.get(outcome, outcome),
    ),
    key="factores.pd",
)

st.subheader(t("factores.residual_title"))
st.caption(t("factores.residual_note", model=result["best_model"]))
predictions = result["predictions"]
order = ["más migración de la esperada", "según lo esperado", "menos migración de la esperada"]
st.plotly_chart(
    figures_causes.category_map(
        data.geojson_source("municipio"),
        predictions,
        category="residual_class",
        order=order,
        colors=list(figures_causes.RESIDUAL_COLORS),
        display={key: t(f"factores.residual.{i}") for i, key in enumerate(order)},
        legend_title=t("factores.residual_legend"),
    ),
    key="factores.map",
    config={"displaylogo": False, "scrollZoom": True},
)

with st.expander(t("factores.coefficients_title")):
    st.dataframe(result["coefficients"], hide_index=True, width="stretch")
components.data_table(predictions)
components.downloads(
    predictions, name=f"raices_factores_{outcome}", key="factores.dl", level="municipio"
)
