"""Editor sign-in on the page: configuration from secrets or the environment, the session's
editor, and the sign-in and sign-out controls. The checks themselves are in outages.auth.

Configuration (README, "Editing"):

- ``[editing] password`` in ``.streamlit/secrets.toml``, else the environment variable
  ``OUTAGES_EDITOR_PASSWORD``: editors sign in with that password (embedded default);
- ``[auth]`` (Streamlit's OIDC login) with ``[editing] editors = ["name@example.org", ...]``
  (or ``OUTAGES_EDITORS``, comma-separated): people log in with ``st.login`` and those on
  the list are editors (hosted).

With neither, editing is off. The session keeps its Editor in ``st.session_state``; every run
verifies it again (outages.auth.verify), so anything else put there counts for nothing.

Wrong passwords are counted in the store (outages.lockout), never in a Streamlit cache: any
client can empty those with the "clear cache" message. Behind a reverse proxy on another host,
``[editing] trusted_proxies = ["10.0.0.5"]`` (or ``OUTAGES_TRUSTED_PROXIES``, comma-separated
addresses or networks) makes the visitor's address come from the proxy's X-Forwarded-For.
"""

from __future__ import annotations

import math
import os
import secrets
from dataclasses import dataclass

import streamlit as st
from streamlit.errors import StreamlitAPIException

from outages import auth, fmt, lockout
from outages.auth import AuthError, Editor, LockedOut, WrongPassword
from outages.i18n import t

from . import data
from .text import md

PASSWORD_ENV = "OUTAGES_EDITOR_PASSWORD"  # noqa: S105 (the name of a variable)
EDITORS_ENV = "OUTAGES_EDITORS"
PROXIES_ENV = "OUTAGES_TRUSTED_PROXIES"
EDITOR_KEY = "_outages_editor"
SESSION_KEY = "_outages_session"


@dataclass(frozen=True)
class Config:
    password: str | None  # None: no password sign-in
    editors: frozenset[str]  # e-mails allowed to edit after an OIDC login
    oidc: bool  # an [auth] section is configured
    proxies: tuple = ()  # reverse proxies whose X-Forwarded-For names the visitor

    @property
    def editing(self) -> bool:
        return self.password is not None or (self.oidc and bool(self.editors))


def _secrets() -> dict:
    """The app's secrets as a plain dict ({} when there is no secrets file)."""
    try:
        if not st.secrets.load_if_toml_exists():
            return {}
        return {key: st.secrets[key] for key in st.secrets}
    except (FileNotFoundError, KeyError, StreamlitAPIException):
        return {}


def config() -> Config:
    found = _secrets()
    section = found.get("editing") or {}
    password = section.get("password") if hasattr(section, "get") else None
    if password is None:
        password = os.environ.get(PASSWORD_ENV)
    editors = section.get("editors") if hasattr(section, "get") else None
    if editors is None:
        editors = os.environ.get(EDITORS_ENV, "")
    proxies = section.get("trusted_proxies") if hasattr(section, "get") else None
    if proxies is None:
        proxies = os.environ.get(PROXIES_ENV, "")
    return Config(auth.usable_password(password), auth.allow_list(editors),
                  "auth" in found, lockout.trusted_networks(proxies))


def _session() -> str:
    """A random name for this browser session (the back-off counts its failures)."""
    if not isinstance(st.session_state.get(SESSION_KEY), str):
        st.session_state[SESSION_KEY] = secrets.token_hex(16)
    return st.session_state[SESSION_KEY]


def client(cfg: Config) -> lockout.Client:
    """This visitor as the back-off counts it: network address and browser session."""
    try:
        peer = st.context.ip_address
        forwarded = st.context.headers.get_all("X-Forwarded-For") if cfg.proxies else []
    except (AttributeError, RuntimeError, StreamlitAPIException):
        peer, forwarded = None, []
    # Without a browser connection (AppTest) Streamlit gives placeholders, not text.
    peer = peer if isinstance(peer, str) else None
    forwarded = [v for v in forwarded if isinstance(v, str)] if isinstance(forwarded, list) else []
    return lockout.Client(lockout.client_address(peer, forwarded, cfg.proxies), _session())


def _wait(seconds: float, lang: str) -> str:
    """A wait as shown: whole minutes, rounded up, at least one."""
    return fmt.hours(max(1, math.ceil(seconds / 60)) / 60, lang)


def _user() -> dict:
    try:
        return dict(st.user.to_dict())
    except (AttributeError, StreamlitAPIException):
        return {}


def current(cfg: Config) -> Editor | None:
    """This session's editor, verified on every run; None for a viewer."""
    if cfg.oidc and cfg.editors:
        editor = auth.oidc_editor(_user(), cfg.editors)
        if editor is not None:
            return editor
    stored = st.session_state.get(EDITOR_KEY)
    if stored is None:
        return None
    try:
        editor = auth.verify(stored)
    except PermissionError:
        del st.session_state[EDITOR_KEY]
        return None
    if editor.method == "password" and cfg.password is None:
        del st.session_state[EDITOR_KEY]  # the password was removed from the configuration
        return None
    return editor


def _sign_in(cfg: Config, lang: str) -> None:
    """Form callback: check the password typed, keep the Editor or say why not."""
    given = st.session_state.get("editor_password", "")
    name = st.session_state.get("editor_name", "")
    try:
        st.session_state[EDITOR_KEY] = auth.password_editor(
            given if isinstance(given, str) else "", cfg.password,
            lockout.Lockout(data.store()), client(cfg), name=name)
        st.session_state.pop("_editor_message", None)
    except LockedOut as exc:
        key = "editor.locked_account" if exc.reason == "account" else "editor.locked"
        st.session_state["_editor_message"] = t(key, lang, wait=_wait(exc.seconds, lang))
    except WrongPassword as exc:
        st.session_state["_editor_message"] = (
            t("editor.wrong_wait", lang, wait=_wait(exc.seconds, lang)) if exc.seconds > 0
            else t("editor.wrong", lang, left=exc.attempts_left))
    except AuthError:
        st.session_state["_editor_message"] = t("editor.off", lang)


def _sign_out() -> None:
    st.session_state.pop(EDITOR_KEY, None)


def panel(cfg: Config, editor: Editor | None, lang: str) -> None:
    """Who is editing, or the ways to sign in (an expander a viewer may ignore)."""
    if editor is not None:
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.success(t("editor.signed_in", lang, name=md(editor.name)), icon=":material/edit:")
        if editor.method == "oidc":
            if right.button(t("editor.sign_out", lang), key="editor_sign_out"):
                st.logout()
        else:
            right.button(t("editor.sign_out", lang), key="editor_sign_out", on_click=_sign_out)
        return
    with st.expander(t("editor.title", lang), icon=":material/lock:"):
        if not cfg.editing:
            st.caption(t("editor.off", lang))
            return
        if cfg.oidc and cfg.editors:
            _oidc_login(lang)
        if cfg.password is not None:
            with st.form("editor_sign_in", clear_on_submit=True, border=False):
                st.text_input(t("editor.name", lang), key="editor_name", max_chars=80)
                st.text_input(t("editor.password", lang), type="password",
                              key="editor_password", max_chars=200)
                st.form_submit_button(t("editor.sign_in", lang), on_click=_sign_in,
                                      args=(cfg, lang), key="editor_sign_in_button")
            message = st.session_state.pop("_editor_message", None)
            if message:
                st.error(message, icon=":material/block:")


def _oidc_login(lang: str) -> None:
    user = _user()
    if user.get("is_logged_in") is True:
        email = user.get("email")
        st.warning(t("editor.not_allowed", lang, email=md(email or "?")))
        if st.button(t("editor.sign_out", lang), key="editor_oidc_out"):
            st.logout()
        return
    if st.button(t("editor.log_in", lang), key="editor_oidc_in", icon=":material/login:"):
        try:
            st.login()
        except StreamlitAPIException:
            st.error(t("editor.no_authlib", lang))
