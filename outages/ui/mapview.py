"""Drawing the map: drill-down picker, deck, legend as text, time slider with a play control."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from outages import boundaries, maps
from outages.i18n import t
from outages.metrics import Window

from . import data, mapdata, state, tables
from .mapdata import Area
from .pagetype import Page
from .text import examples, md

HEIGHT = 520
SMALL_HEIGHT = 320
PLAY_SECONDS = 1.0
KINDS = ("areas", "circle", "column")
KIND_LABELS = {"areas": "map.draw.areas", "circle": "map.draw.circles",
               "column": "map.draw.columns"}
AREA_KEY, KIND_KEY, BASEMAP_KEY, AT_KEY = "map_area", "map_kind", "map_basemap", "map_at"
PLAYING, POSITION, PLAY_KEY = "_map_playing", "_map_position", "map_play"
TABLE_ROWS = 10


@st.cache_data(show_spinner=False, max_entries=64)
def _areas(url: str, dataset_id: str, service: str) -> list[Area]:
    return mapdata.areas(data.regions(dataset_id, service)["region_id"])


def areas(page: Page, service: str) -> list[Area]:
    return _areas(data.store_url(), page.ds.id, service)


def area_label(area: Area, lang: str) -> str:
    if area.within is not None:
        names = boundaries.centroids("us_state").set_index("region_id")["name_en"]
        state_name = names.get(area.within, area.within)
        return t("map.area.state_counties", lang, state=state_name)
    return t(f"map.area.{area.level}", lang)


@st.cache_data(show_spinner=False, max_entries=128)
def _classes(url: str, dataset_id: str, service: str, regions: tuple[str, ...],
             area: Area) -> tuple[str, list[float]]:
    """(colour by, class edges) from the figures at the service's peak, so that colours mean
    the same at every moment of the slider."""
    window = Window(service=service, regions=regions)
    peaks = [s.peak_time for s in data.summary(dataset_id, window) if s.peak_time is not None]
    if not peaks:
        return "customers_out", []
    shown = mapdata.prepare(data.frame_at(dataset_id, service, peaks[0], regions), area)
    by = maps.colour_by(shown)
    return by, maps.class_edges(shown[by].astype("Float64").dropna(), by)


def classes(page: Page, service: str, area: Area) -> tuple[str, list[float]]:
    return _classes(data.store_url(), page.ds.id, service, page.vs.regions, area)


def deck(page: Page, service: str, area: Area, at: pd.Timestamp, *, kind: str = "areas",
         basemap: bool = False, height: int = HEIGHT) -> tuple[maps.CompactDeck, pd.DataFrame]:
    """The deck for ``area`` at ``at`` and the figures it draws."""
    shown = mapdata.prepare(data.frame_at(page.ds.id, service, at, page.vs.regions), area)
    by, edges = classes(page, service, area)
    common = {"by": by, "edges": edges, "basemap": basemap, "lang": page.lang, "tz": page.tz,
              "height": height}
    if kind == "areas":
        return maps.choropleth(shown, area.level, regions=area.regions(), **common), shown
    places = boundaries.centroids(area.level)
    wanted = area.regions()
    if wanted is not None:
        places = places.loc[places["region_id"].isin(wanted)]
    return maps.points(shown, places, kind=kind, **common), shown


def legend(page: Page, service: str, area: Area, at: pd.Timestamp,
           shown: pd.DataFrame) -> None:
    """The colour classes as text, under what the colour measures and at which moment; the
    classes' open ends read as the range of the figures ``shown``."""
    by, edges = classes(page, service, area)
    title = page.t(f"map.legend.{by}", time=page.when(at))
    items = []
    for colour, label in maps.legend(edges, by, page.lang, shown[by]):
        border = maps.NO_DATA_LINE if colour == maps.NO_DATA_COLOUR else maps.LINE_COLOUR
        swatch = (f'<span style="display:inline-block;width:0.9em;height:0.9em;'
                  f'background:{colour};border:1px solid {border};vertical-align:middle;'
                  f'margin-right:0.35em"></span>')
        items.append(f"<span>{swatch}{html.escape(label)}</span>")
    st.html(f'<div style="font-size:0.875rem">'
            f'<div style="font-weight:600">{html.escape(title)}</div>'
            f'<div style="display:flex;flex-wrap:wrap;gap:0.2rem 1rem">{"".join(items)}</div>'
            f"</div>")


def region_table(page: Page, shown: pd.DataFrame, level: str) -> None:
    """The figures behind the map, worst first (a canvas cannot be read aloud)."""
    worst = shown.sort_values("customers_out", ascending=False, kind="stable")
    names = _names(page, worst, level)
    tables.show(page, worst.assign(region_name=names), {
        "region_name": (page.t("col.region"), tables.TEXT),
        "customers_out": (page.t("col.customers_out"), tables.NUMBER),
        "pct_out": (page.t("col.pct_out"), tables.PERCENT),
        "observed_at": (page.t("col.observed_at"), tables.TIME),
    }, key="map_table", height=min(36 * (min(len(worst), TABLE_ROWS) + 1) + 3, 400))


def _names(page: Page, frame: pd.DataFrame, level: str) -> pd.Series:
    """Region names in the page's language where the bundled boundaries have them."""
    column = "name_uk" if page.lang == "uk" else "name_en"
    bundled = boundaries.centroids(level).set_index("region_id")[column].dropna()
    found = frame["region_id"].astype(str).map(bundled).astype("string")
    return found.fillna(frame["region_name"].astype("string")).fillna(frame["region_id"])


def unmapped_note(page: Page, service: str, area: Area) -> None:
    missing = mapdata.unplaced(data.regions(page.ds.id, service)["region_id"], area)
    if missing:
        st.caption(md(page.t("map.unmapped", count=len(missing), examples=examples(missing))))


def no_level(page: Page, service: str) -> None:
    ids = list(data.regions(page.ds.id, service)["region_id"])
    st.info(md(page.t("map.no_level", examples=examples(ids))), icon=":material/wrong_location:")


def nothing_here(page: Page) -> None:
    st.info(f"**{page.t('empty.no_data_in_window')}**. "
            f"{md(page.t('empty.no_data_in_window_help'))}")


def moments_shown(page: Page, service: str) -> pd.DatetimeIndex:
    """The observation times of the selected regions inside the time window."""
    every = data.moments(page.ds.id, service, page.vs.regions)
    return mapdata.window_moments(every, page.vs.start, page.vs.end)


def small_map(page: Page) -> None:
    """The Overview's map: the top drill-down level at the latest moment in the window."""
    service = page.service
    found = areas(page, service)
    if not found:
        no_level(page, service)
        return
    moments = moments_shown(page, service)
    if moments.empty:
        nothing_here(page)
        return
    at = moments[-1]
    shown_deck, shown = deck(page, service, found[0], at, height=SMALL_HEIGHT)
    st.pydeck_chart(shown_deck, height=SMALL_HEIGHT, key="overview_map")
    legend(page, service, found[0], at, shown)


# --- the Map page's controls ------------------------------------------------------------------


def controls(page: Page, found: list[Area]) -> tuple[Area, str, bool]:
    """Area, drawing kind and base map pickers (kept for the session, not in the address)."""
    by_key = {a.key: a for a in found}
    if st.session_state.get(AREA_KEY) not in by_key:
        st.session_state[AREA_KEY] = found[0].key
    left, middle, right = st.columns([3, 3, 2], vertical_alignment="bottom")
    key = left.selectbox(page.t("map.area"), list(by_key), key=AREA_KEY,
                         format_func=lambda k: area_label(by_key[k], page.lang))
    if st.session_state.get(KIND_KEY) not in KINDS:
        st.session_state[KIND_KEY] = KINDS[0]
    kind = middle.segmented_control(page.t("map.draw_as"), KINDS, key=KIND_KEY, required=True,
                                    format_func=lambda k: page.t(KIND_LABELS[k]))
    basemap = right.toggle(page.t("map.basemap"), key=BASEMAP_KEY,
                           help=page.t("map.basemap_help"))
    return by_key[key], kind or KINDS[0], bool(basemap)


def _toggle_play(stops: pd.DatetimeIndex) -> None:
    playing = not st.session_state.get(PLAYING, False)
    st.session_state[PLAYING] = playing
    if playing:  # from the stop after the one shown; from the start when at the end
        shown = mapdata.nearest_stop(stops, state.saved().at)
        position = int(stops.get_loc(shown)) + 1
        st.session_state[POSITION] = 0 if position >= len(stops) else position


def player(page: Page, service: str, area: Area, kind: str, basemap: bool) -> None:
    """The time slider, the play control and the map, redrawn together.

    While playing, they are a fragment that reruns every PLAY_SECONDS, shows the next stop and
    writes it to the address; after the last stop the whole page reruns.
    """
    moments = moments_shown(page, service)
    if moments.empty:
        nothing_here(page)
        return
    stops = mapdata.slider_stops(moments, page.vs.at)
    playing = bool(st.session_state.get(PLAYING, False)) and len(stops) > 1
    st.button(page.t("map.pause" if playing else "map.play"), key=PLAY_KEY,
              icon=":material/pause:" if playing else ":material/play_arrow:",
              on_click=_toggle_play, args=(stops,), disabled=len(stops) < 2)

    def moved() -> None:
        st.session_state[PLAYING] = False
        chosen = st.session_state[AT_KEY]
        state.write(state.saved().with_(at=None if chosen == stops[-1] else chosen))

    def body() -> None:
        if playing and not st.session_state.get(PLAYING, False):
            st.rerun()  # stopped since the page was drawn: redraw it without the timer
        if playing:
            position = min(int(st.session_state.get(POSITION, 0)), len(stops) - 1)
            last = position == len(stops) - 1
            state.write(state.saved().with_(at=None if last else stops[position]))
            st.session_state[POSITION] = position + 1
            if last:  # the next tick redraws the page without the timer
                st.session_state[PLAYING] = False
        shown_at = mapdata.nearest_stop(stops, state.saved().at)
        state.show(AT_KEY, shown_at)
        if len(stops) > 1:
            st.select_slider(page.t("map.moment", zone=page.tz), options=list(stops),
                             format_func=page.when, key=AT_KEY, on_change=moved)
        else:
            st.caption(page.when(shown_at))
        if len(stops) < len(moments):
            st.caption(page.t("map.moments_thinned", shown=page.number(len(stops)),
                              total=page.number(len(moments))))
        shown_deck, shown = deck(page, service, area, shown_at, kind=kind, basemap=basemap)
        st.pydeck_chart(shown_deck, height=HEIGHT, key="map_deck")
        legend(page, service, area, shown_at, shown)
        unmapped_note(page, service, area)
        st.subheader(page.t("map.table_title"))
        region_table(page, shown, area.level)

    if playing:  # only then a fragment: a moved slider must redraw the Share link too
        st.fragment(body, run_every=PLAY_SECONDS)()
    else:
        body()
