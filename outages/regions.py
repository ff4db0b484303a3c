"""US states: postal codes and names to 2-digit FIPS codes, and the time zone of each state.

Names, codes and centroids come from data/boundaries/us_state_centroids.csv (50 states and DC).
The five inhabited territories are added here without a centroid, since EAGLE-I and OE-417 name
them too.

A state that spans two zones gets the zone where most of its people live (Texas: Central,
Florida: Eastern, Tennessee: Central, Idaho: Mountain, Kentucky: Eastern...). Event files give
local clock times without a zone, so this is the best reading available; a reader that uses it
says so in its metadata.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from . import config

CENTROIDS = config.data_dir() / "boundaries" / "us_state_centroids.csv"

ZONES = {
    "AL": "America/Chicago", "AK": "America/Anchorage", "AZ": "America/Phoenix",
    "AR": "America/Chicago", "CA": "America/Los_Angeles", "CO": "America/Denver",
    "CT": "America/New_York", "DE": "America/New_York", "DC": "America/New_York",
    "FL": "America/New_York", "GA": "America/New_York", "HI": "Pacific/Honolulu",
    "ID": "America/Boise", "IL": "America/Chicago", "IN": "America/Indiana/Indianapolis",
    "IA": "America/Chicago", "KS": "America/Chicago", "KY": "America/New_York",
    "LA": "America/Chicago", "ME": "America/New_York", "MD": "America/New_York",
    "MA": "America/New_York", "MI": "America/Detroit", "MN": "America/Chicago",
    "MS": "America/Chicago", "MO": "America/Chicago", "MT": "America/Denver",
    "NE": "America/Chicago", "NV": "America/Los_Angeles", "NH": "America/New_York",
    "NJ": "America/New_York", "NM": "America/Denver", "NY": "America/New_York",
    "NC": "America/New_York", "ND": "America/Chicago", "OH": "America/New_York",
    "OK": "America/Chicago", "OR": "America/Los_Angeles", "PA": "America/New_York",
    "RI": "America/New_York", "SC": "America/New_York", "SD": "America/Chicago",
    "TN": "America/Chicago", "TX": "America/Chicago", "UT": "America/Denver",
    "VT": "America/New_York", "VA": "America/New_York", "WA": "America/Los_Angeles",
    "WV": "America/New_York", "WI": "America/Chicago", "WY": "America/Denver",
    "AS": "Pacific/Pago_Pago", "GU": "Pacific/Guam", "MP": "Pacific/Saipan",
    "PR": "America/Puerto_Rico", "VI": "America/St_Thomas",
}

# (fips, postal, name) of the territories, which the centroid file does not list.
TERRITORIES = (
    ("60", "AS", "American Samoa"), ("66", "GU", "Guam"),
    ("69", "MP", "Northern Mariana Islands"), ("72", "PR", "Puerto Rico"),
    ("78", "VI", "U.S. Virgin Islands"),
)


@dataclass(frozen=True)
class State:
    fips: str  # 2 digits, "48"
    postal: str  # "TX"
    name: str  # "Texas"
    zone: str  # IANA zone, "America/Chicago"
    lat: float | None = None
    lon: float | None = None


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().casefold().replace(".", ""))


@cache
def states() -> tuple[State, ...]:
    """Every state, DC and territory, in FIPS order."""
    found = []
    with CENTROIDS.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            postal = row["postal"]
            found.append(State(row["state_fips"].zfill(2), postal, row["name"], ZONES[postal],
                               float(row["lat"]), float(row["lon"])))
    found += [State(fips, postal, name, ZONES[postal]) for fips, postal, name in TERRITORIES]
    return tuple(sorted(found, key=lambda s: s.fips))


@cache
def _lookup() -> dict[str, State]:
    table = {}
    for s in states():
        for spelling in (s.fips, s.postal, s.name):
            table[_key(spelling)] = s
    table[_key("Virgin Islands")] = table[_key("VI")]
    table[_key("Washington DC")] = table[_key("DC")]
    table[_key("Washington, DC")] = table[_key("DC")]
    return table


def state(value: object) -> State | None:
    """The state for a postal code ("TX"), a name ("Texas", any case) or a FIPS code ("48")."""
    if value is None:
        return None
    text = str(value)
    if text.isdigit():
        text = text.zfill(2)
    return _lookup().get(_key(text))
