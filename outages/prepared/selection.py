"""A window applied to one service's pre-aggregates: the regions and rows it covers, and what
comes straight from them: the per-time totals, customers served, and the rows as
``outages.figures`` sees them (for the figures computed by its own arithmetic)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from outages.figures import Columns, Series, ServiceRows, bound_us, service_rows
from outages.metrics import Window
from outages.prepared.parts import Part, bisect, changes_per_time, gather, ranges


@dataclass
class Selection:
    """A window applied to one part: regions, their rows up to the end, start and end."""

    part: Part
    regions: np.ndarray | None  # region numbers; None = every region
    start: int | None  # microseconds, rounded up
    end: int | None  # microseconds, rounded down
    js: int  # times[:js] are at or before start (0 without start)
    ke: int  # times[:ke] are at or before end

    @classmethod
    def of(cls, part: Part, window: Window) -> Selection:
        regions = part.region_numbers(window.regions) if window.regions else None
        start, end = bound_us(window.start, ceil=True), bound_us(window.end, ceil=False)
        js = 0 if start is None else int(np.searchsorted(part.times, start, side="right"))
        ke = len(part.times) if end is None else int(np.searchsorted(part.times, end,
                                                                     side="right"))
        return cls(part, regions, start, end, js, ke)

    def chosen(self) -> np.ndarray:
        """Region numbers with at least one row up to the end."""
        regions = np.arange(self.part.regions) if self.regions is None else self.regions
        return regions[self.part.first_tidx[regions] < self.ke]

    def row_ranges(self, regions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each region, its rows up to the end: [lo, hi)."""
        p = self.part
        lo = p.offsets[regions]
        hi = p.offsets[regions + 1]
        if self.ke < len(p.times):
            hi = bisect(p.tidx, lo, hi, self.ke, "left")
        return lo, hi

    @property
    def empty(self) -> bool:
        return len(self.chosen()) == 0

    def inside(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(regions, first row, end row) of the rows with start <= time <= end."""
        p = self.part
        regions = self.chosen()
        lo, hi = self.row_ranges(regions)
        if self.start is not None:
            lo = bisect(p.tidx, lo, hi, int(np.searchsorted(p.times, self.start)), "left")
        return regions, lo, hi

    # -- per-time totals (derived restoration) ---------------------------------------------

    def totals(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(rows, increases, decreases) per time, running totals for the latter two."""
        p = self.part
        if self.regions is None:
            return p.count, p.plus, p.minus
        chosen = np.zeros(p.regions, bool)
        chosen[self.regions] = True
        sizes = np.diff(p.offsets)
        if sizes[chosen].sum() <= sizes.sum() // 2:
            return _region_totals(p, np.flatnonzero(chosen))
        # most rows chosen: all regions' totals less those of the rest
        count, plus, minus = _region_totals(p, np.flatnonzero(~chosen))
        return p.count - count, p.plus - plus, p.minus - minus

    def series(self) -> Series:
        """The totals over the selected regions at each time (derived restoration)."""
        count, plus, minus = self.totals()
        p, js, ke = self.part, self.js, self.ke
        after = js + np.flatnonzero(count[js:ke])
        base_plus = plus[js - 1] if js else 0
        base_minus = minus[js - 1] if js else 0
        held = base_plus - base_minus
        out = plus[after] - minus[after]
        cut = held + plus[after] - base_plus
        restored = minus[after] - base_minus
        times = p.times[after]
        if js and count[:js].any():
            times = np.r_[self.start, times]
            out, cut, restored = np.r_[held, out], np.r_[held, cut], np.r_[0, restored]
        return Series(times.astype(np.int64), out.astype(np.int64), cut.astype(np.int64),
                      restored.astype(np.int64), "derived")

    def served(self) -> tuple[np.ndarray, np.ndarray]:
        """Latest customers_total up to the end per chosen region, and whether known."""
        p = self.part
        regions = self.chosen()
        _, hi = self.row_ranges(regions)
        at = p.totals.last_known(regions, hi)
        known = at >= 0
        return np.where(known, p.totals.value[np.maximum(at, 0)], 0), known

    # -- the selected rows, for outages.figures' own arithmetic -----------------------------

    def service_rows(self, regions: np.ndarray | None = None) -> ServiceRows:
        """The selected rows (of ``regions``, default every chosen one) as the reference path
        selects them from a table, ``rows`` being positions in the part."""
        p = self.part
        regions = self.chosen() if regions is None else regions
        lo, hi = self.row_ranges(regions)
        rows = ranges(lo, hi)
        m = len(rows)
        total, total_missing = p.totals.rows(rows)
        if p.restored is not None:
            restored = (p.restored[rows], p.restored_null[rows])
        else:
            restored = (np.zeros(m, np.int64), np.ones(m, bool))
        columns = Columns(ts=p.times[p.tidx[rows]], out=p.out[rows].astype(np.int64),
                          restored=restored, total=(total, total_missing), region_ids=p.ids)
        per_row = np.repeat(regions, hi - lo)
        service = service_rows(p.service, np.arange(m), per_row, columns, self.start, self.end)
        service.rows = rows[service.rows]  # back to positions in the part
        return service


def _region_totals(p: Part, regions: np.ndarray) -> tuple[np.ndarray, ...]:
    """``Selection.totals`` of some of the part's regions, from their rows."""
    lo, hi = p.offsets[regions], p.offsets[regions + 1]
    tidx = gather(p.tidx, lo, hi)
    out = gather(p.out, lo, hi)
    sizes = hi - lo
    first = np.zeros(len(out), bool)
    first[(np.cumsum(sizes) - sizes)[sizes > 0]] = True
    n = len(p.times)
    plus, minus = changes_per_time(tidx, out, first, n)
    return np.bincount(tidx, minlength=n).astype(np.int64), np.cumsum(plus), np.cumsum(minus)
