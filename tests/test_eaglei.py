"""EAGLE-I county files: every year's column variant, FIPS spellings, blanks, duplicates, zeros."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from outages.errors import InputError
from outages.readers import eaglei
from outages.readers.base import Options

DATA = Path(__file__).resolve().parent / "data"
EXCERPT = (DATA / "eaglei_outages_2014_excerpt.transcribed.csv").read_bytes()

HEADER = b"fips_code,county,state,customers_out,run_start_time\n"
# Two counties, three runs. A is out at runs 1 and 2, missing at run 3; B only at run 3.
TWO_COUNTIES = HEADER + b"""1001,Autauga,Alabama,5,2022-01-01 00:00:00
1001,Autauga,Alabama,7,2022-01-01 00:15:00
1003,Baldwin,Alabama,2,2022-01-01 00:30:00
"""
# 2023 names the count `sum`
SUM_2023 = b"""fips_code,county,state,sum,run_start_time
48085,Collin,Texas,12,2023-02-01 06:00:00
"""
# 2024 adds total_customers; Harris County 2024 really reported more out than its total
TOTAL_2024 = b"""fips_code,county,state,customers_out,run_start_time,total_customers
48201,Harris,Texas,1660703,2024-07-08 15:00:00,1344930
48085,Collin,Texas,30,2024-07-08 15:00:00,
"""
BLANK = HEADER + b"""1001,Autauga,Alabama,5,2022-01-01 00:00:00
1001,Autauga,Alabama,,2022-01-01 00:15:00
1003,Baldwin,Alabama,1,2022-01-01 00:30:00
"""
DUPLICATE = HEADER + b"""1001,Autauga,Alabama,5,2022-01-01 00:00:00
1001,Autauga,Alabama,9,2022-01-01 00:00:00
1001,Autauga,Alabama,7,2022-01-01 00:00:00
"""
# A at runs 1, 2 and 5; the file has runs 1..5 (B fills 3 and 4): A drops to 0 at run 3 only.
GAP = HEADER + b"""1001,Autauga,Alabama,4,2022-01-01 00:00:00
1001,Autauga,Alabama,4,2022-01-01 00:15:00
1003,Baldwin,Alabama,1,2022-01-01 00:30:00
1003,Baldwin,Alabama,1,2022-01-01 00:45:00
1001,Autauga,Alabama,6,2022-01-01 01:00:00
1003,Baldwin,Alabama,1,2022-01-01 01:00:00
"""


def read(data: bytes):
    return eaglei.read(data, "eaglei.csv", Options())


def series(frame: pd.DataFrame, region: str) -> list[tuple[str, int]]:
    part = frame[frame["region_id"] == region]
    return [(t.strftime("%H:%M"), int(v)) for t, v in zip(part["timestamp"], part["customers_out"],
                                                           strict=True)]


def test_real_excerpt_zero_drops_at_first_missing_run():
    result = read(EXCERPT)
    frame = result.frame
    # 15 rows, 4 counties; zeros added where a county leaves: Barnstable and Essex at 06:45,
    # Worcester at 04:15 (absent from that run) and at 10:30.
    assert len(frame) == 19
    assert result.skipped == {}
    assert series(frame, "25001") == [("04:00", 1), ("04:15", 1), ("06:45", 0)]
    assert series(frame, "25027") == [("04:00", 1), ("04:15", 0), ("06:45", 58), ("07:00", 58),
                                      ("07:15", 57), ("07:30", 57), ("07:45", 57), ("10:30", 0)]
    # Hampden is out at the file's last run: nothing is added after it
    assert series(frame, "25013")[-1] == ("11:30", 1)
    assert set(frame["region_name"]) == {"Barnstable, Massachusetts", "Essex, Massachusetts",
                                         "Hampden, Massachusetts", "Worcester, Massachusetts"}
    assert (frame["service"] == "power").all()
    assert str(frame["timestamp"].dtype) == "datetime64[us, UTC]"
    assert frame["customers_out"].dtype == "int64"
    assert result.validated_counts is True
    assert result.metadata["timezone"] == "UTC"
    assert result.metadata["licence"] == "CC BY 4.0"
    assert any("missing from a collection run" in c for c in result.metadata["caveats"])


def test_real_excerpt_rows_are_file_lines():
    frame = read(EXCERPT).frame
    worcester = frame[frame["region_id"] == "25027"]
    # line 7 is the 06:45 row (header is line 1); the 10:30 zero comes from line 11, the last
    assert worcester["_row"].tolist() == [4, 4, 7, 8, 9, 10, 11, 11]


@pytest.mark.parametrize("fips,expected", [
    (b"25001", "25001"), (b"1001", "01001"), (b"01001", "01001"), (b"48085.0", "48085"),
    (b'"1001"', "01001"), (b"2013.0", "02013"),
])
def test_fips_padded_to_five_digits(fips, expected):
    frame = read(HEADER + fips + b",X,Y,3,2022-01-01 00:00:00\n").frame
    assert frame["region_id"].tolist() == [expected]


def test_2023_sum_column():
    frame = read(SUM_2023).frame
    assert frame["customers_out"].tolist() == [12]
    assert frame["region_name"].tolist() == ["Collin, Texas"]


def test_2024_total_customers_and_count_above_total_kept():
    frame = read(TOTAL_2024).frame
    harris = frame[frame["region_id"] == "48201"]
    assert harris["customers_out"].tolist() == [1660703]
    assert harris["customers_total"].tolist() == [1344930]
    assert frame["customers_total"].dtype == "Int64"
    assert frame.loc[frame["region_id"] == "48085", "customers_total"].isna().all()


def test_no_total_column_before_2024():
    assert "customers_total" not in read(TWO_COUNTIES).frame.columns


def test_blank_count_is_skipped_not_zero_and_holds_presence():
    result = read(BLANK)
    assert result.skipped == {"blank customers_out": 1}
    # the 00:15 row is blank: no 0 there (the county was reported), 5 holds, then 0 at 00:30
    assert series(result.frame, "01001") == [("00:00", 5), ("00:30", 0)]


def test_duplicates_keep_the_largest():
    result = read(DUPLICATE)
    assert result.skipped == {"duplicate county and run (kept the largest count)": 2}
    assert result.frame["customers_out"].tolist() == [9]
    assert result.frame["_row"].tolist() == [3]


def test_zero_at_first_missing_run_only():
    frame = read(GAP).frame
    assert series(frame, "01001") == [("00:00", 4), ("00:15", 4), ("00:30", 0), ("01:00", 6)]
    assert series(frame, "01003") == [("00:30", 1), ("00:45", 1), ("01:00", 1)]


def test_zero_count_gets_no_extra_zero():
    data = HEADER + b"1001,A,B,0,2022-01-01 00:00:00\n1003,C,B,1,2022-01-01 00:15:00\n"
    assert series(read(data).frame, "01001") == [("00:00", 0)]


def test_two_counties_one_leaves():
    frame = read(TWO_COUNTIES).frame
    assert series(frame, "01001") == [("00:00", 5), ("00:15", 7), ("00:30", 0)]
    assert series(frame, "01003") == [("00:30", 2)]


def test_order_of_rows_in_file_does_not_matter():
    lines = GAP.splitlines(keepends=True)
    reversed_rows = b"".join(lines[:1] + lines[:0:-1])
    pd.testing.assert_frame_equal(read(reversed_rows).frame.drop(columns="_row"),
                                  read(GAP).frame.drop(columns="_row"))


def test_times_are_utc_and_minutes_only_accepted():
    frame = read(HEADER + b"1001,A,B,3,2022-03-13 07:30\n").frame
    assert frame["timestamp"].tolist() == [pd.Timestamp("2022-03-13 07:30", tz="UTC")]


def test_blank_lines_keep_line_numbers():
    data = HEADER + b"1001,A,B,3,2022-01-01 00:00:00\n\n1001,A,B,4,2022-01-01 00:15:00\n\n"
    assert read(data).frame["_row"].tolist() == [2, 4]


@pytest.mark.parametrize("newline", [b"\n", b"\r\n", b"\r"])
def test_line_endings(newline):
    data = (HEADER + b"1001,A,B,3,2022-01-01 00:00:00\n\n1001,A,B,4,2022-01-01 00:15:00\n")
    data = data.replace(b"\n", newline)
    assert eaglei.sniff(data, "e.csv")
    frame = read(data).frame
    assert frame["customers_out"].tolist() == [3, 4]
    assert frame["_row"].tolist() == [2, 4]


def test_header_only_gives_empty_frame():
    result = read(HEADER)
    assert len(result.frame) == 0
    assert list(result.frame.columns[:5]) == ["timestamp", "region_id", "region_name", "service",
                                              "customers_out"]


def test_blank_fips_and_time_skipped():
    data = HEADER + b",A,B,3,2022-01-01 00:00:00\n1001,A,B,3,\n1001,A,B,3,2022-01-01 00:00:00\n"
    result = read(data)
    assert result.skipped == {"blank fips_code": 1, "blank run_start_time": 1}
    assert result.frame["_row"].tolist() == [4]


@pytest.mark.parametrize("body,row,column,message", [
    (b"1001,A,B,-3,2022-01-01 00:00:00\n", 2, "customers_out", "whole number"),
    (b"1001,A,B,2.5,2022-01-01 00:00:00\n", 2, "customers_out", "whole number"),
    (b"1001,A,B,3,2022-01-01 00:00:00\n1001,A,B,many,2022-01-01 00:15:00\n", 3, "customers_out",
     "'many' is not a number"),
    (b"1001,A,B,3,2022-01-01T00:00:00Z\n", 2, "run_start_time", "YYYY-MM-DD HH:MM:SS"),
    (b"48085.5,A,B,3,2022-01-01 00:00:00\n", 2, "fips_code", "whole number"),
    (b"123456,A,B,3,2022-01-01 00:00:00\n", 2, "fips_code", "not a county FIPS"),
])
def test_bad_cells_name_row_and_column(body, row, column, message):
    with pytest.raises(InputError) as info:
        read(HEADER + body)
    problem = info.value.problems[0]
    assert (problem.file, problem.row, problem.column) == ("eaglei.csv", row, column)
    assert message in problem.message


def test_ragged_row_names_its_line():
    with pytest.raises(InputError) as info:
        read(HEADER + b"1001,A,B,3,2022-01-01 00:00:00\n1001,A,3\n")
    problem = info.value.problems[0]
    assert problem.row == 3
    assert "expected 5 fields, found 3" in problem.message


@pytest.mark.parametrize("header,message", [
    (b"fips_code,county,state,run_start_time\n", "customers_out (or sum)"),
    (b"fips_code,sum,customers_out,run_start_time\n", "both customers_out and sum"),
])
def test_bad_header(header, message):
    with pytest.raises(InputError, match=re.escape(message)):
        read(header + b"1001,1,1,2022-01-01 00:00:00\n")


@pytest.mark.parametrize("data,expected", [
    (EXCERPT, True), (SUM_2023, True), (TOTAL_2024, True),
    (b'"fips_code","county","state","customers_out","run_start_time"\n', True),
    (b"\xef\xbb\xbffips_code,county,state,customers_out,run_start_time\n", True),
    (b"timestamp,region_id,customers_out\n", False),
    (b"fips_code,county,state,customers_out\n", False),
    (b"", False),
    (b"\x00\x01fips_code,run_start_time,sum\x00", False),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", False),
])
def test_sniff(data, expected):
    assert eaglei.sniff(data, "file.csv") is expected


def test_bom_and_quoted_header_read():
    data = b'\xef\xbb\xbf"fips_code","county","state","customers_out","run_start_time"\n' \
           b'"1001","Autauga","Alabama","3","2022-01-01 00:00:00"\n'
    assert read(data).frame["customers_out"].tolist() == [3]


def test_not_utf8_rejected():
    with pytest.raises(InputError, match="not UTF-8"):
        read(HEADER + b"35013,Do\xf1a Ana,New Mexico,3,2022-01-01 00:00:00\n")


@pytest.mark.parametrize("data", [EXCERPT, TWO_COUNTIES, BLANK, DUPLICATE, GAP, TOTAL_2024],
                         ids=["excerpt", "two", "blank", "duplicate", "gap", "total"])
@pytest.mark.parametrize("split_rows", [1, 2, 3])
def test_steps_shared_by_two_threads_give_the_same_frame(monkeypatch, data, split_rows):
    # big files split the whole-file steps in halves on two threads; tiny splits here
    whole = read(data)
    monkeypatch.setattr(eaglei, "SPLIT_ROWS", split_rows)
    split = read(data)
    pd.testing.assert_frame_equal(split.frame, whole.frame)
    assert split.skipped == whole.skipped
