"""Format detection, the registry, read_bytes and read_path."""

import gzip
import io
import json
import zipfile

import pytest
from workbook import xlsx

import outages.readers as readers
from outages.errors import InputError, ReadResult
from outages.readers import FORMATS, detect, read_bytes, read_path

TIDY = b"time,region,service,out\n2025-10-10T06:00Z,Kyiv,power,5\n2025-10-10T07:00Z,Kyiv,power,3\n"
WIDE = b"time,Kyiv,Lviv\n2025-10-10T06:00Z,5,6\n2025-10-10T07:00Z,3,6\n"
RECORDS = json.dumps([{"time": "2025-10-10T06:00Z", "region": "Kyiv", "out": 5}]).encode()
DATA_OBJECT = json.dumps({"name": "x", "data": [{"time": "2025-10-10T06:00Z", "region": "Kyiv",
                                                 "out": 5}]}).encode()
TIDY_SHEET = xlsx({"Sheet1": [["time", "region", "service", "out"],
                              ["2025-10-10T06:00Z", "Kyiv", "power", 5]]})
WIDE_SHEET = xlsx({"Sheet1": [["time", "Kyiv", "Lviv"], ["2025-10-10T06:00Z", 5, 6],
                              ["2025-10-10T07:00Z", 3, None]]})


def fake_xlsx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    return buf.getvalue()


@pytest.mark.parametrize("data,name,fmt", [
    (TIDY, "t.csv", "csv"),
    (TIDY.replace(b",", b";"), "t.txt", "csv"),
    (WIDE, "w.csv", "wide"),
    (RECORDS, "r.json", "json"),
    (b"  \n" + DATA_OBJECT, "r.txt", "json"),
    (b"not json at all", "r.json", "json"),  # named .json: its reader says what is wrong
    (TIDY_SHEET, "t.xlsx", "csv"),  # an ordinary workbook: a tidy table
    (TIDY_SHEET, "t.csv", "csv"),  # the bytes decide, not the name
    (WIDE_SHEET, "w.xlsx", "wide"),
    (fake_xlsx(), "broken.xlsx", "csv"),  # its reader says it cannot be opened
])
def test_detect(data, name, fmt):
    assert detect(data, name) == fmt


@pytest.mark.parametrize("data,name,words", [
    (b"", "e.csv", "file is empty"),
    (b" \r\n\t", "e.csv", "file is empty"),
    (b"\xef\xbb\xbf\n", "e.csv", "file is empty"),
    (gzip.compress(TIDY), "outages.csv", "this is a gzip archive, not CSV text"),
    (b"\x00\x01binary\x02" * 10, "o.json", "this is a binary file, not JSON text"),
])
def test_detect_rejects(data, name, words):
    with pytest.raises(InputError) as info:
        detect(data, name)
    assert words in str(info.value)
    assert info.value.problems[0].file == name


def test_a_broken_workbook_is_named():
    with pytest.raises(InputError, match="broken.xlsx: cannot open the spreadsheet .*damaged"):
        read_bytes(fake_xlsx(), "broken.xlsx")


def test_workbook_results():
    tidy = read_bytes(TIDY_SHEET, "t.xlsx")
    assert (tidy.format, tidy.encoding, tidy.metadata["sheet"]) == ("csv", None, "Sheet1")
    wide = read_bytes(WIDE_SHEET, "w.xlsx", service="power")
    assert (wide.format, wide.encoding, wide.skipped) == ("wide", None, {"blank cells": 1})
    assert wide.table["customers_out"].tolist() == [5, 3, 6]


def test_registry_order_and_shape():
    names = list(FORMATS)
    assert names[-3:] == ["wide", "json", "csv"]
    specific = set(names[:-3])
    assert specific <= {"eaglei", "oe417", "purdue", "events"}
    assert all(f.name == n and callable(f.sniff) and callable(f.read) for n, f in FORMATS.items())


def test_registry_lists_each_reader():
    from outages.readers import eaglei, events, oe417, purdue, tidy, tidy_json, wide

    assert [f.read for f in FORMATS.values()] == [eaglei.read, oe417.read, purdue.read,
                                                  events.read, wide.read, tidy_json.read_json,
                                                  tidy.read]


def test_read_bytes_result():
    result = read_bytes(TIDY, "t.csv")
    assert isinstance(result, ReadResult)
    assert (result.format, result.encoding, result.skipped) == ("csv", "utf-8", {})
    assert result.table["customers_out"].tolist() == [5, 3]
    assert result.metadata == {"restored_source": "derived"}


def test_json_metadata_reaches_the_result():
    result = read_bytes(DATA_OBJECT, "d.json", service="power")
    assert result.metadata == {"name": "x", "restored_source": "derived"}


def test_format_override():
    # a tidy file forced through the wide reader fails there, not silently
    with pytest.raises(InputError, match="not a number"):
        read_bytes(TIDY, "t.csv", format="wide", service="power")
    assert read_bytes(WIDE, "w.csv", format="wide", service="power").format == "wide"


def test_unknown_format_name():
    with pytest.raises(InputError, match="unknown format 'xml'; known formats: .*csv"):
        read_bytes(TIDY, "t.csv", format="xml")


def test_options_and_keywords_combine():
    options = readers.Options(service="water", tz="UTC")
    result = read_bytes(b"time,region,out\n2025-10-10 06:00,Kyiv,5\n", "t.csv", options=options,
                        service="gas")
    assert result.table["service"].tolist() == ["gas"]


def test_errors_name_file_row_and_column():
    data = TIDY + b"2025-10-10T08:00Z,Kyiv,power,-4\n"
    with pytest.raises(InputError) as info:
        read_bytes(data, "kyiv.csv")
    assert str(info.value) == ("kyiv.csv, row 4, column 'out': '-4' is negative; a count of "
                               "customers cannot be below 0")


def test_read_path(tmp_path):
    path = tmp_path / "kyiv.csv"
    path.write_bytes(TIDY)
    assert read_path(path).table["region_id"].tolist() == ["UA-30", "UA-30"]


def test_read_path_checks_size_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.csv"
    path.write_bytes(TIDY)
    monkeypatch.setenv("OUTAGES_MAX_FILE_MB", str(10 / 1024**2))
    monkeypatch.setattr(type(path), "read_bytes", lambda self: pytest.fail("file was read"))
    with pytest.raises(InputError, match="the limit is"):
        read_path(path)


@pytest.mark.parametrize("make,words", [
    (lambda p: p / "missing.csv", "no such file"),
    (lambda p: p, "this is a folder"),
])
def test_read_path_problems(tmp_path, make, words):
    with pytest.raises(InputError, match=words):
        read_path(make(tmp_path))
