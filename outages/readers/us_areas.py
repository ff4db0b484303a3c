"""Where a free-text US "area affected" is: the states it names, or the states of the utility,
ISO or grid operator it names. Used by the OE-417 reader (``oe417``).

Rules, in order (``area_states``):

1. ``State: County; State2:`` (the 2016-2022 style): the names followed by a colon, and nothing
   else. ``Oregon: Washington County;`` is Oregon only.
2. Free text (2011-2015 and left-overs): county and parish names are removed first
   (``Delaware County, PA`` -> ``, PA``; ``Washington Parish``), then every state name found
   anywhere counts (``Houston, Texas``, ``Louisiana and Texas``, ``ERCOT Region Texas``), as do
   postal abbreviations written in capitals as a word of their own (``Western NY``,
   ``Texas panhandle, SE NM``), and ``Washington, DC`` is the District of Columbia.
3. Only when no state is named: the utility or grid operator, from ``ENTITIES`` below (``LUMA``
   -> Puerto Rico, ``ERCOT`` -> Texas, ``ISO New England`` -> the six New England states). The
   states named win over an entity (``MISO North, Minnesota`` is Minnesota).

An entity serving several states gives all of them: the event is somewhere in that footprint,
and the reader keeps such an event whole under a combined region, on no single state's figures,
as it does for any event naming several states. Names that serve no single footprint (a
generator company, a federal agency region spanning many states with no state named) are
listed with their whole footprint only when the operator's own published service area says so;
anything else stays unplaced and is counted by the reader.

Sources for the footprints: each operator's own service-area page or annual report (ISO New
England, NYISO, CAISO, ERCOT, PJM, MISO, SPP, PacifiCorp, Duke Energy, AEP, Xcel Energy,
Otter Tail Power, Entergy, Southern Company, Dominion Energy, FirstEnergy, WAPA regions, TVA,
Bonneville Power Administration, NV Energy, WEC Energy Group, LUMA Energy), as of 2023.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from .. import regions

NEW_ENGLAND = ("CT", "MA", "ME", "NH", "RI", "VT")

# (pattern, postal codes, who): patterns are matched case-insensitively anywhere in the cell.
# The first entity that matches wins; more specific names come before shorter ones.
ENTITIES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (r"\bLUMA\b", ("PR",), "LUMA Energy, Puerto Rico's transmission and distribution operator"),
    (r"\bPREPA\b|Puerto Rico Electric Power", ("PR",), "Puerto Rico Electric Power Authority"),
    (r"\bISO[- ]?New England\b|\bISO-NE\b", NEW_ENGLAND, "ISO New England"),
    (r"\bNYISO\b|New York Independent System", ("NY",), "New York ISO"),
    (r"\bCAISO\b|California Independent System|California ISO", ("CA",), "California ISO"),
    (r"\bERCOT\b|Electric Reliability Council of Texas", ("TX",), "ERCOT"),
    (r"\bOncor\b", ("TX",), "Oncor Electric Delivery (Texas)"),
    (r"CenterPoint Energy Houston|\bAEP Texas\b", ("TX",), "Texas wires companies"),
    (r"Pacific Gas (?:and|&) Electric|\bPG&E\b", ("CA",), "Pacific Gas and Electric"),
    (r"Southern California Edison|\bSCE\b", ("CA",), "Southern California Edison"),
    (r"San Diego Gas", ("CA",), "San Diego Gas & Electric"),
    (r"Sacramento Municipal|\bSMUD\b", ("CA",), "Sacramento Municipal Utility District"),
    (r"Los Angeles Department of Water|\bLADWP\b", ("CA",), "LADWP"),
    (r"Imperial Irrigation District", ("CA",), "Imperial Irrigation District"),
    (r"Puget Sound Energy|Seattle City Light|Tacoma Power|Snohomish", ("WA",),
     "Washington utilities"),
    (r"Portland General Electric", ("OR",), "Portland General Electric"),
    (r"Arizona Public Service|Salt River Project|Tucson Electric", ("AZ",), "Arizona utilities"),
    (r"\bNV Energy\b|Nevada Power|Sierra Pacific Power", ("NV",), "NV Energy"),
    (r"Public Service Company of New Mexico|\bPNM\b", ("NM",), "PNM"),
    (r"Florida Power (?:and|&) Light|\bFPL\b|Tampa Electric|Gulf Power|\bJEA\b", ("FL",),
     "Florida utilities"),
    (r"Georgia Power", ("GA",), "Georgia Power"),
    (r"Alabama Power", ("AL",), "Alabama Power"),
    (r"Mississippi Power", ("MS",), "Mississippi Power"),
    (r"Consolidated Edison|\bCon Ed|Central Hudson|\bNYSEG\b|Long Island Power|\bPSEG Long",
     ("NY",), "New York utilities"),
    (r"Public Service Electric|\bPSE&G\b|Atlantic City Electric|Jersey Central", ("NJ",),
     "New Jersey utilities"),
    (r"\bPECO\b|\bPPL\b|Duquesne Light", ("PA",), "Pennsylvania utilities"),
    (r"Baltimore Gas|\bBGE\b", ("MD",), "Baltimore Gas and Electric"),
    (r"Commonwealth Edison|\bComEd\b", ("IL",), "ComEd"),
    (r"\bDTE\b|Consumers Energy", ("MI",), "Michigan utilities"),
    (r"Eversource", ("CT", "MA", "NH"), "Eversource Energy"),
    (r"National Grid", ("MA", "NY", "RI"), "National Grid (US)"),
    (r"WEC Energy|We Energies|Wisconsin Electric|Wisconsin Public Service", ("MI", "WI"),
     "WEC Energy Group (Wisconsin and Michigan's Upper Peninsula)"),
    (r"\bCPS Energy\b|Austin Energy|El Paso Electric", ("TX",), "Texas municipal utilities"),
    (r"Otter Tail Power", ("MN", "ND", "SD"), "Otter Tail Power Company"),
    (r"Entergy", ("AR", "LA", "MS", "TX"), "Entergy"),
    (r"Cleco", ("LA",), "Cleco (Louisiana)"),
    (r"PacifiCorp|Pacific Power|Rocky Mountain Power", ("CA", "ID", "OR", "UT", "WA", "WY"),
     "PacifiCorp"),
    (r"Duke Energy", ("FL", "IN", "KY", "NC", "OH", "SC"), "Duke Energy"),
    (r"Dominion", ("NC", "SC", "VA"), "Dominion Energy (electric)"),
    (r"\bAEP\b|American Electric Power",
     ("AR", "IN", "KY", "LA", "MI", "OH", "OK", "TN", "TX", "VA", "WV"), "AEP"),
    (r"Xcel Energy", ("CO", "MI", "MN", "ND", "NM", "SD", "TX", "WI"), "Xcel Energy"),
    (r"Southern Company", ("AL", "GA", "MS"), "Southern Company (electric)"),
    (r"FirstEnergy", ("MD", "NJ", "NY", "OH", "PA", "WV"), "FirstEnergy"),
    (r"Tennessee Valley Authority|\bTVA\b", ("AL", "GA", "KY", "MS", "NC", "TN", "VA"), "TVA"),
    (r"Bonneville Power|\bBPA\b", ("ID", "MT", "OR", "WA"), "Bonneville Power Administration"),
    (r"Western Area Power.*Upper Great Plains|WAPA[- ]UGP", ("IA", "MN", "MT", "ND", "NE", "SD"),
     "WAPA Upper Great Plains region"),
    (r"Western Area Power.*Sierra Nevada|WAPA[- ]SNR", ("CA", "NV"), "WAPA Sierra Nevada region"),
    (r"Western Area Power.*Desert Southwest|WAPA[- ]DSW", ("AZ", "CA", "NV"),
     "WAPA Desert Southwest region"),
    (r"Western Area Power.*Rocky Mountain|WAPA[- ]RM", ("CO", "KS", "NE", "WY"),
     "WAPA Rocky Mountain region"),
    (r"Western Area Power|\bWAPA\b",
     ("AZ", "CA", "CO", "IA", "KS", "MN", "MT", "ND", "NE", "NM", "NV", "SD", "TX", "UT", "WY"),
     "Western Area Power Administration (all regions)"),
    (r"\bPJM\b", ("DC", "DE", "IL", "IN", "KY", "MD", "MI", "NC", "NJ", "OH", "PA", "TN", "VA",
                  "WV"), "PJM Interconnection"),
    (r"\bMISO\b|Midcontinent Independent",
     ("AR", "IA", "IL", "IN", "KY", "LA", "MI", "MN", "MO", "MS", "MT", "ND", "SD", "TX", "WI"),
     "MISO"),
    (r"\bSPP\b|Southwest Power Pool",
     ("AR", "IA", "KS", "LA", "MN", "MO", "MT", "ND", "NE", "NM", "OK", "SD", "TX", "WY"),
     "Southwest Power Pool"),
)

# Places whose names hold a state name that is not theirs, removed before states are looked for.
DECOYS = r"\b(?:Fort|Mount|Mt\.?|Port|Lake) Washington\b|\bKansas City\b|\bNevada City\b"
# Spellings found in the published cells.
MISSPELLINGS = {"Connecicut": "Connecticut", "Pennsylania": "Pennsylvania",
                "Mississipi": "Mississippi", "Tennesee": "Tennessee"}
# Places outside the US and its territories: (pattern, zone). Kept apart from unplaced areas.
OUTSIDE = (
    (r"\bAlberta\b", "America/Edmonton"), (r"\bBritish Columbia\b", "America/Vancouver"),
    (r"\bManitoba\b", "America/Winnipeg"), (r"\bSaskatchewan\b", "America/Regina"),
    (r"\bOntario\b", "America/Toronto"), (r"\bQu[eé]bec\b", "America/Toronto"),
    (r"\bNew Brunswick\b", "America/Moncton"), (r"\bCanada\b", "America/Toronto"),
    (r"(?<!New )(?<!Gulf of )\bMexico\b|\bCFE\b", "America/Mexico_City"),
)

_COUNTY = re.compile(r"(?:[A-Z][\w.'\u2019-]*\s+){1,3}(?:County|Counties|Parish|Parishes)\b")
_DC = re.compile(r"\bWashington,?\s*D\.?\s?C\b\.?|\bDistrict of Columbia\b", re.IGNORECASE)
_POSTAL = re.compile(r"(?<![\w-])([A-Z]{2})(?![\w-])")
# Capitals that are postal codes but, as words, mean something else in these cells.
NOT_POSTAL = frozenset({"AS", "IN", "OR", "ME"})


@cache
def _colon_pattern() -> re.Pattern:
    names = sorted((s.name for s in regions.states()), key=len, reverse=True)
    return re.compile(r"(?<![A-Za-z])(" + "|".join(re.escape(n) for n in names) + r")\s*:",
                      re.IGNORECASE)


@cache
def _name_pattern() -> re.Pattern:
    names = sorted((s.name for s in regions.states()), key=len, reverse=True)
    return re.compile(r"(?<![A-Za-z])(" + "|".join(re.escape(n) for n in names) + r")(?![A-Za-z])",
                      re.IGNORECASE)


@cache
def _entities() -> tuple[tuple[re.Pattern, tuple[str, ...]], ...]:
    return tuple((re.compile(p, re.IGNORECASE), codes) for p, codes, _ in ENTITIES)


def _unique(found: list[regions.State | None]) -> list[regions.State]:
    unique: list[regions.State] = []
    for s in found:
        if s is not None and s not in unique:
            unique.append(s)
    return unique


def _clean(text: str) -> str:
    text = text.replace("\xa0", " ")
    for wrong, right in MISSPELLINGS.items():
        text = re.sub(rf"\b{wrong}\b", right, text, flags=re.IGNORECASE)
    return text


def named_states(text: str) -> list[regions.State]:
    """The states a free-text area names, in order of appearance (rules 1 and 2)."""
    text = _clean(text)
    matches = list(_colon_pattern().finditer(text))
    if matches:  # also a list before the first (``Kansas, Missouri: Jackson County``) and a
        # bare state after a colon (``Arizona: New Mexico``)
        before = _free_text(text[:matches[0].start()]) if matches[0].start() else []
        bare = [regions.state(p) for p in re.split(r"[;,:]", text[matches[0].end():])
                if p.strip() and regions.state(p.strip()) and len(p.strip()) > 2]
        return _unique(before + [regions.state(m[1]) for m in matches] + bare)
    return _free_text(text)


def _free_text(text: str) -> list[regions.State]:
    text = re.sub(DECOYS, " ", _COUNTY.sub(" ", text), flags=re.IGNORECASE)
    found: list[tuple[int, regions.State | None]] = [
        (m.start(), regions.state("DC")) for m in _DC.finditer(text)]
    text = _DC.sub(lambda m: " " * len(m[0]), text)
    found += [(m.start(), regions.state(m[1])) for m in _name_pattern().finditer(text)]
    found += [(m.start(), regions.state(m[1])) for m in _POSTAL.finditer(text)
              if m[1] not in NOT_POSTAL]
    return _unique([s for _, s in sorted(found, key=lambda f: f[0])])


def entity_states(text: str) -> list[regions.State]:
    """The states of the first utility or grid operator in ``ENTITIES`` the text names."""
    for pattern, codes in _entities():
        if pattern.search(text):
            return [regions.state(c) for c in codes]
    return []


def outside_zone(text: str) -> str | None:
    """The zone of a place outside the US the text names (``Alberta, Canada``), if any."""
    return next((zone for pattern, zone in OUTSIDE if re.search(pattern, text, re.IGNORECASE)),
                None)


class Area(NamedTuple):
    """Where an area affected is: its states, and how they were found."""

    states: list[regions.State]
    how: str  # "named", "entity", "outside" (no US state; outside_zone gives the zone) or ""


def area_states(text: object) -> Area:
    """The states an area names, else those of the utility or operator it names, else whether
    it is outside the US; ``Area([], "")`` when it cannot be placed."""
    if not isinstance(text, str) or not text.strip():
        return Area([], "")
    states = named_states(text)
    if states:
        return Area(states, "named")
    states = entity_states(text)
    if states:
        return Area(states, "entity")
    return Area([], "outside" if outside_zone(text) else "")
