"""The two things measured side by side: the project's path and a naive baseline.

Project: ``outages.readers.read_path(..., encoded=True, stage=...)`` (EAGLE-I read in blocks,
validated; a large file a group of counties at a time, staged on disk with its pre-aggregates)
into ``outages.store`` (ingest), its pre-aggregates built and cached (``prepared.cache``, or
the staged ones moved into place);
a cold load reads them back (``outages.prepared.load``); a view change is answered by
``Prepared`` (KPIs, chart series thinned to 2,000 points, map frame) and drawn by
``outages.charts``.

Baseline, what a typical dashboard does: pandas ``read_csv`` with date parsing; on every view
change filter the raw rows, sort them by county and time for each county's changes (cut off
and restored), group them by time for the totals and KPIs, group them by county for the map,
and plot every point with plotly.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from outages import charts, prepared, staging
from outages.metrics import Window
from outages.prepared import Prepared, prepare
from outages.readers import read_path
from outages.store import open_store

SERVICE = "power"  # EAGLE-I is electricity


@dataclass(frozen=True)
class View:
    """One state of the dashboard's controls: regions (empty = all), window and map moment."""

    name: str
    regions: tuple[str, ...]
    start: pd.Timestamp | None
    end: pd.Timestamp | None
    at: pd.Timestamp

    @property
    def window(self) -> Window:
        return Window(SERVICE, self.regions, self.start, self.end)


def views(region_ids: list[str], first: pd.Timestamp, last: pd.Timestamp) -> list[View]:
    """The sequence of view changes timed on both paths: whole country, a state, 50 counties
    and one county, over the whole span, a month, a week and a quarter."""
    ids = sorted(region_ids)
    texas = tuple(r for r in ids if r.startswith("48")) or tuple(ids[: len(ids) // 20 or 1])
    step = max(len(ids) // 50, 1)
    fifty = tuple(ids[::step][:50])
    one = ("48201",) if "48201" in ids else (ids[0],)
    year = first.year

    def day(month: int, d: int) -> pd.Timestamp:
        return min(max(pd.Timestamp(year=year, month=month, day=d, tz="UTC"), first), last)

    middle = first + (last - first) / 2
    spans = {
        "whole span": (None, None, middle),
        "March": (day(3, 1), day(3, 31), day(3, 15)),
        "a week in May": (day(5, 6), day(5, 13), day(5, 9)),
        "July to September": (day(7, 1), day(9, 30), day(8, 15)),
    }

    def view(name: str, regions: tuple[str, ...], span: str) -> View:
        start, end, at = spans[span]
        return View(f"{name}, {span}", regions, start, end, at)

    return [
        view("all counties", (), "whole span"),
        view("all counties", (), "March"),
        view("Texas", texas, "whole span"),
        view("Texas", texas, "a week in May"),
        view("50 counties", fifty, "July to September"),
        view("one county", one, "whole span"),
    ]


# --- project -----------------------------------------------------------------------------


def time_views(run: Callable[[View], dict], views: list[View], rounds: int,
               parts: dict[str, list[float]] | None = None) -> dict[str, list[float]]:
    """Seconds of each view change over ``rounds`` passes through the sequence; the
    ``data_s`` each run reports goes to ``parts``."""
    run(views[0])  # warm-up: first-call imports and caches
    samples: dict[str, list[float]] = {v.name: [] for v in views}
    for _ in range(rounds):
        for view in views:
            began = time.perf_counter()
            result = run(view)
            samples[view.name].append(time.perf_counter() - began)
            if parts is not None:
                parts.setdefault(view.name, []).append(result["data_s"])
    return samples


def parse_seconds(path: Path) -> float:
    """Seconds of ``pyarrow.csv.read_csv(path)`` in a new process (imports not counted), as
    the command line it is compared with runs: inside the bench, which has held and freed
    gigabytes by then, the same parse measured 1.4 to 3.6 x slower in some runs; and the
    table of 100 M rows takes about 13 GB, which pyarrow's allocator would keep in the bench
    while the ingest runs beside it."""
    code = ("import sys, time, pyarrow.csv as c; t = time.perf_counter(); c.read_csv(sys.argv[1]);"
            " print(time.perf_counter() - t)")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                          text=True, check=True)
    return float(done.stdout.strip())


def ingest(path: Path, url: str) -> dict:
    """Read, validate and store one EAGLE-I file as the command line does, then build and
    cache its pre-aggregates (ready to view). Seconds of each step, the id and rows stored."""
    began = time.perf_counter()
    store = open_store(url)
    with staging.Stage(lambda: prepared.cache_folder(store)) as stage:
        result = read_path(path, encoded=True, stage=stage)
        rows = result.table if result.encoded is None else result.encoded
        read_s = time.perf_counter() - began
        meta = dict(result.metadata)
        meta.update(format=result.format, encoding=result.encoding, skipped=result.skipped,
                    file_name=path.name)
        began = time.perf_counter()
        res = store.ingest(rows, name=meta.get("name") or path.name,
                           description=meta.get("description", ""),
                           source=meta.get("source", ""), licence=meta.get("licence", ""),
                           metadata=meta, created_by="bench")
        store_s = time.perf_counter() - began
        began = time.perf_counter()
        if stage.staged is not None:  # built while the groups were read: moved into place
            prepared.adopt(store, rows.sha256, rows.prepared)
        else:
            prepared.cache(store, res.dataset_id, rows)
        prepare_s = time.perf_counter() - began
    store.close()
    return {"dataset_id": res.dataset_id, "rows": res.rows, "read_s": read_s,
            "store_s": store_s, "prepare_s": prepare_s,
            "total_s": read_s + store_s + prepare_s}


def load(url: str, dataset_id: str) -> tuple[Prepared, float]:
    """A cold load as the dashboard does it: a new store handle, the dataset's cached
    pre-aggregates (``outages.prepared.load``). Returns (prepared, seconds)."""
    began = time.perf_counter()
    store = open_store(url)
    ready = prepared.load(store, dataset_id)
    seconds = time.perf_counter() - began
    store.close()
    return ready, seconds


def load_table(url: str, dataset_id: str) -> tuple[float, float]:
    """Without the cache: ``Store.load`` of the table, then ``prepare``. Returns seconds of
    each."""
    began = time.perf_counter()
    store = open_store(url)
    table = store.load(dataset_id)
    load_s = time.perf_counter() - began
    began = time.perf_counter()
    prepare(table)
    prepare_s = time.perf_counter() - began
    store.close()
    return load_s, prepare_s


def project_view(prepared: Prepared, view: View) -> dict:
    """One view change: KPIs, chart series and map frame, and the chart's JSON.

    ``data_s``: seconds spent on the figures alone (before the plotly figure is built).
    """
    began = time.perf_counter()
    kpis = prepared.summary(view.window)
    series = prepared.cumulative(view.window)
    frame = prepared.frame_at(view.at, SERVICE, view.regions)
    data_s = time.perf_counter() - began
    figure = charts.outage_timeline({SERVICE: series}, None, "UTC")
    return {"peak": kpis[0].peak_customers_out, "map_regions": len(frame),
            "chart_bytes": len(figure.to_json()), "data_s": data_s}


def project_payload(prepared: Prepared, regions: tuple[str, ...]) -> int:
    """Bytes of figure JSON for one line per region over the whole span (restoration curves)."""
    frames = prepared.cumulative_by_region(Window(SERVICE, regions))
    return len(charts.restoration_curves(frames, "UTC").to_json().encode())


# --- baseline ----------------------------------------------------------------------------


def baseline_load(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, parse_dates=["run_start_time"])


def _naive(ts: pd.Timestamp | None) -> pd.Timestamp | None:
    return None if ts is None else ts.tz_convert("UTC").tz_localize(None)


def _rows(raw: pd.DataFrame, view: View) -> pd.DataFrame:
    rows = raw
    start, end = _naive(view.start), _naive(view.end)
    if start is not None:
        rows = rows[rows["run_start_time"] >= start]
    if end is not None:
        rows = rows[rows["run_start_time"] <= end]
    if view.regions:
        rows = rows[rows["fips_code"].isin([int(r) for r in view.regions])]
    return rows


def baseline_view(raw: pd.DataFrame, view: View) -> dict:
    """The same figures from the raw rows: filter, sort and group them on every change.

    ``data_s``: seconds spent on the figures alone (before the plotly figure is built).
    """
    began = time.perf_counter()
    rows = _rows(raw, view).sort_values(["fips_code", "run_start_time"])
    out = rows["customers_out"]
    change = out.groupby(rows["fips_code"]).diff().fillna(out)
    per_time = pd.DataFrame({"out": out, "up": change.clip(lower=0),
                             "down": (-change).clip(lower=0)}).groupby(
        rows["run_start_time"]).sum()
    total, cut, restored = per_time["out"], per_time["up"].cumsum(), per_time["down"].cumsum()
    kpis = {}
    if len(total):
        peak_at = int(total.to_numpy().argmax())
        after = total.iloc[peak_at:]
        kpis = {"peak": int(total.iloc[peak_at]), "peak_time": total.index[peak_at],
                "latest": int(total.iloc[-1]), "cut_off": int(cut.iloc[-1]),
                "restored": int(restored.iloc[-1]), "customer_hours": float(total.sum()) / 4,
                "half_restored_at": after.index[after <= total.iloc[peak_at] / 2].min()}
    at = _naive(view.at)
    frame = rows[rows["run_start_time"] <= at].groupby("fips_code")[["customers_out"]].last()
    data_s = time.perf_counter() - began
    figure = go.Figure()
    for name, line in (("out", total), ("cut off", cut), ("restored", restored)):
        figure.add_trace(go.Scatter(x=line.index, y=line.to_numpy(), name=name, mode="lines",
                                    line={"shape": "hv"}))
    return {"peak": kpis.get("peak", 0), "map_regions": len(frame),
            "chart_bytes": len(figure.to_json()), "data_s": data_s}


def baseline_payload(raw: pd.DataFrame, regions: tuple[str, ...]) -> int:
    """Bytes of figure JSON for one line per region with every point."""
    rows = raw[raw["fips_code"].isin([int(r) for r in regions])]
    figure = go.Figure()
    for fips, one in rows.groupby("fips_code"):
        figure.add_trace(go.Scatter(x=one["run_start_time"], y=one["customers_out"].to_numpy(),
                                    name=str(fips), mode="lines"))
    return len(figure.to_json().encode())
