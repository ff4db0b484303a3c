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

from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from outages.schema import REQUIRED, SERVICES, TIMESTAMP_DTYPE

US_PER_HOUR = 3_600_000_000


def _utc(value: object, name: str) -> pd.Timestamp | None:
    """A window bound as a UTC timestamp; naive times are refused (their zone is unknown)."""
    if value is None:
        return None
    ts = pd.Timestamp(value)
    if ts is pd.NaT:
        raise ValueError(f"Window.{name} is not a time: {value!r}")
    if ts.tzinfo is None:
        raise ValueError(f"Window.{name} must be timezone-aware (UTC), got {value!r}")
    return ts.tz_convert("UTC")


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
# Selection: one service's observations as numpy arrays, sorted by region then time.


@dataclass
class _Service:
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


def _micros(series: pd.Series) -> np.ndarray:
    if str(series.dtype) != TIMESTAMP_DTYPE:
        series = series.dt.tz_convert("UTC").dt.as_unit("us")
    if series.isna().any():
        raise ValueError("timestamp has missing values; validate the table first")
    return np.asarray(series.array.asi8, dtype=np.int64)


def _bound_us(ts: pd.Timestamp | None, *, ceil: bool) -> int | None:
    if ts is None:
        return None
    ns = ts.as_unit("ns").value
    return -(-ns // 1000) if ceil else ns // 1000


def _int_column(table: pd.DataFrame, name: str) -> tuple[np.ndarray, np.ndarray]:
    """Values (0 where missing) and a missing mask for a nullable integer column."""
    if name not in table.columns:
        n = len(table)
        return np.zeros(n, np.int64), np.ones(n, bool)
    col = table[name]
    missing = col.isna().to_numpy(dtype=bool)
    if missing.all():  # zeros from calloc: no memory touched
        return np.zeros(len(table), np.int64), missing
    return col.to_numpy(dtype=np.int64, na_value=0), missing


@dataclass
class _Columns:
    """The whole table's columns as numpy arrays (nullable ones as values and missing mask)."""

    ts: np.ndarray
    out: np.ndarray
    restored: tuple[np.ndarray, np.ndarray]
    total: tuple[np.ndarray, np.ndarray]
    region_ids: np.ndarray  # region_id per factorize code


def _select(table: pd.DataFrame, window: Window) -> list[_Service]:
    """Each selected service's observations, in service order."""
    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        raise ValueError(f"not a canonical table: missing column(s) {', '.join(missing)}")
    if len(table) == 0:
        return []
    ts_all = _micros(table["timestamp"])
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
    end = _bound_us(window.end, ceil=False)
    if end is not None:
        mask &= ts_all <= end
    pos = np.flatnonzero(mask)
    if len(pos) == 0:
        return []

    columns = _Columns(
        ts=ts_all,
        out=table["customers_out"].to_numpy(dtype=np.int64),
        restored=_int_column(table, "customers_restored"),
        total=_int_column(table, "customers_total"),
        region_ids=np.asarray(reg_names, dtype=object),
    )
    start = _bound_us(window.start, ceil=True)
    codes = svc_codes[pos]
    selected = []
    for k in np.flatnonzero(np.bincount(codes)):
        rows = pos[codes == k]
        selected.append(_service_rows(str(svc_names[k]), rows, reg_codes[rows], columns,
                                      start, end))
    selected.sort(key=lambda s: s.service)
    return selected


def _codes(names: pd.Index, wanted: tuple[str, ...]) -> np.ndarray:
    """Factorize codes of the wanted values, -1 for those not present."""
    return pd.Index(names).get_indexer(list(wanted))


def _code(names: pd.Index, name: str) -> int:
    return int(_codes(names, (name,))[0])


def _firsts(group: np.ndarray) -> np.ndarray:
    first = np.ones(len(group), bool)
    first[1:] = group[1:] != group[:-1]
    return first


def _service_rows(service: str, rows: np.ndarray, regions: np.ndarray, columns: _Columns,
                  start: int | None, end: int | None) -> _Service:
    """One service's rows sorted by region and time, with the window's start applied."""
    ts = columns.ts[rows]
    # Sort by region then time unless the rows already are (a canonical table is).
    first = _firsts(regions)
    contiguous = np.count_nonzero(first) == np.count_nonzero(np.bincount(regions))
    if not (contiguous and np.all((np.diff(ts) >= 0) | first[1:])):
        order = np.lexsort((ts, regions))
        rows, regions, ts = rows[order], regions[order], ts[order]
        first = _firsts(regions)
    group = np.cumsum(first) - 1
    region_ids = columns.region_ids[regions[first]]

    # Latest known customers_total per region, from every row up to the end.
    served = np.zeros(len(region_ids), np.int64)
    served_known = np.zeros(len(region_ids), bool)
    total, total_missing = columns.total
    known = np.flatnonzero(~total_missing[rows])
    if len(known):
        last_known = known[_firsts(group[known][::-1])[::-1]]
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
        first = _firsts(group)

    reported, restored_missing = columns.restored
    restored = None if restored_missing[rows].any() else reported[rows]
    horizon = end if end is not None else int(ts.max())
    return _Service(service, rows, group, first, region_ids, ts, columns.out[rows], restored,
                    served, served_known, horizon)


# ---------------------------------------------------------------------------------------------
# Step arithmetic.


def _deltas(values: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Change at each row within its region; a region's first row changes from 0."""
    d = values.copy()
    d[1:] -= values[:-1]
    d[first] = values[first]
    return d


def _group_cumsum(values: np.ndarray, first: np.ndarray) -> np.ndarray:
    total = np.cumsum(values)
    start = np.maximum.accumulate(np.where(first, np.arange(len(values)), 0))
    return total - total[start] + values[start]


def _region_figures(s: _Service) -> tuple[np.ndarray, np.ndarray]:
    """Per row: the region's cumulative customers cut off and restored so far."""
    d = _deltas(s.out, s.first)
    cut = _group_cumsum(np.maximum(d, 0), s.first)
    if s.restored is None:
        return cut, _group_cumsum(np.maximum(-d, 0), s.first)
    # Reported restoration: cut off is at least out + restored, and never goes down.
    cut = np.maximum(cut, s.out + s.restored)
    cut = pd.Series(cut).groupby(s.group, sort=False).cummax().to_numpy(dtype=np.int64)
    return cut, s.restored


@dataclass
class _Series:
    times: np.ndarray  # int64 microseconds, ascending, unique
    out: np.ndarray
    cut_off: np.ndarray
    restored: np.ndarray
    source: str


def _series(s: _Service) -> _Series:
    """Totals over regions at each observation time: held values summed via summed deltas."""
    order = np.argsort(s.ts, kind="stable")
    sorted_ts = s.ts[order]
    starts = np.flatnonzero(_firsts(sorted_ts))

    def held_sum(values: np.ndarray) -> np.ndarray:
        return np.cumsum(np.add.reduceat(_deltas(values, s.first)[order], starts))

    cut, restored = _region_figures(s)
    source = "derived" if s.restored is None else "reported"
    return _Series(sorted_ts[starts], held_sum(s.out), held_sum(cut), held_sum(restored), source)


def _times(us: np.ndarray) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(np.asarray(us, dtype=np.int64).view("M8[us]")).tz_localize("UTC")


def _time(us: int) -> pd.Timestamp:
    return pd.Timestamp(int(us), unit="us", tz="UTC")


def _hours_to(series: _Series, peak_at: int, fraction_left: tuple[int, int]) -> float | None:
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


def _empty_summary(service: str) -> ServiceSummary:
    return ServiceSummary(service, 0, None, 0, None, 0, 0, None, "derived", None, None, 0.0,
                          None, None, None, None, None)


def _summarise(s: _Service) -> ServiceSummary:
    return summarise_series(s.service, _series(s), s.horizon, s.served, s.served_known)


def summarise_series(service: str, series: _Series, horizon: int, served: np.ndarray,
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
        peak_time=_time(series.times[peak_at]),
        latest_customers_out=latest,
        latest_time=_time(series.times[-1]),
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


def _one_service(table: pd.DataFrame, window: Window) -> _Service | None:
    selected = _select(table, window)
    if len(selected) > 1:
        names = ", ".join(s.service for s in selected)
        raise ValueError(f"the selection holds several services ({names}); set Window.service")
    return selected[0] if selected else None


# ---------------------------------------------------------------------------------------------
# Public functions.


def total_out(table: pd.DataFrame, window: Window = Window()) -> pd.DataFrame:
    """Customers out over time for one service: columns timestamp, customers_out.

    One row per observation time in the selection, giving the sum over regions of the values
    held at that time; with ``Window.start`` the values held just before it appear at start.
    Raises ValueError when the selection holds more than one service.
    """
    s = _one_service(table, window)
    if s is None:
        return pd.DataFrame({"timestamp": pd.Series(dtype=TIMESTAMP_DTYPE),
                             "customers_out": pd.Series(dtype="int64")})
    series = _series(s)
    return pd.DataFrame({"timestamp": _times(series.times), "customers_out": series.out})


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
    if s is None:
        frame = pd.DataFrame({"timestamp": pd.Series(dtype=TIMESTAMP_DTYPE),
                              **{c: pd.Series(dtype="int64") for c in
                                 ("customers_out", "customers_cut_off", "customers_restored")}})
        frame.attrs["restored_source"] = "derived"
        return frame
    series = _series(s)
    frame = pd.DataFrame({
        "timestamp": _times(series.times),
        "customers_out": series.out,
        "customers_cut_off": series.cut_off,
        "customers_restored": series.restored,
    })
    frame.attrs["restored_source"] = series.source
    return frame


def summary(table: pd.DataFrame, window: Window = Window()) -> list[ServiceSummary]:
    """One :class:`ServiceSummary` per selected service, sorted by service.

    An empty selection gives an all-zero summary for ``Window.service`` when one is named,
    else an empty list.
    """
    selected = _select(table, window)
    if not selected and window.service is not None:
        return [_empty_summary(window.service)]
    return [_summarise(s) for s in selected]


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


def _regions(s: _Service, names: pd.Series) -> pd.DataFrame:
    starts, lasts = s.starts, s.lasts
    peak = np.maximum.reduceat(s.out, starts)
    at_peak = np.flatnonzero(s.out == peak[s.group])
    first_peak = at_peak[_firsts(s.group[at_peak])]  # first time each region reaches its peak
    cut, restored = _region_figures(s)
    cut, restored = cut[lasts], restored[lasts]
    latest = s.out[lasts]
    durations = np.diff(s.ts, append=s.horizon)
    durations[lasts] = np.maximum(s.horizon - s.ts[lasts], 0)
    hours = np.add.reduceat(s.out.astype(np.float64) * durations, starts) / US_PER_HOUR
    with np.errstate(divide="ignore", invalid="ignore"):
        restored_pct = np.where(cut > 0, restored / np.where(cut > 0, cut, 1) * 100, np.nan)
        usable = s.served_known & (s.served > 0)
        pct_out = np.where(usable, latest / np.where(usable, s.served, 1) * 100, np.nan)
    return pd.DataFrame({
        "service": s.service,
        "region_id": s.region_ids,
        "region_name": names.iloc[s.rows[lasts]].to_numpy(dtype=object),
        "peak_customers_out": peak,
        "peak_time": _times(s.ts[first_peak]),
        "latest_customers_out": latest,
        "customers_cut_off": cut,
        "customers_restored": restored,
        "restored_pct": restored_pct,
        "customer_hours": hours,
        "customers_total": pd.arrays.IntegerArray(s.served, ~s.served_known),
        "pct_out_latest": pct_out,
    }).astype(BY_REGION_DTYPES)


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
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in BY_REGION_DTYPES.items()})
    names = table["region_name"] if "region_name" in table.columns else table["region_id"]
    frame = pd.concat([_regions(s, names) for s in selected], ignore_index=True)
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
    starts = np.flatnonzero(_firsts(bucket))
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
