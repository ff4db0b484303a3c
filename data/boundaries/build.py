"""Rebuild the bundled boundary files from their sources.

Usage, from the repository root:

    .venv/bin/python data/boundaries/build.py SOURCE

SOURCE holds ``geo/`` and ``centroids/`` with the files named in data/boundaries/README.md.
Writes ``<level>.geojson`` for each level (properties region_id, name_en, name_uk, and postal for
states; polygons simplified with Douglas-Peucker and rounded) and copies the centroid CSVs and
licence files unchanged. Prints each file's size and the largest change in a feature's area.
(us_state_centroids.csv, the same bytes as centroids/us_state_centroids.derived.csv, is added
with outages/regions.py, not here.)
"""

from __future__ import annotations

import csv
import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from outages.boundaries import _area, _rings, simplify_geometry  # noqa: E402

# level -> (Douglas-Peucker tolerance in degrees of latitude, decimals kept)
SETTINGS = {
    "ua_oblast": (0.003, 4),       # ~300 m on a country map
    "kyiv_district": (0.0001, 5),  # ~10 m on a city map
    "us_state": (0.002, 4),
    "us_county": (0.003, 4),
}

COPIED = [
    "centroids/ua_oblast_centroids.derived.csv",
    "centroids/kyiv_district_centroids.derived.csv",
    "centroids/us_county_centroids_2010.derived.csv",
    "centroids/LICENSE.us-atlas.txt",
    "geo/LICENSE.plotly-datasets.txt",
]


def read_json(path: Path) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def ua_oblasts(src: Path) -> list[tuple[dict, dict]]:
    osm = read_json(src / "geo/UA_FULL_Ukraine.osm.geojson")
    name_uk = {f["properties"]["iso3166-2"]: f["properties"]["name:uk"] for f in osm["features"]}
    # UA-30 and UA-40 are missing from the OSM file; the centroid CSV has their official names.
    for row in read_csv(src / "centroids/ua_oblast_centroids.derived.csv"):
        name_uk.setdefault(row["iso_3166_2"], row["name_uk"])
    out = []
    for f in read_json(src / "geo/geoBoundaries-UKR-ADM1_simplified.geojson")["features"]:
        iso = f["properties"]["shapeISO"]
        props = {"region_id": iso, "name_en": f["properties"]["shapeName"],
                 "name_uk": name_uk[iso]}
        out.append((props, f["geometry"]))
    return out


def kyiv_districts(src: Path) -> list[tuple[dict, dict]]:
    out = []
    for f in read_json(src / "geo/kyiv_districts.osm.geojson")["features"]:
        p = f["properties"]
        # OSM writes some as "Solomianskyi district": one capitalisation for all ten.
        name_en = p["name:en"].replace(" district", " District")
        out.append(({"region_id": p["katotth"], "name_en": name_en, "name_uk": p["name:uk"]},
                    f["geometry"]))
    return out


def postal_codes(src: Path) -> dict[str, str]:
    rows = read_csv(src / "centroids/us_county_centroids_2010.derived.csv")
    return {r["fips"][:2]: r["usps"] for r in rows}


def us_states(src: Path) -> list[tuple[dict, dict]]:
    postal = postal_codes(src)
    return [({"region_id": f["id"], "name_en": f["properties"]["name"], "postal": postal[f["id"]]},
             f["geometry"]) for f in read_json(src / "geo/us-states.json")["features"]]


def west_of_antimeridian(geometry: dict) -> dict:
    """Aleutian islands east of 180° moved to lon - 360, as us-states.json already has them."""
    def shift(ring: list) -> list:
        return [[x - 360 if x > 0 else x, y] for x, y in ring]
    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [shift(r) for r in geometry["coordinates"]]}
    return {"type": "MultiPolygon",
            "coordinates": [[shift(r) for r in p] for p in geometry["coordinates"]]}


def us_counties(src: Path) -> list[tuple[dict, dict]]:
    names = {r["fips"]: f"{r['name']}, {r['usps']}"
             for r in read_csv(src / "centroids/us_county_centroids_2010.derived.csv")}
    return [({"region_id": f["id"], "name_en": names[f["id"]]}, west_of_antimeridian(f["geometry"]))
            for f in read_json(src / "geo/geojson-counties-fips.json")["features"]]


def area(geometry: dict) -> float:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else (
        geometry["coordinates"])
    return sum(abs(_area(p[0])) - sum(abs(_area(h)) for h in p[1:]) for p in polygons)


def write_level(level: str, features: list[tuple[dict, dict]], source_bytes: int) -> None:
    tolerance, digits = SETTINGS[level]
    out = []
    worst = (0.0, "")
    for props, geometry in sorted(features, key=lambda f: f[0]["region_id"]):
        simple = simplify_geometry(geometry, tolerance, digits)
        before = area(geometry)
        change = abs(area(simple) - before) / before if before else 0.0
        worst = max(worst, (change, props["region_id"]))
        out.append({"type": "Feature", "properties": props, "geometry": simple})
    text = json.dumps({"type": "FeatureCollection", "features": out},
                      ensure_ascii=False, separators=(",", ":"))
    path = HERE / f"{level}.geojson"
    path.write_text(text + "\n", encoding="utf-8")
    points = sum(len(r) for f in out for r in _rings(f["geometry"]))
    print(f"{path.name}: {len(out)} features, {points} points, {source_bytes:,} -> "
          f"{path.stat().st_size:,} bytes; largest area change {worst[0]:.2%} ({worst[1]})")


def main(src: Path) -> None:
    sources = {
        "ua_oblast": ("geo/geoBoundaries-UKR-ADM1_simplified.geojson", ua_oblasts),
        "kyiv_district": ("geo/kyiv_districts.osm.geojson", kyiv_districts),
        "us_state": ("geo/us-states.json", us_states),
        "us_county": ("geo/geojson-counties-fips.json", us_counties),
    }
    for level, (file, read) in sources.items():
        write_level(level, read(src), (src / file).stat().st_size)
    for name in COPIED:
        shutil.copyfile(src / name, HERE / Path(name).name)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
