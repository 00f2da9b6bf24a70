"""Parts of the record forms of the registro page, written once for every kind of record.

* :func:`record_picker` and :func:`open_record`: choose «(nueva)» or a record; the form
  remembers the version it was opened with (per browser session), so the store can tell
  a save that arrives after someone else's.
* :func:`submit`: run a store write and show one line: saved, refused (permission, a
  value) or a conflict, with a button that reopens the record with the other person's
  changes (nothing of theirs is overwritten).
* :func:`record_controls`: below an opened record, its publication state, publish or
  withdraw (the secretariat) and delete (with a confirmation).
* :class:`Fields`: the form's widgets, each prefilled with the stored value of its field.

They only draw widgets and call :mod:`dashboard.data.monitoring_writes`; every rule is
checked by the store, the forms only reflect it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st

from analysis.errors import RaicesError
from dashboard import state
from dashboard.components.monitoring import show_error
from dashboard.data import monitoring as records
from dashboard.data import monitoring_writes as writes

OPENED = "seguimiento.opened"
"""Session key: ``{(table, id): version the form was opened with}``."""

FLASH = "seguimiento.flash"
"""Session key: the one-line outcome of the last save, shown after the rerun."""

FORGET = "seguimiento.forget"
"""Session key: pickers to reset on the next run (their record was deleted)."""

Write = Callable[[int | None], tuple[int, int]]
"""A store write given the opened version; returns the record's id and new version."""


@dataclass(frozen=True)
class OpenedRecord:
    """The record a form edits: ``record_id`` is ``None`` for a new one.

    ``prefix`` starts the keys of the form's widgets; ``version`` is the version the form
    was opened with; ``picker`` is the key of the select that chose it.
    """

    table: str
    record_id: int | None
    prefix: str
    version: int | None = None
    picker: str | None = None

    @property
    def is_new(self) -> bool:
        return self.record_id is None


def show_flash() -> None:
    """The outcome of the last save, once, after the rerun it caused."""
    flash = st.session_state.pop(FLASH, None)
    if flash:
        st.success(flash)


def record_picker(
    label: str, ids: Iterable[int], describe: Callable[[int], str], *, key: str
) -> int | None:
    """Select «(nueva)» or one of ``ids`` (shown by ``describe``)."""
    forget = st.session_state.setdefault(FORGET, set())
    if key in forget:
        forget.discard(key)
        st.session_state.pop(key, None)
    return st.selectbox(
        label,
        [None, *ids],
        format_func=lambda i: state.t("seguimiento.form.new") if i is None else describe(i),
        key=key,
    )


def open_record(
    table: str,
    record_id: int | None,
    stored_version: int | None = None,
    *,
    form: str,
    picker: str | None = None,
) -> OpenedRecord:
    """The record the form ``form`` edits, holding the version it was first opened with.

    A rerun keeps that version (someone else's save in between is then a conflict); only
    a save, or :func:`reopen` after a conflict, moves it on. The version is shown.
    """
    prefix = f"seguimiento.{form}.{record_id or 'new'}"
    if record_id is None:
        return OpenedRecord(table, None, prefix, None, picker)
    opened: dict = st.session_state.setdefault(OPENED, {})
    version = opened.setdefault((table, int(record_id)), int(stored_version or 0))
    st.caption(state.t("seguimiento.form.version", version=version))
    return OpenedRecord(table, int(record_id), prefix, int(version), picker)


def reopen(table: str, record_id: int, prefix: str) -> None:
    """Forget the form's opened version and typed values: the record opens afresh."""
    st.session_state.get(OPENED, {}).pop((table, record_id), None)
    for name in [k for k in st.session_state if str(k).startswith(prefix + ".")]:
        del st.session_state[name]


def save(work: Callable[[], Any], message: str, *, record: OpenedRecord | None = None) -> bool:
    """Run a store write; show ``message`` after the rerun, or one line for why it was
    refused. After a conflict on an existing ``record``, a button reopens it with the values
    someone else saved."""
    from analysis.records.locking import ConflictError

    try:
        work()
    except RaicesError as error:
        show_error(error)
        if isinstance(error, ConflictError) and record is not None and not record.is_new:
            st.button(
                state.t("seguimiento.form.reopen"),
                on_click=reopen,
                args=(record.table, record.record_id, record.prefix),
                key=f"seguimiento.reopen.{record.table}.{record.record_id}",
            )
        return False
    st.session_state[FLASH] = message
    return True


def submit(
    record: OpenedRecord, write: Write, what: str, *, done: str = "seguimiento.saved"
) -> None:
    """Save the form of ``record`` with ``write`` and rerun when it was saved.

    The new version is remembered, so the form keeps editing the record it just saved.
    """

    def work() -> int:
        record_id, version = write(record.version)
        st.session_state.setdefault(OPENED, {})[(record.table, record_id)] = version
        return record_id

    if save(work, state.t(done, what=what), record=record):
        st.rerun()


def record_controls(
    record: OpenedRecord, principal, *, published: bool, what: str, can_delete: bool
) -> None:
    """Publication state of an opened record; publish/withdraw (secretariat) and delete."""
    if record.is_new:
        return
    st.caption(state.t("seguimiento.form.published" if published else "seguimiento.form.draft"))
    secretariat = getattr(principal.role, "value", principal.role) == "secretaria"
    left, right = st.columns(2)
    if secretariat:
        label = "seguimiento.form.unpublish" if published else "seguimiento.form.publish"
        if left.button(state.t(label), key=f"{record.prefix}.publication"):
            submit(
                record,
                lambda expected: writes.set_publication(
                    principal, record.table, record.record_id, not published, expected
                ),
                what,
                done="seguimiento.unpublished_one" if published else "seguimiento.published_one",
            )
    if not can_delete:
        return
    sure = right.checkbox(state.t("seguimiento.form.delete_confirm"), key=f"{record.prefix}.sure")
    if right.button(
        state.t("seguimiento.form.delete"), disabled=not sure, key=f"{record.prefix}.delete"
    ):
        if record.picker is not None:
            st.session_state.setdefault(FORGET, set()).add(record.picker)
        submit(
            record,
            lambda expected: writes.delete(principal, record.table, record.record_id, expected),
            what,
            done="seguimiento.deleted",
        )
        st.session_state.get(FORGET, set()).discard(record.picker)  # not deleted: keep it


def select(
    container,
    label: str,
    options: Iterable[Hashable],
    current: Hashable,
    *,
    key: str,
    format_func: Callable[[Any], str] = str,
    disabled: bool = False,
) -> Any:
    """A select box that opens on ``current`` (on the first option when it is not one)."""
    choices = list(options)
    return container.selectbox(
        label,
        choices,
        index=choices.index(current) if current in choices else 0,
        format_func=format_func,
        key=key,
        disabled=disabled,
    )


@dataclass(frozen=True)
class Fields:
    """The widgets of one record form, each prefilled with the stored value of its field.

    ``current`` holds the record's stored fields (empty for a new record); each widget's
    key is ``{prefix}.{name}`` (``name`` defaults to the field), so a reopened record
    starts from what is stored. ``container`` places a widget in a column.
    """

    prefix: str
    current: Mapping[str, Any]

    def _key(self, field: str, name: str | None) -> str:
        return f"{self.prefix}.{name or field}"

    def text(self, field: str, label_key: str, *, container=st, area: bool = False,
             name: str | None = None) -> str:  # fmt: skip
        widget = container.text_area if area else container.text_input
        stored = self.current.get(field)
        empty = stored is None or stored != stored  # None, or NaN from a frame
        return widget(state.t(label_key), "" if empty else str(stored),
                      key=self._key(field, name))  # fmt: skip

    def date(self, field: str, label_key: str, *, container=st, default: Any = None,
             name: str | None = None) -> Any:  # fmt: skip
        return container.date_input(state.t(label_key), self.current.get(field) or default,
                                    key=self._key(field, name))  # fmt: skip

    def number(self, field: str, label_key: str, *, container=st, name: str | None = None,
               **options: Any) -> Any:  # fmt: skip
        stored = self.current.get(field)
        value = None if stored is None else float(stored)
        return container.number_input(state.t(label_key), value=value,
                                      key=self._key(field, name), **options)  # fmt: skip

    def flag(self, field: str, label_key: str, *, container=st, name: str | None = None) -> bool:
        return container.checkbox(state.t(label_key), bool(self.current.get(field)),
                                  key=self._key(field, name))  # fmt: skip

    def choice(self, field: str, label_key: str, options: Iterable[Hashable], *, container=st,
               format_func: Callable[[Any], str] = str, default: Any = None,
               name: str | None = None, disabled: bool = False) -> Any:  # fmt: skip
        return select(container, state.t(label_key), options,
                      self.current.get(field, default), key=self._key(field, name),
                      format_func=format_func, disabled=disabled)  # fmt: skip

    def vocabulary(self, field: str, label_key: str, kind: str, *, container=st,
                   optional: bool = False, default: Any = None,
                   name: str | None = None) -> Any:  # fmt: skip
        """A choice among the codes of a vocabulary, labelled in the reader's language;
        ``optional`` adds an empty choice shown as «—»."""
        language = state.language()
        codes = records.vocabulary_codes(kind)
        return self.choice(
            field, label_key, [None, *codes] if optional else codes, container=container,
            format_func=lambda c: "—" if c is None else records.vocabulary_label(kind, c, language),
            default=default, name=name,
        )  # fmt: skip
