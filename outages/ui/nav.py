"""The page list for ``st.navigation``: every page of ``viewstate.PAGES`` whose script exists.

A page joins the navigation when its script is added to pages/ under its name; the order is
that of ``viewstate.PAGES``.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from outages.i18n import lang_or_default, t
from outages.viewstate import PAGES

from . import state

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = "overview"
ICONS = {
    "overview": ":material/monitoring:",
    "map": ":material/map:",
    "regions": ":material/table_chart:",
    "data": ":material/dataset:",
    "schedules": ":material/event_busy:",
    "upload": ":material/upload_file:",
}


def use_navigation() -> None:
    """Make sure the app runs through ``st.navigation`` (app.py), not as loose pages/ scripts.

    Streamlit treats a pages/ folder as old-style pages until some run calls st.navigation: when
    the first request after a start opens /map directly, it runs pages/map.py on its own and the
    sidebar lists raw file names. A page that finds itself run that way switches Streamlit to
    st.navigation and reruns, which goes through app.py.
    """
    from streamlit.runtime.pages_manager import PagesManager

    # once a session: the flag is Streamlit's, shared by the process (AppTest resets it each run,
    # and a rerun on a widget's run would drop that widget's event)
    if PagesManager.uses_pages_directory and not st.session_state.get("_navigation_used"):
        st.session_state["_navigation_used"] = True
        PagesManager.uses_pages_directory = False
        st.rerun()


def available() -> tuple[str, ...]:
    """The pages whose scripts exist, in navigation order."""
    return tuple(name for name in PAGES if (ROOT / "pages" / f"{name}.py").is_file())


def lang() -> str:
    """The language this run shows: the address's, else the session's last one."""
    params = state.query()
    if params:
        values = params.get("lang") or [""]
        return lang_or_default(values[-1].strip())
    return state.saved().lang


def pages(lang: str) -> dict[str, st.Page]:
    """One st.Page per available page, titled in ``lang``."""
    return {
        name: st.Page(f"pages/{name}.py", title=t(f"page.{name}", lang), icon=ICONS.get(name),
                      url_path=None if name == DEFAULT else name, default=name == DEFAULT)
        for name in available()
    }


def follow(pages: dict[str, st.Page], current: st.Page) -> None:
    """Open the page an address names with ``page=`` when it arrived at the default page.

    A shared link to the app's root with ``page=map`` opens the map; on any other page the
    path decides and the page rewrites ``page=``.
    """
    wanted = st.query_params.get("page")
    if (wanted in pages and wanted != DEFAULT
            and current.url_path == pages[DEFAULT].url_path):
        st.switch_page(pages[wanted], query_params=st.query_params.to_dict())
