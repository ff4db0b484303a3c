"""The bench's figures as a Markdown report: targets, per-view times, details, machine."""

from __future__ import annotations

import statistics

INGEST_RATIO = 4.0  # ingest <= 4 x pyarrow's parse
COLD_RATIO = 0.5  # cold load <= 0.5 x pyarrow's parse
VIEW_MS = 100.0
SPEEDUP = 20.0
PAYLOAD_BYTES = 1_000_000
MEMORY_MB = 1000.0
INGEST_MB = 1500.0  # peak RSS of `python -m outages ingest`
SUMMARY_RATIO = 1.0  # cold `python -m outages summary --json` <= 1 x pyarrow's parse
KPI_RATIO = 1.3
INGEST_GROWTH = 1.25  # seconds per row at the largest size <= this x at the smallest
# peak RSS at the largest size <= this x at 10 M rows (the first size taken a group of counties
# at a time; below it the process's own 0.25 GB is most of the peak)
MEMORY_GROWTH = 1.5
VIEW_GROWTH = 2.0  # view change median at the largest size <= this x at the smallest


def median_ms(samples: dict[str, list[float]]) -> float:
    """Median over every view change, in milliseconds."""
    return statistics.median(x for xs in samples.values() for x in xs) * 1000


def _size(rows: int) -> str:
    if rows >= 1_000_000:
        return f"{rows / 1_000_000:g} M"
    return f"{rows / 1000:g} k"


def _s(x: float) -> str:
    return f"{x:.2f} s" if x < 10 else f"{x:.1f} s"


def _ms(x: float) -> str:
    return f"{x:.1f} ms" if x < 100 else f"{x:,.0f} ms"


def _mb(n: float) -> str:
    return f"{n / 1e6:.2f} MB" if n < 10e6 else f"{n / 1e6:,.0f} MB"


def _times(x: float) -> str:
    return f"{x:.1f}×" if x < 10 else f"{x:,.0f}×"


def _verdict(ok: bool | None, quick: bool) -> str:
    if ok is None:
        return "not measured"
    if quick:
        return "(quick mode: not judged)"
    return "**met**" if ok else "**not met**"


def _at(results: list[dict], rows: int) -> dict:
    return next(r for r in results if r["rows"] == rows)


def _outside_rows(row, results: list[dict], judged: dict, quick: bool) -> None:
    """The command line measured from outside (``bench.outside``), when it was."""
    if any("cli" not in r for r in results):
        return
    ratio = judged["cli"]["ingest_s"] / judged["pyarrow_s"]
    row("`python -m outages ingest FILE` from outside (new process, new SQLite store)",
        f"≤ {INGEST_RATIO:g} × pyarrow parse",
        [f"{_s(r['cli']['ingest_s'])} ({r['cli']['ingest_s'] / r['pyarrow_s']:.1f}×)"
         for r in results],
        f"{ratio:.1f}× {_verdict(ratio <= INGEST_RATIO, quick)}")
    peak = judged["cli"]["ingest_mb"]
    row("its peak memory (max RSS)", f"≤ {INGEST_MB:,.0f} MB",
        [f"{r['cli']['ingest_mb']:,.0f} MB" for r in results],
        f"{peak:,.0f} MB {_verdict(peak <= INGEST_MB, quick)}")
    ratio = judged["cli"]["summary_s"] / judged["pyarrow_s"]
    row("cold `python -m outages summary DATASET --json` (new process)",
        f"≤ {SUMMARY_RATIO:g} × pyarrow parse",
        [f"{_s(r['cli']['summary_s'])} ({r['cli']['summary_s'] / r['pyarrow_s']:.2f}×, "
         f"{r['cli']['summary_mb']:,.0f} MB)" for r in results],
        f"{ratio:.2f}× {_verdict(ratio <= SUMMARY_RATIO, quick)}")


def _growth(results: list[dict], large: dict, quick: bool) -> list[str]:
    """Each size and the largest run side by side: the command line from outside per million
    rows, its peak memory, the cold summary and the view change (``bench.large``)."""
    runs = [r for r in results if "cli" in r] + [large]
    sizes = [r["rows"] for r in runs]
    lines = ["", f"## Growth to {_size(large['rows'])} rows", "",
             "The largest run (`python -m bench.large`, also run by `make bench`): the file "
             "made a year at a time, never whole"
             + (f" ({large['made_s']:.0f} s)" if large.get("made_s") else "")
             + "; `python -m outages ingest` and a cold `summary --json` from outside, with "
             "`OUTAGES_MAX_FILE_MB` and `OUTAGES_MAX_ROWS` raised past their defaults (2,048 MB, "
             "60 M rows); the view changes on its pre-aggregates. No pandas baseline at this "
             "size (it would hold about 15 GB).", "",
             "| figure | target | " + " | ".join(_size(s) for s in sizes) + " | result |",
             "|---|---|" + "---|" * len(sizes) + "---|"]

    def row(figure: str, target: str, cells: list[str], verdict: str) -> None:
        lines.append(f"| {figure} | {target} | " + " | ".join(cells) + f" | {verdict} |")

    last = runs[-1]
    row("CSV file", "", [_mb(r["csv_mb"] * 1e6) for r in runs], "")
    row("pyarrow parse (the floor)", "", [_s(r["pyarrow_s"]) for r in runs], "")
    ratio = last["cli"]["ingest_s"] / last["pyarrow_s"]
    row("`python -m outages ingest` from outside", f"≤ {INGEST_RATIO:g} × pyarrow parse",
        [f"{_s(r['cli']['ingest_s'])} ({r['cli']['ingest_s'] / r['pyarrow_s']:.1f}×)"
         for r in runs], f"{ratio:.1f}× {_verdict(ratio <= INGEST_RATIO, quick)}")
    per = [r["cli"]["ingest_s"] / r["rows"] * 1e6 for r in runs]
    row("its seconds per million rows", "flat", [f"{x:.2f} s" for x in per],
        f"{per[-1] / per[0]:.2f}× {_verdict(per[-1] / per[0] <= INGEST_GROWTH, quick)}")
    peak = [r["cli"]["ingest_mb"] for r in runs]
    base = next((x for x, r in zip(peak, runs, strict=True) if r["rows"] >= 10_000_000), peak[0])
    row("its peak memory (max RSS)", f"≤ {INGEST_MB:,.0f} MB, flat (≤ {MEMORY_GROWTH:g} × at "
        "10 M)", [f"{x:,.0f} MB" for x in peak],
        f"{peak[-1]:,.0f} MB, {peak[-1] / base:.2f}× at 10 M "
        f"{_verdict(peak[-1] <= INGEST_MB and peak[-1] <= MEMORY_GROWTH * base, quick)}")
    row("its peak memory per million rows", "", [f"{x / r['rows'] * 1e6:,.0f} MB"
                                                  for x, r in zip(peak, runs, strict=True)], "")
    ratio = last["cli"]["summary_s"] / last["pyarrow_s"]
    row("cold `python -m outages summary DATASET --json`", f"≤ {SUMMARY_RATIO:g} × pyarrow parse",
        [f"{_s(r['cli']['summary_s'])} ({r['cli']['summary_s'] / r['pyarrow_s']:.2f}×, "
         f"{r['cli']['summary_mb']:,.0f} MB)" for r in runs],
        f"{ratio:.2f}× {_verdict(ratio <= SUMMARY_RATIO, quick)}")
    views = [median_ms(r["views_data"]) for r in runs]
    flat = views[-1] / views[0]
    row("view change median (KPIs, chart series, map frame)", "flat",
        [_ms(x) for x in views],
        f"{flat:.1f}× {_verdict(flat <= VIEW_GROWTH and views[-1] <= VIEW_MS, quick)}")
    return lines


def render(facts: dict[str, str], results: list[dict], special: dict, *, quick: bool) -> str:
    sizes = [r["rows"] for r in results]
    memory = special.get("memory", {})
    browser = special.get("browser", {})
    judged_rows = memory.get("rows", max(sizes))
    judged = _at(results, judged_rows)
    header = "| figure | target | " + " | ".join(_size(s) for s in sizes) + \
        f" | result (at {_size(judged_rows)}) |"
    lines = [
        "# Speed bench results",
        "",
        "Made by `make bench` (`python -m bench"
        + (" --quick`: a smoke check; its figures mean nothing)" if quick else "`)")
        + f". The whole run took {special.get('seconds', 0) / 60:.1f} "
        "minutes. Medians of repeated runs; baseline and project measured in the same run on the "
        "same files. Method and caveats below the tables.",
        "",
        "## Targets",
        "",
        header,
        "|---|---|" + "---|" * len(sizes) + "---|",
    ]

    def row(figure: str, target: str, cells: list[str], verdict: str) -> None:
        lines.append(f"| {figure} | {target} | " + " | ".join(cells) + f" | {verdict} |")

    row("CSV file", "", [_mb(r["csv_mb"] * 1e6) for r in results], "")
    row("pyarrow parse of the CSV (the floor)", "", [_s(r["pyarrow_s"]) for r in results], "")
    row("baseline: pandas `read_csv` with date parsing", "",
        [f"{_s(r['pandas_s'])} ({r['pandas_s'] / r['pyarrow_s']:.1f}×)" for r in results], "")

    ratio = judged["ingest_s"] / judged["pyarrow_s"]
    row("ingest into the embedded store, ready to view (read, validate, store, "
        "pre-aggregates)",
        f"≤ {INGEST_RATIO:g} × pyarrow parse",
        [f"{_s(r['ingest_s'])} ({r['ingest_s'] / r['pyarrow_s']:.1f}×)" for r in results],
        f"{ratio:.1f}× {_verdict(ratio <= INGEST_RATIO, quick)}")

    fresh = special.get("fresh")
    if fresh:
        blank_cells = [""] * len(sizes)
        for mode, label in (("default", "glibc malloc as it is"),
                            ("tuned", "glibc malloc tuned, `bench.fresh.TUNED`")):
            f = fresh[mode]
            row(f"the same in a fresh process, as `python -m outages ingest` runs ({label})",
                f"≤ {INGEST_RATIO:g} × pyarrow parse", blank_cells,
                f"{_s(f['total_s'])} = {f['total_s'] / judged['pyarrow_s']:.1f}× (read "
                f"{_s(f['read_s'])}, store {_s(f['store_s'])}, pre-aggregates "
                f"{_s(f['prepare_s'])}) "
                f"{_verdict(f['total_s'] / judged['pyarrow_s'] <= INGEST_RATIO, quick)}")

    _outside_rows(row, results, judged, quick)

    ratio = judged["cold_s"] / judged["pyarrow_s"]
    row("cold load of the stored dataset into the dashboard process (its cached "
        "pre-aggregates)", f"≤ {COLD_RATIO:g} × pyarrow parse",
        [f"{_s(r['cold_s'])} ({r['cold_s'] / r['pyarrow_s']:.2f}×)" for r in results],
        f"{ratio:.2f}× {_verdict(ratio <= COLD_RATIO, quick)}")
    row("without the cache: `Store.load` of the table, then `prepare`", "",
        [f"{_s(r['table_load_s'] + r['table_prepare_s'])} "
         f"({(r['table_load_s'] + r['table_prepare_s']) / r['pyarrow_s']:.2f}×)"
         for r in results], "")

    for key, label in (
            ("views_data", "view change (service, regions, window): KPIs, chart series and map "
                           "frame"),
            ("views", "the same with the chart's plotly figure built and serialised (baseline: "
                      "every point)")):
        base_key = "baseline_" + key
        view, base = median_ms(judged[key]), median_ms(judged[base_key])
        row(label, f"≤ {VIEW_MS:g} ms median, ≥ {SPEEDUP:g}× the baseline",
            [f"{_ms(median_ms(r[key]))} vs {_ms(median_ms(r[base_key]))} "
             f"({_times(median_ms(r[base_key]) / median_ms(r[key]))})" for r in results],
            f"{_ms(view)}, {_times(base / view)} "
            f"{_verdict(view <= VIEW_MS and base / view >= SPEEDUP, quick)}")

    payload = judged["payload_bytes"]
    row("chart payload, 50 region lines over the whole span (figure JSON)",
        "≤ 1 MB", [_mb(r["payload_bytes"]) for r in results],
        f"{_mb(payload)} {_verdict(payload <= PAYLOAD_BYTES, quick)}")
    row("baseline payload (every point)", "",
        [_mb(r["baseline_payload_bytes"]) for r in results], "")

    blank = [""] * len(sizes)
    if "server_rss_mb" in browser:
        rss = browser["server_rss_mb"]
        row("dashboard server memory (RSS of `streamlit run app.py` after the visits)",
            "≤ 1 GB", blank, f"{rss:,.0f} MB {_verdict(rss <= MEMORY_MB, quick)}")
    if memory:
        cached, table = memory["cached"], memory["table"]
        rss = cached["prepared_mb"]
        row("memory of a process holding the dataset ready to view (cached pre-aggregates)",
            "≤ 1 GB", blank, f"{rss:,.0f} MB (peak {cached['peak_mb']:,.0f} MB) "
            + _verdict(rss <= MEMORY_MB and cached["peak_mb"] <= MEMORY_MB, quick))
        row("the same holding the whole table too (`Store.load`, then `prepare`)", "", blank,
            f"{table['table_and_prepared_mb']:,.0f} MB (peak {table['peak_mb']:,.0f} MB)")

    if "app_warm_median_s" in browser:
        for key, label in (("warm", "new browser context each visit"),
                           ("cached", "browser cache kept, new tab each visit")):
            app, minimal = browser[f"app_{key}_median_s"], browser[f"minimal_{key}_median_s"]
            row(f"time to the first drawn KPI in the browser (warm server; {label})",
                f"≤ {KPI_RATIO:g} × a minimal Streamlit page", blank,
                f"{app:.2f} s vs {minimal:.2f} s = {app / minimal:.2f}× "
                f"{_verdict(app / minimal <= KPI_RATIO, quick)}")
        row("the same, first visit after the server starts (loads and prepares the dataset)",
            "", blank, f"{browser['app_cold_s']:.2f} s vs {browser['minimal_cold_s']:.2f} s")
    else:
        row("time to the first drawn KPI in the browser", f"≤ {KPI_RATIO:g} × a minimal page",
            blank, f"skipped: {browser.get('skipped', 'not measured')}")

    if len(results) > 1:
        small, large = results[0], results[-1]
        per_row = [r["ingest_s"] / r["rows"] * 1e6 for r in results]
        growth = per_row[-1] / per_row[0]
        views = [median_ms(r["views_data"]) for r in results]
        flat = views[-1] / views[0]
        row("growth: ingest seconds per million rows", "linear or better",
            [f"{x:.2f} s" for x in per_row],
            f"{_size(large['rows'])} vs {_size(small['rows'])}: {growth:.2f}× per row "
            f"{_verdict(growth <= INGEST_GROWTH, quick)}")
        row("growth: view change median", "flat", [_ms(x) for x in views],
            f"{flat:.1f}× {_verdict(flat <= VIEW_GROWTH and views[-1] <= VIEW_MS, quick)}")

    if special.get("large"):
        lines += _growth(results, special["large"], quick)

    lines += ["", "## View changes", "",
              "Median of each view change, KPIs, chart series and map frame (project / baseline, "
              "speed-up); then the same with the chart figure built and serialised.", "",
              "| view | " + " | ".join(_size(s) for s in sizes) + " |",
              "|---|" + "---|" * len(sizes)]
    for key, suffix in (("views_data", ""), ("views", ", with the figure")):
        for name in results[0]["view_names"]:
            cells = []
            for r in results:
                p = statistics.median(r[key][name]) * 1000
                b = statistics.median(r["baseline_" + key][name]) * 1000
                cells.append(f"{_ms(p)} / {_ms(b)} ({_times(b / p)})")
            lines.append(f"| {name}{suffix} | " + " | ".join(cells) + " |")

    lines += ["", "## Details", "",
              "| | " + " | ".join(_size(s) for s in sizes) + " |",
              "|---|" + "---|" * len(sizes)]
    for label, key, fmt in (
            ("rows in the canonical table (zeros added where a county leaves a run)",
             "stored_rows", lambda x: f"{x:,}"),
            ("ingest: read and validate (`read_path`)", "ingest_read_s", _s),
            ("ingest: store (`Store.ingest`)", "ingest_store_s", _s),
            ("ingest: pre-aggregates built and cached (`prepared.cache`)", "ingest_prepare_s",
             _s),
            ("cold load from the cache (`prepared.load`)", "cold_s", lambda x: f"{x:.3f} s"),
            ("without the cache: `Store.load`", "table_load_s", _s),
            ("without the cache: `prepare`", "table_prepare_s", _s)):
        lines.append(f"| {label} | " + " | ".join(fmt(r[key]) for r in results) + " |")
    lines.append("| peak customers out, all counties (project / baseline's naive sum) | "
                 + " | ".join(f"{r['check']['project_peak']:,} / {r['check']['baseline_peak']:,}"
                              for r in results) + " |")
    if memory:
        cached, table = memory["cached"], memory["table"]
        lines += ["", f"Memory at {_size(memory['rows'])} rows, fresh processes: with the "
                      f"cached pre-aggregates {cached['prepared_mb']:,.0f} MB (after imports "
                      f"{cached['after_imports_mb']:,.0f} MB; the arrays "
                      f"{cached['prepared_arrays_mb']:,.0f} MB, memory-mapped; peak "
                      f"{cached['peak_mb']:,.0f} MB). Through the table: after `Store.load` "
                      f"{table['table_mb']:,.0f} MB, with the pre-aggregates "
                      f"{table['table_and_prepared_mb']:,.0f} MB, table dropped "
                      f"{table['prepared_only_mb']:,.0f} MB, peak {table['peak_mb']:,.0f} MB."]
    if "app_warm_s" in browser:
        def listed(key: str) -> str:
            return ", ".join(f"{x:.2f}" for x in browser[key])

        lines += ["", f"Browser at {_size(browser['rows'])} rows, seconds to the first KPI: "
                      f"dashboard first visit {browser['app_cold_s']:.2f}, new contexts "
                      f"{listed('app_warm_s')}, cache kept {listed('app_cached_s')}; minimal "
                      f"page first visit {browser['minimal_cold_s']:.2f}, new contexts "
                      f"{listed('minimal_warm_s')}, cache kept {listed('minimal_cached_s')}. "
                      f"Dashboard server RSS {browser['server_rss_mb']:,.0f} MB, peak "
                      f"{browser['server_peak_mb']:,.0f} MB."]

    lines += ["", "## Machine", "", "| | |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in facts.items()]
    lines += ["", "## Method", "", METHOD]
    return "\n".join(lines) + "\n"


METHOD = """\
- Data: `bench/generate.py`, seeded (seed 0) EAGLE-I-shaped CSV: the 3,143 counties of the 50
  states and DC with their real FIPS codes, 15-minute runs over 2024, rows only where customers
  are out; storms move across the map and every county they pass has an outage that rises over
  a few runs and then halves every few runs; small local outages everywhere else.
- pyarrow parse: `pyarrow.csv.read_csv` of the file with its default threads and type
  inference, each time in a new process (imports not counted; `bench.paths.parse_seconds`),
  as the command line it is compared with runs. Baseline load:
  `pandas.read_csv(path, parse_dates=["run_start_time"])`.
- Ingest, as the command line does it: `outages.readers.read_path(..., encoded=True,
  stage=...)` (format detection, the EAGLE-I file read in blocks, validation, the store's
  integer columns; a file of more than 2 M rows a group of counties at a time, each group
  staged on disk with its content hash, Parquet copy and pre-aggregates) then
  `open_store(sqlite file).ingest(...)`, a fresh store each run, then `outages.prepared.cache`
  (pre-aggregates built from those columns in memory and written beside the store; for a
  staged file, `outages.prepared.adopt` moves the staged ones into place: ready to view).
  Cold load: a new `open_store` handle and `outages.prepared.load`, which memory-maps the
  cached pre-aggregates; without the cache it would be `Store.load` then `prepare` (also
  measured).
- View change: the same sequence of six selections on both paths (all counties over the whole
  span and over March; Texas over the span and over a week; 50 counties over a quarter; one
  county over the span). Project: `Prepared.summary`, `Prepared.cumulative` (thinned to 2,000
  points keeping each bucket's maximum), `Prepared.frame_at` (map at the window's middle), and
  `charts.outage_timeline(...).to_json()`. Baseline, the same figures naively: filter the raw
  frame, sort it by county and time for each county's changes (cut off, restored), group by time
  for the totals and KPIs, group by county for the map, three plotly lines with every point and
  the figure's JSON. One warm-up change first, then at least five passes (both paths).
- Chart payload: `charts.restoration_curves` of the 50 counties with the most customer-hours,
  over the whole span, from `Prepared.cumulative_by_region`; JSON bytes of the figure. Baseline:
  the same counties, one line each with every point.
- Fresh process: `python -m bench.fresh` runs the same ingest in a new process, once with
  glibc's malloc as it is and once with `GLIBC_TUNABLES` set to `bench.fresh.TUNED`. On this
  virtual machine memory a process touches for the first time is slow; numpy and pandas get
  fresh memory for every large array (glibc hands large blocks back when they are freed),
  pyarrow's own allocator keeps what it took. The tuned run keeps blocks in the heap for reuse.
- Memory: a separate process loads the dataset (cached pre-aggregates; and, apart, the whole
  table); RSS from /proc. The browser figure also reads the RSS of the `streamlit run app.py`
  server after its visits (that is whatever the dashboard holds).
- Browser: `streamlit run app.py` on a temporary store holding the dataset (OUTAGES_DB_URL), and
  a page with one `st.metric`, both serving throughout; Playwright drives `/usr/bin/chromium
  --headless --no-sandbox --disable-gpu ...` (the browser's own omnibox popup pages turned off);
  the clock runs from the navigation's start until a frame showing the first
  `[data-testid="stMetric"]` with a size has been painted, as the page itself notes it
  (`performance.now()`; Playwright's wait for a visible element polls every 500 ms after its
  first checks). After the first visit, visits in new browser contexts (an empty browser cache,
  a first-time visitor) and in one kept context (a returning visitor), a new tab and session
  each, the two pages' visits in turn. The dashboard also seeds its bundled samples into the
  store on its first visit.
- The machine is shared: other processes may run during the bench, so single figures can be
  noisy; medians over repeats damp that.
"""
