"""DOE Form OE-417 annual summaries, as published (.xls or .xlsx), every year 2011-2023.

A title row sits above the header; the header row is found by its names (``Date Event Began``,
``Time Event Began``, ``Date of Restoration``, ``Time of Restoration``, ``Area Affected``,
``Event Type``, ``Number of Customers Affected``) on any sheet (2011 is on ``Sheet2``), so the
9 columns of 2011-2014, ``Month`` versus ``Event Month`` and the title do not matter. Rows with
no date, time or count (month separators, repeated header rows at page breaks, footnotes) are
skipped unread or counted as unreadable. Dates are ``MM/DD/YYYY`` text, Excel dates or serial
numbers (2012 writes a full date and time in both columns: its date and its time are read);
``Unknown``, ``UNK``, ``N/A``, ``None`` stand for anything not known.

Declared as an ``eventsheet.EventSheet`` (``FORMAT``): each event is N customers out from its
start to its restoration (``events.to_steps``), with the rules of ``eventsheet`` and these:

Places (``us_areas``): the states named anywhere in ``Area Affected`` (``Texas: Harris County;``,
``Fentress County, Tennessee``, ``Delaware County, PA; Chester County, PA``, ``Western NY``), else
those of the utility or grid operator named (``LUMA Energy`` -> Puerto Rico, ``Oncor`` -> Texas).
One state: the region is the state (2-digit FIPS ``48``, ``Texas``). Several states (named, or an
operator serving several: ``ISO New England``, ``Pacificorp``): the report gives one count and no
split, and dividing it would invent numbers, so the event is kept whole under a combined region,
``US-MULTI:LA-TX`` ("Louisiana; Texas"), on no single state's figures or map. Areas outside the
US (``Alberta, Canada``) go to ``OUTSIDE-US``; anything else to ``US-XX`` ("Unplaced (area not
recognised)"): kept and counted in a warning and the caveats, never dropped.

Event types: the type is kept on each event (``RawRead.events``: ``event_type`` normalised,
``event_type_raw`` as written). By default (``Options.event_types == "outage"``) only types that
cut customers off are kept (``is_outage``): weather and natural disasters, physical attacks,
vandalism, sabotage and theft, equipment failures, transmission or distribution interruptions,
islanding and load shedding. System operations, public appeals, voltage reductions, fuel supply,
generation inadequacy, cyber events, suspicious activity, suspected or threatened attacks and
other/unknown are left out: for them the count is often the utility's whole customer base (NV
Energy's 1.3 million in 2021-2022 "System Operations" rows), not customers cut off. The caveats
give the events and customers left out per type; ``event_types="all"`` keeps every event.

Duplicates: an event with the same customers, a shared state and the same restoration as an
earlier one starting at most two days before (Hurricane Harvey's 1,076,868 in 2017, reported for
``Texas:`` and ``Texas: Harris County;``) is counted once, with a warning naming both rows.
A count above the customers served where the event happened (EAGLE-I's modelled customers per
county, ``data/samples/MCC.csv``: the counties named, else the states) gives a warning naming
the row.

Times are local to the area affected: each is read in the zone of the first state named
(``regions``: the zone where most of that state's people live), for an unplaced area in the
zone of its NERC region, and converted to UTC; a time that falls in a DST gap or overlap is
shifted (``times.localize``, not strict) and reported as a warning.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from functools import cache

import numpy as np

from .. import config, regions
from ..errors import Problem
from .eventsheet import EventSheet, Place, Review
from .us_areas import Area, area_states, outside_zone

COLUMNS = {"start_date": "date_event_began", "start_time": "time_event_began",
           "end_date": "date_of_restoration", "end_time": "time_of_restoration",
           "area": "area_affected", "customers": "number_of_customers_affected",
           "event_type": "event_type"}
OPTIONAL = {"nerc": "nerc_region"}
MULTI_PREFIX = "US-MULTI:"
UNPLACED = ("US-XX", "Unplaced (area not recognised)")
OUTSIDE = ("OUTSIDE-US", "Outside the US (Canada, Mexico)")
NERC_ZONES = {"WECC": "America/Los_Angeles", "TRE": "America/Chicago", "ERCOT": "America/Chicago",
              "TEXAS": "America/Chicago", "SPP": "America/Chicago", "MRO": "America/Chicago",
              "SERC": "America/New_York", "RF": "America/New_York", "RFC": "America/New_York",
              "NPCC": "America/New_York", "FRCC": "America/New_York", "PR": "America/Puerto_Rico"}
DEFAULT_ZONE = "America/Chicago"
DUPLICATE = "duplicate report (same customers, state and restoration as an earlier row)"
EXCLUDED = "event type not an outage (see the caveats; include with event types: all)"
SERVED = config.data_dir() / "samples" / "MCC.csv"
COUNTIES = config.data_dir() / "boundaries" / "us_county_centroids_2010.derived.csv"
METADATA = {
    "name": "DOE OE-417 electric emergency and disturbance events",
    "source": "US Department of Energy, Form OE-417 Electric Emergency and Disturbance Report, "
              "annual summary",
    "licence": "public domain (US government work)",
    "timezone": "UTC",
    "source_times": "local time of the area affected, converted to UTC with the zone of the first "
                "state named",
}
MULTI_CAVEAT = ("OE-417: an event naming several states, or a utility or grid operator serving "
                "several (such as ISO New England), is kept whole under a combined region (such "
                "as US-MULTI:LA-TX), not split between states")

# --- places ---


def region_of(states: list[regions.State]) -> tuple[str, str]:
    """(region_id, region_name) for the states of one event."""
    if len(states) == 1:
        return states[0].fips, states[0].name
    ordered = sorted(states, key=lambda s: s.postal)
    return (MULTI_PREFIX + "-".join(s.postal for s in ordered),
            "; ".join(s.name for s in ordered))


def nerc_zone(value: object) -> str:
    """The zone of the first NERC region a cell names (``WECC``, ``RF/SERC``...)."""
    first = re.split(r"[\s/,;]+", str(value or "").strip().upper())[0]
    return NERC_ZONES.get(first, DEFAULT_ZONE)


def _place(cells: dict[str, object]) -> Place:
    area: Area = area_states(cells["area"])
    if area.states:
        return Place(*region_of(area.states), area.states[0].zone,
                     combined=len(area.states) > 1)
    if area.how == "outside":
        return Place(*OUTSIDE, outside_zone(str(cells["area"])) or DEFAULT_ZONE)
    return Place(*UNPLACED, nerc_zone(cells.get("nerc")))


# --- event types ---

TYPOS = {"sever weather": "severe weather", "transmisison": "transmission",
         "vandalsim": "vandalism", "physcial": "physical", "suspcious": "suspicious",
         "sabatoge": "sabotage", "tornados": "tornadoes", "occuring": "occurring"}
SMALL_WORDS = {"a", "an", "and", "at", "by", "due", "for", "in", "of", "on", "or", "the", "to",
               "with"}
_SUSPECTED = re.compile(r"suspected [\w ]*?(?:attack|sabotage)|potential physical attack|"
                        r"threat of physical attack|suspicious activity|cyber[\w ()]*")
_CUT_OFF = re.compile(r"load shed|interruption|disruption|outage|islanding|separation|loss of|"
                      r"failure|malfunction|fault|trip|physical attack|physical event|vandal|"
                      r"sabotage|theft|storm damage")
_WEATHER = re.compile(r"weather|storm|hurricane|tornado|wind|ice|snow|hail|lightning|fog|"
                      r"cold front|winter|nor'easter|\bts\b|natural disaster|earthquake|fire")
_NOT_CUT = re.compile(r"public appeal|voltage reduction|fuel supply|system operations|"
                      r"generation inadequacy|energy deficiency")


def event_type(raw: object) -> str:
    """An event type as one spelling: no-break spaces and leading dashes gone, typos fixed,
    words capitalised (``'- Vandalism\xa0- Theft'`` -> ``Vandalism - Theft``)."""
    text = re.sub(r"\s+", " ", str(raw or "").replace("\xa0", " ")).strip(" -")
    text = text.lower()
    for wrong, right in TYPOS.items():
        text = text.replace(wrong, right)
    text = re.sub(r"\s*/\s*", "/", text)
    words = re.split(r"([ /(])", text)
    text = "".join(w if w in SMALL_WORDS or w in (" ", "/", "(") else w[:1].upper() + w[1:]
                   for w in words)
    return re.sub(r"\b(Mw|Ts)\b", lambda m: m[1].upper(), text) or "Unknown"


def is_outage(normalised: str) -> bool:
    """True for an event type that cuts customers off (see the module notes)."""
    text = _SUSPECTED.sub(" ", normalised.lower())
    return bool(_CUT_OFF.search(text)) or (bool(_WEATHER.search(text))
                                           and not _NOT_CUT.search(text))

# --- customers served (EAGLE-I modelled customers per county) ---


@cache
def _served() -> tuple[dict[str, int], dict[str, int], dict[tuple[str, str], str]]:
    """(customers per county FIPS, per state FIPS, county FIPS by (postal, name key))."""
    county: dict[str, int] = {}
    with SERVED.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            if row["County_FIPS"].isdigit():
                county[row["County_FIPS"].zfill(5)] = int(row["Customers"])
    state: dict[str, int] = {}
    for fips, n in county.items():
        state[fips[:2]] = state.get(fips[:2], 0) + n
    names: dict[tuple[str, str], str] = {}
    with COUNTIES.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            names[(row["usps"], _county_key(row["name"]))] = row["fips"]
    return county, state, names


def _county_key(name: str) -> str:
    return re.sub(r"\[\d+\]|[^a-z]", "", name.lower().replace("saint", "st"))


def customers_served(area: object, states: list[regions.State]) -> int | None:
    """Customers served where an event happened: the counties named for a state
    (``Texas: Harris County;``), else the whole state; None when a state has no figure."""
    county, state, names = _served()
    text = str(area or "")
    total = 0
    for s in states:
        listed = re.search(rf"{re.escape(s.name)}\s*:([^:]*?)(?:;|$|\s[A-Z][a-z]+\s*:)", text)
        parts = [p for p in (listed[1].split(",") if listed else []) if p.strip()]
        found = [names.get((s.postal, _county_key(p))) for p in parts]
        if parts and all(found) and all(f in county for f in found):
            total += sum(county[f] for f in found)
        elif s.fips in state:
            total += state[s.fips]
        else:
            return None
    return total


# --- warnings and caveats of this format (one function each) ---


def duplicate_warning(review: Review, i: int, first: int) -> Problem:
    return Problem(review.filename, "oe417.duplicate", int(review.numbers[i]),
                   review.names["customers"], first=str(review.numbers[first]),
                   customers=int(review.customers.iloc[i]))


def implausible_warning(review: Review, i: int, served: int) -> Problem:
    return Problem(review.filename, "oe417.implausible", int(review.numbers[i]),
                   review.names["customers"], customers=int(review.customers.iloc[i]),
                   served=int(served), area=str(review.values["area"][i]))


def unplaced_warning(review: Review, rows: list[int]) -> Problem:
    first = rows[0]
    return Problem(review.filename, "oe417.unplaced_events", int(review.numbers[first]),
                   review.names["area"], count=len(rows), at=str(review.numbers[first]),
                   cell=str(review.values["area"][first]), region=UNPLACED[0])


def unplaced_caveat(unplaced: tuple[int, int], outside: tuple[int, int]) -> str:
    return (f"OE-417: {unplaced[0]:,} events ({unplaced[1]:,} customers) name an area not "
            f"recognised and are kept under {UNPLACED[0]}; {outside[0]:,} events "
            f"({outside[1]:,} customers) are outside the US, under {OUTSIDE[0]}")


def excluded_caveat(excluded: dict[str, tuple[int, int]]) -> str:
    listed = "; ".join(f"{t}: {n:,} events, {c:,} customers"
                       for t, (n, c) in sorted(excluded.items(), key=lambda kv: -kv[1][1]))
    return ("OE-417: only event types that cut customers off are counted (weather, natural "
            "disasters, attacks, vandalism, equipment failures, interruptions, islanding, load "
            "shedding); left out: " + listed)


# --- the review of every row ---


def _duplicates(review: Review) -> list[tuple[int, int]]:
    """(row, earlier row) index pairs of the same event reported twice."""
    pairs: list[tuple[int, int]] = []
    kept = [i for i in np.flatnonzero(review.skips.kept)]
    states = {i: set(area_states(review.values["area"][i]).states) for i in kept}
    for n, i in enumerate(kept):
        for first in kept[:n]:
            if (review.customers.iloc[i] == review.customers.iloc[first]
                    and review.end.iloc[i] == review.end.iloc[first]
                    and abs(review.start.iloc[i] - review.start.iloc[first]).days < 2
                    and states[i] & states[first]
                    and all(first != p[0] for p in pairs)):
                pairs.append((i, first))
                break
    return pairs


def review(r: Review) -> None:
    """The OE-417 rules after the common ones: attributes, duplicates, event types, counts
    above customers served, unplaced areas (see the module notes)."""
    types_raw = [str(v or "") for v in r.values["event_type"]]
    types = [event_type(v) for v in types_raw]
    r.attributes.update(event_type=types, event_type_raw=types_raw,
                        area_affected=[str(v or "") for v in r.values["area"]])
    pairs = _duplicates(r)
    r.skips.mark(np.isin(np.arange(len(types)), [i for i, _ in pairs]), DUPLICATE)
    r.warnings += [duplicate_warning(r, i, first) for i, first in pairs[:20]]
    if r.options.event_types != "all":
        out = np.array([not is_outage(t) for t in types], dtype=bool) & r.skips.kept
        excluded: dict[str, tuple[int, int]] = {}
        for i in np.flatnonzero(out):
            n, c = excluded.get(types[i], (0, 0))
            excluded[types[i]] = (n + 1, c + int(r.customers.iloc[i]))
        r.skips.mark(out, EXCLUDED)
        if excluded:
            r.caveats.append(excluded_caveat(excluded))
        r.metadata["event_types_excluded"] = {t: n for t, (n, _) in excluded.items()}
    r.metadata["event_types"] = dict(Counter(types[i] for i in np.flatnonzero(r.skips.kept)))
    for i in np.flatnonzero(r.skips.kept):
        states = area_states(r.values["area"][i]).states
        served = customers_served(r.values["area"][i], states) if states else None
        if served is not None and r.customers.iloc[i] > served:
            r.warnings.append(implausible_warning(r, i, served))
    kept = np.flatnonzero(r.skips.kept)
    unplaced = [i for i in kept if r.places[i].region_id == UNPLACED[0]]
    outside = [i for i in kept if r.places[i].region_id == OUTSIDE[0]]
    tally = {name: (len(rows), int(sum(int(r.customers.iloc[i]) for i in rows)))
             for name, rows in (("unplaced", unplaced), ("outside", outside))}
    r.metadata["unplaced"] = {"events": tally["unplaced"][0],
                              "customers": tally["unplaced"][1]}
    if unplaced:
        r.warnings.append(unplaced_warning(r, unplaced))
    if unplaced or outside:
        r.caveats.append(unplaced_caveat(tally["unplaced"], tally["outside"]))


FORMAT = EventSheet(
    name="oe417", columns=COLUMNS, optional=OPTIONAL, place=_place, place_role="area",
    no_place="area affected not placed", unplaced="oe417.unplaced", not_found="oe417.not_found",
    metadata=METADATA, combined="oe417.combined", combined_caveat=MULTI_CAVEAT, review=review)
NAME, sniff, read, read_rows = FORMAT.name, FORMAT.sniff, FORMAT.read, FORMAT.read_rows
