"""Shared fixtures.

``store_url``: a fresh, empty store, once on SQLite (a file in the test's tmp dir) and once on
PostgreSQL (a schema of its own, dropped afterwards) when OUTAGES_TEST_PG_URL names a server.
Without that variable the PostgreSQL cases are skipped; with it, an unreachable server fails them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import pytest

PG_ENV = "OUTAGES_TEST_PG_URL"
PG_SKIP = (f"{PG_ENV} is not set: PostgreSQL tests need a server, e.g. "
           f"{PG_ENV}=postgresql://postgres@127.0.0.1:5432/test (.ci/run sets it)")


def with_search_path(base_url: str, schema: str) -> str:
    """``base_url`` with its connections working in ``schema``."""
    sep = "&" if "?" in base_url else "?"
    return f"{base_url}{sep}options={quote(f'-csearch_path={schema}')}"


@contextmanager
def pg_schema(base_url: str) -> Iterator[str]:
    """A store URL for a new, empty schema; the schema is dropped on exit."""
    import psycopg

    schema = f"test_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(base_url, autocommit=True, connect_timeout=10) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield with_search_path(base_url, schema)
    finally:
        with psycopg.connect(base_url, autocommit=True, connect_timeout=10) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL store URL (own schema); skipped without OUTAGES_TEST_PG_URL."""
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(PG_SKIP)
    with pg_schema(base) as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request, tmp_path) -> Iterator[str]:
    """A fresh, empty store URL on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'outages.db'}"
    else:
        yield request.getfixturevalue("pg_url")


@pytest.fixture
def store(store_url):
    """An open store on each backend, closed after the test."""
    from outages.store import open_store

    s = open_store(store_url)
    yield s
    s.close()


EDITOR_PASSWORD = "a long test password"  # noqa: S105 (a test password)


@pytest.fixture
def editor(store):
    """An editor signed in with the password, on the test's store."""
    from outages.auth import password_editor
    from outages.lockout import Client, Lockout

    return password_editor(EDITOR_PASSWORD, EDITOR_PASSWORD, Lockout(store),
                           Client("local", "tests"), name="Olena")


@pytest.fixture
def app_store_url(tmp_path, monkeypatch):
    """A fresh store for the app (it seeds the samples itself on the first run), editing off."""
    from tests.helpers import app_store

    return app_store(tmp_path, monkeypatch)


@pytest.fixture
def seeded(app_store_url):
    """The store with the bundled samples, and their dataset ids by sample key."""
    from outages import bundled
    from outages.store import open_store

    store = open_store(app_store_url)
    bundled.ensure(store)
    yield store, {d.metadata.get("bundled"): d.id for d in store.list_datasets()}
    store.close()
