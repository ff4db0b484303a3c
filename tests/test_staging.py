"""A large EAGLE-I file taken a group of counties at a time (``eaglei_spill``, ``eaglei_groups``)
and staged on disk (``staging``, ``prepared.stream``) gives what the file read whole gives.

Random files are read with groups of one to a few counties, cut wherever their first block
puts the boundaries: every whole-file rule (duplicates, zeros where a county leaves a run,
blanks, names) and every warning (first place, counts, the regions listed) meets a group's
edge. The content hash, the stored columns, the warnings, the rows skipped and the
pre-aggregates on disk must be equal to the whole-file reader's; a file that reader refuses
must leave nothing staged behind.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from outages import cli, prepared, staging
from outages.errors import InputError
from outages.metrics import Window
from outages.prepared import disk
from outages.prepared.build import prepare_encoded
from outages.readers import eaglei_spill, eaglei_stream, read_bytes
from outages.store import codec, open_store
from tests.test_eaglei_stream import FIELDS, files, ingested_as_whole


def _staged(data: bytes, folder: Path, group_rows: int, block_bytes: int, monkeypatch):
    monkeypatch.setenv("OUTAGES_GROUP_ROWS", str(group_rows))
    path = folder / "f.csv"
    path.write_bytes(data)
    stagers = []

    def stage(with_total: bool) -> staging.Stager:
        stagers.append(staging.Stager(with_total, folder))
        return stagers[-1]
    return eaglei_stream.read_path(path, "f.csv", block_bytes=block_bytes, stage=stage), stagers


def _joined(staged: staging.Staged) -> codec.Encoded:
    chunks = list(staged.chunks())
    return codec.Encoded(**{name: np.concatenate([getattr(c, name) for c in chunks])
                            for name in FIELDS[1:]}, regions=staged.regions)


def _same_prepared(folder: Path, expected: codec.Encoded) -> None:
    got, want = disk.read(folder), prepare_encoded(expected)
    assert got is not None
    (g,), (w,) = got.parts, want.parts
    assert list(g.ids) == list(w.ids) and list(g.name_table) == list(w.name_table)
    arrays = disk._part_arrays(w)
    assert set(disk._part_arrays(g)) == set(arrays)
    for name, values in arrays.items():
        mine = disk._part_arrays(g)[name]
        assert mine.dtype == values.dtype, name
        assert np.array_equal(mine, values), name


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=files(), group_rows=st.integers(1, 12), block_bytes=st.integers(40, 400))
def test_groups_give_the_whole_file_result(tmp_path_factory, monkeypatch, data, group_rows,
                                           block_bytes):
    folder = tmp_path_factory.mktemp("staging")
    result, stagers = _staged(data, folder, group_rows, block_bytes, monkeypatch)
    try:
        whole = read_bytes(data, "f.csv")
    except InputError:
        assert result is None  # left to the whole-file reader, which refuses it
        assert [p.name for p in folder.iterdir()] == ["f.csv"]  # nothing left staged
        return
    assert result is not None
    event("read as one group" if not stagers else "read in groups")
    if not stagers:  # foretold to fit one group: read as before
        return
    staged = result.encoded
    assert isinstance(staged, staging.Staged)
    expected = codec.encode(whole.table)
    assert staged.sha256 == expected.sha256
    assert staged.regions == expected.regions
    assert (len(staged), staged.start_us, staged.end_us) == (
        len(expected), expected.start_us, expected.end_us)
    got = _joined(staged)
    for name in FIELDS[1:]:
        assert np.array_equal(getattr(got, name), getattr(expected, name)), name
    assert [str(w) for w in result.warnings] == [str(w) for w in whole.warnings]
    assert result.skipped == whole.skipped
    assert result.metadata == whole.metadata
    _same_prepared(staged.prepared, expected)
    staged.discard()
    assert [p.name for p in folder.iterdir()] == ["f.csv"]


def _lines(rows: list[tuple[str, int | str, str]], total: bool = False) -> bytes:
    header = "fips_code,county,state,customers_out,run_start_time" + (
        ",total_customers" if total else "")
    lines = [",".join([f, "C", "S", str(o), t, *(["9"] if total else [])]) for f, o, t in rows]
    return "\n".join([header, *lines]).encode() + b"\n"


RUNS = [f"2022-01-01 0{h}:00:00" for h in range(6)]


@pytest.mark.parametrize("rows", [
    # a run whose every row is blank (its time has no row left; the time index renumbered)
    [("1001", 5, RUNS[0]), ("1003", "", RUNS[1]), ("1001", 4, RUNS[2]), ("2013", 7, RUNS[2])],
    # a count beyond 32 bits in a later group only (the stored counts widened)
    [("1001", 5, RUNS[0]), ("1003", 3, RUNS[0]), ("48201", 2**40, RUNS[1]),
     ("48201", 2**40 + 1, RUNS[2])],
    # a county whose every row is blank (no region), alone in its group
    [("1001", 5, RUNS[0]), ("1003", "", RUNS[0]), ("1003", "", RUNS[1]), ("2013", 1, RUNS[1])],
], ids=["a-time-with-no-row", "wide-counts", "a-county-all-blank"])
def test_edge_cases_across_groups(tmp_path, monkeypatch, rows):
    data = _lines(rows)
    result, stagers = _staged(data, tmp_path, 1, 40, monkeypatch)
    assert stagers and isinstance(result.encoded, staging.Staged)
    whole = read_bytes(data, "f.csv")
    expected = codec.encode(whole.table)
    assert result.encoded.sha256 == expected.sha256
    assert [str(w) for w in result.warnings] == [str(w) for w in whole.warnings]
    _same_prepared(result.encoded.prepared, expected)


def test_group_bounds_cut_between_counties_in_fips_order():
    counties = np.arange(1001, 1001 + 2 * 60, 2)
    fips = np.repeat(counties, np.random.default_rng(0).integers(1, 40, len(counties)))
    starts = eaglei_spill.bounds(fips, foretold_rows=1_000, rows=100)
    assert len(starts) >= 5 and np.all(np.diff(starts) > 0)
    assert set(starts.tolist()) <= set(fips.tolist())  # a county is never split
    assert len(eaglei_spill.bounds(fips, foretold_rows=50, rows=100)) == 0
    # a first block of one county (a file sorted by county): even ranges of the US codes
    one = eaglei_spill.bounds(np.full(500, 1001), foretold_rows=10_000, rows=1_000)
    assert len(one) == 9 and np.all(np.diff(one) > 0) and 1001 < one[0] and one[-1] < 56045


def test_command_line_ingest_of_groups_stores_what_the_whole_file_stores(
        tmp_path, monkeypatch, store_url):
    """The whole chain on each backend: dataset id (the content hash), rows, warnings, the
    store's own checks and every summary figure equal to ingesting the file read whole; no
    staged file is left."""
    from bench import generate

    path = generate.write(generate.generate(30_000, seed=5, days=20), tmp_path / "e.csv")
    monkeypatch.setattr(eaglei_stream, "BLOCK_BYTES", 256 * 1024)
    monkeypatch.setenv("OUTAGES_GROUP_ROWS", "4000")
    monkeypatch.setenv("OUTAGES_CACHE_DIR", str(tmp_path / "cache"))
    doc, expected = ingested_as_whole(path, store_url, tmp_path)
    with open_store(store_url) as store:
        assert store.integrity_check(deep=True) == []
        sha256 = store.get(doc["dataset"]).sha256
        assert codec.content_hash(store.load_encoded(doc["dataset"])) == sha256
        got = prepared.load(store, doc["dataset"]).summary(Window())
    assert [s.to_json() for s in got] == [s.to_json() for s in expected]
    # the staged pre-aggregates moved into place; nothing else left beside them
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [f"{sha256}-v{disk.FORMAT}"]


def test_a_full_disk_while_staging_is_said_not_read_whole(tmp_path, monkeypatch):
    """A disk that cannot take the groups is reported (and nothing stored), not hidden by
    reading the file whole, with every row in memory."""
    import errno

    from bench import generate

    path = generate.write(generate.generate(30_000, seed=5, days=20), tmp_path / "e.csv")
    monkeypatch.setattr(eaglei_stream, "BLOCK_BYTES", 256 * 1024)
    monkeypatch.setenv("OUTAGES_GROUP_ROWS", "4000")

    def full(self, fips, columns):
        raise OSError(errno.ENOSPC, "No space left on device", "groups")
    monkeypatch.setattr(eaglei_spill.Spill, "_write", full)
    url = f"sqlite:///{tmp_path / 's.db'}"
    out, err = io.StringIO(), io.StringIO()
    assert cli.main(["--db", url, "ingest", str(path)], out, err) == 2
    assert "No space left on device" in err.getvalue()
    with open_store(url) as store:
        assert store.list_datasets() == []
    assert not list((tmp_path / "prepared").glob("*"))  # nothing left staged
