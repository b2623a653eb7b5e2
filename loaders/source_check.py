"""What validation learns about one source (`SourceCheck`, kept with the validation for the writes
and reports that follow) and what reading it carries from block to block (`SourceScan`): apart from
loaders/validate.py so that the row path and the column path (loaders/validate_columns.py) both use
them without importing each other."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.roster.model import Table
from loaders.problems import Problem
from loaders.reading import TableFile
from loaders.rows import ChunkParser, KeyParts
from loaders.spool import RowSpool


@dataclass
class SourceCheck:
    """What validation learnt about one source: its rows and which of them are rejected, and why."""

    table_file: TableFile
    index: int
    rows: int = 0
    rejected: dict[int, list[Problem]] = field(default_factory=dict)
    dup_rows: set[int] = field(default_factory=set)
    file_problems: list[Problem] = field(default_factory=list)
    spool: RowSpool | None = None  # parsed rows kept for writing (validate(keep_rows=True))
    unchanged: int = 0  # rows the graph already holds as they are (not parsed, not kept)
    fingerprint_key: bytes = b""  # the fingerprints' key (loaders/fingerprint.py, graph/pii.py)

    @property
    def display(self) -> str:
        return self.table_file.source.display

    @property
    def table(self) -> Table:
        return self.table_file.source.table


@dataclass
class SourceScan:
    """What reading one source carries from chunk to chunk."""

    parser: ChunkParser
    bulk: KeyParts | None  # the keys of unchanged rows of a table named by fixed columns (visits)
    sheet_problems: dict
    pending: dict  # reference kind → keys neither the roster nor this table holds: asked of the graph
    self_edges: list
    unchanged_rows: list = field(default_factory=list)
    last: tuple | None = None  # the last row read, (row, cells): a CSV cut short shows there
