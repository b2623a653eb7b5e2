// One page of Organization nodes in key order after $after (the unique index gives the order, so paging
// visits each node once), with those whose search text is missing or stale (name changed since).
MATCH (n:Organization) WHERE n.code > $after
WITH n ORDER BY n.code LIMIT $limit
WITH collect(n) AS page
RETURN page[-1].code AS last,
       [n IN page WHERE n.search_text IS NULL OR n.search_name IS NULL
                        OR n.search_name <> coalesce(n.name, '')
        | {id: elementId(n), name: n.name, key: n.code}] AS stale
