"""A chunk of rows parsed a column at a time (`ChunkParser`) gives every row exactly what
`parse_record` gives it alone: the same values, extras and problems in the same order, for every
table, with good, bad, empty, odd and non-text cells, rows cut short, and texts met again in a later
chunk (the parser keeps what it parsed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.tables import TABLES
from loaders.reading import Source, TableFile
from loaders.rows import ChunkParser, parse_record

TODAY = dt.date(2026, 11, 30)

# cells of every kind a roster holds, right and wrong: vocabularies are added per table below
COMMON_CELLS = [
    None,
    "",
    "   ",
    " P001 ",
    "P001",
    "\ufeffP001",
    "4181011012010002",
    "2026-03-27",
    "2026/3/27",
    "20260327",
    "2026-02-30",
    "明天",
    dt.date(2026, 3, 27),
    dt.datetime(2026, 3, 27, 0, 0),
    45000.0,
    1,
    1.0,
    0,
    True,
    False,
    "1",
    "-3",
    "3.5",
    "是",
    "否",
    "=SUM(A1:A3)",
    "a\x00b",
    "x" * 33000,
    "11010519491231002X",
    "110105194912310021",
    "13800138000",
    "0371-12345678",
    "12345",
    "91350100M000100Y43",
    "因病、因残",
    "因病;不知道",
    "、",
    "2019",
    "张三",
]


def table_file(table, fields: list[str | None]) -> TableFile:
    positions = {}
    for position, name in enumerate(fields):
        if name is not None and not name.startswith("extra_"):
            positions.setdefault(name, position)
    return TableFile(
        source=Source(table, Path(f"{table.name}.csv")),
        header_row=1,
        headers=list(fields),
        fields=fields,
        positions=positions,
        missing_required=[],
        duplicate_headers=[],
        notices=[],
    )


def cells_of(table) -> list:
    extra = [v for c in table.columns if c.vocab is not None for v in c.vocab.values]
    return COMMON_CELLS + extra + [f" {v} " for v in extra[:5]]


@st.composite
def a_table_and_chunks(draw):
    table = draw(st.sampled_from(TABLES))
    names = [c.name for c in table.columns]
    fields = draw(st.permutations(names))
    fields = fields[: draw(st.integers(1, len(fields)))]  # a file need not have every column
    fields += draw(st.lists(st.sampled_from(["extra_备注", "extra_联系电话", None]), max_size=2))
    if draw(st.booleans()):
        fields.append(draw(st.sampled_from(names)))  # a column twice: the last cell counts, as in record()
    pool = cells_of(table)
    row = st.lists(st.sampled_from(pool), min_size=0, max_size=len(fields) + 1)
    chunks = draw(st.lists(st.lists(row, max_size=12), min_size=1, max_size=3))
    return table, fields, chunks


@settings(max_examples=300, deadline=None)
@given(a_table_and_chunks())
def test_a_chunk_parses_as_each_row_alone(case):
    table, fields, chunks = case
    tf = table_file(table, fields)
    parser = ChunkParser(table, tf, TODAY)
    # the same with tiny limits: kept texts forgotten when there are too many, and columns of mostly new
    # texts no longer kept at all (as names and id numbers are in a real roster)
    forgetful = ChunkParser(table, tf, TODAY)
    forgetful.CACHE_LIMIT, forgetful.TRIAL_ROWS = 3, 2
    for chunk in chunks + chunks:  # the second time round, every text is one the parser kept
        expected = [parse_record(table, tf.record(cells), TODAY) for cells in chunk]
        for got in (parser.parse(chunk), forgetful.parse(chunk)):
            assert got == expected
            for (values, _, _), (want, _, _) in zip(got, expected):
                assert list(values) == list(want)  # the same columns in the same order


def test_every_table_and_kind_is_met():
    """The pool reaches every kind of cell the tables declare, so the property above is not vacuous:
    each kind parses at least one cell without a problem and rejects at least one."""
    for table in TABLES:
        tf = table_file(table, [c.name for c in table.columns])
        parser = ChunkParser(table, tf, TODAY)
        for position, column in enumerate(table.columns):
            rows = [[None] * position + [cell] for cell in cells_of(table)]
            results = parser.parse(rows)
            good = [r for r in results if column.name in r[0] and not any(c == column.name for c, _ in r[2])]
            bad = [r for r in results if any(c == column.name for c, _ in r[2])]
            assert good and bad, (table.name, column.name)
