"""Services side by side (outages.services, outages.servicecharts) on small constructed tables
whose restoration % and lags are worked out by hand below."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from outages import metrics, servicecharts, services
from outages.readers import read_bytes
from outages.schema import canonical

# Times are UTC hours on 10 Oct 2025.
# power: A 60, 40, 20, 0 at 0, 1, 2, 3 h; B 40 at 0 h, 20 at 2 h, 10 at 3 h.
#   total 100, 80, 40, 10 -> restored 0, 20, 60, 90 %; 50 % at 2 h, 90 % at 3 h.
# water: A 0 at 0:30, 50 at 1 h (peak), 30 at 3 h, 5 at 5 h, 0 at 6 h.
#   restored -, 0, 40, 90, 100 %; 50 % and 90 % at 5 h: 3 h and 2 h after power.
# heating: A 20 at 1 h (peak), 20 at 2 h, 15 at 4 h: 25 % restored, never 50 %.
ROWS = [
    ("00:00", "A", "power", 60), ("01:00", "A", "power", 40), ("02:00", "A", "power", 20),
    ("03:00", "A", "power", 0), ("00:00", "B", "power", 40), ("02:00", "B", "power", 20),
    ("03:00", "B", "power", 10),
    ("00:30", "A", "water", 0), ("01:00", "A", "water", 50), ("03:00", "A", "water", 30),
    ("05:00", "A", "water", 5), ("06:00", "A", "water", 0),
    ("01:00", "A", "heating", 20), ("02:00", "A", "heating", 20), ("04:00", "A", "heating", 15),
]
CURVES = {
    "power": (["00:00", "01:00", "02:00", "03:00"], [0, 20, 60, 90]),
    "water": (["00:30", "01:00", "03:00", "05:00", "06:00"], [math.nan, 0, 40, 90, 100]),
    "heating": (["01:00", "02:00", "04:00"], [0, 0, 25]),
}


def at(hm: str) -> pd.Timestamp:
    return pd.Timestamp(f"2025-10-10T{hm}:00Z")


def table(rows=ROWS, rename: dict[str, str] | None = None) -> pd.DataFrame:
    rename = rename or {}
    lines = ["timestamp,region_id,region_name,service,customers_out"]
    lines += [f"2025-10-10T{hm}:00Z,{r},{r},{rename.get(s, s)},{n}" for hm, r, s, n in rows]
    return read_bytes("\n".join(lines).encode(), "t.csv").table


@pytest.fixture(scope="module")
def comparison() -> services.Comparison:
    found = services.from_table(table())
    assert found is not None
    return found


@pytest.mark.parametrize("service", sorted(CURVES))
def test_restoration_percent_per_service_is_peak_minus_out_over_peak(comparison, service):
    times, pct = CURVES[service]
    curve = comparison.get(service).curve
    assert list(curve["timestamp"]) == [at(hm) for hm in times]
    np.testing.assert_allclose(curve["restored_pct"].to_numpy(), pct, equal_nan=True)


def test_services_come_in_the_schema_order_with_power_as_reference(comparison):
    assert [s.service for s in comparison.services] == ["power", "water", "heating"]
    assert comparison.reference == "power"
    assert (comparison.get("water").peak, comparison.get("water").peak_time) == (50, at("01:00"))


@pytest.mark.parametrize(("service", "level", "reached", "lag"), [
    ("power", 50, "02:00", None), ("power", 90, "03:00", None),
    ("water", 50, "05:00", 3.0), ("water", 90, "05:00", 2.0),
    ("heating", 50, None, None), ("heating", 90, None, None),
])
def test_times_restored_and_lags_behind_power(comparison, service, level, reached, lag):
    s = comparison.get(service)
    assert s.reached_at(level) == (at(reached) if reached else None)
    if service == comparison.reference:
        assert comparison.lag(service, level) is None
    else:
        assert comparison.lag(service, level).hours == lag


@pytest.mark.parametrize("service", ["power", "water", "heating"])
def test_times_restored_are_the_shared_key_figures(comparison, service):
    [summary] = metrics.summary(table(), metrics.Window(service=service))
    s = comparison.get(service)
    assert (s.peak, s.peak_time, s.hours_to_50, s.hours_to_90) == (
        summary.peak_customers_out, summary.peak_time, summary.hours_to_50pct_restored,
        summary.hours_to_90pct_restored)


def test_without_power_the_first_service_to_recover_is_the_reference():
    # power renamed transit: it reaches 50 % at 2 h, before water (5 h), though water comes
    # first in the schema's order
    found = services.from_table(table(rename={"power": "transit"}))
    assert found.reference == "transit"
    assert [(g.service, g.level, g.hours) for g in found.lags] == [
        ("water", 50, 3.0), ("water", 90, 2.0), ("heating", 50, None), ("heating", 90, None)]


@pytest.mark.parametrize("rows", [
    [r for r in ROWS if r[2] == "power"],  # one service
    [r for r in ROWS if r[2] == "power"] + [("01:00", "A", "water", 0)],  # water never out
    [],
], ids=["single-service", "second-service-never-out", "empty"])
def test_fewer_than_two_services_with_customers_out_give_nothing(rows):
    if not rows:
        assert services.compare({}, []) is None
        return
    assert services.from_table(table(rows)) is None


def test_a_window_compares_the_services_within_it():
    window = metrics.Window(end=at("03:00"))
    found = services.from_table(table(), window)
    assert found.get("power").reached_at(90) == at("03:00")
    assert found.get("water").reached_at(50) is None
    assert found.lag("water", 50).hours is None


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["Water: 50 % restored 3.0 h after power (05:00 UTC vs 02:00 UTC).",
            "Heating: not yet 50 % restored in this window.",
            "Water: 90 % restored 2.0 h after power (05:00 UTC vs 03:00 UTC).",
            "Heating: not yet 90 % restored in this window."]),
    ("uk", ["Водопостачання: 50 % відновлено на 3,0 год пізніше, ніж електропостачання "
            "(05:00 UTC проти 02:00 UTC).",
            "Опалення: у цьому проміжку ще не відновлено 50 %.",
            "Водопостачання: 90 % відновлено на 2,0 год пізніше, ніж електропостачання "
            "(05:00 UTC проти 03:00 UTC).",
            "Опалення: у цьому проміжку ще не відновлено 90 %."]),
])
def test_lags_in_words(comparison, lang, expected):
    nbsp = "\u00a0"
    assert [s.replace(nbsp, " ") for s in services.describe(comparison, "UTC", lang)] == expected


def test_a_service_back_before_power_is_said_so():
    # water back to 0 at 1 h, power only at 3 h
    rows = [("00:00", "A", "power", 10), ("03:00", "A", "power", 0),
            ("00:00", "A", "water", 10), ("01:00", "A", "water", 0)]
    found = services.from_table(table(rows))
    assert [g.hours for g in found.lags] == [-2.0, -2.0]
    first = services.describe(found, "UTC", "en")[0].replace("\u00a0", " ")
    assert first == "Water: 50 % restored 2.0 h before power (01:00 UTC vs 03:00 UTC)."


@pytest.mark.parametrize(("tz", "times"), [
    ("UTC", "(22:00 UTC vs 20:00 UTC)"),  # one day in UTC
    ("Europe/Kyiv", "(11 Oct 2025, 01:00 EEST vs 10 Oct 2025, 23:00 EEST)"),  # two in Kyiv
])
def test_times_on_different_local_days_are_given_with_their_dates(tz, times):
    rows = [("00:00", "A", "power", 10), ("20:00", "A", "power", 0),
            ("00:00", "A", "water", 10), ("22:00", "A", "water", 0)]
    found = services.from_table(table(rows))
    first = services.describe(found, tz, "en")[0].replace("\u00a0", " ")
    assert first == f"Water: 50 % restored 2.0 h after power {times}."


# --- the figure ------------------------------------------------------------------------------


def test_the_figure_draws_a_line_per_service_and_marks_the_lags(comparison):
    fig = servicecharts.restoration_by_service(comparison, "UTC", "en")
    lines = [tr for tr in fig.data if tr.mode == "lines"]
    assert [tr.name for tr in lines] == ["Power", "Water", "Heating"]
    for trace, service in zip(lines, ["power", "water", "heating"], strict=True):
        wanted = [p for p in CURVES[service][1] if not math.isnan(p)]
        np.testing.assert_allclose(trace.y, wanted)
    marks = {tr.name: list(tr.y) for tr in fig.data if tr.mode == "markers"}
    assert marks == {"Power": [50, 90], "Water": [50, 90]}  # heating reached neither
    assert fig.layout.meta["reference"] == "power"
    assert [n.text for n in fig.layout.annotations] == ["+3.0 h", "+2.0 h"]
    brackets = [s for s in fig.layout.shapes if s.xref == "x"]
    hour_ms = 3_600_000
    assert [(s.y0, (s.x1 - s.x0) / hour_ms) for s in brackets] == [(50, 3.0), (90, 2.0)]
    fig.to_dict()  # plotly accepts it


def test_the_figure_thins_long_lines_but_keeps_the_deepest_dips():
    n = 5000
    stamps = pd.date_range("2025-10-10", periods=n, freq="min", tz="UTC")
    out = np.linspace(1000, 0, n).astype(int)
    out[2500] = 1000  # a second hit back to the peak
    rows = pd.DataFrame({"timestamp": np.tile(stamps, 2), "region_id": "A", "region_name": "A",
                         "service": np.repeat(["power", "water"], n),
                         "customers_out": np.tile(out, 2)})
    found = services.from_table(canonical(rows))
    fig = servicecharts.restoration_by_service(found, "UTC", "en", max_points=500)
    line = next(tr for tr in fig.data if tr.mode == "lines")
    assert len(line.y) <= 500 and fig.layout.meta["downsampled"]
    assert min(line.y) == 0  # the second hit survives thinning
