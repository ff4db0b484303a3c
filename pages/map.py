"""Map: customers out by region at one moment, with a time slider and a play control."""

import streamlit as st

from outages.ui import mapview, page
from outages.ui.text import service_label

p = page.begin("map")
service = p.service
if p.vs.service is None and len(p.services) > 1:
    st.caption(p.t("map.service_note", service=service_label(service, p.lang)))

areas = mapview.areas(p, service)
if not areas:
    mapview.no_level(p, service)
else:
    area, kind, basemap = mapview.controls(p, areas, service)
    mapview.player(p, service, area, kind, basemap)
