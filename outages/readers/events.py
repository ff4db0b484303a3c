"""Event records: one row per outage (region, start, restoration, customers affected).

An event becomes a step: ``customers_out`` rises by N at its start and falls by N at its
restoration, per region; events that overlap in one region add up. This module holds that
conversion (``to_steps``, shared with the OE-417 and Purdue readers), the cell readers those
spreadsheets need, and the reader for a generic event CSV.

Rules for every event source (each skipped row is counted under its reason in ``skipped``):

- customers affected unknown (blank, ``Unknown``, ``NA``...): skipped, "unknown customers
  affected". A count cannot be guessed.
- 0 customers affected: skipped, "no customers affected (0)": such an event changes nothing.
- start unknown: skipped, "start time unknown".
- restoration unknown: skipped, "restoration time unknown". Keeping the customers out from the
  start to the end of the file would invent an outage of unknown length.
- restoration at or before the start: skipped, "restoration not after start".
- generic CSV only: no region, skipped, "region missing". A count or time that is there but not
  readable is an error naming the row (the person can fix their file); the published
  spreadsheets skip such a row with a warning instead (``moments``).

Generic CSV columns (case, spaces and dots do not matter; two columns fitting one role are an
error, not a guess): region (``region``, ``region_id``, ``area``, ``state``...), start
(``start``, ``start_time``, ``began``...), restoration (``end``, ``restoration``, ``restored``...),
customers affected (``customers``, ``customers_affected``, ``affected``...), and optionally
``region_name``, ``service`` and ``customers_total``. Times are read by ``times.parse_times``;
times without an offset take the zone the person gives (``Options.tz``). Without a service
column, ``Options.service`` names the service.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import python_calamine

from ..errors import InputError, Problem
from ..limits import MAX_ROWS
from ..schema import TIMESTAMP_DTYPE
from ..times import YEARS, localize, parse_times
from .base import Options, RawRead
from .bounds import XLS_MAGIC, ZIP_MAGIC, check_workbook
from .text import read_delimited

NAME = "events"

UNKNOWN_COUNT = "unknown customers affected"
ZERO_COUNT = "no customers affected (0)"
NO_START = "start time unknown"
NO_END = "restoration time unknown"
NOT_AFTER = "restoration not after start"
NO_REGION = "region missing"

EVENT_CAVEAT = ("Each event counts its customers affected as out from its start until its "
                "restoration; overlapping events in one region add up")

# Spellings of "not known" in event files.
UNKNOWN = frozenset({"", "unknown", "na", "n/a", "nan", "none", "null", "-", "--", "\u2014", "?",
                     "tbd", "not available", "ongoing"})

ALIASES = {
    "region": ("region", "region_id", "area", "area_affected", "state", "county", "oblast",
               "location"),
    "region_name": ("region_name", "area_name"),
    "start": ("start", "start_time", "started", "began", "begin", "event_start",
              "event_start_time", "outage_start", "outage_start_time", "start_date"),
    "end": ("end", "end_time", "ended", "restoration", "restored", "restoration_time",
            "restored_at", "restore_time", "event_end", "outage_end", "outage_end_time",
            "outage_restoration", "end_date"),
    "customers": ("customers", "customers_affected", "affected", "affected_customers",
                  "customers_out", "number_of_customers_affected"),
    "service": ("service",),
    "total": ("customers_total", "total_customers"),
}
REQUIRED = ("region", "start", "end", "customers")
# Options.mapping keys (canonical names from the upload page) for each role.
MAPPING_KEYS = {"region": "region_id", "region_name": "region_name", "start": "start",
                "end": "end", "customers": "customers_affected", "service": "service",
                "total": "customers_total"}
ROLE_LABELS = {"region": "region", "region_name": "region name", "start": "start time",
               "end": "restoration time", "customers": "customers affected",
               "service": "service", "total": "customers served"}

_COUNT = re.compile(r"^\d+$|^\d{1,3}(?:,\d{3})+$|^\d+\.0*$")


def norm(name: object) -> str:
    """A column name for matching: lower case, runs of other characters as one underscore."""
    return re.sub(r"[^0-9a-z\u0400-\u04ff]+", "_", str(name).strip().lower()).strip("_")


def is_unknown(values: pd.Series) -> pd.Series:
    """True where a cell means "not known" (blank, Unknown, NA...)."""
    text = values.astype("string").str.strip().str.lower()
    return text.isna() | text.isin(UNKNOWN)


def parse_counts(values: pd.Series, rows: np.ndarray, file: str,
                 column: str) -> tuple[pd.Series, list[Problem]]:
    """Whole non-negative counts as Int64 (NA where unknown), and a problem for each other value.

    Accepted: ``1200``, ``1,200``, ``1200.0`` and numbers read from a spreadsheet.
    """
    text = values.astype("string").str.strip()
    unknown = is_unknown(values).to_numpy()
    plain = text.str.replace(",", "", regex=False).str.replace(r"\.0*$", "", regex=True)
    good = text.str.fullmatch(_COUNT).fillna(False).to_numpy() & ~unknown
    counts = pd.Series(pd.NA, index=values.index, dtype="Int64")
    counts[good] = pd.to_numeric(plain[good]).astype("Int64")
    problems = []
    for i in np.flatnonzero(~good & ~unknown)[:20]:
        value = str(text.iloc[i])
        why = "is negative" if value.startswith("-") else "is not a whole number of customers"
        problems.append(Problem(file, f"{value!r} {why}", int(rows[i]), column))
    return counts, problems


def to_steps(events: pd.DataFrame) -> pd.DataFrame:
    """Events to the raw step frame.

    ``events``: region_id, region_name, service, start, end (UTC, end after start), customers
    (int), _row, and optionally customers_total. Each region gets one observation at every time
    its count changes: the sum of the customers of its events under way then.
    """
    has_total = "customers_total" in events.columns
    keep = ["region_id", "region_name", "service", "_row"] + (["customers_total"] if has_total
                                                              else [])
    customers = events["customers"].astype("int64")
    starts = events[keep].assign(timestamp=events["start"], delta=customers)
    ends = events[keep].assign(timestamp=events["end"], delta=-customers)
    deltas = pd.concat([starts, ends], ignore_index=True)
    deltas = deltas.sort_values(["service", "region_id", "timestamp", "_row"], kind="stable")
    deltas["customers_out"] = deltas.groupby(["service", "region_id"], sort=False)[
        "delta"].cumsum()
    names = deltas.groupby(["service", "region_id"], sort=False)["region_name"].transform("first")
    deltas["region_name"] = names
    steps = deltas.drop_duplicates(["service", "region_id", "timestamp"], keep="last")
    columns = ["timestamp", "region_id", "region_name", "service", "customers_out"]
    if has_total:
        columns.append("customers_total")
    out = steps[columns + ["_row"]].reset_index(drop=True)
    out["timestamp"] = out["timestamp"].astype(TIMESTAMP_DTYPE)
    out["customers_out"] = out["customers_out"].astype("int64")
    out["_row"] = out["_row"].astype("int64")
    return out


def kept_note(kept: int, rows: int) -> str:
    """The metadata description of an event file: how many rows became events."""
    return f"{kept:,} of {rows:,} event rows kept; the others are counted by reason in skipped"


def empty_steps(with_total: bool = False) -> pd.DataFrame:
    """A raw frame with no rows."""
    frame = pd.DataFrame({
        "timestamp": pd.Series(dtype=TIMESTAMP_DTYPE),
        "region_id": pd.Series(dtype="string"), "region_name": pd.Series(dtype="string"),
        "service": pd.Series(dtype="string"), "customers_out": pd.Series(dtype="int64")})
    if with_total:
        frame["customers_total"] = pd.Series(dtype="Int64")
    frame["_row"] = pd.Series(dtype="int64")
    return frame


def events_frame(events: pd.DataFrame) -> pd.DataFrame:
    """``to_steps`` that also accepts no events."""
    if len(events) == 0:
        return empty_steps("customers_total" in events.columns)
    return to_steps(events)


class Skips:
    """Which rows are skipped, under the first reason that applies to each."""

    def __init__(self, n: int):
        self.reason = np.full(n, "", dtype=object)

    def mark(self, mask, reason: str) -> None:
        """Skip the rows in ``mask`` not already skipped, for ``reason``."""
        self.reason[np.asarray(mask, dtype=bool) & self.kept] = reason

    @property
    def kept(self) -> np.ndarray:
        return self.reason == ""

    def counts(self) -> dict[str, int]:
        reasons, counts = np.unique(self.reason[~self.kept].astype(str), return_counts=True)
        return {str(r): int(c) for r, c in zip(reasons, counts, strict=True)}


# --- spreadsheets (OE-417 .xls, Purdue .xlsx) ---

EXCEL_EPOCH = dt.datetime(1899, 12, 30)  # serial 1 = 1900-01-01 (with Excel's 1900 leap bug)


def is_workbook(data: bytes) -> bool:
    """True for .xls (OLE2) and .xlsx (zip) bytes."""
    return data.startswith(XLS_MAGIC) or data.startswith(ZIP_MAGIC)


def sheets(data: bytes, filename: str, nrows: int | None = None) -> dict[str, list[list]]:
    """Every sheet's cells as Python values (row 1 of the sheet is element 0)."""
    try:
        check_workbook(data, filename)
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        out = {}
        for name in book.sheet_names:
            out[name] = book.get_sheet_by_name(name).to_python(skip_empty_area=False,
                                                               nrows=nrows)
        return out
    except InputError:
        raise
    except Exception as exc:  # calamine raises several error types for damaged files
        raise InputError(Problem(filename, f"cannot open the spreadsheet: {exc}")) from exc


def header_row(rows: list[list], needed: set[str], limit: int = 15) -> int | None:
    """Index of the first of the top ``limit`` rows whose names include all of ``needed``."""
    for i, row in enumerate(rows[:limit]):
        if needed <= {norm(c) for c in row if isinstance(c, str)}:
            return i
    return None


def find_sheet(book: dict[str, list[list]], needed: set[str],
               prefer: str | None = None) -> tuple[str, list[list], int] | None:
    """(sheet name, its rows, header index) of the first sheet with a header holding ``needed``;
    the sheet named ``prefer`` is tried first."""
    names = sorted(book, key=lambda n: n != prefer)
    for name in names:
        at = header_row(book[name], needed)
        if at is not None:
            return name, book[name], at
    return None


def column_index(header: list) -> dict[str, int]:
    """Normalised column name -> position (the first, when a name repeats)."""
    index: dict[str, int] = {}
    for i, name in enumerate(header):
        if isinstance(name, str) and name.strip():
            index.setdefault(norm(name), i)
    return index


def records(rows: list[list], first: int, needed: list[int]) -> tuple[list[list], np.ndarray]:
    """Data rows from index ``first`` that have a value in any of the ``needed`` columns, and
    their sheet row numbers (the sheet's row 1 is index 0). Blank rows and notes are left out."""
    kept, numbers = [], []
    for i in range(first, len(rows)):
        row = rows[i]
        if any(j < len(row) and not _empty(row[j]) for j in needed):
            kept.append(row)
            numbers.append(i + 1)
    return kept, np.asarray(numbers, dtype=np.int64)


def cells(rows: list[list], j: int) -> list:
    """Column ``j`` of ``rows`` (None where a row is short)."""
    return [row[j] if j < len(row) else None for row in rows]


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, float) and np.isnan(value))


def check_rows(n: int, filename: str) -> None:
    if n > MAX_ROWS:
        raise InputError(Problem(filename, f"{n:,} rows is more than the limit of {MAX_ROWS:,}"))


class Unreadable(ValueError):
    """A cell that is neither a value nor a known "unknown"."""


_DATE_MDY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?\s*([AP]M)?)?$",
                       re.IGNORECASE)
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]\.?M\.?)?$", re.IGNORECASE)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or (
        isinstance(value, str) and value.strip().lower() in UNKNOWN)


def cell_date(value: object) -> dt.date | None:
    """A date cell: a date, an Excel serial number, or ``MM/DD/YYYY`` / ``YYYY-MM-DD`` text.

    None when unknown; Unreadable for anything else, including a year outside times.YEARS.
    Text dates are month first: these are US federal forms.
    """
    day = _cell_date(value)
    if day is not None and not YEARS[0] <= day.year <= YEARS[1]:
        raise Unreadable(f"{value!r}: implausible year {day.year} (times must fall between "
                         f"{YEARS[0]} and {YEARS[1]})")
    return day


def _cell_date(value: object) -> dt.date | None:
    if _blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not 1 <= value < 2958466:
            raise Unreadable(f"{value!r} is not an Excel date serial")
        return (EXCEL_EPOCH + dt.timedelta(days=int(value))).date()
    text = str(value).strip()
    try:
        if m := _DATE_MDY.match(text):
            return dt.date(int(m[3]), int(m[1]), int(m[2]))
        if m := _DATE_ISO.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if text.isdigit():
            return _cell_date(int(text))
    except ValueError as exc:
        raise Unreadable(f"{text!r} is not a date") from exc
    raise Unreadable(f"{text!r} is not a date (expected MM/DD/YYYY)")


def cell_time(value: object) -> dt.timedelta | None:
    """A time-of-day cell: a time, an Excel day fraction, or ``HH:MM[:SS] [AM|PM]`` text.

    Returned as the time since midnight (``24:00`` is allowed: the end of the day). None when
    unknown; Unreadable for anything else.
    """
    if _blank(value):
        return None
    if isinstance(value, dt.datetime):
        value = value.time()
    if isinstance(value, dt.time):
        return dt.timedelta(hours=value.hour, minutes=value.minute, seconds=value.second)
    if isinstance(value, dt.timedelta):
        if dt.timedelta(0) <= value <= dt.timedelta(days=1):
            return value
        raise Unreadable(f"{value} is not a time of day")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 0 <= value <= 1:
            return dt.timedelta(seconds=round(value * 86400))
        raise Unreadable(f"{value!r} is not a time of day (an Excel day fraction is 0 to 1)")
    text = str(value).strip()
    m = _TIME.match(text)
    if m is None:
        raise Unreadable(f"{text!r} is not a time of day (expected HH:MM)")
    hour, minute, second = int(m[1]), int(m[2]), int(m[3] or 0)
    if m[4]:
        if not 1 <= hour <= 12:
            raise Unreadable(f"{text!r} is not a time of day")
        hour = hour % 12 + (12 if m[4][0].lower() == "p" else 0)
    if minute > 59 or second > 59 or hour > 24 or (hour == 24 and (minute or second)):
        raise Unreadable(f"{text!r} is not a time of day")
    return dt.timedelta(hours=hour, minutes=minute, seconds=second)


def cell_moment(date_value: object, time_value: object) -> dt.datetime | None:
    """Date and time cells as one naive local datetime; None when either is unknown."""
    day = cell_date(date_value)
    clock = cell_time(time_value)
    if day is None or clock is None:
        return None
    return dt.datetime.combine(day, dt.time()) + clock


def moments(dates: list, clocks: list, rows: np.ndarray, file: str, columns: tuple[str, str],
            warnings: list[Problem]) -> tuple[pd.Series, np.ndarray]:
    """Naive datetimes from date and time cells, and a mask of the unreadable ones.

    Unknown cells give NaT; unreadable cells give NaT, a warning naming the row and column, and
    True in the mask.
    """
    out, bad = [], np.zeros(len(dates), dtype=bool)
    for i, (day, clock) in enumerate(zip(dates, clocks, strict=True)):
        try:
            day_value = cell_date(day)
        except Unreadable as exc:
            warnings.append(Problem(file, f"{exc}; row skipped", int(rows[i]), columns[0]))
            bad[i] = True
            out.append(None)
            continue
        try:
            clock_value = cell_time(clock)
        except Unreadable as exc:
            warnings.append(Problem(file, f"{exc}; row skipped", int(rows[i]), columns[1]))
            bad[i] = True
            out.append(None)
            continue
        out.append(None if day_value is None or clock_value is None else
                   dt.datetime.combine(day_value, dt.time()) + clock_value)
    return pd.Series(pd.to_datetime(pd.Series(out, dtype=object)), dtype="datetime64[us]"), bad


def localize_by_zone(naive: pd.Series, zones: pd.Series, rows: np.ndarray, *, file: str,
                     column: str) -> tuple[pd.Series, list[Problem]]:
    """Naive local times, each in its own zone, to UTC. DST gaps and overlaps become warnings
    (``times.localize`` with strict=False): published files cannot be corrected."""
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


# --- the generic event CSV ---

def _header_names(data: bytes) -> list[str]:
    head = data[:8192]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    line = head.split(b"\n", 1)[0].decode("utf-8", errors="replace").strip("\r")
    delimiter = max((",", ";", "\t"), key=line.count)
    return [n.strip().strip('"') for n in line.split(delimiter)]


def _matches(names: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {role: [] for role in ALIASES}
    for name in names:
        key = norm(name)
        for role, aliases in ALIASES.items():
            if key in aliases:
                found[role].append(name)
    return found


def sniff(data: bytes, filename: str) -> bool:
    if is_workbook(data):
        return False
    found = _matches(_header_names(data))
    return all(found[role] for role in REQUIRED)


def roles(columns: list[str], mapping: dict[str, str] | None, file: str) -> dict[str, str]:
    """Role -> column. Mapped columns come first; a role two columns fit is an error."""
    chosen: dict[str, str] = {}
    for role, key in MAPPING_KEYS.items():
        if mapping and mapping.get(key):
            if mapping[key] not in columns:
                raise InputError(Problem(file, f"column {mapping[key]!r} (chosen as the "
                                               f"{ROLE_LABELS[role]}) is not in the file", 1))
            chosen[role] = mapping[key]
    for role, names in _matches(columns).items():
        names = [n for n in names if n not in chosen.values()]
        if role in chosen or not names:
            continue
        if len(names) > 1:
            raise InputError(Problem(
                file, f"columns {', '.join(repr(n) for n in names)} could each be the "
                      f"{ROLE_LABELS[role]}; rename all but one (or choose one in the upload "
                      "form)", 1))
        chosen[role] = names[0]
    missing = [ROLE_LABELS[r] for r in REQUIRED if r not in chosen]
    if missing:
        raise InputError(Problem(file, "an event file needs columns for the region, start time, "
                                       "restoration time and customers affected; missing: "
                                       + ", ".join(missing), 1))
    return chosen


def _times(frame: pd.DataFrame, column: str, kept: np.ndarray, rows: np.ndarray, file: str,
           tz: str | None) -> pd.Series:
    """UTC times of the kept rows (NaT elsewhere)."""
    out = pd.Series(pd.NaT, index=frame.index, dtype=TIMESTAMP_DTYPE)
    if kept.any():
        parsed = parse_times(frame.loc[kept, column], pd.Series(rows[kept]), file=file,
                             column=column, tz=tz)
        out[kept] = parsed.array
    return out


def read(data: bytes, filename: str, options: Options) -> RawRead:
    table = read_delimited(data, filename)
    frame, rows = table.frame, table.rows
    col = roles(list(frame.columns), options.mapping, filename)
    if "service" not in col and not options.service:
        raise InputError(Problem(filename, "the file has no service column: say which service "
                                           "these events are (for example --service power)"))
    skips = Skips(len(frame))
    region = frame[col["region"]].astype("string").str.strip()
    skips.mark(region.isna() | (region == ""), NO_REGION)
    customers, problems = parse_counts(frame[col["customers"]], rows, filename,
                                       col["customers"])
    if problems:
        raise InputError(problems)
    skips.mark(customers.isna(), UNKNOWN_COUNT)
    skips.mark(customers.fillna(-1) == 0, ZERO_COUNT)
    skips.mark(is_unknown(frame[col["start"]]), NO_START)
    skips.mark(is_unknown(frame[col["end"]]), NO_END)
    start = _times(frame, col["start"], skips.kept, rows, filename, options.tz)
    end = _times(frame, col["end"], skips.kept, rows, filename, options.tz)
    skips.mark((end <= start).to_numpy(), NOT_AFTER)
    kept = skips.kept
    events = pd.DataFrame({
        "region_id": region[kept].to_numpy(),
        "region_name": (frame[col["region_name"]].astype("string").str.strip()[kept].to_numpy()
                        if "region_name" in col else region[kept].to_numpy()),
        "service": (frame[col["service"]].astype("string").str.strip()[kept].to_numpy()
                    if "service" in col else options.service),
        "start": start[kept].to_numpy(), "end": end[kept].to_numpy(),
        "customers": customers[kept].to_numpy(dtype="int64", na_value=0),
        "_row": rows[kept],
    })
    events["region_name"] = events["region_name"].fillna(events["region_id"]).astype("string")
    events["region_id"] = events["region_id"].astype("string")
    events["service"] = events["service"].astype("string")
    if "total" in col:
        total, problems = parse_counts(frame[col["total"]], rows, filename, col["total"])
        if problems:
            raise InputError(problems)
        events["customers_total"] = total[kept].to_numpy()
    metadata = {"description": kept_note(int(kept.sum()), len(frame)), "caveats": [EVENT_CAVEAT],
                "timezone": options.tz or "UTC"}
    return RawRead(frame=events_frame(events), encoding=table.encoding, skipped=skips.counts(),
                   metadata=metadata)


BAD_COUNT = "customers affected unreadable"
BAD_START = "start time unreadable"
BAD_END = "restoration time unreadable"


@dataclass
class SheetEvents:
    """The parts every published event sheet (OE-417, Purdue) shares, read from its rows: the
    data rows, their sheet row numbers, the header names by role, and customers, start and
    restoration with the rows to skip marked in ``skips``."""

    data: list
    numbers: np.ndarray
    names: dict[str, str]
    warnings: list[Problem]
    skips: Skips
    customers: pd.Series
    start: pd.Series
    end: pd.Series


def sheet_events(rows: list[list], header: int, first: int, at: dict[str, int],
                 filename: str) -> SheetEvents:
    """Read the customers, start and restoration of a published event sheet.

    ``at`` maps roles (customers, start_date, start_time, end_date, end_time, ...) to column
    indexes; data rows start at index ``first``. A cell that is not a count, date or time skips
    its row with a warning naming it (a published file cannot be corrected).
    """
    data, numbers = records(rows, first, list(at.values()))
    check_rows(len(data), filename)
    names = {role: str(rows[header][j]).strip() for role, j in at.items()}
    warnings: list[Problem] = []
    skips = Skips(len(data))

    customers, problems = parse_counts(pd.Series(cells(data, at["customers"]), dtype=object),
                                       numbers, filename, names["customers"])
    bad_count = np.isin(numbers, [p.row for p in problems])
    warnings += [Problem(p.file, f"{p.message}; row skipped", p.row, p.column) for p in problems]
    skips.mark(bad_count, BAD_COUNT)
    skips.mark(customers.isna(), UNKNOWN_COUNT)
    skips.mark(customers.fillna(-1) == 0, ZERO_COUNT)

    start, bad_start = moments(cells(data, at["start_date"]), cells(data, at["start_time"]),
                               numbers, filename, (names["start_date"], names["start_time"]),
                               warnings)
    end, bad_end = moments(cells(data, at["end_date"]), cells(data, at["end_time"]), numbers,
                           filename, (names["end_date"], names["end_time"]), warnings)
    skips.mark(bad_start, BAD_START)
    skips.mark(start.isna(), NO_START)
    skips.mark(bad_end, BAD_END)
    skips.mark(end.isna(), NO_END)
    return SheetEvents(data, numbers, names, warnings, skips, customers, start, end)
