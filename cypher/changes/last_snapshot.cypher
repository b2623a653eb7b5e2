// The latest snapshot (by snapshot date) of finished loads, for the overview: its date and scope, the
// counts each of its loads recorded (a snapshot loaded again records zeros), and how many node
// properties they changed. Loads of that date for other scopes (one township after another) count too.
MATCH (l:Load) WHERE l.snapshot_date IS NOT NULL AND l.finished_at IS NOT NULL
WITH max(l.snapshot_date) AS latest
MATCH (l:Load) WHERE l.snapshot_date = latest AND l.finished_at IS NOT NULL
OPTIONAL MATCH (s:Region {code: l.scope})
WITH latest, l, s ORDER BY l.finished_at
WITH latest, collect(DISTINCT l.scope) AS scopes, collect(DISTINCT s.name) AS scope_names,
     collect(l.load_id) AS load_ids, collect(l.snapshot_counts) AS counts
RETURN latest AS snapshot_date, scopes, scope_names, load_ids, counts,
       COUNT { MATCH (c:Change) WHERE c.load_id IN load_ids AND c.kind = 'property' } AS properties
