"""Tidy CSV and JSON: header aliases, ambiguity, the column mapping, services, zones, JSON
metadata and the failures a person can make, each named by row and column."""

import codecs
import json

import pandas as pd
import pytest

from outages.errors import InputError
from outages.limits import MAX_FIELD_CHARS, MAX_JSON_DEPTH
from outages.readers import read_bytes
from outages.readers.base import Options
from outages.readers.base import column_key as normalize
from outages.readers.tidy import ALIASES, match_columns

SIMPLE = (b"time,region,service,out\n"
          b"2025-10-10T06:00:00+03:00,Kyiv,power,800000\n"
          b"2025-10-10T15:00:00+03:00,Kyiv,power,380000\n")
KYIV_CP1251 = ("час;область;знеструмлено\n"
               "10.10.2025 06:00;Київ;800000\n"
               "10.10.2025 15:00;Київ;380000\n").encode("cp1251")
RECORDS = [{"timestamp": "2025-10-10T06:00:00+03:00", "region_id": "UA-30", "region_name": "Kyiv",
            "service": "power", "customers_out": 800000},
           {"timestamp": "2025-10-10T15:00:00+03:00", "region_id": "UA-30", "region_name": "Kyiv",
            "service": "power", "customers_out": 380000, "customers_restored": 420000}]
WITH_METADATA = {
    "name": "Kyiv strike", "description": "Two reported figures", "source": "Ministry of Energy",
    "license": "CC0", "timezone": "Europe/Kyiv", "caveats": ["Times are illustrative"],
    "annotations": [{"timestamp": "2025-10-10T05:30:00", "text": "Strike on energy facilities"}],
    "data": [{"time": "2025-10-10T06:00:00", "oblast": "Kyiv", "out": 800000}],
}


def read(data: bytes, name="f.csv", **kw):
    return read_bytes(data, name, **kw)


def problems(data: bytes, name="f.csv", **kw):
    with pytest.raises(InputError) as info:
        read_bytes(data, name, **kw)
    return info.value.problems


def test_simple_csv():
    result = read(SIMPLE)
    assert result.format == "csv" and result.encoding == "utf-8"
    table = result.table
    assert table["customers_out"].tolist() == [800000, 380000]
    assert [t.isoformat() for t in table["timestamp"]] == ["2025-10-10T03:00:00+00:00",
                                                          "2025-10-10T12:00:00+00:00"]
    # one region column serves as both id and name
    assert table["region_id"].tolist() == ["UA-30", "UA-30"]  # an oblast-level name, as ISO
    assert table["region_name"].tolist() == ["Kyiv", "Kyiv"]  # the name as written
    assert result.warnings == [] and result.metadata == {"restored_source": "derived"}


@pytest.mark.parametrize("header,service", [
    (b"time,region,service,out", None),
    (b"Time,Region,Service,Out", None),
    (b"DateTime,Oblast,Utility,Customers Without Power", None),
    (b"date,district,sector,customers-without-power", None),
    (b"timestamp,county,service,disconnected", None),
    (b"time,area,service,off", None),
    (b"time,region_code,service,customers_out", None),
    (b"time,name,service,outages", None),
    (b"time,region,service,sum", None),
    (b"time,iso,service,without_power", None),
    (b"time,region,out", "power"),
    (b"time,fips,out", "electricity"),
])
def test_header_aliases(header, service):
    data = header + b"\n2025-10-10T06:00Z,UA-30,power,5\n".replace(
        b",power", b"" if service else b",power")
    table = read(data, service=service).table
    assert table[["region_id", "service", "customers_out"]].values.tolist() == [
        ["UA-30", "power", 5]]


def test_id_and_name_columns():
    data = (b"time,code,name,service,out,restored,total\n"
            b"2025-10-10T06:00Z, UA-30 ,Kyiv,Power,5,1,10\n")
    table = read(data).table
    assert table.iloc[0][["region_id", "region_name", "service"]].tolist() == [
        "UA-30", "Kyiv", "power"]
    assert table.iloc[0][["customers_restored", "customers_total"]].tolist() == [1, 10]


def test_generic_region_column_is_the_name_beside_a_code():
    cols = match_columns(["time", "region_code", "region", "out"], "f")
    assert (cols["region_id"], cols["region_name"]) == ("region_code", "region")


@pytest.mark.parametrize("header,column,words", [
    (["time", "region", "area", "out"], "area", "'region' and 'area' could both be the region"),
    (["date", "time", "region", "out"], "time", "'date' and 'time' could both be the time"),
    (["time", "region", "out", "Out "], "Out ", "'out' and 'Out ' could both be"),
    (["time", "code", "fips", "out"], "fips", "could both be the region code"),
    (["time", "region", "total", "served", "out"], "served", "customers served"),
])
def test_ambiguous_header_is_an_error(header, column, words):
    with pytest.raises(InputError) as info:
        match_columns(header, "f.csv")
    found = info.value.problems[0]
    assert (found.row, found.column) == (1, column)
    assert words in found.message and "column mapping" in found.message


def test_ambiguous_header_in_a_file():
    found = problems(b"time,region,oblast,out\n2025-10-10T06:00Z,Kyiv,Kyiv,5\n",
                     service="power")[0]
    assert (found.file, found.row, found.column) == ("f.csv", 1, "oblast")


@pytest.mark.parametrize("header,words", [
    (b"region,out", "no column for the time of each figure"),
    (b"time,out", "no column for the region"),
    (b"time,region,count", "no column for the number of customers cut off"),
])
def test_missing_columns(header, words):
    found = problems(header + b"\n" + b",".join([b"1"] * (header.count(b",") + 1)) + b"\n",
                     service="power")
    assert any(words in p.message and p.row == 1 for p in found)


def test_mapping_overrides_aliases():
    data = b"when,place,oblast,count\n2025-10-10T06:00Z,Kyiv city,Kyiv oblast,5\n"
    mapping = {"timestamp": "when", "region_name": "place", "customers_out": "count"}
    table = read(data, options=Options(service="power", mapping=mapping)).table
    assert table.iloc[0][["region_id", "region_name", "customers_out"]].tolist() == [
        "UA-32", "Kyiv city", 5]  # the oblast column, its name in ISO 3166-2


@pytest.mark.parametrize("mapping,words", [
    ({"customers_out": "nope"}, "the column mapping names 'nope', which is not in the file"),
    ({"people": "out"}, "uses 'people', which is not a column we know"),
])
def test_bad_mapping(mapping, words):
    found = problems(SIMPLE, options=Options(mapping=mapping))[0]
    assert words in found.message


def test_service_column_required_without_option():
    found = problems(b"time,region,out\n2025-10-10T06:00Z,Kyiv,5\n")[0]
    assert "--service power" in found.message


def test_unknown_service_option():
    found = problems(b"time,region,out\n2025-10-10T06:00Z,Kyiv,5\n", service="plumbing")[0]
    assert "unknown service 'plumbing'" in found.message


def test_service_option_fills_blank_service_cells():
    data = b"time,region,service,out\n2025-10-10T06:00Z,Kyiv,,5\n2025-10-10T06:00Z,Kyiv,water,7\n"
    table = read(data, service="power").table
    assert sorted(table["service"]) == ["power", "water"]


def test_cp1251_ukrainian_export():
    result = read(KYIV_CP1251, tz="Europe/Kyiv", service="світло")
    assert result.encoding == "cp1251"
    assert result.table["region_name"].tolist() == ["Київ", "Київ"]
    assert result.table["service"].tolist() == ["power", "power"]
    assert result.table["timestamp"].iloc[0].isoformat() == "2025-10-10T03:00:00+00:00"


@pytest.mark.parametrize("data", [
    codecs.BOM_UTF8 + SIMPLE,
    SIMPLE.replace(b",", b";"),
    SIMPLE.replace(b",", b"\t"),
    SIMPLE.replace(b"\n", b"\r\n"),
    SIMPLE.decode().encode("utf-16"),
])
def test_encodings_and_delimiters(data):
    assert read(data).table["customers_out"].tolist() == [800000, 380000]


@pytest.mark.parametrize("data,tz,row,words", [
    (b"time,region,out\n2025-10-10 06:00,Kyiv,5\n", None, None, "--tz Europe/Kyiv"),
    (b"time,region,out\n2025-03-30 02:30,Kyiv,5\n2025-03-30 03:30,Kyiv,6\n", "Europe/Kyiv", 3,
     "does not exist in Europe/Kyiv"),
    (b"time,region,out\n2025-10-26 03:30,Kyiv,5\n", "Europe/Kyiv", 2, "happens twice"),
    (b"time,region,out\n03/04/2025 06:00,Kyiv,5\n05/06/2025 06:00,Kyiv,6\n", "UTC", 2,
     "ambiguous dates"),
    (b"time,region,out\n2025-10-10 06:00,Kyiv,5\n10.10.2025 07:00,Kyiv,6\n", "UTC", 3,
     "mixed time formats"),
    (b"time,region,out\n2025-10-10T06:00Z,Kyiv,5\nsoon,Kyiv,6\n", None, 3, "cannot read time"),
])
def test_time_problems_name_row_and_column(data, tz, row, words):
    found = problems(data, tz=tz, service="power")[0]
    assert (found.row, found.column) == (row, "time")
    assert words in found.message


def test_unused_columns_are_mentioned():
    data = b"time,region,out,note\n2025-10-10T06:00Z,Kyiv,5,reported\n"
    warnings = read(data, service="power").warnings
    assert [str(w) for w in warnings] == ["f.csv, row 1: columns not used: 'note'"]


def test_json_records():
    result = read(json.dumps(RECORDS).encode(), "k.json")
    assert result.format == "json"
    assert result.table["customers_restored"].tolist()[1] == 420000
    assert result.metadata["restored_source"] == "reported"


def test_json_with_metadata():
    result = read(json.dumps(WITH_METADATA).encode(), "k.json", service="power")
    meta = result.metadata
    assert {k: meta[k] for k in ("name", "licence", "timezone", "caveats")} == {
        "name": "Kyiv strike", "licence": "CC0", "timezone": "Europe/Kyiv",
        "caveats": ["Times are illustrative"]}
    # naive times read in the dataset's own zone, annotations too
    assert result.table["timestamp"].iloc[0].isoformat() == "2025-10-10T03:00:00+00:00"
    assert meta["annotations"] == [{"timestamp": "2025-10-10T02:30:00Z",
                                    "text": "Strike on energy facilities"}]


def test_json_unknown_keys_warn():
    doc = {"data": RECORDS, "author": "me"}
    warnings = read(json.dumps(doc).encode(), "k.json").warnings
    assert [w.message for w in warnings] == ["keys not used: 'author'"]


def test_json_numbers_as_region_ids():
    records = [{"time": "2025-10-10T06:00Z", "fips": 25001.0, "out": 5},
               {"time": "2025-10-10T06:00Z", "fips": 25003, "out": 6}]
    table = read(json.dumps(records).encode(), "k.json", service="power").table
    assert table["region_id"].tolist() == ["25001", "25003"]


def deep_json(depth: int) -> bytes:
    return b'{"data": [{"time": "x", "region": "y", "out": ' + b"[" * depth + b"]" * depth + b"}]}"


def test_deep_json_rejected_before_parsing():
    found = problems(deep_json(100_000), "deep.json")[0]
    assert f"nested more than {MAX_JSON_DEPTH} levels" in found.message


def test_brackets_inside_strings_do_not_count_as_depth():
    records = [{"time": "2025-10-10T06:00Z", "region": "[" * 50 + '"{', "out": 1}]
    table = read(json.dumps(records).encode(), "k.json", service="power").table
    assert table["region_id"].tolist() == ["[" * 50 + '"{']


@pytest.mark.parametrize("doc,row,column,words", [
    ([{**RECORDS[0]}, {**RECORDS[0], "customers_out": -1}], 2, "customers_out", "negative"),
    ([RECORDS[0], RECORDS[0] | {"customers_out": 2.5}], 2, "customers_out", "not a whole"),
    ([RECORDS[0], RECORDS[0] | {"customers_out": True}], 2, "customers_out",
     "customers_out must be a JSON number, not true"),
    ([RECORDS[0], RECORDS[0] | {"region_id": {"a": 1}}], 2, "region_id", "expected a single"),
    ([RECORDS[0], RECORDS[0] | {"timestamp": None}], 2, "timestamp", "time is missing"),
    ([RECORDS[0], "oops"], 2, None, "not an object"),
    ({"rows": RECORDS}, None, None, '"data" list'),
    ({"data": RECORDS, "caveats": 3}, None, "caveats", "list of texts"),
    ({"data": RECORDS, "timezone": "Kyiv"}, None, None, "unknown time zone 'Kyiv'"),
    ({"data": RECORDS, "annotations": [{"text": "x"}]}, 1, "annotations", "annotations"),
    ({"data": []}, None, None, "no data rows"),
    (7, None, None, "expected a list of records"),
])
def test_json_problems(doc, row, column, words):
    found = problems(json.dumps(doc).encode(), "k.json")[0]
    assert (found.file, found.row, found.column) == ("k.json", row, column)
    assert words in found.message


def json_records(*counts: str, key: str = "customers_out") -> bytes:
    """JSON records, one an hour, whose counts are written as given (raw JSON text)."""
    items = [f'{{"time": "2025-10-10T0{i}:00:00Z", "region": "Kyiv", "service": "power", '
             f'"{key}": {count}}}' for i, count in enumerate(counts, start=1)]
    return ("[" + ", ".join(items) + "]").encode()


@pytest.mark.parametrize("count,words", [
    ('"1200"', "customers_out must be a JSON number, not the text '1200'"),
    ('""', "customers_out must be a JSON number, not the text ''"),
    ("true", "customers_out must be a JSON number, not true"),
    ("false", "customers_out must be a JSON number, not false"),
    ("-0", "customers_out is -0; a count of customers is 0 or more: write 0"),
    ("-0.0", "customers_out is -0; a count of customers is 0 or more: write 0"),
    ("NaN", "customers_out must be a JSON number, not NaN (JSON has no such value)"),
    ("-Infinity", "must be a JSON number, not -Infinity (JSON has no such value)"),
    ("1e400", "1e+300 is larger than any real count"),
    ("1" + "0" * 400, "1e+300 is larger than any real count"),
])
def test_json_counts_must_be_json_numbers(count, words):
    [found] = problems(json_records("5", count), "k.json")
    assert (found.row, found.column) == (2, "customers_out")
    assert words in found.message


def test_json_count_problems_name_the_files_key_and_come_in_one_pass():
    data = json_records('"1200"', "true", "-0", "7", '"x"', key="out")
    found = problems(data.replace(b'04:00:00Z", "region": "Kyiv"',
                                  b'04:00:00Z", "region": "=Kyiv"'), "k.json")
    assert [(p.row, p.column) for p in found] == [(1, "out"), (2, "out"), (3, "out"),
                                                  (4, "region"), (5, "out")]
    assert found[0].message == "out must be a JSON number, not the text '1200'"
    assert "np." not in " ".join(p.message for p in found)


@pytest.mark.parametrize("counts,expected", [
    (("0", "1200", "null"), [0, 1200, None]),  # null: blank, reported for customers_out only
    (("1200.0", "7", "0.0"), [1200, 7, 0]),
])
def test_json_numbers_stay_counts(counts, expected):
    data = json.dumps([{"time": f"2025-10-10T0{i}:00:00Z", "region": "Kyiv", "service": "power",
                        "out": 5, "restored": json.loads(c)} for i, c in enumerate(counts, 1)])
    table = read(data.encode(), "k.json").table
    assert [None if pd.isna(v) else v for v in table["customers_restored"]] == expected


def test_minus_zero_in_text_and_times_is_not_a_count_problem():
    data = json_records("0", "3").replace(b'"Kyiv"', b'"Kyiv-0"')
    assert read(data, "k.json").table["region_name"].tolist() == ["Kyiv-0", "Kyiv-0"]


RECORD = json.dumps(RECORDS[0])[1:-1]  # the pairs of one record, to write keys twice
TOO_LONG = "x" * (MAX_FIELD_CHARS + 1)
NOTE = {"timestamp": "2025-10-10T06:00:00+03:00", "text": "Strike"}


@pytest.mark.parametrize("text,row,column,words", [
    ('[{REC}, {REC, "region_id": "UA-46"}]', 2, "region_id",
     "the key 'region_id' is given twice in this record; keep one"),
    ('[{REC, "note": 1, "note": 2}]', 1, "note", "the key 'note' is given twice"),
    ('{"data": [{REC}], "name": "a", "name": "b"}', None, "name",
     "the key 'name' is given twice in the top-level object"),
    ('{"data": [{REC}], "data": []}', None, "data", "the key 'data' is given twice"),
    ('{"data": [{REC}], "annotations": [{"timestamp": "2025-10-10T06:00Z", "text": "a", '
     '"text": "b"}]}', 1, "annotations", "the key 'text' is given twice in this annotation"),
])
def test_json_keys_given_twice_are_rejected(text, row, column, words):
    found = problems(text.replace("REC", RECORD).encode(), "k.json")[0]
    assert (found.row, found.column) == (row, column)
    assert words in found.message


def test_the_same_key_in_different_records_is_fine():
    assert len(read(json.dumps(RECORDS).encode(), "k.json").table) == 2


@pytest.mark.parametrize("extra,row,column,words", [
    ({"description": TOO_LONG}, None, "description",
     f'"description" is {MAX_FIELD_CHARS + 1:,} characters long; the limit is '
     f"{MAX_FIELD_CHARS:,}"),
    ({"name": TOO_LONG}, None, "name", '"name" is'),
    ({"source": TOO_LONG}, None, "source", '"source" is'),
    ({"license": TOO_LONG}, None, "license", '"license" is'),
    ({"caveats": ["fine", TOO_LONG]}, 2, "caveats", "this caveat is"),
    ({"caveats": TOO_LONG}, 1, "caveats", "this caveat is"),
    ({"annotations": [NOTE, NOTE | {"text": TOO_LONG}]}, 2, "annotations",
     "this annotation's text is"),
    ({"annotations": [NOTE | {"text": "  "}]}, 1, "annotations", "this annotation's text is blank"),
])
def test_json_metadata_limits(extra, row, column, words):
    found = problems(json.dumps({"data": RECORDS, **extra}).encode(), "k.json")[0]
    assert (found.row, found.column) == (row, column)
    assert words in found.message


def test_json_metadata_at_the_limit_is_kept():
    text = "y" * MAX_FIELD_CHARS
    doc = {"data": RECORDS, "description": f"  {text}  ", "caveats": [text],
           "annotations": [NOTE | {"text": text}]}
    meta = read(json.dumps(doc).encode(), "k.json").metadata
    assert (meta["description"], meta["caveats"], meta["annotations"][0]["text"]) == (
        text, [text], text)


def test_invalid_json_names_line():
    found = problems(b'[{"a": 1},\n{"a": 2,}]', "k.json")[0]
    assert "not valid JSON" in found.message and "line 2" in found.message


def test_normalize():
    assert normalize("  Customers - Without  Power ") == "customers_without_power"
    assert normalize("Область") == "область"


def test_alias_table_has_no_spelling_twice():
    spellings = [s for values in ALIASES.values() for s in values]
    assert len(spellings) == len(set(spellings))
    assert all(normalize(s) == s for s in spellings)


def test_json_records_over_the_row_limit_are_counted_before_parsing(monkeypatch):
    from outages.readers import tidy_json

    def never(*args, **kwargs):
        raise AssertionError("json.loads ran on a file over the row limit")

    monkeypatch.setattr(tidy_json, "MAX_ROWS", 3)
    monkeypatch.setattr(tidy_json.json, "loads", never)
    record = '{"time": "2025-10-10T06:00:00+03:00", "region": "Kyiv", "customers_out": 1}'
    for text in (f"[{', '.join([record] * 5)}]", f'{{"data": [{", ".join([record] * 5)}]}}'):
        with pytest.raises(InputError, match="the file has 5 records; the limit is 3"):
            tidy_json.read_json(text.encode(), "many.json", Options(service="power"))
