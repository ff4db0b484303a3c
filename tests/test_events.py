"""Event records: the generic CSV, the event -> step conversion and the spreadsheet cell readers."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest

from outages import times
from outages.errors import InputError
from outages.readers import bounds, cells, events, sheet
from outages.readers.base import Options

# Region A: 100 from 00:00 to 05:00, 50 more from 02:00 to 03:00, 10 from 05:00 to 06:00.
OVERLAP = b"""region,start,end,customers
A,2025-01-01T00:00:00Z,2025-01-01T05:00:00Z,100
A,2025-01-01T02:00:00Z,2025-01-01T03:00:00Z,50
A,2025-01-01T05:00:00Z,2025-01-01T06:00:00Z,10
B,2025-01-01T01:00:00Z,2025-01-01T04:00:00Z,"1,200"
"""
SKIPS = b"""region,start,end,customers
A,2025-01-01T00:00:00Z,2025-01-01T05:00:00Z,100
A,2025-01-01T00:00:00Z,,100
A,2025-01-01T00:00:00Z,Unknown,100
A,,2025-01-01T05:00:00Z,100
A,2025-01-01T00:00:00Z,2025-01-01T05:00:00Z,Unknown
A,2025-01-01T00:00:00Z,2025-01-01T05:00:00Z,
A,2025-01-01T00:00:00Z,2025-01-01T05:00:00Z,0
A,2025-01-01T05:00:00Z,2025-01-01T05:00:00Z,7
A,2025-01-01T05:00:00Z,2025-01-01T04:00:00Z,7
,2025-01-01T00:00:00Z,2025-01-01T05:00:00Z,7
"""


def read(data: bytes, **options):
    options.setdefault("service", "power")
    return events.read(data, "events.csv", Options(**options))


def steps(frame: pd.DataFrame, region: str) -> list[tuple[str, int]]:
    part = frame[frame["region_id"] == region]
    return [(t.strftime("%H:%M"), int(v))
            for t, v in zip(part["timestamp"], part["customers_out"], strict=True)]


def test_overlapping_events_add_up():
    frame = read(OVERLAP).frame
    assert steps(frame, "A") == [("00:00", 100), ("02:00", 150), ("03:00", 100), ("05:00", 10),
                                 ("06:00", 0)]
    assert steps(frame, "B") == [("01:00", 1200), ("04:00", 0)]
    assert (frame["service"] == "power").all()
    assert frame["region_name"].tolist() == frame["region_id"].tolist()


def test_rows_point_at_the_event_that_changed_the_count():
    frame = read(OVERLAP).frame
    # 05:00: event on line 2 ends and the one on line 4 starts; the later line is named
    assert frame.loc[frame["region_id"] == "A", "_row"].tolist() == [2, 3, 3, 4, 4]


def test_skip_reasons_counted():
    result = read(SKIPS)
    assert result.skipped == {
        "restoration time unknown": 2, "start time unknown": 1,
        "unknown customers affected": 2, "no customers affected (0)": 1,
        "restoration not after start": 2, "region missing": 1,
    }
    assert steps(result.frame, "A") == [("00:00", 100), ("05:00", 0)]


def test_service_column_region_name_and_total():
    data = b"""Area,Area name,Service,Began,Restored,Customers affected,Total customers
UA-30,Kyiv,power,2025-10-10T03:00:00+03:00,2025-10-10T12:00:00+03:00,800000,1500000
"""
    frame = events.read(data, "e.csv", Options()).frame
    assert frame["region_name"].tolist() == ["Kyiv", "Kyiv"]
    assert frame["timestamp"].tolist() == [pd.Timestamp("2025-10-10 00:00", tz="UTC"),
                                           pd.Timestamp("2025-10-10 09:00", tz="UTC")]
    assert frame["customers_total"].tolist() == [1500000, 1500000]
    assert frame["customers_out"].tolist() == [800000, 0]


def test_naive_times_need_a_zone():
    data = b"region,start,end,customers\nUA-30,2025-10-10 03:00,2025-10-10 12:00,5\n"
    with pytest.raises(InputError, match="no time zone"):
        read(data)
    frame = read(data, tz="Europe/Kyiv").frame
    assert frame["timestamp"].iloc[0] == pd.Timestamp("2025-10-10 00:00", tz="UTC")


def test_no_service_is_an_error():
    with pytest.raises(InputError, match="no service column"):
        events.read(OVERLAP, "e.csv", Options())


@pytest.mark.parametrize("header", [
    b"region,start,end,customers",
    b"Region ID,Start time,End time,Customers affected",
    b"state,outage_start,outage_end,affected",
    b"area,began,restored,number of customers affected",
    b"REGION;START;RESTORATION;CUSTOMERS",
])
def test_column_aliases(header):
    sep = b";" if b";" in header else b","
    row = sep.join([b"X", b"2025-01-01T00:00:00Z", b"2025-01-01T01:00:00Z", b"3"])
    data = header + b"\n" + row + b"\n"
    assert events.sniff(data, "e.csv")
    assert read(data).frame["customers_out"].tolist() == [3, 0]


def test_two_region_columns_rejected_not_guessed():
    data = b"region,state,start,end,customers\nA,B,2025-01-01T00:00Z,2025-01-01T01:00Z,3\n"
    with pytest.raises(InputError, match=re.escape("columns 'region', 'state' could each be the "
                                                   "region")):
        read(data)


def test_mapping_settles_the_choice():
    data = b"region,state,start,end,customers\nA,B,2025-01-01T00:00Z,2025-01-01T01:00Z,3\n"
    frame = read(data, mapping={"region_id": "state"}).frame
    assert set(frame["region_id"]) == {"B"}


def test_missing_column_named():
    with pytest.raises(InputError, match="missing: restoration time"):
        read(b"region,start,customers\nA,2025-01-01T00:00Z,3\n")


@pytest.mark.parametrize("value,message", [(b"-5", "is negative"),
                                           (b"12.5", "not a whole number"),
                                           (b"lots", "not a whole number")])
def test_bad_count_names_row_and_column(value, message):
    data = b"region,start,end,customers\nA,2025-01-01T00:00Z,2025-01-01T01:00Z,3\n" \
           b"A,2025-01-01T00:00Z,2025-01-01T01:00Z," + value + b"\n"
    with pytest.raises(InputError) as info:
        read(data)
    problem = info.value.problems[0]
    assert (problem.row, problem.column) == (3, "customers")
    assert message in problem.message


@pytest.mark.parametrize("data,expected", [
    (OVERLAP, True),
    (b"timestamp,region_id,region_name,service,customers_out\n", False),
    (b"region,start,customers\n", False),
    (bounds.XLS_MAGIC + b"\x00" * 100, False),
])
def test_sniff(data, expected):
    assert events.sniff(data, "file.csv") is expected


def test_to_steps_frame_level():
    frame = pd.DataFrame({
        "region_id": ["48", "48", "40"], "region_name": ["Texas", "Texas", "Oklahoma"],
        "service": ["power"] * 3,
        "start": pd.to_datetime(["2021-02-15 06:00", "2021-02-15 07:00", "2021-02-15 06:00"],
                                utc=True),
        "end": pd.to_datetime(["2021-02-16 06:00", "2021-02-15 09:00", "2021-02-15 08:00"],
                              utc=True),
        "customers": [1000, 200, 30], "_row": [3, 4, 5], "customers_total": [5000, 5000, 900],
    })
    out = events.to_steps(frame)
    texas = out[out["region_id"] == "48"]
    assert texas["customers_out"].tolist() == [1000, 1200, 1000, 0]
    assert out[out["region_id"] == "40"]["customers_out"].tolist() == [30, 0]
    assert out["customers_total"].tolist() == [900, 900, 5000, 5000, 5000, 5000]
    assert str(out["timestamp"].dtype) == "datetime64[us, UTC]"


def test_empty_events_give_an_empty_frame():
    data = b"region,start,end,customers\nA,2025-01-01T00:00Z,2025-01-01T01:00Z,0\n"
    result = read(data)
    assert len(result.frame) == 0
    assert result.skipped == {"no customers affected (0)": 1}


@pytest.mark.parametrize("value,expected", [
    ("1200", 1200), ("1,200", 1200), ("1200.0", 1200), (5803.0, 5803), (91188, 91188),
    ("Unknown", None), ("Unknown ", None), ("NA", None), ("", None), (None, None),
    (float("nan"), None), ("n/a", None),
])
def test_parse_counts(value, expected):
    counts, problems = cells.parse_counts(pd.Series([value], dtype=object), np.array([2]), "f",
                                           "c")
    assert problems == []
    assert (None if pd.isna(counts.iloc[0]) else int(counts.iloc[0])) == expected


@pytest.mark.parametrize("value,expected", [
    ("01/02/2021", dt.date(2021, 1, 2)), ("1/2/2021", dt.date(2021, 1, 2)),
    ("2021-01-02", dt.date(2021, 1, 2)), (44641, dt.date(2022, 3, 21)),
    (44641.0, dt.date(2022, 3, 21)), ("44641", dt.date(2022, 3, 21)),
    (dt.date(2011, 7, 1), dt.date(2011, 7, 1)), (dt.datetime(2011, 7, 1, 5), dt.date(2011, 7, 1)),
    ("Unknown", None), ("Unknown ", None), ("NA", None), (None, None), ("", None),
])
def test_cell_date(value, expected):
    assert cells.cell_date(value) == expected


@pytest.mark.parametrize("value", ["13/45/2021", "soon", -3, "02/30/2021",
                                   "01/02/9999", "0001-01-01", 1, dt.date(2200, 1, 1)])
def test_cell_date_unreadable(value):
    with pytest.raises(cells.Unreadable):
        cells.cell_date(value)


def hms(h: int, m: int, s: int = 0) -> dt.timedelta:
    return dt.timedelta(hours=h, minutes=m, seconds=s)


@pytest.mark.parametrize("value,expected", [
    (dt.time(7, 4), hms(7, 4)), (0.5, hms(12, 0)), (0.2951388888888889, hms(7, 5)),
    ("07:04", hms(7, 4)), ("7:04:30", hms(7, 4, 30)), ("7:04 PM", hms(19, 4)),
    ("12:00 AM", hms(0, 0)), ("24:00", hms(24, 0)), (dt.datetime(2020, 1, 1, 9, 30), hms(9, 30)),
])
def test_cell_time(value, expected):
    assert cells.cell_time(value) == expected


@pytest.mark.parametrize("value", [1.5, "25:00", "7:61", "13:00 PM", "noonish"])
def test_cell_time_unreadable(value):
    with pytest.raises(cells.Unreadable):
        cells.cell_time(value)


def test_cell_time_unknown():
    assert cells.cell_time("Unknown") is None


def test_moments_warn_on_unreadable_cells():
    warnings = []
    naive, bad = cells.moments(["01/02/2021", "soon", "Unknown"], [0.5, 0.5, 0.5],
                                np.array([3, 4, 5]), "f.xls", ("Date", "Time"), warnings)
    assert naive.iloc[0] == pd.Timestamp("2021-01-02 12:00")
    assert naive.iloc[1:].isna().all()
    assert bad.tolist() == [False, True, False]
    assert [(w.row, w.column) for w in warnings] == [(4, "Date")]


def test_localize_by_zone_each_row_its_zone_and_dst_warned():
    naive = pd.Series(pd.to_datetime(["2021-07-01 12:00", "2021-07-01 12:00",
                                      "2021-03-14 02:30", None]))
    zones = pd.Series(["America/Chicago", "America/Los_Angeles", "America/Chicago", None])
    # 02:30 does not exist in Chicago that night: moved forward by the gap (times.localize)
    utc, warnings = times.localize_by_zone(naive, zones, np.array([2, 3, 4, 5]), file="f",
                                            column="Time")
    assert utc.iloc[:3].tolist() == [pd.Timestamp("2021-07-01 17:00", tz="UTC"),
                                     pd.Timestamp("2021-07-01 19:00", tz="UTC"),
                                     pd.Timestamp("2021-03-14 08:30", tz="UTC")]
    assert pd.isna(utc.iloc[3])
    assert [w.row for w in warnings] == [4]


def test_header_row_found_by_names():
    rows = [["Title", "", ""], ["Event Month", "Date Event Began", "Area Affected"],
            ["x", "y", "z"]]
    assert sheet.header_row(rows, {"date_event_began", "area_affected"}) == 1
    assert sheet.header_row(rows, {"date_event_began", "missing"}) is None
