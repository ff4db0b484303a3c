"""Blocks of an EAGLE-I file started before the program has loaded (``python -m outages
ingest``): used only for that same file, unchanged, with the same options; the result is the
block reader's own; pyarrow's threads are given back; nothing of pandas or the registry is
loaded to start them."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outages.readers import eaglei_blocks, eaglei_stream
from tests.test_eaglei_stream import FIELDS, files

HEADER = "fips_code,county,state,customers_out,run_start_time\n"
ROWS = [f"{fips},County {fips},State,{k % 7 + 1},2022-01-0{1 + k % 5} 00:{15 * (k % 4):02d}:00"
        for k, fips in enumerate(range(1001, 1401))]


def _file(tmp_path, rows=ROWS, name="eaglei.csv"):
    path = tmp_path / name
    path.write_text(HEADER + "\n".join(rows) + "\n")
    return path


def _equal(a, b) -> None:
    assert a.encoded.sha256 == b.encoded.sha256
    assert a.encoded.regions == b.encoded.regions
    for name in FIELDS[1:]:
        assert np.array_equal(getattr(a.encoded, name), getattr(b.encoded, name)), name
    assert [str(w) for w in a.warnings] == [str(w) for w in b.warnings]
    assert a.skipped == b.skipped


@pytest.fixture(autouse=True)
def _nothing_left_started():
    yield
    if (early := eaglei_blocks._early) is not None:
        eaglei_blocks._early = None
        early.close()
    eaglei_blocks._threads_back()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=files(), block_bytes=st.integers(1, 400))
def test_blocks_started_early_give_the_block_readers_result(tmp_path_factory, data,
                                                           block_bytes):
    path = tmp_path_factory.mktemp("early") / "f.csv"
    path.write_bytes(data)
    alone = eaglei_stream.read_path(path, "f.csv", block_bytes=block_bytes)
    eaglei_blocks.start(path, None, block_bytes)
    started = eaglei_blocks._early is not None
    early = eaglei_stream.read_path(path, "f.csv", block_bytes=block_bytes)
    assert eaglei_blocks._early is None  # taken, or dropped
    if alone is None:  # left to the whole-file reader either way
        assert early is None
        return
    assert started
    _equal(early, alone)


def test_the_early_blocks_are_taken_and_the_threads_given_back(tmp_path):
    path = _file(tmp_path)
    cpus = pa.cpu_count()
    eaglei_blocks.start(path, None)
    assert eaglei_blocks._early is not None
    assert pa.cpu_count() == 1  # the parse on one core while the program loads
    taken = []
    take = eaglei_blocks.take

    def spy(*args):
        taken.append(got := take(*args))
        return got
    eaglei_blocks.take, saved = spy, eaglei_blocks.take
    try:
        result = eaglei_stream.read_path(path, path.name)
    finally:
        eaglei_blocks.take = saved
    assert taken and taken[0] is not None
    assert pa.cpu_count() == cpus
    _equal(result, eaglei_stream.read_path(path, path.name))


@pytest.mark.parametrize("change", ["rewritten", "other file", "other format", "other blocks"])
def test_blocks_of_another_file_or_other_options_are_dropped(tmp_path, change):
    path = _file(tmp_path)
    other = _file(tmp_path, ROWS[:50], "other.csv")
    eaglei_blocks.start(path, None)
    early = eaglei_blocks._early
    if change == "rewritten":  # the same size, in place: told apart by its change time
        changed = os.stat(path).st_mtime_ns + 1_000_000_000
        _file(tmp_path, [row.replace(",State,1,", ",State,9,") for row in ROWS])  # counts
        assert os.stat(path).st_size == early.size
        os.utime(path, ns=(changed, changed))
    read, format, block_bytes = path, None, None
    if change == "other file":
        read = other
    elif change == "other format":
        format = "eaglei"
    elif change == "other blocks":
        block_bytes = 4096
    result = eaglei_stream.read_path(read, read.name, format=format, block_bytes=block_bytes)
    assert eaglei_blocks._early is None
    assert early.file.closed  # stopped, not used
    _equal(result, eaglei_stream.read_path(read, read.name, format=format,
                                           block_bytes=block_bytes))


@pytest.mark.parametrize("case", ["not eaglei", "too big", "missing", "csv format", "folder",
                                  "pipe"])
def test_nothing_is_started_for_a_file_not_read_in_blocks(tmp_path, monkeypatch, case):
    path = _file(tmp_path)
    format = None
    if case == "not eaglei":
        path.write_text("region_id,timestamp,customers_out\nA,2024-01-01T00:00Z,5\n")
    elif case == "too big":
        monkeypatch.setenv("OUTAGES_MAX_FILE_MB", "0.001")
    elif case == "missing":
        path = tmp_path / "nothing.csv"
    elif case == "folder":
        path = tmp_path
    elif case == "pipe":  # its bytes must reach the reader, not be taken before
        path = tmp_path / "pipe.csv"
        os.mkfifo(path)
    else:
        format = "csv"
    cpus = pa.cpu_count()
    eaglei_blocks.start(path, format)
    assert eaglei_blocks._early is None
    assert pa.cpu_count() == cpus


def test_starting_loads_neither_pandas_nor_the_registry(tmp_path):
    path = _file(tmp_path)
    code = ("import sys; from pathlib import Path; from outages.readers import eaglei_blocks;"
            f" eaglei_blocks.start(Path({str(path)!r}), None);"
            " assert eaglei_blocks._early is not None;"
            " print(sorted(m for m in sys.modules if m.startswith(('pandas', 'sqlalchemy',"
            " 'outages.readers.registry', 'outages.cli')) and m != 'outages.cli_args'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=os.path.dirname(os.path.dirname(__file__)))
    assert done.stdout.strip() == "[]"


def test_python_m_outages_ingest_starts_on_the_file_before_loading(tmp_path):
    """``__main__`` starts the blocks from the arguments, and the reader takes them."""
    path = _file(tmp_path)
    code = f"""
import os, runpy, sys
sys.argv = ["outages", "ingest", {str(path)!r}, "--db", "sqlite:///{tmp_path}/o.db"]
from outages.readers import eaglei_blocks
take, seen = eaglei_blocks.take, {{}}
def spy(*args):
    seen["pandas before"] = "pandas" in sys.modules
    seen["taken"] = (got := take(*args)) is not None
    return got
eaglei_blocks.take = spy
started = eaglei_blocks.start
def start(*args):
    seen["pandas at start"] = "pandas" in sys.modules
    started(*args)
eaglei_blocks.start = start
os._exit = lambda code: print(seen, code, file=sys.stderr)
runpy.run_module("outages", run_name="__main__")
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=os.path.dirname(os.path.dirname(__file__)))
    last = done.stderr.strip().splitlines()[-1]
    assert last == ("{'pandas at start': False, 'pandas before': True, 'taken': True} 0"), (
        done.stderr)
    assert '"created": true' in done.stdout


@pytest.mark.parametrize(("argv", "started"), [
    (["ingest", "X"], True), (["ingest", "--name", "N", "--format", "eaglei", "X"], True),
    (["ingest", "--format", "csv", "X"], False), (["summary", "X"], False), (["ingest"], False),
    (["ingest", "X", "--bogus"], False), (["--help"], False), (["ingest", "--help"], False)])
def test_only_an_ingest_with_good_arguments_starts(tmp_path, argv, started):
    path = _file(tmp_path, name="X")
    code = f"""
import contextlib, os, runpy, sys
os.chdir({str(tmp_path)!r})
sys.argv = ["outages", *{argv!r}]
from outages.readers import eaglei_blocks
eaglei_blocks.start = lambda *a: print("STARTED", file=sys.stderr)
os._exit = lambda code: None
with contextlib.suppress(SystemExit):
    runpy.run_module("outages", run_name="__main__")
"""
    assert path.exists()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=os.path.dirname(os.path.dirname(__file__)),
                          env={**os.environ, "PYTHONPATH": os.path.dirname(os.path.dirname(
                              __file__))})
    assert ("STARTED" in done.stderr) is started
    if argv in (["ingest"], ["ingest", "X", "--bogus"]):  # said once, by main
        assert done.stderr.count("usage:") == 1
    if "--help" in argv:
        assert done.stdout.count("usage:") == 1
