"""The preload hints: the first view's modules and their imports, as the installed Streamlit
names them, on HTML answers only (the served header is checked in tests/test_api.py)."""

from __future__ import annotations

import asyncio
import re

import pytest

from outages import preload


def test_the_first_views_modules_and_their_imports_are_named():
    names = preload.modules()
    js = preload._static() / "static" / "js"
    for kind in preload.FIRST_VIEW:
        assert any(re.fullmatch(rf"{kind}\.[\w-]+\.js", n) for n in names), kind
    assert all((js / n).is_file() for n in names)
    assert len(set(names)) == len(names)
    index = (preload._static() / "index.html").read_text()
    assert not [n for n in names if f'href="./static/js/{n}"' in index]  # not preloaded twice
    for name in names:  # every import of a named module is named or preloaded by index.html
        imports = re.findall(r'from"\./([\w.\-]+\.js)"', (js / name).read_text())
        assert all(i in names or f"./static/js/{i}" in index for i in imports), name


def test_a_release_without_the_modules_gets_no_hints(tmp_path):
    (tmp_path / "static" / "js").mkdir(parents=True)
    assert preload.modules(tmp_path) == ()


def _answer(content_type: bytes) -> dict:
    sent = []

    async def inner(scope, receive, send):
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", content_type)]})

    async def send(message):
        sent.append(message)

    asyncio.run(preload.Preload(inner)({"type": "http"}, None, send))
    return {k.decode(): v.decode() for k, v in sent[0]["headers"]}


@pytest.mark.parametrize("content_type,hinted", [
    (b"text/html; charset=UTF-8", True), (b"application/json", False), (b"text/csv", False)])
def test_only_pages_carry_the_hints(content_type, hinted):
    link = _answer(content_type).get("link", "")
    assert ("rel=modulepreload; crossorigin" in link) == hinted
    if hinted:
        assert link.count("<./static/js/") == len(preload.modules())
