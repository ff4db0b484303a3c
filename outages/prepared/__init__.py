"""Per-dataset pre-aggregates: a view change answered without touching the raw rows.

``prepare(table)`` (or ``prepare_encoded`` for the store's integer columns) runs once per
dataset version. It keeps, per service, the rows sorted by region and time as two small
columns (time rank, customers_out), each region's row range, the distinct times, and per time
the sums of the increases and decreases of every region's value with their running totals.
From these:

- KPIs and the chart series of all regions for any time window are slices of the per-time
  running totals (cost: the number of distinct times, not rows); a set of regions re-sums the
  per-time changes of just their rows;
- the map frame at a time is one vectorised binary search per region;
- by_region (without reported restoration) reduces each region's row slice.

The figures equal ``outages.metrics`` and ``outages.maps.frame_at`` (tests/test_prepared.py
checks them against each other). Services with reported restoration (``customers_restored``)
and the per-region series are computed from the selected rows with the reference path's own
step arithmetic (``outages.figures``), so they agree by construction; their cost grows with
the rows selected.

Kept on disk: ``cache(store, id, table)`` right after an ingest, or ``load(store, id)`` the
first time, writes the arrays beside the store (``cache_folder``); every later ``load``, in any
process, memory-maps them after checking them (a damaged copy is rebuilt).

The jobs, one module each: ``build`` (rows -> parts), ``parts`` (the data and its array
helpers), ``selection`` and ``query`` (answering a view), ``disk`` (the cache).
"""

from outages.prepared.build import Rows, build, prepare, prepare_encoded
from outages.prepared.disk import (
    FORMAT,
    HASH,
    MANIFEST,
    Damaged,
    adopt,
    cache,
    cache_content,
    cache_folder,
    load,
    read,
    save,
)
from outages.prepared.query import EVERYTHING, MAX_POINTS, Prepared

__all__ = ["EVERYTHING", "FORMAT", "HASH", "MANIFEST", "MAX_POINTS", "Damaged", "Prepared",
           "Rows", "adopt", "build", "cache", "cache_content", "cache_folder", "load", "prepare",
           "prepare_encoded", "read", "save"]
