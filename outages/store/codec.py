"""The canonical table as integer columns, its content hash and its columnar copy.

The store keeps a canonical table as integer columns: time as epoch microseconds, service as a
fixed small code, region as a code into a per-dataset dictionary of (region_id, region_name)
pairs, counts as int64 with a null mask. ``encode`` and ``decode`` convert both ways with no
Python loop over rows; the sha256 of the encoded form identifies the content.
"""

from __future__ import annotations

import hashlib
import io
import json
import mmap
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from outages import schema

# Stored codes: never renumber. A new service gets the next free number.
SERVICE_CODES = {"power": 1, "water": 2, "heating": 3, "gas": 4, "transit": 5, "telecom": 6}
SERVICE_BY_CODE = {code: name for name, code in SERVICE_CODES.items()}

HASH_VERSION = b"outages canonical v1\n"
BLOB_FORMAT = "parquet"
BLOB_PART_BYTES = 64 * 1024 * 1024  # one stored blob row at most; bigger copies are split


@dataclass
class Encoded:
    """A canonical table as integer columns, sorted by service, region_id and time."""

    ts: np.ndarray  # int64 epoch microseconds, UTC
    service: np.ndarray  # int8 code, SERVICE_CODES
    region: np.ndarray  # int32 code into regions
    out: np.ndarray  # int64
    restored: np.ndarray  # int64, 0 where null
    restored_null: np.ndarray  # bool
    total: np.ndarray  # int64, 0 where null
    total_null: np.ndarray  # bool
    regions: list[tuple[str, str]]  # (region_id, region_name) by code, sorted
    sha256: str = ""
    # (distinct times ascending, each row's index among them as int32) when the reader knows
    # them: the pre-aggregates then need not hash every row's time (checked there, not stored)
    time_index: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False,
                                                             compare=False)

    def __len__(self) -> int:
        return len(self.ts)

    @cached_property
    def services(self) -> list[str]:
        if is_constant(self.service):
            return [SERVICE_BY_CODE[int(self.service[0])]]
        present = np.flatnonzero(np.bincount(self.service.astype(np.intp)))
        return sorted(SERVICE_BY_CODE[int(c)] for c in present)

    @property
    def region_count(self) -> int:
        return len({region_id for region_id, _ in self.regions})

    @property
    def start_us(self) -> int | None:
        return int(self.ts.min()) if len(self.ts) else None

    @property
    def end_us(self) -> int | None:
        return int(self.ts.max()) if len(self.ts) else None


def constant(n: int, value, dtype) -> np.ndarray:
    """A column of ``n`` rows all ``value``, as a read-only view of one value (no memory per
    row): a reader's column that its format does not have (EAGLE-I's restored counts)."""
    return np.broadcast_to(np.array(value, dtype=dtype), (n,))


def is_constant(values: np.ndarray) -> bool:
    """Whether ``values`` is a column made by ``constant`` (one value, no memory per row)."""
    return len(values) > 0 and values.strides == (0,)


def _strings(series: pd.Series) -> pa.Array:
    arr = pa.array(series.array, type=pa.large_string(), from_pandas=True)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return arr


def _is_canonical_form(table: pd.DataFrame) -> bool:
    if list(table.columns) != list(schema.COLUMNS):
        return False
    return all(table[c].dtype == pd.api.types.pandas_dtype(schema.DTYPES[c])
               for c in schema.COLUMNS)


def _nullable(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    mask = series.isna().to_numpy()
    values = series.to_numpy(dtype="int64", na_value=0)
    return values, mask


def _runs(columns: list[pa.Array], n: int) -> np.ndarray:
    """Start index of each run of rows whose values in all ``columns`` are equal."""
    change = np.ones(n, dtype=bool)
    if n > 1:
        change[1:] = False
        for arr in columns:
            change[1:] |= np.asarray(pc.not_equal(arr.slice(1), arr.slice(0, n - 1)))
    return np.flatnonzero(change)


def _region_codes(ids: pa.Array, names: pa.Array) -> tuple[np.ndarray, list[tuple[str, str]]]:
    """Code each (id, name) pair; codes follow the sorted order of the distinct pairs."""
    id_enc = pc.dictionary_encode(ids)
    name_enc = pc.dictionary_encode(names)
    id_dict = id_enc.dictionary.to_pylist()
    name_dict = name_enc.dictionary.to_pylist()
    key = (np.asarray(id_enc.indices, dtype=np.int64) * len(name_dict)
           + np.asarray(name_enc.indices, dtype=np.int64))
    first_codes, uniques = pd.factorize(key, sort=False)
    pairs = [(id_dict[k // len(name_dict)], name_dict[k % len(name_dict)])
             for k in uniques.tolist()]
    order = sorted(range(len(pairs)), key=pairs.__getitem__)
    rank = np.empty(len(pairs), dtype=np.int32)
    rank[order] = np.arange(len(pairs), dtype=np.int32)
    return rank[first_codes], [pairs[i] for i in order]


def _service_codes(services: pa.Array) -> np.ndarray:
    enc = pc.dictionary_encode(services)
    names = enc.dictionary.to_pylist()
    unknown = [s for s in names if s not in SERVICE_CODES]
    if unknown:
        raise ValueError(f"unknown service {unknown[0]!r}: expected one of "
                         f"{', '.join(schema.SERVICES)}")
    lut = np.array([SERVICE_CODES[s] for s in names], dtype=np.int8)
    return lut[np.asarray(enc.indices)]


def _rank_tables(regions: list[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray]:
    """Lookup tables: service code -> rank of its name; region code -> rank of its region_id.

    With the time, these ranks give the canonical order (service, region_id, timestamp).
    """
    service_rank = np.zeros(max(SERVICE_BY_CODE) + 1, dtype=np.int64)
    for rank, name in enumerate(sorted(SERVICE_CODES)):
        service_rank[SERVICE_CODES[name]] = rank
    ids = [region_id for region_id, _ in regions]
    id_rank = np.zeros(len(ids), dtype=np.int64)
    if ids:
        id_rank[1:] = np.cumsum([a != b for a, b in zip(ids[1:], ids[:-1], strict=True)])
    return service_rank, id_rank


def _take(enc: Encoded, order: np.ndarray) -> Encoded:
    return Encoded(
        ts=enc.ts[order], service=enc.service[order], region=enc.region[order],
        out=enc.out[order], restored=enc.restored[order], restored_null=enc.restored_null[order],
        total=enc.total[order], total_null=enc.total_null[order], regions=enc.regions)


def _in_order(enc: Encoded, service_rank: np.ndarray, id_rank: np.ndarray) -> bool:
    """True when rows are in canonical order with no key twice, checked run by run.

    A run is rows of one service and region code. Between runs the (service, region_id) ranks
    must not fall; inside a run, and between runs of one region_id under two names, time must
    rise strictly.
    """
    n = len(enc)
    change = np.ones(n, dtype=bool)
    change[1:] = (enc.service[1:] != enc.service[:-1]) | (enc.region[1:] != enc.region[:-1])
    starts = np.flatnonzero(change)
    d_svc = np.diff(service_rank[enc.service[starts]])
    d_id = np.diff(id_rank[enc.region[starts]])
    if ((d_svc < 0) | ((d_svc == 0) & (d_id < 0))).any():
        return False
    later = np.diff(enc.ts) > 0
    later[starts[1:][(d_svc > 0) | (d_id > 0)] - 1] = True  # a new key: any time will do
    return bool(later.all())


def _canonical_order(enc: Encoded) -> Encoded:
    """Sort by service, region_id and time unless already so; reject repeated keys."""
    service_rank, id_rank = _rank_tables(enc.regions)
    if len(enc) < 2 or _in_order(enc, service_rank, id_rank):
        return enc
    svc_rows, id_rows = service_rank[enc.service], id_rank[enc.region]
    order = np.lexsort((enc.ts, id_rows, svc_rows))
    enc = _take(enc, order)
    same = ((np.diff(svc_rows[order]) == 0) & (np.diff(id_rows[order]) == 0)
            & (np.diff(enc.ts) == 0))
    if same.any():
        i = int(np.flatnonzero(same)[0])
        when = pd.Timestamp(int(enc.ts[i]), unit="us", tz="UTC").isoformat()
        raise ValueError(
            f"two rows for service {SERVICE_BY_CODE[int(enc.service[i])]!r}, region "
            f"{enc.regions[int(enc.region[i])][0]!r} at {when}: a store keeps one value "
            "for each service, region and time")
    return enc


HASHED = (("ts", "<i8"), ("service", "<i1"), ("region", "<i4"), ("out", "<i8"),
          ("restored", "<i8"), ("restored_null", "?"), ("total", "<i8"), ("total_null", "?"))


def feed(h, values: np.ndarray, dtype: str) -> None:
    """Add a column's bytes (as ``dtype``) to the hash ``h``: a column made by ``constant``
    a piece at a time, with the same bytes as the whole column."""
    if is_constant(values):
        piece = 1 << 16
        block = np.full(min(len(values), piece), values[0], dtype=dtype)
        for _ in range(len(values) // piece):
            h.update(block)
        h.update(block[:len(values) % piece])
        return
    h.update(memoryview(np.ascontiguousarray(values, dtype=dtype)).cast("B"))  # no copy when
    # it fits


def combined(rows: int, regions: list[tuple[str, str]], digests: list[bytes]) -> str:
    """The content hash from the columns' own sha256 digests, in ``HASHED`` order."""
    header = json.dumps({"rows": rows, "regions": regions, "services": SERVICE_CODES},
                        ensure_ascii=False, separators=(",", ":")).encode()
    h = hashlib.sha256(HASH_VERSION)
    h.update(header)
    for digest in digests:
        h.update(digest)
    return h.hexdigest()


def content_hash(enc: Encoded) -> str:
    """sha256 over the encoded content: dictionary, then each column's own sha256.

    The columns are hashed on two threads (hashlib releases the GIL); values under a null
    mask are 0, so equal tables always hash equal. (``staging`` feeds the same digests a
    group of rows at a time.)
    """
    columns = [(getattr(enc, name), dtype) for name, dtype in HASHED]

    def digest(column: tuple[np.ndarray, str]) -> bytes:
        h = hashlib.sha256()
        feed(h, *column)
        return h.digest()

    # a constant column's digest depends only on its value and length: two alike (EAGLE-I's
    # restored and total counts, both unknown) are hashed once
    def key(column: tuple[np.ndarray, str]):
        values, dtype = column
        return (len(values), np.asarray(values[:1], dtype).tobytes(), dtype) if is_constant(
            values) else id(values)
    keys = [key(c) for c in columns]
    jobs = dict(zip(keys, columns, strict=True))  # the first column of each key
    with ThreadPoolExecutor(max_workers=2) as pool:
        digests = dict(zip(jobs, pool.map(digest, jobs.values()), strict=True))
    return combined(len(enc), enc.regions, [digests[k] for k in keys])


def encode(table: pd.DataFrame) -> Encoded:
    """The canonical table as integer columns, in canonical order, with its sha256.

    Raises ValueError for a table the store cannot keep: no rows, a missing key value, an
    unknown service, or two rows for the same service, region and time.
    """
    if not _is_canonical_form(table):
        missing = [c for c in schema.REQUIRED if c not in table.columns]
        if missing:
            raise ValueError(f"table lacks column {missing[0]!r}")
        table = schema.canonical(table)
    n = len(table)
    if n == 0:
        raise ValueError("table has no rows")
    for col in ("timestamp", "region_id", "region_name", "service"):
        if table[col].isna().any():
            raise ValueError(f"column {col!r} has an empty value")
    ids, names, services = (_strings(table[c]) for c in ("region_id", "region_name", "service"))
    starts = _runs([services, ids, names], n)
    lengths = np.diff(np.append(starts, n))
    run_regions, regions = _region_codes(ids.take(starts), names.take(starts))
    run_services = _service_codes(services.take(starts))
    restored, restored_null = _nullable(table["customers_restored"])
    total, total_null = _nullable(table["customers_total"])
    enc = Encoded(
        ts=np.asarray(table["timestamp"].array.asi8, dtype=np.int64),
        service=np.repeat(run_services, lengths),
        region=np.repeat(run_regions, lengths),
        out=table["customers_out"].to_numpy(dtype=np.int64),
        restored=restored, restored_null=restored_null, total=total, total_null=total_null,
        regions=regions)
    enc = _canonical_order(enc)
    enc.sha256 = content_hash(enc)
    return enc


def _writable(values: np.ndarray, dtype) -> np.ndarray:
    """``values`` as ``dtype``, copied only when read-only (a view of Arrow or pandas memory):
    the frame decode() returns must accept changes like any other."""
    values = values.astype(dtype, copy=False)
    return values if values.flags.writeable else values.copy()


def _int_array(values: np.ndarray, nulls: np.ndarray) -> pd.arrays.IntegerArray:
    return pd.arrays.IntegerArray(_writable(values, np.int64), _writable(nulls, bool))


def decode(enc: Encoded) -> pd.DataFrame:
    """The canonical table for encoded columns (already in canonical order).

    The numeric columns share memory with ``enc`` (pandas copies them before any change).
    """
    codes = pa.array(enc.region.astype(np.int32, copy=False))
    ids = pa.array([p[0] for p in enc.regions], type=pa.large_string())
    names = pa.array([p[1] for p in enc.regions], type=pa.large_string())
    service_names = pa.array([SERVICE_BY_CODE.get(c, "") for c in range(max(SERVICE_BY_CODE) + 1)],
                             type=pa.large_string())
    service = pc.take(service_names, pa.array(enc.service.astype(np.int8, copy=False)))
    ts = pd.Series(_writable(enc.ts, np.int64).view("M8[us]"), copy=False)

    def strings(arr: pa.Array) -> pd.Series:
        return pd.Series(pd.arrays.ArrowStringArray(arr), copy=False)

    return pd.DataFrame({
        "timestamp": ts.dt.tz_localize("UTC"),
        "region_id": strings(pc.take(ids, codes)),
        "region_name": strings(pc.take(names, codes)),
        "service": strings(service),
        "customers_out": pd.Series(_writable(enc.out, np.int64), copy=False),
        "customers_restored": pd.Series(_int_array(enc.restored, enc.restored_null), copy=False),
        "customers_total": pd.Series(_int_array(enc.total, enc.total_null), copy=False),
    }, copy=False)


def from_columns(service, region, ts, out, restored, total,
                 regions: list[tuple[str, str]]) -> Encoded:
    """Encoded columns from stored observation columns (nulls as masked or None values)."""
    def masked(values) -> tuple[np.ndarray, np.ndarray]:
        arr = values if isinstance(values, pa.Array) else pa.array(values, type=pa.int64())
        return (np.asarray(arr.fill_null(0), dtype=np.int64),
                np.asarray(arr.is_null(), dtype=bool))

    r, r_null = masked(restored)
    t, t_null = masked(total)
    enc = Encoded(
        ts=np.asarray(ts, dtype=np.int64), service=np.asarray(service, dtype=np.int8),
        region=np.asarray(region, dtype=np.int32), out=np.asarray(out, dtype=np.int64),
        restored=r, restored_null=r_null, total=t, total_null=t_null, regions=regions)
    enc = _canonical_order(enc)
    enc.sha256 = content_hash(enc)
    return enc


def to_arrow(enc: Encoded) -> pa.Table:
    return pa.table({
        "ts": pa.array(enc.ts, type=pa.int64()),
        "service": pa.array(enc.service, type=pa.int8()),
        "region": pa.array(enc.region, type=pa.int32()),
        "customers_out": pa.array(enc.out, type=pa.int64()),
        "customers_restored": _masked(enc.restored, enc.restored_null),
        "customers_total": _masked(enc.total, enc.total_null),
    })


def to_arrow_schema(columns: list[str]) -> pa.Schema:
    """The schema of ``to_arrow``'s columns ``columns``."""
    types = {"ts": pa.int64(), "service": pa.int8(), "region": pa.int32()}
    return pa.schema([(c, types.get(c, pa.int64())) for c in columns])


def _masked(values: np.ndarray, null: np.ndarray) -> pa.Array:
    if is_constant(null) and null[0]:  # none known: no values to copy
        return _all_null(len(values))
    return pa.array(values, type=pa.int64(), mask=null)


def _all_null(n: int) -> pa.Array:
    """``n`` nulls as int64 over pages of zeros never written (an anonymous mapping, for both
    the validity bits and the values): no memory per row, where ``pa.nulls`` fills 8 bytes a
    row (0.8 GB for 100 M rows)."""
    zeros = pa.py_buffer(mmap.mmap(-1, max(n * 8, 1)))
    return pa.Array.from_buffers(pa.int64(), n, [zeros, zeros], null_count=n)


def to_blob_parts(enc: Encoded) -> list[bytes]:
    """The columnar copy: one Parquet file, split into parts of at most BLOB_PART_BYTES.

    Times, regions and counts are delta-encoded (sorted by region and time, they mostly step
    by one run): a quarter of the bytes of dictionary pages and zstd, and faster to write
    (10 M EAGLE-I rows: 7 MB in 0.32 s, against 22 MB in 0.41 s); LZ4 reads back fastest.
    A count column with no value known at all is left out (``from_blob`` reads it back as
    unknown), and the service is written plain: 0.05 s less for 10 M EAGLE-I rows."""
    buf = io.BytesIO()
    table = to_arrow(enc)
    unknown = [c for c in ("customers_restored", "customers_total")
               if table.column(c).null_count == len(table)]
    table = table.drop_columns(unknown)
    pq.write_table(table, buf, row_group_size=1 << 20, **parquet_options(table.column_names))
    data = buf.getvalue()
    return [data[i:i + BLOB_PART_BYTES] for i in range(0, len(data), BLOB_PART_BYTES)] or [b""]


def parquet_options(columns: list[str]) -> dict:
    """How the columnar copy is written (see ``to_blob_parts``), for a copy of ``columns``."""
    delta = [c for c in ("ts", "region", "customers_out") if c in columns]
    return {"compression": "lz4",
            "write_statistics": False,  # read whole, never filtered: 0.03 s per 10 M rows
            "use_dictionary": [c for c in columns if c not in delta and c != "service"],
            "column_encoding": {c: "DELTA_BINARY_PACKED" for c in delta}}


def _numpy(col: pa.ChunkedArray, dtype) -> np.ndarray:
    """One writable numpy array from a column without nulls (one copy, numpy's memory)."""
    if col.num_chunks == 0:
        return np.zeros(0, dtype=dtype)
    parts = [c.to_numpy(zero_copy_only=False) for c in col.chunks]
    return np.concatenate(parts).astype(dtype, copy=False)


def from_blob(data: bytes, regions: list[tuple[str, str]]) -> Encoded:
    """Encoded columns read back from a columnar copy (in canonical order by construction)."""
    return from_blob_table(pq.read_table(pa.BufferReader(data)), regions)


def from_blob_table(t: pa.Table, regions: list[tuple[str, str]]) -> Encoded:
    """Encoded columns of a columnar copy's table (or of some of its rows)."""

    def masked(name: str) -> tuple[np.ndarray, np.ndarray]:
        col = t.column(name) if name in t.column_names else None  # None: no value known
        if col is None or col.null_count == len(col):  # all missing (common): nothing to read
            return np.zeros(t.num_rows, dtype=np.int64), np.ones(t.num_rows, dtype=bool)
        if col.null_count == 0:
            return _numpy(col, np.int64), np.zeros(len(col), dtype=bool)
        return _numpy(col.fill_null(0), np.int64), _numpy(col.is_null(), bool)

    restored, restored_null = masked("customers_restored")
    total, total_null = masked("customers_total")
    return Encoded(
        ts=_numpy(t.column("ts"), np.int64), service=_numpy(t.column("service"), np.int8),
        region=_numpy(t.column("region"), np.int32),
        out=_numpy(t.column("customers_out"), np.int64), restored=restored,
        restored_null=restored_null, total=total, total_null=total_null, regions=regions)
