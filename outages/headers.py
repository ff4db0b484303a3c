"""Security headers on every HTTP answer of the server (pages, Streamlit's own routes, the API).

Streamlit sends no CSP or framing headers. :class:`SecurityHeaders` (ASGI middleware, given to
``st.App`` in app.py) adds them to each answer that does not carry them already, so a proxy in
front (deploy/nginx.conf) may set its own policy and this one applies when there is none:

- ``Content-Security-Policy``: scripts only from the server itself plus Streamlit's one inline
  script (allowed by its SHA-256, read from the installed index.html) and WebAssembly
  (``'wasm-unsafe-eval'``: the frontend compiles a module; no JavaScript eval), no plugins, no
  framing by other sites (``frame-ancestors 'self'``), connections to the server only (its
  WebSocket included). Styles may be inline: Streamlit's components set them at run time.
- ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: strict-origin-when-cross-origin``,
  ``X-Frame-Options: SAMEORIGIN`` for browsers without ``frame-ancestors``.
- ``Strict-Transport-Security`` only on an answer sent over TLS (uvicorn with a certificate:
  the request's scheme is https); over plain HTTP it would be ignored, and it must not be
  promised by a server that does not terminate TLS itself.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from pathlib import Path

HSTS = "max-age=31536000"
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.S)


@cache
def inline_script_hashes() -> tuple[str, ...]:
    """CSP sources (``'sha256-...'``) of the inline scripts in Streamlit's index.html."""
    import streamlit

    index = Path(streamlit.__file__).parent / "static" / "index.html"
    try:
        html = index.read_bytes()
    except OSError:
        return ()
    return tuple("'sha256-" + base64.b64encode(hashlib.sha256(body).digest()).decode() + "'"
                 for body in _INLINE_SCRIPT.findall(html))


@cache
def policy() -> str:
    """The Content-Security-Policy the server sends."""
    scripts = " ".join(("'self'", "'wasm-unsafe-eval'", *inline_script_hashes()))
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ])


def headers(tls: bool) -> list[tuple[bytes, bytes]]:
    """The headers for one answer (HSTS only when ``tls``)."""
    out = [(b"content-security-policy", policy().encode()),
           (b"x-content-type-options", b"nosniff"),
           (b"referrer-policy", b"strict-origin-when-cross-origin"),
           (b"x-frame-options", b"SAMEORIGIN")]
    if tls:
        out.append((b"strict-transport-security", HSTS.encode()))
    return out


class SecurityHeaders:
    """ASGI middleware: :func:`headers` on each HTTP answer that lacks them."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = headers(scope.get("scheme") == "https")

        async def sending(message) -> None:
            if message["type"] == "http.response.start":
                given = list(message.get("headers") or [])
                present = {name.lower() for name, _ in given}
                given += [(k, v) for k, v in extra if k not in present]
                message = {**message, "headers": given}
            await send(message)

        await self.app(scope, receive, sending)
