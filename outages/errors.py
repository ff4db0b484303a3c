"""Problems found in input, and the error that rejects a file whole."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Problem:
    """One thing wrong (an error) or suspicious (a warning) in a file.

    ``row`` is the row as a person finds it in the file: for CSV the line number counting the
    header as line 1; for a spreadsheet the sheet's row number; for JSON the 1-based record number.
    """

    file: str
    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}"


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

    table: pd.DataFrame  # in canonical form (outages.schema.canonical)
    format: str
    encoding: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> rows skipped
    metadata: dict = field(default_factory=dict)  # name, description, source, licence, timezone,
    # caveats (list of str), annotations (list of {"timestamp": ISO, "text": str}),
    # restored_source ("reported" | "derived")
