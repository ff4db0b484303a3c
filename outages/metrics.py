"""Metrics over a canonical outage table: customers out, cut off and restored, per service.

A region's ``customers_out`` holds from its timestamp until that region's next observation in
the same service (a step function); a region not yet observed counts 0. Totals over regions are
sums of the held values. Every function here is pure and vectorised (numpy / pandas); the only
Python loops are over services.

A selection is a :class:`Window`: one service or all, some regions or all, and an optional time
window. With ``start``, the value each region held just before ``start`` counts at ``start``;
with ``end``, observations after ``end`` are left out and time integrals run up to ``end``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from outages import times
from outages.figures import (  # the definitions shared with outages.prepared
    BY_REGION_DTYPES,
    NO_SERIES,
    US_PER_HOUR,
    Columns,
    ServiceRows,
    ServiceSummary,
    as_times,
    bound_us,
    empty_summary,
    firsts,
    int_column,
    micros,
    no_regions,
    one_service,
    regions,
    require_canonical,
    series,
    series_frame,
    service_rows,
    summarise,
)
from outages.schema import SERVICES

__all__ = ["BY_REGION_DTYPES", "US_PER_HOUR", "ServiceSummary", "Window", "by_region",
           "cumulative", "downsample_max", "step_points", "summary", "thinned_rows",
           "total_out"]


def _utc(value: object, name: str) -> pd.Timestamp | None:
    """A window bound as a UTC timestamp; naive times are refused (their zone is unknown)."""
    return None if value is None else times.utc(value, f"Window.{name}")


@dataclass(frozen=True)
class Window:
    """A selection over a canonical table.

    ``service`` None means every service (metrics are still per service); ``regions`` empty
    means every region; ``start`` and ``end`` are inclusive UTC bounds, None for open.
    """

    service: str | None = None
    regions: tuple[str, ...] = ()
    start: pd.Timestamp | None = None
    end: pd.Timestamp | None = None

    def __post_init__(self) -> None:
        if self.service is not None and self.service not in SERVICES:
            raise ValueError(
                f"Window.service must be one of {', '.join(SERVICES)}, got {self.service!r}")
        if isinstance(self.regions, str):
            raise TypeError(f"Window.regions must be a tuple of region_ids, not the string "
                            f"{self.regions!r}")
        object.__setattr__(self, "regions", tuple(str(r) for r in self.regions))
        start, end = _utc(self.start, "start"), _utc(self.end, "end")
        if start is not None and end is not None and start > end:
            raise ValueError(f"Window.start {start} is after Window.end {end}")
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)

    def outside(self, first: pd.Timestamp | None, last: pd.Timestamp | None) -> bool:
        """Whether the window holds none of a dataset's time range ``first``..``last``: its
        figures would be counts carried past the last row (or before the first), stamped at
        a time nothing was observed."""
        return outside(self.start, self.end, first, last)


def outside(start, end, first, last) -> bool:
    """Whether the window ``start``..``end`` (None: open) holds none of ``first``..``last``
    (a dataset's time range; None: no rows, then never)."""
    if first is None or last is None:
        return False
    return (start is not None and start > last) or (end is not None and end < first)


# ---------------------------------------------------------------------------------------------
# Selection: a table's rows as each selected service's observations (outages.figures).


def _select(table: pd.DataFrame, window: Window) -> list[ServiceRows]:
    """Each selected service's observations, in service order."""
    require_canonical(table)
    if len(table) == 0:
        return []
    ts_all = micros(table["timestamp"])
    svc_codes, svc_names = pd.factorize(table["service"])
    reg_codes, reg_names = pd.factorize(table["region_id"])

    mask = (svc_codes >= 0) & (reg_codes >= 0)
    if window.service is not None:
        mask &= svc_codes == _code(svc_names, window.service)
    if window.regions:
        found = _codes(reg_names, window.regions)
        wanted = np.zeros(len(reg_names), bool)
        wanted[found[found >= 0]] = True
        mask &= wanted[reg_codes]
    end = bound_us(window.end, ceil=False)
    if end is not None:
        mask &= ts_all <= end
    pos = np.flatnonzero(mask)
    if len(pos) == 0:
        return []

    columns = Columns(
        ts=ts_all,
        out=table["customers_out"].to_numpy(dtype=np.int64),
        restored=int_column(table, "customers_restored"),
        total=int_column(table, "customers_total"),
        region_ids=np.asarray(reg_names, dtype=object),
    )
    start = bound_us(window.start, ceil=True)
    codes = svc_codes[pos]
    selected = []
    for k in np.flatnonzero(np.bincount(codes)):
        rows = pos[codes == k]
        selected.append(service_rows(str(svc_names[k]), rows, reg_codes[rows], columns,
                                     start, end))
    selected.sort(key=lambda s: s.service)
    return selected


def _codes(names: pd.Index, wanted: tuple[str, ...]) -> np.ndarray:
    """Factorize codes of the wanted values, -1 for those not present."""
    return pd.Index(names).get_indexer(list(wanted))


def _code(names: pd.Index, name: str) -> int:
    return int(_codes(names, (name,))[0])


def _one_service(table: pd.DataFrame, window: Window) -> ServiceRows | None:
    selected = _select(table, window)
    return one_service(selected, [s.service for s in selected])


# ---------------------------------------------------------------------------------------------
# Public functions.


def total_out(table: pd.DataFrame, window: Window = Window()) -> pd.DataFrame:
    """Customers out over time for one service: columns timestamp, customers_out.

    One row per observation time in the selection, giving the sum over regions of the values
    held at that time; with ``Window.start`` the values held just before it appear at start.
    Raises ValueError when the selection holds more than one service.
    """
    s = _one_service(table, window)
    totals = NO_SERIES if s is None else series(s)
    return pd.DataFrame({"timestamp": as_times(totals.times), "customers_out": totals.out})


def cumulative(table: pd.DataFrame, window: Window = Window()) -> pd.DataFrame:
    """Customers out, cut off and restored (cumulative) over time for one service.

    Columns timestamp, customers_out, customers_cut_off, customers_restored, one row per
    observation time. A region's cut off is its first value (the value held at
    ``Window.start`` when given) plus its increases; restored is the sum of its decreases, so
    customers_out == customers_cut_off - customers_restored on every row. When every selected
    row reports ``customers_restored``, restored is instead the held sum of the reported
    figures and cut off is raised where needed to at least out + restored.
    ``attrs["restored_source"]`` says which ("reported" or "derived").
    Raises ValueError when the selection holds more than one service.
    """
    s = _one_service(table, window)
    return series_frame(NO_SERIES if s is None else series(s))


def summary(table: pd.DataFrame, window: Window = Window()) -> list[ServiceSummary]:
    """One :class:`ServiceSummary` per selected service, sorted by service.

    An empty selection gives an all-zero summary for ``Window.service`` when one is named,
    else an empty list.
    """
    selected = _select(table, window)
    if not selected and window.service is not None:
        return [empty_summary(window.service)]
    return [summarise(s) for s in selected]


def by_region(table: pd.DataFrame, window: Window = Window()) -> pd.DataFrame:
    """One row per (service, region_id) in the selection, sorted by service and region_id.

    Columns: region_name (as last observed), peak_customers_out, peak_time (first time the
    region reaches its peak), latest_customers_out, customers_cut_off, customers_restored,
    restored_pct (NaN when nothing was cut off), customer_hours (over the same span as the
    service's summary, so regions add up to it), customers_total (latest known, <NA> when
    unknown) and pct_out_latest (NaN when the total is unknown or 0).
    """
    selected = _select(table, window)
    if not selected:
        return no_regions()
    names = table["region_name"] if "region_name" in table.columns else table["region_id"]
    frame = pd.concat([regions(s, names) for s in selected], ignore_index=True)
    return frame.sort_values(["service", "region_id"], kind="stable", ignore_index=True)


# ---------------------------------------------------------------------------------------------
# Plotting helpers.


def _numbers(values: pd.Series) -> np.ndarray:
    if pd.api.types.is_datetime64_any_dtype(values) or pd.api.types.is_timedelta64_dtype(values):
        return np.asarray(values.array.asi8, dtype=np.float64)
    return values.to_numpy(dtype=np.float64, na_value=np.nan)


def downsample_max(df: pd.DataFrame, x: str, y: str, max_points: int = 2000) -> pd.DataFrame:
    """At most ``max_points`` rows of ``df`` for plotting, keeping the peaks.

    Splits the range of ``x`` into ``max_points - 2`` equal buckets and keeps each bucket's row
    with the largest ``y`` (the earliest on ties) plus the first and last rows along ``x``.
    Returns ``df`` itself when it has no more than ``max_points`` rows; otherwise a subset of
    its rows (original index kept) sorted by ``x``.
    """
    if max_points < 3:
        raise ValueError(f"max_points must be at least 3, got {max_points}")
    n = len(df)
    if n <= max_points:
        return df
    xs = _numbers(df[x])
    order = np.argsort(xs, kind="stable")
    xs = xs[order]
    ys = _numbers(df[y])[order]
    keep = thinned_rows(xs, np.where(np.isnan(ys), -np.inf, ys), max_points)
    return df.iloc[order[keep]]


def thinned_rows(xs: np.ndarray, values: np.ndarray, max_points: int) -> np.ndarray:
    """The positions ``downsample_max`` keeps, for ``xs`` already ascending (float64) and
    ``values`` without NaN: the range of xs in ``max_points - 2`` equal buckets, each bucket's
    first row holding its largest value (the earliest of the tallest), plus the first and last
    rows. xs is sorted, so each bucket is one run of rows: no sort needed."""
    if max_points < 3:
        raise ValueError(f"max_points must be at least 3, got {max_points}")
    n = len(xs)
    buckets = max_points - 2
    span = xs[-1] - xs[0]
    if span > 0:
        bucket = np.minimum(((xs - xs[0]) / span * buckets).astype(np.int64), buckets - 1)
    else:
        bucket = np.zeros(n, np.int64)
    starts = np.flatnonzero(firsts(bucket))
    tallest = np.repeat(np.maximum.reduceat(values, starts), np.diff(np.r_[starts, n]))
    tops = np.minimum.reduceat(np.where(values == tallest, np.arange(n), n), starts)
    return np.unique(np.r_[0, tops, n - 1])


def step_points(df: pd.DataFrame, x: str = "timestamp") -> pd.DataFrame:
    """Corner points that draw a step series with straight line segments.

    ``df`` is sorted by ``x``; each row's values hold until the next row's ``x``. The result
    has every row, and before each row after the first a copy of the previous row's values at
    the new ``x``: (x0, v0), (x1, v0), (x1, v1), (x2, v1), (x2, v2)... Index is reset.
    """
    n = len(df)
    if n < 2:
        return df.reset_index(drop=True)
    pairs = np.repeat(np.arange(n), 2)
    points = df.iloc[pairs[:-1]].reset_index(drop=True)
    points[x] = df[x].iloc[pairs[1:]].reset_index(drop=True)
    return points
