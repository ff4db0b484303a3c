"""ORNL EAGLE-I county outage files (every year's column variant).

Columns: ``fips_code,county,state,customers_out,run_start_time``; the 2023 files name the count
``sum``; the 2024 files add ``total_customers``. One row per county per 15-minute collection run,
only where customers are out. Rules:

- ``fips_code`` may be unpadded (``1001``) or written as a float (``48085.0``): it is padded to the
  5-digit county FIPS, which becomes ``region_id``; ``region_name`` is "County, State".
- Times are UTC, ``YYYY-MM-DD HH:MM:SS`` (``HH:MM`` also accepted).
- A blank count is not 0: the row is skipped and counted (``skipped["blank customers_out"]``).
  The county still counts as present at that run, so its previous value holds through it.
- Several rows for one county and run: the largest count is kept, the others counted as skipped.
- A county absent from a collection run has 0 customers out then: after each observation, when
  the county is missing from the next run in the file (the sorted distinct ``run_start_time``
  values), a 0 observation is added at that run. Runs missing from the whole file are unknown to
  us and add nothing.
- ``total_customers`` (2024) becomes ``customers_total``. Counts above it happen in the published
  data (Harris County, Texas, July 2024) and are left to validation to report as warnings.

Parsing is pyarrow with fixed column types and no Python loop over rows: a year of data (tens of
millions of rows) must be ready in seconds.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from .. import config
from ..errors import InputError, Problem
from ..schema import TIMESTAMP_DTYPE
from .base import Options, RawRead

# NAME and sniff: the registry's, with ``read``
from .eaglei_header import NAME as NAME
from .eaglei_header import TIME_FORMATS, _columns, _header, _types
from .eaglei_header import sniff as sniff

SPLIT_ROWS = 100_000  # whole-file steps on more rows than this are shared by two threads
TAKE_ROWS = 1 << 20  # rows looked up at a time by a 32-bit index (a bounded 64-bit copy of it)
METADATA = {
    "name": "EAGLE-I county power outages",
    "source": "Oak Ridge National Laboratory, EAGLE-I power outage data "
              "(doi 10.6084/m9.figshare.24237376)",
    "licence": "CC BY 4.0",
    "timezone": "UTC",
    "caveats": [
        "EAGLE-I: a county missing from a collection run counts as 0 customers out",
        "EAGLE-I collects from utilities' public outage maps and does not cover every utility "
        "(ORNL's coverage history: 87-92% of US customers in 2018-2022, some states far less, "
        "Nebraska 48% in 2022), so counts are a lower bound",
    ],
}
BLANK = "blank customers_out"
DUPLICATE = "duplicate county and run (kept the largest count)"
NO_FIPS = "blank fips_code"
NO_TIME = "blank run_start_time"


def _parse(data: bytes, roles: dict[str, str], delimiter: str, file: str) -> pa.Table:
    bad_rows = []

    def on_bad_row(row):
        bad_rows.append(row)
        return "error"

    convert = pcsv.ConvertOptions(column_types=_types(roles), include_columns=list(roles.values()),
                                  timestamp_parsers=list(TIME_FORMATS),
                                  strings_can_be_null=True)
    parse = pcsv.ParseOptions(delimiter=delimiter, invalid_row_handler=on_bad_row)
    try:
        return pcsv.read_csv(pa.BufferReader(data), parse_options=parse, convert_options=convert)
    except pa.ArrowInvalid as exc:
        if bad_rows:
            row = bad_rows[0]
            line = _line_of(data, row.text) if row.number is None else row.number
            raise InputError(Problem(file, "eaglei.ragged", line, want=str(row.expected_columns),
                                     got=str(row.actual_columns))) from exc
        if "UTF8" in str(exc):
            raise InputError(Problem(file, "eaglei.not_utf8")) from exc
        raise InputError(_conversion_problems(data, roles, delimiter, file)
                         or [Problem(file, "eaglei.unreadable", detail=str(exc))]) from exc


def _line_of(data: bytes, text: str) -> int | None:
    at = data.find(text.encode("utf-8"))
    return None if at < 0 else data.count(b"\n", 0, at) + 1


def _conversion_problems(data, roles, delimiter, file) -> list[Problem]:
    """Find the cells pyarrow could not convert (the slow path, only for a file being rejected)."""
    convert = pcsv.ConvertOptions(column_types={c: pa.string() for c in roles.values()},
                                  include_columns=list(roles.values()), strings_can_be_null=True)
    parse = pcsv.ParseOptions(delimiter=delimiter)
    table = pcsv.read_csv(pa.BufferReader(data), parse_options=parse, convert_options=convert)
    rows = _line_numbers(data, table.num_rows)
    problems = []
    for role, column in roles.items():
        if role in ("county", "state"):
            continue
        text = table.column(column).to_pandas().astype("string").str.strip()
        if role == "time":
            parsed = pd.Series(pd.NaT, index=text.index)
            for fmt in TIME_FORMATS:
                parsed = parsed.fillna(pd.to_datetime(text, format=fmt, errors="coerce"))
            expected = "eaglei.not_time"
        else:
            parsed = pd.to_numeric(text, errors="coerce")
            expected = "eaglei.not_number"
        bad = np.flatnonzero((parsed.isna() & text.notna() & (text != "")).to_numpy())
        problems += [Problem(file, expected, int(rows[i]), column, value=text.iloc[i])
                     for i in bad[:20]]
    return problems


def _line_numbers(data: bytes, n: int) -> np.ndarray:
    """The line number of each data row (header = line 1), allowing for skipped blank lines."""
    end = len(data)
    while end and data[end - 1] in b"\r\n":
        end -= 1
    newline = b"\n" if b"\n" in data[:65536] or b"\r" not in data[:65536] else b"\r"
    if data.count(newline, 0, end) == n:
        return np.arange(2, n + 2, dtype=np.int64)
    raw = np.frombuffer(data, dtype=np.uint8, count=end)
    ends = np.flatnonzero(raw == newline[0])
    starts = np.concatenate([[0], ends + 1])
    stops = np.concatenate([ends, [end]])
    cr = np.zeros(len(stops), dtype=bool)
    has = stops > starts
    cr[has] = raw[stops[has] - 1] == 13
    lines = np.flatnonzero(stops - starts - cr > 0) + 1
    return lines[1:n + 1].astype(np.int64)


def _floats(table: pa.Table, column: str) -> np.ndarray:
    return table.column(column).to_numpy(zero_copy_only=False).astype(np.float64, copy=False)


def not_counts(values: np.ndarray, low: float = 0) -> np.ndarray:
    """True where a value is present but not a whole number from ``low`` to 2**53."""
    known = ~np.isnan(values)
    return known & ((values < low) | (values != np.floor(values)) | (values > 2**53))


def _check_counts(values: np.ndarray, rows: np.ndarray, column: str, file: str,
                  low: float = 0) -> None:
    bad = not_counts(values, low)
    if bad.any():
        raise InputError([Problem(file, "eaglei.not_count", int(rows[i]), column,
                                  value=f"{values[i]:g}", low=f"{low:g}")
                          for i in np.flatnonzero(bad)[:20]])


def _dense(values: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    """(sorted distinct values, the index of each value among them), by hashing, not sorting."""
    distinct = np.sort(pc.unique(values).to_numpy(zero_copy_only=False))
    index = pc.index_in(values, value_set=pa.array(distinct)).to_numpy(zero_copy_only=False)
    return distinct, index.astype(np.int32, copy=False)


def _county_order(key: np.ndarray) -> np.ndarray:
    """The stable order that sorts small codes (Arrow's counting sort: a third of the time of
    numpy's radix sort), as int64 (a view)."""
    return pc.sort_indices(pa.array(key)).to_numpy().view(np.int64)


def _sorted(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(key sorted, the order that sorts it), stable.

    Sorting the key with the row index packed into its low bits is several times faster than
    an argsort and keeps equal keys in file order.
    """
    bits = max(int(len(key)).bit_length(), 1)
    if len(key) == 0 or int(key.max()) >= 2 ** (62 - bits):
        order = np.argsort(key, kind="stable")
        return key[order], order
    packed = key << bits
    packed |= np.arange(len(key), dtype=np.int64)
    packed.sort()
    order = packed & ((1 << bits) - 1)
    packed >>= bits
    return packed, order


def _halves(n: int, work, *args) -> None:
    """``work(a, b, *args)`` for rows 0..n split in two, the second half on another thread
    (numpy lets go of the GIL for whole-array work): the two cores share the whole-file
    steps."""
    if n < SPLIT_ROWS:
        work(0, max(n, 0), *args)
        return
    with ThreadPoolExecutor(max_workers=1) as pool:
        other = pool.submit(work, n // 2, n, *args)
        work(0, n // 2, *args)
        other.result()


def _gather(values: np.ndarray, index: np.ndarray) -> np.ndarray:
    """``values[index]`` (``index`` in range), each half on its own thread."""
    out = np.empty(len(index), values.dtype)
    _halves(len(index), _take, values, index, out)
    return out


def _take(a: int, b: int, values, index, out) -> None:
    np.take(values, index[a:b], out=out[a:b], mode="clip")  # in range: no checking copy


def _differs(a: int, b: int, key, new) -> None:
    """new[k + 1]: row k + 1's key is not row k's, for k in a..b-1."""
    np.not_equal(key[a + 1:b + 1], key[a:b], out=new[a + 1:b + 1])


def _zeros(a: int, b: int, key, out, n_runs: int, zero) -> None:
    """zero[k]: a 0 goes at the next run after observation k (not the last run, the county
    not at the next run, its count not 0), for k in a..b-1."""
    if b <= a:
        return
    follows = np.zeros(b - a, dtype=bool)
    follows[:-1] = key[a + 1:b] == key[a:b - 1] + 1
    if b < len(key):
        follows[-1] = key[b] == key[b - 1] + 1
    zero[a:b] = (key[a:b] % n_runs + 1 < n_runs) & ~follows & (out[a:b] != 0)


def _split_key(a: int, b: int, key, n_runs: int, runs, region, secs, run) -> None:
    """The county index, the run's index and the run's seconds of keys a..b-1."""
    np.divmod(key[a:b], n_runs, out=(region[a:b], run[a:b]))
    for c in range(a, b, TAKE_ROWS):  # np.take widens its int32 index to 64 bits first
        d = min(c + TAKE_ROWS, b)
        np.take(runs, run[c:d], out=secs[c:d], mode="clip")


def _group_max(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Largest non-blank value of each group (NaN when the group has none)."""
    with np.errstate(invalid="ignore"):
        return np.fmax.reduceat(values, starts)


def _names(table: pa.Table, roles: dict[str, str], first: np.ndarray, codes: np.ndarray):
    """region_name for each distinct county: "County, State" from its first row."""
    def pick(role):
        if role not in roles:
            return [None] * len(first)
        return table.column(roles[role]).take(pa.array(first)).to_pylist()

    out = []
    for code, county, state in zip(codes, pick("county"), pick("state"), strict=True):
        parts = [p.strip() for p in (county, state) if p and p.strip()]
        out.append(", ".join(parts) if parts else f"{code:05d}")
    return out


def read(data: bytes, filename: str, options: Options) -> RawRead:
    header, delimiter = _header(data)
    roles = _columns(header, filename)
    table = _parse(data, roles, delimiter, filename)
    n = table.num_rows
    if n > (limit := config.max_rows()):  # OUTAGES_MAX_ROWS, else limits.MAX_ROWS
        raise InputError(Problem(filename, "eaglei.too_many_rows", rows=n, limit=limit))
    rows = _line_numbers(data, n)
    fips = _floats(table, roles["fips"])
    out = _floats(table, roles["out"])
    total = _floats(table, roles["total"]) if "total" in roles else None
    _check_counts(fips, rows, roles["fips"], filename, low=1)
    if (bad := fips > 99999).any():
        i = int(np.argmax(bad))
        raise InputError(Problem(filename, "eaglei.not_fips", int(rows[i]), roles["fips"],
                                 value=f"{fips[i]:g}"))
    _check_counts(out, rows, roles["out"], filename)
    if total is not None:
        _check_counts(total, rows, roles["total"], filename)

    skipped = {}
    no_fips = np.isnan(fips)
    no_time = table.column(roles["time"]).is_null().to_numpy(zero_copy_only=False) & ~no_fips
    for reason, mask in ((NO_FIPS, no_fips), (NO_TIME, no_time)):
        if mask.any():
            skipped[reason] = int(mask.sum())
    if no_fips.any() or no_time.any():
        keep = np.flatnonzero(~no_fips & ~no_time)
        table, fips, out, rows = table.take(pa.array(keep)), fips[keep], out[keep], rows[keep]
        total = total[keep] if total is not None else None
    del no_fips, no_time

    # the columns handed over in a dict that _steps empties: each large array is freed as soon
    # as it is used (a year of rows is several arrays of hundreds of MB each)
    columns = {"fips": fips.astype(np.int64), "out": out, "total": total, "rows": rows,
               "time": table.column(roles["time"]).cast(pa.int64())}
    names = table.select([roles[r] for r in ("county", "state") if r in roles])
    del table, fips, out, total, rows
    parts, counted = _steps(columns, lambda first, codes: _names(names, roles, first, codes))
    frame = _frame(*parts[:-1])
    skipped.update(counted)
    return RawRead(frame=frame, encoding="utf-8", skipped=skipped, published=True,
                   metadata={**METADATA, "caveats": list(METADATA["caveats"])},
                   validated_counts=True)


def _steps(columns, names_of):
    """Keep the largest of duplicates, add the zeros at missing runs, drop blanks.

    ``columns``: fips (integers) or county (the distinct FIPS sorted and each row's index
    among them, as ``_dense`` gives them), out, total (or None), rows (numpy) and time (Arrow
    int64, seconds, or as ``_dense`` gives them); emptied as they are used.
    ``names_of(rows, codes)``: the region_name of each county (``codes``: the distinct FIPS
    codes, sorted) from the row (a position in ``columns``) chosen for it. Returns
    the arguments of ``_frame`` (one row per observation, by county and time: county index,
    FIPS ids, names, seconds, counts, file rows, totals) followed by the time index (the runs'
    seconds sorted, each observation's index among them, as the pre-aggregates index times),
    and the rows skipped by reason."""
    counted = {}
    total = columns.pop("total")
    if len(columns["out"]) == 0:
        empty = np.array([], np.int64)
        return (empty, [], [], empty, empty, empty,
                None if total is None else np.array([]), (empty, empty)), counted
    codes, key = columns.pop("county") if "county" in columns else _dense(
        pa.array(columns.pop("fips")))
    time = columns.pop("time")
    runs, run = time if isinstance(time, tuple) else _dense(time)
    del time
    n_runs = len(runs)
    # files written run by run (as ORNL's are): a stable sort by county alone, a radix sort of
    # 16-bit codes, gives the same order as sorting the key, at a fraction of the cost
    by_county = len(codes) < 2**15 and bool((run[1:] >= run[:-1]).all())
    order = _county_order(key) if by_county else None
    # key: county * runs + run, in 32 bits when it fits (half the memory of the largest arrays)
    narrow = by_county and len(codes) * n_runs < 2**31
    key = key.astype(np.int32 if narrow else np.int64)  # a writable copy (Arrow memory)
    key *= n_runs
    key += run
    del run
    key_s, order = (_gather(key, order), order) if by_county else _sorted(key)
    del key
    new = np.empty(len(key_s), dtype=bool)
    new[0] = True
    _halves(len(key_s) - 1, _differs, key_s, new)
    out_s = _gather(columns.pop("out"), order)
    if new.all():
        g_key, g_out, pick = key_s, out_s, order
        g_total = _gather(total, order) if total is not None else None
    else:
        starts = np.flatnonzero(new)
        counted[DUPLICATE] = int(len(key_s) - len(starts))
        sizes = np.diff(np.append(starts, len(key_s)))
        g_key, g_out = key_s[starts], _group_max(out_s, starts)
        # the row that holds each group's largest count (its first row when all are blank)
        top = (out_s == np.repeat(g_out, sizes)) | np.repeat(np.isnan(g_out), sizes)
        pick = order[np.minimum.reduceat(np.where(top, np.arange(len(out_s)), len(out_s)),
                                         starts)]
        g_total = _group_max(total[order], starts) if total is not None else None
        del starts, sizes, top
    del key_s, out_s, order, new, total

    # 0 at the next run when the county is absent from it (a blank row still marks presence)
    zero = np.empty(len(g_key), dtype=bool)
    _halves(len(g_key), _zeros, g_key, g_out, n_runs, zero)
    g_row = columns.pop("rows")[pick]
    g_county = g_key // n_runs
    first = np.flatnonzero(np.concatenate([[True], g_county[1:] != g_county[:-1]]))
    del g_county
    # the names looked up (the stream reader reads their lines again) while the zeros go in
    naming = ThreadPoolExecutor(max_workers=1)
    names = naming.submit(names_of, pick[first], codes)
    naming.shutdown(wait=False)
    del pick
    # the order was Arrow's (``_county_order``): freed, but kept by pyarrow's allocator for
    # its next array, where numpy's cannot reuse it (0.08 GB for 10 M rows), handed back
    pa.default_memory_pool().release_unused()
    grouped = [g_key, g_out, g_row, g_total]
    del g_key, g_out, g_row, g_total
    key, o, row, t = _with_zeros(zero, grouped)
    del zero, grouped
    blank = np.isnan(o)
    if blank.any():
        counted[BLANK] = int(blank.sum())
        keep = ~blank
        key, o, row = key[keep], o[keep], row[keep]
        t = t[keep] if t is not None else None
        del keep
    del blank
    region, secs = np.empty(len(key), key.dtype), np.empty(len(key), runs.dtype)
    run = np.empty(len(key), np.int32 if n_runs < 2**31 else np.int64)
    _halves(len(key), _split_key, key, n_runs, runs, region, secs, run)
    del key
    return (region, [f"{c:05d}" for c in codes], names.result(), secs, o.astype(np.int64), row,
            t, (runs, run)), counted


def _with_zeros(zero, columns: list):
    """Insert after each flagged observation a 0 at the next run (key + 1), keeping the order;
    the inserted row keeps its observation's file row and total. ``columns``: key, out, row,
    total (or None), emptied as they are used: each is replaced by its longer copy and freed
    before the next is made (one row-sized copy at a time, not four: 13 bytes a row less at
    the ingest's peak). Types are kept."""
    if not zero.any():
        return columns
    after = np.flatnonzero(zero) + 1  # few next to the rows: inserted, not every row moved
    made = []
    for k, inserted in enumerate((lambda v: v[zero] + 1, lambda v: 0, lambda v: v[zero],
                                  lambda v: v[zero])):
        values, columns[k] = columns[k], None
        made.append(None if values is None else np.insert(values, after, inserted(values)))
        del values
    return made


def _categories(values: list[str], codes: np.ndarray) -> pd.Categorical:
    """One text per row as codes into the distinct texts: validation reads each distinct text
    once instead of ten million strings, and builds the table's text columns itself."""
    distinct, index = np.unique(np.asarray(values, dtype=object).astype(str), return_inverse=True)
    return pd.Categorical.from_codes(index.astype(np.int32)[codes], dtype=pd.CategoricalDtype(
        pd.Index(distinct, dtype="string")))


def _frame(region, ids, names, secs, out, rows, total) -> pd.DataFrame:
    codes = region.astype(np.int32)
    stamps = pd.DatetimeIndex((secs.astype(np.int64) * 1_000_000).view("datetime64[us]"))
    frame = pd.DataFrame({
        "timestamp": pd.Series(stamps.tz_localize("UTC")).astype(TIMESTAMP_DTYPE),
        "region_id": _categories(ids, codes),
        "region_name": _categories(names, codes),
        "service": _categories(["power"], np.zeros(len(region), np.int32)),
        "customers_out": out,
    }, copy=False)
    if total is not None:
        frame["customers_total"] = pd.array(total, dtype="Float64").astype("Int64")
    frame["_row"] = rows.astype(np.int64)
    return frame
