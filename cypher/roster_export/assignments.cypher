// One page of villages with everyone and every unit assigned to them (ASSIGNED_TO) for
// `bangfu export roster`. A person's unit_code is the dispatching unit kept on the relationship;
// a contracting unit's is the unit itself.
MATCH (v:Village) WHERE v.code > $after
WITH v ORDER BY v.code LIMIT $limit
RETURN v.code AS key,
       [(x)-[r:ASSIGNED_TO]->(v) WHERE x:Person OR x:Unit |
        r {.*, village_code: v.code,
           person_id: CASE WHEN x:Person THEN x.person_id END,
           unit_code: CASE WHEN x:Person THEN r.unit_code ELSE x.code END,
           start_date: r.start, end_date: r.end}] AS records
