// What happened to a finding, oldest first: its events (found, measures, changes of responsibility
// and due date, waivers, closing, reopening) and the recorded checks that saw it.
MATCH (f:Finding {finding_id: $id})
CALL (f) {
  MATCH (f)-[:HAS_EVENT]->(e:FindingEvent)
  RETURN e.at AS at, e {.*} AS event, null AS run
  UNION ALL
  MATCH (f)-[:SEEN_BY]->(r:CheckRun)
  RETURN coalesce(r.finished_at, r.recorded_at) AS at, null AS event, r {.run_id, .as_of, .user, .load_id} AS run
}
RETURN at, event, run ORDER BY at
