"""Key figure cards (st.metric) for a service summary; they wrap on narrow screens."""

from __future__ import annotations

import time
from dataclasses import dataclass

import streamlit as st

from outages import fmt
from outages.i18n import t
from outages.metrics import ServiceSummary

from .pagetype import Page

# A session's first run pauses this long after the first row of cards, before the rest of the
# page (the other cards, the controls, the chart and the map) is made and sent, so the browser
# draws those cards first. Without it their messages arrive together and the browser lays out
# every element (the map's 1.8 MB of county shapes included) before it paints anything: the
# first KPI came at 1.5 x a minimal page (bench, 2-core machine). 0.3 s did not let the cards
# paint first (1.4-1.5 x); 0.5 s did. Only the navigation, the title, the Share button and the
# labels the figures need (page.begin_staged) come before the first row: with the pickers,
# the sidebar's widgets and all eight cards ahead of the pause it was still 1.49 x with the
# browser's cache kept; with four cards and those drawn after it, 1.20 x (1.02 x in a new
# browser context); with the Share popover's content after it too, 1.15 x (0.99 x). The rest
# of a first visit comes that much later; a changed view does not wait.
FIRST_PAINT_S = 0.5
CARD_WIDTH = "stretch"  # cards share each row and wrap: several a row on a laptop, one on a phone
ROW = 4  # cards a row on a wide screen


def _split_time(text: str) -> tuple[str, str | None]:
    """"10 Oct 2025, 15:00 EEST" as ("15:00 EEST", "10 Oct 2025"): a card is too narrow for
    the whole."""
    day, comma, clock = text.rpartition(", ")
    return (clock, day) if comma else (text, None)


@dataclass(frozen=True)
class Shown:
    """Language and zone of cards drawn without a stored dataset (the upload preview): what
    ``cards`` takes of a Page."""

    lang: str
    tz: str

    def t(self, key: str, /, **values: object) -> str:
        return t(key, self.lang, **values)

    def when(self, ts: object) -> str:
        return fmt.when(ts, self.tz, self.lang)


def headline(page: Page | Shown, s: ServiceSummary) -> list[tuple[str, ...]]:
    """The four cards the upload preview shows: the Overview's latest, peak and restored cards,
    and customers cut off."""
    every = cards(page, s)
    cut_off = (page.t("kpi.cut_off"), fmt.number(s.customers_cut_off, page.lang),
               page.t("kpi.since_first"))
    return [every[0], every[1], cut_off, every[2]]


def cards(page: Page | Shown, s: ServiceSummary) -> list[tuple[str, ...]]:
    """(label, value, note[, help]) for each card, values formatted for the page's language."""
    lang = page.lang
    # a time's note is the time alone ("10 Oct 2025, 06:00 EEST"): with "о " before it, four
    # Ukrainian cards were 13 px too wide for a row on a 1280 px screen, and the fourth took a
    # row of its own
    at_peak = page.when(s.peak_time) if s.peak_time is not None else None
    latest = page.when(s.latest_time) if s.latest_time is not None else None
    share = (page.t("kpi.of_served", pct=fmt.percent(s.pct_out_latest, lang))
             if s.pct_out_latest is not None else latest)
    source = "reported" if s.restored_source == "reported" else "derived"

    def hours_to(value: float | None) -> tuple[str, str]:
        if value is None:
            return fmt.none_text(lang), page.t("kpi.not_reached")
        return fmt.hours(value, lang), page.t("kpi.after_peak")

    h50, n50 = hours_to(s.hours_to_50pct_restored)
    h90, n90 = hours_to(s.hours_to_90pct_restored)
    return [
        (page.t("kpi.customers_out_latest"), fmt.number(s.latest_customers_out, lang), share),
        (page.t("kpi.peak"), fmt.number(s.peak_customers_out, lang), at_peak),
        (page.t("kpi.restored"), fmt.number(s.customers_restored, lang),
         page.t("kpi.of_cut_off", count=fmt.number(s.customers_cut_off, lang))),
        (page.t("kpi.restored_pct"), fmt.percent(s.restored_pct, lang),
         page.t(f"kpi.restored_{source}_short"), page.t(f"kpi.restored_{source}")),
        (page.t("kpi.hours_to_50"), h50, n50),
        (page.t("kpi.hours_to_90"), h90, n90),
        (page.t("kpi.customer_hours"), fmt.number(s.customer_hours, lang),
         page.t("kpi.since_first")),
        (page.t("kpi.last_updated"), *_split_time(page.when(s.latest_time))),
    ]


def let_paint() -> None:
    """On a session's first run in a browser, wait ``FIRST_PAINT_S`` for the cards sent so far
    to be drawn; later runs (a changed view) and runs without a browser (AppTest) go on."""
    if st.session_state.get("_cards_painted") or not st.context.headers:
        return
    st.session_state["_cards_painted"] = True
    time.sleep(FIRST_PAINT_S)


def show(page: Page | Shown, s: ServiceSummary,
         chosen: list[tuple[str, ...]] | None = None, *, paint_first: bool = False) -> None:
    """The cards of one service (``chosen``, default every card), ``ROW`` to a row; each row
    wraps on a narrow screen. With ``paint_first``, a session's first run gives the browser time
    to paint the first row before the rest is made (``let_paint``)."""
    shown = chosen or cards(page, s)
    for start in range(0, len(shown), ROW):
        with st.container(horizontal=True, gap="small"):
            for label, value, note, *more in shown[start:start + ROW]:
                st.metric(label, value, delta=note, delta_color="off", delta_arrow="off",
                          border=True, width=CARD_WIDTH, help=more[0] if more else None)
        if paint_first:
            let_paint()
