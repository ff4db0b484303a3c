"""Services side by side: how far each service of a dataset is restored over time, and how long
each comes back after power (the city's dependency chain: pumps and heating plants need power).

A service's restoration % at a time is ``(peak - out) / peak * 100``: the share of its peak
customers out that are back, from the first time the peak is reached onwards (before the peak
nothing is being restored, so no value). The times to 50 % and 90 % restored are the shared key
figures (``ServiceSummary.hours_to_50pct_restored`` and ``..._90pct_...``, outages.figures): the
first time from the peak that the total out falls to half (a tenth) of the peak, which is when
restoration % first reaches 50 (90). Nothing is redefined here.

The lag of a service at a level is its time to reach that level minus the reference service's
(positive: it comes back later). The reference is power when the comparison holds power, else
the first service to reach 50 % restored (then 90 %; then the first in ``schema.SERVICES``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from . import fmt, metrics
from .figures import ServiceSummary
from .i18n import MESSAGES, t
from .metrics import Window
from .schema import SERVICES

LEVELS = (50, 90)  # % restored: the two key figures
REFERENCE = "power"


@dataclass(frozen=True)
class ServiceRestoration:
    """One service's restoration over the selection."""

    service: str
    peak: int
    peak_time: pd.Timestamp
    hours_to_50: float | None  # from the peak; None when not reached
    hours_to_90: float | None
    curve: pd.DataFrame  # timestamp, customers_out, restored_pct (NaN before the peak)

    def hours_to(self, level: int) -> float | None:
        return {50: self.hours_to_50, 90: self.hours_to_90}[level]

    def reached_at(self, level: int) -> pd.Timestamp | None:
        """When restoration first reached ``level`` % (None when it has not)."""
        hours = self.hours_to(level)
        return None if hours is None else self.peak_time + pd.Timedelta(hours=hours)


@dataclass(frozen=True)
class Lag:
    """How long after the reference service ``service`` reached ``level`` % restored."""

    service: str
    reference: str
    level: int
    hours: float | None  # negative: before the reference; None when either has not reached it


@dataclass(frozen=True)
class Comparison:
    """Every compared service (in the order of ``schema.SERVICES``), the reference and the lag
    of each other service at each of LEVELS."""

    services: tuple[ServiceRestoration, ...]
    reference: str
    lags: tuple[Lag, ...]

    def get(self, service: str) -> ServiceRestoration:
        return next(s for s in self.services if s.service == service)

    def lag(self, service: str, level: int) -> Lag | None:
        return next((g for g in self.lags if g.service == service and g.level == level), None)


def restoration_curve(series: pd.DataFrame, peak: int, peak_time: pd.Timestamp) -> pd.DataFrame:
    """``series`` (timestamp, customers_out, as ``metrics.total_out`` or ``cumulative``) with
    restored_pct = (peak - out) / peak * 100 from ``peak_time`` on, NaN before it."""
    out = series["customers_out"].to_numpy(dtype=np.float64)
    after = (series["timestamp"] >= peak_time).to_numpy(dtype=bool)
    pct = np.where(after, (peak - out) / peak * 100, np.nan) if peak > 0 else np.full(
        len(out), np.nan)
    return pd.DataFrame({"timestamp": series["timestamp"].reset_index(drop=True),
                         "customers_out": series["customers_out"].to_numpy(dtype=np.int64),
                         "restored_pct": pct})


def compare(series: Mapping[str, pd.DataFrame],
            summaries: Mapping[str, ServiceSummary] | list[ServiceSummary]) -> Comparison | None:
    """The services side by side, or None when fewer than two services had anyone cut off.

    ``series`` holds each service's customers out over time and ``summaries`` its key figures,
    both over the same selection (``metrics.total_out`` / ``metrics.summary``, or the pages'
    cached pre-aggregates).
    """
    if not isinstance(summaries, Mapping):
        summaries = {s.service: s for s in summaries}
    compared = []
    for service in sorted(series, key=_order):
        s = summaries.get(service)
        frame = series[service]
        if s is None or s.peak_customers_out <= 0 or s.peak_time is None or not len(frame):
            continue
        compared.append(ServiceRestoration(
            service, s.peak_customers_out, s.peak_time, s.hours_to_50pct_restored,
            s.hours_to_90pct_restored,
            restoration_curve(frame, s.peak_customers_out, s.peak_time)))
    if len(compared) < 2:
        return None
    reference = _reference(compared)
    ref = next(s for s in compared if s.service == reference)
    lags = tuple(Lag(s.service, reference, level, _lag_hours(s, ref, level))
                 for s in compared if s.service != reference for level in LEVELS)
    return Comparison(tuple(compared), reference, lags)


def from_table(table: pd.DataFrame, window: Window | None = None) -> Comparison | None:
    """``compare`` over a canonical table (every service in it; ``window.service`` ignored)."""
    window = replace(window or Window(), service=None)
    summaries = metrics.summary(table, window)
    series = {s.service: metrics.total_out(table, replace(window, service=s.service))
              for s in summaries}
    return compare(series, summaries)


def _order(service: str) -> tuple[int, str]:
    return (SERVICES.index(service) if service in SERVICES else len(SERVICES), service)


def _reference(compared: list[ServiceRestoration]) -> str:
    names = [s.service for s in compared]
    if REFERENCE in names:
        return REFERENCE
    for level in LEVELS:
        reached = [(s.reached_at(level), i) for i, s in enumerate(compared)
                   if s.reached_at(level) is not None]
        if reached:
            return compared[min(reached)[1]].service
    return compared[0].service


def _lag_hours(s: ServiceRestoration, ref: ServiceRestoration, level: int) -> float | None:
    at, ref_at = s.reached_at(level), ref.reached_at(level)
    if at is None or ref_at is None:
        return None
    return (at - ref_at).total_seconds() / 3600


# --- in words ---------------------------------------------------------------------------------


def service_name(service: str, lang: str) -> str:
    """A service's label (Power, Електропостачання), or its code when it has none."""
    key = f"service.{service}"
    return t(key, lang) if key in MESSAGES else service


def describe(comparison: Comparison, tz: str | None, lang: str = "en") -> list[str]:
    """One sentence per compared service and level: "Water: 50 % restored 4 h after power
    (14:00 EET vs 10:00 EET)", or why there is no lag."""
    ref = comparison.get(comparison.reference)
    ref_name = service_name(ref.service, lang)
    lines = []
    for level in LEVELS:
        pct = fmt.percent(level, lang, 0)
        ref_at = ref.reached_at(level)
        if ref_at is None:
            lines.append(t("services.reference_not_reached", lang, service=ref_name, level=pct))
        for s in comparison.services:
            if s.service == ref.service:
                continue
            name = service_name(s.service, lang)
            at = s.reached_at(level)
            if at is None:
                lines.append(t("services.not_reached", lang, service=name, level=pct))
                continue
            lag = comparison.lag(s.service, level)
            if lag is None or lag.hours is None:
                lines.append(t("services.reached_at", lang, service=name, level=pct,
                               at=fmt.when(at, tz, lang)))
                continue
            key = ("services.same_time" if lag.hours == 0 else
                   "services.after" if lag.hours > 0 else "services.before")
            shown, ref_shown = _times(at, ref_at, tz, lang)
            lines.append(t(key, lang, service=name, reference=ref_name.lower(), level=pct,
                           lag=fmt.hours(abs(lag.hours), lang), at=shown, ref_at=ref_shown))
    return lines


def _times(at: pd.Timestamp, ref_at: pd.Timestamp, tz: str | None,
           lang: str) -> tuple[str, str]:
    """Two times as clock times when they fall on the same local day, else with their dates."""
    zone = tz or "UTC"
    if at.tz_convert(zone).date() == ref_at.tz_convert(zone).date():
        return fmt.clock(at, zone), fmt.clock(ref_at, zone)
    return fmt.when(at, zone, lang), fmt.when(ref_at, zone, lang)
