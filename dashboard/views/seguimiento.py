"""Recording actions (institution editors and the secretariat): create and edit one action,
a results measurement, a meeting and an agreement; the secretariat publishes and registers
institutions.

The forms follow the principal's role, but every rule is checked again by the store
(:mod:`analysis.monitoring.service`): a refused save is shown as one line, a save that
arrives after someone else's as a conflict, and nothing is overwritten. Each form keeps the
version of the record it opened, so the store can tell a stale save.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from analysis.errors import RaicesError
from dashboard import data, login, state
from dashboard import seguimiento_components as parts
from dashboard.data import monitoring as records

OPENED = "seguimiento.opened"  # session key: {(table, id): version the form was opened with}

login.login_form()
st.title(state.t("seguimiento.registro.title"))
st.markdown(state.t("seguimiento.registro.intro"))
principal = login.current_principal()
language = state.language()
if principal.role is None:
    st.info(state.t("seguimiento.login.needed"))
    parts.how_to_start("registro")
    st.stop()

key = records.visibility(principal)
revision = records.revision()
shown = records.frames(key, revision)
role = key[0]
institutions = shown["institutions"]
names = dict(zip(institutions["institution_id"], institutions["name"], strict=True))
parts.scope_caption(key)
opened: dict = st.session_state.setdefault(OPENED, {})


def institution_label(institution_id) -> str:
    return str(names.get(institution_id, institution_id))


def reopen(table: str, record_id: int, prefix: str) -> None:
    """Forget the form's opened version and typed values: the record opens afresh."""
    opened.pop((table, record_id), None)
    for name in [k for k in st.session_state if str(k).startswith(prefix + ".")]:
        del st.session_state[name]


def save(work, what: str, *, record: tuple[str, int, str] | None = None) -> bool:
    """Run a store write; show one line for what was saved or why it was refused.

    ``record`` = (table, id, form prefix): after a conflict, a button reopens that record
    with the values someone else saved (nothing of theirs is overwritten).
    """
    from analysis.records.locking import ConflictError

    try:
        result = work()
    except RaicesError as error:
        parts.show_error(error)
        if isinstance(error, ConflictError) and record is not None:
            st.button(
                state.t("seguimiento.form.reopen"),
                on_click=reopen,
                args=record,
                key=f"seguimiento.reopen.{record[0]}.{record[1]}",
            )
        return False
    del result
    st.session_state["seguimiento.flash"] = state.t("seguimiento.saved", what=what)
    return True


flash = st.session_state.pop("seguimiento.flash", None)
if flash:
    st.success(flash)

labels = [
    state.t("seguimiento.tab.action"),
    state.t("seguimiento.tab.measurement"),
    state.t("seguimiento.tab.meeting"),
    state.t("seguimiento.tab.agreement"),
]
if role == "secretaria":
    labels += [state.t("seguimiento.tab.publish"), state.t("seguimiento.tab.institutions")]
tabs = st.tabs(labels)

# ------------------------------------------------------------------------------ action
with tabs[0]:
    if institutions.empty:
        st.warning(state.t("seguimiento.form.no_institutions"))
    else:
        actions = shown["actions"]
        mine = actions if role == "secretaria" else actions[actions["institution_id"] == key[1]]
        choice = st.selectbox(
            state.t("seguimiento.form.pick_action"),
            [None, *mine.index.tolist()],
            format_func=lambda i: (
                state.t("seguimiento.form.new") if i is None else f"{i} · {mine.at[i, 'title']}"
            ),
            key=f"seguimiento.action.pick.{language}",
        )
        current = records.editable_action(principal, int(choice)) if choice is not None else {}
        if choice is not None:
            version = opened.setdefault(("actions", int(choice)), current["version"])
            st.caption(state.t("seguimiento.form.version", version=version))
        prefix = f"seguimiento.action.{choice or 'new'}"
        themes = [None, *records.vocabulary_codes("theme")]
        commissions = [None, *records.vocabulary_codes("commission")]
        types = records.action_type_choices()
        munis = data.territory_names("municipio").sort_values()
        depts = data.territory_names("departamento").sort_values()
        places = current.get("territories", [])
        reach = {(d, g): p for d, g, p in current.get("reach", [])}
        default_institution = current.get("institution_id") or key[1] or next(iter(names))
        with st.form(f"{prefix}.form", border=True):
            left, right = st.columns(2)
            institution = left.selectbox(
                state.t("seguimiento.form.institution"),
                list(names),
                index=list(names).index(default_institution) if default_institution in names else 0,
                format_func=institution_label,
                key=f"{prefix}.institution",
            )
            partners = right.multiselect(
                state.t("seguimiento.form.partners"),
                list(names),
                default=[p for p in current.get("partner_ids", []) if p in names],
                format_func=institution_label,
                placeholder=state.t("common.choose"),
                key=f"{prefix}.partners",
            )
            title = st.text_input(
                state.t("seguimiento.form.title"), current.get("title") or "", key=f"{prefix}.title"
            )
            description = st.text_area(
                state.t("seguimiento.form.description"),
                current.get("description") or "",
                key=f"{prefix}.description",
            )
            left, middle, right = st.columns(3)
            theme = left.selectbox(
                state.t("seguimiento.form.theme"),
                themes,
                index=themes.index(current.get("theme")) if current.get("theme") in themes else 0,
                format_func=lambda c: (
                    "—" if c is None else records.vocabulary_label("theme", c, language)
                ),
                key=f"{prefix}.theme",
            )
            commission = middle.selectbox(
                state.t("seguimiento.form.commission"),
                commissions,
                index=commissions.index(current.get("commission"))
                if current.get("commission") in commissions
                else 0,
                format_func=lambda c: (
                    "—" if c is None else records.vocabulary_label("commission", c, language)
                ),
                key=f"{prefix}.commission",
            )
            type_codes = list(types)
            action_type = right.selectbox(
                state.t("seguimiento.form.type"),
                type_codes,
                index=type_codes.index(current["action_type"])
                if current.get("action_type") in type_codes
                else 0,
                format_func=lambda c: types[c][1 if language == "en" else 0],
                key=f"{prefix}.type",
            )
            municipios = st.multiselect(
                state.t("seguimiento.form.municipios"),
                munis.index.tolist(),
                default=[c for level, c in places if level == "municipio"],
                format_func=lambda c: f"{munis[c]} · {c}",
                placeholder=state.t("common.choose"),
                key=f"{prefix}.municipios",
            )
            departamentos = st.multiselect(
                state.t("seguimiento.form.departamentos"),
                depts.index.tolist(),
                default=[c for level, c in places if level == "departamento"],
                format_func=lambda c: f"{depts[c]} · {c}",
                placeholder=state.t("common.choose"),
                key=f"{prefix}.departamentos",
            )
            left, middle, right = st.columns(3)
            start = left.date_input(
                state.t("seguimiento.form.start"), current.get("start_date"), key=f"{prefix}.start"
            )
            end = middle.date_input(
                state.t("seguimiento.form.end"), current.get("end_date"), key=f"{prefix}.end"
            )
            statuses = records.vocabulary_codes("status")
            status = right.selectbox(
                state.t("seguimiento.form.status"),
                statuses,
                index=statuses.index(current.get("status", "planificada")),
                format_func=lambda c: records.vocabulary_label("status", c, language),
                key=f"{prefix}.status",
            )
            segments = st.text_input(
                state.t("seguimiento.form.segments"),
                current.get("target_segments") or "",
                key=f"{prefix}.segments",
            )
            st.markdown(f"**{state.t('seguimiento.form.reached')}**")
            counts: dict[tuple[str, str], int | None] = {}
            for dimension in ("sexo", "edad", "pueblo"):
                groups = records.group_labels(dimension, language)
                columns = st.columns(len(groups))
                for column, (group, group_label) in zip(columns, groups.items(), strict=True):
                    counts[(dimension, group)] = column.number_input(
                        group_label,
                        min_value=0,
                        value=reach.get((dimension, group)),
                        step=1,
                        key=f"{prefix}.reach.{dimension}.{group}",
                    )
            left, middle, right = st.columns(3)
            planned = left.number_input(
                state.t("seguimiento.form.planned"),
                min_value=0.0,
                value=None
                if current.get("budget_planned") is None
                else float(current["budget_planned"]),
                key=f"{prefix}.planned",
            )
            executed = middle.number_input(
                state.t("seguimiento.form.executed"),
                min_value=0.0,
                value=None
                if current.get("budget_executed") is None
                else float(current["budget_executed"]),
                key=f"{prefix}.executed",
            )
            funding = right.text_input(
                state.t("seguimiento.form.funding"),
                current.get("funding_source") or "",
                key=f"{prefix}.funding",
            )
            left, right = st.columns(2)
            returnees = left.checkbox(
                state.t("seguimiento.form.returnees"),
                bool(current.get("returnees_included")),
                key=f"{prefix}.returnees",
            )
            in_pilot = right.checkbox(
                state.t("seguimiento.form.in_pilot"),
                bool(current.get("in_pilot")),
                key=f"{prefix}.pilot",
            )
            external = st.text_input(
                state.t("seguimiento.form.external_id"),
                current.get("external_id") or "",
                key=f"{prefix}.external",
            )
            notes = st.text_area(
                state.t("seguimiento.form.notes"), current.get("notes") or "", key=f"{prefix}.notes"
            )
            evidence = st.text_area(
                state.t("seguimiento.form.evidence"),
                "\n".join(current.get("evidence_links") or []),
                key=f"{prefix}.evidence",
            )
            submitted = st.form_submit_button(state.t("seguimiento.form.save"), type="primary")
        if submitted:
            values = {
                "institution_id": institution,
                "partner_ids": partners,
                "title": title,
                "description": description,
                "theme": theme,
                "commission": commission,
                "action_type": action_type,
                "territories": [("municipio", int(c)) for c in municipios]
                + [("departamento", int(c)) for c in departamentos],
                "start_date": start,
                "end_date": end,
                "status": status,
                "target_segments": segments,
                "reach": {k: v for k, v in counts.items() if v is not None},
                "budget_planned": planned,
                "budget_executed": executed,
                "funding_source": funding,
                "returnees_included": returnees,
                "in_pilot": in_pilot,
                "scenario_hash": records.scenario_stamp(records.adopted_scenario_text())[1]
                if in_pilot
                else current.get("scenario_hash"),
                "external_id": external,
                "notes": notes,
                "evidence_links": [line.strip() for line in evidence.splitlines() if line.strip()],
            }
            expected = opened.get(("actions", int(choice))) if choice is not None else None

            def work():
                action_id, version = records.save_action(
                    principal, values, None if choice is None else int(choice), expected
                )
                opened[("actions", action_id)] = version
                st.session_state["seguimiento.saved_action"] = action_id
                return action_id

            record = None if choice is None else ("actions", int(choice), prefix)
            if save(work, state.t("seguimiento.tab.action"), record=record):
                st.rerun()

# ------------------------------------------------------------------------------ measurement
with tabs[1]:
    indicators = shown["indicators"]
    if role != "secretaria":
        indicators = indicators[indicators["institution_id"] == key[1]]
    if indicators.empty:
        st.info(state.t("seguimiento.form.no_indicators"))
    else:
        with st.form("seguimiento.measurement", border=True):
            indicator = st.selectbox(
                state.t("seguimiento.form.indicator"),
                indicators["indicator_id"].tolist(),
                format_func=lambda i: str(
                    indicators.loc[indicators["indicator_id"] == i, "name"].iloc[0]
                ),
                key="seguimiento.measurement.indicator",
            )
            left, right = st.columns(2)
            measured_on = left.date_input(
                state.t("seguimiento.form.measured_on"), date.today(), key="seguimiento.measured_on"
            )
            value = right.number_input(
                state.t("seguimiento.form.value"), value=None, key="seguimiento.measurement.value"
            )
            if st.form_submit_button(state.t("seguimiento.form.save"), type="primary") and save(
                lambda: records.save_measurement(principal, int(indicator), measured_on, value),
                state.t("seguimiento.tab.measurement"),
            ):
                st.rerun()
    with (
        st.expander(state.t("seguimiento.form.new_indicator")),
        st.form("seguimiento.indicator", border=False),
    ):
        owner = st.selectbox(
            state.t("seguimiento.form.institution"),
            list(names),
            index=list(names).index(key[1]) if key[1] in names else 0,
            format_func=institution_label,
            key="seguimiento.indicator.institution",
        )
        name = st.text_input(
            state.t("seguimiento.form.indicator_name"), key="seguimiento.indicator.name"
        )
        left, middle, right, far = st.columns(4)
        kinds = records.vocabulary_codes("kind")
        kind = left.selectbox(
            state.t("seguimiento.form.kind"),
            kinds,
            format_func=lambda c: records.vocabulary_label("kind", c, language),
            key="seguimiento.indicator.kind",
        )
        unit = middle.text_input(state.t("seguimiento.form.unit"), key="seguimiento.indicator.unit")
        baseline = right.number_input(
            state.t("seguimiento.form.baseline"),
            value=None,
            key="seguimiento.indicator.baseline",
        )
        target = far.number_input(
            state.t("seguimiento.form.target"), value=None, key="seguimiento.indicator.target"
        )
        if st.form_submit_button(state.t("seguimiento.form.save")):
            values = {"institution_id": owner, "name": name, "kind": kind, "unit": unit,
                          "baseline": baseline, "target": target}  # fmt: skip
            if save(
                lambda: records.save_indicator(principal, values),
                state.t("seguimiento.form.new_indicator"),
            ):
                st.rerun()

# ------------------------------------------------------------------------------ meeting
with tabs[2]:
    if role != "secretaria":
        st.caption(state.t("seguimiento.secretariat_only"))
    meetings = shown["meetings"]
    chosen_meeting = st.selectbox(
        state.t("seguimiento.form.pick_meeting"),
        [None, *meetings["meeting_id"].tolist()],
        format_func=lambda i: (
            state.t("seguimiento.form.new")
            if i is None
            else " · ".join(
                str(v)
                for v in meetings.loc[
                    meetings["meeting_id"] == i, ["meeting_id", "held_on", "title"]
                ]
                .iloc[0]
                .fillna("")
            )
        ),
        key=f"seguimiento.meeting.pick.{language}",
    )
    meeting_now = (
        meetings[meetings["meeting_id"] == chosen_meeting].iloc[0].to_dict()
        if chosen_meeting is not None
        else {}
    )
    present = (
        shown["attendance"]
        .loc[shown["attendance"]["meeting_id"] == chosen_meeting, "institution_id"]
        .tolist()
    )
    if chosen_meeting is not None:
        opened.setdefault(("meetings", int(chosen_meeting)), int(meeting_now["version"]))
        st.caption(
            state.t("seguimiento.form.version", version=opened[("meetings", int(chosen_meeting))])
        )
    meeting_prefix = f"seguimiento.meeting.{chosen_meeting or 'new'}"
    with st.form(f"{meeting_prefix}.form", border=True):
        left, middle, right = st.columns(3)
        held_on = left.date_input(
            state.t("seguimiento.form.meeting_date"),
            meeting_now.get("held_on") or date.today(),
            key=f"{meeting_prefix}.date",
        )
        meeting_kinds = records.vocabulary_codes("meeting")
        meeting_kind = middle.selectbox(
            state.t("seguimiento.form.meeting_kind"),
            meeting_kinds,
            index=meeting_kinds.index(meeting_now["kind"])
            if meeting_now.get("kind") in meeting_kinds
            else 0,
            format_func=lambda c: records.vocabulary_label("meeting", c, language),
            key=f"{meeting_prefix}.kind",
        )
        commission_codes = [None, *records.vocabulary_codes("commission")]
        commission = right.selectbox(
            state.t("seguimiento.form.commission"),
            commission_codes,
            index=commission_codes.index(meeting_now.get("commission"))
            if meeting_now.get("commission") in commission_codes
            else 0,
            format_func=lambda c: (
                "—" if c is None else records.vocabulary_label("commission", c, language)
            ),
            key=f"{meeting_prefix}.commission",
        )
        meeting_title = st.text_input(
            state.t("seguimiento.form.title"),
            meeting_now.get("title") or "",
            key=f"{meeting_prefix}.title",
        )
        attending = st.multiselect(
            state.t("seguimiento.form.attending"),
            list(names),
            default=[i for i in present if i in names],
            format_func=institution_label,
            placeholder=state.t("common.choose"),
            key=f"{meeting_prefix}.attending",
        )
        if st.form_submit_button(state.t("seguimiento.form.save"), type="primary"):
            values = {"held_on": held_on, "kind": meeting_kind, "commission": commission,
                      "title": meeting_title}  # fmt: skip
            expected = (
                opened.get(("meetings", int(chosen_meeting)))
                if chosen_meeting is not None
                else None
            )

            def work():
                meeting_id, version = records.save_meeting(
                    principal,
                    values,
                    [int(i) for i in attending],
                    None if chosen_meeting is None else int(chosen_meeting),
                    expected,
                )
                opened[("meetings", meeting_id)] = version
                return meeting_id

            record = (
                None
                if chosen_meeting is None
                else ("meetings", int(chosen_meeting), meeting_prefix)
            )
            if save(work, state.t("seguimiento.tab.meeting"), record=record):
                st.rerun()

# ------------------------------------------------------------------------------ agreement
with tabs[3]:
    agreements = shown["agreements"]
    if role != "secretaria":
        agreements = agreements[agreements["institution_id"] == key[1]]
    pick = st.selectbox(
        state.t("seguimiento.form.pick_agreement"),
        [None, *agreements["agreement_id"].tolist()],
        format_func=lambda i: (
            state.t("seguimiento.form.new")
            if i is None
            else f"{i} · {str(agreements.loc[agreements['agreement_id'] == i, 'text'].iloc[0])[:60]}"
        ),
        key=f"seguimiento.agreement.pick.{language}",
    )
    existing = (
        agreements[agreements["agreement_id"] == pick].iloc[0].to_dict() if pick is not None else {}
    )
    if pick is not None:
        opened.setdefault(("agreements", int(pick)), int(existing["version"]))
        st.caption(state.t("seguimiento.form.version", version=opened[("agreements", int(pick))]))
    meetings = shown["meetings"]
    prefix = f"seguimiento.agreement.{pick or 'new'}"
    with st.form(f"{prefix}.form", border=True):
        meeting_ids = [None, *meetings["meeting_id"].tolist()]
        meeting = st.selectbox(
            state.t("seguimiento.form.meeting"),
            meeting_ids,
            index=meeting_ids.index(existing.get("meeting_id"))
            if existing.get("meeting_id") in meeting_ids
            else 0,
            format_func=lambda i: (
                "—"
                if i is None
                else str(meetings.loc[meetings["meeting_id"] == i, "held_on"].iloc[0])
            ),
            key=f"{prefix}.meeting",
        )
        text = st.text_area(
            state.t("seguimiento.form.agreement_text"),
            existing.get("text") or "",
            key=f"{prefix}.text",
        )
        left, middle, right, far = st.columns(4)
        responsible = left.selectbox(
            state.t("seguimiento.form.responsible"),
            list(names),
            index=list(names).index(existing["institution_id"])
            if existing.get("institution_id") in names
            else 0,
            format_func=institution_label,
            key=f"{prefix}.responsible",
        )
        due = middle.date_input(
            state.t("seguimiento.form.due"), existing.get("due_on"), key=f"{prefix}.due"
        )
        agreement_statuses = records.vocabulary_codes("agreement")
        agreement_status = right.selectbox(
            state.t("seguimiento.form.agreement_status"),
            agreement_statuses,
            index=agreement_statuses.index(existing.get("status", "pendiente")),
            format_func=lambda c: records.vocabulary_label("agreement", c, language),
            key=f"{prefix}.status",
        )
        completed = far.date_input(
            state.t("seguimiento.col.date"), existing.get("completed_on"), key=f"{prefix}.completed"
        )
        if st.form_submit_button(state.t("seguimiento.form.save"), type="primary"):
            if pick is not None and role != "secretaria":
                # the responsible institution reports only status and completion date
                values = {"status": agreement_status, "completed_on": completed}
            else:
                values = {"meeting_id": meeting, "text": text, "institution_id": responsible,
                          "due_on": due, "status": agreement_status, "completed_on": completed}  # fmt: skip
            expected = opened.get(("agreements", int(pick))) if pick is not None else None

            def work():
                agreement_id, version = records.save_agreement(
                    principal, values, None if pick is None else int(pick), expected
                )
                opened[("agreements", agreement_id)] = version
                return agreement_id

            record = None if pick is None else ("agreements", int(pick), prefix)
            if save(work, state.t("seguimiento.tab.agreement"), record=record):
                st.rerun()

# ------------------------------------------------------------------------------ secretariat
if role == "secretaria":
    with tabs[4]:
        st.caption(state.t("seguimiento.publish.intro"))
        pending = records.drafts(shown)
        if pending.empty:
            st.info(state.t("seguimiento.publish.none"))
        else:
            st.dataframe(
                records.drafts_display(pending, language), width="stretch", hide_index=True
            )
            options = list(pending.itertuples(index=False, name=None))
            chosen = st.multiselect(
                state.t("seguimiento.publish.pick"),
                options,
                format_func=lambda item: (
                    f"{state.t('seguimiento.table.' + item[0])} {item[1]} · {item[3]}"
                ),
                placeholder=state.t("common.choose"),
                key="seguimiento.publish.pick",
            )
            if st.button(
                state.t("seguimiento.publish.button"), type="primary", disabled=not chosen
            ):
                items = [(table, int(i), int(version)) for table, i, version, _ in chosen]
                if save(
                    lambda: records.publish(principal, items),
                    state.t("seguimiento.publish.done", n=len(items)),
                ):
                    st.rerun()
    with tabs[5]:
        st.dataframe(
            records.institutions_display(institutions, language), width="stretch", hide_index=True
        )
        with st.form("seguimiento.institution", border=True):
            name = st.text_input(state.t("seguimiento.form.inst_name"), key="seguimiento.inst.name")
            left, middle, right = st.columns(3)
            acronym = left.text_input(
                state.t("seguimiento.form.inst_acronym"), key="seguimiento.inst.acronym"
            )
            sectors = records.vocabulary_codes("sector")
            sector = middle.selectbox(
                state.t("seguimiento.form.inst_sector"),
                sectors,
                format_func=lambda c: records.vocabulary_label("sector", c, language),
                key="seguimiento.inst.sector",
            )
            official = right.checkbox(
                state.t("seguimiento.form.inst_official"), key="seguimiento.inst.official"
            )
            left, middle, right = st.columns(3)
            contact = left.text_input(
                state.t("seguimiento.form.inst_contact"), key="seguimiento.inst.contact"
            )
            email = middle.text_input(
                state.t("seguimiento.form.inst_email"), key="seguimiento.inst.email"
            )
            phone = right.text_input(
                state.t("seguimiento.form.inst_phone"), key="seguimiento.inst.phone"
            )
            if st.form_submit_button(
                state.t("seguimiento.form.create_institution"), type="primary"
            ):
                values = {"name": name, "acronym": acronym, "sector": sector,
                          "official_delegation": official, "contact_name": contact,
                          "contact_email": email, "contact_phone": phone}  # fmt: skip
                if save(
                    lambda: records.create_institution(principal, values),
                    state.t("seguimiento.form.create_institution"),
                ):
                    st.rerun()
