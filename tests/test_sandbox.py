"""The preview worker (outages.sandbox): a file reads the same as in the server; memory, time,
size and crashes stop the worker with a reason, and the server stays small; the server and each
session run only so many readings at once."""

from __future__ import annotations

import multiprocessing
import os
import resource
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from outages import config, limits, publish, sandbox
from outages.errors import InputError
from outages.publish import Upload
from outages.readers import read_bytes

MB = 1024**2
HEADER = b"time,region_id,region_name,service,customers_out\n"
FIGURES = (HEADER + b"2025-10-10T06:00:00+03:00,UA-30,Kyiv,power,1200\n"
           b"2025-10-10T07:00:00+03:00,UA-46,Lviv,power,300\n"
           b"2025-10-10T09:00:00+03:00,UA-30,Kyiv,power,800\n")
REGIONS = [("UA-30", "Kyiv"), ("UA-46", "Lviv"), ("UA-63", "Kharkiv"), ("UA-51", "Odesa")]
WAIT_S = 60


def big_csv(megabytes: int) -> bytes:
    """An ordinary tidy CSV of about ``megabytes``: four regions every 15 minutes."""
    start = pd.Timestamp("2000-01-01", tz="UTC")
    steps = megabytes * MB // (4 * 46)
    times = pd.date_range(start, periods=steps, freq="15min").strftime("%Y-%m-%dT%H:%M:%SZ")
    lines = [f"{when},{rid},{name},power,{(i * 7 + k) % 5000}\n"
             for i, when in enumerate(times) for k, (rid, name) in enumerate(REGIONS)]
    return HEADER + "".join(lines).encode()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def no_workers_left() -> bool:
    return not [p for p in multiprocessing.active_children() if p.name == "outages-preview"]


def wait_for(path: str) -> str:
    """A job that runs until ``path`` exists (the test's signal)."""
    while not Path(path).exists():
        time.sleep(0.01)
    return "done"


def native_out_of_memory() -> None:
    """A job that ends as native code does when an allocation fails (Rust's handler)."""
    os.write(2, b"memory allocation of 2048917504 bytes failed\n")
    os.abort()


def until(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


def test_a_file_reads_the_same_as_in_the_server():
    upload = Upload(FIGURES, "kyiv.csv")
    here = read_bytes(FIGURES, "kyiv.csv")
    there = sandbox.run(publish.read, upload)
    pd.testing.assert_frame_equal(there.table, here.table)
    assert (there.format, there.encoding, there.warnings, there.skipped, there.metadata) == (
        here.format, here.encoding, here.warnings, here.skipped, here.metadata)
    assert sandbox.run(publish.file_columns, upload) == publish.file_columns(upload)
    assert sandbox.running() == 0 and no_workers_left()


def test_a_rejected_file_gives_the_same_problems():
    bad = HEADER + b"2025-10-10T06:00:00+03:00,UA-30,Kyiv,power,-3\n"
    with pytest.raises(InputError) as here:
        read_bytes(bad, "bad.csv")
    with pytest.raises(InputError) as there:
        sandbox.run(publish.read, Upload(bad, "bad.csv"))
    assert there.value.problems == here.value.problems


def test_a_file_over_the_memory_cap_is_refused_and_the_server_stays_small():
    data = big_csv(50)
    before = peak_rss_mb()
    began = time.perf_counter()
    with pytest.raises(sandbox.Refused) as refused:
        sandbox.run(publish.read, Upload(data, "big.csv"), memory_mb=100)
    assert (refused.value.reason, refused.value.limit) == ("memory", 100)
    # the server held the file and one copy to send it; reading it here takes about 400 MB more
    assert peak_rss_mb() - before < 2 * len(data) / MB + 30
    assert time.perf_counter() - began < WAIT_S
    assert no_workers_left()
    # with the ordinary cap the same file reads
    assert len(sandbox.run(publish.read, Upload(data, "big.csv")).table) > 1_000_000


def test_a_memory_error_in_the_job_is_the_memory_reason():
    with pytest.raises(sandbox.Refused) as refused:
        sandbox.run(bytearray, 4096 * MB, memory_mb=64)
    assert refused.value.reason == "memory"


def test_a_worker_over_time_is_killed():
    began = time.perf_counter()
    with pytest.raises(sandbox.Refused) as refused:
        sandbox.run(time.sleep, 600, seconds=0.5)
    assert (refused.value.reason, refused.value.limit) == ("time", 0.5)
    assert time.perf_counter() - began < 15
    assert no_workers_left()


def test_a_value_too_large_to_hand_back_is_refused():
    with pytest.raises(sandbox.Refused) as refused:
        sandbox.run(bytes, 3 * MB, result_mb=1)
    assert (refused.value.reason, refused.value.limit) == ("result", 1)
    assert sandbox.run(bytes, MB // 2, result_mb=1) == bytes(MB // 2)


def test_a_worker_that_dies_is_a_crash():
    with pytest.raises(sandbox.Refused) as refused:
        sandbox.run(os.abort)
    assert refused.value.reason == "crash"
    assert sandbox.running() == 0


def test_a_native_allocation_failure_is_the_memory_reason():
    with pytest.raises(sandbox.Refused) as refused:
        sandbox.run(native_out_of_memory, memory_mb=256)
    assert (refused.value.reason, refused.value.limit) == ("memory", 256)


def test_a_job_that_fails_is_a_crash():
    with pytest.raises(sandbox.Refused) as refused:
        sandbox.run(int, "not a number")
    assert refused.value.reason == "crash"


def test_the_server_and_each_session_run_only_so_many_at_once(tmp_path):
    assert limits.PREVIEWS_AT_ONCE == 2
    signal = tmp_path / "go"
    answers: list[object] = []

    def preview(owner: str) -> None:
        answers.append(sandbox.run(wait_for, str(signal), owner=owner))

    threads = [threading.Thread(target=preview, args=(f"session-{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    try:
        until(lambda: sandbox.running() == 2, "two previews running")
        with pytest.raises(sandbox.Refused) as same:
            sandbox.run(wait_for, str(signal), owner="session-0")
        assert same.value.reason == "session"
        with pytest.raises(sandbox.Refused) as busy:
            sandbox.run(wait_for, str(signal), owner="session-9")
        assert (busy.value.reason, busy.value.limit) == ("busy", 2)
    finally:
        signal.touch()
        for thread in threads:
            thread.join(timeout=WAIT_S)
    assert answers == ["done", "done"]
    assert sandbox.running() == 0
    assert sandbox.run(wait_for, str(signal), owner="session-0") == "done"  # free again


@pytest.mark.parametrize(("value", "expected"), [
    ("512", 512.0), (" 0.5 ", 0.5), ("", 1536.0), ("abc", 1536.0), ("-3", 1536.0),
    ("0", 1536.0), ("nan", 1536.0), ("inf", 1536.0)])
def test_caps_from_the_environment(value, expected):
    assert limits.PREVIEW_MEMORY_MB == 1536
    assert config.preview_memory_mb({"OUTAGES_PREVIEW_MEMORY_MB": value}) == expected
    assert config.preview_seconds({"OUTAGES_PREVIEW_SECONDS": value}) == (
        60.0 if expected == 1536.0 else expected)
