// One page of Person nodes in key order after $after (the unique index gives the order, so paging
// visits each node once), with those whose search text is missing or stale (name changed since).
MATCH (n:Person) WHERE n.person_id > $after
WITH n ORDER BY n.person_id LIMIT $limit
WITH collect(n) AS page
RETURN page[-1].person_id AS last,
       [n IN page WHERE n.search_text IS NULL OR n.search_name IS NULL
                        OR n.search_name <> coalesce(n.name, '')
        | {id: elementId(n), name: n.name, key: n.person_id}] AS stale
