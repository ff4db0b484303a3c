"""Threshold alerts (outages.alerts): once per crossing, through publish, on SQLite and
PostgreSQL; the checks on subscriptions and webhooks; the Atom feed."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from outages import alerts, alerts_api, publish
from outages.publish import Upload
from outages.store import alerts as stored
from tests.browser import free_port

PASSWORD = "a long test password"  # noqa: S105 (a test password)
HEAD = b"time,region_id,region_name,service,customers_out,customers_total\n"
FIRST = HEAD + (b"2025-10-10T06:00:00Z,UA-30,Kyiv,power,500,2000\n"
                b"2025-10-10T06:00:00Z,UA-46,Lviv,power,10,900\n")


def rows(hour: int, out: int) -> bytes:
    return HEAD + f"2025-10-10T{hour:02d}:00:00Z,UA-30,Kyiv,power,{out},2000\n".encode()


@pytest.fixture
def first(store, editor) -> str:
    return publish.publish_new(store, editor, Upload(FIRST, "f.csv")).ingest.dataset_id


def _subscribe(store, dataset_id, measure="customers_out", threshold=1000, **extra):
    fields = {"region_id": "UA-30", "service": "power", "webhook_url": None,
              "client": "198.51.100.7", **extra}
    return alerts.subscribe(store, dataset_id=dataset_id, measure=measure,
                            threshold=threshold, **fields)


def _kinds(store, dataset_id, sub):
    chain = [d.id for d in store.list_datasets(include_superseded=True)]
    found = stored.events(store, chain, "UA-30", subscription=sub.public_id)
    return [e.kind for e in reversed(found)]


def test_an_alert_fires_once_per_crossing_through_publish(store, editor, first):
    by_count, secret, current = _subscribe(store, first)
    by_share, _, share = _subscribe(store, first, "pct_out", 50)
    assert secret.startswith(stored.SECRET_PREFIX) and current == 500 and share == 25
    assert by_count.state == by_share.state == "below"
    latest = first
    for hour, out in ((7, 1200), (8, 1500), (9, 300), (10, 1100)):  # up, stays, down, up
        done = publish.append(store, editor, latest, Upload(rows(hour, out), "feed.csv"))
        latest = done.ingest.dataset_id
    assert _kinds(store, first, by_count) == ["crossed", "cleared", "crossed"]
    assert _kinds(store, first, by_share) == ["crossed", "cleared", "crossed"]
    crossed = [e for e in stored.events(store, [first], "UA-30") if e.kind == "crossed"]
    assert sorted(e.value for e in crossed) == pytest.approx([55.0, 60.0, 1100.0, 1200.0])
    assert all(e.delivery == "none" for e in crossed)  # no webhook: the feed only
    assert alerts.evaluate(store, latest) == []  # the same version again: nothing new


def test_a_region_already_above_fires_only_after_it_cleared(store, editor, first):
    sub, _, _ = _subscribe(store, first, threshold=400)
    assert sub.state == "above"
    second = publish.append(store, editor, first, Upload(rows(7, 900), "a.csv")).ingest
    assert _kinds(store, first, sub) == []
    third = publish.append(store, editor, second.dataset_id, Upload(rows(8, 100), "b.csv"))
    publish.append(store, editor, third.ingest.dataset_id, Upload(rows(9, 450), "c.csv"))
    assert _kinds(store, first, sub) == ["cleared", "crossed"]


def test_an_unsubscribed_region_is_no_longer_evaluated(store, editor, first):
    sub, secret, _ = _subscribe(store, first)
    assert not stored.remove(store, sub.public_id, "ous_wrong")
    assert stored.get(store, sub.public_id) is not None
    assert stored.remove(store, sub.public_id, secret)
    assert stored.get(store, sub.public_id) is None
    publish.append(store, editor, first, Upload(rows(7, 1900), "a.csv"))
    assert _kinds(store, first, sub) == []


def test_a_failing_evaluation_never_fails_the_publish(store, editor, first, monkeypatch):
    _subscribe(store, first)

    def broken(*args, **kwargs):
        raise RuntimeError("evaluation broke")
    monkeypatch.setattr(alerts, "evaluate", broken)
    done = publish.append(store, editor, first, Upload(rows(7, 1900), "a.csv"))
    assert done.ingest.created and done.rows_added == 1


def test_a_failed_webhook_is_recorded(store, editor, first, monkeypatch):
    monkeypatch.setenv("OUTAGES_ALERT_PRIVATE_WEBHOOKS", "1")
    closed = f"http://127.0.0.1:{free_port()}/hook"  # nothing listens there
    sub, _, _ = _subscribe(store, first, webhook_url=closed)
    publish.append(store, editor, first, Upload(rows(7, 1900), "a.csv"))
    assert alerts.wait_for_deliveries(30)
    [event] = stored.events(store, [first], "UA-30", subscription=sub.public_id)
    assert event.kind == "crossed" and event.delivery == "failed"
    assert "Connection" in event.detail


@pytest.mark.parametrize(("changes", "field"), [
    ({"measure": "peak"}, "measure"), ({"threshold": 0}, "threshold"),
    ({"threshold": "1000"}, "threshold"), ({"threshold": True}, "threshold"),
    ({"measure": "pct_out", "threshold": 101}, "threshold"),
    ({"region_id": "UA-99"}, "region"), ({"service": "water"}, "service"),
    ({"webhook_url": "ftp://example.org/x"}, "webhook"),
    ({"webhook_url": "http://127.0.0.1:9/x"}, "webhook"),
])
def test_bad_subscriptions_are_refused_and_nothing_is_stored(store, first, changes, field):
    args = {"measure": "customers_out", "threshold": 1000, **changes}
    with pytest.raises(alerts.Refused) as caught:
        _subscribe(store, first, **args)
    assert caught.value.field == field
    assert stored.watching(store, [first]) == []


def test_share_needs_customers_served(store, editor):
    data = b"time,region_id,service,customers_out\n2025-10-10T06:00:00Z,UA-30,power,5\n"
    dataset = publish.publish_new(store, editor, Upload(data, "n.csv")).ingest.dataset_id
    with pytest.raises(alerts.Refused) as caught:
        _subscribe(store, dataset, "pct_out", 10)
    assert caught.value.field == "measure"
    with pytest.raises(KeyError):
        _subscribe(store, "no-such-dataset")


def test_subscriptions_are_bounded_per_client_and_in_all(store, first, monkeypatch):
    monkeypatch.setattr(alerts, "PER_CLIENT", 2)
    monkeypatch.setattr(alerts, "TOTAL", 3)
    _subscribe(store, first)
    _subscribe(store, first)
    with pytest.raises(OverflowError, match="client"):
        _subscribe(store, first)
    _subscribe(store, first, client="203.0.113.9")
    with pytest.raises(OverflowError, match="total"):
        _subscribe(store, first, client="203.0.113.10")
    assert len(stored.watching(store, [first])) == 3


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/x", "http://localhost:8080/", "http://10.1.2.3/", "http://192.168.0.1/",
    "http://169.254.169.254/latest/meta-data", "http://[::1]/", "http://0.0.0.0/",
    "http://[fd00::1]/", "http://100.64.0.1/", "file:///etc/passwd", "gopher://x/",
    "http://user:pw@203.0.113.1/", "http:///nohost", "http://[zz/",
])
def test_webhooks_to_private_or_odd_places_are_refused(url):
    with pytest.raises(alerts.Refused):
        alerts.check_webhook(url, allow_private=False)


def test_the_setting_allows_private_webhooks(monkeypatch):
    monkeypatch.delenv("OUTAGES_ALERT_PRIVATE_WEBHOOKS", raising=False)
    with pytest.raises(alerts.Refused):
        alerts.check_webhook("http://127.0.0.1:9/x")
    monkeypatch.setenv("OUTAGES_ALERT_PRIVATE_WEBHOOKS", "1")
    assert alerts.check_webhook("http://127.0.0.1:9/x") == "http://127.0.0.1:9/x"
    assert alerts.check_webhook("https://8.8.8.8/hook", allow_private=False)


def test_the_atom_feed_is_well_formed_and_escaped(store, editor, first):
    sub, _, _ = _subscribe(store, first)
    publish.append(store, editor, first, Upload(rows(7, 1200), "a.csv"))
    found = stored.events(store, [first], "UA-30")
    text = alerts_api.atom(found, dataset_id=first, region_id="UA-30",
                           self_url="http://x/feed?a=1&b=<2>", now="2025-01-01T00:00:00Z")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.fromstring(text.encode("utf-8"))  # noqa: S314 (our own text)
    assert root.find("a:link", ns).get("href") == "http://x/feed?a=1&b=<2>"
    [entry] = root.findall("a:entry", ns)
    assert entry.find("a:title", ns).text == "UA-30 power: 1,200 customers out, at or above 1,000"
    terms = {c.get("term") for c in entry.findall("a:category", ns)}
    assert terms == {"crossed", f"subscription:{sub.public_id}"}
    empty = ET.fromstring(alerts_api.atom(  # noqa: S314 (our own text)
        [], dataset_id=first, region_id="UA-30",
        self_url="u", now="2025-01-01T00:00:00Z"))
    assert empty.find("a:updated", ns).text == "2025-01-01T00:00:00Z"
