"""Store speed: ingest, and loading a dataset from the store against re-parsing its CSV.

    python bench/bench_store.py --rows 1000000
    python bench/bench_store.py --rows 10000000 --repeat 3 --pg postgresql://postgres@127.0.0.1/test

Makes seeded synthetic EAGLE-I-shaped data (about 3,100 counties, 15-minute runs over a year,
only rows where customers are out, with county totals), writes it as CSV and times:
- pandas ``read_csv`` with date parsing of that CSV (what loading would cost without a store),
- pyarrow's CSV parser on the same file (the reference for the speed targets),
- ``Store.ingest`` into a fresh store (rows per second),
- ``Store.load`` from a freshly opened store (new connections: a cold load).
Prints medians of ``--repeat`` runs (and the fastest run of the store's steps: on a shared,
busy machine the median says more about the neighbours than about the store). PostgreSQL runs
in its own schema, dropped at the end.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from outages import schema  # noqa: E402
from outages.store import open_store  # noqa: E402

SLOTS_A_YEAR = 365 * 96  # 15-minute collection runs
START = pd.Timestamp("2024-01-01", tz="UTC")


def eaglei_like(rows: int, seed: int = 2024) -> pd.DataFrame:
    """A canonical table shaped like a year of EAGLE-I county data, exactly ``rows`` long."""
    rng = np.random.default_rng(seed)
    counties = 3_100
    fips = np.char.zfill(rng.choice(np.arange(1_001, 56_999), counties, replace=False)
                         .astype(str), 5)
    names = np.array([f"County {i}, {s}" for i, s in
                      enumerate(rng.choice(["TX", "CA", "FL", "NY", "OH", "GA"], counties))])
    totals = rng.lognormal(10, 1.2, counties).astype(np.int64) + 100
    draw = int(rows * 1.3) + 1_000
    weight = rng.lognormal(0, 1, counties)
    weight = np.minimum(weight / weight.sum(), 0.3 * SLOTS_A_YEAR / draw)  # a county < 30 %
    county = rng.choice(counties, draw, p=weight / weight.sum())
    key = np.unique(county.astype(np.int64) * SLOTS_A_YEAR + rng.integers(0, SLOTS_A_YEAR, draw))
    if len(key) < rows:
        raise SystemExit(f"cannot make {rows:,} distinct county-times; ask for fewer rows")
    key = np.sort(rng.choice(key, rows, replace=False))
    county, slot = key // SLOTS_A_YEAR, key % SLOTS_A_YEAR
    out = np.minimum(rng.lognormal(3, 1.6, rows).astype(np.int64) + 1, totals[county])
    table = pd.DataFrame({
        "timestamp": pd.Series((START.value // 1000 + slot * 900_000_000).view("M8[us]"))
        .dt.tz_localize("UTC"),
        "region_id": pd.array(fips[county], dtype="string"),
        "region_name": pd.array(names[county], dtype="string"),
        "service": pd.array(np.full(rows, "power"), dtype="string"),
        "customers_out": out,
        "customers_total": pd.array(totals[county], dtype="Int64"),
    })
    return schema.canonical(table)


def write_csv(table: pd.DataFrame, path: Path) -> None:
    """EAGLE-I style text: UTC times as 'YYYY-MM-DD HH:MM:SS', blank for missing counts."""
    text = table.assign(timestamp=table["timestamp"].dt.strftime("%Y-%m-%d %H:%M:%S"))
    pacsv.write_csv(pa.Table.from_pandas(text, preserve_index=False), path)


def run_times(fn: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def pandas_parse(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, parse_dates=["timestamp"], date_format="%Y-%m-%d %H:%M:%S",
                       dtype={"region_id": "string", "region_name": "string"})


def pyarrow_parse(path: Path) -> pa.Table:
    return pacsv.read_csv(path)


def bench_backend(label: str, make_url: Callable[[int], str], table: pd.DataFrame,
                  repeat: int, pandas_time: float, arrow_time: float) -> None:
    ingest_times, dataset_id, url = [], "", ""
    for i in range(repeat):
        url = make_url(i)
        store = open_store(url)
        start = time.perf_counter()
        dataset_id = store.ingest(table, name="bench").dataset_id
        ingest_times.append(time.perf_counter() - start)
        store.close()

    def cold_load() -> pd.DataFrame:
        with open_store(url) as store:
            return store.load(dataset_id)

    loaded = cold_load()
    pd.testing.assert_frame_equal(loaded, table)
    load_times = run_times(cold_load, repeat)
    ingest, load = statistics.median(ingest_times), statistics.median(load_times)
    print(f"{label:<10} ingest {ingest:7.2f} s  {len(table) / ingest:11,.0f} rows/s  "
          f"= {ingest / arrow_time:5.2f} x pyarrow parse   (fastest {min(ingest_times):.2f} s)")
    print(f"{label:<10} load   {load:7.3f} s  = {load / pandas_time:5.2f} x pandas read_csv  "
          f"= {load / arrow_time:5.2f} x pyarrow parse   (fastest {min(load_times):.3f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pg", help="also bench PostgreSQL at this URL (own schema, dropped)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        tmpdir = Path(tmp)
        table = eaglei_like(args.rows)
        csv_path = tmpdir / "outages.csv"
        write_csv(table, csv_path)
        size_mb = csv_path.stat().st_size / 1e6
        pandas_time = statistics.median(run_times(lambda: pandas_parse(csv_path), args.repeat))
        arrow_time = statistics.median(run_times(lambda: pyarrow_parse(csv_path), args.repeat))
        print(f"{len(table):,} rows, CSV {size_mb:,.0f} MB, median of {args.repeat}")
        print(f"{'pandas':<10} read_csv with date parsing {pandas_time:7.3f} s")
        print(f"{'pyarrow':<10} CSV parse                 {arrow_time:7.3f} s")
        bench_backend("sqlite", lambda i: f"sqlite:///{tmpdir / f'store{i}.db'}", table,
                      args.repeat, pandas_time, arrow_time)
        if args.pg:
            bench_postgres(args.pg, table, args.repeat, pandas_time, arrow_time)


def bench_postgres(base_url: str, table: pd.DataFrame, repeat: int, pandas_time: float,
                   arrow_time: float) -> None:
    import psycopg  # only needed here

    schemas = [f"bench_{uuid.uuid4().hex[:12]}" for _ in range(repeat)]
    sep = "&" if "?" in base_url else "?"
    with psycopg.connect(base_url, autocommit=True) as conn:
        for name in schemas:
            conn.execute(f"CREATE SCHEMA {name}")
    try:
        bench_backend(
            "postgresql",
            lambda i: f"{base_url}{sep}options={quote(f'-csearch_path={schemas[i]}')}",
            table, repeat, pandas_time, arrow_time)
    finally:
        with psycopg.connect(base_url, autocommit=True) as conn:
            for name in schemas:
                conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")


if __name__ == "__main__":
    main()
