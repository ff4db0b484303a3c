"""Live refresh: the cadence a dataset is expected at, when its figures are late, the refresh
setting, and the status line the pages draw (AppTest). The page switching to a newly published
version without a reload is in tests/browser/test_live_browser.py."""


import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from outages import config, fmt, freshness
from outages.readers import read_bytes
from outages.store import open_store
from tests.helpers import open_page

NOW = pd.Timestamp("2026-03-01T12:00Z")


def stamps(*minutes_before: int) -> pd.DatetimeIndex:
    return pd.DatetimeIndex([NOW - pd.Timedelta(minutes=m) for m in minutes_before])


@pytest.mark.parametrize("metadata, times, expected", [
    ({"cadence_minutes": 15}, stamps(300, 0), freshness.Cadence(15.0, "metadata")),
    ({"cadence_minutes": "30"}, stamps(), freshness.Cadence(30.0, "metadata")),
    ({}, stamps(120, 60, 0, 0), freshness.Cadence(60.0, "inferred")),  # repeats count once
    ({}, stamps(180, 165, 150, 0), freshness.Cadence(15.0, "inferred")),  # median, not mean
    ({"cadence_minutes": -5}, stamps(20, 10), freshness.Cadence(10.0, "inferred")),
    ({"cadence_minutes": "often"}, stamps(20, 10), freshness.Cadence(10.0, "inferred")),
    ({"cadence_minutes": True}, stamps(20, 10), freshness.Cadence(10.0, "inferred")),
    ({"cadence_minutes": float("nan")}, stamps(0), None),
    ({}, stamps(0), None),
])
def test_cadence_from_metadata_else_median_spacing(metadata, times, expected):
    assert freshness.cadence(metadata, times) == expected


def test_only_a_feed_or_a_live_dataset_is_overdue():
    every_15 = freshness.Cadence(15.0, "metadata")
    guessed = freshness.Cadence(15.0, "inferred")
    latest = NOW - pd.Timedelta(minutes=40)
    assert freshness.overdue(latest, NOW, every_15, live=False) == pd.Timedelta(minutes=40)
    assert freshness.overdue(latest, NOW, guessed, live=True) == pd.Timedelta(minutes=40)
    assert freshness.overdue(latest, NOW, guessed, live=False) is None  # a finished event
    assert freshness.overdue(NOW - pd.Timedelta(minutes=10), NOW, every_15, live=True) is None
    assert freshness.overdue(None, NOW, every_15, live=True) is None
    assert freshness.overdue(latest, NOW, None, live=True) is None


@pytest.mark.parametrize("value, seconds", [
    (None, 60.0), ("", 60.0), ("5", 5.0), ("2.5", 2.5), ("0", None), ("0.2", 1.0),
    ("-3", 60.0), ("soon", 60.0), ("inf", 60.0), ("nan", 60.0),
])
def test_refresh_setting(value, seconds):
    environ = {} if value is None else {"OUTAGES_REFRESH_SECONDS": value}
    assert config.refresh_seconds(environ) == seconds


def test_clock_is_the_time_of_day_in_the_zone():
    assert fmt.clock(pd.Timestamp("2025-10-10T12:04Z"), "Europe/Kyiv") == "15:04 EEST"
    with pytest.raises(ValueError):
        fmt.clock(pd.Timestamp("2025-10-10T12:04"), "UTC")


# --- the status line on the pages ------------------------------------------------------------


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("OUTAGES_DB_URL", f"sqlite:///{tmp_path / 'outages.db'}")
    monkeypatch.delenv("OUTAGES_REFRESH_SECONDS", raising=False)
    with open_store(f"sqlite:///{tmp_path / 'outages.db'}") as opened:
        yield opened


def recent(store, hours_before: tuple[float, ...], metadata: dict | None = None) -> str:
    """A dataset in Kyiv's zone with one region observed ``hours_before`` now."""
    now = pd.Timestamp.now(tz="UTC").floor("min")
    lines = [f"{(now - pd.Timedelta(hours=h)).strftime('%Y-%m-%dT%H:%MZ')},UA-30,Kyiv,power,"
             f"{100 + i}" for i, h in enumerate(hours_before)]
    data = ("timestamp,region_id,region_name,service,customers_out\n"
            + "\n".join(lines) + "\n").encode()
    result = read_bytes(data, "feed.csv")
    meta = {**result.metadata, "timezone": "Europe/Kyiv", **(metadata or {})}
    return store.ingest(result.table, name="Feed", metadata=meta).dataset_id


def status(at: AppTest) -> str:
    return next(c.value for c in at.caption if c.value.startswith(("Updated", "Оновлено")))


def late(at: AppTest) -> list[str]:
    return [w.value for w in at.warning if "No new figures" in w.value]


def test_the_page_says_when_it_last_checked_and_how_often(store):
    at = open_page()
    line = status(at)
    assert line.startswith("Updated ") and "every 1 min" in line
    clock = line.removeprefix("Updated ").split(" · ")[0]
    assert clock.endswith(("EEST", "EET"))  # the Kyiv sample's zone, not the server's
    assert late(at) == []  # a finished event is not late


def test_ukrainian_status_and_a_switched_off_check(store, monkeypatch):
    monkeypatch.setenv("OUTAGES_REFRESH_SECONDS", "0")
    line = status(open_page(lang="uk"))
    assert line.startswith("Оновлено о ") and "перевіряються" not in line


def test_a_feed_older_than_its_stated_cadence_is_flagged(store):
    dataset = recent(store, (3, 2), {"cadence_minutes": 15})
    warnings = late(open_page(dataset=dataset))
    assert len(warnings) == 1
    assert "No new figures for 2.0 h" in warnings[0]
    assert "every 15 min" in warnings[0] and "as its metadata says" in warnings[0]


def test_a_live_dataset_late_by_its_usual_spacing_is_flagged(store):
    dataset = recent(store, (4, 3.5, 3))  # every 30 minutes, nothing for 3 hours
    warnings = late(open_page(dataset=dataset))
    assert len(warnings) == 1
    assert "every 30 min" in warnings[0] and "usual spacing" in warnings[0]


def test_figures_on_time_raise_no_warning(store):
    dataset = recent(store, (2, 1, 0), {"cadence_minutes": 60})
    assert late(open_page(dataset=dataset)) == []
