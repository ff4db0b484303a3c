"""Building a dataset's pre-aggregates: its rows as integer columns (:class:`Rows`, from a
canonical table or from the store's encoded columns), sorted by service, region and time, then
one :class:`~outages.prepared.parts.Part` per service."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from outages.figures import firsts, int_column, micros, require_canonical
from outages.prepared import parts
from outages.prepared.parts import Changes, Part, changes_per_time
from outages.prepared.query import Prepared


@dataclass
class Rows:
    """A dataset's rows as integer columns: what :func:`build` turns into pre-aggregates.

    The text columns come as codes into tables of their distinct values, each table sorted,
    so that a 10 M-row dataset needs no Python string per row. The rows may come in any order
    (canonical order, by service, region_id and time, saves a sort); every row is used, so
    rows without a service or region_id are left out before (``take``).
    """

    service: np.ndarray  # integer code per row, into ``services``
    services: np.ndarray  # object: the distinct service names, sorted
    region: np.ndarray  # integer code per row, into ``region_ids``
    region_ids: np.ndarray  # object: the distinct region_ids, sorted
    name: np.ndarray | None  # integer code per row, into ``names``; None: ``region_names``
    names: np.ndarray  # object: the distinct region names, sorted
    ts: np.ndarray  # int64 per row: microseconds since the epoch, UTC
    out: np.ndarray  # int64 per row: customers_out
    restored: tuple[np.ndarray, np.ndarray]  # customers_restored: values (0 where missing), missing
    total: tuple[np.ndarray, np.ndarray]  # customers_total: values (0 where missing), missing
    # (times ascending, each row's index among them) when the reader knows them: a hint,
    # checked against ``ts`` before it is used (``_given_time_index``)
    time_index: tuple[np.ndarray, np.ndarray] | None = None
    # the code into ``names`` of each region, when each has one name and ``name`` is None: no
    # code per row (4 bytes a row at the ingest's peak)
    region_names: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.ts)

    def take(self, index: np.ndarray | slice) -> Rows:
        """The rows at ``index`` (a mask, positions or a slice), in its order."""
        return replace(
            self, service=self.service[index], region=self.region[index],
            name=None if self.name is None else self.name[index], ts=self.ts[index],
            out=self.out[index],
            restored=(self.restored[0][index], self.restored[1][index]),
            total=(self.total[0][index], self.total[1][index]),
            time_index=None if self.time_index is None else (
                self.time_index[0], self.time_index[1][index]))


def prepare(table: pd.DataFrame) -> Prepared:
    """Pre-aggregates of a canonical table (any row order; canonical order is fastest).

    Rows with a missing service or region_id are left out, as ``outages.metrics`` does.
    """
    require_canonical(table)
    ts = micros(table["timestamp"])
    svc, services = _encode(table["service"].array)
    rid, ids = _encode(table["region_id"].array)
    nid, names = _encode(table["region_name"].array)
    keep = ~(table["service"].isna().to_numpy(bool) | table["region_id"].isna().to_numpy(bool))
    rows = Rows(service=svc, services=services, region=rid, region_ids=ids, name=nid,
                names=names, ts=ts, out=table["customers_out"].to_numpy(dtype=np.int64),
                restored=int_column(table, "customers_restored"),
                total=int_column(table, "customers_total"))
    return build(rows if keep.all() else rows.take(keep))


def prepare_encoded(enc) -> Prepared:
    """Pre-aggregates straight from the store's integer columns (``outages.store.codec.Encoded``),
    without building the table's text columns: the memory of a 10 M-row dataset stays small."""
    from outages.store.codec import SERVICE_BY_CODE, constant, is_constant

    pairs = enc.regions  # (region_id, region_name) per code, sorted
    pair_ids = np.asarray([p[0] for p in pairs], dtype=object)
    ids, id_of_pair = np.unique(pair_ids.astype(str), return_inverse=True)
    names, name_of_pair = np.unique(np.asarray([p[1] for p in pairs], dtype=str),
                                    return_inverse=True)
    codes = sorted(SERVICE_BY_CODE)
    services = np.asarray(sorted(SERVICE_BY_CODE.values()), dtype=object)
    lut = np.zeros(max(codes) + 1, np.int8)
    for code in codes:
        lut[code] = int(np.flatnonzero(services == SERVICE_BY_CODE[code])[0])
    region, service = np.asarray(enc.region), np.asarray(enc.service)
    one_name = len(ids) == len(pairs)  # then the pairs' codes are the ids' (sorted alike)
    return build(Rows(
        service=(constant(len(service), lut[service[0]], np.int8) if is_constant(service)
                 else lut[service]), services=services,
        region=_renamed(region, id_of_pair), region_ids=ids.astype(object),
        name=None if one_name else name_of_pair.astype(np.int32)[region],
        region_names=name_of_pair.astype(np.int32) if one_name else None,
        names=names.astype(object),
        ts=np.asarray(enc.ts, dtype=np.int64), out=np.asarray(enc.out, dtype=np.int64),
        restored=(enc.restored, enc.restored_null), total=(enc.total, enc.total_null),
        time_index=enc.time_index))


def _renamed(codes: np.ndarray, new: np.ndarray) -> np.ndarray:
    """``new[codes]`` as int32; ``codes`` itself when ``new`` renames nothing (the common case:
    one name per region id, so the ids' order is the pairs' order)."""
    if np.array_equal(new, np.arange(len(new))):
        return codes.astype(np.int32, copy=False)
    return new.astype(np.int32)[codes]


def build(rows: Rows) -> Prepared:
    """The pre-aggregates of ``rows``: sorted into canonical order (service, region_id, time)
    unless already so, then one part per service."""
    if len(rows) > 1 and not _ordered(rows.service, rows.region, rows.ts):
        rows = rows.take(np.lexsort((rows.ts, rows.region, rows.service)))
    found = {}
    bounds = np.flatnonzero(firsts(rows.service))
    for a, b in zip(bounds, np.append(bounds[1:], len(rows)), strict=True):
        name = str(rows.services[rows.service[a]])
        found[name] = _part(name, rows.take(slice(int(a), int(b))))
    return Prepared(found)


def _ordered(svc: np.ndarray, rid: np.ndarray, ts: np.ndarray) -> bool:
    """Whether rows are sorted by service, region and time, checked a block at a time (with
    only comparisons: small temporaries)."""
    step = 1 << 20
    for a in range(0, len(ts) - 1, step):
        b = min(a + step, len(ts) - 1)
        s0, s1 = svc[a:b], svc[a + 1:b + 1]
        r0, r1 = rid[a:b], rid[a + 1:b + 1]
        same = (s1 == s0) & (r1 == r0)
        if ((s1 < s0) | ((s1 == s0) & (r1 < r0)) | (same & (ts[a + 1:b + 1] < ts[a:b]))).any():
            return False
    return True


def _part(service: str, rows: Rows) -> Part:
    """One service's rows (already sorted by region then time) prepared."""
    rid, out = rows.region, rows.out
    new_region = firsts(rid)
    starts = np.flatnonzero(new_region)
    offsets = np.append(starts, len(rid)).astype(np.int64)
    times, tidx, count = _given_time_index(rows.ts, rows.time_index) or _time_index(rows.ts)
    n_times = len(times)
    plus, minus = changes_per_time(tidx, out, new_region, n_times)
    total_values, total_missing = rows.total
    if total_missing.all() or not total_missing.any():
        new_total = new_region if total_missing.all() else new_region | firsts(total_values)
    else:
        total_values = np.where(total_missing, 0, total_values)
        new_total = new_region | firsts(total_missing, total_values)
    restored, restored_null = rows.restored
    any_restored = not restored_null.all()
    small = out.max() < 2**31 if len(out) else True
    return Part(
        service=service,
        ids=np.asarray(rows.region_ids[rid[starts]], dtype=object),
        offsets=offsets,
        times=times,
        tidx=tidx,
        out=out.astype(np.int32 if small else np.int64),
        first_tidx=tidx[starts].astype(np.int64),
        count=count,
        plus=np.cumsum(plus),
        minus=np.cumsum(minus),
        names=(_changes(new_region | firsts(rows.name), rows.name, offsets)
               if rows.name is not None
               else _entries(starts, rows.region_names[rid[starts]], offsets)),
        name_table=rows.names,
        totals=_changes(new_total, total_values, offsets, total_missing),
        restored=restored.astype(np.int64) if any_restored else None,
        restored_null=restored_null.astype(bool) if any_restored else None,
    )


def _changes(new: np.ndarray, values: np.ndarray, offsets: np.ndarray,
             missing: np.ndarray | None = None) -> Changes:
    """Entries at the rows flagged ``new`` (which include every region's first row);
    ``offsets``: each region's first row position, then the row count."""
    pos = np.flatnonzero(new)
    return _entries(pos, values[pos], offsets, None if missing is None else missing[pos])


def _entries(pos: np.ndarray, values: np.ndarray, offsets: np.ndarray,
             missing: np.ndarray | None = None) -> Changes:
    """Entries at rows ``pos`` (every region's first row among them) with their values."""
    return Changes(pos, values, np.searchsorted(pos, offsets).astype(np.int64), missing)


def _given_time_index(ts: np.ndarray, hint) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The reader's time index, keeping only the times some row has, once it is checked to
    give every row's time (a block at a time), with the rows at each time, as ``_time_index``
    gives them; None when there is none or it does not."""
    if hint is None or len(hint[1]) != len(ts):
        return None
    times, tidx = np.asarray(hint[0], np.int64), hint[1].astype(np.int32, copy=False)
    if len(ts) and (tidx.min() < 0 or tidx.max() >= len(times)):
        return None
    count = _rows_at(tidx, len(times))
    if not (present := count > 0).all():  # a run left with no row (all its rows were blank)
        tidx = (np.cumsum(present, dtype=np.int32) - 1)[tidx]
        times, count = times[present], count[present]
    if len(times) > 1 and (np.diff(times) <= 0).any():
        return None
    block = parts.BLOCK
    for a in range(0, len(ts), block):
        if not np.array_equal(times[tidx[a:a + block]], ts[a:a + block]):
            return None
    return times, tidx, count


def _time_index(ts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(the distinct times ascending, each row's index among them as int32, the number of rows
    at each time as int64). The index takes one hashing pass (codes in the order first seen);
    the few distinct times are then sorted and the codes renamed a block of rows at a time
    (fresh memory is slow to touch: no more row-sized temporaries)."""
    codes, seen = pd.factorize(ts, sort=False)
    order = np.argsort(seen, kind="stable")
    rank = np.empty(len(seen), np.int32)
    rank[order] = np.arange(len(seen), dtype=np.int32)
    tidx = np.empty(len(ts), np.int32)
    block = parts.BLOCK
    for a in range(0, len(ts), block):
        np.take(rank, codes[a:a + block], out=tidx[a:a + block])
    return np.asarray(seen, dtype=np.int64)[order], tidx, _rows_at(tidx, len(seen))


def _rows_at(tidx: np.ndarray, n_times: int) -> np.ndarray:
    """The number of rows at each time, as int64, a block of rows at a time: ``np.bincount``
    widens its whole input to 64 bits first (8 bytes a row more at the ingest's peak)."""
    count = np.zeros(n_times, np.int64)
    block = parts.BLOCK
    for a in range(0, len(tidx), block):
        count += np.bincount(tidx[a:a + block], minlength=n_times)
    return count


def _encode(values) -> tuple[np.ndarray, np.ndarray]:
    """(code per value, distinct values sorted); hash-based, no Python loop over rows."""
    arr = pa.chunked_array(values._pa_array) if hasattr(values, "_pa_array") else pa.array(
        np.asarray(values, dtype=object), type=pa.string(), from_pandas=True)
    enc = pc.dictionary_encode(arr).combine_chunks()
    distinct = np.asarray(enc.dictionary.to_pylist(), dtype=object)
    rank = np.argsort(distinct.astype(str), kind="stable")
    lut = np.empty(len(distinct), np.int32)
    lut[rank] = np.arange(len(distinct), dtype=np.int32)
    indices = enc.indices if enc.indices.null_count == 0 else enc.indices.fill_null(0)
    return lut[np.asarray(indices)], distinct[rank]
