"""DOE Form OE-417 annual summaries, as published (.xls or .xlsx).

A title row sits above the header; the header row is found by its names (``Date Event Began``,
``Time Event Began``, ``Date of Restoration``, ``Time of Restoration``, ``Area Affected``,
``Number of Customers Affected``), so ``Month`` versus ``Event Month`` and the title do not
matter. Dates are ``MM/DD/YYYY`` text or Excel serial numbers, times are Excel day fractions or
text; ``Unknown`` stands for anything not known.

Each event is N customers out from its start to its restoration (``events.to_steps``). The rules
of ``events`` apply: unknown or 0 customers, unknown start or restoration, and restoration not
after the start skip the row, counted by reason. Cells that are not a date or time at all are
skipped too, with a warning naming the row.

Regions are states: ``Area Affected`` reads ``Texas: Harris County;`` and the state becomes the
region (2-digit FIPS ``48``, name ``Texas``). Counties are not used: many rows name none.

Several states in one row (``Louisiana: Texas:``): the report gives one customer count for the
whole event and no split, and dividing it between states would invent numbers. The event is kept
whole under a combined region, ``US-MULTI:LA-TX`` ("Louisiana; Texas"), so totals over all
regions include it; it is on no single state's figures or map. A warning says how many rows
this concerns. Rows naming no US state are skipped ("area affected names no US state").

Times are local to the area affected: each is read in the zone of the first state named
(``regions``: the zone where most of that state's people live) and converted to UTC; a time that
falls in a DST gap or overlap is shifted (``times.localize``, not strict) and reported as a
warning.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pandas as pd

from .. import regions
from ..errors import InputError, Problem
from .base import Options, RawRead
from .events import (
    EVENT_CAVEAT,
    NOT_AFTER,
    cells,
    column_index,
    events_frame,
    find_sheet,
    is_workbook,
    kept_note,
    localize_by_zone,
    sheet_events,
    sheets,
)

NAME = "oe417"

COLUMNS = {"start_date": "date_event_began", "start_time": "time_event_began",
           "end_date": "date_of_restoration", "end_time": "time_of_restoration",
           "area": "area_affected", "customers": "number_of_customers_affected"}
NEEDED = set(COLUMNS.values())
NO_STATE = "area affected names no US state"
MULTI_PREFIX = "US-MULTI:"
METADATA = {
    "name": "DOE OE-417 electric emergency and disturbance events",
    "source": "US Department of Energy, Form OE-417 Electric Emergency and Disturbance Report, "
              "annual summary",
    "licence": "public domain (US government work)",
    "timezone": "UTC",
    "source_times": "local time of the area affected, converted to UTC with the zone of the first "
                "state named",
}
MULTI_CAVEAT = ("OE-417: an event naming several states is kept whole under a combined region "
                "(such as US-MULTI:LA-TX), not split between states")


@cache
def _state_pattern() -> re.Pattern:
    names = sorted((s.name for s in regions.states()), key=len, reverse=True)
    return re.compile(r"(?<![A-Za-z])(" + "|".join(re.escape(n) for n in names) + r")\s*:",
                      re.IGNORECASE)


def area_states(text: object) -> list[regions.State]:
    """The states an ``Area Affected`` cell names, in order, each once.

    ``Texas: Harris County;`` -> [Texas]; ``Texas: Potter County; New Mexico:`` -> [Texas, New
    Mexico]. Without any ``State:`` the cell may be a plain list: ``Texas; Oklahoma``.
    """
    if not isinstance(text, str):
        return []
    found = [regions.state(m[1]) for m in _state_pattern().finditer(text)]
    if not found and ":" not in text:
        parts = [p.strip() for p in re.split(r"[;,]", text) if p.strip()]
        listed = [regions.state(p) for p in parts]
        found = listed if listed and all(listed) else []
    unique: list[regions.State] = []
    for s in found:
        if s is not None and s not in unique:
            unique.append(s)
    return unique


def region_of(states: list[regions.State]) -> tuple[str, str]:
    """(region_id, region_name) for the states of one event."""
    if len(states) == 1:
        return states[0].fips, states[0].name
    ordered = sorted(states, key=lambda s: s.postal)
    return (MULTI_PREFIX + "-".join(s.postal for s in ordered),
            "; ".join(s.name for s in ordered))


def sniff(data: bytes, filename: str) -> bool:
    if not is_workbook(data):
        return False
    try:
        book = sheets(data, filename, nrows=15)
    except InputError:
        return False
    return find_sheet(book, NEEDED) is not None


def read(data: bytes, filename: str, options: Options) -> RawRead:
    found = find_sheet(sheets(data, filename), NEEDED)
    if found is None:
        raise InputError(Problem(filename, "not an OE-417 summary: no sheet has a header row "
                                           "with Date Event Began, Time Event Began, Date of "
                                           "Restoration, Time of Restoration, Area Affected and "
                                           "Number of Customers Affected in its first 15 rows"))
    _, rows, header = found
    return read_rows(rows, header, filename)


def read_rows(rows: list[list], header: int, filename: str) -> RawRead:
    """The events of a sheet given as rows of cell values (row 1 = index 0), header at
    ``header``."""
    index = column_index(rows[header])
    at = {role: index[name] for role, name in COLUMNS.items()}
    ev = sheet_events(rows, header, header + 1, at, filename)
    data, numbers, names, warnings, skips = ev.data, ev.numbers, ev.names, ev.warnings, ev.skips
    customers, start, end = ev.customers, ev.start, ev.end

    states = [area_states(a) for a in cells(data, at["area"])]
    skips.mark([not s for s in states], NO_STATE)
    for i in np.flatnonzero(skips.reason == NO_STATE)[:20]:
        warnings.append(Problem(filename, f"{data[i][at['area']]!r} names no US state; row "
                                          "skipped", int(numbers[i]), names["area"]))

    zones = pd.Series([s[0].zone if s else None for s in states], dtype=object)
    start_utc, dst = localize_by_zone(start, zones, numbers, file=filename,
                                      column=names["start_time"])
    end_utc, dst_end = localize_by_zone(end, zones, numbers, file=filename,
                                        column=names["end_time"])
    warnings += dst + dst_end
    skips.mark((end_utc <= start_utc).to_numpy(), NOT_AFTER)

    kept = np.flatnonzero(skips.kept)
    ids_names = [region_of(states[i]) for i in kept]
    multi = [i for i in kept if len(states[i]) > 1]
    if multi:
        first = multi[0]
        warnings.append(Problem(
            filename, f"{len(multi)} events name several states (first: row {numbers[first]}, "
                      f"{data[first][at['area']]!r}); each is kept whole under a combined region "
                      f"such as {region_of(states[first])[0]}, not split between states",
            int(numbers[first]), names["area"]))
    events = pd.DataFrame({
        "region_id": pd.array([r for r, _ in ids_names], dtype="string"),
        "region_name": pd.array([n for _, n in ids_names], dtype="string"),
        "service": pd.array(["power"] * len(kept), dtype="string"),
        "start": start_utc.iloc[kept].reset_index(drop=True),
        "end": end_utc.iloc[kept].reset_index(drop=True),
        "customers": customers.iloc[kept].to_numpy(dtype="int64", na_value=0),
        "_row": numbers[kept],
    })
    metadata = {**METADATA, "description": kept_note(len(kept), len(data)),
                "caveats": [EVENT_CAVEAT] + ([MULTI_CAVEAT] if multi else [])}
    return RawRead(frame=events_frame(events), encoding=None, warnings=warnings, published=True,
                   skipped=skips.counts(), metadata=metadata)
