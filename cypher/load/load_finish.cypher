// A load completed: when, how many rows were rejected, and what it changed (JSON text). A snapshot
// also records per table what it found and did (snapshot_counts, JSON text: before / started / ended
// / closed; households before / added / removed) and how many rows it ended and households it
// removed (null for an ordinary load).
MATCH (l:Load {load_id: $load_id})
SET l.finished_at = datetime(), l.rejected_rows = $rejected_rows, l.summary = $summary,
    l.snapshot_counts = $snapshot_counts, l.ended = $ended, l.removed = $removed
