"""Bundled region boundaries and centroids, and what region ids mean.

Four levels ship in ``data/boundaries/`` (see its README for sources and licences):

- ``ua_oblast``: Ukraine's 27 first-level regions, ``region_id`` ISO 3166-2 (``UA-30`` is Kyiv city)
- ``kyiv_district``: Kyiv city's 10 districts, ``region_id`` KATOTTH (``UA80000000000126643``)
- ``us_state``: 50 states, DC and Puerto Rico, ``region_id`` 2-digit FIPS (``48``)
- ``us_county``: 3,221 counties (2010 codes), ``region_id`` 5-digit FIPS (``48201``)

Each feature's properties are ``region_id``, ``name_en``, ``name_uk`` (None where no Ukrainian
name is bundled) and, for US states, ``postal``. Loaded files are cached: treat them as read-only.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Iterable
from functools import cache

import pandas as pd

from . import config

DATA_DIR = config.data_dir() / "boundaries"

LEVELS = ("ua_oblast", "kyiv_district", "us_state", "us_county")

_BOUNDARY_FILES = {level: f"{level}.geojson" for level in LEVELS}

# level -> (file, id column); every file also has lat and lon columns
_CENTROID_FILES = {
    "ua_oblast": ("ua_oblast_centroids.derived.csv", "iso_3166_2"),
    "kyiv_district": ("kyiv_district_centroids.derived.csv", "katotth"),
    "us_state": ("us_state_centroids.csv", "state_fips"),
    "us_county": ("us_county_centroids_2010.derived.csv", "fips"),
}

_PARENT = {"kyiv_district": "ua_oblast", "us_county": "us_state"}
_CHILD = {"ua_oblast": "kyiv_district", "us_state": "us_county"}
KYIV_CITY = "UA-30"  # the only oblast-level region with bundled districts

# Other spellings people use for a few regions, matched like names.
_ALIASES = {
    "ua_oblast": {
        "UA-30": ("Kyiv City", "Kiev", "Київ", "місто Київ", "Kiev City", "Kyiv city"),
        "UA-32": ("Kiev Oblast", "Kievskaya oblast"),
        "UA-40": ("Sevastopol City", "Севастополь", "місто Севастополь"),
        "UA-43": ("Crimea", "Republic of Crimea", "Крим", "АР Крим"),
    },
}

_APOSTROPHES = re.compile(r"['’ʼ`´‘]")
_SPACES = re.compile(r"\s+")
_NUMBER = re.compile(r"(\d+)(?:\.0*)?")
# How utilities write "oblast" and "city" around a Ukrainian region's name: the oblast word is
# kept as one marker ("Kyiv Oblast" is not "Kyiv"), the city word dropped (Kyiv and Sevastopol
# are the only cities at this level).
_OBLAST_WORD = re.compile(r"\s+(?:область|обл\.?|oblast'?|obl\.?|region)$")
_CITY_WORD = re.compile(r"^(?:м\.\s*|м\s+|місто\s+|city of\s+)|\s+(?:city|місто)$")
OBLAST_MARK = " обл"
# KATOTTH codes: UA, the oblast's two digits (KOATUU numbering), 15 more digits. Where the first
# two digits differ from ISO 3166-2's, the ISO code.
_KATOTTH = re.compile(r"UA(\d{2})\d{15}")
_KATOTTH_ISO = {"01": "UA-43", "44": "UA-09", "73": "UA-77", "80": "UA-30", "85": "UA-40"}
# Ukrainian letters in Latin, as the 2010 national transliteration writes them (inside a word).
_LATIN = dict(zip("абвгґдезиійклмнопрстуфхцчшщьюяєїжʼ'",
                  ["a", "b", "v", "h", "g", "d", "e", "z", "y", "i", "i", "k", "l", "m", "n",
                   "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "iu",
                   "ia", "ie", "i", "zh", "", ""], strict=True))
_LATIN_FIRST = {"й": "y", "ю": "yu", "я": "ya", "є": "ye", "ї": "yi"}


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise ValueError(f"unknown map level {level!r}; expected one of {', '.join(LEVELS)}")


@cache
def load_level(level: str) -> dict:
    """The level's GeoJSON FeatureCollection (read once, cached: do not modify it)."""
    _check_level(level)
    with open(DATA_DIR / _BOUNDARY_FILES[level], encoding="utf-8") as f:
        collection = json.load(f)
    for feature in collection["features"]:
        feature["properties"].setdefault("name_uk", None)
    return collection


@cache
def _centroids(level: str) -> pd.DataFrame:
    file, id_column = _CENTROID_FILES[level]
    with open(DATA_DIR / file, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    points = pd.DataFrame({
        "region_id": pd.array([r[id_column] for r in rows], dtype="string"),
        "lat": [float(r["lat"]) for r in rows],
        "lon": [float(r["lon"]) for r in rows],
    })
    if level.startswith("us_"):  # west of the antimeridian, as the US shapes are
        points["lon"] = points["lon"].where(points["lon"] <= 0, points["lon"] - 360)
    props = pd.DataFrame([f["properties"] for f in load_level(level)["features"]])
    names = props[["region_id", "name_en", "name_uk"]].astype("string")
    out = points.merge(names, on="region_id", how="left", validate="one_to_one")
    return out[["region_id", "name_en", "name_uk", "lat", "lon"]].sort_values(
        "region_id", ignore_index=True)


def centroids(level: str) -> pd.DataFrame:
    """One row per region with a bundled centroid: region_id, name_en, name_uk, lat, lon.

    Puerto Rico has a boundary but no bundled centroid. US longitudes east of 180° are given as
    lon - 360 (Aleutians West: -181.66), matching the US shapes.
    """
    _check_level(level)
    return _centroids(level).copy()


@cache
def level_ids(level: str) -> frozenset[str]:
    """Every region_id of a level."""
    _check_level(level)
    return frozenset(f["properties"]["region_id"] for f in load_level(level)["features"])


def _name_key(name: str) -> str:
    key = _APOSTROPHES.sub("", _SPACES.sub(" ", name.strip()).casefold())
    key = _CITY_WORD.sub("", key)
    return _OBLAST_WORD.sub(OBLAST_MARK, key)


def latin(name: str) -> str:
    """A Ukrainian name in Latin letters, by the 2010 national transliteration ("Київська" as
    "Kyivska", "Харківська" as "Kharkivska"); other characters are kept."""
    out = []
    for i, char in enumerate(name.casefold()):
        first = i == 0 or not name[i - 1].isalpha()
        out.append((_LATIN_FIRST.get(char) if first else None) or _LATIN.get(char, char))
    return "".join(out)


def _spellings(level: str, p: dict) -> list[str]:
    """The ways a region of the level is written: its names, the Ukrainian name without the
    word "область" and in Latin letters, and the aliases."""
    names = [p["name_en"], p["name_uk"], p.get("postal")]
    if level == "ua_oblast" and p["name_uk"]:
        key = _name_key(p["name_uk"])
        stem = key.removesuffix(OBLAST_MARK)
        names += [stem, latin(stem)]
        if key != stem:  # an oblast, not the city of Kyiv or Sevastopol
            names.append(latin(stem) + OBLAST_MARK)
    return names + list(_ALIASES.get(level, {}).get(p["region_id"], ()))


@cache
def _names(level: str) -> dict[str, str]:
    """Name key -> region_id, for names that belong to exactly one region of the level."""
    found: dict[str, set[str]] = {}
    for feature in load_level(level)["features"]:
        p = feature["properties"]
        for name in filter(None, _spellings(level, p)):
            found.setdefault(_name_key(name), set()).add(p["region_id"])
    return {key: ids.pop() for key, ids in found.items() if len(ids) == 1}


@cache
def _koatuu() -> dict[str, str]:
    path = DATA_DIR / _CENTROID_FILES["kyiv_district"][0]
    with open(path, encoding="utf-8", newline="") as f:
        return {r["koatuu"]: r["katotth"] for r in csv.DictReader(f)}


def normalise(value: object, level: str) -> str | None:
    """The level's region_id that ``value`` names, or None when it names none of them.

    Accepts the canonical id in any case and with stray spaces, unpadded or float-looking FIPS
    (``1001``, ``48085.0``), ``UA30`` for ``UA-30``, KOATUU codes for Kyiv districts, US postal
    codes for states, and region names in English or Ukrainian (names shared by two regions, such
    as county names without their state, match nothing). Oblasts are also found as utilities
    write them: with or without the word for oblast (``Київська``, ``Полтавська обл.``,
    ``Kharkiv region``), in Latin letters (``Kyivska``, ``Kharkivska oblast``), cities with
    ``м.``, ``місто`` or ``city`` (``Kyiv city``), and by any KATOTTH code, whose first two
    digits name the oblast (``UA32000000000030281`` is in UA-32, a Kyiv district's in UA-30).
    """
    _check_level(level)
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    ids = level_ids(level)
    candidate: str | None = None
    number = _NUMBER.fullmatch(text)
    if level == "ua_oblast":
        m = re.fullmatch(r"UA-?(\d{2})", text.upper())
        katotth = _KATOTTH.fullmatch(text.upper())
        candidate = f"UA-{m.group(1)}" if m else None
        if katotth:
            candidate = _KATOTTH_ISO.get(katotth.group(1), f"UA-{katotth.group(1)}")
    elif level == "kyiv_district":
        candidate = _koatuu().get(text) if number else text.upper()
    elif number and level == "us_state" and len(number.group(1)) <= 2:
        candidate = number.group(1).zfill(2)
    elif number and level == "us_county" and 4 <= len(number.group(1)) <= 5:
        candidate = number.group(1).zfill(5)
    if candidate in ids:
        return candidate
    return _names(level).get(_name_key(text))


def detect_level(region_ids: Iterable[object]) -> str | None:
    """The level that most of the distinct ids belong to, or None when under half belong to any."""
    distinct = {str(v).strip() for v in region_ids if v is not None and v is not pd.NA}
    if not distinct:
        return None
    counts = {level: sum(normalise(v, level) is not None for v in distinct) for level in LEVELS}
    # ties: the lower level (Kyiv districts' KATOTTH codes also name their oblast, Kyiv city)
    best = max(LEVELS, key=lambda level: (counts[level], level in _PARENT))
    return best if counts[best] > 0 and 2 * counts[best] >= len(distinct) else None


def oblast_ids(values: pd.Series) -> pd.Series:
    """Region ids as read from a file, with Ukrainian oblasts and cities written as people
    write them (``Київська``, ``Полтавська обл.``, ``Kyiv city``, an oblast's KATOTTH code) in
    their ISO 3166-2 spelling, when the file's regions are oblasts. Ids of smaller places (a
    Kyiv district, a community's KATOTTH code) and ids that match nothing are kept as written.
    """
    distinct = [v for v in pd.unique(values.dropna()) if isinstance(v, str)]
    if not distinct or detect_level(distinct) != "ua_oblast":
        return values
    district = level_ids("kyiv_district")
    mapping = {}
    for value in distinct:
        text = value.strip()
        katotth = _KATOTTH.fullmatch(text.upper())
        if text.upper() in district or (katotth and text[4:12].strip("0")):
            continue
        found = normalise(text, "ua_oblast")
        if found is not None and found != value:
            mapping[value] = found
    return values.map(lambda v: mapping.get(v, v)) if mapping else values


def parent(level: str) -> str | None:
    """The level above (kyiv_district -> ua_oblast, us_county -> us_state), or None."""
    _check_level(level)
    return _PARENT.get(level)


def child_level(level: str) -> str | None:
    """The level below (ua_oblast -> kyiv_district, us_state -> us_county), or None."""
    _check_level(level)
    return _CHILD.get(level)


def parent_id(level: str, region_id: str) -> str | None:
    """The region one level up that contains ``region_id``, or None."""
    rid = normalise(region_id, level)
    if rid is None:
        return None
    if level == "kyiv_district":
        return KYIV_CITY
    if level == "us_county":
        return normalise(rid[:2], "us_state")
    return None


def children(level: str, region_id: str) -> list[str]:
    """The region ids one level down inside ``region_id`` (sorted; empty when none are bundled).

    ``children("ua_oblast", "UA-30")`` is Kyiv's 10 districts; ``children("us_state", "48")`` is
    Texas's counties.
    """
    rid = normalise(region_id, level)
    below = child_level(level)
    if rid is None or below is None:
        return []
    if level == "ua_oblast":
        return sorted(level_ids(below)) if rid == KYIV_CITY else []
    return sorted(c for c in level_ids(below) if c[:2] == rid)


# --- geometry ------------------------------------------------------------------------------


def _rings(geometry: dict) -> Iterable[list]:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else (
        geometry["coordinates"])
    for polygon in polygons:
        yield from polygon


def bounds(features: Iterable[dict]) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) of the features' polygons, or None when there are none."""
    west = south = math.inf
    east = north = -math.inf
    for feature in features:
        for ring in _rings(feature["geometry"]):
            xs = [p[0] for p in ring]
            ys = [p[1] for p in ring]
            west, east = min(west, *xs), max(east, *xs)
            south, north = min(south, *ys), max(north, *ys)
    return None if west == math.inf else (west, south, east, north)


def _simplify_line(points: list, tolerance: float, xscale: float) -> list:
    """Douglas-Peucker: the points of an open line that stay within ``tolerance`` of it."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        ax, ay = points[first][0] * xscale, points[first][1]
        dx, dy = points[last][0] * xscale - ax, points[last][1] - ay
        length = math.hypot(dx, dy)
        worst, index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i][0] * xscale - ax, points[i][1] - ay
            if length == 0:
                d = math.hypot(px, py)
            else:
                d = abs(px * dy - py * dx) / length
            if d > worst:
                worst, index = d, i
        if worst > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep, strict=True) if k]


def simplify_ring(ring: list, tolerance: float, digits: int) -> list | None:
    """A closed ring simplified (Douglas-Peucker) and rounded, or None if it collapses.

    ``tolerance`` is in degrees of latitude; longitudes are scaled by cos(latitude) so the
    tolerance is about the same distance in both directions.
    """
    open_ring = ring[:-1] if ring[0] == ring[-1] else list(ring)
    if len(open_ring) < 3:
        return None
    xscale = math.cos(math.radians(open_ring[0][1]))
    # Split at the point farthest from the start so each half is an ordinary open line.
    x0, y0 = open_ring[0]
    far = max(range(len(open_ring)),
              key=lambda i: math.hypot((open_ring[i][0] - x0) * xscale, open_ring[i][1] - y0))
    if far == 0:
        return None
    first = _simplify_line(open_ring[: far + 1], tolerance, xscale)
    second = _simplify_line(open_ring[far:] + [open_ring[0]], tolerance, xscale)
    out: list = []
    for x, y in first[:-1] + second:
        point = [round(x, digits), round(y, digits)]
        if not out or point != out[-1]:
            out.append(point)
    if out[0] != out[-1]:
        out.append(out[0])
    return out if len({tuple(p) for p in out}) >= 3 else None


def simplify_geometry(geometry: dict, tolerance: float, digits: int) -> dict:
    """A Polygon or MultiPolygon simplified ring by ring.

    Holes and extra polygons that collapse are dropped; a polygon's outer ring that collapses
    drops the polygon, except that the largest polygon is always kept (rounded, unsimplified).
    """
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else (
        geometry["coordinates"])
    kept = []
    for polygon in polygons:
        outer = simplify_ring(polygon[0], tolerance, digits)
        if outer is None:
            continue
        holes = [h for h in (simplify_ring(r, tolerance, digits) for r in polygon[1:]) if h]
        kept.append([outer, *holes])
    if not kept:
        largest = max(polygons, key=lambda p: abs(_area(p[0])))
        kept = [[[[round(x, digits), round(y, digits)] for x, y in largest[0]]]]
    if len(kept) == 1:
        return {"type": "Polygon", "coordinates": kept[0]}
    return {"type": "MultiPolygon", "coordinates": kept}


def _area(ring: list) -> float:
    """Signed area of a ring in square degrees (shoelace)."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False)) / 2
