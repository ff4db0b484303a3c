"""What a visitor sees first, in a real browser (machinery: tests/browser/__init__.py).

- 7: the bundled Kyiv figures are historical: the Overview's map opens at their peak and says so.
- 8: the timeline draws cumulative cut off and restored in a panel of their own under the out
  line, on the same time axis.
- 9: EAGLE-I county figures are drawn as counties, on the fixed colour scale whose every class
  the legend lists; the share of customers served is the other colouring.
- 10: after publishing, the link to the new figures opens the dashboard (not Upload) on them.
- The Overview's eight cards lie four a row on a laptop screen, in English and in Ukrainian
  (whose longer texts pushed the fourth card onto a row of its own).
"""

from __future__ import annotations

import pytest

from outages.store import open_store

from . import CHART, METRIC, WAIT_MS, Visit, query, start_app
from .test_upload_browser import FIGURES, PASSWORD, Watched, sign_in

SCALE = ("1–99", "100–999", "1,000–9,999", "10,000–99,999", "≥ 100,000")
LEGEND = '[data-testid="stHtml"]'


@pytest.fixture(scope="module")
def editing_app():
    """The dashboard with an editor password, on its own fresh store."""
    with start_app({"OUTAGES_EDITOR_PASSWORD": PASSWORD}) as server:
        yield server


def dataset_id(store_url: str, sample: str) -> str:
    with open_store(store_url) as store:
        return next(d.id for d in store.list_datasets() if d.metadata.get("bundled") == sample)


def test_a_historical_dataset_opens_at_its_peak(editing_app, context):
    v = Visit(context).open(editing_app.url)
    v.page.get_by_text("Shown at the peak, 10 Oct 2025, 06:00 EEST").wait_for(timeout=WAIT_MS)
    legend = v.page.locator(LEGEND).filter(has_text="Customers out at").first
    legend.wait_for(timeout=WAIT_MS)
    assert "10 Oct 2025, 06:00 EEST" in legend.inner_text()
    share, colours = v.map_drawn()
    assert share > 0.02 and colours > 1
    assert v.app_errors() == [] and v.remote_requests() == []


def test_the_timeline_has_a_panel_for_the_cumulative_curves(editing_app, context):
    v = Visit(context).open(editing_app.url)
    v.page.locator(f"{CHART} .scatterlayer path.js-line").first.wait_for(timeout=WAIT_MS)
    axes = v.page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').first.evaluate(
        """el => ({top: el._fullLayout.yaxis.domain, low: el._fullLayout.yaxis2.domain,
                   lower: el._fullData.filter(t => t.yaxis === "y2").map(t => t.name),
                   upper: el._fullData.filter(t => t.yaxis === "y").map(t => t.name)})""")
    assert axes["low"][1] < axes["top"][0]  # one panel under the other
    assert axes["upper"] == ["Power: out"]
    assert axes["lower"] == ["Power: cut off, cumulative", "Power: restored, cumulative"]
    # the out line fills its panel: its top is near the top of the upper panel's axis
    assert v.page.locator(f"{CHART} .y2tick").count() > 0


def test_eaglei_counties_on_the_fixed_scale(editing_app, context):
    v = Visit(context).open(editing_app.url)  # the first page seeds the samples
    ident = dataset_id(editing_app.store_url, "eaglei-2014-excerpt")
    v.open(f"{editing_app.url}/map?dataset={ident}")
    share, colours = v.map_drawn()
    assert share > 0.02 and colours > 1
    # the area picker shows the counties of the state the figures lie in
    assert v.page.get_by_role("combobox", name="Area").input_value() == "Massachusetts: counties"
    legend = v.page.locator(LEGEND).filter(has_text="Customers out at").first.inner_text()
    assert all(label in legend for label in SCALE)
    v.page.get_by_text("% of customers served", exact=True).click()
    v.idle()
    v.page.locator(LEGEND).filter(has_text="Share of customers served").first.wait_for(
        timeout=WAIT_MS)
    assert query(v.page.url)["colour"] == "pct"
    assert v.app_errors() == [] and v.remote_requests() == []


def test_the_link_after_publishing_opens_the_new_figures(editing_app, context, tmp_path):
    w = Watched(context).open(f"{editing_app.url}/upload")
    sign_in(w)
    path = tmp_path / "lviv.csv"
    path.write_bytes(FIGURES)
    w.upload(path)
    w.wait_text("rows kept")
    name = w.page.get_by_label("Name", exact=True)
    name.fill("Lviv and Kyiv, new figures")
    name.press("Enter")
    w.idle()
    w.page.get_by_role("button", name="Publish").click()
    w.wait_text("Published Lviv and Kyiv, new figures")
    with open_store(editing_app.store_url) as store:
        new = next(d.id for d in store.list_datasets() if d.name == "Lviv and Kyiv, new figures")

    with context.expect_page() as opened:
        w.page.get_by_role("link", name="Open the dashboard on the new figures").click()
    dashboard = opened.value
    dashboard.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(
        timeout=WAIT_MS)
    dashboard.get_by_role("heading", name="Overview").wait_for(timeout=WAIT_MS)
    assert query(dashboard.url)["dataset"] == new
    picked = dashboard.get_by_role("combobox", name="Dataset").input_value()
    assert picked == "Lviv and Kyiv, new figures"
    # the new figures: Kyiv 800 and Lviv 300 out at the end, 1,500 at the peak
    dashboard.get_by_text("1,500").first.wait_for(timeout=WAIT_MS)
    assert w.app_errors() == []


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_the_cards_lie_four_a_row_on_a_laptop(editing_app, context, lang):
    v = Visit(context).open(f"{editing_app.url}?lang={lang}")  # VIEWPORT: 1280 px wide
    cards = v.page.locator(METRIC)
    cards.nth(7).wait_for(timeout=WAIT_MS)
    tops = cards.evaluate_all("cards => cards.map(c => Math.round(c.getBoundingClientRect().top))")
    assert len(tops) == 8
    assert len(set(tops[:4])) == 1 and len(set(tops[4:])) == 1 and tops[4] > tops[0], tops
    assert v.app_errors() == []
