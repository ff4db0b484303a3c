"""The view state between the page address, the session and the widgets.

The address (``st.query_params``) is the source of truth: every run reads it with
``ViewState.from_query`` and writes the state it showed back with ``write`` (defaults left out).
Widgets show the state through their session-state keys (``show`` before the widget is made)
and change it through ``changer`` callbacks, which write the new state to the address before
the rerun reads it.

Streamlit's sidebar navigation drops the query string, so the state last shown is also kept in
the session: a page opened with no query string at all shows that state again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable

import streamlit as st

from outages.viewstate import ViewState

SAVED = "_outages_view_state"


def query() -> dict[str, list[str]]:
    """The address's query string, every value of every key."""
    params = st.query_params
    return {key: params.get_all(key) for key in params}


def read(page: str, tz: str | Callable[[str | None], str] = "UTC"
         ) -> tuple[ViewState, list[str]]:
    """The state for this run of ``page`` and the notices about what the address got wrong;
    ``tz`` is the zone a date-only start or end is read in (see ViewState.from_query)."""
    params = query()
    saved = st.session_state.get(SAVED)
    if not params and isinstance(saved, ViewState):
        return saved.with_(page=page), []
    return ViewState.from_query(params, tz)


def saved() -> ViewState:
    """The state last written in this session (defaults before the first write)."""
    vs = st.session_state.get(SAVED)
    return vs if isinstance(vs, ViewState) else ViewState()


def write(vs: ViewState) -> None:
    """Keep ``vs`` in the session and in the address (only when the address differs)."""
    st.session_state[SAVED] = vs
    wanted = vs.to_query()
    if query() != {key: [value] for key, value in wanted.items()}:
        st.query_params.from_dict(wanted)


def show(key: str, value: object) -> None:
    """Make the widget ``key`` show ``value`` on this run (call before creating it)."""
    st.session_state[key] = value


def changer(key: str, field: str, convert: Callable[[object], object] = lambda v: v,
            reset: Iterable[str] = ()) -> Callable[[], None]:
    """An on_change callback: the widget ``key``'s new value becomes ``field`` of the state.

    ``convert`` turns the widget value into the field's value; the fields in ``reset`` go back
    to their defaults (a new dataset clears regions and times, for example).
    """
    def changed() -> None:
        if key not in st.session_state:
            # The session's state was emptied (any client may send Streamlit's "clear cache"
            # message): the widget is not registered on this run yet, so keep the saved state.
            return
        defaults = {f.name: f.default for f in dataclasses.fields(ViewState)}
        changes = {name: defaults[name] for name in reset}
        changes[field] = convert(st.session_state[key])
        write(saved().with_(**changes))
    return changed
