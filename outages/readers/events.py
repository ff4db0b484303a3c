"""Event records: one row per outage (region, start, restoration, customers affected).

An event becomes a step: ``customers_out`` rises by N at its start and falls by N at its
restoration, per region; events that overlap in one region add up. This module holds that
conversion (``to_steps``), the rules below with the steps every event reader shares
(``skip_counts``, ``read_totals``, ``finish``), and the generic event list, declared by its
alias table (``ALIASES``). The published event spreadsheets (OE-417, Purdue) are declared in
``eventsheet``; their cells are typed by ``cells``.

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
  spreadsheets skip such a row with a warning instead (``published=True``).

Generic CSV columns (case, spaces and dots do not matter; two columns fitting one role are an
error, not a guess): region (``region``, ``region_id``, ``area``, ``state``...), start
(``start``, ``start_time``, ``began``...), restoration (``end``, ``restoration``, ``restored``...),
customers affected (``customers``, ``customers_affected``, ``affected``...), and optionally
``region_name``, ``service`` and ``customers_total``. Times are read by ``times.parse_times``;
times without an offset take the zone the person gives (``Options.tz``). Without a service
column, ``Options.service`` names the service.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputError, Listed, Phrase, Problem
from ..schema import TIMESTAMP_DTYPE
from ..times import parse_times
from .base import Options, RawRead, column_key
from .cells import is_unknown, parse_counts
from .sheet import workbook_kind
from .text import read_delimited

NAME = "events"

UNKNOWN_COUNT = "unknown customers affected"
ZERO_COUNT = "no customers affected (0)"
NO_START = "start time unknown"
NO_END = "restoration time unknown"
NOT_AFTER = "restoration not after start"
NO_REGION = "region missing"
BAD_COUNT = "customers affected unreadable"
BAD_START = "start time unreadable"
BAD_END = "restoration time unreadable"

EVENT_CAVEAT = ("Each event counts its customers affected as out from its start until its "
                "restoration; overlapping events in one region add up")

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


def skip_counts(values: pd.Series, rows: np.ndarray, file: str, column: str, skips: Skips, *,
                published: bool) -> tuple[pd.Series, list[Problem]]:
    """The customers affected (Int64), skipping unknown and 0 counts. A value that is not a
    count rejects the file, or in a published file (``published``) skips its row with a
    warning (returned)."""
    customers, problems = parse_counts(values, rows, file, column)
    if problems and not published:
        raise InputError(problems)
    skips.mark(np.isin(rows, [p.row for p in problems]), BAD_COUNT)
    skips.mark(customers.isna(), UNKNOWN_COUNT)
    skips.mark(customers.fillna(-1) == 0, ZERO_COUNT)
    return customers, [Problem(p.file, "cells.row_skipped", p.row, p.column, reason=p.phrase)
                       for p in problems]


def read_totals(values: pd.Series, rows: np.ndarray, file: str, column: str, *,
                published: bool) -> tuple[pd.Series, list[Problem]]:
    """Customers served (Int64). A value that is not a count rejects the file, or in a
    published file is left blank with a warning (returned)."""
    total, problems = parse_counts(values, rows, file, column)
    if problems and not published:
        raise InputError(problems)
    return total, [Problem(p.file, "cells.total_blanked", p.row, p.column, reason=p.phrase)
                   for p in problems]


def finish(events: pd.DataFrame, skips: Skips, metadata: dict, *, published: bool,
           warnings: list[Problem] | None = None, encoding: str | None = None) -> RawRead:
    """The reader's output for the kept ``events`` (see ``to_steps``) of an event file."""
    metadata = {**metadata, "description": kept_note(len(events), len(skips.reason))}
    return RawRead(frame=events_frame(events), encoding=encoding, warnings=warnings or [],
                   published=published, skipped=skips.counts(), metadata=metadata)


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
        key = column_key(name)
        for role, aliases in ALIASES.items():
            if key in aliases:
                found[role].append(name)
    return found


def sniff(data: bytes, filename: str) -> bool:
    if workbook_kind(data) is not None:
        return False
    found = _matches(_header_names(data))
    return all(found[role] for role in REQUIRED)


def roles(columns: list[str], mapping: dict[str, str] | None, file: str) -> dict[str, str]:
    """Role -> column. Mapped columns come first; a role two columns fit is an error."""
    chosen: dict[str, str] = {}
    for role, key in MAPPING_KEYS.items():
        if mapping and mapping.get(key):
            if mapping[key] not in columns:
                raise InputError(Problem(file, "events.mapping_absent", 1, name=mapping[key],
                                         role=_role(role)))
            chosen[role] = mapping[key]
    for role, names in _matches(columns).items():
        names = [n for n in names if n not in chosen.values()]
        if role in chosen or not names:
            continue
        if len(names) > 1:
            raise InputError(Problem(file, "events.ambiguous", 1,
                                     columns=", ".join(repr(n) for n in names), role=_role(role)))
        chosen[role] = names[0]
    missing = tuple(_role(r) for r in REQUIRED if r not in chosen)
    if missing:
        raise InputError(Problem(file, "events.missing_roles", 1, missing=Listed(missing)))
    return chosen


def _role(role: str) -> Phrase:
    """What a role's column holds (ROLE_LABELS in the reader's language)."""
    return Phrase(f"events.role.{role}")


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
        raise InputError(Problem(filename, "events.no_service"))
    skips = Skips(len(frame))
    region = frame[col["region"]].astype("string").str.strip()
    skips.mark(region.isna() | (region == ""), NO_REGION)
    customers, _ = skip_counts(frame[col["customers"]], rows, filename, col["customers"], skips,
                               published=False)
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
        total, _ = read_totals(frame[col["total"]], rows, filename, col["total"], published=False)
        events["customers_total"] = total[kept].to_numpy()
    metadata = {"caveats": [EVENT_CAVEAT], "timezone": options.tz or "UTC"}
    return finish(events, skips, metadata, published=False, encoding=table.encoding)
