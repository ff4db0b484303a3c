"""Small helpers the tests share: a store's content hash, an app's store, a hand-moved clock."""

from __future__ import annotations

from outages import config
from outages.store import open_store


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


class Clock:
    """A clock the test moves by hand (no sleeping); epoch seconds."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now
