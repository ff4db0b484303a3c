"""What the map shows: the drill-down areas a dataset offers, its figures prepared for one of
them, and the stops of the time slider. Pure functions (no Streamlit), tested directly.

Drill-down: Ukraine (oblasts) -> Kyiv (districts); United States (states) -> all counties ->
one state's counties. Data at a lower level also offers the level above, its figures summed
per parent region (customers served are then left unknown: the data need not cover every
county of a state, so a share of the state would be wrong).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from outages import boundaries

MAX_STOPS = 300  # time slider stops; more are thinned evenly


@dataclass(frozen=True)
class Area:
    """One choice of the drill-down: the boundary ``level`` drawn, whether the figures are
    summed up from the level below, and the parent region whose children alone are drawn."""

    key: str
    level: str
    rolled_up: bool = False
    within: str | None = None

    def regions(self) -> list[str] | None:
        """The region ids to draw, or None for every region of the level."""
        if self.within is None:
            return None
        return boundaries.children(boundaries.parent(self.level), self.within)


def areas(region_ids: Iterable[object]) -> list[Area]:
    """The drill-down choices for a dataset's region ids, top level first ([] when none of
    the bundled levels fits them)."""
    ids = [str(r) for r in dict.fromkeys(region_ids) if r is not None and r is not pd.NA]
    level = boundaries.detect_level(ids)
    if level == "ua_oblast":
        found = [Area("ua_oblast", "ua_oblast")]
        if any(boundaries.normalise(r, "kyiv_district") for r in ids):
            found.append(Area("kyiv_district", "kyiv_district"))
        return found
    if level == "kyiv_district":
        return [Area("ua_oblast", "ua_oblast", rolled_up=True),
                Area("kyiv_district", "kyiv_district")]
    if level == "us_state":
        return [Area("us_state", "us_state")]
    if level == "us_county":
        states = sorted({s for s in (boundaries.parent_id("us_county", r) for r in ids) if s})
        return [Area("us_state", "us_state", rolled_up=True), Area("us_county", "us_county"),
                *(Area(f"us_county:{s}", "us_county", within=s) for s in states)]
    return []


def default_area(found: list[Area]) -> Area:
    """The area a map opens on: the data's own level, not a level it is summed up to (county
    figures are drawn as counties), and only the state they lie in when they lie in one."""
    own = [a for a in found if not a.rolled_up]
    within = [a for a in own if a.within is not None]
    if len(within) == 1:
        return within[0]
    return (own or found)[0]


def _combine(frame: pd.DataFrame, ids: pd.Series, keep_totals: bool) -> pd.DataFrame:
    """Rows of ``frame`` grouped by ``ids`` (NA ids dropped): customers out summed, customers
    served summed when every row knows it (and ``keep_totals``), the latest figure time."""
    rows = frame.assign(_id=ids).dropna(subset=["_id"])
    groups = rows.groupby("_id", sort=True)
    out = pd.DataFrame({
        "region_id": pd.array(groups.size().index, dtype="string"),
        "region_name": groups["region_name"].first().array,
        "customers_out": groups["customers_out"].sum().astype("int64").to_numpy(),
    })
    totals = groups["customers_total"].sum(min_count=1)
    complete = groups["customers_total"].count() == groups.size()
    out["customers_total"] = pd.array(totals.where(complete & keep_totals).array, dtype="Int64")
    served = out["customers_total"].astype("Float64")
    out["pct_out"] = (out["customers_out"] / served.where(served > 0) * 100).astype("Float64")
    out["observed_at"] = groups["observed_at"].max().array
    return out


def prepare(frame: pd.DataFrame, area: Area) -> pd.DataFrame:
    """``maps.frame_at`` output for ``area``: region ids in the level's canonical spelling
    (rows naming no region of the level left out), summed up a level when the area says so,
    and only the area's regions."""
    if area.rolled_up:
        child = boundaries.child_level(area.level)
        parents = frame["region_id"].map(lambda r: boundaries.parent_id(child, r))
        shown = _combine(frame, parents.astype("string"), keep_totals=False)
    else:
        ids = frame["region_id"].map(lambda r: boundaries.normalise(r, area.level))
        shown = _combine(frame, ids.astype("string"), keep_totals=True)
    wanted = area.regions()
    if wanted is not None:
        shown = shown.loc[shown["region_id"].isin(wanted)].reset_index(drop=True)
    return shown


def unplaced(region_ids: Iterable[object], area: Area) -> list[str]:
    """The ids that match no bundled region of the level ``area`` draws from (sorted)."""
    level = boundaries.child_level(area.level) if area.rolled_up else area.level
    return sorted({str(r) for r in region_ids if boundaries.normalise(r, level) is None})


def slider_stops(moments: pd.DatetimeIndex, keep: pd.Timestamp | None = None,
                 limit: int = MAX_STOPS) -> pd.DatetimeIndex:
    """At most about ``limit`` of ``moments`` (sorted, distinct), evenly spread, always with
    the first and the last; ``keep`` is added when it is one of the moments."""
    if len(moments) <= limit:
        return moments
    picks = np.unique(np.linspace(0, len(moments) - 1, limit).round().astype(np.int64))
    stops = moments[picks]
    if keep is not None and keep in moments and keep not in stops:
        stops = stops.append(pd.DatetimeIndex([keep])).sort_values()
    return stops


def nearest_stop(stops: pd.DatetimeIndex, at: pd.Timestamp | None) -> pd.Timestamp:
    """The stop shown for ``at``: the last stop at or before it (the figures held then), the
    first stop when ``at`` is earlier, the last when ``at`` is None."""
    if at is None or at >= stops[-1]:
        return stops[-1]
    position = int(stops.searchsorted(at, side="right")) - 1
    return stops[max(position, 0)]


def window_moments(moments: pd.DatetimeIndex, start: pd.Timestamp | None,
                   end: pd.Timestamp | None) -> pd.DatetimeIndex:
    """The moments inside a time window (all of them when the window holds none)."""
    inside = moments
    if start is not None:
        inside = inside[inside >= start]
    if end is not None:
        inside = inside[inside <= end]
    return inside if len(inside) else moments
