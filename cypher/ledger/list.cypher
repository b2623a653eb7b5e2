// One page of findings (整改台账), filtered: $statuses (null: all), $rules (null: all), $township (a
// township code), $region (a region code: findings tracked in it), $overdue (open and past due on
// $today), ordered by township, rule (the spec's order: rule_order) and subject — the order that
// f.sort_key spells, read in its index (finding_sort_key) instead of sorting every finding. A page is
// the $limit findings after $after (a sort key; '' from the start, then $skip of them), or with $before
// (the first sort key of the page after) the $limit findings before it; either way between $low and
// $high, the stretch of sort keys the filters allow (a township's: those beginning with its code).
// With the names of the responsible unit and person, and the measures (oldest first). Not the time a
// finding was created (kept for the record, shown nowhere): the driver takes longer to turn 200 zoned
// date-times into Python's than Neo4j takes to read the page.
CALL () {
  MATCH (f:Finding)
  WHERE $before IS NULL AND f.sort_key > $after AND f.sort_key < $high
    AND ($statuses IS NULL OR f.status IN $statuses)
    AND ($rules IS NULL OR f.rule IN $rules)
    AND ($township IS NULL OR f.township_code = $township)
    AND (NOT $overdue OR (f.status IN ['待整改', '整改中'] AND f.due < $today))
    AND ($region IS NULL OR (f.scope IS NOT NULL AND EXISTS {
          MATCH (:Region {code: f.scope})-[:PART_OF*0..2]->(:Region {code: $region}) }))
  RETURN f ORDER BY f.sort_key SKIP $skip LIMIT $limit
  UNION ALL
  MATCH (f:Finding)
  WHERE f.sort_key < $before AND f.sort_key > $low
    AND ($statuses IS NULL OR f.status IN $statuses)
    AND ($rules IS NULL OR f.rule IN $rules)
    AND ($township IS NULL OR f.township_code = $township)
    AND (NOT $overdue OR (f.status IN ['待整改', '整改中'] AND f.due < $today))
    AND ($region IS NULL OR (f.scope IS NOT NULL AND EXISTS {
          MATCH (:Region {code: f.scope})-[:PART_OF*0..2]->(:Region {code: $region}) }))
  RETURN f ORDER BY f.sort_key DESC LIMIT $limit
}
WITH f ORDER BY f.sort_key
OPTIONAL MATCH (t:Township {code: f.township_code})
OPTIONAL MATCH (u:Organization {code: f.responsible_unit})
OPTIONAL MATCH (p:Person {person_id: f.responsible_person})
RETURN f {.*, created_at: null} AS finding, t.name AS township, u.name AS unit_name, p.name AS person_name,
       COLLECT { MATCH (f)-[:HAS_EVENT]->(e:FindingEvent {kind: 'measure'})
                 RETURN e {.date, .text, .user} ORDER BY e.at } AS measures,
       f.status IN ['待整改', '整改中'] AND f.due < $today AS overdue
