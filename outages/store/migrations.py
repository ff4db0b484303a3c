"""Versioned schema migrations, run when a store is opened.

Each migration runs once, in order, inside one transaction with the row that records it in
``schema_migrations``: an older store upgrades in place, all of it or none. Opening stores at
once is safe: SQLite takes the write lock (BEGIN IMMEDIATE), PostgreSQL an advisory lock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa

from outages.store import bulk, codec
from outages.store.frozen import (
    alert_events,
    alert_subscriptions,
    annotations,
    api_tokens,
    audit,
    dataset_blobs,
    dataset_regions,
    datasets,
    observations,
    signin_failures,
)
from outages.store.tables import now_iso, schema_migrations


class StoreVersionError(RuntimeError):
    """The store was written by a newer version of this program."""


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[sa.Connection, str], None]


_SQLITE_APPEND_ONLY = [
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
]
_PG_APPEND_ONLY = [
    "CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$",
    "CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit "
    "FOR EACH ROW EXECUTE FUNCTION audit_append_only()",
]


def _v1_catalog(conn: sa.Connection, backend: str) -> None:
    for table in (datasets, dataset_regions, observations, annotations, audit):
        table.create(conn)
    for statement in _SQLITE_APPEND_ONLY if backend == "sqlite" else _PG_APPEND_ONLY:
        conn.exec_driver_sql(statement)


def _v2_columnar_copies(conn: sa.Connection, backend: str) -> None:
    """Add dataset_blobs and build the copy of every dataset already stored.

    A dataset whose rows no longer hash to its recorded sha256 gets no copy:
    integrity_check() then names it.
    """
    dataset_blobs.create(conn)
    d = datasets.c
    for seq, sha in conn.execute(sa.select(d.seq, d.sha256).order_by(d.seq)).all():
        enc = bulk.read_observations(conn, seq, bulk.read_regions(conn, seq))
        if enc.sha256 == sha:
            bulk.write_blob(conn, seq, codec.to_blob_parts(enc))


def _v3_signin_failures(conn: sa.Connection, backend: str) -> None:
    """Add signin_failures: the password back-off lives in the store, not in a process."""
    signin_failures.create(conn)


def _v4_api_tokens(conn: sa.Connection, backend: str) -> None:
    """Add api_tokens: hashed tokens that let a script publish through the data API."""
    api_tokens.create(conn)


def _v5_alerts(conn: sa.Connection, backend: str) -> None:
    """Add alert_subscriptions and alert_events: threshold alerts shared by every replica."""
    alert_subscriptions.create(conn)
    alert_events.create(conn)


MIGRATIONS = (
    Migration(1, "datasets, region dictionaries, observations, annotations, audit log",
              _v1_catalog),
    Migration(2, "columnar copy (Parquet) of each dataset, built for stored ones",
              _v2_columnar_copies),
    Migration(3, "failed sign-ins, for the password back-off", _v3_signin_failures),
    Migration(4, "API tokens (hashed), scoped per dataset", _v4_api_tokens),
    Migration(5, "alert subscriptions and their events", _v5_alerts),
)
LATEST = MIGRATIONS[-1].version


def current_version(conn: sa.Connection) -> int:
    """The highest migration applied; 0 for an empty database."""
    if not sa.inspect(conn).has_table(schema_migrations.name):
        return 0
    return conn.execute(sa.select(sa.func.max(schema_migrations.c.version))).scalar() or 0


def _check_not_newer(version: int) -> None:
    if version > LATEST:
        raise StoreVersionError(
            f"the store is at schema version {version}, newer than this program knows "
            f"({LATEST}): upgrade the program before opening it")


def migrate(engine: sa.Engine, backend: str, upto: int | None = None) -> int:
    """Apply the migrations the store lacks (up to ``upto``) and return its version."""
    target = LATEST if upto is None else upto
    with engine.connect() as conn:
        version = current_version(conn)
        conn.rollback()
    _check_not_newer(version)
    if version >= target:
        return version
    with engine.connect() as conn:
        conn.execution_options(sqlite_begin="IMMEDIATE")
        with conn.begin():
            if backend == "postgresql":
                conn.execute(sa.text(
                    "SELECT pg_advisory_xact_lock(hashtext('outages store ' || current_schema()))"))
            schema_migrations.create(conn, checkfirst=True)
            version = current_version(conn)
            _check_not_newer(version)
            for m in MIGRATIONS:
                if version < m.version <= target:
                    m.apply(conn, backend)
                    conn.execute(schema_migrations.insert().values(
                        version=m.version, description=m.description,
                        applied_at=now_iso()))
                    version = m.version
    return version
