"""Tipologías: groups of territories with a similar profile of causes, named in the
reader's language."""

from __future__ import annotations

import streamlit as st

from analysis.formatting import format_number
from dashboard import components, data, state
from dashboard.data import causes as data_causes
from dashboard.figures import causes as figures_causes

t = state.t
language = state.language()

st.title(t("tipologias.title"))
st.caption(t("tipologias.intro"))

level = components.level_picker(key="tipologias.level")
left, middle, right = st.columns(3)
features = left.selectbox(
    t("tipologias.features"),
    data_causes.typology_feature_choices(),
    format_func=lambda s: (
        t("tipologias.features.zscores")
        if s == "zscores"
        else t(
            "tipologias.features.scenario",
            scenario=data.preset_name(s.removeprefix("scenario:"), language),
        )
    ),
    key="tipologias.features",
)
method = middle.radio(
    t("tipologias.method"),
    data_causes.TYPOLOGY_METHODS,
    format_func=lambda m: t(f"tipologias.method.{m}"),
    horizontal=True,
    key="tipologias.method",
)
choice = right.selectbox(
    t("tipologias.k"),
    data_causes.TYPOLOGY_SIZES,
    format_func=lambda k: t("tipologias.k.auto") if k == "auto" else str(k),
    key="tipologias.k",
)
lens = group = None
if level == "municipio":
    lens, group = components.lens_picker("tipologias")

with st.spinner(t("causas.computing")):
    result = data_causes.typology_result(
        level,
        features,
        method=method,
        n_groups=data_causes.typology_groups(choice),
        lens=lens or None,
        group=group or None,
        language=language,
    )
groups = result.groups
st.markdown(
    t(
        "tipologias.reading",
        k=result.k,
        silhouette=format_number(result.silhouette, language, decimals=3),
        criterion=t("tipologias.criterion.auto")
        if choice == "auto"
        else t("tipologias.criterion.fixed"),
    )
)
st.caption(
    t(
        "tipologias.coverage",
        used=format_number(len(result.assignments), language, decimals=0),
        dropped=format_number(result.n_dropped, language, decimals=0),
    )
)
st.dataframe(
    groups[["group", "n", "name"]].rename(
        columns={
            "group": t("tipologias.group"),
            "n": t("tipologias.size"),
            "name": t("tipologias.name"),
        }
    ),
    hide_index=True,
    width="stretch",
)
st.markdown(f"**{t('tipologias.profile')}**")
for row in groups.itertuples():
    st.caption(f"{t('tipologias.group')} {row.group}: {row.profile}")

assignments = result.assignments
order = [str(g) for g in groups["group"]]
display = {str(row.group): f"{row.group}. {row.name}" for row in groups.itertuples()}
st.plotly_chart(
    figures_causes.category_map(
        data.geojson_source(level),
        assignments.assign(category=assignments["group"].astype(str)),
        category="category",
        order=order,
        colors=list(figures_causes.GROUP_COLORS[: len(order)]),
        display={key: figures_causes.wrap(display[key], 44) for key in order},
        legend_title=t("tipologias.group"),
    ),
    key="tipologias.map",
    config={"displaylogo": False, "scrollZoom": True},
)

st.subheader(t("tipologias.centroids_title"))
theme_names = data.theme_labels(language)
centroids = result.centroids
st.plotly_chart(
    figures_causes.centroid_heatmap(
        centroids,
        row_labels=[display[str(g)] for g in centroids.index],
        column_labels=[str(theme_names.get(c, c)) for c in centroids.columns],
        title="z",
        language=language,
    ),
    key="tipologias.heatmap",
)
left, _ = st.columns([1, 1])
with left:
    st.subheader(t("tipologias.criterion_title"))
    st.plotly_chart(
        figures_causes.silhouette_chart(
            result.scores,
            x_title=t("tipologias.k_axis"),
            y_title=t("tipologias.silhouette"),
            language=language,
        ),
        key="tipologias.silhouette",
    )

st.subheader(t("tipologias.regions_title"))
st.caption(t("tipologias.regions_intro"))
left, right = st.columns([1, 2])
propose = left.toggle(t("tipologias.regions_toggle"), value=False, key="tipologias.regions")
if propose:
    n_regions = right.slider(t("tipologias.regions_n"), 4, 12, 8, key="tipologias.regions_n")
    with st.spinner(t("causas.computing")):
        proposal = data_causes.regions_result(level, features, int(n_regions), language)
    regions = proposal.table
    st.caption(
        t(
            "tipologias.regions_coverage",
            used=format_number(len(regions), language, decimals=0),
            dropped=format_number(proposal.n_dropped, language, decimals=0),
        )
    )
    region_order = [str(r) for r in sorted(regions["region"].unique())]
    st.plotly_chart(
        figures_causes.category_map(
            data.geojson_source(level),
            regions.assign(category=regions["region"].astype(str)),
            category="category",
            order=region_order,
            colors=[
                figures_causes.GROUP_COLORS[i % len(figures_causes.GROUP_COLORS)]
                for i in range(len(region_order))
            ],
            display={key: f"{t('tipologias.region')} {key}" for key in region_order},
            detail="region_name",
            legend_title=t("tipologias.region"),
        ),
        key="tipologias.regions_map",
        config={"displaylogo": False, "scrollZoom": True},
    )
    assignments = assignments.join(regions[["region", "region_name"]])

headers = {
    "group": t("causas.col.group"),
    "group_name": t("causas.col.group_name"),
    "region": t("causas.col.region"),
    "region_name": t("causas.col.region_name"),
}
components.data_table(assignments, labels=headers)
components.downloads(
    assignments, name=f"raices_{level}_tipologia", key="tipologias.dl", level=level, labels=headers
)
