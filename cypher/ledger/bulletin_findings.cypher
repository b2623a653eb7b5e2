// The findings a bulletin lists, for the run $run_id and the date $as_of, within $region (null: all):
// found new by the run, closed by it, and open past due on $as_of; with township, unit and person names.
MATCH (f:Finding)
WHERE (f.created_run = $run_id OR f.resolved_by_run = $run_id
       OR (f.status IN ['待整改', '整改中'] AND f.due < $as_of))
  AND ($region IS NULL OR (f.scope IS NOT NULL AND EXISTS {
        MATCH (:Region {code: f.scope})-[:PART_OF*0..2]->(:Region {code: $region}) }))
OPTIONAL MATCH (t:Township {code: f.township_code})
OPTIONAL MATCH (u:Organization {code: f.responsible_unit})
OPTIONAL MATCH (p:Person {person_id: f.responsible_person})
RETURN f {.*} AS finding, t.name AS township, u.name AS unit_name, p.name AS person_name,
       f.status IN ['待整改', '整改中'] AND f.due < $as_of AS overdue
ORDER BY coalesce(f.township_code, '~'), f.rule_order, f.subject_id
