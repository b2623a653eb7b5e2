// Snapshots already loaded for a region that overlaps $scope: the scope itself, a region containing
// it ($lineage: its code and its ancestors' codes) or a region under it. Loads that did not finish
// count too: a snapshot that stopped half-way has already rewritten part of the history.
MATCH (l:Load)
WHERE l.snapshot_date IS NOT NULL
  AND (l.scope IN $lineage OR EXISTS { MATCH (:Region {code: l.scope})-[:PART_OF*1..2]->(:Region {code: $scope}) })
OPTIONAL MATCH (r:Region {code: l.scope})
RETURN l.load_id AS load_id, l.snapshot_date AS snapshot_date, l.scope AS scope, r.name AS scope_name,
       l.finished_at IS NOT NULL AS finished
ORDER BY snapshot_date DESC, l.started_at DESC
