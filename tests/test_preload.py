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


PAGE = b"<html><head>\n    <title>t</title>\n</head><body></body></html>"


def _answer(content_type: bytes, body: list[bytes] = (PAGE,), status: int = 200,
            headers: tuple = ()) -> tuple[int, dict, bytes]:
    """(status, headers, body) of an answer sent in ``body``'s pieces, through Preload."""
    sent = []

    async def inner(scope, receive, send):
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", content_type),
                                (b"content-length", str(sum(map(len, body))).encode()),
                                *headers]})
        for k, piece in enumerate(body):
            await send({"type": "http.response.body", "body": piece,
                        "more_body": k < len(body) - 1})

    async def send(message):
        sent.append(message)

    asyncio.run(preload.Preload(inner)({"type": "http"}, None, send))
    head = {k.decode(): v.decode() for k, v in sent[0]["headers"]}
    assert sum(k.decode() == "content-length" for k, _ in sent[0]["headers"]) == 1
    return sent[0]["status"], head, b"".join(m.get("body", b"") for m in sent[1:])


@pytest.mark.parametrize("content_type,hinted", [
    (b"text/html; charset=UTF-8", True), (b"application/json", False), (b"text/csv", False)])
@pytest.mark.parametrize("pieces", [1, 3])
def test_pages_name_the_modules_before_their_head_ends(content_type, hinted, pieces):
    """In the page, after index.html's own modules, so that the browser fetches those first."""
    cut = [PAGE[k * len(PAGE) // pieces:(k + 1) * len(PAGE) // pieces] for k in range(pieces)]
    status, head, body = _answer(content_type, cut)
    assert status == 200 and "link" not in head
    assert int(head["content-length"]) == len(body)
    if not hinted:
        assert body == PAGE
        return
    assert body.count(b'rel="modulepreload" crossorigin href="./static/js/') == len(
        preload.modules())
    assert body.replace(preload.tags(), b"") == PAGE
    assert body.index(preload.tags()) == PAGE.index(b"</head>")


@pytest.mark.parametrize("case", ["no head", "compressed", "partial"])
def test_other_pages_carry_the_hints_as_a_header(case):
    page, status, headers = PAGE, 200, ()
    if case == "no head":
        page = b"<p>no head</p>"
    elif case == "compressed":
        page, headers = b"\x1f\x8b...", ((b"content-encoding", b"gzip"),)
    else:
        status = 206
    got_status, head, body = _answer(b"text/html", [page], status, headers)
    assert (got_status, body) == (status, page)
    assert int(head["content-length"]) == len(page)
    assert head["link"].count("<./static/js/") == len(preload.modules())
    assert "rel=modulepreload; crossorigin" in head["link"]
