"""What every page does first: read the view state, check it against the store, draw the header.

``begin(name)`` returns a :class:`Page` with the resolved state, the dataset and its zone, after
drawing the title, the labels the figures need (the regions picked, the illustrative-data label,
the notices) and the controls: the dataset and service pickers, the time window and the
language switch (sidebar), the Share control (beside the title) and the live status. With no
dataset in the store it explains that and stops the script.

``begin_staged(name)`` draws the same but leaves the controls to the callable it returns: the
Overview draws its cards first, so that a first visit's browser paints them before it lays out
the pickers (see ``kpi.let_paint``). The controls sit in the sidebar and in the title's row, so
drawing them later moves nothing on the page.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from outages import bundled, fmt, metrics, skips
from outages.i18n import LANG_NAMES, LANGS, t
from outages.store import DatasetInfo
from outages.viewstate import ViewState, share_url

from . import data, live, nav, state
from .pagetype import Page
from .text import examples, localized, md, service_label, short, zone_name
from .window import window_slider

ALL = "__all__"  # the service picker's "all services" option


def begin(name: str) -> Page:
    """Resolve the view state for page ``name``, draw the common parts and return the page."""
    page, controls = begin_staged(name)
    controls()
    return page


def begin_staged(name: str) -> tuple[Page, Callable[[], None]]:
    """Like ``begin``, but the controls are drawn when the page calls the function returned."""
    nav.use_navigation()
    catalog = data.datasets()
    vs, notices = state.read(name, lambda dataset: _zone_of(dataset, catalog))
    if vs.page != name:
        if vs.page not in nav.available():
            notices.append(t("notice.page_missing", vs.lang, page=vs.page))
        vs = vs.with_(page=name)
    if not catalog:
        state.write(vs)
        _language(vs.lang)
        _notices(notices)
        st.title(t(f"page.{name}", vs.lang))
        st.info(f"**{t('empty.no_dataset', vs.lang)}**. {md(t('empty.no_dataset_help', vs.lang))}")
        st.stop()
    vs, ds, newer = _resolve(vs, catalog, notices, pinned=_pinned(vs))
    tz, _ = zone_name(ds.metadata)
    page = Page(name, vs, ds, tz)
    state.write(vs)

    with st.container(horizontal=True, vertical_alignment="center"):
        st.title(page.t(f"page.{name}"), width="stretch")
        share = st.popover(page.t("share.button"), icon=":material/share:", width="content")
    # whose figures these are: the sidebar's picker cuts a long name short
    st.caption(md(localized(ds.name, vs.lang)))
    _selected_regions(page)
    _illustrative(page)
    _notices(notices)
    if newer:
        link = share_url(_base_url(), ViewState(dataset=newer, page=name, lang=vs.lang))
        st.warning(f"{page.t('notice.newer_version')} [{page.t('notice.open_newer')}]({link})",
                   icon=":material/update:")

    def controls() -> None:
        _share(page, share)
        _pickers(page, catalog)
        _language(vs.lang)
        live.watch(page, newer or ds.id)
    return page, controls


def begin_plain(name: str) -> ViewState:
    """The common parts for a page that needs no dataset (Upload): the state read from the
    address and written back, the language switch, the title and the notices."""
    nav.use_navigation()
    vs, notices = state.read(name)
    vs = vs.with_(page=name)
    _language(vs.lang)
    state.write(vs)
    st.title(t(f"page.{name}", vs.lang))
    _notices(notices)
    return vs


# --- resolving the state against the store ---------------------------------------------------


def _pinned(vs: ViewState) -> bool:
    """Whether the state's dataset is the version named by the link that opened this session.

    A shared link shows what it showed, even after a newer version is published; a person who
    picked a dataset (or opened the default) follows it to its newest version on the next run.
    """
    if "_link_dataset" not in st.session_state:
        st.session_state["_link_dataset"] = vs.dataset
    return vs.dataset is not None and vs.dataset == st.session_state["_link_dataset"]


def _resolve(vs: ViewState, catalog: list[DatasetInfo], notices: list[str], *,
             pinned: bool = True) -> tuple[ViewState, DatasetInfo, str | None]:
    """The state with a dataset that exists and values that fit it; the newest version's id
    when the state names an older one (not pinned: the newest version itself)."""
    ds = default_dataset(catalog)
    if vs.dataset is not None:
        found = next((d for d in catalog if d.id == vs.dataset), None) or data.info(vs.dataset)
        if found is None:
            notices.append(t("notice.unknown_dataset", vs.lang, dataset=vs.dataset))
            vs = ViewState(page=vs.page, lang=vs.lang)
        else:
            ds = found
    if ds.superseded_by and not pinned:
        ds = data.info(data.latest_version(ds.id)) or ds
    vs = vs.with_(dataset=ds.id)
    newer = data.latest_version(ds.id) if ds.superseded_by else None

    if vs.service is not None and vs.service not in ds.services:
        notices.append(t("notice.service_missing", vs.lang, service=vs.service))
        vs = vs.with_(service=None)
    if vs.regions:
        known = set(data.regions(ds.id)["region_id"])
        missing = [r for r in vs.regions if r not in known]
        if missing:
            notices.append(t("notice.regions_missing", vs.lang, count=len(missing),
                             examples=examples(missing)))
            vs = vs.with_(regions=tuple(r for r in vs.regions if r in known))
    if ds.start is not None and _outside(vs, ds):  # no row at all: not a view of the data
        notices.append(_window_notice(vs, ds))
        vs = vs.with_(start=None, end=None)
    if vs.at is not None and ds.start is not None and not ds.start <= vs.at <= ds.end:
        notices.append(t("notice.at_outside", vs.lang, value=fmt.when(vs.at, "UTC", vs.lang)))
        vs = vs.with_(at=None)
    return vs, ds, newer


def _outside(vs: ViewState, ds: DatasetInfo) -> bool:
    """Whether the state's time window holds none of the dataset's time range (it would show
    the figures carried past its last row, stamped at a time nothing was observed)."""
    return metrics.outside(vs.start, vs.end, ds.start, ds.end)


def _window_notice(vs: ViewState, ds: DatasetInfo) -> str:
    tz = zone_name(ds.metadata)[0]

    def when(ts) -> str:
        return "…" if ts is None else fmt.when(ts, tz, vs.lang)
    return t("notice.window_outside", vs.lang, window=f"{when(vs.start)} – {when(vs.end)}",
             first=when(ds.start), last=when(ds.end))


def _zone_of(dataset: str | None, catalog: list[DatasetInfo]) -> str:
    """The zone of the dataset an address names (the default one when it names none or an
    unknown one): a date-only start or end is a day there."""
    if not catalog:
        return "UTC"
    found = next((d for d in catalog if d.id == dataset), None)
    if found is None and dataset is not None:
        found = data.info(dataset)
    return zone_name((found or default_dataset(catalog)).metadata)[0]


def default_dataset(catalog: list[DatasetInfo]) -> DatasetInfo:
    """The dataset a page shows when the address names none: the newest one a person loaded;
    with only the bundled samples, the first sample (the Kyiv figures)."""
    loaded = [d for d in catalog if not d.metadata.get("bundled")]
    if loaded:
        return loaded[0]
    order = [s.key for s in bundled.SAMPLE_LIST]
    return min(catalog, key=lambda d: _position(order, d.metadata.get("bundled")))


def _position(order: list[str], key: object) -> int:
    return order.index(key) if key in order else len(order)


def _base_url() -> str:
    """The address the visitor used, without its query string ("" when unknown, as in tests)."""
    url = st.context.url or ""
    return url + "/" if url and not urlsplit(url).path else url


def share_link(vs: ViewState) -> str:
    return share_url(_base_url(), vs)


def app_link(vs: ViewState, here: str) -> str:
    """A link to ``vs`` through the app's root, from the page ``here`` (its path is dropped):
    the root opens the page ``vs.page`` names, Overview by default."""
    url = _base_url()
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if here != nav.DEFAULT and path.endswith("/" + here):
        path = path[:-len(here)]
    root = parts._replace(path=path if path.endswith("/") else path + "/").geturl() if url else ""
    return share_url(root, vs)


# --- the common parts of the page ------------------------------------------------------------


def _language(lang: str) -> None:
    state.show("lang", lang)
    st.sidebar.selectbox(t("lang.label", lang), LANGS, format_func=LANG_NAMES.__getitem__,
                         key="lang", on_change=state.changer("lang", "lang"))


def _pickers(page: Page, catalog: list[DatasetInfo]) -> None:
    """The dataset and service pickers and the time window, in the sidebar."""
    vs, lang = page.vs, page.lang
    options = {d.id: short(localized(d.name, lang)) for d in catalog}
    if page.ds.id not in options:  # an older version named by a link
        name = short(localized(page.ds.name, lang))
        options = {page.ds.id: t("picker.superseded", lang, name=name), **options}
    services = {ALL: t("service.all", lang)} if len(page.services) > 1 else {}
    services |= {s: service_label(s, lang) for s in page.services}

    with st.sidebar:
        state.show("dataset", page.ds.id)
        st.selectbox(t("picker.dataset", lang), list(options), format_func=options.__getitem__,
                     key="dataset",
                     on_change=state.changer("dataset", "dataset",
                                             reset=("service", "regions", "start", "end", "at",
                                                    "area", "colour")))
        state.show("service", vs.service or (ALL if len(page.services) > 1 else page.services[0]))
        st.selectbox(t("picker.service", lang), list(services),
                     format_func=services.__getitem__, key="service",
                     on_change=state.changer("service", "service", _service_value),
                     disabled=len(services) < 2)
        window_slider(page)


def _share(page: Page, share: DeltaGenerator) -> None:
    """The Share control's content (``share``, its popover): the address of the view shown.
    Made with the other controls: the popover's button is drawn before the cards, and what it
    holds is not seen until it is opened."""
    with share:
        st.caption(page.t("share.help"))
        st.code(share_link(page.vs), language=None, wrap_lines=True)


def _service_value(value: object) -> str | None:
    return None if value == ALL else str(value)


def _selected_regions(page: Page) -> None:
    """Which regions the figures are limited to, when the state picks some."""
    if page.vs.regions:
        known = data.regions(page.ds.id).set_index("region_id")["region_name"]
        shown = [str(known.get(r, r)) for r in page.vs.regions]
        st.caption(md(page.t("overview.regions_selected", names=examples(shown))))


def _illustrative(page: Page) -> None:
    text = page.ds.metadata.get("illustrative")
    if text:
        label = page.t("illustrative.label")
        st.info(f"**{label}**: {md(localized(text, page.lang))}", icon=":material/info:")


def _notices(notices: list[str]) -> None:
    if notices:
        st.warning("\n".join(f"- {md(n)}" for n in notices), icon=":material/link_off:")


def caveats(page: Page) -> None:
    """The dataset's caveats as a list (or a line saying the source gives none)."""
    items = page.ds.metadata.get("caveats") or []
    if isinstance(items, str):
        items = [items]
    st.subheader(page.t("caveats.title"))
    if items:
        skipped = page.ds.metadata.get("skipped")
        shown = [localized(skips.caveat_in(c, skipped, page.lang), page.lang) for c in items]
        st.markdown("\n".join(f"- {md(c)}" for c in shown))
    else:
        st.caption(page.t("caveats.none"))


def time_range(page: Page, start: pd.Timestamp | None, end: pd.Timestamp | None) -> str:
    return f"{page.when(start)} – {page.when(end)}"


def about(page: Page) -> None:
    """Description, source, licence, id and time zone of the page's dataset."""
    ds = page.ds
    lines = [
        (page.t("data.description"), ds.description or ds.metadata.get("description")),
        (page.t("source.label"), ds.source or ds.metadata.get("source")),
        (page.t("licence.label"), ds.licence or ds.metadata.get("licence")),
        (page.t("data.id"), ds.id),
        (page.t("col.time_range"), time_range(page, ds.start, ds.end)),
    ]
    if ds.metadata.get("source_times"):  # how the source wrote its times (e.g. local per state)
        lines.append((page.t("dataset.source_times"), short(ds.metadata["source_times"], 300)))
    st.markdown("\n".join(f"- **{label}**: {md(localized(value, page.lang))}"
                           for label, value in lines if value))
    st.caption(page.t("dataset.zone", zone=page.tz))
