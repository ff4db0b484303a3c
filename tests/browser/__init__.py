"""The dashboard in a real browser: the whole server (``streamlit run app.py``) on a temporary
store, opened in Debian's chromium through Playwright.

Shared by the browser tests (conftest.py gives them as fixtures) and the README screenshot
(screenshot.py):

- ``start_app(env_overrides)``: a context manager that starts the server on a free port with a
  fresh SQLite store (the app seeds the bundled samples on first use) and yields an :class:`App`
  (``.url``, ``.store_url``, ``.log()``); the process group is ended on exit.
- ``launch()``: a context manager yielding a Playwright ``Browser`` (Debian's chromium, the
  flags below, a temporary HOME).
- :class:`Visit`: a page that records console errors, requests and dialogs, and waits on the
  app's own "not running" state, never on sleeps.
"""

from __future__ import annotations

import io
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

# the browser and its flags are the bench's (bench/browser.py): one list for both
from bench.browser import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[2]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
METRIC = '[data-testid="stMetric"]'
CHART = '[data-testid="stPlotlyChart"] .main-svg'
DECK = '[data-testid="stDeckGlJsonChart"] canvas'
VIEWPORT = {"width": 1280, "height": 900}  # a laptop screen
MAP_DRAW_S = 20  # the deck draws its layers a moment after the canvas appears
DRAWN_SHARE = 0.02  # a drawn map: at least this share of its canvas differs from the background
START_SECONDS = 60  # server start, seeding not included (that happens on the first page)
WAIT_MS = 30_000  # any one element or state in the page
# Environment the server must not inherit from the shell that runs the tests.
DROPPED_ENV = ("OUTAGES_", "STREAMLIT_")

# Hosts a page may load from: the test server and in-page data.
LOCAL = re.compile(r"(https?://(localhost|127\.0\.0\.1|\[::1\])(:\d+)?/|data:|blob:)")
# Console errors that are not the app's, each with why it can be ignored:
# - Streamlit's frontend, opened on a page path (/map), first looks for its server under that
#   path (/map/_stcore/health, /map/_stcore/host-config), gets 404, then uses the root.
STREAMLIT_PROBE = re.compile(r"/[^/?#]+/_stcore/(health|host-config)(\?|$)")


def chromium_missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return (f"{CHROMIUM} is missing: install Debian's chromium (`make chromium`, as root) to "
                "run the browser tests")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed in this environment (requirements-dev.txt has it)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class App:
    """A running dashboard server."""

    url: str  # http://127.0.0.1:<port>, no trailing slash
    store_url: str  # the store the server uses (OUTAGES_DB_URL)
    proc: subprocess.Popen
    output: list[str] = field(default_factory=list)  # stdout and stderr, line by line
    started_s: float = 0.0  # from spawning the process to the health endpoint answering ok

    def log(self, lines: int = 200) -> str:
        return "".join(self.output[-lines:])


def server_env(store_url: str, home: Path,
               env_overrides: Mapping[str, str | None] | None = None) -> dict[str, str]:
    """The server's environment: ours without OUTAGES_* and STREAMLIT_* settings, a temporary
    HOME, the store, then ``env_overrides`` (a None value removes a variable)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(DROPPED_ENV)}
    env.update(HOME=str(home), OUTAGES_DB_URL=store_url, PYTHONUNBUFFERED="1")
    for key, value in (env_overrides or {}).items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


@contextmanager
def start_app(env_overrides: Mapping[str, str | None] | None = None, *,
              timeout_s: float = START_SECONDS, base_path: str = "") -> Iterator[App]:
    """``streamlit run app.py`` on a free port and a fresh temporary SQLite store (unless
    ``env_overrides`` names another OUTAGES_DB_URL); yields the :class:`App` once its health
    endpoint says ok; ends the server's process group on exit. ``base_path``: Streamlit's
    server.baseUrlPath (``App.url`` then ends with it)."""
    with tempfile.TemporaryDirectory(prefix="outages-browser-") as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        env = server_env(f"sqlite:///{Path(tmp) / 'outages.db'}", home, env_overrides)
        port = free_port()
        began = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
             "--server.headless", "true", "--server.address", "127.0.0.1",
             "--server.baseUrlPath", base_path],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True)
        prefix = f"/{base_path.strip('/')}" if base_path.strip("/") else ""
        app = App(f"http://127.0.0.1:{port}{prefix}", env["OUTAGES_DB_URL"], proc)
        listening = threading.Event()
        reader = threading.Thread(target=_read_output, args=(app, f":{port}", listening),
                                  daemon=True)
        reader.start()
        try:
            _wait_healthy(app, listening, time.monotonic() + timeout_s)
            app.started_s = time.perf_counter() - began
            yield app
        finally:
            _stop(proc)
            reader.join(timeout=10)


def _read_output(app: App, port_text: str, listening: threading.Event) -> None:
    """Keep every line the server writes (so it never blocks on a full pipe); set
    ``listening`` when it names its port, or when it ends."""
    for line in app.proc.stdout:
        app.output.append(line)
        if port_text in line:
            listening.set()
    listening.set()


def _wait_healthy(app: App, listening: threading.Event, deadline: float) -> None:
    """Wait until the server says it listens, then poll its health endpoint until "ok"."""
    said = listening.wait(timeout=max(0.0, deadline - time.monotonic()))
    problem = "no health answer yet" if said else "it did not say it listens"
    while app.proc.poll() is None and time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{app.url}/_stcore/health",  # noqa: S310 (http, local)
                                        timeout=5) as answer:
                if answer.read().strip() == b"ok":
                    return
                problem = f"health answered {answer.status}"
        except OSError as exc:
            problem = f"health: {exc}"
        try:  # pace the polls; returns at once if the server exits
            app.proc.wait(timeout=0.1)
        except subprocess.TimeoutExpired:
            pass
    if app.proc.poll() is not None:
        problem = f"it exited with code {app.proc.returncode}"
    raise RuntimeError(f"the dashboard server did not start ({problem}); its output:\n{app.log()}")


def _stop(proc: subprocess.Popen) -> None:
    """End the server's whole process group: SIGTERM, then SIGKILL after 20 s."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=20)
    except ProcessLookupError:
        proc.wait(timeout=20)


@contextmanager
def launch() -> Iterator[object]:
    """Debian's chromium through Playwright, headless, with a temporary HOME."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="outages-chromium-") as home, \
            sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                    env={**os.environ, "HOME": home})
        try:
            yield browser
        finally:
            browser.close()


def query(url: str) -> dict[str, str]:
    """The query string of ``url``, one value per key."""
    return {k: v[-1] for k, v in parse_qs(urlsplit(url).query, keep_blank_values=True).items()}


def plain(text: str) -> str:
    """``text`` with no-break spaces as plain spaces (numbers use them before %)."""
    return text.replace("\u00a0", " ").replace("\u202f", " ").strip()


_CARDS_READY = """([selector, count]) => {
    const cards = [...document.querySelectorAll(selector)];
    const text = (card, id) => card.querySelector(`[data-testid="${id}"]`)?.innerText.trim();
    return cards.length >= count
        && cards.every(card => text(card, "stMetricLabel") && text(card, "stMetricValue"));
}"""
OVERVIEW_CARDS = 8  # out now, peak, restored, restored %, 50 %, 90 %, customer-hours, updated
_CARD_TEXTS = """cards => cards.map(card => ["stMetricLabel", "stMetricValue"].map(
    id => card.querySelector(`[data-testid="${id}"]`).innerText))"""


class Visit:
    """One page of a browser context with what happened in it recorded: console errors (with
    the URL they name), every request URL, and dialogs (dismissed)."""

    def __init__(self, context):
        self.page = context.new_page()
        self.requests: list[str] = []
        self.errors: list[tuple[str, str]] = []  # (message, url of the resource or script)
        self.dialogs: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append((f"page error: {exc}", "")))
        self.page.on("dialog", self._dialog)

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append((message.text, message.location.get("url", "")))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, url: str) -> Visit:
        self.page.goto(url)
        self.idle()
        return self

    def idle(self) -> None:
        """Wait until the app's script has finished its run."""
        self.page.locator(IDLE).wait_for(timeout=WAIT_MS)

    def metrics(self, count: int = OVERVIEW_CARDS) -> dict[str, str]:
        """Each KPI card's label and value as shown ("Peak": "800,000"), once ``count`` cards
        are drawn and every one has both (cards and labels render a moment apart)."""
        self.page.wait_for_function(_CARDS_READY, arg=[METRIC, count], timeout=WAIT_MS)
        pairs = self.page.locator(METRIC).evaluate_all(_CARD_TEXTS)
        return {plain(label): plain(value) for label, value in pairs}

    def remote_requests(self) -> list[str]:
        """Requests that left this machine."""
        return [url for url in self.requests if not LOCAL.match(url)]

    def app_errors(self) -> list[str]:
        """Console errors but the known ones that are not the app's (see STREAMLIT_PROBE);
        failed loads from other hosts are left to :meth:`remote_requests`."""
        found = []
        for text, url in self.errors:
            if text.startswith("Failed to load resource"):
                if STREAMLIT_PROBE.search(url) and "404" in text:
                    continue
                if url and not LOCAL.match(url):
                    continue
            found.append(f"{text} ({url})" if url else text)
        return found

    def background(self) -> tuple[int, int, int]:
        """The app's background colour: what a map canvas shows where nothing is drawn."""
        css = self.page.locator('[data-testid="stApp"]').evaluate(
            "e => getComputedStyle(e).backgroundColor")
        r, g, b = (round(float(v)) for v in css[css.index("(") + 1:css.index(")")].split(",")[:3])
        return r, g, b

    def map_drawn(self, timeout_s: float = MAP_DRAW_S) -> tuple[float, int]:
        """Wait until the first map canvas has layers drawn on it (or ``timeout_s`` passed);
        returns (share of its pixels that are not background, distinct colours among them)."""
        canvas = self.page.locator(DECK).first
        canvas.wait_for(state="visible", timeout=WAIT_MS)
        bg = self.background()
        deadline = time.monotonic() + timeout_s
        share, colours = drawn_share(canvas.screenshot(), bg)
        while share < DRAWN_SHARE and time.monotonic() < deadline:  # each shot takes a while
            share, colours = drawn_share(canvas.screenshot(), bg)
        return share, colours


def drawn_share(png: bytes, bg: tuple[int, int, int], tolerance: int = 8) -> tuple[float, int]:
    """(share of the pixels of ``png`` that differ from ``bg`` by more than ``tolerance`` in a
    channel, number of distinct colours among them)."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=image.width * image.height) or []
    drawn = [(n, c) for n, c in colours
             if max(abs(a - b) for a, b in zip(c, bg, strict=True)) > tolerance]
    return sum(n for n, _ in drawn) / max(1, image.width * image.height), len(drawn)
