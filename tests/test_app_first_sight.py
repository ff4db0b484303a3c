"""What a visitor sees first, driven by AppTest: the map at a historical dataset's peak, its
area, drawing and colour kept in the address, every observation time reachable, date-only
links, and the bundled samples in Ukrainian."""

import json

import pandas as pd

from outages.readers import read_bytes
from tests.test_app_pages import KYIV, address, deck_spec, ingest, open_page

EAGLEI = "eaglei-2014-excerpt"


def captions(at) -> str:
    return "\n".join(c.value for c in at.caption)


def test_the_overview_map_opens_at_the_peak_and_says_so(app_store_url):
    at = open_page("overview")
    assert "Shown at the peak, 10 Oct 2025, 06:00 EEST" in captions(at)
    assert "800,000" in json.dumps(deck_spec(at))
    legend = "\n".join(h.proto.body for h in at.get("html"))
    assert "Customers out at 10 Oct 2025, 06:00 EEST" in legend
    for label in ("1–99", "100–999", "1,000–9,999", "10,000–99,999", "≥ 100,000"):
        assert label in legend  # the whole fixed scale, whatever the data


def test_a_moment_in_the_address_wins_over_the_peak(app_store_url):
    at = open_page("overview", at="2025-10-10T12:00Z")
    assert "Shown at the peak" not in captions(at)
    assert "380,000" in json.dumps(deck_spec(at))


def test_colour_by_share_where_customers_served_are_known(seeded):
    _, ids = seeded
    at = open_page("map", dataset=ids[EAGLEI])
    assert at.segmented_control(key="map_colour").value == "customers_out"
    at.segmented_control(key="map_colour").set_value("pct_out").run()
    assert address(at)["colour"] == "pct"
    legend = "\n".join(h.proto.body for h in at.get("html"))
    assert "Share of customers served who are out" in legend and "≥ 50\u00a0%" in legend
    # the Kyiv figures have no customers served: no share to choose
    kyiv = open_page("map", dataset=ids[KYIV])
    assert not [w for w in kyiv.get("segmented_control") if w.key == "map_colour"]


def test_a_shared_link_keeps_the_area_drawing_and_colour(seeded):
    _, ids = seeded
    at = open_page("map", dataset=ids[EAGLEI], area="us_state", draw="circle", colour="pct")
    assert at.selectbox(key="map_area").value == "us_state"
    assert at.segmented_control(key="map_kind").value == "circle"
    assert deck_spec(at)["layers"][0]["@@type"] == "ScatterplotLayer"
    assert at.segmented_control(key="map_colour").value == "pct_out"
    assert {k: address(at)[k] for k in ("area", "draw", "colour")} == {
        "area": "us_state", "draw": "circle", "colour": "pct"}
    # an area this dataset does not offer falls back to its default
    other = open_page("map", dataset=ids[KYIV], area="us_state")
    assert other.selectbox(key="map_area").value == "ua_oblast"


def test_every_observation_time_is_reachable_when_the_slider_is_thinned(seeded):
    store, _ = seeded
    times = pd.date_range("2025-01-01", periods=400, freq="15min", tz="UTC")
    lines = ["timestamp,region_id,region_name,service,customers_out"]
    lines += [f"{ts:%Y-%m-%dT%H:%MZ},UA-30,Kyiv,power,{1000 + i}"
              for i, ts in enumerate(times)]
    dataset_id = ingest(store, "\n".join(lines).encode(), "Many moments")
    at = open_page("map", dataset=dataset_id, at="2025-01-01T00:15Z")
    stops = at.select_slider(key="map_at").options
    assert len(stops) < 400  # thinned
    at.button(key="map_step_1").click().run()
    assert address(at)["at"] == "2025-01-01T00:30Z"
    assert "1,002" in json.dumps(deck_spec(at))  # a time that is not a slider stop
    at.button(key="map_step_-1").click().run()
    assert address(at)["at"] == "2025-01-01T00:15Z"


def test_a_date_only_end_is_the_whole_day_in_the_dataset_zone(seeded):
    store, _ = seeded
    rows = (b"timestamp,region_id,region_name,service,customers_out\n"
            b"2025-10-10T03:00:00+03:00,UA-30,Kyiv,power,100\n"
            b"2025-10-10T23:30:00+03:00,UA-30,Kyiv,power,700\n"
            b"2025-10-11T01:00:00+03:00,UA-30,Kyiv,power,900\n")
    result = read_bytes(rows, "late.csv")
    dataset_id = store.ingest(result.table, name="Kyiv late",
                              metadata={**result.metadata, "timezone": "Europe/Kyiv"}).dataset_id
    at = open_page("overview", dataset=dataset_id, end="2025-10-10")
    assert not at.warning
    assert address(at)["end"] == "2025-10-10T20:59:59Z"  # 23:59:59 in Kyiv
    assert {m.label: m.value for m in at.metric}["Peak"] == "700"


def test_the_ukrainian_interface_shows_the_samples_in_ukrainian(app_store_url):
    at = open_page("data", lang="uk")
    shown = "\n".join(m.value for m in at.markdown)
    picked = at.selectbox(key="dataset")
    assert picked.format_func(picked.value).startswith("Київ: удар по енергетичних")
    assert "Повідомлено лише два значення" in shown
    assert "Only two figures were reported" not in shown
    overview = open_page("overview", lang="uk")
    layout = json.loads(overview.get("plotly_chart")[0].proto.spec)["layout"]
    notes = [a["text"] for a in layout["annotations"]]
    assert any("Ракетний і дроновий" in n for n in notes)
