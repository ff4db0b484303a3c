"""Parsing times without guessing: fixed formats, explicit zones, day/month order from evidence.

Years outside YEARS (1900-2199, the range share links accept) are refused: 0001 or 9999 is a
typo or a placeholder, never an outage.

Work is done on the distinct values only (outage files repeat each collection time many times),
then mapped back to the rows.
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd

from .errors import InputError, Listed, Phrase, Problem
from .schema import TIMESTAMP_DTYPE

_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$"
)
_NUMERIC_DATE = re.compile(
    r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$"
)
_YMD_SLASH = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")

YEARS = (1900, 2199)  # times outside are refused (files and links): surely a typo

# the text formats told apart: each is named by the problem code times.format.<family>
FAMILIES = ("iso", "ymd_slash", "numeric")


def zone(tz: str, file: str) -> ZoneInfo:
    """The zone named ``tz``, or an InputError that says the name is unknown."""
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InputError(Problem(file, "times.unknown_zone", tz=tz)) from exc


def _family(text: str) -> str | None:
    if _ISO.match(text):
        return "iso"
    if _YMD_SLASH.match(text):
        return "ymd_slash"
    if _NUMERIC_DATE.match(text):
        return "numeric"
    return None


def _first_row(rows: np.ndarray, codes: np.ndarray, unique_index: int) -> int:
    return int(rows[np.argmax(codes == unique_index)])


def _year(text: str, family: str) -> int:
    if family == "numeric":
        return int(_NUMERIC_DATE.match(text).group(4))
    return int(text[:4])


def year_message(shown: str) -> Phrase:
    """The message for a time ``shown`` (as written, or formatted) outside YEARS."""
    return Phrase("times.implausible_year", shown=shown, first=str(YEARS[0]), last=str(YEARS[1]))


_YEAR_SPAN_US = (int(np.datetime64(f"{YEARS[0]}-01-01", "us").astype(np.int64)),
                 int(np.datetime64(f"{YEARS[1] + 1}-01-01", "us").astype(np.int64)))
_NAT = np.iinfo(np.int64).min


def implausible(micros: np.ndarray) -> np.ndarray:
    """True where a time (int64 microseconds since the epoch, UTC; NaT allowed) falls in a year
    outside YEARS."""
    return ((micros < _YEAR_SPAN_US[0]) & (micros != _NAT)) | (micros >= _YEAR_SPAN_US[1])


def parse_times(values: pd.Series, rows: pd.Series, *, file: str, column: str,
                tz: str | None = None) -> pd.Series:
    """Parse a column of time text into UTC.

    Accepted: ISO 8601 with or without a UTC offset, ``YYYY/MM/DD``, and day/month dates
    (``10.10.2025``, ``10/10/2025``) with an optional ``HH:MM[:SS]``. Dotted dates are day-first;
    with ``/`` or ``-`` the order must follow from the data (a value above 12), else it is an
    error. Times without an offset need ``tz``; a clock time that does not exist or happens twice
    in that zone (a DST change) is an error naming the row.
    """
    rows_arr = np.asarray(rows, dtype=np.int64)
    text = values.astype("string").str.strip()
    missing = text.isna() | (text == "")
    if missing.any():
        row = int(rows_arr[np.argmax(missing.to_numpy())])
        raise InputError(Problem(file, "times.missing", row, column))
    codes, uniques = pd.factorize(text, sort=False)
    uniques = [str(u) for u in uniques]
    families = [_family(u) for u in uniques]

    bad = [i for i, f in enumerate(families) if f is None]
    if bad:
        problems = [Problem(file, "times.unreadable", _first_row(rows_arr, codes, i), column,
                            value=uniques[i]) for i in bad[:20]]
        raise InputError(problems)
    years = [_year(u, f) for u, f in zip(uniques, families, strict=True)]
    odd = [i for i, y in enumerate(years) if not YEARS[0] <= y <= YEARS[1]]
    if odd:
        raise InputError(sorted((Problem(file, year_message(repr(uniques[i])),
                                         _first_row(rows_arr, codes, i), column)
                                 for i in odd[:20]), key=lambda p: p.row or 0))
    kinds = sorted(set(families))
    if len(kinds) > 1:
        first = {k: min(_first_row(rows_arr, codes, i) for i, f in enumerate(families) if f == k)
                 for k in kinds}
        described = Listed(tuple(Phrase("times.format_at", at=str(first[k]),
                                 format=Phrase(f"times.format.{k}")) for k in kinds), "; ")
        raise InputError(Problem(file, "times.mixed_formats", max(first.values()), column,
                                 formats=described))
    kind = kinds[0]
    uniq = pd.Series(uniques, dtype="string")
    if kind == "iso":
        parsed, aware = _parse_iso(uniq, rows_arr, codes, file, column)
    elif kind == "ymd_slash":
        parsed, aware = _parse_fixed(uniq, "%Y/%m/%d", rows_arr, codes, file, column), False
    else:
        fmt = _numeric_format(uniq, rows_arr, codes, file, column)
        parsed, aware = _parse_fixed(uniq, fmt, rows_arr, codes, file, column), False
    if not aware:
        if tz is None:
            raise InputError(Problem(file, "times.no_zone", None, column, example=uniques[0]))
        parsed = _localize_strict(parsed, tz, rows_arr, codes, file, column)
    out = parsed.to_numpy()[codes]
    return pd.Series(pd.DatetimeIndex(out).tz_localize("UTC") if out.dtype.kind == "M"
                     else pd.DatetimeIndex(out), index=values.index).astype(TIMESTAMP_DTYPE)


# problems about one value (its rows can be left out and the rest read): the others are about
# the column as a whole (mixed formats, no zone, an ambiguous day/month order)
VALUE_PROBLEMS = ("times.missing", "times.unreadable", "times.invalid", "times.dst_gap",
                  "times.dst_overlap", "times.implausible_year")


def _per_value(problem: Problem) -> bool:
    return problem.row is not None and problem.code.startswith(VALUE_PROBLEMS)


def parse_times_collect(values: pd.Series, rows: pd.Series, *, file: str, column: str,
                        tz: str | None = None,
                        cap: int = 20) -> tuple[pd.Series, np.ndarray, list[Problem]]:
    """``parse_times`` that reports every unreadable value instead of the first kind found.

    Returns (times, bad, problems): the rows of values with a problem are NaT and marked in
    ``bad``, so that a caller can check the file's other columns too and report all problems
    in one pass. Up to ``cap`` problems are gathered; past that every row counts as bad. A
    problem about the column as a whole (mixed formats, no zone) is raised as before.
    """
    text = values.astype("string").str.strip().fillna("")
    row_numbers = np.asarray(rows, dtype=np.int64)
    bad = np.zeros(len(values), dtype=bool)
    problems: list[Problem] = []
    while True:
        keep = ~bad
        try:
            parsed = parse_times(values[keep], rows[keep], file=file, column=column, tz=tz)
        except InputError as exc:
            if not all(_per_value(p) for p in exc.problems):
                if problems:  # the values first: what the column then says may follow from them
                    raise InputError(sorted(problems, key=lambda p: p.row or 0)
                                     + exc.problems) from exc
                raise
            problems += exc.problems
            named = set(text[np.isin(row_numbers, [p.row for p in exc.problems])])
            bad |= text.isin(named).to_numpy()
            if len(problems) >= cap or bad.all():
                bad[:] = True
                break
            continue
        times = pd.Series(pd.NaT, index=values.index, dtype=TIMESTAMP_DTYPE)
        times[keep] = parsed
        return times, bad, sorted(problems, key=lambda p: p.row or 0)
    return (pd.Series(pd.NaT, index=values.index, dtype=TIMESTAMP_DTYPE), bad,
            sorted(problems, key=lambda p: p.row or 0))


def _parse_iso(uniq, rows_arr, codes, file, column):
    has_zone = uniq.str.contains(r"(?:Z|[+-]\d{2}:?\d{2})$", regex=True)
    if has_zone.any() and not has_zone.all():
        i = int(np.argmin(has_zone.to_numpy()))
        raise InputError(Problem(file, "times.offset_mixed", _first_row(rows_arr, codes, i),
                                 column, value=uniq[i]))
    aware = bool(has_zone.all())
    normal = uniq.str.replace(" ", "T", n=1)
    parsed = pd.to_datetime(normal, format="ISO8601", utc=aware, errors="coerce")
    _raise_unparsed(parsed, uniq, rows_arr, codes, file, column)
    if aware:
        return pd.Series(parsed.dt.tz_convert("UTC").dt.tz_localize(None)), True
    return pd.Series(parsed), False


def _numeric_format(uniq, rows_arr, codes, file, column) -> str:
    parts = uniq.str.extract(_NUMERIC_DATE)
    sep = parts[1].iloc[0]
    first, second = parts[0].astype(int), parts[2].astype(int)
    has_time = parts[4].notna()
    if has_time.any() and not has_time.all():
        i = int(np.argmin(has_time.to_numpy()))
        raise InputError(Problem(file, "times.clock_mixed", _first_row(rows_arr, codes, i),
                                 column, value=uniq[i]))
    if sep == ".":
        day_first = True
    else:
        day_first_seen, month_first_seen = (first > 12).to_numpy(), (second > 12).to_numpy()
        if day_first_seen.any() and month_first_seen.any():
            i, j = int(np.argmax(day_first_seen)), int(np.argmax(month_first_seen))
            raise InputError(Problem(
                file, "times.order_differs", max(_first_row(rows_arr, codes, i),
                                                 _first_row(rows_arr, codes, j)), column,
                day_first=uniq[i], month_first=uniq[j]))
        if not (day_first_seen.any() or month_first_seen.any()) and (first != second).any():
            i = int(np.argmax((first != second).to_numpy()))
            raise InputError(Problem(file, "times.ambiguous", _first_row(rows_arr, codes, i),
                                     column, value=uniq[i]))
        day_first = bool(day_first_seen.any())
    date = f"%d{sep}%m{sep}%Y" if day_first else f"%m{sep}%d{sep}%Y"
    if not has_time.any():
        return date
    with_seconds = parts[6].notna()
    if with_seconds.any() and not with_seconds.all():
        return date + " %H:%M:%S|mixed"
    return date + (" %H:%M:%S" if with_seconds.all() else " %H:%M")


def _parse_fixed(uniq, fmt, rows_arr, codes, file, column):
    normal = uniq.str.replace("T", " ", n=1)
    if fmt.endswith("|mixed"):
        base = fmt.removesuffix("|mixed")
        normal = normal.where(normal.str.count(":") == 2, normal + ":00")
        fmt = base
    elif fmt.startswith("%Y/"):
        colons = normal.str.count(":")
        if (colons > 0).any():
            normal = normal.where(colons != 1, normal + ":00")
            normal = normal.where(colons != 0, normal + " 00:00:00")
            fmt = "%Y/%m/%d %H:%M:%S"
    parsed = pd.to_datetime(normal, format=fmt, errors="coerce")
    _raise_unparsed(parsed, uniq, rows_arr, codes, file, column)
    return pd.Series(parsed)


def _raise_unparsed(parsed, uniq, rows_arr, codes, file, column):
    bad = np.flatnonzero(pd.isna(parsed))
    if len(bad):
        raise InputError([Problem(file, "times.invalid", _first_row(rows_arr, codes, int(i)),
                                  column, value=uniq[i]) for i in bad[:20]])


# what is done about a time in a DST gap or overlap: problem codes
GAP_STRICT = "times.fix.strict"
GAP_SHIFTED = "times.fix.gap_shifted"
OVERLAP_SHIFTED = "times.fix.overlap_shifted"


def _dst_problems(naive: pd.Series, tz: str, row_of, file: str, column: str,
                  gap_fix: str = GAP_STRICT, overlap_fix: str = GAP_STRICT):
    """(gap, overlap) masks and the problems they describe, each ending with what is done."""
    idx = pd.DatetimeIndex(naive)
    gap = pd.isna(idx.tz_localize(tz, ambiguous="NaT", nonexistent="NaT"))
    early = idx.tz_localize(tz, ambiguous=np.ones(len(idx), bool), nonexistent="NaT")
    late = idx.tz_localize(tz, ambiguous=np.zeros(len(idx), bool), nonexistent="NaT")
    overlap = ~pd.isna(early) & (early != late)
    gap = gap & pd.isna(early)
    problems = []
    for i in np.flatnonzero(gap)[:20]:
        problems.append(Problem(file, "times.dst_gap", row_of(int(i)), column,
                                time=f"{idx[i]:%Y-%m-%d %H:%M}", tz=tz, fix=Phrase(gap_fix)))
    for i in np.flatnonzero(overlap)[:20]:
        problems.append(Problem(file, "times.dst_overlap", row_of(int(i)), column,
                                time=f"{idx[i]:%Y-%m-%d %H:%M}", tz=tz, fix=Phrase(overlap_fix)))
    return np.asarray(gap), np.asarray(overlap), problems


def _localize_strict(naive: pd.Series, tz: str, rows_arr, codes, file, column) -> pd.Series:
    zone(tz, file)
    _, _, problems = _dst_problems(naive, tz, lambda i: _first_row(rows_arr, codes, i), file,
                                   column)
    if problems:
        raise InputError(sorted(problems, key=lambda p: p.row or 0))
    idx = pd.DatetimeIndex(naive).tz_localize(tz).tz_convert("UTC").tz_localize(None)
    return pd.Series(idx)


def localize(naive: pd.Series, tz: str, rows: pd.Series, *, file: str, column: str,
             strict: bool = True) -> tuple[pd.Series, list[Problem]]:
    """Naive local datetimes in zone ``tz`` to UTC.

    strict: a DST gap or overlap is an error. Not strict (for published files whose times cannot
    be corrected, such as OE-417): a time in a gap moves forward by the gap, a time in an overlap
    takes the earlier instant, and each is returned as a warning.
    """
    zone(tz, file)
    rows_arr = np.asarray(rows, dtype=np.int64)
    naive = pd.Series(pd.DatetimeIndex(naive), index=naive.index)
    valid = naive.notna().to_numpy()
    fixes = {} if strict else {"gap_fix": GAP_SHIFTED, "overlap_fix": OVERLAP_SHIFTED}
    gap, overlap, problems = _dst_problems(naive[valid].reset_index(drop=True), tz,
                                           lambda i: int(rows_arr[valid][i]), file, column,
                                           **fixes)
    if problems and strict:
        raise InputError(sorted(problems, key=lambda p: p.row or 0))
    local = pd.DatetimeIndex(naive)
    earlier = np.ones(len(naive), bool)
    idx = local.tz_localize(tz, ambiguous=earlier, nonexistent="NaT").tz_convert("UTC")
    # A time in a gap keeps the offset in force just before the gap (moves forward by the gap).
    before = local.tz_localize(tz, ambiguous=earlier, nonexistent="shift_backward")
    offset = before.tz_localize(None) - before.tz_convert("UTC").tz_localize(None)
    in_gap = np.asarray(idx.isna() & local.notna())
    idx = idx.where(~in_gap, (local - offset).tz_localize("UTC"))
    out = pd.Series(idx, index=naive.index).astype(TIMESTAMP_DTYPE)
    return out, problems


def localize_by_zone(naive: pd.Series, zones: pd.Series, rows: np.ndarray, *, file: str,
                     column: str) -> tuple[pd.Series, list[Problem]]:
    """Naive local times, each in its own zone (None: NaT), to UTC. DST gaps and overlaps
    become warnings (``localize`` with strict=False): published files cannot be corrected."""
    parts = [pd.Series(pd.NaT, index=naive.index[zones.isna().to_numpy()], dtype=TIMESTAMP_DTYPE)]
    warnings: list[Problem] = []
    for tz in sorted(set(zones.dropna())):
        mask = (zones == tz).to_numpy()
        utc, found = localize(naive[mask], tz, pd.Series(rows[mask]), file=file, column=column,
                              strict=False)
        parts.append(utc)
        warnings += found
    out = pd.concat(parts).reindex(naive.index).astype(TIMESTAMP_DTYPE)
    return out, sorted(warnings, key=lambda p: p.row or 0)


def utc(value: object, name: str = "time", *, naive_zone: str | None = None) -> pd.Timestamp:
    """One time (a Timestamp, datetime or ISO 8601 text) as a UTC Timestamp.

    A time without a zone is read as wall-clock time in ``naive_zone`` (a time in a DST gap
    moves forward, a repeated one takes its first occurrence); with no ``naive_zone`` it is
    refused, since its zone is unknown. ValueError names ``name`` for what cannot be read.
    """
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        stamp = pd.NaT
    if stamp is pd.NaT:
        raise ValueError(f"{name} is not a time: {value!r}")
    if stamp.tzinfo is None:
        if naive_zone is None:
            raise ValueError(f"{name} must be timezone-aware (UTC): {value!r} is a time "
                             "without a zone")
        stamp = stamp.tz_localize(naive_zone, ambiguous=True, nonexistent="shift_forward")
    return stamp.tz_convert("UTC")
