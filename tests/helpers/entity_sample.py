"""The sample county as the entity-page tests use it (tests/test_entity_pages.py and the browser test
tests/test_entity_browser.py): the roster, the web accounts, and one planted row.

The sample roster has no household with both a past and a present helper at its as-of date (the
November snapshot makes some; snapshot loads are not part of this suite yet), so one past help pair
is added by an ordinary load of a one-row help_pairs file: 许浩海 (P00028) helped 徐磊燕's household
from 2021-01-01 to 2023-04-27, before its present helpers 田斌超 and 熊燕. An ended pair changes no
rule and no coverage figure at the as-of date, so expected-check.json still holds.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from loaders.api import load_roster

AS_OF = "2026-11-22"
FILLED_VILLAGE = "419902102205"  # 陆集村: a poor village with every role it needs filled, no violation
GAP_VILLAGE = "419902101201"  # 丁寨村: planted gap, no first secretary in a key village
HISTORY_DATES = ("2026-11-22", "2026-12-10")  # 陆集村's first secretary: 梁国 until 2026-12-04, then 秦军宇
PERSON_SIX = "P00213"  # 彭海: six households (one closed)
PLANTED_HOUSEHOLD = "4199021012010006"
PLANTED_PAST_HELPER = ("P00028", "2021-01-01", "2023-04-27")
PRESENT_HELPERS = ("P00044", "P00017")


def plant_past_helper(graph) -> None:
    """The one past help pair, loaded as an ordinary one-row help_pairs file."""
    person, start, end = PLANTED_PAST_HELPER
    with tempfile.TemporaryDirectory(prefix="bangfu-planted-") as folder:
        (Path(folder) / "help_pairs.csv").write_text(
            f"帮扶责任人编号,户编号,开始日期,结束日期\n{person},{PLANTED_HOUSEHOLD},{start},{end}\n",
            encoding="utf-8",
        )
        report = load_roster(graph, [Path(folder)], progress=False)
    assert report.written
