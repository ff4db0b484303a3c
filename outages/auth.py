"""Who may change what the public sees: editor checks and the Editor capability.

Viewers never log in. Editing is off unless a password or an OIDC allow-list is configured.
Every function that writes uploaded figures (``outages.publish``) takes an :class:`Editor` and
calls :func:`verify` on it first. Only this module mints Editors, and only after a successful
check: a password compared in constant time (:func:`password_editor`) or a logged-in OIDC
user whose e-mail is on the allow-list (:func:`oidc_editor`), or a live API token whose scope
covers the dataset (:func:`token_editor`, for the data API). An Editor carries an HMAC seal
made with a key that lives only in this process, so an Editor built by hand, copied from
forged session state or altered with ``dataclasses.replace`` fails :func:`verify`.

Wrong passwords slow the password check down (outages.lockout: an exponential back-off per
client and per account, counted in the store, so every replica sees it and no cache message
resets it).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from outages.lockout import Client, Lockout
    from outages.store import Store

EDITOR_SECONDS = 12 * 3600.0  # an Editor expires after this; sign in again
MIN_PASSWORD_CHARS = 8  # a shorter configured password leaves editing off
NAME_CHARS = 80

_KEY = secrets.token_bytes(32)  # process-local: Editors do not outlive the server process
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class AuthError(Exception):
    """A sign-in attempt that gives no editor rights; the message is safe to show."""


class WrongPassword(AuthError):
    """A wrong password, counted. ``attempts_left``: free attempts the client still has;
    ``seconds``: how long it must wait before the next one (0: none); ``reason``: "client" or
    "account", what the wait comes from ("" when there is none)."""

    def __init__(self, attempts_left: int, seconds: float = 0.0, reason: str = ""):
        self.attempts_left = attempts_left
        self.seconds = seconds
        self.reason = reason
        wait = f"the next attempt in {seconds:.0f} s" if seconds > 0 else (
            f"{attempts_left} attempt(s) left before a wait")
        super().__init__(f"wrong password; {wait}")


class LockedOut(AuthError):
    """The client must wait ``seconds`` before trying again; ``reason``: "client" (its own
    failures) or "account" (many failures on the account, and some of them its own)."""

    def __init__(self, seconds: float, reason: str = "client"):
        self.seconds = seconds
        self.reason = reason
        cause = "from this connection" if reason == "client" else "for the editor sign-in"
        super().__init__(f"too many wrong passwords {cause}: try again in {seconds:.0f} s")


class EditingOff(AuthError):
    def __init__(self) -> None:
        super().__init__("editing is not configured on this server")


@dataclass(frozen=True)
class Editor:
    """Proof that someone passed an editor check. Build one only through this module."""

    who: str  # written to the audit log: "password:<name>", "oidc:<e-mail>", "token:<name>"
    method: str  # "password", "oidc" or "token"
    issued_at: float  # time.time() when minted
    expires_at: float
    seal: bytes = field(repr=False, compare=False)

    @property
    def name(self) -> str:
        """The person as shown on the page: the name given or the e-mail."""
        return self.who.split(":", 1)[1]


def _sealed_bytes(who: str, method: str, issued_at: float, expires_at: float) -> bytes:
    return "\x00".join([who, method, repr(issued_at), repr(expires_at)]).encode("utf-8")


def _seal(who: str, method: str, issued_at: float, expires_at: float) -> bytes:
    return hmac.new(_KEY, _sealed_bytes(who, method, issued_at, expires_at),
                    hashlib.sha256).digest()


def _mint(who: str, method: str, now: float) -> Editor:
    now = float(now)
    expires = now + EDITOR_SECONDS
    return Editor(who, method, now, expires, _seal(who, method, now, expires))


def verify(editor: object, now: float | None = None) -> Editor:
    """``editor`` when it is a genuine, unexpired Editor; PermissionError otherwise."""
    if not isinstance(editor, Editor):
        raise PermissionError("editor rights are needed to change published figures")
    fields = (editor.who, editor.method, editor.issued_at, editor.expires_at)
    if not (isinstance(editor.seal, bytes) and all(isinstance(f, str) for f in fields[:2])
            and all(isinstance(f, float) for f in fields[2:])):
        raise PermissionError("not a genuine editor sign-in")
    if not hmac.compare_digest(editor.seal, _seal(*fields)):
        raise PermissionError("not a genuine editor sign-in")
    if (time.time() if now is None else now) >= editor.expires_at:
        raise PermissionError("the editor sign-in has expired; sign in again")
    return editor


# --- passwords -------------------------------------------------------------------------------


def _password_bytes(text: str) -> bytes:
    """A password as UTF-8 bytes in Unicode NFC, so "ї" typed as one or two code points match."""
    return unicodedata.normalize("NFC", text).encode("utf-8")


def same_password(given: str, expected: str) -> bool:
    """True when the passwords match; the time taken does not depend on where they differ,
    nor on their lengths (both are hashed first; compare_digest on str rejects non-ASCII)."""
    a = hashlib.sha256(_password_bytes(given)).digest()
    b = hashlib.sha256(_password_bytes(expected)).digest()
    return hmac.compare_digest(a, b)


def usable_password(configured: object) -> str | None:
    """The configured password when editing by password is on: a text of at least
    MIN_PASSWORD_CHARS characters (surrounding spaces ignored); else None."""
    if not isinstance(configured, str):
        return None
    text = configured.strip()
    return text if len(text) >= MIN_PASSWORD_CHARS else None


def clean_name(name: object) -> str:
    """A person's name as typed at sign-in, fit for the audit log: one line, no control
    characters, at most NAME_CHARS characters; "editor" when blank."""
    text = " ".join(_CONTROL.sub(" ", str(name or "")).split())[:NAME_CHARS]
    return text or "editor"


def password_editor(given: str, configured: object, lockout: Lockout, client: Client, *,
                    name: object = "", now: float | None = None) -> Editor:
    """An Editor when ``given`` is the configured password and ``client`` need not wait.

    Raises EditingOff (no usable password configured), LockedOut (checked in the store before
    the password, so a right password does not help while the client waits) or WrongPassword
    (recorded in the store and the audit log with the client, never the password).
    """
    expected = usable_password(configured)
    if expected is None:
        raise EditingOff()
    text = given.strip() if isinstance(given, str) else ""
    who = clean_name(name)
    lockout.attempt(client, lambda: same_password(text, expected), name=who)
    return _mint(f"password:{who}", "password", time.time() if now is None else now)


# --- OIDC ------------------------------------------------------------------------------------


def allow_list(value: object) -> frozenset[str]:
    """Editor e-mails from configuration: a list, or one text separated by commas, semicolons
    or line breaks. Lower-cased; entries that are not e-mail addresses are left out."""
    if isinstance(value, str):
        items: Iterable[object] = re.split(r"[,;\s]+", value)
    elif isinstance(value, Iterable):
        items = value
    else:
        return frozenset()
    emails = (str(item).strip().lower() for item in items if isinstance(item, str))
    return frozenset(e for e in emails if _EMAIL.fullmatch(e))


def oidc_editor(user: Mapping[str, object], allowed: frozenset[str], *,
                now: float | None = None) -> Editor | None:
    """An Editor for a user logged in through OIDC whose e-mail is on ``allowed``, else None.

    ``user`` is ``st.user`` as a dict: ``is_logged_in`` must be exactly True, and a provider
    that says the e-mail is not verified (``email_verified`` false) is not trusted.
    """
    if user.get("is_logged_in") is not True:
        return None
    email = user.get("email")
    if not isinstance(email, str) or user.get("email_verified") is False:
        return None
    email = email.strip().lower()
    if email not in allowed:
        return None
    return _mint(f"oidc:{email}", "oidc", time.time() if now is None else now)


# --- API tokens ------------------------------------------------------------------------------


class TokenRefused(AuthError):
    """An API token that gives no rights here. ``status``: 401 (missing, unknown or revoked)
    or 403 (a live token whose scope does not cover the dataset)."""

    def __init__(self, status: int, message: str):
        self.status = status
        super().__init__(message)


def token_editor(store: Store, token: object, dataset_id: str | None, *,
                 now: float | None = None) -> Editor:
    """An Editor for a live API token whose scope covers ``dataset_id`` (None: a new dataset,
    which needs a token for every dataset, ``*``); recorded in the audit log as
    ``token:NAME``. Raises TokenRefused. The token is looked up by its SHA-256 (the store keeps
    nothing else), so the comparison leaks nothing about the secret."""
    from outages.store import tokens

    found = tokens.find(store, token) if isinstance(token, str) else None
    if found is None:
        raise TokenRefused(401, "the API token is missing, unknown or revoked")
    allowed = found.scope == tokens.EVERY or (
        dataset_id is not None and found.scope in tokens.lineage(store, dataset_id))
    if not allowed:
        target = "new datasets" if dataset_id is None else f"dataset {dataset_id}"
        raise TokenRefused(403, f"the API token {found.name!r} may not change {target}")
    return _mint(f"token:{found.name}", "token", time.time() if now is None else now)
