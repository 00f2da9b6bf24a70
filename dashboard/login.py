"""Who is using this browser session: the signed-in :class:`Principal`, and the sign-in
form in the sidebar.

Two ways to sign in, chosen by the deployment:

* **Local accounts** (default). Accounts are created with ``raices seguimiento usuarios``;
  the password is checked by :func:`analysis.records.users.authenticate` (argon2 hashes,
  failed attempts rate-limited by the store). Nothing here stores a password.
* **OpenID Connect** (an identity provider configured in ``.streamlit/secrets.toml``
  under ``[auth]`` — see Streamlit's ``st.login``; it needs the ``Authlib`` package).
  The provider proves who the person is; the store still decides what they may do: the
  e-mail the provider returns must be the user name of an active Raíces account
  (created by the secretariat with ``raices seguimiento usuarios``), whose role and
  institution apply. Someone the provider knows but Raíces does not stays public.

The principal lives in this session's ``st.session_state`` only: it is never cached
across sessions (no ``st.cache_*``), so one person's sign-in can never leak into another
person's browser. Permissions are enforced by the store layer on every call; the pages
only *reflect* the role (which forms to show), they never rely on hiding a button.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping

import streamlit as st

from analysis.errors import RaicesError
from dashboard import state
from dashboard.components.monitoring import plain
from dashboard.data import monitoring as records

PRINCIPAL = "seguimiento.principal"
"""Session key of the signed-in principal (absent = public)."""


def oidc_configured() -> bool:
    """Whether the deployment configured an OpenID Connect provider (``[auth]`` secrets)."""
    try:
        if not st.secrets.load_if_toml_exists():
            return False
        auth = st.secrets.get("auth")
    except Exception:  # a malformed secrets file means: not configured
        return False
    if not isinstance(auth, Mapping) or not auth:
        return False
    if "client_id" in auth:
        return True
    return any(isinstance(value, Mapping) and "client_id" in value for value in auth.values())


def _oidc_principal():
    """Principal of the person signed in with the identity provider, or ``None``."""
    from analysis.records.users import PUBLIC

    try:
        logged_in = bool(st.user.is_logged_in)
    except Exception:
        return None
    if not logged_in:
        return None
    email = str(st.user.get("email") or "").strip().lower()
    known = records.principal_for_username(email) if email else None
    return known if known is not None else PUBLIC


def current_principal():
    """The principal of this browser session (``PUBLIC`` when nobody is signed in).

    With an identity provider configured, the provider's session decides; otherwise the
    principal set by :func:`login_form`.
    """
    from analysis.records.users import PUBLIC

    if oidc_configured():
        principal = _oidc_principal()
        if principal is not None:
            st.session_state[PRINCIPAL] = principal
            return principal
    return st.session_state.get(PRINCIPAL, PUBLIC)


def sign_out() -> None:
    """Forget this session's principal (and the provider's session, if any)."""
    st.session_state.pop(PRINCIPAL, None)
    if oidc_configured():
        with contextlib.suppress(Exception):  # the provider session may already be gone
            st.logout()


def _role_text(principal) -> str:
    role = getattr(principal.role, "value", principal.role)
    return state.t(f"seguimiento.role.{role}")


def login_form() -> None:
    """Sign-in (or signed-in status and sign-out) in the sidebar."""
    principal = current_principal()
    with st.sidebar:
        if principal.role is not None:
            st.caption(state.t("seguimiento.login.as", role=_role_text(principal)))
            st.text(principal.username)
            st.button(state.t("seguimiento.login.out"), on_click=sign_out, key="seguimiento.out")
            return
        if oidc_configured():
            if _oidc_principal() is not None:
                # signed in with the provider, but no Raíces account for that e-mail
                st.caption(state.t("seguimiento.login.unknown_account"))
                st.button(
                    state.t("seguimiento.login.out"), on_click=sign_out, key="seguimiento.out"
                )
                return
            try:
                from streamlit.auth_util import is_authlib_installed

                ready = is_authlib_installed()
            except ImportError:
                ready = False
            if ready:
                st.button(
                    state.t("seguimiento.login.provider"), on_click=st.login, key="seguimiento.oidc"
                )
                return
            st.caption(state.t("seguimiento.login.no_authlib"))
        with st.expander(state.t("seguimiento.login.title")):
            with st.form("seguimiento.login", clear_on_submit=True, border=False):
                username = st.text_input(state.t("seguimiento.login.user"), key="seguimiento.user")
                password = st.text_input(
                    state.t("seguimiento.login.password"),
                    type="password",
                    key="seguimiento.password",
                )
                submitted = st.form_submit_button(state.t("seguimiento.login.submit"))
            if submitted:
                try:
                    signed_in = records.authenticate(username.strip(), password)
                except RaicesError as error:
                    st.error(state.t("seguimiento.login.failed", detail=plain(error.message)))
                    return
                st.session_state[PRINCIPAL] = signed_in
                st.rerun()
