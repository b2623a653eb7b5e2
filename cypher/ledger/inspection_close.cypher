// 复查合格销号 (activity-tables.md): an open inspection finding is closed by a later inspection (a later
// date) of the same subject whose result is 合格 — the earliest such, its date the finding's resolved_on.
// An inspection of another subject, or one of the same date or earlier, does not close it; nor does a
// check. $run_id: the recorded check this runs in (null for a load).
MATCH (f:Finding)
WHERE f.status IN ['待整改', '整改中'] AND f.rule = 'inspection'
MATCH (i:Inspection {inspection_id: f.inspection_id})-[:INSPECTS]->(s)
WITH f, head(COLLECT {
  MATCH (s)<-[:INSPECTS]-(ok:Inspection)
  WHERE ok.result = '合格' AND ok.date > i.date
  RETURN ok ORDER BY ok.date, ok.inspection_id LIMIT 1
}) AS ok
WHERE ok IS NOT NULL
SET f.status = '已销号', f.resolved_on = ok.date, f.resolved_by_inspection = ok.inspection_id,
    f.resolved_by_run = $run_id
CREATE (f)-[:HAS_EVENT]->(:FindingEvent {kind: 'close', at: datetime(), user: $user, run_id: $run_id,
                                         date: ok.date, text: '复查合格销号（督查编号 ' + ok.inspection_id + '）'})
RETURN count(*) AS closed
