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

FIRST_VIEW = ("Metric",)  # the Overview sends its first row of key figures before any widget
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


@cache
def tags() -> bytes:
    """The same as ``<link>`` elements, one a line, as index.html writes its own."""
    return b"".join(f'    <link rel="modulepreload" crossorigin href="./static/js/{name}">\n'
                    .encode() for name in modules())


class Preload:
    """ASGI middleware: the first view's modules named on each HTML answer. In the page itself,
    after index.html's own modules (before ``</head>``), so that the browser fetches the
    frontend's core first and these next: as a ``Link`` header they were fetched before the
    core, which then reached the browser later. First KPI in a new browser context, medians of
    6 visits taken in turn with a minimal page's: 2.17 s (1.31 x) with the header, 2.02 s
    (1.30 x) with no hints, 1.77 s and 1.75 s (1.17 x, 1.13 x) with them in the page. Since the
    Overview sends its first cards before any widget (kpi.let_paint), only the Metric module is
    named: naming the select box's and the slider's too had the browser load them before the
    cards (first KPI with the cache kept 0.48 s, 1.31 x; with the Metric module alone 0.45 s,
    1.20 x). A page that is compressed, partial or has no ``</head>`` gets the header instead."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or not link():
            await self.app(scope, receive, send)
            return
        start: dict | None = None  # an HTML answer's start, held until its body is complete
        body: list[bytes] = []

        async def sending(message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                given = list(message.get("headers") or [])
                names = {k.lower() for k, _ in given}
                if any(k.lower() == b"content-type" and v.startswith(b"text/html")
                       for k, v in given):
                    if message.get("status") == 200 and b"content-encoding" not in names:
                        start = message
                        return
                    message = {**message, "headers": [*given, (b"link", link())]}
            elif start is not None and message["type"] == "http.response.body":
                body.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                await _send_page(send, start, b"".join(body))
                start = None
                return
            await send(message)

        await self.app(scope, receive, sending)


async def _send_page(send, start: dict, page: bytes) -> None:
    """The page with ``tags()`` before its ``</head>`` (or as it is, with the ``Link`` header,
    when it has none), its length set again."""
    headers = [(k, v) for k, v in start.get("headers") or [] if k.lower() != b"content-length"]
    at = page.find(b"</head>")
    if at < 0:
        headers.append((b"link", link()))
    else:
        page = page[:at] + tags() + page[at:]
    headers.append((b"content-length", str(len(page)).encode()))
    await send({**start, "headers": headers})
    await send({"type": "http.response.body", "body": page})
