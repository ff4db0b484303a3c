"""Alerts through the data API against a real server (``streamlit run app.py``): a feed
publishes figures with a token, a webhook receiver on 127.0.0.1 hears each crossing once, and
the region's Atom feed lists them."""

from __future__ import annotations

import json
import threading
import time
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from outages.store import alerts as stored
from outages.store import open_store, tokens
from tests.browser import start_app
from tests.test_api import call

HEAD = b"timestamp,region_id,region_name,service,customers_out,customers_total\n"
ATOM = {"a": "http://www.w3.org/2005/Atom"}
WAIT_S = 30


def rows(hour: int, out: int) -> bytes:
    return HEAD + f"2025-11-01T{hour:02d}:00:00Z,UA-30,Kyiv,power,{out},5000\n".encode()


class Receiver:
    """A webhook endpoint on 127.0.0.1 that keeps what it was sent."""

    def __init__(self):
        self.bodies: list[dict] = []
        self.changed = threading.Condition()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with outer.changed:
                    outer.bodies.append(json.loads(body))
                    outer.changed.notify_all()
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def wait_for(self, count: int) -> list[dict]:
        with self.changed:
            assert self.changed.wait_for(lambda: len(self.bodies) >= count, WAIT_S), self.bodies
            return list(self.bodies)


@pytest.fixture(scope="module")
def server():
    with start_app({"OUTAGES_ALERT_PRIVATE_WEBHOOKS": "1"}) as app:
        status, _, _ = call(f"{app.url}/api/datasets")  # seeds the store
        assert status == 200, app.log()
        yield app


@pytest.fixture
def receiver():
    r = Receiver()
    r.thread.start()
    yield r
    r.server.shutdown()
    r.server.server_close()


def post(url: str, body: bytes, head: dict) -> tuple[int, dict]:
    status, _, raw = call(url, "POST", body, head)
    return status, json.loads(raw)


def test_an_alert_fires_once_per_crossing_through_the_publish_api(server, receiver):
    api = f"{server.url}/api"
    with open_store(server.store_url) as store:
        token = tokens.create(store, "alerts-feed", tokens.EVERY, by="tests")
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "text/csv"}
    status, doc = post(f"{api}/datasets?name=Alert%20test", rows(6, 100), auth)
    assert status == 201, doc
    first = latest = doc["dataset"]
    ask = {"dataset": first, "region": "UA-30", "measure": "customers_out",
           "threshold": 1000, "webhook": receiver.url}
    status, made = post(f"{api}/subscriptions", json.dumps(ask).encode(),
                        {"Content-Type": "application/json"})
    assert status == 201, made
    sub = made["subscription"]
    assert made["current"] == 100 and sub["state"] == "below" and sub["webhook"] is True
    assert receiver.url not in json.dumps(made)

    def append(hour: int, out: int) -> list:
        nonlocal latest
        status, doc = post(f"{api}/datasets/{latest}/observations", rows(hour, out), auth)
        assert status == 201, doc
        latest = doc["dataset"]
        with open_store(server.store_url) as store:  # recorded before the answer came
            return stored.events(store, [first], "UA-30")

    assert [e.kind for e in append(7, 1200)] == ["crossed"]
    assert [b["value"] for b in receiver.wait_for(1)] == [1200]
    assert len(append(8, 1800)) == 1  # stays above: nothing new to send
    assert [e.kind for e in append(9, 300)] == ["cleared", "crossed"]
    assert [e.kind for e in append(10, 1100)] == ["crossed", "cleared", "crossed"]
    bodies = receiver.wait_for(2)
    # the server records "sent" after the receiver answered: wait until no delivery is pending
    deadline = time.monotonic() + 10
    while True:
        with open_store(server.store_url) as store:
            found = stored.events(store, [first], "UA-30")
        if all(e.delivery != "pending" for e in found) or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert [(e.kind, e.delivery) for e in found] == [
        ("crossed", "sent"), ("cleared", "none"), ("crossed", "sent")]
    assert len(receiver.bodies) == 2
    assert [(b["event"], b["value"], b["subscription"]) for b in bodies] == [
        ("crossed", 1200, sub["id"]), ("crossed", 1100, sub["id"])]

    status, head, raw = call(server.url + made["feed"])
    assert status == 200 and head["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(raw)  # noqa: S314 (our own server's answer)
    titles = [e.find("a:title", ATOM).text for e in feed.findall("a:entry", ATOM)]
    assert titles == ["UA-30 power: 1,100 customers out, at or above 1,000",
                      "UA-30 power: back below 1,000 customers out (300)",
                      "UA-30 power: 1,200 customers out, at or above 1,000"]
    status, head, raw = call(f"{api}/datasets/{latest}/regions/UA-30/alerts.atom"
                             f"?subscription={sub['id']}")
    assert status == 200 and raw.count(b"<entry>") == 3  # any version names the same feed


def test_subscribing_is_checked_and_unsubscribing_needs_the_secret(server):
    api = f"{server.url}/api"
    status, doc = get_first(api)
    kyiv = doc
    json_head = {"Content-Type": "application/json"}
    ask = {"dataset": kyiv, "region": "UA-30", "measure": "customers_out", "threshold": 10}
    for body, code, parameter in [
            (b"not json", "bad_json", None),
            (json.dumps({**ask, "colour": 1}).encode(), "bad_parameter", "colour"),
            (json.dumps({**ask, "webhook": "ftp://x"}).encode(), "bad_parameter", "webhook"),
            (json.dumps({**ask, "region": "UA-99"}).encode(), "bad_parameter", "region")]:
        status, answer = post(f"{api}/subscriptions", body, json_head)
        assert status == 400 and answer["error"] == code, answer
        assert answer.get("parameter") == parameter
    status, answer = post(f"{api}/subscriptions", json.dumps({**ask, "dataset": "nope"})
                          .encode(), json_head)
    assert status == 404
    status, made = post(f"{api}/subscriptions", json.dumps(ask).encode(), json_head)
    assert status == 201
    path = f"{api}/subscriptions/{made['subscription']['id']}"
    assert json.loads(call(path)[2])["subscription"]["threshold"] == 10
    assert call(path, "DELETE")[0] == 401
    assert call(path, "DELETE", head={"Authorization": "Bearer ous_wrong"})[0] == 404
    assert call(path, "DELETE", head={"Authorization": f"Bearer {made['secret']}"})[0] == 200
    assert call(path)[0] == 404


def get_first(api: str) -> tuple[int, str]:
    status, _, raw = call(f"{api}/datasets")
    ids = [d["id"] for d in json.loads(raw)["datasets"] if d["id"].startswith("kyiv-")]
    return status, ids[0]
