"""The dashboard's entry point: page settings and navigation; each page lives in pages/."""

import streamlit as st

from outages.i18n import t
from outages.ui import nav

lang = nav.lang()
st.set_page_config(page_title=t("app.title", lang), page_icon=":material/bolt:", layout="wide")
pages = nav.pages(lang)
current = st.navigation(list(pages.values()))
nav.follow(pages, current)
current.run()
