// Recorded checks on or before $as_of whose scope overlaps $region (null: any), latest first: the
// bulletin's check and the one before it.
MATCH (r:CheckRun)
WHERE r.as_of <= $as_of
  AND ($region IS NULL OR r.scope IS NULL OR r.scope = $region
       OR EXISTS { MATCH (:Region {code: $region})-[:PART_OF*1..2]->(:Region {code: r.scope}) }
       OR EXISTS { MATCH (:Region {code: r.scope})-[:PART_OF*1..2]->(:Region {code: $region}) })
RETURN r.run_id AS run_id, r.as_of AS as_of, r.scope AS scope, r.summary AS summary, r.coverage AS coverage,
       r.open_findings AS open_findings, r.new_findings AS new_findings, r.closed_findings AS closed_findings,
       r.reopened_findings AS reopened_findings
ORDER BY as_of DESC, r.recorded_at DESC
LIMIT 2
