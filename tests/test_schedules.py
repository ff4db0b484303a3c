"""outages.schedules on the two real Dnipro schedule files and on bad inputs; the Schedules page
through AppTest. Expected figures are counted here from the JSON itself, independently of the
reader's half-hour arrays."""

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from outages import schedulecharts, schedules
from outages.errors import InputError
from outages.limits import MAX_SCHEDULE_BYTES
from outages.store import open_store

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "ukraine"
DTEK = DATA / "dtek_dnipro_fact_2025-12-10.excerpt.json"
CEK = DATA / "dnipro_cek_schedule_2025-12-25.szheliab.json"
# hours off the state means: definite, possible
WEIGHTS = {"yes": (0, 0), "no": (1, 0), "first": (0.5, 0), "second": (0.5, 0),
           "maybe": (0, 1), "mfirst": (0, 0.5), "msecond": (0, 0.5)}


def independent_hours(path: Path) -> dict[tuple[str, date], tuple[float, float]]:
    document = json.loads(path.read_text(encoding="utf-8"))
    out = {}
    for key, groups in document["fact"]["data"].items():
        day = pd.Timestamp(int(key), unit="s", tz="UTC").tz_convert("Europe/Kyiv").date()
        for group, hours in groups.items():
            off = sum(WEIGHTS[v][0] for v in hours.values())
            maybe = sum(WEIGHTS[v][1] for v in hours.values())
            out[group, day] = (off, maybe)
    return out


@pytest.mark.parametrize(("path", "days"), [
    (DTEK, (date(2025, 12, 10), date(2025, 12, 11))),
    (CEK, (date(2025, 12, 25), date(2025, 12, 26))),
])
def test_real_files(path, days):
    schedule = schedules.read(path.read_bytes(), path.name)
    expected = independent_hours(path)
    assert schedule.days == days
    assert len(schedule.groups) == 12
    assert schedule.groups[:3] == ("GPV1.1", "GPV1.2", "GPV2.1")
    assert set(schedule.groups) == {g for g, _ in expected}
    assert schedule.region_id == "UA-12"
    off, maybe = schedule.hours("off"), schedule.hours("maybe")
    for (group, day), (hours_off, hours_maybe) in expected.items():
        assert off.loc[group, day] == hours_off
        assert maybe.loc[group, day] == hours_maybe
    # intervals add up to the same hours, and none overlaps another of its group and kind
    spans = schedule.intervals()
    spans["hours"] = (spans["end"] - spans["start"]).dt.total_seconds() / 3600
    assert spans.loc[spans["kind"] == "off", "hours"].sum() == off.to_numpy().sum()
    for _, rows in spans.groupby(["group", "kind"]):
        assert (rows["start"].iloc[1:].to_numpy() >= rows["end"].iloc[:-1].to_numpy()).all()


def test_known_figures():
    """A few cells read off the files by eye."""
    dtek = schedules.read(DTEK.read_bytes(), DTEK.name)
    assert dtek.hours().loc["GPV1.1", date(2025, 12, 10)] == 15.5
    assert dtek.hours().loc["GPV1.1", date(2025, 12, 11)] == 0
    cek = schedules.read(CEK.read_bytes(), CEK.name)
    first = cek.intervals().iloc[0]
    assert (first["group"], str(first["start"]), str(first["end"])) == (
        "GPV1.1", "2025-12-25 00:00:00+02:00", "2025-12-25 05:30:00+02:00")
    # GPV1.2 is off from 22:00 on the 25th into the 26th: one interval across midnight
    spans = cek.intervals()
    assert ((spans["group"] == "GPV1.2")
            & (spans["start"] == pd.Timestamp("2025-12-25 22:00", tz="Europe/Kyiv"))
            & (spans["end"] == pd.Timestamp("2025-12-26 02:30", tz="Europe/Kyiv"))).any()


def test_shipped_sample_is_the_mit_file():
    assert [p.name for p in schedules.samples()] == ["dtek_dnipro_fact_2025-12-10.schedule.json"]
    assert schedules.samples()[0].read_bytes() == DTEK.read_bytes()


def test_maybe_kept_apart():
    doc = {"regionId": "x", "fact": {"data": {"1765317600": {"G1": {
        str(h): s for h, s in zip(range(1, 25), ["maybe", "mfirst", "msecond", "no", "first"]
                                  + ["yes"] * 19, strict=True)}}}}}
    schedule = schedules.read(json.dumps(doc).encode(), "m.json")
    assert schedule.hours("off").iloc[0, 0] == 1.5
    assert schedule.hours("maybe").iloc[0, 0] == 2
    assert schedule.region_id is None
    assert set(schedule.intervals()["kind"]) == {"off", "maybe"}


def _day(states=None, group="GPV1.1", key="1765317600"):
    hours = {str(h): "yes" for h in range(1, 25)} if states is None else states
    return {"fact": {"data": {key: {group: hours}}}}


def codes(data: bytes) -> list[str]:
    with pytest.raises(InputError) as info:
        schedules.read(data, "bad.json")
    assert all(p.file == "bad.json" for p in info.value.problems)
    return [p.code for p in info.value.problems]


@pytest.mark.parametrize(("data", "expected"), [
    (b"", ["file.empty"]),
    (b"{not json", ["tidy.bad_json"]),
    (b"[1, 2]", ["schedule.no_fact"]),
    (b'{"fact": {"data": {}}}', ["schedule.no_days"]),
    (json.dumps(_day(key="1765318000")).encode(), ["schedule.bad_day"]),
    (json.dumps(_day(key="noon")).encode(), ["schedule.bad_day"]),
    (json.dumps(_day({**{str(h): "yes" for h in range(1, 24)}})).encode(),
     ["schedule.missing_hour"]),
    (json.dumps(_day({**{str(h): "yes" for h in range(1, 25)}, "25": "no"})).encode(),
     ["schedule.bad_hour"]),
    (json.dumps(_day({**{str(h): "yes" for h in range(1, 25)}, "7": "off"})).encode(),
     ["schedule.bad_state"]),
    (json.dumps(_day({**{str(h): "yes" for h in range(1, 25)}, "7": 1})).encode(),
     ["schedule.bad_state"]),
    (json.dumps({"fact": {"data": {"1765317600": {"G1": {str(h): "no" for h in range(1, 25)}},
                                   "1765404000": {"G2": {str(h): "no" for h in range(1, 25)}}}}}
                ).encode(), ["schedule.missing_group", "schedule.missing_group"]),
    (json.dumps({"fact": {"data": {"1765317600": []}}}).encode(), ["schedule.not_object"]),
    (b"[" * 50 + b"]" * 50, ["tidy.nested"]),
])
def test_bad_inputs(data, expected):
    assert codes(data) == expected


def test_problem_names_where():
    bad = json.dumps(_day({**{str(h): "yes" for h in range(1, 25)}, "7": "off"})).encode()
    with pytest.raises(InputError) as info:
        schedules.read(bad, "bad.json")
    problem = info.value.problems[0]
    assert problem.column == "fact.data.1765317600.GPV1.1.7"
    assert problem.params["value"] == "off"
    assert "невідомий стан" in problem.text("uk")


def test_too_big_refused_unread():
    assert codes(b" " * (MAX_SCHEDULE_BYTES + 1)) == ["schedule.too_big"]


def test_heatmap_structure():
    schedule = schedules.read(CEK.read_bytes(), CEK.name)
    fig = schedulecharts.hours_heatmap(schedule, "uk")
    heat = fig.data[0]
    assert list(heat.x) == ["2025-12-25", "2025-12-26"]
    assert list(heat.y) == list(schedule.groups)
    assert heat.text[0][0] == "12,5"  # GPV1.1 on the 25th, Ukrainian decimal comma
    assert fig.layout.yaxis.title.text == "Черга"


def test_measured_by_day():
    table = pd.DataFrame({
        "timestamp": pd.to_datetime(["2025-12-10T08:00:00Z", "2025-12-10T10:00:00Z",
                                     "2025-12-10T11:00:00Z", "2025-12-10T09:00:00Z"]),
        "region_id": ["UA-12", "UA-12", "UA-12", "UA-30"],
        "service": ["power"] * 4, "customers_out": [100, 0, 50, 999]})
    got = schedules.measured_by_day(table, "UA-12", (date(2025, 12, 10),))
    assert got.loc[date(2025, 12, 10), "customer_hours"] == 200  # 100 for 2 h, 0 for 1 h
    assert got.loc[date(2025, 12, 10), "hours_out"] == 2
    assert schedules.measured_by_day(table, "UA-12", (date(2025, 12, 11),)).empty


# --- the page -------------------------------------------------------------------------------

APP = str(ROOT / "app.py")


def page(lang="en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page("pages/schedules.py")
    at.query_params["lang"] = lang
    return at.run()


def test_page_shows_sample_and_says_no_measured(app_store_url):
    at = page()
    assert not at.exception
    assert at.title[0].value == "Schedules"
    about = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "GPV1.1" in about and "GPV6.2" in about and "2025-12-10" in about
    chart = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert chart["data"][0]["x"] == ["2025-12-10", "2025-12-11"]
    assert "No stored dataset has measured power outages for UA-12" in at.info[0].value


def test_page_in_ukrainian_opens_a_file(app_store_url):
    at = page("uk")
    at.file_uploader(key="schedule_file").set_value((CEK.name, CEK.read_bytes(),
                                                     "application/json")).run()
    assert not at.exception
    assert at.title[0].value == "Графіки"
    chart = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert chart["data"][0]["x"] == ["2025-12-25", "2025-12-26"]
    assert "Жоден збережений набір" in at.info[0].value


def test_page_rejects_bad_file(app_store_url):
    at = page()
    at.file_uploader(key="schedule_file").set_value(("bad.json", b'{"fact": 1}',
                                                     "application/json")).run()
    assert not at.exception
    assert "schedule" in at.error[0].value.lower()
    assert not at.get("plotly_chart")


def test_page_sets_measured_beside_plan(app_store_url):
    from outages.readers import read_bytes

    csv = (b"timestamp,region_id,region_name,service,customers_out\n"
           b"2025-12-10T06:00:00Z,UA-12,Dnipropetrovsk,power,1000\n"
           b"2025-12-10T09:00:00Z,UA-12,Dnipropetrovsk,power,0\n"
           b"2025-12-10T10:00:00Z,UA-12,Dnipropetrovsk,power,0\n")
    store = open_store(app_store_url)
    result = read_bytes(csv, "dnipro.csv")
    store.ingest(result.table, name="Dnipro measured", metadata=result.metadata)
    store.close()
    at = page()
    assert not at.exception
    beside = at.dataframe[0].value
    assert list(beside.iloc[:, 0]) == ["2025-12-10", "2025-12-11"]
    assert beside.iloc[0, 3] == "3.0 h"
    assert beside.iloc[0, 4] == "3,000"
