"""Recording (institution editors and the secretariat): create and edit an action, a
results measurement or indicator, a meeting and an agreement; the secretariat publishes,
withdraws and registers institutions.

The forms follow the principal's role, but every rule is checked again by the store
(:mod:`analysis.monitoring.actions`, ``results``, ``meetings``, ``lifecycle``): a refused
save is shown as one line, a save that arrives after someone else's as a conflict, and
nothing is overwritten. The parts every form shares (opened version, save message,
reopen, publish and delete) are :mod:`dashboard.components.record_forms`.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard import data, login, state
from dashboard.components import monitoring as parts
from dashboard.components import record_forms as forms
from dashboard.data import monitoring as records
from dashboard.data import monitoring_writes as writes

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
shown = records.frames(key, records.revision())
role = key[0]
secretariat = role == "secretaria"
institutions = shown["institutions"]
names = dict(zip(institutions["institution_id"], institutions["name"], strict=True))
parts.scope_caption(key)
forms.show_flash()


def institution_label(institution_id) -> str:
    return str(names.get(institution_id, institution_id))


def institution_select(container, label_key: str, current, *, key: str):
    return forms.select(container, state.t(label_key), list(names), current, key=key,
                        format_func=institution_label)  # fmt: skip


def institutions_multiselect(label_key: str, current, *, key: str) -> list:
    return st.multiselect(
        state.t(label_key),
        list(names),
        default=[i for i in current if i in names],
        format_func=institution_label,
        placeholder=state.t("common.choose"),
        key=key,
    )


def own(frame):
    """The rows of the principal's institution (every row for the secretariat)."""
    return frame if secretariat else frame[frame["institution_id"] == key[1]]


def row_of(frame, column: str, record_id) -> dict:
    return frame[frame[column] == record_id].iloc[0].to_dict() if record_id is not None else {}


def action_form() -> None:
    if institutions.empty:
        st.warning(state.t("seguimiento.form.no_institutions"))
        return
    mine = own(shown["actions"])
    picker = f"seguimiento.action.pick.{language}"
    choice = forms.record_picker(state.t("seguimiento.form.pick_action"), mine.index.tolist(),
                                 lambda i: f"{i} · {mine.at[i, 'title']}", key=picker)  # fmt: skip
    current = writes.editable_action(principal, int(choice)) if choice is not None else {}
    record = forms.open_record("actions", choice, current.get("version"), form="action",
                               picker=picker)  # fmt: skip
    prefix = record.prefix
    types = records.action_type_choices()
    munis = data.territory_names("municipio").sort_values()
    depts = data.territory_names("departamento").sort_values()
    places = current.get("territories", [])
    reach = {(d, g): p for d, g, p in current.get("reach", [])}
    with st.form(f"{prefix}.form", border=True):
        left, right = st.columns(2)
        institution = institution_select(
            left, "seguimiento.form.institution",
            current.get("institution_id") or key[1] or next(iter(names)),
            key=f"{prefix}.institution",
        )  # fmt: skip
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
        description = st.text_area(state.t("seguimiento.form.description"),
                                   current.get("description") or "", key=f"{prefix}.description")  # fmt: skip
        left, middle, right = st.columns(3)
        theme = forms.vocabulary_select(left, state.t("seguimiento.form.theme"), "theme",
                                        current.get("theme"), key=f"{prefix}.theme", optional=True)  # fmt: skip
        commission = forms.vocabulary_select(
            middle, state.t("seguimiento.form.commission"), "commission",
            current.get("commission"), key=f"{prefix}.commission", optional=True,
        )  # fmt: skip
        action_type = forms.select(
            right, state.t("seguimiento.form.type"), types, current.get("action_type"),
            key=f"{prefix}.type", format_func=lambda c: types[c][1 if language == "en" else 0],
        )  # fmt: skip
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
        status = forms.vocabulary_select(right, state.t("seguimiento.form.status"), "status",
                                         current.get("status", "planificada"),
                                         key=f"{prefix}.status")  # fmt: skip
        segments = st.text_input(state.t("seguimiento.form.segments"),
                                 current.get("target_segments") or "", key=f"{prefix}.segments")  # fmt: skip
        st.markdown(f"**{state.t('seguimiento.form.reached')}**")
        counts: dict[tuple[str, str], int | None] = {}
        for dimension in ("sexo", "edad", "pueblo"):
            groups = records.group_labels(dimension, language)
            for column, (group, group_label) in zip(
                st.columns(len(groups)), groups.items(), strict=True
            ):
                counts[(dimension, group)] = column.number_input(
                    group_label, min_value=0, value=reach.get((dimension, group)), step=1,
                    key=f"{prefix}.reach.{dimension}.{group}",
                )  # fmt: skip
        left, middle, right = st.columns(3)
        budgets = {}
        for column, field, label in ((left, "budget_planned", "planned"),
                                     (middle, "budget_executed", "executed")):  # fmt: skip
            stored = current.get(field)
            budgets[field] = column.number_input(
                state.t(f"seguimiento.form.{label}"), min_value=0.0,
                value=None if stored is None else float(stored), key=f"{prefix}.{label}",
            )  # fmt: skip
        funding = right.text_input(state.t("seguimiento.form.funding"),
                                   current.get("funding_source") or "", key=f"{prefix}.funding")  # fmt: skip
        left, right = st.columns(2)
        returnees = left.checkbox(state.t("seguimiento.form.returnees"),
                                  bool(current.get("returnees_included")), key=f"{prefix}.returnees")  # fmt: skip
        in_pilot = right.checkbox(state.t("seguimiento.form.in_pilot"),
                                  bool(current.get("in_pilot")), key=f"{prefix}.pilot")  # fmt: skip
        external = st.text_input(state.t("seguimiento.form.external_id"),
                                 current.get("external_id") or "", key=f"{prefix}.external")  # fmt: skip
        notes = st.text_area(
            state.t("seguimiento.form.notes"), current.get("notes") or "", key=f"{prefix}.notes"
        )
        evidence = st.text_area(state.t("seguimiento.form.evidence"),
                                "\n".join(current.get("evidence_links") or []),
                                key=f"{prefix}.evidence")  # fmt: skip
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
            **budgets,
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
        forms.submit(
            record,
            lambda expected: writes.save_action(principal, values, record.record_id, expected),
            state.t("seguimiento.tab.action"),
        )
    forms.record_controls(record, principal, published=bool(current.get("published")),
                          what=state.t("seguimiento.tab.action"), can_delete=True)  # fmt: skip


def measurement_form() -> None:
    indicators = own(shown["indicators"])
    if indicators.empty:
        st.info(state.t("seguimiento.form.no_indicators"))
        return
    indicator_names = dict(zip(indicators["indicator_id"], indicators["name"], strict=True))
    measured = shown["measurements"]
    measured = measured[measured["indicator_id"].isin(indicator_names)].set_index("measurement_id")
    picker = f"seguimiento.measurement.pick.{language}"
    choice = forms.record_picker(
        state.t("seguimiento.form.pick_measurement"),
        measured.index.tolist(),
        lambda i: (
            f"{i} · {indicator_names[measured.at[i, 'indicator_id']]} · "
            f"{measured.at[i, 'measured_on']} · {measured.at[i, 'value']}"
        ),
        key=picker,
    )
    current = writes.editable_measurement(principal, int(choice)) if choice is not None else {}
    record = forms.open_record("measurements", choice, current.get("version"),
                               form="measurement", picker=picker)  # fmt: skip
    prefix = record.prefix
    with st.form(f"{prefix}.form", border=True):
        indicator = forms.select(
            st, state.t("seguimiento.form.indicator"), indicator_names,
            current.get("indicator_id"), key=f"{prefix}.indicator",
            format_func=lambda i: str(indicator_names[i]), disabled=not record.is_new,
        )  # fmt: skip
        left, right = st.columns(2)
        measured_on = left.date_input(state.t("seguimiento.form.measured_on"),
                                      current.get("measured_on") or date.today(),
                                      key=f"{prefix}.measured_on")  # fmt: skip
        value = right.number_input(
            state.t("seguimiento.form.value"), value=current.get("value"), key=f"{prefix}.value"
        )
        note = st.text_input(
            state.t("seguimiento.form.note"), current.get("note") or "", key=f"{prefix}.note"
        )
        submitted = st.form_submit_button(state.t("seguimiento.form.save"), type="primary")
    if submitted:
        values = {"measured_on": measured_on, "value": value, "note": note}
        forms.submit(
            record,
            lambda expected: writes.save_measurement(
                principal, values, indicator_id=int(indicator),
                measurement_id=record.record_id, expected_version=expected,
            ),
            state.t("seguimiento.tab.measurement"),
        )  # fmt: skip
    forms.record_controls(record, principal, published=bool(current.get("published")),
                          what=state.t("seguimiento.tab.measurement"), can_delete=True)  # fmt: skip


def indicator_form() -> None:
    with (
        st.expander(state.t("seguimiento.form.new_indicator")),
        st.form("seguimiento.indicator", border=False),
    ):
        owner = institution_select(st, "seguimiento.form.institution", key[1],
                                   key="seguimiento.indicator.institution")  # fmt: skip
        name = st.text_input(
            state.t("seguimiento.form.indicator_name"), key="seguimiento.indicator.name"
        )
        left, middle, right, far = st.columns(4)
        kind = forms.vocabulary_select(left, state.t("seguimiento.form.kind"), "kind", None,
                                       key="seguimiento.indicator.kind")  # fmt: skip
        unit = middle.text_input(state.t("seguimiento.form.unit"), key="seguimiento.indicator.unit")
        baseline = right.number_input(
            state.t("seguimiento.form.baseline"), value=None, key="seguimiento.indicator.baseline"
        )
        target = far.number_input(
            state.t("seguimiento.form.target"), value=None, key="seguimiento.indicator.target"
        )
        if st.form_submit_button(state.t("seguimiento.form.save")):
            values = {"institution_id": owner, "name": name, "kind": kind, "unit": unit,
                      "baseline": baseline, "target": target}  # fmt: skip
            what = state.t("seguimiento.form.new_indicator")
            if forms.save(lambda: writes.save_indicator(principal, values),
                          state.t("seguimiento.saved", what=what)):  # fmt: skip
                st.rerun()


def meeting_form() -> None:
    if not secretariat:
        st.caption(state.t("seguimiento.secretariat_only"))
    meetings = shown["meetings"].set_index("meeting_id", drop=False)
    picker = f"seguimiento.meeting.pick.{language}"
    choice = forms.record_picker(
        state.t("seguimiento.form.pick_meeting"),
        meetings.index.tolist(),
        lambda i: " · ".join(str(v) for v in meetings.loc[i, ["meeting_id", "held_on", "title"]]
                             .fillna("")),
        key=picker,
    )  # fmt: skip
    current = meetings.loc[choice].to_dict() if choice is not None else {}
    attendance = shown["attendance"]
    present = attendance.loc[attendance["meeting_id"] == choice, "institution_id"].tolist()
    record = forms.open_record("meetings", choice, current.get("version"), form="meeting",
                               picker=picker)  # fmt: skip
    prefix = record.prefix
    with st.form(f"{prefix}.form", border=True):
        left, middle, right = st.columns(3)
        held_on = left.date_input(state.t("seguimiento.form.meeting_date"),
                                  current.get("held_on") or date.today(), key=f"{prefix}.date")  # fmt: skip
        kind = forms.vocabulary_select(middle, state.t("seguimiento.form.meeting_kind"),
                                       "meeting", current.get("kind"), key=f"{prefix}.kind")  # fmt: skip
        commission = forms.vocabulary_select(
            right, state.t("seguimiento.form.commission"), "commission",
            current.get("commission"), key=f"{prefix}.commission", optional=True,
        )  # fmt: skip
        title = st.text_input(
            state.t("seguimiento.form.title"), current.get("title") or "", key=f"{prefix}.title"
        )
        attending = institutions_multiselect("seguimiento.form.attending", present,
                                             key=f"{prefix}.attending")  # fmt: skip
        submitted = st.form_submit_button(state.t("seguimiento.form.save"), type="primary")
    if submitted:
        values = {"held_on": held_on, "kind": kind, "commission": commission, "title": title}
        forms.submit(
            record,
            lambda expected: writes.save_meeting(principal, values, [int(i) for i in attending],
                                                 record.record_id, expected),
            state.t("seguimiento.tab.meeting"),
        )  # fmt: skip
    forms.record_controls(record, principal, published=bool(current.get("published")),
                          what=state.t("seguimiento.tab.meeting"), can_delete=secretariat)  # fmt: skip


def agreement_form() -> None:
    agreements = own(shown["agreements"]).set_index("agreement_id", drop=False)
    picker = f"seguimiento.agreement.pick.{language}"
    choice = forms.record_picker(state.t("seguimiento.form.pick_agreement"),
                                 agreements.index.tolist(),
                                 lambda i: f"{i} · {str(agreements.at[i, 'text'])[:60]}",
                                 key=picker)  # fmt: skip
    current = agreements.loc[choice].to_dict() if choice is not None else {}
    record = forms.open_record("agreements", choice, current.get("version"), form="agreement",
                               picker=picker)  # fmt: skip
    prefix = record.prefix
    meetings = shown["meetings"].set_index("meeting_id")
    with st.form(f"{prefix}.form", border=True):
        meeting = forms.select(
            st, state.t("seguimiento.form.meeting"), [None, *meetings.index],
            current.get("meeting_id"), key=f"{prefix}.meeting",
            format_func=lambda i: "—" if i is None else str(meetings.at[i, "held_on"]),
        )  # fmt: skip
        text = st.text_area(state.t("seguimiento.form.agreement_text"),
                            current.get("text") or "", key=f"{prefix}.text")  # fmt: skip
        left, middle, right, far = st.columns(4)
        responsible = institution_select(left, "seguimiento.form.responsible",
                                         current.get("institution_id"),
                                         key=f"{prefix}.responsible")  # fmt: skip
        due = middle.date_input(
            state.t("seguimiento.form.due"), current.get("due_on"), key=f"{prefix}.due"
        )
        status = forms.vocabulary_select(right, state.t("seguimiento.form.agreement_status"),
                                         "agreement", current.get("status", "pendiente"),
                                         key=f"{prefix}.status")  # fmt: skip
        completed = far.date_input(state.t("seguimiento.col.date"),
                                   current.get("completed_on"), key=f"{prefix}.completed")  # fmt: skip
        submitted = st.form_submit_button(state.t("seguimiento.form.save"), type="primary")
    if submitted:
        if not record.is_new and not secretariat:
            # the responsible institution reports only status and completion date
            values = {"status": status, "completed_on": completed}
        else:
            values = {"meeting_id": meeting, "text": text, "institution_id": responsible,
                      "due_on": due, "status": status, "completed_on": completed}  # fmt: skip
        forms.submit(
            record,
            lambda expected: writes.save_agreement(principal, values, record.record_id, expected),
            state.t("seguimiento.tab.agreement"),
        )
    forms.record_controls(record, principal, published=bool(current.get("published")),
                          what=state.t("seguimiento.tab.agreement"), can_delete=secretariat)  # fmt: skip


def publish_tab() -> None:
    st.caption(state.t("seguimiento.publish.intro"))
    pending = records.drafts(shown)
    if pending.empty:
        st.info(state.t("seguimiento.publish.none"))
        return
    st.dataframe(records.drafts_display(pending, language), width="stretch", hide_index=True)
    chosen = st.multiselect(
        state.t("seguimiento.publish.pick"),
        list(pending.itertuples(index=False, name=None)),
        format_func=lambda item: f"{state.t('seguimiento.table.' + item[0])} {item[1]} · {item[3]}",
        placeholder=state.t("common.choose"),
        key="seguimiento.publish.pick",
    )
    if st.button(state.t("seguimiento.publish.button"), type="primary", disabled=not chosen):
        items = [(table, int(i), int(version)) for table, i, version, _ in chosen]
        done = state.t("seguimiento.publish.done", n=len(items))
        if forms.save(
            lambda: writes.publish(principal, items), state.t("seguimiento.saved", what=done)
        ):
            st.rerun()


def institutions_tab() -> None:
    st.dataframe(
        records.institutions_display(institutions, language), width="stretch", hide_index=True
    )
    with st.form("seguimiento.institution", border=True):
        name = st.text_input(state.t("seguimiento.form.inst_name"), key="seguimiento.inst.name")
        left, middle, right = st.columns(3)
        acronym = left.text_input(
            state.t("seguimiento.form.inst_acronym"), key="seguimiento.inst.acronym"
        )
        sector = forms.vocabulary_select(middle, state.t("seguimiento.form.inst_sector"),
                                         "sector", None, key="seguimiento.inst.sector")  # fmt: skip
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
        if st.form_submit_button(state.t("seguimiento.form.create_institution"), type="primary"):
            values = {"name": name, "acronym": acronym, "sector": sector,
                      "official_delegation": official, "contact_name": contact,
                      "contact_email": email, "contact_phone": phone}  # fmt: skip
            what = state.t("seguimiento.form.create_institution")
            if forms.save(lambda: writes.create_institution(principal, values),
                          state.t("seguimiento.saved", what=what)):  # fmt: skip
                st.rerun()


labels = ["action", "measurement", "meeting", "agreement"]
if secretariat:
    labels += ["publish", "institutions"]
tabs = dict(zip(labels, st.tabs([state.t(f"seguimiento.tab.{t}") for t in labels]), strict=True))
with tabs["action"]:
    action_form()
with tabs["measurement"]:
    measurement_form()
    indicator_form()
with tabs["meeting"]:
    meeting_form()
with tabs["agreement"]:
    agreement_form()
if secretariat:
    with tabs["publish"]:
        publish_tab()
    with tabs["institutions"]:
        institutions_tab()
