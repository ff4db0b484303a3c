"""Per-dataset pre-aggregates: a view change answered without touching the raw rows.

``prepare(table)`` (or ``prepare_encoded`` for the store's integer columns) runs once per
dataset version. It keeps, per service, the rows sorted by region and time as two small
columns (time rank, customers_out), each region's row range, the distinct times, and per time
the sums of the increases and decreases of every region's value with their running totals.
From these:

- KPIs and the chart series of all regions for any time window are slices of the per-time
  running totals (cost: the number of distinct times, not rows); a set of regions re-sums the
  per-time changes of just their rows;
- the map frame at a time is one vectorised binary search per region;
- by_region (without reported restoration) reduces each region's row slice.

The figures equal ``outages.metrics`` and ``outages.maps.frame_at`` (tests/test_prepared.py
checks them against each other). Services with reported restoration (``customers_restored``)
and the per-region series are computed from the selected rows with metrics' own step
arithmetic, so they agree by construction; their cost grows with the rows selected.

Kept on disk: ``cache(store, id, table)`` right after an ingest, or ``load(store, id)`` the
first time, writes the arrays beside the store (``cache_folder``); every later ``load``, in any
process, memory-maps them: a cold load in milliseconds, and only the pages a view reads count
towards the process's memory.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import sqlalchemy as sa

from outages import metrics, schema
from outages.metrics import (
    BY_REGION_DTYPES,
    ServiceSummary,
    Window,
)
from outages.schema import REQUIRED, TIMESTAMP_DTYPE

EXACT_FLOAT = 2**53  # sums of counts below this are exact in float64 (np.bincount's weights)
MAX_POINTS = 2000
EVERYTHING = Window()  # every service, region and time
BLOCK = 1 << 20  # rows handled at a time when building
RECENT_SERIES = 16  # series kept for reuse (a view's KPIs and chart read the same one)


# ---------------------------------------------------------------------------------------------
# Building.


@dataclass
class _Changes:
    """Sparse per-row values: the rows (positions) where a region's value changes.

    Every region has an entry at its first row. With ``missing``, an entry may say that the
    value is missing from that row on; two entries in a row never both do.
    """

    pos: np.ndarray  # int64 row positions, ascending
    value: np.ndarray  # the value from that row on (until the region's next entry)
    offsets: np.ndarray  # int64, entries of region r are offsets[r]:offsets[r + 1]
    missing: np.ndarray | None = None  # bool per entry

    @property
    def nbytes(self) -> int:
        arrays = (self.pos, self.value, self.offsets, self.missing)
        return sum(a.nbytes for a in arrays if a is not None)

    def at(self, rows: np.ndarray) -> np.ndarray:
        """The entry that holds for each of ``rows`` (positions, each in some region)."""
        return np.searchsorted(self.pos, rows, side="right") - 1

    def rows(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(value, missing) of each of ``rows``."""
        at = self.at(rows)
        missing = self.missing[at] if self.missing is not None else np.zeros(len(rows), bool)
        return self.value[at], missing

    def last_known(self, regions: np.ndarray, before: np.ndarray) -> np.ndarray:
        """Per region, the last entry with a value at a row before ``before``; -1 if none."""
        lo, hi = self.offsets[regions], self.offsets[regions + 1]
        at = _bisect(self.pos, lo, hi, before, "left") - 1
        if self.missing is not None:
            at = np.where((at >= lo) & self.missing[np.maximum(at, 0)], at - 1, at)
        return np.where(at >= lo, at, -1)

    def first_known(self, regions: np.ndarray) -> np.ndarray:
        """Per region, its first entry with a value; -1 if none."""
        lo, hi = self.offsets[regions], self.offsets[regions + 1]
        at = lo.copy()
        if self.missing is not None:
            at = np.where((at < hi) & self.missing[np.minimum(at, len(self.pos) - 1)],
                          at + 1, at)
        return np.where(at < hi, at, -1)


@dataclass
class _Part:
    """One service's rows, sorted by region_id then time, and their per-time totals."""

    service: str
    ids: np.ndarray  # object: region_id per region, ascending
    offsets: np.ndarray  # int64, rows of region r are offsets[r]:offsets[r + 1]
    times: np.ndarray  # int64 microseconds, the distinct observation times, ascending
    tidx: np.ndarray  # int32 per row: index into times
    out: np.ndarray  # int32 or int64 per row
    first_tidx: np.ndarray  # int64 per region: its first time's index
    count: np.ndarray  # int64 per time: rows at that time
    plus: np.ndarray  # int64 per time: running total of the regions' increases
    minus: np.ndarray  # int64 per time: running total of the regions' decreases
    exact_float: bool  # every sum of changes fits float64 exactly
    names: _Changes  # region_name code per row, as changes
    name_table: np.ndarray  # object: distinct region names
    totals: _Changes  # customers_total per row (value or missing), as changes
    restored: np.ndarray | None  # int64 per row when any row reports it, else None
    restored_null: np.ndarray | None  # bool per row

    @property
    def regions(self) -> int:
        return len(self.ids)

    @functools.cached_property
    def id_index(self) -> pd.Index:
        """region_id -> region number."""
        return pd.Index(self.ids.astype(str))


def _runs(*codes: np.ndarray) -> np.ndarray:
    """True where any of ``codes`` differs from the previous row (and on row 0)."""
    n = len(codes[0])
    new = np.zeros(n, bool)
    if n:
        new[0] = True
    for c in codes:
        new[1:] |= c[1:] != c[:-1]
    return new


def _changes(new: np.ndarray, values: np.ndarray, offsets: np.ndarray,
             missing: np.ndarray | None = None) -> _Changes:
    """Entries at the rows flagged ``new`` (which include every region's first row);
    ``offsets``: each region's first row position, then the row count."""
    pos = np.flatnonzero(new)
    return _Changes(pos, values[pos], np.searchsorted(pos, offsets).astype(np.int64),
                    None if missing is None else missing[pos])


def _sums(index: np.ndarray, weights: np.ndarray, size: int, exact_float: bool) -> np.ndarray:
    """Sum of ``weights`` (int64) per ``index``, as int64."""
    if exact_float:
        return np.rint(np.bincount(index, weights=weights, minlength=size)).astype(np.int64)
    out = np.zeros(size, np.int64)
    np.add.at(out, index, weights)
    return out


def _deltas(out: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Change of each row from the previous row of its region; a first row changes from 0."""
    d = out.astype(np.int64)
    d[1:] -= out[:-1]
    d[first] = out[first]
    return d


def _time_index(ts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the distinct times ascending, each row's index among them as int32), a block of rows
    at a time: fresh memory is slow to touch, so no row-sized temporaries."""
    times = np.sort(pd.unique(ts)).astype(np.int64)
    tidx = np.empty(len(ts), np.int32)
    for a in range(0, len(ts), BLOCK):
        tidx[a:a + BLOCK] = np.searchsorted(times, ts[a:a + BLOCK])
    return times, tidx


def _changes_per_time(tidx: np.ndarray, out: np.ndarray, first: np.ndarray,
                      n_times: int) -> tuple[np.ndarray, np.ndarray, bool]:
    """Per time, the sums of the regions' increases and of their decreases (both >= 0), and
    whether float64 sums were exact; a block of rows at a time."""
    n = len(out)
    plus, minus = np.zeros(n_times), np.zeros(n_times)
    d = np.empty(min(n, BLOCK), np.float64)  # changes are exact in float64 below 2**53
    part = np.empty_like(d)
    for a in range(0, n, BLOCK):
        b = min(a + BLOCK, n)
        dd, pp = d[:b - a], part[:b - a]
        dd[0] = out[a] - out[a - 1] if a else out[0]
        np.subtract(out[a + 1:b], out[a:b - 1], out=dd[1:], casting="unsafe")
        f = first[a:b]
        dd[f] = out[a:b][f]
        np.maximum(dd, 0, out=pp)
        plus += np.bincount(tidx[a:b], weights=pp, minlength=n_times)
        np.minimum(dd, 0, out=pp)
        minus -= np.bincount(tidx[a:b], weights=pp, minlength=n_times)
    if plus.sum() + minus.sum() < EXACT_FLOAT / 2 and (n == 0 or out.max() < EXACT_FLOAT):
        return np.rint(plus).astype(np.int64), np.rint(minus).astype(np.int64), True
    exact = _deltas(out, first)  # integers all the way when floats could round
    return (_sums(tidx, np.maximum(exact, 0), n_times, False),
            _sums(tidx, np.maximum(-exact, 0), n_times, False), False)


def _part(service: str, ids: np.ndarray, rid: np.ndarray, ts: np.ndarray, out: np.ndarray,
          name_codes: np.ndarray, name_table: np.ndarray, restored: tuple | None,
          total: tuple) -> _Part:
    """One service's rows (already sorted by region then time) prepared."""
    new_region = _runs(rid)
    starts = np.flatnonzero(new_region)
    offsets = np.append(starts, len(rid)).astype(np.int64)
    times, tidx = _time_index(ts)
    n_times = len(times)
    plus, minus, exact = _changes_per_time(tidx, out, new_region, n_times)
    total_values, total_missing = total
    if total_missing.all() or not total_missing.any():
        new_total = new_region if total_missing.all() else new_region | _runs(total_values)
    else:
        total_values = np.where(total_missing, 0, total_values)
        new_total = new_region | _runs(total_missing, total_values)
    any_restored = restored is not None and not restored[1].all()
    small = out.max() < 2**31 if len(out) else True
    return _Part(
        service=service,
        ids=np.asarray(ids[rid[starts]], dtype=object),
        offsets=offsets,
        times=times,
        tidx=tidx,
        out=out.astype(np.int32 if small else np.int64),
        first_tidx=tidx[starts].astype(np.int64),
        count=np.bincount(tidx, minlength=n_times).astype(np.int64),
        plus=np.cumsum(plus),
        minus=np.cumsum(minus),
        exact_float=exact,
        names=_changes(new_region | _runs(name_codes), name_codes, offsets),
        name_table=name_table,
        totals=_changes(new_total, total_values, offsets, total_missing),
        restored=restored[0].astype(np.int64) if any_restored else None,
        restored_null=restored[1].astype(bool) if any_restored else None,
    )


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


def prepare(table: pd.DataFrame) -> Prepared:
    """Pre-aggregates of a canonical table (any row order; canonical order is fastest).

    Rows with a missing service or region_id are left out, as ``outages.metrics`` does.
    """
    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        raise ValueError(f"not a canonical table: missing column(s) {', '.join(missing)}")
    ts = table["timestamp"]
    if str(ts.dtype) != TIMESTAMP_DTYPE:
        ts = ts.dt.tz_convert("UTC").dt.as_unit("us")
    if ts.isna().any():
        raise ValueError("timestamp has missing values; validate the table first")
    svc, services = _encode(table["service"].array)
    rid, ids = _encode(table["region_id"].array)
    nid, names = _encode(table["region_name"].array)
    keep = ~(table["service"].isna().to_numpy(bool) | table["region_id"].isna().to_numpy(bool))
    return _build(
        svc=svc, services=services, rid=rid, ids=ids, nid=nid, names=names,
        ts=np.asarray(ts.array.asi8, dtype=np.int64),
        out=table["customers_out"].to_numpy(dtype=np.int64),
        restored=metrics._int_column(table, "customers_restored"),
        total=metrics._int_column(table, "customers_total"),
        keep=None if keep.all() else keep,
    )


def prepare_encoded(enc) -> Prepared:
    """Pre-aggregates straight from the store's integer columns (``outages.store.codec.Encoded``),
    without building the table's text columns: the memory of a 10 M-row dataset stays small."""
    from outages.store.codec import SERVICE_BY_CODE

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
    region = np.asarray(enc.region)
    return _build(
        svc=lut[np.asarray(enc.service)], services=services,
        rid=id_of_pair.astype(np.int32)[region], ids=ids.astype(object),
        nid=name_of_pair.astype(np.int32)[region], names=names.astype(object),
        ts=np.asarray(enc.ts, dtype=np.int64), out=np.asarray(enc.out, dtype=np.int64),
        restored=(enc.restored, enc.restored_null), total=(enc.total, enc.total_null),
        keep=None,
    )


def _build(*, svc, services, rid, ids, nid, names, ts, out, restored, total, keep) -> Prepared:
    if keep is not None:
        svc, rid, nid, ts, out = svc[keep], rid[keep], nid[keep], ts[keep], out[keep]
        restored = (restored[0][keep], restored[1][keep])
        total = (total[0][keep], total[1][keep])
    # Canonical order (service, region_id, time) unless already so.
    if len(ts) > 1 and not _ordered(svc, rid, ts):
        order = np.lexsort((ts, rid, svc))
        svc, rid, nid, ts, out = svc[order], rid[order], nid[order], ts[order], out[order]
        restored = (restored[0][order], restored[1][order])
        total = (total[0][order], total[1][order])
    parts = {}
    bounds = np.flatnonzero(_runs(svc)) if len(svc) else np.array([], np.int64)
    for a, b in zip(bounds, np.append(bounds[1:], len(svc)), strict=True):
        cut = slice(int(a), int(b))
        name = str(services[svc[a]])
        parts[name] = _part(name, ids, rid[cut], ts[cut], out[cut], nid[cut], names,
                            (restored[0][cut], restored[1][cut]),
                            (total[0][cut], total[1][cut]))
    return Prepared(parts)


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


# ---------------------------------------------------------------------------------------------
# Selecting.


def _bisect(keys: np.ndarray, lo: np.ndarray, hi: np.ndarray, value, side: str) -> np.ndarray:
    """Per range [lo, hi): the first index whose key is >= value ("left") or > value
    ("right"), hi when none; ``keys`` ascending within each range. Vectorised over ranges."""
    lo, hi = lo.astype(np.int64).copy(), hi.astype(np.int64).copy()
    value = np.broadcast_to(np.asarray(value, dtype=np.int64), lo.shape)
    active = np.flatnonzero(lo < hi)
    while len(active):
        mid = (lo[active] + hi[active]) // 2
        k = keys[mid]
        right = k < value[active] if side == "left" else k <= value[active]
        lo[active[right]] = mid[right] + 1
        hi[active[~right]] = mid[~right]
        active = active[lo[active] < hi[active]]
    return lo


def _gather(values: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """values[lo:hi] of every range, concatenated (slices copied, no index arrays)."""
    pieces = [values[a:b] for a, b in zip(lo.tolist(), hi.tolist(), strict=True) if b > a]
    return np.concatenate(pieces) if pieces else values[:0].copy()


def _ranges(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Every index in the ranges [lo, hi), concatenated in order."""
    sizes = np.maximum(hi - lo, 0)
    total = int(sizes.sum())
    if total == 0:
        return np.array([], np.int64)
    keep = sizes > 0
    lo, sizes = lo[keep], sizes[keep]
    step = np.ones(total, np.int64)
    ends = np.cumsum(sizes)
    step[0] = lo[0]
    step[ends[:-1]] = lo[1:] - (lo[:-1] + sizes[:-1]) + 1
    return np.cumsum(step)


@dataclass
class _Selection:
    """A window applied to one part: regions, their rows up to the end, start and end."""

    part: _Part
    regions: np.ndarray | None  # region numbers; None = every region
    start: int | None  # microseconds, rounded up
    end: int | None  # microseconds, rounded down
    js: int  # times[:js] are at or before start (0 without start)
    ke: int  # times[:ke] are at or before end

    def chosen(self) -> np.ndarray:
        """Region numbers with at least one row up to the end."""
        regions = np.arange(self.part.regions) if self.regions is None else self.regions
        return regions[self.part.first_tidx[regions] < self.ke]

    def row_ranges(self, regions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each region, its rows up to the end: [lo, hi)."""
        p = self.part
        lo = p.offsets[regions]
        hi = p.offsets[regions + 1]
        if self.ke < len(p.times):
            hi = _bisect(p.tidx, lo, hi, self.ke, "left")
        return lo, hi

    @property
    def empty(self) -> bool:
        return len(self.chosen()) == 0


def _bound(ts: pd.Timestamp | None, *, ceil: bool) -> int | None:
    if ts is None:
        return None
    ns = ts.as_unit("ns").value
    return -(-ns // 1000) if ceil else ns // 1000


class Prepared:
    """A dataset's pre-aggregates. Build with ``prepare`` or ``prepare_encoded``; read-only."""

    def __init__(self, parts: dict[str, _Part]):
        self._parts = dict(sorted(parts.items()))
        # KPIs and the chart of one view read the same series: keep the latest few
        self._recent: OrderedDict[tuple, metrics._Series] = OrderedDict()
        self._lock = threading.Lock()

    # -- what is there ---------------------------------------------------------------------

    @property
    def services(self) -> list[str]:
        return list(self._parts)

    def region_ids(self, service: str) -> list[str]:
        part = self._parts.get(service)
        return [] if part is None else [str(r) for r in part.ids]

    def change_times(self, service: str | None = None,
                     regions: tuple[str, ...] | list[str] = ()) -> pd.DatetimeIndex:
        """The distinct observation times of a service (of ``regions`` only, when given):
        ``outages.maps.moments`` of those rows, the stops for a time slider."""
        part = self._only(service)
        if part is None:
            times = np.array([], np.int64)
        elif not regions:
            times = part.times
        else:
            chosen = self._region_numbers(part, regions)
            tidx = _gather(part.tidx, part.offsets[chosen], part.offsets[chosen + 1])
            times = part.times[np.flatnonzero(np.bincount(tidx, minlength=len(part.times)))]
        return pd.DatetimeIndex(metrics._times(times), name="timestamp")

    def regions(self, service: str | None = None) -> pd.DataFrame:
        """region_id and region_name (as last observed; with several services, in the last
        of them by name) of every region (of ``service`` when given), sorted by region_id."""
        names: dict[str, str] = {}
        for part in self._parts.values():
            if service is not None and part.service != service:
                continue
            lasts = part.offsets[1:] - 1
            names.update(zip(part.ids.astype(str).tolist(),
                             part.name_table[self._name_codes(part, lasts)].tolist(),
                             strict=True))
        ids = sorted(names)
        return pd.DataFrame({"region_id": pd.array(ids, dtype="string"),
                             "region_name": pd.array([names[i] for i in ids], dtype="string")})

    @property
    def nbytes(self) -> int:
        """Memory held by the arrays (the object arrays of ids and names not counted)."""
        total = 0
        for p in self._parts.values():
            for value in vars(p).values():
                if isinstance(value, np.ndarray) and value.dtype != object:
                    total += value.nbytes
                elif isinstance(value, _Changes):
                    total += value.nbytes
        return total

    # -- selections ----------------------------------------------------------------------------

    def _only(self, service: str | None) -> _Part | None:
        if service is not None:
            return self._parts.get(service)
        if len(self._parts) > 1:
            raise ValueError(f"the table has {len(self._parts)} services; name the one to map")
        return next(iter(self._parts.values()), None)

    @staticmethod
    def _region_numbers(part: _Part, regions) -> np.ndarray:
        """The numbers of the given region_ids in ``part`` (unknown ones left out), sorted."""
        index = part.id_index.get_indexer(list(regions))
        return np.unique(index[index >= 0]).astype(np.int64)

    def _select(self, part: _Part, window: Window) -> _Selection:
        regions = None
        if window.regions:
            regions = self._region_numbers(part, window.regions)
        start, end = _bound(window.start, ceil=True), _bound(window.end, ceil=False)
        js = 0 if start is None else int(np.searchsorted(part.times, start, side="right"))
        ke = len(part.times) if end is None else int(np.searchsorted(part.times, end,
                                                                     side="right"))
        return _Selection(part, regions, start, end, js, ke)

    def _selections(self, window: Window) -> list[_Selection]:
        """The window on each service it covers that has rows in it, in service order."""
        if window.service is not None:
            parts = [self._parts[window.service]] if window.service in self._parts else []
        else:
            parts = list(self._parts.values())
        return [s for s in (self._select(p, window) for p in parts) if not s.empty]

    def _one(self, window: Window) -> _Selection | None:
        selected = self._selections(window)
        if len(selected) > 1:
            names = ", ".join(s.part.service for s in selected)
            raise ValueError(f"the selection holds several services ({names}); set "
                             "Window.service")
        return selected[0] if selected else None

    # -- per-time totals (derived restoration) ---------------------------------------------

    def _totals(self, sel: _Selection) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(rows, increases, decreases) per time, running totals for the latter two."""
        p = sel.part
        if sel.regions is None:
            return p.count, p.plus, p.minus
        chosen = np.zeros(p.regions, bool)
        chosen[sel.regions] = True
        sizes = np.diff(p.offsets)
        if sizes[chosen].sum() <= sizes.sum() // 2:
            return self._region_totals(p, np.flatnonzero(chosen))
        # most rows chosen: all regions' totals less those of the rest
        count, plus, minus = self._region_totals(p, np.flatnonzero(~chosen))
        return p.count - count, p.plus - plus, p.minus - minus

    @staticmethod
    def _region_totals(p: _Part, regions: np.ndarray) -> tuple[np.ndarray, ...]:
        lo, hi = p.offsets[regions], p.offsets[regions + 1]
        tidx = _gather(p.tidx, lo, hi)
        out = _gather(p.out, lo, hi)
        sizes = hi - lo
        first = np.zeros(len(out), bool)
        first[(np.cumsum(sizes) - sizes)[sizes > 0]] = True
        n = len(p.times)
        if p.exact_float:
            plus, minus, _ = _changes_per_time(tidx, out, first, n)
        else:
            d = _deltas(out, first)
            plus = _sums(tidx, np.maximum(d, 0), n, False)
            minus = _sums(tidx, np.maximum(-d, 0), n, False)
        return np.bincount(tidx, minlength=n).astype(np.int64), np.cumsum(plus), np.cumsum(minus)

    def _series(self, sel: _Selection) -> metrics._Series:
        """The totals over the selected regions at each time (derived restoration)."""
        key = (sel.part.service, None if sel.regions is None else sel.regions.tobytes(),
               sel.start, sel.end)
        with self._lock:
            if key in self._recent:
                self._recent.move_to_end(key)
                return self._recent[key]
        series = self._sum_series(sel)
        with self._lock:
            self._recent[key] = series
            while len(self._recent) > RECENT_SERIES:
                self._recent.popitem(last=False)
        return series

    def _sum_series(self, sel: _Selection) -> metrics._Series:
        count, plus, minus = self._totals(sel)
        p, js, ke = sel.part, sel.js, sel.ke
        after = js + np.flatnonzero(count[js:ke])
        base_plus = plus[js - 1] if js else 0
        base_minus = minus[js - 1] if js else 0
        held = base_plus - base_minus
        out = plus[after] - minus[after]
        cut = held + plus[after] - base_plus
        restored = minus[after] - base_minus
        times = p.times[after]
        if js and count[:js].any():
            times = np.r_[sel.start, times]
            out, cut, restored = np.r_[held, out], np.r_[held, cut], np.r_[0, restored]
        return metrics._Series(times.astype(np.int64), out.astype(np.int64),
                               cut.astype(np.int64), restored.astype(np.int64), "derived")

    def _served(self, sel: _Selection) -> tuple[np.ndarray, np.ndarray]:
        """Latest customers_total up to the end per chosen region, and whether known."""
        p = sel.part
        regions = sel.chosen()
        _, hi = sel.row_ranges(regions)
        at = p.totals.last_known(regions, hi)
        known = at >= 0
        return np.where(known, p.totals.value[np.maximum(at, 0)], 0), known

    def _summary_derived(self, sel: _Selection) -> ServiceSummary:
        series = self._series(sel)
        served, known = self._served(sel)
        horizon = sel.end if sel.end is not None else int(series.times[-1])
        return metrics.summarise_series(sel.part.service, series, horizon, served, known)

    # -- the selected rows, for metrics' own arithmetic -----------------------------------------

    def _service(self, sel: _Selection, regions: np.ndarray | None = None) -> metrics._Service:
        """metrics' view of the selected rows (of ``regions``, default every chosen one)."""
        p = sel.part
        regions = sel.chosen() if regions is None else regions
        lo, hi = sel.row_ranges(regions)
        rows = _ranges(lo, hi)
        m = len(rows)
        total, total_missing = p.totals.rows(rows)
        if p.restored is not None:
            restored = (p.restored[rows], p.restored_null[rows])
        else:
            restored = (np.zeros(m, np.int64), np.ones(m, bool))
        columns = metrics._Columns(ts=p.times[p.tidx[rows]], out=p.out[rows].astype(np.int64),
                                   restored=restored, total=(total, total_missing),
                                   region_ids=p.ids)
        per_row = np.repeat(regions, hi - lo)
        service = metrics._service_rows(p.service, np.arange(m), per_row, columns, sel.start,
                                        sel.end)
        service.rows = rows[service.rows]  # back to positions in the part
        return service

    @staticmethod
    def _name_codes(part: _Part, rows: np.ndarray) -> np.ndarray:
        """Index into part.name_table of the region_name of each of ``rows``."""
        n = part.names
        return n.value[np.searchsorted(n.pos, rows, side="right") - 1]

    # -- public figures ----------------------------------------------------------------------

    def summary(self, window: Window = EVERYTHING) -> list[ServiceSummary]:
        """``outages.metrics.summary`` of the dataset for ``window``."""
        selected = self._selections(window)
        if not selected and window.service is not None:
            return [metrics._empty_summary(window.service)]
        return [metrics._summarise(self._service(s)) if s.part.restored is not None
                else self._summary_derived(s) for s in selected]

    def cumulative(self, window: Window = EVERYTHING,
                   max_points: int | None = MAX_POINTS) -> pd.DataFrame:
        """``outages.metrics.cumulative`` for ``window`` (one service), thinned with
        ``metrics.downsample_max`` on customers_out to ``max_points`` rows (None: every row)."""
        sel = self._one(window)
        if sel is None:
            return metrics.cumulative(_NO_ROWS, window)
        if sel.part.restored is not None:
            series = metrics._series(self._service(sel))
        else:
            series = self._series(sel)
        return _frame(series, max_points)

    def total_out(self, window: Window = EVERYTHING,
                  max_points: int | None = MAX_POINTS) -> pd.DataFrame:
        """``outages.metrics.total_out`` for ``window``, thinned like ``cumulative``."""
        frame = self.cumulative(window, max_points)
        return frame[["timestamp", "customers_out"]]

    def cumulative_by_region(self, window: Window,
                             max_points: int | None = MAX_POINTS) -> dict[str, pd.DataFrame]:
        """``outages.metrics.cumulative`` of each region in ``window.regions`` (every region
        when empty) on its own, keyed by region_id, regions without rows left out."""
        sel = self._one(window)
        if sel is None:
            return {}
        frames = {}
        for r in sel.chosen():
            s = self._service(sel, np.array([r]))
            frames[str(sel.part.ids[r])] = _frame(metrics._series(s), max_points)
        return frames

    def by_region(self, window: Window = EVERYTHING) -> pd.DataFrame:
        """``outages.metrics.by_region`` for ``window``."""
        frames = []
        for sel in self._selections(window):
            if sel.part.restored is None:
                frames.append(self._regions_derived(sel))
                continue
            s = self._service(sel)
            names = pd.Series(pd.Categorical.from_codes(
                self._name_codes(sel.part, s.rows), categories=sel.part.name_table))
            s.rows = np.arange(len(s.rows))
            frames.append(metrics._regions(s, names))
        if not frames:
            return pd.DataFrame({c: pd.Series(dtype=t) for c, t in BY_REGION_DTYPES.items()})
        frame = pd.concat(frames, ignore_index=True)
        return frame.sort_values(["service", "region_id"], kind="stable", ignore_index=True)

    def _regions_derived(self, sel: _Selection) -> pd.DataFrame:
        """metrics._regions for a service without reported restoration, from row slices."""
        p = sel.part
        regions = sel.chosen()
        lo, hi = sel.row_ranges(regions)
        if sel.start is not None:
            after = _bisect(p.tidx, lo, hi, sel.js, "left")  # first row after start
            lo = np.where(after > lo, after - 1, after)  # from the value held at start
        sizes = hi - lo
        seg = np.cumsum(sizes) - sizes
        last = seg + sizes - 1
        out = _gather(p.out, lo, hi).astype(np.int64)
        ts = p.times[_gather(p.tidx, lo, hi)]
        if sel.start is not None:
            ts[seg] = np.maximum(ts[seg], sel.start)
        horizon = sel.end if sel.end is not None else int(ts.max())

        peak = np.maximum.reduceat(out, seg)
        m = len(out)
        first_peak = np.minimum.reduceat(
            np.where(out == np.repeat(peak, sizes), np.arange(m), m), seg)
        first = np.zeros(m, bool)
        first[seg] = True
        d = _deltas(out, first)
        cut = np.add.reduceat(np.maximum(d, 0), seg)
        restored = np.add.reduceat(np.maximum(-d, 0), seg)
        latest = out[last]
        durations = np.diff(ts, append=horizon)
        durations[last] = np.maximum(horizon - ts[last], 0)
        hours = np.add.reduceat(out.astype(np.float64) * durations, seg) / metrics.US_PER_HOUR
        served, known = self._served(sel)
        with np.errstate(divide="ignore", invalid="ignore"):
            restored_pct = np.where(cut > 0, restored / np.where(cut > 0, cut, 1) * 100, np.nan)
            usable = known & (served > 0)
            pct_out = np.where(usable, latest / np.where(usable, served, 1) * 100, np.nan)
        return pd.DataFrame({
            "service": p.service,
            "region_id": p.ids[regions],
            "region_name": p.name_table[self._name_codes(p, hi - 1)],
            "peak_customers_out": peak,
            "peak_time": metrics._times(ts[first_peak]),
            "latest_customers_out": latest,
            "customers_cut_off": cut,
            "customers_restored": restored,
            "restored_pct": restored_pct,
            "customer_hours": hours,
            "customers_total": pd.arrays.IntegerArray(served, ~known),
            "pct_out_latest": pct_out,
        }).astype(BY_REGION_DTYPES)

    def table(self, window: Window = EVERYTHING) -> pd.DataFrame:
        """The canonical rows inside ``window`` (service, regions, start <= time <= end), in
        canonical order: what filtering the dataset's table gives, rebuilt from the
        pre-aggregates (for a data view or a download; its cost grows with the rows)."""
        frames = [self._rows(s) for s in self._selections(window)]
        frames = [f for f in frames if len(f)]
        if not frames:
            return schema.empty()
        return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]

    def count(self, window: Window = EVERYTHING) -> int:
        """How many rows ``table(window)`` has, without building it."""
        total = 0
        for sel in self._selections(window):
            _, lo, hi = self._inside(sel)
            total += int(np.maximum(hi - lo, 0).sum())
        return total

    @staticmethod
    def _inside(sel: _Selection) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(regions, first row, end row) of the rows with start <= time <= end."""
        p = sel.part
        regions = sel.chosen()
        lo, hi = sel.row_ranges(regions)
        if sel.start is not None:
            lo = _bisect(p.tidx, lo, hi, int(np.searchsorted(p.times, sel.start)), "left")
        return regions, lo, hi

    def _rows(self, sel: _Selection) -> pd.DataFrame:
        p = sel.part
        regions, lo, hi = self._inside(sel)
        rows = _ranges(lo, hi)
        per_row = pa.array(np.repeat(regions, np.maximum(hi - lo, 0)).astype(np.int32))
        ids = pa.array(p.ids.astype(str).tolist(), pa.string())
        names = pa.array(p.name_table.astype(str).tolist(), pa.string())
        name_codes = pa.array(self._name_codes(p, rows).astype(np.int32))
        total, total_missing = p.totals.rows(rows)
        if p.restored is not None:
            restored = pd.arrays.IntegerArray(p.restored[rows], p.restored_null[rows].copy())
        else:
            restored = pd.array(np.full(len(rows), pd.NA), dtype="Int64")
        return pd.DataFrame({
            "timestamp": metrics._times(p.times[p.tidx[rows]]),
            "region_id": pd.arrays.ArrowStringArray(pc.take(ids, per_row)),
            "region_name": pd.arrays.ArrowStringArray(pc.take(names, name_codes)),
            "service": pd.array(np.full(len(rows), p.service, dtype=object), dtype="string"),
            "customers_out": p.out[rows].astype(np.int64),
            "customers_restored": restored,
            "customers_total": pd.arrays.IntegerArray(total.astype(np.int64),
                                                      total_missing.copy()),
        })

    def frame_at(self, at: object, service: str | None = None,
                 regions: tuple[str, ...] | list[str] = ()) -> pd.DataFrame:
        """``outages.maps.frame_at`` at instant ``at``, for ``regions`` only when given."""
        at_us = _bound(_aware(at), ceil=False)
        part = self._only(service)
        if part is None:
            return _frame_at_empty()
        chosen = self._region_numbers(part, regions) if regions else np.arange(part.regions)
        k = int(np.searchsorted(part.times, at_us, side="right"))  # times[:k] are <= at
        lo, hi = part.offsets[chosen], part.offsets[chosen + 1]
        end = _bisect(part.tidx, lo, hi, k, "left")  # first row after at
        seen = end > lo
        held = np.where(seen, end - 1, lo)
        out = np.where(seen, part.out[held], 0).astype(np.int64)
        names = part.name_table[self._name_codes(part, held)]

        t = part.totals
        then = t.last_known(chosen, end)  # the last reported at or before ``at``
        pick = np.where(then >= 0, then, t.first_known(chosen))  # else the first later
        has_total = pick >= 0
        total = np.where(has_total, t.value[np.maximum(pick, 0)], 0)
        observed = np.where(seen, part.times[part.tidx[held]], np.iinfo(np.int64).min)
        frame = pd.DataFrame({
            "region_id": pd.array(part.ids[chosen].astype(str), dtype="string"),
            "region_name": pd.array(names, dtype="string"),
            "customers_out": out,
            "customers_total": pd.arrays.IntegerArray(total, ~has_total),
        })
        served = frame["customers_total"].astype("Float64")
        frame["pct_out"] = (frame["customers_out"] / served.where(served > 0) * 100
                            ).astype("Float64")
        frame["observed_at"] = pd.DatetimeIndex(observed.view("M8[us]")).tz_localize("UTC").array
        return frame


def _aware(at: object) -> pd.Timestamp:
    stamp = pd.Timestamp(at)
    if stamp.tzinfo is None:
        raise ValueError(f"time without a zone: {at!r}")
    return stamp.tz_convert("UTC")


def _frame_at_empty() -> pd.DataFrame:
    return pd.DataFrame({
        "region_id": pd.array([], dtype="string"),
        "region_name": pd.array([], dtype="string"),
        "customers_out": np.array([], np.int64),
        "customers_total": pd.array([], dtype="Int64"),
        "pct_out": pd.array([], dtype="Float64"),
        "observed_at": pd.array([], dtype=TIMESTAMP_DTYPE),
    })


_NO_ROWS = pd.DataFrame({c: pd.Series(dtype=t) for c, t in {
    "timestamp": TIMESTAMP_DTYPE, "region_id": "string", "region_name": "string",
    "service": "string", "customers_out": "int64"}.items()})


def _frame(series: metrics._Series, max_points: int | None) -> pd.DataFrame:
    keep = slice(None)
    if max_points is not None and len(series.times) > max_points:
        keep = metrics.thinned_rows(series.times.astype(np.float64), series.out, max_points)
    frame = pd.DataFrame({
        "timestamp": metrics._times(series.times[keep]),
        "customers_out": series.out[keep],
        "customers_cut_off": series.cut_off[keep],
        "customers_restored": series.restored[keep],
    })
    frame.attrs["restored_source"] = series.source
    return frame


# ---------------------------------------------------------------------------------------------
# Kept on disk: built once per dataset version, then memory-mapped by every later process.
#
# A copy is a folder of .npy files and a manifest (prepared.json, written last) that names each
# file with its dtype, shape and checksum. A copy that is not whole and unaltered is discarded
# and rebuilt from the store; its checksums are verified once per process (see ``_open``).

FORMAT = 2  # bump when the arrays, their meaning or the manifest change: older copies are rebuilt
MANIFEST = "prepared.json"
HASH = "sha256"  # of each .npy file's bytes (with SHA-NI the fastest in hashlib here)
_ARRAYS = ("offsets", "times", "tidx", "out", "first_tidx", "count", "plus", "minus",
           "restored", "restored_null")
_CHANGES = ("names", "totals")
_CHANGE_ARRAYS = ("pos", "value", "offsets", "missing")
_OPEN_ERRORS = (OSError, ValueError, KeyError, TypeError, IndexError, EOFError, AttributeError)

log = logging.getLogger(__name__)
_verified: set[tuple] = set()  # copies whose checksums this process has verified (see _identity)


class Damaged(ValueError):
    """A cached copy that is there but unusable: incomplete, of another format, or altered."""


def _part_arrays(p: _Part) -> dict[str, np.ndarray]:
    """A part's arrays by name (``names.pos``...), those it lacks left out."""
    arrays = {name: getattr(p, name) for name in _ARRAYS}
    for group in _CHANGES:
        changes = getattr(p, group)
        arrays.update({f"{group}.{a}": getattr(changes, a) for a in _CHANGE_ARRAYS})
    return {name: value for name, value in arrays.items() if value is not None}


def _digest(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, HASH).hexdigest()


def _digests(folder: Path, files: list[str]) -> list[str]:
    """The checksum of each file, hashed on up to four threads (hashlib lets go of the GIL)."""
    if len(files) < 2:
        return [_digest(folder / f) for f in files]
    with ThreadPoolExecutor(max_workers=min(4, len(files))) as pool:
        return list(pool.map(lambda f: _digest(folder / f), files))


def save(prepared: Prepared, folder: Path) -> None:
    """Write the pre-aggregates to ``folder`` (made whole or not at all: written beside it,
    the manifest last, then renamed). Raises OSError when it cannot be written."""
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        meta = {"format": FORMAT, "hash": HASH, "parts": [], "arrays": {}}
        for k, p in enumerate(prepared._parts.values()):
            meta["parts"].append({"service": p.service, "ids": [str(i) for i in p.ids],
                                  "name_table": [str(n) for n in p.name_table],
                                  "exact_float": bool(p.exact_float)})
            for name, value in _part_arrays(p).items():
                value = np.ascontiguousarray(value)
                np.save(tmp / f"{k}.{name}.npy", value)
                meta["arrays"][f"{k}.{name}.npy"] = {"dtype": value.dtype.str,
                                                     "shape": list(value.shape)}
        files = list(meta["arrays"])
        for file, digest in zip(files, _digests(tmp, files), strict=True):
            meta["arrays"][file][HASH] = digest
        (tmp / f"{MANIFEST}.tmp").write_text(json.dumps(meta, ensure_ascii=False))
        (tmp / f"{MANIFEST}.tmp").replace(tmp / MANIFEST)
        try:
            tmp.rename(folder)
        except OSError:
            if not (folder / MANIFEST).exists():  # not another process's copy: fail
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def read(folder: Path) -> Prepared | None:
    """Pre-aggregates written by ``save``, memory-mapped read-only; None when ``folder`` holds
    none of this format, whole and unaltered (missing, older, damaged or changed)."""
    try:
        return _open(Path(folder))
    except Damaged:
        return None


def _open(folder: Path) -> Prepared | None:
    """The copy in ``folder``; None when there is none; Damaged (saying why) when there is one
    that is not whole and unaltered.

    Each array's dtype and shape are checked against the manifest and the parts' sizes against
    each other every time (cheap). Checksums are verified the first time this process opens
    the copy (every file read once: about 0.1-0.2 s per 100 MB here) and not again while the
    files stay the same ones (same inode, size and modification time)."""
    if not folder.exists():
        return None
    try:
        meta = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if not isinstance(meta, dict) or meta.get("format") != FORMAT or meta.get("hash") != HASH:
            found = meta.get("format") if isinstance(meta, dict) else None
            raise Damaged(f"format {found!r}, this version reads {FORMAT}")
        listed = meta["arrays"]
        arrays = {}
        for file, want in listed.items():
            if Path(file).name != file or not file.endswith(".npy"):
                raise Damaged(f"the manifest names {file!r}")
            if not (folder / file).is_file():
                raise Damaged(f"{file} is missing")
            array = np.load(folder / file, mmap_mode="r", allow_pickle=False)
            if array.dtype.str != want["dtype"] or list(array.shape) != want["shape"]:
                raise Damaged(f"{file} holds {array.dtype.str} {list(array.shape)}, the "
                              f"manifest says {want['dtype']} {want['shape']}")
            arrays[file] = array
        parts = {}
        for k, m in enumerate(meta["parts"]):
            values = {name: arrays.get(f"{k}.{name}.npy") for name in _ARRAYS}
            for group in _CHANGES:
                values[group] = _Changes(*(arrays.get(f"{k}.{group}.{a}.npy")
                                           for a in _CHANGE_ARRAYS))
            part = _Part(service=str(m["service"]), ids=np.asarray(m["ids"], dtype=object),
                         name_table=np.asarray(m["name_table"], dtype=object),
                         exact_float=bool(m["exact_float"]), **values)
            _check_sizes(part)
            parts[part.service] = part
        identity = _identity(folder, [MANIFEST, *listed])
        if identity not in _verified:
            files = list(listed)
            altered = [f for f, digest in zip(files, _digests(folder, files), strict=True)
                       if digest != listed[f][HASH]]
            if altered:
                raise Damaged(f"checksum mismatch in {', '.join(altered)}")
            _verified.add(identity)
        return Prepared(parts)
    except Damaged:
        raise
    except _OPEN_ERRORS as problem:
        raise Damaged(f"{type(problem).__name__}: {problem}") from problem


def _identity(folder: Path, files: list[str]) -> tuple:
    """What tells one copy from another: the files' inodes, sizes and modification times."""
    stats = [(folder / f).stat() for f in files]
    return (str(folder.resolve()),
            *((s.st_dev, s.st_ino, s.st_size, s.st_mtime_ns) for s in stats))


def _check_sizes(p: _Part) -> None:
    """Damaged unless the part's arrays have the sizes its regions, rows and times give."""
    if p.tidx is None or p.times is None:
        raise Damaged(f"{p.service}: no rows or no times")
    n, t, r = len(p.tidx), len(p.times), len(p.ids)
    sizes = {"offsets": r + 1, "times": t, "tidx": n, "out": n, "first_tidx": r, "count": t,
             "plus": t, "minus": t}
    if p.restored is not None or p.restored_null is not None:
        sizes.update(restored=n, restored_null=n)
    for name, size in sizes.items():
        array = getattr(p, name)
        if array is None or array.ndim != 1 or len(array) != size:
            raise Damaged(f"{p.service}: {name} does not fit the part's {n} rows, {t} times "
                          f"and {r} regions")
    if r == 0 or p.offsets[0] != 0 or p.offsets[-1] != n:
        raise Damaged(f"{p.service}: offsets do not cover the rows")
    for group in _CHANGES:
        c = getattr(p, group)
        if (c.pos is None or c.value is None or c.offsets is None or c.pos.ndim != 1
                or len(c.value) != len(c.pos) or len(c.offsets) != r + 1
                or (c.missing is not None and len(c.missing) != len(c.pos))
                or c.offsets[0] != 0 or c.offsets[-1] != len(c.pos)):
            raise Damaged(f"{p.service}: {group} does not fit the part")


def _discard(folder: Path) -> None:
    """Remove a damaged copy: renamed first (no reader sees it half-deleted), then deleted.
    A copy already gone (another process repaired it) or a read-only folder is left be."""
    trash = folder.with_name(f".{folder.name}-damaged-{os.getpid()}-{threading.get_ident()}")
    try:
        folder.rename(trash)
    except OSError:
        return
    shutil.rmtree(trash, ignore_errors=True)


def cache_folder(store) -> Path:
    """Where a store's pre-aggregates are kept: $OUTAGES_CACHE_DIR, else beside an SQLite
    store's file (``prepared/`` in its folder), else ~/.cache/outages/prepared."""
    if os.environ.get("OUTAGES_CACHE_DIR"):
        return Path(os.environ["OUTAGES_CACHE_DIR"])
    if getattr(store, "backend", None) == "sqlite":
        database = sa.make_url(store.url).database
        if database and database != ":memory:":
            return Path(database).resolve().parent / "prepared"
    return Path.home() / ".cache" / "outages" / "prepared"


def _place(store, dataset_id: str, folder: Path | None) -> Path:
    info = store.get(dataset_id)
    if info is None:
        raise KeyError(dataset_id)
    return Path(folder or cache_folder(store)) / f"{info.sha256}-v{FORMAT}"


def _usable(place: Path) -> Prepared | None:
    """The copy at ``place`` when it is whole and unaltered; a damaged one is logged and
    discarded (None)."""
    try:
        return _open(place)
    except Damaged as problem:
        log.warning("pre-aggregates in %s are damaged (%s): discarded, rebuilding them",
                    place, problem)
        _discard(place)
        return None


def _keep(prepared: Prepared, place: Path) -> None:
    """Cache ``prepared`` at ``place`` and remove the dataset's copies of other formats; a
    folder that cannot be written leaves the process working from memory."""
    try:
        save(prepared, place)
    except OSError as problem:
        log.warning("pre-aggregates not cached in %s (%s): working from memory", place, problem)
        return
    stem = place.name.rsplit("-v", 1)[0]
    for other in place.parent.glob(f"{stem}-v*"):
        if other != place and other.is_dir():
            shutil.rmtree(other, ignore_errors=True)


def load(store, dataset_id: str, folder: Path | None = None) -> Prepared:
    """A stored dataset's pre-aggregates: read from the cache when built before (any process),
    else built from the stored columns (``store.load_encoded`` when the store has it, else
    ``store.load``) and cached (when the folder is writable). A damaged copy is replaced.

    ``folder``: the cache (default ``cache_folder(store)``). KeyError for an unknown dataset.
    """
    place = _place(store, dataset_id, folder)
    found = _usable(place)
    if found is not None:
        return found
    load_encoded = getattr(store, "load_encoded", None)  # the integer columns: less memory
    prepared = (prepare_encoded(load_encoded(dataset_id)) if load_encoded is not None
                else prepare(store.load(dataset_id)))
    _keep(prepared, place)
    return prepared


def cache(store, dataset_id: str, table: pd.DataFrame, folder: Path | None = None) -> Prepared:
    """Build a just-stored dataset's pre-aggregates from its table (already in memory after an
    ingest) and cache them, so that no process has to load the table to show it."""
    place = _place(store, dataset_id, folder)
    prepared = prepare(table)
    if _usable(place) is None:
        _keep(prepared, place)
    return prepared
