"""DOE OE-417 annual summaries: the real 2021 and 2022 files and sheet-level quirk fixtures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from outages import regions
from outages.errors import InputError
from outages.readers import oe417, us_areas
from outages.readers.base import Options

DATA = Path(__file__).resolve().parent / "data"
Y2021 = (DATA / "OE417_2021_Annual_Summary.xls").read_bytes()
Y2022 = (DATA / "OE417_2022_Annual_Summary.xls").read_bytes()
PURDUE = (DATA / "outage.xlsx").read_bytes()

TITLE = ["OE-417 Electric Emergency and Disturbance Report - Calendar Year 2016"] + [""] * 10
HEADER = ["Event Month", "Date Event Began", "Time Event Began", "Date of Restoration",
          "Time of Restoration", "Area Affected", "NERC Region", "Alert Criteria", "Event Type",
          "Demand Loss (MW)", "Number of Customers Affected"]


def row(began, began_time, restored, restored_time, area, customers):
    return ["June", began, began_time, restored, restored_time, area, "TRE", "", "- Severe Weather",
            "Unknown", customers]


def cut_off(frame: pd.DataFrame) -> int:
    """Sum of every rise in customers out, region by region."""
    rises = frame.groupby("region_id")["customers_out"].diff().fillna(frame["customers_out"])
    return int(rises.clip(lower=0).sum())


def read_sheet(*rows):
    return oe417.read_rows([TITLE, HEADER, *rows], 1, "oe417.xls")


def test_real_2021_rows_kept_and_skipped():
    result = oe417.read(Y2021, "2021.xls", Options())
    # 387 events: 79 with unknown customers, 175 with 0, 15 more without a restoration time,
    # row 297 repeats row 296, and 10 are not outage types (8 System Operations, 2 Suspicious
    # Activity: 1,463,374 customers, NV Energy's 1.3 million on row 282 among them)
    assert result.skipped == {"unknown customers affected": 79, "no customers affected (0)": 175,
                              "restoration time unknown": 15, oe417.DUPLICATE: 1,
                              oe417.EXCLUDED: 10}
    frame = result.frame
    assert result.metadata["description"].startswith("107 of 387 event rows kept")
    # every kept event adds its customers once: the rises sum to the kept events' customers
    assert cut_off(frame) == 18_520_787 - 4_000 - 1_463_374 == 17_053_413
    assert (frame["service"] == "power").all()
    messages = [w.message.split(";")[0] for w in result.warnings]
    assert messages[0].startswith("the same event as row 296 (the same 4,000 customers")
    assert messages[-1] == "17 events name several states (first: row 8, 'Louisiana: Texas:')"
    # counts above the customers EAGLE-I models for the counties named: rows 129, 227, 229...
    assert [w.row for w in result.warnings[1:-1]] == [129, 227, 229, 231, 369]
    assert result.metadata["licence"] == "public domain (US government work)"
    assert len(result.metadata["caveats"]) == 3
    assert "System Operations: 8 events, 1,451,254 customers" in result.metadata["caveats"][2]


def test_real_2021_all_event_types():
    result = oe417.read(Y2021, "2021.xls", Options(event_types="all"))
    assert result.metadata["description"].startswith("117 of 387 event rows kept")
    assert cut_off(result.frame) == 18_520_787 - 4_000
    assert result.events["event_type"].value_counts()["System Operations"] == 8


def test_real_2021_event_in_utc():
    # row 4 is a System Operations event: read with every event type
    frame = oe417.read(Y2021, "2021.xls", Options(event_types="all")).frame
    # row 4: California: Butte County; 01/02/2021 10:28 to 10:29 Pacific, 5803 customers
    butte = frame[frame["_row"] == 4]
    assert butte["timestamp"].tolist() == [pd.Timestamp("2021-01-02 18:28", tz="UTC"),
                                           pd.Timestamp("2021-01-02 18:29", tz="UTC")]
    assert butte["customers_out"].tolist() == [5803, 0]
    assert butte["region_id"].tolist() == ["06", "06"]
    assert butte["region_name"].tolist() == ["California", "California"]


def test_real_2021_multi_state_row_kept_whole():
    frame = oe417.read(Y2021, "2021.xls", Options()).frame
    # row 8: "Louisiana: Texas:", 01/11/2021 05:00 Central (the first state's zone), 58,000
    event = frame[frame["_row"] == 8]
    assert event["region_id"].iloc[0] == "US-MULTI:LA-TX"
    assert event["region_name"].iloc[0] == "Louisiana; Texas"
    assert event["timestamp"].iloc[0] == pd.Timestamp("2021-01-11 11:00", tz="UTC")
    assert event["customers_out"].iloc[0] == 58000


def test_real_2022_rows_kept_and_skipped():
    result = oe417.read(Y2022, "2022.xls", Options())
    # 19 more than before are not outage types, NV Energy's three 1.3 million System
    # Operations rows among them
    assert result.skipped == {"unknown customers affected": 38, "no customers affected (0)": 227,
                              "restoration time unknown": 23, oe417.EXCLUDED: 19}
    assert result.metadata["description"].startswith("83 of 390 event rows kept")
    assert cut_off(result.frame) == 6_948_778
    assert cut_off(oe417.read(Y2022, "2022.xls", Options(event_types="all")).frame) == 11_285_742
    # every date and time cell was read, the Excel serial on row 69 included: one warning only
    assert len(result.warnings) == 1
    # one multi-state event fewer: a System Operations event left out
    assert result.warnings[0].message.startswith("30 events name several states")


def test_real_files_are_sniffed():
    assert oe417.sniff(Y2021, "OE417_2021_Annual_Summary.xls")
    assert oe417.sniff(Y2022, "anything")
    assert not oe417.sniff(PURDUE, "outage.xlsx")
    assert not oe417.sniff(b"Month,Date Event Began\n", "oe417.csv")


def test_event_month_header_serial_dates_and_day_fractions():
    result = read_sheet(
        row("06/01/2016", 0.25, 42523, 0.75, "Texas: Harris County;", "1,500"),
        row(42522.5, dt.time(6, 0), "06/02/2016", "18:00", "Texas:", 500.0),
    )
    # both events: 2016-06-01 06:00 to 06-02 18:00 Central = 11:00 to 23:00 UTC (next day)
    frame = result.frame
    assert frame["timestamp"].tolist() == [pd.Timestamp("2016-06-01 11:00", tz="UTC"),
                                           pd.Timestamp("2016-06-02 23:00", tz="UTC")]
    assert frame["customers_out"].tolist() == [2000, 0]
    assert frame["region_id"].tolist() == ["48", "48"]
    assert result.skipped == {}


def test_unknown_values_and_unreadable_cells_skipped():
    result = read_sheet(
        row("06/01/2016", "10:00", "06/01/2016", "12:00", "Texas:", "Unknown"),
        row("06/01/2016", "10:00", "Unknown", "Unknown", "Texas:", "100"),
        row("Unknown", "Unknown", "06/01/2016", "12:00", "Texas:", "100"),
        row("06/01/2016", "10:00", "06/01/2016", "12:00", "Texas:", "0"),
        row("06/01/2016", "10:00", "06/01/2016", "09:00", "Texas:", "100"),
        row("06/31/2016", "10:00", "06/01/2016", "12:00", "Texas:", "100"),
        row("06/01/2016", "10:00", "06/01/2016", "12:00", "Gulf of Mexico:", "100"),
        row("06/01/2016", "10:00", "06/01/2016", "12:00", "Texas:", "about 100"),
        row("06/01/2016", "10:00", "06/01/2016", "12:00", "Texas:", "100"),
        ["Note: data are preliminary"] + [""] * 10,
    )
    assert result.skipped == {
        "unknown customers affected": 1, "restoration time unknown": 1, "start time unknown": 1,
        "no customers affected (0)": 1, "restoration not after start": 1,
        "start time unreadable": 1, "customers affected unreadable": 1,
    }
    # an area naming no state is kept under the unplaced region, with a warning
    assert sorted(result.frame["_row"].tolist()) == [9, 9, 11, 11]
    by_region = result.frame.groupby("region_id")["_row"].first().to_dict()
    assert by_region == {"48": 11, "US-XX": 9}
    warned = sorted((w.row, w.column) for w in result.warnings)
    assert warned == [(8, "Date Event Began"), (9, "Area Affected"),
                      (10, "Number of Customers Affected")]
    assert result.metadata["unplaced"] == {"events": 1, "customers": 100}


def test_multi_state_row_and_overlap_with_single_state():
    result = read_sheet(
        row("06/01/2016", "10:00", "06/01/2016", "12:00", "Texas: Louisiana: Arkansas:", "300"),
        row("06/01/2016", "11:00", "06/01/2016", "13:00", "Louisiana: Arkansas: Texas:", "50"),
        row("06/01/2016", "10:00", "06/01/2016", "12:00", "Texas: Harris County;", "7"),
    )
    frame = result.frame
    multi = frame[frame["region_id"] == "US-MULTI:AR-LA-TX"]
    # the same states in another order are the same combined region: the events add up
    assert multi["customers_out"].tolist() == [300, 350, 50, 0]
    assert multi["region_name"].iloc[0] == "Arkansas; Louisiana; Texas"
    assert frame.loc[frame["region_id"] == "48", "customers_out"].tolist() == [7, 0]
    assert "2 events name several states" in result.warnings[0].message


def test_dst_gap_is_a_warning_not_an_error():
    result = read_sheet(row("03/13/2016", "02:30", "03/13/2016", "05:00", "Texas:", "10"))
    assert result.frame["customers_out"].tolist() == [10, 0]
    assert [w.row for w in result.warnings] == [3]
    assert "does not exist in America/Chicago" in result.warnings[0].message


@pytest.mark.parametrize("area,expected", [
    ("California: Alameda County;", ["06"]),
    ("Pennsylvania:", ["42"]),
    ("Louisiana: Texas:", ["22", "48"]),
    ("Texas: Potter County; New Mexico:", ["48", "35"]),
    ("West Virginia: Monongalia County;", ["54"]),
    ("Oregon: Clackamas County, Multnomah County, Washington County;", ["41"]),
    ("Washington: Idaho:", ["53", "16"]),
    ("North Carolina: Jackson County; South Carolina: Greenville County;", ["37", "45"]),
    ("Massachusetts: Hampden County[13];", ["25"]),
    ("Texas; Oklahoma", ["48", "40"]),
    ("Puerto Rico:", ["72"]),
    ("Texas: Texas:", ["48"]),
    ("Gulf of Mexico", []),
    ("", []),
    (None, []),
])
def test_area_states(area, expected):
    assert [s.fips for s in us_areas.area_states(area).states] == expected


def test_region_of():
    tx, la = regions.state("TX"), regions.state("Louisiana")
    assert oe417.region_of([tx]) == ("48", "Texas")
    assert oe417.region_of([tx, la]) == ("US-MULTI:LA-TX", "Louisiana; Texas")


@pytest.mark.parametrize("value,fips,zone", [
    ("TX", "48", "America/Chicago"), ("texas", "48", "America/Chicago"), ("48", "48", None),
    ("6", "06", "America/Los_Angeles"), ("District of Columbia", "11", "America/New_York"),
    ("PR", "72", "America/Puerto_Rico"), ("Indiana", "18", "America/Indiana/Indianapolis"),
])
def test_regions_state(value, fips, zone):
    found = regions.state(value)
    assert found.fips == fips
    assert zone is None or found.zone == zone


def test_regions_table():
    table = regions.states()
    assert len(table) == 56  # 50 states, DC and 5 territories
    assert regions.state("Atlantis") is None
    assert regions.state(None) is None


def test_not_a_summary():
    with pytest.raises(InputError, match="not an OE-417 summary"):
        oe417.read(PURDUE, "outage.xlsx", Options())
    with pytest.raises(InputError, match="cannot open the spreadsheet"):
        oe417.read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 damaged", "x.xls", Options())
