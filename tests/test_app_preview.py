"""The upload page when the preview worker (outages.sandbox) stops or refuses a reading: the
visitor is told why in their language, nothing is stored, a busy server can be tried again, and
an editor publishes the preview's reading without the file being read in the server."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from outages import limits, publish, sandbox
from outages.store import open_store
from tests.helpers import app_store, content_hash, run, with_file

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
TIMEOUT = 60
PASSWORD = "preview-test-password"  # noqa: S105 (a test password)
HEADER = b"time,region_id,region_name,service,customers_out\n"
FIGURES = (HEADER + b"2025-10-10T06:00:00+03:00,UA-30,Kyiv,power,1200\n"
           b"2025-10-10T07:00:00+03:00,UA-46,Lviv,power,300\n")
BULKY = HEADER + b"2025-10-10T06:00:00+03:00,UA-30,Kyiv,power,1200\n" * 400_000  # 20 MB


@pytest.fixture
def store_url(tmp_path, monkeypatch):
    return app_store(tmp_path, monkeypatch)


def page(lang: str = "en", **secrets) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.switch_page("pages/upload.py")
    at.query_params["lang"] = lang
    for key, value in secrets.items():
        at.secrets[key] = value
    return run(at)


def texts(at: AppTest, kind: str) -> str:
    return "\n".join(str(e.value) for e in getattr(at, kind))


def test_a_file_over_the_memory_cap_is_refused_with_the_reason(store_url, monkeypatch):
    monkeypatch.setattr(limits, "PREVIEW_MEMORY_MB", 1)
    jobs = []
    real = sandbox.run

    def counted(job, *args, **kwargs):
        jobs.append(job.__name__)
        return real(job, *args, **kwargs)

    monkeypatch.setattr(sandbox, "run", counted)
    before = content_hash(store_url)
    at = with_file(page(), BULKY, "bulky.csv")
    assert "Reading this file needed more than 1 MB of memory here" in texts(at, "error")
    assert "python -m outages ingest" in texts(at, "error")
    assert not at.metric
    assert "Preview only: nothing has been stored." in texts(at, "caption")
    assert content_hash(store_url) == before
    assert sandbox.running() == 0
    tried = len(jobs)
    run(at)  # another run (a widget changed): the same file is not read again
    assert len(jobs) == tried
    assert "needed more than 1 MB of memory" in texts(at, "error")


MESSAGES = [
    ("memory", 1024, "en", "needed more than 1,024 MB of memory"),
    ("memory", 1536, "uk", "понад 1\u202f536 МБ пам’яті"),
    ("time", 60, "en", "took longer than 60 s here"),
    ("time", 60, "uk", "тривало тут понад 60 с"),
    ("result", 512, "en", "more than 512 MB of figures"),
    ("crash", 1024, "en", "stopped unexpectedly"),
    ("crash", 1024, "uk", "несподівано зупинилося"),
    ("session", 0, "en", "already being read in this session"),
    ("busy", 2, "en", "reading other files just now (at most 2 at once)"),
    ("busy", 2, "uk", "щонайбільше 2 одночасно"),
]


@pytest.mark.parametrize(("reason", "limit", "lang", "expected"), MESSAGES)
def test_each_refusal_says_why(store_url, monkeypatch, reason, limit, lang, expected):
    def refuse(job, *args, **kwargs):
        raise sandbox.Refused(reason, limit)

    monkeypatch.setattr(sandbox, "run", refuse)
    at = with_file(page(lang), FIGURES)
    assert expected in texts(at, "error")
    assert not at.metric
    retry = "upload_retry" in {b.key for b in at.button}
    assert retry == (reason in ("busy", "session"))


def test_a_busy_server_is_said_and_the_file_is_read_once_a_slot_is_free(store_url,
                                                                        monkeypatch):
    full = sandbox._server.__class__(limits.PREVIEWS_AT_ONCE)
    for _ in range(limits.PREVIEWS_AT_ONCE):
        full.acquire()
    monkeypatch.setattr(sandbox, "_server", full)
    at = with_file(page(), FIGURES)
    assert "The server is reading other files just now" in texts(at, "error")
    for _ in range(limits.PREVIEWS_AT_ONCE):
        full.release()
    at.button(key="upload_retry").click()
    run(at)
    assert "all 2 rows kept" in texts(at, "success")
    assert {m.label: m.value for m in at.metric}["Rows"] == "2"


def test_an_editor_publishes_the_previews_reading(store_url, monkeypatch):
    at = with_file(page(editing={"password": PASSWORD}), FIGURES)
    assert "all 2 rows kept" in texts(at, "success")
    at.text_input(key="editor_name").input("Olena")
    at.text_input(key="editor_password").input(PASSWORD)
    at.button(key="editor_sign_in_button").click()
    run(at)

    def read_here(*args, **kwargs):
        raise AssertionError("the server read the file itself")

    monkeypatch.setattr(publish, "read", read_here)  # the server's own copy, not the worker's
    at.button(key="upload_publish").click()
    run(at)
    assert "Published" in texts(at, "success")
    with open_store(store_url) as store:
        assert [d.rows for d in store.list_datasets() if d.name == "kyiv"] == [2]
