// The latest snapshot date loaded into the graph (null when none).
MATCH (l:Load) WHERE l.snapshot_date IS NOT NULL
RETURN max(l.snapshot_date) AS latest
