"""The upload page in a real browser: the whole server (`streamlit run app.py`) on a temporary
store, Debian's chromium through Playwright.

- A viewer previews a file without logging in; nothing is stored; there is no publish button.
- An editor signs in, uploads a real file through the file input, publishes it, and a second
  browser context (another visitor) sees the new figures.
- A file whose region name and file name carry script does not run it: no dialog, nothing in
  the console.

No sleeping: the server is ready when it says so on stdout, and the page is waited for through
its script state and the text expected next.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest

from outages.store import open_store

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
PASSWORD = "Пароль редактора 2025"  # noqa: S105 (a test password, Cyrillic on purpose)
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
DROPZONE = '[data-testid="stFileUploaderDropzoneInput"]'
START_SECONDS = 60
WAIT_MS = 30_000

FIGURES = (b"time,region_id,region_name,service,customers_out\n"
           b"2025-10-10T06:00:00+03:00,UA-30,Kyiv,power,1200\n"
           b"2025-10-10T07:00:00+03:00,UA-46,Lviv,power,300\n"
           b"2025-10-10T09:00:00+03:00,UA-30,Kyiv,power,800\n")
SCRIPTED = (b"time,region_id,region_name,service,customers_out\n"
            b"2025-10-10T06:00:00+03:00,UA-30,<img src=x onerror=alert(1)>,power,1200\n"
            b"2025-10-10T07:00:00+03:00,UA-46,<script>alert(2)</script>,power,300\n")
SCRIPTED_NAME = "<img src=x onerror=alert(3)>.csv"

if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (make chromium) to run the "
                "browser tests", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``streamlit run app.py`` on a free port, an empty temporary store and an editor
    password; yields (base URL, store URL)."""
    home = tmp_path_factory.mktemp("home")
    store_url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'outages.db'}"
    port = free_port()
    env = {**os.environ, "HOME": str(home), "OUTAGES_DB_URL": store_url,
           "OUTAGES_EDITOR_PASSWORD": PASSWORD, "PYTHONUNBUFFERED": "1"}
    env.pop("OUTAGES_EDITORS", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    watchdog = threading.Timer(START_SECONDS, proc.kill)
    watchdog.start()
    seen = []
    for line in proc.stdout:  # blocks until the server writes; the watchdog ends a hang
        seen.append(line)
        if f":{port}" in line:
            break
    watchdog.cancel()
    base = f"http://127.0.0.1:{port}"
    try:
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=10) as answer:  # noqa: S310
            assert answer.status == 200
    except OSError:
        proc.kill()
        pytest.fail("the server did not start:\n" + "".join(seen))
    drain = threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True)
    drain.start()  # keep reading so the server never blocks on a full pipe
    yield base, store_url
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    env = {**os.environ, "HOME": str(tmp_path_factory.mktemp("browser-home"))}
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, env=env)
        yield chromium
        chromium.close()


class Watched:
    """A page with every dialog and console message recorded."""

    def __init__(self, context):
        self.page = context.new_page()
        self.dialogs: list[str] = []
        self.console: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("console", lambda msg: self.console.append(f"{msg.type}: {msg.text}"))
        self.page.on("pageerror", lambda exc: self.console.append(f"pageerror: {exc}"))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, url: str) -> Watched:
        self.page.goto(url)
        self.idle()
        return self

    def idle(self) -> None:
        self.page.locator(IDLE).wait_for(timeout=WAIT_MS)

    def text(self, text: str) -> None:
        """Wait until ``text`` shows, then until the script has finished."""
        self.page.get_by_text(text, exact=False).first.wait_for(timeout=WAIT_MS)
        self.idle()

    def upload(self, path: Path) -> None:
        self.page.set_input_files(DROPZONE, str(path))


def sign_in(w: Watched) -> None:
    w.page.get_by_text("Editor sign-in").click()
    w.page.get_by_label("Your name, for the log of changes").fill("Olena")
    w.page.get_by_label("Editor password").fill(PASSWORD)
    w.page.get_by_role("button", name="Sign in").click()
    w.text("Signed in as editor Olena.")


def content_hash(store_url: str) -> str:
    with open_store(store_url) as store:
        return store.content_hash()


def test_preview_without_login_stores_nothing(server, browser, tmp_path):
    base, store_url = server
    context = browser.new_context()
    w = Watched(context).open(f"{base}/upload")
    before = content_hash(store_url)
    path = tmp_path / "kyiv.csv"
    path.write_bytes(FIGURES)
    w.upload(path)
    w.text("The file reads cleanly.")
    w.page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for(timeout=WAIT_MS)
    w.text("Only editors can publish")
    assert w.page.get_by_role("button", name="Publish").count() == 0
    assert content_hash(store_url) == before
    context.close()


def test_editor_publishes_and_another_visitor_sees_it(server, browser, tmp_path):
    base, store_url = server
    editor_context = browser.new_context()
    w = Watched(editor_context).open(f"{base}/upload")
    sign_in(w)
    path = tmp_path / "kyiv_city.csv"
    path.write_bytes(FIGURES)
    w.upload(path)
    w.text("The file reads cleanly.")
    name = w.page.get_by_label("Name", exact=True)
    name.fill("Kyiv city figures")
    name.press("Enter")
    w.idle()
    w.page.get_by_role("button", name="Publish").click()
    w.text("Published Kyiv city figures (3 rows added)")
    with open_store(store_url) as store:
        published = next(d for d in store.list_datasets() if d.name == "Kyiv city figures")
        assert published.created_by == "password:Olena"

    visitor = Watched(browser.new_context()).open(base)
    metric = visitor.page.locator('[data-testid="stMetric"]').filter(has_text="Customers out now")
    metric.first.wait_for(timeout=WAIT_MS)
    assert "1,100" in metric.first.inner_text()  # Kyiv 800 + Lviv 300, the new figures
    assert visitor.dialogs == [] and w.dialogs == []
    editor_context.close()


def test_script_in_a_file_does_not_run(server, browser, tmp_path):
    base, store_url = server
    context = browser.new_context()
    w = Watched(context).open(f"{base}/upload")
    before = content_hash(store_url)
    w.console.clear()
    path = tmp_path / SCRIPTED_NAME
    path.write_bytes(SCRIPTED)
    w.upload(path)
    w.text("This file cannot be published")
    # the file name is shown as text, markup and all
    w.page.get_by_text("onerror=alert(3)", exact=False).first.wait_for(timeout=WAIT_MS)
    assert w.page.locator("img[src='x']").count() == 0
    assert w.page.locator("script:text('alert')").count() == 0
    assert w.dialogs == []
    assert w.console == []
    assert content_hash(store_url) == before
    context.close()
