"""Who is acting in the operational store: roles, the principal and the anonymous public.

Kept apart from :mod:`analysis.records.users` (accounts, passwords) so that the audit
trail and the permission checks can name a principal without importing the accounts
module that uses them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """Roles of logged-in people (the public has no role)."""

    EDITOR = "editor"
    SECRETARIAT = "secretaria"


@dataclass(frozen=True)
class Principal:
    """Who is acting: passed to every service function, which checks the rules.

    ``role=None`` is the anonymous public (:data:`PUBLIC`).
    """

    user_id: int | None
    username: str | None
    role: Role | None
    institution_id: int | None

    @property
    def is_public(self) -> bool:
        return self.role is None


PUBLIC = Principal(user_id=None, username=None, role=None, institution_id=None)
"""The anonymous visitor: reads published records without personal data."""
