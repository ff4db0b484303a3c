"""Wide CSV: a time column plus one column per region."""

import pytest

from outages.errors import InputError
from outages.readers import read_bytes, wide
from outages.readers.base import Options

WIDE = (b"time,Kyiv,Lviv,Odesa\n"
        b"2025-10-10T06:00:00+03:00,800000,1200,\n"
        b"2025-10-10T15:00:00+03:00,380000,0,5000\n")


def test_melts_one_row_per_region_and_time():
    result = read_bytes(WIDE, "w.csv", service="power")
    assert result.format == "wide"
    table = result.table
    assert list(zip(table["region_id"], table["customers_out"], strict=True)) == [
        ("Kyiv", 800000), ("Kyiv", 380000), ("Lviv", 1200), ("Lviv", 0), ("Odesa", 5000)]
    assert (table["region_name"] == table["region_id"]).all()
    assert set(table["service"]) == {"power"}
    # a blank cell is no figure (the previous one holds), not 0
    assert result.skipped == {"blank cells": 1}


def test_total_column_left_out_with_a_warning():
    data = b"date;Kyiv;Lviv;Total\n2025-10-10T06:00Z;5;6;11\n2025-10-10T07:00Z;4;6;10\n"
    result = read_bytes(data, "w.csv", service="water")
    assert sorted(set(result.table["region_id"])) == ["Kyiv", "Lviv"]
    assert [(w.row, w.column) for w in result.warnings] == [(1, "Total")]


def test_naive_times_with_zone_and_thousands():
    data = b"time\tKyiv\n10.10.2025 06:00\t1 200\n10.10.2025 07:00\t900\n"
    result = read_bytes(data, "w.tsv", service="power", tz="Europe/Kyiv")
    assert result.table["customers_out"].tolist() == [1200, 900]
    assert result.table["timestamp"].iloc[0].isoformat() == "2025-10-10T03:00:00+00:00"


@pytest.mark.parametrize("data,kw,row,column,words", [
    (WIDE, {}, 1, None, "--service power"),
    (WIDE.replace(b"1200", b"-3"), {"service": "power"}, 2, "Lviv", "negative"),
    (WIDE.replace(b"5000", b"12.5"), {"service": "power"}, 3, "Odesa", "not a whole number"),
    (WIDE.replace(b"5000", b"n/a"), {"service": "power"}, 3, "Odesa", "'n/a' is not a number"),
    (WIDE.replace(b"+03:00,380000", b",380000"), {"service": "power"}, 3, "time",
     "no UTC offset"),
    (b"time,Kyiv,Total\n2025-10-10T06:00Z,1,1\n", {"service": "power",
                                                   "options": Options(mapping={"timestamp": "x"})},
     1, None, "not in the file"),
])
def test_wide_problems(data, kw, row, column, words):
    with pytest.raises(InputError) as info:
        read_bytes(data, "w.csv", format="wide", **kw)
    found = info.value.problems[0]
    assert (found.file, found.row, found.column) == ("w.csv", row, column)
    assert words in found.message


def test_only_a_total_column():
    with pytest.raises(InputError, match="no region columns"):
        read_bytes(b"time,Total\n2025-10-10T06:00Z,5\n", "w.csv", format="wide", service="power")


@pytest.mark.parametrize("data,is_wide", [
    (WIDE, True),
    (b"Date;Kyiv;Lviv\n10.10.2025;5;6\n", True),
    (b"when,Kyiv,Lviv\n2025-10-10T06:00Z,5,\n", True),  # time told by its values
    (b"time,Kyiv,Lviv\n2025-10-10T06:00Z,5,1 234\n", True),
    (b"time,region,out\n2025-10-10T06:00Z,Kyiv,5\n", False),  # tidy
    (b"time,Kyiv,out\n2025-10-10T06:00Z,5,6\n", False),  # a count column: tidy
    (b"time,Kyiv,Lviv\n2025-10-10T06:00Z,5,many\n", False),  # text values
    (b"label,Kyiv\nmorning,5\n", False),  # no time column
    (b"time\n2025-10-10T06:00Z\n", False),
    (b'[{"time": 1}]', False),
    (b"time,Kyiv\n", False),
])
def test_sniff(data, is_wide):
    assert wide.sniff(data, "w.csv") is is_wide
