"""The speed bench: the project's path and a naive baseline, measured in one run.

    python -m bench [--quick] [--rows 1000000,10000000,25000000] [--large 100000000]
                    [--repeat N] [--no-browser]

For each row count: seeded EAGLE-I-shaped CSV (bench/data/, made once), then pyarrow's parse
time (the floor for any loader), the command line from outside (``bench.outside``: ``python -m
outages ingest`` time and peak RSS, a cold ``summary --json``), the baseline (pandas read_csv
with date parsing; every view change re-filters and re-groups the raw rows and plots every
point) and the project (reader, validation and store ingest; cold load and pre-aggregates; view
changes from Prepared; charts thinned to 2,000 points a line). Medians of ``--repeat`` runs.
Memory and the browser's time to the first KPI are measured at 10 M rows (or the largest count
below it). Prints the table of figures against the targets and writes it with the machine's
description to bench/RESULTS.md.
Then the largest run (``bench.large``, 100 M rows by default, ``--large 0`` skips it): the
command line from outside and the view changes, for growth against the sizes above.
``--quick``: 100 k rows (and 200 k for the largest run), a smoke check of every piece (its
figures mean nothing).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench import (
    backtest,
    browser,
    fresh,
    generate,
    large,
    loadreport,
    machine,
    outside,
    paths,
    report,
    sections,
)
from outages.metrics import Window

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
QUICK_RESULTS = HERE / "out" / "RESULTS-quick.md"  # git-ignored: quick figures mean nothing
DEFAULT_ROWS = (1_000_000, 10_000_000, 25_000_000)
QUICK_ROWS = (100_000,)
QUICK_LARGE = 200_000
MEMORY_ROWS = 10_000_000  # memory and the browser are measured at this size (or below)


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    """(median seconds over ``repeat`` calls, the last call's result)."""
    times, result = [], None
    for _ in range(repeat):
        gc.collect()
        began = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - began)
    return statistics.median(times), result


def busiest(prepared, count: int = 50) -> tuple[str, ...]:
    """The ``count`` regions with the most customer-hours out: a "top regions" chart."""
    top = prepared.by_region(Window(paths.SERVICE)).nlargest(count, "customer_hours")
    return tuple(sorted(top["region_id"].astype(str)))


def measure_size(rows: int, repeat: int, keep_store: bool, say,
                 data: Path = generate.DATA) -> tuple[dict, str | None]:
    """Every per-size figure; with ``keep_store`` also the store URL (its folder is left for
    the caller to remove) holding the dataset."""
    out: dict = {"rows": rows}
    began = time.perf_counter()
    path = generate.ensure(rows, folder=data)
    out["csv_mb"] = path.stat().st_size / 1e6
    say(f"{rows:,} rows: {path.name} ({out['csv_mb']:,.0f} MB, ready in "
        f"{time.perf_counter() - began:.1f} s)")

    out["pyarrow_s"] = statistics.median(paths.parse_seconds(path) for _ in range(repeat))
    say(f"  pyarrow parse {out['pyarrow_s']:.2f} s")
    gc.collect()
    out["cli"] = outside.measure(path)
    say(f"  from outside: python -m outages ingest {out['cli']['ingest_s']:.2f} s, peak "
        f"{out['cli']['ingest_mb']:,.0f} MB; cold summary --json {out['cli']['summary_s']:.2f} s, "
        f"peak {out['cli']['summary_mb']:,.0f} MB")

    # baseline
    out["pandas_s"], raw = timed(lambda: paths.baseline_load(path), repeat)
    say(f"  baseline: pandas read_csv with dates {out['pandas_s']:.2f} s")
    first, last = raw["run_start_time"].min(), raw["run_start_time"].max()
    first, last = first.tz_localize("UTC"), last.tz_localize("UTC")
    region_ids = sorted(f"{int(f):05d}" for f in raw["fips_code"].unique())
    views = paths.views(region_ids, first, last)
    out["baseline_views_data"] = {}
    out["baseline_views"] = paths.time_views(lambda v: paths.baseline_view(raw, v), views,
                                             repeat, out["baseline_views_data"])
    say(f"  baseline view change median "
        f"{report.median_ms(out['baseline_views']):,.0f} ms")

    # project
    folder = tempfile.mkdtemp(prefix="outages-bench-")
    ingests = []
    for k in range(repeat):
        url = f"sqlite:///{folder}/run{k}/outages.db"
        Path(folder, f"run{k}").mkdir()
        gc.collect()
        ingests.append(paths.ingest(path, url) | {"url": url})
    for other in ingests[:-1]:
        shutil.rmtree(Path(other["url"].removeprefix("sqlite:///")).parent)
    dataset_id, url = ingests[-1]["dataset_id"], ingests[-1]["url"]
    out["stored_rows"] = ingests[-1]["rows"]
    for key in ("read_s", "store_s", "prepare_s"):
        out[f"ingest_{key}"] = statistics.median(i[key] for i in ingests)
    out["ingest_s"] = statistics.median(i["total_s"] for i in ingests)
    say(f"  ingest {out['ingest_s']:.2f} s (read and validate {out['ingest_read_s']:.2f} s, "
        f"store {out['ingest_store_s']:.2f} s, pre-aggregates {out['ingest_prepare_s']:.2f} s)")

    out["cold_s"], (prepared, _) = timed(lambda: paths.load(url, dataset_id), repeat)
    uncached = [paths.load_table(url, dataset_id) for _ in range(repeat)]
    out["table_load_s"] = statistics.median(u[0] for u in uncached)
    out["table_prepare_s"] = statistics.median(u[1] for u in uncached)
    del uncached
    say(f"  cold load {out['cold_s']:.3f} s (without the cache: Store.load "
        f"{out['table_load_s']:.2f} s + prepare {out['table_prepare_s']:.2f} s)")

    out["views_data"] = {}
    out["views"] = paths.time_views(lambda v: paths.project_view(prepared, v), views,
                                    max(repeat, 5), out["views_data"])
    say(f"  view change median {report.median_ms(out['views']):,.1f} ms")

    fifty = busiest(prepared)
    out["payload_bytes"] = paths.project_payload(prepared, fifty)
    out["baseline_payload_bytes"] = paths.baseline_payload(raw, fifty)
    say(f"  50 region lines: {out['payload_bytes']:,} bytes (baseline "
        f"{out['baseline_payload_bytes']:,})")
    out["view_names"] = [v.name for v in views]
    out["check"] = {"project_peak": paths.project_view(prepared, views[0])["peak"],
                    "baseline_peak": paths.baseline_view(raw, views[0])["peak"]}
    raw = prepared = None  # free both before the next size
    gc.collect()
    if not keep_store:
        shutil.rmtree(folder)
        return out, None
    out["dataset_id"] = dataset_id
    out["store_folder"] = folder
    return out, url


def measure_memory(url: str, dataset_id: str) -> dict:
    """Memory of a fresh process holding the dataset: {mode: figures} (see bench.memory)."""
    figures = {}
    for mode in ("cached", "table"):
        done = subprocess.run([sys.executable, "-m", "bench.memory", url, dataset_id, mode],
                              capture_output=True, text=True, cwd=HERE.parent, check=True)
        figures[mode] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def measure_fresh(path: Path) -> dict:
    """One ingest in a fresh process (as the command line runs it) with glibc's malloc as it
    is and tuned (bench.fresh): {"default": figures, "tuned": figures}."""
    figures = {}
    for mode, tunables in (("default", None), ("tuned", fresh.TUNED)):
        env = {k: v for k, v in os.environ.items() if k != "GLIBC_TUNABLES"}
        if tunables:
            env["GLIBC_TUNABLES"] = tunables
        folder = tempfile.mkdtemp(prefix="outages-bench-fresh-")
        try:
            done = subprocess.run([sys.executable, "-m", "bench.fresh", str(path),
                                   f"sqlite:///{folder}/outages.db"], capture_output=True,
                                  text=True, cwd=HERE.parent, env=env, check=True)
        finally:
            shutil.rmtree(folder)
        figures[mode] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def measure_browser(url: str, dataset_id: str, visits: int) -> dict:
    why = browser.missing()
    if why:
        return {"skipped": why}
    app, minimal = browser.measure(url, dataset_id, visits)
    figures = {"server_rss_mb": app.server_rss_mb, "server_peak_mb": app.server_peak_mb}
    for name, visits in (("app", app), ("minimal", minimal)):
        figures.update({f"{name}_cold_s": visits.cold_s, f"{name}_warm_s": visits.warm_s,
                        f"{name}_warm_median_s": visits.warm_median_s,
                        f"{name}_cached_s": visits.cached_s,
                        f"{name}_cached_median_s": visits.cached_median_s})
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="100 k rows: a smoke check")
    parser.add_argument("--rows", help="row counts, comma separated (default 1 M, 10 M, 25 M)")
    parser.add_argument("--large", type=int, default=None,
                        help=f"rows of the largest run (default {large.ROWS:,}; 0: none)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--no-browser", action="store_true", help="skip the browser figure")
    parser.add_argument("--output", type=Path, default=None,
                        help="the Markdown report (default bench/RESULTS.md; with --quick "
                             "bench/out/RESULTS-quick.md, so the real figures stay)")
    parser.add_argument("--data", type=Path, default=generate.DATA,
                        help="folder for the generated CSV files (default bench/data)")
    args = parser.parse_args(argv)
    if args.rows:
        sizes = tuple(int(r.replace("_", "")) for r in args.rows.split(","))
    else:
        sizes = QUICK_ROWS if args.quick else DEFAULT_ROWS
    repeat = 1 if args.quick else max(args.repeat, 1)
    target = max([s for s in sizes if s <= MEMORY_ROWS] or [min(sizes)])

    def say(text: str) -> None:
        print(text, flush=True)

    began = time.perf_counter()
    facts = machine.describe()
    say("machine: " + ", ".join(f"{k} {v}" for k, v in facts.items()))
    results, special = [], {}
    for rows in sizes:
        result, url = measure_size(rows, repeat, keep_store=rows == target, say=say,
                                   data=args.data)
        results.append(result)
        if url is None:
            continue
        try:
            special["fresh"] = measure_fresh(generate.path_for(rows, folder=args.data))
            special["fresh"]["rows"] = rows
            say(f"  fresh process: {json.dumps(special['fresh'])}")
            special["memory"] = measure_memory(url, result["dataset_id"])
            special["memory"]["rows"] = rows
            say(f"  memory: {json.dumps(special['memory'])}")
            if args.no_browser:
                special["browser"] = {"skipped": "--no-browser"}
            else:
                special["browser"] = measure_browser(url, result["dataset_id"],
                                                     visits=3 if args.quick else 5)
            special["browser"]["rows"] = rows
            say(f"  browser: {json.dumps(special['browser'])}")
        finally:
            shutil.rmtree(result.pop("store_folder"))
    largest = args.large if args.large is not None else (
        QUICK_LARGE if args.quick else large.ROWS)
    if largest:
        special["large"] = large.measure(largest, say=say, data=args.data)
    special["seconds"] = time.perf_counter() - began
    table = report.render(facts, results, special, quick=args.quick)
    if args.output is None:
        args.output = QUICK_RESULTS if args.quick else RESULTS
    args.output.parent.mkdir(parents=True, exist_ok=True)
    if args.output.exists():  # keep the sections other commands own (bench.load, bench.backtest)
        old = args.output.read_text()
        for heading in (loadreport.HEADING, backtest.SECTION):
            table = sections.keep_section(old, table, heading)
    args.output.write_text(table)
    print()
    print(table)
    say(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
