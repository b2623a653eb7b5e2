"""Every request of a locust run, saved to the CSV file `BENCH_WEB_REQUESTS` names (start, name, ms,
ok), so that a benchmark can measure a part of the run (after the logins, after the first minute)
rather than only the whole. Imported by the locustfiles; it defines no users of its own."""

from __future__ import annotations

import csv
import os

from locust import events

REQUESTS_FILE = os.environ.get("BENCH_WEB_REQUESTS", "")
_requests: list[tuple[float, str, float, int]] = []


@events.request.add_listener
def _record(name, response_time, exception=None, start_time=None, **_):
    _requests.append((start_time or 0.0, name, response_time, 0 if exception else 1))


@events.quitting.add_listener
def _save(**_):
    if REQUESTS_FILE:
        with open(REQUESTS_FILE, "w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh)
            out.writerow(("start", "name", "ms", "ok"))
            out.writerows(_requests)
