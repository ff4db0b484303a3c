"""Checks on a reader's raw frame: a file is accepted whole as a canonical table, or rejected.

Errors reject the file and name the row and column; warnings describe data that is possible but
suspicious. Work is vectorised: values are parsed per distinct value, and the row-by-row checks
(duplicates, sudden changes) run on arrays sorted by service, region and time.

A reader may set ``raw.attrs["source_columns"]`` (canonical name -> column name in the file) so
that messages use the file's own column names, and may give a ``_column`` column naming the
source column of each row's count (wide files, where each region is a column).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from . import schema
from .counts import counts as read_counts
from .counts import stripped_uniques
from .errors import InputError, Phrase, Problem
from .limits import MAX_FIELD_CHARS
from .names import phrases as text_problems
from .times import implausible, parse_times, year_message

MAX_PROBLEMS = 20
COUNT_COLUMNS = ("customers_out", "customers_restored", "customers_total")
SORTED_SERVICES = tuple(sorted(schema.SERVICES))
QUICK_RETURN_US = 3_600_000_000  # a 0 that lasts less than this between non-zero readings
JUMP_FACTOR = 10
JUMP_MIN = 100  # ignore tenfold jumps that end below this (1 -> 12 is ordinary)
FUTURE_SLACK_US = 3_600_000_000  # microseconds past now that a time may be
BLOCK = 1 << 16  # rows compared at a time by the sequence checks


class _Found:
    """Problems of one file: at most MAX_PROBLEMS of each kind are kept, all are counted."""

    def __init__(self, file: str):
        self.file = file
        self.items: list[Problem] = []
        self.early: set[int] = set()  # ids of the reader's problems (extend)
        self.total = 0

    def add(self, where: np.ndarray, rows: np.ndarray, column: Callable[[int], str | None],
            message: Callable[[int], Phrase]) -> None:
        """One problem per index in ``where`` (positions into ``rows``)."""
        self.total += len(where)
        for i in where[:MAX_PROBLEMS]:
            self.items.append(Problem(self.file, message(int(i)), int(rows[i]), column(int(i))))

    def one(self, message: Phrase, row: int | None = None, column: str | None = None) -> None:
        self.total += 1
        self.items.append(Problem(self.file, message, row, column))

    def extend(self, problems) -> None:
        """Problems found before (by a reader), counted with these; within a row they come
        first (the reader met them first)."""
        self.total += len(problems)
        self.items += problems
        self.early.update(id(p) for p in problems)

    def raise_any(self) -> None:
        if not self.items:
            return
        found = sorted(self.items, key=lambda p: (p.row or 0, id(p) not in self.early,
                                                  p.column or ""))[:MAX_PROBLEMS]
        if self.total > len(found):
            found.append(Problem(self.file, "check.more", count=self.total - len(found)))
        raise InputError(found)


def check_table(raw: pd.DataFrame, file: str, *, validated_counts: bool = False,
                published: bool = False) -> tuple[pd.DataFrame, list[Problem]]:
    """Check a reader's raw frame; return the canonical table and warnings, or raise InputError.

    validated_counts: the reader guarantees clean integer counts (non-negative, whole, present
    where required), so the per-value count checks are skipped; totals, services, regions, times
    and duplicates are still checked.
    """
    names = raw.attrs.get("source_columns", {})

    def label(col: str) -> str:
        return names.get(col, col)

    _require_columns(raw, file, label)
    if len(raw) == 0:
        raise InputError(Problem(file, "check.no_rows"))
    rows = (raw["_row"].to_numpy(dtype=np.int64) if "_row" in raw.columns
            else np.arange(2, len(raw) + 2, dtype=np.int64))
    found = _Found(file)
    found.extend(raw.attrs.get("problems", ()))  # a reader's, to report with these in one pass
    warnings: list[Problem] = []

    times = _timestamps(raw["timestamp"], rows, file, label("timestamp"), found,
                        raw.attrs.get("reported_rows"))
    region_codes, region_ids = _region_ids(raw["region_id"], rows, label("region_id"), found)
    region_names = _region_names(raw, region_codes, region_ids, rows, label, found, warnings)
    service_codes = _services(raw["service"], rows, label("service"), found)
    counts = {}
    for col in COUNT_COLUMNS:
        if col in raw.columns:
            column_of = _column_namer(raw, label(col))
            if validated_counts:
                counts[col] = raw[col].to_numpy(dtype=np.float64, na_value=np.nan)
            else:
                counts[col] = read_counts(raw[col], col, rows, column_of, found, warnings,
                                      raw.attrs.get("count_types", {}).get(col, {}))
    if validated_counts and np.isnan(counts["customers_out"]).any():
        found.add(np.flatnonzero(np.isnan(counts["customers_out"])), rows,
                  lambda i: label("customers_out"), lambda i: Phrase("check.out_blank"))
    if published:
        # a published source (EAGLE-I, Purdue) that we cannot correct: kept, and said so
        warnings += _published_totals(counts, rows, raw, file, label)
    else:
        _check_totals(counts, rows, raw, label, found)
    found.raise_any()

    order = _order(service_codes, region_codes, times)
    s = _Sorted(order, service_codes, region_codes, times, counts, rows)
    keep = _duplicates(s, region_ids, label, found, warnings)
    found.raise_any()
    if not keep.all():
        s = s.subset(keep)
    table = pd.DataFrame({
        "timestamp": pd.DatetimeIndex(s.times.astype("datetime64[us]")).tz_localize("UTC"),
        "region_id": region_ids.take(s.regions),
        "region_name": region_names.take(s.regions),
        "service": pd.array(SORTED_SERVICES, dtype="string").take(s.services),
    })
    for col, values in s.counts.items():
        table[col] = _integers(values, required=col == "customers_out")
    warnings += _sequence_warnings(s, region_ids, file, label)
    return _canonical_sorted(table), warnings


def _canonical_sorted(table: pd.DataFrame) -> pd.DataFrame:
    """``schema.canonical`` of rows already in its order (sorted above by service, region_id and
    time, no two rows alike): the same columns and types, without sorting them again."""
    return pd.DataFrame({
        col: table[col].astype(schema.DTYPES[col]) if col in table.columns
        else pd.Series(pd.NA, index=table.index, dtype=schema.DTYPES[col])
        for col in schema.COLUMNS})


def _require_columns(raw: pd.DataFrame, file: str, label: Callable[[str], str]) -> None:
    missing = [c for c in ("timestamp", "region_id", "service", "customers_out")
               if c not in raw.columns]
    if missing:
        raise InputError(Problem(file, "check.missing_columns",
                                 columns=", ".join(repr(label(c)) for c in missing)))


def _column_namer(raw: pd.DataFrame, name: str) -> Callable[[int], str]:
    if "_column" in raw.columns:
        per_row = raw["_column"].to_numpy()
        return lambda i: str(per_row[i])
    return lambda i: name


def _timestamps(series: pd.Series, rows: np.ndarray, file: str, column: str,
                found: _Found, reported: np.ndarray | None = None) -> np.ndarray:
    """Times as int64 microseconds since the epoch, UTC. ``reported``: rows whose time the
    reader could not read and has already reported."""
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        index = pd.DatetimeIndex(series).tz_convert("UTC")
    elif pd.api.types.is_datetime64_dtype(series.dtype):
        raise InputError(Problem(file, "check.no_zone", None, column))
    else:
        index = pd.DatetimeIndex(parse_times(series, pd.Series(rows), file=file, column=column))
    missing = np.asarray(index.isna())
    if reported is not None:
        missing &= ~reported
    if missing.any():
        found.add(np.flatnonzero(missing), rows, lambda i: column,
                  lambda i: Phrase("times.missing"))
    micros = index.as_unit("us").asi8
    odd = implausible(micros)
    if odd.any():  # text times were checked when parsed; this catches every other reader
        found.add(np.flatnonzero(odd), rows, lambda i: column,
                  lambda i: year_message(_when(micros[i])))
    return micros


def _region_ids(series: pd.Series, rows: np.ndarray, column: str,
                found: _Found) -> tuple[np.ndarray, pd.api.extensions.ExtensionArray]:
    """(code of each row, distinct region ids in sorted order)."""
    codes, uniques = stripped_uniques(series)
    final_codes, ids = pd.factorize(uniques, sort=True)
    codes = np.append(final_codes, -1)[codes]  # code -1 (missing) picks the trailing -1
    blank = codes == -1
    if (ids == "").any():
        blank |= codes == int(np.flatnonzero(ids == "")[0])
    if blank.any():
        found.add(np.flatnonzero(blank), rows, lambda i: column,
                  lambda i: Phrase("check.region_blank"))
    _check_long(ids, codes, rows, column, found)
    _check_plain(ids, codes, rows, column, found, "region id")
    return np.maximum(codes, 0), pd.array(ids, dtype="string")


def _check_long(values, codes: np.ndarray, rows: np.ndarray, column: str,
                found: _Found) -> None:
    lengths = pd.Series(values, dtype="string").str.len().fillna(0).to_numpy()
    for u in np.flatnonzero(lengths > MAX_FIELD_CHARS)[:MAX_PROBLEMS]:
        row = int(rows[np.argmax(codes == u)])
        found.one(Phrase("sheet.long_value", size=int(lengths[u]), limit=MAX_FIELD_CHARS), row,
                  column)


def _check_plain(values, codes: np.ndarray, rows: np.ndarray, column: str, found: _Found,
                 what: str) -> None:
    """Region ids and names are plain text: no markup, formula, control character or mixed
    alphabets in a word (outages.names)."""
    for u, message in text_problems(pd.Series(values, dtype="string"), what)[:MAX_PROBLEMS]:
        found.one(message, int(rows[np.argmax(codes == u)]), column)


def _region_names(raw: pd.DataFrame, region_codes: np.ndarray, region_ids, rows: np.ndarray,
                  label: Callable[[str], str], found: _Found,
                  warnings: list[Problem]) -> pd.api.extensions.ExtensionArray:
    """One display name per region id (in the order of ``region_ids``).

    A blank name falls back to the id; when a region is named differently in different rows,
    the first name in the file is used, with a warning.
    """
    file = found.file
    if "region_name" not in raw.columns:
        return region_ids
    codes, uniques = stripped_uniques(raw["region_name"])
    column = label("region_name")
    # a name that is also an id was checked as an id
    own = uniques.where(~uniques.isin(region_ids), "")
    _check_long(own, codes, rows, column, found)
    _check_plain(own, codes, rows, column, found, "region name")
    blank_name = uniques.eq("").to_numpy(dtype=bool, na_value=True)
    usable = (codes >= 0) & ~blank_name[np.maximum(codes, 0)]
    where = np.flatnonzero(usable)
    firsts = where[pd.Series(region_codes[where]).drop_duplicates().index.to_numpy()]
    name_of_region = np.full(len(region_ids), -1, dtype=np.int64)
    name_of_region[region_codes[firsts]] = codes[firsts]
    names = np.asarray(region_ids, dtype=object).copy()
    named = name_of_region >= 0
    names[named] = uniques.to_numpy(dtype=object)[name_of_region[named]]
    clash = np.flatnonzero(usable & (name_of_region[region_codes] != codes))
    if len(clash):
        i = int(clash[0])
        region = int(region_codes[i])
        count = len(np.unique(region_codes[clash]))
        warnings.append(Problem(file, "check.two_names", int(rows[i]), column,
                                region=region_ids[region], first=names[region],
                                second=uniques[int(codes[i])], count=str(count)))
    return pd.array(names, dtype="string")


def _services(series: pd.Series, rows: np.ndarray, column: str, found: _Found) -> np.ndarray:
    """Index into SORTED_SERVICES of each row's service."""
    codes, uniques = pd.factorize(series)
    mapped = np.array([SORTED_SERVICES.index(n) if (n := schema.service_name(u)) else -1
                       for u in uniques] + [-1], dtype=np.int64)
    result = mapped[codes]  # code -1 (missing) picks the trailing -1
    bad = np.flatnonzero(result < 0)
    if len(bad):
        names = ", ".join(schema.SERVICES)
        first_rows = pd.Series(bad).groupby(codes[bad]).first().to_numpy()
        found.add(np.sort(first_rows), rows, lambda i: column,
                  lambda i: (Phrase("check.unknown_service", service=str(uniques[codes[i]]).strip(),
                                    services=names)
                             if codes[i] >= 0 and str(uniques[codes[i]]).strip()
                             else Phrase("check.service_blank", services=names)))
    return np.maximum(result, 0)


def _check_totals(counts: dict, rows: np.ndarray, raw: pd.DataFrame,
                  label: Callable[[str], str], found: _Found) -> None:
    total = counts.get("customers_total")
    if total is None:
        return
    for col in ("customers_out", "customers_restored"):
        if col not in counts:
            continue
        values = counts[col]
        above = np.flatnonzero(values > total)  # NaN compares False
        column_of = _column_namer(raw, label(col))
        found.add(above, rows, column_of,
                  lambda i, v=values, c=col: Phrase(
                      "check.above_total", label=label(c), value=round(v[i]),
                      total_column=label("customers_total"), total=round(total[i])))


def _published_totals(counts: dict, rows: np.ndarray, raw: pd.DataFrame, file: str,
                      label: Callable[[str], str]) -> list[Problem]:
    total = counts.get("customers_total")
    if total is None:
        return []
    out = []
    for col in ("customers_out", "customers_restored"):
        if col not in counts:
            continue
        above = np.flatnonzero(counts[col] > total)  # NaN compares False
        if len(above):
            i = int(above[0])
            out.append(Problem(file, "check.above_total_published", int(rows[i]),
                               _column_namer(raw, label(col))(i), label=label(col),
                               total_column=label("customers_total"), count=len(above),
                               rows=len(total), value=round(counts[col][i]),
                               total=round(total[i])))
    return out


def _order(services: np.ndarray, regions: np.ndarray, times: np.ndarray) -> np.ndarray:
    """Row order by service, region and time (stable)."""
    n_regions = int(regions.max()) + 1 if len(regions) else 1
    group = services.astype(np.int64) * n_regions + regions
    if len(times) < 2 or (np.diff(times) >= 0).all():
        # already in time order: a stable sort by group alone is enough (radix sort for small ints)
        small = np.int16 if group.max() < 2**15 else np.int32 if group.max() < 2**31 else np.int64
        return np.argsort(group.astype(small), kind="stable")
    return np.lexsort((times, regions, services))


class _Sorted:
    """Row-aligned arrays in (service, region, time) order."""

    def __init__(self, order, services, regions, times, counts, rows):
        # rows already in order (a reader that sorts, such as EAGLE-I's; order None): no copies
        def take(values):
            return values if in_order else values[order]
        in_order = order is None or len(order) < 2 or bool((order[1:] > order[:-1]).all())
        self.services = take(services)
        self.regions = take(regions)
        self.times = take(times)
        self.counts = {c: take(v) for c, v in counts.items()}
        self.rows = take(rows)

    def subset(self, keep: np.ndarray) -> _Sorted:
        out = object.__new__(_Sorted)
        out.services, out.regions = self.services[keep], self.regions[keep]
        out.times, out.rows = self.times[keep], self.rows[keep]
        out.counts = {c: v[keep] for c, v in self.counts.items()}
        return out

    def same_series(self) -> np.ndarray:
        """same_series[k] is True when rows k and k+1 are the same service and region."""
        same = self.regions[1:] == self.regions[:-1]
        # one service's code viewed n times (check_sorted) needs no comparison per row
        if not (len(self.services) and self.services.strides == (0,)):
            same &= self.services[1:] == self.services[:-1]
        return same


def _when(micros: int) -> str:
    return f"{pd.Timestamp(micros, unit='us', tz='UTC'):%Y-%m-%d %H:%M} UTC"


def _duplicates(s: _Sorted, region_ids, label: Callable[[str], str], found: _Found,
                warnings: list[Problem]) -> np.ndarray:
    """Rows to keep: identical repeats are dropped (a warning); conflicting ones are errors."""
    keep = np.ones(len(s.times), dtype=bool)
    repeat = np.flatnonzero(s.same_series() & (s.times[1:] == s.times[:-1]))
    if not len(repeat):
        return keep
    differs = np.zeros(len(repeat), dtype=bool)
    first_diff: dict[int, str] = {}
    for col in reversed(COUNT_COLUMNS):
        if col in s.counts:
            a, b = s.counts[col][repeat], s.counts[col][repeat + 1]
            d = ~((a == b) | (np.isnan(a) & np.isnan(b)))
            for k in np.flatnonzero(d):
                first_diff[int(k)] = col
            differs |= d
    conflicts = np.flatnonzero(differs)
    for k in conflicts[:MAX_PROBLEMS]:
        j = int(repeat[k])
        col = first_diff[int(k)]
        r1, r2 = sorted((int(s.rows[j]), int(s.rows[j + 1])))
        v1, v2 = s.counts[col][j], s.counts[col][j + 1]
        shown = [Phrase("check.blank") if np.isnan(v) else round(v) for v in (v1, v2)]
        found.one(Phrase("check.conflict", first=str(r1), second=str(r2),
                         region=region_ids[s.regions[j]],
                         service=Phrase(f"check.service.{SORTED_SERVICES[s.services[j]]}"),
                         time=_when(s.times[j]), label=label(col), a=shown[0], b=shown[1]),
                  r2, label(col))
    found.total += max(0, len(conflicts) - MAX_PROBLEMS)
    same = repeat[~differs]
    if len(same):
        keep[same + 1] = False
        j = int(same[0])
        r1, r2 = sorted((int(s.rows[j]), int(s.rows[j + 1])))
        warnings.append(Problem(found.file, "check.repeated", r2, first=str(r1),
                                second=str(r2), count=len(same)))
    return keep


def _integers(values: np.ndarray, *, required: bool):
    if required:
        return values.astype(np.int64)
    missing = np.isnan(values)
    return pd.arrays.IntegerArray(np.where(missing, 0, values).astype(np.int64), missing)


def _flagged(n: int, test: Callable[[int, int], np.ndarray]) -> np.ndarray:
    """The k < n where ``test(a, b)`` (a mask of k in a..b-1) holds, a block of rows at a time:
    small temporaries, not row-sized ones (fresh memory is slow to touch)."""
    found = [np.flatnonzero(test(a, min(a + BLOCK, n))) + a for a in range(0, n, BLOCK)]
    return np.concatenate(found) if found else np.zeros(0, np.int64)


def _sequence_warnings(s: _Sorted, region_ids, file: str,
                       label: Callable[[str], str]) -> list[Problem]:
    """Suspicious but possible patterns, one warning per kind naming the first place."""
    out: list[Problem] = []
    same = s.same_series()
    counts = s.counts["customers_out"]

    def region(k: int) -> Phrase:
        return Phrase("check.region_service", region=region_ids[s.regions[k]],
                      service=Phrase(f"check.service.{SORTED_SERVICES[s.services[k]]}"))

    def note(where: np.ndarray, column: str | None, code: str,
             params: Callable[[int], dict]) -> None:
        if len(where):
            k = int(where[0])
            more = Phrase("check.places", count=len(where)) if len(where) > 1 else ""
            out.append(Problem(file, code, int(s.rows[k]), column, more=more, **params(k)))

    if len(counts) >= 3:
        times, quick = s.times, QUICK_RETURN_US
        dip = _flagged(len(counts) - 2, lambda a, b: (
            (counts[a + 1:b + 1] == 0) & (counts[a:b] > 0) & (counts[a + 2:b + 2] > 0)
            & same[a:b] & same[a + 1:b + 1] & (times[a + 2:b + 2] - times[a + 1:b + 1] <= quick)))
        note(dip + 1, label("customers_out"), "check.dip",
             lambda k: {"label": label("customers_out"), "region": region(k),
                        "value": round(counts[k + 1]), "back": str(int(s.rows[k + 1]))})
    if len(counts) >= 2:
        jump = _flagged(len(counts) - 1, lambda a, b: (
            same[a:b] & (counts[a:b] > 0) & (counts[a + 1:b + 1] > JUMP_FACTOR * counts[a:b])
            & (counts[a + 1:b + 1] >= JUMP_MIN)))
        note(jump + 1, label("customers_out"), "check.jump",
             lambda k: {"label": label("customers_out"), "before": round(counts[k - 1]),
                        "after": round(counts[k]), "factor": str(JUMP_FACTOR),
                        "region": region(k)})
    restored = s.counts.get("customers_restored")
    if restored is not None and len(restored) >= 2:
        down = _flagged(len(restored) - 1,
                        lambda a, b: same[a:b] & (restored[a + 1:b + 1] < restored[a:b]))
        note(down + 1, label("customers_restored"), "check.restored_down",
             lambda k: {"label": label("customers_restored"), "before": round(restored[k - 1]),
                        "after": round(restored[k]), "region": region(k)})
    out += _coverage_warnings(s, same, region_ids, file, label)
    return out


def _coverage_warnings(s: _Sorted, same: np.ndarray, region_ids, file: str,
                       label: Callable[[str], str]) -> list[Problem]:
    out: list[Problem] = []
    starts = np.concatenate(([0], np.flatnonzero(~same) + 1))  # no second row-sized array
    sizes = np.diff(np.concatenate((starts, [len(s.times)])))
    if s.times.min() != s.times.max():
        single = starts[sizes == 1]
        if len(single):
            listed = ", ".join(repr(region_ids[s.regions[k]]) for k in single[:5])
            more = Phrase("check.and_more", count=len(single) - 5) if len(single) > 5 else ""
            out.append(Problem(file, "check.single", int(s.rows[single[0]]), count=len(single),
                               regions=listed, more=more))
    now_us = time.time_ns() // 1000
    future = np.flatnonzero(s.times > now_us + FUTURE_SLACK_US)
    if len(future):
        k = int(future[np.argmin(s.rows[future])])
        out.append(Problem(file, "check.future", int(s.rows[k]), label("timestamp"),
                           count=len(future), time=_when(s.times[k])))
    total = s.counts.get("customers_total")
    if total is not None:
        has_total = np.maximum.reduceat(~np.isnan(total), starts)
        if has_total.any() and not has_total.all():
            lacking = starts[~has_total]
            listed = ", ".join(repr(region_ids[s.regions[k]]) for k in lacking[:5])
            out.append(Problem(file, "check.total_missing", int(s.rows[lacking[0]]),
                               label("customers_total"), label=label("customers_total"),
                               count=len(lacking), regions=listed))
    return out
