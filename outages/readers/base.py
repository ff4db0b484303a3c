"""What every reader returns before validation, the options every reader takes, and how
column names are compared."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import Problem

if TYPE_CHECKING:  # pandas is not loaded for what needs only ``column_key``
    import pandas as pd

EVENT_TYPES = ("outage", "all")  # the values of Options.event_types


@dataclass
class Options:
    """What the person told us about a file (command line flags or the upload form)."""

    service: str | None = None  # the service when the file has no service column
    tz: str | None = None  # the zone of naive times, e.g. "Europe/Kyiv"
    mapping: dict[str, str] | None = None  # canonical column -> file column, from the upload page
    # OE-417: "outage" keeps the event types that cut customers off, "all" keeps every event
    event_types: str = "outage"


@dataclass
class RawRead:
    """A reader's output: a raw frame (checked by ``outages.validate``) plus notes.

    ``frame`` has timestamp (UTC), region_id, region_name, service, customers_out, optional
    customers_restored and customers_total, and ``_row`` (the source row number).
    """

    frame: pd.DataFrame
    encoding: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    metadata: dict = field(default_factory=dict)
    # set when the reader already guarantees the counts are clean integers (fast path)
    validated_counts: bool = False
    # a published source whose figures we cannot correct (EAGLE-I, Purdue, OE-417): counts above
    # customers served are kept with a warning instead of rejecting the file
    published: bool = False
    # event sources: one row an event kept (region, start, end, customers, row and the format's
    # attributes, such as the OE-417 event type)
    events: pd.DataFrame | None = None


def column_key(name: object) -> str:
    """A column name as the alias tables spell it, for matching: lower case, each run of
    characters other than Latin or Cyrillic letters and digits one underscore, none at the ends.

    ``" Customers - Without  Power "`` -> ``customers_without_power``; ``OUTAGE.START.DATE`` ->
    ``outage_start_date``; ``"Область"`` -> ``область``.
    """
    return re.sub(r"[^0-9a-z\u0400-\u04ff]+", "_", str(name).strip().lower()).strip("_")
