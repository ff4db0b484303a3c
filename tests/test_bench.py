"""The bench's pieces on small data: the generator, both measured paths, the report, and the
command end to end (quick, without the browser). Timings are not asserted."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow.csv as pcsv
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench import __main__ as bench_main
from bench import browser, generate, machine, paths, report
from outages.readers import read_path
from outages.schema import service_name

ROWS = 20_000


@pytest.fixture(scope="module")
def csv_path(tmp_path_factory):
    return generate.ensure(ROWS, folder=tmp_path_factory.mktemp("bench-data"))


@pytest.fixture(scope="module")
def stored(csv_path, tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('bench-store')}/store.db"
    done = paths.ingest(csv_path, url)
    assert done["total_s"] >= done["read_s"] > 0
    return url, done["dataset_id"], done["rows"]


@pytest.mark.parametrize("rows", [1, 5_000, ROWS])
def test_generate_gives_the_rows_asked_for(rows):
    table = generate.generate(rows, seed=3)
    assert table.num_rows == rows
    frame = table.to_pandas()
    assert (frame["customers_out"] > 0).all()
    assert not frame.duplicated(["fips_code", "run_start_time"]).any()
    assert frame["run_start_time"].is_monotonic_increasing


def test_generate_is_deterministic_for_a_seed():
    a, b, c = (generate.generate(3_000, seed=s) for s in (7, 7, 8))
    assert a.equals(b)
    assert not a.equals(c)


def test_a_count_over_a_year_is_made_a_year_at_a_time(monkeypatch, tmp_path):
    monkeypatch.setattr(generate, "YEAR_ROWS", 2_000)
    tables = list(generate.parts(5_001, seed=3))
    assert [t.num_rows for t in tables] == [1_667, 1_667, 1_667]
    assert tables[0].equals(generate.generate(1_667, seed=3))
    times = [t.column("run_start_time").to_numpy() for t in tables]
    first_day = np.datetime64(generate.START.date())
    for k, t in enumerate(times):  # each year in its own 366 days, in order
        days = (t - first_day) // np.timedelta64(1, "D")
        assert days.min() >= k * generate.DAYS and days.max() < (k + 1) * generate.DAYS
    assert list(generate.parts(1_500, seed=3))[0].equals(generate.generate(1_500, seed=3))
    path = generate.write(iter(tables), tmp_path / "years.csv")
    frame = pcsv.read_csv(path).to_pandas()
    assert len(frame) == 5_001 and frame["run_start_time"].is_monotonic_increasing
    assert not frame.duplicated(["fips_code", "run_start_time"]).any()


def test_generated_counties_are_real_and_runs_are_15_minutes():
    places = generate.counties()
    assert 3_100 <= len(places) <= 3_150  # 50 states and DC, no territories
    frame = generate.generate(ROWS).to_pandas()
    assert set(frame["fips_code"]) <= set(places.fips)
    seconds = frame["run_start_time"].to_numpy().astype("datetime64[s]").astype(np.int64)
    assert (np.diff(np.unique(seconds)) % 900 == 0).all()
    autauga = frame.loc[frame["fips_code"] == 1001, ["county", "state"]].drop_duplicates()
    assert autauga.empty or autauga.iloc[0].tolist() == ["Autauga", "Alabama"]


def test_outages_rise_then_decay():
    frame = generate.generate(ROWS, seed=1).to_pandas()
    top = frame.loc[frame["customers_out"].idxmax()]
    county = frame[frame["fips_code"] == top["fips_code"]].set_index("run_start_time")
    before = county.loc[:top["run_start_time"]]["customers_out"]
    after = county.loc[top["run_start_time"]:]["customers_out"]
    assert before.iloc[0] < top["customers_out"] or len(before) == 1
    assert after.iloc[-1] < top["customers_out"]


def test_csv_reads_as_eaglei(csv_path):
    assert csv_path.read_bytes().startswith(generate.HEADER.encode())
    assert pcsv.read_csv(csv_path).num_rows == ROWS
    result = read_path(csv_path)
    assert result.format == "eaglei"
    assert result.table["region_id"].str.len().eq(5).all()
    assert len(result.table) >= ROWS  # plus a 0 where a county leaves a run


def test_views_cover_country_state_counties_and_one(stored):
    views = paths.views([f"{f:05d}" for f in generate.counties().fips],
                        pd.Timestamp("2024-01-01T00:00Z"), pd.Timestamp("2024-12-31T23:45Z"))
    sizes = [len(v.regions) for v in views]
    assert sizes == [0, 0, 254, 254, 50, 1]
    assert all(v.start is None or v.start <= v.at <= v.end for v in views)


def test_project_and_baseline_agree_on_the_peak(csv_path, stored):
    url, dataset_id, rows = stored
    prepared, seconds = paths.load(url, dataset_id)
    assert min(paths.load_table(url, dataset_id)) > 0
    raw = paths.baseline_load(csv_path)
    first = raw["run_start_time"].min().tz_localize("UTC")
    last = raw["run_start_time"].max().tz_localize("UTC")
    ids = sorted(f"{f:05d}" for f in raw["fips_code"].unique())
    for view in paths.views(ids, first, last):
        mine, theirs = paths.project_view(prepared, view), paths.baseline_view(raw, view)
        # rows exist only where customers are out, so the naive sum is right on this data
        assert mine["peak"] == theirs["peak"], view.name
        assert 0 < mine["chart_bytes"] <= theirs["chart_bytes"] + 20_000
    fifty = bench_main.busiest(prepared)
    assert len(fifty) == 50
    assert 0 < paths.project_payload(prepared, fifty) < 1_000_000
    assert paths.baseline_payload(raw, fifty) > 0


def test_memory_process_reports_rss(stored):
    url, dataset_id, _ = stored
    figures = bench_main.measure_memory(url, dataset_id)
    for mode in ("cached", "table"):
        assert 0 < figures[mode]["after_imports_mb"] <= figures[mode]["peak_mb"]
        assert figures[mode]["prepared_arrays_mb"] > 0


def test_command_writes_the_report(tmp_path, csv_path, capsys):
    out = tmp_path / "RESULTS.md"
    code = bench_main.main(["--quick", "--rows", str(ROWS), "--no-browser", "--output", str(out),
                            "--data", str(csv_path.parent), "--large", "30000"])
    assert code == 0
    text = out.read_text()
    for figure in ("ingest into the embedded store", "cold load of the stored dataset",
                   "view change (service, regions, window)", "with the chart's plotly figure",
                   "chart payload, 50 region lines", "memory", "first drawn KPI",
                   "## Machine", "| pandas |", "`python -m outages ingest FILE` from outside",
                   "its peak memory (max RSS)", "cold `python -m outages summary",
                   "## Growth to 30 k rows", "its seconds per million rows",
                   "its peak memory per million rows"):
        assert figure in text, figure
    assert "skipped: --no-browser" in text
    assert "quick mode: not judged" in text
    assert "## Targets" in capsys.readouterr().out


def test_report_judges_targets():
    views = {"a": [0.01, 0.02], "b": [0.03]}
    base = {"a": [1.0, 1.0], "b": [2.0]}
    result = {"rows": 10_000_000, "csv_mb": 450.0, "pyarrow_s": 1.5, "pandas_s": 4.2,
              "ingest_s": 5.0, "ingest_read_s": 3.5, "ingest_store_s": 1.0,
              "ingest_prepare_s": 0.5, "cold_s": 0.6, "table_load_s": 0.4,
              "table_prepare_s": 0.2, "views": views, "baseline_views": base,
              "views_data": views, "baseline_views_data": base, "payload_bytes": 600_000,
              "baseline_payload_bytes": 9_000_000,
              "stored_rows": 10_100_000, "view_names": ["a", "b"],
              "check": {"project_peak": 5, "baseline_peak": 5},
              "cli": {"ingest_s": 7.5, "ingest_mb": 1600.0, "summary_s": 1.2,
                      "summary_mb": 140.0}}
    special = {"memory": {"rows": 10_000_000,
                          "cached": {"after_imports_mb": 150, "prepared_mb": 250,
                                     "peak_mb": 260, "prepared_arrays_mb": 80},
                          "table": {"after_imports_mb": 150, "table_mb": 900,
                                    "table_and_prepared_mb": 990, "prepared_only_mb": 300,
                                    "peak_mb": 1400, "prepared_arrays_mb": 80}},
               "browser": {"skipped": "no chromium", "rows": 10_000_000}, "seconds": 60}
    text = report.render(machine.describe(), [result], special, quick=False)
    assert report.median_ms(views) == pytest.approx(20.0)
    assert "3.3× **met**" in text  # ingest 5.0 s / 1.5 s
    assert "0.40× **met**" in text  # cold 0.6 s / 1.5 s
    assert "5.0× **not met**" in text  # the command line's ingest 7.5 s / 1.5 s
    assert "1,600 MB **not met**" in text
    assert "0.80× **met**" in text  # the command line's summary 1.2 s / 1.5 s
    assert "20.0 ms, 50× **met**" in text
    assert "250 MB (peak 260 MB) **met**" in text
    assert "skipped: no chromium" in text

    special["large"] = {"rows": 100_000_000, "csv_mb": 4800.0, "made_s": 300.0,
                        "pyarrow_s": 15.0, "views_data": {"a": [0.02], "b": [0.04]},
                        "cli": {"ingest_s": 75.0, "ingest_mb": 6000.0, "summary_s": 3.0,
                                "summary_mb": 900.0}}
    text = report.render(machine.describe(), [result], special, quick=False)
    growth = text[text.index("## Growth to 100 M rows"):]
    assert "| 10 M | 100 M |" in growth
    assert "75.0 s (5.0×) | 5.0× **not met**" in growth  # 75 s / 15 s
    assert "0.75 s | 0.75 s | 1.00× **met**" in growth  # seconds per million rows
    assert "6,000 MB, 3.75× at 10 M **not met**" in growth
    assert "0.20× **met**" in growth  # the cold summary 3.0 s / 15 s
    assert "30.0 ms | 1.5× **met**" in growth  # view change 20 ms -> 30 ms

    # peak memory: under the ceiling and flat from 10 M rows on, or not met
    for at_10m, at_100m, verdict in ((1000.0, 1300.0, "1,300 MB, 1.30× at 10 M **met**"),
                                     (600.0, 1400.0, "1,400 MB, 2.33× at 10 M **not met**")):
        result["cli"]["ingest_mb"], special["large"]["cli"]["ingest_mb"] = at_10m, at_100m
        text = report.render(machine.describe(), [result], special, quick=False)
        assert verdict in text[text.index("## Growth to 100 M rows"):]


@pytest.mark.browser
@pytest.mark.slow
def test_browser_measures_both_pages(stored):
    if browser.missing():
        pytest.skip(browser.missing())
    url, dataset_id, _ = stored
    app, minimal = browser.measure(url, dataset_id, visits=1)
    assert app.cold_s > 0 and minimal.warm_median_s > 0 and app.cached_median_s > 0
    assert app.server_rss_mb > 0


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([" b", "a", "B", "é", "a2", "Ö ", "10", "9"]),
                          st.sampled_from(["power", "Water", "heat", "електрика"]),
                          st.integers(0, 50), st.integers(0, 99)),
                min_size=1, max_size=30,
                unique_by=lambda r: (r[0].strip(), service_name(r[1]), r[2])))
def test_validated_rows_are_already_in_canonical_order(rows):
    # validation no longer sorts its result again (a speed edit for this bench): its own order
    # must be the canonical one
    from outages import schema
    from outages.validate import check_table

    raw = pd.DataFrame({
        "timestamp": pd.to_datetime([pd.Timestamp("2025-01-01T00:00Z")
                                     + pd.Timedelta(minutes=15 * r[2]) for r in rows], utc=True),
        "region_id": pd.array([r[0] for r in rows], dtype="string"),
        "region_name": pd.array([f"name {r[0]}" for r in rows], dtype="string"),
        "service": pd.array([r[1] for r in rows], dtype="string"),
        "customers_out": [r[3] for r in rows],
    })
    table, _ = check_table(raw, "t.csv")
    pd.testing.assert_frame_equal(table, schema.canonical(table))
