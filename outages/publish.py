"""Publishing uploaded figures: the only code path that writes them to the store.

Every function here that writes takes an :class:`outages.auth.Editor` and verifies it first
(PermissionError otherwise), reads and validates the uploaded bytes itself (a file is accepted
whole or raises InputError; nothing is written), or takes ``result``, the reading that ``read``
made of the same upload (the upload page reads in a capped worker, outages.sandbox, and passes
its preview's reading, so a file is never read in the server itself), and records the editor in
the store's audit log. A store write is one transaction: a run stopped half-way (the person left
the page, the server stopped) leaves nothing behind.

- ``publish_new``: the file becomes a new dataset.
- ``publish_version``: the file becomes the next version of a dataset (which stays loadable
  by its id); annotations carry over.
- ``append``: newer observations for an existing dataset. The result is a new version holding
  the old rows and the new ones. Every new row must be strictly later than the dataset's last
  observation of the same region and service; a file that repeats or overlaps stored times is
  rejected whole, naming the rows, since it is a corrected file and belongs in
  ``publish_version``. Regions and services new to the dataset are welcome. A region keeps the
  name it has in the dataset.
- ``add_annotation`` and ``delete``.

After a write that stored a new version, ``outages.alerts.after_publish`` checks the alert
subscriptions on the dataset (its webhooks go out in the background; it never raises).

``read`` is the preview: the same reading and validation, and no writing; anyone may call it.
File names are display text: stored in the dataset's metadata, never used as a path.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import alerts, prepared, schema, skips
from .auth import Editor, verify
from .errors import InputError, Phrase, Problem, ReadResult
from .limits import MAX_DESCRIPTION_CHARS, MAX_FIELD_CHARS, MAX_NAME_CHARS
from .readers import detect, read_bytes, source_rows, tidy
from .readers.base import Options
from .readers.columns import file_columns as columns_of
from .store import IngestResult, Store

# progress(phase, fraction done): phase is "reading" (parsing and validating) or "writing"
Progress = Callable[[str, float], None]
MAX_PROBLEMS = 20
ANNOTATION_CHARS = 500
FILE_NAME_CHARS = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Upload:
    """An uploaded file and what the person said about it."""

    data: bytes
    filename: str  # display text only
    format: str | None = None  # a name from outages.readers.FORMATS; None: detect
    options: Options = field(default_factory=Options)


@dataclass(frozen=True)
class Details:
    """Catalog text of a dataset; blank fields take the file's own metadata."""

    name: str = ""
    description: str = ""
    source: str = ""
    licence: str = ""


@dataclass(frozen=True)
class Published:
    ingest: IngestResult
    warnings: list[Problem]  # from the file, plus what appending changed
    rows_added: int  # rows the file added (all of them, except for append: the new ones)


def display_name(filename: object) -> str:
    """A file name as display text: the last path part, one line, at most 200 characters."""
    text = re.split(r"[\\/]", str(filename or ""))[-1]
    text = " ".join(_CONTROL.sub(" ", text).split())
    return text[:FILE_NAME_CHARS] or "upload"


def default_name(filename: object) -> str:
    """A new dataset's name when neither the person nor the file gives one: the file name
    without its extension."""
    shown = display_name(filename)
    return re.sub(r"\.[A-Za-z0-9]{1,5}$", "", shown) or shown


def _report(progress: Progress | None, phase: str, fraction: float) -> None:
    if progress is not None:
        progress(phase, fraction)


def read(upload: Upload, progress: Progress | None = None) -> ReadResult:
    """Detect, parse and validate an upload: the preview, and the first step of every publish.

    Writes nothing. Raises InputError naming file, row and column.
    """
    name = display_name(upload.filename)
    _report(progress, "reading", 0.0)
    fmt = upload.format or detect(upload.data, name)
    result = read_bytes(upload.data, name, format=fmt, options=upload.options)
    _report(progress, "reading", 1.0)
    return result


def _reading(upload: Upload, result: ReadResult | None,
             progress: Progress | None) -> ReadResult:
    """``result`` when the caller already read this upload with ``read``, else a fresh read."""
    if result is None:
        return read(upload, progress)
    _report(progress, "reading", 1.0)
    return result


def file_columns(upload: Upload) -> list[str]:
    """The file's column names, for the column-mapping step (``readers.columns``); [] when
    they cannot be told (a binary or broken file): the reader then says what is wrong."""
    return columns_of(upload.data, display_name(upload.filename))


def columns_used(upload: Upload, columns: list[str]) -> dict[str, str]:
    """Canonical column -> file column, as the tidy CSV/JSON reader will take them with the
    upload's mapping; raises InputError when that cannot be settled (the same error the reader
    gives)."""
    return tidy.match_columns(columns, display_name(upload.filename), upload.options.mapping)


def _metadata(result: ReadResult, upload: Upload) -> dict:
    meta = dict(result.metadata)
    meta.update(format=result.format, encoding=result.encoding, skipped=dict(result.skipped),
                file_name=display_name(upload.filename), warnings=len(result.warnings))
    skipped = skips.caveat(result.skipped)  # the rows left out, by reason, for every reader
    if skipped:
        given = meta.get("caveats") or []
        meta["caveats"] = [*([given] if isinstance(given, str) else given), skipped]
    if upload.options.tz and not meta.get("timezone"):
        meta["timezone"] = upload.options.tz  # naive times were in this zone: show them so
    return meta


def _fields(details: Details | None, meta: dict, fallback: Details) -> dict:
    details = details or Details()

    def pick(key: str) -> str:
        return (getattr(details, key).strip() or str(meta.get(key) or "").strip()
                or getattr(fallback, key))
    return {key: pick(key) for key in ("name", "description", "source", "licence")}


def _ingest(store: Store, editor: Editor, table: pd.DataFrame, meta: dict, fields: dict,
            replaces: str | None, progress: Progress | None) -> IngestResult:
    def rows_written(done: int, total: int) -> None:
        _report(progress, "writing", done / total if total else 1.0)

    check_text(fields, meta)
    _report(progress, "writing", 0.0)
    result = store.ingest(table, **fields, metadata=meta, created_by=editor.who,
                          replaces=replaces, progress=rows_written)
    if result.created:  # so that no viewer's first visit has to build them
        ready = prepared.cache(store, result.dataset_id, table)
        alerts.after_publish(store, result.dataset_id, ready)  # committed; never raises
    _report(progress, "writing", 1.0)
    return result


def check_text(fields: dict, meta: dict) -> None:
    """Catalog text (name, description, source, licence) and annotations within their limits
    (outages.limits), or an InputError naming the file and the field (before anything is
    written). The command line calls it too."""
    file = meta.get("file_name") or "upload"
    problems = []
    for key, value in fields.items():
        limit = MAX_NAME_CHARS if key == "name" else MAX_DESCRIPTION_CHARS
        if len(value) > limit:
            problems.append(Problem(file, f"publish.too_long.{key}", None, key,
                                    size=len(value), limit=limit))
    for i, item in enumerate(meta.get("annotations") or [], start=1):
        note = str(item.get("text") or "").strip()
        if not note or len(note) > MAX_FIELD_CHARS:
            problems.append(Problem(file, "publish.annotation_size", i, "annotations",
                                    number=str(i), size=len(note), limit=MAX_FIELD_CHARS))
    if problems:
        raise InputError(problems[:MAX_PROBLEMS])


def _current(store: Store, dataset_id: str) -> object:
    info = store.get(dataset_id)
    if info is None:
        raise KeyError(dataset_id)
    if info.superseded_by is not None:
        raise ValueError(f"{dataset_id} has a newer version, {store.latest_version(dataset_id)}; "
                         "change the newest version")
    return info


def _carried_annotations(store: Store, dataset_id: str, meta: dict) -> list[dict]:
    """The old version's annotations and the file's own, each once."""
    stored = store.annotations(dataset_id)
    pairs = list(zip(stored["timestamp"], stored["text"], strict=True))
    pairs += [(item["timestamp"], item["text"]) for item in meta.get("annotations") or []]
    items = []
    for ts, note in pairs:
        item = {"timestamp": pd.Timestamp(ts).tz_convert("UTC").isoformat(), "text": str(note)}
        if item not in items:
            items.append(item)
    return items


def publish_new(store: Store, editor: Editor, upload: Upload, details: Details | None = None,
                *, result: ReadResult | None = None,
                progress: Progress | None = None) -> Published:
    """Store the file as a new dataset."""
    editor = verify(editor)
    result = _reading(upload, result, progress)
    meta = _metadata(result, upload)
    fallback = Details(name=default_name(upload.filename))
    ingest = _ingest(store, editor, result.table, meta, _fields(details, meta, fallback), None,
                     progress)
    return Published(ingest, list(result.warnings), len(result.table))


def publish_version(store: Store, editor: Editor, dataset_id: str, upload: Upload,
                    details: Details | None = None, *, result: ReadResult | None = None,
                    progress: Progress | None = None) -> Published:
    """Store the file as the next version of ``dataset_id`` (which must be the newest)."""
    editor = verify(editor)
    old = _current(store, dataset_id)
    result = _reading(upload, result, progress)
    meta = _metadata(result, upload)
    meta["annotations"] = _carried_annotations(store, dataset_id, meta)
    fallback = Details(old.name, old.description, old.source, old.licence)
    ingest = _ingest(store, editor, result.table, meta, _fields(details, meta, fallback),
                     dataset_id, progress)
    return Published(ingest, list(result.warnings), len(result.table))


def append(store: Store, editor: Editor, dataset_id: str, upload: Upload, *,
           result: ReadResult | None = None, progress: Progress | None = None) -> Published:
    """Add newer observations to ``dataset_id``: a new version with the old and new rows."""
    editor = verify(editor)
    old_info = _current(store, dataset_id)
    result = _reading(upload, result, progress)
    old = store.load(dataset_id)
    new = result.table
    late = not_newer(old, new)
    if late.any():
        raise InputError(_late_problems(old, new, late, result, upload))
    new, renamed = _keep_names(old, new, display_name(upload.filename))
    combined = schema.canonical(pd.concat([old, new], ignore_index=True))
    meta = {k: v for k, v in old_info.metadata.items() if k != "bundled"}  # now partly uploaded
    meta["annotations"] = _carried_annotations(store, dataset_id, result.metadata)
    meta["appended_files"] = [*meta.get("appended_files", []),
                              display_name(upload.filename)]
    fields = {"name": old_info.name, "description": old_info.description,
              "source": old_info.source, "licence": old_info.licence}
    ingest = _ingest(store, editor, combined, meta, fields, dataset_id, progress)
    return Published(ingest, list(result.warnings) + renamed, len(new))


def not_newer(old: pd.DataFrame, new: pd.DataFrame) -> np.ndarray:
    """True for each row of ``new`` at or before the last time ``old`` has for its region
    and service (rows of regions or services new to ``old`` are False)."""
    last = (old.groupby(["service", "region_id"], observed=True)["timestamp"].max()
            .rename("last").reset_index())
    merged = new[["service", "region_id", "timestamp"]].merge(
        last, how="left", on=["service", "region_id"])
    return (merged["timestamp"] <= merged["last"]).to_numpy(dtype=bool, na_value=False)


def _late_problems(old: pd.DataFrame, new: pd.DataFrame, late: np.ndarray, result: ReadResult,
                   upload: Upload) -> list[Problem]:
    """Errors for the first rows (in file order) that are not newer than the dataset."""
    name = display_name(upload.filename)
    last = old.groupby(["service", "region_id"], observed=True)["timestamp"].max()
    rows = new.loc[late].reset_index(drop=True)
    where, column = source_rows(upload.data, name, result.format, upload.options, rows)
    order = np.argsort(np.where(np.isnan(where), np.inf, where), kind="stable")
    problems = []
    for i in order[:MAX_PROBLEMS]:
        row = rows.iloc[int(i)]
        stored = last[(row["service"], row["region_id"])]
        problems.append(Problem(
            name, "publish.not_newer", None if np.isnan(where[i]) else int(where[i]), column,
            time=_when(row["timestamp"]), region=row["region_id"],
            service=Phrase(f"check.service.{row['service']}"), stored=_when(stored)))
    if len(rows) > MAX_PROBLEMS:
        problems.append(Problem(name, "publish.more_late", count=len(rows) - MAX_PROBLEMS))
    return problems


def _when(ts: pd.Timestamp) -> str:
    return f"{pd.Timestamp(ts).tz_convert('UTC'):%Y-%m-%d %H:%M} UTC"


def _keep_names(old: pd.DataFrame, new: pd.DataFrame,
                file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """New rows with the dataset's names for regions it already has (a warning per change)."""
    names = old.drop_duplicates("region_id").set_index("region_id")["region_name"]
    stored = new["region_id"].map(names)
    differs = stored.notna() & (stored != new["region_name"])
    if not differs.any():
        return new, []
    first = new.loc[differs].iloc[0]
    count = new.loc[differs, "region_id"].nunique()
    note = Problem(file, "publish.names_kept", region=first["region_id"],
                   name=first["region_name"], stored=names[first["region_id"]], count=str(count))
    new = new.copy()
    new["region_name"] = stored.where(stored.notna(), new["region_name"]).astype("string")
    return new, [note]


def add_annotation(store: Store, editor: Editor, dataset_id: str, timestamp: object,
                   text: str) -> None:
    """A note at a time on a dataset's charts (such as the strike), by the editor."""
    editor = verify(editor)
    ts = pd.Timestamp(timestamp)
    if ts is pd.NaT or ts.tzinfo is None:
        raise ValueError("the annotation needs a time with a zone")
    note = " ".join(_CONTROL.sub(" ", str(text)).split())
    if not note:
        raise ValueError("the annotation text is empty")
    if len(note) > ANNOTATION_CHARS:
        raise ValueError(f"the annotation text is longer than {ANNOTATION_CHARS} characters")
    if store.get(dataset_id) is None:
        raise KeyError(dataset_id)
    store.add_annotation(dataset_id, ts.tz_convert("UTC"), note, by=editor.who)


def delete(store: Store, editor: Editor, dataset_id: str) -> None:
    """Remove a dataset (one version); the audit log keeps who and when."""
    editor = verify(editor)
    store.delete(dataset_id, by=editor.who)
