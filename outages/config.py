"""Settings, read in one place: where the data and the store are, and what the environment says.

Every setting a person can change is listed in ``ENVIRONMENT`` (and in the README's
"Settings" section, which a test keeps in step). Code asks this module; it does not read
``os.environ`` itself. Editing settings come from Streamlit's secrets first (``[editing]``
and ``[auth]`` in ``.streamlit/secrets.toml``, passed in by the page as a plain dict), then
from the environment.

Files: in a checkout of the repository the bundled samples and boundaries are its ``data/``
folder and the embedded store is ``data/outages.db``. Installed with ``pip install .``, the
same files ship inside the package (``outages/_data``) and the store goes to the user's data
folder (``$XDG_DATA_HOME/outages``, by default ``~/.local/share/outages``), since the package's
own folder may not be writable.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from . import limits

PACKAGE = Path(__file__).resolve().parent
CHECKOUT_DATA = PACKAGE.parent / "data"  # a clone of the repository
INSTALLED_DATA = PACKAGE / "_data"  # the same files inside an installed wheel

PASSWORD_ENV = "OUTAGES_EDITOR_PASSWORD"  # noqa: S105 (the name of a variable)
EDITORS_ENV = "OUTAGES_EDITORS"
PROXIES_ENV = "OUTAGES_TRUSTED_PROXIES"
REFRESH_ENV = "OUTAGES_REFRESH_SECONDS"
REFRESH_SECONDS = 60  # an open page checks the store for a newer version this often
MIN_REFRESH_SECONDS = 1  # a smaller positive value is raised to this (a check is a query)

# name -> what it sets (the README lists the same)
ENVIRONMENT: dict[str, str] = {
    "OUTAGES_DB_URL": "the store: a PostgreSQL URL (postgresql://user@host/db) or an SQLite "
                      "file; default: the embedded SQLite store",
    "OUTAGES_CACHE_DIR": "where pre-aggregates are kept; default: beside an SQLite store, "
                         "else ~/.cache/outages/prepared",
    "OUTAGES_DATA_DIR": "the folder of bundled samples and boundaries; default: the "
                        "repository's data/ (or the copy inside an installed package)",
    PASSWORD_ENV: "the editors' password, when secrets have no [editing] password "
                  "(at least 8 characters; unset: no password sign-in)",
    EDITORS_ENV: "e-mails allowed to edit after an OIDC login, comma-separated, when "
                 "secrets have no [editing] editors",
    PROXIES_ENV: "reverse proxies (addresses or networks, comma-separated) whose "
                 "X-Forwarded-For names the visitor, when secrets have no "
                 "[editing] trusted_proxies",
    "OUTAGES_MAX_FILE_MB": "the largest file, in MB, the command line and the readers take "
                           "(browser uploads stay capped by server.maxUploadSize); default: "
                           "outages.limits.MAX_FILE_BYTES (2,048 MB)",
    "OUTAGES_MAX_ROWS": "the most rows one EAGLE-I file may hold; default: "
                        "outages.limits.MAX_ROWS (60 M, about two years of county data)",
    "OUTAGES_GROUP_ROWS": "rows of a large EAGLE-I file taken at a time by the command "
                          "line's ingest (a group of counties; memory grows with it); "
                          "default: outages.limits.GROUP_ROWS (2 M)",
    "OUTAGES_PREVIEW_MEMORY_MB": "memory, in MB, for reading one uploaded file in its worker "
                                 "process; default: outages.limits.PREVIEW_MEMORY_MB",
    "OUTAGES_PREVIEW_SECONDS": "time, in seconds, for reading one uploaded file; default: "
                               "outages.limits.PREVIEW_SECONDS",
    REFRESH_ENV: "how often, in seconds, an open page checks for a newly published version; "
                 f"0 turns the check off; default: {REFRESH_SECONDS}",
    "OUTAGES_ALERT_PRIVATE_WEBHOOKS": "1 lets alert webhooks go to loopback and private "
                                      "addresses (tests, self-hosting); default: refused, "
                                      "since the server would post wherever a visitor asks",
}


def _env(name: str, environ: Mapping[str, str] | None = None) -> str | None:
    if name not in ENVIRONMENT:  # every setting is documented
        raise KeyError(name)
    value = (os.environ if environ is None else environ).get(name, "").strip()
    return value or None


def in_checkout() -> bool:
    """True when running from a clone of the repository (its data/ folder is beside us)."""
    return (CHECKOUT_DATA / "samples").is_dir()


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The folder holding samples/ and boundaries/."""
    given = _env("OUTAGES_DATA_DIR", environ)
    if given:
        return Path(given).expanduser()
    return CHECKOUT_DATA if in_checkout() else INSTALLED_DATA


def default_store_path(environ: Mapping[str, str] | None = None) -> Path:
    """The embedded store's file: data/outages.db in a checkout, else in the user's data
    folder."""
    if in_checkout():
        return CHECKOUT_DATA / "outages.db"
    base = (os.environ if environ is None else environ).get("XDG_DATA_HOME") \
        or str(Path.home() / ".local" / "share")
    return Path(base) / "outages" / "outages.db"


def store_url(environ: Mapping[str, str] | None = None) -> str:
    """OUTAGES_DB_URL, else the embedded SQLite store."""
    return _env("OUTAGES_DB_URL", environ) or f"sqlite:///{default_store_path(environ)}"


def cache_dir(environ: Mapping[str, str] | None = None) -> Path | None:
    """OUTAGES_CACHE_DIR when set, else None (the store decides)."""
    given = _env("OUTAGES_CACHE_DIR", environ)
    return Path(given).expanduser() if given else None


@dataclass(frozen=True)
class EditingSettings:
    """Who may edit, as configured (raw values; ``outages.auth`` judges them)."""

    password: object  # the configured password (auth.usable_password decides if it is one)
    editors: object  # e-mails: a list or one comma-separated text
    oidc: bool  # an [auth] section is configured (Streamlit's OIDC login)
    proxies: object  # trusted reverse proxies: a list or one comma-separated text


def editing(secrets: Mapping[str, object],
            environ: Mapping[str, str] | None = None) -> EditingSettings:
    """The editing settings: ``[editing]`` in the secrets, else the environment."""
    section = secrets.get("editing") or {}
    if not hasattr(section, "get"):
        section = {}

    def pick(key: str, env: str) -> object:
        value = section.get(key)
        if value is None:
            value = (os.environ if environ is None else environ).get(env)
        return value

    return EditingSettings(pick("password", PASSWORD_ENV), pick("editors", EDITORS_ENV) or "",
                           "auth" in secrets, pick("trusted_proxies", PROXIES_ENV) or "")


def _positive(name: str, default: float, environ: Mapping[str, str] | None) -> float:
    """The setting ``name`` as a positive finite number, else ``default`` (also when it is not
    a number: a preview cap must never be lifted by a typo)."""
    given = _env(name, environ)
    try:
        value = float(given) if given else float(default)
    except ValueError:
        return float(default)
    return value if math.isfinite(value) and value > 0 else float(default)


def preview_memory_mb(environ: Mapping[str, str] | None = None) -> float:
    """OUTAGES_PREVIEW_MEMORY_MB, else limits.PREVIEW_MEMORY_MB."""
    return _positive("OUTAGES_PREVIEW_MEMORY_MB", limits.PREVIEW_MEMORY_MB, environ)


def preview_seconds(environ: Mapping[str, str] | None = None) -> float:
    """OUTAGES_PREVIEW_SECONDS, else limits.PREVIEW_SECONDS."""
    return _positive("OUTAGES_PREVIEW_SECONDS", limits.PREVIEW_SECONDS, environ)


def max_file_bytes(environ: Mapping[str, str] | None = None) -> int:
    """OUTAGES_MAX_FILE_MB in bytes, else limits.MAX_FILE_BYTES: an operator's setting for
    ingesting files larger than a year of county data from the command line."""
    return int(_positive("OUTAGES_MAX_FILE_MB", limits.MAX_FILE_BYTES / 1024**2, environ)
               * 1024**2)


def max_rows(environ: Mapping[str, str] | None = None) -> int:
    """OUTAGES_MAX_ROWS, else limits.MAX_ROWS (EAGLE-I files)."""
    return int(_positive("OUTAGES_MAX_ROWS", limits.MAX_ROWS, environ))


def group_rows(environ: Mapping[str, str] | None = None) -> int:
    """OUTAGES_GROUP_ROWS, else limits.GROUP_ROWS."""
    return int(_positive("OUTAGES_GROUP_ROWS", limits.GROUP_ROWS, environ))


def refresh_seconds(environ: Mapping[str, str] | None = None) -> float | None:
    """OUTAGES_REFRESH_SECONDS: how often an open page checks for a newer version; None when
    it is 0 (no check). A value that is not a non-negative finite number gives the default."""
    given = _env(REFRESH_ENV, environ)
    try:
        value = float(given) if given else float(REFRESH_SECONDS)
    except ValueError:
        return float(REFRESH_SECONDS)
    if not math.isfinite(value) or value < 0:
        return float(REFRESH_SECONDS)
    return None if value == 0 else max(value, MIN_REFRESH_SECONDS)


def alert_private_webhooks(environ: Mapping[str, str] | None = None) -> bool:
    """OUTAGES_ALERT_PRIVATE_WEBHOOKS is 1 (or true/yes): webhooks may go to loopback and
    private addresses. Anything else keeps them refused."""
    value = _env("OUTAGES_ALERT_PRIVATE_WEBHOOKS", environ)
    return value is not None and value.lower() in ("1", "true", "yes")
