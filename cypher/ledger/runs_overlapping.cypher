// Recorded checks (CheckRun) whose scope overlaps $scope (null: the whole graph, which overlaps all):
// the latest first. A check may not be recorded for an earlier as-of than these (history is not
// rewritten by an old check).
MATCH (r:CheckRun)
WHERE $scope IS NULL OR r.scope IS NULL OR r.scope = $scope
   OR EXISTS { MATCH (:Region {code: $scope})-[:PART_OF*1..2]->(:Region {code: r.scope}) }
   OR EXISTS { MATCH (:Region {code: r.scope})-[:PART_OF*1..2]->(:Region {code: $scope}) }
RETURN r.run_id AS run_id, r.as_of AS as_of, r.scope AS scope
ORDER BY as_of DESC, r.recorded_at DESC
LIMIT 1
