from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest

from outages import fmt

NN = "\u202f"  # narrow no-break space
NB = "\u00a0"  # no-break space


@pytest.mark.parametrize("n, lang, digits, expected", [
    (800_000, "en", 0, "800,000"),
    (800_000, "uk", 0, f"800{NN}000"),
    (np.int64(1_234_567), "en", 0, "1,234,567"),
    (np.int64(1_234_567), "uk", 0, f"1{NN}234{NN}567"),
    (0, "en", 0, "0"),
    (999, "uk", 0, "999"),
    (-12_345, "en", 0, "-12,345"),
    (1234.56, "en", 0, "1,235"),
    (1234.56, "en", 2, "1,234.56"),
    (1234.56, "uk", 2, f"1{NN}234,56"),
    (np.float64(0.5), "uk", 1, "0,5"),
    (-0.01, "en", 0, "0"),  # never "-0"
    (-0.01, "en", 1, "0.0"),
    (12, "fr", 0, "12"),  # unknown language: English conventions
    (1000, "fr", 0, "1,000"),
])
def test_number(n, lang, digits, expected):
    assert fmt.number(n, lang, digits) == expected


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, pd.NA, pd.NaT])
@pytest.mark.parametrize("lang", ["en", "uk"])
def test_missing_values_show_a_dash(missing, lang):
    assert fmt.number(missing, lang) == "—"
    assert fmt.percent(missing, lang) == "—"
    assert fmt.hours(missing, lang) == "—"
    assert fmt.when(missing, "Europe/Kyiv", lang) == "—"
    assert fmt.none_text(lang) == "—"


@pytest.mark.parametrize("x, lang, digits, expected", [
    (52.5, "en", 1, f"52.5{NB}%"),
    (52.5, "uk", 1, f"52,5{NB}%"),
    (100, "en", 1, f"100.0{NB}%"),
    (33.333, "en", 0, f"33{NB}%"),
    (0.04, "uk", 2, f"0,04{NB}%"),
])
def test_percent(x, lang, digits, expected):
    assert fmt.percent(x, lang, digits) == expected


@pytest.mark.parametrize("h, lang, expected", [
    (0, "en", "0 min"),
    (0.25, "en", "15 min"),
    (0.25, "uk", "15 хв"),
    (0.99, "en", "59 min"),
    (0.999, "en", "1.0 h"),  # rounds to 60 minutes: shown in hours
    (5.55, "en", "5.5 h"),
    (5.56, "uk", "5,6 год"),
    (9.94, "en", "9.9 h"),
    (130.4, "en", "130 h"),
    (1234.6, "en", "1,235 h"),
    (1234.6, "uk", f"1{NN}235 год"),
])
def test_hours(h, lang, expected):
    assert fmt.hours(h, lang) == expected


UTC_0300 = pd.Timestamp("2025-10-10T03:00:00Z")


@pytest.mark.parametrize("ts, tz, lang, expected", [
    (UTC_0300, "Europe/Kyiv", "en", "10 Oct 2025, 06:00 EEST"),
    (UTC_0300, "Europe/Kyiv", "uk", "10 жовт. 2025, 06:00 EEST"),
    (pd.Timestamp("2025-01-05T03:00Z"), "Europe/Kyiv", "en", "5 Jan 2025, 05:00 EET"),
    (pd.Timestamp("2025-05-05T03:00Z"), "Europe/Kyiv", "uk", "5 трав. 2025, 06:00 EEST"),
    (UTC_0300, "America/Chicago", "en", "9 Oct 2025, 22:00 CDT"),
    (UTC_0300, "UTC", "en", "10 Oct 2025, 03:00 UTC"),
    (UTC_0300, None, "en", "10 Oct 2025, 03:00 UTC"),
    (UTC_0300, ZoneInfo("Europe/Kyiv"), "en", "10 Oct 2025, 06:00 EEST"),
    # Zones whose abbreviation is only an offset are named.
    (UTC_0300, "Asia/Dubai", "en", "10 Oct 2025, 07:00 UTC+04 (Asia/Dubai)"),
    (UTC_0300, "Asia/Kathmandu", "en", "10 Oct 2025, 08:45 UTC+05:45 (Asia/Kathmandu)"),
    (UTC_0300, "America/Sao_Paulo", "uk", "10 жовт. 2025, 00:00 UTC-03 (America/Sao_Paulo)"),
    # Other kinds of aware time.
    (datetime(2025, 10, 10, 3, tzinfo=UTC), "Europe/Kyiv", "en",
     "10 Oct 2025, 06:00 EEST"),
    ("2025-10-10T06:00+03:00", "Europe/Kyiv", "en", "10 Oct 2025, 06:00 EEST"),
    (pd.Timestamp("2025-10-10T06:59:59+03:00"), "Europe/Kyiv", "en", "10 Oct 2025, 06:59 EEST"),
])
def test_when(ts, tz, lang, expected):
    assert fmt.when(ts, tz, lang) == expected


def test_when_refuses_a_naive_time():
    with pytest.raises(ValueError, match="without a zone"):
        fmt.when(pd.Timestamp("2025-10-10 03:00"), "Europe/Kyiv")


@pytest.mark.parametrize("lang, separators, time_format", [
    ("en", ".,", "%-d %b %Y, %H:%M"),
    ("uk", f",{NN}", "%d.%m.%Y, %H:%M"),
])
def test_plotly_conventions_follow_number(lang, separators, time_format):
    assert fmt.plotly_separators(lang) == separators
    assert fmt.plotly_time_format(lang) == time_format
    # The separators are the ones number() uses.
    assert fmt.number(1234.5, lang, 1) == f"1{separators[1]}234{separators[0]}5"
    assert fmt.plotly_number_format(1) == ",.1f"


@pytest.mark.parametrize("lang, hours_format, months_format", [
    ("en", "%H:%M<br>%-d %b", "%b %Y"),
    ("uk", "%H:%M<br>%d.%m", "%m.%Y"),  # plotly has no Ukrainian month names
])
def test_plotly_tick_format_stops(lang, hours_format, months_format):
    stops = fmt.plotly_tick_format_stops(lang)
    by_range = {tuple(s["dtickrange"]): s["value"] for s in stops}
    assert by_range[(60_000, 86_400_000)] == hours_format
    assert by_range[("M1", "M12")] == months_format
    # The ranges follow one another without gaps.
    assert stops[0]["dtickrange"][0] is None and stops[-1]["dtickrange"][1] is None
    for before, after in zip(stops, stops[1:], strict=False):
        assert before["dtickrange"][1] == after["dtickrange"][0]
