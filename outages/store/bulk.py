"""Moving many observation rows in and out: the fast paths of each backend.

SQLite: multi-row INSERT statements (``ROWS_PER_STATEMENT`` rows each) fed by ``executemany``
from lists that numpy builds; constant columns (dataset, service, null counts) are written into
the statement instead of bound. PostgreSQL: ``COPY ... FROM STDIN (FORMAT BINARY)`` with the
binary tuples laid out by numpy structured arrays. Neither loops over rows in Python.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterable, Iterator

import numpy as np
import pyarrow as pa
import sqlalchemy as sa

from outages.store import codec
from outages.store.tables import dataset_blobs, dataset_regions, observations

ROWS_PER_STATEMENT = 200  # SQLite: rows in one INSERT; 200 x 5 values stays far under its limit
CHUNK_ROWS = 200_000  # rows converted and written at a time; progress is reported per chunk
# SQLite: a dataset of this many rows or more is kept once, as its Parquet copy (the record;
# what load() reads), not also as rows of ``observations``: writing 10 M rows twice cost more
# than reading the file. Smaller datasets keep both. PostgreSQL always keeps both (COPY is fast
# and hosted stores are queried by row).
SQLITE_TABLE_ROWS = 1_000_000

Progress = Callable[[int, int], None]

_COLUMNS = "ds, service, region, ts, customers_out, customers_restored, customers_total"


def _groups(enc: codec.Encoded) -> Iterator[tuple[int, bool, bool, np.ndarray | None]]:
    """(service code, restored is null, total is null, row indices or None for all rows)."""
    key = (enc.service.astype(np.int16) * 4 + enc.restored_null.astype(np.int16) * 2
           + enc.total_null.astype(np.int16))
    values = np.unique(key)
    for v in values.tolist():
        rows = None if len(values) == 1 else np.flatnonzero(key == v)
        yield v // 4, bool(v & 2), bool(v & 1), rows


def _slices(rows: np.ndarray | None, n: int, chunk: int) -> Iterator[slice | np.ndarray]:
    count = n if rows is None else len(rows)
    for start in range(0, count, chunk):
        stop = min(count, start + chunk)
        yield slice(start, stop) if rows is None else rows[start:stop]


def _sqlite_insert(dbapi, ds: int, enc: codec.Encoded, chunk_rows: int,
                   progress: Progress | None) -> None:
    n, done = len(enc), 0
    cur = dbapi.cursor()
    for service, restored_null, total_null, rows in _groups(enc):
        cols = [enc.region, enc.ts, enc.out]
        marks = [str(int(ds)), str(int(service)), "?", "?", "?"]
        for values, is_null in ((enc.restored, restored_null), (enc.total, total_null)):
            marks.append("NULL" if is_null else "?")
            if not is_null:
                cols.append(values)
        one = "(" + ",".join(marks) + ")"
        many = f"INSERT INTO observations ({_COLUMNS}) VALUES " + ",".join(
            [one] * ROWS_PER_STATEMENT)
        width = len(cols) * ROWS_PER_STATEMENT
        for part in _slices(rows, n, chunk_rows):
            block = np.column_stack([c[part] for c in cols])
            whole = (len(block) // ROWS_PER_STATEMENT) * ROWS_PER_STATEMENT
            flat = iter(block[:whole].ravel().tolist())
            cur.executemany(many, zip(*[flat] * width, strict=True))
            if whole < len(block):
                cur.executemany(f"INSERT INTO observations ({_COLUMNS}) VALUES {one}",
                                block[whole:].tolist())
            done += len(block)
            if progress:
                progress(done, n)
    cur.close()


_PG_HEADER = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)
_PG_TRAILER = struct.pack(">h", -1)


def _pg_dtype(restored_null: bool, total_null: bool) -> np.dtype:
    fields = [("n", ">i2"), ("l_ds", ">i4"), ("ds", ">i4"), ("l_service", ">i4"),
              ("service", ">i2"), ("l_region", ">i4"), ("region", ">i4"), ("l_ts", ">i4"),
              ("ts", ">i8"), ("l_out", ">i4"), ("out", ">i8"), ("l_restored", ">i4")]
    if not restored_null:
        fields.append(("restored", ">i8"))
    fields.append(("l_total", ">i4"))
    if not total_null:
        fields.append(("total", ">i8"))
    return np.dtype(fields)


def _pg_tuples(ds: int, service: int, enc: codec.Encoded, part, restored_null: bool,
               total_null: bool) -> bytes:
    """Binary COPY tuples for the rows in ``part`` (all with the same null pattern)."""
    ts = enc.ts[part]
    rec = np.empty(len(ts), dtype=_pg_dtype(restored_null, total_null))
    rec["n"] = 7
    rec["l_ds"], rec["ds"] = 4, ds
    rec["l_service"], rec["service"] = 2, service
    rec["l_region"], rec["region"] = 4, enc.region[part]
    rec["l_ts"], rec["ts"] = 8, ts
    rec["l_out"], rec["out"] = 8, enc.out[part]
    rec["l_restored"] = -1 if restored_null else 8
    if not restored_null:
        rec["restored"] = enc.restored[part]
    rec["l_total"] = -1 if total_null else 8
    if not total_null:
        rec["total"] = enc.total[part]
    return rec.tobytes()


def _pg_copy(dbapi, ds: int, enc: codec.Encoded, chunk_rows: int,
             progress: Progress | None) -> None:
    n, done = len(enc), 0
    with dbapi.cursor() as cur, cur.copy(
            f"COPY observations ({_COLUMNS}) FROM STDIN (FORMAT BINARY)") as copy:
        copy.write(_PG_HEADER)
        for service, restored_null, total_null, rows in _groups(enc):
            for part in _slices(rows, n, chunk_rows):
                data = _pg_tuples(ds, service, enc, part, restored_null, total_null)
                copy.write(data)
                done += len(enc.ts[part])
                if progress:
                    progress(done, n)
        copy.write(_PG_TRAILER)


def rows_in_table(backend: str, row_count: int) -> bool:
    """Whether a dataset of ``row_count`` rows has them in ``observations`` (else only in its
    Parquet copy): decided by backend and size alone, so checks know what to expect."""
    return backend != "sqlite" or row_count < SQLITE_TABLE_ROWS


def insert_observations(conn: sa.Connection, backend: str, ds: int, enc: codec.Encoded, *,
                        chunk_rows: int = CHUNK_ROWS, progress: Progress | None = None) -> None:
    """Write every row of ``enc`` for dataset ``ds`` inside the caller's transaction (a
    staged dataset, ``outages.staging.Staged``, a row group at a time)."""
    dbapi = conn.connection.driver_connection
    insert = _sqlite_insert if backend == "sqlite" else _pg_copy
    if not hasattr(enc, "chunks"):
        insert(dbapi, ds, enc, chunk_rows, progress)
        return
    done = 0
    for chunk in enc.chunks():
        insert(dbapi, ds, chunk, chunk_rows, progress and (
            lambda d, _, before=done: progress(before + d, len(enc))))
        done += len(chunk)


def read_observations(conn: sa.Connection, ds: int,
                      regions: list[tuple[str, str]]) -> codec.Encoded:
    """Encoded columns read back from the observations table (the slow, always-there path)."""
    o = observations.c
    query = (sa.select(o.service, o.region, o.ts, o.customers_out, o.customers_restored,
                       o.customers_total)
             .where(o.ds == ds).order_by(o.service, o.region, o.ts)
             .execution_options(yield_per=CHUNK_ROWS))
    result = conn.execute(query)
    parts: list[list[pa.Array]] = [[] for _ in range(6)]
    for rows in result.partitions():
        for i, values in enumerate(zip(*rows, strict=True)):
            parts[i].append(pa.array(values, type=pa.int64()))
    cols = [pa.chunked_array(p, type=pa.int64()).combine_chunks() for p in parts]
    service, region, ts, out = (np.asarray(c) for c in cols[:4])
    return codec.from_columns(service, region, ts, out, cols[4], cols[5], regions)


def write_blob(conn: sa.Connection, ds: int, parts: Iterable[bytes]) -> None:
    """The columnar copy's parts (a list, or read one at a time from a staged copy)."""
    for i, data in enumerate(parts):
        conn.execute(dataset_blobs.insert(),
                     {"ds": ds, "part": i, "format": codec.BLOB_FORMAT, "data": data})


def read_blob(conn: sa.Connection, ds: int) -> bytes | None:
    b = dataset_blobs.c
    rows = conn.execute(sa.select(b.format, b.data).where(b.ds == ds).order_by(b.part)).all()
    if not rows or any(r.format != codec.BLOB_FORMAT for r in rows):
        return None
    return b"".join(bytes(r.data) for r in rows)


def write_regions(conn: sa.Connection, ds: int, regions: list[tuple[str, str]]) -> None:
    conn.execute(dataset_regions.insert(), [
        {"ds": ds, "code": code, "region_id": rid, "region_name": rname}
        for code, (rid, rname) in enumerate(regions)])


def read_regions(conn: sa.Connection, ds: int) -> list[tuple[str, str]]:
    r = dataset_regions.c
    query = sa.select(r.region_id, r.region_name).where(r.ds == ds).order_by(r.code)
    return [(rid, rname) for rid, rname in conn.execute(query).all()]
