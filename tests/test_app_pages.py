"""The dashboard pages driven by Streamlit's AppTest, each on a temporary SQLite store.

The app seeds the bundled samples into the empty store on its first run, as on a fresh clone.
"""

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from outages import bundled, maps
from outages.readers import read_bytes
from tests.helpers import app, open_page

ROOT = Path(__file__).resolve().parents[1]
PAGES = ("overview", "map", "regions", "data")
KYIV = "kyiv-strike-day"

# Two services in one file: power in two regions, water in one.
TWO_SERVICES = (
    b"timestamp,region_id,region_name,service,customers_out\n"
    b"2025-10-10T03:00:00Z,UA-30,Kyiv,power,1000\n"
    b"2025-10-10T03:00:00Z,UA-32,Kyiv Oblast,power,500\n"
    b"2025-10-10T06:00:00Z,UA-30,Kyiv,power,400\n"
    b"2025-10-10T04:00:00Z,UA-30,Kyiv,water,300\n"
    b"2025-10-10T08:00:00Z,UA-30,Kyiv,water,0\n"
)


def address(at: AppTest) -> dict[str, str]:
    """The query string the app left, one value a key."""
    return {key: value if isinstance(value, str) else value[-1]
            for key, value in at.query_params.items()}


def metrics_of(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def warnings_of(at: AppTest) -> str:
    return "\n".join(w.value for w in at.warning)


def ingest(store, data: bytes, name: str, **kwargs) -> str:
    result = read_bytes(data, "test.csv")
    return store.ingest(result.table, name=name, metadata=result.metadata, **kwargs).dataset_id


# --- every page runs -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_page_runs_on_a_fresh_store(app_store_url, name):
    at = open_page(name)
    assert at.title[0].value in ("Overview", "Map", "Regions", "Data")
    assert not at.warning  # nothing wrong with an address that names nothing
    assert any("Illustrative" in i.value for i in at.info)  # the Kyiv sample says so


@pytest.mark.parametrize("name", PAGES)
def test_page_runs_for_every_bundled_sample(seeded, name):
    _, ids = seeded
    for dataset_id in ids.values():
        at = open_page(name, dataset=dataset_id)
        assert address(at)["dataset"] == dataset_id
        assert not at.warning


# --- Overview ------------------------------------------------------------------------------------


def test_overview_shows_the_kyiv_figures(app_store_url):
    at = open_page("overview")
    shown = metrics_of(at)
    assert shown["Peak"] == "800,000"
    assert shown["Customers out (latest)"] == "380,000"
    assert shown["Restored"] == "420,000"
    assert shown["Restored %"] == "52.5\u00a0%"
    assert shown["Hours to 50 % restored"] == "9.0 h"
    assert shown["Hours to 90 % restored"] == "—"
    assert shown["Customer-hours"] == "7,200,000"
    assert shown["Last updated"] == "15:00 EEST"
    notes = {m.label: m.proto.delta for m in at.metric}
    assert notes["Peak"] == "10 Oct 2025, 06:00 EEST"
    assert notes["Last updated"] == "10 Oct 2025"


def test_overview_in_ukrainian(app_store_url):
    at = open_page("overview", lang="uk")
    shown = metrics_of(at)
    assert shown["Пік"] == "800\u202f000"
    assert shown["Відновлено, %"] == "52,5\u00a0%"
    assert at.title[0].value == "Огляд"
    assert address(at)["lang"] == "uk"


def test_overview_chart_has_the_lines_and_the_annotation(app_store_url):
    at = open_page("overview")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    names = [trace["name"] for trace in spec["data"]]
    assert names == ["Power: out", "Power: cut off, cumulative", "Power: restored, cumulative"]
    texts = [a["text"] for a in spec["layout"]["annotations"]]
    assert any(text.startswith("Water supply and metro") for text in texts)
    assert spec["layout"]["xaxis"]["title"]["text"] == "Time (Europe/Kyiv)"


def test_overview_with_several_services_shares_one_time_axis(seeded):
    store, _ = seeded
    dataset_id = ingest(store, TWO_SERVICES, "Two services")
    at = open_page("overview")  # a dataset someone loaded is the default over the samples
    assert address(at)["dataset"] == dataset_id
    assert [h.value for h in at.subheader][:2] == ["Power", "Water"]
    assert [m.value for m in at.metric if m.label == "Peak"] == ["1,500", "300"]
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    names = [trace["name"] for trace in spec["data"]]
    assert {"Power: out", "Water: out"} <= set(names)

    at.selectbox(key="service").set_value("water").run()
    assert address(at)["service"] == "water"
    assert [m.value for m in at.metric if m.label == "Peak"] == ["300"]


def test_a_time_window_changes_the_figures_and_the_address(seeded):
    _, ids = seeded
    at = open_page("overview", dataset=ids[KYIV], start="2025-10-10T06:00Z")
    assert metrics_of(at)["Customer-hours"] == "4,800,000"  # 800,000 for 6 h from 06:00 UTC
    assert address(at)["start"] == "2025-10-10T06:00Z"

    first, last = at.slider(key="window").value
    at.slider(key="window").set_value((first, last - pd.Timedelta(hours=1))).run()
    assert address(at)["end"] == "2025-10-10T11:00Z"  # 14:00 in Kyiv (EEST)
    assert metrics_of(at)["Customers out (latest)"] == "800,000"


# --- the view state in the address ---------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_the_address_comes_back_unchanged(seeded, name):
    _, ids = seeded
    given = {"dataset": ids[KYIV], "service": "power", "regions": "UA-30",
             "start": "2025-10-10T04:00Z", "end": "2025-10-10T12:00Z",
             "at": "2025-10-10T03:00Z", "lang": "uk"}
    if name != "overview":
        given["page"] = name
    at = open_page(name, **given)
    assert not at.warning
    assert address(at) == given


@pytest.mark.parametrize("params, notice", [
    ({"start": "abc"}, "Ignored start=abc: not a time"),
    ({"dataset": "../../etc"}, "Ignored dataset="),
    ({"service": "<script>"}, "Ignored service=?script?"),
    ({"dataset": "no-such-dataset"}, "There is no dataset no-such-dataset"),
    ({"service": "water"}, "Ignored service=water: this dataset has no figures for it"),
    ({"regions": "UA-99,UA-30"}, "Ignored regions that are not in this dataset (1): UA-99"),
    ({"at": "2099-01-01T00:00Z"}, "Ignored at="),
    ({"start": "2030-01-01", "end": "2030-01-02"}, "Ignored the time window 1 Jan 2030, 00:00"),
    ({"end": "2001-01-01T00:00Z"}, "Ignored the time window … – 1 Jan 2001"),
    ({"end": "2025-10-10T03:00", "start": "2025-10-32"}, "Ignored end=2025-10-10T03:00"),
    ({"lang": "xx"}, "Ignored lang=xx"),
    ({"page": "nowhere"}, "Ignored page=nowhere"),
    ({"utm_source": "x", "color": "red"}, "Ignored unknown parameters: color"),
    ({"draw": "pie", "colour": "red"}, "Ignored draw=pie"),
])
@pytest.mark.parametrize("name", PAGES)
def test_a_bad_address_shows_a_notice_and_defaults(app_store_url, params, notice, name):
    at = open_page(name, **params)
    text = warnings_of(at).replace("\\", "")  # notices are Markdown-escaped
    assert notice in text
    assert "<script>" not in text
    if name == "overview":
        assert metrics_of(at)["Peak"] == "800,000"
    kept = address(at)
    assert set(kept) <= {"dataset", "regions", "page"}
    assert kept.get("regions") in (None, "UA-30")


def test_moving_between_pages_keeps_the_state(seeded):
    _, ids = seeded
    at = open_page("overview", dataset=ids[KYIV], regions="UA-30", lang="uk")
    at.query_params.clear()  # the sidebar navigation drops the query string
    at.switch_page("pages/regions.py").run()
    assert not at.exception
    assert address(at)["regions"] == "UA-30"
    assert address(at)["lang"] == "uk"
    assert address(at)["page"] == "regions"
    assert at.multiselect(key="regions").value == ["UA-30"]


def test_a_link_to_the_root_with_a_page_opens_that_page(seeded):
    _, ids = seeded
    at = app(dataset=ids[KYIV], page="data")  # the root address
    at.run()
    assert not at.exception
    assert at.title[0].value == "Data"
    assert address(at)["page"] == "data"


def test_the_share_link_holds_the_view(seeded):
    _, ids = seeded
    at = open_page("map", dataset=ids[KYIV], at="2025-10-10T03:00Z")
    link = at.get("code")[0].value
    assert f"dataset={ids[KYIV]}" in link
    assert "at=2025-10-10T03:00Z" in link
    assert "page=map" in link


def test_an_older_version_shows_its_own_figures_and_says_a_newer_one_exists(seeded):
    store, ids = seeded
    kyiv = store.load(ids[KYIV])
    newer_table = kyiv.assign(customers_out=kyiv["customers_out"] // 2)
    newer = store.ingest(newer_table, name="Kyiv, corrected", replaces=ids[KYIV],
                         metadata={"timezone": "Europe/Kyiv"}).dataset_id

    at = open_page("overview", dataset=ids[KYIV])
    assert metrics_of(at)["Peak"] == "800,000"
    text = warnings_of(at)
    assert "a newer version exists" in text
    assert f"dataset={newer}" in text
    assert address(at)["dataset"] == ids[KYIV]

    at = open_page("overview")  # the default is the newest version
    assert metrics_of(at)["Peak"] == "400,000"
    assert "newer version" not in warnings_of(at)


def test_an_empty_store_says_so(seeded):
    store, ids = seeded
    for dataset_id in ids.values():
        store.delete(dataset_id, by="test")  # deleted samples are not seeded again
    for name in PAGES:
        at = open_page(name)
        assert "No dataset yet" in at.info[0].value
        assert not at.metric


def test_nothing_in_the_window_is_explained(seeded):
    store, _ = seeded
    dataset_id = ingest(store, TWO_SERVICES, "Two services")
    # within the dataset's time range, before water's first figure
    at = open_page("overview", dataset=dataset_id, service="water", end="2025-10-10T03:30Z")
    assert "Nothing in this time window" in at.info[-1].value
    assert not at.metric
    assert not at.warning


@pytest.mark.parametrize("window", [{"start": "2030-01-01", "end": "2030-01-02"},
                                    {"end": "2025-10-09T00:00Z"}])
def test_a_window_outside_the_data_shows_all_of_it_not_figures_carried_past_it(seeded, window):
    """After the data's end, the figures carried past its last row were shown as if observed
    at the window's start (zero customers out "at 1 Jan 2030")."""
    _, ids = seeded
    at = open_page("overview", dataset=ids[KYIV], **window)
    text = warnings_of(at).replace("\\", "")  # notices are Markdown-escaped
    assert "Ignored the time window" in text
    assert "(10 Oct 2025, 06:00 EEST – 10 Oct 2025, 15:00 EEST)" in text  # the data's range
    assert metrics_of(at)["Customers out (latest)"] == "380,000"
    assert "2030" not in " ".join(m.proto.delta for m in at.metric)
    assert not {"start", "end"} & set(address(at))


# --- Map -----------------------------------------------------------------------------------------


def deck_spec(at: AppTest, index: int = 0) -> dict:
    return json.loads(at.get("deck_gl_json_chart")[index].proto.json)


def test_map_draws_layers_without_a_base_map(app_store_url):
    at = open_page("map")
    spec = deck_spec(at)
    assert spec["layers"]
    assert spec["layers"][0]["@@type"] == "GeoJsonLayer"
    assert spec.get("mapStyle") in (None, maps.NO_STYLE)
    assert "carto" not in at.get("deck_gl_json_chart")[0].proto.json.lower()
    kyiv = [f for f in spec["layers"][0]["data"]["features"]
            if f["properties"]["region_id"] == "UA-30"]
    # the Kyiv figures are historical: the map opens at their peak and says so
    assert "800,000" in kyiv[0]["properties"]["tooltip"]
    assert any("Shown at the peak, 10 Oct 2025, 06:00 EEST" in c.value for c in at.caption)


def test_map_time_slider_and_play(seeded):
    _, ids = seeded
    at = open_page("map", dataset=ids[KYIV], at="2025-10-10T12:00Z")
    assert "380,000" in json.dumps(deck_spec(at))
    assert not any("Shown at the peak" in c.value for c in at.caption)  # a chosen moment
    at.select_slider(key="map_at").set_value(pd.Timestamp("2025-10-10T03:00Z")).run()
    assert "at" not in address(at)  # the peak is the default of historical figures
    assert "800,000" in json.dumps(deck_spec(at))

    at.button(key="map_play").click().run()  # from the peak, play goes on to the next stop
    assert address(at)["at"] == "2025-10-10T12:00Z"
    assert "380,000" in json.dumps(deck_spec(at))


def test_a_live_dataset_opens_at_its_latest_figures(seeded):
    store, _ = seeded
    now = pd.Timestamp.now(tz="UTC").floor("min")
    times = [(now - pd.Timedelta(hours=h)).strftime("%Y-%m-%dT%H:%MZ") for h in (3, 1)]
    rows = ("timestamp,region_id,region_name,service,customers_out\n"
            f"{times[0]},UA-30,Kyiv,power,900\n{times[1]},UA-30,Kyiv,power,100\n").encode()
    dataset_id = ingest(store, rows, "Live now")
    at = open_page("map", dataset=dataset_id)
    assert "Kyiv\\nOut: 100" in json.dumps(deck_spec(at))
    assert any("Shown at the latest figures" in c.value for c in at.caption)


@pytest.mark.parametrize("kind, layer", [("circle", "ScatterplotLayer"),
                                         ("column", "ColumnLayer")])
def test_map_draws_points_from_centroids(app_store_url, kind, layer):
    at = open_page("map")
    at.segmented_control(key="map_kind").set_value(kind).run()
    assert deck_spec(at)["layers"][0]["@@type"] == layer


def test_map_with_nothing_to_show_says_so(seeded):
    store, _ = seeded
    dataset_id = ingest(store, TWO_SERVICES, "Two services")
    at = open_page("map", dataset=dataset_id, service="water", regions="UA-32")
    assert "Nothing in this time window" in at.info[-1].value
    assert not at.get("deck_gl_json_chart")


def test_map_drills_down_to_one_state_of_counties(seeded):
    _, ids = seeded
    at = open_page("map", dataset=ids["eaglei-2014-excerpt"])
    areas = at.selectbox(key="map_area").options
    assert areas == ["United States: states", "United States: counties",
                     "Massachusetts: counties"]
    # county figures are drawn as counties: those of the one state they lie in
    features = deck_spec(at)["layers"][0]["data"]["features"]
    assert deck_spec(at)["layers"][0]["id"] == "us_county-regions"
    assert len(features) == 14  # Massachusetts's counties
    assert all(f["properties"]["region_id"].startswith("25") for f in features)
    assert "area" not in address(at)
    at.selectbox(key="map_area").set_value("us_state").run()
    assert deck_spec(at)["layers"][0]["id"] == "us_state-regions"
    assert address(at)["area"] == "us_state"  # a shared link keeps the area


def test_base_map_is_an_option(app_store_url):
    at = open_page("map")
    at.toggle(key="map_basemap").set_value(True).run()
    assert "carto" in at.get("deck_gl_json_chart")[0].proto.json.lower()


# --- Regions -------------------------------------------------------------------------------------


def test_regions_table_and_comparison(seeded):
    store, _ = seeded
    dataset_id = ingest(store, TWO_SERVICES, "Two services")
    at = open_page("regions", dataset=dataset_id, service="power")
    table = at.dataframe[0].value
    assert list(table["region_id"]) == ["UA-30", "UA-32"]  # highest peak first
    assert "Pick two or more regions" in at.caption[-1].value

    at.multiselect(key="regions").set_value(["UA-30", "UA-32"]).run()
    assert address(at)["regions"] == "UA-30,UA-32"
    side = at.dataframe[1].value
    assert list(side.columns) == ["Kyiv", "Kyiv Oblast"]
    assert side.loc["Peak", "Kyiv"] == "1,000"
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [trace["name"] for trace in spec["data"]] == ["Kyiv", "Kyiv Oblast"]


# --- Data ----------------------------------------------------------------------------------------


def test_data_page_offers_downloads_catalog_and_caveats(app_store_url):
    at = open_page("data")
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == ["Download CSV", "Download JSON",
                                                "Download Parquet"]
    assert not any(b.proto.disabled for b in buttons)
    catalog = at.dataframe[0].value
    assert len(catalog) == len(bundled.SAMPLE_LIST)  # every bundled sample
    assert "Caveats" in [h.value for h in at.subheader]
    assert any("Restored is derived" in m.value for m in at.markdown)


def _new_kyiv_version(store, old_id: str, latest: int) -> str:
    table = store.load(old_id).copy()
    table.loc[table.index[-1], "customers_out"] = latest
    info = store.get(old_id)
    return store.ingest(table, name=info.name, metadata=info.metadata, created_by="test",
                        replaces=old_id).dataset_id


def test_a_viewer_without_a_link_follows_a_new_version_on_the_next_run(seeded):
    store, ids = seeded
    at = open_page("overview")
    assert metrics_of(at)["Customers out (latest)"] == "380,000"
    newer = _new_kyiv_version(store, ids[KYIV], 300_000)
    at.run()
    assert not at.exception
    assert metrics_of(at)["Customers out (latest)"] == "300,000"
    assert address(at)["dataset"] == newer


def test_a_shared_link_keeps_its_version_and_says_a_newer_one_exists(seeded):
    store, ids = seeded
    old = ids[KYIV]
    _new_kyiv_version(store, old, 300_000)
    at = open_page("overview", dataset=old)
    assert metrics_of(at)["Customers out (latest)"] == "380,000"
    assert address(at)["dataset"] == old
    assert "newer version" in warnings_of(at).lower()


def test_the_command_line_ingests_while_the_dashboard_holds_the_store_open(app_store_url,
                                                                          tmp_path):
    """Both keep working: the CLI's write goes through while the app's cached store handle is
    open, and the app's next run lists the new dataset and shows its figures."""
    import subprocess
    import sys

    at = open_page("overview")
    before = at.selectbox(key="dataset").options
    path = tmp_path / "two_services.csv"
    path.write_bytes(TWO_SERVICES)
    proc = subprocess.run([sys.executable, "-m", "outages", "ingest", str(path), "--name",
                           "Written by the command line"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    new_id = json.loads(proc.stdout)["dataset"]
    at.run()
    assert not at.exception
    assert "Written by the command line" in at.selectbox(key="dataset").options
    assert "Written by the command line" not in before
    at.selectbox(key="dataset").set_value(new_id).run()
    assert not at.exception
    assert address(at)["dataset"] == new_id
    assert [m.value for m in at.metric if m.label == "Peak"] == ["1,500", "300"]  # power, water
