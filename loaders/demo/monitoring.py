"""防止返贫致贫 (shared/spec/monitoring.md): a village's 监测对象 rows and 帮扶措施.

Each household of status 监测对象 has a case: most were identified within `MONITOR_DAYS` days of their
clue and got a measure within days (a developmental one when someone in it can work); a few clues are
still waiting, none longer than the limit. Of the other households a few had a case whose risk was
eliminated, and a few a clue that was checked and dismissed (核实不纳入).

Planted where `ctx.planting.want` says so (the first of each exactly one day past the edge): a clue
waiting more than `MONITOR_DAYS` days, or identified only after the as-of date
(`monitor_identify_overdue`); a household identified more than `MONITOR_DAYS` days ago with no measure,
only one that ended, or one that starts later (`monitor_measure_missing`); one able to work whose
measures are all non-developmental (`monitor_dev_measure`). Near misses, planted once, that must NOT
be flagged: a clue exactly `MONITOR_DAYS` days old (`monitor_clue_day_15`), a household identified
exactly `MONITOR_DAYS` days ago with no measure yet (`monitor_measure_day_15`) or, able to work, with a
非开发式 measure only (`monitor_dev_day_15`), and one with nobody able to work and only 兜底 help
(`monitor_no_labor`).
"""

from __future__ import annotations

from graph.roster.vocabularies import DEVELOPMENTAL_MEASURES, MONITOR_CATEGORIES, MONITOR_SOURCES, RISKS
from loaders.demo.context import Context
from loaders.demo.vocabulary import MEASURE_NOTES, MONITOR_DAYS, OTHER_MEASURES

ELIMINATED_SHARE = 0.02  # of the other households in scope: a case whose risk was eliminated
DISMISSED_SHARE = 0.01  # … a clue checked and not taken in
WAITING_SHARE = 0.08  # of the monitored: a clue still waiting (within the limit)
NEAR_MISSES = ("monitor_clue_day_15", "monitor_measure_day_15", "monitor_dev_day_15", "monitor_no_labor")


class _Case:
    """The rows of one household's case, written by `write`."""

    def __init__(self, ctx: Context, hid: str):
        self.ctx, self.hid = ctx, hid
        self.rng = ctx.rng

    def row(self, clue: int, identified=None, dismissed=None, eliminated=None, labor=None) -> None:
        rng, day = self.rng, self.ctx.day
        if identified is not None:
            k = 1 + (rng.random() < 0.4)
            risks = "、".join(sorted(rng.sample(RISKS, k), key=RISKS.index))
            category = rng.choice(MONITOR_CATEGORIES)
            labor = str(rng.choice((0, 1, 1, 2, 2, 3)) if labor is None else labor)
        else:
            risks = category = labor = ""
        self.ctx.out.w["monitoring"].writerow(
            (
                self.hid,
                day(clue),
                rng.choice(MONITOR_SOURCES),
                "" if identified is None else day(identified),
                "" if dismissed is None else day(dismissed),
                category,
                risks,
                labor if identified is not None else "",
                "" if eliminated is None else day(eliminated),
            )
        )
        self.labor = int(labor) if labor else 0

    def measure(self, kind: str, start: int, end: int | None = None) -> None:
        self.ctx.out.w["measures"].writerow(
            (
                self.hid,
                kind,
                self.ctx.day(start),
                "" if end is None else self.ctx.day(end),
                self.rng.choice(self.ctx.county.units),
                self.rng.choice(MEASURE_NOTES[kind]),
            )
        )

    def measures_for(self, identified: int, end: int | None = None) -> None:
        """What a case gets in time: a measure within days of identification, developmental when someone
        can work (and now and then a second measure)."""
        rng = self.rng
        start = identified + rng.randint(1, min(10, max(1, -identified)))
        first = rng.choice(DEVELOPMENTAL_MEASURES) if self.labor else rng.choice(OTHER_MEASURES)
        self.measure(first, min(start, 0), end)
        if rng.random() < 0.4:
            self.measure(rng.choice([k for k in OTHER_MEASURES if k != first]), min(start + 3, 0), end)


def monitoring(ctx: Context, watch: list[str], others: list[str]) -> None:
    """The cases of one village: `watch` are its households of status 监测对象, `others` the rest in
    scope."""
    rng = ctx.rng
    planting = ctx.planting
    for hid in watch:
        case = _Case(ctx, hid)
        near = next((n for n in NEAR_MISSES if n in planting.pending), None)
        if near:
            _near_miss(case, near)
            planting.pending.discard(near)
        elif planting.want("monitor_identify_overdue"):
            edge = "monitor_identify_overdue" in planting.pending
            clue = -MONITOR_DAYS - 1 - (0 if edge else rng.randint(0, 60))
            # still waiting, or identified only after the as-of date
            case.row(clue, identified=rng.randint(1, 10) if not edge and rng.random() < 0.3 else None)
            planting.mark("monitor_identify_overdue")
        elif planting.want("monitor_measure_missing"):
            edge = "monitor_measure_missing" in planting.pending
            identified = -MONITOR_DAYS - 1 - (0 if edge else rng.randint(0, 300))
            case.row(identified - rng.randint(3, MONITOR_DAYS), identified=identified)
            x = 0 if edge else rng.randrange(3)
            if x == 1:  # a measure that ended before the as-of date
                case.measure(rng.choice(OTHER_MEASURES), identified + 2, -rng.randint(1, 10))
            elif x == 2:  # one that starts only later
                case.measure(rng.choice(DEVELOPMENTAL_MEASURES), rng.randint(1, 20))
            planting.mark("monitor_measure_missing")
        elif planting.want("monitor_dev_measure"):
            edge = "monitor_dev_measure" in planting.pending
            identified = -MONITOR_DAYS - 1 - (0 if edge else rng.randint(0, 300))
            case.row(
                identified - rng.randint(3, MONITOR_DAYS), identified=identified, labor=rng.randint(1, 3)
            )
            for kind in rng.sample(OTHER_MEASURES, rng.randint(1, 2)):
                case.measure(kind, min(identified + rng.randint(1, 10), 0))
            planting.mark("monitor_dev_measure")
        elif rng.random() < WAITING_SHARE:
            case.row(-rng.randint(0, MONITOR_DAYS - 1))
        else:
            clue = -rng.randint(20, 900)
            identified = clue + rng.randint(3, MONITOR_DAYS)
            case.row(clue, identified=identified)
            case.measures_for(identified)
    for hid in others:
        x = rng.random()
        if x < ELIMINATED_SHARE:
            case = _Case(ctx, hid)
            clue = -rng.randint(120, 1000)
            identified = clue + rng.randint(3, MONITOR_DAYS)
            eliminated = min(identified + rng.randint(60, 400), -1)
            case.row(clue, identified=identified, eliminated=eliminated)
            case.measures_for(identified, eliminated)
        elif x < ELIMINATED_SHARE + DISMISSED_SHARE:
            clue = -rng.randint(20, 400)
            _Case(ctx, hid).row(clue, dismissed=clue + rng.randint(3, MONITOR_DAYS))


def _near_miss(case: _Case, near: str) -> None:
    rng = case.rng
    if near == "monitor_clue_day_15":
        case.row(-MONITOR_DAYS)  # waited exactly the limit: not overdue
        return
    identified = -MONITOR_DAYS if near != "monitor_no_labor" else -rng.randint(60, 300)
    labor = 0 if near == "monitor_no_labor" else rng.randint(1, 3) if near == "monitor_dev_day_15" else None
    case.row(identified - rng.randint(3, MONITOR_DAYS), identified=identified, labor=labor)
    if near != "monitor_measure_day_15":  # a non-developmental measure only
        case.measure(rng.choice(OTHER_MEASURES), identified + 1)
