"""The password back-off against a hostile visitor, on a real server in a real browser.

Streamlit lets any client send its "clear cache" message (BackMsg ``clear_cache``) on the app's
websocket; the server then empties both caches for everyone and the sender's session state.
The page here sends it on its own socket between wrong guesses, the way a script would, and
the back-off still holds (it lives in the store). Visitors are told apart by address: the
server trusts X-Forwarded-For from this machine (uvicorn's default), so each browser context
poses as another address through that header.
"""

from __future__ import annotations

import pytest

from outages.auth import WrongPassword, password_editor
from outages.lockout import Client, Lockout
from outages.store import open_store

from . import VIEWPORT, WAIT_MS, Visit, start_app

PASSWORD = "Пароль редактора 2025"  # noqa: S105 (a test password, Cyrillic on purpose)
ATTACKER = "203.0.113.66"
EDITOR = "198.51.100.20"

# Keep every websocket the page opens, so the test can send on the app's own one.
KEEP_SOCKETS = """(() => {
    const Native = window.WebSocket;
    window.__sockets = [];
    window.WebSocket = class extends Native {
        constructor(...args) { super(...args); window.__sockets.push(this); }
    };
})();"""
# BackMsg {clear_cache: true}: field 5, varint 1 (streamlit.proto.BackMsg_pb2).
SEND_CLEAR_CACHE = """() => {
    const open = window.__sockets.filter(s => s.readyState === WebSocket.OPEN);
    open[open.length - 1].send(new Uint8Array([0x28, 0x01]));
    return open.length;
}"""


@pytest.fixture(scope="module")
def editing_app():
    with start_app({"OUTAGES_EDITOR_PASSWORD": PASSWORD}) as server:
        yield server


def visitor(browser, address: str) -> Visit:
    context = browser.new_context(viewport=VIEWPORT, color_scheme="light",
                                  extra_http_headers={"X-Forwarded-For": address})
    context.add_init_script(KEEP_SOCKETS)
    return Visit(context)


def wait_text(v: Visit, text: str) -> None:
    v.page.get_by_text(text, exact=False).first.wait_for(timeout=WAIT_MS)
    v.idle()


def open_sign_in(v: Visit, url: str) -> None:
    v.open(f"{url}/upload")
    v.page.get_by_text("Editor sign-in").wait_for(timeout=WAIT_MS)


def sign_in(v: Visit, password: str, expect: str) -> None:
    """Submit the sign-in form and wait until the page says ``expect``."""
    if not v.page.get_by_label("Editor password").is_visible():
        v.page.get_by_text("Editor sign-in").click()  # the expander is closed
    v.page.get_by_label("Your name, for the log of changes").fill("Olena")
    v.page.get_by_label("Editor password").fill(password)
    v.page.get_by_role("button", name="Sign in").click()
    wait_text(v, expect)


def rerun(v: Visit) -> None:
    """Streamlit's "r" shortcut (focus on the page's title, not in a field)."""
    v.page.locator('[data-testid="stMain"] h1').first.click()
    v.page.keyboard.press("r")


def clear_cache(v: Visit) -> None:
    assert v.page.evaluate(SEND_CLEAR_CACHE) >= 1


def test_the_clear_cache_message_does_not_lift_the_wait(editing_app, browser):
    v = visitor(browser, ATTACKER)
    try:
        open_sign_in(v, editing_app.url)
        # the message works: it empties the session, so a signed-in editor is signed out
        # on the next run (without it, a rerun keeps the editor signed in)
        sign_in(v, PASSWORD, "Signed in as editor Olena.")
        clear_cache(v)
        rerun(v)
        wait_text(v, "Editor sign-in")
        for left in (4, 3, 2, 1):
            sign_in(v, f"wrong guess {left}",
                    f"Attempts left from this connection before a wait: {left}")
            clear_cache(v)
        sign_in(v, "wrong guess 0", "The next attempt from this connection: in 1 min.")
        clear_cache(v)
        sign_in(v, PASSWORD, "Too many wrong passwords from this connection: try again in 1 min")
        assert v.page.get_by_text("Signed in as editor").count() == 0
    finally:
        v.page.context.close()
    fresh = visitor(browser, ATTACKER)  # a new browser, same address: held too
    try:
        open_sign_in(fresh, editing_app.url)
        sign_in(fresh, PASSWORD, "Too many wrong passwords from this connection")
    finally:
        fresh.page.context.close()
    with open_store(editing_app.store_url) as store:
        failed = [e for e in store.audit_log() if e["action"] == "signin_failed"]
    assert [e["detail"]["client"] for e in failed] == [ATTACKER] * 5


def test_anonymous_failures_do_not_stop_an_editor(editing_app, browser):
    with open_store(editing_app.store_url) as store:  # another replica's visitors
        lock = Lockout(store)
        for i in range(100):
            for _ in range(2):
                with pytest.raises(WrongPassword):
                    password_editor("guess", PASSWORD, lock, Client(f"192.0.2.{i}", f"bot{i}"))
        assert lock.wait(Client("192.0.2.1", "bot1-again"))[1] == "account"
    v = visitor(browser, EDITOR)
    try:
        open_sign_in(v, editing_app.url)
        sign_in(v, PASSWORD, "Signed in as editor Olena.")
    finally:
        v.page.context.close()
