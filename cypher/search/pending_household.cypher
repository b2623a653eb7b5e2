// One page of Household nodes in key order after $after (the unique index gives the order, so paging
// visits each node once), with those whose search text is missing or stale (name changed since).
MATCH (n:Household) WHERE n.household_id > $after
WITH n ORDER BY n.household_id LIMIT $limit
WITH collect(n) AS page
RETURN page[-1].household_id AS last,
       [n IN page WHERE n.search_text IS NULL OR n.search_name IS NULL
                        OR n.search_name <> coalesce(n.head_name, '')
        | {id: elementId(n), name: n.head_name, key: n.household_id}] AS stale
