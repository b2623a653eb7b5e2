"""Validation of a large relationship table read as columns (loaders/columnar.py): the part of
`Validator` that answers each distinct text once and keeps a block's clean rows a column at a time.

A row with any problem of its own, a reference of the wrong kind or to a rejected row, is handed to
the row path (`Validator._check_chunk`) with its cells, so that every message, its place and its
order are the row path's; tests/test_columnar_rows.py holds the two ways side by side.
"""

from __future__ import annotations

import numpy as np

from graph.roster.model import Table
from graph.roster.writes import ROW_HASH
from graph.tables import REFERENCE_TARGETS
from loaders import columnar
from loaders.fingerprint import SEPARATOR, as_integers, digest_many
from loaders.reading import trim
from loaders.rows import key_part
from loaders.source_check import SourceCheck, SourceScan


class ColumnChecks:
    """Mixed into `Validator`, whose state (keys, rejected keys, repeated relationships) it uses."""

    def _scan_columns(
        self, table: Table, check: SourceCheck, scan: SourceScan, prefix: str, known
    ) -> int | None:
        """The source read as columns (loaders/columnar.py): None when every row was read so, else the
        last row read (the file turned out ragged there), for the row path to go on after it."""
        done = 0
        try:
            for batch in columnar.batches(check.table_file):
                self._check_batch(table, check, scan, batch, prefix, known)
                done = int(batch.rows[-1]) if len(batch.rows) else done
        except columnar.Ragged:
            return done or check.table_file.header_row
        return None

    def _check_batch(
        self, table: Table, check: SourceCheck, scan: SourceScan, batch: columnar.Batch, prefix: str, known
    ) -> None:
        """`_check_chunk` of a block of rows read as columns: each distinct text of a position answered
        once with the row path's own functions; a row with no problem is kept (and its relationship
        and references noted) a column at a time, any other row goes through `_check_chunk` with its
        cells, in file order, so its messages are the row path's."""
        blank = np.ones(len(batch.rows), dtype=bool)
        for position, texts in enumerate(batch.texts):  # blank rows are skipped, as tf.rows() does
            blank &= batch.flags(position, [trim(text) is None for text in texts])
        if blank.any():
            batch = batch.select(~blank)
        count = len(batch.rows)
        if not count:
            return
        digests = digest_many(prefix, batch.joined(SEPARATOR), check.fingerprint_key)
        taken = known.take(as_integers(digests)) if known is not None else np.zeros(count, dtype=bool)
        check.rows += int(taken.sum())
        check.unchanged += int(taken.sum())
        if taken.any():  # only what each unchanged row names, for the rows that repeat it
            unchanged = np.flatnonzero(taken)
            parts = [
                _pick(
                    [key_part(column, text) for text in batch.texts[position]],
                    batch.indices[position][unchanged],
                )
                if position is not None
                else [None] * len(unchanged)
                for position, column, _ in scan.bulk.parts
            ]
            self._add_relationships(table, check, batch.rows[unchanged].tolist(), scan.bulk.required, parts)
        new = np.flatnonzero(~taken)
        if not len(new):
            return
        parser = scan.parser
        clean = np.ones(count, dtype=bool)
        answers = {}  # name → (position, the (value, problem) of each distinct text)
        for name, (position, compute, _) in zip(
            parser.names + parser.extra_names, parser.columns + parser.extras
        ):
            answered = [compute(trim(text)) for text in batch.texts[position]]
            clean &= batch.flags(position, [problem is None for _, problem in answered])
            answers[name] = (position, answered)
        references = [c for c in table.columns if c.kind == "reference" and c.name in answers]
        for column in references:  # a key the roster holds: not of the wrong kind, not a rejected row's
            position, answered = answers[column.name]
            target = REFERENCE_TARGETS[column.ref][0]
            fine = [
                not value
                or value not in self.keys[target]
                or not (
                    self._constraint_problem(column.ref, self._roster_info(target, value), value)
                    or value in self.rejected_keys[target]
                )
                for value, _ in answered
            ]
            clean &= batch.flags(position, fine)
        keep = new[clean[new]]
        for column in references:  # the others are looked up in the graph once the table is read
            position, answered = answers[column.name]
            held = self.keys[REFERENCE_TARGETS[column.ref][0]]
            named = {answered[i][0] for i in np.unique(batch.indices[position][keep]).tolist()}
            scan.pending.setdefault(column.ref, set()).update(k for k in named if k and k not in held)
        flags = clean[new]
        for run in np.split(new, np.flatnonzero(flags[1:] != flags[:-1]) + 1):  # file order kept
            if clean[run[0]]:
                self._keep_clean(table, check, scan, batch, run, digests, answers)
            else:
                chunk = [(int(batch.rows[i]), batch.cells(i), digests[i], False) for i in run]
                self._check_chunk(table, check, chunk, scan)

    def _keep_clean(
        self,
        table: Table,
        check: SourceCheck,
        scan: SourceScan,
        batch: columnar.Batch,
        run: np.ndarray,
        digests: list[bytes],
        answers: dict,
    ) -> None:
        """Rows with no problem of their own: counted, kept for writing, their relationship noted."""
        rows = batch.rows[run].tolist()
        check.rows += len(rows)
        parser = scan.parser
        if check.spool is not None:
            built = []
            for names in (parser.names, parser.extra_names):
                columns = [
                    _pick([v for v, _ in answers[n][1]], batch.indices[answers[n][0]][run]) for n in names
                ]
                built.append(
                    [dict(zip(names, cells)) for cells in zip(*columns)] if names else [{} for _ in rows]
                )
            for values, i in zip(built[0], run.tolist()):
                values[ROW_HASH] = digests[i].hex()
            check.spool.extend(list(zip(rows, built[0], built[1])))
        parts = []
        for name in table.rel_key:
            if name not in answers:
                parts.append([None] * len(rows))
                continue
            position, answered = answers[name]
            texts = [v.isoformat() if hasattr(v, "isoformat") else v for v, _ in answered]
            parts.append(_pick(texts, batch.indices[position][run]))
        self._add_relationships(table, check, rows, scan.bulk.required, parts)


def _pick(answers: list, index: np.ndarray) -> list:
    """The answer of each row, from the answers of the distinct texts and each row's text's index."""
    return list(map(answers.__getitem__, index.tolist()))
