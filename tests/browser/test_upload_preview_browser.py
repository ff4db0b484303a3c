"""The upload preview in a real browser: a file's headline says the rows kept, and the
Overview's key figure cards (customers out now, peak, cut off, restored) show the file's
figures before anything is published."""

from __future__ import annotations

import pytest

from tests.helpers import content_hash

from . import Visit, start_app

DROPZONE = '[data-testid="stFileUploaderDropzoneInput"]'
FIGURES = (b"time,region_id,region_name,service,customers_out\n"
           b"2025-10-10T06:00:00+03:00,UA-30,Kyiv,power,1200\n"
           b"2025-10-10T07:00:00+03:00,UA-46,Lviv,power,300\n"
           b"2025-10-10T09:00:00+03:00,UA-30,Kyiv,power,800\n")
INFO_CARDS = 5  # format, encoding, rows, regions, services


@pytest.fixture(scope="module")
def app():
    with start_app() as server:
        yield server


def test_the_preview_shows_the_overviews_cards(app, context, tmp_path):
    visit = Visit(context).open(f"{app.url}/upload")
    before = content_hash(app.store_url)
    path = tmp_path / "kyiv.csv"
    path.write_bytes(FIGURES)
    visit.page.set_input_files(DROPZONE, str(path))
    visit.page.get_by_text("all 3 rows kept", exact=False).first.wait_for()
    visit.idle()
    cards = visit.metrics(count=INFO_CARDS + 4)
    # Kyiv 1,200 then 800, Lviv 300: the peak 1,500, the latest 1,100, 400 restored
    assert cards["Customers out (latest)"] == "1,100"
    assert cards["Peak"] == "1,500"
    assert cards["Cut off"] == "1,500"
    assert cards["Restored"] == "400"
    assert cards["Rows"] == "3"
    assert content_hash(app.store_url) == before  # a preview stores nothing
    assert visit.app_errors() == [] and visit.dialogs == []
