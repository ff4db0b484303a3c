"""The dashboard's pure helpers: drill-down areas, map figures, slider stops, windows, text."""

from datetime import datetime, timedelta

import pandas as pd
import pytest

from outages.store import DatasetInfo
from outages.ui import kpi, mapdata, page, regionview, text, window
from outages.ui.mapdata import Area

T = pd.Timestamp
HOLOSIIVSKYI = "UA80000000000126643"
DARNYTSKYI = "UA80000000000210193"


def frame(rows):
    """A maps.frame_at-shaped frame from (region_id, name, out, total) rows."""
    return pd.DataFrame({
        "region_id": pd.array([r[0] for r in rows], dtype="string"),
        "region_name": pd.array([r[1] for r in rows], dtype="string"),
        "customers_out": pd.array([r[2] for r in rows], dtype="int64"),
        "customers_total": pd.array([r[3] for r in rows], dtype="Int64"),
        "pct_out": pd.array([None] * len(rows), dtype="Float64"),
        "observed_at": pd.array([T("2025-10-10T03:00Z")] * len(rows),
                                dtype="datetime64[us, UTC]"),
    })


# --- drill-down areas ----------------------------------------------------------------------------


@pytest.mark.parametrize("ids, keys", [
    (["UA-30"], ["ua_oblast"]),
    (["UA-30", "UA-32", "Kyiv Oblast"], ["ua_oblast"]),
    (["UA-30", "UA-46", HOLOSIIVSKYI], ["ua_oblast", "kyiv_district"]),
    ([HOLOSIIVSKYI, DARNYTSKYI], ["ua_oblast", "kyiv_district"]),
    (["48", "TX", "06"], ["us_state"]),
    (["25001", "25009", "48201"], ["us_state", "us_county", "us_county:25", "us_county:48"]),
    (["nowhere", "elsewhere"], []),
    ([], []),
])
def test_areas(ids, keys):
    assert [a.key for a in mapdata.areas(ids)] == keys


def test_area_within_a_state_draws_its_counties():
    regions = Area("us_county:25", "us_county", within="25").regions()
    assert len(regions) == 14 and all(r.startswith("25") for r in regions)
    assert Area("us_county", "us_county").regions() is None


def test_prepare_spells_ids_the_levels_way_and_keeps_totals():
    shown = mapdata.prepare(frame([("ua30", "Kyiv", 800, 1000), ("Mars", "Mars", 5, None)]),
                            Area("ua_oblast", "ua_oblast"))
    assert shown.to_dict("records") == [{
        "region_id": "UA-30", "region_name": "Kyiv", "customers_out": 800,
        "customers_total": 1000, "pct_out": 80.0, "observed_at": T("2025-10-10T03:00Z")}]


def test_prepare_adds_up_a_level_without_claiming_the_parents_total():
    shown = mapdata.prepare(
        frame([(HOLOSIIVSKYI, "Holosiivskyi", 100, 1000), (DARNYTSKYI, "Darnytskyi", 50, 500)]),
        Area("ua_oblast", "ua_oblast", rolled_up=True))
    assert list(shown["region_id"]) == ["UA-30"]
    assert list(shown["customers_out"]) == [150]
    assert shown["customers_total"].isna().all() and shown["pct_out"].isna().all()


def test_prepare_sums_two_spellings_of_one_region():
    shown = mapdata.prepare(frame([("48", "Texas", 10, 100), ("TX", "Texas", 5, None)]),
                            Area("us_state", "us_state"))
    assert shown[["region_id", "customers_out"]].to_dict("records") == [
        {"region_id": "48", "customers_out": 15}]
    assert shown["customers_total"].isna().all()  # one spelling has no total


def test_prepare_within_one_state():
    shown = mapdata.prepare(frame([("25001", "Barnstable", 7, None), ("48201", "Harris", 9, None)]),
                            Area("us_county:25", "us_county", within="25"))
    assert list(shown["region_id"]) == ["25001"]


@pytest.mark.parametrize("area, ids, missing", [
    (Area("ua_oblast", "ua_oblast"), ["UA-30", "Mars"], ["Mars"]),
    (Area("ua_oblast", "ua_oblast", rolled_up=True), [HOLOSIIVSKYI, "UA-30"], ["UA-30"]),
    (Area("us_state", "us_state"), ["48", "US-MULTI:AL-GA"], ["US-MULTI:AL-GA"]),
])
def test_unplaced(area, ids, missing):
    assert mapdata.unplaced(ids, area) == missing


# --- slider stops --------------------------------------------------------------------------------


def hours(n):
    return pd.date_range("2025-01-01", periods=n, freq="h", tz="UTC")


@pytest.mark.parametrize("n, limit", [(1, 5), (5, 5), (1000, 300), (1001, 7)])
def test_slider_stops_keep_the_ends_and_stay_near_the_limit(n, limit):
    stops = mapdata.slider_stops(hours(n), limit=limit)
    assert stops[0] == hours(n)[0] and stops[-1] == hours(n)[-1]
    assert len(stops) == min(n, limit)
    assert stops.is_monotonic_increasing and stops.is_unique


def test_slider_stops_keep_the_moment_the_address_names():
    moments = hours(1000)
    stops = mapdata.slider_stops(moments, keep=moments[1], limit=10)
    assert moments[1] in stops and len(stops) == 11
    assert mapdata.slider_stops(moments, keep=T("1999-01-01", tz="UTC"), limit=10).size == 10


@pytest.mark.parametrize("at, expected", [
    (None, 3), (T("2025-01-01T03:00Z"), 3), (T("2030-01-01", tz="UTC"), 3),
    (T("2025-01-01T01:30Z"), 1), (T("2025-01-01T01:00Z"), 1), (T("2024-01-01", tz="UTC"), 0),
])
def test_nearest_stop_is_the_one_whose_figures_hold_then(at, expected):
    assert mapdata.nearest_stop(hours(4), at) == hours(4)[expected]


@pytest.mark.parametrize("start, end, expected", [
    (None, None, [0, 1, 2, 3]),
    (T("2025-01-01T01:00Z"), None, [1, 2, 3]),
    (None, T("2025-01-01T01:30Z"), [0, 1]),
    (T("2026-01-01", tz="UTC"), None, [0, 1, 2, 3]),  # nothing inside: every moment
])
def test_window_moments(start, end, expected):
    assert list(mapdata.window_moments(hours(4), start, end)) == list(hours(4)[expected])


# --- the time window slider ----------------------------------------------------------------------


@pytest.mark.parametrize("span, step", [
    (pd.Timedelta(hours=9), timedelta(minutes=15)),
    (pd.Timedelta(days=30), timedelta(hours=1)),
    (pd.Timedelta(days=700), timedelta(days=1)),
])
def test_step_for(span, step):
    assert window.step_for(span) == step


def test_wall_clock_round_trip_in_the_datasets_zone():
    ts = T("2025-10-10T03:00Z")
    wall = window.local(ts, "Europe/Kyiv")
    assert wall == datetime(2025, 10, 10, 6, 0)
    assert window.to_utc(wall, "Europe/Kyiv") == ts


@pytest.mark.parametrize("wall, expected", [
    (datetime(2025, 3, 30, 3, 30), T("2025-03-30T01:00Z")),  # in the spring gap: moved on
    (datetime(2025, 10, 26, 3, 30), T("2025-10-26T00:30Z")),  # repeated hour: the first
])
def test_to_utc_across_dst_changes(wall, expected):
    assert window.to_utc(wall, "Europe/Kyiv") == expected


def test_bounds_at_the_datas_edges_mean_no_window():
    first, last = datetime(2025, 10, 10, 6), datetime(2025, 10, 10, 15)
    assert window.bounds_from((first, last), first, last, "Europe/Kyiv") == (None, None)
    middle = datetime(2025, 10, 10, 9)
    assert window.bounds_from((middle, last), first, last, "Europe/Kyiv") == (
        T("2025-10-10T06:00Z"), None)
    assert window.bounds_from((first, middle), first, last, "Europe/Kyiv") == (
        None, T("2025-10-10T06:00Z"))


# --- text ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw, shown", [
    ("Kyiv", "Kyiv"),
    ("[click](javascript:alert(1))", r"\[click\]\(javascript\:alert\(1\)\)"),
    (":red[alarm] **bold** <b>x</b>", r"\:red\[alarm\] \*\*bold\*\* \<b\>x\</b\>"),
    ("$x$ & `code`\nnext line", r"\$x\$ \& \`code\` next line"),
])
def test_md_escapes_what_markdown_would_act_on(raw, shown):
    assert text.md(raw) == shown


@pytest.mark.parametrize("values, shown", [
    (["a", "b"], "a, b"),
    (list("abcdefg"), "a, b, c, d, e, … (+2)"),
])
def test_examples(values, shown):
    assert text.examples(values) == shown


@pytest.mark.parametrize("metadata, zone", [
    ({"timezone": "Europe/Kyiv"}, ("Europe/Kyiv", True)),
    ({}, ("UTC", True)),
    ({"timezone": "local time of the area affected"}, ("UTC", False)),
    ({"timezone": "Europe"}, ("UTC", False)),
    ({"timezone": "../../etc/passwd"}, ("UTC", False)),
])
def test_zone_name(metadata, zone):
    assert text.zone_name(metadata) == zone


@pytest.mark.parametrize("when, parts", [
    ("10 Oct 2025, 15:00 EEST", ("15:00 EEST", "10 Oct 2025")),
    ("—", ("—", None)),
])
def test_last_updated_card_splits_day_and_clock(when, parts):
    assert kpi._split_time(when) == parts


# --- regions and the default dataset -------------------------------------------------------------


def test_region_names_tell_apart_regions_with_one_name():
    rows = pd.DataFrame({"region_id": ["1", "2", "3"],
                         "region_name": pd.array(["Springfield", "Springfield", None],
                                                 dtype="string")})
    assert regionview.names(rows) == {"1": "Springfield (1)", "2": "Springfield (2)", "3": "3"}


def test_by_peak_orders_the_worst_first():
    rows = pd.DataFrame({"region_id": ["b", "a", "c"], "peak_customers_out": [5, 5, 9]})
    assert list(regionview.by_peak(rows)["region_id"]) == ["c", "a", "b"]


def info(dataset_id, bundled=None):
    return DatasetInfo(
        id=dataset_id, name=dataset_id, description="", source="", licence="",
        services=["power"], regions=1, start=None, end=None, rows=0, sha256="",
        created_at=T("2025-01-01", tz="UTC"), created_by="test", replaces=None,
        superseded_by=None, metadata={"bundled": bundled} if bundled else {})


@pytest.mark.parametrize("catalog, expected", [
    # newest first, as the store lists them
    ([info("eaglei", "eaglei-2014-excerpt"), info("oe417", "oe417-2021-2022"),
      info("kyiv", "kyiv-strike-day")], "kyiv"),
    ([info("mine"), info("eaglei", "eaglei-2014-excerpt"), info("kyiv", "kyiv-strike-day")],
     "mine"),
    ([info("newer"), info("older")], "newer"),
    ([info("eaglei", "eaglei-2014-excerpt"), info("odd", "unknown-sample")], "eaglei"),
])
def test_default_dataset(catalog, expected):
    assert page.default_dataset(catalog).id == expected


@pytest.mark.parametrize("headers,pauses", [({"host": "example.org"}, [kpi.FIRST_PAINT_S]),
                                            ({}, [])])  # a browser's session / AppTest
def test_the_cards_get_one_pause_to_paint_per_browser_session(monkeypatch, headers, pauses):
    slept = []

    class Streamlit:  # what let_paint reads of streamlit
        session_state: dict = {}
        context = type("Context", (), {"headers": headers})

    monkeypatch.setattr(kpi, "st", Streamlit)
    monkeypatch.setattr(kpi.time, "sleep", slept.append)
    for _ in range(3):  # the first run, then changed views
        kpi.let_paint()
    assert slept == pauses
