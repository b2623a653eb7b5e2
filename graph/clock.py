"""The one clock that says what day it is.

Everything that means "today" (a default as-of date, overdue, a term ending soon, a parameter
`default=today`) asks `today()` here, never `date.today()` itself, so that one setting can fix the
day: `BANGFU_TODAY=YYYY-MM-DD` in the environment. The test suite sets it once for the whole run (to
the sample county's as-of date), so no test depends on the day it runs; a demo can be frozen on a date
the same way. It is read from the environment, not from Settings, because "today" is asked for in
places that hold no Settings (parameter parsing, id-number birth dates) and because the web app's and
the CLI's child processes must see the same day as their parent.
"""

from __future__ import annotations

import datetime as dt
import os

TODAY_VARIABLE = "BANGFU_TODAY"


def today() -> dt.date:
    """The day bangfu takes for today: `BANGFU_TODAY` when set, else the machine's date."""
    fixed = os.environ.get(TODAY_VARIABLE, "").strip()
    if fixed:
        try:
            return dt.date.fromisoformat(fixed)
        except ValueError:
            raise ValueError(f"环境变量 {TODAY_VARIABLE} 应为日期（如 2026-11-22），现为“{fixed}”") from None
    return dt.date.today()
