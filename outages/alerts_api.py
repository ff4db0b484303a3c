"""The data API's alert routes (``outages.alerts`` does the work); outages.api adds them.

- ``POST /api/subscriptions``: JSON ``{"dataset", "region", "service"?, "measure",
  "threshold", "webhook"?}``; answers 201 with the subscription, its unsubscribe ``secret``
  (shown once), the region's current figure and the feed's path. At most
  ``alerts.PER_CLIENT`` live subscriptions per client address (429) and ``alerts.TOTAL`` in
  all (503).
- ``GET /api/subscriptions/{id}``: one live subscription (never its webhook's address).
- ``DELETE /api/subscriptions/{id}`` with ``Authorization: Bearer SECRET``: unsubscribe.
- ``GET /api/datasets/{id}/regions/{region}/alerts.atom``: an Atom feed of the crossings (and
  clearings) of every subscription on that region of the dataset (any version),
  newest first; ``subscription=ID`` keeps one subscription's.
"""

from __future__ import annotations

import json
from xml.sax.saxutils import escape

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import alerts, api, config, lockout
from .schema import SERVICES
from .store import alerts as stored
from .store.tables import now_iso
from .store.tokens import lineage

MAX_BODY = 4096  # a subscription's JSON
FEED_ENTRIES = 100
FIELDS = {"dataset", "region", "service", "measure", "threshold", "webhook"}
MEASURE_TEXT = {"customers_out": "customers out", "pct_out": "% of customers out"}


def _client(request: Request) -> str:
    peer = request.client.host if request.client else None
    trusted = lockout.trusted_networks(config.editing({}).proxies)
    return lockout.client_address(peer, request.headers.getlist("x-forwarded-for"), trusted)


async def _document(request: Request) -> dict:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        raise api.Failure(413, "too_large", f"a subscription is at most {MAX_BODY} bytes")
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY:
            raise api.Failure(413, "too_large", f"a subscription is at most {MAX_BODY} bytes")
    try:
        doc = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise api.Failure(400, "bad_json", "send the subscription as a JSON object") from exc
    if not isinstance(doc, dict):
        raise api.Failure(400, "bad_json", "send the subscription as a JSON object")
    unknown = sorted(set(doc) - FIELDS)
    if unknown:
        raise api._bad(unknown[0], f"unknown field {unknown[0]!r}; known: "
                       f"{', '.join(sorted(FIELDS))}")
    for key in ("dataset", "region", "measure"):
        if not isinstance(doc.get(key), str) or not doc[key]:
            raise api._bad(key, f"{key} is required (text)")
    for key in ("service", "webhook"):
        if doc.get(key) is not None and not isinstance(doc[key], str):
            raise api._bad(key, f"{key} is text")
    return doc


def _subscribe_sync(doc: dict, client: str, feed_base: str) -> Response:
    info = api._info(doc["dataset"])
    service = doc.get("service") or (info.services[0] if len(info.services) == 1 else None)
    if service is None or service not in SERVICES:
        raise api._bad("service", f"name the service: one of {', '.join(info.services)}")
    try:
        sub, secret, value = alerts.subscribe(
            api.store(), dataset_id=info.id, region_id=doc["region"], service=service,
            measure=doc["measure"], threshold=doc.get("threshold"),
            webhook_url=doc.get("webhook"), client=client)
    except alerts.Refused as exc:
        raise api._bad(exc.field, str(exc)) from exc
    except OverflowError as exc:
        if str(exc) == "client":
            raise api.Failure(429, "too_many_subscriptions", f"at most {alerts.PER_CLIENT} "
                              "live subscriptions per client: unsubscribe one first") from exc
        raise api.Failure(503, "too_many_subscriptions", "the server holds as many "
                          "subscriptions as it takes: try again later") from exc
    feed = f"{feed_base}/datasets/{info.id}/regions/{sub.region_id}/alerts.atom"
    return api._json({"subscription": sub.to_json(), "secret": secret, "current": value,
                      "feed": feed}, 201)


async def _subscribe(request: Request) -> Response:
    try:
        if request.query_params:
            raise api._bad(next(iter(request.query_params)), "send the fields as JSON")
        doc = await _document(request)
        return await run_in_threadpool(_subscribe_sync, doc, _client(request),
                                       _api_root(request))
    except api.Failure as failure:
        return api._error(failure)


def _api_root(request: Request) -> str:
    path = request.url.path
    return path[:path.rindex("/api/") + 4]


def _unknown(public_id: str) -> api.Failure:
    return api.Failure(404, "unknown_subscription", f"no live subscription {public_id!r}")


def _one(request: Request) -> Response:
    api._check_known(request, set())
    public_id = request.path_params["sub_id"]
    sub = stored.get(api.store(), public_id)
    if sub is None:
        raise _unknown(public_id)
    return api._json({"subscription": sub.to_json()})


def _unsubscribe(request: Request) -> Response:
    api._check_known(request, set())
    public_id = request.path_params["sub_id"]
    secret = api._bearer(request)
    if secret is None:
        raise api.Failure(401, "unauthorized", "send the unsubscribe secret: "
                          "Authorization: Bearer SECRET")
    if not stored.remove(api.store(), public_id, secret):
        raise _unknown(public_id)  # or the wrong secret: the same answer
    return api._json({"removed": public_id})


# --- the feed --------------------------------------------------------------------------------


def _title(event: stored.Event) -> str:
    sub = event.subscription
    value = (f"{event.value:,.0f}" if sub.measure == "customers_out" else f"{event.value:.1f}")
    limit = (f"{sub.threshold:,.0f}" if sub.measure == "customers_out"
             else f"{sub.threshold:g}")
    what = MEASURE_TEXT[sub.measure]
    if event.kind == "crossed":
        return f"{sub.region_id} {sub.service}: {value} {what}, at or above {limit}"
    return f"{sub.region_id} {sub.service}: back below {limit} {what} ({value})"


def atom(events: list[stored.Event], *, dataset_id: str, region_id: str, self_url: str,
         now: str) -> str:
    """The Atom document (RFC 4287) of these events, newest first."""
    updated = events[0].at if events else now
    parts = ['<?xml version="1.0" encoding="utf-8"?>',
             '<feed xmlns="http://www.w3.org/2005/Atom">',
             f"<id>urn:outages:alerts:{escape(dataset_id)}:{escape(region_id)}</id>",
             f"<title>{escape(f'Outage alerts: {region_id} in {dataset_id}')}</title>",
             f'<link rel="self" href="{escape(self_url, {chr(34): "&quot;"})}"/>',
             f"<updated>{escape(updated)}</updated>",
             "<author><name>outages</name></author>"]
    for event in events:
        sub = event.subscription
        body = json.dumps(alerts.payload(event), ensure_ascii=False)
        parts += ["<entry>",
                  f"<id>urn:outages:alert:{event.seq}</id>",
                  f"<title>{escape(_title(event))}</title>",
                  f"<updated>{escape(event.at)}</updated>",
                  f'<category term="{event.kind}"/>',
                  f'<category term="subscription:{escape(sub.public_id)}"/>',
                  f'<content type="text">{escape(body)}</content>',
                  "</entry>"]
    parts.append("</feed>")
    return "\n".join(parts) + "\n"


def _feed(request: Request) -> Response:
    api._check_known(request, {"subscription"})
    info = api._info(request.path_params["dataset_id"])
    region = request.path_params["region"]
    store = api.store()
    chain = lineage(store, store.latest_version(info.id))
    found = stored.events(store, chain, region, subscription=api._one(request, "subscription"),
                          limit=FEED_ENTRIES)
    text = atom(found, dataset_id=info.id, region_id=region, self_url=str(request.url),
                now=now_iso())
    return Response(text.encode("utf-8"), media_type="application/atom+xml; charset=utf-8",
                    headers={"Cache-Control": "no-cache"})


def routes(root: str) -> list[Route]:
    """The alert routes under ``root`` (``/api``, or ``/PREFIX/api``)."""
    return [
        Route(root + "/subscriptions", _subscribe, methods=["POST"]),
        Route(root + "/subscriptions/{sub_id}", api._reader(_one), methods=["GET"]),
        Route(root + "/subscriptions/{sub_id}", api._reader(_unsubscribe), methods=["DELETE"]),
        Route(root + "/datasets/{dataset_id}/regions/{region}/alerts.atom",
              api._reader(_feed), methods=["GET"]),
    ]
