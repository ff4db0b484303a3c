"""Problems found in input files: one template per code (``problem.<code>``), and where it is.

``outages.errors.Problem(file, code, row, column, **params)`` fills ``problem.<code>``; the
parameters are the template's placeholders, no more and no fewer. Parameters are values (file
names, cell values, column names, numbers) or phrases of their own, never English words.
"""

from __future__ import annotations

import string
from functools import cache

MESSAGES: dict[str, dict[str, str]] = {
    # Where a problem is (outages/errors.py)
    "problem_at.row": {"en": "row {row}", "uk": "рядок {row}"},
    "problem_at.column": {"en": "column {column!r}", "uk": "стовпець {column!r}"},
    "problem_at.line": {"en": "{where}: {message}", "uk": "{where}: {message}"},
    "problem.legacy": {"en": "{text}", "uk": "{text}"},
}


@cache
def expected(code: str) -> frozenset[str]:
    """The parameters problem ``code`` takes; KeyError for an unknown code."""
    try:
        text = MESSAGES[f"problem.{code}"]["en"]
    except KeyError:
        raise KeyError(f"no problem code {code!r} in outages.i18n.problems") from None
    return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name)


def codes() -> list[str]:
    """Every problem code."""
    return sorted(k.removeprefix("problem.") for k in MESSAGES if k.startswith("problem."))
