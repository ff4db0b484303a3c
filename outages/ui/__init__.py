"""Streamlit helpers for the dashboard pages: the only Streamlit code outside app.py and pages/.

- ``page.begin(name)``: view state from the address, checked against the store; common header
  (``begin_staged``: the controls drawn later, after the first figures)
- ``state``: the view state between the address, the session and the widgets
- ``data``: cached store access and figures
- ``kpi``, ``tables``, ``mapview``: key figure cards, sortable tables, the map
"""
