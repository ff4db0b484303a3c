"""Failed sign-ins in the store: what outages.lockout counts, shared by every server process.

:func:`transaction` runs a check-and-record step as one serialised write (SQLite: the write
lock, BEGIN IMMEDIATE; PostgreSQL: an advisory lock for the store's schema), so two attempts
made at the same moment, in one process or in two replicas, are counted one after the other.
Nothing here lives in a Streamlit cache: a client's "clear cache" message cannot touch it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

import sqlalchemy as sa

from outages.store.catalog import _audit
from outages.store.tables import signin_failures

if TYPE_CHECKING:
    from outages.store.catalog import Store

T = TypeVar("T")
FAILED_ACTION = "signin_failed"  # the audit log's action for a wrong password
_F = signin_failures.c


@dataclass(frozen=True)
class Recent:
    """Failures since a cut-off: from one client (its address or its session) and from all
    clients on the account. ``*_last``: the newest one, epoch seconds (None: there is none)."""

    client: int
    client_last: float | None
    account: int
    account_last: float | None

    def plus(self, at: float) -> Recent:
        """The counts after one more failure from the same client at ``at``."""
        return Recent(self.client + 1, max(at, self.client_last or at),
                      self.account + 1, max(at, self.account_last or at))


def _us(seconds: float) -> int:
    return int(round(seconds * 1_000_000))


def _seconds(us: int | None) -> float | None:
    return None if us is None else us / 1_000_000


def transaction(store: Store, fn: Callable[[sa.Connection], T]) -> T:
    """``fn(conn)`` in one write transaction that no other sign-in check runs alongside."""
    def locked(conn: sa.Connection) -> T:
        if store.backend == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock("
                                 "hashtext('outages signins ' || current_schema()))"))
        return fn(conn)
    return store._write(locked, what="checking a sign-in")


def forget_before(conn: sa.Connection, before: float) -> None:
    """Delete failures older than ``before`` (epoch seconds): they count for nothing now."""
    conn.execute(signin_failures.delete().where(_F.at_us < _us(before)))


def _client(account: str, address: str, session: str) -> sa.ColumnElement[bool]:
    return sa.and_(_F.account == account, sa.or_(_F.address == address, _F.session == session))


def recent(conn: sa.Connection, *, account: str, address: str, session: str,
           since: float) -> Recent:
    """Failures at or after ``since``: from this address or session, and on the account."""
    newer = sa.and_(_F.account == account, _F.at_us >= _us(since))
    mine = conn.execute(sa.select(sa.func.count(), sa.func.max(_F.at_us)).where(
        newer, _client(account, address, session))).one()
    every = conn.execute(sa.select(sa.func.count(), sa.func.max(_F.at_us)).where(newer)).one()
    return Recent(int(mine[0]), _seconds(mine[1]), int(every[0]), _seconds(every[1]))


def record_failure(conn: sa.Connection, *, account: str, address: str, session: str,
                   at: float, actor: str, detail: dict) -> None:
    """Count a wrong password and write it to the audit log (``detail`` holds no password)."""
    conn.execute(signin_failures.insert().values(
        at_us=_us(at), account=account, address=address[:64], session=session[:64]))
    _audit(conn, FAILED_ACTION, None, actor, detail)


def forget_client(conn: sa.Connection, *, account: str, address: str, session: str) -> None:
    """Delete a client's failures on the account (after it gave the right password)."""
    conn.execute(signin_failures.delete().where(_client(account, address, session)))


def count(store: Store) -> int:
    """How many failures the store holds (for checks and tests)."""
    return store._read(lambda conn: conn.execute(
        sa.select(sa.func.count()).select_from(signin_failures)).scalar_one())
