"""DOE Form OE-417 annual summaries, as published (.xls or .xlsx).

A title row sits above the header; the header row is found by its names (``Date Event Began``,
``Time Event Began``, ``Date of Restoration``, ``Time of Restoration``, ``Area Affected``,
``Number of Customers Affected``), so ``Month`` versus ``Event Month`` and the title do not
matter. Dates are ``MM/DD/YYYY`` text or Excel serial numbers, times are Excel day fractions or
text; ``Unknown`` stands for anything not known.

Declared as an ``eventsheet.EventSheet`` (``FORMAT``): each event is N customers out from its
start to its restoration (``events.to_steps``), with the rules of ``eventsheet`` (unknown values
and unreadable cells skip the row, counted by reason).

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

from .. import regions
from .eventsheet import EventSheet, Place

COLUMNS = {"start_date": "date_event_began", "start_time": "time_event_began",
           "end_date": "date_of_restoration", "end_time": "time_of_restoration",
           "area": "area_affected", "customers": "number_of_customers_affected"}
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


def _place(cells: dict[str, object]) -> Place | None:
    states = area_states(cells["area"])
    if not states:
        return None
    return Place(*region_of(states), states[0].zone, combined=len(states) > 1)


FORMAT = EventSheet(
    name="oe417", columns=COLUMNS, place=_place, place_role="area", no_place=NO_STATE,
    unplaced="oe417.unplaced", not_found="oe417.not_found", metadata=METADATA,
    combined="oe417.combined",
    combined_caveat=MULTI_CAVEAT)
NAME, sniff, read, read_rows = FORMAT.name, FORMAT.sniff, FORMAT.read, FORMAT.read_rows
