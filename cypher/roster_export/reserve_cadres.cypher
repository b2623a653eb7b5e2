// One page of villages with their reserve cadres (RESERVE_CADRE_OF) for `bangfu export roster`.
MATCH (v:Village) WHERE v.code > $after
WITH v ORDER BY v.code LIMIT $limit
RETURN v.code AS key,
       [(p:Person)-[r:RESERVE_CADRE_OF]->(v) |
        r {.*, person_id: p.person_id, village_code: v.code, start_date: r.start, end_date: r.end}] AS records
