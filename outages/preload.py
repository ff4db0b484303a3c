"""Preload hints for the code of the first view's elements: a ``Link`` header on the page.

Streamlit's index.html preloads the frontend's core; the code of each kind of element (the
``st.metric`` cards, a select box, a slider) is a separate module that the frontend asks for
only when the first such element arrives over the WebSocket, after the script has run. On a
first visit the key figures then waited for the Metric module (bench: the first KPI came
0.3 s after its message). :class:`Preload` (ASGI middleware, given to ``st.App`` in app.py)
adds ``rel=modulepreload`` links for those modules and the modules they import, found in the
installed Streamlit's static files (their names carry a hash that changes with each release),
to every HTML answer, so the browser fetches them while the page starts, as index.html does for
its own. Modules index.html already preloads are not repeated; a module missing from the
installed release is left out.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

FIRST_VIEW = ("Metric", "Selectbox", "Slider")  # the elements above the Overview's key figures
_IMPORT = re.compile(rb'from"\./([\w.\-]+\.js)"')
_PRELOADED = re.compile(rb'rel="modulepreload"[^>]*href="\./static/js/([\w.\-]+\.js)"')


def _static() -> Path:
    import streamlit

    return Path(streamlit.__file__).parent / "static"


@cache
def modules(static: Path | None = None) -> tuple[str, ...]:
    """File names of the first view's modules and of every module they import, in order, less
    those index.html preloads itself."""
    static = static or _static()
    js = static / "static" / "js"
    try:
        skip = set(m.decode() for m in _PRELOADED.findall((static / "index.html").read_bytes()))
    except OSError:
        skip = set()
    seen: list[str] = []
    todo = sorted(p.name for name in FIRST_VIEW for p in js.glob(f"{name}.*.js"))
    while todo:
        name = todo.pop(0)
        if name in seen or not (js / name).is_file():
            continue
        seen.append(name)
        todo += [m.decode() for m in _IMPORT.findall((js / name).read_bytes())]
    return tuple(n for n in seen if n not in skip)


@cache
def link() -> bytes:
    """The ``Link`` header's value (relative paths, as index.html writes them)."""
    return ", ".join(f"<./static/js/{name}>; rel=modulepreload; crossorigin"
                     for name in modules()).encode()


class Preload:
    """ASGI middleware: :func:`link` on each HTML answer."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or not link():
            await self.app(scope, receive, send)
            return

        async def sending(message) -> None:
            if message["type"] == "http.response.start":
                given = list(message.get("headers") or [])
                if any(k.lower() == b"content-type" and v.startswith(b"text/html")
                       for k, v in given):
                    message = {**message, "headers": [*given, (b"link", link())]}
            await send(message)

        await self.app(scope, receive, sending)
