"""The upload page driven by AppTest: viewers preview and cannot publish by any route; editors
(password from secrets or the environment, or an OIDC login on the allow-list) publish,
annotate and delete; what they publish reaches another session."""

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from outages import config
from outages.auth import Editor, WrongPassword, password_editor
from outages.lockout import LOCAL, Client, Lockout
from outages.store import open_store, signins
from outages.ui import auth as ui_auth
from tests.helpers import app_store, content_hash, run, with_file

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
TIMEOUT = 60
PASSWORD = "Слава Україні 2025"  # noqa: S105 (a test password; Cyrillic on purpose)

FIGURES = (b"time,region_id,region_name,service,customers_out\n"
           b"2025-10-10T06:00:00+03:00,UA-30,Kyiv,power,1200\n"
           b"2025-10-10T07:00:00+03:00,UA-46,Lviv,power,300\n"
           b"2025-10-10T09:00:00+03:00,UA-30,Kyiv,power,800\n")
LATER = (b"time,region_id,region_name,service,customers_out\n"
         b"2025-10-10T12:00:00+03:00,UA-30,Kyiv,power,100\n")
BAD = (b"time,region_id,region_name,service,customers_out\n"
       b"2025-10-10T06:00:00+03:00,UA-30,Kyiv,power,1200\n"
       b"2025-10-10T07:00:00+03:00,UA-46,<script>alert(1)</script>,power,-3\n")
UNKNOWN_HEADERS = "Коли,Де,Скільки\n10.10.2025 06:00,Київ,1200\n10.10.2025 09:00,Київ,800\n"


@pytest.fixture
def store_url(tmp_path, monkeypatch):
    return app_store(tmp_path, monkeypatch)


def upload_page(**secrets) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.switch_page("pages/upload.py")
    for key, value in secrets.items():
        at.secrets[key] = value
    return at


def sign_in(at: AppTest, password: str = PASSWORD, name: str = "Olena") -> AppTest:
    at.text_input(key="editor_name").input(name)
    at.text_input(key="editor_password").input(password)
    at.button(key="editor_sign_in_button").click()
    return run(at)


def keys_of(at: AppTest, kind: str) -> set[str]:
    return {w.key for w in getattr(at, kind) if w.key}


def table(at: AppTest, column: str):
    """The first table shown with a column of that name (tables carry no keys in AppTest)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def texts(at: AppTest, kind: str) -> str:
    return "\n".join(str(e.value) for e in getattr(at, kind))


def test_a_viewer_previews_and_nothing_is_stored(store_url):
    before = content_hash(store_url)
    at = run(upload_page())
    assert "Editing is off on this server" in texts(at, "caption")
    with_file(at, FIGURES)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Format": "csv", "Encoding": "utf-8", "Rows": "3", "Regions": "2",
                       "Services": "Power", "Customers out (latest)": "1,100", "Peak": "1,500",
                       "Cut off": "1,500", "Restored": "400"}  # the Overview's cards too
    assert "all 3 rows kept" in texts(at, "success")
    assert at.get("plotly_chart")
    assert "Only editors can publish" in texts(at, "info")
    assert "upload_publish" not in keys_of(at, "button")
    assert content_hash(store_url) == before


def test_a_rejected_file_shows_rows_and_columns(store_url):
    at = with_file(run(upload_page(editing={"password": PASSWORD})), BAD, "bad.csv")
    assert "cannot be published" in texts(at, "error")
    report = table(at, "Problem")
    assert report["Row"].tolist() == [3, 3]
    assert report["Column"].tolist() == ["customers_out", "region_name"]
    assert "'-3' is negative" in report["Problem"].iloc[0]
    assert "looks like HTML or script" in report["Problem"].iloc[1]
    # an editor gets no publish button for a rejected file either
    sign_in(at)
    assert "upload_publish" not in keys_of(at, "button")
    assert "A file with errors cannot be published" in texts(at, "caption")


FORGERIES = [
    {ui_auth.EDITOR_KEY: "editor"},
    {ui_auth.EDITOR_KEY: True},
    {ui_auth.EDITOR_KEY: Editor("password:mallory", "password", 0.0, 9e18, b"\x00" * 32)},
    {"upload_publish": True, "upload_mode": "new"},
]


@pytest.mark.parametrize("forged", FORGERIES)
def test_a_viewer_cannot_publish_by_forging_state(store_url, forged):
    before = content_hash(store_url)
    at = with_file(run(upload_page(editing={"password": PASSWORD})), FIGURES)
    for key, value in forged.items():
        at.session_state[key] = value
    run(at)
    assert "upload_publish" not in keys_of(at, "button")
    assert "Only editors can publish" in texts(at, "info")
    assert ui_auth.EDITOR_KEY not in at.session_state
    assert content_hash(store_url) == before


def test_a_wrong_password_gives_no_rights_and_locks_out(store_url):
    at = run(upload_page(editing={"password": PASSWORD}))
    sign_in(at, "wrong password")  # opens (and seeds) the server's store
    before = content_hash(store_url)
    assert "Wrong password. Attempts left from this connection before a wait: 4" in texts(
        at, "error")
    for _ in range(4):
        sign_in(at, "wrong password")
    assert "The next attempt from this connection: in 1 min." in texts(at, "error")
    sign_in(at, PASSWORD)  # the right password does not help while the client waits
    assert "Too many wrong passwords from this connection: try again in 1 min." in texts(
        at, "error")
    with_file(at, FIGURES)
    assert "upload_publish" not in keys_of(at, "button")
    assert content_hash(store_url) == before
    with open_store(store_url) as store:
        failed = [e for e in store.audit_log() if e["action"] == signins.FAILED_ACTION]
    assert len(failed) == 5  # the refused right password tested nothing and is not logged
    assert {e["detail"]["client"] for e in failed} == {LOCAL}
    assert all("wrong password" not in repr(e) for e in failed)


def clear_cache_message(at: AppTest) -> None:
    """What Streamlit does when any client sends the "clear cache" message
    (AppSession._handle_clear_cache_request): both caches emptied for every session, and the
    sending session's state cleared (here: the app's own keys; AppTest keeps its widgets')."""
    st.cache_data.clear()
    st.cache_resource.clear()
    for key in (ui_auth.SESSION_KEY, ui_auth.EDITOR_KEY, "_editor_message"):
        if key in at.session_state:
            del at.session_state[key]


def test_clearing_the_caches_between_guesses_does_not_lift_the_wait(store_url):
    at = run(upload_page(editing={"password": PASSWORD}))
    sessions = set()
    for _ in range(5):
        sign_in(at, "wrong password")
        sessions.add(at.session_state[ui_auth.SESSION_KEY])
        clear_cache_message(at)
    assert len(sessions) == 5  # each guess came from a session name never seen before
    sign_in(at, PASSWORD)
    assert "Too many wrong passwords from this connection" in texts(at, "error")
    assert ui_auth.EDITOR_KEY not in at.session_state
    # a brand-new session from the same connection is held too
    other = sign_in(run(upload_page(editing={"password": PASSWORD})))
    assert "Too many wrong passwords from this connection" in texts(other, "error")


def test_many_anonymous_failures_do_not_stop_an_editor(store_url):
    with open_store(store_url) as store:
        lock = Lockout(store)
        for i in range(200):  # two wrong passwords from each of 100 other addresses
            bot = Client(f"203.0.113.{i % 100}", f"bot-{i}")
            with pytest.raises(WrongPassword):
                password_editor("guess", PASSWORD, lock, bot)
        assert lock.wait(Client("203.0.113.1", "bot-again"))[1] == "account"
    at = sign_in(run(upload_page(editing={"password": PASSWORD})))
    assert "Signed in as editor Olena." in texts(at, "success")


def test_an_editor_publishes_and_another_session_sees_it(store_url):
    at = run(upload_page(editing={"password": PASSWORD}))
    sign_in(at)
    assert "Signed in as editor Olena." in texts(at, "success")
    with_file(at, FIGURES)
    assert at.text_input(key="upload_name_new_").value == "kyiv"  # the file name, to edit
    at.text_input(key="upload_name_new_").input("Kyiv strike, city figures")
    at.button(key="upload_publish").click()
    run(at)
    assert "Published Kyiv strike, city figures (3 rows added)" in texts(at, "success")
    with open_store(store_url) as store:
        mine = [d for d in store.list_datasets() if d.name == "Kyiv strike, city figures"]
        assert len(mine) == 1
        assert mine[0].created_by == "password:Olena"
        assert mine[0].metadata["file_name"] == "kyiv.csv"
        entry = next(e for e in store.audit_log() if e["dataset_id"] == mine[0].id)
        assert (entry["action"], entry["by"]) == ("ingest", "password:Olena")
    link = texts(at, "code")
    assert f"dataset={mine[0].id}" in link

    viewer = AppTest.from_file(APP, default_timeout=TIMEOUT)
    run(viewer)
    assert viewer.selectbox(key="dataset").value == mine[0].id
    figures = {m.label: m.value for m in viewer.metric}
    assert figures["Customers out (latest)"] == "1,100"  # Kyiv 800 + Lviv 300
    assert figures["Peak"] == "1,500"


def test_the_environment_password_works_too(store_url, monkeypatch):
    monkeypatch.setenv(config.PASSWORD_ENV, PASSWORD)
    at = sign_in(run(upload_page()))
    assert "Signed in as editor Olena." in texts(at, "success")
    at.button(key="editor_sign_out").click()
    run(at)
    assert "Signed in" not in texts(at, "success")


def test_an_oidc_editor_on_the_list_can_publish(store_url):
    at = upload_page(auth={"redirect_uri": "http://localhost:8501/oauth2callback",
                           "cookie_secret": "x" * 32},
                     editing={"editors": ["alice@example.org"]})
    at.user = {"is_logged_in": True, "email": "alice@example.org", "name": "Alice"}
    with_file(run(at), FIGURES)
    assert "Signed in as editor alice@example\\.org." in texts(at, "success")  # Markdown-escaped
    at.button(key="upload_publish").click()
    run(at)
    with open_store(store_url) as store:
        assert any(e["by"] == "oidc:alice@example.org" for e in store.audit_log())


def test_an_oidc_user_not_on_the_list_is_a_viewer(store_url):
    before = content_hash(store_url)
    at = upload_page(auth={"redirect_uri": "http://localhost:8501/oauth2callback",
                           "cookie_secret": "x" * 32},
                     editing={"editors": ["alice@example.org"]})
    at.user = {"is_logged_in": True, "email": "mallory@example.org"}
    with_file(run(at), FIGURES)
    assert "mallory@example\\.org, which is not on the list of editors" in texts(at, "warning")
    assert "upload_publish" not in keys_of(at, "button")
    assert content_hash(store_url) == before


def test_unrecognised_headers_are_mapped_and_shown_back(store_url):
    at = with_file(run(upload_page()), UNKNOWN_HEADERS.encode(), "табл.csv")
    assert "no column for the time of each figure" in "\n".join(
        table(at, "Problem")["Problem"])
    at.selectbox(key="upload_service").set_value("power")
    at.selectbox(key="upload_tz").set_value("Europe/Kyiv")
    file_id = at.file_uploader(key="upload_file").value.file_id
    for canonical, column in (("timestamp", "Коли"), ("region_id", "Де"),
                              ("customers_out", "Скільки")):
        at.selectbox(key=f"upload_map_{canonical}_{file_id}").set_value(column)
    run(at)
    assert "The file reads cleanly: all" in texts(at, "success")
    shown = table(at, "Read as")
    assert dict(zip(shown["Read as"], shown["Column in the file"], strict=True)) == {
        "Time": "Коли", "Region code": "Де", "Region name": "Де",
        "Customers cut off": "Скільки"}
    assert {m.label: m.value for m in at.metric}["Rows"] == "2"
    assert "10 Oct 2025, 06\\:00 EEST" in texts(at, "caption")  # Markdown-escaped


def test_an_editor_appends_annotates_and_deletes(store_url):
    at = sign_in(run(upload_page(editing={"password": PASSWORD})))
    with_file(at, FIGURES)
    at.text_input(key="upload_name_new_").input("Kyiv")
    at.button(key="upload_publish").click()
    run(at)
    with open_store(store_url) as store:
        first = next(d.id for d in store.list_datasets() if d.name == "Kyiv")

    with_file(at, LATER, "later.csv")
    at.radio(key="upload_mode").set_value("append")
    run(at)
    at.selectbox(key="upload_target").set_value(first)
    at.button(key="upload_publish").click()
    run(at)
    assert "(1 rows added)" in texts(at, "success")
    with open_store(store_url) as store:
        second = store.get(first).superseded_by
        assert second is not None and store.get(second).rows == 4

    at.selectbox(key="manage_dataset").set_value(second)
    run(at)
    at.text_input(key="manage_text").input("Second strike")
    at.button(key="manage_annotate_button").click()
    run(at)
    assert "Annotation added to Kyiv." in texts(at, "success")
    with open_store(store_url) as store:
        assert store.annotations(second)["text"].tolist() == ["Second strike"]

    at.selectbox(key="manage_dataset").set_value(first)
    run(at)
    at.checkbox(key=f"manage_confirm_{first}").check()
    run(at)
    at.button(key="manage_delete").click()
    run(at)
    assert "Deleted Kyiv." in texts(at, "success")
    with open_store(store_url) as store:
        assert store.get(first) is None
        actions = [(e["action"], e["by"]) for e in store.audit_log(limit=4)]
    assert actions == [("delete", "password:Olena"), ("annotate", "password:Olena"),
                       ("replace", "password:Olena"), ("ingest", "password:Olena")]
    audit = table(at, "Who")
    # names, not sign-in ids; datasets by name; times in the visitor's zone (UTC here)
    assert audit["Who"].iloc[0] == "Olena"
    assert audit["Dataset"].iloc[0] == f"{first} (deleted)"
    assert audit["Dataset"].iloc[1] == "Kyiv"
    assert audit["When (UTC)"].iloc[0].endswith(" UTC")


def test_a_genuine_editor_object_is_still_verified_each_run(store_url):
    """An Editor minted elsewhere in this process is genuine: this checks the page uses it
    only through outages.auth.verify (an expired one is dropped)."""
    with open_store(store_url) as store:
        expired = password_editor(PASSWORD, PASSWORD, Lockout(store), Client(LOCAL, "s"),
                                  now=0.0)
    before = content_hash(store_url)
    at = with_file(run(upload_page(editing={"password": PASSWORD})), FIGURES)
    at.session_state[ui_auth.EDITOR_KEY] = expired
    run(at)
    assert "upload_publish" not in keys_of(at, "button")
    assert content_hash(store_url) == before


def test_the_ukrainian_page_shows_problems_in_ukrainian(store_url):
    at = upload_page()
    at.query_params["lang"] = "uk"
    at = with_file(run(at), BAD, "bad.csv")
    report = table(at, "Проблема")
    assert report["Рядок"].tolist() == [3, 3]
    assert report["Стовпець"].tolist() == ["customers_out", "region_name"]
    assert "'-3' від'ємне; кількість споживачів не може бути меншою за 0" in report[
        "Проблема"].iloc[0]
    assert "назва регіону" in report["Проблема"].iloc[1]
    assert "схоже на HTML чи скрипт" in report["Проблема"].iloc[1]
    assert "negative" not in report["Проблема"].iloc[0]
