"""Factores asociados: which drivers go with migration across municipios (not causation)."""

from __future__ import annotations

import streamlit as st

from analysis.causes.drivers import RESIDUAL_LABELS
from analysis.formatting import format_number
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
model_names = {
    "lineal": t("factores.model.lineal"),
    flexible: t(f"factores.model.{flexible}"),
}

cv = result.cv_scores.set_index("model")
a, b, c = st.columns(3)
a.metric(t("factores.r2_linear"), format_number(cv.loc["lineal", "r2"], language, decimals=2))
b.metric(t("factores.r2_flexible"), format_number(cv.loc[flexible, "r2"], language, decimals=2))
c.metric(t("factores.folds"), str(int(cv["n_folds"].iloc[0])))
st.caption(t("factores.cv_note", n=int(cv["n"].iloc[0])))

st.subheader(t("factores.importance_title"))
st.plotly_chart(
    figures_causes.importance_bars(
        result.importance,
        labels=labels,
        x_title=t("factores.importance_axis"),
        model_names=model_names,
        language=language,
    ),
    key="factores.importance",
)
top = result.top_factors
factor_labels = {
    "feature": t("factores.col.factor"),
    "importance_flexible": t("factores.col.importance_flexible"),
    "importance_linear": t("factores.col.importance_linear"),
    "coefficient": t("factores.col.coefficient"),
    "p_value": t("factores.col.p_value"),
}
st.dataframe(
    data.people_table(top.rename(index=lambda f: labels.get(f, f)), language, factor_labels),
    width="stretch",
)

st.subheader(t("factores.pd_title"))
st.plotly_chart(
    figures_causes.partial_dependence_lines(
        result.partial_dependence,
        features=list(top.index[:6]),
        labels=labels,
        y_title=labels.get(outcome, outcome),
        language=language,
    ),
    key="factores.pd",
)

st.subheader(t("factores.residual_title"))
st.caption(t("factores.residual_note", model=model_names.get(result.best_model, "")))
predictions = result.predictions
classes = {text: t(f"factores.residual.{key}") for key, text in RESIDUAL_LABELS.items()}
order = [RESIDUAL_LABELS[key] for key in ("mas", "esperado", "menos")]
st.plotly_chart(
    figures_causes.category_map(
        data.geojson_source("municipio"),
        predictions,
        category="residual_class",
        order=order,
        colors=list(figures_causes.RESIDUAL_COLORS),
        display=classes,
        legend_title=t("factores.residual_legend"),
        height=680,
    ),
    key="factores.map",
    config={"displaylogo": False, "scrollZoom": True},
)

with st.expander(t("factores.coefficients_title")):
    st.caption(t("factores.coefficients_note"))
    coefficient_labels = {
        **factor_labels,
        **{
            column: t(f"factores.col.{column}")
            for column in (
                "std_error",
                "t",
                "vif",
                "ci_low",
                "ci_high",
                "std_error_classical",
                "p_value_classical",
            )
        },
    }
    coefficients = result.coefficients
    st.dataframe(
        data.people_table(
            coefficients.assign(feature=coefficients["feature"].map(lambda f: labels.get(f, f))),
            language,
            coefficient_labels,
        ),
        hide_index=True,
        width="stretch",
    )

prediction_labels = {
    column: t(f"factores.col.{column}")
    for column in (
        "observed",
        "predicted_linear",
        "predicted_flexible",
        "residual",
        "residual_z",
        "residual_class",
    )
}
table = predictions.assign(residual_class=predictions["residual_class"].map(classes))[
    ["name", *prediction_labels]
].rename_axis("code")
components.data_table(table, labels=prediction_labels)
components.downloads(
    table,
    name=f"raices_factores_{outcome}",
    key="factores.dl",
    level="municipio",
    labels=prediction_labels,
)
