"""Answering a view from a dataset's pre-aggregates: :class:`Prepared`.

Every figure equals the reference path's (``outages.metrics``, ``outages.maps.frame_at``) on
the same rows: services with derived restoration sum the per-time totals of the selection
(``Selection.series``); services with reported restoration, and the per-region series, hand
the selected rows to ``outages.figures``, which both paths share.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from outages import figures, schema, times
from outages.figures import RegionFigures, Series, ServiceSummary, as_times, bound_us, deltas
from outages.metrics import Window, thinned_rows
from outages.prepared.parts import Part, bisect, gather, ranges
from outages.prepared.selection import Selection
from outages.schema import TIMESTAMP_DTYPE

MAX_POINTS = 2000
EVERYTHING = Window()  # every service, region and time
RECENT_SERIES = 16  # series kept for reuse (a view's KPIs and chart read the same one)


class Prepared:
    """A dataset's pre-aggregates. Build with ``prepare`` or ``prepare_encoded``; read-only."""

    def __init__(self, parts: dict[str, Part]):
        self._parts = dict(sorted(parts.items()))
        # KPIs and the chart of one view read the same series: keep the latest few
        self._recent: OrderedDict[tuple, Series] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def parts(self) -> list[Part]:
        """One part per service, in service order (what ``outages.prepared.disk`` keeps)."""
        return list(self._parts.values())

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
            chosen = part.region_numbers(regions)
            tidx = gather(part.tidx, part.offsets[chosen], part.offsets[chosen + 1])
            times = part.times[np.flatnonzero(np.bincount(tidx, minlength=len(part.times)))]
        return pd.DatetimeIndex(as_times(times), name="timestamp")

    def regions(self, service: str | None = None) -> pd.DataFrame:
        """region_id and region_name (as last observed; with several services, in the last
        of them by name) of every region (of ``service`` when given), sorted by region_id."""
        names: dict[str, str] = {}
        for part in self._parts.values():
            if service is not None and part.service != service:
                continue
            lasts = part.offsets[1:] - 1
            names.update(zip(part.ids.astype(str).tolist(),
                             part.name_table[part.name_codes(lasts)].tolist(),
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
                elif hasattr(value, "nbytes") and not isinstance(value, pd.Index):
                    total += value.nbytes  # parts.Changes
        return total

    # -- selections ----------------------------------------------------------------------------

    def _only(self, service: str | None) -> Part | None:
        if service is not None:
            return self._parts.get(service)
        if len(self._parts) > 1:
            raise ValueError(f"the table has {len(self._parts)} services; name the one to map")
        return next(iter(self._parts.values()), None)

    def _selections(self, window: Window) -> list[Selection]:
        """The window on each service it covers that has rows in it, in service order."""
        if window.service is not None:
            parts = [self._parts[window.service]] if window.service in self._parts else []
        else:
            parts = list(self._parts.values())
        return [s for s in (Selection.of(p, window) for p in parts) if not s.empty]

    def _one(self, window: Window) -> Selection | None:
        selected = self._selections(window)
        return figures.one_service(selected, [s.part.service for s in selected])

    # -- per-time totals (derived restoration) ---------------------------------------------

    def _series(self, sel: Selection) -> Series:
        """The totals over the selected regions at each time (derived restoration)."""
        key = (sel.part.service, None if sel.regions is None else sel.regions.tobytes(),
               sel.start, sel.end)
        with self._lock:
            if key in self._recent:
                self._recent.move_to_end(key)
                return self._recent[key]
        series = sel.series()
        with self._lock:
            self._recent[key] = series
            while len(self._recent) > RECENT_SERIES:
                self._recent.popitem(last=False)
        return series

    def _summary_derived(self, sel: Selection) -> ServiceSummary:
        series = self._series(sel)
        served, known = sel.served()
        horizon = sel.end if sel.end is not None else int(series.times[-1])
        return figures.summarise_series(sel.part.service, series, horizon, served, known)

    # -- public figures ----------------------------------------------------------------------

    def summary(self, window: Window = EVERYTHING) -> list[ServiceSummary]:
        """``outages.metrics.summary`` of the dataset for ``window``."""
        selected = self._selections(window)
        if not selected and window.service is not None:
            return [figures.empty_summary(window.service)]
        return [figures.summarise(s.service_rows()) if s.part.restored is not None
                else self._summary_derived(s) for s in selected]

    def cumulative(self, window: Window = EVERYTHING,
                   max_points: int | None = MAX_POINTS) -> pd.DataFrame:
        """``outages.metrics.cumulative`` for ``window`` (one service), thinned with
        ``metrics.downsample_max`` on customers_out to ``max_points`` rows (None: every row)."""
        sel = self._one(window)
        if sel is None:
            return figures.series_frame(figures.NO_SERIES)
        if sel.part.restored is not None:
            series = figures.series(sel.service_rows())
        else:
            series = self._series(sel)
        return _thinned_frame(series, max_points)

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
            s = sel.service_rows(np.array([r]))
            frames[str(sel.part.ids[r])] = _thinned_frame(figures.series(s), max_points)
        return frames

    def by_region(self, window: Window = EVERYTHING) -> pd.DataFrame:
        """``outages.metrics.by_region`` for ``window``."""
        frames = []
        for sel in self._selections(window):
            if sel.part.restored is None:
                frames.append(self._regions_derived(sel))
                continue
            s = sel.service_rows()
            names = pd.Series(pd.Categorical.from_codes(
                sel.part.name_codes(s.rows), categories=sel.part.name_table))
            s.rows = np.arange(len(s.rows))
            frames.append(figures.regions(s, names))
        if not frames:
            return figures.no_regions()
        frame = pd.concat(frames, ignore_index=True)
        return frame.sort_values(["service", "region_id"], kind="stable", ignore_index=True)

    @staticmethod
    def _regions_derived(sel: Selection) -> pd.DataFrame:
        """figures.regions for a service without reported restoration, from row slices."""
        p = sel.part
        regions = sel.chosen()
        lo, hi = sel.row_ranges(regions)
        if sel.start is not None:
            after = bisect(p.tidx, lo, hi, sel.js, "left")  # first row after start
            lo = np.where(after > lo, after - 1, after)  # from the value held at start
        sizes = hi - lo
        seg = np.cumsum(sizes) - sizes
        last = seg + sizes - 1
        out = gather(p.out, lo, hi).astype(np.int64)
        ts = p.times[gather(p.tidx, lo, hi)]
        if sel.start is not None:
            ts[seg] = np.maximum(ts[seg], sel.start)
        horizon = sel.end if sel.end is not None else int(ts.max())

        peak = np.maximum.reduceat(out, seg)
        m = len(out)
        first_peak = np.minimum.reduceat(
            np.where(out == np.repeat(peak, sizes), np.arange(m), m), seg)
        first = np.zeros(m, bool)
        first[seg] = True
        d = deltas(out, first)
        cut = np.add.reduceat(np.maximum(d, 0), seg)
        restored = np.add.reduceat(np.maximum(-d, 0), seg)
        durations = np.diff(ts, append=horizon)
        durations[last] = np.maximum(horizon - ts[last], 0)
        hours = np.add.reduceat(out.astype(np.float64) * durations, seg) / figures.US_PER_HOUR
        served, known = sel.served()
        return RegionFigures(
            p.service, p.ids[regions], p.name_table[p.name_codes(hi - 1)], peak,
            ts[first_peak], out[last], cut, restored, hours, served, known).frame()

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
            _, lo, hi = sel.inside()
            total += int(np.maximum(hi - lo, 0).sum())
        return total

    @staticmethod
    def _rows(sel: Selection) -> pd.DataFrame:
        p = sel.part
        regions, lo, hi = sel.inside()
        rows = ranges(lo, hi)
        per_row = pa.array(np.repeat(regions, np.maximum(hi - lo, 0)).astype(np.int32))
        ids = pa.array(p.ids.astype(str).tolist(), pa.string())
        names = pa.array(p.name_table.astype(str).tolist(), pa.string())
        name_codes = pa.array(p.name_codes(rows).astype(np.int32))
        total, total_missing = p.totals.rows(rows)
        if p.restored is not None:
            restored = pd.arrays.IntegerArray(p.restored[rows], p.restored_null[rows].copy())
        else:
            restored = pd.array(np.full(len(rows), pd.NA), dtype="Int64")
        return pd.DataFrame({
            "timestamp": as_times(p.times[p.tidx[rows]]),
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
        at_us = bound_us(times.utc(at), ceil=False)
        part = self._only(service)
        if part is None:
            return _frame_at_empty()
        chosen = part.region_numbers(regions) if regions else np.arange(part.regions)
        k = int(np.searchsorted(part.times, at_us, side="right"))  # times[:k] are <= at
        lo, hi = part.offsets[chosen], part.offsets[chosen + 1]
        end = bisect(part.tidx, lo, hi, k, "left")  # first row after at
        seen = end > lo
        held = np.where(seen, end - 1, lo)
        out = np.where(seen, part.out[held], 0).astype(np.int64)
        names = part.name_table[part.name_codes(held)]

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


def _frame_at_empty() -> pd.DataFrame:
    return pd.DataFrame({
        "region_id": pd.array([], dtype="string"),
        "region_name": pd.array([], dtype="string"),
        "customers_out": np.array([], np.int64),
        "customers_total": pd.array([], dtype="Int64"),
        "pct_out": pd.array([], dtype="Float64"),
        "observed_at": pd.array([], dtype=TIMESTAMP_DTYPE),
    })


def _thinned_frame(series: Series, max_points: int | None) -> pd.DataFrame:
    """The series as a frame, thinned like ``metrics.downsample_max`` on customers_out to at
    most ``max_points`` rows (None: every row)."""
    keep = slice(None)
    if max_points is not None and len(series.times) > max_points:
        keep = thinned_rows(series.times.astype(np.float64), series.out, max_points)
    return figures.series_frame(series, keep)
