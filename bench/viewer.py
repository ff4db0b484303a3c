"""One scripted viewer: what a browser does to reach the dashboard's first KPI, without a
browser.

``visit(base)`` GETs the page (keeping the proxy's affinity cookie and Streamlit's XSRF cookie,
as a browser does), asks ``_stcore/health`` and ``_stcore/host-config`` as the frontend does
before it connects, opens the WebSocket ``_stcore/stream`` with the subprotocols the frontend
sends (``streamlit`` and the XSRF token), sends the first ``rerun_script`` BackMsg (query
string, no page, the visitor's context) and reads the ForwardMsgs. The clock runs from the page
request until the first delta that carries an ``st.metric`` (the first KPI card), and on until
``script_finished``. Static assets (JS, CSS, fonts) are not fetched: a returning visitor's
browser has them cached.

Errors are counted by kind: ``timeout`` (no KPI within the time allowed), ``closed`` (the
server closed the socket before the KPI), ``http`` (the page or a probe did not answer 200),
``exception`` (a connection failure or anything else raised), ``app_error`` (the page drew an
exception element) and ``wrong_kpi`` (a KPI other than the expected one came first).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState, ContextInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

XSRF_COOKIE = "_streamlit_xsrf"
MAX_MESSAGE = 256 * 1024 * 1024  # a ForwardMsg can carry a whole chart


@dataclass
class Visit:
    kpi_s: float | None = None  # page request -> first metric delta
    done_s: float | None = None  # page request -> script_finished
    kpi: tuple[str, str] | None = None  # (label, value) of the first metric
    error: str | None = None  # kind, see the module's docstring
    detail: str = ""
    messages: int = 0
    received_bytes: int = 0


async def http_get(url: str, cookies: dict[str, str], timeout_s: float) -> tuple[int, bytes]:
    """A plain HTTP/1.1 GET (one connection, closed after); cookies the answer sets are added to
    ``cookies``. Returns (status, body)."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    reader, writer = await asyncio.wait_for(
        asyncio.open_connection(parts.hostname, parts.port or 80), timeout_s)
    try:
        head = [f"GET {path} HTTP/1.1", f"Host: {parts.netloc}", "Connection: close",
                "User-Agent: outages-load/1", "Accept: */*"]
        if cookies:
            head.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode())
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout_s)
    finally:
        writer.close()
    header, _, body = raw.partition(b"\r\n\r\n")
    lines = header.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1]) if lines and len(lines[0].split()) > 1 else 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "set-cookie":
            key, _, rest = value.strip().partition("=")
            cookies[key] = rest.split(";")[0]
    return status, body


def rerun_message(page_url: str, query: str) -> bytes:
    """The first BackMsg the frontend sends once its WebSocket is open."""
    context = ContextInfo(timezone="UTC", timezone_offset=0, locale="en-US", url=page_url,
                          is_embedded=False, color_scheme="light")
    state = ClientState(query_string=query, page_script_hash="", page_name="",
                        context_info=context)
    return BackMsg(rerun_script=state).SerializeToString()


def first_metric(msg: ForwardMsg) -> tuple[str, str] | None:
    if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
        return None
    element = msg.delta.new_element
    if element.WhichOneof("type") != "metric":
        return None
    return element.metric.label, element.metric.body


def app_error(msg: ForwardMsg) -> str | None:
    if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "new_element":
        element = msg.delta.new_element
        if element.WhichOneof("type") == "exception":
            return f"{element.exception.type}: {element.exception.message}"[:300]
    return None


async def visit(base: str, *, query: str = "", timeout_s: float = 120.0,
                expect: tuple[str, str] | None = None,
                hold: asyncio.Event | None = None,
                on_done: Callable[[Visit], None] | None = None) -> Visit:
    """One viewer of ``base`` (``http://host:port/prefix``, no trailing slash); never
    raises: a failure is the returned Visit's ``error``. ``on_done`` is called once with the
    Visit when its figures are final (the script finished, or the visit failed). With ``hold``,
    the WebSocket then stays open until ``hold`` is set (sessions alive for a memory reading).
    """
    from websockets.asyncio.client import connect

    seen = Visit()
    began = time.perf_counter()
    deadline = began + timeout_s
    cookies: dict[str, str] = {}
    page = f"{base}/" + (f"?{query}" if query else "")

    reported = False

    def left() -> float:
        return max(0.001, deadline - time.perf_counter())

    def settle() -> None:
        nonlocal reported
        if not reported:
            reported = True
            if on_done is not None:
                on_done(seen)

    try:
        for url in (page, f"{base}/_stcore/health", f"{base}/_stcore/host-config"):
            status, _ = await http_get(url, cookies, left())
            if status != 200:
                seen.error, seen.detail = "http", f"{url} answered {status}"
                return seen
        parts = urlsplit(base)
        ws_url = f"ws://{parts.netloc}{parts.path}/_stcore/stream"
        protocols = ["streamlit"] + ([cookies[XSRF_COOKIE]] if XSRF_COOKIE in cookies else [])
        headers = {"Origin": f"{parts.scheme}://{parts.netloc}",
                   "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
        async with connect(ws_url, subprotocols=protocols, additional_headers=headers,
                           max_size=MAX_MESSAGE, open_timeout=left(), ping_interval=None,
                           close_timeout=5) as ws:
            async with asyncio.timeout(left()):
                await ws.send(rerun_message(page, query))
                async for raw in ws:
                    seen.messages += 1
                    seen.received_bytes += len(raw)
                    msg = ForwardMsg()
                    msg.ParseFromString(raw)
                    problem = app_error(msg)
                    if problem and seen.error is None:
                        seen.error, seen.detail = "app_error", problem
                    kpi = first_metric(msg) if seen.kpi is None else None
                    if kpi is not None:
                        seen.kpi, seen.kpi_s = kpi, time.perf_counter() - began
                        if expect is not None and kpi != expect and seen.error is None:
                            seen.error, seen.detail = "wrong_kpi", f"{kpi} instead of {expect}"
                    if msg.WhichOneof("type") == "script_finished":
                        seen.done_s = time.perf_counter() - began
                        break
            if seen.done_s is None and seen.error is None:
                seen.error = "closed"
                seen.detail = f"closed after {seen.messages} messages"
            if seen.kpi is None and seen.error is None:
                seen.error, seen.detail = "no_kpi", "the script finished without a metric"
            settle()
            if hold is not None:  # keep the session open, as a reader's tab stays open
                await hold.wait()
    except TimeoutError:
        if seen.error is None and not reported:
            seen.error = "timeout"
            seen.detail = f"{'no KPI' if seen.kpi is None else 'unfinished'} after {timeout_s:g} s"
    except Exception as exc:  # noqa: BLE001 (a load test counts every failure, by kind)
        if seen.error is None and not reported:
            closed = type(exc).__name__.startswith("ConnectionClosed")
            seen.error = "closed" if closed else "exception"
            seen.detail = f"{type(exc).__name__}: {exc}"[:300]
    finally:
        settle()
    return seen


def plain(text: str) -> str:
    """``text`` with no-break spaces as plain spaces, as a browser's innerText compares."""
    return text.replace("\u00a0", " ").replace("\u202f", " ").strip()
