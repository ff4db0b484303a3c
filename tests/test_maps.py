import io
import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outages import boundaries, maps, schema

SIMPLE = b"""timestamp,region_id,region_name,service,customers_out,customers_total
2025-10-10T03:00:00Z,UA-30,Kyiv,power,800,1000
2025-10-10T12:00:00Z,UA-30,Kyiv,power,380,
2025-10-10T05:00:00Z,UA-46,Lviv,power,50,
2025-10-10T06:00:00Z,UA-46,Lviv,power,0,
2025-10-10T08:00:00Z,UA-63,Kharkiv,power,120,
2025-10-10T09:00:00Z,UA-63,Kharkiv,power,90,400
2025-10-10T04:00:00Z,UA-30,Kyiv,water,7,
"""

HOSTILE_NAME = "<img src=x onerror=alert(1)>"


def table(data: bytes) -> pd.DataFrame:
    raw = pd.read_csv(io.BytesIO(data), dtype={"region_id": "string"})
    raw["timestamp"] = pd.to_datetime(raw["timestamp"], utc=True)
    return schema.canonical(raw)


def at(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


def row(frame: pd.DataFrame, region_id: str) -> pd.Series:
    return frame.set_index("region_id").loc[region_id]


@pytest.mark.parametrize("when,expected", [
    ("2025-10-10T02:59:59Z", 0),
    ("2025-10-10T03:00:00Z", 800),
    ("2025-10-10T11:59:00Z", 800),
    ("2025-10-10T12:00:00Z", 380),
    ("2025-10-11T00:00:00Z", 380),
    ("2025-10-10T14:59:00+03:00", 800),  # 11:59 UTC
    ("2025-10-10T15:00:00+03:00", 380),
])
def test_frame_at_holds_each_value_until_the_next(when, expected):
    frame = maps.frame_at(table(SIMPLE), at(when), "power")
    assert row(frame, "UA-30")["customers_out"] == expected


def test_frame_at_columns_and_types():
    frame = maps.frame_at(table(SIMPLE), at("2025-10-10T10:00Z"), "power")
    assert list(frame.columns) == ["region_id", "region_name", "customers_out", "customers_total",
                                   "pct_out", "observed_at"]
    assert list(frame["region_id"]) == ["UA-30", "UA-46", "UA-63"]
    assert str(frame["region_id"].dtype) == "string"
    assert frame["customers_out"].dtype == "int64"
    assert str(frame["customers_total"].dtype) == "Int64"
    assert str(frame["pct_out"].dtype) == "Float64"
    assert list(frame["customers_out"]) == [800, 0, 90]
    assert list(frame["observed_at"]) == [at("2025-10-10T03:00Z"), at("2025-10-10T06:00Z"),
                                          at("2025-10-10T09:00Z")]


@pytest.mark.parametrize("when,region,total,pct", [
    ("2025-10-10T04:00Z", "UA-30", 1000, 80.0),
    ("2025-10-10T12:00Z", "UA-30", 1000, 38.0),  # total held from 03:00
    ("2025-10-10T08:30Z", "UA-63", 400, 30.0),  # total reported later, used before
    ("2025-10-10T07:00Z", "UA-63", 400, 0.0),  # not observed yet: 0 out
    ("2025-10-10T12:00Z", "UA-46", None, None),  # never reported
])
def test_frame_at_customers_served_and_share(when, region, total, pct):
    found = row(maps.frame_at(table(SIMPLE), at(when), "power"), region)
    if total is None:
        assert pd.isna(found["customers_total"]) and pd.isna(found["pct_out"])
    else:
        assert found["customers_total"] == total
        assert found["pct_out"] == pytest.approx(pct)


def test_frame_at_before_anything_is_observed():
    frame = maps.frame_at(table(SIMPLE), at("2025-10-01T00:00Z"), "power")
    assert list(frame["customers_out"]) == [0, 0, 0]
    assert frame["observed_at"].isna().all()
    assert list(frame["region_name"]) == ["Kyiv", "Lviv", "Kharkiv"]


def test_frame_at_one_service_only():
    frame = maps.frame_at(table(SIMPLE), at("2025-10-10T05:00Z"), "water")
    assert list(frame["region_id"]) == ["UA-30"] and list(frame["customers_out"]) == [7]


def test_frame_at_needs_a_service_when_there_are_several():
    with pytest.raises(ValueError, match="2 services"):
        maps.frame_at(table(SIMPLE), at("2025-10-10T05:00Z"))
    only_power = table(SIMPLE).query("service == 'power'")
    assert len(maps.frame_at(only_power, at("2025-10-10T05:00Z"))) == 3


def test_frame_at_rejects_a_naive_time():
    with pytest.raises(ValueError, match="without a zone"):
        maps.frame_at(table(SIMPLE), pd.Timestamp("2025-10-10 05:00"), "power")


def test_frame_at_ignores_input_order():
    shuffled = table(SIMPLE).sample(frac=1, random_state=3)
    expected = maps.frame_at(table(SIMPLE), at("2025-10-10T10:00Z"), "power")
    pd.testing.assert_frame_equal(
        maps.frame_at(shuffled, at("2025-10-10T10:00Z"), "power"), expected)


def test_moments():
    found = maps.moments(table(SIMPLE), "power")
    assert list(found) == [at(t) for t in ("2025-10-10T03:00Z", "2025-10-10T05:00Z",
                                           "2025-10-10T06:00Z", "2025-10-10T08:00Z",
                                           "2025-10-10T09:00Z", "2025-10-10T12:00Z")]


@pytest.mark.parametrize("totals,expected", [
    ([1000, 400], "pct_out"), ([1000, None], "customers_out"), ([1000, 0], "customers_out")])
def test_colour_by(totals, expected):
    frame = pd.DataFrame({"customers_total": pd.array(totals, dtype="Int64")})
    assert maps.colour_by(frame) == expected


@pytest.mark.parametrize("values,by,expected", [
    ([1, 5, 50, 120, 800, 3000, 15000, 42000], "customers_out", [10, 70, 500, 2000, 10000]),
    ([0, 0, 7, 7, 7], "customers_out", []),
    ([0, None, float("nan")], "customers_out", []),
    ([1, 2], "customers_out", [2]),
    ([0.2, 0.5, 0.04], "pct_out", [0.1, 0.3]),
    ([], "pct_out", []),
])
def test_class_edges(values, by, expected):
    assert maps.class_edges(pd.array(values, dtype="Float64"), by) == expected


@given(st.lists(st.floats(min_value=0, max_value=1e7, allow_nan=False), max_size=60),
       st.sampled_from(maps.BY))
def test_class_edges_properties(values, by):
    edges = maps.class_edges(values, by)
    positive = [v for v in values if v > 0]
    assert len(edges) + 1 <= maps.MAX_CLASSES
    assert all(a < b for a, b in zip(edges, edges[1:], strict=False))
    for e in edges:  # one significant figure, inside the data
        assert min(positive) < e <= max(positive)
        assert float(f"{e:.1g}") == pytest.approx(e)
        if by == "customers_out":
            assert e == int(e) and e >= 1
    classes = maps.classify(values, edges)
    assert set(classes[np.asarray(values) > 0]) <= set(range(len(edges) + 1))
    if positive:  # the smallest value is in the first class, the largest in the last
        assert maps.classify([min(positive), max(positive)], edges).tolist() == [0, len(edges)]


@pytest.mark.parametrize("values,expected", [
    ([0, 1, 9, 10, 99, 100, 5000, None], [-1, 0, 0, 1, 1, 2, 2, -1]),
])
def test_classify(values, expected):
    assert maps.classify(pd.array(values, dtype="Float64"), [10, 100]).tolist() == expected


def lightness(colour: str) -> float:
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("classes", range(1, 7))
def test_palette_darkens_class_by_class(classes):
    colours = maps.palette(classes)
    assert len(colours) == classes
    assert all(lightness(a) > lightness(b) for a, b in zip(colours, colours[1:], strict=False))
    assert lightness(maps.ZERO_COLOUR) > lightness(colours[-1])


@pytest.mark.parametrize("classes", [0, 7])
def test_palette_limits(classes):
    with pytest.raises(ValueError):
        maps.palette(classes)


@pytest.mark.parametrize("edges,by,lang,values,labels", [
    ([10, 100, 2000], "customers_out", "en", None,
     ["0", "1–9", "10–99", "100–1,999", "≥ 2,000", "No data"]),
    ([2, 1000], "customers_out", "uk", None, ["0", "1", "2–999", "≥ 1\u202f000", "Немає даних"]),
    ([], "customers_out", "en", None, ["0", "≥ 1", "No data"]),
    ([1, 5, 20], "pct_out", "en", None, ["0\u00a0%", "< 1\u00a0%", "1–5\u00a0%", "5–20\u00a0%",
                                         "≥ 20\u00a0%", "No data"]),
    ([0.5, 2], "pct_out", "uk", None, ["0\u00a0%", "< 0,5\u00a0%", "0,5–2,0\u00a0%",
                                       "≥ 2,0\u00a0%", "Немає даних"]),
    # With the values shown, open ends read as their range.
    ([], "customers_out", "en", [380_000], ["0", "380,000", "No data"]),  # Kyiv at 15:00
    ([], "customers_out", "en", [0, 120, 380_000, None], ["0", "120–380,000", "No data"]),
    ([10, 100, 2000], "customers_out", "en", [5, 42_000],
     ["0", "1–9", "10–99", "100–1,999", "2,000–42,000", "No data"]),
    ([10, 100, 2000], "customers_out", "en", [5, 2000],
     ["0", "1–9", "10–99", "100–1,999", "2,000", "No data"]),
    # nothing in the top class at this moment: its class as computed
    ([10, 100, 2000], "customers_out", "en", [5, 42],
     ["0", "1–9", "10–99", "100–1,999", "≥ 2,000", "No data"]),
    ([1, 5, 20], "pct_out", "en", [0.4, 38], ["0\u00a0%", "< 1\u00a0%", "1–5\u00a0%",
                                              "5–20\u00a0%", "20–38.0\u00a0%", "No data"]),
    ([], "pct_out", "uk", [0.4, 38], ["0\u00a0%", "0,4–38,0\u00a0%", "Немає даних"]),
    ([], "pct_out", "en", [38, 38.01], ["0\u00a0%", "38.0\u00a0%", "No data"]),
])
def test_legend(edges, by, lang, values, labels):
    entries = maps.legend(edges, by, lang, values)
    assert [label for _, label in entries] == labels
    colours = [c for c, _ in entries]
    assert colours[0] == maps.ZERO_COLOUR and colours[-1] == maps.NO_DATA_COLOUR
    assert tuple(colours[1:-1]) == maps.palette(len(edges) + 1)


def test_legend_rejects_unknown_measure():
    with pytest.raises(ValueError, match="colour by"):
        maps.legend([], "peak")


def deck_json(deck) -> dict:
    return json.loads(deck.to_json())


def features(deck) -> dict[str, dict]:
    data = deck_json(deck)["layers"][0]["data"]["features"]
    return {f["properties"]["region_id"]: f["properties"] for f in data}


def oblast_frame(when: str = "2025-10-10T10:00Z") -> pd.DataFrame:
    return maps.frame_at(table(SIMPLE), at(when), "power")


def test_choropleth_is_offline_by_default():
    deck = maps.choropleth(oblast_frame(), "ua_oblast")
    spec = deck_json(deck)
    assert deck.map_provider is None and "mapProvider" not in spec
    # Streamlit draws no base map for this placeholder; a missing style means CARTO's.
    assert spec["mapStyle"] == maps.NO_STYLE == "__MAP_STYLE__"
    assert "http" not in deck.to_json()


def test_choropleth_base_map_is_keyless_carto():
    deck = maps.choropleth(oblast_frame(), "ua_oblast", basemap=True)
    spec = deck_json(deck)
    assert spec["mapProvider"] == "carto"
    assert spec["mapStyle"] == "https://basemaps.cartocdn.com/gl/positron-gl-style/style.json"
    assert deck.carto_key is None


def test_choropleth_draws_every_region_of_the_level():
    deck = maps.choropleth(oblast_frame(), "ua_oblast")
    layer = deck_json(deck)["layers"][0]
    assert layer["@@type"] == "GeoJsonLayer" and layer["pickable"] is True
    assert len(features(deck)) == 27


def test_choropleth_colours():
    found = features(maps.choropleth(oblast_frame(), "ua_oblast", edges=[100, 500]))
    assert found["UA-30"]["fill"] == maps._rgba(maps.palette(3)[2])  # 800 out
    assert found["UA-63"]["fill"] == maps._rgba(maps.palette(3)[0])  # 90 out
    assert found["UA-46"]["fill"] == maps._rgba(maps.ZERO_COLOUR)  # 0 out
    assert found["UA-30"]["line"] == found["UA-46"]["line"] == maps._rgba(maps.LINE_COLOUR)
    # No data: context, a faint translucent fill with a light outline, like a base map.
    assert found["UA-05"]["fill"] == maps._rgba(maps.NO_DATA_COLOUR)
    assert found["UA-05"]["line"] == maps._rgba(maps.NO_DATA_LINE)
    assert 0 < found["UA-05"]["fill"][3] < found["UA-05"]["line"][3] < 255


@pytest.mark.parametrize("colour,rgba", [
    ("#feb24c", [254, 178, 76, 255]), ("#80808026", [128, 128, 128, 38])])
def test_rgba(colour, rgba):
    assert maps._rgba(colour) == rgba


def test_choropleth_by_share_leaves_unknown_shares_uncoloured():
    found = features(maps.choropleth(oblast_frame(), "ua_oblast", by="pct_out", edges=[50]))
    assert found["UA-30"]["fill"] == maps._rgba(maps.palette(2)[1])  # 80 %
    assert found["UA-63"]["fill"] == maps._rgba(maps.palette(2)[0])  # 22.5 %
    assert found["UA-46"]["fill"] == maps._rgba(maps.NO_DATA_COLOUR)  # served count unknown
    assert found["UA-46"]["line"] == maps._rgba(maps.LINE_COLOUR)  # but it has data


@pytest.mark.parametrize("lang,expected", [
    ("en", "Kyiv\nOut: 800 (80.0\u00a0%)\nLast updated: 10 Oct 2025, 06:00 EEST"),
    ("uk", "м. Київ\nБез послуги: 800 (80,0\u00a0%)\nОновлено: 10 жовт. 2025, 06:00 EEST"),
])
def test_choropleth_tooltip_text(lang, expected):
    deck = maps.choropleth(oblast_frame(), "ua_oblast", lang=lang, tz="Europe/Kyiv")
    assert features(deck)["UA-30"]["tooltip"] == expected
    assert features(deck)["UA-46"]["tooltip"].startswith(
        "Lviv Oblast\nOut: 0\n" if lang == "en" else "Львівська область\nБез послуги: 0\n")
    assert features(deck)["UA-05"]["tooltip"] == (
        "Vinnytsia Oblast\nNo data" if lang == "en" else "Вінницька область\nНемає даних")


def test_tooltip_is_plain_text():
    deck = maps.choropleth(oblast_frame(), "ua_oblast")
    assert deck._tooltip == {"text": "{tooltip}"}
    assert all("<" not in p["tooltip"] for p in features(deck).values())


def test_hostile_region_name_stays_plain_text():
    data = SIMPLE.replace(b"Kharkiv", HOSTILE_NAME.encode()).replace(b"UA-63", b"X-1")
    frame = maps.frame_at(table(data), at("2025-10-10T10:00Z"), "power")
    spots = pd.DataFrame({"region_id": pd.array(["X-1"], dtype="string"),
                          "lat": [50.0], "lon": [36.2]})
    deck = maps.points(frame, spots)
    assert deck._tooltip == {"text": "{tooltip}"} and "html" not in deck._tooltip
    tooltip = deck_json(deck)["layers"][0]["data"][0]["tooltip"]
    assert tooltip.startswith(HOSTILE_NAME + "\n")  # shown as written, as text
    assert "<" not in tooltip.replace(HOSTILE_NAME, "")
    assert "html" not in json.dumps(deck._tooltip)


def test_choropleth_matches_other_spellings_of_ids():
    frame = pd.DataFrame({
        "region_id": pd.array(["1001", "48201.0", "nowhere"], dtype="string"),
        "region_name": pd.array(["a", "b", "c"], dtype="string"),
        "customers_out": [5, 50, 9], "customers_total": pd.array([None] * 3, dtype="Int64"),
        "pct_out": pd.array([None] * 3, dtype="Float64"),
        "observed_at": pd.Series([pd.NaT] * 3, dtype="datetime64[us, UTC]")})
    found = features(maps.choropleth(frame, "us_county"))
    assert found["01001"]["tooltip"].startswith("Autauga County, AL\nOut: 5")
    assert found["48201"]["tooltip"].startswith("Harris County, TX\nOut: 50")
    assert maps.unmapped(frame, "us_county") == ["nowhere"]


def test_choropleth_rejects_two_spellings_of_one_region():
    frame = oblast_frame().assign(region_id=pd.array(["UA-30", "UA30", "UA-63"], dtype="string"))
    with pytest.raises(ValueError, match="UA-30, UA30"):
        maps.choropleth(frame, "ua_oblast")


def test_choropleth_drill_down_to_a_state():
    frame = pd.DataFrame({
        "region_id": pd.array(["48201", "06037"], dtype="string"),
        "region_name": pd.array(["Harris", "Los Angeles"], dtype="string"),
        "customers_out": [1000, 20], "customers_total": pd.array([None] * 2, dtype="Int64"),
        "pct_out": pd.array([None] * 2, dtype="Float64"),
        "observed_at": pd.Series([pd.NaT] * 2, dtype="datetime64[us, UTC]")})
    deck = maps.choropleth(frame, "us_county", regions=boundaries.children("us_state", "TX"))
    assert len(features(deck)) == 254 and "06037" not in features(deck)
    view = deck_json(deck)["initialViewState"]
    west, south, east, north = boundaries.bounds(
        [f for f in boundaries.load_level("us_county")["features"]
         if f["properties"]["region_id"] == "48201"])
    assert west <= view["longitude"] <= east and south <= view["latitude"] <= north


def fitted_px(view: dict, box: tuple[float, float, float, float]) -> tuple[float, float]:
    """Width and height in px of ``box`` (west, south, east, north) in a Web Mercator view."""
    def y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    world = 512 * 2 ** view["zoom"]
    west, south, east, north = box
    return (east - west) / 360 * world, (y(north) - y(south)) / (2 * math.pi) * world


def level_box(level: str, ids: list[str] | None = None) -> tuple[float, float, float, float]:
    found = [f for f in boundaries.load_level(level)["features"]
             if ids is None or f["properties"]["region_id"] in ids]
    return boundaries.bounds(found)


@pytest.mark.parametrize("level,frame_ids,height", [
    ("ua_oblast", [], 500),  # no data: the whole country
    ("ua_oblast", ["UA-30"], 320),  # Kyiv city on the Overview
    ("ua_oblast", ["UA-30"], 520),  # and on the Map page
    ("ua_oblast", ["UA-30", "UA-46", "UA-63"], 520),
    ("kyiv_district", [], 500),
    ("us_state", ["48"], 500),
])
def test_choropleth_view_fits_a_phone(level, frame_ids, height):
    """The regions with data (all, without any) fit a phone's canvas, FIT_WIDTH px wide, and
    fill most of its width or height."""
    frame = pd.DataFrame({
        "region_id": pd.array(frame_ids, dtype="string"),
        "region_name": pd.array(frame_ids, dtype="string"),
        "customers_out": pd.array([10] * len(frame_ids), dtype="int64"),
        "customers_total": pd.array([None] * len(frame_ids), dtype="Int64"),
        "pct_out": pd.array([None] * len(frame_ids), dtype="Float64"),
        "observed_at": pd.Series([pd.NaT] * len(frame_ids), dtype="datetime64[us, UTC]")})
    view = deck_json(maps.choropleth(frame, level, height=height))["initialViewState"]
    box = level_box(level, frame_ids or None)
    width_px, height_px = fitted_px(view, box)
    assert maps.FIT_WIDTH == 360
    assert width_px <= maps.FIT_WIDTH * maps.FIT_SHARE * 1.02
    assert height_px <= height * maps.FIT_SHARE * 1.02
    assert max(width_px / maps.FIT_WIDTH, height_px / height) >= maps.FIT_SHARE * 0.97
    west, south, east, north = box
    assert west < view["longitude"] < east and south < view["latitude"] < north


def us_frame(ids: list[str]) -> pd.DataFrame:
    return pd.DataFrame({
        "region_id": pd.array(ids, dtype="string"), "region_name": pd.array(ids, dtype="string"),
        "customers_out": pd.array([10] * len(ids), dtype="int64"),
        "customers_total": pd.array([None] * len(ids), dtype="Int64"),
        "pct_out": pd.array([None] * len(ids), dtype="Float64"),
        "observed_at": pd.Series([pd.NaT] * len(ids), dtype="datetime64[us, UTC]")})


@pytest.mark.parametrize("level,ids,lon_range", [
    ("us_county", sorted(boundaries.level_ids("us_county")), (-105, -90)),  # contiguous states
    ("us_state", ["02", "15", "48"], (-107, -93)),
    ("us_state", ["02"], (-180, -140)),  # Alaska alone
    ("us_county", ["02016", "02013"], (-190, -155)),
])
def test_us_view_opens_on_the_contiguous_states(level, ids, lon_range):
    view = deck_json(maps.choropleth(us_frame(ids), level))["initialViewState"]
    assert lon_range[0] <= view["longitude"] <= lon_range[1]


def test_deck_json_is_compact():
    text = maps.choropleth(oblast_frame(), "ua_oblast").to_json()
    assert "\n" not in text and '": ' not in text and "], [" not in text
    assert len(text) < 300_000


def test_county_map_payload():
    frame = maps.frame_at(table(SIMPLE), at("2025-10-10T10:00Z"), "power")
    assert len(maps.choropleth(frame, "us_county").to_json()) < 2_000_000


@pytest.mark.parametrize("kind,layer_type,pitch", [
    ("circle", "ScatterplotLayer", 0), ("column", "ColumnLayer", 45)])
def test_points(kind, layer_type, pitch):
    frame = oblast_frame()
    deck = maps.points(frame, boundaries.centroids("ua_oblast"), kind=kind, lang="uk")
    spec = deck_json(deck)
    layer = spec["layers"][0]
    assert layer["@@type"] == layer_type and "mapProvider" not in spec
    assert spec["mapStyle"] == maps.NO_STYLE
    assert spec["initialViewState"]["pitch"] == pitch
    records = {r["tooltip"].split("\n")[0]: r for r in layer["data"]}
    assert set(records) == {"м. Київ", "Львівська область", "Харківська область"}
    kyiv, kharkiv, lviv = (records[n] for n in ("м. Київ", "Харківська область",
                                                "Львівська область"))
    assert kyiv["radius"] > kharkiv["radius"] > lviv["radius"] == 0
    assert kyiv["elevation"] > kharkiv["elevation"]
    assert math.isclose(kyiv["radius"] / kharkiv["radius"], math.sqrt(800 / 90), rel_tol=1e-3)
    assert lviv["fill"] == maps._rgba(maps.ZERO_COLOUR)


def test_points_one_place_is_not_a_close_up():
    frame = oblast_frame().query("region_id == 'UA-30'")
    deck = maps.points(frame, boundaries.centroids("ua_oblast"))
    spec = deck_json(deck)
    assert 7 <= spec["initialViewState"]["zoom"] <= 10
    radius = spec["layers"][0]["data"][0]["radius"]
    assert 500 < radius < 5_000  # metres: about a tenth of the view


def test_points_rejects_unknown_kind():
    with pytest.raises(ValueError, match="kind"):
        maps.points(oblast_frame(), boundaries.centroids("ua_oblast"), kind="hexagon")


def test_points_with_no_matching_places():
    deck = maps.points(oblast_frame(), boundaries.centroids("us_state"))
    assert deck_json(deck)["layers"][0]["data"] == []
