"""The block reader of EAGLE-I files gives what the whole-file reader and check_table give.

Random files (duplicates, blanks, counties leaving runs, rows out of order, totals, odd FIPS
spellings, names that differ between rows) are cut into random block sizes, so that every
whole-file rule meets a block's edge; the store's columns, warnings, skipped rows and metadata
must be equal. Files the block reader leaves to the whole-file reader must come back exactly as
that reader returns them (or rejects them).
"""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outages import cli, prepared
from outages.errors import InputError
from outages.metrics import Window
from outages.prepared.build import _given_time_index, _time_index
from outages.readers import eaglei_bytes, eaglei_stream, read_bytes, read_path
from outages.store import codec, open_store

COUNTIES = [("1001", "Autauga", "Alabama"), ("01003", "Baldwin", "Alabama"),
            ("48085.0", "Collin", "Texas"), ("6037", " Los Angeles ", "California"),
            ("48201", "", "Texas"), ("2013", "", ""), ("35013", '"Doña Ana"', "New Mexico"),
            ("38001", "NA", "North Dakota"), ("38003", "Barnes", "null")]
RUNS = ["2022-01-01 00:00:00", "2022-01-01 00:15", "2022-01-01 00:30:00",
        "2022-01-01 00:45:00", "2022-01-01 01:00:00", "2022-01-01 02:00:00"]
# far apart (more seconds than 32 bits hold), for the reader's wider time column
FAR_RUNS = ["1950-06-01 00:00:00", "2150-01-01 00:00:00"]
# times the block reader converts itself (each distinct text once): loose spellings both
# readers accept, and texts both must refuse or leave blank
ODD_RUNS = ["2022-1-1 0:15:0", " 2022-01-01 00:30:00", "2022-01-01 00:45:61", "NA",
            '""', "2022-01-01T00:00:00", "2022-01-01 00:00:00 ", "2022-01-01"]
# above 2**24 (float32's exact integers), for the reader's wider count columns
BIG = st.one_of(st.integers(2**24 - 2, 2**24 + 3), st.just(2**40))
FIELDS = ("encoded", "ts", "service", "region", "out", "restored", "restored_null", "total",
          "total_null")


@st.composite
def rows(draw, with_total: bool):
    fips, county, state = draw(st.sampled_from(COUNTIES))
    if draw(st.integers(0, 9)) == 0:  # the same county under another name
        county = "Other"
    if draw(st.integers(0, 29)) == 0:
        fips = ""
    out = draw(st.one_of(st.integers(0, 30), st.integers(100, 5000), st.just("")))
    if draw(st.integers(0, 49)) == 0:
        out = draw(BIG)
    if draw(st.integers(0, 49)) == 0:  # a whole number or a fraction written as a decimal
        out = draw(st.sampled_from(["7.0", "7.5", "1e3"]))
    time = draw(st.sampled_from(RUNS)) if draw(st.integers(0, 29)) else ""
    if draw(st.integers(0, 49)) == 0:
        time = draw(st.sampled_from(FAR_RUNS))
    if draw(st.integers(0, 59)) == 0:
        time = draw(st.sampled_from(ODD_RUNS))
    cells = [fips, county, state, str(out), time]
    if with_total:
        cells.append(draw(st.one_of(st.integers(0, 6000).map(str), st.just(""),
                                    BIG.map(str))))
    return ",".join(cells)


@st.composite
def files(draw) -> bytes:
    with_total = draw(st.booleans())
    count = draw(st.sampled_from(["customers_out", "sum"]))
    header = f"fips_code,county,state,{count},run_start_time" + (
        ",total_customers" if with_total else "")
    body = draw(st.lists(rows(with_total), min_size=1, max_size=60))
    if draw(st.booleans()):  # run by run, as ORNL writes them (the reader's fast sort)
        body.sort(key=lambda line: line.split(",")[4])
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join([header, *body]) + draw(st.sampled_from(["", newline, newline * 2]))
    bom = b"\xef\xbb\xbf" if draw(st.booleans()) else b""
    return bom + text.encode()


def _streamed(data: bytes, block_bytes: int, lines_step: int | None = None):
    """The block reader's result; ``lines_step``: bytes read at a time when the names' lines
    are read again."""
    step = eaglei_bytes.LINES_STEP
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.csv"
        path.write_bytes(data)
        eaglei_bytes.LINES_STEP = lines_step or step
        try:
            return eaglei_stream.read_path(path, "f.csv", block_bytes=block_bytes)
        finally:
            eaglei_bytes.LINES_STEP = step


def _same(whole, streamed) -> None:
    expected = codec.encode(whole.table)
    enc = streamed.encoded
    assert streamed.table is None
    assert enc.sha256 == expected.sha256
    assert enc.regions == expected.regions
    for name in FIELDS[1:]:
        assert np.array_equal(getattr(enc, name), getattr(expected, name)), name
    assert [str(w) for w in streamed.warnings] == [str(w) for w in whole.warnings]
    assert streamed.skipped == whole.skipped
    # the time index the reader hands the pre-aggregates is the one they would compute
    given = _given_time_index(enc.ts, enc.time_index)
    assert given is not None
    for got, computed in zip(given, _time_index(enc.ts), strict=True):
        assert np.array_equal(got, computed)
    assert streamed.metadata == whole.metadata
    assert (streamed.format, streamed.encoding) == (whole.format, whole.encoding)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=files(), block_bytes=st.integers(1, 400), lines_step=st.integers(1, 200))
def test_blocks_give_the_whole_file_result(data, block_bytes, lines_step):
    try:
        whole = read_bytes(data, "f.csv")
    except InputError:
        assert _streamed(data, block_bytes, lines_step) is None  # left to the whole-file reader
        return
    streamed = _streamed(data, block_bytes, lines_step)
    assert streamed is not None
    _same(whole, streamed)


HEADER = b"fips_code,county,state,customers_out,run_start_time\n"
GOOD = HEADER + (b"1001,Autauga,Alabama,5,2022-01-01 00:00:00\n"
                 b"1003,Baldwin,Alabama,2,2022-01-01 00:15:00\n")


@pytest.mark.parametrize("data,why", [
    (GOOD.replace(b"\n1003", b"\n\n1003"), "a blank line: rows are no longer lines 2, 3, ..."),
    (GOOD.replace(b"\n1003", b"\r\n\r\n1003"), "a blank line in \\r\\n line ends"),
    (GOOD + b"\n" * 70_000 + b"1005,Bibb,Alabama,1,2022-01-01 00:00:00\n", "many blank lines"),
    (GOOD.replace(b"\n", b"\r"), "\\r line ends"),
    (GOOD.replace(b",5,", b",five,"), "a count that is not a number"),
    (GOOD.replace(b",5,", b",-5,"), "a negative count"),
    (GOOD.replace(b"00:15:00", b"00:15:00,extra"), "a ragged row"),
    (GOOD.replace(b"2022", b"1822"), "a year out of range"),
    (GOOD.replace(b"Autauga", b"=HYPERLINK()"), "a formula as a name"),
    (GOOD.replace(b"Autauga", b"Auta\xffuga"), "a name that is not UTF-8"),
    (HEADER, "no rows"),
    (b'fips_code,county,state,customers_out,run_start_time\n1001,"Lee\nCounty",Alabama,5,'
     b"2022-01-01 00:00:00\n", "a line end inside quotes"),
])
def test_left_to_the_whole_file_reader(tmp_path, data, why):
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    assert eaglei_stream.read_path(path, "f.csv", block_bytes=16) is None, why
    try:
        whole = read_path(path)
    except InputError as expected:
        with pytest.raises(InputError) as got:
            read_path(path, encoded=True)
        assert str(got.value) == str(expected)
        return
    result = read_path(path, encoded=True)
    assert result.encoded is None
    assert result.table.equals(whole.table)


@pytest.mark.parametrize("block_bytes", [1, 7, 50, 10_000])
def test_a_row_of_blanks_is_a_row_not_a_blank_line(tmp_path, block_bytes):
    data = GOOD.replace(b"\n1003", b"\n,,,,\n,Lee,Alabama,,\n1003")
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    streamed = eaglei_stream.read_path(path, "f.csv", block_bytes=block_bytes)
    assert streamed is not None
    _same(read_bytes(data, "f.csv"), streamed)
    assert streamed.skipped == {"blank fips_code": 2}


@pytest.mark.parametrize("block_bytes", [1, 7, 50, 10_000])
def test_quoted_names_with_commas_across_blocks(tmp_path, block_bytes):
    data = HEADER + b'30049,"Lewis and Clark, Mont.",Montana,3,2022-01-01 00:00:00\n' * 2 + (
        b'30049,"Lewis and Clark, Mont.",Montana,8,2022-01-01 00:15:00\n')
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    streamed = eaglei_stream.read_path(path, "f.csv", block_bytes=block_bytes)
    assert streamed is not None
    _same(read_bytes(data, "f.csv"), streamed)
    assert streamed.encoded.regions == [("30049", "Lewis and Clark, Mont., Montana")]


@pytest.mark.parametrize("fmt,streams", [(None, True), ("eaglei", True), ("csv", False),
                                         ("oe417", False)])
def test_only_eaglei_is_streamed(tmp_path, fmt, streams):
    path = tmp_path / "f.csv"
    path.write_bytes(GOOD)
    streamed = eaglei_stream.read_path(path, "f.csv", format=fmt)
    assert (streamed is not None) is streams
    if streams:
        result = read_path(path, format=fmt, encoded=True)
        assert result.table is None
        assert result.encoded.sha256 == streamed.encoded.sha256


def test_a_file_of_another_format_is_not_streamed(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(b"timestamp,region,service,customers_out\n2025-10-10T06:00:00Z,UA-30,power,5\n")
    assert eaglei_stream.read_path(path, "f.csv") is None
    result = read_path(path, encoded=True)
    assert result.encoded is None
    assert result.table.equals(read_path(path).table)


@pytest.mark.parametrize("rows,block_bytes", [(3_000, 4096), (20_000, eaglei_stream.BLOCK_BYTES)])
def test_command_line_ingest_stores_what_the_table_path_stores(tmp_path, monkeypatch, rows,
                                                               block_bytes, store_url):
    """The whole chain: dataset id (content hash), catalog and every summary figure equal to
    storing the whole-file reader's table and preparing from it."""
    from bench import generate

    path = generate.write(generate.generate(rows, seed=3, days=20), tmp_path / "e.csv")
    monkeypatch.setattr(eaglei_stream, "BLOCK_BYTES", block_bytes)
    doc, expected = ingested_as_whole(path, store_url, tmp_path)
    with open_store(store_url) as store:
        got = prepared.load(store, doc["dataset"]).summary(Window())
        assert store.integrity_check() == []
    assert [s.to_json() for s in got] == [s.to_json() for s in expected]


def ingested_as_whole(path: Path, db: str, tmp_path: Path) -> tuple[dict, list]:
    """``python -m outages ingest`` of ``path`` into ``db``, checked against the file read
    whole and stored in a store of its own (dataset id, which is the content hash, rows,
    regions, warnings): the command's answer and the whole file's summary figures."""
    out, err = io.StringIO(), io.StringIO()
    assert cli.main(["--db", db, "ingest", str(path), "--name", "e"], out, err) == 0
    doc = json.loads(out.getvalue())
    whole = read_path(path)
    with open_store(f"sqlite:///{tmp_path / 'b.db'}") as store:
        res = store.ingest(whole.table, name="e")
        expected = prepared.cache(store, res.dataset_id, whole.table,
                                  folder=tmp_path / "b").summary(Window())
    assert doc["dataset"] == res.dataset_id
    assert (doc["rows"], doc["regions"], doc["warnings"]) == (res.rows, res.regions,
                                                             len(whole.warnings))
    return doc, expected


@given(size=st.integers(1, 200), data=st.data())
def test_file_rows_from_dropped_positions(size, data):
    dropped = np.array(sorted(data.draw(st.sets(st.integers(0, size - 1), max_size=size))),
                       dtype=np.int64)
    kept_rows = np.delete(np.arange(2, size + 2), dropped)
    if len(kept_rows) == 0:
        return
    index = np.array(data.draw(st.lists(st.integers(0, len(kept_rows) - 1), max_size=30)),
                     dtype=np.int64)
    assert np.array_equal(eaglei_stream._FileRows(dropped)[index], kept_rows[index])


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(st.text(st.sampled_from('ab,"'), max_size=12), max_size=30),
       size=st.integers(1, 40))
def test_blocks_end_at_line_ends_and_stay_intact_while_two_are_held(tmp_path_factory, lines,
                                                                    size):
    """The pipeline holds two blocks at once (one parsed, one read ahead)."""
    body = "\n".join(lines).encode()
    path = tmp_path_factory.mktemp("b") / "f.csv"
    path.write_bytes(body)
    held, seen = [], []
    try:
        with open(path, "rb") as file:
            for block in eaglei_bytes.blocks(file, size):
                held = [*held[-1:], (block, bytes(block))]
                assert all(bytes(view) == copy for view, copy in held)
                seen.append(bytes(block))
    except eaglei_bytes.Fallback:  # only when a line end falls inside quotes
        assert any("".join(lines[:k]).count('"') % 2 for k in range(1, len(lines)))
        return
    # line ends at the file's very end are dropped (the whole-file reader ignores them)
    joined = b"".join(seen)
    assert body.startswith(joined) and joined.rstrip(b"\r\n") == body.rstrip(b"\r\n")
    assert all(b.endswith(b"\n") for b in seen[:-1])
    # a run of line ends is cut after its first: a blank line starts the next block
    assert not any(b.endswith(b"\n\n") for b in seen)


@pytest.mark.parametrize("block_bytes", [None, 64])
def test_rows_over_the_operators_limit_are_refused_by_both_readers(tmp_path, monkeypatch,
                                                                     block_bytes):
    lines = [f"1001,Autauga,Alabama,{k + 1},{run}" for k, run in enumerate(RUNS)]
    path = tmp_path / "eaglei.csv"
    path.write_text("fips_code,county,state,customers_out,run_start_time\n" + "\n".join(lines))
    monkeypatch.setenv("OUTAGES_MAX_ROWS", "5")
    assert eaglei_stream.read_path(path, path.name, block_bytes=block_bytes) is None
    with pytest.raises(InputError, match="more than the limit of 5"):
        read_path(path)
    monkeypatch.setenv("OUTAGES_MAX_ROWS", "6")
    read_path(path)
    assert len(eaglei_stream.read_path(path, path.name, block_bytes=block_bytes).encoded.ts) == (
        len(RUNS))
