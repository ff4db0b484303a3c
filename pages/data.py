"""Data: the catalog of stored datasets, downloads of the current selection, caveats."""

import streamlit as st

from outages.ui import backtestview, dataview, page

p = page.begin("data")

st.subheader(p.t("data.downloads_title"))
dataview.downloads(p)
page.about(p)
page.caveats(p)

st.subheader(p.t("data.catalog_title"))
dataview.catalog(p)
backtestview.show(p)
