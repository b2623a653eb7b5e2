// One page of people with their posts (HOLDS_POST) for `bangfu export roster`; a person without a
// post gives an empty list, so paging goes on over every person.
MATCH (p:Person) WHERE p.person_id > $after
WITH p ORDER BY p.person_id LIMIT $limit
RETURN p.person_id AS key,
       [(p)-[r:HOLDS_POST]->(o:Organization) |
        r {.*, person_id: p.person_id, org_code: o.code, start_date: r.start, end_date: r.end}] AS records
