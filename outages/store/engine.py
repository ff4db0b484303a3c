"""Connections: which backend a URL names, SQLite settings, and retrying when the store is busy."""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy import event

from .. import config

BUSY_TIMEOUT_MS = 30_000  # SQLite waits this long for a lock before answering "locked"
PG_CONNECT_TIMEOUT_S = 10
RETRY_FOR_S = 120.0  # then the store retries, with backoff, for up to this long in all
# WAL: readers never wait for the writer. synchronous=FULL syncs the WAL at each commit, so a
# commit survives a power cut as well as a killed process. Checkpoints (copying the WAL into
# the database file) run on a Store's own thread after each write, not inside the commit.
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA wal_autocheckpoint=0",
    "PRAGMA foreign_keys=ON",
    "PRAGMA cache_size=-65536",  # 64 MB a connection
    "PRAGMA journal_size_limit=67108864",  # WAL shrinks back to 64 MB after a checkpoint
)
_SQLITE_BUSY_CODES = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED (primary codes)
_PG_RETRY_STATES = {"40001", "40P01"}  # serialization failure, deadlock detected

T = TypeVar("T")


class StoreBusyError(RuntimeError):
    """Other programs kept the store locked for longer than RETRY_FOR_S."""


def default_url() -> str:
    """OUTAGES_DB_URL, else the embedded SQLite store (``config.store_url``)."""
    return config.store_url()


def parse_url(url: str) -> tuple[sa.URL, str]:
    """(SQLAlchemy URL, backend) for a store URL or a plain path to an SQLite file."""
    if "://" not in url:
        return sa.make_url(f"sqlite:///{Path(url).expanduser().resolve()}"), "sqlite"
    parsed = sa.make_url(url)
    backend = parsed.get_backend_name()
    if backend == "postgres":
        backend = "postgresql"
    if backend == "postgresql":
        return parsed.set(drivername="postgresql+psycopg"), backend
    if backend == "sqlite":
        path = parsed.database or ""
        if path in ("", ":memory:") or path.startswith("file::memory:"):
            raise ValueError("an in-memory SQLite store cannot be shared between connections: "
                             "give a file path, e.g. sqlite:///data/outages.db")
        return parsed.set(drivername="sqlite", database=str(Path(path).resolve())), backend
    raise ValueError(f"unsupported store URL {parsed.render_as_string(hide_password=True)!r}: "
                     "use sqlite:///path/to/file.db or postgresql://user@host/db")


def _sqlite_engine(url: sa.URL) -> sa.Engine:
    Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, connect_args={
        "timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None  # the "begin" hook below starts transactions
        for pragma in SQLITE_PRAGMAS:
            dbapi_conn.execute(pragma)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        # Writers take the write lock up front (IMMEDIATE) so they never deadlock on upgrade.
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def make_engine(url: str) -> tuple[sa.Engine, str]:
    parsed, backend = parse_url(url)
    if backend == "sqlite":
        return _sqlite_engine(parsed), backend
    # a server that does not answer is reported after PG_CONNECT_TIMEOUT_S, not waited on forever
    return sa.create_engine(parsed, pool_pre_ping=True,
                            connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_S}), backend


class Checkpointer:
    """Copies an SQLite store's WAL into its database file on a thread of its own.

    ``after_write()`` queues one PASSIVE checkpoint (it waits for no reader or writer);
    ``close()`` waits for the queued ones. The interpreter also waits for them at exit.
    """

    def __init__(self, engine: sa.Engine):
        self.engine = engine
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store-checkpoint")
        self.pending: list[Future] = []
        self.lock = threading.Lock()

    def after_write(self) -> None:
        with self.lock:
            self.pending = [f for f in self.pending if not f.done()]
            if len(self.pending) < 2:  # one running, one to catch what came after it started
                self.pending.append(self.pool.submit(self.checkpoint))

    def checkpoint(self) -> None:
        raw = self.engine.raw_connection()
        try:
            raw.driver_connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.OperationalError as exc:
            if not is_busy(exc):  # another process is checkpointing: it does the work
                raise
        finally:
            raw.close()

    def close(self) -> None:
        self.pool.shutdown(wait=True)
        for future in self.pending:
            future.result()


def is_busy(exc: BaseException) -> bool:
    """True for a lock or conflict error that goes away when tried again."""
    orig = getattr(exc, "orig", None) or exc
    if isinstance(orig, sqlite3.OperationalError):
        code = getattr(orig, "sqlite_errorcode", None)
        if code is not None:
            return code & 0xFF in _SQLITE_BUSY_CODES
        return "locked" in str(orig) or "busy" in str(orig)
    return getattr(orig, "sqlstate", None) in _PG_RETRY_STATES


def retry(fn: Callable[[], T], *, what: str) -> T:
    """Run ``fn`` until it does not fail with a busy error, backing off up to RETRY_FOR_S."""
    deadline = time.monotonic() + RETRY_FOR_S
    delay = 0.02
    while True:
        try:
            return fn()
        except (sa.exc.DBAPIError, sqlite3.OperationalError) as exc:
            if not is_busy(exc):
                raise
            if time.monotonic() + delay > deadline:
                raise StoreBusyError(
                    f"{what}: the store stayed locked by other programs for "
                    f"{RETRY_FOR_S:.0f} s; nothing was changed, try again") from exc
        time.sleep(delay * (1 + random.random()))  # jitter: writers that collided spread out
        delay = min(delay * 2, 1.0)
