"""The Purdue table of major US power outages, 2000-2016 (Mukherjee, Nateghi and Hastak, 2018).

Sheet ``Masterdata`` of ``outage.xlsx``: notes above, the header on row 6, units on row 7, one
event a row from row 8; ``NA`` marks anything missing. The header is found by its names
(``OUTAGE.START.DATE``, ``OUTAGE.START.TIME``, ``OUTAGE.RESTORATION.DATE``,
``OUTAGE.RESTORATION.TIME``, ``CUSTOMERS.AFFECTED``, ``POSTAL.CODE``), so another sheet name or
header row also reads.

Each event is N customers out from start to restoration in its state (``events.to_steps``; the
rules of ``events`` on unknown values apply and every skipped row is counted by reason). The
region is the state: 2-digit FIPS from ``POSTAL.CODE`` (or ``U.S._STATE``), named as the state.
``TOTAL.CUSTOMERS`` (the state's customers that year) becomes ``customers_total``. Times are
local: each is read in its state's zone (``regions``) and converted to UTC, a DST gap or
overlap being shifted and reported as a warning.
"""

from __future__ import annotations

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
    norm,
    parse_counts,
    sheet_events,
    sheets,
)

NAME = "purdue"

COLUMNS = {"start_date": "outage_start_date", "start_time": "outage_start_time",
           "end_date": "outage_restoration_date", "end_time": "outage_restoration_time",
           "customers": "customers_affected", "postal": "postal_code"}
OPTIONAL = {"state": "u_s_state", "total": "total_customers"}
NEEDED = set(COLUMNS.values())
SHEET = "Masterdata"
NO_STATE = "state not recognised"
METADATA = {
    "name": "Major power outage events in the continental U.S., 2000-2016",
    "source": "Mukherjee, Nateghi and Hastak (2018), Purdue University: Data on major power "
              "outage events in the continental U.S., Data in Brief",
    "licence": "not stated in the file (published with an open-access Data in Brief article)",
    "timezone": "UTC",
    "source_times": "local time of each state, converted to UTC with the state's main zone",
}
CAVEAT = ("Purdue: major outages only; a state spanning two time zones is read in the zone "
          "where most of its people live")


def sniff(data: bytes, filename: str) -> bool:
    if not is_workbook(data):
        return False
    try:
        book = sheets(data, filename, nrows=15)
    except InputError:
        return False
    return find_sheet(book, NEEDED, prefer=SHEET) is not None


def read(data: bytes, filename: str, options: Options) -> RawRead:
    found = find_sheet(sheets(data, filename), NEEDED, prefer=SHEET)
    if found is None:
        raise InputError(Problem(filename, "not the Purdue outage table: no sheet has a header "
                                           "row with OUTAGE.START.DATE, OUTAGE.START.TIME, "
                                           "OUTAGE.RESTORATION.DATE, OUTAGE.RESTORATION.TIME, "
                                           "CUSTOMERS.AFFECTED and POSTAL.CODE in its first 15 "
                                           "rows"))
    _, rows, header = found
    return read_rows(rows, header, filename)


def _first_data_row(rows: list[list], header: int) -> int:
    """The row after the header, or after the units row when there is one."""
    below = rows[header + 1] if header + 1 < len(rows) else []
    return header + 2 if any(norm(c) == "units" for c in below if isinstance(c, str)) \
        else header + 1


def _state(postal: object, name: object) -> regions.State | None:
    return regions.state(postal) if regions.state(postal) is not None else regions.state(name)


def read_rows(rows: list[list], header: int, filename: str) -> RawRead:
    """The events of a sheet given as rows of cell values (row 1 = index 0), header at
    ``header``."""
    index = column_index(rows[header])
    at = {role: index[name] for role, name in COLUMNS.items()}
    at.update({role: index[name] for role, name in OPTIONAL.items() if name in index})
    ev = sheet_events(rows, header, _first_data_row(rows, header), at, filename)
    data, numbers, names, warnings, skips = ev.data, ev.numbers, ev.names, ev.warnings, ev.skips
    customers, start, end = ev.customers, ev.start, ev.end

    state_names = cells(data, at["state"]) if "state" in at else [None] * len(data)
    states = [_state(p, n) for p, n in zip(cells(data, at["postal"]), state_names, strict=True)]
    skips.mark([s is None for s in states], NO_STATE)
    for i in np.flatnonzero(skips.reason == NO_STATE)[:20]:
        warnings.append(Problem(filename, f"{data[i][at['postal']]!r} is not a US state; row "
                                          "skipped", int(numbers[i]), names["postal"]))

    zones = pd.Series([s.zone if s else None for s in states], dtype=object)
    start_utc, dst = localize_by_zone(start, zones, numbers, file=filename,
                                      column=names["start_time"])
    end_utc, dst_end = localize_by_zone(end, zones, numbers, file=filename,
                                        column=names["end_time"])
    warnings += dst + dst_end
    skips.mark((end_utc <= start_utc).to_numpy(), NOT_AFTER)

    kept = np.flatnonzero(skips.kept)
    events = pd.DataFrame({
        "region_id": pd.array([states[i].fips for i in kept], dtype="string"),
        "region_name": pd.array([states[i].name for i in kept], dtype="string"),
        "service": pd.array(["power"] * len(kept), dtype="string"),
        "start": start_utc.iloc[kept].reset_index(drop=True),
        "end": end_utc.iloc[kept].reset_index(drop=True),
        "customers": customers.iloc[kept].to_numpy(dtype="int64", na_value=0),
        "_row": numbers[kept],
    })
    if "total" in at:
        total, problems = parse_counts(pd.Series(cells(data, at["total"]), dtype=object),
                                       numbers, filename, names["total"])
        warnings += [Problem(p.file, f"{p.message}; customers served left blank", p.row,
                             p.column) for p in problems]
        events["customers_total"] = total.iloc[kept].reset_index(drop=True)
    metadata = {**METADATA, "description": kept_note(len(kept), len(data)),
                "caveats": [EVENT_CAVEAT, CAVEAT]}
    return RawRead(frame=events_frame(events), encoding=None, warnings=warnings, published=True,
                   skipped=skips.counts(), metadata=metadata)
