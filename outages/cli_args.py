"""The command line's arguments, apart from the commands: ``python -m outages`` reads them
before the rest of the program loads (pandas, the store), to start on an ingest's file
(``readers.eaglei_blocks``). Each command imports what only it needs when it runs, so a cold
``summary`` or ``list`` starts sooner too.
"""

from __future__ import annotations

import argparse
from pathlib import Path

DESCRIPTION = "The command line: ingest, list, summary, export, delete, annotate, token."
# The parser's choices are written here, not imported (tests/test_cli.py checks them against
# the readers' registry, the export and the schema).
FORMAT_NAMES = ("csv", "eaglei", "events", "json", "oe417", "purdue", "wide")
EVENT_TYPES = ("outage", "all")
EXPORT_FORMATS = ("csv", "json", "parquet")
SERVICES = ("power", "water", "heating", "gas", "transit", "telecom")


def _utc(text: str):
    """An ISO 8601 time from the command line; without an offset it is UTC."""
    from . import times

    try:
        return times.utc(text, naive_zone="UTC")
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {text!r}") from exc


def parser() -> argparse.ArgumentParser:
    """The command line's arguments."""
    p = argparse.ArgumentParser(prog="python -m outages", description=DESCRIPTION)
    p.add_argument("--db", help="store URL (default: $OUTAGES_DB_URL, else data/outages.db)")
    sub = p.add_subparsers(dest="command", required=True)

    ing = sub.add_parser("ingest", help="read a file, validate it and store it as a dataset")
    ing.add_argument("file", type=Path)
    ing.add_argument("--name", help="dataset name (default: the file name)")
    ing.add_argument("--format", choices=FORMAT_NAMES, help="skip format detection")
    ing.add_argument("--service", choices=SERVICES, help="service when the file has none")
    ing.add_argument("--tz", help="zone of times written without an offset, e.g. Europe/Kyiv")
    ing.add_argument("--event-types", choices=EVENT_TYPES, default="outage",
                     help="OE-417: keep only event types that cut customers off (outage, the "
                          "default) or every event (all)")
    ing.add_argument("--replaces", metavar="DATASET", help="store as a new version of DATASET")
    ing.add_argument("--db", dest="db_sub", help=argparse.SUPPRESS)

    ls = sub.add_parser("list", help="the stored datasets")
    ls.add_argument("--json", action="store_true")
    ls.add_argument("--all", action="store_true", help="include superseded versions")
    ls.add_argument("--db", dest="db_sub", help=argparse.SUPPRESS)

    sm = sub.add_parser("summary", help="the headline numbers of a dataset")
    sm.add_argument("dataset")
    sm.add_argument("--service", choices=SERVICES)
    sm.add_argument("--region", action="append", default=[], metavar="ID")
    sm.add_argument("--start", type=_utc, help="ISO 8601 (UTC when no offset)")
    sm.add_argument("--end", type=_utc, help="ISO 8601 (UTC when no offset)")
    sm.add_argument("--by-region", action="store_true")
    sm.add_argument("--json", action="store_true", help="JSON (the default; kept for scripts)")
    sm.add_argument("--db", dest="db_sub", help=argparse.SUPPRESS)

    ex = sub.add_parser("export", help="write a dataset as CSV, JSON or Parquet")
    ex.add_argument("dataset")
    ex.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    ex.add_argument("-o", "--output", type=Path, required=True)
    ex.add_argument("--db", dest="db_sub", help=argparse.SUPPRESS)

    de = sub.add_parser("delete", help="delete a dataset (recorded in the audit log)")
    de.add_argument("dataset")
    de.add_argument("--db", dest="db_sub", help=argparse.SUPPRESS)

    an = sub.add_parser("annotate", help="add a note at a time, e.g. the strike")
    an.add_argument("dataset")
    an.add_argument("--at", type=_utc, required=True)
    an.add_argument("--text", required=True)
    an.add_argument("--db", dest="db_sub", help=argparse.SUPPRESS)

    tk = sub.add_parser("token", help="API tokens for publishing through the data API")
    tk_sub = tk.add_subparsers(dest="action", required=True)
    mk = tk_sub.add_parser("create", help="make a token; it is printed once, never stored")
    mk.add_argument("name", help="the token's name, as the audit log shows it (token:NAME)")
    scope = mk.add_mutually_exclusive_group(required=True)
    scope.add_argument("--dataset", metavar="ID", help="the dataset it may change (any version)")
    scope.add_argument("--all", action="store_true", help="every dataset, and new ones")
    rv = tk_sub.add_parser("revoke", help="revoke a token by name")
    rv.add_argument("name")
    tk_sub.add_parser("list", help="the tokens (names and scopes; never the secrets)")
    for sp in (mk, rv):
        sp.add_argument("--db", dest="db_sub", help=argparse.SUPPRESS)
    return p
