"""Live refresh in a real browser: a viewer has the Overview open, a feed appends figures
through the publish API, and the open page shows them within the refresh interval without a
reload; a shared link to the old version keeps its figures and says a newer one exists."""

from __future__ import annotations

import json
import time
import urllib.request

import pytest

from outages.store import open_store, tokens

from . import METRIC, WAIT_MS, Visit, start_app

REFRESH_S = 2  # OUTAGES_REFRESH_SECONDS for this server
# after the interval: the page's rerun and drawing (cold: the new version's pre-aggregates
# are built by that run); a bound that catches a page that never refreshes, not a benchmark
DRAW_BOUND_S = 20
NEWER = (b"timestamp,region_id,region_name,service,customers_out\n"
         b"2025-10-10T15:00:00Z,UA-30,Kyiv,power,250000\n")
_SHOWS = """([selector, label, value]) => [...document.querySelectorAll(selector)].some(card =>
    card.innerText.includes(label) && card.innerText.includes(value))"""


@pytest.fixture(scope="module")
def live_app(browser):
    with start_app({"OUTAGES_REFRESH_SECONDS": str(REFRESH_S)}) as running:
        yield running


def kyiv_id(store_url: str) -> str:
    with open_store(store_url) as store:
        return next(d.id for d in store.list_datasets() if d.metadata.get("bundled") ==
                    "kyiv-strike-day")


def append(app, dataset_id: str) -> str:
    """POST the newer figures to the publish API with a fresh token; the new version's id."""
    with open_store(app.store_url) as store:
        token = tokens.create(store, f"feed-{time.monotonic_ns()}", dataset_id, by="tests")
    request = urllib.request.Request(  # noqa: S310 (the local test server)
        f"{app.url}/api/datasets/{dataset_id}/observations?filename=feed.csv", data=NEWER,
        method="POST", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310
        assert answer.status == 201
        return json.loads(answer.read())["dataset"]


def test_an_open_overview_shows_newly_published_figures_without_a_reload(live_app, context,
                                                                         capsys):
    follower = Visit(context).open(live_app.url)
    assert follower.metrics()["Customers out (latest)"] == "380,000"
    old = kyiv_id(live_app.store_url)
    pinned = Visit(context).open(f"{live_app.url}/?dataset={old}")
    assert pinned.metrics()["Customers out (latest)"] == "380,000"
    status = follower.page.get_by_text("checks for new figures every 2 s")
    assert status.count() == 1
    follower.page.evaluate("window.__stillHere = true")  # gone if the page were reloaded

    new_id = append(live_app, old)
    published = time.perf_counter()
    follower.page.wait_for_function(_SHOWS, arg=[METRIC, "Customers out (latest)", "250,000"],
                                    timeout=(REFRESH_S + DRAW_BOUND_S) * 1000)
    shown_after = time.perf_counter() - published
    with capsys.disabled():
        print(f"\n[live] new figures shown {shown_after:.1f} s after publishing "
              f"(interval {REFRESH_S} s)")
    assert follower.page.evaluate("window.__stillHere === true")
    follower.page.wait_for_url(lambda url: f"dataset={new_id}" in url, timeout=WAIT_MS)

    # the shared link still shows what it showed, and now says a newer version exists
    pinned.page.get_by_text("a newer version exists").wait_for(
        timeout=(REFRESH_S + DRAW_BOUND_S) * 1000)
    assert pinned.metrics()["Customers out (latest)"] == "380,000"
    assert f"dataset={old}" in pinned.page.url
    for visit in (follower, pinned):
        assert visit.app_errors() == []
        assert visit.page.locator('[data-testid="stException"]').count() == 0
