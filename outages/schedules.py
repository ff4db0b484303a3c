"""Ukrainian outage-queue schedules (the DTEK / Yasno "DisconSchedule" JSON) as a dataset kind of
their own: planned hours without power per queue group and day, never mixed with measured figures.

``read(data, filename)`` returns a :class:`Schedule` or raises ``InputError`` naming every
problem (``schedule.*`` codes). The shape read is
``fact.data[<unix time of local midnight>][<group, e.g. GPV1.1>][<hour "1".."24">]`` with one of
``yes`` (power on), ``no`` (off the whole hour), ``first`` / ``second`` (off the first / second
half hour), ``maybe`` and ``mfirst`` / ``msecond`` (possibly off: kept apart from the definite
outages). Hour "1" is 00:00-01:00, Europe/Kyiv wall-clock time.

Schedules are not put into the store: a schedule is a small file read on demand (the bundled
sample, or a file given on the Schedules page), so it never enters customer figures.
``measured_by_day`` sets the measured figures of the same region beside a schedule's days.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InputError, Problem
from .limits import MAX_SCHEDULE_BYTES, MAX_SCHEDULE_DAYS, MAX_SCHEDULE_GROUPS
from .readers.text import decode
from .readers.tidy_json import check_depth

TZ = "Europe/Kyiv"
HOURS = tuple(str(h) for h in range(1, 25))
SLOTS = 48  # half hours a day
# state -> (first half off, second half off, only possibly)
STATES: dict[str, tuple[bool, bool, bool]] = {
    "yes": (False, False, False), "no": (True, True, False),
    "first": (True, False, False), "second": (False, True, False),
    "maybe": (True, True, True), "mfirst": (True, False, True), "msecond": (False, True, True),
}
# regionId of the schedule files -> ISO 3166-2 code of the oblast (or city) they cover
REGION_IDS = {"dnipro": "UA-12", "kyiv": "UA-30", "kyiv-region": "UA-32", "odesa": "UA-51"}
SAMPLES_DIR = Path(__file__).resolve().parents[1] / "data" / "samples"
SAMPLE_GLOB = "*.schedule.json"


@dataclass(frozen=True)
class Schedule:
    """One schedule file: per group and day, which half hours are planned off or possibly off."""

    file: str
    region_key: str  # the file's regionId ("dnipro")
    region_id: str | None  # ISO code of the area ("UA-12"), None when the regionId is unknown
    area: str  # the file's own name for the area ("Дніпро та обл.")
    updated: str  # the file's own "update" text ("10.12.2025 08:12")
    groups: tuple[str, ...]
    days: tuple[date, ...]
    off: np.ndarray  # bool [group, day, half hour]: planned off
    maybe: np.ndarray  # bool [group, day, half hour]: possibly off

    def hours(self, kind: str = "off") -> pd.DataFrame:
        """Hours planned without power (kind "off") or possibly without ("maybe"): one row a
        group, one column a day."""
        slots = self.off if kind == "off" else self.maybe
        return pd.DataFrame(slots.sum(axis=2) / 2, index=pd.Index(self.groups, name="group"),
                            columns=pd.Index(self.days, name="day"))

    def intervals(self) -> pd.DataFrame:
        """Planned outages as intervals: group, kind ("off" / "maybe"), start and end (aware,
        Europe/Kyiv). Half hours in a row, across midnight too, make one interval."""
        rows = []
        starts = _slot_starts(self.days).reshape(len(self.days), SLOTS) if self.days else []
        for kind, slots in (("off", self.off), ("maybe", self.maybe)):
            for g, group in enumerate(self.groups):
                for d in range(len(self.days)):
                    edges = np.diff(np.concatenate([[0], slots[g, d].astype(np.int8), [0]]))
                    for a, b in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1),
                                    strict=True):
                        start = starts[d][a]
                        end = start + pd.Timedelta(minutes=30 * int(b - a))
                        if rows and rows[-1][:2] == (group, kind) and rows[-1][3] == start:
                            start = rows.pop()[2]  # goes on from the day before
                        rows.append((group, kind, start, end))
        return pd.DataFrame(rows, columns=["group", "kind", "start", "end"])


def _slot_starts(days: tuple[date, ...]) -> pd.DatetimeIndex:
    """The start of every half hour of ``days`` (consecutive or not), as Kyiv wall-clock time."""
    naive = [pd.Timestamp(d) + pd.Timedelta(minutes=30 * s) for d in days for s in range(SLOTS)]
    return np.array(pd.DatetimeIndex(naive).tz_localize(TZ, ambiguous=False,
                                                        nonexistent="shift_forward"))


def read(data: bytes, filename: str) -> Schedule:
    """The schedule in ``data``; ``InputError`` listing every problem found."""
    if len(data) > MAX_SCHEDULE_BYTES:
        raise InputError(Problem(filename, "schedule.too_big", size=len(data),
                                 limit=MAX_SCHEDULE_BYTES))
    text, _ = decode(data, filename)
    if not text.strip():
        raise InputError(Problem(filename, "file.empty"))
    check_depth(text, filename)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(Problem(filename, "tidy.bad_json", detail=exc.msg, line=str(exc.lineno),
                                 char=str(exc.colno))) from exc
    fact = document.get("fact") if isinstance(document, dict) else None
    days_in = fact.get("data") if isinstance(fact, dict) else None
    if not isinstance(days_in, dict):
        raise InputError(Problem(filename, "schedule.no_fact", None, "fact.data"))
    if not days_in:
        raise InputError(Problem(filename, "schedule.no_days", None, "fact.data"))
    if len(days_in) > MAX_SCHEDULE_DAYS:
        raise InputError(Problem(filename, "schedule.too_many_days", None, "fact.data",
                                 count=len(days_in), limit=MAX_SCHEDULE_DAYS))
    problems: list[Problem] = []
    days = {key: _day(key, filename, problems) for key in days_in}
    groups = sorted({g for v in days_in.values() if isinstance(v, dict) for g in v}, key=_group_key)
    if len(groups) > MAX_SCHEDULE_GROUPS:
        raise InputError(Problem(filename, "schedule.too_many_groups", None, "fact.data",
                                 count=len(groups), limit=MAX_SCHEDULE_GROUPS))
    order = sorted((d, k) for k, d in days.items() if d is not None)
    if len({d for d, _ in order}) != len(order):
        seen = [k for (d, k), (d0, _) in zip(order[1:], order, strict=False) if d == d0]
        problems.extend(Problem(filename, "schedule.repeated_day", None, f"fact.data.{k}")
                        for k in seen)
    off = np.zeros((len(groups), len(order), SLOTS), dtype=bool)
    maybe = np.zeros_like(off)
    for j, (_, key) in enumerate(order):
        by_group = days_in[key]
        if not isinstance(by_group, dict):
            problems.append(Problem(filename, "schedule.not_object", None, f"fact.data.{key}"))
            continue
        for i, group in enumerate(groups):
            where = f"fact.data.{key}.{group}"
            hours = by_group.get(group)
            if not isinstance(hours, dict):
                code = "schedule.missing_group" if hours is None else "schedule.not_object"
                problems.append(Problem(filename, code, None, where))
                continue
            _hours(hours, where, filename, problems, off[i, j], maybe[i, j])
    if problems:
        raise InputError(problems)
    region_key = str(document.get("regionId", ""))
    return Schedule(file=filename, region_key=region_key, region_id=REGION_IDS.get(region_key),
                    area=str(document.get("regionAffiliation", "")),
                    updated=str(fact.get("update", "")), groups=tuple(groups),
                    days=tuple(d for d, _ in order), off=off, maybe=maybe)


def _group_key(name: str) -> tuple:
    """GPV1.1 < GPV1.2 < GPV2.1 < GPV10.1: numbers compared as numbers."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name))


def _day(key: str, filename: str, problems: list[Problem]) -> date | None:
    """The Kyiv date whose midnight the unix time ``key`` is; None (and a problem) otherwise."""
    at = None
    if key.isdigit() and len(key) <= 12:
        at = pd.Timestamp(int(key), unit="s", tz="UTC").tz_convert(TZ)
    if at is None or (at.hour, at.minute, at.second) != (0, 0, 0) or not 2000 <= at.year <= 2100:
        problems.append(Problem(filename, "schedule.bad_day", None, f"fact.data.{key[:40]}",
                                value=key[:40]))
        return None
    return at.date()


def _hours(hours: dict, where: str, filename: str, problems: list[Problem],
           off: np.ndarray, maybe: np.ndarray) -> None:
    """Fill one group's day (48 half hours) from its 24 hour states."""
    extra = [h for h in hours if h not in HOURS]
    if extra:
        problems.append(Problem(filename, "schedule.bad_hour", None, f"{where}.{extra[0][:20]}",
                                value=extra[0][:20]))
    for n, hour in enumerate(HOURS):
        state = hours.get(hour)
        if state is None:
            problems.append(Problem(filename, "schedule.missing_hour", None, f"{where}.{hour}"))
            continue
        if not isinstance(state, str) or state not in STATES:
            problems.append(Problem(filename, "schedule.bad_state", None, f"{where}.{hour}",
                                    value=str(state)[:40], states=", ".join(STATES)))
            continue
        first, second, possible = STATES[state]
        target = maybe if possible else off
        target[2 * n], target[2 * n + 1] = first, second


def samples() -> list[Path]:
    """The schedule files that ship with the dashboard (data/samples/*.schedule.json)."""
    return sorted(SAMPLES_DIR.glob(SAMPLE_GLOB))


def planned_by_day(schedule: Schedule) -> pd.DataFrame:
    """Per day: the mean, least and most hours planned off over the groups, and hours possibly
    off (mean)."""
    off, maybe = schedule.hours("off"), schedule.hours("maybe")
    return pd.DataFrame({"planned_mean": off.mean(), "planned_min": off.min(),
                         "planned_max": off.max(), "maybe_mean": maybe.mean()})


def measured_by_day(table: pd.DataFrame, region_id: str, days: tuple[date, ...],
                    service: str = "power") -> pd.DataFrame:
    """Measured figures of ``region_id`` on ``days`` (Kyiv dates), from a canonical table: the
    customer-hours out and the hours with any customer out, each figure holding until the
    region's next one (the last figure holds for no time). Days with no figures are absent."""
    rows = table[(table["region_id"] == region_id) & (table["service"] == service)]
    rows = rows.sort_values("timestamp")
    if rows.empty:
        return pd.DataFrame(columns=["customer_hours", "hours_out"], index=pd.Index([], name="day"))
    times = pd.DatetimeIndex(rows["timestamp"]).tz_convert(TZ)
    held = (pd.Series(times).diff().shift(-1).dt.total_seconds().fillna(0) / 3600).to_numpy()
    out = rows["customers_out"].to_numpy(dtype=float)
    frame = pd.DataFrame({"day": times.date, "customer_hours": out * held,
                          "hours_out": np.where(out > 0, held, 0.0)})
    by_day = frame.groupby("day").sum()
    return by_day[by_day.index.isin(days)]
