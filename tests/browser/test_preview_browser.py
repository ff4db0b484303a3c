"""A heavy preview in one browser does not starve another: the server reads uploads in a capped
worker process (outages.sandbox), so a second visitor gets the Overview's KPI cards in normal time
while the first one's file is being read, and the first is told why reading it was stopped.

The server runs with small caps (10 s, 600 MB) so that an ordinary 150 MB CSV overruns one of them
whatever the machine's speed; a file that unpacks into a bomb would be stopped the same way.
"""

from __future__ import annotations

import re
import time

from . import VIEWPORT, WAIT_MS, Visit, start_app

DROPZONE = '[data-testid="stFileUploaderDropzoneInput"]'
HEADER = b"time,region_id,region_name,service,customers_out\n"
HEAVY_MB = 150
CAPS = {"OUTAGES_PREVIEW_SECONDS": "10", "OUTAGES_PREVIEW_MEMORY_MB": "600"}
REFUSED = re.compile(r"Reading this file (took longer than 10 s|needed more than 600 MB)")


def heavy_csv(path) -> None:
    """About HEAVY_MB of ordinary rows: four regions every 15 minutes, repeated."""
    lines = [f"2025-{1 + i // 2880:02d}-{1 + i // 96 % 28:02d}T{i // 4 % 24:02d}:"
             f"{15 * (i % 4):02d}:00Z,UA-{30 + k},Region {k},power,{(7 * i + k) % 5000}\n"
             for i in range(2880 * 12) for k in range(4)]
    block = "".join(lines).encode()
    with path.open("wb") as out:
        out.write(HEADER)
        for _ in range(HEAVY_MB * 1024**2 // len(block) + 1):
            out.write(block)


def kpi_seconds(browser, url: str) -> float:
    """A new visitor's time from opening the Overview to its KPI cards, in seconds."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        began = time.perf_counter()
        visit = Visit(context).open(url)
        cards = visit.metrics()
        took = time.perf_counter() - began
        assert cards["Peak"], cards
        assert visit.app_errors() == []
        return took
    finally:
        context.close()


def test_a_heavy_preview_is_refused_while_another_visitor_gets_the_kpis(browser, tmp_path):
    path = tmp_path / "heavy.csv"
    heavy_csv(path)
    with start_app(CAPS) as app:
        kpi_seconds(browser, app.url)  # the first visit seeds the store
        baseline = kpi_seconds(browser, app.url)

        context = browser.new_context(viewport=VIEWPORT)
        try:
            uploader = Visit(context).open(f"{app.url}/upload")
            uploader.page.set_input_files(DROPZONE, str(path))
            reading = uploader.page.get_by_text("Reading the file", exact=False).first
            reading.wait_for(timeout=WAIT_MS)
            during = kpi_seconds(browser, app.url)
            still_reading = reading.is_visible()
            uploader.page.get_by_text(REFUSED).first.wait_for(timeout=WAIT_MS)
            said = uploader.page.get_by_text(REFUSED).first.inner_text()
            uploader.idle()
            assert uploader.page.locator('[data-testid="stMetric"]').count() == 0
            assert uploader.app_errors() == []
        finally:
            context.close()
        print(f"KPI cards for a new visitor: {baseline:.1f} s alone, {during:.1f} s while a "
              f"{HEAVY_MB} MB preview was read (still reading after: {still_reading}); the "
              f"uploader was told: {said[:60]}")
        assert during < max(15.0, 3 * baseline), (baseline, during)
        assert "Traceback" not in app.log(1000)


def test_the_zip_bombs_are_refused_in_the_preview_while_another_visitor_gets_the_kpis(
        browser, tmp_path):
    """Issue 9's two bombs (one cell of 1 GiB; 1 GiB of tiny rows), a few MB each packed: the
    upload preview refuses each from its zip's own figures, naming the limit, and a second
    visitor's KPI cards come in normal time."""
    from tests import bombs

    files = [bombs.write_xlsx(tmp_path / "one_cell.xlsx", bombs.one_huge_cell()),
             bombs.write_xlsx(tmp_path / "tiny_rows.xlsx", bombs.tiny_rows())]
    with start_app({}) as app:
        kpi_seconds(browser, app.url)  # the first visit seeds the store
        baseline = kpi_seconds(browser, app.url)
        for path in files:
            context = browser.new_context(viewport=VIEWPORT)
            try:
                uploader = Visit(context).open(f"{app.url}/upload")
                uploader.page.set_input_files(DROPZONE, str(path))
                during = kpi_seconds(browser, app.url)
                # the problem table's cell (a data grid: its text is in the page, not painted)
                refused = uploader.page.get_by_text("unpacks to 1,024 MB", exact=False).first
                refused.wait_for(state="attached", timeout=WAIT_MS)
                uploader.idle()
                assert "the limit is 256 MB" in refused.text_content()
                assert uploader.app_errors() == []
            finally:
                context.close()
            print(f"{path.name}: KPI cards for a new visitor {baseline:.1f} s alone, "
                  f"{during:.1f} s while the bomb was previewed")
            assert during < max(15.0, 3 * baseline), (baseline, during)
        assert "Traceback" not in app.log(1000)
