"""outages.validate.check_table: errors reject the file naming row and column; warnings flag
possible but suspicious data."""

import numpy as np
import pandas as pd
import pytest

from outages import schema
from outages.errors import InputError
from outages.limits import MAX_FIELD_CHARS
from outages.validate import MAX_PROBLEMS, check_table

T0 = pd.Timestamp("2025-10-10T06:00:00Z")


def raw(rows, *, columns=("hour", "region_id", "service", "customers_out"), **attrs):
    """A reader's raw frame from tuples; 'hour' becomes a UTC timestamp; _row counts from 2."""
    frame = pd.DataFrame(list(rows), columns=list(columns))
    if "hour" in frame:
        frame.insert(0, "timestamp", T0 + pd.to_timedelta(frame.pop("hour"), unit="h"))
    if "region_name" not in frame:
        frame["region_name"] = frame["region_id"]
    frame["_row"] = np.arange(2, len(frame) + 2)
    frame.attrs.update(attrs)
    return frame


def text(values):
    return pd.Series(values, dtype="string")


def errors(frame, **kw):
    with pytest.raises(InputError) as info:
        check_table(frame, "f.csv", **kw)
    return info.value.problems


def warnings_of(frame, **kw):
    return check_table(frame, "f.csv", **kw)[1]


def test_clean_table_is_canonical_and_sorted():
    frame = raw([(1, "Lviv", "power", "6"), (0, "Kyiv", "electricity", "5"),
                 (0, "Lviv", "power", "7"), (2, "Kyiv", "Water", "0")])
    table, warnings = check_table(frame, "f.csv")
    assert list(table.columns) == list(schema.COLUMNS)
    assert {c: str(t) for c, t in table.dtypes.items()} == schema.DTYPES
    assert table[["service", "region_id", "customers_out"]].values.tolist() == [
        ["power", "Kyiv", 5], ["power", "Lviv", 7], ["power", "Lviv", 6], ["water", "Kyiv", 0]]
    assert [w.message.split(" (")[0] for w in warnings] == ["2 region(s) have a single observation"]


def test_regions_stripped_and_names_default_to_ids():
    frame = raw([(0, " UA-30 ", "power", "5", ""), (1, "UA-30", "power", "6", "Kyiv"),
                 (0, "UA-46", "power", "1", None)],
                columns=("hour", "region_id", "service", "customers_out", "region_name"))
    table = check_table(frame, "f.csv")[0]
    assert sorted(set(zip(table["region_id"], table["region_name"], strict=True))) == [
        ("UA-30", "Kyiv"), ("UA-46", "UA-46")]


@pytest.mark.parametrize("value,row_words", [
    ("-5", "'-5' is negative"),
    ("12.5", "'12.5' is not a whole number"),
    ("1.234", "if '.' separates thousands here, remove it"),
    ("many", "'many' is not a number"),
    ("nan", "'nan' is not a number"),
    ("", "blank; write 0"),
    (None, "blank; write 0"),
    ("99999999999", "larger than any real count"),
])
def test_bad_counts(value, row_words):
    frame = raw([(0, "Kyiv", "power", "5"), (1, "Kyiv", "power", value)],
                source_columns={"customers_out": "out"})
    found = errors(frame)
    assert [(p.file, p.row, p.column) for p in found] == [("f.csv", 3, "out")]
    assert row_words in found[0].message


def test_true_and_false_counts_are_named_as_written():
    frame = raw([(0, "Kyiv", "power", True), (1, "Kyiv", "power", False)])
    assert [p.message for p in errors(frame)] == ["true is not a number", "false is not a number"]


def test_counts_of_the_wrong_type_found_by_the_reader_join_the_other_problems():
    frame = raw([(0, "Kyiv", "power", 5.0), (1, "=Kyiv", "power", 6.0),
                 (2, "Kyiv", "power", np.nan)],
                count_types={"customers_out": {2: "customers_out must be a JSON number, not true"}})
    found = errors(frame)
    assert [(p.row, p.column) for p in found] == [(3, "region_id"), (4, "customers_out")]
    assert found[1].message == "customers_out must be a JSON number, not true"  # not "blank"


@pytest.mark.parametrize("value,expected", [
    ("12", 12), (" 12 ", 12), ("12.0", 12), ("1e3", 1000), ("+7", 7),
    ("1 234", 1234), ("1\u00a0234\u00a0567", 1234567), ("1,234", 1234), ("12,345,678", 12345678),
])
def test_counts_accepted(value, expected):
    table, warnings = check_table(raw([(0, "Kyiv", "power", value)]), "f.csv")
    assert table["customers_out"].tolist() == [expected]
    separators = [w for w in warnings if "between thousands" in w.message]
    assert len(separators) == (1 if (" " in value.strip() or "," in value
                                     or "\u00a0" in value) else 0)


def test_comma_is_a_decimal_mark_when_the_column_says_so():
    frame = raw([(0, "Kyiv", "power", "1,234"), (1, "Kyiv", "power", "0,5")])
    found = errors(frame)
    assert [(p.row, p.column) for p in found] == [(2, "customers_out"), (3, "customers_out")]
    assert all("comma reads as a decimal mark" in p.message for p in found)


def test_numeric_counts():
    frame = raw([(0, "Kyiv", "power", 5.0), (1, "Kyiv", "power", 6)])
    assert check_table(frame, "f.csv")[0]["customers_out"].tolist() == [5, 6]
    bad = raw([(0, "Kyiv", "power", 5.5), (1, "Kyiv", "power", -1.0)])
    assert [(p.row, p.message) for p in errors(bad)] == [
        (2, "5.5 is not a whole number"),
        (3, "-1 is negative; a count of customers cannot be below 0")]


COLS = ("hour", "region_id", "service", "customers_out", "customers_restored", "customers_total")


@pytest.mark.parametrize("row,column,words", [
    ((0, "Kyiv", "power", "11", "0", "10"), "customers_out", "customers_out 11 is above "
                                                             "customers_total 10"),
    ((0, "Kyiv", "power", "1", "11", "10"), "customers_restored", "customers_restored 11 is above"),
])
def test_more_than_served(row, column, words):
    found = errors(raw([row], columns=COLS))
    assert [(p.row, p.column) for p in found] == [(2, column)]
    assert words in found[0].message


def test_optional_counts_nullable():
    frame = raw([(0, "Kyiv", "power", "5", "", "10"), (1, "Kyiv", "power", "4", "1", "")],
                columns=COLS)
    table = check_table(frame, "f.csv")[0]
    assert table["customers_restored"].tolist() == [pd.NA, 1]
    assert table["customers_total"].tolist() == [10, pd.NA]
    assert str(table["customers_total"].dtype) == "Int64"


@pytest.mark.parametrize("service,words", [
    ("plumbing", "unknown service 'plumbing'; use one of power, water"),
    ("", "service is blank"),
    (None, "service is blank"),
])
def test_unknown_service(service, words):
    frame = raw([(0, "Kyiv", "power", "1"), (1, "Kyiv", service, "2")],
                source_columns={"service": "utility"})
    found = errors(frame)
    assert [(p.row, p.column) for p in found] == [(3, "utility")]
    assert words in found[0].message


def test_each_unknown_service_named_once_at_its_first_row():
    frame = raw([(0, "Kyiv", "gas", "1"), (1, "Kyiv", "sewage", "2"), (2, "Kyiv", "sewage", "2"),
                 (3, "Kyiv", "wifi", "2")])
    assert [p.row for p in errors(frame)] == [3, 5]


@pytest.mark.parametrize("region,words", [
    ("", "region id is blank"),
    ("   ", "region id is blank"),
    (None, "region id is blank"),
    ("x" * (MAX_FIELD_CHARS + 1), "characters; the limit is"),
])
def test_bad_region_ids(region, words):
    frame = raw([(0, "Kyiv", "power", "1"), (1, region, "power", "2")],
                source_columns={"region_id": "oblast"})
    found = errors(frame)
    assert [(p.row, p.column) for p in found] == [(3, "oblast")]
    assert words in found[0].message


def test_long_region_name():
    frame = raw([(0, "K", "power", "1", "x" * (MAX_FIELD_CHARS + 1))],
                columns=("hour", "region_id", "service", "customers_out", "region_name"))
    assert [(p.row, p.column) for p in errors(frame)] == [(2, "region_name")]


@pytest.mark.parametrize("region_id,name,column,words", [
    ("K", "<script>alert(1)</script>", "region_name", "looks like HTML or script"),
    ("<b>K</b>", "Kyiv", "region_id", "looks like HTML or script"),
    ("K", "=HYPERLINK(\"x\")", "region_name", "starts with '='"),
    ("K", "Kиїв", "region_name", "mixes Latin and Cyrillic letters"),
    ("K", "Kyiv\x00", "region_name", "control character"),
])
def test_names_must_be_plain_text(region_id, name, column, words):
    frame = raw([(0, "Lviv", "power", "1", "Lviv"), (1, region_id, "power", "1", name)],
                columns=("hour", "region_id", "service", "customers_out", "region_name"))
    found = errors(frame)
    assert [(p.row, p.column) for p in found] == [(3, column)]
    assert words in found[0].message


def test_region_with_two_names_keeps_the_first():
    frame = raw([(0, "UA-30", "power", "1", "Kyiv"), (1, "UA-30", "power", "2", "Київ")],
                columns=("hour", "region_id", "service", "customers_out", "region_name"))
    table, warnings = check_table(frame, "f.csv")
    assert set(table["region_name"]) == {"Kyiv"}
    assert any("named both 'Kyiv' and 'Київ'" in w.message and w.row == 3 for w in warnings)


def test_conflicting_duplicates_name_both_rows():
    frame = raw([(0, "Kyiv", "power", "5"), (1, "Kyiv", "power", "6"), (0, "Kyiv", "power", "7")])
    found = errors(frame)
    assert [(p.row, p.column) for p in found] == [(4, "customers_out")]
    assert "rows 2 and 4 give different figures for region 'Kyiv' (power) at " \
           "2025-10-10 06:00 UTC: customers_out 5 and 7" in found[0].message


def test_duplicates_are_per_service():
    frame = raw([(0, "Kyiv", "power", "5"), (0, "Kyiv", "water", "6")])
    assert len(check_table(frame, "f.csv")[0]) == 2


def test_identical_duplicates_dropped_with_a_warning():
    frame = raw([(0, "Kyiv", "power", "5"), (1, "Kyiv", "power", "6"), (0, "Kyiv", "power", "5")])
    table, warnings = check_table(frame, "f.csv")
    assert table["customers_out"].tolist() == [5, 6]
    assert [(w.row, w.message) for w in warnings] == [
        (4, "row 4 repeats row 2 exactly; 1 repeated row(s) were dropped")]


def test_missing_columns_and_empty_tables():
    frame = raw([(0, "Kyiv", "power", "5")]).drop(columns=["service"])
    assert "missing required column(s): 'service'" in errors(frame)[0].message
    assert "no data rows" in errors(raw([]))[0].message


def test_naive_datetimes_rejected_and_text_times_parsed():
    frame = raw([(0, "Kyiv", "power", "5")])
    frame["timestamp"] = frame["timestamp"].dt.tz_localize(None)
    assert "no time zone" in errors(frame)[0].message
    frame["timestamp"] = text(["2025-10-10T09:00:00+03:00"])
    assert check_table(frame, "f.csv")[0]["timestamp"].tolist() == [T0]


@pytest.mark.parametrize("when", ["1899-12-31T23:00Z", "2200-01-01T00:00Z", "0001-01-01T00:00Z"])
def test_implausible_years_in_times_a_reader_built(when):
    frame = raw([(0, "Kyiv", "power", "5"), (1, "Kyiv", "power", "4")],
                columns=("hour", "region_id", "service", "customers_out"), source_columns={
                    "timestamp": "run_start_time"})
    frame.loc[1, "timestamp"] = pd.Timestamp(when)
    found = errors(frame)
    assert [(p.row, p.column) for p in found] == [(3, "run_start_time")]
    assert found[0].message.startswith(f"implausible year in {pd.Timestamp(when):%Y-%m-%d %H:%M}")


def test_per_row_column_names_for_wide_files():
    frame = raw([(0, "Kyiv", "power", "5"), (0, "Lviv", "power", "-1")])
    frame["_column"] = ["Kyiv", "Lviv"]
    assert [(p.row, p.column) for p in errors(frame)] == [(3, "Lviv")]


def test_problems_sorted_by_row_and_capped():
    rows = [(h, "Kyiv", "power", "-1" if h % 2 else "x") for h in range(30)]
    rows.insert(0, (99, "", "power", "1"))
    found = errors(raw(rows))
    assert len(found) == MAX_PROBLEMS + 1
    listed = [p.row for p in found[:MAX_PROBLEMS]]
    assert listed == sorted(listed) and listed[0] == 2
    assert found[-1].message.startswith("and 11 more problems not listed")


def test_all_problem_kinds_reported_together():
    frame = raw([(0, "Kyiv", "power", "-1"), (1, "", "power", "1"), (2, "Kyiv", "gas!", "1")])
    assert [p.row for p in errors(frame)] == [2, 3, 4]


@pytest.mark.parametrize("rows,words,row", [
    ([(0, "K", "power", "50"), (0.25, "K", "power", "0"), (0.5, "K", "power", "48")],
     "falls to 0 for 'K' (power) and is back to 48 by row 4, within an hour", 3),
    ([(0, "K", "power", "50"), (1, "K", "power", "5000")],
     "jumps from 50 to 5,000 (more than 10-fold) for 'K' (power)", 3),
    ([(0, "K", "power", "5"), (1, "K", "power", "6"), (1, "L", "power", "1")],
     "1 region(s) have a single observation ('L')", 4),
    ([(0, "K", "power", "5"), (24 * 365 * 30, "K", "power", "6")],
     "1 time(s) are in the future", 3),
])
def test_warnings(rows, words, row):
    found = [w for w in warnings_of(raw(rows)) if words in w.message]
    assert [w.row for w in found] == [row]


def test_no_warnings_for_ordinary_data():
    rows = [(0, "K", "power", "50"), (1, "K", "power", "0"), (3, "K", "power", "40"),
            (0, "L", "power", "1"), (1, "L", "power", "12")]
    assert warnings_of(raw(rows)) == []


def test_restored_going_down_and_totals_missing():
    rows = [(0, "K", "power", "5", "10", "100"), (1, "K", "power", "4", "8", "100"),
            (0, "L", "power", "5", "", ""), (1, "L", "power", "4", "", "")]
    messages = [(w.row, w.message.split(";")[0]) for w in warnings_of(raw(rows, columns=COLS))]
    assert messages == [
        (3, "customers_restored goes down from 10 to 8 for 'K' (power)"),
        (4, "customers_total is missing for 1 region(s) ('L')")]


def test_validated_counts_skip_value_checks_but_not_totals_or_services():
    frame = raw([(0, "K", "power", 5, 0, 10), (1, "K", "power", 6, 1, 10)], columns=COLS)
    frame["customers_out"] = frame["customers_out"].astype("int64")
    table, _ = check_table(frame, "f.csv", validated_counts=True)
    assert table["customers_out"].tolist() == [5, 6]
    over = raw([(0, "K", "power", 11, 0, 10)], columns=COLS)
    assert "above" in errors(over, validated_counts=True)[0].message
    unknown = raw([(0, "K", "sewage", 1, 0, 10)], columns=COLS)
    assert "unknown service" in errors(unknown, validated_counts=True)[0].message


def test_unsorted_times_sorted_within_each_region():
    frame = raw([(2, "K", "power", "3"), (0, "K", "power", "1"), (1, "L", "power", "9"),
                 (1, "K", "power", "2"), (0, "L", "power", "8")])
    table = check_table(frame, "f.csv")[0]
    assert table["customers_out"].tolist() == [1, 2, 3, 8, 9]
