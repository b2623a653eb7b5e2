// A recorded check takes on the inspection findings that loads brought in or closed since the last
// check (created_run / resolved_by_run still null), so that the overview and the 通报 count them as new or
// closed by it, as they count the rules' findings.
CALL () {
  MATCH (f:Finding) WHERE f.rule = 'inspection' AND f.created_run IS NULL
  SET f.created_run = $run_id
  RETURN count(*) AS created
}
CALL () {
  MATCH (f:Finding) WHERE f.status = '已销号' AND f.rule = 'inspection' AND f.resolved_by_run IS NULL
  SET f.resolved_by_run = $run_id
  RETURN count(*) AS closed
}
RETURN created, closed
