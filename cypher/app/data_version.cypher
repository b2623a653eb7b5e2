// What rule and coverage results depend on: every load (bangfu load, uploads, db import, a restored
// store) leaves a Load node, and every decision on a report fact a decided_at. The web app keeps
// computed results until one of these figures changes.
OPTIONAL MATCH (l:Load)
WITH count(l) AS loads, max(coalesce(l.finished_at, l.started_at)) AS last_load
OPTIONAL MATCH (f:ProposedFact) WHERE f.decided_at IS NOT NULL
RETURN loads, toString(last_load) AS last_load, count(f) AS decisions, toString(max(f.decided_at)) AS last_decision
