"""The data API and the security headers, against a real server (``streamlit run app.py``, which
serves app.py's st.App), on a fresh SQLite store seeded with the bundled samples."""

from __future__ import annotations

import asyncio
import http.client
import io
import json
from urllib.parse import urlsplit

import pandas as pd
import pytest

from outages import headers, limits, preload, prepared
from outages.metrics import Window
from outages.store import open_store, tokens
from tests.browser import start_app
from tests.helpers import call

KYIV = "kyiv-strike-on-energy-facilities-reporte-276458e346"  # bundled sample, content-named
NEWER = (b"timestamp,region_id,region_name,service,customers_out\n"
         b"2025-10-10T15:00:00Z,UA-30,Kyiv,power,200000\n"
         b"2025-10-10T16:00:00Z,UA-32,Kyiv oblast,power,1000\n")
NOT_NEWER = (b"timestamp,region_id,region_name,service,customers_out\n"
             b"2025-10-10T12:00:00Z,UA-30,Kyiv,power,100\n"
             b"2025-10-10T11:00:00Z,UA-30,Kyiv,power,100\n")


@pytest.fixture(scope="module")
def server():
    with start_app() as app:
        status, _, _ = call(f"{app.url}/api/datasets")  # seeds the store
        assert status == 200, app.log()
        yield app


@pytest.fixture(scope="module")
def api(server):
    return f"{server.url}/api"


def get_json(url: str) -> tuple[int, dict]:
    status, _, body = call(url)
    return status, json.loads(body)


def test_datasets_and_one_dataset(api):
    status, doc = get_json(f"{api}/datasets")
    assert status == 200
    ids = [d["id"] for d in doc["datasets"]]
    assert KYIV in ids and all("sha256" not in d for d in doc["datasets"])
    status, one = get_json(f"{api}/datasets/{KYIV}")
    assert status == 200 and one["id"] == KYIV and one["latest"] == KYIV
    assert one["services"] == ["power"]


def test_summary_and_regions_are_the_dashboards_figures(api, server):
    status, doc = get_json(f"{api}/datasets/{KYIV}/summary?start=2025-10-10T06:00:00Z")
    assert status == 200
    with open_store(server.store_url) as store:
        ready = prepared.load(store, KYIV)
        window = Window(start=pd.Timestamp("2025-10-10T06:00:00Z"))
        expected = [s.to_json() for s in ready.summary(window)]
        regions = ready.by_region(window)
    assert doc["services"] == expected
    assert doc["window"]["start"] == "2025-10-10T06:00:00Z"
    status, doc = get_json(f"{api}/datasets/{KYIV}/regions?start=2025-10-10T06:00:00Z")
    assert status == 200
    assert [r["region_id"] for r in doc["regions"]] == list(regions["region_id"])
    assert [r["customers_restored"] for r in doc["regions"]] == list(
        regions["customers_restored"])


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_observations_in_each_format(api, fmt):
    status, head, body = call(f"{api}/datasets/{KYIV}/observations.{fmt}"
                              "?service=power&region=UA-30")
    assert status == 200, body
    if fmt == "csv":
        table = pd.read_csv(io.BytesIO(body))
    elif fmt == "json":
        table = pd.DataFrame(json.loads(body)["data"])
    else:
        table = pd.read_parquet(io.BytesIO(body))
    assert len(table) == int(head["x-row-count"]) > 0
    assert set(table["region_id"]) == {"UA-30"}


def test_a_window_over_the_limit_is_refused_with_its_size(api):
    status, doc = get_json(f"{api}/datasets/{KYIV}/observations.csv?limit=1")
    assert status == 400 and doc["error"] == "too_many_rows" and doc["parameter"] == "limit"
    assert doc["rows"] > 1


@pytest.mark.parametrize(("query", "parameter"), [
    ("service=electricity", "service"), ("start=yesterday", "start"),
    ("start=2025-10-11&end=2025-10-10", "end"), ("colour=red", "colour"),
    ("service=power&service=water", "service"),
])
def test_bad_parameters_are_named(api, query, parameter):
    status, doc = get_json(f"{api}/datasets/{KYIV}/summary?{query}")
    assert status == 400 and doc["error"] == "bad_parameter" and doc["parameter"] == parameter


@pytest.mark.parametrize(("query", "parameter"), [
    ("start=2030-01-01T00:00:00Z", "start"), ("end=2000-01-01T00:00:00Z", "end")])
@pytest.mark.parametrize("kind", ["summary", "regions"])
def test_a_window_holding_none_of_the_data_is_refused(api, query, parameter, kind):
    """Not answered with the counts carried past the data's last row, stamped in 2030."""
    status, doc = get_json(f"{api}/datasets/{KYIV}/{kind}?{query}")
    assert status == 400 and doc["error"] == "window_outside"
    assert doc["parameter"] == parameter and doc["first"] < doc["last"]
    assert doc["first"] in doc["message"] and doc["last"] in doc["message"]


@pytest.mark.parametrize("path", ["datasets/nope", "datasets/nope/summary",
                                  "datasets/nope/observations.csv", "datasets/nope/versions"])
def test_unknown_datasets_are_404(api, path):
    status, doc = get_json(f"{api}/{path}")
    assert status == 404 and doc["error"] == "unknown_dataset"


def test_limit_must_be_in_range(api):
    for bad in ("0", "x", str(limits.MAX_API_ROWS + 1)):
        status, doc = get_json(f"{api}/datasets/{KYIV}/observations.csv?limit={bad}")
        assert status == 400 and doc["parameter"] == "limit"


def test_pages_and_api_carry_security_headers(server):
    for path in ("/", "/api/datasets", "/_stcore/health"):
        status, head, body = call(server.url + path)
        assert status == 200
        low = {k.lower(): v for k, v in head.items()}
        assert "frame-ancestors 'self'" in low["content-security-policy"]
        assert low["x-content-type-options"] == "nosniff"
        assert low["referrer-policy"] == "strict-origin-when-cross-origin"
        assert "strict-transport-security" not in low  # plain HTTP
        # the page (and only the page) names the first view's modules for the browser to
        # fetch, after index.html's own
        assert "link" not in low
        assert (preload.tags() in body) == (path == "/")
        if path == "/":
            assert body.index(preload.tags()) > body.rindex(b'rel="modulepreload"', 0,
                                                           body.index(preload.tags()))


def _answer_headers(scheme: str, given: list) -> dict:
    sent = []

    async def inner(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": given})

    async def send(message):
        sent.append(message)

    asyncio.run(headers.SecurityHeaders(inner)({"type": "http", "scheme": scheme}, None, send))
    return {k.decode(): v.decode() for k, v in sent[0]["headers"]}


def test_hsts_only_over_tls_and_a_proxys_policy_is_kept():
    assert "strict-transport-security" not in _answer_headers("http", [])
    assert _answer_headers("https", [])["strict-transport-security"] == headers.HSTS
    kept = _answer_headers("http", [(b"content-security-policy", b"default-src 'none'")])
    assert kept["content-security-policy"] == "default-src 'none'"


# --- publishing ------------------------------------------------------------------------------


def _token(server, name: str, scope: str) -> str:
    with open_store(server.store_url) as store:
        return tokens.create(store, name, scope, by="tests")


def publish(api: str, path: str, body: bytes, token: str | None, query: str = "") -> tuple:
    head = {"Content-Type": "text/csv"}
    if token is not None:
        head["Authorization"] = f"Bearer {token}"
    status, _, raw = call(f"{api}/{path}{query}", "POST", body, head)
    return status, json.loads(raw)


def test_publishing_needs_a_live_token_in_scope(api, server):
    path = f"datasets/{KYIV}/observations"
    assert publish(api, path, NEWER, None)[0] == 401
    assert publish(api, path, NEWER, "otk_not-a-token")[0] == 401
    other = _token(server, "other-feed", "us-eagle-i-county-outages-excerpt-of-1-n-170492e949")
    status, doc = publish(api, path, NEWER, other)
    assert status == 403 and doc["error"] == "forbidden"
    status, doc = publish(api, "datasets", NEWER, other)  # new datasets need "*"
    assert status == 403
    with open_store(server.store_url) as store:
        tokens.revoke(store, "other-feed", by="tests")
        assert all(t.name != "other-feed" or t.revoked_at for t in tokens.listed(store))
    assert publish(api, path, NEWER, other)[0] == 401


def test_a_feed_appends_figures_audited_and_read_back(api, server):
    token = _token(server, "kyiv-feed", KYIV)
    with open_store(server.store_url) as store:
        stored = store.list_datasets(include_superseded=True)
        assert all(token not in json.dumps(r) for r in store.audit_log(1000))
    status, doc = publish(api, f"datasets/{KYIV}/observations", NEWER, token,
                          "?filename=feed.csv")
    assert status == 201, doc
    new_id = doc["dataset"]
    assert doc["replaces"] == KYIV and doc["rows_added"] == 2 and doc["by"] == "token:kyiv-feed"
    status, one = get_json(f"{api}/datasets/{KYIV}")
    assert one["latest"] == new_id
    status, summary = get_json(f"{api}/datasets/{new_id}/summary?region=UA-30")
    assert summary["services"][0]["latest_customers_out"] == 200000
    status, versions = get_json(f"{api}/datasets/{new_id}/versions")
    assert [v["id"] for v in versions["versions"]] == [KYIV, new_id]
    with open_store(server.store_url) as store:
        entry = store.audit_log(1)[0]
        assert entry["by"] == "token:kyiv-feed" and entry["dataset_id"] == new_id
        assert len(store.list_datasets(include_superseded=True)) == len(stored) + 1
    # the token follows the dataset to its new version; the old one is no longer writable
    status, doc = publish(api, f"datasets/{KYIV}/observations", NEWER, token)
    assert status == 409 and doc["error"] == "not_latest"


def test_a_bad_file_stores_nothing_and_names_the_rows(api, server):
    token = _token(server, "every-feed", tokens.EVERY)
    with open_store(server.store_url) as store:
        latest = store.latest_version(KYIV)
        before = len(store.list_datasets(include_superseded=True))
    status, doc = publish(api, f"datasets/{latest}/observations", NOT_NEWER, token)
    assert status == 400 and doc["error"] == "bad_file"
    assert {p["code"] for p in doc["problems"]} == {"publish.not_newer"}
    assert {p["row"] for p in doc["problems"]} == {2, 3}
    bad = b"timestamp,region_id,service,customers_out\n2025-10-10T20:00Z,UA-30,power,-5\n"
    status, doc = publish(api, f"datasets/{latest}/observations", bad, token)
    assert status == 400 and doc["problems"][0]["row"] == 2
    with open_store(server.store_url) as store:
        assert len(store.list_datasets(include_superseded=True)) == before


def test_new_datasets_and_versions(api, server):
    token = _token(server, "admin-feed", tokens.EVERY)
    status, doc = publish(api, "datasets", NEWER, token, "?name=Feed%20test&source=Utility")
    assert status == 201, doc
    first = doc["dataset"]
    status, one = get_json(f"{api}/datasets/{first}")
    assert one["name"] == "Feed test" and one["source"] == "Utility"
    corrected = NEWER.replace(b"200000", b"210000")
    status, doc = publish(api, f"datasets/{first}/versions", corrected, token)
    assert status == 201 and doc["replaces"] == first
    status, doc = publish(api, f"datasets/{doc['dataset']}/versions", corrected, token)
    assert status == 200 and doc["created"] is False  # identical content: nothing new


def test_bodies_are_bounded_and_parameters_checked(api, server):
    token = _token(server, "bounded-feed", tokens.EVERY)
    # a declared size over the cap is refused before a byte of the body is read
    conn = http.client.HTTPConnection(urlsplit(api).netloc, timeout=30)
    conn.putrequest("POST", urlsplit(api).path + "/datasets")
    conn.putheader("Authorization", f"Bearer {token}")
    conn.putheader("Content-Length", str(limits.MAX_UPLOAD_MB * 1024**2 + 1))
    conn.endheaders()
    answer = conn.getresponse()
    assert answer.status == 413 and json.loads(answer.read())["error"] == "too_large"
    conn.close()
    assert publish(api, "datasets", b"", token)[1]["error"] == "empty_body"
    status, doc = publish(api, "datasets", NEWER, token, "?format=pdf")
    assert status == 400 and doc["parameter"] == "format"
    status, doc = publish(api, "datasets", NEWER, token, "?service=electricity")
    assert status == 400 and doc["parameter"] == "service"
