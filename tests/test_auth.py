import dataclasses

import pytest

from outages import auth
from outages.auth import (
    EditingOff,
    Editor,
    LockedOut,
    Lockout,
    WrongPassword,
    allow_list,
    oidc_editor,
    password_editor,
    same_password,
    verify,
)

PASSWORD = "correct horse battery"  # noqa: S105 (a test password)
CYRILLIC = "Слава Україні! ї є ґ"


class Clock:
    """A clock the test moves by hand (no sleeping)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


def lockout(clock, **kwargs):
    return Lockout(clock=clock, **kwargs)


@pytest.mark.parametrize("given,expected,same", [
    (PASSWORD, PASSWORD, True),
    (PASSWORD, PASSWORD + "x", False),
    ("", PASSWORD, False),
    (CYRILLIC, CYRILLIC, True),
    (CYRILLIC, CYRILLIC.replace("ї", "і"), False),
    # the same letter written as one code point or as a letter and a combining mark
    ("\u0457жак", "\u0456\u0308жак", True),
    ("пароль", "парол", False),
])
def test_same_password(given, expected, same):
    assert same_password(given, expected) is same


def test_cyrillic_password_signs_in(clock):
    editor = password_editor(CYRILLIC, CYRILLIC, lockout(clock), "s1", name="Олена")
    assert editor.who == "password:Олена"
    assert editor.name == "Олена"
    assert verify(editor) is editor


@pytest.mark.parametrize("configured", [None, "", "short", "       ", 12345678, ["x" * 10]])
def test_editing_off_without_a_usable_password(configured, clock):
    with pytest.raises(EditingOff):
        password_editor("short", configured, lockout(clock), "s1")


def test_configured_password_is_stripped(clock):
    editor = password_editor(PASSWORD, f"  {PASSWORD}\n", lockout(clock), "s1")
    assert editor.method == "password"


def test_session_locked_after_repeated_failures(clock):
    lock = lockout(clock, per_session=3, overall=100, window=600)
    for left in (2, 1):
        with pytest.raises(WrongPassword) as caught:
            password_editor("wrong", PASSWORD, lock, "s1")
        assert caught.value.attempts_left == left
    with pytest.raises(LockedOut) as caught:
        password_editor("wrong", PASSWORD, lock, "s1")
    assert not caught.value.everyone
    # while locked, the right password does not help
    with pytest.raises(LockedOut):
        password_editor(PASSWORD, PASSWORD, lock, "s1")
    # another session is not locked
    assert password_editor(PASSWORD, PASSWORD, lock, "s2").method == "password"
    # once the window has passed, the session may try again
    clock.now += 601
    assert password_editor(PASSWORD, PASSWORD, lock, "s1").method == "password"


def test_global_lock_after_failures_from_many_sessions(clock):
    lock = lockout(clock, per_session=100, overall=4, window=600)
    for i in range(3):
        with pytest.raises(WrongPassword):
            password_editor("wrong", PASSWORD, lock, f"attacker-{i}")
    with pytest.raises(LockedOut) as caught:
        password_editor("wrong", PASSWORD, lock, "attacker-3")
    assert caught.value.everyone
    with pytest.raises(LockedOut) as caught:
        password_editor(PASSWORD, PASSWORD, lock, "innocent")
    assert caught.value.everyone
    assert 0 < caught.value.seconds <= 600
    clock.now += 600
    assert password_editor(PASSWORD, PASSWORD, lock, "innocent").method == "password"


def test_success_clears_the_sessions_failures(clock):
    lock = lockout(clock, per_session=3, overall=100)
    for _ in range(2):
        with pytest.raises(WrongPassword):
            password_editor("wrong", PASSWORD, lock, "s1")
    password_editor(PASSWORD, PASSWORD, lock, "s1")
    with pytest.raises(WrongPassword) as caught:
        password_editor("wrong", PASSWORD, lock, "s1")
    assert caught.value.attempts_left == 2


def test_old_failures_fall_out_of_the_window(clock):
    lock = lockout(clock, per_session=2, overall=100, window=60)
    with pytest.raises(WrongPassword):
        password_editor("wrong", PASSWORD, lock, "s1")
    clock.now += 61
    with pytest.raises(WrongPassword) as caught:
        password_editor("wrong", PASSWORD, lock, "s1")
    assert caught.value.attempts_left == 1
    assert lock.locked_for("s1") == (0.0, False)


@pytest.mark.parametrize("name,expected", [
    ("  Olena  Petrenko ", "password:Olena Petrenko"),
    ("", "password:editor"),
    (None, "password:editor"),
    ("Eve\nadmin\x00", "password:Eve admin"),
    ("x" * 200, "password:" + "x" * auth.NAME_CHARS),
])
def test_names_in_the_audit_log_are_one_clean_line(name, expected, clock):
    assert password_editor(PASSWORD, PASSWORD, lockout(clock), "s", name=name).who == expected


def forged_editors(real: Editor) -> list[object]:
    return [
        None,
        "editor",
        {"who": real.who, "method": real.method},
        Editor(real.who, real.method, real.issued_at, real.expires_at, b"\x00" * 32),
        Editor(real.who, real.method, real.issued_at, real.expires_at, b""),
        dataclasses.replace(real, who="password:mallory"),
        dataclasses.replace(real, expires_at=real.expires_at + 10**9),
        dataclasses.replace(real, method="oidc"),
        Editor(real.who, real.method, real.issued_at, real.expires_at, "not bytes"),
    ]


@pytest.mark.parametrize("index", range(9))
def test_forged_editors_fail_verification(index, clock):
    real = password_editor(PASSWORD, PASSWORD, lockout(clock), "s")
    with pytest.raises(PermissionError):
        verify(forged_editors(real)[index])


def test_editors_expire(clock):
    editor = password_editor(PASSWORD, PASSWORD, lockout(clock), "s", now=5000.0)
    assert verify(editor, now=5000.0 + auth.EDITOR_SECONDS - 1) is editor
    with pytest.raises(PermissionError, match="expired"):
        verify(editor, now=5000.0 + auth.EDITOR_SECONDS)


@pytest.mark.parametrize("value,expected", [
    (["Alice@Example.org", " bob@example.org "], {"alice@example.org", "bob@example.org"}),
    ("alice@example.org, bob@example.org;carol@example.org\ndan@example.org",
     {"alice@example.org", "bob@example.org", "carol@example.org", "dan@example.org"}),
    (["not an email", "@example.org", "alice@", 42, "alice@example.org"],
     {"alice@example.org"}),
    (None, set()),
    (42, set()),
])
def test_allow_list(value, expected):
    assert allow_list(value) == expected


ALLOWED = allow_list(["alice@example.org"])


@pytest.mark.parametrize("user,who", [
    ({"is_logged_in": True, "email": "alice@example.org"}, "oidc:alice@example.org"),
    ({"is_logged_in": True, "email": "ALICE@example.org ", "email_verified": True},
     "oidc:alice@example.org"),
    ({"is_logged_in": True, "email": "alice@example.org", "email_verified": False}, None),
    ({"is_logged_in": True, "email": "mallory@example.org"}, None),
    ({"is_logged_in": False, "email": "alice@example.org"}, None),
    # AppTest's default st.user and some hosts give an e-mail without any login
    ({"email": "alice@example.org"}, None),
    ({"is_logged_in": "true", "email": "alice@example.org"}, None),
    ({"is_logged_in": True}, None),
    ({"is_logged_in": True, "email": ["alice@example.org"]}, None),
])
def test_oidc_editor(user, who):
    editor = oidc_editor(user, ALLOWED)
    if who is None:
        assert editor is None
    else:
        assert editor.who == who and editor.method == "oidc"
        assert verify(editor) is editor
