// The findings a recorded check saw, one per (rule, subject): created the first time (待整改, due
// $as_of + the rule's days), reopened when a closed one comes back (问题反弹: open again, reopened + 1),
// and linked to the check (SEEN_BY; the check is new and sees each finding once, so CREATE). A waived
// finding stays waived. Each row carries where its finding belongs (ledger/finding_places): `village`,
// the village a village or household finding is about (a household's village on $as_of), so the
// finding's scope is that village, or for a person the check's scope; and the default responsibility a
// finding the check creates takes (spec ledger.md): for a village or household finding, its village's
// township and that township's committee and secretary; for a person finding, the person's work unit
// and no person. Nothing is looked up here: a statement with lookups in subqueries took Neo4j seconds
// to plan, paid again whenever the number of findings changed enough to replan.
MATCH (run:CheckRun {run_id: $run_id})
UNWIND $rows AS row
MERGE (f:Finding {finding_id: row.finding_id})
ON CREATE SET f.rule = row.rule, f.subject_type = row.subject_type, f.subject_id = row.subject_id,
              f.first_found = $as_of, f.status = '待整改', f.due = $as_of + duration({days: row.due_days}),
              f.reopened = 0, f.created_run = $run_id, f.created_at = datetime(),
              f.township_code = row.township, f.responsible_unit = row.responsible_unit,
              f.responsible_person = row.responsible_person
WITH run, f, row, f.created_run = $run_id AS created, f.status = '已销号' AS reopening
SET f.subject_name = row.subject_name, f.region_path = row.region_path, f.message = row.message,
    f.severity = row.severity, f.rule_order = row.rule_order, f.village_code = row.village,
    f.scope = coalesce(row.village, $scope),
    f.last_seen = CASE WHEN f.last_seen IS NULL OR f.last_seen < $as_of THEN $as_of ELSE f.last_seen END,
    f.last_run = $run_id,
    // the ledger's order (ledger/list, read in the index finding_sort_key); the same in inspection_findings
    f.sort_key = coalesce(f.township_code, '~') + ' ' + right('00' + toString(row.rule_order), 3) + ' ' + f.subject_id
CREATE (f)-[:SEEN_BY]->(run)
WITH f, created, reopening
CALL (f, reopening) {
  WITH * WHERE reopening
  SET f.status = '待整改', f.reopened = f.reopened + 1, f.reopened_run = $run_id
  REMOVE f.resolved_on, f.resolved_by_run
}
CALL (f, created, reopening) {
  WITH * WHERE created OR reopening
  CREATE (f)-[:HAS_EVENT]->(:FindingEvent {kind: CASE WHEN created THEN 'found' ELSE 'reopen' END, at: datetime(),
                                           user: $user, run_id: $run_id, date: $as_of})
}
RETURN count(*) AS seen, sum(CASE WHEN created THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN reopening THEN 1 ELSE 0 END) AS reopened
