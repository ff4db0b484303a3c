"""The Purdue table of major US power outages, 2000-2016 (Mukherjee, Nateghi and Hastak, 2018).

Sheet ``Masterdata`` of ``outage.xlsx``: notes above, the header on row 6, units on row 7, one
event a row from row 8; ``NA`` marks anything missing. The header is found by its names
(``OUTAGE.START.DATE``, ``OUTAGE.START.TIME``, ``OUTAGE.RESTORATION.DATE``,
``OUTAGE.RESTORATION.TIME``, ``CUSTOMERS.AFFECTED``, ``POSTAL.CODE``), so another sheet name or
header row also reads.

Declared as an ``eventsheet.EventSheet`` (``FORMAT``): each event is N customers out from start
to restoration in its state (``events.to_steps``; the rules of ``eventsheet`` apply and every
skipped row is counted by reason). The
region is the state: 2-digit FIPS from ``POSTAL.CODE`` (or ``U.S._STATE``), named as the state.
``TOTAL.CUSTOMERS`` (the state's customers that year) becomes ``customers_total``. Times are
local: each is read in its state's zone (``regions``) and converted to UTC, a DST gap or
overlap being shifted and reported as a warning.
"""

from __future__ import annotations

from .. import regions
from .eventsheet import EventSheet, Place

COLUMNS = {"start_date": "outage_start_date", "start_time": "outage_start_time",
           "end_date": "outage_restoration_date", "end_time": "outage_restoration_time",
           "customers": "customers_affected", "postal": "postal_code"}
OPTIONAL = {"state": "u_s_state", "total": "total_customers"}
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


def _place(cells: dict[str, object]) -> Place | None:
    state = regions.state(cells["postal"])
    if state is None:
        state = regions.state(cells.get("state"))
    return None if state is None else Place(state.fips, state.name, state.zone)


FORMAT = EventSheet(
    name="purdue", columns=COLUMNS, optional=OPTIONAL, sheet=SHEET, units_row=True,
    place=_place, place_role="postal", no_place=NO_STATE, unplaced="purdue.unplaced",
    not_found="purdue.not_found",
    metadata=METADATA, caveats=(CAVEAT,))
NAME, sniff, read, read_rows = FORMAT.name, FORMAT.sniff, FORMAT.read, FORMAT.read_rows
