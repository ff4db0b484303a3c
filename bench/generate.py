"""Seeded EAGLE-I-shaped outage data: ``fips_code,county,state,customers_out,run_start_time``.

One row per county per 15-minute collection run, only where customers are out, as ORNL
publishes it. Counties are the real 3,143 of the 50 states and DC (FIPS codes, names and
centroids from ``data/boundaries``). Outages come from two sources:

- storms: a track crossing the country (mostly eastward, tens of km/h); every county within the
  storm's radius loses power when the storm passes closest to it, more near the track;
- background: small local outages anywhere, at any time.

Each outage rises over a few runs to its peak, then decays by half every few runs until no
customer is out. Outages that overlap in one county add up. The requested row count is met
exactly (the smallest tail ends are trimmed). The same ``rows`` and ``seed`` give the same
bytes. No Python loop over rows: events are expanded with numpy and written with pyarrow.

Up to ``YEAR_ROWS`` (25 M, about a year of real county data) the rows span one year. A larger
count is made a year at a time (``parts``): year k has its own seeded storms from 2024-01-01
plus k x 366 days, and is written before the next is made, so 100 M rows (4 years, 4.8 GB of
CSV) never sit in memory whole.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pcsv

ROOT = Path(__file__).resolve().parents[1]
BOUNDARIES = ROOT / "data" / "boundaries"
DATA = Path(__file__).resolve().parent / "data"
HEADER = "fips_code,county,state,customers_out,run_start_time\n"
START = pd.Timestamp("2024-01-01")  # run times are UTC, written without a zone as EAGLE-I does
YEAR_ROWS = 25_000_000  # rows made (and held) at a time; larger counts span more years
DAYS = 366
RUNS_PER_DAY = 96  # 15-minute runs
RUN_SECONDS = 900
STORM_SHARE = 0.8  # share of the rows that storms make; the rest are background outages
KM_PER_DEGREE = 111.0
SUFFIXES = (" City and Borough", " Census Area", " Municipality", " County", " Parish",
            " Borough")


@dataclass(frozen=True)
class Counties:
    fips: np.ndarray  # int64
    county: np.ndarray  # str, as EAGLE-I writes it ("Autauga")
    state: np.ndarray  # str, the state's full name
    x: np.ndarray  # km east (equirectangular)
    y: np.ndarray  # km north
    size: np.ndarray  # float: how many customers an outage there tends to reach

    def __len__(self) -> int:
        return len(self.fips)


def counties(seed: int = 0) -> Counties:
    """The counties of the 50 states and DC, with a seeded size for each."""
    places = pd.read_csv(BOUNDARIES / "us_county_centroids_2010.derived.csv",
                         dtype={"fips": str, "usps": str, "name": str})
    states = pd.read_csv(BOUNDARIES / "us_state_centroids.csv", dtype=str)
    names = dict(zip(states["postal"], states["name"], strict=True))
    places = places[places["usps"].isin(names)].reset_index(drop=True)
    county = places["name"].to_numpy(dtype=object)
    for suffix in SUFFIXES:
        county = np.array([c[: -len(suffix)] if c.endswith(suffix) else c for c in county],
                          dtype=object)
    lat = places["lat"].to_numpy(np.float64)
    lon = places["lon"].to_numpy(np.float64)
    rng = np.random.default_rng([seed, 1])
    return Counties(
        fips=places["fips"].astype(np.int64).to_numpy(),
        county=county,
        state=places["usps"].map(names).to_numpy(dtype=object),
        x=lon * KM_PER_DEGREE * np.cos(np.radians(38.0)),
        y=lat * KM_PER_DEGREE,
        size=rng.lognormal(mean=0.0, sigma=1.0, size=len(places)),
    )


@dataclass
class Events:
    """Outages, one per entry: where, when they start, how high and how they rise and decay."""

    county: np.ndarray  # int64 index into Counties
    start: np.ndarray  # int64 run
    peak: np.ndarray  # int64 customers at the top
    rise: np.ndarray  # int64 runs up to the peak (peak reached on the last of them)
    half: np.ndarray  # float64 runs for the count to halve after the peak

    @property
    def lengths(self) -> np.ndarray:
        decay = np.floor(self.half * np.log2(np.maximum(self.peak, 1))).astype(np.int64)
        return self.rise + decay

    def __add__(self, other: Events) -> Events:
        return Events(*(np.concatenate([a, b]) for a, b in
                        zip(self.fields(), other.fields(), strict=True)))

    def fields(self) -> tuple[np.ndarray, ...]:
        return self.county, self.start, self.peak, self.rise, self.half


def no_events() -> Events:
    empty = np.array([], np.int64)
    return Events(empty, empty, empty, empty, np.array([], np.float64))


def storm(rng: np.random.Generator, places: Counties, runs: int) -> Events:
    """One storm: a straight track; each county within its radius has one outage."""
    hours = rng.uniform(6, 60)
    speed = rng.uniform(25, 70)  # km/h
    heading = np.radians(rng.normal(70, 35))  # from north, clockwise: mostly north-east to east
    vx, vy = np.sin(heading) * speed, np.cos(heading) * speed
    # start somewhere on the map, shifted back so the track crosses where counties are
    origin = rng.integers(len(places))
    x0 = places.x[origin] - vx * hours * rng.uniform(0.2, 0.8)
    y0 = places.y[origin] - vy * hours * rng.uniform(0.2, 0.8)
    radius = rng.uniform(60, 300)
    strength = rng.lognormal(np.log(400), 1.0)
    half = rng.uniform(4, 40)
    begin = rng.integers(runs)

    dx, dy = places.x - x0, places.y - y0
    at = np.clip((dx * vx + dy * vy) / (speed * speed), 0, hours)  # hours to the closest point
    dist = np.hypot(dx - vx * at, dy - vy * at)
    hit = np.flatnonzero(dist < radius)
    n = len(hit)
    closeness = (1 - dist[hit] / radius) ** 1.5
    peak = strength * places.size[hit] * closeness * rng.lognormal(0, 0.5, n)
    return Events(
        county=hit.astype(np.int64),
        start=begin + np.round(at[hit] * 4).astype(np.int64) + rng.integers(0, 3, n),
        peak=np.maximum(np.round(peak), 1).astype(np.int64),
        rise=rng.integers(1, 9, n),
        half=half * rng.uniform(0.6, 1.6, n),
    )


def background(rng: np.random.Generator, places: Counties, runs: int, n: int) -> Events:
    """``n`` small local outages anywhere, at any time; bigger counties have more."""
    weights = places.size / places.size.sum()
    return Events(
        county=rng.choice(len(places), size=n, p=weights).astype(np.int64),
        start=rng.integers(0, runs, n),
        peak=np.maximum(np.round(rng.lognormal(np.log(12), 1.3, n)), 1).astype(np.int64),
        rise=rng.integers(1, 3, n),
        half=rng.uniform(1, 10, n),
    )


def events_for(rng: np.random.Generator, places: Counties, runs: int, rows: float) -> Events:
    """Storms and background outages whose lengths add up to about ``rows``."""
    batch, total = no_events(), 0
    while total < STORM_SHARE * rows:
        one = storm(rng, places, runs)
        batch, total = batch + one, total + int(one.lengths.sum())
    mean = float(background(rng, places, runs, 1000).lengths.mean())
    n = max(1, int(round((rows - total) / mean)))
    return batch + background(rng, places, runs, n)


def expand(events: Events, runs: int, n_counties: int) -> tuple[np.ndarray, np.ndarray]:
    """Every outage's rows: (key = run * n_counties + county, customers out), key-sorted,
    overlapping outages in one county and run added up; rows after the last run dropped."""
    lengths = events.lengths
    owner = np.repeat(np.arange(len(lengths)), lengths)
    step = np.arange(len(owner)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    peak = events.peak[owner].astype(np.float64)
    rise = events.rise[owner]
    rising = np.ceil(peak * (step + 1) / rise)
    decaying = np.floor(peak * np.exp2(-(step - rise + 1) / events.half[owner]))
    out = np.where(step < rise, rising, decaying).astype(np.int64)
    run = events.start[owner] + step
    keep = (run < runs) & (out > 0)
    key = run[keep] * n_counties + events.county[owner][keep]
    out = out[keep]
    # one sort of key and value packed together, then sums over equal keys
    bits = max(int(out.max()).bit_length(), 1) if len(out) else 1
    packed = np.sort((key << bits) | out)
    key, out = packed >> bits, packed & ((1 << bits) - 1)
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    return key[starts], np.add.reduceat(out, starts) if len(out) else out


def trim(key: np.ndarray, out: np.ndarray, excess: int, n_counties: int,
         rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Drop ``excess`` rows, each the last run of an outage, the smallest counts first."""
    while excess > 0:
        after = np.searchsorted(key, key + n_counties)
        found = np.zeros(len(key), bool)
        inside = after < len(key)
        found[inside] = key[after[inside]] == key[inside] + n_counties
        tails = np.flatnonzero(~found)
        order = np.lexsort((rng.random(len(tails)), out[tails]))
        drop = tails[order[:excess]]
        keep = np.ones(len(key), bool)
        keep[drop] = False
        key, out = key[keep], out[keep]
        excess -= len(drop)
    return key, out


def generate(rows: int, seed: int = 0, days: int = DAYS, part: int = 0) -> pa.Table:
    """``rows`` EAGLE-I rows over ``days`` days from 2024-01-01 (plus ``part`` x ``days``),
    sorted by run then FIPS."""
    if rows < 1:
        raise ValueError(f"rows must be at least 1, got {rows}")
    places = counties(seed)
    runs = days * RUNS_PER_DAY
    rng = np.random.default_rng([seed, 2] if part == 0 else [seed, 2, part])
    events = events_for(rng, places, runs, rows)
    key, out = expand(events, runs, len(places))
    while len(key) < rows:
        kept = len(key) / max(int(events.lengths.sum()), 1)  # share left after overlaps merge
        more = events_for(rng, places, runs, (rows - len(key)) / kept * 1.01 + 100)
        events = events + more
        key, out = expand(events, runs, len(places))
    key, out = trim(key, out, len(key) - rows, len(places), rng)
    return _table(key + part * runs * len(places), out, places)


def parts(rows: int, seed: int = 0):
    """The tables of ``rows`` rows, a year (at most ``YEAR_ROWS`` rows) at a time, in time
    order: one table up to ``YEAR_ROWS``, the same as ``generate(rows, seed)``."""
    years = -(-rows // YEAR_ROWS)
    for part in range(years):
        share = rows // years + (1 if part < rows % years else 0)
        yield generate(share, seed, part=part)


def _table(key: np.ndarray, out: np.ndarray, places: Counties) -> pa.Table:
    run, county = np.divmod(key, len(places))
    index = pa.array(county.astype(np.int32))
    seconds = START.value // 10**9 + run * RUN_SECONDS

    def text(values: np.ndarray) -> pa.DictionaryArray:
        distinct, code = np.unique(values.astype(str), return_inverse=True)
        return pa.DictionaryArray.from_arrays(pa.array(code.astype(np.int32)).take(index),
                                              pa.array(distinct.tolist(), pa.string()))

    return pa.table({
        "fips_code": pa.array(places.fips[county]),
        "county": text(places.county),
        "state": text(places.state),
        "customers_out": pa.array(out),
        "run_start_time": pa.array(seconds.astype("datetime64[s]")),
    })


def write(tables: pa.Table | Iterable[pa.Table], path: Path) -> Path:
    """The table (or the tables, one after the other, each dropped once written) as EAGLE-I
    CSV: unquoted, times as ``YYYY-MM-DD HH:MM:SS``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as f:
        f.write(HEADER.encode())
        for table in [tables] if isinstance(tables, pa.Table) else tables:
            pcsv.write_csv(table, f, pcsv.WriteOptions(
                include_header=False, quoting_style="none", batch_size=1 << 16))
            del table
    tmp.replace(path)
    return path


def path_for(rows: int, seed: int = 0, folder: Path = DATA) -> Path:
    return folder / f"eaglei_{rows}_seed{seed}.csv"


def ensure(rows: int, seed: int = 0, folder: Path = DATA) -> Path:
    """The CSV file for ``rows`` and ``seed`` in ``folder`` (bench/data/), written when
    missing."""
    path = path_for(rows, seed, folder)
    if not path.exists():
        write(parts(rows, seed), path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split(
        "\n")[0])
    parser.add_argument("rows", type=int, nargs="+", help="row counts, e.g. 1000000 10000000")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="file to write (one row count only)")
    args = parser.parse_args(argv)
    if args.out and len(args.rows) > 1:
        parser.error("--out takes one row count")
    for rows in args.rows:
        began = time.perf_counter()
        path = args.out or path_for(rows, args.seed)
        write(parts(rows, args.seed), path)
        print(f"{path}: {rows:,} rows, {path.stat().st_size / 1e6:,.0f} MB in "
              f"{time.perf_counter() - began:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
