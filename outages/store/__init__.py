"""The store: outage datasets kept in an embedded SQLite file or in PostgreSQL.

``open_store(url)`` picks the backend from the URL (``sqlite:///...`` or a plain path: a file in
WAL mode that many processes share; ``postgresql://...``: psycopg 3) and brings the schema up
to date. A dataset is kept in one transaction as one Parquet copy that ``load()`` reads and,
except large datasets in SQLite (``bulk.rows_in_table``), also as integer-encoded rows in
``observations`` (for integrity and queries).
"""

from outages.store.catalog import DatasetInfo, IngestResult, Store, make_id, open_store
from outages.store.engine import StoreBusyError, default_url
from outages.store.migrations import LATEST as SCHEMA_VERSION
from outages.store.migrations import StoreVersionError

__all__ = [
    "SCHEMA_VERSION",
    "DatasetInfo",
    "IngestResult",
    "Store",
    "StoreBusyError",
    "StoreVersionError",
    "default_url",
    "make_id",
    "open_store",
]
