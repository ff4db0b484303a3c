"""Time to the first drawn KPI in a real browser: the dashboard against a minimal page.

Both are served by ``streamlit run`` on this machine and opened in Debian's chromium through
Playwright, each visit a new tab and session. The clock runs from the navigation's start until the
first ``st.metric`` is drawn: the page itself notes the time (``performance.now()``, which counts
from the navigation's start) once a frame that shows the card with a size has been painted
(``FIRST_KPI_JS``). Playwright's own wait for a visible element polls less and less often (after
the first few checks, every 500 ms), so it saw the card up to half a second late, by chance of
when its check fell, on either page. The first visit after the server starts is reported
apart ("cold": the dashboard loads the dataset then); later visits are "warm" (the server holds
the dataset), in new browser contexts (nothing cached by the browser: a first-time visitor) and
in one context that keeps its cache (a returning visitor). Both servers run throughout, and the
two pages' visits are taken in turn, so a change in the machine's speed falls on both alike.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 # headless chromium 156 loads its own omnibox popup pages (about 400 module
                 # requests in two renderers) when a tab opens after another closed: on two
                 # cores that competed with the page measured (its cached visits 1.2-2.0 s,
                 # then 1.0-1.3 s)
                 "--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup"]
KPI = '[data-testid="stMetric"]'
MINIMAL_PAGE = 'import streamlit as st\n\nst.metric("Customers out", "1,234")\n'
START_TIMEOUT_S = 60
KPI_TIMEOUT_MS = 180_000
# run in each page before its own scripts: checks at every animation frame for a KPI card laid
# out with a size and not hidden; in the frame that first finds one, a message posted from the
# frame's callback arrives once that frame has been painted, and its time is noted on the page's
# root element (read by a selector: the dashboard's content security policy forbids the eval that
# Playwright's wait_for_function needs), with how many elements of each kind in ``COUNTED``
# that frame held (counted in the frame, written after it: the browser tests check what a first
# visit's browser draws first)
NOTED = "data-first-kpi-ms"
FRAME = "data-first-kpi-frame"
COUNTED = ("stMetric", "stSelectbox", "stSlider", "stPlotlyChart")
FIRST_KPI_JS = """
(() => {
  const drawn = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== "hidden";
  };
  const count = (id) => document.querySelectorAll(`[data-testid="${id}"]`).length;
  const check = () => {
    const card = document.querySelector('KPI_SELECTOR');
    if (card && drawn(card)) {
      const held = Object.fromEntries(COUNTED_IDS.map((id) => [id, count(id)]));
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        document.documentElement.setAttribute("FRAME_ATTRIBUTE", JSON.stringify(held));
        document.documentElement.setAttribute("NOTED_ATTRIBUTE", String(performance.now()));
      };
      channel.port2.postMessage(0);
    } else {
      requestAnimationFrame(check);
    }
  };
  requestAnimationFrame(check);
})();
""".replace("KPI_SELECTOR", KPI).replace("NOTED_ATTRIBUTE", NOTED).replace(
    "FRAME_ATTRIBUTE", FRAME).replace("COUNTED_IDS", json.dumps(list(COUNTED)))


@dataclass
class Visits:
    cold_s: float  # the first visit after the server started
    warm_s: list[float]  # later visits, each in a new browser context (an empty browser cache)
    cached_s: list[float]  # later visits in one context (the browser cache kept), new tabs
    server_rss_mb: float
    server_peak_mb: float

    @property
    def warm_median_s(self) -> float:
        return statistics.median(self.warm_s)

    @property
    def cached_median_s(self) -> float:
        return statistics.median(self.cached_s)


def missing() -> str | None:
    """Why the browser figure cannot be measured here, or None when it can."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (make chromium installs it)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _proc_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Server:
    """``streamlit run script`` on a free port, stopped on exit."""

    def __init__(self, script: Path, env: dict[str, str]):
        self.port = _free_port()
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script),
             "--server.headless=true", f"--server.port={self.port}",
             "--server.address=127.0.0.1", "--server.fileWatcherType=none",
             "--browser.gatherUsageStats=false"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def wait(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                with urllib.request.urlopen(self.url + "_stcore/health",  # noqa: S310 (http)
                                            timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.log.seek(0)
        raise RuntimeError("streamlit did not start:\n" + self.log.read().decode()[-2000:])

    def rss_mb(self) -> tuple[float, float]:
        return _proc_mb(self.proc.pid, "VmRSS"), _proc_mb(self.proc.pid, "VmHWM")

    def __enter__(self) -> Server:
        self.wait()
        return self

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def _new_context(browser):
    return browser.new_context(viewport={"width": 1280, "height": 900})


def _visit(context, url: str) -> float:
    """Seconds from the navigation's start in a new tab to ``url`` until the first KPI is drawn
    (noted by the page: ``FIRST_KPI_JS``), checked visible by Playwright too."""
    page = context.new_page()
    try:
        page.add_init_script(FIRST_KPI_JS)
        page.goto(url, wait_until="commit")
        noted = page.locator(f"html[{NOTED}]")
        noted.wait_for(state="attached", timeout=KPI_TIMEOUT_MS)
        page.locator(KPI).first.wait_for(state="visible", timeout=KPI_TIMEOUT_MS)
        return float(noted.get_attribute(NOTED)) / 1000
    finally:
        page.close()


def _in_turn(count: int, visit) -> list[list[float]]:
    """``visit(i)`` of the dashboard (0) and the minimal page (1) ``count`` times each, taken
    in turn and in alternating order (a drift of the machine's speed falls on both alike):
    [dashboard's seconds, minimal page's seconds]."""
    times: list[list[float]] = [[], []]
    for k in range(count):
        for i in ((0, 1) if k % 2 == 0 else (1, 0)):
            times[i].append(visit(i))
    return times


def _visits(browser, urls: list[str], count: int) -> list[Visits]:
    """For each url (the dashboard's, the minimal page's): the first visit, ``count`` in new
    contexts, then ``count`` in one kept context each; the two pages' visits in turn."""
    def fresh(i: int) -> float:
        context = _new_context(browser)
        try:
            return _visit(context, urls[i])
        finally:
            context.close()

    cold = [fresh(i) for i in range(len(urls))]
    warm = _in_turn(count, fresh)
    kept = [_new_context(browser) for _ in urls]
    try:
        for context, url in zip(kept, urls, strict=True):
            _visit(context, url)  # fills this context's cache
        cached = _in_turn(count, lambda i: _visit(kept[i], urls[i]))
    finally:
        for context in kept:
            context.close()
    return [Visits(cold[i], warm[i], cached[i], float("nan"), float("nan"))
            for i in range(len(urls))]


def _env(home: str, store_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    env["HOME"] = home
    if store_url:
        env["OUTAGES_DB_URL"] = store_url
    return env


def measure(store_url: str, dataset_id: str, visits: int) -> tuple[Visits, Visits]:
    """(dashboard, minimal page): the first visit, then ``visits`` in new browser contexts
    and ``visits`` in one context that keeps its cache; both servers run throughout and the
    two pages are visited in turn."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as home, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            minimal_script = Path(home) / "minimal.py"
            minimal_script.write_text(MINIMAL_PAGE)
            with Server(ROOT / "app.py", _env(home, store_url)) as dashboard, \
                    Server(minimal_script, _env(home, None)) as minimal:
                servers = (dashboard, minimal)
                results = _visits(browser, [dashboard.url + f"?dataset={dataset_id}",
                                            minimal.url], visits)
                for found, server in zip(results, servers, strict=True):
                    found.server_rss_mb, found.server_peak_mb = server.rss_mb()
        finally:
            browser.close()
    return results[0], results[1]
