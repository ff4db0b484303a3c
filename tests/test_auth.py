import dataclasses

import pytest

from outages import auth
from outages.auth import (
    EditingOff,
    Editor,
    LockedOut,
    WrongPassword,
    allow_list,
    oidc_editor,
    password_editor,
    same_password,
    verify,
)
from outages.lockout import Client, Lockout
from outages.store import open_store
from tests.helpers import Clock

PASSWORD = "correct horse battery"  # noqa: S105 (a test password)
CYRILLIC = "Слава Україні! ї є ґ"
HOME = Client("198.51.100.7", "s1")


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def lock(tmp_path, clock):
    """The back-off on a fresh SQLite store (the policy on both backends: test_lockout.py)."""
    with open_store(f"sqlite:///{tmp_path / 'outages.db'}") as store:
        yield Lockout(store, clock=clock)


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


def test_cyrillic_password_signs_in(lock):
    editor = password_editor(CYRILLIC, CYRILLIC, lock, HOME, name="Олена")
    assert editor.who == "password:Олена"
    assert editor.name == "Олена"
    assert verify(editor) is editor


@pytest.mark.parametrize("configured", [None, "", "short", "       ", 12345678, ["x" * 10]])
def test_editing_off_without_a_usable_password(configured, lock):
    with pytest.raises(EditingOff):
        password_editor("short", configured, lock, HOME)


def test_configured_password_is_stripped(lock):
    editor = password_editor(PASSWORD, f"  {PASSWORD}\n", lock, HOME)
    assert editor.method == "password"


def test_a_client_waits_after_its_free_attempts(lock, clock):
    for left in (4, 3, 2, 1):
        with pytest.raises(WrongPassword) as caught:
            password_editor("wrong", PASSWORD, lock, HOME)
        assert (caught.value.attempts_left, caught.value.seconds) == (left, 0)
    with pytest.raises(WrongPassword) as caught:
        password_editor("wrong", PASSWORD, lock, HOME)
    assert (caught.value.attempts_left, caught.value.seconds) == (0, 30)
    # while it waits, the right password does not help, from a new session either
    for client in (HOME, Client(HOME.address, "a-new-session")):
        with pytest.raises(LockedOut) as caught:
            password_editor(PASSWORD, PASSWORD, lock, client)
        assert (caught.value.seconds, caught.value.reason) == (30, "client")
    # another client is not held
    assert password_editor(PASSWORD, PASSWORD, lock, Client("203.0.113.9", "s2")).method
    clock.now += 30
    assert password_editor(PASSWORD, PASSWORD, lock, HOME).method == "password"


def test_success_clears_the_clients_failures(lock):
    for _ in range(3):
        with pytest.raises(WrongPassword):
            password_editor("wrong", PASSWORD, lock, HOME)
    password_editor(PASSWORD, PASSWORD, lock, HOME)
    with pytest.raises(WrongPassword) as caught:
        password_editor("wrong", PASSWORD, lock, HOME)
    assert caught.value.attempts_left == 4


@pytest.mark.parametrize("name,expected", [
    ("  Olena  Petrenko ", "password:Olena Petrenko"),
    ("", "password:editor"),
    (None, "password:editor"),
    ("Eve\nadmin\x00", "password:Eve admin"),
    ("x" * 200, "password:" + "x" * auth.NAME_CHARS),
])
def test_names_in_the_audit_log_are_one_clean_line(name, expected, lock):
    assert password_editor(PASSWORD, PASSWORD, lock, HOME, name=name).who == expected


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
def test_forged_editors_fail_verification(index, lock):
    real = password_editor(PASSWORD, PASSWORD, lock, HOME)
    with pytest.raises(PermissionError):
        verify(forged_editors(real)[index])


def test_editors_expire(lock):
    editor = password_editor(PASSWORD, PASSWORD, lock, HOME, now=5000.0)
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
