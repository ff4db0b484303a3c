"""The figures of one service's observations: the definitions both paths share.

``outages.metrics`` (the reference path) selects a table's rows into :class:`ServiceRows` and
``outages.prepared`` (the fast path) rebuilds the same view from its pre-aggregates; from there
the step arithmetic (a region's value holds until its next observation), the totals over
regions (:class:`Series`), the headline figures (:class:`ServiceSummary`) and the per-region
table are the functions here, so both paths give their figures by one definition.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TypeVar

import numpy as np
import pandas as pd

from outages.schema import REQUIRED, TIMESTAMP_DTYPE

T = TypeVar("T")

US_PER_HOUR = 3_600_000_000


@dataclass(frozen=True)
class ServiceSummary:
    """Headline figures for one service over a selection.

    ``customers_cut_off`` counts each region's first value plus its increases; with derived
    restoration ``customers_restored`` counts its decreases, so out == cut off - restored.
    With reported restoration (``restored_source == "reported"``) restored is the sum of each
    region's latest reported cumulative figure, and cut off is raised where needed so that it is
    never below out + restored.

    ``customer_hours`` integrates the total out from its first time (``Window.start`` when a
    value was held there) up to ``Window.end`` when given, else up to the last observation.

    ``customers_served``, ``pct_out_latest``, ``saidi_minutes``, ``saifi`` and ``caidi_minutes``
    need ``customers_total`` for every selected region, and are None otherwise. They are
    estimates from snapshots following the IEEE 1366 definitions (SAIDI = customer-minutes of
    interruption / customers served; SAIFI = customers interrupted / customers served;
    CAIDI = SAIDI / SAIFI), without the standard's exclusions (momentary interruptions, major
    event days). SAIFI is a lower bound: an interruption that starts and ends between two
    snapshots is never seen.
    """

    service: str
    peak_customers_out: int
    peak_time: pd.Timestamp | None
    latest_customers_out: int
    latest_time: pd.Timestamp | None
    customers_cut_off: int
    customers_restored: int
    restored_pct: float | None
    restored_source: str
    hours_to_50pct_restored: float | None
    hours_to_90pct_restored: float | None
    customer_hours: float
    customers_served: int | None
    pct_out_latest: float | None
    saidi_minutes: float | None
    saifi: float | None
    caidi_minutes: float | None

    def to_json(self) -> dict:
        """Plain JSON values: times as ISO 8601 UTC ("2025-10-10T03:00:00Z"), None as null."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, pd.Timestamp):
                value = value.tz_convert("UTC").isoformat().replace("+00:00", "Z")
            out[f.name] = value
        return out


# ---------------------------------------------------------------------------------------------
# One service's observations as numpy arrays, sorted by region then time.


@dataclass
class ServiceRows:
    """One service's selected observations, sorted by region then time."""

    service: str
    rows: np.ndarray  # positions in the table
    group: np.ndarray  # region number per row, 0.., contiguous and ascending
    first: np.ndarray  # True on each region's first row
    region_ids: np.ndarray  # region_id per region number
    ts: np.ndarray  # int64 microseconds since the epoch, UTC
    out: np.ndarray  # int64
    restored: np.ndarray | None  # int64 when every selected row reports it, else None
    served: np.ndarray  # int64 latest known customers_total per region (0 when unknown)
    served_known: np.ndarray  # bool per region
    horizon: int  # where time integrals end (microseconds)

    @property
    def starts(self) -> np.ndarray:
        return np.flatnonzero(self.first)

    @property
    def lasts(self) -> np.ndarray:
        return np.r_[self.starts[1:] - 1, len(self.ts) - 1]


@dataclass
class Columns:
    """A table's columns as numpy arrays (nullable ones as values and missing mask)."""

    ts: np.ndarray
    out: np.ndarray
    restored: tuple[np.ndarray, np.ndarray]
    total: tuple[np.ndarray, np.ndarray]
    region_ids: np.ndarray  # region_id per region code


def require_canonical(table: pd.DataFrame) -> None:
    """ValueError unless ``table`` has every required column."""
    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        raise ValueError(f"not a canonical table: missing column(s) {', '.join(missing)}")


def micros(timestamps: pd.Series) -> np.ndarray:
    """A timestamp column as int64 microseconds since the epoch, UTC."""
    if str(timestamps.dtype) != TIMESTAMP_DTYPE:
        timestamps = timestamps.dt.tz_convert("UTC").dt.as_unit("us")
    if timestamps.isna().any():
        raise ValueError("timestamp has missing values; validate the table first")
    return np.asarray(timestamps.array.asi8, dtype=np.int64)


def one_service(selected: list[T], services: list[str]) -> T | None:
    """The selection of the only service selected (None when none); ValueError when several."""
    if len(selected) > 1:
        raise ValueError(f"the selection holds several services ({', '.join(services)}); "
                         "set Window.service")
    return selected[0] if selected else None


def int_column(table: pd.DataFrame, name: str) -> tuple[np.ndarray, np.ndarray]:
    """Values (0 where missing) and a missing mask for a nullable integer column."""
    if name not in table.columns:
        n = len(table)
        return np.zeros(n, np.int64), np.ones(n, bool)
    col = table[name]
    missing = col.isna().to_numpy(dtype=bool)
    if missing.all():  # zeros from calloc: no memory touched
        return np.zeros(len(table), np.int64), missing
    return col.to_numpy(dtype=np.int64, na_value=0), missing


def bound_us(ts: pd.Timestamp | None, *, ceil: bool) -> int | None:
    """A window bound in whole microseconds (rounded up for a start, down for an end)."""
    if ts is None:
        return None
    ns = ts.as_unit("ns").value
    return -(-ns // 1000) if ceil else ns // 1000


def firsts(*codes: np.ndarray) -> np.ndarray:
    """True where any of ``codes`` differs from the previous row, and on row 0."""
    new = np.ones(len(codes[0]), bool)
    if len(new) > 1:
        np.not_equal(codes[0][1:], codes[0][:-1], out=new[1:])
        for c in codes[1:]:
            new[1:] |= c[1:] != c[:-1]
    return new


def service_rows(service: str, rows: np.ndarray, regions: np.ndarray, columns: Columns,
                 start: int | None, end: int | None) -> ServiceRows:
    """One service's rows sorted by region and time, with the window's start applied
    (``start``, ``end``: microseconds; rows after ``end`` already left out)."""
    ts = columns.ts[rows]
    # Sort by region then time unless the rows already are (a canonical table is).
    first = firsts(regions)
    contiguous = np.count_nonzero(first) == np.count_nonzero(np.bincount(regions))
    if not (contiguous and np.all((np.diff(ts) >= 0) | first[1:])):
        order = np.lexsort((ts, regions))
        rows, regions, ts = rows[order], regions[order], ts[order]
        first = firsts(regions)
    group = np.cumsum(first) - 1
    region_ids = columns.region_ids[regions[first]]

    # Latest known customers_total per region, from every row up to the end.
    served = np.zeros(len(region_ids), np.int64)
    served_known = np.zeros(len(region_ids), bool)
    total, total_missing = columns.total
    known = np.flatnonzero(~total_missing[rows])
    if len(known):
        last_known = known[firsts(group[known][::-1])[::-1]]
        served[group[last_known]] = total[rows[last_known]]
        served_known[group[last_known]] = True

    if start is not None:
        # Keep each region's last row before start (moved to start) unless it has a row at start.
        before = ts < start
        same_next = np.zeros(len(ts), bool)
        same_next[:-1] = ~first[1:]
        next_before = np.zeros(len(ts), bool)
        next_before[:-1] = before[1:]
        next_at_start = np.zeros(len(ts), bool)
        next_at_start[:-1] = ts[1:] == start
        held = before & ~(same_next & (next_before | next_at_start))
        keep = ~before | held
        ts = np.where(held, start, ts)[keep]
        rows, group = rows[keep], group[keep]
        first = firsts(group)

    reported, restored_missing = columns.restored
    restored = None if restored_missing[rows].any() else reported[rows]
    horizon = end if end is not None else int(ts.max())
    return ServiceRows(service, rows, group, first, region_ids, ts, columns.out[rows], restored,
                       served, served_known, horizon)


# ---------------------------------------------------------------------------------------------
# Step arithmetic.


def deltas(values: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Change at each row within its region (int64); a region's first row changes from 0."""
    d = values.astype(np.int64)
    d[1:] -= values[:-1]
    d[first] = values[first]
    return d


def group_cumsum(values: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Running totals of ``values`` within each group (a group starts where ``first``)."""
    total = np.cumsum(values)
    start = np.maximum.accumulate(np.where(first, np.arange(len(values)), 0))
    return total - total[start] + values[start]


def region_figures(s: ServiceRows) -> tuple[np.ndarray, np.ndarray]:
    """Per row: the region's cumulative customers cut off and restored so far."""
    d = deltas(s.out, s.first)
    cut = group_cumsum(np.maximum(d, 0), s.first)
    if s.restored is None:
        return cut, group_cumsum(np.maximum(-d, 0), s.first)
    # Reported restoration: cut off is at least out + restored, and never goes down.
    cut = np.maximum(cut, s.out + s.restored)
    cut = pd.Series(cut).groupby(s.group, sort=False).cummax().to_numpy(dtype=np.int64)
    return cut, s.restored


@dataclass
class Series:
    """Totals over the selected regions at each observation time."""

    times: np.ndarray  # int64 microseconds, ascending, unique
    out: np.ndarray
    cut_off: np.ndarray
    restored: np.ndarray
    source: str  # "derived" or "reported" restoration


NO_SERIES = Series(*(np.array([], np.int64) for _ in range(4)), "derived")


def series(s: ServiceRows) -> Series:
    """Totals over regions at each observation time: held values summed via summed deltas."""
    order = np.argsort(s.ts, kind="stable")
    sorted_ts = s.ts[order]
    starts = np.flatnonzero(firsts(sorted_ts))

    def held_sum(values: np.ndarray) -> np.ndarray:
        return np.cumsum(np.add.reduceat(deltas(values, s.first)[order], starts))

    cut, restored = region_figures(s)
    source = "derived" if s.restored is None else "reported"
    return Series(sorted_ts[starts], held_sum(s.out), held_sum(cut), held_sum(restored), source)


def series_frame(series: Series, keep: slice | np.ndarray = slice(None)) -> pd.DataFrame:
    """The series as ``outages.metrics.cumulative`` gives it (rows ``keep`` only)."""
    frame = pd.DataFrame({
        "timestamp": as_times(series.times[keep]),
        "customers_out": series.out[keep],
        "customers_cut_off": series.cut_off[keep],
        "customers_restored": series.restored[keep],
    })
    frame.attrs["restored_source"] = series.source
    return frame


def as_times(us: np.ndarray) -> pd.DatetimeIndex:
    """Microseconds since the epoch as UTC times."""
    return pd.DatetimeIndex(np.asarray(us, dtype=np.int64).view("M8[us]")).tz_localize("UTC")


def as_time(us: int) -> pd.Timestamp:
    return pd.Timestamp(int(us), unit="us", tz="UTC")


# ---------------------------------------------------------------------------------------------
# Summaries.


def _hours_to(series: Series, peak_at: int, fraction_left: tuple[int, int]) -> float | None:
    """Hours from the peak until the total first falls to fraction_left (num, den) of it."""
    num, den = fraction_left
    peak = int(series.out[peak_at])
    if peak == 0:
        return None
    hits = np.flatnonzero(series.out[peak_at + 1:] * den <= peak * num)
    if len(hits) == 0:
        return None
    return float(series.times[peak_at + 1 + hits[0]] - series.times[peak_at]) / US_PER_HOUR


def _customer_hours(times: np.ndarray, out: np.ndarray, horizon: int) -> float:
    durations = np.diff(times, append=max(horizon, int(times[-1])))
    return float(np.dot(out.astype(np.float64), durations.astype(np.float64))) / US_PER_HOUR


def empty_summary(service: str) -> ServiceSummary:
    """The summary of a service with nothing selected."""
    return ServiceSummary(service, 0, None, 0, None, 0, 0, None, "derived", None, None, 0.0,
                          None, None, None, None, None)


def summarise(s: ServiceRows) -> ServiceSummary:
    return summarise_series(s.service, series(s), s.horizon, s.served, s.served_known)


def summarise_series(service: str, series: Series, horizon: int, served: np.ndarray,
                     served_known: np.ndarray) -> ServiceSummary:
    """The summary of a service's series (summed over the selected regions); ``served`` holds
    each region's customers served, counted only when every region's is known."""
    peak_at = int(np.argmax(series.out))  # first time the peak is reached
    peak, latest = int(series.out[peak_at]), int(series.out[-1])
    cut_off, restored = int(series.cut_off[-1]), int(series.restored[-1])
    hours = _customer_hours(series.times, series.out, horizon)

    total = pct_out = saidi = saifi = caidi = None
    if served_known.all():
        total = int(served.sum())
        if total > 0:
            pct_out = latest / total * 100
            saidi = hours * 60 / total
            saifi = cut_off / total
            caidi = saidi / saifi if saifi > 0 else None

    return ServiceSummary(
        service=service,
        peak_customers_out=peak,
        peak_time=as_time(series.times[peak_at]),
        latest_customers_out=latest,
        latest_time=as_time(series.times[-1]),
        customers_cut_off=cut_off,
        customers_restored=restored,
        restored_pct=restored / cut_off * 100 if cut_off > 0 else None,
        restored_source=series.source,
        hours_to_50pct_restored=_hours_to(series, peak_at, (1, 2)),
        hours_to_90pct_restored=_hours_to(series, peak_at, (1, 10)),
        customer_hours=hours,
        customers_served=total,
        pct_out_latest=pct_out,
        saidi_minutes=saidi,
        saifi=saifi,
        caidi_minutes=caidi,
    )


# ---------------------------------------------------------------------------------------------
# Per region.

BY_REGION_DTYPES = {
    "service": "string",
    "region_id": "string",
    "region_name": "string",
    "peak_customers_out": "int64",
    "peak_time": TIMESTAMP_DTYPE,
    "latest_customers_out": "int64",
    "customers_cut_off": "int64",
    "customers_restored": "int64",
    "restored_pct": "float64",
    "customer_hours": "float64",
    "customers_total": "Int64",
    "pct_out_latest": "float64",
}


def no_regions() -> pd.DataFrame:
    """The per-region table of an empty selection."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in BY_REGION_DTYPES.items()})


@dataclass
class RegionFigures:
    """One service's figures per region (arrays, one value per region), before the table."""

    service: str
    region_ids: np.ndarray
    region_names: np.ndarray
    peak: np.ndarray
    peak_time: np.ndarray  # int64 microseconds: the first time the region reaches its peak
    latest: np.ndarray
    cut_off: np.ndarray
    restored: np.ndarray
    hours: np.ndarray
    served: np.ndarray
    served_known: np.ndarray

    def frame(self) -> pd.DataFrame:
        """The rows of ``outages.metrics.by_region``, with the percentages computed."""
        cut, usable = self.cut_off, self.served_known & (self.served > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            restored_pct = np.where(cut > 0, self.restored / np.where(cut > 0, cut, 1) * 100,
                                    np.nan)
            pct_out = np.where(usable, self.latest / np.where(usable, self.served, 1) * 100,
                               np.nan)
        return pd.DataFrame({
            "service": self.service,
            "region_id": self.region_ids,
            "region_name": self.region_names,
            "peak_customers_out": self.peak,
            "peak_time": as_times(self.peak_time),
            "latest_customers_out": self.latest,
            "customers_cut_off": cut,
            "customers_restored": self.restored,
            "restored_pct": restored_pct,
            "customer_hours": self.hours,
            "customers_total": pd.arrays.IntegerArray(self.served, ~self.served_known),
            "pct_out_latest": pct_out,
        }).astype(BY_REGION_DTYPES)


def regions(s: ServiceRows, names: pd.Series) -> pd.DataFrame:
    """The per-region table of one service's rows (``names``: region_name per table row)."""
    starts, lasts = s.starts, s.lasts
    peak = np.maximum.reduceat(s.out, starts)
    at_peak = np.flatnonzero(s.out == peak[s.group])
    first_peak = at_peak[firsts(s.group[at_peak])]  # first time each region reaches its peak
    cut, restored = region_figures(s)
    durations = np.diff(s.ts, append=s.horizon)
    durations[lasts] = np.maximum(s.horizon - s.ts[lasts], 0)
    hours = np.add.reduceat(s.out.astype(np.float64) * durations, starts) / US_PER_HOUR
    return RegionFigures(
        s.service, s.region_ids, names.iloc[s.rows[lasts]].to_numpy(dtype=object), peak,
        s.ts[first_peak], s.out[lasts], cut[lasts], restored[lasts], hours, s.served,
        s.served_known).frame()
