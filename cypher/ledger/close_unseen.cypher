// 销号: open findings of the rules a check ran ($rules), tracked in its scope ($scope; null: all), that the
// check no longer saw are closed by it: resolved on its as-of date. Only data closes a finding.
MATCH (f:Finding)
WHERE f.status IN ['待整改', '整改中'] AND f.rule IN $rules AND f.last_run <> $run_id
  AND ($scope IS NULL OR (f.scope IS NOT NULL AND EXISTS {
        MATCH (:Region {code: f.scope})-[:PART_OF*0..2]->(:Region {code: $scope}) }))
SET f.status = '已销号', f.resolved_on = $as_of, f.resolved_by_run = $run_id
CREATE (f)-[:HAS_EVENT]->(:FindingEvent {kind: 'close', at: datetime(), user: $user, run_id: $run_id, date: $as_of})
RETURN count(*) AS closed
