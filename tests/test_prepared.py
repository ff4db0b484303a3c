"""Prepared (pre-aggregates) against the reference implementations: outages.metrics and
outages.maps.frame_at, on random tables and windows, plus fixed cases."""

from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outages import maps, metrics, schema
from outages.metrics import Window
from outages.prepared import (
    FORMAT,
    cache,
    cache_folder,
    load,
    prepare,
    prepare_encoded,
    read,
    save,
)
from outages.prepared.build import _given_time_index, _time_index

T0 = pd.Timestamp("2025-01-01T00:00:00Z")
TIMES = [T0 + pd.Timedelta(minutes=15 * k) for k in range(12)]
REGIONS = ["01001", "01003", "06037", "48201"]
NAMES = {"01001": "Autauga, Alabama", "01003": "Baldwin, Alabama",
         "06037": "Los Angeles, California", "48201": "Harris, Texas"}

SIMPLE = b"""timestamp,region_id,region_name,service,customers_out,customers_restored,\
customers_total
2025-01-01T00:00:00Z,UA-30,Kyiv,power,100,,1000
2025-01-01T01:00:00Z,UA-30,Kyiv,power,250,,1000
2025-01-01T02:00:00Z,UA-30,Kyiv,power,40,,1000
2025-01-01T00:30:00Z,UA-32,Kyiv oblast,power,10,,
2025-01-01T02:00:00Z,UA-32,Kyiv oblast,power,0,,
2025-01-01T00:00:00Z,UA-30,Kyiv,water,5,0,
2025-01-01T01:00:00Z,UA-30,Kyiv,water,3,4,
"""


def _read(data: bytes) -> pd.DataFrame:
    raw = pd.read_csv(io.BytesIO(data), dtype={"region_id": "string"})
    raw["timestamp"] = pd.to_datetime(raw["timestamp"], utc=True)
    return schema.canonical(raw)


@st.composite
def tables(draw) -> pd.DataFrame:
    """A canonical table: unique (service, region, time) keys, optional restored and totals,
    names that may change within a region."""
    services = draw(st.lists(st.sampled_from(["power", "water", "heating"]), min_size=1,
                             max_size=3, unique=True))
    keys = draw(st.lists(st.tuples(st.sampled_from(services), st.sampled_from(REGIONS),
                                   st.integers(0, len(TIMES) - 1)),
                         min_size=1, max_size=40, unique=True))
    n = len(keys)
    outs = draw(st.lists(st.integers(0, 60), min_size=n, max_size=n))
    restored_mode = draw(st.sampled_from(["none", "all", "some"]))
    total_mode = draw(st.sampled_from(["none", "all", "some", "changing"]))
    renamed = draw(st.booleans())
    rows = []
    for k, ((service, region, t), out) in enumerate(zip(keys, outs, strict=True)):
        restored = {"none": None, "all": (k * 7) % 13,
                    "some": None if k % 3 == 0 else k % 11}[restored_mode]
        total = {"none": None, "all": 100 + REGIONS.index(region),
                 "some": None if k % 4 == 1 else 100 + REGIONS.index(region),
                 "changing": None if k % 5 == 2 else 60 + t * 5}[total_mode]
        if total is not None and out > total:
            total = out
        name = NAMES[region] + (f" ({t % 2})" if renamed else "")
        rows.append((TIMES[t], region, name, service, out, restored, total))
    frame = pd.DataFrame(rows, columns=list(schema.COLUMNS))
    return schema.canonical(frame)


@st.composite
def windows(draw) -> Window:
    service = draw(st.sampled_from([None, "power", "water", "heating", "gas"]))
    regions = tuple(draw(st.lists(st.sampled_from(REGIONS + ["99999"]), max_size=3)))
    offsets = st.one_of(st.none(), st.integers(-2, 4 * len(TIMES) + 2))
    a, b = draw(offsets), draw(offsets)
    start = None if a is None else T0 + pd.Timedelta(minutes=a * 15 / 4)
    end = None if b is None else T0 + pd.Timedelta(minutes=b * 15 / 4)
    if start is not None and end is not None and start > end:
        start, end = end, start
    return Window(service=service, regions=regions, start=start, end=end)


def _same_summaries(got: list, want: list) -> None:
    assert [s.service for s in got] == [s.service for s in want]
    for g, w in zip(got, want, strict=True):
        for key, value in w.to_json().items():
            mine = g.to_json()[key]
            if isinstance(value, float):
                assert mine is not None and math.isclose(mine, value, rel_tol=1e-12,
                                                         abs_tol=1e-9), key
            else:
                assert mine == value, key


def _same_or_both_raise(call_mine, call_reference):
    try:
        want = call_reference()
    except ValueError as exc:
        with pytest.raises(ValueError, match="several services"):
            call_mine()
        assert "several services" in str(exc)
        return None, None
    return call_mine(), want


PROPERTY = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(tables(), windows())
def test_summary_equals_metrics(table, window):
    _same_summaries(prepare(table).summary(window), metrics.summary(table, window))


@PROPERTY
@given(tables(), windows())
def test_cumulative_equals_metrics(table, window):
    got, want = _same_or_both_raise(lambda: prepare(table).cumulative(window, max_points=None),
                                    lambda: metrics.cumulative(table, window))
    if want is not None:
        pd.testing.assert_frame_equal(got, want)
        assert got.attrs["restored_source"] == want.attrs["restored_source"]


@PROPERTY
@given(tables(), windows(), st.integers(3, 6))
def test_cumulative_thinned_keeps_bucket_maxima(table, window, points):
    got, want = _same_or_both_raise(lambda: prepare(table).cumulative(window, points),
                                    lambda: metrics.cumulative(table, window))
    if want is not None:
        thinned = metrics.downsample_max(want, "timestamp", "customers_out", points)
        pd.testing.assert_frame_equal(got, thinned.reset_index(drop=True))
        assert len(got) <= points


@PROPERTY
@given(tables(), windows())
def test_by_region_equals_metrics(table, window):
    pd.testing.assert_frame_equal(prepare(table).by_region(window),
                                  metrics.by_region(table, window))


@PROPERTY
@given(tables(), windows(), st.sampled_from(["power", "water", "heating"]))
def test_cumulative_by_region_equals_metrics(table, window, service):
    window = Window(service, window.regions, window.start, window.end)
    got = prepare(table).cumulative_by_region(window, None)
    chosen = window.regions or REGIONS
    assert set(got) <= set(chosen)
    for region_id in chosen:
        one = Window(service, (region_id,), window.start, window.end)
        want = metrics.cumulative(table, one)
        if want.empty:
            assert region_id not in got
            continue
        pd.testing.assert_frame_equal(got[region_id], want)
        assert got[region_id].attrs["restored_source"] == want.attrs["restored_source"]


@PROPERTY
@given(tables(), st.integers(-2, 4 * len(TIMES) + 2),
       st.lists(st.sampled_from(REGIONS + ["99999"]), max_size=3))
def test_frame_at_equals_maps(table, offset, regions):
    at = T0 + pd.Timedelta(minutes=offset * 15 / 4)
    prepared = prepare(table)
    for service in table["service"].unique():
        want = maps.frame_at(table, at, service)
        if regions:
            want = want[want["region_id"].isin(regions)].reset_index(drop=True)
        got = prepared.frame_at(at, service, tuple(regions))
        pd.testing.assert_frame_equal(got, want)


def _filtered(table: pd.DataFrame, window: Window) -> pd.DataFrame:
    keep = pd.Series(True, index=table.index)
    if window.service is not None:
        keep &= table["service"] == window.service
    if window.regions:
        keep &= table["region_id"].isin(window.regions)
    if window.start is not None:
        keep &= table["timestamp"] >= window.start
    if window.end is not None:
        keep &= table["timestamp"] <= window.end
    return table.loc[keep].reset_index(drop=True)


@PROPERTY
@given(tables(), windows())
def test_table_equals_filtering_the_rows(table, window):
    want = _filtered(table, window)
    pd.testing.assert_frame_equal(prepare(table).table(window), want)
    assert prepare(table).count(window) == len(want)


@PROPERTY
@given(tables(), st.sampled_from([None, "power", "water", "heating"]),
       st.lists(st.sampled_from(REGIONS + ["99999"]), max_size=3))
def test_regions_and_change_times_equal_the_rows(table, service, regions):
    prepared = prepare(table)
    rows = table if service is None else table[table["service"] == service]
    names = rows.drop_duplicates("region_id", keep="last")[["region_id", "region_name"]]
    pd.testing.assert_frame_equal(prepared.regions(service),
                                  names.sort_values("region_id", ignore_index=True))
    if service is None:
        return
    if regions:
        rows = rows[rows["region_id"].isin(regions)]
    pd.testing.assert_index_equal(prepared.change_times(service, tuple(regions)),
                                  maps.moments(rows, service))


@PROPERTY
@given(tables(), windows())
def test_from_store_columns_equals_from_table(table, window):
    codec = pytest.importorskip("outages.store.codec")
    from_table, from_columns = prepare(table), prepare_encoded(codec.encode(table))
    _same_summaries(from_columns.summary(window), from_table.summary(window))
    pd.testing.assert_frame_equal(from_columns.by_region(window), from_table.by_region(window))
    pd.testing.assert_frame_equal(from_columns.table(window), from_table.table(window))
    for service in from_table.services:
        pd.testing.assert_frame_equal(from_columns.frame_at(TIMES[5], service),
                                      from_table.frame_at(TIMES[5], service))


@given(tables())
@settings(max_examples=100, deadline=None)
def test_row_order_does_not_matter(table):
    shuffled = table.sample(frac=1, random_state=1).reset_index(drop=True)
    _same_summaries(prepare(shuffled).summary(), prepare(table).summary())


@pytest.mark.parametrize("window", [
    Window(),
    Window(service="power"),
    Window(service="power", regions=("UA-30",)),
    Window(service="power", start=pd.Timestamp("2025-01-01T00:45:00Z")),
    Window(service="power", end=pd.Timestamp("2025-01-01T01:30:00Z")),
    Window(service="water"),
    Window(service="gas"),
])
def test_fixed_table(window):
    table = _read(SIMPLE)
    prepared = prepare(table)
    _same_summaries(prepared.summary(window), metrics.summary(table, window))
    pd.testing.assert_frame_equal(prepared.by_region(window), metrics.by_region(table, window))
    if window.service is not None:
        pd.testing.assert_frame_equal(prepared.cumulative(window),
                                      metrics.cumulative(table, window))


def test_fixed_table_figures():
    prepared = prepare(_read(SIMPLE))
    power, water = prepared.summary()
    assert (power.peak_customers_out, power.latest_customers_out) == (260, 40)
    assert (power.customers_cut_off, power.customers_restored) == (260, 220)
    assert power.restored_source == "derived" and water.restored_source == "reported"
    assert power.customers_served is None  # UA-32 has no total
    frame = prepared.frame_at("2025-01-01T01:30:00Z", "power")
    assert frame["customers_out"].tolist() == [250, 10]
    assert frame["pct_out"].tolist()[0] == 25.0 and frame["pct_out"].isna().tolist()[1]
    assert list(prepared.change_times("water")) == [pd.Timestamp("2025-01-01T00:00:00Z"),
                                                   pd.Timestamp("2025-01-01T01:00:00Z")]


def test_cumulative_several_services_needs_one():
    with pytest.raises(ValueError, match="several services"):
        prepare(_read(SIMPLE)).cumulative(Window())


def test_frame_at_needs_a_zone_and_a_service():
    prepared = prepare(_read(SIMPLE))
    with pytest.raises(ValueError, match="zone"):
        prepared.frame_at("2025-01-01 01:00", "power")
    with pytest.raises(ValueError, match="2 services"):
        prepared.frame_at("2025-01-01T01:00:00Z")


def test_large_counts_stay_exact():
    # sums beyond float64's exact range take the integer path
    big = 2**52
    rows = [(TIMES[k], r, r, "power", big + k * 3 + i, None, None)
            for k in range(4) for i, r in enumerate(REGIONS)]
    table = schema.canonical(pd.DataFrame(rows, columns=list(schema.COLUMNS)))
    _same_summaries(prepare(table).summary(), metrics.summary(table))
    pd.testing.assert_frame_equal(prepare(table).cumulative(Window(), None),
                                  metrics.cumulative(table))


def test_empty_window_on_a_service():
    prepared = prepare(_read(SIMPLE))
    window = Window(service="power", end=pd.Timestamp("2024-12-31T00:00:00Z"))
    _same_summaries(prepared.summary(window), metrics.summary(_read(SIMPLE), window))
    assert prepared.cumulative(window).empty
    assert prepared.by_region(window).empty
    assert prepared.cumulative_by_region(window) == {}


def test_thinned_series_keeps_the_peak():
    n = 10_000
    times = pd.date_range(T0, periods=n, freq="15min")
    out = np.arange(n) % 97
    out[7_777] = 5_000
    table = schema.canonical(pd.DataFrame({
        "timestamp": times, "region_id": "A", "region_name": "A", "service": "power",
        "customers_out": out}))
    frame = prepare(table).cumulative(Window(service="power"), max_points=2000)
    assert len(frame) <= 2000
    assert frame["customers_out"].max() == 5_000
    assert frame["timestamp"].iloc[-1] == times[-1]
    # per row: a time index and a count (4 bytes each); per distinct time: 4 int64 columns
    assert prepare(table).nbytes <= 8 * n + 32 * n + 1024


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(tables(), windows())
def test_saved_copy_answers_the_same(tmp_path_factory, table, window):
    folder = tmp_path_factory.mktemp("prepared") / "copy"
    built = prepare(table)
    save(built, folder)
    copy = read(folder)
    assert copy is not None
    _same_summaries(copy.summary(window), built.summary(window))
    pd.testing.assert_frame_equal(copy.by_region(window), built.by_region(window))
    pd.testing.assert_frame_equal(copy.table(window), built.table(window))
    if window.service in built.services:
        pd.testing.assert_frame_equal(copy.cumulative(window), built.cumulative(window))
        pd.testing.assert_frame_equal(copy.frame_at(TIMES[4], window.service),
                                      built.frame_at(TIMES[4], window.service))


def test_read_refuses_missing_and_other_formats(tmp_path):
    assert read(tmp_path / "nothing") is None
    save(prepare(_read(SIMPLE)), tmp_path / "copy")
    meta = tmp_path / "copy" / "prepared.json"
    meta.write_text(meta.read_text().replace(f'"format": {FORMAT}', '"format": 0'))
    assert read(tmp_path / "copy") is None


class _Spy:
    """A store that counts loads."""

    def __init__(self, store):
        self.store, self.loads = store, 0
        self.backend, self.url = store.backend, store.url

    def get(self, dataset_id):
        return self.store.get(dataset_id)

    def load(self, dataset_id):
        self.loads += 1
        return self.store.load(dataset_id)


def test_load_builds_once_then_reads_the_cache(tmp_path):
    from outages.store import open_store

    store = open_store(f"sqlite:///{tmp_path}/outages.db")
    dataset_id = store.ingest(_read(SIMPLE), name="simple").dataset_id
    spy = _Spy(store)
    first = load(spy, dataset_id)
    again = load(spy, dataset_id)
    assert spy.loads == 1
    assert (tmp_path / "prepared").is_dir()  # beside the SQLite file
    _same_summaries(again.summary(), first.summary())
    _same_summaries(again.summary(), metrics.summary(store.load(dataset_id)))
    with pytest.raises(KeyError):
        load(spy, "no-such-dataset")


def test_load_works_without_a_writable_cache(tmp_path):
    from outages.store import open_store

    store = open_store(f"sqlite:///{tmp_path}/outages.db")
    dataset_id = store.ingest(_read(SIMPLE), name="simple").dataset_id
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    spy = _Spy(store)
    prepared = load(spy, dataset_id, folder=blocked / "cache")
    load(spy, dataset_id, folder=blocked / "cache")
    assert spy.loads == 2
    _same_summaries(prepared.summary(), metrics.summary(store.load(dataset_id)))


def test_cache_folder_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("OUTAGES_CACHE_DIR", str(tmp_path / "c"))
    assert cache_folder(object()) == tmp_path / "c"


def test_cache_after_ingest_spares_the_load(tmp_path):
    from outages.store import open_store

    store = open_store(f"sqlite:///{tmp_path}/outages.db")
    table = _read(SIMPLE)
    dataset_id = store.ingest(table, name="simple").dataset_id
    built = cache(store, dataset_id, table)
    spy = _Spy(store)
    _same_summaries(load(spy, dataset_id).summary(), built.summary())
    assert spy.loads == 0


@pytest.mark.parametrize(("rows", "points", "seed"), [(5_000, 300, 1), (5_000, 2000, 2),
                                                      (20_000, 1000, 3)])
def test_thinning_matches_downsample_max_on_long_series(rows, points, seed):
    rng = np.random.default_rng(seed)
    times = pd.Timestamp("2024-01-01T00:00Z") + pd.to_timedelta(
        np.sort(rng.choice(rows * 3, rows, replace=False)) * 15, unit="min")
    table = schema.canonical(pd.DataFrame({
        "timestamp": times, "region_id": rng.choice(["a", "b", "c"], rows), "region_name": "x",
        "service": "power", "customers_out": rng.integers(0, 5, rows)}))  # many ties
    want = metrics.downsample_max(metrics.cumulative(table), "timestamp", "customers_out",
                                  points).reset_index(drop=True)
    pd.testing.assert_frame_equal(prepare(table).cumulative(Window(), points), want)


@PROPERTY
@given(tables(), windows(), st.integers(1, 5))
def test_building_in_small_blocks_changes_nothing(table, window, block):
    from unittest import mock

    from outages.prepared import parts

    with mock.patch.object(parts, "BLOCK", block):
        blocked = prepare(table)
    _same_summaries(blocked.summary(window), metrics.summary(table, window))
    pd.testing.assert_frame_equal(blocked.by_region(window), metrics.by_region(table, window))


def test_load_prefers_the_stores_integer_columns(tmp_path):
    from outages.store import codec, open_store

    store = open_store(f"sqlite:///{tmp_path}/outages.db")
    table = _read(SIMPLE)
    dataset_id = store.ingest(table, name="simple").dataset_id

    class Columns(_Spy):
        def load_encoded(self, dataset_id):
            return codec.encode(self.store.load(dataset_id))

    spy = Columns(store)
    prepared = load(spy, dataset_id, folder=tmp_path / "cache")
    assert spy.loads == 0
    _same_summaries(prepared.summary(), metrics.summary(table))
    pd.testing.assert_frame_equal(prepared.table(), table)


def test_a_given_time_index_is_checked_and_compacted():
    ts = np.array([10, 20, 40, 10, 40], np.int64)
    computed = _time_index(ts)
    good = (np.array([10, 20, 30, 40]), np.array([0, 1, 3, 0, 3], np.int32))  # 30: no row
    for got, expected in zip(_given_time_index(ts, good), computed, strict=True):
        assert np.array_equal(got, expected)
    for wrong in [(np.array([10, 20, 40]), np.array([0, 1, 2, 0, 1], np.int32)),  # a time off
                  (np.array([10, 40, 20]), np.array([0, 2, 1, 0, 1], np.int32)),  # unsorted
                  (np.array([10, 20, 40]), np.array([0, 1, 3, 0, 2], np.int32)),  # out of range
                  (np.array([10, 20, 40]), np.array([0, 1, 2], np.int32))]:  # too short
        assert _given_time_index(ts, wrong) is None
    assert _given_time_index(ts, None) is None
