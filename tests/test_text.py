"""outages.readers.text: decoding, binary files, delimiters, quoting, ragged rows, limits."""

import codecs
import gzip
import io
import zipfile

import pytest

from outages.errors import InputError
from outages.limits import MAX_COLUMNS, MAX_FIELD_CHARS
from outages.readers import text
from outages.readers.text import decode, head_text, read_delimited, sniff_delimiter

SIMPLE = b"time,region,out\n2025-10-10T06:00Z,Kyiv,5\n2025-10-10T07:00Z,Lviv,6\n"
KYIV_CP1251 = "час;регіон;знеструмлено\n10.10.2025 06:00;Київ;800000\n".encode("cp1251")


def xlsx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    return buf.getvalue()


def zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("outages.csv", SIMPLE)
    return buf.getvalue()


@pytest.mark.parametrize("data,expected_text,encoding", [
    (SIMPLE, SIMPLE.decode(), "utf-8"),
    (codecs.BOM_UTF8 + "час,Київ\n".encode(), "час,Київ\n", "utf-8-sig"),
    (KYIV_CP1251, KYIV_CP1251.decode("cp1251"), "cp1251"),
    # "Сі" in Windows-1251 is also valid UTF-8 on its own; the file is still Windows-1251
    ("a,b\n1,Сі\n2,Київ\n".encode("cp1251"), "a,b\n1,Сі\n2,Київ\n", "cp1251"),
    ("Область;Знеструмлено «усього»\n".encode("cp1251"), "Область;Знеструмлено «усього»\n",
     "cp1251"),
    ("time\tКиїв\n".encode("utf-16"), "time\tКиїв\n", "utf-16"),
    ("time\tКиїв\n".encode("utf-16-be").join([codecs.BOM_UTF16_BE, b""]), "time\tКиїв\n",
     "utf-16"),
])
def test_decode(data, expected_text, encoding):
    assert decode(data, "f.csv") == (expected_text, encoding)


@pytest.mark.parametrize("data,name,words", [
    (gzip.compress(SIMPLE), "outages.csv", "this is a gzip archive, not CSV text"),
    (zip_bytes(), "outages.csv", "this is a zip archive, not CSV text"),
    (xlsx_bytes(), "outages.csv", "this is an Excel workbook (.xlsx), not CSV text"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "o.csv", "old-style Excel workbook"),
    (b"%PDF-1.7\n...", "o.json", "a PDF document, not JSON text"),
    (b"SQLite format 3\x00" + b"\x00" * 50, "o.txt", "an SQLite database"),
    (b"time,out\n\x00\x01\x02\x03", "o.csv", "a binary file"),
    ("time,out\n".encode("utf-16-le"), "o.csv", "UTF-16 text without a byte-order mark"),
    ("time,out\n1,2\n".encode("utf-32"), "o.csv", "this is UTF-32 text, not CSV text; save it "
                                                  "as UTF-8"),
    (codecs.BOM_UTF32_BE + "time,out\n".encode("utf-32-be"), "o.csv", "this is UTF-32 text,"),
    ("time,out\n1,2\n".encode("utf-32-le"), "o.csv", "UTF-32 text without a byte-order mark"),
    ("time,out\n1,2\n".encode("utf-32-be"), "o.csv", "UTF-32 text without a byte-order mark"),
    ("час,out\n1,2\n".encode("utf-16-be"), "o.csv", "UTF-16 text without a byte-order mark"),
    (b"\x00\x01\x02\x03\x04\x05" * 20, "o.bin", "this is a binary file, not text;"),
])
def test_binary_files_are_named(data, name, words):
    with pytest.raises(InputError) as info:
        decode(data, name)
    assert words in str(info.value)
    assert info.value.problems[0].file == name


@pytest.mark.parametrize("data,row,words", [
    # Latin-1 accents are neither UTF-8 nor Cyrillic: no silent mojibake
    ("time,region\n2025,Montréal\n".encode("latin-1"), 2, "byte 0xE9 is not valid UTF-8"),
    ("a,b\n1,Київ\n".encode() + "2,Київ\n".encode("cp1251"), 3,
     "mixes text encodings: line 2 is UTF-8 but line 3 is not"),
    (codecs.BOM_UTF8 + "a,b\n1,Київ\n".encode("cp1251"), 2, "is not valid UTF-8"),
])
def test_undecodable_text_names_the_line(data, row, words):
    with pytest.raises(InputError) as info:
        decode(data, "f.csv")
    assert info.value.problems[0].row == row
    assert words in info.value.problems[0].message


@pytest.mark.parametrize("sample,delimiter", [
    ("a,b,c\n1,2,3\n", ","),
    ("a;b;c\n1,5;2;3\n", ";"),  # decimal commas in a semicolon file
    ("a\tb\n1\t2\n", "\t"),
    ('"a,x";b;c\n1;2;3\n', ";"),  # a comma inside a quoted header
    ("sep=;\na,b;c\n1;2\n", ";"),  # Excel's hint line
    ("single\n1\n", ","),
])
def test_sniff_delimiter(sample, delimiter):
    assert sniff_delimiter(sample) == delimiter


@pytest.mark.parametrize("data,columns,rows,delimiter", [
    (SIMPLE, {"time": ["2025-10-10T06:00Z", "2025-10-10T07:00Z"], "region": ["Kyiv", "Lviv"],
              "out": ["5", "6"]}, [2, 3], ","),
    (b"time;region;out\r\n2025;Kyiv;5\r\n", {"time": ["2025"], "region": ["Kyiv"], "out": ["5"]},
     [2], ";"),
    (b"time\tregion\n2025\tKyiv\n", {"time": ["2025"], "region": ["Kyiv"]}, [2], "\t"),
    # blank lines are skipped but still counted in line numbers
    (b"a,b\n\n1,2\n   \n3,4\n", {"a": ["1", "3"], "b": ["2", "4"]}, [3, 5], ","),
    # quoted values: delimiters, doubled quotes and newlines inside quotes
    (b'a,b\n"x, y","say ""hi"""\n"two\nlines",z\nlast,row\n',
     {"a": ["x, y", "two\nlines", "last"], "b": ['say "hi"', "z", "row"]}, [2, 3, 5], ","),
    # a stray quote inside an unquoted value is a plain character
    (b'a,b\n5" pipe,1\nx,2\n', {"a": ['5" pipe', "x"], "b": ["1", "2"]}, [2, 3], ","),
    # spreadsheet leftovers: empty trailing column, rows of empty fields
    (b"a,b,\n1,2,\n,,\n3,4,\n", {"a": ["1", "3"], "b": ["2", "4"]}, [2, 4], ","),
    # header names are stripped
    (b" a , b\n1,2\n", {"a": ["1"], "b": ["2"]}, [2], ","),
    # old Mac line ends
    (b"a,b\r1,2\r3,4\r", {"a": ["1", "3"], "b": ["2", "4"]}, [2, 3], ","),
    # Excel's sep= line counts as line 1
    (b"sep=;\na;b\n1;2\n", {"a": ["1"], "b": ["2"]}, [3], ";"),
    (KYIV_CP1251, {"час": ["10.10.2025 06:00"], "регіон": ["Київ"], "знеструмлено": ["800000"]},
     [2], ";"),
])
def test_read_delimited(data, columns, rows, delimiter):
    table = read_delimited(data, "f.csv")
    assert table.frame.to_dict("list") == columns
    assert table.rows.tolist() == rows
    assert table.delimiter == delimiter


def test_values_stay_text():
    table = read_delimited(b"id,out\n007,1 234\n", "f.csv")
    assert table.frame.to_dict("list") == {"id": ["007"], "out": ["1 234"]}
    assert all(str(t) == "str" for t in table.frame.dtypes)


def test_fast_and_exact_paths_agree():
    body = b"".join(b'%d,"r%d",%d\n' % (i, i % 7, i * 3) for i in range(500))
    fast = read_delimited(b"a,b,c\n" + body, "f.csv")
    exact = read_delimited(b'a,b,c\n5" x,q,1\n' + body, "f.csv")  # a stray quote: exact path
    assert exact.frame.iloc[1:].reset_index(drop=True).equals(fast.frame)
    assert exact.rows[1:].tolist() == (fast.rows + 1).tolist()


@pytest.mark.parametrize("data,row,column,words", [
    (b"", None, None, "file is empty"),
    (b"\n\n  \n", None, None, "file is empty"),
    (codecs.BOM_UTF8, None, None, "file is empty"),
    (b"time,region,out\n", 1, None, "no data rows"),
    (b"time,region,out\n,,\n", 1, None, "no data rows"),
    (b"a,b,c\n1,2,3\n4,5\n", 3, None, "this row has 2 fields but the header has 3"),
    (b"a,b,c\n1,2,3\n4,5,6,7\n", 3, None, "this row has 4 fields but the header has 3"),
    (b'a,b,c\n1,2,3\n\n4,"5,6\n7,8,9\n', 4, None, "never to be closed"),
    (b"a;b;c\n1;2;3\n4;5\n", 3, None, "this row has 2 fields"),
    # quotes inside an unquoted value: the quick scan counts 3 fields, pandas 4, csv 4
    (b'a,b,c\n1,2,3\n4"",""5"")",6,7\n', 3, None, "this row has 4 fields but the header has 3"),
    (b"\r;", 2, None, "no data rows"),  # a lone carriage return ends line 1
    (b"time,a\rb," + b"x" * (MAX_FIELD_CHARS + 1), 1, None, "the header line holds a name"),
    (b"a,a\n1,2\n", 1, "a", "names column 'a' twice"),
    (b"a,,c\n1,2,3\n", 1, "column 2", "column 2 has values but no name"),
])
def test_read_delimited_rejects(data, row, column, words):
    with pytest.raises(InputError) as info:
        read_delimited(data, "f.csv")
    found = info.value.problems[0]
    assert (found.file, found.row, found.column) == ("f.csv", row, column)
    assert words in found.message


@pytest.mark.parametrize("data,row", [
    (b"time,out\n1,2\n3,4\x00\n", 3),
    (b"time,out\n\x00\n", 2),
    (b"time,out\n1,2\n" * 10_000 + b"3,\x00\n", 20_001),  # past the first 64 KB
])
def test_a_nul_byte_in_text_names_its_line(data, row):
    with pytest.raises(InputError) as info:
        read_delimited(data, "f.csv")
    problem = info.value.problems[0]
    assert (problem.row, problem.column) == (row, None)
    assert "this line holds a NUL byte (0x00)" in problem.message


def test_utf16_text_with_a_byte_order_mark_is_not_a_nul_problem():
    table = read_delimited("time\tout\n1\t2\n".encode("utf-16"), "f.txt")
    assert table.frame.to_dict("list") == {"time": ["1"], "out": ["2"]}


LONG = b"x" * (MAX_FIELD_CHARS + 1)
HUGE = b"y" * 200_000  # above the csv module's own limit of 128 KB a field


@pytest.mark.parametrize("data,row,column,size", [
    (b"a,b\n1,2\n3," + LONG + b"\n", 3, "b", MAX_FIELD_CHARS + 1),
    (b"a,b\n1,2\n" + LONG + b",3\n", 3, "a", MAX_FIELD_CHARS + 1),
    (b'a,b\n1,2\n3,"' + LONG[:-1] + b'"""\n', 3, "b", MAX_FIELD_CHARS + 1),  # quoted
    (b'a,b\n1,2\n3,"' + LONG[:-2] + b'"""\n', None, None, None),  # quoted, within the limit
    (b"a,b\n1,2\n3," + HUGE + b"\n", 3, "b", 200_000),
    (b'a,b\n5" x,2\n3,' + LONG + b"\n", 3, "b", MAX_FIELD_CHARS + 1),  # the exact path
    (b'a,b\n5" x,2\n3,' + HUGE + b"\n", 3, "b", 200_000),
    (b"a,b\n1,2\n3,4," + LONG + b"\n", 3, "column 3", MAX_FIELD_CHARS + 1),  # ragged too
])
def test_a_long_value_names_its_line_and_column(data, row, column, size):
    if row is None:
        assert len(read_delimited(data, "f.csv").frame) == 2
        return
    with pytest.raises(InputError) as info:
        read_delimited(data, "f.csv")
    problem = info.value.problems[0]
    assert (problem.row, problem.column) == (row, column)
    assert f"a value of {size:,} characters; the limit is {MAX_FIELD_CHARS:,}" in problem.message


@pytest.mark.parametrize("data", [HUGE, b"time," + HUGE + b"\n1,2\n", b'"' + HUGE])
def test_a_long_line_without_a_break_is_named(data):
    with pytest.raises(InputError) as info:
        read_delimited(data, "f.csv")
    problem = info.value.problems[0]
    assert (problem.row, problem.column) == (1, None)
    assert "the header line holds a name of" in problem.message


@pytest.mark.parametrize("data,header_row,rows", [
    (b"a,b\n1,2\n", 1, [2]),
    (b"sep=,\na,b\n1,2\n", 2, [3]),
    (b"\n\na,b\n1,2\n", 3, [4]),
    (b'\n\na,b\n5" x,2\n', 3, [4]),  # the exact path
])
def test_the_header_row_is_where_the_header_is(data, header_row, rows):
    table = read_delimited(data, "f.csv")
    assert (table.header_row, table.rows.tolist()) == (header_row, rows)


def test_header_problems_name_the_header_line():
    with pytest.raises(InputError) as info:
        read_delimited(b"sep=,\na,a\n1,2\n", "f.csv")
    assert (info.value.problems[0].row, info.value.problems[0].column) == (2, "a")


def test_column_limit():
    header = ",".join(f"c{i}" for i in range(MAX_COLUMNS + 1)).encode()
    with pytest.raises(InputError, match="columns; the limit is"):
        read_delimited(header + b"\n" + b"," * MAX_COLUMNS + b"1\n", "f.csv")


@pytest.mark.parametrize("reader", ["fast", "exact"])
def test_row_limit(reader):
    data = b"a,b\n1,2\n3,4\n5,6\n" if reader == "fast" else b'a,b\n1" x,2\n3,4\n5,6\n'
    with pytest.raises(InputError, match="the file has 3 rows; the limit is 2"):
        read_delimited(data, "f.csv", max_rows=2)


def test_head_text_cuts_at_a_whole_line():
    data = ("a,b\n" + "Київ,1\n" * 20).encode()
    head = head_text(data, 30)
    assert head.endswith("\n") and "\ufffd" not in head
    assert head_text(gzip.compress(SIMPLE)) == ""


@pytest.mark.parametrize("name,kind", [("x.csv", "CSV"), ("X.JSON", "JSON"), ("x.dat", "text")])
def test_kind_of_file(name, kind):
    assert text.kind_of_file(name) == kind
