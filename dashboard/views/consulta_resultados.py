"""Consulta — resultados: the secretariat opens rounds, follows participation, reads the
agreement and the pilot across voices, and saves the consensus as a scenario.

Every rule (only the secretariat opens, closes, imports and saves) is enforced by the
store; this page only mirrors it.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from analysis.consultation.aggregation import RULES
from analysis.consultation.report import agreement_words
from analysis.consultation.spec import SECTORS, RoundSpec
from analysis.errors import RaicesError
from analysis.formatting import format_number
from dashboard import data, login, state
from dashboard.data import consultation as rounds
from dashboard.figures import consultation as figures

t = state.t
language = state.language()
LANGUAGE_INDEX = 1 if language == "en" else 0

login.login_form()
st.title(t("consulta.results.title"))
principal = login.current_principal()
if getattr(principal.role, "value", principal.role) != "secretaria":
    st.info(t("consulta.results.login"))
    st.stop()

revision = rounds.revision()

# ------------------------------------------------------------------ open a round
with st.expander(t("consulta.open.title"), expanded=rounds.rounds(revision).empty):
    themes = data.theme_labels(language)
    with st.form("consulta.open"):
        name = st.text_input(t("consulta.open.name"), max_chars=200, key="consulta.open.name")
        held_on = st.date_input(
            t("consulta.open.date"), value=date.today(), key="consulta.open.date"
        )
        description = st.text_area(
            t("consulta.open.description"), max_chars=2000, key="consulta.open.description"
        )
        level = st.radio(
            t("common.level"),
            ["departamento", "municipio"],
            format_func=lambda v: t(f"common.level.{v}"),
            horizontal=True,
            key="consulta.open.level",
        )
        method = st.radio(
            t("consulta.open.method"),
            ["presupuesto", "ahp"],
            format_func=lambda v: t(f"consulta.method.{v}"),
            horizontal=True,
            key="consulta.open.method",
        )
        usable = [theme for theme in themes.index if theme in rounds.weighable_themes(level)]
        items = st.multiselect(
            t("consulta.open.themes"),
            usable,
            default=usable,
            format_func=lambda v: str(themes.get(v, v)),
            key="consulta.open.themes",
        )
        k = st.number_input(t("prior.k"), min_value=1, max_value=60, value=5, key="consulta.open.k")
        max_per_dept = st.number_input(
            t("consulta.open.max_per_dept"),
            min_value=0,
            max_value=20,
            value=0,
            key="consulta.open.max",
        )
        opened = st.form_submit_button(t("consulta.open.submit"), type="primary")
    if opened:
        import dataclasses

        from analysis.priority.scenario import DEFAULT_PRESET, load_preset
        from analysis.priority.selection import SelectionConstraints

        try:
            base = dataclasses.replace(
                load_preset(DEFAULT_PRESET),
                level=level,
                pilot=SelectionConstraints(k=int(k), max_per_dept=int(max_per_dept) or None),
            )
            new = rounds.open_round(
                principal,
                RoundSpec(
                    name=name,
                    date=held_on.isoformat() if held_on else "",
                    description=description,
                    level=level,
                    method=method,
                    items=tuple(items),
                    scenario_toml=base.to_toml(),
                ),
            )
        except RaicesError as error:
            st.error(t("app.error", detail=str(error)))
        else:
            st.session_state["consulta.results.round"] = new.round_id
            st.success(t("consulta.open.done", name=new.name))
            revision = rounds.revision()

listing = rounds.rounds(revision)
if listing.empty:
    st.info(t("consulta.results.none"))
    st.stop()

ids = listing["id"].astype(int).tolist()
labels = dict(zip(ids, listing["name"].astype(str), strict=True))
if st.session_state.get("consulta.results.round") not in ids:
    st.session_state["consulta.results.round"] = ids[0]
round_id = st.selectbox(
    t("consulta.results.round"),
    ids,
    format_func=lambda i: f"{i} · {labels[i]}",
    key="consulta.results.round",
)
spec = rounds.round_spec(int(round_id), revision, language)
row = listing.set_index("id").loc[round_id]

st.caption(t(f"consulta.method.{spec.method}") + " · " + t(f"common.level.{spec.level}"))
st.text(t("consulta.results.link"))
st.code(f"/consulta?ronda={spec.link}", language=None)
left, middle, right = st.columns(3)
left.metric(t("consulta.results.submissions"), int(row["submissions"]))
new_status = "cerrada" if spec.status == "abierta" else "abierta"
if middle.button(t(f"consulta.results.set.{new_status}"), key="consulta.results.status"):
    rounds.set_status(principal, int(round_id), new_status)
    st.rerun()
right.download_button(
    t("consulta.results.template"),
    data=rounds.template_bytes(int(round_id), revision),
    file_name=f"plantilla_consulta_{round_id}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="consulta.results.template",
)
st.caption(t(f"consulta.status.{spec.status}"))

with st.expander(t("consulta.import.title")):
    upload = st.file_uploader(
        t("consulta.import.file"), type=["xlsx", "csv"], key="consulta.import.file"
    )
    if upload is not None and st.button(t("consulta.import.submit"), key="consulta.import.submit"):
        workshop = rounds.import_workshop(
            principal, int(round_id), upload.name, upload.getvalue(), language
        )
        if workshop.ok:
            st.success(t("consulta.import.done", n=len(workshop.answers)))
            revision = rounds.revision()
        else:
            st.error(t("consulta.import.refused", n=len(workshop.problems)))
            st.dataframe(workshop.problems_table(), hide_index=True, width="stretch")

if int(rounds.rounds(revision).set_index("id").at[round_id, "submissions"]) == 0:
    st.info(t("consulta.results.empty"))
    st.stop()

rules = RULES[spec.method]
rule = st.radio(
    t("consulta.results.rule"),
    list(rules),
    format_func=lambda r: t(f"consulta.rule.{r}"),
    horizontal=True,
    key="consulta.results.rule",
)
with st.spinner(t("app.computing")):
    result = rounds.round_result(int(round_id), revision, rule, language)

w = result.concordance
consequences = result.consequences
strong = consequences.strong if consequences is not None else []
one, two, three = st.columns(3)
one.metric(t("consulta.results.w"), format_number(w.w, language, decimals=2))
two.metric(t("consulta.results.submissions"), result.participation.total)
three.metric(t("consulta.results.strong"), len(strong))
if w.w == w.w:
    st.caption(
        t(
            "consulta.results.w_reading",
            words=t(f"consulta.agreement.{agreement_words(w.w).replace(' ', '_')}"),
            n=w.participants,
            p=format_number(w.p_value, language, decimals=3),
        )
    )

agreement, pilot, weights_tab, participation_tab, comments_tab = st.tabs(
    [
        t("consulta.tab.agreement"),
        t("consulta.tab.pilot"),
        t("consulta.tab.weights"),
        t("consulta.tab.participation"),
        t("consulta.tab.comments"),
    ]
)
sector_name = {k: v[LANGUAGE_INDEX] for k, v in SECTORS.items()}

with agreement:
    st.subheader(t("consulta.results.w"))
    st.text(t("consulta.results.w_value", w=format_number(w.w, language, decimals=3)))
    correlation = result.group_correlation.copy()
    if not correlation.empty:
        st.caption(t("consulta.results.correlation"))
        correlation["group_a"] = correlation["group_a"].map(lambda g: sector_name.get(g, g))
        correlation["group_b"] = correlation["group_b"].map(lambda g: sector_name.get(g, g))
        st.dataframe(
            correlation.rename(
                columns={
                    "group_a": t("consulta.col.sector"),
                    "group_b": t("consulta.col.sector_b"),
                    "spearman": "Spearman",
                }
            ),
            hide_index=True,
            width="stretch",
        )
    st.caption(t("consulta.results.dividing"))
    dividing = result.dividing.copy()
    dividing.insert(0, t("common.theme"), [spec.label(str(i)) for i in dividing.index])
    # written for the reader: shares as percentages («100 %», not a bare 1), decimal comma
    for column in [c for c in ("share_first", "share_last") if c in dividing]:
        dividing[column] = [
            format_number(v, language, percent=True, decimals=0) for v in dividing[column]
        ]
    for column in [c for c in ("iqr", "rank_sd", "group_gap") if c in dividing]:
        dividing[column] = [format_number(v, language, decimals=2) for v in dividing[column]]
    dividing = dividing.rename(
        columns={
            "iqr": t("consulta.col.iqr"),
            "rank_sd": t("consulta.col.rank_sd"),
            "share_first": t("consulta.col.first"),
            "share_last": t("consulta.col.last"),
            "group_gap": t("consulta.col.gap"),
            "divides": t("consulta.col.divides"),
        }
    )
    st.dataframe(dividing, hide_index=True, width="stretch")

with pilot:
    if consequences is None or consequences.pilot is None:
        st.info(t("consulta.results.no_pilot"))
    else:
        names = data.territory_names(spec.level)
        summary = consequences.summary(names)
        shown = summary[summary["p_selected"] > 0].head(30).copy()
        shown["label"] = shown["name"].astype(str)
        st.caption(
            t("consulta.results.pilot_intro", k=consequences.k, voices=result.participation.total)
        )
        st.plotly_chart(
            figures.voices_pilot(shown, x_title=t("consulta.results.pilot_axis")),
            key="consulta.results.pilot_chart",
            config={"displaylogo": False},
        )
        if consequences.pilot.infeasible:
            st.warning(t("consulta.results.infeasible", n=consequences.pilot.infeasible))
        table = summary.rename(
            columns={
                "name": t("common.name"),
                "rank_median": t("consulta.col.rank_median"),
                "rank_best": t("consulta.col.rank_best"),
                "rank_worst": t("consulta.col.rank_worst"),
                "p_top_k": t("consulta.col.p_top_k", k=consequences.k),
                "p_selected": t("consulta.col.p_selected"),
                "strong": t("consulta.col.strong"),
            }
        )
        st.dataframe(table.head(60), width="stretch")

with weights_tab:
    spread = result.combined.spread
    combined = pd.DataFrame(
        {
            "label": [spec.label(str(i)) for i in result.combined.weights.index],
            "weight": result.combined.weights.to_numpy(),
            "p25": spread["p25"].to_numpy(),
            "p75": spread["p75"].to_numpy(),
        }
    )
    st.plotly_chart(
        figures.combined_weights(
            combined,
            x_title=t("consulta.results.weights_axis"),
            spread_name=t("consulta.col.iqr"),
            weight_name=t("consulta.col.weight"),
        ),
        key="consulta.results.weights_chart",
        config={"displaylogo": False},
    )
    grouping = st.radio(
        t("consulta.results.by"),
        ["sector", "territory", "pueblo"],
        format_func=lambda g: t(f"consulta.group.{g}"),
        horizontal=True,
        key="consulta.results.by",
    )
    groups = result.by_group[grouping].copy()
    groups["theme"] = groups["theme"].map(lambda i: spec.label(str(i)))
    if grouping == "sector":
        groups["group"] = groups["group"].map(lambda g: sector_name.get(g, g))
    elif grouping == "territory":
        place = data.territory_names(spec.level)
        groups["group"] = groups["group"].map(
            lambda g: str(place.get(int(g), g)) if str(g).isdigit() else g
        )
    pivot = groups.pivot_table(index="group", columns="theme", values="weight").mul(100).round(1)
    st.dataframe(pivot, width="stretch")

with participation_tab:
    part = result.participation
    counts = part.counts["sector"].copy()
    counts["label"] = counts["value"].map(lambda v: sector_name.get(v, t("consulta.no_answer")))
    st.plotly_chart(
        figures.participation_bars(counts, x_title=t("consulta.results.submissions")),
        key="consulta.results.participation_chart",
        config={"displaylogo": False},
    )
    if part.missing_sectors:
        st.warning(
            t(
                "consulta.results.missing_sectors",
                sectors=", ".join(sector_name[s] for s in part.missing_sectors),
            )
        )
    if part.missing_departamentos:
        depts = data.territory_names("departamento")
        st.warning(
            t(
                "consulta.results.missing_depts",
                n=len(part.missing_departamentos),
                names=", ".join(str(depts.get(d, d)) for d in part.missing_departamentos),
            )
        )
    if spec.method == "ahp":
        st.caption(t("consulta.results.inconsistent", n=part.inconsistent, total=part.total))

with comments_tab:
    profile = result.responses.profile
    heaviest = result.responses.weights.idxmax(axis=1).map(lambda i: spec.label(str(i)))
    comments = pd.DataFrame(
        {t("consulta.col.heaviest"): heaviest, t("consulta.comment"): profile["comment"].fillna("")}
    )
    comments = comments[comments[t("consulta.comment")].astype(str).str.strip() != ""]
    if comments.empty:
        st.info(t("consulta.results.no_comments"))
    else:
        st.dataframe(
            comments.sort_values(t("consulta.col.heaviest")), hide_index=True, width="stretch"
        )

st.subheader(t("consulta.results.consensus"))
st.text(result.consensus.name)
st.caption(result.consensus.description)
st.text(t("consulta.results.fingerprint", hash=result.consensus.hash()))
save, download_pdf, download_toml = st.columns(3)
if save.button(t("consulta.results.save"), type="primary", key="consulta.results.save"):
    toml = rounds.consensus_toml(result)
    fingerprint = rounds.save_consensus(principal, int(round_id), toml)
    state.kept_scenarios()[result.consensus.name] = toml
    st.success(t("consulta.results.saved", name=result.consensus.name, hash=fingerprint))
download_pdf.download_button(
    t("consulta.results.pdf"),
    data=lambda: rounds.report_pdf(int(round_id), revision, rule),
    file_name=f"informe_consulta_{round_id}.pdf",
    mime="application/pdf",
    key="consulta.results.pdf",
    on_click="ignore",
)
download_toml.download_button(
    t("consulta.results.toml"),
    data=rounds.consensus_toml(result),
    file_name=f"escenario_consenso_{round_id}.toml",
    mime="application/toml",
    key="consulta.results.toml",
)
