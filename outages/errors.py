"""Problems found in input, and the error that rejects a file whole.

A problem is a code with parameters, the file, and where in it (row, column), in the manner of
Frictionless' errors. Its sentence is made by ``outages.i18n`` from the template
``problem.<code>`` (``outages/i18n/problems.py``) in the reader's language; ``message`` and
``str()`` give the English, as the command line shows it.

Parameters are shown as given, except: a whole number (``int``) is grouped by ``outages.fmt``
(800,000 / 800 000), so a number written ungrouped (a line number) is passed as text; a
``Number`` shows with its decimals (3.5 / 3,5); a ``Phrase`` or ``Problem`` shows as its
sentence in the same language; ``Listed`` shows its items joined. File names, cell values
and column names are values, never translated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Mapping

    import pandas as pd

Params = tuple[tuple[str, object], ...]


class Listed(NamedTuple):
    """Values or phrases shown one after another, separated by ``sep``."""

    items: tuple
    sep: str = ", "


class Number(NamedTuple):
    """A number shown with ``digits`` decimals in the reader's language (3.5 / 3,5)."""

    value: float
    digits: int = 0


def _check(code: str, params: dict[str, object]) -> None:
    from .i18n.problems import expected

    names = expected(code)  # KeyError for an unknown code
    if set(params) != names:
        raise TypeError(f"problem {code!r} takes {sorted(names)}, was given {sorted(params)}")


def _shown(value: object, lang: str) -> object:
    from .fmt import number

    if isinstance(value, Phrase | Problem):
        return value.detail(lang)
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        return number(value, lang)
    if isinstance(value, Number):
        return number(value.value, lang, value.digits)
    if isinstance(value, Listed):
        return value.sep.join(str(_shown(v, lang)) for v in value.items)
    return value


@dataclass(frozen=True, init=False)
class Phrase:
    """A sentence to be made in the reader's language: ``problem.<code>`` with ``params``
    (a part of a problem, such as the reason a cell is unreadable)."""

    code: str
    items: Params

    def __init__(self, code: str, /, **params: object):
        _check(code, params)
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "items", tuple(sorted(params.items())))

    @property
    def params(self) -> Mapping[str, object]:
        return MappingProxyType(dict(self.items))

    def detail(self, lang: str = "en") -> str:
        from .i18n import t

        return t(f"problem.{self.code}", lang, **{k: _shown(v, lang) for k, v in self.items})

    @property
    def message(self) -> str:
        return self.detail("en")

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, init=False)
class Problem:
    """One thing wrong (an error) or suspicious (a warning) in a file.

    ``Problem(file, code, row, column, **params)``, or ``Problem(file, phrase, row, column)``.
    ``row`` is the row as a person finds it in the file: for CSV the line number counting the
    header as line 1; for a spreadsheet the sheet's row number; for JSON the 1-based record number.
    """

    file: str
    phrase: Phrase
    row: int | None = None
    column: str | None = None

    def __init__(self, file: str, what: str | Phrase, row: int | None = None,
                 column: str | None = None, /, **params: object):
        if isinstance(what, Phrase):
            if params:
                raise TypeError("a Problem made from a Phrase takes no more parameters")
            phrase = what
        else:
            phrase = Phrase(what, **params)
        object.__setattr__(self, "file", file)
        object.__setattr__(self, "phrase", phrase)
        object.__setattr__(self, "row", None if row is None else int(row))
        object.__setattr__(self, "column", column)

    @property
    def code(self) -> str:
        return self.phrase.code

    @property
    def params(self) -> Mapping[str, object]:
        return self.phrase.params

    def detail(self, lang: str = "en") -> str:
        """What is wrong, in ``lang``, without the file, row and column."""
        return self.phrase.detail(lang)

    @property
    def message(self) -> str:
        """What is wrong, in English."""
        return self.detail("en")

    def text(self, lang: str = "en") -> str:
        """The whole line in ``lang``: file, row, column, then what is wrong."""
        from .i18n import t

        where = [self.file]
        if self.row is not None:
            where.append(t("problem_at.row", lang, row=str(self.row)))
        if self.column is not None:
            where.append(t("problem_at.column", lang, column=self.column))
        return t("problem_at.line", lang, where=", ".join(where), message=self.detail(lang))

    def __str__(self) -> str:
        return self.text("en")


class InputError(Exception):
    """The file is rejected whole. ``problems`` lists every error found (at least one)."""

    def __init__(self, problems: list[Problem] | Problem):
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems[:20]) + (
            f"\n... and {len(self.problems) - 20} more" if len(self.problems) > 20 else ""))


@dataclass
class ReadResult:
    """What a reader made of a file: the canonical table and everything said about it."""

    # in canonical form (outages.schema.canonical); None when the reader gave ``encoded``
    table: pd.DataFrame | None
    format: str
    encoding: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> rows skipped
    metadata: dict = field(default_factory=dict)  # name, description, source, licence, timezone,
    # caveats (list of str), annotations (list of {"timestamp": ISO, "text": str}),
    # restored_source ("reported" | "derived")
    # the table as the store's integer columns (outages.store.codec.Encoded), made by a reader
    # that never builds the table (read_path(..., encoded=True) of a large EAGLE-I file)
    encoded: object | None = None
