"""Ordinary tidy and wide tables in workbooks (outages.readers.sheet, through read_bytes)."""

import datetime as dt
import io
import zipfile

import pytest
from workbook import ERROR, xlsx

from outages.errors import InputError
from outages.limits import MAX_FIELD_CHARS
from outages.readers import read_bytes, sheet
from outages.readers.base import Options

D = dt.datetime
COLS = ["time", "region", "service", "customers_out"]
ROWS = [[D(2025, 10, 10, 6), "Kyiv", "power", 1200], [D(2025, 10, 10, 7), "Kyiv", "power", 900]]
KYIV = Options(tz="Europe/Kyiv")


def rejected(data: bytes, options: Options = KYIV, name: str = "t.xlsx"):
    with pytest.raises(InputError) as info:
        read_bytes(data, name, options=options)
    return info.value.problems[0]


@pytest.mark.parametrize("value,text", [
    ("Kyiv", "Kyiv"), (1200.0, "1200"), (900.5, "900.5"), (-3.0, "-3"), (7, "7"),
    (1e20, "1e+20"), (True, "TRUE"), (False, "FALSE"), (None, ""),
    (D(2025, 10, 10, 6, 30), "2025-10-10 06:30:00"),
    (D(2025, 10, 10, 6, 30, 0, 250000), "2025-10-10 06:30:00.250000"),
    (dt.date(2025, 10, 10), "2025-10-10"), (dt.time(6, 30), "06:30:00"),
])
def test_cell_text(value, text):
    assert sheet.cell_text(value) == text


@pytest.mark.parametrize("j,letter", [(0, "A"), (1, "B"), (25, "Z"), (26, "AA"), (701, "ZZ"),
                                      (702, "AAA")])
def test_column_letter(j, letter):
    assert sheet.column_letter(j) == letter


def zipped(name: str, body: bytes = b"x") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(name, body)
    return buf.getvalue()


@pytest.mark.parametrize("data,kind", [
    (xlsx({"S": [["a"]]}), "xlsx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "xls"),
    (zipped("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"), "ods"),
    (zipped("outages.csv"), None),  # a zip archive, not a workbook
    (xlsx({"S": [["a"]]})[:-100], "xlsx"),  # damaged: its reader says so
    (b"time,region\n", None),
])
def test_workbook_kind(data, kind):
    assert sheet.workbook_kind(data) == kind


def test_workbook_kind_survives_any_zip_damage():
    data = bytearray(xlsx({"S": [["a"]]}))
    at = data.index(b"PK\x01\x02") + 6  # the central directory's "version needed to extract"
    data[at:at + 2] = (200).to_bytes(2, "little")  # zipfile raises NotImplementedError
    assert sheet.workbook_kind(bytes(data)) == "xlsx"


def test_a_tidy_sheet_reads_like_csv():
    result = read_bytes(xlsx({"Outages": [COLS, *ROWS]}), "t.xlsx", options=KYIV)
    assert (result.format, result.encoding, result.metadata["sheet"]) == ("csv", None, "Outages")
    assert [str(t) for t in result.table["timestamp"]] == ["2025-10-10 03:00:00+00:00",
                                                           "2025-10-10 04:00:00+00:00"]
    assert result.table["customers_out"].tolist() == [1200, 900]


def test_date_cells_need_a_zone_like_naive_csv_times():
    problem = rejected(xlsx({"S": [COLS, *ROWS]}), Options())
    assert (problem.row, problem.column) == (None, "time")
    assert "have no time zone" in problem.message and "--tz" in problem.message


def test_text_times_with_an_offset_need_no_zone():
    rows = [["2025-10-10T06:00:00+03:00", "Kyiv", "power", 1200]]
    result = read_bytes(xlsx({"S": [COLS, *rows]}), "t.xlsx")
    assert str(result.table["timestamp"].iloc[0]) == "2025-10-10 03:00:00+00:00"


def test_date_only_cells_are_midnight():
    rows = [[dt.date(2025, 10, 10), "Kyiv", "power", 5],
            [dt.date(2025, 10, 11), "Kyiv", "power", 0]]
    result = read_bytes(xlsx({"S": [COLS, *rows]}), "t.xlsx", tz="UTC")
    assert [str(t) for t in result.table["timestamp"]] == ["2025-10-10 00:00:00+00:00",
                                                           "2025-10-11 00:00:00+00:00"]


def test_rows_are_numbered_as_the_sheet_shows_them():
    # blank rows above the header, a blank column A, a blank row inside the table
    rows = [[], [], [None, *COLS], [None, *ROWS[0]], [], [None, D(2025, 10, 10, 7), "Kyiv",
                                                           "power", "many"]]
    problem = rejected(xlsx({"S": rows}))
    assert (problem.row, problem.column) == (6, "customers_out")
    assert "'many' is not a number" in problem.message


def test_header_problems_name_the_header_row():
    rows = [["Outages"], [], ["when", "region", "service", "customers_out"], ROWS[0]]
    problem = rejected(xlsx({"S": rows[2:]}, first_row=3))
    assert problem.row == 3
    assert "no column for the time of each figure" in problem.message


@pytest.mark.parametrize("rows,row,column,words", [
    ([["Outages in Kyiv"], [], COLS, ROWS[0]], 1, "column B",
     "column B has values but no name in its header row (row 1 of sheet 'S', the first row "
     "with anything in it: remove any title rows above the header)"),
    ([["time", "region", "region", "customers_out"], ROWS[0]], 1, "region",
     "names column 'region' twice (column B and column C)"),
    ([COLS], 1, None, "no data rows: sheet 'S' has a header row and nothing below it"),
    ([COLS, [D(2025, 10, 10, 6), "K" * (MAX_FIELD_CHARS + 1), "power", 5]], 2, "region",
     f"a value of {MAX_FIELD_CHARS + 1:,} characters"),
    ([["x" * (MAX_FIELD_CHARS + 1), *COLS[1:]], ROWS[0]], 1, "column A",
     "the header cell holds"),
    ([COLS, ROWS[0], [D(2025, 10, 10, 7), "Kyiv", "power", 900.5]], 3, "customers_out",
     "'900.5' is not a whole number"),
    ([COLS, ROWS[0], [D(2025, 10, 10, 7), "Kyiv", "power", True]], 3, "customers_out",
     "'TRUE' is not a number"),
    # python-calamine reads an error cell (#N/A) as blank
    ([COLS, ROWS[0], [D(2025, 10, 10, 7), "Kyiv", "power", ERROR]], 3, "customers_out",
     "is blank"),
    ([COLS, ROWS[0], ["2025-10-10T07:00:00+03:00", "Kyiv", "power", 5]], 2, "time",
     "time '2025-10-10 06:00:00' has no UTC offset while others have one"),
    ([COLS, ROWS[0], [D(9999, 12, 31), "Kyiv", "power", 5]], 3, "time", "implausible year"),
    ([COLS, ROWS[0], [45940.25, "Kyiv", "power", 5]], 3, "time", "cannot read time '45940.25'"),
])
def test_sheet_problems_name_row_and_column(rows, row, column, words):
    problem = rejected(xlsx({"S": rows}))
    assert (problem.file, problem.row, problem.column) == ("t.xlsx", row, column)
    assert words in problem.message


@pytest.mark.parametrize("sheets,hidden,chosen,warned", [
    ({"Empty": [], "Data": [COLS, *ROWS]}, (), "Data", False),
    ({"Lookup": [["a", "b"], [1, 2]], "Data": [COLS, *ROWS]}, ("Lookup",), "Data", False),
    ({"Data": [COLS, *ROWS], "Chart data": [["x"], [1]]}, (), "Data", True),
])
def test_the_first_visible_sheet_with_data_is_read(sheets, hidden, chosen, warned):
    result = read_bytes(xlsx(sheets, hidden=hidden), "t.xlsx", options=KYIV)
    assert result.metadata["sheet"] == chosen
    notes = [w.message for w in result.warnings if "other sheets were not read" in w.message]
    assert bool(notes) == warned


@pytest.mark.parametrize("data,words", [
    (xlsx({"A": [], "B": [[None, None]]}), "the workbook is empty: no sheet holds a value"),
    (xlsx({"S": [COLS, *ROWS]})[:-100], "cannot open the spreadsheet"),
])
def test_unreadable_workbooks(data, words):
    problem = rejected(data)
    assert (problem.row, problem.column) == (None, None)
    assert words in problem.message


def test_a_column_mapping_applies_to_a_sheet():
    rows = [["when", "where", "off"], [D(2025, 10, 10, 6), "Kyiv", 5]]
    options = Options(service="power", tz="UTC",
                      mapping={"timestamp": "when", "region_id": "where", "customers_out": "off"})
    result = read_bytes(xlsx({"S": rows}), "t.xlsx", options=options)
    assert result.table["customers_out"].tolist() == [5]


WIDE = [["time", "Kyiv", "Lviv", "Total"],
        [D(2025, 10, 10, 6), 800, None, 800],
        [D(2025, 10, 10, 7), 300, 40, 340]]


def test_a_wide_sheet_is_melted():
    result = read_bytes(xlsx({"S": WIDE}), "w.xlsx", service="power", tz="UTC")
    assert result.format == "wide"
    assert result.table[["region_id", "customers_out"]].values.tolist() == [
        ["Kyiv", 800], ["Kyiv", 300], ["Lviv", 40]]
    assert result.skipped == {"blank cells": 1}
    assert any("'Total' looks like a total" in w.message for w in result.warnings)


def test_wide_sheet_problems_name_the_region_column_and_sheet_row():
    rows = [[], ["time", "Kyiv", "Lviv"], [D(2025, 10, 10, 6), 800, 5],
            [D(2025, 10, 10, 7), 300, -4]]
    with pytest.raises(InputError) as info:
        read_bytes(xlsx({"S": rows}), "w.xlsx", service="power", tz="UTC", format="wide")
    problem = info.value.problems[0]
    assert (problem.row, problem.column) == (4, "Lviv")
    assert "'-4' is negative" in problem.message


def test_head_skips_blank_edges():
    data = xlsx({"S": [[], [None, "time", "Kyiv"], [None, D(2025, 10, 10, 6), 5]]})
    assert sheet.head(data, "w.xlsx") == (["time", "Kyiv"], [["2025-10-10 06:00:00", "5"]])
