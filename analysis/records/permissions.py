"""Who may do what, checked in the store layer (the UI only mirrors these rules).

- The public (no login) reads published records without personal data.
- An institution's editor creates and edits the records of that institution only.
- The secretariat (CONAMIGUA) reviews and publishes, manages institutions and users and
  records meetings; it may also correct any institution's records.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.errors import RaicesError

if TYPE_CHECKING:
    from analysis.records.principal import Principal

SECRETARIAT = "secretaria"
EDITOR = "editor"


class PermissionDenied(RaicesError):
    """The person is not allowed to do this; nothing was changed."""


def is_secretariat(principal: Principal) -> bool:
    """Whether the principal is a secretariat account."""
    return principal.role is not None and principal.role == SECRETARIAT


def require_login(principal: Principal) -> None:
    """Refuse anonymous (public) principals.

    Examples
    --------
    >>> from analysis.records.users import PUBLIC
    >>> require_login(PUBLIC)
    Traceback (most recent call last):
    ...
    analysis.records.permissions.PermissionDenied: esta acción requiere iniciar sesión
    """
    if principal.role is None:
        raise PermissionDenied("esta acción requiere iniciar sesión")


def require_secretariat(principal: Principal) -> None:
    """Refuse everyone but the secretariat."""
    require_login(principal)
    if not is_secretariat(principal):
        raise PermissionDenied(
            "sólo la secretaría técnica (CONAMIGUA) puede hacer esto",
            hint=f"usuario «{principal.username}»",
        )


def require_editor_of(principal: Principal, institution_id: int | None) -> None:
    """Refuse anyone who may not edit the records of ``institution_id``.

    Editors pass only for their own institution; the secretariat passes for every one.
    """
    require_login(principal)
    if is_secretariat(principal):
        return
    if (
        principal.role != EDITOR
        or principal.institution_id is None
        or institution_id is None
        or int(principal.institution_id) != int(institution_id)
    ):
        raise PermissionDenied(
            "sólo puede modificar los registros de su propia institución",
            hint=f"usuario «{principal.username}», institución {principal.institution_id}; "
            f"el registro es de la institución {institution_id}",
        )


def can_edit(principal: Principal, institution_id: int | None) -> bool:
    """Whether :func:`require_editor_of` would pass (for showing or hiding buttons)."""
    try:
        require_editor_of(principal, institution_id)
    except PermissionDenied:
        return False
    return True
