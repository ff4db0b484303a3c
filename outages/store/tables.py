"""The store's tables, one definition for SQLite and PostgreSQL (SQLAlchemy Core).

A change to a table is a new migration in ``migrations.py``; tests check that a store built by
the migrations has exactly the columns declared here.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

metadata = sa.MetaData()

schema_migrations = sa.Table(
    "schema_migrations", metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("applied_at", sa.String(32), nullable=False),
)

# One row a stored version of a dataset. ``seq`` is the internal key the big tables use.
datasets = sa.Table(
    "datasets", metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("id", sa.String(80), nullable=False, unique=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("licence", sa.Text, nullable=False),
    sa.Column("services", sa.Text, nullable=False),  # JSON list of service names
    sa.Column("regions", sa.Integer, nullable=False),  # distinct region_id values
    sa.Column("start_us", sa.BigInteger),  # first and last observation, epoch microseconds
    sa.Column("end_us", sa.BigInteger),
    sa.Column("row_count", sa.BigInteger, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", sa.String(32), nullable=False),  # ISO 8601 UTC
    sa.Column("created_by", sa.Text, nullable=False),
    sa.Column("replaces", sa.String(80)),
    sa.Column("superseded_by", sa.String(80)),
    sa.Column("metadata_json", sa.Text, nullable=False),
    sqlite_autoincrement=True,
)

# The region dictionary of one dataset: observations refer to regions by code.
dataset_regions = sa.Table(
    "dataset_regions", metadata,
    sa.Column("ds", sa.Integer, sa.ForeignKey("datasets.seq"), primary_key=True),
    sa.Column("code", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("region_id", sa.Text, nullable=False),
    sa.Column("region_name", sa.Text, nullable=False),
)

# Integer-encoded rows; the key is the lookup order (dataset, service, region, time).
# No foreign key: checking one per row would halve bulk insert speed. integrity_check()
# reports rows whose dataset is gone.
observations = sa.Table(
    "observations", metadata,
    sa.Column("ds", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("service", sa.SmallInteger, primary_key=True, autoincrement=False),
    sa.Column("region", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("ts", sa.BigInteger, primary_key=True, autoincrement=False),  # epoch microseconds
    sa.Column("customers_out", sa.BigInteger, nullable=False),
    sa.Column("customers_restored", sa.BigInteger),
    sa.Column("customers_total", sa.BigInteger),
    sqlite_with_rowid=False,
)

annotations = sa.Table(
    "annotations", metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("ds", sa.Integer, sa.ForeignKey("datasets.seq"), nullable=False),
    sa.Column("ts", sa.BigInteger, nullable=False),  # epoch microseconds
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("created_by", sa.Text, nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Index("annotations_ds_ts", "ds", "ts"),
    sqlite_autoincrement=True,
)

# Append-only (triggers refuse UPDATE and DELETE). dataset_id is text, not a key: the log
# outlives the datasets it names.
audit = sa.Table(
    "audit", metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.String(32), nullable=False),
    sa.Column("action", sa.String(20), nullable=False),
    sa.Column("dataset_id", sa.String(80)),
    sa.Column("actor", sa.Text, nullable=False),
    sa.Column("detail", sa.Text, nullable=False),  # JSON object
    sqlite_autoincrement=True,
)

# Columnar copy of a dataset (Parquet), split in parts; written with the rows, read by load().
dataset_blobs = sa.Table(
    "dataset_blobs", metadata,
    sa.Column("ds", sa.Integer, sa.ForeignKey("datasets.seq"), primary_key=True),
    sa.Column("part", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("format", sa.String(20), nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
)

# Wrong passwords at sign-in, for the back-off in outages.lockout: one row a failed attempt,
# shared by every server process. Rows older than the policy's window are deleted when the next
# attempt is checked; the audit log keeps the lasting record.
signin_failures = sa.Table(
    "signin_failures", metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at_us", sa.BigInteger, nullable=False),  # epoch microseconds
    sa.Column("account", sa.String(40), nullable=False),  # "password": the shared password
    sa.Column("address", sa.String(64), nullable=False),  # the client's network address
    sa.Column("session", sa.String(64), nullable=False),  # the browser session's random name
    sa.Index("signin_failures_account_at", "account", "at_us"),
    sa.Index("signin_failures_address", "address"),
    sa.Index("signin_failures_session", "session"),
    sqlite_autoincrement=True,
)

# API tokens for publishing (outages.auth.token_editor): only the SHA-256 of a token is kept.
# ``scope``: the dataset (any version of it) the token may change, or "*" for every dataset and
# new ones. A revoked token keeps its row (revoked_at set); the audit log records both events.
api_tokens = sa.Table(
    "api_tokens", metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(80), nullable=False, unique=True),
    sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("scope", sa.String(80), nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("created_by", sa.Text, nullable=False),
    sa.Column("revoked_at", sa.String(32)),
    sqlite_autoincrement=True,
)

# Alert subscriptions (outages.alerts): a region of a dataset (any version of it: ``dataset_id``
# as given, followed through later versions) watched against a threshold. ``public_id`` names
# it in the API; only the SHA-256 of its unsubscribe secret is kept. ``state`` is "below" or
# "above": a crossing fires when an evaluation moves it from below to above. ``client``: the
# address that made it (for the per-client bound). A removed subscription keeps its row
# (removed_at set) so that its events keep their subscription.
alert_subscriptions = sa.Table(
    "alert_subscriptions", metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("public_id", sa.String(32), nullable=False, unique=True),
    sa.Column("secret_sha256", sa.String(64), nullable=False),
    sa.Column("dataset_id", sa.String(80), nullable=False),
    sa.Column("region_id", sa.Text, nullable=False),
    sa.Column("service", sa.String(20), nullable=False),
    sa.Column("measure", sa.String(20), nullable=False),  # "customers_out" or "pct_out"
    sa.Column("threshold", sa.Float, nullable=False),
    sa.Column("webhook_url", sa.Text),  # None: the feed only
    sa.Column("client", sa.String(64), nullable=False),
    sa.Column("state", sa.String(8), nullable=False),  # "below" or "above"
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("removed_at", sa.String(32)),
    sa.Index("alert_subscriptions_dataset", "dataset_id"),
    sa.Index("alert_subscriptions_client", "client"),
    sqlite_autoincrement=True,
)

# What evaluations found: "crossed" (below -> at or above the threshold; delivered to the
# webhook) and "cleared" (back below). ``delivery``: "none" (no webhook, or a "cleared" event),
# "pending", "sent" or "failed" with ``detail`` saying why.
alert_events = sa.Table(
    "alert_events", metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("subscription", sa.Integer, sa.ForeignKey("alert_subscriptions.seq"),
              nullable=False),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("dataset_id", sa.String(80), nullable=False),  # the version that showed it
    sa.Column("value", sa.Float, nullable=False),  # customers out, or % out
    sa.Column("observed_at", sa.String(32)),  # the figure's time, ISO 8601 UTC
    sa.Column("at", sa.String(32), nullable=False),  # when it was found
    sa.Column("delivery", sa.String(10), nullable=False),
    sa.Column("detail", sa.Text, nullable=False),
    sa.Index("alert_events_subscription", "subscription", "seq"),
    sqlite_autoincrement=True,
)

CATALOG = (datasets, dataset_regions, observations, dataset_blobs, annotations)


def now_iso() -> str:
    """The current time as stored: ISO 8601 UTC with microseconds, so text order is time order."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
