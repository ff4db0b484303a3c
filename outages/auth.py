"""Who may change what the public sees: editor checks and the Editor capability.

Viewers never log in. Editing is off unless a password or an OIDC allow-list is configured.
Every function that writes uploaded figures (``outages.publish``) takes an :class:`Editor` and
calls :func:`verify` on it first. Only this module mints Editors, and only after a successful
check: a password compared in constant time (:func:`password_editor`) or a logged-in OIDC
user whose e-mail is on the allow-list (:func:`oidc_editor`). An Editor carries an HMAC seal
made with a key that lives only in this process, so an Editor built by hand, copied from
forged session state or altered with ``dataclasses.replace`` fails :func:`verify`.

Repeated wrong passwords lock the password check out (:class:`Lockout`): for one session after
a few failures, and for everyone after many failures from all sessions within a time window.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
import time
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

SESSION_FAILURES = 5  # wrong passwords from one session within WINDOW_SECONDS lock it
GLOBAL_FAILURES = 30  # wrong passwords from all sessions within WINDOW_SECONDS lock everyone
WINDOW_SECONDS = 15 * 60.0
EDITOR_SECONDS = 12 * 3600.0  # an Editor expires after this; sign in again
MIN_PASSWORD_CHARS = 8  # a shorter configured password leaves editing off
NAME_CHARS = 80

_KEY = secrets.token_bytes(32)  # process-local: Editors do not outlive the server process
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class AuthError(Exception):
    """A sign-in attempt that gives no editor rights; the message is safe to show."""


class WrongPassword(AuthError):
    def __init__(self, attempts_left: int):
        self.attempts_left = attempts_left
        super().__init__(f"wrong password; {attempts_left} attempt(s) left before a lock-out")


class LockedOut(AuthError):
    def __init__(self, seconds: float, everyone: bool):
        self.seconds = seconds
        self.everyone = everyone
        who = "for everyone" if everyone else "for this session"
        super().__init__(f"too many wrong passwords: signing in is locked {who} for "
                         f"{seconds / 60:.0f} more minute(s)")


class EditingOff(AuthError):
    def __init__(self) -> None:
        super().__init__("editing is not configured on this server")


@dataclass(frozen=True)
class Editor:
    """Proof that someone passed an editor check. Build one only through this module."""

    who: str  # written to the audit log: "password:<name>" or "oidc:<e-mail>"
    method: str  # "password" or "oidc"
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


class Lockout:
    """Counts wrong passwords per session and overall within a sliding time window.

    Thread-safe; one instance serves the whole server. ``clock`` returns seconds (monotonic).
    """

    def __init__(self, *, per_session: int = SESSION_FAILURES, overall: int = GLOBAL_FAILURES,
                 window: float = WINDOW_SECONDS,
                 clock: Callable[[], float] = time.monotonic):
        self.per_session = per_session
        self.overall = overall
        self.window = window
        self.clock = clock
        self._lock = threading.Lock()
        self._sessions: dict[str, deque[float]] = {}
        self._all: deque[float] = deque()

    def _prune(self, now: float) -> None:
        cutoff = now - self.window
        while self._all and self._all[0] <= cutoff:
            self._all.popleft()
        for key in list(self._sessions):
            times = self._sessions[key]
            while times and times[0] <= cutoff:
                times.popleft()
            if not times:
                del self._sessions[key]

    def locked_for(self, session: str) -> tuple[float, bool]:
        """(seconds until ``session`` may try again, whether everyone is locked); (0, False)
        when it may try now."""
        with self._lock:
            now = self.clock()
            self._prune(now)
            if len(self._all) >= self.overall:
                return self._all[-self.overall] + self.window - now, True
            times = self._sessions.get(session)
            if times is not None and len(times) >= self.per_session:
                return times[-self.per_session] + self.window - now, False
            return 0.0, False

    def failed(self, session: str) -> int:
        """Record a wrong password; return the attempts ``session`` has left."""
        with self._lock:
            now = self.clock()
            self._prune(now)
            self._all.append(now)
            times = self._sessions.setdefault(session, deque())
            times.append(now)
            return max(0, min(self.per_session - len(times), self.overall - len(self._all)))

    def succeeded(self, session: str) -> None:
        """Forget ``session``'s failures (not those counted overall)."""
        with self._lock:
            self._sessions.pop(session, None)


def password_editor(given: str, configured: object, lockout: Lockout, session: str, *,
                    name: object = "", now: float | None = None) -> Editor:
    """An Editor when ``given`` is the configured password and the session is not locked out.

    Raises EditingOff (no usable password configured), LockedOut (checked before the password,
    so a right password does not help while locked) or WrongPassword.
    """
    expected = usable_password(configured)
    if expected is None:
        raise EditingOff()
    seconds, everyone = lockout.locked_for(session)
    if seconds > 0:
        raise LockedOut(seconds, everyone)
    if not same_password(given.strip() if isinstance(given, str) else "", expected):
        left = lockout.failed(session)
        if left == 0:
            seconds, everyone = lockout.locked_for(session)
            raise LockedOut(seconds, everyone)
        raise WrongPassword(left)
    lockout.succeeded(session)
    return _mint(f"password:{clean_name(name)}", "password",
                 time.time() if now is None else now)


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
