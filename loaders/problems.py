"""One problem found in a roster, where the user finds it: the file, the row number Excel shows and
the column header as it appears in the file."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    row: int
    column: str
    message: str
    cascade: bool = False  # rejected only because a row it references was rejected

    def render(self) -> str:
        return f"{self.file}:{self.row}:{self.column}: {self.message}"
