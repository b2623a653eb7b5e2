"""Which gaps of coverage-rules.md to plant, and how many were planted.

Each candidate subject is made a gap with probability `gap_share`, and each rule is planted at least
once: while a rule is still pending, the first village where it fits gets it whatever the draw. A few
near misses that must NOT be flagged are pending too (`NEAR_MISSES`), so they are planted once as well.
"""

from __future__ import annotations

from graph.rules import RULES as ALL_RULES

RULES = tuple(rule.id for rule in ALL_RULES)

# cases next to a rule's edge that the rules must not flag: a first secretary whose term expires with a
# successor starting the day after; a cadre with exactly the maximum load; a non-key village with a
# first secretary (and so no party liaison needed); a helper's last home visit visit_days − 1 days
# before the as-of date; a 不称职 superseded by a later year; a collective income of exactly the minimum
NEAR_MISSES = (
    "expiring_with_successor",
    "cadre_at_limit",
    "nonkey_fs",
    "visit_day_89",
    "unfit_superseded",
    "income_at_limit",
    # monitoring.md's edges (loaders/demo/monitoring.py)
    "monitor_clue_day_15",
    "monitor_measure_day_15",
    "monitor_dev_day_15",
    "monitor_no_labor",
)


class Planting:
    def __init__(self, rng, gap_share: float):
        self.rng = rng
        self.gap = gap_share
        self.planted = dict.fromkeys(RULES, 0)
        self.planted["expiring_with_successor"] = 0  # the near miss: must not be flagged
        self.pending = set(RULES) | set(NEAR_MISSES)

    def want(self, rule: str) -> bool:
        """Plant this gap here? Always for a rule not yet planted, else with the gap share."""
        if rule in self.pending:
            return True
        return self.rng.random() < self.gap

    def mark(self, rule: str, n: int = 1):
        """`n` gaps of `rule` (or a near miss) were planted."""
        self.pending.discard(rule)
        self.planted[rule] = self.planted.get(rule, 0) + n
