"""How fresh a dataset's figures are: the cadence its source publishes at and whether the
newest observation is older than that.

The cadence is the metadata's ``cadence_minutes`` when a publisher gives one (a utility's feed
every 15 minutes), else inferred as the median spacing of the dataset's distinct observation
times. :class:`Cadence` says which, so the page can tell a viewer whether it is a promise or a
guess.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

GIVEN = "metadata"  # Cadence.source: the publisher said so
INFERRED = "inferred"  # Cadence.source: the median spacing of the observation times


@dataclass(frozen=True)
class Cadence:
    minutes: float  # expected time between two observations
    source: str  # GIVEN or INFERRED


def given_minutes(metadata: Mapping[str, object]) -> float | None:
    """The metadata's ``cadence_minutes`` as a positive finite number, else None (a missing,
    negative or non-numeric value: the cadence is then inferred)."""
    value = metadata.get("cadence_minutes")
    if isinstance(value, bool) or value is None:
        return None
    try:
        minutes = float(value)
    except (TypeError, ValueError):
        return None
    return minutes if math.isfinite(minutes) and minutes > 0 else None


def inferred_minutes(times: pd.DatetimeIndex | pd.Series | np.ndarray) -> float | None:
    """The median spacing, in minutes, of the distinct times; None with fewer than two."""
    values = np.unique(pd.DatetimeIndex(times).as_unit("us").asi8)
    if len(values) < 2:
        return None
    return float(np.median(np.diff(values))) / 60e6


def cadence(metadata: Mapping[str, object],
            times: pd.DatetimeIndex | pd.Series | np.ndarray) -> Cadence | None:
    """The dataset's expected cadence: given in the metadata, else inferred from ``times``;
    None when neither says."""
    given = given_minutes(metadata)
    if given is not None:
        return Cadence(given, GIVEN)
    inferred = inferred_minutes(times)
    return None if inferred is None else Cadence(inferred, INFERRED)


def overdue(latest: pd.Timestamp | None, now: pd.Timestamp, expected: Cadence | None, *,
            live: bool) -> pd.Timedelta | None:
    """How old the newest observation is when that is more than the cadence, else None (also
    when there is no observation or no cadence).

    Only a dataset that promises more figures is overdue: one whose metadata gives its cadence
    (a feed), or a ``live`` one (``viewstate.is_live``). A finished event's history is not
    late, however old.
    """
    if latest is None or expected is None or not (live or expected.source == GIVEN):
        return None
    age = now - latest
    return age if age > pd.Timedelta(minutes=expected.minutes) else None
