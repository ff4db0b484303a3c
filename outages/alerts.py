"""Threshold alerts: a viewer follows a region of a dataset and hears when it crosses a level.

A subscription names a dataset (any version: it follows the later ones), a region, a service and
a threshold on one measure: ``customers_out`` (customers out at the latest time, at or above N)
or ``pct_out`` (the share of customers served that is out, at or above P %, for regions whose
customers served are known). The figure is the region's latest one from ``outages.prepared``,
the same as the dashboard's and the API's summary.

Firing: ``after_publish`` runs after every publish that stored a new version (``outages.publish``
is the only write path) and compares each subscribed region's figure with its threshold. Going
from below to at-or-above records a "crossed" event and sends the webhook, once; staying above
sends nothing; falling back below records "cleared", so that a later rise fires again. A new
subscription starts in the state its region is in when it is made (a region already above
fires only after it has cleared). Events are listed in an Atom feed per region
(``outages.alerts_api``).

Webhooks: an ``http``/``https`` URL that must resolve to public addresses only (loopback,
private, link-local and other special ranges are refused, at subscription and again before each
delivery) unless ``OUTAGES_ALERT_PRIVATE_WEBHOOKS`` allows them (tests, self-hosting). Delivery
is a JSON POST, with a short timeout, no redirects and no proxies from the environment, in a
background thread; the outcome ("sent" or "failed" and why) is kept with the event. A failure
never reaches the publish that caused it.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import socket
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from . import config, prepared
from .metrics import Window
from .store import Store
from .store import alerts as stored
from .store.tokens import lineage

MEASURES = ("customers_out", "pct_out")
PER_CLIENT = 20  # live subscriptions one address may hold
TOTAL = 10_000  # live subscriptions in the store
DELIVERY_SECONDS = 5.0  # a webhook's whole answer, connection included
MAX_URL_CHARS = 2000
USER_AGENT = "outages-alerts/1"

log = logging.getLogger(__name__)
_senders: set[threading.Thread] = set()  # delivery threads still running
_senders_lock = threading.Lock()


class Refused(ValueError):
    """A subscription that cannot be made: ``field`` names the part of the request."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


# --- webhooks --------------------------------------------------------------------------------


def _addresses(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise Refused("webhook", f"the webhook's host {host!r} cannot be resolved") from exc
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]


def check_webhook(url: object, allow_private: bool | None = None) -> str:
    """``url`` when it is an http(s) URL whose host resolves only to public addresses (or any
    address when ``allow_private``, by default the setting); else Refused."""
    if allow_private is None:
        allow_private = config.alert_private_webhooks()
    if not isinstance(url, str) or not url or len(url) > MAX_URL_CHARS:
        raise Refused("webhook", f"the webhook is a URL of at most {MAX_URL_CHARS} characters")
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise Refused("webhook", "the webhook is not a valid URL") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused("webhook", "the webhook must be an http:// or https:// URL with a host")
    if parts.username is not None or parts.password is not None:
        raise Refused("webhook", "the webhook must not carry a user name or password")
    if not allow_private:
        for ip in _addresses(parts.hostname, port):
            if not ip.is_global or ip.is_multicast:
                raise Refused("webhook", f"the webhook's host resolves to {ip}, a loopback, "
                              "private or reserved address: only public addresses are allowed")
    return url


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001
        raise urllib.error.HTTPError(req.full_url, code, f"redirect to {newurl} refused",
                                     headers, fp)


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirects())


def payload(event: stored.Event) -> dict:
    """The JSON a webhook receives."""
    sub = event.subscription
    return {"type": "outages.alert", "event": event.kind, "id": event.seq,
            "subscription": sub.public_id, "dataset": event.dataset_id,
            "region": sub.region_id, "service": sub.service, "measure": sub.measure,
            "threshold": sub.threshold, "value": event.value,
            "observed_at": event.observed_at, "at": event.at}


def send(event: stored.Event) -> tuple[str, str]:
    """POST the event to its webhook: ("sent", "") or ("failed", why). Never raises."""
    url = event.subscription.webhook_url or ""
    try:
        check_webhook(url)  # again: the name may resolve elsewhere now
        body = json.dumps(payload(event)).encode("utf-8")
        request = urllib.request.Request(url, data=body, method="POST", headers={  # noqa: S310
            "Content-Type": "application/json", "User-Agent": USER_AGENT})
        with _OPENER.open(request, timeout=DELIVERY_SECONDS) as answer:
            answer.read(1024)
            return "sent", f"HTTP {answer.status}"
    except urllib.error.HTTPError as exc:
        return "failed", f"HTTP {exc.code}: {exc.reason}"
    except Refused as exc:
        return "failed", str(exc)
    except (OSError, ValueError) as exc:  # timeouts, refused connections, bad answers
        return "failed", f"{type(exc).__name__}: {exc}"


def _deliver_all(store: Store, events: list[stored.Event]) -> None:
    try:
        for event in events:
            outcome, detail = send(event)
            try:
                stored.delivered(store, event.seq, outcome, detail)
            except Exception:  # the store went away: the event stays "pending"
                log.exception("recording the delivery of alert event %s", event.seq)
    finally:
        with _senders_lock:
            _senders.discard(threading.current_thread())


def wait_for_deliveries(timeout_s: float) -> bool:
    """Wait until this process's webhook deliveries have finished (True), or ``timeout_s``
    has passed (False): for tests and an orderly shutdown."""
    deadline = time.monotonic() + timeout_s
    with _senders_lock:
        running = list(_senders)
    for thread in running:
        thread.join(max(0.0, deadline - time.monotonic()))
    return not any(thread.is_alive() for thread in running)


# --- evaluation ------------------------------------------------------------------------------


def level(ready: prepared.Prepared, region_id: str, service: str,
          measure: str) -> tuple[float | None, str | None]:
    """A region's latest figure for ``measure`` and its time (ISO 8601 UTC); (None, None) when
    the region or service has no figures, or its customers served are unknown for % out."""
    found = ready.summary(Window(service=service, regions=(region_id,)))
    if not found or found[0].latest_time is None:
        return None, None
    summary = found[0]
    value = (summary.latest_customers_out if measure == "customers_out"
             else summary.pct_out_latest)
    when = summary.latest_time.tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%SZ")
    return (None if value is None else float(value)), when


def state(value: float | None, threshold: float) -> str:
    """"above" at or above the threshold, else "below" (no figure counts as below)."""
    return "above" if value is not None and value >= threshold else "below"


def evaluate(store: Store, dataset_id: str,
             ready: prepared.Prepared | None = None) -> list[stored.Event]:
    """Compare every subscription on ``dataset_id``'s chain with the version's figures and
    record the crossings and clearings (each once); the events recorded, oldest first."""
    subs = stored.watching(store, lineage(store, dataset_id))
    if not subs:
        return []
    ready = ready if ready is not None else prepared.load(store, dataset_id)
    found = []
    for sub in subs:
        value, when = level(ready, sub.region_id, sub.service, sub.measure)
        now = state(value, sub.threshold)
        if now == sub.state:
            continue
        delivery = "pending" if now == "above" and sub.webhook_url else "none"
        event = stored.move(store, sub, now, dataset_id=dataset_id,
                            value=0.0 if value is None else value, observed_at=when,
                            delivery=delivery)
        if event is not None:
            found.append(event)
    return found


def after_publish(store: Store, dataset_id: str,
                  ready: prepared.Prepared | None = None) -> threading.Thread | None:
    """Evaluate after a publish stored ``dataset_id`` and send its webhooks in a background
    thread (returned, or None when there is nothing to send). Never raises: a publish has
    succeeded whatever its alerts do."""
    try:
        events = evaluate(store, dataset_id, ready)
    except Exception:
        log.exception("evaluating alerts for %s", dataset_id)
        return None
    to_send = [e for e in events if e.delivery == "pending"]
    if not to_send:
        return None
    thread = threading.Thread(target=_deliver_all, args=(store, to_send),
                              name=f"alerts-{dataset_id}"[:60], daemon=True)
    with _senders_lock:
        _senders.add(thread)
    thread.start()
    return thread


# --- subscribing -----------------------------------------------------------------------------


def subscribe(store: Store, *, dataset_id: str, region_id: str, service: str, measure: str,
              threshold: object, webhook_url: str | None,
              client: str) -> tuple[stored.Subscription, str, float | None]:
    """Check a subscription and store it: (subscription, unsubscribe secret, current figure).
    Refused names the field at fault; OverflowError when a bound is reached."""
    info = store.get(dataset_id)
    if info is None:
        raise KeyError(dataset_id)
    if measure not in MEASURES:
        raise Refused("measure", f"measure must be one of {', '.join(MEASURES)}")
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        raise Refused("threshold", "threshold must be a number")
    limit_ok = (0 < threshold <= 100) if measure == "pct_out" else (1 <= threshold <= 10**12)
    if not limit_ok:
        raise Refused("threshold", "threshold must be from 1 customer up (customers_out) or "
                      "above 0 and at most 100 (pct_out)")
    if service not in info.services:
        raise Refused("service", f"{dataset_id} has no {service!r} figures; it has "
                      f"{', '.join(info.services)}")
    if webhook_url is not None:
        webhook_url = check_webhook(webhook_url)
    latest = store.latest_version(dataset_id)
    ready = prepared.load(store, latest)
    value, _ = level(ready, region_id, service, "customers_out")
    if value is None:
        raise Refused("region", f"{latest} has no {service} figures for region {region_id!r}")
    value, _ = level(ready, region_id, service, measure)
    if value is None:
        raise Refused("measure", f"customers served are not known for {region_id!r}: "
                      "use customers_out")
    sub, secret = stored.add(store, dataset_id=dataset_id, region_id=region_id,
                             service=service, measure=measure, threshold=float(threshold),
                             webhook_url=webhook_url, client=client,
                             state=state(value, float(threshold)), per_client=PER_CLIENT,
                             total=TOTAL)
    return sub, secret, value
