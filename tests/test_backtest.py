"""The restoration outlook backtest (bench/backtest.py) on small hand-made events."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bench import backtest
from bench.backtest import Curve, episodes, evaluate, keep_section, replace_section, summarise
from outages.outlook import NEARLY_ALL, Outlook, project

ROOT = Path(__file__).resolve().parents[1]
T0 = pd.Timestamp("2021-02-15T06:00:00Z")


def events(*rows) -> pd.DataFrame:
    """(region, start hour, end hour, customers) rows as an event frame."""
    return pd.DataFrame({
        "region_id": [r[0] for r in rows],
        "start": [T0 + pd.Timedelta(hours=r[1]) for r in rows],
        "end": [T0 + pd.Timedelta(hours=r[2]) for r in rows],
        "customers": [r[3] for r in rows]})


def curve(key: str, hours: list[float], out: list[float]) -> Curve:
    return Curve(key, T0, pd.DatetimeIndex([T0 + pd.Timedelta(hours=h) for h in hours]),
                 np.asarray(out, dtype=float))


# one state: two overlapping events, then a lone one; another state: one event overlapping
EVENTS = events(("TX", 0, 10, 600), ("TX", 2, 30, 400), ("TX", 50, 60, 100),
                ("OK", 5, 20, 300))


def test_overlapping_events_form_an_episode_restored_from_its_peak():
    curves, count = episodes(EVENTS, "region", "x")
    assert count == 3  # TX: the first two together, the lone one; OK: one
    assert len(curves) == 1  # only one episode has two events out at its peak
    (c,) = curves
    assert c.peak_time == T0 + pd.Timedelta(hours=2)
    assert list(c.out) == [1000, 400, 0]
    assert list(c.times) == [T0 + pd.Timedelta(hours=h) for h in (2, 10, 30)]
    assert c.key.startswith("x:region:TX:")


def test_all_regions_together_make_one_episode_of_the_overlap():
    curves, count = episodes(EVENTS, "all", "x")
    assert count == 2  # hours 0-30 (TX and OK), then 50-60
    (c,) = curves
    # the peak: hours 5-10, all three events under way
    assert c.peak_time == T0 + pd.Timedelta(hours=5)
    assert list(c.out) == [1300, 700, 400, 0]
    # customers cut off after the peak are not in its curve
    later = events(("TX", 0, 10, 600), ("TX", 2, 30, 400), ("TX", 12, 40, 5000))
    (c2,), _ = episodes(later, "all")
    assert c2.out[0] == 5400 and c2.peak_time == T0 + pd.Timedelta(hours=12)


def test_touching_events_are_separate_episodes():
    _, count = episodes(events(("TX", 0, 10, 5), ("TX", 10, 20, 5)), "region")
    assert count == 2


@pytest.mark.parametrize("share, expected", [(0.25, 1), (0.5, 1), (0.6, 2), (0.9, 3)])
def test_checkpoint_is_the_first_restoration_at_or_past_the_share(share, expected):
    c = curve("a", [0, 4, 8, 12], [1000, 500, 350, 0])
    assert backtest.checkpoint(c, share) == expected


CURVES = [
    curve("a", [0, 2, 4, 6, 8, 10], [1000, 700, 450, 300, 100, 0]),
    curve("b", [0, 5, 10, 20, 40], [800, 500, 300, 80, 0]),
    curve("c", [0, 1, 2, 3, 30], [500, 300, 200, 40, 0]),
]


def test_errors_and_leave_one_out_baseline():
    rows = evaluate(CURVES)
    assert set(rows.model) == {"decay", "linear"}
    durations = {t: [c.hours_to(t) for c in CURVES] for t in backtest.TARGETS}
    assert durations[0.9] == [8, 20, 3]  # 90 %: the first time at least 90 % are back
    assert durations[NEARLY_ALL] == [10, 40, 30]  # "all": the last one back
    for row in rows.itertuples():
        n = [c.key for c in CURVES].index(row.key)
        c = CURVES[n]
        assert row.actual_h == durations[row.target][n]
        others = [d for i, d in enumerate(durations[row.target]) if i != n]
        assert row.naive_h == max(np.median(others), row.made_h)
        i = backtest.checkpoint(c, row.checkpoint)
        assert row.made_h == (c.times[i] - T0) / pd.Timedelta(hours=1)
        result = project(c.times[:i + 1], c.out[:i + 1], model=row.model)
        if isinstance(result, Outlook):
            assert row.outlook_h == (result.target(row.target).at - T0) / pd.Timedelta(hours=1)
            assert row.reason == ""
        else:
            assert np.isnan(row.outlook_h) and row.reason == result.reason
    assert rows.outlook_h.notna().any() and rows.outlook_h.isna().any()  # both paths tried
    # "c" is 92 % back at its checkpoint for 75 %: past 90 %, so only "all" is projected
    decay = rows[rows.model == "decay"]
    assert decay[(decay.key == "c") & (decay.checkpoint == 0.75)].target.tolist() == [NEARLY_ALL]
    # "b" is 90 % back at its checkpoint for 75 %: nothing below 90 % to project from
    assert decay[(decay.key == "b") & (decay.checkpoint == 0.75)].target.tolist() == [NEARLY_ALL]
    assert decay[(decay.key == "a") & (decay.checkpoint == 0.5)].target.tolist() == [0.9,
                                                                                    NEARLY_ALL]


def test_the_baseline_never_lies_before_its_checkpoint():
    slow = curve("slow", [0, 100, 200, 300], [1000, 400, 200, 0])
    rows = evaluate([slow, *CURVES])
    late = rows[rows.key == "slow"]
    assert (late.naive_h >= late.made_h).all()
    assert (late.naive_h == late.made_h).any()  # the others' median (≤ 20 h) has passed


def test_summary_medians_and_percentiles():
    rows = pd.DataFrame({
        "key": list("abcde"), "checkpoint": 0.5, "target": 0.9, "model": "decay",
        "actual_h": [10.0, 10, 10, 10, 10], "made_h": 5.0,
        "naive_h": [20.0, 20, 20, 0, 10],
        "outlook_h": [11.0, 12, 13, 14, np.nan],
        "earliest_h": [9.0, 11, 9, 11, np.nan], "latest_h": [12.0, 13, np.inf, 13, np.nan],
        "reason": ["", "", "", "", "too_few_points"]})
    (s,) = summarise(rows)
    assert (s["model"], s["checkpoint"], s["target"], s["episodes"], s["projected"]) == (
        "decay", 50, 90, 5, 4)
    assert s["median_h"] == 2.5  # errors 1, 2, 3, 4
    assert s["p90_h"] == pytest.approx(np.percentile([1, 2, 3, 4], 90))
    assert s["naive_median_h"] == 10  # on the four estimated: 10, 10, 10, 10
    assert s["naive_all_median_h"] == 10 and s["naive_all_p90_h"] == 10  # 10, 10, 10, 10, 0
    assert s["in_range_pct"] == 50.0  # a and c held 10 h; b and d started after it


def test_section_is_replaced_or_added_and_kept_when_the_speed_bench_rewrites(tmp_path):
    old = "# Speed\n\n## Targets\n\nt\n\n## Restoration outlook backtest\n\nold\n\n## Method\n\nm\n"
    new = "## Restoration outlook backtest\n\nnew figures\n"
    replaced = replace_section(old, new)
    assert "new figures" in replaced and "old" not in replaced
    assert replaced.index("## Targets") < replaced.index("new figures") < replaced.index(
        "## Method")
    assert replace_section("# Speed\n", new).endswith(new)
    path = tmp_path / "RESULTS.md"
    path.write_text(replaced)
    rewritten = keep_section("# Speed\n\n## Targets\n\nother\n", path)
    assert "new figures" in rewritten and "other" in rewritten
    assert keep_section("# Speed\n", tmp_path / "none.md") == "# Speed\n"


def test_markdown_says_whether_the_outlook_beats_the_baseline_at_half():
    row = {"model": "decay", "checkpoint": 50, "target": 90, "episodes": 3, "projected": 2,
           "median_h": 4.0, "p90_h": 6.0, "naive_median_h": 10.0, "naive_p90_h": 12.0,
           "naive_all_median_h": 9.0, "naive_all_p90_h": 12.0, "in_range_pct": 50.0}
    figures = {"command": backtest.COMMAND, "made": "2026-01-01", "model": "decay", "results": [
        {"source": "s", "label": "S", "level": "region", "events": 5, "too_long": 0,
         "episodes": 4, "curves": 3, "no_estimate": {}, "rows": [row]}]}
    text = backtest.markdown(figures)
    assert text.startswith(backtest.SECTION) and f"`{backtest.COMMAND}`" in text
    assert "| decay | s | one state | 90 % | 2 | 4.0 | 10.0 | +6.0 h (beats) |" in text
    assert "`decay` beats the naive median error in 1 of 1 comparisons" in text
    worse = {**row, "median_h": 13.0}
    text = backtest.markdown({**figures, "results": [{**figures["results"][0],
                                                       "rows": [worse]}]})
    assert "| -3.0 h (does not beat) |" in text
    assert "`decay` beats the naive median error in 0 of 1 comparisons" in text


def test_the_shipped_figures_and_results_section_agree():
    figures = json.loads((ROOT / "data" / "backtest.json").read_text())
    assert figures["command"] == backtest.COMMAND
    assert {r["source"] for r in figures["results"]} == set(backtest.SOURCES)
    results = (ROOT / "bench" / "RESULTS.md").read_text()
    assert backtest.markdown(figures) in results


def test_data_page_table_reads_the_figures(tmp_path):
    from outages.ui import backtestview
    from outages.ui.pagetype import Page

    class Shown(Page):
        def __init__(self):  # only the language matters to frame()
            pass

        @property
        def lang(self):
            return "uk"

        def t(self, key, /, **values):
            from outages.i18n import t
            return t(key, "uk", **values)

    figures = json.loads((ROOT / "data" / "backtest.json").read_text())
    frame = backtestview.frame(Shown(), figures)
    assert len(frame) == sum(len(r["rows"]) for r in figures["results"])
    assert set(frame["target"]) == {"90 % відновлено", "усіх (99 %) відновлено"}
    assert set(frame["model"]) == {"експоненційний спад", "стала швидкість"}
    assert backtestview.figures(tmp_path) is None  # nothing shipped there
