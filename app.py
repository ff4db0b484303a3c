"""The dashboard's entry point: page settings and navigation; each page lives in pages/."""

from pathlib import Path

import streamlit as st

from outages.i18n import t
from outages.ui import failure, nav

ICON = Path(__file__).parent / "outages" / "ui" / "icon.png"  # a file: an icon name is fetched
lang = nav.lang()
st.set_page_config(page_title=t("app.title", lang), page_icon=str(ICON), layout="wide")
pages = nav.pages(lang)
current = st.navigation(list(pages.values()))
nav.follow(pages, current)
failure.run(current, lang)  # the store unavailable: say why, not a traceback
