"""The dashboard in a real browser, on the bundled samples: KPIs and a drawn chart, the first
cards drawn before the widgets, a drawn map
with no request leaving the machine, a changed filter in the address, the same figures from that
address in a new browser, a tampered address, and the state kept across a page switch.

Every test ends by checking the page's console: no error from the app (see ``Visit.app_errors``
for the ones that are not the app's) and no dialog.
"""

from __future__ import annotations

import json
import time
from urllib.parse import urlencode

import pytest

from bench.browser import FIRST_KPI_JS, FRAME, NOTED
from outages.store import open_store

from . import CHART, DECK, DRAWN_SHARE, METRIC, VIEWPORT, WAIT_MS, Visit, plain, query, start_app

pytestmark = pytest.mark.browser

KYIV = {"Customers out (latest)": "380,000", "Peak": "800,000", "Restored": "420,000",
        "Restored %": "52.5 %"}
FIRST_KPI_LIMIT_S = 20  # the issue asks for 5 s from `make run`; this bound only catches hangs
TAMPERED = "?dataset=../../etc&start=abc&service=%3Cscript%3E"
TICKS = f"{CHART} .xtick text"
_TICKS_DRAWN = """([selector, old]) => {
    const ticks = [...document.querySelectorAll(selector)].map(e => e.textContent);
    return ticks.length > 0 && JSON.stringify(ticks) !== JSON.stringify(old);
}"""


def sample_id(store_url: str, key: str) -> str:
    """The id of the bundled sample ``key`` in the store the server uses."""
    with open_store(store_url) as store:
        return next(d.id for d in store.list_datasets() if d.metadata.get("bundled") == key)


def clean(visit: Visit) -> None:
    assert visit.app_errors() == []
    assert visit.dialogs == []
    assert visit.page.locator('[data-testid="stException"]').count() == 0


def chart_lines(visit: Visit) -> list[str]:
    """The path data of the plotly lines drawn on the page."""
    lines = visit.page.locator(f"{CHART} .scatterlayer path.js-line")
    lines.first.wait_for(timeout=WAIT_MS)  # plotly draws after the script has finished
    return [d for d in lines.evaluate_all("paths => paths.map(p => p.getAttribute('d') || '')")
            if d]


def x_ticks(visit: Visit, other_than: list[str] | None = None) -> list[str]:
    """The chart's time axis labels (the range it shows), once drawn and, with
    ``other_than``, once they differ from those (the chart of a new selection is drawn)."""
    visit.page.wait_for_function(_TICKS_DRAWN, arg=[TICKS, other_than or []], timeout=WAIT_MS)
    return visit.page.locator(TICKS).all_text_contents()


def pick(visit: Visit, label: str, option: str) -> None:
    """Choose ``option`` (part of its text) in the select box labelled ``label``."""
    visit.page.get_by_label(label, exact=True).click()
    visit.page.get_by_role("option").filter(has_text=option).first.click()


def share_link(visit: Visit) -> str:
    """The address the Share control gives."""
    visit.page.get_by_role("button", name="Share this view").click()
    code = visit.page.locator('[data-testid="stPopoverBody"] [data-testid="stCode"]')
    text = code.first.inner_text(timeout=WAIT_MS).strip()
    visit.page.keyboard.press("Escape")
    return text


def test_overview_shows_the_kyiv_kpis_and_a_chart(app, context, capsys):
    visit = Visit(context)
    began = time.perf_counter()
    visit.page.goto(app.url)
    visit.page.locator(METRIC).first.wait_for(state="visible", timeout=WAIT_MS)
    first_kpi_s = time.perf_counter() - began
    with capsys.disabled():
        print(f"\n[browser] server up in {app.started_s:.1f} s; first KPI visible "
              f"{first_kpi_s:.1f} s after navigation (cold: the store is seeded on this visit)")
    visit.idle()
    assert first_kpi_s < FIRST_KPI_LIMIT_S

    shown = visit.metrics()
    assert {label: shown.get(label) for label in KYIV} == KYIV
    lines = chart_lines(visit)
    assert lines and all(any(c in d for c in "LHV") for d in lines)  # lines, not points
    assert query(visit.page.url)["dataset"] == sample_id(app.store_url, "kyiv-strike-day")
    clean(visit)


def test_a_first_visit_draws_the_first_cards_before_the_widgets_and_the_chart(app, context):
    """A session's first run sends the first row of cards, then pauses before the rest
    (kpi.let_paint): the browser lays them out in a frame with no select box, slider or chart;
    the pickers and the time window then come in the sidebar."""
    visit = Visit(context)
    visit.page.add_init_script(FIRST_KPI_JS)  # notes what the first frame with a card held
    visit.page.goto(app.url)
    noted = visit.page.locator(f"html[{NOTED}]")
    noted.wait_for(state="attached", timeout=WAIT_MS)
    first = json.loads(noted.get_attribute(FRAME))
    assert 1 <= first.pop("stMetric") <= 4
    assert first == {"stSelectbox": 0, "stSlider": 0, "stPlotlyChart": 0}
    visit.idle()
    assert len(visit.metrics()) == 8
    sidebar = visit.page.locator('[data-testid="stSidebar"]')
    # drawn after the cards: waited for (the script's last state change can come before the
    # sidebar's elements are laid out)
    sidebar.get_by_label("Dataset", exact=True).wait_for(timeout=WAIT_MS)
    assert sidebar.get_by_label("Dataset", exact=True).count() == 1
    assert sidebar.locator('[data-testid="stSlider"]').count() == 1
    clean(visit)


def test_map_draws_regions_without_network(app, context):
    visit = Visit(context).open(f"{app.url}/map")
    share, colours = visit.map_drawn()
    assert share >= DRAWN_SHARE, f"only {share:.1%} of the map canvas is drawn"
    assert colours >= 2  # a fill and an outline at least
    assert visit.remote_requests() == [], "requests left the machine"
    clean(visit)


@pytest.fixture(scope="module")
def picked(browser, app_server):
    """Pick the OE-417 sample in the Dataset box: (address before, address after, the KPIs,
    the chart's time axis, the Share control's link, the visit's console errors)."""
    context = browser.new_context(viewport=VIEWPORT, color_scheme="light")
    visit = Visit(context).open(app_server.url)
    before = visit.page.url
    visit.metrics()
    kyiv_ticks = x_ticks(visit)
    kyiv_id = query(before)["dataset"]
    pick(visit, "Dataset", "OE-417")
    visit.page.wait_for_url(lambda url: query(url).get("dataset", kyiv_id) != kyiv_id,
                            timeout=WAIT_MS)
    visit.idle()
    result = (before, visit.page.url, visit.metrics(), x_ticks(visit, other_than=kyiv_ticks),
              share_link(visit), visit.app_errors())
    context.close()
    return result


def test_a_changed_filter_changes_the_address(app, picked):
    before, after, shown, _, link, errors = picked
    assert query(after)["dataset"] == sample_id(app.store_url, "oe417-2021-2022")
    assert after != before
    assert shown["Peak"] != KYIV["Peak"]
    assert link == after  # the Share control gives the address the page shows
    assert errors == []


def test_the_address_gives_the_same_view_in_a_new_browser(app, picked, context):
    _, after, shown, ticks, _, _ = picked
    visit = Visit(context).open(after)
    assert visit.metrics() == shown
    assert x_ticks(visit) == ticks
    assert visit.page.url == after
    clean(visit)


def test_a_tampered_address_shows_defaults_and_a_notice(app, context):
    visit = Visit(context).open(app.url + "/" + TAMPERED)
    shown = visit.metrics()
    assert {label: shown.get(label) for label in KYIV} == KYIV
    warning = visit.page.locator('[data-testid="stAlertContentWarning"]')
    notice = plain(warning.first.inner_text(timeout=WAIT_MS))
    for key in ("dataset", "start", "service"):
        assert f"Ignored {key}=" in notice
    assert "<script>" not in notice
    assert query(visit.page.url) == {"dataset": sample_id(app.store_url, "kyiv-strike-day")}
    assert chart_lines(visit)
    clean(visit)


def test_the_sidebar_keeps_the_view_between_pages(app, context):
    state = {"dataset": sample_id(app.store_url, "oe417-2021-2022"),
             "start": "2022-01-01T00:00Z", "end": "2022-06-30T00:00Z"}
    direct = Visit(context).open(f"{app.url}/?{urlencode(state, safe=':')}")
    shown = direct.metrics()
    assert query(direct.page.url) == state

    links = direct.page.locator('[data-testid="stSidebarNavLink"]')
    links.filter(has_text="Map").click()
    direct.page.wait_for_url(lambda url: url.startswith(f"{app.url}/map?"), timeout=WAIT_MS)
    direct.idle()
    assert query(direct.page.url) == {**state, "page": "map"}
    direct.page.locator(DECK).first.wait_for(timeout=WAIT_MS)

    links.filter(has_text="Overview").click()
    direct.page.wait_for_url(lambda url: url.startswith(f"{app.url}/?"), timeout=WAIT_MS)
    direct.idle()
    assert query(direct.page.url) == state
    assert direct.metrics() == shown
    clean(direct)


def test_a_page_link_as_the_first_request_after_a_start_uses_the_app_navigation(context):
    """Streamlit runs a pages/ script on its own when the first request names it; the page must
    switch to the app's navigation (titled pages), not list raw file names."""
    with start_app() as fresh:
        visit = Visit(context).open(f"{fresh.url}/map?service=power")
        visit.page.locator(DECK).first.wait_for(timeout=WAIT_MS)
        names = visit.page.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()
        assert [plain(n).splitlines()[-1] for n in names][:4] == ["Overview", "Map", "Regions",
                                                                  "Data"]
        assert query(visit.page.url)["page"] == "map"
        clean(visit)
