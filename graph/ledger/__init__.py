"""问题整改台账 (shared/spec/ledger.md): every gap a recorded check finds is tracked until a later
recorded check no longer sees it (集中排查 → 集中建账 → 整改 → 销号).

- `record.py`: recording a check (CheckRun) and moving the findings: new, seen again, closed, reopened;
- `store.py`: reading findings back: lists with filters and pages, counts, one finding's history,
  the overview's figures and chart series;
- `edit.py`: what people do to a finding: measures (整改措施), responsibility and due date, waivers;
- `bulletin.py`: the monthly 通报 as a Word document;
- `export.py`: the ledger as text and in the usual Excel columns.
"""

from graph.ledger.record import LedgerError, record_check  # noqa: F401
