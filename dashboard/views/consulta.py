"""Consulta: the participant's form, reached through a round link (``?ronda=…``).

Anonymous: no name is asked. A pairwise (AHP) answer whose consistency ratio is above
0.10 is stored and flagged, and the participant is shown the judgements that disagree
most with the rest and invited to revise; a revised answer replaces the first one.
"""

from __future__ import annotations

import streamlit as st

from analysis.consultation.elicitation import SCALE_VALUES, scale_text, theme_pairs
from analysis.consultation.spec import AGE_GROUPS, PUEBLOS, SECTORS, SEXES
from analysis.errors import RaicesError
from dashboard import state
from dashboard.data import consultation as rounds

t = state.t
language = state.language()
LANGUAGE_INDEX = 1 if language == "en" else 0
SENT = "consulta.sent"  # session key: {link: code of this browser's submission}

st.title(t("consulta.title"))
link = str(st.query_params.get("ronda", "")).strip()
if not link:
    st.info(t("consulta.no_link"))
    st.stop()
try:
    spec = rounds.round_by_link(link, language)
except RaicesError:
    st.warning(t("consulta.unknown_link"))
    st.stop()

st.subheader(spec.name)  # the secretariat's text; subheader renders no markdown links
if spec.date:
    st.caption(t("consulta.date", date=spec.date))
if spec.description:
    st.text(spec.description)
if spec.status != "abierta":
    st.info(t("consulta.closed"))
    st.stop()
st.caption(t("consulta.anonymous"))
sent = st.session_state.setdefault(SENT, {})
earlier = sent.get(link)


def _options(labels: dict[str, tuple[str, str]], optional: bool) -> tuple[list, dict]:
    keys: list = [None] if optional else []
    keys += list(labels)
    names = {None: t("consulta.no_answer")} | {k: v[LANGUAGE_INDEX] for k, v in labels.items()}
    return keys, names


def _pair_text(value: float, first: str, second: str) -> str:
    if value > 1:
        return t("consulta.pair.more", item=first, times=scale_text(value))
    if value < 1:
        return t("consulta.pair.more", item=second, times=scale_text(1 / value))
    return t("consulta.pair.equal")


places = rounds.territory_options(spec.level)
with st.form("consulta.form"):
    keys, names = _options(SECTORS, optional=False)
    sector = st.selectbox(t("consulta.sector"), keys, format_func=names.get, key="consulta.sector")
    territory = st.selectbox(
        t(f"consulta.territory.{spec.level}"),
        list(places.index),
        format_func=lambda code: str(places[code]),
        index=None,
        placeholder=t("common.choose"),
        key="consulta.territory",
    )
    with st.expander(t("consulta.optional"), expanded=False):
        keys, names = _options(PUEBLOS, optional=True)
        pueblo = st.selectbox(
            t("consulta.pueblo"), keys, format_func=names.get, key="consulta.pueblo"
        )
        keys, names = _options(SEXES, optional=True)
        sex = st.selectbox(t("consulta.sex"), keys, format_func=names.get, key="consulta.sexo")
        keys, names = _options(AGE_GROUPS, optional=True)
        age = st.selectbox(t("consulta.age"), keys, format_func=names.get, key="consulta.edad")
    values: dict = {}
    if spec.method == "presupuesto":
        st.markdown(t("consulta.budget.intro"))
        for item in spec.items:
            values[item] = st.number_input(
                spec.label(item),
                min_value=0,
                max_value=100,
                value=0,
                step=1,
                key=f"consulta.points.{item}",
            )
    else:
        st.markdown(t("consulta.ahp.intro"))
        options = sorted(SCALE_VALUES)  # B 9× … equal … A 9×, left to right
        for first, second in theme_pairs(spec.items):
            a, b = spec.label(first), spec.label(second)
            values[(first, second)] = st.select_slider(
                t("consulta.pair.label", first=a, second=b),
                options=options,
                value=1.0,
                format_func=lambda v, a=a, b=b: _pair_text(v, a, b),
                key=f"consulta.pair.{first}.{second}",
            )
    comment = st.text_area(t("consulta.comment"), max_chars=2000, key="consulta.comment")
    submitted = st.form_submit_button(
        t("consulta.resend") if earlier else t("consulta.send"), type="primary", key="consulta.send"
    )

if submitted:
    problem = None
    if territory is None:
        problem = t("consulta.need_territory")
    elif spec.method == "presupuesto" and sum(values.values()) != 100:
        problem = t("consulta.budget.sum", total=sum(values.values()))
    if problem:
        st.error(problem)
        st.stop()
    answer = {
        "sector": sector,
        "territory": int(territory),
        "pueblo": pueblo,
        "sex": sex,
        "age_group": age,
        "comment": comment,
    }
    if spec.method == "presupuesto":
        answer["points"] = {k: float(v) for k, v in values.items()}
    else:
        answer["judgements"] = {k: float(v) for k, v in values.items()}
    try:
        receipt = rounds.submit(link, answer, replaces=earlier)
    except RaicesError as error:
        st.error(t("consulta.refused", detail=error.message))
        st.stop()
    sent[link] = receipt.code
    st.session_state["consulta.receipt"] = receipt

receipt = st.session_state.get("consulta.receipt")
if receipt is not None and sent.get(link) == receipt.code:
    if receipt.ahp is not None and not receipt.ahp.consistent:
        st.warning(
            t(
                "consulta.revise",
                cr=f"{receipt.ahp.consistency_ratio:.2f}".replace(
                    ".", "," if language == "es" else "."
                ),
            )
        )
        for judgement in receipt.ahp.to_revise(2):
            a, b = spec.label(judgement.first), spec.label(judgement.second)
            st.text(
                t(
                    "consulta.revise.item",
                    first=a,
                    second=b,
                    said=_pair_text(judgement.value, a, b),
                    suggested=_pair_text(judgement.suggested, a, b),
                )
            )
        st.caption(t("consulta.revise.kept"))
    else:
        st.success(t("consulta.thanks"))
    weights = receipt.weights.rename(index=lambda item: spec.label(str(item)))
    st.caption(t("consulta.your_weights"))
    st.dataframe(
        (100 * weights).round(1).rename(t("consulta.weight_pct")).to_frame(),
        width="content",
    )
