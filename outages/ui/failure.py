"""When the store cannot be used (PostgreSQL down, a read-only folder, a full disk): a readable
page saying so, instead of Streamlit's redacted exception. Details go to the server's log."""

from __future__ import annotations

import logging

import streamlit as st

from outages.i18n import t
from outages.store.failures import diagnose

from . import data

log = logging.getLogger(__name__)


def run(page: st.Page, lang: str) -> None:
    """Run the page; when the store fails from the machine's state, say why in ``lang``.
    Any other error is raised as it is."""
    try:
        page.run()
    except Exception as exc:
        failure = diagnose(exc, data.store_url())
        if failure is None:
            raise
        log.warning("%s", failure.line())
        st.error(t("store.unavailable", lang, reason=failure.text(lang)),
                 icon=":material/cloud_off:")
        st.info(t("store.unavailable_help", lang))
