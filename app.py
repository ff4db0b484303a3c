"""The dashboard's entry point: page settings and navigation; each page lives in pages/.

``streamlit run app.py`` finds ``app`` below and serves it as an ASGI application (st.App):
Streamlit's own routes plus the data API (outages/api.py), the security headers
(outages/headers.py) and the preload hints for the first view's code (outages/preload.py).
The server imports this file as the module ``app``; each visit then runs it as the page
script, with ``__name__ == "__main__"``, which draws the pages.
"""

from pathlib import Path

import streamlit as st

if __name__ != "__main__":  # imported by the server: the application, nothing drawn
    from starlette.middleware import Middleware

    from outages import api, headers, preload

    app = st.App(__file__, routes=api.routes(st.get_option("server.baseUrlPath")),
                 middleware=[Middleware(headers.SecurityHeaders), Middleware(preload.Preload)])
else:
    from outages.i18n import t
    from outages.ui import failure, nav

    ICON = Path(__file__).parent / "outages" / "ui" / "icon.png"  # a file: a name is fetched
    lang = nav.lang()
    st.set_page_config(page_title=t("app.title", lang), page_icon=str(ICON), layout="wide")
    pages = nav.pages(lang)
    current = st.navigation(list(pages.values()))
    nav.follow(pages, current)
    failure.run(current, lang)  # the store unavailable: say why, not a traceback
