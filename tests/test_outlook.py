"""The restoration outlook (outages/outlook.py) and its chart (outages/outlookchart.py)."""

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from outages import charts, outlook
from outages.i18n import t
from outages.outlook import HORIZON_HOURS, MODELS, NEARLY_ALL, NoOutlook, Outlook, project
from outages.outlookchart import add_outlook

T0 = pd.Timestamp("2025-10-10T03:00:00Z")


def decay(rate: float, hours: int, *, peak: float = 100_000, noise: float = 0.0,
          rise: int = 2, seed: int = 0) -> tuple[pd.DatetimeIndex, np.ndarray]:
    """A rise over ``rise`` hourly figures to ``peak`` at T0, then hourly figures decaying at
    ``rate`` per hour for ``hours`` hours, with multiplicative log-normal noise."""
    rng = np.random.default_rng(seed)
    up = np.linspace(peak / (rise + 1), peak, rise + 1)[:-1]
    h = np.arange(hours + 1, dtype=float)
    down = peak * np.exp(-rate * h) * np.exp(rng.normal(0, noise, len(h)) * (h > 0))
    times = T0 + pd.to_timedelta(np.arange(-rise, hours + 1), unit="h")
    return times, np.round(np.concatenate([up, down]))


def true_time(rate: float, share: float) -> pd.Timestamp:
    return T0 + pd.Timedelta(hours=np.log(1 / (1 - share)) / rate)


@pytest.mark.parametrize("rate", [0.05, 0.2, 0.6])
@pytest.mark.parametrize("hours", [3, 4, 12])
def test_fit_recovers_a_known_decay(rate, hours):
    times, values = decay(rate, hours)
    result = project(times, values, model="decay")
    if values[-1] <= values.max() * (1 - NEARLY_ALL):
        assert result == NoOutlook("already_restored", hours + 1)
        return
    assert isinstance(result, Outlook)
    assert result.rate_per_hour == pytest.approx(rate, rel=0.02)
    assert result.peak_time == T0 and result.peak == values.max()
    assert result.latest_time == times[-1] and result.points == hours + 1
    for target in result.targets:
        if target.reached:
            assert values[times == target.at][0] <= values.max() * (1 - target.share)
            continue
        expected = true_time(rate, target.share)
        assert abs(target.at - expected) < pd.Timedelta(minutes=10)
        assert target.earliest <= target.at <= target.latest


def _covers(target, truth) -> bool:
    return target.earliest <= truth and (target.latest is None or truth <= target.latest)


@pytest.mark.parametrize("rate, hours", [(0.1, 5), (0.1, 8), (0.3, 4)])
def test_range_contains_the_truth_with_noisy_figures(rate, hours):
    # 10 % scatter: the range is a spread, not a calibrated interval, so most (not all) of
    # 40 noisy series must have the true times inside it, and every range has a width
    covered = total = 0
    for seed in range(40):
        times, values = decay(rate, hours, noise=0.1, seed=seed)
        result = project(times, values, model="decay")
        assert isinstance(result, Outlook)
        for target in result.targets:
            if target.reached:
                continue
            total += 1
            covered += _covers(target, true_time(rate, target.share))
            assert target.latest is None or target.earliest < target.latest
    assert total >= 40 and covered / total >= 0.8


@pytest.mark.parametrize("seed", range(5))
def test_range_contains_the_estimate(seed):
    times, values = decay(0.2, 6, noise=0.1, seed=seed)
    for target in project(times, values, model="decay").targets:
        assert _covers(target, target.at)


def test_only_the_last_points_are_fitted():
    # a slow start then a fast recent decay: the fit follows the recent figures
    slow_t, slow = decay(0.02, 60)
    fast_h = np.arange(1, 11)
    fast = slow[-1] * np.exp(-0.3 * fast_h)
    times = slow_t.append(slow_t[-1] + pd.to_timedelta(fast_h, unit="h"))
    result = project(times, np.concatenate([slow, np.round(fast)]), max_points=8, model="decay")
    assert isinstance(result, Outlook) and result.points == 8
    assert result.rate_per_hour == pytest.approx(0.3, rel=0.01)
    assert project(times, np.concatenate([slow, np.round(fast)]), model="decay").rate_per_hour < 0.1


def test_the_curve_starts_at_the_latest_figure_and_ends_at_practically_all():
    times, values = decay(0.2, 5)
    result = project(times, values, model="decay")
    curve = result.curve()
    assert curve["timestamp"].iloc[0] == result.latest_time
    assert curve["customers_out"].iloc[0] == pytest.approx(values[-1], rel=1e-3)
    assert (curve["low"] <= curve["customers_out"]).all()
    assert (curve["customers_out"] <= curve["high"]).all()
    assert curve["timestamp"].iloc[-1] == result.target(NEARLY_ALL).at
    assert curve["customers_out"].iloc[-1] == pytest.approx(values.max() * 0.01, rel=1e-6)
    assert curve["customers_out"].is_monotonic_decreasing


PEAK = 1000.0


@pytest.mark.parametrize("values, reason, points", [
    ([], "empty", 0),
    ([0, 0, 0], "empty", 0),
    ([100, 500, PEAK], "not_recovering", 1),
    ([PEAK, PEAK, PEAK], "not_recovering", 1),  # the last time at the peak counts
    ([200, PEAK, 500], "too_few_points", 2),  # thin: a rate but no range
    ([PEAK, 500, 0, 0], "already_restored", 4),
    ([PEAK, 500, 5], "already_restored", 3),
    ([PEAK, 0, 0, 300], "too_few_points", 2),  # zeros are not fitted (no logarithm)
    ([PEAK, 300, 350, 400, 450, 500, 550, 600, 650], "not_decaying", 9),  # rising, below peak
    ([PEAK, 999, 998, 997, 996], "too_slow", 5),
])
def test_every_reason_for_no_outlook(values, reason, points):
    times = T0 + pd.to_timedelta(np.arange(len(values)), unit="h")
    result = project(times, np.asarray(values, dtype=float), model="decay")
    assert result == NoOutlook(reason, points)


def test_every_reason_has_a_sentence_in_both_languages():
    for reason in outlook.REASONS:
        for lang in ("en", "uk"):
            text = t(f"outlook.reason.{reason}", lang, points=2, needed=3, days=14)
            assert text and "{" not in text


def test_a_range_without_an_upper_bound_when_the_latest_half_is_level():
    values = np.array([PEAK, 600, 400, 390, 390, 390, 390])
    times = T0 + pd.to_timedelta(np.arange(len(values)), unit="h")
    result = project(times, values, model="decay")
    assert isinstance(result, Outlook)
    first = result.targets[0]
    assert first.latest is None and first.earliest <= first.at


def test_reached_target_gives_the_time_it_was_reached():
    values = np.array([PEAK, 300, 90, 60, 40])
    times = T0 + pd.to_timedelta(np.arange(len(values)), unit="h")
    result = project(times, values, model="decay")
    ninety = result.target(0.9)
    assert ninety.reached and ninety.at == times[2]
    assert not result.target(NEARLY_ALL).reached


@pytest.mark.parametrize("per_hour, hours", [(50.0, 4), (120.0, 6)])
def test_linear_model_recovers_a_constant_rate(per_hour, hours):
    values = np.array([100.0, 1000.0] + [1000.0 - per_hour * h for h in range(1, hours + 1)])
    times = T0 + pd.to_timedelta(np.arange(-1, hours + 1), unit="h")
    result = project(times, values, model="linear")
    assert isinstance(result, Outlook) and result.model == "linear"
    assert result.rate_per_hour == pytest.approx(per_hour)
    for target in result.targets:
        expected = T0 + pd.Timedelta(hours=1000 * target.share / per_hour)
        assert abs(target.at - expected) < pd.Timedelta(seconds=1)
    curve = result.curve(until=T0 + pd.Timedelta(hours=1000 / per_hour + 5))
    assert curve["customers_out"].min() == 0  # a line stops at zero
    # the same points under the decay model project later: a decay slows down at the end
    decay = project(times, values, model="decay")
    assert decay.target(NEARLY_ALL).at > result.target(NEARLY_ALL).at


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_chart_adds_a_dashed_estimate_and_a_range_in_one_legend_group(lang):
    times, values = decay(0.2, 6, noise=0.05)
    frame = pd.DataFrame({"timestamp": times, "customers_out": values})
    figure = charts.outage_timeline({"power": frame}, None, "Europe/Kyiv", lang)
    result = project(times, values, model="decay")
    drawn = add_outlook(figure, result, "Europe/Kyiv", lang)
    assert len(drawn.data) == len(figure.data) + 2
    band, line = drawn.data[-2:]
    assert line.name == t("legend.estimate", lang) and line.line.dash == "dash"
    assert band.fill == "toself" and band.legendgroup == line.legendgroup == "estimate"
    # the estimate starts at the latest figure's time, in wall-clock time of the zone, at the
    # fitted value there
    assert line.x[0] == charts.wall_clock_ms(pd.DatetimeIndex([result.latest_time]),
                                             "Europe/Kyiv")[0]
    assert line.y[0] == pytest.approx(result.curve()["customers_out"].iloc[0], abs=1)
    assert drawn.layout.xaxis.range[1] >= max(band.x)
    assert drawn.layout.xaxis.range[0] == figure.layout.xaxis.range[0]
    go.Figure(drawn.to_dict())  # plotly's validation accepts it


@pytest.mark.parametrize("model", sorted(MODELS))
def test_a_nearly_flat_half_leaves_the_range_open_instead_of_overflowing(model):
    # the second half falls by 1e-7 in four hours: its line would cross 90 % restored some
    # 10^11 hours ahead, past any timestamp; the range is left open and the estimate stands
    values = np.array([1000, 800, 600, 400, 300, 300, 300, 300, 300 - 1e-7])
    times = T0 + pd.to_timedelta(np.arange(len(values)), unit="h")
    result = project(times, values, model=model)
    assert isinstance(result, Outlook)
    assert all(t.latest is None and t.earliest <= t.at for t in result.targets)
    assert result.targets[0].at - times[-1] < pd.Timedelta(hours=HORIZON_HOURS)
