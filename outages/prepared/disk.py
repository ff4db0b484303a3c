"""The pre-aggregates kept on disk: built once per dataset version, then memory-mapped by
every later process (a cold load in milliseconds; only the pages a view reads count towards
the process's memory).

A copy is a folder of .npy files and a manifest (prepared.json, written last) that names each
file with its dtype, shape and checksum. A copy that is not whole and unaltered is discarded
and rebuilt from the store, with a warning in the log; its checksums are verified once per
process (see ``_open``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa

from outages import config
from outages.prepared.build import prepare, prepare_encoded
from outages.prepared.parts import Changes, Part
from outages.prepared.query import Prepared

FORMAT = 2  # bump when the arrays, their meaning or the manifest change: older copies are rebuilt
MANIFEST = "prepared.json"
HASH = "sha256"  # of each .npy file's bytes (with SHA-NI the fastest in hashlib here)
_ARRAYS = ("offsets", "times", "tidx", "out", "first_tidx", "count", "plus", "minus",
           "restored", "restored_null")
_CHANGES = ("names", "totals")
_CHANGE_ARRAYS = ("pos", "value", "offsets", "missing")
_OPEN_ERRORS = (OSError, ValueError, KeyError, TypeError, IndexError, EOFError, AttributeError)

log = logging.getLogger(__name__)
_verified: set[tuple] = set()  # copies whose checksums this process has verified (see _identity)


class Damaged(ValueError):
    """A cached copy that is there but unusable: incomplete, of another format, or altered."""


def _part_arrays(p: Part) -> dict[str, np.ndarray]:
    """A part's arrays by name (``names.pos``...), those it lacks left out."""
    arrays = {name: getattr(p, name) for name in _ARRAYS}
    for group in _CHANGES:
        changes = getattr(p, group)
        arrays.update({f"{group}.{a}": getattr(changes, a) for a in _CHANGE_ARRAYS})
    return {name: value for name, value in arrays.items() if value is not None}


def _digest(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, HASH).hexdigest()


def _digests(folder: Path, files: list[str]) -> list[str]:
    """The checksum of each file, hashed on up to four threads (hashlib lets go of the GIL)."""
    if len(files) < 2:
        return [_digest(folder / f) for f in files]
    with ThreadPoolExecutor(max_workers=min(4, len(files))) as pool:
        return list(pool.map(lambda f: _digest(folder / f), files))


def save(prepared: Prepared, folder: Path) -> None:
    """Write the pre-aggregates to ``folder`` (made whole or not at all: written beside it,
    the manifest last, then renamed). Raises OSError when it cannot be written."""
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        parts = []
        for k, p in enumerate(prepared.parts):
            parts.append(part_meta(p.service, p.ids, p.name_table))
            for name, value in _part_arrays(p).items():
                np.save(tmp / f"{k}.{name}.npy", np.ascontiguousarray(value))
        seal(tmp, parts, folder)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def part_meta(service: str, ids, name_table) -> dict:
    """What the manifest says of one part besides its arrays."""
    return {"service": service, "ids": [str(i) for i in ids],
            "name_table": [str(n) for n in name_table]}


def seal(tmp: Path, parts: list[dict], folder: Path) -> None:
    """Make ``tmp`` (a folder beside ``folder`` holding every part's .npy files, named
    ``{part}.{array}.npy``) a whole copy: its manifest written last, then renamed to
    ``folder`` (kept when another process's whole copy is there first)."""
    meta = {"format": FORMAT, "hash": HASH, "parts": parts, "arrays": {}}
    files = sorted(f.name for f in tmp.glob("*.npy"))
    for file, digest in zip(files, _digests(tmp, files), strict=True):
        with open(tmp / file, "rb") as f:
            read = (np.lib.format.read_array_header_1_0 if np.lib.format.read_magic(f) == (1, 0)
                    else np.lib.format.read_array_header_2_0)
            shape, _, dtype = read(f)
        meta["arrays"][file] = {"dtype": dtype.str, "shape": list(shape), HASH: digest}
    (tmp / f"{MANIFEST}.tmp").write_text(json.dumps(meta, ensure_ascii=False))
    (tmp / f"{MANIFEST}.tmp").replace(tmp / MANIFEST)
    try:
        tmp.rename(folder)
    except OSError:
        if not (folder / MANIFEST).exists():  # not another process's copy: fail
            raise


def read(folder: Path) -> Prepared | None:
    """Pre-aggregates written by ``save``, memory-mapped read-only; None when ``folder`` holds
    none of this format, whole and unaltered (missing, older, damaged or changed)."""
    try:
        return _open(Path(folder))
    except Damaged:
        return None


def _open(folder: Path) -> Prepared | None:
    """The copy in ``folder``; None when there is none; Damaged (saying why) when there is one
    that is not whole and unaltered.

    Each array's dtype and shape are checked against the manifest and the parts' sizes against
    each other every time (cheap). Checksums are verified the first time this process opens
    the copy (every file read once: about 0.1-0.2 s per 100 MB here) and not again while the
    files stay the same ones (same inode, size and modification time)."""
    if not folder.exists():
        return None
    try:
        meta = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if not isinstance(meta, dict) or meta.get("format") != FORMAT or meta.get("hash") != HASH:
            found = meta.get("format") if isinstance(meta, dict) else None
            raise Damaged(f"format {found!r}, this version reads {FORMAT}")
        listed = meta["arrays"]
        arrays = {}
        for file, want in listed.items():
            if Path(file).name != file or not file.endswith(".npy"):
                raise Damaged(f"the manifest names {file!r}")
            if not (folder / file).is_file():
                raise Damaged(f"{file} is missing")
            array = np.load(folder / file, mmap_mode="r", allow_pickle=False)
            if array.dtype.str != want["dtype"] or list(array.shape) != want["shape"]:
                raise Damaged(f"{file} holds {array.dtype.str} {list(array.shape)}, the "
                              f"manifest says {want['dtype']} {want['shape']}")
            arrays[file] = array
        parts = {}
        for k, m in enumerate(meta["parts"]):
            values = {name: arrays.get(f"{k}.{name}.npy") for name in _ARRAYS}
            for group in _CHANGES:
                values[group] = Changes(*(arrays.get(f"{k}.{group}.{a}.npy")
                                           for a in _CHANGE_ARRAYS))
            part = Part(service=str(m["service"]), ids=np.asarray(m["ids"], dtype=object),
                         name_table=np.asarray(m["name_table"], dtype=object), **values)
            _check_sizes(part)
            parts[part.service] = part
        identity = _identity(folder, [MANIFEST, *listed])
        if identity not in _verified:
            files = list(listed)
            altered = [f for f, digest in zip(files, _digests(folder, files), strict=True)
                       if digest != listed[f][HASH]]
            if altered:
                raise Damaged(f"checksum mismatch in {', '.join(altered)}")
            _verified.add(identity)
        return Prepared(parts)
    except Damaged:
        raise
    except _OPEN_ERRORS as problem:
        raise Damaged(f"{type(problem).__name__}: {problem}") from problem


def _identity(folder: Path, files: list[str]) -> tuple:
    """What tells one copy from another: the files' inodes, sizes and modification times."""
    stats = [(folder / f).stat() for f in files]
    return (str(folder.resolve()),
            *((s.st_dev, s.st_ino, s.st_size, s.st_mtime_ns) for s in stats))


def _check_sizes(p: Part) -> None:
    """Damaged unless the part's arrays have the sizes its regions, rows and times give."""
    if p.tidx is None or p.times is None:
        raise Damaged(f"{p.service}: no rows or no times")
    n, t, r = len(p.tidx), len(p.times), len(p.ids)
    sizes = {"offsets": r + 1, "times": t, "tidx": n, "out": n, "first_tidx": r, "count": t,
             "plus": t, "minus": t}
    if p.restored is not None or p.restored_null is not None:
        sizes.update(restored=n, restored_null=n)
    for name, size in sizes.items():
        array = getattr(p, name)
        if array is None or array.ndim != 1 or len(array) != size:
            raise Damaged(f"{p.service}: {name} does not fit the part's {n} rows, {t} times "
                          f"and {r} regions")
    if r == 0 or p.offsets[0] != 0 or p.offsets[-1] != n:
        raise Damaged(f"{p.service}: offsets do not cover the rows")
    for group in _CHANGES:
        c = getattr(p, group)
        if (c.pos is None or c.value is None or c.offsets is None or c.pos.ndim != 1
                or len(c.value) != len(c.pos) or len(c.offsets) != r + 1
                or (c.missing is not None and len(c.missing) != len(c.pos))
                or c.offsets[0] != 0 or c.offsets[-1] != len(c.pos)):
            raise Damaged(f"{p.service}: {group} does not fit the part")


def _discard(folder: Path) -> None:
    """Remove a damaged copy: renamed first (no reader sees it half-deleted), then deleted.
    A copy already gone (another process repaired it) or a read-only folder is left be."""
    trash = folder.with_name(f".{folder.name}-damaged-{os.getpid()}-{threading.get_ident()}")
    try:
        folder.rename(trash)
    except OSError:
        return
    shutil.rmtree(trash, ignore_errors=True)


def cache_folder(store) -> Path:
    """Where a store's pre-aggregates are kept: $OUTAGES_CACHE_DIR, else beside an SQLite
    store's file (``prepared/`` in its folder), else ~/.cache/outages/prepared."""
    configured = config.cache_dir()
    if configured is not None:
        return configured
    if getattr(store, "backend", None) == "sqlite":
        database = sa.make_url(store.url).database
        if database and database != ":memory:":
            return Path(database).resolve().parent / "prepared"
    return Path.home() / ".cache" / "outages" / "prepared"


def _place(store, dataset_id: str, folder: Path | None) -> Path:
    info = store.get(dataset_id)
    if info is None:
        raise KeyError(dataset_id)
    return _content_place(store, info.sha256, folder)


def _content_place(store, sha256: str, folder: Path | None) -> Path:
    """Where the pre-aggregates of content ``sha256`` (a dataset's hash) are kept."""
    return Path(folder or cache_folder(store)) / f"{sha256}-v{FORMAT}"


def _usable(place: Path) -> Prepared | None:
    """The copy at ``place`` when it is whole and unaltered; a damaged one is logged and
    discarded (None)."""
    try:
        return _open(place)
    except Damaged as problem:
        log.warning("pre-aggregates in %s are damaged (%s): discarded, rebuilding them",
                    place, problem)
        _discard(place)
        return None


def _keep(prepared: Prepared, place: Path) -> bool:
    """Cache ``prepared`` at ``place`` and remove the dataset's copies of other formats; a
    folder that cannot be written leaves the process working from memory (False)."""
    try:
        save(prepared, place)
    except OSError as problem:
        log.warning("pre-aggregates not cached in %s (%s): working from memory", place, problem)
        return False
    stem = place.name.rsplit("-v", 1)[0]
    for other in place.parent.glob(f"{stem}-v*"):
        if other != place and other.is_dir():
            shutil.rmtree(other, ignore_errors=True)
    return True


def _cache_at(place: Path, prepared: Prepared) -> bool:
    """Cache ``prepared`` at ``place`` unless a whole copy is there: whether it was written."""
    return _usable(place) is None and _keep(prepared, place)


def cache_content(store, sha256: str, prepared: Prepared, folder: Path | None = None
                  ) -> Path | None:
    """Cache the pre-aggregates of content ``sha256`` (a dataset's hash, which names their
    place) while that content is being stored: the folder written (to be removed should the
    store refuse the content), or None when a whole copy was there already or none could be
    written."""
    place = _content_place(store, sha256, folder)
    return place if _cache_at(place, prepared) else None


def adopt(store, sha256: str, built: Path, folder: Path | None = None) -> Path | None:
    """Cache the pre-aggregates of content ``sha256`` that were built and sealed in ``built``
    (``prepared.stream``) by moving that folder to their place (copied beside it first when
    it is on another disk): the place written, or None when a whole copy was there already or
    none could be written."""
    place = _content_place(store, sha256, folder)
    if _usable(place) is not None:
        return None
    try:
        place.parent.mkdir(parents=True, exist_ok=True)
        try:
            built.rename(place)
        except OSError:
            if (place / MANIFEST).exists():
                return None
            beside = Path(tempfile.mkdtemp(prefix=f".{place.name}-", dir=place.parent))
            shutil.copytree(built, beside, dirs_exist_ok=True)
            beside.rename(place)
    except OSError as problem:
        log.warning("pre-aggregates not cached in %s (%s)", place, problem)
        return None
    return place


def load(store, dataset_id: str, folder: Path | None = None) -> Prepared:
    """A stored dataset's pre-aggregates: read from the cache when built before (any process),
    else built from the stored columns (``store.load_encoded`` when the store has it, else
    ``store.load``) and cached (when the folder is writable). A damaged copy is replaced.

    ``folder``: the cache (default ``cache_folder(store)``). KeyError for an unknown dataset.
    """
    place = _place(store, dataset_id, folder)
    found = _usable(place)
    if found is not None:
        return found
    load_encoded = getattr(store, "load_encoded", None)  # the integer columns: less memory
    prepared = (prepare_encoded(load_encoded(dataset_id)) if load_encoded is not None
                else prepare(store.load(dataset_id)))
    _keep(prepared, place)
    return prepared


def cache(store, dataset_id: str, table, folder: Path | None = None) -> Prepared:
    """Build a just-stored dataset's pre-aggregates from its table (already in memory after an
    ingest; a DataFrame or the store's ``codec.Encoded`` columns) and cache them, so that no
    process has to load the table to show it (``cache_content`` caches them while the store
    writes, when they are built before)."""
    place = _place(store, dataset_id, folder)
    prepared = prepare(table) if isinstance(table, pd.DataFrame) else prepare_encoded(table)
    _cache_at(place, prepared)
    return prepared

