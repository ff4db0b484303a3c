"""The data API: JSON (and CSV, Parquet) over HTTP, in the dashboard's own server.

``routes(base)`` gives the Starlette routes that app.py hands to ``st.App``; ``base`` is
Streamlit's ``server.baseUrlPath``, so behind a proxy under ``/outages`` the API is at
``/outages/api/...``. Reading is open to everyone, like the dashboard; publishing needs an API
token (``python -m outages token create``) sent as ``Authorization: Bearer TOKEN``.

Read (every figure from ``outages.prepared``, the same as the dashboard's):

- ``GET /api/datasets``: the current datasets.
- ``GET /api/datasets/{id}``: one dataset (any version), with the newest version's id.
- ``GET /api/datasets/{id}/versions``: every version of it, oldest first.
- ``GET /api/datasets/{id}/summary``, ``.../regions``: the KPIs per service; the figures per
  region. Parameters: ``service``, ``region`` (repeatable), ``start``, ``end`` (ISO 8601, UTC
  when no offset).
- ``GET /api/datasets/{id}/observations.csv|json|parquet``: the rows in that window, at most
  ``limit`` (default and cap in ``outages.limits``); more is refused (400 ``too_many_rows``):
  narrow the window.

Publish (the Upload page's path: the file is read in a capped worker, ``outages.sandbox``,
then ``outages.publish`` validates and writes in one transaction, audited as ``token:NAME``);
the request body is the file (at most ``limits.MAX_UPLOAD_MB``):

- ``POST /api/datasets/{id}/observations``: append newer figures (a new version).
- ``POST /api/datasets/{id}/versions``: the file replaces the figures (a new version).
- ``POST /api/datasets``: a new dataset (needs a token for every dataset, ``*``).
  Parameters: ``filename`` (how the format is told; else from Content-Type), ``format``,
  ``service``, ``tz``; for new datasets and versions also ``name``, ``description``,
  ``source``, ``licence``.

Errors are JSON ``{"error": CODE, "message": ..., "parameter"?: ..., "problems"?: [...]}``:
400 a bad parameter or file (problems name file, row and column), 401/403 the token, 404 an
unknown dataset, 409 not the newest version, 413 too large, 503 busy.

Alerts (subscriptions, their Atom feeds): ``outages.alerts_api``.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import auth, bundled, export, limits, prepared, publish, sandbox, times
from .errors import InputError
from .metrics import Window
from .readers import FORMATS
from .readers.base import Options
from .schema import SERVICES
from .store import Store, default_url, open_store

PREPARED_KEPT = 8  # datasets' pre-aggregates held at once
WINDOW_PARAMS = {"service", "region", "start", "end"}
PUBLISH_PARAMS = {"filename", "format", "service", "tz"}
DETAIL_PARAMS = {"name", "description", "source", "licence"}
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json",
                 "parquet": "application/vnd.apache.parquet"}
SUFFIXES = {"text/csv": ".csv", "application/json": ".json", "text/plain": ".csv",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
            "application/vnd.ms-excel": ".xls",
            "application/vnd.oasis.opendocument.spreadsheet": ".ods"}

_lock = threading.Lock()
_stores: dict[str, Store] = {}
_prepared: OrderedDict[str, prepared.Prepared] = OrderedDict()


class Failure(Exception):
    """An answer other than success: status, machine code, English message, extra fields."""

    def __init__(self, status: int, code: str, message: str, **extra: object):
        super().__init__(message)
        self.status, self.code, self.extra = status, code, extra


def store() -> Store:
    """The store this server uses (OUTAGES_DB_URL or data/outages.db), seeded on first use;
    one handle per process, as the pages keep theirs."""
    url = default_url()
    with _lock:
        if url not in _stores:
            handle = open_store(url)
            bundled.ensure(handle)
            _stores[url] = handle
        return _stores[url]


def _prepared_for(dataset_id: str) -> prepared.Prepared:
    """A version's pre-aggregates (a version never changes, so its id is the key)."""
    with _lock:
        if dataset_id in _prepared:
            _prepared.move_to_end(dataset_id)
            return _prepared[dataset_id]
    built = prepared.load(store(), dataset_id)
    with _lock:
        _prepared[dataset_id] = built
        while len(_prepared) > PREPARED_KEPT:
            _prepared.popitem(last=False)
    return built


# --- answers ---------------------------------------------------------------------------------


def _json(doc: object, status: int = 200, headers: dict | None = None) -> Response:
    body = json.dumps(doc, ensure_ascii=False, allow_nan=False, indent=1).encode("utf-8")
    return Response(body + b"\n", status, headers, media_type="application/json")


def _error(failure: Failure) -> Response:
    doc = {"error": failure.code, "message": str(failure), **failure.extra}
    headers = {"WWW-Authenticate": "Bearer"} if failure.status == 401 else None
    return _json(doc, failure.status, headers)


def _bad(parameter: str, message: str) -> Failure:
    return Failure(400, "bad_parameter", message, parameter=parameter)


def _problems(exc: InputError) -> list[dict]:
    return [{"code": p.code, "file": p.file, "row": p.row, "column": p.column,
             "message": p.message} for p in exc.problems[:publish.MAX_PROBLEMS]]


def _info(dataset_id: str):
    info = store().get(dataset_id)
    if info is None:
        raise Failure(404, "unknown_dataset", f"no dataset {dataset_id!r}; see /api/datasets",
                      dataset=dataset_id)
    return info


def _dataset_json(info) -> dict:
    doc = info.to_json()
    doc.pop("sha256", None)
    return doc


# --- parameters ------------------------------------------------------------------------------


def _check_known(request: Request, allowed: set[str]) -> None:
    for key in request.query_params:
        if key not in allowed:
            raise _bad(key, f"unknown parameter {key!r}; known: {', '.join(sorted(allowed))}")


def _one(request: Request, key: str) -> str | None:
    values = request.query_params.getlist(key)
    if len(values) > 1:
        raise _bad(key, f"{key} given {len(values)} times; give it once")
    return values[0] if values else None


def _time(request: Request, key: str):
    text = _one(request, key)
    if text is None:
        return None
    try:
        return times.utc(text, key, naive_zone="UTC")
    except ValueError as exc:
        raise _bad(key, f"{key} is not an ISO 8601 time: {text!r}") from exc


def _service(request: Request) -> str | None:
    service = _one(request, "service")
    if service is not None and service not in SERVICES:
        raise _bad("service", f"service must be one of {', '.join(SERVICES)}, not {service!r}")
    return service


def window(request: Request) -> Window:
    """The selection the query string names (service, region..., start, end)."""
    regions = tuple(request.query_params.getlist("region"))
    service, start, end = _service(request), _time(request, "start"), _time(request, "end")
    if start is not None and end is not None and start > end:
        raise _bad("end", "end is before start")
    return Window(service=service, regions=regions, start=start, end=end)


def _window_json(w: Window) -> dict:
    def iso(ts):
        return None if ts is None else ts.isoformat().replace("+00:00", "Z")
    return {"service": w.service, "regions": list(w.regions), "start": iso(w.start),
            "end": iso(w.end)}


# --- read ------------------------------------------------------------------------------------


def _list(request: Request) -> Response:
    _check_known(request, set())
    return _json({"datasets": [_dataset_json(i) for i in store().list_datasets()]})


def _dataset(request: Request) -> Response:
    _check_known(request, set())
    info = _info(request.path_params["dataset_id"])
    doc = _dataset_json(info)
    doc["latest"] = store().latest_version(info.id)
    return _json(doc)


def _versions(request: Request) -> Response:
    _check_known(request, set())
    info = _info(request.path_params["dataset_id"])
    every = {i.id: i for i in store().list_datasets(include_superseded=True)}
    first = info
    while first.replaces in every and first.replaces != info.id:
        first = every[first.replaces]
    chain, current = [], first
    while current is not None and current not in chain:
        chain.append(current)
        current = every.get(current.superseded_by) if current.superseded_by else None
    return _json({"dataset": info.id, "latest": chain[-1].id,
                  "versions": [_dataset_json(i) for i in chain]})


def _figures(request: Request, kind: str) -> Response:
    _check_known(request, WINDOW_PARAMS)
    info = _info(request.path_params["dataset_id"])
    w = window(request)
    if w.outside(info.start, info.end):  # figures carried past the data: refused
        span = _window_json(Window(start=info.start, end=info.end))
        raise Failure(400, "window_outside",
                      f"the window holds none of the dataset's times ({span['start']} .. "
                      f"{span['end']}): its figures would be counts carried past the data",
                      parameter="start" if w.start is not None and w.start > info.end
                      else "end", first=span["start"], last=span["end"])
    ready = _prepared_for(info.id)
    doc = {"dataset": info.id, "window": _window_json(w)}
    if kind == "summary":
        doc["services"] = [s.to_json() for s in ready.summary(w)]
    else:
        frame = ready.by_region(w)
        doc["regions"] = json.loads(frame.to_json(orient="records", date_format="iso",
                                                   date_unit="s"))
    return _json(doc, headers={"Cache-Control": "public, max-age=3600"})


def _summary(request: Request) -> Response:
    return _figures(request, "summary")


def _regions(request: Request) -> Response:
    return _figures(request, "regions")


def _observations(request: Request) -> Response:
    fmt = request.path_params["fmt"]
    _check_known(request, WINDOW_PARAMS | {"limit"})
    if fmt not in export.FORMATS:
        raise Failure(404, "unknown_format", f"observations come as {', '.join(export.FORMATS)}")
    info = _info(request.path_params["dataset_id"])
    w = window(request)
    limit = _limit(request)
    ready = _prepared_for(info.id)
    count = ready.count(w)
    if count > limit:
        raise Failure(400, "too_many_rows", f"the window holds {count:,} rows, over the limit "
                      f"of {limit:,}: narrow it (start, end, service, region) or raise limit "
                      f"(at most {limits.MAX_API_ROWS:,})", parameter="limit", rows=count)
    table = ready.table(w)
    meta = {"dataset": info.id, "name": info.name, "source": info.source,
            "licence": info.licence, "window": _window_json(w)}
    body = export.export(table, fmt, meta)
    return Response(body, headers={"Cache-Control": "public, max-age=3600",
                                   "X-Row-Count": str(len(table))},
                    media_type=CONTENT_TYPES[fmt])


def _limit(request: Request) -> int:
    text = _one(request, "limit")
    if text is None:
        return limits.API_ROWS
    if not text.isdigit() or not 1 <= int(text) <= limits.MAX_API_ROWS:
        raise _bad("limit", f"limit must be a whole number from 1 to {limits.MAX_API_ROWS:,}")
    return int(text)


# --- publish ---------------------------------------------------------------------------------


def _bearer(request: Request) -> str | None:
    value = request.headers.get("authorization", "")
    scheme, _, token = value.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


async def _body(request: Request) -> bytes:
    """The request body, refused (413) past limits.MAX_UPLOAD_MB without reading it all."""
    cap = limits.MAX_UPLOAD_MB * 1024**2
    declared = request.headers.get("content-length", "")
    too_big = Failure(413, "too_large", f"the file is over {limits.MAX_UPLOAD_MB} MB: split it "
                      "or use the command line", limit_mb=limits.MAX_UPLOAD_MB)
    if declared.isdigit() and int(declared) > cap:
        raise too_big
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            raise too_big
        chunks.append(chunk)
    if size == 0:
        raise Failure(400, "empty_body", "send the file as the request body "
                      "(curl --data-binary @FILE)")
    return b"".join(chunks)


def _upload(request: Request, data: bytes) -> publish.Upload:
    filename = _one(request, "filename")
    if filename is None:
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind not in SUFFIXES:
            raise _bad("filename", "name the file (filename=figures.csv) or send a "
                       "Content-Type of text/csv, application/json or a spreadsheet's")
        filename = "upload" + SUFFIXES[kind]
    fmt = _one(request, "format")
    if fmt is not None and fmt not in FORMATS:
        raise _bad("format", f"format must be one of {', '.join(sorted(FORMATS))}")
    service = _service(request)
    return publish.Upload(data, filename, fmt, Options(service=service, tz=_one(request, "tz")))


def _details(request: Request) -> publish.Details:
    return publish.Details(**{k: _one(request, k) or "" for k in DETAIL_PARAMS})


def _read(upload: publish.Upload, owner: str):
    """The upload read and validated in a capped worker, as the Upload page does."""
    try:
        return sandbox.run(publish.read, upload, owner=("api", owner))
    except sandbox.Refused as exc:
        if exc.reason in ("busy", "session"):
            raise Failure(503, "busy", "the server is reading other files: try again in a "
                          "minute", reason=exc.reason) from exc
        raise Failure(413, "too_large", f"reading the file went over the server's {exc.reason} "
                      f"limit ({exc.limit:g}): split it or use the command line",
                      reason=exc.reason, limit=exc.limit) from exc


def _publish_sync(kind: str, request: Request, data: bytes, dataset_id: str | None,
                  token: str | None) -> Response:
    allowed = PUBLISH_PARAMS | (DETAIL_PARAMS if kind != "append" else set())
    _check_known(request, allowed)
    if dataset_id is not None:
        _info(dataset_id)
    try:
        editor = auth.token_editor(store(), token, dataset_id)
    except auth.TokenRefused as exc:
        raise Failure(exc.status, "unauthorized" if exc.status == 401 else "forbidden",
                      str(exc)) from exc
    upload = _upload(request, data)
    details = _details(request) if kind != "append" else None
    try:
        result = _read(upload, editor.who)
        if kind == "append":
            done = publish.append(store(), editor, dataset_id, upload, result=result)
        elif kind == "version":
            done = publish.publish_version(store(), editor, dataset_id, upload, details,
                                           result=result)
        else:
            done = publish.publish_new(store(), editor, upload, details, result=result)
    except InputError as exc:
        raise Failure(400, "bad_file", "the file was rejected; nothing was stored",
                      problems=_problems(exc)) from exc
    except ValueError as exc:  # not the newest version
        raise Failure(409, "not_latest", str(exc)) from exc
    got = done.ingest
    doc = {"dataset": got.dataset_id, "created": got.created, "replaces": got.replaces,
           "rows": got.rows, "rows_added": done.rows_added, "regions": got.regions,
           "services": list(got.services), "by": editor.who,
           "warnings": [{"code": p.code, "row": p.row, "column": p.column,
                         "message": p.message} for p in done.warnings[:publish.MAX_PROBLEMS]]}
    return _json(doc, 201 if got.created else 200)


def _publisher(kind: str):
    async def endpoint(request: Request) -> Response:
        try:
            token = _bearer(request)
            if token is None:  # before reading a body nobody may send
                raise Failure(401, "unauthorized", "send an API token: "
                              "Authorization: Bearer TOKEN")
            data = await _body(request)
            return await run_in_threadpool(_publish_sync, kind, request, data,
                                           request.path_params.get("dataset_id"), token)
        except Failure as failure:
            return _error(failure)
    return endpoint


def _reader(fn):
    def endpoint(request: Request) -> Response:
        try:
            return fn(request)
        except Failure as failure:
            return _error(failure)
    return endpoint


def routes(base: str = "") -> list[Route]:
    """The API's routes under ``/{base}/api`` (``base``: Streamlit's server.baseUrlPath), the
    alert routes (outages.alerts_api) included."""
    from . import alerts_api  # it builds on this module
    root = "/" + "/".join(p for p in (base.strip("/"), "api") if p)
    ds = root + "/datasets/{dataset_id}"
    return [
        Route(root + "/datasets", _reader(_list), methods=["GET"]),
        Route(root + "/datasets", _publisher("new"), methods=["POST"]),
        Route(ds, _reader(_dataset), methods=["GET"]),
        Route(ds + "/versions", _reader(_versions), methods=["GET"]),
        Route(ds + "/versions", _publisher("version"), methods=["POST"]),
        Route(ds + "/summary", _reader(_summary), methods=["GET"]),
        Route(ds + "/regions", _reader(_regions), methods=["GET"]),
        Route(ds + "/observations", _publisher("append"), methods=["POST"]),
        Route(ds + "/observations.{fmt}", _reader(_observations), methods=["GET"]),
        *alerts_api.routes(root),
    ]
