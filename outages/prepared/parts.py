"""The pre-aggregates' data: one service's rows as a :class:`Part`, and the array helpers that
building and querying both use."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from outages.figures import deltas

EXACT_FLOAT = 2**53  # sums of counts below this are exact in float64 (np.bincount's weights)
BLOCK = 1 << 20  # rows handled at a time when building


@dataclass
class Changes:
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
        at = bisect(self.pos, lo, hi, before, "left") - 1
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
class Part:
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
    names: Changes  # region_name code per row, as changes
    name_table: np.ndarray  # object: distinct region names
    totals: Changes  # customers_total per row (value or missing), as changes
    restored: np.ndarray | None  # int64 per row when any row reports it, else None
    restored_null: np.ndarray | None  # bool per row

    @property
    def regions(self) -> int:
        return len(self.ids)

    @functools.cached_property
    def id_index(self) -> pd.Index:
        """region_id -> region number."""
        return pd.Index(self.ids.astype(str))

    def region_numbers(self, regions) -> np.ndarray:
        """The numbers of the given region_ids (unknown ones left out), sorted."""
        index = self.id_index.get_indexer(list(regions))
        return np.unique(index[index >= 0]).astype(np.int64)

    def name_codes(self, rows: np.ndarray) -> np.ndarray:
        """Index into name_table of the region_name of each of ``rows``."""
        return self.names.value[self.names.at(rows)]


def bisect(keys: np.ndarray, lo: np.ndarray, hi: np.ndarray, value, side: str) -> np.ndarray:
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


def gather(values: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """values[lo:hi] of every range, concatenated (slices copied, no index arrays)."""
    pieces = [values[a:b] for a, b in zip(lo.tolist(), hi.tolist(), strict=True) if b > a]
    return np.concatenate(pieces) if pieces else values[:0].copy()


def ranges(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
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


def _sums(index: np.ndarray, weights: np.ndarray, size: int) -> np.ndarray:
    """Sum of ``weights`` (int64) per ``index``, in integers."""
    out = np.zeros(size, np.int64)
    np.add.at(out, index, weights)
    return out


def changes_per_time(tidx: np.ndarray, out: np.ndarray, first: np.ndarray,
                     n_times: int) -> tuple[np.ndarray, np.ndarray]:
    """Per time, the sums (int64, exact) of the regions' increases and of their decreases (both
    >= 0); ``first`` marks each region's first row (its change is from 0). Summed in float64 a
    block of rows at a time, in integers when float64 could round."""
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
        return np.rint(plus).astype(np.int64), np.rint(minus).astype(np.int64)
    exact = deltas(out, first)  # integers all the way when floats could round
    return _sums(tidx, np.maximum(exact, 0), n_times), _sums(tidx, np.maximum(-exact, 0), n_times)


