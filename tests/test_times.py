"""outages.times: fixed formats, zones required for naive times, day/month order from evidence,
DST gaps and overlaps."""

import pandas as pd
import pytest

from outages.errors import InputError
from outages.times import localize, parse_times, zone


def parse(values, tz=None):
    rows = pd.Series(range(2, len(values) + 2))
    out = parse_times(pd.Series(values, dtype="string"), rows, file="f.csv", column="time", tz=tz)
    return [t.isoformat() for t in out]


def problem(values, tz=None):
    with pytest.raises(InputError) as info:
        parse(values, tz)
    return info.value.problems[0]


@pytest.mark.parametrize("values,tz,expected", [
    (["2025-10-10T06:00:00+03:00"], None, ["2025-10-10T03:00:00+00:00"]),
    (["2025-10-10T06:00:00Z"], None, ["2025-10-10T06:00:00+00:00"]),
    (["2025-10-10 06:00 +0300"], None, ["2025-10-10T03:00:00+00:00"]),
    (["2025-10-10T06:00:00+05:30"], None, ["2025-10-10T00:30:00+00:00"]),
    (["2025-10-10T06:00:00.250Z"], None, ["2025-10-10T06:00:00.250000+00:00"]),
    # offsets given: a stated zone changes nothing
    (["2025-10-10T06:00:00+03:00"], "America/Chicago", ["2025-10-10T03:00:00+00:00"]),
    (["2025-10-10T06:00"], "Europe/Kyiv", ["2025-10-10T03:00:00+00:00"]),
    (["2025-01-10T06:00"], "Europe/Kyiv", ["2025-01-10T04:00:00+00:00"]),  # winter: +02:00
    (["2025-10-10"], "Europe/Kyiv", ["2025-10-09T21:00:00+00:00"]),
    (["2025/10/10", "2025/10/11 06:00"], "UTC",
     ["2025-10-10T00:00:00+00:00", "2025-10-11T06:00:00+00:00"]),
    # dotted dates are day first
    (["03.04.2025 06:00"], "UTC", ["2025-04-03T06:00:00+00:00"]),
    (["10.10.2025 06:00", "13.10.2025 7:05:09"], "UTC",
     ["2025-10-10T06:00:00+00:00", "2025-10-13T07:05:09+00:00"]),
    # slashes: the order follows from a value above 12
    (["13/10/2025", "10/12/2025"], "UTC", ["2025-10-13T00:00:00+00:00",
                                           "2025-12-10T00:00:00+00:00"]),
    (["10/13/2025 06:00", "10/12/2025 06:00"], "UTC", ["2025-10-13T06:00:00+00:00",
                                                       "2025-10-12T06:00:00+00:00"]),
    # day equal to month reads the same either way
    (["10/10/2025 06:00"], "UTC", ["2025-10-10T06:00:00+00:00"]),
])
def test_parses(values, tz, expected):
    assert parse(values, tz) == expected


def test_result_is_utc_microseconds_with_the_input_index():
    values = pd.Series(["2025-10-10T06:00:00Z"] * 2, index=[7, 9], dtype="string")
    out = parse_times(values, pd.Series([2, 3]), file="f", column="t")
    assert str(out.dtype) == "datetime64[us, UTC]"
    assert list(out.index) == [7, 9]


@pytest.mark.parametrize("values,tz,row,words", [
    (["yesterday"], "UTC", 2, "cannot read time 'yesterday'"),
    (["2025-10-10", ""], "UTC", 3, "time is missing"),
    (["2025-13-10 06:00"], "UTC", 2, "not a valid date"),
    (["31.02.2025"], "UTC", 2, "not a valid date"),
    (["03/04/2025", "05/06/2025"], "UTC", 2, "ambiguous dates such as '03/04/2025'"),
    (["10/10/2025", "03/04/2025"], "UTC", 3, "ambiguous dates such as '03/04/2025'"),
    (["13/10/2025", "10/13/2025"], "UTC", 3, "day/month order differs"),
    (["2025-10-10 06:00", "10.10.2025 06:00"], "UTC", 3, "mixed time formats"),
    (["2025-10-10T06:00:00+03:00", "2025-10-10T07:00:00"], None, 3, "has no UTC offset"),
    (["10.10.2025 06:00", "10.10.2025"], "UTC", 3, "has no clock time"),
    (["2025-03-30 03:30"], "Europe/Kyiv", 2, "does not exist in Europe/Kyiv"),
    (["2025-10-26 03:30"], "Europe/Kyiv", 2, "happens twice in Europe/Kyiv"),
])
def test_rejects_naming_row_and_column(values, tz, row, words):
    found = problem(values, tz)
    assert (found.row, found.column, found.file) == (row, "time", "f.csv")
    assert words in found.message


def test_naive_times_need_a_zone():
    found = problem(["2025-10-10T06:00"])
    assert found.column == "time"
    assert "--tz Europe/Kyiv" in found.message


def test_unknown_zone():
    found = problem(["2025-10-10T06:00"], tz="Mars/Olympus")
    assert "unknown time zone 'Mars/Olympus'" in found.message


def test_zone():
    assert str(zone("Europe/Kyiv", "f")) == "Europe/Kyiv"
    with pytest.raises(InputError, match="unknown time zone"):
        zone("Nowhere/Town", "f")


def test_distinct_values_reported_at_their_first_row():
    with pytest.raises(InputError) as info:
        parse(["2025-10-10", "soon", "soon", "later"], "UTC")
    assert [(p.row, p.message.split(":")[0]) for p in info.value.problems] == [
        (3, "cannot read time 'soon'"), (5, "cannot read time 'later'")]


NAIVE = pd.Series(pd.to_datetime(["2025-03-30 03:30", "2025-10-26 03:30", "2025-10-10 06:00"]))


def test_localize_strict_rejects_gaps_and_overlaps():
    with pytest.raises(InputError) as info:
        localize(NAIVE, "Europe/Kyiv", pd.Series([2, 3, 4]), file="f", column="t")
    assert [(p.row, p.column) for p in info.value.problems] == [(2, "t"), (3, "t")]


def test_localize_lenient_shifts_gap_forward_and_takes_earlier_overlap():
    out, warnings = localize(NAIVE, "Europe/Kyiv", pd.Series([2, 3, 4]), file="f", column="t",
                             strict=False)
    # 03:30 does not exist (02:59 +02:00 -> 04:00 +03:00): read with the offset before the gap,
    # i.e. 01:30 UTC (04:30 local); 03:30 happens twice: the earlier is 03:30 +03:00.
    assert [t.isoformat() for t in out] == ["2025-03-30T01:30:00+00:00",
                                            "2025-10-26T00:30:00+00:00",
                                            "2025-10-10T03:00:00+00:00"]
    assert [(w.row, "does not exist" in w.message, "happens twice" in w.message)
            for w in warnings] == [(2, True, False), (3, False, True)]
    # the warnings say what was done, not what to fix
    assert "moved forward by the gap" in warnings[0].message
    assert "read as the earlier of the two" in warnings[1].message
    assert str(out.dtype) == "datetime64[us, UTC]"


def test_localize_keeps_missing_times():
    naive = pd.Series(pd.to_datetime(["2025-03-30 01:30", None]))
    out, warnings = localize(naive, "Europe/Kyiv", pd.Series([2, 3]), file="f", column="t")
    assert out.iloc[0].isoformat() == "2025-03-29T23:30:00+00:00"
    assert pd.isna(out.iloc[1])
    assert warnings == []


@pytest.mark.parametrize("values,tz,row,shown", [
    (["2025-10-10T06:00Z", "0001-10-10T06:00Z"], None, 3, "'0001-10-10T06:00Z'"),
    (["9999-12-31T23:59:59+03:00"], None, 2, "'9999-12-31T23:59:59+03:00'"),
    (["1899-12-31 23:00"], "UTC", 2, "'1899-12-31 23:00'"),
    (["2200-01-01"], "UTC", 2, "'2200-01-01'"),
    (["2025/10/10", "0999/10/10"], "UTC", 3, "'0999/10/10'"),
    (["10.10.2025", "10.10.0002 06:00"], "UTC", 3, "'10.10.0002 06:00'"),
])
def test_implausible_years_are_rejected(values, tz, row, shown):
    found = problem(values, tz)
    assert (found.row, found.column) == (row, "time")
    assert found.message == (f"implausible year in {shown}: times must fall between 1900 and "
                             "2199 (a typo or a placeholder date?)")


def test_the_years_at_the_edges_are_accepted():
    assert parse(["1900-01-01T00:00Z", "2199-12-31T23:59Z"]) == [
        "1900-01-01T00:00:00+00:00", "2199-12-31T23:59:00+00:00"]
