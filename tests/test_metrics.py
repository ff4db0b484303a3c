"""Metrics over canonical tables: hand-checked fixtures and property tests against brute force."""

from __future__ import annotations

import io
import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outages import schema
from outages.metrics import (
    ServiceSummary,
    Window,
    by_region,
    cumulative,
    downsample_max,
    step_points,
    summary,
    total_out,
)

KYIV = b"""timestamp,region_id,region_name,service,customers_out
2025-10-10T03:00:00Z,UA-30,Kyiv,power,800000
2025-10-10T12:00:00Z,UA-30,Kyiv,power,380000
"""

# Power in two regions (A, B) and water in A. Totals known everywhere.
# Power total: 00:00 100, 01:00 150, 02:00 90, 03:00 120, 04:00 80, 05:00 0.
MULTI = b"""timestamp,region_id,region_name,service,customers_out,customers_restored,customers_total
2025-01-01T00:00:00Z,A,Alpha,power,100,,1000
2025-01-01T01:00:00Z,B,Beta,power,50,,500
2025-01-01T02:00:00Z,A,Alpha,power,40,,1000
2025-01-01T03:00:00Z,B,Beta,power,80,,500
2025-01-01T04:00:00Z,A,Alpha,power,0,,1000
2025-01-01T05:00:00Z,B,Beta,power,0,,500
2025-01-01T00:30:00Z,A,Alpha,water,10,,1000
2025-01-01T02:30:00Z,A,Alpha,water,0,,1000
"""

# Restoration as reported (cumulative since the event began). Kyiv's 450000 restored with
# 380000 still out means at least 830000 were cut off, more than the snapshots show.
REPORTED = b"""timestamp,region_id,region_name,service,customers_out,customers_restored
2025-10-10T03:00:00Z,UA-30,Kyiv,power,800000,0
2025-10-10T12:00:00Z,UA-30,Kyiv,power,380000,450000
2025-10-10T03:00:00Z,UA-46,Lviv,power,100000,0
2025-10-10T09:00:00Z,UA-46,Lviv,power,100000,20000
"""

# B never reports customers_total; A reports it only on its first row.
PARTIAL_TOTALS = b"""timestamp,region_id,region_name,service,customers_out,customers_total
2025-01-01T00:00:00Z,A,Alpha,power,100,1000
2025-01-01T02:00:00Z,A,Alpha,power,40,
2025-01-01T01:00:00Z,B,Beta,power,50,
"""

ZERO_TOTAL = b"""timestamp,region_id,region_name,service,customers_out,customers_total
2025-01-01T00:00:00Z,A,Alpha,power,0,0
2025-01-01T01:00:00Z,A,Alpha,power,0,0
"""


def load(data: bytes) -> pd.DataFrame:
    raw = pd.read_csv(io.BytesIO(data))
    raw["timestamp"] = pd.to_datetime(raw["timestamp"], utc=True)
    return schema.canonical(raw)


def utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text).tz_convert("UTC")


def series(frame: pd.DataFrame, column: str) -> list[tuple[str, int]]:
    """(ISO time, value) pairs, for readable expectations."""
    return [(t.strftime("%H:%M"), int(v)) for t, v in zip(frame["timestamp"], frame[column],
                                                          strict=True)]


def one(table: pd.DataFrame, window: Window | None = None) -> ServiceSummary:
    result = summary(table, window or Window())
    assert len(result) == 1
    return result[0]


# ---------------------------------------------------------------------------------------------
# Kyiv: one region, two observations.


def test_kyiv_summary():
    s = one(load(KYIV))
    assert s.service == "power"
    assert (s.peak_customers_out, s.peak_time) == (800000, utc("2025-10-10T03:00Z"))
    assert (s.latest_customers_out, s.latest_time) == (380000, utc("2025-10-10T12:00Z"))
    assert (s.customers_cut_off, s.customers_restored) == (800000, 420000)
    assert s.restored_pct == 52.5
    assert s.restored_source == "derived"
    assert s.customer_hours == 800000 * 9
    assert s.hours_to_50pct_restored == 9.0
    assert s.hours_to_90pct_restored is None
    assert s.customers_served is None
    assert (s.pct_out_latest, s.saidi_minutes, s.saifi, s.caidi_minutes) == (None,) * 4


def test_kyiv_series():
    table = load(KYIV)
    assert series(total_out(table), "customers_out") == [("03:00", 800000), ("12:00", 380000)]
    cum = cumulative(table)
    assert series(cum, "customers_cut_off") == [("03:00", 800000), ("12:00", 800000)]
    assert series(cum, "customers_restored") == [("03:00", 0), ("12:00", 420000)]
    assert cum.attrs["restored_source"] == "derived"


def test_kyiv_json():
    data = one(load(KYIV)).to_json()
    assert data["peak_time"] == "2025-10-10T03:00:00Z"
    assert data["latest_time"] == "2025-10-10T12:00:00Z"
    assert data["saidi_minutes"] is None
    assert json.loads(json.dumps(data)) == data
    assert set(data) == {f for f in ServiceSummary.__dataclass_fields__}


def test_output_dtypes():
    table = load(KYIV)
    assert dict(total_out(table).dtypes.astype(str)) == {
        "timestamp": "datetime64[us, UTC]", "customers_out": "int64"}
    assert list(cumulative(table).dtypes.astype(str)) == ["datetime64[us, UTC]"] + ["int64"] * 3
    regions = by_region(table)
    assert str(regions["peak_time"].dtype) == "datetime64[us, UTC]"
    assert str(regions["customers_total"].dtype) == "Int64"


# ---------------------------------------------------------------------------------------------
# Several regions and services.


def test_multi_total_and_cumulative():
    table = load(MULTI)
    power = Window(service="power")
    assert series(total_out(table, power), "customers_out") == [
        ("00:00", 100), ("01:00", 150), ("02:00", 90), ("03:00", 120), ("04:00", 80), ("05:00", 0)]
    cum = cumulative(table, power)
    assert cum["customers_cut_off"].tolist() == [100, 150, 150, 180, 180, 180]
    assert cum["customers_restored"].tolist() == [0, 0, 60, 60, 100, 180]
    assert (cum["customers_out"] == cum["customers_cut_off"] - cum["customers_restored"]).all()


def test_multi_summary_per_service():
    power, water = summary(load(MULTI))
    assert (power.service, water.service) == ("power", "water")
    assert (power.peak_customers_out, power.peak_time) == (150, utc("2025-01-01T01:00Z"))
    assert (power.latest_customers_out, power.latest_time) == (0, utc("2025-01-01T05:00Z"))
    assert (power.customers_cut_off, power.customers_restored) == (180, 180)
    assert power.restored_pct == 100.0
    # 80 at 04:00 is above half of 150; 0 at 05:00 is the first time at or below 75 and 15.
    assert power.hours_to_50pct_restored == 4.0
    assert power.hours_to_90pct_restored == 4.0
    assert power.customer_hours == 100 + 150 + 90 + 120 + 80
    assert power.customers_served == 1500
    assert power.pct_out_latest == 0.0
    assert power.saidi_minutes == pytest.approx(540 * 60 / 1500)
    assert power.saifi == pytest.approx(180 / 1500)
    assert power.caidi_minutes == pytest.approx(180.0)

    assert (water.peak_customers_out, water.customer_hours) == (10, 20.0)
    assert water.hours_to_50pct_restored == 2.0
    assert water.customers_served == 1000
    assert water.saidi_minutes == pytest.approx(1.2)
    assert water.saifi == pytest.approx(0.01)
    assert water.caidi_minutes == pytest.approx(120.0)


def test_several_services_need_one_for_series():
    table = load(MULTI)
    with pytest.raises(ValueError, match="several services.*power, water"):
        total_out(table)
    with pytest.raises(ValueError, match="set Window.service"):
        cumulative(table)


def test_multi_by_region():
    frame = by_region(load(MULTI))
    assert list(frame.columns) == [
        "service", "region_id", "region_name", "peak_customers_out", "peak_time",
        "latest_customers_out", "customers_cut_off", "customers_restored", "restored_pct",
        "customer_hours", "customers_total", "pct_out_latest"]
    assert list(zip(frame["service"], frame["region_id"], strict=True)) == [
        ("power", "A"), ("power", "B"), ("water", "A")]
    a, b, w = (frame.iloc[i] for i in range(3))
    assert (a["region_name"], a["peak_customers_out"], a["peak_time"]) == (
        "Alpha", 100, utc("2025-01-01T00:00Z"))
    assert (b["peak_customers_out"], b["peak_time"]) == (80, utc("2025-01-01T03:00Z"))
    assert (a["customers_cut_off"], a["customers_restored"]) == (100, 100)
    assert (b["customers_cut_off"], b["customers_restored"]) == (80, 80)
    assert (a["customer_hours"], b["customer_hours"]) == (280.0, 260.0)
    assert (a["customers_total"], b["customers_total"]) == (1000, 500)
    assert (a["latest_customers_out"], a["pct_out_latest"], a["restored_pct"]) == (0, 0.0, 100.0)
    assert (w["customers_cut_off"], w["customer_hours"]) == (10, 20.0)


def test_unsorted_input_gives_same_results():
    table = load(MULTI)
    shuffled = table.sample(frac=1, random_state=7).reset_index(drop=True)
    assert summary(shuffled) == summary(table)
    pd.testing.assert_frame_equal(by_region(shuffled), by_region(table))
    pd.testing.assert_frame_equal(total_out(shuffled, Window(service="power")),
                                  total_out(table, Window(service="power")))


@pytest.mark.parametrize(("window", "expected"), [
    (Window(service="power", regions=("B",)), [("01:00", 50), ("03:00", 80), ("05:00", 0)]),
    (Window(service="power", regions=("B", "nowhere")), [("01:00", 50), ("03:00", 80),
                                                         ("05:00", 0)]),
    # Held values at start: A 100 (since 00:00) and B 50 (since 01:00).
    (Window(service="power", start=utc("2025-01-01T01:30Z"), end=utc("2025-01-01T03:30Z")),
     [("01:30", 150), ("02:00", 90), ("03:00", 120)]),
    # A row at exactly start replaces the held value.
    (Window(service="power", start=utc("2025-01-01T02:00Z")),
     [("02:00", 90), ("03:00", 120), ("04:00", 80), ("05:00", 0)]),
    (Window(service="power", end=utc("2025-01-01T02:00Z")),
     [("00:00", 100), ("01:00", 150), ("02:00", 90)]),
    # Every observation before start: each region's last value is held at start.
    (Window(service="power", start=utc("2025-01-01T09:00Z")), [("09:00", 0)]),
])
def test_total_out_windows(window, expected):
    assert series(total_out(load(MULTI), window), "customers_out") == expected


def test_window_start_and_end_summary():
    window = Window(service="power", start=utc("2025-01-01T01:30Z"),
                    end=utc("2025-01-01T03:30Z"))
    s = one(load(MULTI), window)
    # Cut off: A's held 100; B's held 50 plus its rise of 30. Restored: A's fall of 60.
    assert (s.customers_cut_off, s.customers_restored) == (180, 60)
    assert (s.peak_customers_out, s.peak_time) == (150, utc("2025-01-01T01:30Z"))
    assert (s.latest_customers_out, s.latest_time) == (120, utc("2025-01-01T03:00Z"))
    # Integral runs to end: 150 * 0.5 + 90 * 1 + 120 * 0.5.
    assert s.customer_hours == 225.0
    assert s.hours_to_50pct_restored is None
    cum = cumulative(load(MULTI), window)
    assert cum["customers_cut_off"].tolist() == [150, 150, 180]
    assert cum["customers_restored"].tolist() == [0, 60, 60]


def test_window_end_extends_integral_past_last_observation():
    s = one(load(MULTI), Window(service="power", end=utc("2025-01-01T03:30Z")))
    assert s.customer_hours == 100 + 150 + 90 + 120 * 0.5
    assert s.latest_time == utc("2025-01-01T03:00Z")


def test_window_start_region_cut_off_uses_held_value():
    frame = by_region(load(MULTI), Window(service="power", start=utc("2025-01-01T02:00Z")))
    assert frame["customers_cut_off"].tolist() == [40, 80]
    assert frame["customers_restored"].tolist() == [40, 80]
    assert frame["peak_time"].tolist() == [utc("2025-01-01T02:00Z"), utc("2025-01-01T03:00Z")]


# ---------------------------------------------------------------------------------------------
# Reported restoration.


def test_reported_restored():
    table = load(REPORTED)
    s = one(table)
    assert s.restored_source == "reported"
    assert s.customers_restored == 470000
    assert s.customers_cut_off == 830000 + 120000
    assert s.restored_pct == pytest.approx(470000 / 950000 * 100)
    cum = cumulative(table)
    assert cum.attrs["restored_source"] == "reported"
    assert series(cum, "customers_restored") == [("03:00", 0), ("09:00", 20000),
                                                 ("12:00", 470000)]
    assert cum["customers_cut_off"].tolist() == [900000, 920000, 950000]
    assert cum["customers_out"].tolist() == [900000, 900000, 480000]
    regions = by_region(table)
    assert regions["customers_restored"].tolist() == [450000, 20000]
    assert regions["customers_cut_off"].tolist() == [830000, 120000]


def test_reported_only_when_every_selected_row_has_it():
    gap = REPORTED.replace(b"Lviv,power,100000,20000", b"Lviv,power,100000,")
    s = one(load(gap))
    assert s.restored_source == "derived"
    assert (s.customers_cut_off, s.customers_restored) == (900000, 420000)
    # Leaving out the row without a figure makes the selection reported again.
    s = one(load(gap), Window(regions=("UA-30",)))
    assert (s.restored_source, s.customers_restored) == ("reported", 450000)


def test_reported_consistent_with_snapshots_keeps_derived_cut_off():
    consistent = KYIV.replace(b"customers_out\n", b"customers_out,customers_restored\n")
    consistent = consistent.replace(b"800000\n", b"800000,0\n").replace(b"380000\n",
                                                                           b"380000,420000\n")
    s = one(load(consistent))
    assert s.restored_source == "reported"
    assert (s.customers_cut_off, s.customers_restored, s.restored_pct) == (800000, 420000, 52.5)


# ---------------------------------------------------------------------------------------------
# Customers served and reliability indices.


def test_region_without_total_means_no_indices():
    table = load(PARTIAL_TOTALS)
    s = one(table)
    assert (s.customers_served, s.pct_out_latest) == (None, None)
    assert (s.saidi_minutes, s.saifi, s.caidi_minutes) == (None, None, None)
    frame = by_region(table)
    assert frame["customers_total"].iloc[0] == 1000  # known from an earlier row
    assert frame["customers_total"].isna().tolist() == [False, True]
    assert frame["pct_out_latest"].iloc[0] == 4.0
    assert math.isnan(frame["pct_out_latest"].iloc[1])


def test_total_known_before_window_start_counts():
    window = Window(regions=("A",), start=utc("2025-01-01T03:00Z"))
    s = one(load(PARTIAL_TOTALS), window)
    assert s.customers_served == 1000
    assert s.pct_out_latest == 4.0
    assert s.saifi == pytest.approx(40 / 1000)


def test_zero_customers_served():
    s = one(load(ZERO_TOTAL))
    assert s.customers_served == 0
    assert (s.pct_out_latest, s.saidi_minutes, s.saifi, s.caidi_minutes) == (None,) * 4
    assert (s.peak_customers_out, s.restored_pct, s.hours_to_50pct_restored) == (0, None, None)


def test_caidi_none_when_nothing_cut_off():
    s = one(load(ZERO_TOTAL.replace(b",0,0\n", b",0,10\n")))
    assert (s.saidi_minutes, s.saifi, s.caidi_minutes) == (0.0, 0.0, None)


# ---------------------------------------------------------------------------------------------
# Restoration times.


@pytest.mark.parametrize(("values", "to_50", "to_90"), [
    ([100, 60, 50, 20, 10], 2.0, 4.0),  # at or below counts
    ([100, 49, 80, 5], 1.0, 3.0),  # first time, even if it rises again
    ([20, 100, 40, 100, 0], 1.0, 3.0),  # from the first time the peak is reached
    ([100, 100, 51], None, None),
    ([0, 0], None, None),  # no peak
])
def test_hours_to_restored(values, to_50, to_90):
    rows = "".join(f"2025-01-01T{h:02d}:00:00Z,A,Alpha,power,{v}\n" for h, v in enumerate(values))
    s = one(load(b"timestamp,region_id,region_name,service,customers_out\n" + rows.encode()))
    assert (s.hours_to_50pct_restored, s.hours_to_90pct_restored) == (to_50, to_90)


# ---------------------------------------------------------------------------------------------
# Empty selections.


@pytest.mark.parametrize(("table", "window"), [
    (schema.empty(), Window()),
    (schema.empty(), Window(service="gas")),
    (load(KYIV), Window(service="gas")),
    (load(KYIV), Window(regions=("UA-46",))),
    (load(KYIV), Window(end=utc("2025-10-09T00:00Z"))),
])
def test_empty_selection(table, window):
    assert total_out(table, window).empty
    assert list(total_out(table, window).columns) == ["timestamp", "customers_out"]
    cum = cumulative(table, window)
    assert cum.empty and cum.attrs["restored_source"] == "derived"
    regions = by_region(table, window)
    assert regions.empty and "customers_total" in regions.columns
    result = summary(table, window)
    if window.service is None:
        assert result == []
    else:
        s = result[0]
        assert (s.service, s.peak_customers_out, s.peak_time, s.customer_hours) == (
            window.service, 0, None, 0.0)
        assert (s.restored_pct, s.customers_served, s.saidi_minutes) == (None, None, None)
        assert json.dumps(s.to_json())


# ---------------------------------------------------------------------------------------------
# Window validation.


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"service": "electricity"}, ValueError, "must be one of"),
    ({"regions": "UA-30"}, TypeError, "tuple of region_ids"),
    ({"start": pd.Timestamp("2025-10-10T03:00")}, ValueError, "timezone-aware"),
    ({"start": utc("2025-10-11T00:00Z"), "end": utc("2025-10-10T00:00Z")}, ValueError,
     "is after"),
])
def test_window_rejects(kwargs, error, match):
    with pytest.raises(error, match=match):
        Window(**kwargs)


def test_window_normalises():
    window = Window(regions=["UA-30"], start=pd.Timestamp("2025-10-10T05:00+02:00"))
    assert window.regions == ("UA-30",)
    assert window.start == utc("2025-10-10T03:00Z")
    assert str(window.start.tz) == "UTC"


def test_not_a_canonical_table():
    with pytest.raises(ValueError, match="missing column.*customers_out"):
        summary(pd.DataFrame({"timestamp": [], "region_id": [], "region_name": [],
                              "service": []}))


# ---------------------------------------------------------------------------------------------
# Property tests against brute force.

BASE = pd.Timestamp("2025-01-01T00:00Z")
REGIONS = ("R1", "R2", "R3", "R4")


@st.composite
def step_data(draw, reported: bool = False):
    """Observations {region: {minute: (out, restored)}} and an optional window in minutes."""
    observations = {}
    for region in draw(st.lists(st.sampled_from(REGIONS), min_size=1, max_size=4, unique=True)):
        minutes = draw(st.lists(st.integers(0, 300), min_size=1, max_size=8, unique=True))
        observations[region] = {
            m: (draw(st.integers(0, 1000)), draw(st.integers(0, 1000)) if reported else None)
            for m in sorted(minutes)}
    start = draw(st.none() | st.integers(0, 300))
    end = draw(st.none() | st.integers(0, 300))
    if start is not None and end is not None and start > end:
        start, end = end, start
    return observations, start, end


def build(observations) -> pd.DataFrame:
    rows = [{"timestamp": BASE + pd.Timedelta(minutes=m), "region_id": r, "region_name": r,
             "service": "power", "customers_out": out, "customers_restored": restored}
            for r, obs in observations.items() for m, (out, restored) in obs.items()]
    return schema.canonical(pd.DataFrame(rows))


def window_of(start, end) -> Window:
    return Window(start=None if start is None else BASE + pd.Timedelta(minutes=start),
                  end=None if end is None else BASE + pd.Timedelta(minutes=end))


def held_total(observations, minute, end) -> int:
    """Sum over regions of each one's latest value at or before minute (none after end)."""
    total = 0
    for obs in observations.values():
        seen = [m for m in obs if m <= minute and (end is None or m <= end)]
        if seen:
            total += obs[max(seen)][0]
    return total


def brute_times(observations, start, end) -> list[int]:
    """Observation minutes in the window, plus start when a value is held there."""
    every = [m for obs in observations.values() for m in obs if end is None or m <= end]
    inside = {m for m in every if start is None or m >= start}
    if start is not None and any(m < start for m in every):
        inside.add(start)
    return sorted(inside)


def in_window(obs, start, end) -> list[tuple[int, int]]:
    """One region's (minute, out) in the window, the value held before start moved to start."""
    seen = [(m, obs[m][0]) for m in sorted(obs) if end is None or m <= end]
    if start is None:
        return seen
    inside = [(m, v) for m, v in seen if m >= start]
    before = [(start, v) for m, v in seen if m < start]
    if before and not (inside and inside[0][0] == start):
        inside.insert(0, before[-1])
    return inside


def minutes(frame: pd.DataFrame) -> list[int]:
    return [int((t - BASE) / pd.Timedelta(minutes=1)) for t in frame["timestamp"]]


@settings(max_examples=150, deadline=None)
@given(step_data())
def test_total_out_matches_brute_force(data):
    observations, start, end = data
    frame = total_out(build(observations), window_of(start, end))
    times = brute_times(observations, start, end)
    assert minutes(frame) == times
    assert frame["customers_out"].tolist() == [held_total(observations, m, end) for m in times]


@settings(max_examples=150, deadline=None)
@given(step_data())
def test_derived_cumulative_properties(data):
    observations, start, end = data
    cum = cumulative(build(observations), window_of(start, end))
    cut, restored, out = (cum[c].to_numpy() for c in
                          ("customers_cut_off", "customers_restored", "customers_out"))
    assert (out == cut - restored).all()
    assert (np.diff(cut) >= 0).all()
    assert (np.diff(restored) >= 0).all()
    assert (restored >= 0).all()


@settings(max_examples=150, deadline=None)
@given(step_data())
def test_summary_matches_brute_force(data):
    observations, start, end = data
    table, window = build(observations), window_of(start, end)
    result = summary(table, window)
    times = brute_times(observations, start, end)
    if not times:
        assert result == []
        return
    (s,) = result
    values = [held_total(observations, m, end) for m in times]
    assert s.peak_customers_out == max(values) >= s.latest_customers_out == values[-1]
    assert s.peak_time == BASE + pd.Timedelta(minutes=times[values.index(max(values))])

    # Customer-hours: the held total minute by minute, up to end (or the last observation).
    horizon = end if end is not None else times[-1]
    brute_hours = sum(held_total(observations, m, end) for m in range(times[0], horizon)) / 60
    assert math.isclose(s.customer_hours, brute_hours, rel_tol=1e-9, abs_tol=1e-9)

    # Cut off: each region's first value in the window (held at start) plus its increases.
    cut_off = 0
    for obs in observations.values():
        kept = [v for _, v in in_window(obs, start, end)]
        if kept:
            cut_off += kept[0] + sum(max(b - a, 0) for a, b in zip(kept, kept[1:], strict=False))
    assert s.customers_cut_off == cut_off
    assert s.customers_restored == cut_off - s.latest_customers_out

    regions = by_region(table, window)
    assert regions["customers_cut_off"].sum() == s.customers_cut_off
    assert regions["customers_restored"].sum() == s.customers_restored
    assert math.isclose(regions["customer_hours"].sum(), s.customer_hours, rel_tol=1e-9,
                        abs_tol=1e-9)
    assert (regions["peak_customers_out"] >= regions["latest_customers_out"]).all()


@settings(max_examples=100, deadline=None)
@given(step_data(reported=True))
def test_reported_cut_off_covers_out_and_restored(data):
    observations, start, end = data
    cum = cumulative(build(observations), window_of(start, end))
    if cum.empty:
        return
    assert cum.attrs["restored_source"] == "reported"
    cut, restored, out = (cum[c].to_numpy() for c in
                          ("customers_cut_off", "customers_restored", "customers_out"))
    assert (cut >= out + restored).all()
    assert (np.diff(cut) >= 0).all()
    s = one(build(observations), window_of(start, end))
    assert s.restored_pct is None or 0 <= s.restored_pct <= 100


# ---------------------------------------------------------------------------------------------
# Plotting helpers.


def test_downsample_small_frame_unchanged():
    frame = pd.DataFrame({"x": [1, 2, 3], "y": [5, 1, 4]})
    assert downsample_max(frame, "x", "y", max_points=3) is frame


def test_downsample_keeps_peaks_and_ends():
    times = pd.date_range("2025-01-01", periods=10_000, freq="min", tz="UTC").as_unit("us")
    y = np.zeros(10_000, np.int64)
    y[[1234, 5678]] = [900, 700]
    frame = pd.DataFrame({"timestamp": times, "customers_out": y})
    small = downsample_max(frame, "timestamp", "customers_out", max_points=50)
    assert len(small) <= 50
    assert {0, 1234, 5678, 9999} <= set(small.index)
    assert small["timestamp"].is_monotonic_increasing
    assert small.dtypes.equals(frame.dtypes)


def test_downsample_rejects_tiny_budget():
    with pytest.raises(ValueError, match="at least 3"):
        downsample_max(pd.DataFrame({"x": [1], "y": [1]}), "x", "y", max_points=2)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(-1000, 1000), st.integers(0, 10**6)), min_size=1,
                max_size=300),
       st.integers(3, 40))
def test_downsample_properties(points, max_points):
    frame = pd.DataFrame(points, columns=["x", "y"])
    small = downsample_max(frame, "x", "y", max_points=max_points)
    if len(frame) <= max_points:
        assert small is frame
        return
    assert len(small) <= max_points
    assert small["x"].is_monotonic_increasing
    assert small["y"].max() == frame["y"].max()
    assert set(small.index) <= set(frame.index)
    ordered = frame.sort_values("x", kind="stable")
    assert {ordered.index[0], ordered.index[-1]} <= set(small.index)
    pd.testing.assert_frame_equal(small, frame.loc[small.index])


@pytest.mark.parametrize(("xs", "ys", "expected"), [
    ([1, 2, 4], [10, 30, 0], [(1, 10), (2, 10), (2, 30), (4, 30), (4, 0)]),
    ([1], [10], [(1, 10)]),
    ([], [], []),
])
def test_step_points(xs, ys, expected):
    frame = pd.DataFrame({"timestamp": xs, "customers_out": ys}, index=range(10, 10 + len(xs)))
    points = step_points(frame)
    assert list(zip(points["timestamp"], points["customers_out"], strict=True)) == expected
    assert list(points.index) == list(range(len(expected)))


def test_step_points_on_total_out():
    points = step_points(total_out(load(KYIV)))
    assert series(points, "customers_out") == [("03:00", 800000), ("12:00", 800000),
                                               ("12:00", 380000)]
    assert str(points["timestamp"].dtype) == "datetime64[us, UTC]"
