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

scope = records.visibility(principal)
shown = records.frames(scope, records.revision())
secretariat = scope[0] == "secretaria"
institutions = shown.institutions
names = dict(zip(institutions["institution_id"], institutions["name"], strict=True))
parts.scope_caption(scope)
forms.show_flash()


def institution_label(institution_id) -> str:
    return str(names.get(institution_id, institution_id))


def institutions_multiselect(container, label_key: str, current, *, key: str) -> list:
    return container.multiselect(
        state.t(label_key),
        list(names),
        default=[i for i in current if i in names],
        format_func=institution_label,
        placeholder=state.t("common.choose"),
        key=key,
    )


def territories_multiselect(level: str, places, *, key: str) -> list[tuple[str, int]]:
    territories = data.territory_names(level).sort_values()
    chosen = st.multiselect(
        state.t(f"seguimiento.form.{level}s"),
        territories.index.tolist(),
        default=[code for kind, code in places if kind == level],
        format_func=lambda c: f"{territories[c]} · {c}",
        placeholder=state.t("common.choose"),
        key=key,
    )
    return [(level, int(code)) for code in chosen]


def own(frame):
    """The rows of the principal's institution (every row for the secretariat)."""
    return frame if secretariat else frame[frame["institution_id"] == scope[1]]


def action_form() -> None:
    if institutions.empty:
        st.warning(state.t("seguimiento.form.no_institutions"))
        return
    mine = own(shown.actions)
    picker = f"seguimiento.action.pick.{language}"
    choice = forms.record_picker(
        state.t("seguimiento.form.pick_action"),
        mine.index.tolist(),
        lambda i: f"{i} · {mine.at[i, 'title']}",
        key=picker,
    )
    current = writes.editable_action(principal, int(choice)) if choice is not None else {}
    record = forms.open_record("actions", choice, current.get("version"), form="action",
                               picker=picker)  # fmt: skip
    field = forms.Fields(record.prefix, current)
    types = records.action_type_choices()
    reach = {(d, g): p for d, g, p in current.get("reach", [])}
    with st.form(f"{record.prefix}.form", border=True):
        left, right = st.columns(2)
        institution = field.choice(
            "institution_id", "seguimiento.form.institution", names, container=left,
            format_func=institution_label, default=scope[1], name="institution",
        )  # fmt: skip
        partners = institutions_multiselect(right, "seguimiento.form.partners",
                                            current.get("partner_ids", []),
                                            key=f"{record.prefix}.partners")  # fmt: skip
        title = field.text("title", "seguimiento.form.title")
        description = field.text("description", "seguimiento.form.description", area=True)
        left, middle, right = st.columns(3)
        theme = field.vocabulary("theme", "seguimiento.form.theme", "theme", container=left,
                                 optional=True)  # fmt: skip
        commission = field.vocabulary("commission", "seguimiento.form.commission", "commission",
                                      container=middle, optional=True)  # fmt: skip
        action_type = field.choice(
            "action_type", "seguimiento.form.type", types, container=right, name="type",
            format_func=lambda c: types[c][1 if language == "en" else 0],
        )  # fmt: skip
        places = current.get("territories", [])
        territories = territories_multiselect(
            "municipio", places, key=f"{record.prefix}.municipios"
        ) + territories_multiselect("departamento", places, key=f"{record.prefix}.departamentos")
        left, middle, right = st.columns(3)
        start = field.date("start_date", "seguimiento.form.start", container=left, name="start")
        end = field.date("end_date", "seguimiento.form.end", container=middle, name="end")
        status = field.vocabulary("status", "seguimiento.form.status", "status",
                                  container=right, default="planificada")  # fmt: skip
        segments = field.text("target_segments", "seguimiento.form.segments", name="segments")
        st.markdown(f"**{state.t('seguimiento.form.reached')}**")
        counts: dict[tuple[str, str], int | None] = {}
        for dimension in ("sexo", "edad", "pueblo"):
            groups = records.group_labels(dimension, language)
            for column, (group, label) in zip(st.columns(len(groups)), groups.items(), strict=True):
                counts[(dimension, group)] = column.number_input(
                    label, min_value=0, value=reach.get((dimension, group)), step=1,
                    key=f"{record.prefix}.reach.{dimension}.{group}",
                )  # fmt: skip
        left, middle, right = st.columns(3)
        planned = field.number("budget_planned", "seguimiento.form.planned", container=left,
                               name="planned", min_value=0.0)  # fmt: skip
        executed = field.number("budget_executed", "seguimiento.form.executed",
                                container=middle, name="executed", min_value=0.0)  # fmt: skip
        funding = field.text("funding_source", "seguimiento.form.funding", container=right,
                             name="funding")  # fmt: skip
        left, right = st.columns(2)
        returnees = field.flag("returnees_included", "seguimiento.form.returnees",
                               container=left, name="returnees")  # fmt: skip
        in_pilot = field.flag("in_pilot", "seguimiento.form.in_pilot", container=right,
                              name="pilot")  # fmt: skip
        external = field.text("external_id", "seguimiento.form.external_id", name="external")
        notes = field.text("notes", "seguimiento.form.notes", area=True)
        evidence = st.text_area(state.t("seguimiento.form.evidence"),
                                "\n".join(current.get("evidence_links") or []),
                                key=f"{record.prefix}.evidence")  # fmt: skip
        submitted = st.form_submit_button(state.t("seguimiento.form.save"), type="primary")
    if submitted:
        stamp = records.scenario_stamp(records.adopted_scenario_text())[1] if in_pilot else None
        values = {
            "institution_id": institution,
            "partner_ids": partners,
            "title": title,
            "description": description,
            "theme": theme,
            "commission": commission,
            "action_type": action_type,
            "territories": territories,
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
            "scenario_hash": stamp or current.get("scenario_hash"),
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
    indicators = own(shown.indicators)
    if indicators.empty:
        st.info(state.t("seguimiento.form.no_indicators"))
        return
    indicator_names = dict(zip(indicators["indicator_id"], indicators["name"], strict=True))
    measured = shown.measurements
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
    field = forms.Fields(record.prefix, current)
    with st.form(f"{record.prefix}.form", border=True):
        indicator = field.choice(
            "indicator_id", "seguimiento.form.indicator", indicator_names, name="indicator",
            format_func=lambda i: str(indicator_names[i]), disabled=not record.is_new,
        )  # fmt: skip
        left, right = st.columns(2)
        measured_on = field.date("measured_on", "seguimiento.form.measured_on", container=left,
                                 default=date.today())  # fmt: skip
        value = field.number("value", "seguimiento.form.value", container=right)
        note = field.text("note", "seguimiento.form.note")
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
    field = forms.Fields("seguimiento.indicator", {"institution_id": scope[1]})
    with (
        st.expander(state.t("seguimiento.form.new_indicator")),
        st.form("seguimiento.indicator", border=False),
    ):
        owner = field.choice("institution_id", "seguimiento.form.institution", names,
                             format_func=institution_label, name="institution")  # fmt: skip
        name = field.text("name", "seguimiento.form.indicator_name")
        left, middle, right, far = st.columns(4)
        kind = field.vocabulary("kind", "seguimiento.form.kind", "kind", container=left)
        unit = field.text("unit", "seguimiento.form.unit", container=middle)
        baseline = field.number("baseline", "seguimiento.form.baseline", container=right)
        target = field.number("target", "seguimiento.form.target", container=far)
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
    meetings = shown.meetings.set_index("meeting_id", drop=False)
    picker = f"seguimiento.meeting.pick.{language}"
    choice = forms.record_picker(
        state.t("seguimiento.form.pick_meeting"),
        meetings.index.tolist(),
        lambda i: " · ".join(
            str(v) for v in meetings.loc[i, ["meeting_id", "held_on", "title"]].fillna("")
        ),
        key=picker,
    )
    current = meetings.loc[choice].to_dict() if choice is not None else {}
    attendance = shown.attendance
    present = attendance.loc[attendance["meeting_id"] == choice, "institution_id"].tolist()
    record = forms.open_record("meetings", choice, current.get("version"), form="meeting",
                               picker=picker)  # fmt: skip
    field = forms.Fields(record.prefix, current)
    with st.form(f"{record.prefix}.form", border=True):
        left, middle, right = st.columns(3)
        held_on = field.date("held_on", "seguimiento.form.meeting_date", container=left,
                             default=date.today(), name="date")  # fmt: skip
        kind = field.vocabulary("kind", "seguimiento.form.meeting_kind", "meeting",
                                container=middle)  # fmt: skip
        commission = field.vocabulary("commission", "seguimiento.form.commission", "commission",
                                      container=right, optional=True)  # fmt: skip
        title = field.text("title", "seguimiento.form.title")
        attending = institutions_multiselect(st, "seguimiento.form.attending", present,
                                             key=f"{record.prefix}.attending")  # fmt: skip
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
    agreements = own(shown.agreements).set_index("agreement_id", drop=False)
    picker = f"seguimiento.agreement.pick.{language}"
    choice = forms.record_picker(
        state.t("seguimiento.form.pick_agreement"),
        agreements.index.tolist(),
        lambda i: f"{i} · {str(agreements.at[i, 'text'])[:60]}",
        key=picker,
    )
    current = agreements.loc[choice].to_dict() if choice is not None else {}
    record = forms.open_record("agreements", choice, current.get("version"), form="agreement",
                               picker=picker)  # fmt: skip
    field = forms.Fields(record.prefix, current)
    meetings = shown.meetings.set_index("meeting_id")
    with st.form(f"{record.prefix}.form", border=True):
        meeting = field.choice(
            "meeting_id", "seguimiento.form.meeting", [None, *meetings.index], name="meeting",
            format_func=lambda i: "—" if i is None else str(meetings.at[i, "held_on"]),
        )  # fmt: skip
        text = field.text("text", "seguimiento.form.agreement_text", area=True)
        left, middle, right, far = st.columns(4)
        responsible = field.choice("institution_id", "seguimiento.form.responsible", names,
                                   container=left, format_func=institution_label,
                                   name="responsible")  # fmt: skip
        due = field.date("due_on", "seguimiento.form.due", container=middle, name="due")
        status = field.vocabulary("status", "seguimiento.form.agreement_status", "agreement",
                                  container=right, default="pendiente")  # fmt: skip
        completed = field.date("completed_on", "seguimiento.col.date", container=far,
                               name="completed")  # fmt: skip
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
    field = forms.Fields("seguimiento.inst", {})
    with st.form("seguimiento.institution", border=True):
        name = field.text("name", "seguimiento.form.inst_name")
        left, middle, right = st.columns(3)
        acronym = field.text("acronym", "seguimiento.form.inst_acronym", container=left)
        sector = field.vocabulary("sector", "seguimiento.form.inst_sector", "sector",
                                  container=middle)  # fmt: skip
        official = field.flag("official", "seguimiento.form.inst_official", container=right)
        left, middle, right = st.columns(3)
        contact = field.text("contact", "seguimiento.form.inst_contact", container=left)
        email = field.text("email", "seguimiento.form.inst_email", container=middle)
        phone = field.text("phone", "seguimiento.form.inst_phone", container=right)
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
