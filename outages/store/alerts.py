"""Alert subscriptions and their events in the store (outages.alerts decides what they mean).

Every replica shares them. A crossing is recorded by a conditional update (``state`` from
"below" to "above" only where it still is "below") in the same transaction as its event, so
two processes evaluating the same version at once record it once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from outages.store.tables import alert_events, alert_subscriptions, now_iso

if TYPE_CHECKING:
    from outages.store.catalog import Store

SECRET_PREFIX = "ous_"  # noqa: S105 (the prefix of an unsubscribe secret)
_S = alert_subscriptions.c
_E = alert_events.c


@dataclass(frozen=True)
class Subscription:
    seq: int
    public_id: str
    dataset_id: str
    region_id: str
    service: str
    measure: str  # "customers_out" or "pct_out"
    threshold: float
    webhook_url: str | None
    state: str  # "below" or "above"
    created_at: str

    def to_json(self) -> dict:
        """What anyone may see: never the webhook's address nor the secret."""
        return {"id": self.public_id, "dataset": self.dataset_id, "region": self.region_id,
                "service": self.service, "measure": self.measure,
                "threshold": self.threshold, "webhook": self.webhook_url is not None,
                "state": self.state, "created_at": self.created_at}


@dataclass(frozen=True)
class Event:
    seq: int
    subscription: Subscription
    kind: str  # "crossed" or "cleared"
    dataset_id: str
    value: float
    observed_at: str | None
    at: str
    delivery: str  # "none", "pending", "sent", "failed"
    detail: str


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def _sub(row: sa.Row) -> Subscription:
    return Subscription(row.seq, row.public_id, row.dataset_id, row.region_id, row.service,
                        row.measure, row.threshold, row.webhook_url, row.state, row.created_at)


def _live():
    return _S.removed_at.is_(None)


def add(store: Store, *, dataset_id: str, region_id: str, service: str, measure: str,
        threshold: float, webhook_url: str | None, client: str, state: str,
        per_client: int, total: int) -> tuple[Subscription, str]:
    """A new subscription and its unsubscribe secret (shown once). OverflowError ("client" or
    "total") when a bound would be passed; nothing is stored then."""
    secret = SECRET_PREFIX + secrets.token_urlsafe(24)
    public_id = secrets.token_urlsafe(9)

    def tx(conn: sa.Connection) -> Subscription:
        live = sa.select(sa.func.count()).select_from(alert_subscriptions).where(_live())
        if conn.execute(live).scalar() >= total:
            raise OverflowError("total")
        if conn.execute(live.where(_S.client == client)).scalar() >= per_client:
            raise OverflowError("client")
        conn.execute(alert_subscriptions.insert().values(
            public_id=public_id, secret_sha256=digest(secret), dataset_id=dataset_id,
            region_id=region_id, service=service, measure=measure, threshold=float(threshold),
            webhook_url=webhook_url, client=client[:64], state=state, created_at=now_iso()))
        return _sub(conn.execute(sa.select(alert_subscriptions)
                                 .where(_S.public_id == public_id)).one())
    return store._write(tx, what="storing an alert subscription"), secret


def get(store: Store, public_id: str) -> Subscription | None:
    """The live subscription with this id, else None."""
    query = sa.select(alert_subscriptions).where(_S.public_id == str(public_id)[:32], _live())
    row = store._read(lambda conn: conn.execute(query).first())
    return None if row is None else _sub(row)


def remove(store: Store, public_id: str, secret: str) -> bool:
    """End a subscription when ``secret`` is its own; False when there is no such live one or
    the secret differs (the caller cannot tell which)."""
    def tx(conn: sa.Connection) -> bool:
        row = conn.execute(sa.select(_S.seq, _S.secret_sha256).where(
            _S.public_id == str(public_id)[:32], _live())).first()
        if row is None or not secrets.compare_digest(row.secret_sha256.encode(),
                                                     digest(str(secret)).encode()):
            return False
        conn.execute(alert_subscriptions.update().where(_S.seq == row.seq)
                     .values(removed_at=now_iso()))
        return True
    return store._write(tx, what="removing an alert subscription")


def watching(store: Store, dataset_ids: list[str]) -> list[Subscription]:
    """The live subscriptions on any of these dataset versions, oldest first."""
    if not dataset_ids:
        return []
    query = (sa.select(alert_subscriptions)
             .where(_S.dataset_id.in_(dataset_ids), _live()).order_by(_S.seq))
    return store._read(lambda conn: [_sub(r) for r in conn.execute(query).all()])


def move(store: Store, sub: Subscription, to: str, *, dataset_id: str, value: float,
         observed_at: str | None, delivery: str) -> Event | None:
    """Record that ``sub`` went to state ``to`` ("above": a "crossed" event, "below": a
    "cleared" one), once: None when another evaluation already moved it."""
    kind = "crossed" if to == "above" else "cleared"

    def tx(conn: sa.Connection) -> Event | None:
        moved = conn.execute(alert_subscriptions.update()
                             .where(_S.seq == sub.seq, _S.state != to).values(state=to))
        if moved.rowcount != 1:
            return None
        at = now_iso()
        seq = conn.execute(alert_events.insert().values(
            subscription=sub.seq, kind=kind, dataset_id=dataset_id, value=float(value),
            observed_at=observed_at, at=at, delivery=delivery, detail="")
            .returning(_E.seq)).scalar_one()
        return Event(seq, sub, kind, dataset_id, float(value), observed_at, at, delivery, "")
    return store._write(tx, what="recording an alert")


def delivered(store: Store, event_seq: int, outcome: str, detail: str = "") -> None:
    """The webhook's outcome for an event: "sent" or "failed" (``detail`` says why)."""
    store._write(lambda conn: conn.execute(
        alert_events.update().where(_E.seq == event_seq)
        .values(delivery=outcome, detail=detail[:500])), what="recording an alert delivery")


def events(store: Store, dataset_ids: list[str], region_id: str, *,
           subscription: str | None = None, limit: int = 100) -> list[Event]:
    """The newest events (newest first) of subscriptions on this region of these versions,
    removed subscriptions included."""
    query = (sa.select(alert_events, *[c.label(f"s_{c.name}") for c in alert_subscriptions.c])
             .join(alert_subscriptions, _E.subscription == _S.seq)
             .where(_S.dataset_id.in_(dataset_ids), _S.region_id == region_id)
             .order_by(_E.seq.desc()).limit(limit))
    if subscription is not None:
        query = query.where(_S.public_id == subscription)

    def tx(conn: sa.Connection) -> list[Event]:
        found = []
        for r in conn.execute(query).all():
            sub = Subscription(r.s_seq, r.s_public_id, r.s_dataset_id, r.s_region_id,
                               r.s_service, r.s_measure, r.s_threshold, r.s_webhook_url,
                               r.s_state, r.s_created_at)
            found.append(Event(r.seq, sub, r.kind, r.dataset_id, r.value, r.observed_at, r.at,
                               r.delivery, r.detail))
        return found
    return store._read(tx) if dataset_ids else []
