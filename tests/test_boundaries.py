import json
import re

import pandas as pd
import pytest

from outages import boundaries

COUNTS = {"ua_oblast": 27, "kyiv_district": 10, "us_state": 52, "us_county": 3221}
ID_PATTERNS = {
    "ua_oblast": r"UA-\d{2}",
    "kyiv_district": r"UA\d{17}",
    "us_state": r"\d{2}",
    "us_county": r"\d{5}",
}


@pytest.mark.parametrize("level", boundaries.LEVELS)
def test_feature_count_and_ids(level):
    features = boundaries.load_level(level)["features"]
    ids = [f["properties"]["region_id"] for f in features]
    assert len(features) == COUNTS[level]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(ID_PATTERNS[level], i) for i in ids)
    assert all(f["properties"]["name_en"].strip() for f in features)
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in features)


@pytest.mark.parametrize("level", ["ua_oblast", "kyiv_district"])
def test_ukrainian_levels_have_ukrainian_names(level):
    names = [f["properties"]["name_uk"] for f in boundaries.load_level(level)["features"]]
    assert all(re.search(r"[а-яіїєґ]", n, re.IGNORECASE) for n in names)


@pytest.mark.parametrize("level,region_id,name_en,name_uk", [
    ("ua_oblast", "UA-30", "Kyiv", "м. Київ"),
    ("ua_oblast", "UA-32", "Kyiv Oblast", "Київська область"),
    ("ua_oblast", "UA-40", "Sevastopol", "м. Севастополь"),
    ("kyiv_district", "UA80000000000980793", "Solomianskyi District", "Солом’янський район"),
    ("us_state", "48", "Texas", None),
    ("us_county", "35013", "Doña Ana County, NM", None),
])
def test_names(level, region_id, name_en, name_uk):
    props = {f["properties"]["region_id"]: f["properties"]
             for f in boundaries.load_level(level)["features"]}
    assert props[region_id]["name_en"] == name_en
    assert props[region_id]["name_uk"] == name_uk


def test_load_level_reads_once():
    assert boundaries.load_level("us_state") is boundaries.load_level("us_state")


def test_unknown_level():
    with pytest.raises(ValueError, match="unknown map level 'ua_raion'"):
        boundaries.load_level("ua_raion")


def test_county_file_is_simplified():
    path = boundaries.DATA_DIR / "us_county.geojson"
    assert path.stat().st_size < 1_600_000  # the source file is 3,216,816 bytes
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"\d\.\d{5}", text)  # at most 4 decimals
    assert "\n" not in text.rstrip("\n")  # compact


def test_counties_do_not_cross_the_antimeridian():
    box = boundaries.bounds(boundaries.load_level("us_county")["features"])
    assert box[2] < 0 and box[0] > -200


@pytest.mark.parametrize("level,n", [
    ("ua_oblast", 27), ("kyiv_district", 10), ("us_state", 51), ("us_county", 3221)])
def test_centroids(level, n):
    points = boundaries.centroids(level)
    assert list(points.columns) == ["region_id", "name_en", "name_uk", "lat", "lon"]
    assert len(points) == n and points["region_id"].is_unique
    assert points["name_en"].notna().all()
    assert set(points["region_id"]) <= boundaries.level_ids(level)
    box = boundaries.bounds(boundaries.load_level(level)["features"])
    assert points["lon"].between(box[0], box[2]).all()
    assert points["lat"].between(box[1], box[3]).all()


def test_centroids_are_a_copy():
    points = boundaries.centroids("ua_oblast")
    points.loc[0, "lat"] = 0.0
    assert boundaries.centroids("ua_oblast").loc[0, "lat"] != 0.0


@pytest.mark.parametrize("value,level,expected", [
    ("UA-30", "ua_oblast", "UA-30"),
    (" ua-30 ", "ua_oblast", "UA-30"),
    ("UA30", "ua_oblast", "UA-30"),
    ("UA-99", "ua_oblast", None),
    ("Київ", "ua_oblast", "UA-30"),
    ("м. Київ", "ua_oblast", "UA-30"),
    ("Kyiv Oblast", "ua_oblast", "UA-32"),
    ("kiev oblast", "ua_oblast", "UA-32"),
    ("Львівська  область", "ua_oblast", "UA-46"),
    # as utilities write them: without "область", abbreviated, in Latin letters, KATOTTH
    ("Київська", "ua_oblast", "UA-32"),
    ("Київська область", "ua_oblast", "UA-32"),
    ("Харківська область", "ua_oblast", "UA-63"),
    ("Полтавська обл.", "ua_oblast", "UA-53"),
    ("Полтавська обл", "ua_oblast", "UA-53"),
    ("місто Київ", "ua_oblast", "UA-30"),
    ("Kyivska", "ua_oblast", "UA-32"),
    ("Kyivs'ka oblast", "ua_oblast", "UA-32"),
    ("Kharkivska oblast", "ua_oblast", "UA-63"),
    ("Kharkiv region", "ua_oblast", "UA-63"),
    ("Kyiv city", "ua_oblast", "UA-30"),
    ("Kyiv", "ua_oblast", "UA-30"),
    ("Sevastopol city", "ua_oblast", "UA-40"),
    ("Ivano-Frankivska", "ua_oblast", "UA-26"),
    ("Луганська", "ua_oblast", "UA-09"),
    ("UA32000000000030281", "ua_oblast", "UA-32"),  # the oblast's own code
    ("UA53080370010339303", "ua_oblast", "UA-53"),  # a community in it
    ("UA80000000000126643", "ua_oblast", "UA-30"),  # a Kyiv district
    ("UA73000000000044923", "ua_oblast", "UA-77"),  # Chernivtsi: KATOTTH 73, ISO 77
    ("UA01000000000013043", "ua_oblast", "UA-43"),  # Crimea: KATOTTH 01, ISO 43
    ("Київська Атлантида", "ua_oblast", None),
    ("UA80000000000126643", "kyiv_district", "UA80000000000126643"),
    ("ua80000000000126643", "kyiv_district", "UA80000000000126643"),
    ("8036100000", "kyiv_district", "UA80000000000126643"),  # KOATUU
    ("Солом'янський район", "kyiv_district", "UA80000000000980793"),  # ASCII apostrophe
    ("Holosiivskyi District", "kyiv_district", "UA80000000000126643"),
    ("48", "us_state", "48"),
    ("6", "us_state", "06"),
    ("6.0", "us_state", "06"),
    ("TX", "us_state", "48"),
    ("pr", "us_state", "72"),
    ("Texas", "us_state", "48"),
    ("03", "us_state", None),  # no state has FIPS 03
    ("48201", "us_county", "48201"),
    ("1001", "us_county", "01001"),
    ("48085.0", "us_county", "48085"),
    ("Harris County, TX", "us_county", "48201"),
    ("Washington County", "us_county", None),  # in many states
    ("02158", "us_county", None),  # 2015 code, not in the 2010 shapes
    ("48", "us_county", None),
    ("48201", "us_state", None),
    ("", "us_state", None),
    (None, "us_state", None),
    (pd.NA, "ua_oblast", None),
    (float("nan"), "us_county", None),
])
def test_normalise(value, level, expected):
    assert boundaries.normalise(value, level) == expected


@pytest.mark.parametrize("ids,expected", [
    (["UA-30", "UA-32", "UA-46"], "ua_oblast"),
    (["UA-30", "UA-32", "Ukraine total"], "ua_oblast"),
    (["Київська область", "Львівська область"], "ua_oblast"),
    (["UA80000000000126643", "UA80000000000980793"], "kyiv_district"),
    (["Київська", "Харківська область", "Полтавська обл."], "ua_oblast"),
    (["8036100000", "8038900000"], "kyiv_district"),
    (["48", "06", "12"], "us_state"),
    (["TX", "CA"], "us_state"),
    (["48201", "1001", "06037"], "us_county"),
    (pd.Series(["48201", "48201", "48113", None], dtype="string"), "us_county"),
    (["GPV1.1", "GPV1.2"], None),
    (["48201", "x", "y", "z"], None),  # under half
    ([], None),
])
def test_detect_level(ids, expected):
    assert boundaries.detect_level(ids) == expected


@pytest.mark.parametrize("level,above,below", [
    ("ua_oblast", None, "kyiv_district"),
    ("kyiv_district", "ua_oblast", None),
    ("us_state", None, "us_county"),
    ("us_county", "us_state", None),
])
def test_parent_and_child_levels(level, above, below):
    assert boundaries.parent(level) == above
    assert boundaries.child_level(level) == below


@pytest.mark.parametrize("level,region_id,n,prefix", [
    ("ua_oblast", "UA-30", 10, "UA8000"),
    ("ua_oblast", "Київ", 10, "UA8000"),
    ("ua_oblast", "UA-32", 0, ""),  # Kyiv oblast: no bundled districts
    ("us_state", "48", 254, "48"),
    ("us_state", "DE", 3, "10"),
    ("us_state", "99", 0, ""),
    ("us_county", "48201", 0, ""),
    ("kyiv_district", "UA80000000000126643", 0, ""),
])
def test_children(level, region_id, n, prefix):
    found = boundaries.children(level, region_id)
    assert len(found) == n and found == sorted(found)
    assert all(c.startswith(prefix) for c in found)


@pytest.mark.parametrize("level,region_id,expected", [
    ("kyiv_district", "UA80000000000126643", "UA-30"),
    ("us_county", "1001", "01"),
    ("us_county", "99999", None),
    ("ua_oblast", "UA-30", None),
])
def test_parent_id(level, region_id, expected):
    assert boundaries.parent_id(level, region_id) == expected


def test_kyiv_districts_lie_in_kyiv_city():
    city = [f for f in boundaries.load_level("ua_oblast")["features"]
            if f["properties"]["region_id"] == "UA-30"]
    west, south, east, north = boundaries.bounds(city)
    points = boundaries.centroids("kyiv_district")
    assert points["lon"].between(west, east).all() and points["lat"].between(south, north).all()


SQUARE = [[0, 0], [0.5, 0], [1, 0], [1, 0.5], [1, 1], [0.5, 1], [0, 1], [0, 0.5], [0, 0]]


def test_simplify_ring_drops_collinear_points():
    assert boundaries.simplify_ring(SQUARE, 0.01, 4) == [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]


@pytest.mark.parametrize("spike,kept", [(0.2, True), (0.001, False)])
def test_simplify_ring_keeps_what_exceeds_the_tolerance(spike, kept):
    ring = [[0, 0], [0.5, -spike], [1, 0], [1, 1], [0, 1], [0, 0]]
    out = boundaries.simplify_ring(ring, 0.01, 4)
    assert ([0.5, -spike] in out) is kept
    assert out[0] == out[-1]


def test_simplify_ring_rounds():
    ring = [[0.123456, 0.0], [1.0, 0.0], [1.0, 1.987654], [0.0, 1.0], [0.123456, 0.0]]
    assert boundaries.simplify_ring(ring, 0.0, 3)[0] == [0.123, 0.0]
    assert [1.0, 1.988] in boundaries.simplify_ring(ring, 0.0, 3)


@pytest.mark.parametrize("ring", [
    [[0, 0], [0.00001, 0], [0.00001, 0.00001], [0, 0]],  # rounds to a point
    [[0, 0], [1, 0], [0, 0]],
])
def test_simplify_ring_collapses(ring):
    assert boundaries.simplify_ring(ring, 0.001, 3) is None


def test_simplify_geometry_drops_collapsed_islands_and_holes():
    hole = [[0.4, 0.4], [0.40001, 0.4], [0.40001, 0.40001], [0.4, 0.4]]
    island = [[5, 5], [5.00001, 5], [5.00001, 5.00001], [5, 5]]
    geometry = {"type": "MultiPolygon", "coordinates": [[SQUARE, hole], [island]]}
    out = boundaries.simplify_geometry(geometry, 0.01, 3)
    assert out == {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}


def test_simplify_geometry_keeps_the_largest_polygon_when_all_collapse():
    small = [[0, 0], [0.001, 0], [0.001, 0.001], [0, 0.001], [0, 0]]
    smaller = [[5, 5], [5.0001, 5], [5.0001, 5.0001], [5, 5]]
    out = boundaries.simplify_geometry({"type": "MultiPolygon",
                                        "coordinates": [[smaller], [small]]}, 0.01, 2)
    assert out["type"] == "Polygon" and len(out["coordinates"][0]) == 5


def test_bounds():
    features = [{"geometry": {"type": "Polygon", "coordinates": [SQUARE]}},
                {"geometry": {"type": "MultiPolygon",
                              "coordinates": [[[[2, -1], [3, -1], [3, 0], [2, -1]]]]}}]
    assert boundaries.bounds(features) == (0, -1, 3, 1)
    assert boundaries.bounds([]) is None


def test_geojson_files_are_valid_json_feature_collections():
    for level in boundaries.LEVELS:
        text = (boundaries.DATA_DIR / f"{level}.geojson").read_text(encoding="utf-8")
        assert json.loads(text)["type"] == "FeatureCollection"


def test_oblast_ids_spell_oblasts_in_iso_and_keep_smaller_places():
    values = pd.Series(["Київська", "Харківська область", "Полтавська обл.", "Київська",
                        "UA32000000000030281", "UA53080370010339303", "Atlantis", None],
                       dtype="string")
    found = boundaries.oblast_ids(values)
    assert found[:7].tolist() == [
        "UA-32", "UA-63", "UA-53", "UA-32", "UA-32", "UA53080370010339303", "Atlantis"]
    assert pd.isna(found[7])
    districts = pd.Series(["UA80000000000126643", "UA80000000000980793"])
    assert boundaries.oblast_ids(districts).tolist() == districts.tolist()  # Kyiv districts
    states = pd.Series(["Texas", "TX"])
    assert boundaries.oblast_ids(states).tolist() == ["Texas", "TX"]  # only Ukrainian oblasts
