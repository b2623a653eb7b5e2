// 督查发现问题 → 整改台账 (activity-tables.md): every inspection whose result is 发现问题 is a finding of
// its own, key the inspection id (finding_id 'inspection:<督查编号>'), subject the inspected node (a village,
// a person or an organization). Created the first time (待整改, found on the inspection's date, due
// $due_days later; $sync marks the findings this statement created, $run_id the recorded check it runs
// in, or null for a load); its facts are refreshed from the inspection every time. Default
// responsibility: a village's township committee and secretary ($committees, ledger/township_committees),
// an organization itself, a person's work unit. A waived or closed finding keeps its status.
MATCH (i:Inspection)-[:INSPECTS]->(s)
WHERE i.result = '发现问题'
WITH i, s,
     CASE WHEN s:Village THEN 'village' WHEN s:Person THEN 'person' ELSE 'unit' END AS subject_type,
     CASE WHEN s:Person THEN s.person_id ELSE s.code END AS subject_id,
     CASE WHEN s:Village THEN s
          WHEN s:Organization THEN head(COLLECT { MATCH (s)-[:LOCATED_IN]->(r:Region) RETURN r })
     END AS place
WITH i, s, subject_type, subject_id, place,
     CASE WHEN place:Village THEN head(COLLECT { MATCH (place)-[:PART_OF]->(t:Township) RETURN t.code })
          WHEN place:Township THEN place.code END AS township,
     CASE WHEN s:Person THEN head(COLLECT { MATCH (s)-[:WORKS_AT]->(u:Organization) RETURN u.code })
          WHEN s:Organization THEN s.code END AS unit
MERGE (f:Finding {finding_id: 'inspection:' + i.inspection_id})
ON CREATE SET f.rule = 'inspection', f.inspection_id = i.inspection_id, f.status = '待整改',
              f.first_found = i.date, f.due = i.date + duration({days: $due_days}), f.reopened = 0,
              f.created_sync = $sync, f.created_run = $run_id, f.created_load = $load_id,
              f.created_at = datetime()
WITH f, i, s, subject_type, subject_id, place, township, unit, f.created_sync = $sync AS created
SET f.subject_type = subject_type, f.subject_id = subject_id, f.subject_name = s.name,
    f.region_path = coalesce(head(COLLECT {
      MATCH p = (place)-[:PART_OF*0..3]->(top:Region) WHERE NOT (top)-[:PART_OF]->()
      RETURN [n IN reverse(nodes(p)) | n.name] AS names
    }), []),
    f.message = coalesce(i.problem, '督查发现问题') + '（' + coalesce(i.kind, '督查') + '，督查编号 '
                + i.inspection_id + coalesce('，问题类别：' + i.category, '') + '）',
    f.severity = 'error', f.rule_order = $rule_order, f.inspection_date = i.date,
    f.village_code = CASE WHEN place:Village THEN place.code END,
    f.scope = place.code, f.last_seen = i.date
FOREACH (_ IN CASE WHEN created THEN [1] ELSE [] END |
  SET f.township_code = township,
      f.responsible_unit = CASE WHEN subject_type <> 'village' THEN unit
                                WHEN township IS NOT NULL THEN $committees[township].committee END,
      f.responsible_person = CASE WHEN subject_type = 'village' AND township IS NOT NULL
                                  THEN $committees[township].secretary END
  CREATE (f)-[:HAS_EVENT]->(:FindingEvent {kind: 'found', at: datetime(), user: $user, run_id: $run_id,
                                           date: i.date, text: '督查编号 ' + i.inspection_id}))
// the ledger's order (ledger/list, read in the index finding_sort_key); the same in upsert_findings
SET f.sort_key = coalesce(f.township_code, '~') + ' ' + right('00' + toString(f.rule_order), 3) + ' ' + f.subject_id
RETURN sum(CASE WHEN created THEN 1 ELSE 0 END) AS created, count(*) AS findings
