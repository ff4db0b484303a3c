"""The store under load and failure, on both backends: concurrent writers in threads and in
other processes, writers killed mid-ingest, a reader that keeps reading while another process
writes.

Other processes come from a launcher: this file run as a script. It imports the store once and
forks a fresh child for each job, so twenty processes cost a fraction of a second. The children
open the store after the fork; the launcher itself never opens it. Every wait is bounded.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from outages import schema
from outages.store import SCHEMA_VERSION, codec, make_id, open_store, tables

REPO = Path(__file__).resolve().parents[1]
EVENT_TIMEOUT_S = 60.0  # the longest any single step may take before the test fails


def outage_table(seed: int, rows: int) -> pd.DataFrame:
    """A canonical table of ``rows`` rows; every seed gives different figures."""
    rng = np.random.default_rng(seed)
    i = np.arange(rows)
    region = i % 40
    total = rng.integers(1_000, 100_000, 40)
    restored = pd.array(rng.integers(0, 500, rows), dtype="Int64")
    restored[rng.random(rows) < 0.5] = pd.NA
    served = pd.array(total[region], dtype="Int64")
    served[region % 5 == 0] = pd.NA
    return schema.canonical(pd.DataFrame({
        "timestamp": pd.Series((1_760_000_000_000_000 + (i // 40) * 900_000_000)
                               .view("M8[us]")).dt.tz_localize("UTC"),
        "region_id": pd.array([f"UA-{r:02d}" for r in region], dtype="string"),
        "region_name": pd.array([f"Region {r}" for r in region], dtype="string"),
        "service": pd.array(np.where(region % 7 == 0, "water", "power"), dtype="string"),
        "customers_out": rng.integers(0, 1_000, rows),
        "customers_restored": restored,
        "customers_total": served,
    }))


def expected_id(seed: int, rows: int, name: str) -> str:
    return make_id(name, codec.encode(outage_table(seed, rows)).sha256)


# the launcher (this file run as a script) -----------------------------------------------------

def emit(*words: object) -> None:
    """One line to the test, written whole (shorter than a pipe's atomic write size)."""
    os.write(1, (" ".join(str(w) for w in words) + "\n").encode())


def child_ingest(url: str, seed: int, rows: int, name: str, chunk: int,
                 go: tuple[int, int] | None = None) -> None:
    """Ingest one table; with ``go`` (a pipe), say ready and wait for a byte first."""
    pid = os.getpid()
    if go is not None:
        os.close(go[1])  # so that the launcher closing its end means "no go"
    try:
        store = open_store(url)
        store.chunk_rows = chunk
        table = outage_table(seed, rows)
        if go is not None:
            emit("ready", pid)
            if not os.read(go[0], 1):
                os._exit(2)
        result = store.ingest(table, name=name, created_by=f"process-{pid}",
                              progress=lambda done, total: emit("progress", pid, done))
        store.close()
        emit("done", pid, result.dataset_id, result.created)
    except Exception as exc:  # reported to the test, which fails on it
        emit("error", pid, repr(exc).replace("\n", " "))
        os._exit(1)
    os._exit(0)


def child_reader(url: str, expected: int, seconds: float) -> None:
    """Hold a store open and read it in a loop (list, then load every dataset listed) until
    ``expected`` datasets were seen or time is up. Each loop is reported with its start and
    end on the system's monotonic clock, which the test compares with its own."""
    pid = os.getpid()
    try:
        deadline = time.monotonic() + seconds
        seen = 0
        loops = 0
        with open_store(url) as store:
            emit("ready", pid)
            while seen < expected and time.monotonic() < deadline:
                began = time.monotonic_ns()
                infos = store.list_datasets()
                for info in infos:
                    if len(store.load(info.id)) != info.rows:
                        raise AssertionError(f"{info.id}: row count differs")
                seen, loops = len(infos), loops + 1
                emit("loop", began, time.monotonic_ns(), seen)
        emit("seen", pid, seen, loops)
    except Exception as exc:
        emit("error", pid, repr(exc).replace("\n", " "))
        os._exit(1)
    os._exit(0)


def child_open(url: str, go: tuple[int, int]) -> None:
    """Wait for the go, then open the store (the first opener creates it)."""
    pid = os.getpid()
    os.close(go[1])
    emit("ready", pid)
    if not os.read(go[0], 1):
        os._exit(2)
    try:
        with open_store(url) as store:
            emit("opened", pid, store.schema_version)
    except Exception as exc:
        emit("error", pid, repr(exc).replace("\n", " "))
        os._exit(1)
    os._exit(0)


def status(code: int) -> int:
    """Exit code, or minus the signal that ended the process."""
    return -os.WTERMSIG(code) if os.WIFSIGNALED(code) else os.WEXITSTATUS(code)


def launcher(url: str) -> None:
    """Commands on stdin, one a line:
    ``ingest SEED ROWS NAME CHUNK`` then ``kill`` or ``wait``: one child; reports started,
    its progress, done, exit. The child is reaped only after that second line, so a kill
    can never reach another process that reused its pid.
    ``batch SEED:ROWS:NAME,... CHUNK`` then ``go``: children that start ingesting together.
    ``reader EXPECTED SECONDS``: one child reading in a loop; reports each loop.
    ``openers COUNT`` then ``go``: children that open the store together.
    """
    for line in sys.stdin:
        cmd, *args = line.split()
        if cmd == "ingest":
            seed, rows, name, chunk = int(args[0]), int(args[1]), args[2], int(args[3])
            pids = [fork(child_ingest, url, seed, rows, name, chunk)]
            if sys.stdin.readline().strip() == "kill":
                os.kill(pids[0], signal.SIGKILL)
        elif cmd in ("batch", "openers"):
            go_read, go_write = os.pipe()
            if cmd == "batch":
                jobs = [job.split(":") for job in args[0].split(",")]
                pids = [fork(child_ingest, url, int(s), int(r), n, int(args[1]),
                             (go_read, go_write)) for s, r, n in jobs]
            else:
                pids = [fork(child_open, url, (go_read, go_write)) for _ in range(int(args[0]))]
            if sys.stdin.readline().strip() == "go":
                os.write(go_write, b"g" * len(pids))
            os.close(go_write)
            os.close(go_read)
        elif cmd == "reader":
            pids = [fork(child_reader, url, int(args[0]), float(args[1]))]
        else:
            emit("error", os.getpid(), f"unknown command {cmd}")
            continue
        for pid in pids:
            emit("exit", pid, status(os.waitpid(pid, 0)[1]))


def fork(job, *args) -> int:
    """Run ``job(*args)`` in a child process; the child never returns here."""
    pid = os.fork()
    if pid == 0:
        job(*args)
        os._exit(0)
    emit("started", pid)
    return pid


# the test's side ------------------------------------------------------------------------------

class Launcher:
    """The launcher process, with bounded reads of its event lines."""

    def __init__(self, url: str, tmp_path: Path):
        self.log = open(tmp_path / "launcher.err", "w+b")  # noqa: SIM115 - closed in close()
        self.proc = subprocess.Popen(
            [sys.executable, __file__, url], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=self.log, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
        self.buffer = b""

    def send(self, line: str) -> None:
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()

    def event(self) -> list[str]:
        deadline = time.monotonic() + EVENT_TIMEOUT_S
        fd = self.proc.stdout.fileno()
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([fd], [], [], max(left, 0))
            if not ready:
                raise AssertionError(f"no word from the launcher in {EVENT_TIMEOUT_S:.0f} s"
                                     + self.stderr())
            data = os.read(fd, 65536)
            if not data:
                raise AssertionError("the launcher stopped" + self.stderr())
            self.buffer += data
        line, self.buffer = self.buffer.split(b"\n", 1)
        words = line.decode().split()
        if words[0] == "error":
            raise AssertionError(f"process {words[1]} failed: {' '.join(words[2:])}")
        return words

    def until(self, kind: str) -> list[str]:
        while (words := self.event())[0] != kind:
            pass
        return words

    def stderr(self) -> str:
        self.log.seek(0)
        return "\n" + self.log.read().decode(errors="replace")[-3000:]

    def close(self) -> None:
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=EVENT_TIMEOUT_S)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
            self.log.close()


@pytest.fixture
def launch(store_url, tmp_path):
    open_store(store_url).close()  # the schema exists before any child starts
    started = Launcher(store_url, tmp_path)
    yield started
    started.close()


def test_processes_opening_a_new_store_at_once_create_it_once(store_url, tmp_path):
    launch = Launcher(store_url, tmp_path)
    try:
        launch.send("openers 6")
        for _ in range(6):
            launch.until("ready")
        launch.send("go")
        versions, exits = [], []
        while len(exits) < 6:
            words = launch.event()
            if words[0] == "opened":
                versions.append(int(words[2]))
            elif words[0] == "exit":
                exits.append(int(words[2]))
    finally:
        launch.close()
    assert versions == [SCHEMA_VERSION] * 6 and exits == [0] * 6
    with open_store(store_url) as store, store.engine.connect() as conn:
        applied = conn.execute(sa.select(tables.schema_migrations.c.version)).scalars().all()
        assert sorted(applied) == list(range(1, SCHEMA_VERSION + 1))


def observation_count(store) -> int:
    with store.engine.connect() as conn:
        query = sa.select(sa.func.count()).select_from(tables.observations)
        return conn.execute(query).scalar()


def test_eight_concurrent_ingests_two_identical(store_url, launch):
    rows, chunk = 20_000, 2_000
    in_threads = [(100, "thread-100"), (101, "thread-101"), (102, "thread-102"),
                  (103, "same-in-a-thread")]
    in_processes = [(104, "process-104"), (105, "process-105"), (106, "process-106"),
                    (103, "same-in-a-process")]
    launch.send("batch " + ",".join(f"{s}:{rows}:{n}" for s, n in in_processes) + f" {chunk}")
    pids = [launch.until("started")[1] for _ in in_processes]
    for _ in pids:
        launch.until("ready")

    store = open_store(store_url)
    store.chunk_rows = chunk
    tables_ = {seed: outage_table(seed, rows) for seed, _ in in_threads}
    start = threading.Barrier(len(in_threads) + 1)
    results: dict[str, object] = {}

    def ingest(seed: int, name: str) -> None:
        start.wait(timeout=EVENT_TIMEOUT_S)
        try:
            results[name] = store.ingest(tables_[seed], name=name, created_by="thread")
        except Exception as exc:  # any error at all fails the test below
            results[name] = exc

    threads = [threading.Thread(target=ingest, args=job) for job in in_threads]
    for t in threads:
        t.start()
    launch.send("go")
    start.wait(timeout=EVENT_TIMEOUT_S)
    done, exits = {}, {}
    while len(exits) < len(pids):
        words = launch.event()
        if words[0] == "done":
            done[words[1]] = (words[2], words[3] == "True")
        elif words[0] == "exit":
            exits[words[1]] = int(words[2])
    for t in threads:
        t.join(timeout=EVENT_TIMEOUT_S)
    assert set(exits.values()) == {0}

    errors = {n: r for n, r in results.items() if isinstance(r, Exception)}
    assert errors == {}
    by_name = {n: (r.dataset_id, r.created) for n, r in results.items()}
    by_name.update({name: done[pid] for pid, (_, name) in zip(pids, in_processes, strict=True)})
    same = [by_name["same-in-a-thread"], by_name["same-in-a-process"]]
    assert same[0][0] == same[1][0] and sorted(c for _, c in same) == [False, True]
    distinct = {seed: name for seed, name in in_threads + in_processes}
    stored = {i.id: i for i in store.list_datasets()}
    assert len(stored) == 7
    for seed, name in distinct.items():
        info = stored[by_name[name][0]]
        assert info.rows == rows and info.sha256 == codec.encode(outage_table(seed, rows)).sha256
    assert observation_count(store) == 7 * rows
    assert store.integrity_check(deep=True) == []
    store.close()


def test_ingests_killed_at_random_points_leave_all_or_nothing(store_url, launch):
    rng = np.random.default_rng(20)
    rows, chunk = 3_000, 250
    steps = rows // chunk
    outcomes = []
    for attempt in range(20):
        seed, name = 1_000 + attempt, f"killed-{attempt}"
        launch.send(f"ingest {seed} {rows} {name} {chunk}")
        pid = int(launch.until("started")[1])
        for _ in range(int(rng.integers(0, steps + 1))):  # 0: during start-up or migration check
            launch.until("progress")
        launch.send("kill")
        words = launch.until("exit")
        assert int(words[1]) == pid
        outcomes.append((seed, name, int(words[2])))

    assert sum(code == -signal.SIGKILL for _, _, code in outcomes) >= 15
    with open_store(store_url) as store:
        assert store.integrity_check(deep=True) == []
        present = 0
        for seed, name, _ in outcomes:
            info = store.get(expected_id(seed, rows, name))
            if info is not None:
                present += 1
                pd.testing.assert_frame_equal(store.load(info.id), outage_table(seed, rows))
        assert observation_count(store) == present * rows
        assert len(store.list_datasets()) == present
        assert present < len(outcomes)  # some were really cut off mid-way
        # the store still takes new work after the kills
        assert store.ingest(outage_table(1, 100), name="after").created


def test_a_reader_keeps_reading_while_another_process_ingests(store_url, launch):
    # The writer stops half-way through each ingest, its transaction open, until the reader
    # has done a whole loop that began after that moment: reads go on during writes, and
    # see only what was committed.
    launch.send("reader 3 60")
    launch.until("started")
    launch.until("ready")
    during = []

    def reader_loop_started_after(moment_ns: int) -> int:
        while True:
            words = launch.until("loop")
            if int(words[1]) > moment_ns:
                return int(words[3])

    def halfway(done: int, total: int) -> None:
        if done >= total // 2 and len(during) < len(results) + 1:
            during.append(reader_loop_started_after(time.monotonic_ns()))

    results = []
    with open_store(store_url) as store:
        store.chunk_rows = 10_000
        for seed in (7, 8, 9):
            results.append(store.ingest(outage_table(seed, 60_000), name=f"while-reading-{seed}",
                                        progress=halfway))
    assert all(r.created for r in results)
    assert during == [0, 1, 2]
    seen = launch.until("seen")
    assert (int(seen[2]), launch.until("exit")[2]) == (3, "0")


if __name__ == "__main__":
    launcher(sys.argv[1])
