// The findings a recorded check saw, one per (rule, subject): created the first time (待整改, due
// $as_of + the rule's days), reopened when a closed one comes back (问题反弹: open again, reopened + 1),
// and linked to the check (SEEN_BY; the check is new and sees each finding once, so CREATE). A waived
// finding stays waived. `village` is the village a village or household finding is about (a household's
// village on $as_of); `scope`, where the finding is tracked: that village, or for a person the check's
// scope. A finding the check creates gets its default responsibility (spec ledger.md): for a village or
// household finding, its village's township (township_code) and that township's committee and secretary
// ($committees: township code -> {committee, secretary}, ledger/township_committees); for a person
// finding, the person's work unit and no person.
MATCH (run:CheckRun {run_id: $run_id})
UNWIND $rows AS row
MERGE (f:Finding {finding_id: row.finding_id})
ON CREATE SET f.rule = row.rule, f.subject_type = row.subject_type, f.subject_id = row.subject_id,
              f.first_found = $as_of, f.status = '待整改', f.due = $as_of + duration({days: row.due_days}),
              f.reopened = 0, f.created_run = $run_id, f.created_at = datetime()
WITH f, row, run, f.created_run = $run_id AS created, f.status = '已销号' AS reopening,
     CASE row.subject_type
       WHEN 'village' THEN row.subject_id
       WHEN 'household' THEN head(COLLECT {
         MATCH (:Household {household_id: row.subject_id})-[l:LIVES_IN]->(v:Village)
         RETURN v.code ORDER BY (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of) DESC
       })
     END AS village
WITH f, row, run, created, reopening, village,
     CASE WHEN created AND village IS NOT NULL
       THEN head(COLLECT { MATCH (:Village {code: village})-[:PART_OF]->(t:Township) RETURN t.code })
     END AS township,
     CASE WHEN created AND row.subject_type = 'person'
       THEN head(COLLECT { MATCH (:Person {person_id: row.subject_id})-[:WORKS_AT]->(u:Organization) RETURN u.code })
     END AS unit
SET f.subject_name = row.subject_name, f.region_path = row.region_path, f.message = row.message,
    f.severity = row.severity, f.rule_order = row.rule_order, f.village_code = village,
    f.scope = coalesce(village, $scope),
    f.last_seen = CASE WHEN f.last_seen IS NULL OR f.last_seen < $as_of THEN $as_of ELSE f.last_seen END,
    f.last_run = $run_id
FOREACH (_ IN CASE WHEN created THEN [1] ELSE [] END |
  SET f.township_code = township,
      f.responsible_unit = CASE WHEN row.subject_type = 'person' THEN unit
                                WHEN township IS NOT NULL THEN $committees[township].committee END,
      f.responsible_person = CASE WHEN row.subject_type <> 'person' AND township IS NOT NULL
                                  THEN $committees[township].secretary END
  CREATE (f)-[:HAS_EVENT]->(:FindingEvent {kind: 'found', at: datetime(), user: $user, run_id: $run_id, date: $as_of}))
FOREACH (_ IN CASE WHEN reopening THEN [1] ELSE [] END |
  SET f.status = '待整改', f.reopened = f.reopened + 1, f.reopened_run = $run_id
  REMOVE f.resolved_on, f.resolved_by_run
  CREATE (f)-[:HAS_EVENT]->(:FindingEvent {kind: 'reopen', at: datetime(), user: $user, run_id: $run_id, date: $as_of}))
// the ledger's order (ledger/list, read in the index finding_sort_key); the same in inspection_findings
SET f.sort_key = coalesce(f.township_code, '~') + ' ' + right('00' + toString(f.rule_order), 3) + ' ' + f.subject_id
CREATE (f)-[:SEEN_BY]->(run)
RETURN count(*) AS seen, sum(CASE WHEN created THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN reopening THEN 1 ELSE 0 END) AS reopened
