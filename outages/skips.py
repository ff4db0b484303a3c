"""Rows a reader skipped, by reason, as people read them: each known reason through
outages.i18n (a reason no mapping knows is shown as the reader wrote it), the headline counts
of a preview and the caveat a published dataset carries.

Readers count skipped rows under English reasons (``ReadResult.skipped``, stored in a
dataset's metadata as ``skipped``); the caveat is stored in English, like the readers' own
caveats, and shown in the page's language by ``caveat_in``.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import fmt
from .i18n import t
from .readers import eaglei, events, oe417, purdue

# A reader's reason -> its message key (outages/i18n/upload.py, "skip.*")
REASON_KEYS = {
    events.UNKNOWN_COUNT: "skip.unknown_count",
    events.ZERO_COUNT: "skip.zero_count",
    events.NO_START: "skip.no_start",
    events.NO_END: "skip.no_end",
    events.NOT_AFTER: "skip.not_after",
    events.NO_REGION: "skip.no_region",
    events.BAD_COUNT: "skip.bad_count",
    events.BAD_START: "skip.bad_start",
    events.BAD_END: "skip.bad_end",
    oe417.DUPLICATE: "skip.oe417_duplicate",
    oe417.EXCLUDED: "skip.oe417_excluded",
    "area affected not placed": "skip.no_place",  # OE-417 (outages.readers.oe417)
    purdue.NO_STATE: "skip.no_state",
    eaglei.NO_FIPS: "skip.no_fips",
    eaglei.NO_TIME: "skip.no_time",
    eaglei.BLANK: "skip.blank_count",
    eaglei.DUPLICATE: "skip.eaglei_duplicate",
    "blank cells": "skip.blank_cells",
}


def reason_text(reason: str, lang: str) -> str:
    """A skip reason in ``lang``; one no mapping knows as the reader wrote it."""
    key = REASON_KEYS.get(reason)
    return t(key, lang) if key else reason


def total(skipped: Mapping[str, int] | None) -> int:
    return sum(int(n) for n in (skipped or {}).values())


def listed(skipped: Mapping[str, int], lang: str) -> str:
    """"reason: count; reason: count", the largest first."""
    ordered = sorted(skipped.items(), key=lambda item: (-int(item[1]), item[0]))
    return "; ".join(f"{reason_text(r, lang)}: {fmt.number(int(n), lang)}" for r, n in ordered)


def caveat(skipped: Mapping[str, int] | None, lang: str = "en") -> str | None:
    """The caveat naming how many rows were skipped and why, or None when none were."""
    count = total(skipped)
    if not count:
        return None
    return t("skip.caveat", lang, count=fmt.number(count, lang), reasons=listed(skipped, lang))


def caveat_in(text: str, skipped: Mapping[str, int] | None, lang: str) -> str:
    """A stored caveat in ``lang`` when it is the (English) skip caveat, else as stored."""
    return (caveat(skipped, lang) or text) if text == caveat(skipped) else text
