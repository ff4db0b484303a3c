"""Restoration outlook: when will the customers cut off at the peak be back?

The model, in one sentence: customers out since the peak fall as an exponential decay, whose
rate is fitted (least squares on the logarithm) to the last ``MAX_POINTS`` observations since
the peak; the projection continues that decay from the latest figure.

For a series of customers out over time (a total or one region, one service) that is
recovering (its latest figure below its peak), :func:`project` gives the times at which 90 %
and "practically all" (99 %, ``NEARLY_ALL``: an exponential never reaches zero) of the peak's
customers are restored. The range comes from fitting the first and the second half of the same
observations on their own: if the two halves disagree, the range is wide. When the slower half
shows no decay at all, the range has no upper end (``latest`` is None).

Where no honest projection can be made, :func:`project` returns a :class:`NoOutlook` with a
reason code (``REASONS``); its sentence is made by ``outages.i18n`` ("outlook.reason.<code>").
Nothing here imports Streamlit; the same function serves the Overview and ``bench.backtest``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

MAX_POINTS = 48  # the observations since the peak the rate is fitted to, latest first
MIN_POINTS = 3  # since the peak, the peak included: two would give a rate but no range
TARGETS = (0.90, 0.99)  # shares of the peak's customers restored that are projected
NEARLY_ALL = 0.99  # "practically all": the decay reaches 100 % only at infinity
HORIZON_HOURS = 14 * 24  # a 90 % projection further ahead than this is not shown
US_PER_HOUR = 3_600_000_000

REASONS = ("empty", "not_recovering", "already_restored", "too_few_points", "not_decaying",
           "too_slow")


@dataclass(frozen=True)
class Target:
    """The projected moment ``share`` of the peak's customers are restored."""

    share: float  # 0.9 or 0.99
    at: pd.Timestamp  # the central estimate (UTC)
    earliest: pd.Timestamp
    latest: pd.Timestamp | None  # None: the slower half of the data shows no decay
    reached: bool = False  # already reached by the latest figure: ``at`` is when


@dataclass(frozen=True)
class Outlook:
    """A projection made at ``latest_time`` from ``points`` observations since the peak."""

    peak_time: pd.Timestamp
    peak: int
    latest_time: pd.Timestamp
    latest: int
    rate_per_hour: float  # the fitted decay rate k: out(t) = out(t0) * exp(-k (t - t0))
    slow_rate: float  # the two halves' rates, the slower and the faster
    fast_rate: float
    points: int
    targets: tuple[Target, ...]

    @property
    def half_life_hours(self) -> float:
        return float(np.log(2) / self.rate_per_hour)

    def target(self, share: float) -> Target:
        return next(t for t in self.targets if t.share == share)

    def curve(self, rate: float | None = None, until: pd.Timestamp | None = None,
              steps: int = 40) -> pd.DataFrame:
        """The projected customers out from the latest figure on (timestamp, customers_out),
        at ``rate`` (default: the fitted one) until ``until`` (default: the central
        "practically all" time)."""
        rate = self.rate_per_hour if rate is None else rate
        until = self.target(NEARLY_ALL).at if until is None else until
        span = max((until - self.latest_time) / pd.Timedelta(hours=1), 0.0)
        hours = np.linspace(0.0, span, steps)
        out = self.latest * np.exp(-rate * hours) if rate > 0 else np.full(steps, self.latest)
        times = self.latest_time + pd.to_timedelta(hours * 3600, unit="s")
        return pd.DataFrame({"timestamp": times, "customers_out": out})


@dataclass(frozen=True)
class NoOutlook:
    """Why no projection is made: ``reason`` is one of REASONS; ``points`` the observations
    since the peak."""

    reason: str
    points: int = 0


def project(timestamps: pd.Series | pd.DatetimeIndex, customers_out: pd.Series | np.ndarray,
            *, max_points: int = MAX_POINTS) -> Outlook | NoOutlook:
    """The restoration outlook for a series of customers out (aware timestamps, in order).

    The peak is the series' largest value (its last occurrence); the fit uses the positive
    values among the last ``max_points`` observations from the peak on.
    """
    times = pd.DatetimeIndex(timestamps)
    values = np.asarray(customers_out, dtype=np.float64)
    keep = ~np.isnan(values)
    times, values = times[keep], values[keep]
    if len(values) == 0 or values.max() <= 0:
        return NoOutlook("empty")
    peak_at = len(values) - 1 - int(np.argmax(values[::-1]))
    peak = values[peak_at]
    since_times, since = times[peak_at:], values[peak_at:]
    latest = since[-1]
    if latest >= peak:
        return NoOutlook("not_recovering", len(since))
    if latest <= peak * (1 - NEARLY_ALL):
        return NoOutlook("already_restored", len(since))
    fit_times, fit = since_times[-max_points:], since[-max_points:]
    positive = fit > 0
    fit_times, fit = fit_times[positive], fit[positive]
    if len(fit) < MIN_POINTS:
        return NoOutlook("too_few_points", len(fit))
    hours = _hours(fit_times, since_times[0])
    rate = _rate(hours, fit)
    if not rate > 0:
        return NoOutlook("not_decaying", len(fit))
    middle = len(fit) // 2
    halves = [_rate(hours[:middle + 1], fit[:middle + 1]), _rate(hours[middle:], fit[middle:])]
    rates = [r for r in halves if not np.isnan(r)] + [rate]
    slow, fast = min(rates), max(rates)
    latest_time = since_times[-1]
    targets = tuple(_target(share, peak, latest, latest_time, since_times, since, rate, slow, fast)
                    for share in TARGETS)
    first = targets[0]
    if not first.reached and (first.at - latest_time) > pd.Timedelta(hours=HORIZON_HOURS):
        return NoOutlook("too_slow", len(fit))
    return Outlook(peak_time=since_times[0], peak=int(round(peak)), latest_time=latest_time,
                   latest=int(round(latest)), rate_per_hour=rate, slow_rate=slow,
                   fast_rate=fast, points=len(fit), targets=targets)


def hours_to(level: float, latest: float, rate: float) -> float:
    """Hours from a figure ``latest`` until the decay at ``rate`` reaches ``level``."""
    if latest <= level:
        return 0.0
    return float(np.log(latest / level) / rate) if rate > 0 else float("inf")


def _target(share: float, peak: float, latest: float, latest_time: pd.Timestamp,
            times: pd.DatetimeIndex, values: np.ndarray, rate: float, slow: float,
            fast: float) -> Target:
    level = peak * (1 - share)
    if latest <= level:
        when = times[int(np.argmax(values <= level))]
        return Target(share, when, when, when, reached=True)

    def at(k: float) -> pd.Timestamp | None:
        h = hours_to(level, latest, k)
        return None if not np.isfinite(h) else latest_time + pd.Timedelta(hours=h)

    return Target(share, at(rate), at(fast), at(slow))


def _hours(times: pd.DatetimeIndex, origin: pd.Timestamp) -> np.ndarray:
    return (times - origin) / pd.Timedelta(hours=1)


def _rate(hours: np.ndarray, values: np.ndarray) -> float:
    """The decay rate (per hour) of a least-squares line through log(values); NaN when the
    points span no time."""
    hours = np.asarray(hours, dtype=np.float64)
    if len(values) < 2 or np.ptp(hours) == 0:
        return float("nan")
    slope = np.polyfit(hours, np.log(values), 1)[0]
    return float(-slope)
