"""Drawing the map: drill-down picker, deck, legend as text, time slider with a play control."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from outages import boundaries, maps
from outages.i18n import t
from outages.viewstate import is_live, opening_moment

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
COLOUR_KEY = "map_colour"
PLAYING, POSITION, PLAY_KEY = "_map_playing", "_map_position", "map_play"
TABLE_ROWS = 10


@st.cache_data(show_spinner=False, max_entries=64)
def _areas(url: str, dataset_id: str, service: str) -> list[Area]:
    return mapdata.areas(data.regions(dataset_id, service)["region_id"])


def areas(page: Page, service: str) -> list[Area]:
    return _areas(data.store_url(), page.ds.id, service)


def area_label(area: Area, lang: str) -> str:
    if area.within is not None:
        states = boundaries.centroids("us_state").set_index("region_id")
        column = "name_uk" if lang == "uk" and "name_uk" in states.columns else "name_en"
        names = states[column].fillna(states["name_en"])
        state_name = names.get(area.within, area.within)
        return t("map.area.state_counties", lang, state=state_name)
    return t(f"map.area.{area.level}", lang)


def served_known(page: Page, service: str) -> bool:
    """Whether any region of the service reports customers served (a share can be drawn)."""
    moments = data.moments(page.ds.id, service)
    if moments.empty:
        return False
    frame = data.frame_at(page.ds.id, service, moments[-1])
    return bool(frame["customers_total"].notna().any())


def colour_by(page: Page, service: str) -> str:
    """What the colours measure: the share out when the state asks for it and the data has
    customers served, else customers out."""
    if page.vs.colour == "pct" and served_known(page, service):
        return "pct_out"
    return "customers_out"


def deck(page: Page, service: str, area: Area, at: pd.Timestamp, *, kind: str = "areas",
         basemap: bool = False, height: int = HEIGHT) -> tuple[maps.CompactDeck, pd.DataFrame]:
    """The deck for ``area`` at ``at`` and the figures it draws, on the one colour scale.

    Shared by every session (a dataset id names fixed content): a county map costs most of a
    page's time to build and serialise, and a burst of visitors asks for the same one. Neither
    the deck nor the frame may be changed by the caller."""
    return _deck(data.store_url(), page.ds.id, service, area, at, tuple(page.vs.regions),
                 colour_by(page, service), kind, basemap, page.lang, str(page.tz), height)


@st.cache_resource(show_spinner=False, max_entries=8)
def _deck(url: str, dataset_id: str, service: str, area: Area, at: pd.Timestamp,
          regions: tuple[str, ...], by: str, kind: str, basemap: bool, lang: str, tz: str,
          height: int) -> tuple[maps.CompactDeck, pd.DataFrame]:
    shown = mapdata.prepare(data.frame_at(dataset_id, service, at, regions), area)
    common = {"by": by, "edges": list(maps.SCALE[by]), "basemap": basemap, "lang": lang,
              "tz": tz, "height": height}
    if kind == "areas":
        return maps.choropleth(shown, area.level, regions=area.regions(), **common), shown
    places = boundaries.centroids(area.level)
    wanted = area.regions()
    if wanted is not None:
        places = places.loc[places["region_id"].isin(wanted)]
    return maps.points(shown, places, kind=kind, **common), shown


def legend(page: Page, service: str, at: pd.Timestamp) -> None:
    """The colour scale as text (every class, the same for every dataset), under what the
    colour measures and at which moment."""
    by = colour_by(page, service)
    title = page.t(f"map.legend.{by}", time=page.when(at))
    items = []
    for colour, label in maps.legend(maps.SCALE[by], by, page.lang):
        border = maps.NO_DATA_LINE if colour == maps.NO_DATA_COLOUR else maps.LINE_COLOUR
        swatch = (f'<span style="display:inline-block;width:0.9em;height:0.9em;'
                  f'background:{colour};border:1px solid {border};vertical-align:middle;'
                  f'margin-right:0.35em"></span>')
        items.append(f"<span>{swatch}{html.escape(label)}</span>")
    st.html(f'<div style="font-size:0.875rem" data-testid="map-legend">'
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


def opening(page: Page, service: str) -> tuple[pd.Timestamp | None, str]:
    """(the moment a map shows when the address names none, "peak" or "latest"): the peak of
    the service in the selection for a historical dataset, the latest figures of a live one."""
    found = [s for s in data.summary(page.ds.id, page.window_for(service)) if s.service == service]
    peak = found[0].peak_time if found else None
    latest = found[0].latest_time if found else None
    return opening_moment(peak, latest, is_live(page.ds.end, page.ds.metadata))


def shown_moment(page: Page, service: str, stops: pd.DatetimeIndex) -> tuple[pd.Timestamp, str]:
    """The stop the map shows and why: "chosen" (the address's ``at``), "peak" or "latest"."""
    if page.vs.at is not None:
        return mapdata.nearest_stop(stops, page.vs.at), "chosen"
    at, which = opening(page, service)
    return mapdata.nearest_stop(stops, at), which


def moment_note(page: Page, at: pd.Timestamp, which: str) -> None:
    """Says which moment the map opened on when the address named none."""
    if which != "chosen":
        st.caption(page.t(f"map.opened_{which}", time=page.when(at)))


def current_area(page: Page, found: list[Area]) -> Area:
    """The state's area when the dataset offers it, else the default one."""
    by_key = {a.key: a for a in found}
    return by_key.get(page.vs.area or "", mapdata.default_area(found))


def small_map(page: Page) -> None:
    """The Overview's map: the state's (or the default) area at its moment: the address's,
    else the peak of a historical dataset or the latest figures of a live one."""
    service = page.service
    found = areas(page, service)
    moments = moments_shown(page, service)
    if not found or moments.empty:
        st.subheader(page.t("overview.map_title"))
        if not found:
            no_level(page, service)
        else:
            nothing_here(page)
        return
    area = current_area(page, found)
    at, which = shown_moment(page, service, mapdata.slider_stops(moments, page.vs.at))
    st.subheader(page.t("overview.map_title_peak" if which == "peak" else "overview.map_title"))
    moment_note(page, at, which)
    shown_deck, _ = deck(page, service, area, at, kind=page.vs.draw or KINDS[0],
                         height=SMALL_HEIGHT)
    st.pydeck_chart(shown_deck, height=SMALL_HEIGHT, key="overview_map")
    legend(page, service, at)


# --- the Map page's controls ------------------------------------------------------------------


def controls(page: Page, found: list[Area], service: str) -> tuple[Area, str, bool]:
    """Area, drawing kind and colour (kept in the address, so a shared link keeps them) and the
    base map switch (kept for the session: it needs the internet)."""
    vs = page.vs
    by_key = {a.key: a for a in found}
    default = mapdata.default_area(found)
    area = current_area(page, found)
    state.show(AREA_KEY, area.key)
    left, middle, right = st.columns([3, 3, 2], vertical_alignment="bottom")
    left.selectbox(page.t("map.area"), list(by_key), key=AREA_KEY,
                   format_func=lambda k: area_label(by_key[k], page.lang),
                   on_change=state.changer(AREA_KEY, "area",
                                           lambda k: None if k == default.key else k))
    kind = vs.draw or KINDS[0]
    state.show(KIND_KEY, kind)
    middle.segmented_control(page.t("map.draw_as"), KINDS, key=KIND_KEY, required=True,
                             format_func=lambda k: page.t(KIND_LABELS[k]),
                             on_change=state.changer(KIND_KEY, "draw", _draw_value))
    basemap = right.toggle(page.t("map.basemap"), key=BASEMAP_KEY,
                           help=page.t("map.basemap_help"))
    if served_known(page, service):
        state.show(COLOUR_KEY, colour_by(page, service))
        st.segmented_control(page.t("map.colour_by"), maps.BY, key=COLOUR_KEY, required=True,
                             format_func=lambda b: page.t(f"map.colour.{b}"),
                             on_change=state.changer(COLOUR_KEY, "colour", _colour_value))
    return area, kind, bool(basemap)


def _draw_value(kind: object) -> str | None:
    return None if kind in (None, KINDS[0]) else str(kind)


def _colour_value(by: object) -> str | None:
    return "pct" if by == "pct_out" else None


def _toggle_play(stops: pd.DatetimeIndex, shown: pd.Timestamp) -> None:
    playing = not st.session_state.get(PLAYING, False)
    st.session_state[PLAYING] = playing
    if playing:  # from the stop after the one shown; from the start when at the end
        position = int(stops.get_loc(shown)) + 1
        st.session_state[POSITION] = 0 if position >= len(stops) else position


def _step(moments: pd.DatetimeIndex, shown: pd.Timestamp, by: int,
          default: pd.Timestamp) -> None:
    """Show the observation time ``by`` steps from ``shown`` (every one is reachable)."""
    position = min(max(int(moments.searchsorted(shown)) + by, 0), len(moments) - 1)
    st.session_state[PLAYING] = False
    chosen = moments[position]
    state.write(state.saved().with_(at=None if chosen == default else chosen))


def player(page: Page, service: str, area: Area, kind: str, basemap: bool) -> None:
    """The time slider, the play control and the map, redrawn together.

    With no moment in the address the map shows the opening one (the peak of a historical
    dataset, the latest of a live one) and says so. While playing, they are a fragment that
    reruns every PLAY_SECONDS, shows the next stop and writes it to the address; after the last
    stop the whole page reruns. When the slider's stops are thinned, buttons step through every
    observation time.
    """
    moments = moments_shown(page, service)
    if moments.empty:
        nothing_here(page)
        return
    opened, _ = opening(page, service)
    stops = mapdata.slider_stops(moments, page.vs.at or opened)
    default = mapdata.nearest_stop(stops, opened)
    first_shown, _ = shown_moment(page, service, stops)
    playing = bool(st.session_state.get(PLAYING, False)) and len(stops) > 1
    row = st.container(horizontal=True, gap="small")
    row.button(page.t("map.pause" if playing else "map.play"), key=PLAY_KEY,
               icon=":material/pause:" if playing else ":material/play_arrow:",
               on_click=_toggle_play, args=(stops, first_shown), disabled=len(stops) < 2)
    if len(stops) < len(moments):
        for by, label, icon in ((-1, "map.previous", "chevron_left"),
                                (1, "map.next", "chevron_right")):
            row.button(page.t(label), key=f"map_step_{by}", icon=f":material/{icon}:",
                       on_click=_step, args=(moments, first_shown, by, default),
                       disabled=playing)

    def moved() -> None:
        st.session_state[PLAYING] = False
        chosen = st.session_state[AT_KEY]
        state.write(state.saved().with_(at=None if chosen == default else chosen))

    def body() -> None:
        if playing and not st.session_state.get(PLAYING, False):
            st.rerun()  # stopped since the page was drawn: redraw it without the timer
        if playing:
            position = min(int(st.session_state.get(POSITION, 0)), len(stops) - 1)
            at = stops[position]
            state.write(state.saved().with_(at=None if at == default else at))
            st.session_state[POSITION] = position + 1
            if position == len(stops) - 1:  # the next tick redraws the page without the timer
                st.session_state[PLAYING] = False
        saved = state.saved().at
        shown_at = mapdata.nearest_stop(stops, default if saved is None else saved)
        if saved is None:
            moment_note(page, shown_at, opening(page, service)[1])
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
        legend(page, service, shown_at)
        unmapped_note(page, service, area)
        st.subheader(page.t("map.table_title"))
        region_table(page, shown, area.level)

    if playing:  # only then a fragment: a moved slider must redraw the Share link too
        st.fragment(body, run_every=PLAY_SECONDS)()
    else:
        body()
