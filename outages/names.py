"""Region ids and names must be plain text: the checks that keep tricks out of the store.

A name is shown in pages, tooltips, tables and exported spreadsheets, so a file is rejected when
a region id or name

- holds a control character (tab, line break, NUL...);
- looks like HTML or script (``<script>``, ``<img ...>``, ``&#60;``, ``javascript:``);
- starts like a spreadsheet formula (``=``, ``+``, ``@``, ``|``, or ``-`` not followed by a
  plain number);
- mixes Latin, Cyrillic or Greek letters in one word ("Kиїв" with a Latin K), or holds an
  invisible or direction-changing character (zero-width space, right-to-left override) or a
  fullwidth or mathematical look-alike letter ("Ｋyiv"): such names look the same as the real
  one but do not match it.

``problems(values, what)`` checks distinct values at once and returns (position, message) for
each value that breaks a rule; ``outages.validate`` turns them into row-and-column errors.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from .errors import Phrase

SHOWN_CHARS = 60

CONTROL = r"[\x00-\x1f\x7f-\x9f\u2028\u2029]"
# Characters that do not show, or turn text around: a name with one looks like another.
INVISIBLE = r"[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e" \
            r"\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]"
# Fullwidth and mathematical letters and digits: look-alikes of the ordinary ones.
LOOKALIKE = r"[\uff01-\uff5e\U0001d400-\U0001d7ff]"
MARKUP = r"<\s*/?\s*[a-zA-Z!?]|&#?\w+;|javascript\s*:"
FORMULA = r"[=+@|]|-(?!\d+(?:[.,]\d+)?$)"
SCRIPTS = {
    "Latin": "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f",
    "Cyrillic": "\u0400-\u052f",
    "Greek": "\u0386\u0388-\u03ff",
}
_MIXED = re.compile("|".join(
    f"[{a}][{b}]" for a_name, a in SCRIPTS.items() for b_name, b in SCRIPTS.items()
    if a_name != b_name))
_LETTER_OF = {name: re.compile(f"[{chars}]") for name, chars in SCRIPTS.items()}


def shown(value: str) -> str:
    """A value quoted for a message, shortened, control characters made visible."""
    text = value if len(value) <= SHOWN_CHARS else value[:SHOWN_CHARS - 1] + "…"
    return repr(text)


def script_of(letter: str) -> str:
    return next(name for name, pattern in _LETTER_OF.items() if pattern.fullmatch(letter))


def code_point(value: str, pattern: str) -> str:
    """The first character of ``value`` matching ``pattern``, as U+XXXX and its name."""
    char = re.search(pattern, value).group()
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed')}"


def mixed_message(value: str, what: Phrase) -> Phrase:
    pair = _MIXED.search(value).group()
    first, second = script_of(pair[0]), script_of(pair[1])
    return Phrase("names.mixed", what=what, value=shown(value), first=Phrase(f"names.{first}"),
                  second=Phrase(f"names.{second}"), a=pair[0], b=pair[1])


_WHAT = {"region id": "names.region_id", "region name": "names.region_name"}


def problems(values: pd.Series, what: str) -> list[tuple[int, str]]:
    """(position in ``values``, English message) for each value that breaks a rule: ``phrases``
    in English."""
    return [(i, phrase.message) for i, phrase in phrases(values, what)]


def phrases(values: pd.Series, what: str) -> list[tuple[int, Phrase]]:
    """(position in ``values``, message) for each value that breaks a rule (first rule only).

    ``values``: distinct, stripped texts (missing values are skipped); ``what``: how messages
    name them ("region id", "region name").
    """
    text = pd.Series(values, dtype="string")
    named = Phrase(_WHAT[what])
    rules = [
        (CONTROL, lambda v: Phrase("names.control", what=named, value=shown(v))),
        (MARKUP, lambda v: Phrase("names.markup", what=named, value=shown(v))),
        (FORMULA, lambda v: Phrase("names.formula", what=named, value=shown(v), first=v[0])),
        (_MIXED.pattern, lambda v: mixed_message(v, named)),
        (INVISIBLE, lambda v: Phrase("names.invisible", what=named, value=shown(v),
                                     char=code_point(v, INVISIBLE))),
        (LOOKALIKE, lambda v: Phrase("names.lookalike", what=named, value=shown(v),
                                     char=code_point(v, LOOKALIKE))),
    ]
    done = np.zeros(len(text), dtype=bool)
    found: list[tuple[int, Phrase]] = []
    for pattern, message in rules:
        if pattern is FORMULA:
            hit = text.str.match(pattern)
        else:
            hit = text.str.contains(pattern, regex=True)
        hit = hit.to_numpy(dtype=bool, na_value=False) & ~done
        for i in np.flatnonzero(hit):
            found.append((int(i), message(str(text.iloc[i]))))
        done |= hit
    return sorted(found)
