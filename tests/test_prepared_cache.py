"""The pre-aggregates' cache heals itself: a copy that is not whole and unaltered (wrong shape,
garbage, an altered value, a missing file, an older manifest) is found out, discarded and
rebuilt once from the store, with a warning in the log; the figures served are the store's."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_prepared import SIMPLE, _read, _same_summaries, _Spy

from outages import metrics, prepared
from outages.prepared import FORMAT, MANIFEST, disk, load, read
from outages.store import open_store


@pytest.fixture
def stored(tmp_path):
    """(a spy on a store holding SIMPLE, its dataset id, the cache folder)."""
    store = open_store(f"sqlite:///{tmp_path}/outages.db")
    dataset_id = store.ingest(_read(SIMPLE), name="simple").dataset_id
    return _Spy(store), dataset_id, tmp_path / "cache"


def _manifest(copy: Path) -> dict:
    return json.loads((copy / MANIFEST).read_text())


def _wrong_shape(copy: Path) -> None:
    tidx = np.load(copy / "0.tidx.npy")
    np.save(copy / "0.tidx.npy", tidx[:-1])


def _wrong_shape_in_the_manifest_too(copy: Path) -> None:
    """A shorter array the manifest agrees with (dtype, shape, checksum): only the sizes of
    the part's arrays against each other tell."""
    _wrong_shape(copy)
    meta = _manifest(copy)
    entry = meta["arrays"]["0.tidx.npy"]
    entry["shape"] = [entry["shape"][0] - 1]
    entry["sha256"] = hashlib.sha256((copy / "0.tidx.npy").read_bytes()).hexdigest()
    (copy / MANIFEST).write_text(json.dumps(meta))


def _garbage(copy: Path) -> None:
    (copy / "0.out.npy").write_bytes(b"\x93NUMPY garbage \xff\x00" * 50)


def _altered_value(copy: Path) -> None:
    out = np.load(copy / "0.out.npy")
    out[1] += 1000
    np.save(copy / "0.out.npy", out)  # same dtype and shape


def _missing_file(copy: Path) -> None:
    (copy / "0.times.npy").unlink()


def _older_manifest(copy: Path) -> None:
    meta = _manifest(copy)
    meta["format"] = FORMAT - 1
    (copy / MANIFEST).write_text(json.dumps(meta))


def _garbage_manifest(copy: Path) -> None:
    (copy / MANIFEST).write_bytes(b"{\xff not json")


def _no_manifest(copy: Path) -> None:
    (copy / MANIFEST).unlink()


DAMAGE = [_wrong_shape, _wrong_shape_in_the_manifest_too, _garbage, _altered_value,
          _missing_file, _older_manifest, _garbage_manifest, _no_manifest]


def _new_process(monkeypatch) -> None:
    """Forget which copies this process has verified, as a freshly started one would."""
    monkeypatch.setattr(disk, "_verified", set())


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda f: f.__name__.strip("_"))
def test_a_damaged_copy_is_rebuilt_once(stored, damage, monkeypatch, caplog):
    spy, dataset_id, folder = stored
    load(spy, dataset_id, folder=folder)
    assert spy.loads == 1
    (copy,) = folder.iterdir()
    damage(copy)
    _new_process(monkeypatch)
    assert read(copy) is None

    with caplog.at_level(logging.WARNING, logger="outages.prepared"):
        healed = load(spy, dataset_id, folder=folder)
    assert spy.loads == 2  # rebuilt from the store, once
    assert any("damaged" in r.getMessage() and r.levelno == logging.WARNING
               for r in caplog.records)
    table = spy.store.load(dataset_id)
    _same_summaries(healed.summary(), metrics.summary(table))
    pd.testing.assert_frame_equal(healed.table(), table)

    _new_process(monkeypatch)  # repaired on disk: a new process reads it as it is
    assert read(copy) is not None
    caplog.clear()
    again = load(spy, dataset_id, folder=folder)
    assert spy.loads == 2
    assert not caplog.records
    _same_summaries(again.summary(), metrics.summary(table))
    assert [p.name for p in folder.iterdir()] == [copy.name]  # nothing left beside it


def test_checksums_are_verified_once_per_process(stored, monkeypatch):
    spy, dataset_id, folder = stored
    load(spy, dataset_id, folder=folder)
    hashed = []
    real = disk._digests

    def counting(where, files):
        hashed.append(len(files))
        return real(where, files)

    monkeypatch.setattr(disk, "_digests", counting)
    _new_process(monkeypatch)
    load(spy, dataset_id, folder=folder)
    load(spy, dataset_id, folder=folder)
    assert len(hashed) == 1 and spy.loads == 1


def test_the_manifest_records_every_array(stored):
    spy, dataset_id, folder = stored
    load(spy, dataset_id, folder=folder)
    (copy,) = folder.iterdir()
    meta = _manifest(copy)
    assert meta["format"] == FORMAT
    files = sorted(p.name for p in copy.glob("*.npy"))
    assert sorted(meta["arrays"]) == files
    for name, entry in meta["arrays"].items():
        array = np.load(copy / name)
        assert (array.dtype.str, list(array.shape)) == (entry["dtype"], entry["shape"])
        assert entry["sha256"] == hashlib.sha256((copy / name).read_bytes()).hexdigest()


def test_copies_of_other_formats_are_removed(stored):
    spy, dataset_id, folder = stored
    info = spy.get(dataset_id)
    old = folder / f"{info.sha256}-v{FORMAT - 1}"
    old.mkdir(parents=True)
    (old / "prepared.json").write_text("{}")
    load(spy, dataset_id, folder=folder)
    assert [p.name for p in folder.iterdir()] == [f"{info.sha256}-v{FORMAT}"]


def test_cache_after_ingest_replaces_a_damaged_copy(stored, monkeypatch, caplog):
    spy, dataset_id, folder = stored
    load(spy, dataset_id, folder=folder)
    (copy,) = folder.iterdir()
    _altered_value(copy)
    _new_process(monkeypatch)
    with caplog.at_level(logging.WARNING, logger="outages.prepared"):
        prepared.cache(spy, dataset_id, spy.store.load(dataset_id), folder=folder)
    assert any("damaged" in r.getMessage() for r in caplog.records)
    _new_process(monkeypatch)
    assert read(copy) is not None
