"""``check_table``'s checks for a reader that already holds its rows as sorted integer columns.

A streaming reader (EAGLE-I, ``outages.readers.eaglei_stream``) ends with one service, region
codes into sorted region ids, one name per region, times and counts as numpy arrays, in
canonical order (region, then time) with no key twice. Building the 10 M-row pandas frame only
for ``check_table`` to take it apart again cost seconds and a gigabyte, so these are the same
checks on those arrays, through the same functions of ``outages.validate``: text rules on the
distinct ids and names, years on the distinct times, the published-totals warning, duplicates
and every sequence warning. Warnings come out equal and in the same order as ``check_table``'s
(tests/test_eaglei_stream.py compares both on random files); an error raises InputError like
``check_table``, though the streaming reader then reads the file the old way for the exact
report.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import InputError, Phrase, Problem
from .times import implausible, year_message
from .validate import (
    SORTED_SERVICES,
    _check_long,
    _check_plain,
    _duplicates,
    _Found,
    _published_totals,
    _sequence_warnings,
    _Sorted,
    _when,
)


def check_sorted(file: str, *, service: str, micros: np.ndarray, regions: np.ndarray,
                 region_ids: list[str], region_names: list[str], counts: dict[str, np.ndarray],
                 rows: np.ndarray, published: bool, texts: bool = True) -> list[Problem]:
    """Warnings for rows given as arrays in canonical order; InputError for errors.

    ``regions``: code of each row into ``region_ids`` (distinct, stripped, sorted);
    ``region_names``: one non-blank name per region id; ``counts``: customers_out and
    optionally customers_total as float64 (NaN for blank), customers_out whole and present
    (so it may be given as int64, which every check here compares as it would the floats);
    ``rows``: the file row of each. Labels are the canonical column names (the reader sets no
    ``source_columns``). ``texts``: False leaves the region ids' and names' checks to
    ``check_texts`` (a reader that checks its rows a group at a time checks them once).
    """
    found = _Found(file)
    n = len(micros)
    if n == 0:
        raise InputError(Problem(file, "check.no_rows"))
    if np.isnan(counts["customers_out"]).any():
        raise InputError(Problem(file, "check.out_blank"))
    starts = np.searchsorted(regions, np.arange(len(region_ids), dtype=regions.dtype))  # no copy
    _check_times(micros, rows, found)
    ids = pd.array(region_ids, dtype="string")
    if texts:
        _texts(region_ids, region_names, rows[starts], found)
    warnings: list[Problem] = []
    if published:
        warnings += _published_totals(counts, rows, pd.DataFrame(), file, lambda c: c)
    found.raise_any()
    # one service: its code viewed n times, and compared without a difference per row
    service_codes = np.broadcast_to(np.int8(SORTED_SERVICES.index(service)), (n,))
    s = _Sorted(None, service_codes, regions, micros, counts, rows)
    if (regions[1:] < regions[:-1]).any() or (s.same_series()
                                              & (s.times[1:] <= s.times[:-1])).any():
        raise ValueError("rows are not in canonical order, or a key is there twice")
    _duplicates(s, ids, lambda c: c, found, warnings)
    found.raise_any()
    return warnings + _sequence_warnings(s, ids, file, lambda c: c)


def _check_times(micros: np.ndarray, rows: np.ndarray, found: _Found) -> None:
    """Years outside outages.times.YEARS (a range: the earliest and latest time tell)."""
    if implausible(np.array([micros.min(), micros.max()])).any():
        found.add(np.flatnonzero(implausible(micros)), rows, lambda i: "timestamp",
                  lambda i: year_message(_when(micros[i])))


def check_texts(file: str, region_ids: list[str], region_names: list[str],
                first_rows: np.ndarray) -> None:
    """``check_sorted``'s checks of the region ids and names (``first_rows``: the file row of
    each region's first row); InputError for errors."""
    found = _Found(file)
    _texts(region_ids, region_names, np.asarray(first_rows), found)
    found.raise_any()


def _texts(region_ids: list[str], region_names: list[str], first_rows: np.ndarray,
           found: _Found) -> None:
    ids = pd.array(region_ids, dtype="string")
    blank = np.flatnonzero(np.asarray(ids == "", dtype=bool))
    if len(blank):
        found.add(blank, first_rows, lambda i: "region_id",
                  lambda i: Phrase("check.region_blank"))
    codes = np.arange(len(region_ids))
    _check_long(ids, codes, first_rows, "region_id", found)
    _check_plain(ids, codes, first_rows, "region_id", found, "region id")
    names = pd.Series(region_names, dtype="string")
    # (pandas' isin on its Arrow strings makes a Python scalar of each id: 35 ms for 3,000)
    known = set(region_ids)
    same = np.fromiter((name in known for name in region_names), bool, len(region_names))
    own, own_codes = np.unique(names.where(~same, "").to_numpy(dtype=str), return_inverse=True)
    _check_long(own, own_codes, first_rows, "region_name", found)
    _check_plain(own, own_codes, first_rows, "region_name", found, "region name")
