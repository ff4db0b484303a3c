"""What every reader returns before validation, and the options every reader takes."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..errors import Problem


@dataclass
class Options:
    """What the person told us about a file (command line flags or the upload form)."""

    service: str | None = None  # the service when the file has no service column
    tz: str | None = None  # the zone of naive times, e.g. "Europe/Kyiv"
    mapping: dict[str, str] | None = None  # canonical column -> file column, from the upload page


@dataclass
class RawRead:
    """A reader's output: a raw frame (see /work/brief.md and outages.validate) plus notes.

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
