"""Services side by side in a real browser: a visitor picks the bundled illustrative
multi-service sample in the Dataset box and sees the section, its chart drawn with a line per
service and the lags behind power annotated, as the sample's figures give them."""

from __future__ import annotations

from outages import fmt, services
from outages.store import open_store

from . import CHART, WAIT_MS, Visit, plain, query

SAMPLE = "city-services-illustrative"
TITLE = "Services side by side"
# the section's chart: the one whose legend names the three services
SECTION_CHART = '[data-testid="stPlotlyChart"]:has(.legendtext:text-is("Heating"))'


def sample(store_url: str) -> tuple[str, services.Comparison]:
    """The sample's dataset id and its comparison computed from its stored rows."""
    with open_store(store_url) as store:
        info = next(d for d in store.list_datasets() if d.metadata.get("bundled") == SAMPLE)
        return info.id, services.from_table(store.load(info.id))


def pick(visit: Visit, label: str, option: str) -> None:
    visit.page.get_by_label(label, exact=True).click()
    visit.page.get_by_role("option").filter(has_text=option).first.click()


def test_picking_the_sample_shows_the_services_chart_with_its_lags(app, context):
    visit = Visit(context).open(app.url)
    visit.page.locator(CHART).first.wait_for(timeout=WAIT_MS)
    assert visit.page.get_by_text(TITLE, exact=True).count() == 0  # Kyiv: power only
    kyiv_id = query(visit.page.url)["dataset"]

    pick(visit, "Dataset", "power, water and heating")
    visit.page.wait_for_url(lambda url: query(url).get("dataset", kyiv_id) != kyiv_id,
                            timeout=WAIT_MS)
    visit.idle()
    dataset_id, expected = sample(app.store_url)
    assert query(visit.page.url)["dataset"] == dataset_id
    visit.page.get_by_text(TITLE, exact=True).wait_for(timeout=WAIT_MS)

    chart = visit.page.locator(SECTION_CHART)
    chart.locator(".main-svg").first.wait_for(timeout=WAIT_MS)
    legend = [plain(t) for t in chart.locator(".legendtext").all_text_contents()]
    assert legend == ["Power", "Water", "Heating"]
    lines = chart.locator(".scatterlayer path.js-line").evaluate_all(
        "paths => paths.filter(p => (p.getAttribute('d') || '').length > 0).length")
    assert lines == 3
    lags = [g for g in expected.lags if g.hours is not None]
    chart.locator("g.annotation text").nth(len(lags) - 1).wait_for(timeout=WAIT_MS)
    notes = [plain(t) for t in chart.locator("g.annotation text").all_text_contents()]
    assert sorted(notes) == sorted(plain(f"+{fmt.hours(g.hours, 'en')}") for g in lags)
    for sentence in services.describe(expected, "Europe/Kyiv", "en"):
        visit.page.get_by_text(plain(sentence)[:40]).first.wait_for(timeout=WAIT_MS)

    assert visit.app_errors() == []
    assert visit.page.locator('[data-testid="stException"]').count() == 0
    assert visit.remote_requests() == []

