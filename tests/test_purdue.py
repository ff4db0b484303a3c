"""The Purdue major-outage table: the real outage.xlsx and sheet-level fixtures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from outages.errors import InputError
from outages.readers import purdue
from outages.readers.base import Options

DATA = Path(__file__).resolve().parent / "data"
OUTAGE = (DATA / "outage.xlsx").read_bytes()
OE417 = (DATA / "OE417_2021_Annual_Summary.xls").read_bytes()

NOTES = [["Major power outage events in the continental U.S.", "", "", ""]] + [[""] * 4] * 4
HEADER = ["variables", "OBS", "U.S._STATE", "POSTAL.CODE", "OUTAGE.START.DATE",
          "OUTAGE.START.TIME", "OUTAGE.RESTORATION.DATE", "OUTAGE.RESTORATION.TIME",
          "CUSTOMERS.AFFECTED", "TOTAL.CUSTOMERS"]
UNITS = ["Units", "", "", "", "Day of the week, Month Day, Year", "Hour:Minute:Second (AM / PM)",
         "Day of the week, Month Day, Year", "Hour:Minute:Second (AM / PM)", "", ""]


def event(obs, state, postal, start, restored, customers, total=1000000.0):
    return ["", float(obs), state, postal, start.date(), start.time(), restored.date(),
            restored.time(), customers, total]


def read_sheet(*rows, units=True):
    sheet = [*NOTES, HEADER, *([UNITS] if units else []), *rows]
    return purdue.read_rows(sheet, 5, "outage.xlsx")


def cut_off(frame: pd.DataFrame) -> int:
    """Sum of every rise in customers out, region by region."""
    rises = frame.groupby("region_id")["customers_out"].diff().fillna(frame["customers_out"])
    return int(rises.clip(lower=0).sum())


def test_real_file_rows_kept_and_skipped():
    result = purdue.read(OUTAGE, "outage.xlsx", Options())
    # 1,534 events: 443 NA customers, 212 with 0, then 7 without a start, 18 without a
    # restoration, and 7 restored at or before their start (source typos)
    assert result.skipped == {"unknown customers affected": 443, "no customers affected (0)": 212,
                              "start time unknown": 7, "restoration time unknown": 18,
                              "restoration not after start": 7}
    assert result.metadata["description"].startswith("847 of 1,534 event rows kept")
    frame = result.frame
    assert cut_off(frame) == 151_049_954
    assert frame["region_id"].nunique() == 45
    assert frame["region_id"].str.fullmatch(r"\d\d").all()
    assert (frame["service"] == "power").all()


def test_real_file_first_event_in_utc():
    frame = purdue.read(OUTAGE, "outage.xlsx", Options()).frame
    # row 8, OBS 1: Minnesota, 2011-07-01 17:00 to 07-03 20:00 Central daylight time, 70,000
    first = frame[frame["_row"] == 8]
    assert first["timestamp"].tolist() == [pd.Timestamp("2011-07-01 22:00", tz="UTC"),
                                           pd.Timestamp("2011-07-04 01:00", tz="UTC")]
    assert first["customers_out"].tolist() == [70000, 0]
    assert first["region_id"].tolist() == ["27", "27"]
    assert first["region_name"].tolist() == ["Minnesota", "Minnesota"]
    assert first["customers_total"].tolist() == [2595696, 2595696]


def test_real_file_dst_overlap_is_a_warning():
    result = purdue.read(OUTAGE, "outage.xlsx", Options())
    # row 1189: California, 2003-10-26 01:44, an hour that happened twice: the earlier is taken
    assert [(w.row, w.column) for w in result.warnings] == [(1189, "OUTAGE.START.TIME")]
    event = result.frame[result.frame["_row"] == 1189]
    assert event["timestamp"].iloc[0] == pd.Timestamp("2003-10-26 08:44", tz="UTC")


def test_sniff():
    assert purdue.sniff(OUTAGE, "outage.xlsx")
    assert not purdue.sniff(OE417, "OE417_2021_Annual_Summary.xls")
    assert not purdue.sniff(b"OBS,YEAR\n", "outage.csv")


def test_units_row_and_na_values():
    t = dt.datetime
    result = read_sheet(
        event(1, "Texas", "TX", t(2008, 9, 13, 2), t(2008, 9, 20, 2), 2000000.0, 10000000.0),
        event(2, "Texas", "TX", t(2008, 9, 13, 12), t(2008, 9, 14, 12), 500.0, 10000000.0),
        event(3, "Texas", "TX", t(2008, 9, 13, 2), t(2008, 9, 20, 2), "NA"),
        ["", 4.0, "Texas", "TX", "NA", "NA", dt.date(2008, 9, 20), dt.time(2), 10.0, 1.0],
        ["", 5.0, "Texas", "TX", dt.date(2008, 9, 20), dt.time(2), "NA", "NA", 10.0, 1.0],
    )
    assert result.skipped == {"unknown customers affected": 1, "start time unknown": 1,
                              "restoration time unknown": 1}
    frame = result.frame
    # 2008-09-13 02:00 Central daylight time = 07:00 UTC; the second event adds 500 at 17:00
    assert frame["customers_out"].tolist() == [2000000, 2000500, 2000000, 0]
    assert frame["timestamp"].iloc[0] == pd.Timestamp("2008-09-13 07:00", tz="UTC")
    assert frame["_row"].tolist() == [8, 9, 9, 8]


def test_without_units_row_the_data_starts_below_the_header():
    t = dt.datetime
    result = read_sheet(event(1, "Ohio", "OH", t(2008, 9, 14, 12), t(2008, 9, 15, 12), 100.0),
                        units=False)
    assert result.frame["_row"].tolist() == [7, 7]


def test_state_name_when_postal_code_is_unknown():
    t = dt.datetime
    result = read_sheet(
        event(1, "Ohio", "", t(2008, 9, 14, 12), t(2008, 9, 15, 12), 100.0),
        event(2, "Atlantis", "AT", t(2008, 9, 14, 12), t(2008, 9, 15, 12), 100.0),
    )
    assert result.frame["region_id"].tolist() == ["39", "39"]
    assert result.skipped == {"state not recognised": 1}
    assert [(w.row, w.column) for w in result.warnings] == [(9, "POSTAL.CODE")]


def test_not_the_purdue_table():
    with pytest.raises(InputError, match="not the Purdue outage table"):
        purdue.read(OE417, "OE417_2021_Annual_Summary.xls", Options())
