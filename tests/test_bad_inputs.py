"""The bad-input corpus: every file is rejected whole, naming file, row and column where they
apply, and the store is unchanged; the legitimate variants load.

Each file in tests/bad_inputs is named for its one failure. The expected first problem of each
is listed here; a file missing from the list (or a listed file missing) fails the test. The
.xlsx files (here and in tests/good_inputs) were written once with tests/workbook.py.
"""

import io
import subprocess
import sys
from pathlib import Path

import pytest

from outages import cli, publish
from outages.auth import password_editor
from outages.errors import InputError
from outages.lockout import Client, Lockout
from outages.publish import Upload
from outages.readers import FORMATS, Format, read_bytes, text
from outages.readers.base import Options
from outages.store import open_store

HERE = Path(__file__).resolve().parent
BAD = HERE / "bad_inputs"
GOOD = HERE / "good_inputs"
PASSWORD = "a long test password"  # noqa: S105 (a test password)
LOWERED_ROW_LIMIT = {"too_many_rows.csv": 40}  # the real limit is 60 million rows

# file -> (row, column, words in the first problem's message); None: the file as a whole
EXPECTED = {
    "ambiguous_day_month.csv": (2, "time", "day/month order cannot be told"),
    "blank_lines_only.csv": (None, None, "file is empty"),
    "bom_in_the_middle_concatenated_files.csv": (3, "time", "cannot read time '\\ufefftime'"),
    "bom_utf16_without_bom.csv": (None, None, "UTF-16 text without a byte-order mark"),
    "confusable_latin_cyrillic_region_name.csv": (
        3, "region", "mixes Latin and Cyrillic letters in one word"),
    "confusable_fullwidth_letters_in_region_name.csv": (
        3, "region", "look-alike character (U+FF2B FULLWIDTH LATIN CAPITAL LETTER K"),
    "confusable_right_to_left_override_in_region_name.csv": (
        3, "region", "invisible character (U+202E RIGHT-TO-LEFT OVERRIDE)"),
    "confusable_zero_width_space_in_region_name.csv": (
        3, "region", "invisible character (U+200B ZERO WIDTH SPACE)"),
    "control_character_in_region_name.csv": (3, "region", "control character"),
    "count_blank.csv": (3, "customers_out", "is blank"),
    "count_impossibly_large.csv": (3, "customers_out", "larger than any real count"),
    "count_nan_written_out.csv": (3, "customers_out", "'NaN' is not a number"),
    "count_not_a_number.csv": (3, "customers_out", "'many' is not a number"),
    "deeply_nested.json": (None, None, "nested more than 20 levels"),
    "dst_gap_nonexistent_local_time.json": (2, "time", "does not exist in Europe/Kyiv"),
    "dst_overlap_ambiguous_local_time.json": (2, "time", "happens twice in Europe/Kyiv"),
    "duplicate_keys_conflicting_rows.csv": (4, "customers_out", "rows 2 and 4 give different"),
    "duplicate_keys_header_named_twice.csv": (1, "region", "names column 'region' twice"),
    "duplicate_keys_two_time_columns.csv": (1, "date", "could both be the time"),
    "empty.csv": (None, None, "file is empty"),
    "formula_cell_in_region_id.csv": (3, "region", "starts with '+'"),
    "formula_cell_in_region_name.csv": (3, "region_name", "starts with '='"),
    "formula_pipe_in_region_name.csv": (3, "region_name", "starts with '|'"),
    "fractional_count.csv": (3, "customers_out", "'900.5' is not a whole number"),
    "gzip_renamed.csv": (None, None, "this is a gzip archive"),
    "header_only.csv": (1, None, "no data rows"),
    "html_img_onerror_in_region_name.json": (2, "region_name", "looks like HTML or script"),
    "html_script_in_region_name.csv": (3, "region", "looks like HTML or script"),
    "huge_field.csv": (3, "region", "a value of 10,500 characters; the limit is 10,000"),
    "json_annotation_text_blank.json": (1, "annotations", "this annotation's text is blank"),
    "json_count_as_text.json": (2, "customers_out", "customers_out must be a JSON number, not "
                                "the text '1200'"),
    "json_count_minus_zero.json": (2, "customers_out", "customers_out is -0; a count of "
                                   "customers is 0 or more: write 0"),
    "json_count_true.json": (2, "customers_out", "customers_out must be a JSON number, not true"),
    "json_description_too_long.json": (None, "description", '"description" is 10,999 '
                                       "characters long; the limit is 10,000"),
    "json_duplicate_key_in_record.json": (2, "region", "the key 'region' is given twice in "
                                          "this record"),
    "json_duplicate_key_top_level.json": (None, "data", "the key 'data' is given twice in the "
                                          "top-level object"),
    "json_name_too_long.json": (None, "name", '"name" is 372 characters long; the limit is '
                                "200"),
    "json_records_not_objects.json": (1, None, "not an object of names and values"),
    "json_truncated.json": (None, None, "not valid JSON"),
    "json_value_is_an_object.json": (1, "region", "expected a single value"),
    "long_line_without_newline.csv": (1, None, "the header line holds a name of 10,100 "
                                      "characters"),
    "malformed_unclosed_quote.csv": (3, None, "never to be closed"),
    "missing_count_column.csv": (1, None, "no column for the number of customers cut off"),
    "mixed_date_formats.csv": (3, "time", "mixed time formats"),
    "mixed_encodings_utf8_and_cp1251.csv": (3, None, "mixes text encodings"),
    "naive_times_without_zone.csv": (None, "time", "have no time zone"),
    "negative_count.csv": (3, "customers_out", "'-900' is negative"),
    "nul_byte_in_text.csv": (3, None, "this line holds a NUL byte (0x00)"),
    "out_above_total.csv": (3, "customers_out", "5,001 is above customers_total 5,000"),
    "png_image_renamed.csv": (None, None, "this is a PNG image"),
    "ragged_row_extra_field.csv": (3, None, "this row has 5 fields but the header has 4"),
    "ragged_row_missing_field.csv": (3, None, "this row has 3 fields but the header has 4"),
    "region_blank.csv": (3, "region", "region id is blank"),
    "restored_above_total.csv": (3, "customers_restored", "5,300 is above customers_total"),
    "time_blank.csv": (3, "time", "time is missing"),
    "time_not_a_time.csv": (3, "time", "cannot read time 'yesterday morning'"),
    "too_many_rows.csv": (None, None, "the file has 41 rows; the limit is 40"),
    "unknown_service.csv": (3, "service", "unknown service 'sewage'"),
    "unknown_time_zone.json": (None, None, "unknown time zone 'Mars/Olympus_Mons'"),
    "unnamed_column_with_values.csv": (1, "column 5", "has values but no name"),
    "utf32_with_bom.csv": (None, None, "this is UTF-32 text, not CSV text; save it as UTF-8"),
    "utf32_without_bom.csv": (None, None, "this is UTF-32 text without a byte-order mark"),
    "very_wide_row.csv": (1, None, "the header has 2,004 columns; the limit is 2,000"),
    "wrong_encoding_latin1.csv": (2, None, "byte 0xE9 is not valid UTF-8"),
    "xlsx_count_not_a_number.xlsx": (3, "customers_out", "'many' is not a number"),
    "xlsx_dates_without_zone.xlsx": (None, "time", "times such as '2025-10-10 06:00:00' have no "
                                     "time zone"),
    "xlsx_title_row_above_header.xlsx": (1, "column B", "column B has values but no name in its "
                                         "header row (row 1 of sheet 'Outages'"),
    "xlsx_truncated.xlsx": (None, None, "cannot open the spreadsheet"),
    "xlsx_year_9999_date_cell.xlsx": (3, "time", "implausible year in '9999-12-31 07:00:00'"),
    "year_0001.csv": (3, "time", "implausible year in '0001-10-10T07:00:00+03:00'"),
    "year_9999.csv": (3, "time", "implausible year in '9999-10-10T07:00:00+03:00'"),
    "zip_renamed.csv": (None, None, "this is a zip archive"),
}

SEED = (b"time,region,service,customers_out\n"
        b"2025-10-10T06:00:00+03:00,Kyiv,power,1200\n"
        b"2025-10-10T09:00:00+03:00,Kyiv,power,800\n")


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    with open_store(f"sqlite:///{tmp_path_factory.mktemp('signin') / 'outages.db'}") as store:
        return password_editor(PASSWORD, PASSWORD, Lockout(store), Client("local", "tests"))


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, editor):
    """A store holding one dataset, so 'unchanged' means more than 'still empty'."""
    url = f"sqlite:///{tmp_path_factory.mktemp('bad') / 'outages.db'}"
    store = open_store(url)
    published = publish.publish_new(store, editor, Upload(SEED, "seed.csv"))
    yield store, published.ingest.dataset_id
    store.close()


@pytest.fixture
def limits(monkeypatch, request):
    name = request.node.callspec.params.get("name")
    if name in LOWERED_ROW_LIMIT:
        monkeypatch.setitem(text.read_delimited.__kwdefaults__, "max_rows",
                            LOWERED_ROW_LIMIT[name])


def test_the_corpus_is_listed_whole():
    files = {p.name for p in BAD.iterdir() if p.is_file()}
    assert files == set(EXPECTED)
    assert len(files) >= 30
    assert sum(p.stat().st_size for p in BAD.iterdir()) < 100_000  # keep the repository small


def check(problem, name):
    row, column, words = EXPECTED[name]
    assert problem.file == name
    assert (problem.row, problem.column) == (row, column), str(problem)
    assert words in problem.message


@pytest.mark.parametrize("how", ["new", "version", "append"])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_rejected_by_publishing_and_nothing_stored(name, how, seeded, editor, limits):
    store, dataset_id = seeded
    upload = Upload((BAD / name).read_bytes(), name)
    before = store.content_hash()
    with pytest.raises(InputError) as caught:
        if how == "new":
            publish.publish_new(store, editor, upload)
        elif how == "version":
            publish.publish_version(store, editor, dataset_id, upload)
        else:
            publish.append(store, editor, dataset_id, upload)
    check(caught.value.problems[0], name)
    assert store.content_hash() == before
    assert store.integrity_check() == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_rejected_by_the_command_line(name, seeded, limits):
    store, _ = seeded
    before = store.content_hash()
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["--db", store.url, "ingest", str(BAD / name)], out, err)
    assert code == cli.EXIT_BAD_INPUT
    assert f"error: {name}" in err.getvalue()
    assert EXPECTED[name][2] in err.getvalue()
    assert "nothing was stored" in err.getvalue()
    assert out.getvalue() == ""
    assert store.content_hash() == before


@pytest.mark.parametrize("name", sorted(p.name for p in BAD.iterdir() if p.is_file()))
def test_every_bad_file_exits_2_without_a_traceback(name, tmp_path, limits):
    """Every file in the directory (listed or not), into a store of its own."""
    url = f"sqlite:///{tmp_path / 'outages.db'}"
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["--db", url, "ingest", str(BAD / name)], out, err)
    assert (code, out.getvalue()) == (cli.EXIT_BAD_INPUT, "")
    assert err.getvalue().startswith(f"error: {name}")
    assert "Traceback" not in err.getvalue()
    if (tmp_path / "outages.db").exists():
        store = open_store(url)
        assert [d for d in store.list_datasets() if d.created_by == "cli"] == []
        store.close()


NEWEST = ["json_description_too_long.json", "long_line_without_newline.csv",
          "utf32_with_bom.csv", "xlsx_truncated.xlsx"]


def test_the_real_command_shows_no_traceback(tmp_path):
    """``python -m outages ingest`` in processes of its own (run side by side)."""
    procs = {name: subprocess.Popen(
        [sys.executable, "-m", "outages", "--db", f"sqlite:///{tmp_path / name}.db", "ingest",
         str(BAD / name)], cwd=HERE.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True) for name in NEWEST}
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == cli.EXIT_BAD_INPUT, err
        assert "Traceback" not in err
        assert f"error: {name}" in err and out == ""


def test_a_reader_bug_is_a_rejection_not_a_traceback(monkeypatch, tmp_path):
    def broken(data, filename, options):
        raise ValueError("a bug in a reader")

    monkeypatch.setitem(FORMATS, "csv", Format("csv", FORMATS["csv"].sniff, broken))
    with pytest.raises(InputError, match="unexpected ValueError \\(a bug in a reader\\)"):
        read_bytes(SEED, "seed.csv")
    path = tmp_path / "seed.csv"
    path.write_bytes(SEED)
    err = io.StringIO()
    assert cli.main(["--db", f"sqlite:///{tmp_path / 'o.db'}", "ingest", str(path)],
                    io.StringIO(), err) == cli.EXIT_BAD_INPUT
    assert "cannot read this file: unexpected ValueError" in err.getvalue()


# file -> (options, encoding, region names in id order, customers_out in canonical order)
GOOD_EXPECTED = {
    "cp1251.csv": (Options(), "cp1251", ["Київ", "Львів"], [1200, 300]),
    "utf8_bom.csv": (Options(), "utf-8-sig", ["Київ", "Львів"], [1200, 300]),
    "semicolon.csv": (Options(), "utf-8", ["Київ", "Львів"], [1200, 300]),
    "utf16_bom_tab.txt": (Options(), "utf-16", ["Київ", "Львів"], [1200, 300]),
    "excel_sep_line_crlf.csv": (Options(), "utf-8", ["Київ", "Львів"], [1200, 300]),
    "quoted_names_with_commas.csv": (Options(), "utf-8", ["Київ, місто", "Львів, місто"],
                                     [1200, 300]),
    "naive_times_with_zone_option.csv": (Options(tz="Europe/Kyiv"), "utf-8", ["Київ", "Львів"],
                                         [1200, 300]),
    "sheet_dates_with_zone_option.xlsx": (Options(tz="Europe/Kyiv"), None, ["Київ", "Львів"],
                                          [1200, 300]),
    "sheet_wide_text_times.xlsx": (Options(service="power"), None, ["Київ", "Львів"],
                                   [1200, 300]),
}


def test_the_good_corpus_is_listed_whole():
    assert {p.name for p in GOOD.iterdir() if p.is_file()} == set(GOOD_EXPECTED)


@pytest.mark.parametrize("name", sorted(GOOD_EXPECTED))
def test_legitimate_variants_load(name, tmp_path, editor):
    options, encoding, names, counts = GOOD_EXPECTED[name]
    store = open_store(f"sqlite:///{tmp_path / 'outages.db'}")
    upload = Upload((GOOD / name).read_bytes(), name, options=options)
    preview = publish.read(upload)
    assert preview.encoding == encoding
    published = publish.publish_new(store, editor, upload)
    table = store.load(published.ingest.dataset_id)
    assert table["region_name"].tolist() == names
    assert table["customers_out"].tolist() == counts
    assert table["service"].tolist() == ["power", "power"]
    assert [str(t) for t in table["timestamp"]] == ["2025-10-10 03:00:00+00:00",
                                                    "2025-10-10 04:00:00+00:00"]
    info = store.get(published.ingest.dataset_id)
    assert info.metadata["file_name"] == name
    assert info.metadata["encoding"] == encoding
    assert info.created_by == "password:editor"
    store.close()
