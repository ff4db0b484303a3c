"""Small helpers the tests share: a store's content hash, an app's store, a hand-moved clock,
an HTTP call to a test server, a dashboard page in AppTest and running the Upload page."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

from streamlit.testing.v1 import AppTest

from outages import config
from outages.store import open_store

APP = str(Path(__file__).resolve().parents[1] / "app.py")
APP_TIMEOUT = 30


def content_hash(url: str) -> str:
    """The hash of everything a store holds (the same before and after a refused input)."""
    with open_store(url) as store:
        return store.content_hash()


def app_store(tmp_path, monkeypatch) -> str:
    """An empty SQLite store the app under test opens (OUTAGES_DB_URL), editing off."""
    url = f"sqlite:///{tmp_path / 'outages.db'}"
    monkeypatch.setenv("OUTAGES_DB_URL", url)
    monkeypatch.delenv(config.PASSWORD_ENV, raising=False)
    monkeypatch.delenv(config.EDITORS_ENV, raising=False)
    return url


def app(name: str = "overview", **params) -> AppTest:
    """The dashboard at page ``name`` with ``params`` in its address, not run yet."""
    at = AppTest.from_file(APP, default_timeout=APP_TIMEOUT)
    if name != "overview":
        at.switch_page(f"pages/{name}.py")
    for key, value in params.items():
        at.query_params[key] = value
    return at


def open_page(name: str = "overview", **params) -> AppTest:
    """The dashboard at page ``name``, run; it must not have raised."""
    at = app(name, **params)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


class Clock:
    """A clock the test moves by hand (no sleeping); epoch seconds."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def call(url: str, method: str = "GET", data: bytes | None = None,
         head: dict | None = None) -> tuple[int, dict, bytes]:
    """One HTTP request to a server the test started: (status, headers, body)."""
    request = urllib.request.Request(url, data=data, method=method, headers=head or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310 (local http)
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def run(at):
    """Run an AppTest and fail on any exception it shows."""
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def with_file(at, data: bytes, name: str = "kyiv.csv"):
    """The Upload page with ``data`` chosen as the file, run."""
    at.file_uploader(key="upload_file").set_value((name, data, "text/csv"))
    return run(at)
