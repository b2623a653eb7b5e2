"""Taking away what help pairs keep of their visits (docs/graph-model.md), to see that the rules read the
visits themselves when a pair keeps nothing (a work report's pair) or only the lists (schema 10)."""

from __future__ import annotations

# every kept property: a pair written by something else than a load
FORGET_KEPT_VISITS = (
    "MATCH ()-[r:HELPS]->() REMOVE r.last_visit_kinds, r.last_visit_dates, r.latest_visit, "
    "r.last_home_visit, r.last_phone_visit, r.last_video_visit, r.last_other_visit"
)
# the single dates only: a graph written by schema 10
FORGET_SINGLE_DATES = (
    "MATCH ()-[r:HELPS]->() REMOVE r.latest_visit, r.last_home_visit, r.last_phone_visit, "
    "r.last_video_visit, r.last_other_visit"
)
