"""What a finding can be about: each rule of graph/rules.py (RULES, same ids and order), and an
inspection that found a problem (督查发现问题, activity-tables.md), which is a finding of its own.

The ledger's filters, titles and order read this, so that a new rule or kind of finding is named once.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.rules import RULES


@dataclass(frozen=True)
class FindingKind:
    id: str
    title: str


INSPECTION = "inspection"
INSPECTION_TITLE = "督查发现问题"

FINDING_KINDS: tuple[FindingKind, ...] = tuple(FindingKind(r.id, r.title) for r in RULES) + (
    FindingKind(INSPECTION, INSPECTION_TITLE),
)
FINDING_TITLES = {k.id: k.title for k in FINDING_KINDS}
FINDING_ORDER = {k.id: i for i, k in enumerate(FINDING_KINDS)}


def finding_title(kind: str | None) -> str:
    return FINDING_TITLES.get(kind or "", "")
