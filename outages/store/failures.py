"""Why the store cannot be used: an error from its environment, told in one line.

``diagnose(exc, url)`` recognises the failures that are not bugs but the machine's state: a
read-only folder or file system, a full disk, a file that is not a database or is damaged,
PostgreSQL not answering, a store locked for too long or written by a newer program. It
returns None for anything else, which should show as the bug it is. The command line prints
``Failure.line()``; the dashboard shows ``Failure.text(lang)`` and logs the details (paths and
server names are not shown to visitors).
"""

from __future__ import annotations

import errno
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from outages.i18n import t
from outages.store.engine import StoreBusyError, default_url, parse_url
from outages.store.migrations import StoreVersionError

CODES = ("disk_full", "read_only", "cannot_open", "not_a_database", "damaged", "io_error",
         "denied", "unreachable", "busy", "version")
_SQLITE = {13: "disk_full", 8: "read_only", 14: "cannot_open", 26: "not_a_database",
           11: "damaged", 10: "io_error", 3: "denied", 23: "denied"}  # primary result codes
_OS = {errno.ENOSPC: "disk_full", errno.EDQUOT: "disk_full", errno.EROFS: "read_only",
       errno.EACCES: "denied", errno.EPERM: "denied", errno.EIO: "io_error"}
_PG_STATES = {"53100": "disk_full", "25006": "read_only"}  # disk_full, read_only_sql_transaction


@dataclass(frozen=True)
class Failure:
    code: str  # one of CODES; the message is outages.i18n's "store.why.<code>"
    where: str  # the store file, or PostgreSQL's host, port and database
    detail: str = ""  # the system's own words, one line

    def text(self, lang: str = "en") -> str:
        """What is wrong, for anyone (no paths or server names)."""
        return t(f"store.why.{self.code}", lang)

    def line(self) -> str:
        """One line for the person running the program: what is wrong, where, in whose words."""
        said = f": {self.detail}" if self.detail else ""
        return f"the store is unavailable: {self.text()} ({self.where}{said})"


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def shown_url(url: str | None) -> str:
    """The store's file path, or PostgreSQL's host:port/database (never a password)."""
    url = url or default_url()
    try:
        parsed, backend = parse_url(url)
    except (ValueError, sa.exc.ArgumentError):
        return _one_line(url)
    if backend == "sqlite":
        return str(parsed.database)
    return f"{parsed.host or 'localhost'}:{parsed.port or 5432}/{parsed.database or ''}"


def _chain(exc: BaseException) -> list[BaseException]:
    """The error, what it wraps (a driver's error inside SQLAlchemy's) and what caused it."""
    seen: list[BaseException] = []
    todo = [exc]
    while todo and len(seen) < 10:
        item = todo.pop(0)
        if item is None or any(item is s for s in seen):
            continue
        seen.append(item)
        todo += [getattr(item, "orig", None), item.__cause__, item.__context__]
    return seen


def _code(exc: BaseException) -> str | None:
    if isinstance(exc, StoreBusyError):
        return "busy"
    if isinstance(exc, StoreVersionError):
        return "version"
    if isinstance(exc, sqlite3.Error):
        number = getattr(exc, "sqlite_errorcode", None)
        if number is not None:
            return _SQLITE.get(number & 0xFF)
        words = str(exc)
        return ("disk_full" if "disk is full" in words else "not_a_database"
                if "not a database" in words else "read_only" if "readonly" in words else None)
    if isinstance(exc, OSError):
        return _OS.get(exc.errno)
    if type(exc).__module__.split(".")[0] == "psycopg":
        state = getattr(exc, "sqlstate", None) or ""
        if state in _PG_STATES:
            return _PG_STATES[state]
        if state.startswith("28"):  # invalid authorization: wrong user or password
            return "denied"
        if type(exc).__name__ == "OperationalError" or state.startswith(("08", "57P", "3D")):
            return "unreachable"  # cannot connect, server shutting down, no such database
    return None


def _read_only_folder(folder: Path) -> bool:
    """True when ``folder`` exists but files cannot be made in it (a read-only file system or
    no permission); SQLite then says only that it cannot open the file."""
    try:
        return folder.is_dir() and (bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
                                    or not os.access(folder, os.W_OK))
    except OSError:
        return False


def diagnose(exc: BaseException, url: str | None = None) -> Failure | None:
    """A Failure when ``exc`` (from opening, reading or writing the store at ``url``) comes
    from the machine's state rather than from a bug; None otherwise."""
    for item in _chain(exc):
        code = _code(item)
        if code is None:
            continue
        where = shown_url(url)
        if isinstance(item, OSError) and getattr(item, "filename", None):
            where = str(item.filename)
        if code == "cannot_open" and _read_only_folder(Path(where).parent):
            code = "read_only"
        detail = item.strerror if isinstance(item, OSError) and item.strerror else item
        return Failure(code, where, _one_line(detail))
    return None
