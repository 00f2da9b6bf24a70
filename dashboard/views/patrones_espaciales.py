"""Patrones espaciales: Moran's I and significant LISA clusters of an indicator or score."""

from __future__ import annotations

import streamlit as st

from analysis.formatting import format_number
from dashboard import components, data, state
from dashboard.data import causes as data_causes
from dashboard.figures import causes as figures_causes

t = state.t
language = state.language()

st.title(t("espacial.title"))
st.caption(t("espacial.intro"))

level = components.level_picker(key="espacial.level")
left, right = st.columns([1, 2])
kind = left.radio(
    t("espacial.what"),
    ["indicator", "scenario"],
    format_func=lambda k: t(f"espacial.what.{k}"),
    key="espacial.kind",
)
if kind == "indicator":
    labels = data.indicator_labels(language)
    options = data.indicators_available(level)
    name = right.selectbox(
        t("common.indicator"),
        options,
        index=options.index("pobreza") if "pobreza" in options else 0,
        format_func=lambda c: labels.get(c, c),
        key="espacial.indicator",
    )
    title = str(labels.get(name, name))
else:
    name = right.selectbox(
        t("espacial.scenario"),
        data_causes.scenario_choices(),
        format_func=lambda p: data.preset_name(p, language),
        key="espacial.scenario",
    )
    title = t("espacial.score_of", scenario=data.preset_name(name, language))

left, middle, right = st.columns(3)
smoothing = left.selectbox(
    t("espacial.smoothing"),
    ["none", "global", "spatial"],
    format_func=lambda s: t(f"espacial.smoothing.{s}"),
    key="espacial.smoothing",
    help=t("espacial.smoothing.help"),
)
alpha = middle.select_slider(
    t("espacial.alpha"),
    options=[0.01, 0.05, 0.10],
    value=0.05,
    format_func=lambda a: format_number(a, language, decimals=2),
    key="espacial.alpha",
)
fdr = right.toggle(t("espacial.fdr"), value=True, key="espacial.fdr", help=t("espacial.fdr.help"))
lens = group = None
if level == "municipio":
    lens, group = components.lens_picker("espacial", compare_label=t("espacial.compare_groups"))

with st.spinner(t("causas.computing")):
    result = data_causes.spatial_pattern(
        level,
        kind,
        name,
        smoothing=smoothing,
        alpha=float(alpha),
        fdr=bool(fdr),
        lens=lens or None,
        group=group or None,
    )
moran = result.moran
clusters = result.clusters

a, b, c = st.columns(3)
a.metric(t("espacial.moran"), format_number(moran.moran_i, language, decimals=3))
b.metric(t("espacial.p_value"), format_number(moran.p_sim, language, decimals=4))
c.metric(t("espacial.n"), format_number(moran.n, language, decimals=0))
st.markdown(
    t(
        "espacial.reading",
        i=format_number(moran.moran_i, language, decimals=2),
        p=format_number(moran.p_sim, language, decimals=4),
        permutations=format_number(moran.permutations, language, decimals=0),
        seed=moran.seed,
    )
)
if result.dropped:
    st.caption(t("espacial.dropped", n=len(result.dropped)))

display = {key: t(f"espacial.cluster.{key}") for key in figures_causes.CLUSTER_COLORS}
st.subheader(t("espacial.map_title", what=title))
st.plotly_chart(
    figures_causes.category_map(
        data.geojson_source(level),
        clusters,
        category="cluster",
        order=list(figures_causes.CLUSTER_COLORS),
        colors=list(figures_causes.CLUSTER_COLORS.values()),
        display=display,
        legend_title=t("espacial.legend"),
        missing=data.territory_names(level).reindex(result.dropped),
        missing_label=t("common.no_value"),
    ),
    key="espacial.map",
    config={"displaylogo": False, "scrollZoom": True},
)
counts = clusters["cluster"].map(display).value_counts()
st.caption(" · ".join(f"{label}: {n}" for label, n in counts.items()))

with st.expander(t("espacial.scatter"), expanded=False):
    st.plotly_chart(
        figures_causes.moran_scatter(
            clusters,
            names=clusters["name"],
            display=display,
            x_title=t("espacial.scatter.x"),
            y_title=t("espacial.scatter.y"),
            slope=moran.moran_i,
            slope_text=t("espacial.moran") + " = " + format_number(moran.moran_i, language),
            language=language,
        ),
        key="espacial.scatter.chart",
    )

if lens and not group:
    st.subheader(t("espacial.by_group_title", lens=t(f"causas.lens.{lens}")))
    st.caption(t("espacial.by_group_note"))
    with st.spinner(t("causas.computing")):
        by_group = data_causes.spatial_by_group(kind, name, lens, smoothing=smoothing)
    by_group = by_group.assign(grupo=by_group["grupo"].map(components.group_label))
    group_labels = {
        "grupo": t("causas.group"),
        "n": t("espacial.n"),
        "moran_i": t("espacial.moran"),
        "p_sim": t("espacial.p_value"),
        **{f"n_{key}": t("causas.col.n_cluster", cluster=text) for key, text in display.items()},
    }
    st.dataframe(
        data.people_table(
            by_group[[c for c in group_labels if c in by_group]], language, group_labels
        ),
        hide_index=True,
        width="stretch",
    )

headers = {
    "raw_value": title,
    "value": t("causas.col.value_smoothed"),
    "z": t("causas.col.z"),
    "spatial_lag": t("causas.col.spatial_lag"),
    "local_i": t("causas.col.local_i"),
    "p_sim": t("causas.col.p_sim"),
    "cluster": t("causas.col.cluster"),
}
shown = ["name", "raw_value", *(["value"] if smoothing != "none" else []), "z", "spatial_lag"]
table = clusters.assign(cluster=clusters["cluster"].map(display))[
    [*shown, "local_i", "p_sim", "cluster"]
].rename_axis("code")
components.data_table(table, labels=headers)
components.downloads(
    table, name=f"raices_{level}_lisa_{name}", key="espacial.dl", level=level, labels=headers
)
