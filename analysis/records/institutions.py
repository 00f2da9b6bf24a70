"""The MMM's member institutions. Contact details are private: never public, never exported."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.errors import RaicesError
from analysis.records.audit import record_change, snapshot, write_change
from analysis.records.locking import check_version
from analysis.records.mixins import utcnow
from analysis.records.models import Institution
from analysis.records.permissions import is_secretariat, require_secretariat
from analysis.records.users import Principal, ensure_active

SECTORS: dict[str, tuple[str, str]] = {
    "estado": ("Estado", "State"),
    "sociedad_civil": ("Sociedad civil", "Civil society"),
    "academia": ("Academia", "Academia"),
    "cooperacion": ("Cooperación internacional", "International cooperation"),
    "sector_privado": ("Sector privado", "Private sector"),
    "pueblos_indigenas": ("Organización de pueblos indígenas", "Indigenous peoples' organisation"),
}
"""Sector ids with their Spanish and English labels."""

PRIVATE_COLUMNS = ("contact_name", "contact_email", "contact_phone")
"""Personal data: shown only to the secretariat and to the institution's own editors."""

PUBLIC_COLUMNS = ("id", "name", "acronym", "sector", "official_delegation")

EDITABLE = (
    "name",
    "acronym",
    "sector",
    "official_delegation",
    "contact_name",
    "contact_email",
    "contact_phone",
)


def _clean(values: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(values) - set(EDITABLE))
    if unknown:
        raise RaicesError(f"campos desconocidos de institución: {', '.join(unknown)}")
    clean = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    for key in ("acronym", *PRIVATE_COLUMNS):
        if key in clean and clean[key] == "":
            clean[key] = None
    if "name" in clean and not clean["name"]:
        raise RaicesError("la institución necesita un nombre", column="name")
    if "sector" in clean and clean["sector"] not in SECTORS:
        raise RaicesError(
            f"sector desconocido «{clean['sector']}»",
            column="sector",
            hint="use uno de: " + ", ".join(SECTORS),
        )
    if "official_delegation" in clean:
        clean["official_delegation"] = bool(clean["official_delegation"])
    return clean


def create_institution(
    session: Session,
    principal: Principal,
    *,
    name: str,
    sector: str,
    acronym: str | None = None,
    official_delegation: bool = False,
    contact_name: str | None = None,
    contact_email: str | None = None,
    contact_phone: str | None = None,
) -> Institution:
    """Add a member institution (secretariat only).

    Raises
    ------
    PermissionDenied
        When the principal is not the secretariat.
    RaicesError
        For an unknown sector, an empty name or a name already registered.
    """
    require_secretariat(principal)
    ensure_active(session, principal)
    values = _clean(
        dict(
            name=name,
            acronym=acronym,
            sector=sector,
            official_delegation=official_delegation,
            contact_name=contact_name,
            contact_email=contact_email,
            contact_phone=contact_phone,
        )
    )
    taken = session.scalar(select(Institution.id).where(Institution.name == values["name"]))
    if taken is not None:
        raise RaicesError(
            f"ya existe una institución llamada «{values['name']}» (id {taken})", column="name"
        )
    institution = Institution(**values, created_by=principal.username)
    session.add(institution)
    session.flush()
    record_change(
        session, principal, "institutions", institution.id, "create", None, snapshot(institution)
    )
    return institution


def get_institution(session: Session, institution_id: int) -> Institution:
    """The institution with that id (deleted ones included); clear error when unknown."""
    institution = session.get(Institution, int(institution_id))
    if institution is None:
        raise RaicesError(
            f"no existe la institución {institution_id}",
            hint="vea la lista con «raices seguimiento instituciones»",
        )
    return institution


def update_institution(
    session: Session,
    principal: Principal,
    institution_id: int,
    changes: Mapping[str, Any],
    *,
    expected_version: int | None,
) -> Institution:
    """Change an institution's fields (secretariat only), with optimistic locking."""
    institution = _open_for_change(session, principal, institution_id, expected_version)
    values = _clean(changes)
    before = snapshot(institution)
    for key, value in values.items():
        setattr(institution, key, value)
    institution.updated_at = utcnow()
    institution.updated_by = principal.username
    write_change(session, principal, "institutions", institution, "update", before)
    return institution


def deactivate_institution(
    session: Session, principal: Principal, institution_id: int, *, expected_version: int | None
) -> Institution:
    """Mark an institution as no longer a member (soft delete; secretariat only)."""
    institution = _open_for_change(session, principal, institution_id, expected_version)
    before = snapshot(institution)
    institution.deleted_at = utcnow()
    institution.deleted_by = principal.username
    write_change(session, principal, "institutions", institution, "delete", before)
    return institution


def _open_for_change(
    session: Session, principal: Principal, institution_id: int, expected_version: int | None
) -> Institution:
    """The institution a secretariat member (active) is about to change, at the version
    their form was opened with."""
    require_secretariat(principal)
    ensure_active(session, principal)
    institution = get_institution(session, institution_id)
    check_version(institution, expected_version, "institutions")
    return institution


def list_institutions(
    session: Session, principal: Principal, *, include_deleted: bool = False
) -> pd.DataFrame:
    """Member institutions as a table, contacts only for those allowed to see them.

    The public and other institutions' editors get :data:`PUBLIC_COLUMNS` only; an editor
    also sees their own institution's contacts; the secretariat sees every contact.
    """
    query = select(Institution).order_by(Institution.name)
    if not include_deleted or not is_secretariat(principal):
        query = query.where(Institution.deleted_at.is_(None))
    rows = []
    for institution in session.scalars(query):
        row = {column: getattr(institution, column) for column in PUBLIC_COLUMNS}
        row["version"] = institution.version
        sees_contacts = is_secretariat(principal) or (
            principal.role is not None and principal.institution_id == institution.id
        )
        if principal.role is not None:
            for column in PRIVATE_COLUMNS:
                row[column] = getattr(institution, column) if sees_contacts else None
        if is_secretariat(principal):
            row["deleted"] = institution.deleted_at is not None
        rows.append(row)
    columns = list(PUBLIC_COLUMNS) + ["version"]
    if principal.role is not None:
        columns += list(PRIVATE_COLUMNS)
    if is_secretariat(principal):
        columns.append("deleted")
    return pd.DataFrame(rows, columns=columns)
