"""The upload page in a real browser (the server and browser machinery: tests/browser/__init__.py).

- A viewer previews a file without logging in; nothing is stored; there is no publish button.
- An editor signs in, uploads a real file through the file input, publishes it, and a second
  browser context (another visitor) sees the new figures.
- A file whose region names and file name carry script does not run it: no dialog, no request
  for the markup's image, nothing in the console.
"""

from __future__ import annotations

import pytest

from outages.store import open_store
from tests.helpers import content_hash

from . import WAIT_MS, Visit, start_app

PASSWORD = "Пароль редактора 2025"  # noqa: S105 (a test password, Cyrillic on purpose)
DROPZONE = '[data-testid="stFileUploaderDropzoneInput"]'

FIGURES = (b"time,region_id,region_name,service,customers_out\n"
           b"2025-10-10T06:00:00+03:00,UA-30,Kyiv,power,1200\n"
           b"2025-10-10T07:00:00+03:00,UA-46,Lviv,power,300\n"
           b"2025-10-10T09:00:00+03:00,UA-30,Kyiv,power,800\n")
SCRIPTED = (b"time,region_id,region_name,service,customers_out\n"
            b"2025-10-10T06:00:00+03:00,UA-30,<img src=x onerror=alert(1)>,power,1200\n"
            b"2025-10-10T07:00:00+03:00,UA-46,<script>alert(2)</script>,power,300\n")
SCRIPTED_NAME = "<img src=x onerror=alert(3)>.csv"


@pytest.fixture(scope="module")
def editing_app():
    """The dashboard server with an editor password, on its own fresh store."""
    with start_app({"OUTAGES_EDITOR_PASSWORD": PASSWORD}) as server:
        yield server


class Watched(Visit):
    """A Visit that also keeps every console message (Chromium's own "verbose" hints about
    the page's markup aside)."""

    def __init__(self, context):
        super().__init__(context)
        self.console: list[str] = []
        self.page.on("console", lambda m: m.type == "verbose"
                     or self.console.append(f"{m.type}: {m.text}"))

    def wait_text(self, text: str) -> None:
        """Wait until ``text`` shows, then until the script has finished."""
        self.page.get_by_text(text, exact=False).first.wait_for(timeout=WAIT_MS)
        self.idle()

    def upload(self, path) -> None:
        self.page.set_input_files(DROPZONE, str(path))


def sign_in(w: Watched) -> None:
    w.page.get_by_text("Editor sign-in").click()
    w.page.get_by_label("Your name, for the log of changes").fill("Olena")
    w.page.get_by_label("Editor password").fill(PASSWORD)
    w.page.get_by_role("button", name="Sign in").click()
    w.wait_text("Signed in as editor Olena.")


def test_preview_without_login_stores_nothing(editing_app, context, tmp_path):
    w = Watched(context).open(f"{editing_app.url}/upload")
    before = content_hash(editing_app.store_url)
    path = tmp_path / "kyiv.csv"
    path.write_bytes(FIGURES)
    w.upload(path)
    w.wait_text("rows kept")
    w.page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for(timeout=WAIT_MS)
    w.wait_text("Only editors can publish")
    assert w.page.get_by_role("button", name="Publish").count() == 0
    assert content_hash(editing_app.store_url) == before
    assert w.app_errors() == [] and w.dialogs == []


def test_editor_publishes_and_another_visitor_sees_it(editing_app, browser, context, tmp_path):
    w = Watched(context).open(f"{editing_app.url}/upload")
    sign_in(w)
    path = tmp_path / "kyiv_city.csv"
    path.write_bytes(FIGURES)
    w.upload(path)
    w.wait_text("rows kept")
    name = w.page.get_by_label("Name", exact=True)
    name.fill("Kyiv city figures")
    name.press("Enter")
    w.idle()
    w.page.get_by_role("button", name="Publish").click()
    w.wait_text("Published Kyiv city figures (3 rows added)")
    with open_store(editing_app.store_url) as store:
        published = next(d for d in store.list_datasets() if d.name == "Kyiv city figures")
        assert published.created_by == "password:Olena"

    other = browser.new_context()
    try:
        visitor = Watched(other).open(editing_app.url)
        figures = visitor.metrics()
        assert figures["Customers out (latest)"] == "1,100"  # Kyiv 800 + Lviv 300: the new figures
        assert figures["Peak"] == "1,500"
        assert visitor.app_errors() == [] and visitor.dialogs == []
    finally:
        other.close()
    assert w.app_errors() == [] and w.dialogs == []


def test_script_in_a_file_does_not_run(editing_app, context, tmp_path):
    w = Watched(context).open(f"{editing_app.url}/upload")
    before = content_hash(editing_app.store_url)
    w.console.clear()
    path = tmp_path / SCRIPTED_NAME
    path.write_bytes(SCRIPTED)
    w.upload(path)
    w.wait_text("This file cannot be published")
    # the file name is shown as text, markup and all
    w.page.get_by_text("onerror=alert(3)", exact=False).first.wait_for(timeout=WAIT_MS)
    assert w.page.locator("img[src='x']").count() == 0
    assert not [url for url in w.requests if url.endswith("/x")]
    assert w.dialogs == []
    assert w.console == []
    assert content_hash(editing_app.store_url) == before
