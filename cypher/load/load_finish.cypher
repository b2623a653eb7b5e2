// A load completed: when, how many rows were rejected, and what it changed (JSON text).
MATCH (l:Load {load_id: $load_id})
SET l.finished_at = datetime(), l.rejected_rows = $rejected_rows, l.summary = $summary
