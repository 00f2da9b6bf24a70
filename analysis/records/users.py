"""Local accounts, roles and the principal every service function receives.

Passwords are hashed with argon2 (``argon2-cffi``); there is no default account and no
default password: the first secretariat account is created from the command line
(``raices seguimiento usuarios crear``). Failed logins are rate-limited per user name:
after :data:`MAX_FAILED_LOGINS` failures within :data:`FAILURE_WINDOW` further attempts are
refused until the window passes, whether or not the password is right.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import re

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import (
    Engine,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.orm import Session

from analysis.errors import RaicesError
from analysis.records.audit import record_change, snapshot, write_change
from analysis.records.database import session_scope
from analysis.records.mixins import utcnow
from analysis.records.models import Institution, LoginFailure, User
from analysis.records.permissions import PermissionDenied, is_secretariat, require_secretariat
from analysis.records.principal import PUBLIC, Principal, Role

__all__ = [
    "PUBLIC",
    "AuthenticationError",
    "Principal",
    "Role",
    "authenticate",
    "console_principal",
    "create_user",
]

MAX_FAILED_LOGINS = 5
"""Failed attempts per user name allowed within :data:`FAILURE_WINDOW`."""

FAILURE_WINDOW = dt.timedelta(minutes=15)
"""Window over which failed logins are counted."""

MIN_PASSWORD_LENGTH = 10
"""Shortest password accepted."""

USERNAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{2,39}")

_HASHER = PasswordHasher()


def console_principal() -> Principal:
    """The operator at the command line, who acts with secretariat rights.

    Whoever can run ``raices seguimiento`` on the server can already write the store's
    file or database; the audit names them ``consola:<system user>``.
    """
    try:
        who = getpass.getuser()
    except Exception:  # no user name in some containers
        who = "desconocido"
    return Principal(
        user_id=None, username=f"consola:{who}", role=Role.SECRETARIAT, institution_id=None
    )


class AuthenticationError(RaicesError):
    """Login refused: wrong user name or password, inactive account, or too many attempts."""


def principal_of(user: User) -> Principal:
    """The principal of an account (what a login session carries)."""
    return Principal(
        user_id=user.id,
        username=user.username,
        role=Role(user.role),
        institution_id=user.institution_id,
    )


def normalise_username(username: str) -> str:
    """User names are compared in lower case without surrounding spaces."""
    return str(username or "").strip().lower()


def check_password_strength(password: str, username: str = "") -> None:
    """Refuse passwords that are too short or equal to the user name."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise RaicesError(
            f"la contraseña debe tener al menos {MIN_PASSWORD_LENGTH} caracteres",
            column="contraseña",
        )
    if username and normalise_username(password) == normalise_username(username):
        raise RaicesError("la contraseña no puede ser el nombre de usuario", column="contraseña")


def ensure_active(session: Session, principal: Principal) -> None:
    """Refuse a logged-in principal whose account was deactivated since logging in."""
    if principal.user_id is None:
        return
    active = session.scalar(select(User.active).where(User.id == principal.user_id))
    if not active:
        raise PermissionDenied(
            "su cuenta está desactivada", hint="pida a la secretaría que la reactive"
        )


def _find(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == normalise_username(username)))
    if user is None:
        raise RaicesError(f"no existe el usuario «{username}»")
    return user


def create_user(
    session: Session,
    principal: Principal,
    *,
    username: str,
    password: str,
    role: Role | str,
    institution_id: int | None = None,
) -> User:
    """Create a local account (secretariat only).

    Parameters
    ----------
    session
        Open session (see :func:`analysis.records.database.session_scope`).
    principal
        Who creates it: the secretariat, or :func:`console_principal` from the CLI.
    username
        3–40 characters: lower-case letters, digits, ``.``, ``_``, ``-``.
    password
        At least :data:`MIN_PASSWORD_LENGTH` characters; stored only as an argon2 hash.
    role
        ``"editor"`` (needs ``institution_id``) or ``"secretaria"``.
    institution_id
        The editor's institution.
    """
    require_secretariat(principal)
    ensure_active(session, principal)
    name = normalise_username(username)
    if not USERNAME_PATTERN.fullmatch(name):
        raise RaicesError(
            f"nombre de usuario no válido «{username}»",
            hint="3 a 40 letras minúsculas, cifras, punto, guion o guion bajo",
        )
    try:
        role = Role(role)
    except ValueError:
        raise RaicesError(f"rol desconocido «{role}»", hint="use «editor» o «secretaria»") from None
    check_password_strength(password, name)
    if role is Role.EDITOR and institution_id is None:
        raise RaicesError("una cuenta de editor necesita su institución (--institucion ID)")
    if institution_id is not None:
        institution = session.get(Institution, int(institution_id))
        if institution is None:
            raise RaicesError(f"no existe la institución {institution_id}")
        if institution.deleted_at is not None:
            raise RaicesError(f"la institución {institution_id} está dada de baja")
    if session.scalar(select(User.id).where(User.username == name)) is not None:
        raise RaicesError(f"ya existe el usuario «{name}»")
    user = User(
        username=name,
        password_hash=_HASHER.hash(password),
        role=role.value,
        institution_id=institution_id,
        active=True,
        created_by=principal.username,
    )
    session.add(user)
    session.flush()
    record_change(session, principal, "users", user.id, "create", None, snapshot(user))
    return user


def set_password(session: Session, principal: Principal, username: str, password: str) -> None:
    """Change a password: the secretariat for anyone, a person for their own account."""
    user = _find(session, username)
    if not is_secretariat(principal) and principal.user_id != user.id:
        raise PermissionDenied("sólo puede cambiar su propia contraseña")
    ensure_active(session, principal)
    check_password_strength(password, user.username)
    before = snapshot(user)
    user.password_hash = _HASHER.hash(password)
    user.updated_at = utcnow()
    user.updated_by = principal.username
    noted = {"password": "cambiada"}  # the audit says that it changed, never what it is
    write_change(
        session, principal, "users", user, "update", before, lambda u: snapshot(u, extra=noted)
    )


def set_active(session: Session, principal: Principal, username: str, active: bool) -> User:
    """Deactivate (or reactivate) an account (secretariat only). Accounts are never deleted."""
    require_secretariat(principal)
    ensure_active(session, principal)
    user = _find(session, username)
    if not active and principal.user_id == user.id:
        raise RaicesError("no puede desactivar su propia cuenta")
    before = snapshot(user)
    user.active = bool(active)
    user.updated_at = utcnow()
    user.updated_by = principal.username
    write_change(session, principal, "users", user, "restore" if active else "delete", before)
    return user


def list_users(session: Session, principal: Principal) -> pd.DataFrame:
    """Accounts (secretariat only): user name, role, institution, active, last login."""
    require_secretariat(principal)
    rows = [
        {
            "id": user.id,
            "username": user.username,
            "role": user.role,
            "institution_id": user.institution_id,
            "active": user.active,
            "last_login_at": user.last_login_at,
        }
        for user in session.scalars(select(User).order_by(User.username))
    ]
    columns = ["id", "username", "role", "institution_id", "active", "last_login_at"]
    return pd.DataFrame(rows, columns=columns)


def count_users(session: Session, role: Role | None = None) -> int:
    """Number of active accounts (of one role when given)."""
    query = select(func.count(User.id)).where(User.active.is_(True))
    if role is not None:
        query = query.where(User.role == Role(role).value)
    return int(session.scalar(query) or 0)


def authenticate(
    engine: Engine, username: str, password: str, *, now: dt.datetime | None = None
) -> Principal:
    """Check a user name and password; return the principal or raise.

    Raises
    ------
    AuthenticationError
        Wrong user name or password (the message does not say which), inactive account, or
        :data:`MAX_FAILED_LOGINS` failures within :data:`FAILURE_WINDOW`.
    """
    name = normalise_username(username)
    moment = now or utcnow()
    with session_scope(engine) as session:
        # failures older than the window no longer count: keep the table small
        session.execute(delete(LoginFailure).where(LoginFailure.at < moment - FAILURE_WINDOW))
        recent = session.scalar(
            select(func.count(LoginFailure.id)).where(
                LoginFailure.username == name, LoginFailure.at > moment - FAILURE_WINDOW
            )
        )
        if int(recent or 0) >= MAX_FAILED_LOGINS:
            minutes = int(FAILURE_WINDOW.total_seconds() // 60)
            raise AuthenticationError(
                "demasiados intentos fallidos para este usuario",
                hint=f"espere {minutes} minutos o pida a la secretaría que revise la cuenta",
            )
        user = session.scalar(select(User).where(User.username == name))
        valid = False
        if user is not None:
            try:
                valid = _HASHER.verify(user.password_hash, password or "")
            except (VerificationError, InvalidHashError):
                valid = False
        else:
            # Same work for unknown names, so timing does not reveal which names exist.
            with contextlib.suppress(VerificationError, InvalidHashError):
                _HASHER.verify(_dummy_hash(), password or "")
        if not valid or user is None or not user.active:
            session.add(LoginFailure(username=name[:200], at=moment))
            failed = True
        else:
            failed = False
            values: dict[str, object] = {"last_login_at": moment}
            if _HASHER.check_needs_rehash(user.password_hash):
                values["password_hash"] = _HASHER.hash(password)
            # A plain UPDATE: logging in must not bump the version a form is editing.
            session.execute(update(User).where(User.id == user.id).values(**values))
            session.execute(delete(LoginFailure).where(LoginFailure.username == name))
            principal = principal_of(user)
    if failed:
        raise AuthenticationError("usuario o contraseña incorrectos, o cuenta desactivada")
    return principal


_DUMMY: list[str] = []


def _dummy_hash() -> str:
    if not _DUMMY:
        _DUMMY.append(_HASHER.hash("raices-sin-usuario"))
    return _DUMMY[0]
