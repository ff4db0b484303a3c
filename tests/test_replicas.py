"""Two replicas behind nginx on one PostgreSQL, under a path prefix, as deploy/nginx.conf sets
them up (loopback only): a feed publishes through the proxy's API, and both replicas then
serve the new figures; the proxy hands out its affinity cookie and carries the WebSocket path.

Skipped, saying why, without PostgreSQL (OUTAGES_TEST_PG_URL) or Debian's nginx."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from contextlib import ExitStack
from pathlib import Path

import pytest

from bench.replicaset import NGINX, nginx_conf, start_nginx
from outages.store import open_store, tokens
from tests.browser import free_port, start_app
from tests.conftest import PG_ENV, PG_SKIP, pg_schema
from tests.helpers import call

PREFIX = "outages"
KYIV = "kyiv-strike-on-energy-facilities-reporte-276458e346"
NEWER = (b"timestamp,region_id,region_name,service,customers_out\n"
         b"2025-10-10T15:00:00Z,UA-30,Kyiv,power,250000\n")
WAIT_S = 30

pytestmark = [
    pytest.mark.skipif(not os.environ.get(PG_ENV), reason=PG_SKIP),
    pytest.mark.skipif(not NGINX.exists(), reason=f"{NGINX} is missing: install Debian's nginx "
                       "(`make nginx`, as root) to run the replica test"),
    pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed"),
]


def test_a_feed_published_through_the_proxy_is_served_by_both_replicas():
    with ExitStack() as stack:
        store_url = stack.enter_context(pg_schema(os.environ[PG_ENV]))
        env = {"OUTAGES_DB_URL": store_url}
        first = stack.enter_context(start_app(env, base_path=PREFIX))
        assert call(f"{first.url}/api/datasets")[0] == 200  # seeds the store, once
        second = stack.enter_context(start_app(env, base_path=PREFIX))
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="outages-nginx-")))
        port = free_port()
        ports = [int(re.search(r":(\d+)/", a.url + "/").group(1)) for a in (first, second)]
        conf = nginx_conf(folder, port, ports)
        proxy = f"http://127.0.0.1:{port}/{PREFIX}"
        stack.enter_context(start_nginx(conf, folder, f"{proxy}/_stcore/health", WAIT_S))

        # the page comes through the proxy with the affinity cookie and the app's headers
        status, head, body = call(f"{proxy}/")
        low = {k.lower(): v for k, v in head.items()}
        assert status == 200 and b"<html" in body.lower()
        assert low["set-cookie"].startswith("outages_route=")
        assert "frame-ancestors 'self'" in low["content-security-policy"]
        # a browser's later requests keep their cookie and get no new one
        cookie = low["set-cookie"].split(";")[0]
        _, again, _ = call(f"{proxy}/", head={"Cookie": cookie})
        assert "set-cookie" not in {k.lower() for k in again}
        # the WebSocket path is upgraded through the proxy (101), not answered as a page
        upgrade = subprocess.run(
            ["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5",
             "-H", "Connection: Upgrade", "-H", "Upgrade: websocket",
             "-H", "Sec-WebSocket-Version: 13", "-H", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
             f"{proxy}/_stcore/stream"], capture_output=True, text=True, timeout=30)
        assert upgrade.stdout.startswith("101"), upgrade

        with open_store(store_url) as store:
            token = tokens.create(store, "proxy-feed", KYIV, by="tests")
        status, _, raw = call(f"{proxy}/api/datasets/{KYIV}/observations?filename=feed.csv",
                              "POST", NEWER, {"Authorization": f"Bearer {token}"})
        assert status == 201, raw
        new_id = json.loads(raw)["dataset"]
        for replica in (first, second):
            status, _, raw = call(f"{replica.url}/api/datasets/{KYIV}")
            assert json.loads(raw)["latest"] == new_id
            status, _, raw = call(f"{replica.url}/api/datasets/{new_id}/summary")
            summary = json.loads(raw)["services"][0]
            assert status == 200 and summary["latest_customers_out"] == 250000
