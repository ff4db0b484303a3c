"""Restoration outlook: when will the customers cut off at the peak be back?

The model the dashboard shows (``MODEL = "linear"``), in one sentence: customers out since the
peak fall by a constant number an hour, fitted (least squares on the counts) to the last
``MAX_POINTS`` observations since the peak; the projection continues that line.
``model="decay"`` fits an exponential decay instead (a straight line on the logarithm).
``bench.backtest`` measures both against a naive guess on past OE-417 and Purdue events: at 50 %
restored the constant rate beat the naive median error in most comparisons and the decay in one
of twelve (it projects too late: restoration on real curves does not tail off), so the
dashboard shows the constant rate.

For a series of customers out over time (a total or one region, one service) that is
recovering (its latest figure below its peak), :func:`project` gives the times at which 90 %
and "practically all" (99 %, ``NEARLY_ALL``: an exponential never reaches zero) of the peak's
customers are restored. The range spans the fits to the first and to the second half of the same
observations on their own (if the halves disagree, the range is wide) and the fitted rate give
or take two standard errors (if the points scatter, the range is wide). When one of those
shows no decline, the range has no upper end (``latest`` is None). It is a spread that can be
explained, not a calibrated interval: ``bench.backtest`` measures how far off it was on past
events.

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
FAR_HOURS = 10 * 365 * 24  # a line crossing further ahead than this is taken as never crossing
US_PER_HOUR = 3_600_000_000

# How customers out fall, as (to the fitted scale, back): the fit is a straight line on that
# scale. "decay": exponential decay (a straight line on the logarithm; compared in bench.backtest);
# "linear": a constant number restored an hour (the product's model).
MODELS = {"decay": (np.log, np.exp), "linear": (lambda v: v, lambda y: np.maximum(y, 0.0))}
MODEL = "linear"

REASONS = ("empty", "not_recovering", "already_restored", "too_few_points", "not_decaying",
           "too_slow")


@dataclass(frozen=True)
class Target:
    """The projected moment ``share`` of the peak's customers are restored."""

    share: float  # 0.9 or 0.99
    at: pd.Timestamp  # the central estimate (UTC)
    earliest: pd.Timestamp
    latest: pd.Timestamp | None  # None: a line of the range does not fall
    reached: bool = False  # already reached by the latest figure: ``at`` is when


@dataclass(frozen=True)
class Outlook:
    """A projection made at ``latest_time`` from ``points`` observations since the peak.

    ``lines`` are fitted lines, each (a, k): log(customers out) = a - k * hours since the
    peak for the model "decay" (customers out = a - k * hours for "linear"). The first is the
    fit to all the points (the estimate); the others make the range: the fits to the first
    and to the second half of the points, and the first line's rate give or take two standard
    errors, through its value at the latest figure.
    """

    peak_time: pd.Timestamp
    peak: int
    latest_time: pd.Timestamp
    latest: int
    points: int
    lines: tuple[tuple[float, float], ...]
    targets: tuple[Target, ...]
    model: str = MODEL

    @property
    def rate_per_hour(self) -> float:
        return self.lines[0][1]

    @property
    def half_life_hours(self) -> float:
        """("decay") The hours in which half of those still out are restored."""
        return float(np.log(2) / self.rate_per_hour)

    def target(self, share: float) -> Target:
        return next(t for t in self.targets if t.share == share)

    def curve(self, until: pd.Timestamp | None = None, steps: int = 40) -> pd.DataFrame:
        """The projection from the latest figure's time on, until ``until`` (default: the
        central "practically all" time): columns timestamp, customers_out (the estimate),
        low and high (the range: the lowest and highest of the lines, at most the peak)."""
        until = self.target(NEARLY_ALL).at if until is None else until
        start = _hours(pd.DatetimeIndex([self.latest_time]), self.peak_time)[0]
        span = max((until - self.latest_time) / pd.Timedelta(hours=1), 0.0)
        hours = start + np.linspace(0.0, span, steps)
        back = MODELS[self.model][1]
        values = np.array([back(a - k * hours) for a, k in self.lines])
        values = np.minimum(values, self.peak)
        times = self.peak_time + pd.to_timedelta(hours * 3600, unit="s")
        return pd.DataFrame({"timestamp": times, "customers_out": values[0],
                             "low": values.min(axis=0), "high": values.max(axis=0)})


@dataclass(frozen=True)
class NoOutlook:
    """Why no projection is made: ``reason`` is one of REASONS; ``points`` the observations
    since the peak."""

    reason: str
    points: int = 0


def project(timestamps: pd.Series | pd.DatetimeIndex, customers_out: pd.Series | np.ndarray,
            *, max_points: int = MAX_POINTS, model: str = MODEL) -> Outlook | NoOutlook:
    """The restoration outlook for a series of customers out (aware timestamps, in order).

    The peak is the series' largest value (its last occurrence); the fit uses the positive
    values among the last ``max_points`` observations from the peak on. ``model``: one of
    MODELS.
    """
    scale = MODELS[model][0]
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
    a, rate, error = _fit(hours, scale(fit))
    if not rate > 0:
        return NoOutlook("not_decaying", len(fit))
    middle = len(fit) // 2
    halves = [_fit(hours[:middle + 1], scale(fit[:middle + 1])),
              _fit(hours[middle:], scale(fit[middle:]))]
    at_latest = a - rate * hours[-1]  # the fitted value at the latest figure
    spread = [(at_latest + k * hours[-1], k) for k in (rate - 2 * error, rate + 2 * error)
              if np.isfinite(k)]
    lines = ((a, rate), *[(h[0], h[1]) for h in halves if np.isfinite(h[1])], *spread)
    latest_time = since_times[-1]
    targets = tuple(_target(share, peak, since_times, since, lines, scale)
                    for share in TARGETS)
    first = targets[0]
    if not first.reached and (first.at is None
                              or first.at - latest_time > pd.Timedelta(hours=HORIZON_HOURS)):
        return NoOutlook("too_slow", len(fit))
    return Outlook(peak_time=since_times[0], peak=int(round(peak)), latest_time=latest_time,
                   latest=int(round(latest)), points=len(fit), lines=lines, targets=targets,
                   model=model)


def crossing(level: float, a: float, k: float) -> float:
    """Hours after the peak at which the line y = a - k h reaches ``level`` (on the fitted
    scale; inf when it does not fall)."""
    return float((a - level) / k) if k > 0 else float("inf")


def _target(share: float, peak: float, times: pd.DatetimeIndex, values: np.ndarray,
            lines: tuple[tuple[float, float], ...], scale) -> Target:
    level = peak * (1 - share)
    if values[-1] <= level:
        when = times[int(np.argmax(values <= level))]
        return Target(share, when, when, when, reached=True)
    latest = _hours(times[-1:], times[0])[0]

    def at(a: float, k: float) -> pd.Timestamp | None:
        h = crossing(scale(level), a, k)  # not before the latest figure, which is still above
        if not np.isfinite(h) or h > latest + FAR_HOURS:  # a nearly flat line: no end in view
            return None
        return times[0] + pd.Timedelta(hours=max(h, latest))

    each = [at(a, k) for a, k in lines]
    known = [w for w in each if w is not None]
    return Target(share, each[0], min(known) if known else None,
                  None if None in each else max(known))


def _hours(times: pd.DatetimeIndex, origin: pd.Timestamp) -> np.ndarray:
    return (times - origin) / pd.Timedelta(hours=1)


def _fit(hours: np.ndarray, ys: np.ndarray) -> tuple[float, float, float]:
    """(a, k, standard error of k) of the least-squares line ys = a - k * hours; NaN when the
    points span no time, an infinite error with only two points."""
    hours = np.asarray(hours, dtype=np.float64)
    if len(ys) < 2 or np.ptp(hours) == 0:
        return float("nan"), float("nan"), float("nan")
    ys = np.asarray(ys, dtype=np.float64)
    slope, a = np.polyfit(hours, ys, 1)
    if len(ys) < 3:
        return float(a), float(-slope), float("inf")
    residuals = ys - (a + slope * hours)
    variance = float(residuals @ residuals) / (len(ys) - 2)
    error = np.sqrt(variance / float(((hours - hours.mean()) ** 2).sum()))
    return float(a), float(-slope), float(error)
