"""A screenshot of a dashboard page, for the README: ``python -m tests.browser.screenshot``
(``make screenshot``) writes docs/overview.png, the Overview of the bundled Kyiv figures in the
light theme, 1280 px wide and as tall as the page.

The same server and browser as the browser tests (a fresh temporary store with the bundled
samples). Options give other pages, widths and themes, for looking at a phone-width layout:
``python -m tests.browser.screenshot --page map --width 390 --out /tmp/map-phone.png``;
every page in both languages: ``python -m tests.browser.screenshot --all docs/screenshots``.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from . import CHART, METRIC, ROOT, WAIT_MS, Visit, chromium_missing, launch, start_app

OUT = ROOT / "docs" / "overview.png"
PAGES = ("overview", "map", "regions", "data", "schedules", "upload")
MAX_BYTES = 400_000  # above this the PNG is reduced to a 256-colour palette
START_HEIGHT = 900
MAIN = '[data-testid="stMain"]'


def page_url(base: str, page: str, lang: str = "en") -> str:
    url = f"{base}/" if page == "overview" else f"{base}/{page}"
    return url if lang == "en" else f"{url}?lang={lang}"


def wait_drawn(visit: Visit, page: str) -> None:
    """Wait until what the page draws after its script has finished is there."""
    if page in ("overview", "map"):
        if page == "overview":
            visit.page.locator(METRIC).first.wait_for(timeout=WAIT_MS)
            visit.page.locator(f"{CHART} .scatterlayer path.js-line").first.wait_for(
                timeout=WAIT_MS)
        visit.map_drawn()


def full_height(visit: Visit) -> int:
    """The height that shows the whole page: content scrolls inside stMain, so a full-page
    screenshot would stop at the viewport."""
    return visit.page.locator(MAIN).evaluate("e => Math.ceil(e.scrollHeight)")


def shrink(png: bytes) -> bytes:
    """``png`` as a 256-colour palette PNG when it is larger than MAX_BYTES."""
    if len(png) <= MAX_BYTES:
        return png
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    out = io.BytesIO()
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(out, "PNG", optimize=True)
    return out.getvalue()


def capture(base: str, browser, page: str, width: int, theme: str,
            lang: str = "en") -> tuple[bytes, list[str]]:
    """(PNG of ``page``, the app's console errors and requests that left the machine)."""
    context = browser.new_context(viewport={"width": width, "height": START_HEIGHT},
                                  color_scheme=theme)
    try:
        visit = Visit(context).open(page_url(base, page, lang))
        wait_drawn(visit, page)
        visit.page.set_viewport_size({"width": width, "height": full_height(visit)})
        visit.idle()
        wait_drawn(visit, page)  # a resize redraws the chart and the map
        # the height again: a chart or table may have grown with the wider main block
        visit.page.set_viewport_size({"width": width, "height": full_height(visit)})
        wait_drawn(visit, page)
        png = visit.page.screenshot(full_page=True, animations="disabled", caret="hide")
        problems = visit.app_errors() + [f"request left the machine: {u}"
                                         for u in visit.remote_requests()]
        return png, problems
    finally:
        context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.browser.screenshot",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--page", choices=PAGES, default="overview")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    parser.add_argument("--lang", choices=("en", "uk"), default="en")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--all", type=Path, metavar="FOLDER",
                        help="every page in both languages into FOLDER (PAGE-LANG.png)")
    args = parser.parse_args(argv)
    reason = chromium_missing()
    if reason:
        print(f"no screenshot: {reason}", file=sys.stderr)
        return 1
    shots = ([(page, lang, args.all / f"{page}-{lang}.png") for page in PAGES
              for lang in ("en", "uk")] if args.all else [(args.page, args.lang, args.out)])
    with start_app() as app, launch() as browser:
        for page, lang, out in shots:
            png, problems = capture(app.url, browser, page, args.width, args.theme, lang)
            png = shrink(png)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(png)
            print(f"wrote {out} ({len(png) / 1000:.0f} kB)")
            for problem in problems:
                print(f"warning: {page} ({lang}): {problem}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
